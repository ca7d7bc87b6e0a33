import { describe, expect, it } from 'vitest'
import type { TailorEvent } from '../events/schema'
import { applyEvent, counterKey, decayedValue, emptyProfile } from './profile'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 1)
let n = 0
const event = (type: string, ts: number, category?: string, extra: Partial<TailorEvent> = {}): TailorEvent => ({
  id: `e${++n}`,
  type,
  ts,
  session_id: 's1',
  ...(category ? { items: [{ item_id: `${category}-1`, item_category: category }] } : {}),
  ...extra,
})

describe('applyEvent', () => {
  it('counts events, product evidence and sessions', () => {
    let state = emptyProfile()
    state = applyEvent(state, event('page_view', T0))
    state = applyEvent(state, event('view_item', T0 + 1, 'lamps'))
    state = applyEvent(state, event('add_to_cart', T0 + 2, 'lamps'))
    state = applyEvent(state, event('page_view', T0 + DAY, undefined, { session_id: 's2' }))
    expect(state.counts).toEqual({ page_view: 2, view_item: 1, add_to_cart: 1 })
    expect(state.evidence).toBe(2)
    expect(state.sessions).toBe(2)
    expect(state.firstSeen).toBe(T0)
    expect(state.lastSeen).toBe(T0 + DAY)
  })

  it('keeps one decayed counter per event and category that halves every half-life', () => {
    const state = applyEvent(applyEvent(emptyProfile(), event('view_item', T0, 'lamps')), event('view_item', T0, 'lamps'))
    const counter = state.counters[counterKey('view_item', 'category', 'lamps')]!
    expect(counter.n).toBe(2)
    expect(decayedValue(counter, 0, T0)).toBe(2)
    expect(decayedValue(counter, 0, T0 + DAY)).toBeCloseTo(1, 12) // short half-life: 1 day
    expect(decayedValue(counter, 1, T0 + 30 * DAY)).toBeCloseTo(1, 12) // long half-life: 30 days
  })

  it('weighs items by quantity and adds a late event at its own decayed weight', () => {
    let state = applyEvent(emptyProfile(), event('view_item', T0 + DAY, 'lamps'))
    state = applyEvent(state, event('purchase', T0 + DAY, undefined, { items: [{ item_id: 'x', item_category: 'lamps', quantity: 3 }] }))
    expect(decayedValue(state.counters['purchase|category|lamps']!, 0, T0 + DAY)).toBe(3)
    state = applyEvent(state, event('view_item', T0, 'lamps')) // one day late
    const views = state.counters['view_item|category|lamps']!
    expect(views.t).toBe(T0 + DAY)
    expect(decayedValue(views, 0, T0 + DAY)).toBeCloseTo(1.5, 12)
  })

  it('never changes the state it is given', () => {
    const before = applyEvent(emptyProfile(), event('view_item', T0, 'lamps'))
    const snapshot = structuredClone(before)
    applyEvent(before, event('view_item', T0 + 5, 'lamps'))
    expect(before).toEqual(snapshot)
  })
})
