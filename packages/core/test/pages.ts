import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest'
import { createTailor, type TailorOptions } from '../src/index'

// What the browser-shell tests share: a home page with a hero slot the fixture model can decide
// (lamps or rugs), a product page described by JSON-LD, and a new shopper for each test.

export const HOME = `
  <section data-tailor-slot="hero">
    <h1>Default</h1>
    <template data-tailor-segment="new-visitor"><h1>Welcome</h1></template>
    <template data-tailor-variant="hero-lamps" data-tailor-target="lamps"><h1>Lamps for you</h1></template>
    <template data-tailor-variant="hero-rugs" data-tailor-target="rugs"><h1>Rugs for you</h1></template>
  </section>`

/** A product page for `sku` in `category`, as its JSON-LD tells it. */
export const productPage = (sku: string, category: string) =>
  `<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', sku, category })}</script><h1>${sku}</h1>`

/**
 * For each test of the file: a new shopper (empty IndexedDB and localStorage), and console.warn
 * captured; `warnings()` lists what was warned. Call at the top of a happy-dom test file.
 */
export function useNewShopper() {
  let spy: MockInstance<typeof console.warn>
  beforeEach(() => {
    vi.stubGlobal('indexedDB', new IDBFactory())
    localStorage.clear()
    spy = vi.spyOn(console, 'warn').mockImplementation(() => {})
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })
  return {
    get warn() {
      return spy
    },
    warnings: () => spy.mock.calls.map((call) => String(call[0])),
  }
}

/** One page load: the page's markup, a fresh instance, start() to the end, then the page goes away. */
export async function pageLoad(html: string, options: TailorOptions) {
  document.body.innerHTML = html
  const tailor = createTailor(options)
  const decisions = await tailor.start()
  await tailor.destroy()
  return { tailor, decisions, hero: document.querySelector('[data-tailor-slot] h1')?.textContent }
}
