import { describe, expect, it } from 'vitest'
import type { TailorEvent } from '../events/schema'
import { createWarn } from '../log'
import { createProfileSync, decodeProfile } from '../storage/profile-sync'
import { createMemoryStore } from '../storage/store'
import { PROFILE_LIMITS, RETENTION, applyEvents, counterKey, emptyProfile, expire } from './profile'

const HOUR = 3_600_000
const DAY = 86_400_000
const NOW = Date.UTC(2027, 2, 1, 12)
let n = 0
const event = (type: string, ts: number, category: string, extra: Partial<TailorEvent> = {}): TailorEvent => ({
  id: `e${++n}`,
  type,
  ts,
  items: [{ item_id: `${category}-1`, item_category: category, price: 20 }],
  ...extra,
})

describe('RETENTION', () => {
  it('keeps raw events 180 days and aggregates 13 months by default', () => {
    expect(RETENTION).toEqual({ eventsDays: 180, profileDays: 395 })
    expect(RETENTION.eventsDays).toBeLessThanOrEqual(PROFILE_LIMITS.maxAgeDays)
  })
})

describe('expire', () => {
  it('drops logged events older than eventsDays, keeping the aggregates they built', () => {
    const old = event('view_item', NOW - 10 * DAY, 'lamps')
    const fresh = event('view_item', NOW - DAY, 'rugs')
    const state = applyEvents(emptyProfile(), [old, fresh])
    const expired = expire(state, NOW, { eventsDays: 5, profileDays: 395 })
    expect(expired.log.map((logged) => logged.id)).toEqual([fresh.id])
    expect(expired.counters).toEqual(state.counters)
    expect(expired.counts).toEqual({ view_item: 2 })
    // The profile it was given is not changed.
    expect(state.log).toHaveLength(2)
  })

  it('drops counters last added to before the profileDays horizon, keeping fresh ones', () => {
    const state = applyEvents(emptyProfile(), [event('view_item', NOW - 30 * DAY, 'lamps'), event('view_item', NOW - 2 * DAY, 'rugs')])
    const expired = expire(state, NOW, { eventsDays: 180, profileDays: 7 })
    expect(Object.keys(expired.counters).sort()).toEqual([counterKey('view_item', 'category', 'rugs'), counterKey('view_item', 'item', 'rugs-1'), counterKey('view_item', 'price_band', '10-25')])
    expect(expired.counters[counterKey('view_item', 'category', 'rugs')]).toEqual(state.counters[counterKey('view_item', 'category', 'rugs')])
    // The price band both events counted was last added to two days ago: it stays, with both.
    expect(expired.counters[counterKey('view_item', 'price_band', '10-25')]!.n).toBe(2)
  })

  it('forgets orders placed before the horizon', () => {
    const order = event('purchase', NOW - 400 * DAY, 'lamps', { value: 80 })
    const state = applyEvents(emptyProfile(), [order, event('view_item', NOW - DAY, 'rugs')])
    expect(state.rfm).toMatchObject({ orders: 1, monetary: 80 })
    const expired = expire(state, NOW, RETENTION)
    expect(expired.rfm).toEqual({ lastOrder: null, orders: 0, monetary: 0 })
    expect(Object.keys(expired.counters).some((key) => key.startsWith('purchase|'))).toBe(false)
  })

  it('keeps orders within the horizon', () => {
    const state = applyEvents(emptyProfile(), [event('purchase', NOW - 300 * DAY, 'lamps', { value: 80 }), event('view_item', NOW - DAY, 'rugs')])
    expect(expire(state, NOW, RETENTION).rfm).toEqual({ lastOrder: NOW - 300 * DAY, orders: 1, monetary: 80 })
  })

  it('empties a profile not seen within profileDays', () => {
    const state = applyEvents(emptyProfile(), [event('view_item', NOW - 400 * DAY, 'lamps', { traits: { loyalty_tier: 'gold' } }), event('purchase', NOW - 396 * DAY, 'lamps')])
    expect(expire(state, NOW, RETENTION)).toEqual(emptyProfile())
    expect(expire(state, NOW, { eventsDays: 1, profileDays: 397 }).evidence).toBe(2)
  })

  it('returns the very same profile when nothing expired', () => {
    const state = applyEvents(emptyProfile(), [event('view_item', NOW - 3 * DAY, 'lamps'), event('purchase', NOW - DAY, 'rugs')])
    expect(expire(state, NOW, RETENTION)).toBe(state)
    expect(expire(state, NOW, { eventsDays: 3, profileDays: 3 })).toBe(state)
    const empty = emptyProfile()
    expect(expire(empty, NOW, RETENTION)).toBe(empty)
  })

  it('drops an old event even when it was logged after a newer one (a clock set back)', () => {
    // Events are logged in the order they were tracked; a clock set back by days logs an older time after a newer one.
    const fresh = event('view_item', NOW - DAY, 'rugs')
    const late = event('view_item', NOW - 20 * DAY, 'lamps')
    const state = applyEvents(emptyProfile(), [fresh, late])
    expect(state.log.map((logged) => logged.id)).toEqual([fresh.id, late.id])
    expect(expire(state, NOW, { eventsDays: 5, profileDays: 395 }).log.map((logged) => logged.id)).toEqual([fresh.id])
  })
})

describe('createProfileSync with a retention', () => {
  it('drops what the retention no longer allows at the first fold, from memory and from the store', async () => {
    const now = Date.now()
    const old = event('view_item', now - 36 * HOUR, 'lamps')
    const fresh = event('view_item', now - HOUR, 'rugs')
    const store = createMemoryStore()
    await store.setMany([['profile', JSON.stringify(applyEvents(emptyProfile(), [old, fresh]))]])

    const sync = await createProfileSync(store, createWarn(), () => {}, { eventsDays: 1, profileDays: 2 })
    expect(sync.current().log.map((logged) => logged.id)).toEqual([fresh.id])
    expect(sync.current().counters[counterKey('view_item', 'category', 'lamps')]).toBeDefined() // 36 hours is within the 2-day horizon
    const stored = decodeProfile(await store.get('profile')) as ReturnType<typeof emptyProfile>
    expect(stored.log.map((logged) => logged.id)).toEqual([fresh.id])
    await sync.close()
  })

  it('empties a stored profile idle longer than profileDays', async () => {
    const now = Date.now()
    const store = createMemoryStore()
    await store.setMany([['profile', JSON.stringify(applyEvents(emptyProfile(), [event('purchase', now - 3 * DAY, 'lamps', { value: 20 })]))]])
    const sync = await createProfileSync(store, createWarn(), () => {}, { eventsDays: 1, profileDays: 2 })
    expect(sync.current()).toEqual(emptyProfile())
    expect(decodeProfile(await store.get('profile'))).toEqual(emptyProfile())
    await sync.close()
  })
})
