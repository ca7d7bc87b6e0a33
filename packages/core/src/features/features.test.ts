import { describe, expect, it } from 'vitest'
import { applyEvent, applyEvents, emptyProfile } from '../profile/profile'
import type { ProfileState } from '../profile/schema'
import { featurize } from './features'
import type { Feature } from './schema'

const T0 = Date.UTC(2026, 10, 1)
const DAY = 86_400_000

function browse(categories: string[], ts = T0): ProfileState {
  return categories.reduce(
    (state, category, i) =>
      applyEvent(state, { id: `e${i}`, type: 'view_item', ts, session_id: 's', items: [{ item_id: `${category}${i}`, item_category: category }] }),
    emptyProfile(),
  )
}

const interest = (key: string, extra: Partial<Extract<Feature, { kind: 'interest' }>> = {}): Feature => ({
  name: `f_${key}`,
  kind: 'interest',
  event: 'view_item',
  dimension: 'category',
  key,
  halfLifeDays: 1,
  ...extra,
})

describe('featurize', () => {
  it('computes each feature of the spec, in order', () => {
    const state = browse(['lamps', 'lamps', 'lamps', 'rugs'])
    const x = featurize(
      state,
      [
        interest('lamps', { transform: 'share' }),
        interest('rugs', { transform: 'share' }),
        interest('lamps'),
        interest('lamps', { transform: 'log1p' }),
        interest('vases', { transform: 'share' }),
        { name: 'views', kind: 'count', event: 'view_item' },
        { name: 'buys', kind: 'count', event: 'purchase', transform: 'log1p' },
      ],
      T0,
    )
    expect([...x]).toEqual([0.75, 0.25, 3, Math.fround(Math.log(4)), 0, 4, 0])
  })

  it('decays interest with time since the events', () => {
    const state = browse(['lamps', 'lamps'])
    const [short, medium, long] = featurize(
      state,
      [interest('lamps'), interest('lamps', { halfLifeDays: 7 }), interest('lamps', { halfLifeDays: 60 })],
      T0 + 2 * DAY,
    )
    expect(short).toBeCloseTo(0.5, 6) // 2 × 2^-2
    expect(medium).toBeCloseTo(2 * 2 ** (-2 / 7), 6)
    expect(long).toBeCloseTo(2 * 2 ** (-2 / 60), 6)
  })

  it('computes orders, lifecycle, context, local time, sessions, traits and shifts', () => {
    const HOUR = 3_600_000
    const state = applyEvents(emptyProfile(), [
      { id: 'a', type: 'page_view', ts: T0, context: { device: 'mobile', referrer: 'www.bing.com', tz: 120 } },
      { id: 'b', type: 'purchase', ts: T0 + 1, value: 30 },
      { id: 'c', type: 'identify', ts: T0 + 2, traits: { tier: 'gold', points: 1200 } },
      { id: 'd', type: 'page_view', ts: T0 + 2 * HOUR, context: { device: 'desktop', tz: 120 } },
    ])
    const now = T0 + 2 * HOUR + 10 * DAY // 2026-11-11 02:00 UTC, a Wednesday; 04:00 at UTC+2
    const features: Feature[] = [
      { name: 'recency', kind: 'rfm', measure: 'recency_days' },
      { name: 'orders', kind: 'rfm', measure: 'orders' },
      { name: 'spend', kind: 'rfm', measure: 'monetary', transform: 'log1p' },
      { name: 'is_active', kind: 'lifecycle', stage: 'active' },
      { name: 'is_loyal', kind: 'lifecycle', stage: 'loyal' },
      { name: 'on_desktop', kind: 'context', field: 'device', value: 'desktop' },
      { name: 'hour', kind: 'time', field: 'hour' },
      { name: 'weekday', kind: 'time', field: 'weekday' },
      { name: 'sessions', kind: 'sessions' },
      { name: 'gold', kind: 'trait', key: 'tier', value: 'gold' },
      { name: 'points', kind: 'trait', key: 'points' },
      { name: 'missing', kind: 'trait', key: 'none' },
      { name: 'category_shift', kind: 'shift', dimension: 'category' },
    ]
    // Context and local time come from the current (second) session.
    expect([...featurize(state, features, now)]).toEqual([
      Math.fround((now - T0 - 1) / DAY),
      1,
      Math.fround(Math.log1p(30)),
      1,
      0,
      1,
      Math.fround(4 / 23),
      Math.fround(3 / 6),
      2,
      1,
      1200,
      0,
      0,
    ])
  })

  it('gives a new shopper all zeros', () => {
    expect([...featurize(emptyProfile(), [interest('lamps', { transform: 'share' })], T0)]).toEqual([0])
  })

  it('counts a key\'s items and the days since its latest, for a key or for a candidate', () => {
    const state = applyEvents(emptyProfile(), [
      { id: 'a', type: 'purchase', ts: T0, items: [{ item_id: 'lamp', item_category: 'lighting', quantity: 3 }] },
      { id: 'b', type: 'purchase', ts: T0 + 10 * DAY, items: [{ item_id: 'lamp', item_category: 'lighting' }, { item_id: 'rug', item_category: 'textiles' }] },
    ])
    const now = T0 + 40 * DAY
    const features: Feature[] = [
      { name: 'lamp_count', kind: 'history', event: 'purchase', dimension: 'item', key: 'lamp', measure: 'count' },
      { name: 'lamp_days', kind: 'history', event: 'purchase', dimension: 'item', key: 'lamp', measure: 'days_since' },
      { name: 'vase_days', kind: 'history', event: 'purchase', dimension: 'item', key: 'vase', measure: 'days_since' },
      { name: 'own_count', kind: 'candidate_history', event: 'purchase', dimension: 'item', measure: 'count', transform: 'log1p' },
      { name: 'own_category_days', kind: 'candidate_history', event: 'purchase', dimension: 'category', measure: 'days_since' },
      { name: 'own_brand_days', kind: 'candidate_history', event: 'purchase', dimension: 'brand', measure: 'days_since' },
    ]
    // Items are counted once per line, whatever the quantity; a key never seen is a year ago.
    expect([...featurize(state, features, now, { id: 'lamp', item_category: 'lighting' })]).toEqual([2, 30, 365, Math.fround(Math.log(3)), 30, 365])
    expect([...featurize(state, features, now, { id: 'rug', item_category: 'textiles' })].slice(3)).toEqual([Math.fround(Math.log(2)), 30, 365])
    expect([...featurize(state, features, now + 400 * DAY, { id: 'lamp' })].slice(3, 5)).toEqual([Math.fround(Math.log(3)), 365])
  })
})
