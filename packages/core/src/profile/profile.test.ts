import { describe, expect, it } from 'vitest'
import type { TailorEvent } from '../events/schema'
import { lifecycle, recencyDays, shifts } from './derived'
import { migrateProfile } from './migrate'
import { PROFILE_LIMITS, applyEvent, applyEvents, counterKey, decayedValue, emptyProfile, priceBand, pruneLog } from './profile'

const MINUTE = 60_000
const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 1, 12)
let n = 0
const event = (type: string, ts: number, extra: Partial<TailorEvent> = {}): TailorEvent => ({ id: `e${++n}`, type, ts, ...extra })
const view = (ts: number, category: string) => event('view_item', ts, { items: [{ item_id: `${category}-1`, item_category: category }] })

describe('applyEvent', () => {
  it('counts events per type and product evidence', () => {
    const state = applyEvents(emptyProfile(), [event('page_view', T0), view(T0 + 1, 'lamps'), event('add_to_cart', T0 + 2, { items: [{ item_id: 'x' }] }), event('search', T0 + 3)])
    expect(state.counts).toEqual({ page_view: 1, view_item: 1, add_to_cart: 1, search: 1 })
    expect(state.evidence).toBe(2)
    expect([state.firstSeen, state.lastSeen]).toEqual([T0, T0 + 3])
  })

  it('counts every item on item, category, brand and price band, at half-lives of 1, 7 and 60 days', () => {
    const state = applyEvent(emptyProfile(), event('purchase', T0, { items: [{ item_id: 'L1', item_category: 'lamps', item_brand: 'Hearth', price: 30, quantity: 2 }] }))
    for (const [dimension, key] of [['item', 'L1'], ['category', 'lamps'], ['brand', 'Hearth'], ['price_band', '25-50']] as const) {
      const counter = state.counters[counterKey('purchase', dimension, key)]!
      expect(counter.n).toBe(1)
      expect([0, 1, 2].map((i) => decayedValue(counter, i as 0 | 1 | 2, T0))).toEqual([2, 2, 2])
      expect(decayedValue(counter, 0, T0 + DAY)).toBeCloseTo(1, 12)
      expect(decayedValue(counter, 1, T0 + 7 * DAY)).toBeCloseTo(1, 12)
      expect(decayedValue(counter, 2, T0 + 60 * DAY)).toBeCloseTo(1, 12)
    }
  })

  it('counts no interest for slot impressions (what was shown), but does for slot clicks (what was chosen)', () => {
    const shown = { slot: 'picks', items: [{ item_id: 'L1', item_category: 'lamps' }] }
    const state = applyEvents(emptyProfile(), [event('slot_impression', T0, shown), event('slot_click', T0 + 1, shown)])
    expect(state.counts).toEqual({ slot_impression: 1, slot_click: 1 })
    expect(Object.keys(state.counters).sort()).toEqual(['slot_click|category|lamps', 'slot_click|item|L1'])
  })

  it('puts prices in bands', () => {
    expect([0, 9.99, 10, 24.5, 49, 99, 249, 250, 4000].map(priceBand)).toEqual(['0-10', '0-10', '10-25', '10-25', '25-50', '50-100', '100-250', '250+', '250+'])
  })

  it('splits sessions after 30 minutes without events and keeps each session context', () => {
    let state = applyEvent(emptyProfile(), event('page_view', T0, { page: '/sale', context: { device: 'mobile', referrer: 'www.google.com', tz: 60 } }))
    state = applyEvent(state, event('page_view', T0 + 29 * MINUTE, { page: '/other', context: { referrer: 'facebook.com' } }))
    expect(state.sessions).toBe(1)
    expect(state.session).toMatchObject({ landing: '/sale', channel: 'organic', device: 'mobile', tz: 60, start: T0, last: T0 + 29 * MINUTE })
    state = applyEvent(state, event('page_view', T0 + 60 * MINUTE, { page: '/p', context: { utm_medium: 'cpc', referrer: 'www.google.com' } }))
    expect(state.sessions).toBe(2)
    expect(state.session).toMatchObject({ landing: '/p', channel: 'paid', start: T0 + 60 * MINUTE })
    expect(state.log.map((logged) => logged.session_id)).toEqual([state.log[0]!.id, state.log[0]!.id, state.log[2]!.id])
  })

  it('survives a clock that moves backwards: same session, counters never run back', () => {
    let state = applyEvents(emptyProfile(), [view(T0 + DAY, 'lamps'), view(T0, 'lamps')]) // the second is a day "earlier"
    const counter = state.counters[counterKey('view_item', 'category', 'lamps')]!
    expect(counter.t).toBe(T0 + DAY)
    expect(decayedValue(counter, 0, T0 + DAY)).toBeCloseTo(1.5, 12) // 1 + 2^-1
    expect(decayedValue(counter, 0, T0)).toBeCloseTo(1.5, 12) // read at an earlier "now": not grown
    expect(state.sessions).toBe(1)
    expect([state.firstSeen, state.lastSeen]).toEqual([T0, T0 + DAY])
    state = applyEvent(state, event('purchase', T0 - DAY, { value: 10 }))
    expect(state.rfm).toEqual({ lastOrder: T0 - DAY, orders: 1, monetary: 10 })
  })

  it('keeps orders: the latest, how many, their value (explicit, else from the items)', () => {
    const state = applyEvents(emptyProfile(), [
      event('purchase', T0, { value: 40, items: [{ item_id: 'a', price: 1 }] }),
      event('purchase', T0 + DAY, { items: [{ item_id: 'b', price: 12.5, quantity: 2 }, { item_id: 'c' }] }),
    ])
    expect(state.rfm).toEqual({ lastOrder: T0 + DAY, orders: 2, monetary: 65 })
  })

  it('merges declared traits, at most 32 keys', () => {
    let state = applyEvent(emptyProfile(), event('identify', T0, { traits: { tier: 'gold', newsletter: true } }))
    state = applyEvent(state, event('identify', T0 + 1, { traits: { tier: 'silver', age_band: 3 } }))
    expect(state.traits).toEqual({ tier: 'silver', newsletter: true, age_band: 3 })
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`t${i}`, i]))
    expect(Object.keys(applyEvent(state, event('identify', T0 + 2, { traits: many })).traits)).toHaveLength(PROFILE_LIMITS.maxTraits)
  })

  it('counts events and traits named like Object.prototype members as any other', () => {
    const state = applyEvents(emptyProfile(), [event('constructor', T0), event('identify', T0 + 1, { traits: { constructor: 'x' } })])
    expect(state.counts).toEqual({ constructor: 1, identify: 1 })
    expect(state.traits).toEqual({ constructor: 'x' })
    expect(migrateProfile(state)).toEqual(state)
  })

  it('ignores an event whose id it has already logged', () => {
    const once = applyEvent(emptyProfile(), view(T0, 'lamps'))
    expect(applyEvent(once, once.log[0]!)).toEqual(once)
  })

  it('never changes the state it is given', () => {
    const before = applyEvent(emptyProfile(), view(T0, 'lamps'))
    const snapshot = structuredClone(before)
    applyEvents(before, [view(T0 + 5, 'lamps'), event('purchase', T0 + 6, { value: 1 }), event('identify', T0 + 7, { traits: { a: 1 } })])
    expect(before).toEqual(snapshot)
  })
})

describe('bounds', () => {
  it('keeps at most 2,000 logged events, none older than 180 days', () => {
    const many = Array.from({ length: 2500 }, (_, i) => event('page_view', T0 + i * MINUTE))
    const state = applyEvents(emptyProfile(), many)
    expect(state.log).toHaveLength(PROFILE_LIMITS.maxEvents)
    expect(state.log[0]!.id).toBe(many[500]!.id)
    expect(state.counts.page_view).toBe(2500) // aggregates keep everything
    const later = applyEvent(state, event('page_view', T0 + 182 * DAY)) // all others now over 180 days old
    expect(later.log).toHaveLength(1)
  })

  it('keeps the 900 counters with the most long-term interest once there are over 1,000', () => {
    let state = applyEvent(emptyProfile(), event('view_item', T0, { items: Array.from({ length: 5 }, () => ({ item_id: 'loved' })) }))
    for (let i = 0; i < 1000; i++) state = applyEvent(state, event('view_item', T0 + i, { items: [{ item_id: `once-${i}` }] }))
    expect(Object.keys(state.counters)).toHaveLength(900) // 1,001 keys, cut back to 90 % of the cap
    expect(state.counters[counterKey('view_item', 'item', 'loved')]).toBeDefined()
  })

  it('counts at most 64 event types; later new names are logged, not counted', () => {
    const state = applyEvents(emptyProfile(), Array.from({ length: 70 }, (_, i) => event(`custom_${i}`, T0 + i)))
    expect(Object.keys(state.counts)).toHaveLength(PROFILE_LIMITS.maxEventTypes)
    expect(state.log).toHaveLength(70)
  })

  it('prunes the log under storage pressure and keeps every aggregate', () => {
    const state = applyEvents(emptyProfile(), Array.from({ length: 10 }, (_, i) => view(T0 + i, 'lamps')))
    const pruned = pruneLog(state, 4)
    expect(pruned.log.map((e) => e.id)).toEqual(state.log.slice(6).map((e) => e.id))
    expect({ ...pruned, log: [] }).toEqual({ ...state, log: [] })
  })
})

describe('derived', () => {
  const buyer = (orders: number, lastOrder: number) =>
    applyEvents(emptyProfile(), Array.from({ length: orders }, (_, i) => event('purchase', lastOrder - (orders - 1 - i) * DAY, { value: 10 })))

  it.each([
    ['new', 0, 0],
    ['active', 1, 10],
    ['active', 2, 90],
    ['loyal', 3, 30],
    ['at_risk', 3, 91],
    ['at_risk', 1, 180],
    ['lapsed', 5, 181],
  ])('lifecycle is %s with %i orders, the last %i days ago', (stage, orders, daysAgo) => {
    const now = T0 + 365 * DAY
    expect(lifecycle(orders === 0 ? emptyProfile() : buyer(orders, now - daysAgo * DAY), now)).toBe(stage)
  })

  it('gives recency in days, and none before a first order', () => {
    expect(recencyDays(emptyProfile(), T0)).toBeNull()
    expect(recencyDays(buyer(1, T0), T0 + 2.5 * DAY)).toBe(2.5)
  })

  it('names a shift from coffee to herbal tea within three days, and none for a steady shopper', () => {
    const coffee = Array.from({ length: 40 }, (_, i) => view(T0 + i * 1.5 * DAY, 'coffee'))
    const steady = applyEvents(emptyProfile(), coffee)
    const end = T0 + 60 * DAY
    expect(shifts(steady, end)).toEqual([])
    const tea = Array.from({ length: 6 }, (_, i) => view(end + i * 12 * 3_600_000, 'herbal-tea'))
    const switched = applyEvents(steady, tea)
    const [category] = shifts(switched, end + 3 * DAY).filter((shift) => shift.dimension === 'category')
    expect(category).toMatchObject({ dimension: 'category', rising: ['herbal-tea'], falling: ['coffee'] })
    expect(category!.score).toBeGreaterThan(0.5)
  })

  it('keeps keys that contain the separator whole', () => {
    const state = applyEvents(emptyProfile(), [view(T0, 'a|b'), view(T0 + 1, 'a|c')])
    const now = T0 + 1
    expect(shifts(state, now, { threshold: 0, minRecent: 0 }).find((s) => s.dimension === 'category')).toMatchObject({ rising: [], falling: [] })
  })
})

describe('migrateProfile', () => {
  it('brings a version 1 profile forward without losing its counts', () => {
    const v1 = {
      version: 1,
      firstSeen: T0,
      lastSeen: T0 + DAY,
      sessions: 3,
      sessionId: 's3',
      evidence: 4,
      counts: { page_view: 6, view_item: 3, purchase: 1 },
      counters: {
        'view_item|category|lamps': { n: 3, t: T0, v: [2.5, 2.9] },
        'purchase|category|lamps': { n: 1, t: T0 + DAY, v: [1, 1] },
      },
    }
    const migrated = migrateProfile(v1)!
    expect(migrated).toMatchObject({ version: 2, firstSeen: T0, lastSeen: T0 + DAY, sessions: 3, evidence: 4, counts: v1.counts, log: [] })
    expect(migrated.counters['view_item|category|lamps']).toEqual({ n: 3, t: T0, v: [2.5, 2.9, 2.9] })
    expect(migrated.rfm).toEqual({ lastOrder: T0 + DAY, orders: 1, monetary: 0 })
  })

  it('returns a current profile as it is and refuses garbage', () => {
    const current = applyEvent(emptyProfile(), view(T0, 'lamps'))
    expect(migrateProfile(current)).toEqual(current)
    for (const garbage of [undefined, null, 'x', { version: 1, counters: { a: 3 } }, { version: 3 }, { ...current, evidence: -1 }]) {
      expect(migrateProfile(garbage)).toBeUndefined()
    }
  })
})
