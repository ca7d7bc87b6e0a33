import type { EventData, Item } from '../events/schema'
import { isObject, parseCurrency, parsePrice, text } from './normalize'
import type { Skipped } from './products'

/** The GA4 ecommerce events Tailor takes from a dataLayer, with `search`. */
const GA4_EVENTS = new Set([
  'view_item',
  'view_item_list',
  'select_item',
  'add_to_cart',
  'remove_from_cart',
  'add_to_wishlist',
  'view_cart',
  'begin_checkout',
  'purchase',
  'search',
])


/** A GA4 item; its category levels (item_category … item_category5) become one path, "A > B > C". */
function item(raw: unknown): Item | undefined {
  if (!isObject(raw)) return undefined
  const id = text(raw.item_id) ?? text(raw.item_name)
  if (!id) return undefined
  const result: Item = { item_id: id }
  const name = text(raw.item_name)
  const category = ['', '2', '3', '4', '5'].map((level) => text(raw[`item_category${level}`])).filter(Boolean).join(' > ')
  const brand = text(raw.item_brand)
  const price = parsePrice(raw.price)
  const quantity = Number(raw.quantity)
  if (name) result.item_name = name
  if (category) result.item_category = category.slice(0, 200)
  if (brand) result.item_brand = brand
  if (price !== undefined) result.price = price
  if (Number.isInteger(quantity) && quantity > 0) result.quantity = quantity
  return result
}

/** A GA4 event as Tailor records it, or undefined for anything else (other events, broken input). */
export function fromGa4(name: unknown, params: unknown): { type: string; data: EventData } | undefined {
  if (typeof name !== 'string' || !GA4_EVENTS.has(name) || !isObject(params)) return undefined
  const data: EventData = {}
  const items = (Array.isArray(params.items) ? params.items : []).slice(0, 200).map(item).filter((i): i is Item => i !== undefined)
  if (items.length > 0) data.items = items
  const value = parsePrice(params.value)
  const currency = parseCurrency(params.currency)
  if (value !== undefined) data.value = value
  if (currency) data.currency = currency
  const term = text(params.search_term)
  if (name === 'search' && term) data.search_term = term
  return { type: name, data }
}

/** The GA4 event in one dataLayer entry: GTM's `{ event, ecommerce }` or gtag's `arguments` (`['event', name, params]`). */
function fromEntry(entry: unknown): ReturnType<typeof fromGa4> {
  if (isObject(entry) && typeof entry.length === 'number' && entry[0] === 'event') return fromGa4(entry[1], entry[2])
  if (isObject(entry)) return fromGa4(entry.event, entry.event === 'search' ? entry : entry.ecommerce)
  return undefined
}

/**
 * Calls `handle` with every entry of `dataLayer`: those pushed before, then each new one, by
 * wrapping `push` the way GTM does: the wrapper calls the push it found, then reads the entries.
 * A later wrapper (GTM's) chains to this one, so every listener keeps working. Whatever a page
 * pushes, its own push never fails because of Tailor. Returns a function that stops reading (and
 * restores `push` if nobody wrapped it since).
 */
export function watchPushes(dataLayer: unknown[], handle: (entry: unknown) => void): () => void {
  let watching = true
  const read = (entry: unknown) => {
    try {
      if (watching) handle(entry)
    } catch {
      // The page's push goes on.
    }
  }
  dataLayer.forEach(read)
  const previous = dataLayer.push
  const push = function (this: unknown, ...entries: unknown[]): number {
    const length = previous.apply(this, entries)
    entries.forEach(read)
    return length
  }
  dataLayer.push = push
  return () => {
    watching = false
    if (dataLayer.push === push) dataLayer.push = previous
  }
}

/** Records the GA4 ecommerce events of `dataLayer` (see watchPushes); returns a function that stops. */
export function watchDataLayer(dataLayer: unknown[], record: (type: string, data: EventData) => void, skipped: Skipped = () => {}): () => void {
  return watchPushes(dataLayer, (entry) => {
    const event = fromEntry(entry)
    if (event) record(event.type, event.data)
    else if (isObject(entry) && GA4_EVENTS.has(entry.event as string)) skipped(`a GA4 ${String(entry.event)} event without an ecommerce object`)
  })
}
