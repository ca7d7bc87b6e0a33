import { DIMENSIONS, decayedValue, type Dimension } from './profile'
import type { ProfileState } from './schema'

const DAY_MS = 86_400_000

/** Lifecycle stages, from orders: see `lifecycle()`. */
export const LIFECYCLE_STAGES = ['new', 'active', 'loyal', 'at_risk', 'lapsed'] as const
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]

/**
 * The shopper's lifecycle stage at `now`: `new` before a first order; `lapsed` when the last order
 * is over 180 days old; `at_risk` over 90 days; `loyal` with 3 or more orders; else `active`.
 */
export function lifecycle(state: ProfileState, now: number): LifecycleStage {
  const { lastOrder, orders } = state.rfm
  if (lastOrder === null) return 'new'
  const days = (now - lastOrder) / DAY_MS
  if (days > 180) return 'lapsed'
  if (days > 90) return 'at_risk'
  return orders >= 3 ? 'loyal' : 'active'
}

/** Days since the last order at `now` (null before a first order); never negative. */
export function recencyDays(state: ProfileState, now: number): number | null {
  return state.rfm.lastOrder === null ? null : Math.max(0, now - state.rfm.lastOrder) / DAY_MS
}

/** A change in what the shopper is interested in, on one dimension. */
export interface Shift {
  dimension: Dimension
  /** Jensen–Shannon divergence (base 2, 0…1) between short-term and long-term interest. */
  score: number
  /** Keys whose short-term share exceeds their long-term share by 10 points or more, largest first. */
  rising: string[]
  /** Keys whose short-term share is 10 points or more below their long-term share. */
  falling: string[]
}

const PRODUCT_EVENTS = ['view_item', 'add_to_cart', 'purchase']

/** Interest per key of one dimension at one half-life index, over all product events. */
function interest(state: ProfileState, dimension: Dimension, index: 0 | 2, now: number): Map<string, number> {
  const byKey = new Map<string, number>()
  for (const [id, counter] of Object.entries(state.counters)) {
    // `event|dimension|key`: event names and dimensions have no `|`, keys may.
    const first = id.indexOf('|')
    const second = id.indexOf('|', first + 1)
    if (id.slice(first + 1, second) !== dimension || !PRODUCT_EVENTS.includes(id.slice(0, first))) continue
    const key = id.slice(second + 1)
    byKey.set(key, (byKey.get(key) ?? 0) + decayedValue(counter, index, now))
  }
  return byKey
}

function shares(values: Map<string, number>): Map<string, number> {
  let total = 0
  for (const value of values.values()) total += value
  return new Map([...values].map(([key, value]) => [key, total > 0 ? value / total : 0]))
}

/** Jensen–Shannon divergence, base 2, between two distributions over the same keys. */
function divergence(p: Map<string, number>, q: Map<string, number>): number {
  let sum = 0
  for (const key of new Set([...p.keys(), ...q.keys()])) {
    const a = p.get(key) ?? 0
    const b = q.get(key) ?? 0
    const m = (a + b) / 2
    if (a > 0) sum += a * Math.log2(a / m)
    if (b > 0) sum += b * Math.log2(b / m)
  }
  return Math.max(0, Math.min(1, sum / 2))
}

/**
 * Divergence between short-term (1-day half-life) and long-term (60-day) interest for every
 * dimension, including dimensions that have not shifted (score near 0). Empty profiles score 0.
 */
export function shiftScores(state: ProfileState, now: number): Shift[] {
  return DIMENSIONS.map((dimension) => {
    const short = shares(interest(state, dimension, 0, now))
    const long = shares(interest(state, dimension, 2, now))
    const delta = [...short.keys()].map((key) => [key, (short.get(key) ?? 0) - (long.get(key) ?? 0)] as const)
    return {
      dimension,
      score: divergence(short, long),
      rising: delta.filter(([, d]) => d >= 0.1).sort((a, b) => b[1] - a[1]).map(([key]) => key),
      falling: [...long.keys()].filter((key) => (long.get(key) ?? 0) - (short.get(key) ?? 0) >= 0.1),
    }
  })
}

/**
 * The current behavior shifts: dimensions whose short-term interest has moved away from the
 * long-term one (score ≥ `threshold`, default 0.2) on at least `minRecent` recent product events'
 * worth of evidence (default 2, measured at the 1-day half-life).
 */
export function shifts(state: ProfileState, now: number, { threshold = 0.2, minRecent = 2 } = {}): Shift[] {
  return shiftScores(state, now).filter(({ dimension, score }) => {
    if (score < threshold) return false
    let recent = 0
    for (const value of interest(state, dimension, 0, now).values()) recent += value
    return recent >= minRecent
  })
}
