import type { Item } from '../events/schema'
import { isObject, parsePrice, text, type Json } from './normalize'

/** A name given as text or as a schema.org Thing (`{ "@type": "Brand", "name": … }`). */
const named = (value: unknown) => (isObject(value) ? text(value.name) : text(value))

/** Drops undefined fields: events are validated as strict objects under exactOptionalPropertyTypes. */
function item(fields: { [K in keyof Item]?: unknown }): Item | undefined {
  if (!text(fields.item_id)) return undefined
  const result: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) result[key] = value
  return result as Item
}

function fromJsonLd(node: Json): Item | undefined {
  const offers = Array.isArray(node.offers) ? node.offers[0] : node.offers
  const offer = isObject(offers) ? offers : {}
  return item({
    item_id: text(node.sku) ?? text(node.productID) ?? text(node['@id']),
    item_name: text(node.name),
    item_category: named(node.category),
    item_brand: named(node.brand),
    price: parsePrice(offer.price ?? offer.lowPrice),
  })
}

/** Told what broken input was skipped (the `debug` option), never thrown at. */
export type Skipped = (what: string) => void

function collectProducts(node: unknown, out: Item[], skipped: Skipped): void {
  if (Array.isArray(node)) {
    for (const child of node) collectProducts(child, out, skipped)
  } else if (isObject(node)) {
    const type = node['@type']
    if (type === 'Product' || (Array.isArray(type) && type.includes('Product'))) {
      const product = fromJsonLd(node)
      if (product) out.push(product)
      else skipped(`a JSON-LD Product without sku, productID or @id (${text(node.name) ?? 'unnamed'})`)
    }
    if (node['@graph']) collectProducts(node['@graph'], out, skipped)
  }
}

/** A microdata property's value: `content` (meta, or any element that gives it), else the text. */
function property(scope: Element, name: string): string | undefined {
  for (const element of scope.querySelectorAll(`[itemprop~="${name}"]`)) {
    // Only this scope's own properties: not those of a nested item (a review's name, say).
    if (element.parentElement?.closest('[itemscope]') !== scope) continue
    return text(element.getAttribute('content') ?? element.textContent)
  }
  return undefined
}

function fromMicrodata(scope: Element): Item | undefined {
  const nested = (name: string) => scope.querySelector(`[itemprop~="${name}"][itemscope]`)
  const offer = nested('offers')
  const brand = nested('brand')
  return item({
    item_id: property(scope, 'sku') ?? property(scope, 'productID'),
    item_name: property(scope, 'name'),
    item_category: property(scope, 'category'),
    item_brand: brand ? property(brand, 'name') : property(scope, 'brand'),
    price: parsePrice(offer ? (property(offer, 'price') ?? property(offer, 'lowPrice')) : property(scope, 'price')),
  })
}

/** Open Graph's product page (`og:type` product): the last resort when the page has no structured data. */
function fromOpenGraph(root: ParentNode): Item | undefined {
  const meta = (name: string) => text(root.querySelector(`meta[property="${name}"]`)?.getAttribute('content'))
  if (!/^(og:)?product/.test(meta('og:type') ?? '')) return undefined
  return item({
    item_id: meta('product:retailer_item_id') ?? meta('og:url'),
    item_name: meta('og:title'),
    item_category: meta('product:category'),
    item_brand: meta('product:brand'),
    price: parsePrice(meta('product:price:amount')),
  })
}

/** The item an element marks with `data-tailor-item` and its sibling attributes. */
export function markedItem(element: HTMLElement): Item | undefined {
  const data = element.dataset
  return item({
    item_id: text(data.tailorItem),
    item_name: text(data.tailorName),
    item_category: text(data.tailorCategory),
    item_brand: text(data.tailorBrand),
    price: parsePrice(data.tailorPrice),
  })
}

/** One entry per item id, each field taken from the first report that has it. */
function mergeItems(items: readonly Item[]): Item[] {
  const byId = new Map<string, Item>()
  for (const item of items) byId.set(item.item_id, { ...item, ...byId.get(item.item_id) })
  return [...byId.values()]
}

/**
 * The products this page is about, from every description it carries: elements marked
 * `data-tailor-item="<id>"` (with optional `data-tailor-name`, `-category`, `-brand`, `-price`)
 * outside product lists,
 * schema.org Product as JSON-LD (objects, arrays, `@graph`, Offer or AggregateOffer) and as
 * microdata, and, when none of these is there, an Open Graph product. One entry per id, its
 * fields from the first source that has them. Broken markup is skipped (and told to `skipped`),
 * never thrown.
 */
export function readProducts(root: ParentNode, skipped: Skipped = () => {}): Item[] {
  const found: Item[] = []
  const add = (product: Item | undefined) => product && found.push(product)
  root.querySelectorAll<HTMLElement>('[data-tailor-item]').forEach((element) => {
    // Items in a list (`data-tailor-list`) are shown, not viewed: the late capture reports them.
    if (!element.closest('[data-tailor-list]')) add(markedItem(element))
  })
  root.querySelectorAll('script[type="application/ld+json"]').forEach((script) => {
    try {
      collectProducts(JSON.parse(script.textContent ?? ''), found, skipped)
    } catch {
      // Broken markup is common on host pages and not Tailor's to report loudly.
      skipped('a JSON-LD block that is not valid JSON')
    }
  })
  root.querySelectorAll('[itemscope][itemtype$="schema.org/Product"]').forEach((scope) => add(fromMicrodata(scope)))
  if (found.length === 0) add(fromOpenGraph(root))
  return mergeItems(found)
}
