// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import type { Product } from '../decide/schema'
import { readSlot, renderSlot } from './slots'

beforeEach(() => {
  document.body.innerHTML = `
    <section data-tailor-slot="hero">
      <h1>Default</h1>
      <div><template data-tailor-variant="nested" data-tailor-target="vases"><h1>Nested</h1></template></div>
      <template data-tailor-segment="new-visitor"><h1>Welcome</h1></template>
      <template data-tailor-variant="hero-lamps" data-tailor-target="lamps"><h1 class="lamps">Lamps</h1><p>for you</p></template>
      <template data-tailor-variant="hero-rugs" data-tailor-target="rugs"><h1>Rugs</h1></template>
      <template data-tailor-variant="hero-lamps" data-tailor-target="rugs"><h1>Duplicate</h1></template>
      <template data-tailor-variant="broken"><h1>No target</h1></template>
    </section>
    <section data-tailor-slot="recs" data-tailor-count="2.7" data-tailor-category="lamps" data-tailor-min-price="10" data-tailor-max-price="99.5" data-tailor-pin=" lamp-2  lamp-1 ">
      Loading picks…
      <p class="empty">Popular picks</p>
      <template data-tailor-segment="sale"><p>On sale</p></template>
      <template data-tailor-product><article><h3 data-tailor-bind="name"></h3><a data-tailor-bind-href="url">View</a></article></template>
      <template data-tailor-product><article class="second">Ignored</article></template>
    </section>`
})

const element = (name: string) => document.querySelector<HTMLElement>(`[data-tailor-slot="${name}"]`)!
/** The slot's content as a shopper sees it: text of everything but its templates. */
const shown = (name: string) =>
  [...element(name).childNodes]
    .filter((child) => child.nodeName !== 'TEMPLATE')
    .map((child) => child.textContent!.trim())
    .filter(Boolean)

/** A product slot with `attributes` on it, read. */
function productSlot(attributes: Record<string, string>) {
  const slot = document.createElement('div')
  for (const [name, value] of Object.entries(attributes)) slot.setAttribute(name, value)
  slot.innerHTML = '<template data-tailor-product><p data-tailor-bind="name"></p></template>'
  return readSlot(slot).options.products
}

describe('readSlot', () => {
  it('reads a variant slot: its own variants with a target and its segments, in markup order, first one of an id', () => {
    const slot = readSlot(element('hero'))
    expect(slot.name).toBe('hero')
    expect(slot.element).toBe(element('hero'))
    expect(slot.options).toEqual({
      variants: [
        { id: 'hero-lamps', target: 'lamps' },
        { id: 'hero-rugs', target: 'rugs' },
      ],
      segments: ['new-visitor'],
    })
    expect(slot.templates.variants.get('hero-lamps')!.innerHTML).toContain('Lamps')
    expect(slot.templates.segments.get('new-visitor')!.innerHTML).toContain('Welcome')
    expect(slot.templates.product).toBeUndefined()
  })

  it('reads a product slot’s count, category, price bounds and pins', () => {
    const slot = readSlot(element('recs'))
    expect(slot.options).toEqual({
      variants: [],
      segments: ['sale'],
      products: { count: 2, category: 'lamps', minPrice: 10, maxPrice: 99.5, pin: ['lamp-2', 'lamp-1'] },
    })
    expect(slot.templates.product!.innerHTML).toContain('data-tailor-bind="name"')
  })

  it('shows 4 products unless a count of at least 1 is given', () => {
    const counts = [undefined, '', 'abc', '0', '0.5', '-2', 'Infinity', '1', '12']
    const read = counts.map((count) => productSlot(count === undefined ? {} : { 'data-tailor-count': count })!.count)
    expect(read).toEqual([4, 4, 4, 4, 4, 4, 4, 1, 12])
  })

  it('leaves out filters that are absent, empty or not numbers', () => {
    expect(productSlot({})).toEqual({ count: 4, category: undefined, minPrice: undefined, maxPrice: undefined, pin: undefined })
    const blank = productSlot({ 'data-tailor-category': '', 'data-tailor-min-price': ' ', 'data-tailor-max-price': 'cheap', 'data-tailor-pin': '  ' })
    expect(blank).toEqual({ count: 4, category: undefined, minPrice: undefined, maxPrice: undefined, pin: [] })
    expect(productSlot({ 'data-tailor-min-price': '0' })!.minPrice).toBe(0)
  })
})

const catalog = new Map<string, Product>([
  ['lamp-1', { id: 'lamp-1', name: 'Arc lamp', url: '/p/lamp-1' }],
  ['lamp-2', { id: 'lamp-2', name: 'Desk lamp', url: '/p/lamp-2' }],
  ['rug-1', { id: 'rug-1', name: 'Wool rug', url: '/p/rug-1' }],
])

describe('renderSlot', () => {
  it('replaces the default content with a clone of the chosen variant and marks the slot final', () => {
    renderSlot(readSlot(element('hero')), { slot: 'hero', path: 'model', variant: 'hero-lamps', target: 'lamps', score: 0.9, reason: '' }, catalog)
    expect(shown('hero')).toEqual(['Lamps', 'for you'])
    expect(element('hero').dataset).toMatchObject({ tailorState: 'final', tailorPath: 'model', tailorContent: 'hero-lamps' })
    expect(element('hero').hasAttribute('data-tailor-holdout')).toBe(false)
    expect(element('hero').dataset.tailorProducts).toBeUndefined()
    // The templates stay, unchanged.
    expect(element('hero').querySelectorAll(':scope > template')).toHaveLength(5)
    expect(element('hero').querySelector('template[data-tailor-variant="hero-lamps"]')!.innerHTML).toContain('Lamps')
  })

  it('shows a segment template', () => {
    renderSlot(readSlot(element('hero')), { slot: 'hero', path: 'segment', segment: 'new-visitor', reason: '' }, catalog)
    expect(shown('hero')).toEqual(['Welcome'])
    expect(element('hero').dataset).toMatchObject({ tailorState: 'final', tailorPath: 'segment', tailorContent: 'new-visitor' })
  })

  it('leaves the default content in place on the default path', () => {
    renderSlot(readSlot(element('hero')), { slot: 'hero', path: 'default', reason: 'no model loaded' }, catalog)
    expect(shown('hero')).toEqual(['Default'])
    expect(element('hero').dataset).toMatchObject({ tailorState: 'final', tailorPath: 'default' })
    expect(element('hero').dataset.tailorContent).toBeUndefined()
  })

  it('shows one bound card per product, in order, in place of the default content', () => {
    const slot = readSlot(element('recs'))
    renderSlot(slot, { slot: 'recs', path: 'model', products: ['lamp-2', 'rug-1', 'lamp-1'], score: 0.8, reason: '' }, catalog)
    const cards = [...element('recs').querySelectorAll<HTMLElement>(':scope > article')]
    expect(cards.map((card) => [card.dataset.tailorProductId, card.querySelector('h3')!.textContent, card.querySelector('a')!.getAttribute('href')])).toEqual([
      ['lamp-2', 'Desk lamp', 'http://localhost:3000/p/lamp-2'],
      ['rug-1', 'Wool rug', 'http://localhost:3000/p/rug-1'],
      ['lamp-1', 'Arc lamp', 'http://localhost:3000/p/lamp-1'],
    ])
    expect(shown('recs')).toEqual(['Desk lampView', 'Wool rugView', 'Arc lampView'])
    expect(element('recs').querySelectorAll(':scope > template')).toHaveLength(3)
    expect(element('recs').dataset).toMatchObject({ tailorState: 'final', tailorPath: 'model', tailorProducts: 'lamp-2 rug-1 lamp-1' })
    expect(element('recs').dataset.tailorContent).toBeUndefined()
  })

  it('marks a holdout shopper’s slot', () => {
    renderSlot(readSlot(element('recs')), { slot: 'recs', path: 'segment', segment: 'sale', holdout: true, reason: '' }, catalog)
    expect(shown('recs')).toEqual(['On sale'])
    expect(element('recs').dataset).toMatchObject({ tailorState: 'final', tailorPath: 'segment', tailorContent: 'sale' })
    // happy-dom leaves empty values out of the dataset's keys: read the attribute itself.
    expect(element('recs').getAttribute('data-tailor-holdout')).toBe('')
    expect(element('recs').dataset.tailorProducts).toBeUndefined()
  })
})
