import * as z from 'zod/mini'
import { CHANNELS } from '../profile/context'
import { LIFECYCLE_STAGES } from '../profile/derived'
import { DIMENSIONS, HALF_LIVES_DAYS } from '../profile/profile'

const range = z.strictObject({ min: z.optional(z.number()), max: z.optional(z.number()) })
const text = z.string().check(z.minLength(1), z.maxLength(200))
const texts = z.array(text).check(z.minLength(1), z.maxLength(50))

/**
 * What a shopper must be for a segment rule to match: every field given must hold (an empty
 * condition matches everyone). Lists match any of their values; ranges are inclusive.
 */
export const ConditionSchema = z.strictObject({
  /** `new`: in their first session; `returning`: came back after at least one earlier session. */
  visitor: z.optional(z.enum(['new', 'returning'])),
  lifecycle: z.optional(z.array(z.enum(LIFECYCLE_STAGES)).check(z.minLength(1))),
  /** RFM: number of orders, total spent, days since the last order (no order: never matches). */
  orders: z.optional(range),
  spend: z.optional(range),
  daysSinceOrder: z.optional(range),
  /** Decayed interest (views, add-to-carts and purchases) in one key of a dimension: at least `min` (default 1). */
  affinity: z.optional(
    z.strictObject({
      dimension: z.enum(DIMENSIONS),
      key: text,
      min: z.optional(z.number().check(z.positive())),
      halfLifeDays: z.optional(z.union([z.literal(HALF_LIVES_DAYS[0]), z.literal(HALF_LIVES_DAYS[1]), z.literal(HALF_LIVES_DAYS[2])])),
    }),
  ),
  device: z.optional(z.array(z.enum(['mobile', 'tablet', 'desktop'])).check(z.minLength(1))),
  channel: z.optional(z.array(z.enum(CHANNELS)).check(z.minLength(1))),
  /** The UTM parameters the session landed with (case-insensitive). */
  utm: z.optional(z.strictObject({ source: z.optional(texts), medium: z.optional(texts), campaign: z.optional(texts) })),
  /** Browser languages by prefix: `de` matches `de-AT`. */
  locale: z.optional(texts),
  /** IANA time zones by prefix: `Europe/` matches `Europe/Berlin`. */
  timeZone: z.optional(texts),
  /** Local hours, `from` to `to` inclusive; `{ "from": 22, "to": 5 }` spans midnight. */
  hours: z.optional(z.strictObject({ from: z.int().check(z.gte(0), z.lte(23)), to: z.int().check(z.gte(0), z.lte(23)) })),
  /** Declared traits (`identify()`) equal to these values. */
  traits: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
})
export type Condition = z.infer<typeof ConditionSchema>

/** A named segment: the first rule, in order, whose condition holds names the shopper's segment. Several rules may share a name (an "or"). */
export const SegmentRuleSchema = z.strictObject({
  segment: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)),
  when: ConditionSchema,
})
export type SegmentRule = z.infer<typeof SegmentRuleSchema>

export const SegmentRulesSchema = z.array(SegmentRuleSchema).check(z.maxLength(200))
