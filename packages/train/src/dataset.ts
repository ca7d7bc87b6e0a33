import { applyEvents, counterKey, decayedValue, emptyProfile, featurize, recencyDays, type Candidate, type FeatureSpec, type Item, type TailorEvent } from '@tailorjs/core/engine'

const DAY_MS = 86_400_000

export type TargetDimension = 'item' | 'category'

/** What a model predicts a purchase of: a product, or any product of a category. */
export interface Target {
  id: string
  /** For item targets, the category most of its purchase lines before the selection date carry (ties: the first by name). */
  category?: string
  /** How many customers bought it before the selection date. */
  customers: number
}

/** The key a purchased item counts under for targets of `dimension`. */
const keyOf = (item: Item, dimension: TargetDimension) => (dimension === 'item' ? item.item_id : item.item_category)

/** The `count` targets bought by the most customers before `before` (ties broken by id, so every run agrees). */
export function selectTargets(customers: Map<string, TailorEvent[]>, dimension: TargetDimension, count: number, before: number): Target[] {
  const buyers = new Map<string, number>()
  const categories = new Map<string, Map<string, number>>()
  for (const events of customers.values()) {
    const bought = new Set<string>()
    for (const event of events) {
      if (event.ts >= before) break
      if (event.type !== 'purchase') continue
      for (const item of event.items ?? []) {
        const key = keyOf(item, dimension)
        if (key === undefined) continue
        bought.add(key)
        if (dimension === 'item' && item.item_category) {
          const counts = categories.get(key) ?? new Map<string, number>()
          categories.set(key, counts.set(item.item_category, (counts.get(item.item_category) ?? 0) + 1))
        }
      }
    }
    for (const key of bought) buyers.set(key, (buyers.get(key) ?? 0) + 1)
  }
  return [...buyers]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([id, n]) => {
      const counts = [...(categories.get(id) ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      return counts.length ? { id, category: counts[0]![0], customers: n } : { id, customers: n }
    })
}

/** The candidate a target is scored as by a pooled model (`prior`: its popularity at the cutoff). */
export function candidateOf(target: Target, dimension: TargetDimension, prior: number): Candidate {
  const candidate: Candidate = { id: target.id, prior }
  if (dimension === 'item') candidate.item_id = target.id
  const category = dimension === 'category' ? target.id : target.category
  if (category !== undefined) candidate.item_category = category
  return candidate
}

/**
 * One cutoff's examples: every customer with history before the cutoff, featurized at the cutoff
 * once per target. Row `i * targets + t` is customer `i` and target `t`.
 */
export interface Slice {
  cutoff: number
  customers: string[]
  targets: number
  /** Rows × `spec.length` feature values. */
  x: Float32Array
  /** 1 when the customer bought the target within the horizon after the cutoff. */
  y: Uint8Array
  /** Each target's prior at the cutoff: the share of these customers who bought it in the horizon before. */
  priors: Float64Array
  /** Per customer: days since the last order, orders, monetary value (the RFM baseline's inputs). */
  rfm: Float64Array
  /** Per row: the customer's own purchase count of the target, decayed with a 60-day half-life. */
  own: Float64Array
}

export interface SliceOptions {
  targets: readonly Target[]
  dimension: TargetDimension
  spec: FeatureSpec
  horizonDays: number
}

/** Whether the customer has history before `cutoff` (events are sorted by time). */
const seenBefore = (events: readonly TailorEvent[], cutoff: number) => events.length > 0 && events[0]!.ts < cutoff

/** The indexes of the targets among a purchase's items. */
function targetsIn(event: TailorEvent, index: ReadonlyMap<string, number>, dimension: TargetDimension): number[] {
  return (event.items ?? []).flatMap((item) => {
    const key = keyOf(item, dimension)
    const t = key === undefined ? undefined : index.get(key)
    return t === undefined ? [] : [t]
  })
}

/**
 * Each target's prior at `cutoff`: the share of customers with history before the cutoff who
 * bought it in the `horizonDays` before it — its recent popularity, the `candidate_prior` feature.
 */
export function priorsAt(customers: Map<string, TailorEvent[]>, cutoff: number, targets: readonly Target[], dimension: TargetDimension, horizonDays: number): Float64Array {
  const index = new Map(targets.map((target, t) => [target.id, t]))
  const priors = new Float64Array(targets.length)
  let size = 0
  for (const events of customers.values()) {
    if (!seenBefore(events, cutoff)) continue
    size++
    const seen = new Set<number>()
    for (const event of events) {
      if (event.type === 'purchase' && event.ts >= cutoff - horizonDays * DAY_MS && event.ts < cutoff) for (const t of targetsIn(event, index, dimension)) seen.add(t)
    }
    for (const t of seen) priors[t]!++
  }
  return priors.map((count) => (size ? count / size : 0))
}

/**
 * Replays each customer's events (sorted by time, as ingest returns them) through the engine's
 * reducer up to every cutoff, and featurizes the profile there with the very code the browser
 * runs. Only events before a cutoff reach its features; only purchases within the horizon after it
 * reach its labels.
 */
export function buildSlices(customers: Map<string, TailorEvent[]>, cutoffs: readonly number[], options: SliceOptions, onCustomer?: () => void): Slice[] {
  const { targets, dimension, spec, horizonDays } = options
  const T = targets.length
  const n = spec.length
  const index = new Map(targets.map((target, t) => [target.id, t]))
  const horizon = horizonDays * DAY_MS
  const sorted = [...cutoffs].sort((a, b) => a - b)
  const slices: Slice[] = sorted.map((cutoff) => {
    const size = [...customers.values()].filter((events) => seenBefore(events, cutoff)).length
    const priors = priorsAt(customers, cutoff, targets, dimension, horizonDays)
    return { cutoff, customers: [], targets: T, x: new Float32Array(size * T * n), y: new Uint8Array(size * T), priors, rfm: new Float64Array(size * 3), own: new Float64Array(size * T) }
  })
  const candidates = slices.map((slice) => targets.map((target, t) => candidateOf(target, dimension, slice.priors[t]!)))

  // Replay each customer once, featurizing at every cutoff on the way.
  for (const [customer, events] of customers) {
    let state = emptyProfile()
    let next = 0
    slices.forEach((slice, c) => {
      const { cutoff } = slice
      let upTo = next
      while (upTo < events.length && events[upTo]!.ts < cutoff) upTo++
      if (upTo > next) state = applyEvents(state, events.slice(next, upTo))
      next = upTo
      if (state.lastSeen === null) return
      const i = slice.customers.push(customer) - 1
      slice.rfm.set([recencyDays(state, cutoff) ?? 365, state.rfm.orders, state.rfm.monetary], i * 3)
      for (let t = 0; t < T; t++) {
        slice.x.set(featurize(state, spec, cutoff, candidates[c]![t]), (i * T + t) * n)
        const counter = state.counters[counterKey('purchase', dimension, targets[t]!.id)]
        slice.own[i * T + t] = counter ? decayedValue(counter, 2, cutoff) : 0
      }
      for (let j = upTo; j < events.length && events[j]!.ts < cutoff + horizon; j++) {
        if (events[j]!.type === 'purchase') for (const t of targetsIn(events[j]!, index, dimension)) slice.y[i * T + t] = 1
      }
    })
    onCustomer?.()
  }
  return slices
}
