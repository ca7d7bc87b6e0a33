import * as z from 'zod/mini'
import { FeatureSpecSchema } from '../features/schema'

const id = z.string().check(z.minLength(1), z.maxLength(200))
const numbers = z.array(z.number())
const ints = z.array(z.int())

/** Logistic regression with one output per target: `margin[t] = bias[t] + weights[t] · x`. */
export const LinearModelSchema = z.strictObject({
  type: z.literal('linear'),
  weights: z.array(numbers),
  bias: numbers,
})

/** One tree of XGBoost's JSON model format, as `save_model("model.json")` writes it (tested with 1.7). */
const XgbTreeSchema = z.looseObject({
  left_children: ints,
  right_children: ints,
  split_indices: ints,
  split_conditions: numbers,
  default_left: z.array(z.union([z.int(), z.boolean()])),
  base_weights: numbers,
  sum_hessian: numbers,
  split_type: z.optional(ints),
})

/** A Subresource Integrity value: `sha256-`, `sha384-` or `sha512-` and the base64 digest; several may be given. */
const integrity = z.string().check(z.regex(/^(sha(256|384|512)-[A-Za-z0-9+/]+={0,2})( sha(256|384|512)-[A-Za-z0-9+/]+={0,2})*$/))

/**
 * An XGBoost booster in XGBoost's own JSON format: embedded as written (`booster`), or published
 * beside the manifest (`url` relative to it, with its `integrity`), which the loader fetches,
 * checks and embeds before the manifest is parsed. Supported: `gbtree` with `binary:logistic`,
 * `reg:logistic` or `multi:softprob`; anything else is rejected by name.
 */
export const XgboostModelSchema = z.strictObject({
  type: z.literal('xgboost'),
  url: z.optional(z.string().check(z.minLength(1))),
  integrity: z.optional(integrity),
  booster: z.optional(z.looseObject({
    learner: z.looseObject({
      learner_model_param: z.looseObject({ base_score: z.string(), num_class: z.string(), num_feature: z.string() }),
      objective: z.looseObject({ name: z.enum(['binary:logistic', 'reg:logistic', 'multi:softprob']) }),
      gradient_booster: z.looseObject({
        name: z.literal('gbtree'),
        model: z.looseObject({ trees: z.array(XgbTreeSchema), tree_info: ints }),
      }),
    }),
  })),
})

/**
 * A TensorFlow.js model (`layers`: a LayersModel; `graph`: a GraphModel) whose `model.json` lies at
 * `url`, a path inside the manifest's own directory; its weight files must lie there too.
 * `integrity` maps file paths (relative to the model.json) to Subresource Integrity values.
 * Scored by the `@tailorjs/tfjs` plug-in: one output per target, each a probability.
 */
export const TfjsModelSchema = z.strictObject({
  type: z.literal('tfjs'),
  format: z.enum(['layers', 'graph']),
  url: z.string().check(z.minLength(1)),
  integrity: z.optional(z.record(z.string(), integrity)),
})

/** A model as Tailor downloads it: the `tailor-model@1` format. */
export const ManifestSchema = z.strictObject({
  format: z.literal('tailor-model@1'),
  id,
  version: id,
  createdAt: z.iso.datetime(),
  features: FeatureSpecSchema,
  /** `featureSpecHash(features)`: ties the model to the exact features it was trained on. */
  featuresHash: z.string().check(z.regex(/^cyrb53:[0-9a-f]{14}$/)),
  targets: z
    .array(
      z.strictObject({
        id,
        label: z.optional(z.string()),
        metadata: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
      }),
    )
    .check(z.minLength(1), z.maxLength(10_000)),
  model: z.discriminatedUnion('type', [LinearModelSchema, XgboostModelSchema, TfjsModelSchema]),
  /**
   * `targets` (default): one output per target. `candidates`: a pooled model with one output,
   * applied to each candidate's features (shopper and candidate-relative), so one model ranks a
   * catalog of any size, including products added after training.
   */
  scoring: z.optional(z.enum(['targets', 'candidates'])),
  /**
   * Platt scaling per target, applied to the margin before the link: `p = sigmoid(a[t] · margin +
   * b[t])`, or the softmax of the scaled margins for `multi:softprob`. Not for `tfjs` models.
   */
  calibration: z.optional(z.strictObject({ method: z.literal('platt'), a: numbers, b: numbers })),
  /** How the model did in training (AUC, log loss…), for reports; Tailor does not read them. */
  metrics: z.optional(z.record(z.string(), z.number())),
  limits: z.optional(
    z.strictObject({
      /** A cached copy older than this (from `createdAt`) is not used when the network fails. */
      maxAgeDays: z.optional(z.number().check(z.positive())),
    }),
  ),
})
export type Manifest = z.infer<typeof ManifestSchema>
export type LinearModel = z.infer<typeof LinearModelSchema>
export type XgboostModel = z.infer<typeof XgboostModelSchema>
export type TfjsModel = z.infer<typeof TfjsModelSchema>
