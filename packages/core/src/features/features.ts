import { lifecycle, recencyDays, shiftScores, type Shift } from '../profile/derived'
import { HALF_LIVES_DAYS, counterKey, decayedValue, priceBand, type Dimension } from '../profile/profile'
import type { Counter, ProfileState } from '../profile/schema'
import type { Feature, FeatureSpec } from './schema'

/** Recency is capped at a year, which also stands for "never ordered". */
const MAX_RECENCY_DAYS = 365
const DAY_MS = 86_400_000

const scale = (value: number, transform: 'none' | 'log1p' | undefined) => (transform === 'log1p' ? Math.log1p(value) : value)

/** Something a pooled model ranks: a product (or content) and what the catalog says of it. */
export interface Candidate {
  id: string
  item_id?: string | undefined
  item_category?: string | undefined
  item_brand?: string | undefined
  price?: number | undefined
  /** A prior the catalog supplies, e.g. the candidate's popularity; read by `candidate_prior`. */
  prior?: number | undefined
}

/** Sums of decayed counters per `event|dimension|` prefix and half-life, computed once per featurize call. */
type Totals = Map<string, number>

/** The counter of `event` on `dimension` = `key`; own keys only, so a key like `constructor` is just absent. */
function counterOf(state: ProfileState, event: string, dimension: Dimension, key: string | undefined): Counter | undefined {
  if (key === undefined) return undefined
  const id = counterKey(event, dimension, key)
  return Object.hasOwn(state.counters, id) ? state.counters[id] : undefined
}

function interest(state: ProfileState, feature: Extract<Feature, { kind: 'interest' | 'candidate' }>, key: string | undefined, now: number, totals: Totals): number {
  const index = HALF_LIVES_DAYS.indexOf(feature.halfLifeDays) as 0 | 1 | 2
  const counter = counterOf(state, feature.event, feature.dimension, key)
  const value = counter ? decayedValue(counter, index, now) : 0
  if (feature.transform !== 'share') return scale(value, feature.transform)
  if (value === 0) return 0
  const prefix = counterKey(feature.event, feature.dimension, '')
  let total = totals.get(prefix + index)
  if (total === undefined) {
    total = 0
    for (const key in state.counters) {
      if (key.startsWith(prefix)) total += decayedValue(state.counters[key]!, index, now)
    }
    totals.set(prefix + index, total)
  }
  return value / total
}

/** `history`: how many items of a key were recorded, or the days since the latest (capped at a year). */
function keyHistory(state: ProfileState, feature: Extract<Feature, { kind: 'history' | 'candidate_history' }>, key: string | undefined, now: number): number {
  const counter = counterOf(state, feature.event, feature.dimension, key)
  if (feature.measure === 'count') return scale(counter?.n ?? 0, feature.transform)
  return scale(Math.min(counter ? Math.max(0, now - counter.t) / DAY_MS : MAX_RECENCY_DAYS, MAX_RECENCY_DAYS), feature.transform)
}

/** The candidate's own key on a dimension: what its `candidate` and `candidate_history` features read. */
export function candidateKey(candidate: Candidate, dimension: Dimension): string | undefined {
  if (dimension === 'item') return candidate.item_id ?? candidate.id
  if (dimension === 'category') return candidate.item_category
  if (dimension === 'brand') return candidate.item_brand
  return candidate.price === undefined ? undefined : priceBand(candidate.price)
}

/**
 * The model inputs for `state` at time `now` (epoch ms), in the order of `spec`; for a pooled
 * model, as seen for one `candidate`. Pure, and the same code the trainer runs, so a model sees in
 * the browser exactly what it was trained on.
 */
export function featurize(state: ProfileState, spec: FeatureSpec, now: number, candidate?: Candidate): Float32Array {
  let shifts: Shift[] | undefined
  const totals: Totals = new Map()
  const local = new Date(now + (state.session?.tz ?? 0) * 60_000)
  const stage = lifecycle(state, now)
  return Float32Array.from(spec, (feature): number => {
    switch (feature.kind) {
      case 'interest':
        return interest(state, feature, feature.key, now, totals)
      case 'count':
        return scale(Object.hasOwn(state.counts, feature.event) ? state.counts[feature.event]! : 0, feature.transform)
      case 'rfm': {
        const { orders, monetary } = state.rfm
        const value = feature.measure === 'orders' ? orders : feature.measure === 'monetary' ? monetary : Math.min(recencyDays(state, now) ?? MAX_RECENCY_DAYS, MAX_RECENCY_DAYS)
        return scale(value, feature.transform)
      }
      case 'lifecycle':
        return stage === feature.stage ? 1 : 0
      case 'context':
        return state.session?.[feature.field] === feature.value ? 1 : 0
      case 'time':
        return feature.field === 'hour' ? local.getUTCHours() / 23 : local.getUTCDay() / 6
      case 'sessions':
        return scale(state.sessions, feature.transform)
      case 'trait': {
        const trait = Object.hasOwn(state.traits, feature.key) ? state.traits[feature.key] : undefined
        if (feature.value !== undefined) return trait === feature.value ? 1 : 0
        return typeof trait === 'number' ? trait : typeof trait === 'boolean' ? Number(trait) : 0
      }
      case 'shift':
        shifts ??= shiftScores(state, now)
        return shifts.find((shift) => shift.dimension === feature.dimension)!.score
      case 'candidate':
        return interest(state, feature, candidate && candidateKey(candidate, feature.dimension), now, totals)
      case 'history':
        return keyHistory(state, feature, feature.key, now)
      case 'candidate_history':
        return keyHistory(state, feature, candidate && candidateKey(candidate, feature.dimension), now)
      case 'candidate_prior':
        return candidate?.prior ?? 0
    }
  })
}
