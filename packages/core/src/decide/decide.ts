import type { Candidate } from '../features/features'
import type { Scores } from '../model/scorer'
import { counterKey } from '../profile/profile'
import type { ProfileState } from '../profile/schema'
import type { Merchandising, Product } from './schema'

const DAY_MS = 86_400_000

/** What a slot offers: variants aimed at model targets or a list of catalog products, and segment fallbacks. */
export interface SlotOptions {
  variants: ReadonlyArray<{ id: string; target: string }>
  segments: readonly string[]
  /** A product slot: how many products it shows, and the slot's own filters and pins. */
  products?: {
    count: number
    category?: string | undefined
    minPrice?: number | undefined
    maxPrice?: number | undefined
    pin?: readonly string[] | undefined
  }
}

/** One variant or product the slot considered: its rank score, or why it was left out. */
export interface Considered {
  id: string
  score?: number
  skipped?: string
}

/** Which content a slot shows, and why. */
export interface Decision {
  slot: string
  /** `model`: ranked for this shopper; `segment`: the shopper's first segment the slot has content for; `default`: the slot's own content. */
  path: 'model' | 'segment' | 'default'
  variant?: string
  target?: string
  /** The chosen variant's propensity, or the first product's. */
  score?: number
  /** The products shown, in order (product slots on the model path). */
  products?: string[]
  segment?: string
  /** The shopper is in the holdout: the fallback path, whatever the model says. */
  holdout?: boolean
  reason: string
  /** Every candidate, ranked ones first in rank order. */
  candidates?: Considered[]
}

export interface DecideContext {
  profile: ProfileState
  now: number
  /** Propensity per target from a `scoring: "targets"` model, or null when none is loaded. */
  scores: Scores | null
  /** Propensity per product id from a pooled (`scoring: "candidates"`) model. */
  productScores?: ReadonlyMap<string, number> | null | undefined
  /** Product events needed before the model is trusted (progressive individualization). */
  minEvidence: number
  /** The shopper's segments, first match first (segmentsOf). */
  segments: readonly string[]
  holdout?: boolean | undefined
  catalog?: readonly Product[] | undefined
  merchandising?: Merchandising | undefined
  /** Impression times per variant or product id (impressionsOf), for frequency caps. */
  impressions?: ReadonlyMap<string, readonly number[]> | undefined
}

/** What the page already shows, so later slots on it can differ (diversity). */
export interface PageState {
  products: Set<string>
  categories: Map<string, number>
}

export const newPageState = (): PageState => ({ products: new Set(), categories: new Map() })

function fallback(slot: string, options: SlotOptions, { segments, holdout }: DecideContext, reason: string, candidates?: Considered[]): Decision {
  const segment = segments.find((name) => options.segments.includes(name))
  const decision: Decision =
    segment === undefined ? { slot, path: 'default', reason } : { slot, path: 'segment', segment, reason: `${reason}; segment ${segment} matches` }
  if (holdout) decision.holdout = true
  if (candidates) decision.candidates = candidates
  return decision
}

/** Why a candidate may not be shown to this shopper now, if it may not. */
function skipped(id: string, { profile, now, merchandising = {}, impressions }: DecideContext): string | undefined {
  const cap = merchandising.frequencyCap
  if (cap) {
    const seen = impressions?.get(id)?.filter((ts) => ts > now - cap.days * DAY_MS).length ?? 0
    if (seen >= cap.max) return `seen ${seen} times in ${cap.days} days`
  }
  const days = merchandising.purchasedWithinDays ?? 30
  const key = counterKey('purchase', 'item', id)
  const bought = Object.hasOwn(profile.counters, key) ? profile.counters[key] : undefined
  if (days > 0 && bought && bought.t > now - days * DAY_MS) {
    return `bought ${Math.floor((now - bought.t) / DAY_MS)} days ago`
  }
  return merchandising.exclude?.includes(id) ? 'excluded' : undefined
}

const byScore = (a: Considered, b: Considered) => (b.score ?? -1) - (a.score ?? -1)

/**
 * The individualization contract for one slot. Eligible candidates only (merchandising rules,
 * stock, sensitive products); ranked by propensity × value × boost when a model is loaded, the
 * shopper is not in the holdout and the profile holds enough evidence; else the shopper's first
 * segment the slot has content for; else the slot's default content. `page` carries what earlier
 * slots on the page show, so a page never shows a product twice and spreads its categories.
 */
export function decide(slot: string, options: SlotOptions, context: DecideContext, page: PageState = newPageState()): Decision {
  const { profile, scores, productScores, minEvidence, holdout, catalog = [], merchandising = {} } = context
  if (holdout) return fallback(slot, options, context, 'holdout: this shopper sees the fallback path')
  if (profile.evidence < minEvidence) return fallback(slot, options, context, `evidence ${profile.evidence} is below the minimum of ${minEvidence}`)
  if (!scores && !productScores) return fallback(slot, options, context, 'no model loaded')
  const boost = (key: string | undefined) => (key !== undefined && Object.hasOwn(merchandising.boosts ?? {}, key) ? merchandising.boosts![key]! : 1)
  const diverse = merchandising.diversity ?? true

  if (!options.products) {
    const considered = options.variants.map(({ id, target }): Considered => {
      const why = skipped(id, context)
      const score = scores?.get(target)
      return why ? { id, skipped: why } : score === undefined ? { id, skipped: `the model has no target ${target}` } : { id, score: score * boost(id) }
    })
    considered.sort(byScore)
    const best = considered[0]
    if (best?.score === undefined) return fallback(slot, options, context, 'no variant can be ranked', considered)
    const { target } = options.variants.find((variant) => variant.id === best.id)!
    const score = scores!.get(target)!
    return { slot, path: 'model', variant: best.id, target, score, reason: `highest propensity: ${target} ${score.toFixed(3)}`, candidates: considered }
  }

  const { count, category, minPrice = 0, maxPrice = Infinity, pin = [] } = options.products
  const propensity = new Map<string, number>()
  const considered = catalog
    .filter((product) => category === undefined || product.category === category)
    .map((product): Considered => {
      const { id } = product
      const why =
        product.available === false
          ? 'out of stock'
          : product.sensitive
            ? 'sensitive'
            : (product.price ?? 0) < minPrice || (product.price ?? 0) > maxPrice
              ? 'price outside the slot'
              : diverse && page.products.has(id)
                ? 'shown in another slot'
                : skipped(id, context)
      const score = productScores ? productScores.get(id) : (scores?.get(id) ?? (product.category === undefined ? undefined : scores?.get(product.category)))
      if (why) return { id, skipped: why }
      if (score === undefined) return { id, skipped: 'the model does not score it' }
      propensity.set(id, score)
      const shown = diverse && product.category !== undefined ? (page.categories.get(product.category) ?? 0) : 0
      return { id, score: score * (product.value ?? 1) * boost(id) * boost(product.category) * 0.5 ** shown }
    })
  considered.sort(byScore)
  // Pins first, once each; then the best by score, a category's score halved again for each
  // product of it already chosen, on this page or in this slot.
  const ranked = considered.filter((c) => c.score !== undefined)
  const chosen = [...new Set(pin)].filter((id) => ranked.some((c) => c.id === id)).slice(0, count)
  const categoryOf = new Map(catalog.map((product) => [product.id, product.category]))
  // Earlier slots' categories are in the candidates' scores already; this slot's own picks are not.
  const mine = new Map<string, number>()
  const place = (id: string) => {
    page.products.add(id)
    const placed = categoryOf.get(id)
    if (placed === undefined) return
    page.categories.set(placed, (page.categories.get(placed) ?? 0) + 1)
    mine.set(placed, (mine.get(placed) ?? 0) + 1)
  }
  chosen.forEach(place)
  while (chosen.length < count) {
    let best: Considered | undefined
    let bestScore = -1
    for (const c of ranked) {
      if (chosen.includes(c.id)) continue
      const placed = categoryOf.get(c.id)
      const score = c.score! * 0.5 ** (diverse && placed !== undefined ? (mine.get(placed) ?? 0) : 0)
      if (score > bestScore) [best, bestScore] = [c, score]
    }
    if (!best) break
    chosen.push(best.id)
    place(best.id)
  }
  if (chosen.length === 0) return fallback(slot, options, context, 'no eligible product can be ranked', considered)
  const score = propensity.get(chosen[0]!)!
  return { slot, path: 'model', products: chosen, score, reason: `highest propensity × value: ${chosen.join(', ')}`, candidates: considered }
}

/** Impression times per variant and product id, from the `slot_impression` events of a log (those at `since` or later). */
export function impressionsOf(log: ProfileState['log'], since = -Infinity): Map<string, number[]> {
  const seen = new Map<string, number[]>()
  const add = (id: string, ts: number) => seen.set(id, [...(seen.get(id) ?? []), ts])
  for (const event of log) {
    if (event.type !== 'slot_impression' || event.ts < since) continue
    if (event.variant !== undefined) add(event.variant, event.ts)
    for (const item of event.items ?? []) add(item.item_id, event.ts)
  }
  return seen
}

/** A catalog product as a pooled model's candidate. */
export const candidateOf = ({ id, category, brand, price, prior }: Product): Candidate => ({ id, item_id: id, item_category: category, item_brand: brand, price, prior })
