import type { EventData, Item } from '../events/schema'
import { watchDataLayer } from './datalayer'
import { markedItem, readProducts, type Skipped } from './products'

export interface LateCaptureOptions {
  /** The URL parameter a search results page carries its query in, e.g. `q`: recorded as a search. */
  searchParam?: string | undefined
  /** Writes what is pending: called after the engagement is recorded, as the page is hidden. */
  flush?: (() => unknown) | undefined
  /** Told what broken input was skipped (the `debug` option). */
  skipped?: Skipped | undefined
}

const isItem = (item: Item | undefined): item is Item => item !== undefined

/** A slot counts as seen when at least half of it is in view for a second (the IAB's viewability rule). */
const VISIBLE_SHARE = 0.5
const VISIBLE_MS = 1000

/** What a rendered slot shows, from the attributes renderSlot set, as impression and click data. */
function shownIn(slot: HTMLElement): EventData {
  const data = slot.dataset
  const shown: EventData = { slot: data.tailorSlot ?? '', path: data.tailorPath as EventData['path'] }
  if (data.tailorContent) shown.variant = data.tailorContent
  if (data.tailorProducts) shown.items = data.tailorProducts.split(' ').map((item_id) => ({ item_id }))
  if (data.tailorHoldout !== undefined) shown.holdout = true
  return shown
}

/**
 * Capture that can wait until the slots are decided, loaded as its own chunk: the products the
 * page describes (markup, JSON-LD, microdata, Open Graph) as one `view_item`; GA4 events from
 * the page's dataLayer (with those pushed before, replayed); single-page-app navigations as page
 * views; `data-tailor-add-to-cart` clicks, `data-tailor-search` form submissions and
 * `data-tailor-list` product lists; the search query from `searchParam`; on product pages, dwell
 * time and scroll depth. Listeners are passive and read no layout (the page height is read once,
 * as the page is hidden). Returns `stop`, which stops it all, and `watch`, which counts a rendered
 * slot's impression.
 */
export function startCapture(
  record: (type: string, data: EventData) => void,
  { searchParam, flush, skipped }: LateCaptureOptions = {},
): { stop: () => void; watch: (slot: HTMLElement) => void } {
  const viewed = readProducts(document, skipped)
  if (viewed.length > 0) record('view_item', { items: viewed })
  const stops: Array<() => void> = []
  const listen = (type: string, listener: (event: Event) => void) => {
    addEventListener(type, listener, { capture: true, passive: true })
    stops.push(() => removeEventListener(type, listener, { capture: true }))
  }
  const search = (term: string | null | undefined) => {
    const value = term?.trim().slice(0, 200)
    // An empty box is no search (track() drops a term that is personal data).
    if (value) record('search', { search_term: value })
  }

  document.querySelectorAll<HTMLElement>('[data-tailor-list]').forEach((list) => {
    const items = [...list.querySelectorAll<HTMLElement>('[data-tailor-item]')].map(markedItem).filter(isItem)
    if (items.length > 0) record('view_item_list', { items: items.slice(0, 200) })
  })
  if (searchParam) {
    const term = new URLSearchParams(location.search).get(searchParam)
    if (term) search(term)
  }
  // On a product page: how long it was open and how far down it was read, recorded once, when it
  // is first hidden (then written at once: the page may be going away).
  if (viewed.length > 0) {
    let deepest = 0
    let done = false
    listen('scroll', () => {
      deepest = Math.max(deepest, scrollY)
    })
    listen('visibilitychange', () => {
      if (done || document.visibilityState !== 'hidden') return
      done = true
      const height = document.documentElement.scrollHeight || 1
      const items = viewed.map(({ item_id }) => ({ item_id }))
      record('product_engagement', { items, dwell_ms: Math.min(86_400_000, Math.round(performance.now())), scroll_depth: Math.min(1, (deepest + innerHeight) / height) })
      flush?.()
    })
  }
  // Slot impressions: one per rendered slot, once it has been half in view for a second.
  const timers = new Map<Element, ReturnType<typeof setTimeout>>()
  const counted = new WeakSet<Element>()
  const visibility =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const { target, isIntersecting, intersectionRatio } of entries) {
              clearTimeout(timers.get(target))
              if (!isIntersecting || intersectionRatio < VISIBLE_SHARE) continue
              timers.set(
                target,
                setTimeout(() => {
                  counted.add(target)
                  visibility!.unobserve(target)
                  record('slot_impression', shownIn(target as HTMLElement))
                }, VISIBLE_MS),
              )
            }
          },
          { threshold: VISIBLE_SHARE },
        )
      : undefined
  stops.push(() => {
    visibility?.disconnect()
    timers.forEach((timer) => clearTimeout(timer))
  })
  const watch = (slot: HTMLElement) => {
    if (counted.has(slot)) return
    if (visibility) visibility.observe(slot)
    else {
      counted.add(slot)
      record('slot_impression', shownIn(slot))
    }
  }
  listen('click', (event) => {
    const target = event.target as Element | null
    const slot = target?.closest?.<HTMLElement>('[data-tailor-slot][data-tailor-state="final"]')
    if (slot) {
      const clicked = shownIn(slot)
      const product = target!.closest<HTMLElement>('[data-tailor-product-id]')?.dataset.tailorProductId
      if (product) clicked.items = [{ item_id: product }]
      record('slot_click', clicked)
    }
    const button = (event.target as Element | null)?.closest?.('[data-tailor-add-to-cart]')
    const marked = button?.closest<HTMLElement>('[data-tailor-item]')
    const item = marked && markedItem(marked)
    if (item) record('add_to_cart', { items: [item] })
  })
  listen('submit', (event) => {
    const form = (event.target as Element | null)?.closest?.('form[data-tailor-search]')
    const input = form?.querySelector<HTMLInputElement>('input[type="search"], input[name="q"], input[type="text"]')
    if (input) search(input.value)
  })
  const { dataLayer } = window as { dataLayer?: unknown }
  if (Array.isArray(dataLayer)) stops.push(watchDataLayer(dataLayer, record, skipped))

  // pushState and replaceState fire no event: wrap them (as routers expect, calling through) and
  // listen to popstate, recording a page view whenever the path changes. The path itself is not
  // recorded: nothing reads it, and a product's address can name what it is.
  let path = location.pathname
  const navigated = () => {
    if (location.pathname === path) return
    path = location.pathname
    record('page_view', {})
  }
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args)
      navigated()
      return result
    }
    history[method] = wrapped
    stops.push(() => {
      if (history[method] === wrapped) history[method] = original
    })
  }
  addEventListener('popstate', navigated)
  stops.push(() => removeEventListener('popstate', navigated))
  return { stop: () => stops.forEach((stop) => stop()), watch }
}
