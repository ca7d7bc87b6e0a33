import * as z from 'zod/mini'
import { EventTypeSchema } from '../events/schema'
import { HALF_LIVES_DAYS } from '../profile/profile'

const name = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,127}$/))

/**
 * One model input. `interest`: the decayed counter of `event` on `dimension` = `key` at a half-life;
 * with `transform: "share"` divided by the sum over all keys of that event and dimension.
 * `count`: the lifetime number of `event` events.
 */
export const FeatureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    name,
    kind: z.literal('interest'),
    event: EventTypeSchema,
    dimension: z.literal('category'),
    key: z.string().check(z.minLength(1)),
    halfLifeDays: z.union([z.literal(HALF_LIVES_DAYS[0]), z.literal(HALF_LIVES_DAYS[1])]),
    transform: z.optional(z.enum(['none', 'log1p', 'share'])),
  }),
  z.strictObject({
    name,
    kind: z.literal('count'),
    event: EventTypeSchema,
    transform: z.optional(z.enum(['none', 'log1p'])),
  }),
])
export type Feature = z.infer<typeof FeatureSchema>

/** A model's inputs, in the order its weights expect them. */
export const FeatureSpecSchema = z.array(FeatureSchema).check(z.minLength(1), z.maxLength(4096))
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>

