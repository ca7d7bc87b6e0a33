import type { TailorEvent } from '../events/schema'
import type { Counter, ProfileState } from './schema'

const DAY_MS = 86_400_000

/** Half-lives of the decayed counters, in days: short-term and long-term interest. */
export const HALF_LIVES_DAYS = [1, 30] as const

/** Events that show interest in products; the profile's evidence is the number of them. */
const ITEM_EVENTS: ReadonlySet<string> = new Set(['view_item', 'add_to_cart', 'purchase'])

/** The profile of someone Tailor has never seen. */
export function emptyProfile(): ProfileState {
  return { version: 1, firstSeen: null, lastSeen: null, sessions: 0, sessionId: null, evidence: 0, counts: {}, counters: {} }
}

/** The key of the counter of `event` events on `dimension` = `key`. */
export function counterKey(event: string, dimension: string, key: string): string {
  return `${event}|${dimension}|${key}`
}

function decay(value: number, fromTs: number, toTs: number, halfLifeDays: number): number {
  return value * 2 ** (-(toTs - fromTs) / (halfLifeDays * DAY_MS))
}

/** The value of `counter` at half-life index `index`, decayed to `now`. */
export function decayedValue(counter: Counter, index: 0 | 1, now: number): number {
  return decay(counter.v[index], counter.t, Math.max(now, counter.t), HALF_LIVES_DAYS[index])
}

function bump(counter: Counter | undefined, ts: number, weight: number): Counter {
  if (!counter) return { n: 1, t: ts, v: [weight, weight] }
  // An event older than the counter (a late batch) adds its own decayed weight; time never runs back.
  const t = Math.max(counter.t, ts)
  return {
    n: counter.n + 1,
    t,
    v: [
      decay(counter.v[0], counter.t, t, HALF_LIVES_DAYS[0]) + decay(weight, ts, t, HALF_LIVES_DAYS[0]),
      decay(counter.v[1], counter.t, t, HALF_LIVES_DAYS[1]) + decay(weight, ts, t, HALF_LIVES_DAYS[1]),
    ],
  }
}

/**
 * The profile after `event`: a pure function, so the browser and the trainer (replaying history)
 * compute identical profiles from identical events.
 */
export function applyEvent(state: ProfileState, event: TailorEvent): ProfileState {
  const counters = { ...state.counters }
  let evidence = state.evidence
  if (ITEM_EVENTS.has(event.type)) {
    evidence++
    for (const item of event.items ?? []) {
      if (item.item_category === undefined) continue
      const key = counterKey(event.type, 'category', item.item_category)
      counters[key] = bump(counters[key], event.ts, item.quantity ?? 1)
    }
  }
  const newSession = event.session_id !== state.sessionId
  return {
    version: 1,
    firstSeen: state.firstSeen ?? event.ts,
    lastSeen: Math.max(state.lastSeen ?? event.ts, event.ts),
    sessions: state.sessions + (newSession ? 1 : 0),
    sessionId: event.session_id,
    evidence,
    counts: { ...state.counts, [event.type]: (state.counts[event.type] ?? 0) + 1 },
    counters,
  }
}
