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

/** Fields a caller may pass to `track()`: everything but what Tailor stamps itself. */
export const EventDataSchema = z.strictObject({
  items: z.optional(z.array(ItemSchema).check(z.maxLength(200))),
  value: z.optional(z.number()),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
  page: z.optional(z.string().check(z.maxLength(2000))),
  slot: z.optional(z.string().check(z.maxLength(200))),
  variant: z.optional(z.string().check(z.maxLength(200))),
  path: z.optional(z.enum(['model', 'segment', 'default'])),
})
export type EventData = z.infer<typeof EventDataSchema>

/** One thing a shopper did. `id` dedupes, `ts` is epoch milliseconds, `session_id` groups visits. */
export const EventSchema = z.strictObject({
  ...EventDataSchema.def.shape,
  id: z.string().check(z.minLength(1)),
  type: EventTypeSchema,
  ts: z.number().check(z.nonnegative()),
  session_id: z.string().check(z.minLength(1)),
})
export type TailorEvent = z.infer<typeof EventSchema>
