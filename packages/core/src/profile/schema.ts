import * as z from 'zod/mini'

/** One decayed counter: `v[i]` is the value at half-life `HALF_LIVES_DAYS[i]` (profile.ts) as of time `t`; `n` counts the items recorded. */
export const CounterSchema = z.strictObject({
  n: z.int().check(z.nonnegative()),
  t: z.number(),
  v: z.tuple([z.number(), z.number()]),
})
export type Counter = z.infer<typeof CounterSchema>

/** Everything Tailor knows about one shopper. Bounded: one counter per (event, dimension, key). */
export const ProfileSchema = z.strictObject({
  version: z.literal(1),
  firstSeen: z.nullable(z.number()),
  lastSeen: z.nullable(z.number()),
  sessions: z.int().check(z.nonnegative()),
  sessionId: z.nullable(z.string()),
  /** How many product events (views, add-to-carts, purchases) the profile rests on. */
  evidence: z.int().check(z.nonnegative()),
  /** Lifetime count per event type. */
  counts: z.record(z.string(), z.int()),
  /** Decayed counters keyed `event|dimension|key`, e.g. `view_item|category|lighting`. */
  counters: z.record(z.string(), CounterSchema),
})
export type ProfileState = z.infer<typeof ProfileSchema>
