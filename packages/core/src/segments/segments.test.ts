import { describe, expect, it } from 'vitest'
import type { Context, TailorEvent } from '../events/schema'
import { applyEvents, emptyProfile } from '../profile/profile'
import type { ProfileState } from '../profile/schema'
import { SegmentRulesSchema, type Condition, type SegmentRule } from './schema'
import { matches, segmentsOf, type RuleContext } from './segments'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const NOW = Date.UTC(2026, 10, 1, 12)
let n = 0
const event = (type: string, ts: number, extra: Partial<TailorEvent> = {}): TailorEvent => ({ id: `e${++n}`, type, ts, ...extra })
const profileOf = (...events: TailorEvent[]): ProfileState => applyEvents(emptyProfile(), events)
/** One visit landing now with `context`. */
const landing = (context: Context) => profileOf(event('page_view', NOW, { context }))
const order = (daysAgo: number, value = 50) => event('purchase', NOW - daysAgo * DAY, { value })
const at: RuleContext = { now: NOW }

describe('matches', () => {
  it('matches everyone with an empty condition', () => {
    expect(matches({}, emptyProfile(), at)).toBe(true)
  })

  it('tells new visitors (first session) from returning ones', () => {
    const first = profileOf(event('page_view', NOW - 10 * MINUTE), event('page_view', NOW))
    const back = profileOf(event('page_view', NOW - DAY), event('page_view', NOW))
    for (const [profile, visitor] of [[emptyProfile(), 'new'], [first, 'new'], [back, 'returning']] as const) {
      expect(matches({ visitor: 'new' }, profile, at)).toBe(visitor === 'new')
      expect(matches({ visitor: 'returning' }, profile, at)).toBe(visitor === 'returning')
    }
  })

  it('matches lifecycle stages derived from orders', () => {
    const lapsing: Condition = { lifecycle: ['at_risk', 'lapsed'] }
    expect(matches(lapsing, profileOf(order(100)), at)).toBe(true) // over 90 days: at risk
    expect(matches(lapsing, profileOf(order(200)), at)).toBe(true) // over 180 days: lapsed
    expect(matches(lapsing, profileOf(order(10)), at)).toBe(false) // active
    expect(matches({ lifecycle: ['new'] }, emptyProfile(), at)).toBe(true)
    expect(matches({ lifecycle: ['loyal'] }, profileOf(order(30), order(20), order(10)), at)).toBe(true)
  })

  it('matches order count and spend ranges, both ends inclusive', () => {
    const two = profileOf(order(20, 60), order(10, 40)) // 2 orders, 100 spent
    expect(matches({ orders: { min: 2 } }, two, at)).toBe(true)
    expect(matches({ orders: { min: 3 } }, two, at)).toBe(false)
    expect(matches({ orders: { max: 0 } }, emptyProfile(), at)).toBe(true)
    expect(matches({ orders: { max: 0 } }, two, at)).toBe(false)
    expect(matches({ spend: { min: 100, max: 100 } }, two, at)).toBe(true)
    expect(matches({ spend: { min: 100.01 } }, two, at)).toBe(false)
    expect(matches({ spend: { max: 99.99 } }, two, at)).toBe(false)
  })

  it('matches days since the last order, never without an order', () => {
    const recent = profileOf(order(40), order(10))
    expect(matches({ daysSinceOrder: { max: 14 } }, recent, at)).toBe(true)
    expect(matches({ daysSinceOrder: { min: 14 } }, recent, at)).toBe(false)
    expect(matches({ daysSinceOrder: { min: 0 } }, emptyProfile(), at)).toBe(false)
    expect(matches({ daysSinceOrder: {} }, emptyProfile(), at)).toBe(false)
  })

  describe('affinity', () => {
    const lamps = (ts: number, type = 'view_item') => event(type, ts, { items: [{ item_id: 'L1', item_category: 'lamps' }] })

    it('needs at least `min` (default 1) decayed product events on the key', () => {
      expect(matches({ affinity: { dimension: 'category', key: 'lamps' } }, profileOf(lamps(NOW)), at)).toBe(true)
      expect(matches({ affinity: { dimension: 'category', key: 'rugs' } }, profileOf(lamps(NOW)), at)).toBe(false)
      expect(matches({ affinity: { dimension: 'category', key: 'lamps', min: 2 } }, profileOf(lamps(NOW)), at)).toBe(false)
      expect(matches({ affinity: { dimension: 'item', key: 'L1', min: 2 } }, profileOf(lamps(NOW), lamps(NOW)), at)).toBe(true)
    })

    it('adds views, add-to-carts and purchases, and nothing else', () => {
      const mixed = profileOf(lamps(NOW, 'view_item'), lamps(NOW, 'add_to_cart'), lamps(NOW, 'purchase'))
      expect(matches({ affinity: { dimension: 'category', key: 'lamps', min: 3 } }, mixed, at)).toBe(true)
      const removed = profileOf(lamps(NOW - 1, 'remove_from_cart'), lamps(NOW, 'remove_from_cart'))
      expect(matches({ affinity: { dimension: 'category', key: 'lamps' } }, removed, at)).toBe(false)
    })

    it('decays interest at the half-life asked for (default 7 days)', () => {
      // Two views a day ago: 2 × 2^(-1/1) = 1 at a 1-day half-life; 2 × 2^(-1/7) ≈ 1.81 at 7 days.
      const yesterday = profileOf(lamps(NOW - DAY), lamps(NOW - DAY + 1))
      const strong = { dimension: 'category', key: 'lamps', min: 1.5 } as const
      expect(matches({ affinity: { ...strong, halfLifeDays: 1 } }, yesterday, at)).toBe(false)
      expect(matches({ affinity: { ...strong, halfLifeDays: 7 } }, yesterday, at)).toBe(true)
      expect(matches({ affinity: strong }, yesterday, at)).toBe(true)
      expect(matches({ affinity: { ...strong, min: 1.85 } }, yesterday, at)).toBe(false)
      expect(matches({ affinity: { ...strong, min: 1.95, halfLifeDays: 60 } }, yesterday, at)).toBe(true) // 2^(-1/60) × 2 ≈ 1.977
    })
  })

  it('matches the session device', () => {
    const phones: Condition = { device: ['mobile', 'tablet'] }
    expect(matches(phones, landing({ device: 'mobile' }), at)).toBe(true)
    expect(matches(phones, landing({ device: 'desktop' }), at)).toBe(false)
    expect(matches(phones, landing({}), at)).toBe(false)
  })

  it('matches the session channel', () => {
    expect(matches({ channel: ['organic'] }, landing({ referrer: 'www.google.com' }), at)).toBe(true)
    expect(matches({ channel: ['paid', 'email'] }, landing({ utm_medium: 'cpc' }), at)).toBe(true)
    expect(matches({ channel: ['paid'] }, landing({ referrer: 'www.google.com' }), at)).toBe(false)
  })

  it('matches the UTM parameters the session landed with, case-insensitively', () => {
    const spring = landing({ utm_source: 'Newsletter', utm_medium: 'email', utm_campaign: 'spring-sale' })
    expect(matches({ utm: { source: ['newsletter'] } }, spring, at)).toBe(true)
    expect(matches({ utm: { source: ['ads', 'NEWSLETTER'], campaign: ['spring-sale'] } }, spring, at)).toBe(true)
    expect(matches({ utm: { source: ['newsletter'], campaign: ['summer-sale'] } }, spring, at)).toBe(false)
    expect(matches({ utm: { campaign: ['spring'] } }, spring, at)).toBe(false) // whole values, not prefixes
    expect(matches({ utm: { medium: ['email'] } }, landing({ utm_source: 'Newsletter' }), at)).toBe(false)
  })

  it('keeps the landing UTM for the whole session', () => {
    const later = profileOf(
      event('page_view', NOW - 5 * MINUTE, { context: { utm_campaign: 'spring-sale' } }),
      event('page_view', NOW, { context: { utm_campaign: 'summer-sale' } }),
    )
    expect(matches({ utm: { campaign: ['spring-sale'] } }, later, at)).toBe(true)
    expect(matches({ utm: { campaign: ['summer-sale'] } }, later, at)).toBe(false)
  })

  it('matches browser languages by prefix', () => {
    const german: Condition = { locale: ['de'] }
    expect(matches(german, emptyProfile(), { now: NOW, locale: 'de-AT' })).toBe(true)
    expect(matches(german, emptyProfile(), { now: NOW, locale: 'DE' })).toBe(true)
    expect(matches(german, emptyProfile(), { now: NOW, locale: 'en-DE' })).toBe(false)
    expect(matches(german, emptyProfile(), at)).toBe(false)
  })

  it('matches time zones by prefix', () => {
    const europe: Condition = { timeZone: ['Europe/'] }
    expect(matches(europe, emptyProfile(), { now: NOW, timeZone: 'Europe/Berlin' })).toBe(true)
    expect(matches(europe, emptyProfile(), { now: NOW, timeZone: 'America/New_York' })).toBe(false)
    expect(matches(europe, emptyProfile(), at)).toBe(false)
  })

  describe('hours', () => {
    const atUtc = (hour: number, minute = 0) => ({ now: Date.UTC(2026, 10, 1, hour, minute) })

    it('matches local hours, both ends inclusive', () => {
      const office: Condition = { hours: { from: 9, to: 17 } }
      expect(matches(office, emptyProfile(), atUtc(9))).toBe(true)
      expect(matches(office, emptyProfile(), atUtc(17, 59))).toBe(true)
      expect(matches(office, emptyProfile(), atUtc(8, 59))).toBe(false)
      expect(matches(office, emptyProfile(), atUtc(18))).toBe(false)
    })

    it('spans midnight when `from` is after `to`', () => {
      const night: Condition = { hours: { from: 22, to: 5 } }
      expect([21, 22, 23, 0, 3, 5, 6, 12].map((hour) => matches(night, emptyProfile(), atUtc(hour)))).toEqual([false, true, true, true, true, true, false, false])
    })

    it('reads the hour in the session’s time zone', () => {
      const night: Condition = { hours: { from: 22, to: 5 } }
      const berlin = profileOf(event('page_view', Date.UTC(2026, 10, 1, 21), { context: { tz: 120 } }))
      // 21:30 UTC is 23:30 at UTC+2.
      expect(matches(night, berlin, atUtc(21, 30))).toBe(true)
      expect(matches(night, landing({}), atUtc(21, 30))).toBe(false)
      // 06:30 UTC is 01:30 at UTC-5.
      const newYork = profileOf(event('page_view', Date.UTC(2026, 10, 1, 6), { context: { tz: -300 } }))
      expect(matches(night, newYork, atUtc(6, 30))).toBe(true)
    })
  })

  it('matches declared traits by strict equality', () => {
    const gold = profileOf(event('identify', NOW, { traits: { tier: 'gold', newsletter: true, age_band: 3 } }))
    expect(matches({ traits: { tier: 'gold', newsletter: true } }, gold, at)).toBe(true)
    expect(matches({ traits: { tier: 'silver' } }, gold, at)).toBe(false)
    expect(matches({ traits: { newsletter: 'true' } }, gold, at)).toBe(false)
    expect(matches({ traits: { age_band: '3' } }, gold, at)).toBe(false)
    expect(matches({ traits: { coupon: true } }, gold, at)).toBe(false)
  })

  it('requires every field of one condition to hold', () => {
    const germanPhones: Condition = { device: ['mobile'], locale: ['de'] }
    expect(matches(germanPhones, landing({ device: 'mobile' }), { now: NOW, locale: 'de-DE' })).toBe(true)
    expect(matches(germanPhones, landing({ device: 'mobile' }), { now: NOW, locale: 'en-GB' })).toBe(false)
    expect(matches(germanPhones, landing({ device: 'desktop' }), { now: NOW, locale: 'de-DE' })).toBe(false)
  })
})

describe('segmentsOf', () => {
  const returning = profileOf(event('page_view', NOW - DAY, { context: { device: 'mobile' } }), event('page_view', NOW, { context: { device: 'mobile', utm_medium: 'cpc' } }))

  it('lists matching segments in rule order, then the built-in visitor segment', () => {
    const rules: SegmentRule[] = [
      { segment: 'desktop', when: { device: ['desktop'] } },
      { segment: 'phone', when: { device: ['mobile'] } },
      { segment: 'everyone', when: {} },
    ]
    expect(segmentsOf(rules, returning, at)).toEqual(['phone', 'everyone', 'returning-visitor'])
    expect(segmentsOf([], emptyProfile(), at)).toEqual(['new-visitor'])
  })

  it('treats rules sharing a name as an "or", listing the name once, at its first matching rule', () => {
    const rules: SegmentRule[] = [
      { segment: 'deal-seeker', when: { traits: { coupon: true } } },
      { segment: 'phone', when: { device: ['mobile'] } },
      { segment: 'deal-seeker', when: { channel: ['paid'] } },
    ]
    expect(segmentsOf(rules, returning, at)).toEqual(['phone', 'deal-seeker', 'returning-visitor'])
    // Matching both deal-seeker rules still lists it once, now at the first rule.
    const couponed = applyEvents(returning, [event('identify', NOW + 1, { traits: { coupon: true } })])
    expect(segmentsOf(rules, couponed, at)).toEqual(['deal-seeker', 'phone', 'returning-visitor'])
    expect(segmentsOf(rules, landing({ device: 'desktop' }), at)).toEqual(['new-visitor'])
  })

  it('matches a site rule of a built-in name before the built-in rule', () => {
    const rules: SegmentRule[] = [{ segment: 'new-visitor', when: { channel: ['paid'] } }, { segment: 'phone', when: { device: ['mobile'] } }]
    expect(segmentsOf(rules, returning, at)).toEqual(['new-visitor', 'phone', 'returning-visitor'])
  })
})

describe('SegmentRulesSchema', () => {
  it('accepts rules written as documented', () => {
    const rules = [
      { segment: 'night-owls', when: { hours: { from: 22, to: 5 }, timeZone: ['Europe/'] } },
      { segment: 'german-lamp-fans', when: { locale: ['de'], affinity: { dimension: 'category', key: 'lamps', min: 2, halfLifeDays: 7 } } },
      { segment: 'vip', when: { orders: { min: 3 }, spend: { min: 500 }, traits: { tier: 'gold' } } },
      { segment: 'vip', when: { lifecycle: ['loyal'], daysSinceOrder: { max: 30 } } },
      { segment: 'spring_campaign', when: { utm: { campaign: ['spring-sale'] }, channel: ['email'], device: ['mobile', 'tablet'], visitor: 'returning' } },
    ]
    expect(SegmentRulesSchema.parse(rules)).toEqual(rules)
  })

  it('rejects an unknown field, naming where it is', () => {
    const result = SegmentRulesSchema.safeParse([{ segment: 'ok', when: {} }, { segment: 'phones', when: { devices: ['mobile'] } }])
    expect(result.success).toBe(false)
    expect(result.error!.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['devices'], path: [1, 'when'] })])
  })

  it('rejects a half-life the profile does not keep and a bad segment name', () => {
    const halfLife = SegmentRulesSchema.safeParse([{ segment: 'x', when: { affinity: { dimension: 'category', key: 'lamps', halfLifeDays: 30 } } }])
    expect(halfLife.error!.issues[0]!.path).toEqual([0, 'when', 'affinity', 'halfLifeDays'])
    const name = SegmentRulesSchema.safeParse([{ segment: 'VIP customers', when: {} }])
    expect(name.error!.issues[0]!.path).toEqual([0, 'segment'])
  })
})
