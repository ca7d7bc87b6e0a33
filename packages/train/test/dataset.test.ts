import { applyEvents, emptyProfile, featurize, type TailorEvent } from '@tailorjs/core/engine'
import { describe, expect, it } from 'vitest'
import { buildSlices, candidateOf, priorsAt, selectTargets } from '../src/dataset'
import { pooledSpec } from '../src/spec'

const DAY = 86_400_000
const CUTOFF = Date.UTC(2011, 5, 1)
const buy = (id: string, ts: number, ...items: Array<[string, string]>): TailorEvent => ({
  id,
  type: 'purchase',
  ts,
  items: items.map(([item_id, item_category]) => ({ item_id, item_category, quantity: 1, price: 2 })),
})

const history = new Map<string, TailorEvent[]>([
  ['ann', [buy('a1', CUTOFF - 40 * DAY, ['lamp', 'lighting']), buy('a2', CUTOFF - 5 * DAY, ['rug', 'textiles']), buy('a3', CUTOFF + 10 * DAY, ['lamp', 'lighting'])]],
  ['bob', [buy('b1', CUTOFF - 100 * DAY, ['lamp', 'lighting']), buy('b2', CUTOFF + 100 * DAY, ['rug', 'textiles'])]],
  ['cat', [buy('c1', CUTOFF + 1 * DAY, ['rug', 'textiles'])]],
])
const spec = pooledSpec('item')
const targets = selectTargets(history, 'item', 5, CUTOFF)

describe('selectTargets', () => {
  it('takes the items bought by the most customers before the date, with their category', () => {
    expect(targets).toEqual([
      { id: 'lamp', category: 'lighting', customers: 2 },
      { id: 'rug', category: 'textiles', customers: 1 },
    ])
  })

  it('gives an item the category most of its purchase lines carry, ties to the first by name', () => {
    const relabelled = new Map([
      ['x', [buy('x1', CUTOFF - DAY, ['mug', 'kitchen']), buy('x2', CUTOFF - DAY, ['mug', 'gifts'])]],
      ['y', [buy('y1', CUTOFF - DAY, ['mug', 'gifts']), buy('y2', CUTOFF - DAY, ['vase', 'home']), buy('y3', CUTOFF - DAY, ['vase', 'decor'])]],
    ])
    expect(selectTargets(relabelled, 'item', 2, CUTOFF)).toEqual([
      { id: 'mug', category: 'gifts', customers: 2 },
      { id: 'vase', category: 'decor', customers: 1 },
    ])
  })
})

describe('buildSlices', () => {
  const [slice] = buildSlices(history, [CUTOFF], { targets, dimension: 'item', spec, horizonDays: 90 })

  it('keeps customers with history before the cutoff, and labels purchases within the horizon after it', () => {
    expect(slice!.customers).toEqual(['ann', 'bob'])
    // ann buys the lamp 10 days after; bob's rug comes 100 days after: past the horizon.
    expect([...slice!.y]).toEqual([1, 0, 0, 0])
  })

  it('features are the engine\'s own, from the events before the cutoff only', () => {
    const before = applyEvents(emptyProfile(), history.get('ann')!.filter((event) => event.ts < CUTOFF))
    const expected = featurize(before, spec, CUTOFF, candidateOf(targets[0]!, 'item', slice!.priors[0]!))
    expect([...slice!.x.subarray(0, spec.length)]).toEqual([...expected])
  })

  it('does not move when anything after the cutoff changes (no leakage)', () => {
    const late = (customer: string) => buy(`${customer}-late`, CUTOFF + DAY, ['lamp', 'lighting'], ['rug', 'textiles'])
    const changed = new Map([...history].map(([customer, events]) => [customer, [...events, late(customer)].sort((a, b) => a.ts - b.ts)]))
    const [other] = buildSlices(changed, [CUTOFF], { targets, dimension: 'item', spec, horizonDays: 90 })
    expect([...other!.x]).toEqual([...slice!.x])
    expect([...other!.priors]).toEqual([...slice!.priors])
    expect([...other!.y]).toEqual([1, 1, 1, 1])
  })

  it('priors are the share of customers who bought each target in the horizon before the cutoff', () => {
    // Of ann and bob, only ann bought within 90 days before: the rug (5 days) and the lamp (40 days).
    expect([...priorsAt(history, CUTOFF, targets, 'item', 90)]).toEqual([0.5, 0.5])
    expect([...slice!.priors]).toEqual([0.5, 0.5])
  })
})
