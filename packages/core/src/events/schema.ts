import * as z from 'zod/mini'

/** A product as GA4 ecommerce events carry it. */
export const ItemSchema = z.strictObject({
  item_id: z.string().check(z.minLength(1), z.maxLength(200)),
  item_name: z.optional(z.string().check(z.maxLength(500))),
  item_category: z.optional(z.string().check(z.maxLength(200))),
  item_brand: z.optional(z.string().check(z.maxLength(200))),
  price: z.optional(z.number().check(z.nonnegative())),
  quantity: z.optional(z.int().check(z.positive())),
})
export type Item = z.infer<typeof ItemSchema>

/** An event name: GA4's (`page_view`, `view_item`, `add_to_cart`, `purchase`…), `slot_impression`, or any custom snake_case name. */
export const EventTypeSchema = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/))

const shortText = z.string().check(z.maxLength(200))

/** Where a visit comes from, as the page saw it; the profile turns it into session context. */
export const ContextSchema = z.strictObject({
  device: z.optional(z.enum(['mobile', 'tablet', 'desktop'])),
  /** The referring host only (`www.google.com`), never the full URL. */
  referrer: z.optional(z.string().check(z.maxLength(255))),
  utm_source: z.optional(shortText),
  utm_medium: z.optional(shortText),
  utm_campaign: z.optional(shortText),
  /** The shopper's UTC offset in minutes east (UTC+2 is 120), for local hour and weekday. */
  tz: z.optional(z.int().check(z.gte(-840), z.lte(840))),
})
export type Context = z.infer<typeof ContextSchema>

/** Declared traits (`identify`): at most 32 snake_case keys, short scalar values. */
export const TraitsSchema = z.record(
  z.string().check(z.regex(/^[a-z][a-z0-9_]{0,63}$/)),
  z.union([shortText, z.number(), z.boolean()]),
)
export type Traits = z.infer<typeof TraitsSchema>

/** Fields a caller may pass to `track()`: everything but what Tailor stamps itself. */
export const EventDataSchema = z.strictObject({
  items: z.optional(z.array(ItemSchema).check(z.maxLength(200))),
  value: z.optional(z.number()),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
  page: z.optional(z.string().check(z.maxLength(2000))),
  slot: z.optional(z.string().check(z.maxLength(200))),
  variant: z.optional(z.string().check(z.maxLength(200))),
  path: z.optional(z.enum(['model', 'segment', 'default'])),
  /** `slot_impression`: the shopper is in the holdout (see docs/guides/slots.md). */
  holdout: z.optional(z.boolean()),
  /** What a `search` event searched for. */
  search_term: z.optional(shortText),
  /** `product_engagement`: time on a product page (ms, at most a day) and the share of it scrolled through. */
  dwell_ms: z.optional(z.int().check(z.nonnegative(), z.lte(86_400_000))),
  scroll_depth: z.optional(z.number().check(z.gte(0), z.lte(1))),
  context: z.optional(ContextSchema),
  traits: z.optional(TraitsSchema),
})
export type EventData = z.infer<typeof EventDataSchema>

/**
 * One thing a shopper did. `id` dedupes, `ts` is epoch milliseconds. `session_id` is set by the
 * profile when it records the event (a session ends after 30 minutes without events).
 */
export const EventSchema = z.strictObject({
  ...EventDataSchema.def.shape,
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  type: EventTypeSchema,
  ts: z.number().check(z.nonnegative()),
  session_id: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
})
export type TailorEvent = z.infer<typeof EventSchema>
