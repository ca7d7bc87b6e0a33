import { featureSpecHash, type Candidate, type FeatureSpec, type Manifest } from '@tailorjs/core/engine'
import { ManifestSchema } from '@tailorjs/core/schema'
import type { Platt } from './calibrate'
import type { Target } from './dataset'
import type { PooledLogistic } from './logistic'
import { targetSpec } from './spec'

export interface ExportOptions {
  id: string
  version: string
  createdAt: Date
  /** The pooled model's features (candidate form) and weights. */
  pooled: FeatureSpec
  model: PooledLogistic
  targets: readonly Target[]
  /** Each target as a candidate, with the prior it is scored with in production. */
  candidates: readonly Candidate[]
  calibration: readonly Platt[]
  metrics?: Record<string, number>
}

/**
 * The `tailor-model@1` manifest of a pooled logistic model, written for `scoring: "targets"` (see
 * targetSpec), which slots read directly: one weight row per target over one shared feature vector.
 * Validated with the manifest's own zod schema before it is returned.
 */
export function toManifest(options: ExportOptions): Manifest {
  const { pooled, model, targets, candidates, calibration } = options
  const { features, columns, constants } = targetSpec(pooled, candidates)
  const weights = targets.map((_, t) => {
    const row = new Array<number>(features.length).fill(0)
    columns[t]!.forEach((at, j) => {
      if (at >= 0) row[at]! += model.weights[j]!
    })
    return row
  })
  const bias = targets.map((_, t) => constants[t]!.reduce((sum, value, j) => sum + (columns[t]![j]! < 0 ? model.weights[j]! * value : 0), model.bias[t]!))
  const manifest = {
    format: 'tailor-model@1',
    id: options.id,
    version: options.version,
    createdAt: options.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    features,
    featuresHash: featureSpecHash(features),
    targets: targets.map((target) => ({
      id: target.id,
      metadata: { buyers: target.customers, ...(target.category === undefined ? {} : { category: target.category }) },
    })),
    model: { type: 'linear', weights, bias },
    scoring: 'targets',
    calibration: { method: 'platt', a: calibration.map((platt) => platt.a), b: calibration.map((platt) => platt.b) },
    ...(options.metrics ? { metrics: options.metrics } : {}),
  }
  return ManifestSchema.parse(manifest)
}
