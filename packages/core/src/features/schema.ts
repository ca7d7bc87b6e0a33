import * as z from 'zod/mini'
import { EventTypeSchema } from '../events/schema'
import { CHANNELS } from '../profile/context'
import { LIFECYCLE_STAGES } from '../profile/derived'
import { DIMENSIONS, HALF_LIVES_DAYS } from '../profile/profile'

const name = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,127}$/))
const key = z.string().check(z.minLength(1), z.maxLength(200))
const transform = z.optional(z.enum(['none', 'log1p']))
const measure = z.enum(['count', 'days_since'])

/**
 * One model input, computed from the profile at scoring time (features.ts says how each is computed):
 * - `interest`: the decayed counter of `event` on `dimension` = `key` at a half-life; with
 *   `transform: "share"`, divided by the sum over all keys of that event and dimension;
 * - `count`: the lifetime number of `event` events;
 * - `rfm`: days since the last order (`recency_days`, 365 before any), `orders`, or `monetary`;
 * - `lifecycle`: 1 when the shopper is at `stage`, else 0;
 * - `context`: 1 when the current session's `device` or `channel` is `value`, else 0;
 * - `time`: the shopper's local `hour` (0–23) or `weekday` (0 Sunday – 6) at scoring time, scaled to 0–1;
 * - `sessions`: the number of sessions;
 * - `trait`: a declared trait: its number, or 1 when it equals `value` (0 when absent);
 * - `shift`: the behavior-shift score of a dimension (0–1);
 * - `candidate`: for pooled models (`scoring: "candidates"`), this shopper's `interest` in the
 *   candidate's own key on `dimension` (its item, category, brand or price band);
 * - `history`: of `event` on `dimension` = `key`, the lifetime number of items recorded (`count`) or
 *   the days since the latest (`days_since`, 365 when never or longer ago);
 * - `candidate_history`: the same for the candidate's own key on `dimension`;
 * - `candidate_prior`: the candidate's `prior` as the catalog gives it (e.g. its popularity), else 0.
 */
export const FeatureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    name,
    kind: z.literal('interest'),
    event: EventTypeSchema,
    dimension: z.enum(DIMENSIONS),
    key,
    halfLifeDays: z.union([z.literal(HALF_LIVES_DAYS[0]), z.literal(HALF_LIVES_DAYS[1]), z.literal(HALF_LIVES_DAYS[2])]),
    transform: z.optional(z.enum(['none', 'log1p', 'share'])),
  }),
  z.strictObject({ name, kind: z.literal('count'), event: EventTypeSchema, transform }),
  z.strictObject({ name, kind: z.literal('rfm'), measure: z.enum(['recency_days', 'orders', 'monetary']), transform }),
  z.strictObject({ name, kind: z.literal('lifecycle'), stage: z.enum(LIFECYCLE_STAGES) }),
  z.strictObject({ name, kind: z.literal('context'), field: z.enum(['device', 'channel']), value: z.enum([...CHANNELS, 'mobile', 'tablet', 'desktop']) }),
  z.strictObject({ name, kind: z.literal('time'), field: z.enum(['hour', 'weekday']) }),
  z.strictObject({ name, kind: z.literal('sessions'), transform }),
  z.strictObject({ name, kind: z.literal('trait'), key, value: z.optional(z.union([z.string(), z.boolean()])) }),
  z.strictObject({ name, kind: z.literal('shift'), dimension: z.enum(DIMENSIONS) }),
  z.strictObject({
    name,
    kind: z.literal('candidate'),
    event: EventTypeSchema,
    dimension: z.enum(DIMENSIONS),
    halfLifeDays: z.union([z.literal(HALF_LIVES_DAYS[0]), z.literal(HALF_LIVES_DAYS[1]), z.literal(HALF_LIVES_DAYS[2])]),
    transform: z.optional(z.enum(['none', 'log1p', 'share'])),
  }),
  z.strictObject({ name, kind: z.literal('history'), event: EventTypeSchema, dimension: z.enum(DIMENSIONS), key, measure, transform }),
  z.strictObject({ name, kind: z.literal('candidate_history'), event: EventTypeSchema, dimension: z.enum(DIMENSIONS), measure, transform }),
  z.strictObject({ name, kind: z.literal('candidate_prior') }),
])
export type Feature = z.infer<typeof FeatureSchema>

/** A model's inputs, in the order its weights expect them. */
export const FeatureSpecSchema = z.array(FeatureSchema).check(z.minLength(1), z.maxLength(4096))
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>
