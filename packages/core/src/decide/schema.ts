import * as z from 'zod/mini'
import { SegmentRulesSchema } from '../segments/schema'

const id = z.string().check(z.minLength(1), z.maxLength(200))
const text = z.string().check(z.maxLength(500))
// Any string is accepted here; what reaches a page is URL-checked when it is bound (slots/bind.ts).
const url = z.string().check(z.maxLength(2000))

/**
 * A product a slot can show, as a catalog feed gives it. Rendered only through a merchant's
 * `<template data-tailor-product>`: every value is bound as text or as a checked URL, never as HTML.
 */
export const ProductSchema = z.strictObject({
  id,
  name: text,
  url,
  image: z.optional(url),
  price: z.optional(z.number().check(z.nonnegative())),
  /** ISO 4217 code: `price` is shown formatted in it. */
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
  /** The price as the shop writes it (`1 234,50 CHF`): shown instead of Tailor's own formatting of `price`. */
  priceText: z.optional(z.string().check(z.maxLength(100))),
  category: z.optional(id),
  brand: z.optional(id),
  /** `false`: out of stock, never shown. */
  available: z.optional(z.boolean()),
  /** A sensitive product (health, intimate, …) is never chosen by the model for this shopper. */
  sensitive: z.optional(z.boolean()),
  /** Business value weight (e.g. margin): a product's rank is propensity × value. Default 1. */
  value: z.optional(z.number().check(z.nonnegative())),
  /** A prior for pooled models' `candidate_prior` feature, e.g. popularity. */
  prior: z.optional(z.number()),
})
export type Product = z.infer<typeof ProductSchema>

/** Merchandising rules applied before any product is ranked. */
export const MerchandisingSchema = z.strictObject({
  /** Products bought within this many days are not offered again; 0 turns it off. Default 30. */
  purchasedWithinDays: z.optional(z.number().check(z.nonnegative())),
  /** A product or variant seen (impressions) `max` times within `days` days is rested. */
  frequencyCap: z.optional(z.strictObject({ max: z.int().check(z.positive()), days: z.number().check(z.positive()) })),
  /** Never offered: product ids. */
  exclude: z.optional(z.array(id).check(z.maxLength(1000))),
  /** Rank multipliers by product id or category, e.g. `{ "garden": 1.5 }`. */
  boosts: z.optional(z.record(id, z.number().check(z.nonnegative()))),
  /** No product twice on one page, and a product's score halves for each product of its category already shown. Default true. */
  diversity: z.optional(z.boolean()),
})
export type Merchandising = z.infer<typeof MerchandisingSchema>

/** A holdout: `share` (0–1) of shoppers, bucketed by anonymous id and `salt`, always sees the fallback path. */
export const HoldoutSchema = z.strictObject({
  share: z.number().check(z.gte(0), z.lte(1)),
  salt: z.optional(z.string().check(z.maxLength(100))),
})
export type Holdout = z.infer<typeof HoldoutSchema>

/**
 * What a site declares about its slots, as `createTailor()` options or as the JSON of a
 * `<script type="application/json" data-tailor-config>` element.
 */
export const SlotConfigSchema = z.strictObject({
  catalog: z.optional(z.array(ProductSchema).check(z.maxLength(5000))),
  segments: z.optional(SegmentRulesSchema),
  merchandising: z.optional(MerchandisingSchema),
  holdout: z.optional(HoldoutSchema),
})
export type SlotConfig = z.infer<typeof SlotConfigSchema>
