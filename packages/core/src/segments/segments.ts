import { lifecycle, recencyDays } from '../profile/derived'
import { HALF_LIVES_DAYS, counterKey, decayedValue } from '../profile/profile'
import type { ProfileState } from '../profile/schema'
import type { Condition, SegmentRule } from './schema'

/** What segment rules read besides the profile: the browser's language and time zone, and the time. */
export interface RuleContext {
  now: number
  locale?: string | undefined
  timeZone?: string | undefined
}

/** Appended to a site's own rules, so slots can always offer `new-visitor` and `returning-visitor` content. */
export const BUILT_IN_SEGMENTS: readonly SegmentRule[] = [
  { segment: 'new-visitor', when: { visitor: 'new' } },
  { segment: 'returning-visitor', when: { visitor: 'returning' } },
]

const PRODUCT_EVENTS = ['view_item', 'add_to_cart', 'purchase']

const within = (value: number | null, range: { min?: number | undefined; max?: number | undefined } | undefined) =>
  !range || (value !== null && value >= (range.min ?? -Infinity) && value <= (range.max ?? Infinity))

const oneOf = (value: string | undefined, allowed: readonly string[] | undefined, prefix = false) =>
  !allowed || (value !== undefined && allowed.some((a) => (prefix ? value.toLowerCase().startsWith(a.toLowerCase()) : value.toLowerCase() === a.toLowerCase())))

/** Whether the shopper meets every field of `when`. */
export function matches(when: Condition, profile: ProfileState, { now, locale, timeZone }: RuleContext): boolean {
  const { session, rfm, traits } = profile
  if (when.visitor && (when.visitor === 'new') !== profile.sessions <= 1) return false
  if (when.lifecycle && !when.lifecycle.includes(lifecycle(profile, now))) return false
  if (!within(rfm.orders, when.orders) || !within(rfm.monetary, when.spend) || !within(recencyDays(profile, now), when.daysSinceOrder)) return false
  if (when.affinity) {
    const { dimension, key, min = 1, halfLifeDays = 7 } = when.affinity
    const index = HALF_LIVES_DAYS.indexOf(halfLifeDays) as 0 | 1 | 2
    let interest = 0
    for (const event of PRODUCT_EVENTS) {
      const id = counterKey(event, dimension, key)
      if (Object.hasOwn(profile.counters, id)) interest += decayedValue(profile.counters[id]!, index, now)
    }
    if (interest < min) return false
  }
  if (!oneOf(session?.device, when.device) || !oneOf(session?.channel, when.channel)) return false
  if (when.utm && !(['source', 'medium', 'campaign'] as const).every((field) => oneOf(session?.utm?.[field], when.utm![field]))) return false
  if (!oneOf(locale, when.locale, true) || !oneOf(timeZone, when.timeZone, true)) return false
  if (when.hours) {
    const hour = new Date(now + (session?.tz ?? 0) * 60_000).getUTCHours()
    const { from, to } = when.hours
    if (from <= to ? hour < from || hour > to : hour < from && hour > to) return false
  }
  for (const [trait, value] of Object.entries(when.traits ?? {})) if (traits[trait] !== value) return false
  return true
}

/** The segments the shopper is in, in rule order, each once: the site's rules, then the built-in ones. */
export function segmentsOf(rules: readonly SegmentRule[], profile: ProfileState, context: RuleContext): string[] {
  const names = new Set<string>()
  for (const rule of [...rules, ...BUILT_IN_SEGMENTS]) if (!names.has(rule.segment) && matches(rule.when, profile, context)) names.add(rule.segment)
  return [...names]
}
