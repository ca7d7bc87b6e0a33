import type { Manifest } from './schema'

/** Propensity per target id, each in (0, 1). */
export type Scores = ReadonlyMap<string, number>

/** Compiles a linear model once; the returned function scores one feature vector per call. */
export function linearScorer(manifest: Manifest): (x: Float32Array) => Scores {
  const { targets, model } = manifest
  const weights = model.weights.map((row) => Float32Array.from(row))
  return (x) => {
    const scores = new Map<string, number>()
    targets.forEach((target, t) => {
      const w = weights[t]!
      let z = model.bias[t]!
      for (let i = 0; i < w.length; i++) z += w[i]! * x[i]!
      scores.set(target.id, 1 / (1 + Math.exp(-z)))
    })
    return scores
  }
}
