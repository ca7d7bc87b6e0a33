import { featureSpecHash, type Candidate, type FeatureSpec, type Manifest } from '@tailorjs/core/engine'
import { ManifestSchema } from '@tailorjs/core/schema'
import type { Platt } from './calibrate'
import type { Target } from './dataset'
import type { PooledLogistic } from './logistic'
import { targetSpec } from './spec'

/** What every manifest the trainer writes carries, whatever its model. */
export interface ManifestHeader {
  id: string
  version: string
  createdAt: Date
  targets: readonly Target[]
  metrics?: Record<string, number>
}

/** A `tailor-model@1` manifest scoring targets, validated with the manifest's own zod schema. */
export function manifestOf(header: ManifestHeader, features: FeatureSpec, model: Manifest['model'], calibration?: readonly Platt[]): Manifest {
  return ManifestSchema.parse({
    format: 'tailor-model@1',
    id: header.id,
    version: header.version,
    createdAt: header.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    features,
    featuresHash: featureSpecHash(features),
    targets: header.targets.map((target) => ({
      id: target.id,
      metadata: { buyers: target.customers, ...(target.category === undefined ? {} : { category: target.category }) },
    })),
    model,
    scoring: 'targets',
    ...(calibration ? { calibration: { method: 'platt', a: calibration.map((platt) => platt.a), b: calibration.map((platt) => platt.b) } } : {}),
    ...(header.metrics ? { metrics: header.metrics } : {}),
  })
}

/**
 * The manifest of a pooled logistic model, written for `scoring: "targets"` (see targetSpec),
 * which slots read directly: one weight row per target over one shared feature vector.
 * `candidates` are the targets with the priors they are scored with in production.
 */
export function toManifest(header: ManifestHeader, pooled: FeatureSpec, model: PooledLogistic, candidates: readonly Candidate[], calibration: readonly Platt[]): Manifest {
  const { features, columns, constants } = targetSpec(pooled, candidates)
  const weights = candidates.map((_, t) => {
    const row = new Array<number>(features.length).fill(0)
    columns[t]!.forEach((at, j) => {
      if (at >= 0) row[at]! += model.weights[j]!
    })
    return row
  })
  const bias = candidates.map((_, t) => constants[t]!.reduce((sum, value, j) => sum + (columns[t]![j]! < 0 ? model.weights[j]! * value : 0), model.bias[t]!))
  return manifestOf(header, features, { type: 'linear', weights, bias }, calibration)
}
