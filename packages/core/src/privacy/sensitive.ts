import type { EventData, Item } from '../events/schema'
import type { Manifest } from '../model/schema'

/**
 * Categories Tailor never learns from and never individualizes by default: what a shop could
 * infer from them (health, a pregnancy, faith, sexuality, money trouble) must not be inferred at
 * all. Matched by whole words, so `Health & Beauty` and `baby/strollers` match, `babyshower` not.
 */
export const SENSITIVE_CATEGORIES: readonly string[] = [
  'health',
  'medical',
  'pharmacy',
  'mental-health',
  'pregnancy',
  'maternity',
  'fertility',
  'baby',
  'religion',
  'sexuality',
  'sexual-wellness',
  'lgbtq',
  'adult',
  'financial-hardship',
  'debt',
  'gambling',
  'addiction',
  'weight-loss',
  'politics',
]

/** Lowercase words joined by `-`, with a `-` at each end, so a listed term matches whole words only. */
const words = (text: string) => `-${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-')}-`

/** The listed term `text` names (as whole words), if any: `sensitiveTerm(SENSITIVE_CATEGORIES)('Health & Beauty')` is `health`. */
export function sensitiveTerm(terms: readonly string[]): (text: string | undefined) => string | undefined {
  const wanted = terms.map((term) => ({ term, slug: words(term) })).filter(({ slug }) => slug.length > 2)
  return (text) => {
    if (!text) return undefined
    const slug = words(text)
    return wanted.find((term) => slug.includes(term.slug))?.term
  }
}

const CONTEXT_TEXT = ['referrer', 'utm_source', 'utm_medium', 'utm_campaign'] as const

/**
 * `data` without what would reveal a sensitive interest: items in a sensitive category (or that
 * `sensitiveItem` names, e.g. a catalog's `sensitive` products), declared traits, and a page,
 * search term, referrer or campaign that name one. A purchase's `value` becomes that of the items kept, so the
 * total does not tell what was left out. Undefined when every item is sensitive: the event is not
 * recorded at all.
 */
export function withoutSensitive(data: EventData, term: (text: string | undefined) => string | undefined, sensitiveItem: (item: Item) => boolean = () => false): EventData | undefined {
  const next = { ...data }
  if (data.items?.length) {
    const kept = data.items.filter((item) => !term(item.item_category) && !sensitiveItem(item))
    if (kept.length === 0) return undefined
    if (kept.length < data.items.length) {
      next.items = kept
      if (next.value !== undefined) next.value = kept.reduce((sum, item) => sum + (item.price ?? 0) * (item.quantity ?? 1), 0)
    }
  }
  if (next.traits) next.traits = Object.fromEntries(Object.entries(next.traits).filter(([key, value]) => !term(key) && !(typeof value === 'string' && term(value))))
  if (term(next.page)) delete next.page
  if (term(next.search_term)) delete next.search_term
  if (next.context && CONTEXT_TEXT.some((field) => term(next.context![field]))) {
    next.context = { ...next.context }
    for (const field of CONTEXT_TEXT) if (term(next.context[field])) delete next.context[field]
  }
  return next
}

/** Where `manifest` names a sensitive term (a feature's name or key, a target's id, label or metadata), as `what: term`; undefined when nowhere. */
export function sensitiveInModel(manifest: Manifest, term: (text: string | undefined) => string | undefined): string | undefined {
  for (const feature of manifest.features) {
    const found = term(feature.name) ?? ('key' in feature ? term(feature.key) : undefined)
    if (found) return `feature ${feature.name}: ${found}`
  }
  for (const target of manifest.targets) {
    const texts = [target.id, target.label, ...Object.values(target.metadata ?? {}).map(String)]
    const found = texts.map(term).find(Boolean)
    if (found) return `target ${target.id}: ${found}`
  }
  return undefined
}
