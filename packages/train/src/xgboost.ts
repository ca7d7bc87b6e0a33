import { createScorer, featureSpecHash, parseManifest, type FeatureSpec, type Manifest } from '@tailorjs/core/engine'
import { FeatureSpecSchema, ManifestSchema } from '@tailorjs/core/schema'

export interface WrapOptions {
  /** The parsed JSON of XGBoost's `save_model("model.json")`, trained on the table's feature columns, in order. */
  booster: unknown
  /** The pooled features the table was written with (`features.json` beside it). */
  features: FeatureSpec
  id: string
  version: string
  createdAt?: Date
  /** The id of the model's one output. Default `purchase`. */
  output?: string
}

/**
 * Wraps an XGBoost model trained on `tailor-train features` output into a `tailor-model@1` manifest
 * with `scoring: "candidates"`: the browser featurizes each catalog candidate with the same spec
 * and ranks them with `rankCandidates`. Checked the way the browser will load it.
 */
export function wrapXgboost({ booster, features, id, version, createdAt = new Date(), output = 'purchase' }: WrapOptions): Manifest {
  const spec = FeatureSpecSchema.parse(features)
  const learner = (booster as { learner?: { learner_model_param?: { num_feature?: string } } } | null)?.learner
  const trained = Number(learner?.learner_model_param?.num_feature)
  if (!learner) throw new Error('not an XGBoost JSON model: it has no "learner"; save it with booster.save_model("model.json")')
  if (trained !== spec.length) {
    throw new Error(`the XGBoost model was trained on ${trained} features, but features.json lists ${spec.length}: train on the table's feature columns only (drop customer, cutoff, split, target and label), in their order`)
  }
  const manifest = ManifestSchema.parse({
    format: 'tailor-model@1',
    id,
    version,
    createdAt: createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    features: spec,
    featuresHash: featureSpecHash(spec),
    targets: [{ id: output }],
    model: { type: 'xgboost', booster },
    scoring: 'candidates',
  })
  // The browser's own checks (objective, tree shapes, feature indexes) run now rather than in a shopper's tab.
  const parsed = parseManifest(JSON.parse(JSON.stringify(manifest)))
  createScorer(parsed)
  return parsed
}
