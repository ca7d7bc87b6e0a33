import { candidateKey, emptyProfile, featurize, type Candidate, type Feature, type FeatureSpec } from '@tailorjs/core/engine'
import type { TargetDimension } from './dataset'

/** The product events a pooled model can learn from, in the order their features are listed. */
export const ITEM_EVENTS = ['view_item', 'add_to_cart', 'purchase'] as const
export type ItemEvent = (typeof ITEM_EVENTS)[number]

/**
 * The pooled model's inputs, as seen for one candidate target: the shopper's RFM, and for each of
 * `events` their own history of the target (and of its category, for item targets): decayed
 * counts, how many times, how long ago; then the target's prior (its recent popularity).
 */
export function pooledSpec(dimension: TargetDimension, events: readonly ItemEvent[] = ['purchase']): FeatureSpec {
  const own = (event: ItemEvent, dim: TargetDimension, decayed: readonly (7 | 60)[]): Feature[] => {
    const prefix = `own_${dim}_${event}`
    return [
      ...decayed.map((halfLifeDays): Feature => ({ name: `${prefix}_${halfLifeDays}d`, kind: 'candidate', event, dimension: dim, halfLifeDays, transform: 'log1p' })),
      { name: `${prefix}_count`, kind: 'candidate_history', event, dimension: dim, measure: 'count', transform: 'log1p' },
      { name: `${prefix}_days_since`, kind: 'candidate_history', event, dimension: dim, measure: 'days_since', transform: 'log1p' },
    ]
  }
  return [
    { name: 'recency_days', kind: 'rfm', measure: 'recency_days', transform: 'log1p' },
    { name: 'orders', kind: 'rfm', measure: 'orders', transform: 'log1p' },
    { name: 'monetary', kind: 'rfm', measure: 'monetary', transform: 'log1p' },
    ...ITEM_EVENTS.filter((event) => events.includes(event)).flatMap((event) => [
      ...own(event, dimension, [7, 60]),
      ...(dimension === 'item' ? own(event, 'category', [60]) : []),
    ]),
    { name: 'prior', kind: 'candidate_prior' },
  ]
}

/** A feature name made of a key: lower-case, `[a-z0-9_]`, starting with a letter. */
const slug = (key: string) => key.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 60)

/** A pooled model's features rewritten for `scoring: "targets"` (see targetSpec). */
export interface TargetSpec {
  features: FeatureSpec
  /** `columns[t][j]`: the column of `features` that pooled feature `j` reads for target `t`, or −1 when it is a constant for that target. */
  columns: number[][]
  /** `constants[t][j]`: the value pooled feature `j` always has for target `t` when it has no column (its prior, or "never"). */
  constants: number[][]
}

/**
 * A pooled model over candidate features, rewritten for `scoring: "targets"`: each candidate
 * feature becomes the same feature of the target's own key, so the browser scores every target
 * from one feature vector; what is constant for a target (its prior, a key it lacks) folds into its
 * bias. Features equal in all but name are computed once.
 */
export function targetSpec(pooled: FeatureSpec, candidates: readonly Candidate[]): TargetSpec {
  const features: Feature[] = []
  const byDefinition = new Map<string, number>()
  const names = new Set<string>()
  const column = (feature: Feature): number => {
    const { name, ...definition } = feature
    const key = JSON.stringify(definition)
    let at = byDefinition.get(key)
    if (at === undefined) {
      let unique = name
      for (let n = 2; names.has(unique); n++) unique = `${name}_${n}`
      names.add(unique)
      at = features.push({ ...feature, name: unique }) - 1
      byDefinition.set(key, at)
    }
    return at
  }
  const empty = emptyProfile()
  const columns: number[][] = []
  const constants: number[][] = []
  for (const candidate of candidates) {
    const row: number[] = []
    const constant: number[] = []
    for (const feature of pooled) {
      const key = feature.kind === 'candidate' || feature.kind === 'candidate_history' ? candidateKey(candidate, feature.dimension) : undefined
      let at = -1
      if (feature.kind === 'candidate' && key !== undefined) {
        const { kind, name, ...rest } = feature
        at = column({ ...rest, kind: 'interest', key, name: `${name}_${slug(key)}`.slice(0, 128) })
      } else if (feature.kind === 'candidate_history' && key !== undefined) {
        const { kind, name, ...rest } = feature
        at = column({ ...rest, kind: 'history', key, name: `${name}_${slug(key)}`.slice(0, 128) })
      } else if (feature.kind !== 'candidate' && feature.kind !== 'candidate_history' && feature.kind !== 'candidate_prior') {
        at = column(feature)
      }
      row.push(at)
      // What the engine itself computes for this candidate when the feature reads nothing of the shopper.
      constant.push(at < 0 ? featurize(empty, [feature], 0, candidate)[0]! : 0)
    }
    columns.push(row)
    constants.push(constant)
  }
  return { features, columns, constants }
}
