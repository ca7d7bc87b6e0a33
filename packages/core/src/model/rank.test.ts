import { describe, expect, it } from 'vitest'
import { featureSpecHash } from '../features/hash'
import type { Feature } from '../features/schema'
import { applyEvents, emptyProfile } from '../profile/profile'
import { TailorError } from '../errors'
import { parseManifest } from './manifest'
import { rankCandidates } from './rank'
import { createScorer } from './scorer'

const T0 = Date.UTC(2026, 10, 1)
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))
const features: Feature[] = [
  { name: 'candidate_category_share', kind: 'candidate', event: 'view_item', dimension: 'category', halfLifeDays: 1, transform: 'share' },
  { name: 'prior', kind: 'candidate_prior' },
  { name: 'views', kind: 'count', event: 'view_item' },
]
const historyFeature: Feature = { name: 'bought_before', kind: 'candidate_history', event: 'purchase', dimension: 'item', measure: 'count' }
const pooled = (change: Record<string, unknown> = {}) => ({
  format: 'tailor-model@1',
  id: 'pooled',
  version: '1',
  createdAt: '2026-11-26T00:00:00Z',
  features,
  featuresHash: featureSpecHash(features),
  scoring: 'candidates',
  targets: [{ id: 'purchase' }],
  model: { type: 'linear', weights: [[3, 1, 0.1]], bias: [-2] },
  ...change,
})

describe('pooled models', () => {
  const shopper = applyEvents(
    emptyProfile(),
    ['lamps', 'lamps', 'lamps', 'rugs'].map((category, i) => ({ id: `v${i}`, type: 'view_item', ts: T0 + i, items: [{ item_id: `${category}-${i}`, item_category: category }] })),
  )

  it('rank any catalog, including products the model never saw, with one model', async () => {
    const manifest = parseManifest(pooled())
    const ranked = await rankCandidates(createScorer(manifest), manifest, shopper, [
      { id: 'A', item_category: 'lamps', prior: 0.2 },
      { id: 'B', item_category: 'rugs', prior: 1 },
      { id: 'C', item_category: 'vases' },
      { id: 'D-new', item_category: 'lamps' },
    ], T0 + 10)
    // score = sigmoid(-2 + 3 × this shopper's share of recent views in the candidate's category + prior + 0.1 × views)
    expect(ranked.map(({ candidate, score }) => [candidate.id, score])).toEqual([
      ['A', expect.closeTo(sigmoid(-2 + 3 * 0.75 + 0.2 + 0.4), 6)],
      ['D-new', expect.closeTo(sigmoid(-2 + 3 * 0.75 + 0.4), 6)],
      ['B', expect.closeTo(sigmoid(-2 + 3 * 0.25 + 1 + 0.4), 6)],
      ['C', expect.closeTo(sigmoid(-2 + 0.4), 6)],
    ])
  })

  it.each([
    ['more than one target', pooled({ targets: [{ id: 'a' }, { id: 'b' }], model: { type: 'linear', weights: [[3, 1, 0.1], [1, 1, 1]], bias: [0, 0] } }), 'targets: expected 1 entries (one per output of a pooled model), got 2'],
    ['candidate features in a per-target model', pooled({ scoring: 'targets' }), 'features.0: candidate features need "scoring": "candidates"'],
    [
      'a candidate_history feature in a per-target model',
      pooled({ scoring: 'targets', features: [features[2], historyFeature], featuresHash: featureSpecHash([features[2]!, historyFeature]) }),
      'features.1: candidate features need "scoring": "candidates"',
    ],
  ])('are checked: %s', (_, manifest, message) => {
    expect(() => parseManifest(manifest)).toThrow(TailorError)
    expect(() => parseManifest(manifest)).toThrow(message)
  })
})
