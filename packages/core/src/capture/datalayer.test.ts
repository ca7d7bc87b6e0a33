import { describe, expect, it, vi } from 'vitest'
import ga4 from '../../test/fixtures/ga4/events.json'
import type { EventData } from '../events/schema'
import { fromGa4, watchDataLayer } from './datalayer'

const gtm = (entry: { event: string; ecommerce?: unknown; search_term?: string }) => fromGa4(entry.event, entry.event === 'search' ? entry : entry.ecommerce)

describe('GA4 events', () => {
  it('maps view_item, with the category levels as one path and unknown GA4 fields left out', () => {
    expect(gtm(ga4.view_item)).toEqual({
      type: 'view_item',
      data: {
        currency: 'USD',
        value: 30.03,
        items: [
          {
            item_id: 'SKU_12345',
            item_name: 'Stan and Friends Tee',
            item_brand: 'Google',
            item_category: 'Apparel > Adult > Shirts > Crew > Short sleeve',
            price: 10.01,
            quantity: 3,
          },
        ],
      },
    })
  })

  it('reads prices written with symbols and local separators', () => {
    expect(gtm(ga4.add_to_cart)?.data).toMatchObject({ currency: 'EUR', value: 1234.56, items: [{ price: 1234.56 }] })
  })

  it('maps purchase with its value and every item', () => {
    expect(gtm(ga4.purchase)).toMatchObject({ type: 'purchase', data: { value: 72.05, currency: 'USD', items: [{ quantity: 3 }, { quantity: 2 }] } })
  })

  it('takes item_name as the id when an item has no item_id, and skips items with neither', () => {
    expect(gtm(ga4.view_item_list)?.data.items).toEqual([{ item_id: 'SKU_1' }, { item_id: 'Named only', item_name: 'Named only' }])
  })

  it('keeps the search term (track() drops one that is personal data)', () => {
    expect(gtm(ga4.search)).toEqual({ type: 'search', data: { search_term: 't-shirts' } })
  })

  it('drops what is broken (currency "ABC", a price of {}) and keeps the rest', () => {
    expect(gtm(ga4.broken)).toEqual({ type: 'add_to_cart', data: { items: [{ item_id: 'X' }] } })
  })

  it('ignores events outside GA4 ecommerce and non-object parameters', () => {
    expect(fromGa4('gtm.js', {})).toBeUndefined()
    expect(fromGa4('view_item', 'oops')).toBeUndefined()
  })
})

describe('watchDataLayer', () => {
  /** What gtag.js pushes: its `arguments` object, not an array. */
  const gtag = (dataLayer: unknown[], ...args: unknown[]) =>
    dataLayer.push(
      (function (..._: unknown[]) {
        // eslint-disable-next-line prefer-rest-params
        return arguments
      })(...args),
    )

  it('records pushes made before and after it started, GTM style and gtag style', () => {
    const dataLayer: unknown[] = [{ event: 'gtm.js' }, ga4.view_item]
    const seen: Array<[string, EventData]> = []
    watchDataLayer(dataLayer, (type, data) => seen.push([type, data]))
    dataLayer.push(ga4.purchase, { ecommerce: null })
    gtag(dataLayer, 'event', 'add_to_cart', { items: [{ item_id: 'G1' }] })
    expect(seen.map(([type]) => type)).toEqual(['view_item', 'purchase', 'add_to_cart'])
    expect(dataLayer).toHaveLength(5) // every push still lands in the array
  })

  it('keeps working, and keeps others working, when GTM replaces push afterwards', () => {
    const dataLayer: unknown[] = []
    const seen: string[] = []
    const stop = watchDataLayer(dataLayer, (type) => seen.push(type))
    const gtmListener = vi.fn()
    const original = dataLayer.push
    dataLayer.push = function (this: unknown[], ...entries: unknown[]) {
      gtmListener(...entries)
      return original.apply(this, entries)
    }
    dataLayer.push(ga4.search)
    expect(gtmListener).toHaveBeenCalledWith(ga4.search)
    expect(seen).toEqual(['search'])
    stop()
    dataLayer.push(ga4.search)
    expect(gtmListener).toHaveBeenCalledTimes(2) // GTM's push still works, and lands in the array
    expect(dataLayer).toHaveLength(2)
    expect(seen).toEqual(['search'])
  })

  it('never breaks the page push, whatever is pushed', () => {
    const dataLayer: unknown[] = []
    watchDataLayer(dataLayer, () => {
      throw new Error('a bug in Tailor')
    })
    expect(() => dataLayer.push(ga4.view_item, null, 42, 'x', { event: 'view_item', ecommerce: { items: 'nope' } })).not.toThrow()
  })
})
