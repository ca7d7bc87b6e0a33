import { createScorer, featureSpecHash, parseManifest, type FeatureSpec, type Manifest } from '@tailorjs/core/engine'
import { FeatureSpecSchema, ManifestSchema } from '@tailorjs/core/schema'
import * as z from 'zod'

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
  const checked = FeatureSpecSchema.safeParse(features)
  if (!checked.success) throw new Error(`not a feature spec (the features.json that tailor-train features writes):\n${z.prettifyError(checked.error)}`)
  const spec = checked.data
  const learner = (booster as { learner?: { learner_model_param?: { num_feature?: string }; feature_names?: unknown } } | null)?.learner
  const trained = Number(learner?.learner_model_param?.num_feature)
  if (!learner) throw new Error('not an XGBoost JSON model: it has no "learner"; save it with booster.save_model("model.json")')
  if (trained !== spec.length) {
    throw new Error(`the XGBoost model was trained on ${trained} features, but features.json lists ${spec.length}: train on the table's feature columns only (drop customer, cutoff, split, target and label), in their order`)
  }
  // XGBoost keeps the column names it was trained with (when it was given them): they must be the spec's, in order.
  const names = Array.isArray(learner.feature_names) && learner.feature_names.length ? learner.feature_names : undefined
  const mismatch = names && spec.findIndex((feature, i) => feature.name !== names[i])
  if (names && mismatch !== undefined && mismatch >= 0) {
    throw new Error(`the XGBoost model's feature ${mismatch} is "${names[mismatch]}", features.json's is "${spec[mismatch]!.name}": train on the table's feature columns, in their order, with the features.json written beside that table`)
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
