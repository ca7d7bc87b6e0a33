// @vitest-environment happy-dom
// @vitest-environment-options { "url": "http://127.0.0.1/", "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import fixture from '../test/fixtures/manifest.json'
import { startModelServer, useModelServer } from '../test/model-server'
import { HOME, pageLoad as loadPage, productPage, useNewShopper } from '../test/pages'
import { createTailorWith, type TailorOptions } from './create-tailor'
import { createTailor } from './index'

const server = useModelServer()
const shopper = useNewShopper()
const { warnings } = shopper

/** One page load with the fixture model unless told otherwise. */
const pageLoad = (html: string, options: TailorOptions = { model: server.url('/model.json') }) => loadPage(html, options)


describe('createTailor', () => {
  it('shows a new visitor the new-visitor segment', async () => {
    const { tailor, decisions, hero } = await pageLoad(HOME)
    expect(hero).toBe('Welcome')
    expect(decisions).toMatchObject([{ slot: 'hero', path: 'segment', segment: 'new-visitor' }])
    // Impressions wait until the slot has been in view for a second (test/e2e covers them).
    expect(tailor.getProfile().counts).toEqual({ page_view: 1 })
    expect(warnings()).toEqual([])
  })

  it('individualizes after three product views, with the profile and model kept across page loads', async () => {
    await pageLoad(HOME)
    await pageLoad(productPage('L1', 'lamps'))
    await pageLoad(productPage('L2', 'lamps'))
    await pageLoad(productPage('R1', 'rugs'))
    const { decisions, hero } = await pageLoad(HOME)
    expect(hero).toBe('Lamps for you')
    expect(decisions[0]).toMatchObject({ path: 'model', variant: 'hero-lamps', target: 'lamps' })
    expect(warnings()).toEqual([])
  })

  it('applies a new model at the next page, never to a page already decided', async () => {
    const own = await startModelServer()
    const options = { model: own.url('/model.json') }
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'), options)
    // The retrained model prefers rugs for everyone.
    own.serve({ ...fixture, version: '2', model: { type: 'linear', weights: [[0, 0, 0], [0, 0, 0]], bias: [-5, 5] } })
    const first = await pageLoad(HOME, options)
    expect(first.decisions[0]).toMatchObject({ variant: 'hero-lamps' }) // decided with the cached model
    const next = await pageLoad(HOME, options)
    expect(next.decisions[0]).toMatchObject({ variant: 'hero-rugs' })
    await own.close()
  })

  it('decides with the cached model when the network fails, warning once', async () => {
    const own = await startModelServer()
    const options = { model: own.url('/model.json') }
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'), options)
    await own.close()
    const { decisions, hero } = await pageLoad(HOME, options)
    expect(hero).toBe('Lamps for you')
    expect(decisions[0]).toMatchObject({ path: 'model' })
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:model\] The model manifest could not be downloaded/)])
  })

  it('decides every slot from the snapshot, before the stored profile is read, when the last page left its snapshot and the model', async () => {
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'))
    document.body.innerHTML = HOME
    const tailor = createTailor({ model: server.url('/model.json') })
    const started = tailor.start()
    const hero = document.querySelector<HTMLElement>('[data-tailor-slot]')!
    await vi.waitUntil(() => hero.dataset.tailorState === 'final', { interval: 1 })
    // No IndexedDB (the stored profile is not read yet), no network and no chunk stood between
    // start() and the slot.
    expect(tailor.getProfile().log).toEqual([])
    expect(hero.dataset).toMatchObject({ tailorState: 'final', tailorPath: 'model', tailorContent: 'hero-lamps' })
    expect(hero.querySelector('h1')?.textContent).toBe('Lamps for you')
    expect(await started).toMatchObject([{ path: 'model', variant: 'hero-lamps' }])
    await tailor.destroy()
    expect(warnings()).toEqual([])
  })

  it('decides the slots of a hidden page, which renders no animation frame, within 100 ms', async () => {
    // A background tab or a prerendered page: requestAnimationFrame callbacks never run there.
    const frame = vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
    document.body.innerHTML = HOME
    const tailor = createTailor()
    const started = tailor.start()
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(document.querySelector<HTMLElement>('[data-tailor-slot]')!.dataset).toMatchObject({ tailorState: 'final', tailorPath: 'segment' })
    expect(await started).toMatchObject([{ path: 'segment', segment: 'new-visitor' }])
    frame.mockRestore()
    await tailor.destroy()
  })

  it('decides slots that appear after start, as single-page apps add them', async () => {
    document.body.innerHTML = '<main></main>'
    const tailor = createTailor()
    await tailor.start()
    document.querySelector('main')!.innerHTML = HOME
    await new Promise((resolve) => setTimeout(resolve)) // mutation records are delivered
    const hero = document.querySelector<HTMLElement>('[data-tailor-slot]')!
    expect(hero.dataset.tailorState).toBe('final')
    expect(hero.querySelector('h1')?.textContent).toBe('Welcome')
    expect((await tailor.explain('hero'))?.path).toBe('segment')
    await tailor.destroy()
  })

  it('shows the default content, never a late decision, when a slot waits past the timeout', async () => {
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'))
    document.body.innerHTML = HOME
    // No model cached for this URL, and its download takes 2 s.
    const tailor = createTailor({ model: server.url('/slow.json'), timeoutMs: 50, modelTimeoutMs: 5000 })
    const decisions = await tailor.start()
    expect(decisions).toMatchObject([{ path: 'default', reason: 'no decision within 50 ms: the default content was already showing' }])
    expect(document.querySelector('[data-tailor-slot] h1')?.textContent).toBe('Default')
    await tailor.destroy()
  })

  it('fills product slots from the config element: merchandising first, no product twice on a page', async () => {
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'))
    await pageLoad(`<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', sku: 'L4', category: 'lamps' })}</script>`)
    const catalog = [
      { id: 'L1', name: 'Brass lamp', url: '/p/L1', price: 40, currency: 'GBP', category: 'lamps' },
      { id: 'L2', name: 'Desk lamp', url: '/p/L2', price: 20, category: 'lamps', available: false },
      { id: 'L3', name: 'Floor lamp', url: 'javascript:alert(1)', price: 90, category: 'lamps' },
      { id: 'L4', name: 'Paper lamp', url: '/p/L4', price: 15, category: 'lamps', value: 2 },
      { id: 'R1', name: 'Wool rug', url: '/p/R1', price: 120, category: 'rugs' },
      { id: 'R2', name: 'Jute rug', url: 42 },
    ]
    const config = { catalog, merchandising: { exclude: ['R1'] } }
    const card = '<template data-tailor-product><a data-tailor-bind-href="url"><span data-tailor-bind="name"></span> <span data-tailor-bind="price"></span></a></template>'
    document.body.innerHTML = `
      <script type="application/json" data-tailor-config>${JSON.stringify(config)}</script>
      <ul data-tailor-slot="top" data-tailor-count="2"><li>Bestsellers</li>${card}</ul>
      <ul data-tailor-slot="more" data-tailor-count="2"><li>More</li>${card}</ul>`
    const tailor = createTailor({ model: server.url('/model.json') })
    const [top, more] = await tailor.start()
    // L4 ranks first (value 2), then L1; L2 is out of stock and R1 excluded; L3 is left for the next slot.
    expect(top).toMatchObject({ path: 'model', products: ['L4', 'L1'] })
    expect(more).toMatchObject({ path: 'model', products: ['L3'] })
    const shown = [...document.querySelectorAll<HTMLAnchorElement>('a[data-tailor-product-id]')].map((a) => [a.dataset.tailorProductId, a.textContent, a.getAttribute('href')])
    expect(shown).toEqual([
      ['L4', 'Paper lamp 15', 'http://127.0.0.1/p/L4'],
      ['L1', 'Brass lamp £40.00', 'http://127.0.0.1/p/L1'],
      ['L3', 'Floor lamp 90', null], // the javascript: URL is dropped, the product's text stays
    ])
    expect(top!.candidates).toContainEqual({ id: 'L2', skipped: 'out of stock' })
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:config\] Tailor was configured with an invalid option.*\(catalog\.5\.url: /)])
    await tailor.destroy()
  })

  it('puts a holdout share on the fallback path, marked on the slot, and reports its conversions', async () => {
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'))
    document.body.innerHTML = HOME
    const tailor = createTailor({ model: server.url('/model.json'), holdout: { share: 1, salt: 'test' } })
    const [hero] = await tailor.start()
    // Still in their first visit: the fallback path is the new-visitor segment.
    expect(hero).toMatchObject({ path: 'segment', segment: 'new-visitor', holdout: true, reason: 'holdout: this shopper sees the fallback path; segment new-visitor matches' })
    expect(document.querySelector<HTMLElement>('[data-tailor-slot]')!.dataset.tailorHoldout).toBe('')
    tailor.track('slot_impression', { slot: 'hero', path: 'segment', variant: 'new-visitor', holdout: true })
    tailor.track('purchase', { items: [{ item_id: 'L1' }], value: 40 })
    expect((await tailor.report()).hero).toMatchObject({
      paths: { segment: { exposures: 1, conversions: 1, rate: 1 } },
      holdout: { exposures: 1, conversions: 1 },
      treatment: { exposures: 0 },
      lift: null,
    })
    await tailor.destroy()
  })

  it('explains a decision: the model, its version and the features that moved the score, in words', async () => {
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'))
    const { tailor } = await pageLoad(HOME)
    const explained = await tailor.explain('hero')
    expect(explained).toMatchObject({ path: 'model', variant: 'hero-lamps', model: { id: 'fixture-two-categories', version: '1' } })
    // lamps_short is the whole of the recent views (share 1): weight 2 × 1.
    expect(explained!.features[0]).toEqual({ feature: 'lamps_short', value: 1, contribution: 2, words: 'share of views of category lamps (1-day half-life)' })
    expect(await tailor.explain('nowhere')).toBeUndefined()
  })

  it('decides slots a framework renders: nothing before start, then one decision per slot, and subscribers told', async () => {
    document.body.innerHTML = '<main></main>'
    const tailor = createTailor({ timeoutMs: 50 })
    const options = { variants: [], segments: ['new-visitor'] }
    const told = vi.fn()
    const unsubscribe = tailor.subscribe(told)
    expect(tailor.decideSlot('hero', options)).toBeUndefined()
    await tailor.start()
    expect(told).toHaveBeenCalled()
    const decision = tailor.decideSlot('hero', options)
    expect(decision).toMatchObject({ path: 'segment', segment: 'new-visitor' })
    expect(tailor.decideSlot('hero', options)).toBe(decision)
    unsubscribe()
    await tailor.destroy()
  })

  it('decides a framework slot afresh on a single-page app’s next view, however long the first one waited', async () => {
    document.body.innerHTML = '<main></main>'
    const tailor = createTailor({ timeoutMs: 50 })
    const options = { variants: [], segments: ['new-visitor'] }
    expect(tailor.decideSlot('hero', options)).toBeUndefined()
    await tailor.start()
    const first = tailor.decideSlot('hero', options)
    history.pushState({}, '', '/next')
    await new Promise((resolve) => setTimeout(resolve, 60))
    const next = tailor.decideSlot('hero', options)
    expect(next).not.toBe(first)
    expect(next).toMatchObject({ path: 'segment', segment: 'new-visitor' })
    history.replaceState({}, '', '/')
    await tailor.destroy()
  })

  it('carries on, with one warning, when a subscriber throws', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor()
    tailor.subscribe(() => {
      throw new Error('a bug on the page')
    })
    await tailor.start()
    expect(tailor.track('view_item', { items: [{ item_id: 'L1' }] })).toBe(true)
    expect(tailor.getProfile().evidence).toBe(1)
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:core\] A function passed to tailor.subscribe\(\) threw.*\(a bug on the page\)/)])
    await tailor.destroy()
  })

  it('keeps the default for a framework slot that waited past the timeout', async () => {
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'))
    document.body.innerHTML = '<main></main>'
    const tailor = createTailor({ model: server.url('/slow.json'), timeoutMs: 50, modelTimeoutMs: 5000 })
    const options = { variants: [{ id: 'hero-lamps', target: 'lamps' }], segments: [] }
    void tailor.start()
    expect(tailor.decideSlot('hero', options)).toBeUndefined() // no model cached for this URL: it downloads
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(tailor.decideSlot('hero', options)).toMatchObject({ path: 'default', reason: 'no decision within 50 ms: the default content was already showing' })
    await tailor.destroy()
  })

  it('keeps its decisions and stops recording, with one warning, when the storage chunk cannot load', async () => {
    document.body.innerHTML = HOME
    const chunks = {
      loader: () => import('./loader/load-model'),
      capture: () => import('./capture/late'),
      insights: () => import('./insights/insights'),
      persist: () => Promise.reject(new Error('https://shop.example/tailor-persist.min.js could not be loaded')),
    }
    const tailor = createTailorWith(chunks)
    expect(await tailor.start()).toMatchObject([{ path: 'segment', segment: 'new-visitor' }])
    expect(tailor.track('view_item', { items: [{ item_id: 'L1' }] })).toBe(false)
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:core\] A part of Tailor could not be loaded.*tailor-persist\.min\.js could not be loaded/)])
  })

  it('applies events tracked before start(), and rejects invalid ones with one warning', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor()
    expect(tailor.track('add_to_cart', { items: [{ item_id: 'L1', item_category: 'lamps', price: 20 }] })).toBe(true)
    expect(tailor.track('add_to_cart', { items: [{ item_id: '', price: 20 }] })).toBe(false)
    expect(tailor.track('Add To Cart')).toBe(false)
    expect(tailor.getProfile().evidence).toBe(0) // not applied before the saved profile is loaded
    await tailor.start()
    expect(tailor.getProfile().counts).toMatchObject({ add_to_cart: 1, page_view: 1 })
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:events\] An event was rejected.*items\.0\.item_id: must be at least 1 characters/)])
  })

  it('runs in memory with one warning when IndexedDB is unavailable', async () => {
    vi.stubGlobal('indexedDB', undefined)
    document.body.innerHTML = HOME
    const tailor = createTailor()
    await tailor.start()
    expect(document.querySelector('[data-tailor-slot] h1')?.textContent).toBe('Welcome')
    expect(tailor.track('view_item', { items: [{ item_id: 'L1' }] })).toBe(true)
    expect(tailor.getProfile().evidence).toBe(1)
    expect((await tailor.exportProfile()).storage).toBe('memory')
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:storage\] IndexedDB is unavailable/)])
    await tailor.destroy()
    expect(tailor.track('view_item', { items: [{ item_id: 'L2' }] })).toBe(false)
  })

  it('keeps fallback content with one warning when the model cannot be loaded', async () => {
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'), { model: server.url('/missing.json') })
    const { decisions, hero } = await pageLoad(HOME, { model: server.url('/missing.json') })
    expect(hero).toBe('Welcome')
    expect(decisions[0]).toMatchObject({ path: 'segment', reason: 'no model loaded; segment new-visitor matches' })
    // One warning per page load, naming the cause.
    expect(warnings()).toEqual(Array(4).fill(expect.stringMatching(/^\[tailor:model\] .*answered HTTP 404/)))
  })

  it('ignores an invalid option with one warning that names it, keeping the others', async () => {
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'))
    const { decisions } = await pageLoad(HOME, { model: server.url('/model.json'), minEvidence: -1 })
    // The model option still applies, and minEvidence is back to its default of 3.
    expect(decisions[0]).toMatchObject({ path: 'model', variant: 'hero-lamps' })
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:config\] Tailor was configured with an invalid option.*\(minEvidence: -1\)/)])
  })

  it('fails closed: with an invalid modelIntegrity no model is downloaded at all', async () => {
    const before = server.hits.get('/model.json') ?? 0
    for (const sku of ['L1', 'L2', 'L3']) await pageLoad(productPage(sku, 'lamps'), { model: server.url('/model.json'), modelIntegrity: 'md5-abc' })
    expect(server.hits.get('/model.json') ?? 0).toBe(before)
    expect(warnings()[0]).toMatch(/^\[tailor:config\] .*\(modelIntegrity: "md5-abc"\)/)
  })

  it('captures GA4 ecommerce events from the dataLayer after the decision, one view per product however many sources report it', async () => {
    const dataLayer: unknown[] = [
      { event: 'view_item', ecommerce: { items: [{ item_id: 'L1', item_category: 'lamps', price: '24,00 €' }] } },
      { event: 'add_to_cart', ecommerce: { currency: 'EUR', value: 24, items: [{ item_id: 'L1', item_category: 'lamps' }] } },
    ]
    vi.stubGlobal('dataLayer', dataLayer)
    document.body.innerHTML = productPage('L1', 'lamps')
    const tailor = createTailor()
    await tailor.start()
    await tailor.flush() // the late capture chunk has loaded and replayed what was pushed before
    dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'L1' }] } }) // the same view again
    dataLayer.push({ event: 'add_to_wishlist', ecommerce: { items: [{ item_id: '4006381333931', item_name: 'for ada@example.com' }] } })
    dataLayer.push({ event: 'search', search_term: 'ada@example.com' })
    dataLayer.push({ event: 'purchase', ecommerce: { items: [{ item_id: 'L1', item_category: 'lamps' }] } })
    expect(tailor.getProfile().counts).toMatchObject({ view_item: 1, add_to_cart: 1, purchase: 1, add_to_wishlist: 1 })
    // The personal data in a free-text field is dropped before anything is stored; the GTIN stays.
    expect(tailor.getProfile().log.find((e) => e.type === 'add_to_wishlist')?.items).toEqual([{ item_id: '4006381333931' }])
    expect(tailor.getProfile().log.find((e) => e.type === 'search')).not.toHaveProperty('search_term')
    await tailor.destroy()
    dataLayer.push({ event: 'purchase', ecommerce: { items: [{ item_id: 'L2' }] } })
    expect(tailor.getProfile().counts.purchase).toBe(1) // no longer listening
    expect(dataLayer).toHaveLength(7)
  })

  it('records marked add-to-cart buttons, search forms, product lists and the search parameter', async () => {
    history.replaceState({}, '', '/search?q=brass+lamp')
    document.body.innerHTML = `
      <ul data-tailor-list="results">
        <li data-tailor-item="L1" data-tailor-category="lamps" data-tailor-price="24,00 €"><button data-tailor-add-to-cart>Add</button></li>
        <li data-tailor-item="L2" data-tailor-category="lamps"></li>
      </ul>
      <form data-tailor-search onsubmit="return false"><input type="search" value="ada@example.com"><button>Go</button></form>`
    const tailor = createTailor({ searchParam: 'q' })
    await tailor.start()
    await tailor.flush()
    document.querySelector<HTMLButtonElement>('[data-tailor-add-to-cart]')!.click()
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    const events = tailor.getProfile().log.map(({ type, items, search_term }) => ({ type, items: items?.map((i) => i.item_id), search_term }))
    expect(events.filter((e) => e.type !== 'page_view' && e.type !== 'slot_impression')).toEqual([
      { type: 'view_item_list', items: ['L1', 'L2'], search_term: undefined },
      { type: 'search', items: undefined, search_term: 'brass lamp' },
      { type: 'add_to_cart', items: ['L1'], search_term: undefined },
      { type: 'search', items: undefined, search_term: undefined }, // the email typed in was dropped
    ])
    expect(tailor.getProfile().evidence).toBe(1) // listed items are not product views
    await tailor.destroy()
    history.replaceState({}, '', '/')
  })

  it('records dwell time and scroll depth on a product page once, when it is first hidden, and writes them at once', async () => {
    document.body.innerHTML = productPage('L1', 'lamps')
    const tailor = createTailor()
    await tailor.start()
    await tailor.flush()
    const hide = () => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    }
    hide()
    hide()
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    const engagements = tailor.getProfile().log.filter((event) => event.type === 'product_engagement')
    expect(engagements).toEqual([expect.objectContaining({ items: [{ item_id: 'L1' }], dwell_ms: expect.any(Number), scroll_depth: expect.any(Number) })])
    expect(engagements[0]!.scroll_depth).toBeGreaterThanOrEqual(0)
    expect(engagements[0]!.scroll_depth).toBeLessThanOrEqual(1)
    const stored = (await tailor.exportProfile()).records.kv.profile as { log: Array<{ type: string }> }
    expect(stored.log.some((event) => event.type === 'product_engagement')).toBe(true)
    await tailor.destroy()
  })

  it('with debug on, tells what broken input it skipped, and never throws at it', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    vi.stubGlobal('dataLayer', [{ event: 'add_to_cart' }])
    document.body.innerHTML = `<script type="application/ld+json">{"@type": "Product", </script><script type="application/ld+json">{"@type": "Product", "name": "No id"}</script>`
    const tailor = createTailor({ debug: true })
    await tailor.start()
    await tailor.flush()
    expect(debug.mock.calls.map((call) => String(call[0]))).toEqual([
      '[tailor:capture] skipped a JSON-LD block that is not valid JSON',
      '[tailor:capture] skipped a JSON-LD Product without sku, productID or @id (No id)',
      '[tailor:capture] skipped a GA4 add_to_cart event without an ecommerce object',
    ])
    expect(warnings()).toEqual([])
    await tailor.destroy()
  })

  it('records single-page-app navigations as page views, without their paths, and gives history back on destroy', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor()
    await tailor.start()
    await tailor.flush()
    history.pushState({}, '', '/category/lamps')
    history.replaceState({}, '', '/category/lamps') // same path: not a new view
    history.pushState({}, '', '/products/L1')
    // A product's address can name what it is: no path is kept.
    expect(tailor.getProfile().log.filter((e) => e.type === 'page_view').map((e) => e.page)).toEqual([undefined, undefined, undefined])
    await tailor.destroy()
    history.pushState({}, '', '/elsewhere')
    expect(tailor.getProfile().counts.page_view).toBe(3)
    history.replaceState({}, '', '/')
  })

  it('stores events in the order they were tracked, even when the clock is set back', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor()
    await tailor.start()
    const now = Date.now()
    vi.useFakeTimers({ now: now + 60_000, toFake: ['Date'] })
    try {
      for (const [page, at] of [['/a', now + 60_000], ['/b', now - 3_600_000], ['/c', now + 61_000]] as const) {
        vi.setSystemTime(at)
        tailor.track('page_view', { page })
      }
    } finally {
      vi.useRealTimers()
    }
    const { records } = await tailor.exportProfile()
    const stored = (records.kv.profile as { log: Array<{ page?: string }> }).log.map((event) => event.page).filter(Boolean)
    expect(stored).toEqual(['/a', '/b', '/c'])
    await tailor.destroy()
  })

  it('writes what is queued on pagehide, whatever the page says of its visibility', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor()
    await tailor.start()
    await tailor.flush()
    expect(document.visibilityState).toBe('visible')
    // The 50 ms batch timer never fires here: only the pagehide can have written the purchase.
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    try {
      tailor.track('purchase', { items: [{ item_id: 'L1' }], value: 20 })
      dispatchEvent(new Event('pagehide'))
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve))
      const { openIdbStore } = await import('./storage/idb-store')
      const { decodeProfile } = await import('./storage/profile-sync')
      const { kv, outbox } = await (await openIdbStore()).dump()
      const stored = [...((decodeProfile(kv.profile) as { log: Array<{ type: string }> }).log), ...outbox]
      expect(stored.some((event) => event.type === 'purchase')).toBe(true)
    } finally {
      vi.useRealTimers()
    }
    await tailor.destroy()
  })

  it('records declared traits and refuses personal data', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor()
    await tailor.start()
    expect(tailor.identify({ loyalty_tier: 'gold', newsletter: true })).toBe(true)
    expect(tailor.identify({ contact: 'ada@example.com' })).toBe(false)
    expect(tailor.identify({ mobile: '+44 20 7946 0958' })).toBe(false)
    expect(tailor.track('newsletter_signup', { traits: { email: 'ada@example.com' } })).toBe(false)
    expect(tailor.getProfile().traits).toEqual({ loyalty_tier: 'gold', newsletter: true })
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:events\] Traits refuse personal data.*traits.contact looks like an email address/)])
  })

  it('names a shift in interest', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor()
    await tailor.start()
    for (let i = 0; i < 4; i++) tailor.track('view_item', { items: [{ item_id: `T${i}`, item_category: 'tea' }] })
    // Everything happened just now, so short- and long-term interest agree: no shift yet.
    expect(tailor.shifts()).toEqual([])
  })

  it('exports every stored record, and forgets them all', async () => {
    await pageLoad(productPage('L1', 'lamps'))
    document.body.innerHTML = HOME
    const tailor = createTailor({ model: server.url('/model.json') })
    await tailor.start()
    tailor.track('add_to_cart', { items: [{ item_id: 'L1', item_category: 'lamps' }] })
    const exported = await tailor.exportProfile()
    expect(exported.storage).toBe('indexeddb')
    expect(Object.keys(exported.records.kv).sort()).toEqual([`model:${server.url('/model.json')}`, 'profile'])
    expect(exported.records.kv.profile).toEqual(tailor.getProfile())
    // The localStorage copies the next page decides from are part of what is stored, so exported.
    expect(exported.snapshot['tailor:profile']).toMatchObject({ v: 1, profile: { evidence: 2, log: [] } })
    expect(tailor.getProfile().counts).toMatchObject({ add_to_cart: 1, view_item: 1, page_view: 2 })

    await tailor.forget()
    expect(await indexedDB.databases()).toEqual([])
    expect(Object.keys(localStorage)).toEqual([])
    expect(tailor.getProfile()).toMatchObject({ evidence: 0, log: [] })
    expect(tailor.track('page_view')).toBe(false) // stopped
  })
})
