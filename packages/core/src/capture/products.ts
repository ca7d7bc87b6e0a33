import type { Item } from '../events/schema'

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

function price(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined
}

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
    item_category: text(node.category),
    item_brand: isObject(node.brand) ? text(node.brand.name) : text(node.brand),
    price: price(offer.price ?? offer.lowPrice),
  })
}

function collectProducts(node: unknown, out: Item[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectProducts(child, out)
  } else if (isObject(node)) {
    const type = node['@type']
    if (type === 'Product' || (Array.isArray(type) && type.includes('Product'))) {
      const product = fromJsonLd(node)
      if (product) out.push(product)
    }
    if (node['@graph']) collectProducts(node['@graph'], out)
  }
}

/**
 * The products this page is about: elements marked `data-tailor-item="<id>"` (with optional
 * `data-tailor-name`, `-category`, `-brand`, `-price`) and schema.org Product JSON-LD. One entry
 * per id, its fields from the first source that has them.
 */
export function readProducts(root: ParentNode): Item[] {
  const found: Item[] = []
  root.querySelectorAll<HTMLElement>('[data-tailor-item]').forEach((element) => {
    const data = element.dataset
    const product = item({
      item_id: text(data.tailorItem),
      item_name: text(data.tailorName),
      item_category: text(data.tailorCategory),
      item_brand: text(data.tailorBrand),
      price: price(data.tailorPrice),
    })
    if (product) found.push(product)
  })
  root.querySelectorAll('script[type="application/ld+json"]').forEach((script) => {
    try {
      collectProducts(JSON.parse(script.textContent ?? ''), found)
    } catch {
      // Broken markup on the host page is common and not ours to report: skip that block.
    }
  })
  return mergeItems(found)
}

/** One entry per item id, each field taken from the first report that has it. */
function mergeItems(items: readonly Item[]): Item[] {
  const byId = new Map<string, Item>()
  for (const item of items) byId.set(item.item_id, { ...item, ...byId.get(item.item_id) })
  return [...byId.values()]
}
