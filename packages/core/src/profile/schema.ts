import * as z from 'zod/mini'
import { EventSchema, TraitsSchema } from '../events/schema'
import { CHANNELS } from './context'

/**
 * One decayed counter: `v[i]` is the value at half-life `HALF_LIVES_DAYS[i]` (1, 7 and 60 days) as
 * of time `t`; `n` counts the items recorded.
 */
export const CounterSchema = z.strictObject({
  n: z.int().check(z.nonnegative()),
  t: z.number(),
  v: z.tuple([z.number(), z.number(), z.number()]),
})
export type Counter = z.infer<typeof CounterSchema>

/** The current visit: its first event's id and time, where it landed and came from, the device. */
export const SessionSchema = z.strictObject({
  id: z.string(),
  start: z.number(),
  last: z.number(),
  channel: z.enum(CHANNELS),
  landing: z.optional(z.string()),
  device: z.optional(z.enum(['mobile', 'tablet', 'desktop'])),
  tz: z.optional(z.int()),
  /** The UTM parameters it landed with. */
  utm: z.optional(z.strictObject({ source: z.optional(z.string()), medium: z.optional(z.string()), campaign: z.optional(z.string()) })),
})
export type Session = z.infer<typeof SessionSchema>

/**
 * Everything Tailor knows about one shopper, bounded by PROFILE_LIMITS however long they stay.
 * Lifecycle stage, recency and behavior shifts are derived from it at a given time (derived.ts).
 */
export const ProfileSchema = z.strictObject({
  version: z.literal(2),
  /** Anonymous and on-device only: the id of the first event recorded, for holdout bucketing. */
  id: z.optional(z.string()),
  firstSeen: z.nullable(z.number()),
  lastSeen: z.nullable(z.number()),
  /** Sessions so far; a session ends after 30 minutes without events. */
  sessions: z.int().check(z.nonnegative()),
  session: z.nullable(SessionSchema),
  /** How many product events (views, add-to-carts, purchases) the profile rests on. */
  evidence: z.int().check(z.nonnegative()),
  /** Lifetime count per event type. */
  counts: z.record(z.string(), z.int()),
  /** Decayed counters keyed `event|dimension|key`, e.g. `view_item|category|lighting`. */
  counters: z.record(z.string(), CounterSchema),
  /** Orders: the latest one's time, how many, their total value. */
  rfm: z.strictObject({
    lastOrder: z.nullable(z.number()),
    orders: z.int().check(z.nonnegative()),
    monetary: z.number().check(z.nonnegative()),
  }),
  /** Declared with `identify()`. */
  traits: TraitsSchema,
  /** The newest events, oldest first. */
  log: z.array(EventSchema),
})
export type ProfileState = z.infer<typeof ProfileSchema>

/**
 * What a page checks when it reads a saved profile: every aggregate in full, and of each logged
 * event only what the reducer reads again (`id`, `type`, `ts`). Each event was validated in full
 * when it was tracked; checking 2,000 of them again at every page start costs ~10 ms.
 */
export const StoredProfileSchema = z.strictObject({
  ...ProfileSchema.def.shape,
  log: z.array(z.looseObject({ id: z.string(), type: z.string(), ts: z.number() })),
})
