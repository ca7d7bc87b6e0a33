import type { Item, TailorEvent } from '../events/schema'
import { channelOf } from './context'
import type { Counter, ProfileState, Session } from './schema'

const DAY_MS = 86_400_000

/** Half-lives of the decayed counters, in days: short-, medium- and long-term interest. */
export const HALF_LIVES_DAYS = [1, 7, 60] as const
export type HalfLifeDays = (typeof HALF_LIVES_DAYS)[number]

/** The product dimensions every item event is counted on. */
export const DIMENSIONS = ['item', 'category', 'brand', 'price_band'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** Upper bounds of the price bands (in the shop's currency); above the last is `250+`. */
const PRICE_BANDS = [10, 25, 50, 100, 250]

/**
 * The bounds that keep a profile's size fixed however long a shopper stays. The log keeps the
 * newest `maxEvents` events no older than `maxAgeDays`; beyond `maxCounters`, the counters with the
 * least long-term interest go; beyond `maxEventTypes`, new event names are logged but not counted.
 */
export const PROFILE_LIMITS = {
  maxEvents: 2000,
  maxAgeDays: 180,
  maxCounters: 1000,
  maxEventTypes: 64,
  maxTraits: 32,
} as const

/** A session ends after this long without an event. */
export const SESSION_GAP_MS = 30 * 60_000

/** Events that show interest in products; the profile's evidence is the number of them. */
const ITEM_EVENTS: ReadonlySet<string> = new Set(['view_item', 'add_to_cart', 'purchase'])

/** The profile of someone Tailor has never seen. */
export function emptyProfile(): ProfileState {
  return {
    version: 2,
    firstSeen: null,
    lastSeen: null,
    sessions: 0,
    session: null,
    evidence: 0,
    counts: {},
    counters: {},
    rfm: { lastOrder: null, orders: 0, monetary: 0 },
    traits: {},
    log: [],
  }
}

/** The key of the counter of `event` events on `dimension` = `key`. */
export function counterKey(event: string, dimension: Dimension, key: string): string {
  return `${event}|${dimension}|${key}`
}

/** The price band an item falls in: `0-10`, `10-25`, `25-50`, `50-100`, `100-250` or `250+`. */
export function priceBand(price: number): string {
  let lower = 0
  for (const upper of PRICE_BANDS) {
    if (price < upper) return `${lower}-${upper}`
    lower = upper
  }
  return `${lower}+`
}

function decay(value: number, fromTs: number, toTs: number, halfLifeDays: number): number {
  return value * 2 ** (-(toTs - fromTs) / (halfLifeDays * DAY_MS))
}

/** The value of `counter` at half-life `HALF_LIVES_DAYS[index]`, decayed to `now` (never grown by a clock that ran back). */
export function decayedValue(counter: Counter, index: 0 | 1 | 2, now: number): number {
  return decay(counter.v[index], counter.t, Math.max(now, counter.t), HALF_LIVES_DAYS[index])
}

function bump(counter: Counter | undefined, ts: number, weight: number): Counter {
  if (!counter) return { n: 1, t: ts, v: [weight, weight, weight] }
  // An event older than the counter (a late batch, a clock set back) adds its own decayed weight:
  // the counter's time never runs backwards.
  const t = Math.max(counter.t, ts)
  const at = (i: 0 | 1 | 2) => decay(counter.v[i], counter.t, t, HALF_LIVES_DAYS[i]) + decay(weight, ts, t, HALF_LIVES_DAYS[i])
  return { n: counter.n + 1, t, v: [at(0), at(1), at(2)] }
}

function keysOf(item: Item): Array<[Dimension, string | undefined]> {
  return [
    ['item', item.item_id],
    ['category', item.item_category],
    ['brand', item.item_brand],
    ['price_band', item.price === undefined ? undefined : priceBand(item.price)],
  ]
}

/** A private, mutable copy of a profile that a batch of events is applied to in place. */
interface Draft {
  state: ProfileState
  /** The ids in `state.log`, for O(1) duplicate checks. */
  ids: Set<string>
  /** How many keys `state.counters` has, so the cap costs nothing until it is reached. */
  counterCount: number
  /** Logged events before this index are dropped; cut once per batch rather than once per event. */
  logStart: number
}

function draftOf(state: ProfileState): Draft {
  const copy: ProfileState = {
    ...state,
    counts: { ...state.counts },
    counters: { ...state.counters },
    rfm: { ...state.rfm },
    traits: { ...state.traits },
    log: [...state.log],
  }
  return { state: copy, ids: new Set(copy.log.map((event) => event.id)), counterCount: Object.keys(copy.counters).length, logStart: 0 }
}

/** Drops the counters with the least long-term interest once there are too many, down to 90 %. */
function capCounters(draft: Draft, now: number): void {
  if (draft.counterCount <= PROFILE_LIMITS.maxCounters) return
  const { counters } = draft.state
  const ranked = Object.keys(counters).map((key) => [key, decayedValue(counters[key]!, 2, now)] as const)
  // Ties break on the key so every runtime keeps the same counters.
  ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const keep = Math.floor(PROFILE_LIMITS.maxCounters * 0.9)
  for (const [key] of ranked.slice(keep)) delete counters[key]
  draft.counterCount = keep
}

/** Drops logged events beyond the count or age bounds, measured from `newest`. */
function capLog(draft: Draft, newest: number): void {
  const { log } = draft.state
  const oldest = newest - PROFILE_LIMITS.maxAgeDays * DAY_MS
  while (draft.logStart < log.length && (log.length - draft.logStart > PROFILE_LIMITS.maxEvents || log[draft.logStart]!.ts < oldest)) {
    draft.ids.delete(log[draft.logStart++]!.id)
  }
}

/**
 * The session `event` falls in and the session count with it: the current session, extended, or a
 * new one after 30 minutes without events (a clock that ran back stays in the session).
 */
export function enterSession(state: ProfileState, event: TailorEvent): { session: Session; sessions: number } {
  const { session } = state
  if (session && event.ts - session.last <= SESSION_GAP_MS) return { session: event.ts > session.last ? { ...session, last: event.ts } : session, sessions: state.sessions }
  const context = event.context ?? {}
  const next: Session = { id: event.id, start: event.ts, last: event.ts, channel: channelOf(context) }
  if (event.page !== undefined) next.landing = event.page
  if (context.device) next.device = context.device
  if (context.tz !== undefined) next.tz = context.tz
  const { utm_source: source, utm_medium: medium, utm_campaign: campaign } = context
  if (source ?? medium ?? campaign) next.utm = { ...(source && { source }), ...(medium && { medium }), ...(campaign && { campaign }) }
  return { session: next, sessions: state.sessions + 1 }
}

function apply(draft: Draft, event: TailorEvent): void {
  const { state } = draft
  // Logged already, or older than the log keeps (its id may have left the log): counted once only.
  if (draft.ids.has(event.id) || (state.lastSeen !== null && event.ts < state.lastSeen - PROFILE_LIMITS.maxAgeDays * DAY_MS)) return
  const newest = Math.max(state.lastSeen ?? event.ts, event.ts)

  const { session, sessions } = enterSession(state, event)
  state.session = session
  state.sessions = sessions

  // Impressions are what the shop showed, not what the shopper did: they count no interest (and
  // so never crowd real interest out of the counters' cap).
  for (const item of event.type === 'slot_impression' ? [] : (event.items ?? [])) {
    for (const [dimension, key] of keysOf(item)) {
      if (key === undefined) continue
      const id = counterKey(event.type, dimension, key)
      const counter = state.counters[id]
      if (!counter) draft.counterCount++
      state.counters[id] = bump(counter, event.ts, item.quantity ?? 1)
    }
  }
  capCounters(draft, newest)
  if (ITEM_EVENTS.has(event.type)) state.evidence++
  // Own keys only: an event named `constructor` must not meet Object.prototype.
  if (Object.hasOwn(state.counts, event.type) || Object.keys(state.counts).length < PROFILE_LIMITS.maxEventTypes) {
    state.counts[event.type] = (Object.hasOwn(state.counts, event.type) ? state.counts[event.type]! : 0) + 1
  }
  if (event.type === 'purchase') {
    const { rfm } = state
    const value = event.value ?? (event.items ?? []).reduce((sum, item) => sum + (item.price ?? 0) * (item.quantity ?? 1), 0)
    rfm.lastOrder = Math.max(rfm.lastOrder ?? event.ts, event.ts)
    rfm.orders++
    // Saturates rather than overflow: a profile's numbers stay finite whatever prices say.
    rfm.monetary = Math.min(Number.MAX_VALUE, rfm.monetary + Math.max(0, value))
  }
  for (const [key, value] of Object.entries(event.traits ?? {})) {
    if (Object.hasOwn(state.traits, key) || Object.keys(state.traits).length < PROFILE_LIMITS.maxTraits) state.traits[key] = value
  }
  state.firstSeen = Math.min(state.firstSeen ?? event.ts, event.ts)
  state.id ??= event.id
  state.lastSeen = newest
  state.log.push({ ...event, session_id: session.id })
  draft.ids.add(event.id)
  capLog(draft, newest)
}

/**
 * The profile after every event of `events`, in order: a pure function (the state given is never
 * changed), so the browser and the trainer replaying history compute identical profiles from
 * identical events. The profile is copied once per call and each event then costs O(1), bounds
 * aside. An event whose id is already logged is ignored, so replays and duplicates never count
 * twice; each event is logged with its `session_id`.
 */
export function applyEvents(state: ProfileState, events: Iterable<TailorEvent>): ProfileState {
  const draft = draftOf(state)
  for (const event of events) apply(draft, event)
  draft.state.log.splice(0, draft.logStart)
  return draft.state
}

/** The profile after one event: `applyEvents(state, [event])`. */
export function applyEvent(state: ProfileState, event: TailorEvent): ProfileState {
  return applyEvents(state, [event])
}

/** The profile with only the newest `keep` logged events; every aggregate stays (storage under pressure). */
export function pruneLog(state: ProfileState, keep: number): ProfileState {
  return { ...state, log: state.log.slice(Math.max(0, state.log.length - keep)) }
}

/** How long a profile keeps what it learned, in days (docs/privacy.md). */
export interface Retention {
  /** Raw events in the log; at most `PROFILE_LIMITS.maxAgeDays`. */
  eventsDays: number
  /** Aggregates (interest counters, orders) not added to for this long; a profile idle this long is emptied. */
  profileDays: number
}

/** 180 days of raw events; aggregates for 13 months, the longest that EU regulators accept for audience measurement. */
export const RETENTION: Retention = { eventsDays: PROFILE_LIMITS.maxAgeDays, profileDays: 395 }

/**
 * The profile with what is older than `retention` gone, as of `now`: raw events, interest
 * counters last added to before the aggregates' horizon, and orders older than it. A profile not
 * seen within the horizon is empty. The same profile (not a copy) when nothing expired.
 */
export function expire(state: ProfileState, now: number, { eventsDays, profileDays }: Retention): ProfileState {
  const horizon = now - profileDays * DAY_MS
  if (state.lastSeen !== null && state.lastSeen < horizon) return emptyProfile()
  const oldestEvent = now - eventsDays * DAY_MS
  // In tracking order, not time order (a clock set back): every event is checked.
  const log = state.log.some((event) => event.ts < oldestEvent) ? state.log.filter((event) => event.ts >= oldestEvent) : state.log
  const stale = Object.keys(state.counters).filter((key) => state.counters[key]!.t < horizon)
  const lapsed = state.rfm.lastOrder !== null && state.rfm.lastOrder < horizon
  if (log === state.log && stale.length === 0 && !lapsed) return state
  const counters = { ...state.counters }
  for (const key of stale) delete counters[key]
  return { ...state, log, counters, rfm: lapsed ? { lastOrder: null, orders: 0, monetary: 0 } : state.rfm }
}
