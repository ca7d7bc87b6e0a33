import { HALF_LIVES_DAYS, counterKey, decayedValue } from '../profile/profile'
import type { ProfileState } from '../profile/schema'
import type { Feature, FeatureSpec } from './schema'

function interest(state: ProfileState, feature: Extract<Feature, { kind: 'interest' }>, now: number): number {
  const index = feature.halfLifeDays === HALF_LIVES_DAYS[0] ? 0 : 1
  const counter = state.counters[counterKey(feature.event, feature.dimension, feature.key)]
  const value = counter ? decayedValue(counter, index, now) : 0
  if (feature.transform !== 'share') return feature.transform === 'log1p' ? Math.log1p(value) : value
  if (value === 0) return 0
  const prefix = counterKey(feature.event, feature.dimension, '')
  let total = 0
  for (const key in state.counters) {
    if (key.startsWith(prefix)) total += decayedValue(state.counters[key]!, index, now)
  }
  return value / total
}

/**
 * The model inputs for `state` at time `now` (epoch ms). Pure, and the same code the trainer runs,
 * so a model sees in the browser exactly the features it was trained on.
 */
export function featurize(state: ProfileState, spec: FeatureSpec, now: number): Float32Array {
  const x = new Float32Array(spec.length)
  spec.forEach((feature, i) => {
    if (feature.kind === 'interest') {
      x[i] = interest(state, feature, now)
    } else {
      const count = state.counts[feature.event] ?? 0
      x[i] = feature.transform === 'log1p' ? Math.log1p(count) : count
    }
  })
  return x
}
