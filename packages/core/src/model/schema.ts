import * as z from 'zod/mini'
import { FeatureSpecSchema } from '../features/schema'

const id = z.string().check(z.minLength(1), z.maxLength(200))

/** Logistic regression with one output per target: `p[t] = sigmoid(bias[t] + weights[t] · x)`. */
export const LinearModelSchema = z.strictObject({
  type: z.literal('linear'),
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
})

/** A model as Tailor downloads it: the `tailor-model@1` format. */
export const ManifestSchema = z.strictObject({
  format: z.literal('tailor-model@1'),
  id,
  version: id,
  createdAt: z.iso.datetime(),
  features: FeatureSpecSchema,
  targets: z.array(z.strictObject({ id, label: z.optional(z.string()) })).check(z.minLength(1)),
  model: LinearModelSchema,
})
export type Manifest = z.infer<typeof ManifestSchema>

