import { describe, expect, it } from 'vitest'
import { applyEvent, emptyProfile } from '../profile/profile'
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
    const [short, long] = featurize(state, [interest('lamps'), interest('lamps', { halfLifeDays: 30 })], T0 + 2 * DAY)
    expect(short).toBeCloseTo(0.5, 6) // 2 × 2^-2
    expect(long).toBeCloseTo(2 * 2 ** (-2 / 30), 6)
  })

  it('gives a new shopper all zeros', () => {
    expect([...featurize(emptyProfile(), [interest('lamps', { transform: 'share' })], T0)]).toEqual([0])
  })
})
