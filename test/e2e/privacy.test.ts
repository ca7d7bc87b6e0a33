import type { Tailor, TailorExport } from '@tailorjs/core'
import { ExportSchema } from '@tailorjs/core/schema'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { STRICT_CSP } from '../../scripts/serve.mjs'
import { STOREFRONT, rawDump, useFreshContext, useServedBrowser, visit } from './harness'

// Issue 9's acceptance, in Chromium through the storefront's script tag, with every storage write
// and every request recorded.
const env = useServedBrowser(STOREFRONT)
const shopper = useFreshContext(env)

declare global {
  interface Window {
    writes: string[]
  }
}

/**
 * Records, in every page of `context`, each write to IndexedDB (opening a database creates it),
 * localStorage and cookies; each request is recorded by the returned list.
 */
async function spy(context: BrowserContext): Promise<Array<{ method: string; url: string; body: string | null }>> {
  await context.addInitScript(() => {
    window.writes = []
    const wrap = <T extends object>(target: T, name: keyof T & string, label: string) => {
      const original = target[name] as (...args: unknown[]) => unknown
      ;(target as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        window.writes.push(`${label}.${name} ${String(args[0]).slice(0, 40)}`)
        return original.apply(this, args)
      }
    }
    wrap(IDBFactory.prototype, 'open', 'indexedDB')
    wrap(IDBFactory.prototype, 'deleteDatabase', 'indexedDB')
    for (const name of ['put', 'add', 'delete', 'clear'] as const) wrap(IDBObjectStore.prototype, name, 'IDBObjectStore')
    for (const name of ['setItem', 'removeItem', 'clear'] as const) wrap(Storage.prototype, name, 'Storage')
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!
    Object.defineProperty(Document.prototype, 'cookie', {
      get: cookie.get!,
      set(value: string) {
        window.writes.push(`document.cookie ${value}`)
        cookie.set!.call(this, value)
      },
    })
  })
  const requests: Array<{ method: string; url: string; body: string | null }> = []
  context.on('request', (request) => requests.push({ method: request.method(), url: request.url(), body: request.postData() }))
  return requests
}

/** Serves the storefront's pages with `attributes` added to its Tailor script tag. */
async function configure(context: BrowserContext, attributes: string): Promise<void> {
  await context.route(
    (url) => url.pathname === '/' || url.pathname.endsWith('.html'),
    async (route) => {
      const response = await route.fetch()
      const body = (await response.text()).replace('<script async src="/tailor.min.js"', `<script async src="/tailor.min.js" ${attributes}`)
      await route.fulfill({ response, body })
    },
  )
}

async function open(path: string, context = shopper.context): Promise<Page> {
  const page = await context.newPage()
  await visit(page, env.base, path)
  return page
}

/** What the page holds of Tailor's: databases, localStorage keys, cookies. */
const leftovers = (page: Page) =>
  page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((db) => db.name),
    localStorage: Object.keys(localStorage),
    cookies: document.cookie,
  }))

const NOTHING = { databases: [], localStorage: [], cookies: '' }

const hero = (page: Page) => page.evaluate(() => document.querySelector<HTMLElement>('[data-tailor-slot="hero"]')!.dataset)
const exported = (page: Page): Promise<TailorExport> => page.evaluate(() => (window.tailor as Tailor).exportProfile())
const products = ['/products/LGT-001.html', '/products/LGT-002.html', '/products/LGT-003.html', '/products/LGT-004.html']

describe('consent required', () => {
  it('before consent: slots render, nothing is written and nothing but static files and the model is requested', async () => {
    const requests = await spy(shopper.context)
    await configure(shopper.context, 'data-consent="required"')
    const pages: Page[] = []
    for (const path of [...products, '/']) pages.push(await open(path))
    const home = pages.at(-1)!
    // Within a page the profile lives in memory; across pages it does not exist.
    expect(await hero(home)).toMatchObject({ tailorState: 'final', tailorPath: 'segment', tailorContent: 'new-visitor' })
    expect(await home.evaluate(() => (window.tailor as Tailor).consent())).toBe('required')
    for (const page of pages) {
      await page.evaluate(() => (window.tailor as Tailor).flush())
      expect(await page.evaluate(() => window.writes)).toEqual([])
    }
    expect(await leftovers(home)).toEqual(NOTHING)
    // Static files and the model only: GET requests without a body, to the shop's own origin.
    expect(requests.length).toBeGreaterThan(10)
    for (const { method, url, body } of requests) {
      expect({ method, origin: new URL(url).origin, body }).toEqual({ method: 'GET', origin: new URL(env.base).origin, body: null })
      expect(new URL(url).pathname).toMatch(/^\/(|model\.json|tailor[\w-]*\.min\.js|tailor\.css|shop\.js|style\.css|images\/.+\.svg|products\/.+\.html|favicon\.ico)$/)
    }
    expect(requests.some(({ url }) => url.endsWith('/model.json'))).toBe(true)
  })

  it('after consent, the profile persists across reloads, this page’s events included', async () => {
    await spy(shopper.context)
    await configure(shopper.context, 'data-consent="required"')
    const first = await open(products[0]!)
    expect(await first.evaluate(() => window.writes)).toEqual([])
    expect(await first.evaluate(() => (window.tailor as Tailor).consent('granted'))).toBe('granted')
    await first.evaluate(() => (window.tailor as Tailor).flush())
    // The spies see the writes consent allows.
    expect(await first.evaluate(() => window.writes)).toEqual(expect.arrayContaining(['Storage.setItem tailor:consent', 'indexedDB.open tailor', 'IDBObjectStore.put [object Object]']))
    // The view recorded in memory before consent is now stored.
    expect((await exported(first)).records.kv.profile?.log.map((event) => event.type)).toEqual(['page_view', 'view_item'])
    for (const path of products.slice(1)) await open(path)
    const home = await open('/')
    await home.reload()
    await visit(home, env.base, '/')
    const profile = (await exported(home)).records.kv.profile!
    expect(profile.evidence).toBe(4)
    expect(profile.sessions).toBe(1)
    // Four lighting views: the model decides the hero from the stored profile, on a reloaded page.
    expect(await hero(home)).toMatchObject({ tailorPath: 'model', tailorContent: 'hero-lighting' })
    expect(await leftovers(home)).toMatchObject({ databases: ['tailor'], localStorage: expect.arrayContaining(['tailor:consent', 'tailor:profile']) })
  })

  it('a grant in one tab applies in the others, and a withdrawal erases everything in both', async () => {
    await configure(shopper.context, 'data-consent="required"')
    const [a, b] = [await open(products[0]!), await open('/category/garden.html')]
    await a.evaluate(() => (window.tailor as Tailor).consent('granted'))
    await b.waitForFunction(() => (window.tailor as Tailor).consent() === 'granted', undefined, { timeout: 2000 })
    await b.evaluate(() => (window.tailor as Tailor).track('view_item', { items: [{ item_id: 'GRD-001', item_category: 'garden' }] }))
    await Promise.all([a, b].map((page) => page.evaluate(() => (window.tailor as Tailor).flush())))
    expect((await exported(a)).records.kv.profile?.evidence).toBe(2)

    await a.evaluate(() => (window.tailor as Tailor).consent('denied'))
    await b.waitForFunction(() => (window.tailor as Tailor).consent() === 'denied', undefined, { timeout: 2000 })
    // Both tabs stop recording, and whatever they still had queued stays unwritten.
    for (const page of [a, b]) {
      expect(await page.evaluate(() => (window.tailor as Tailor).track('view_item', { items: [{ item_id: 'GRD-002', item_category: 'garden' }] }))).toBe(false)
      await page.evaluate(async () => {
        await (window.tailor as Tailor).flush()
        document.dispatchEvent(new Event('visibilitychange'))
        dispatchEvent(new Event('pagehide'))
      })
    }
    await b.waitForTimeout(300)
    expect(await leftovers(a)).toEqual(NOTHING)
    expect(await leftovers(b)).toEqual(NOTHING)
  })
})

describe('consent tools', () => {
  it('Google Consent Mode: a denied default keeps everything in memory; the banner’s update grants', async () => {
    await spy(shopper.context)
    await shopper.context.addInitScript(() => {
      const layer: unknown[] = ((window as { dataLayer?: unknown[] }).dataLayer = [])
      ;(window as { gtag?: (...args: unknown[]) => void }).gtag = function () {
        // gtag pushes its `arguments` object, as Google's snippet does.
        layer.push(arguments)
      }
      ;(window as { gtag?: (...args: unknown[]) => void }).gtag!('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', personalization_storage: 'denied' })
    })
    const page = await open(products[0]!)
    expect(await page.evaluate(() => (window.tailor as Tailor).consent())).toBe('required')
    expect(await page.evaluate(() => window.writes)).toEqual([])
    await page.evaluate(() => (window as { gtag?: (...args: unknown[]) => void }).gtag!('consent', 'update', { personalization_storage: 'granted' }))
    await page.evaluate(() => (window.tailor as Tailor).flush())
    expect(await page.evaluate(() => (window.tailor as Tailor).consent())).toBe('granted')
    expect((await exported(page)).records.kv.profile?.evidence).toBe(1)
    await page.evaluate(() => (window as { gtag?: (...args: unknown[]) => void }).gtag!('consent', 'update', { personalization_storage: 'denied' }))
    await page.evaluate(() => (window.tailor as Tailor).flush())
    expect(await leftovers(page)).toEqual(NOTHING)
  })

  it('IAB TCF v2.2: nothing is kept until the CMP answers, then purposes 1, 5 and 6 decide', async () => {
    await spy(shopper.context)
    // A CMP as the TCF spec describes its API: listeners hear the current state, then each change.
    await shopper.context.addInitScript(() => {
      const listeners: Array<(tcData: object, success: boolean) => void> = []
      let state: object = { eventStatus: 'cmpuishown', gdprApplies: true, purpose: { consents: {} }, publisher: { consents: {} } }
      ;(window as { __tcfapi?: unknown }).__tcfapi = (command: string, _version: number, callback: (tcData: object, success: boolean) => void) => {
        if (command !== 'addEventListener') return
        listeners.push(callback)
        callback({ ...state, listenerId: listeners.length }, true)
      }
      ;(window as { answer?: unknown }).answer = (consents: Record<number, boolean>) => {
        state = { eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents }, publisher: { consents: {} } }
        listeners.forEach((listener, i) => listener({ ...state, listenerId: i + 1 }, true))
      }
    })
    const page = await open(products[0]!)
    expect(await page.evaluate(() => (window.tailor as Tailor).consent())).toBe('required')
    await page.evaluate(() => (window as { answer?: (consents: object) => void }).answer!({ 1: true, 5: true }))
    await page.evaluate(() => (window.tailor as Tailor).flush())
    expect(await page.evaluate(() => (window.tailor as Tailor).consent())).toBe('denied')
    expect(await page.evaluate(() => window.writes.filter((write) => !write.startsWith('indexedDB.deleteDatabase')))).toEqual([])
    await page.evaluate(() => (window as { answer?: (consents: object) => void }).answer!({ 1: true, 5: true, 6: true }))
    await page.evaluate(() => (window.tailor as Tailor).flush())
    expect(await page.evaluate(() => (window.tailor as Tailor).consent())).toBe('granted')
    expect(await leftovers(page)).toMatchObject({ databases: ['tailor'], localStorage: expect.arrayContaining(['tailor:consent']) })
  })
})

it('with Global Privacy Control on, no profile is built by default', async () => {
  await spy(shopper.context)
  await shopper.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }))
  const pages: Page[] = []
  for (const path of [...products, '/']) pages.push(await open(path))
  const home = pages.at(-1)!
  expect(await home.evaluate(() => (window.tailor as Tailor).consent())).toBe('denied')
  // The visit's context still picks the new-visitor segment; nothing individual does.
  expect(await hero(home)).toMatchObject({ tailorState: 'final', tailorPath: 'segment', tailorContent: 'new-visitor' })
  expect(await home.evaluate(() => (window.tailor as Tailor).getProfile().evidence)).toBe(0)
  for (const page of pages) expect(await page.evaluate(() => window.writes)).toEqual([])
  expect(await leftovers(home)).toEqual(NOTHING)
})

it('product views in a sensitive category leave no trace in exportProfile() or in storage', async () => {
  // A product page of the storefront, turned into one for a product in "Health & Wellbeing".
  await shopper.context.route('**/products/HLT-001.html', async (route) => {
    const response = await route.fetch({ url: new URL('/products/TEX-001.html', env.base).href })
    const body = (await response.text()).replaceAll('TEX-001', 'HLT-001').replaceAll('"textiles"', '"Health & Wellbeing"').replaceAll('Herringbone Wool Throw', 'Sleep Aid Tablets')
    await route.fulfill({ response, body })
  })
  await open('/products/HLT-001.html')
  const page = await open('/products/KIT-001.html')
  await page.evaluate(() => {
    const tailor = window.tailor as Tailor
    tailor.track('add_to_cart', { items: [{ item_id: 'HLT-002', item_category: 'health', price: 9 }] })
    tailor.track('purchase', { value: 47, items: [{ item_id: 'HLT-002', item_category: 'health', price: 9 }, { item_id: 'KIT-001', item_category: 'kitchen', price: 38 }] })
    tailor.track('search', { search_term: 'pregnancy test' })
  })
  const everything = JSON.stringify([await exported(page), await rawDump(page), await page.evaluate(() => ({ ...localStorage }))])
  for (const trace of ['HLT-', 'Health', 'health', 'Sleep Aid', 'pregnancy']) expect(everything).not.toContain(trace)
  const profile = (await exported(page)).records.kv.profile!
  // The purchase is kept with its kitchen item, at that item's value; the search without its term.
  expect(profile.rfm).toMatchObject({ orders: 1, monetary: 38 })
  expect(profile.counts).toMatchObject({ view_item: 1, purchase: 1, search: 1 })
  expect(profile.counts.add_to_cart).toBeUndefined()
})

it('exportProfile() equals a raw dump of everything Tailor stored, and matches its published schema', async () => {
  for (const path of products.slice(0, 3)) await open(path)
  const page = await open('/')
  await page.evaluate(() => (window.tailor as Tailor).consent('granted'))
  await page.evaluate(() => (window.tailor as Tailor).identify({ tier: 'gold' }))
  const data = await exported(page)
  expect(data.records).toEqual(await rawDump(page))
  const raw = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((key) => key.startsWith('tailor:')).map((key) => [key, JSON.parse(localStorage.getItem(key)!)])))
  expect(data.snapshot).toEqual(raw)
  expect(Object.keys(data.snapshot).sort()).toEqual(['tailor:consent', 'tailor:model', 'tailor:profile'])
  expect(ExportSchema.safeParse(data).error).toBeUndefined()
  expect(data).toMatchObject({ format: 'tailor-export@1', consent: 'granted', storage: 'indexeddb' })
})

describe('the privacy view, under a strict Content-Security-Policy', () => {
  const env = useServedBrowser(STOREFRONT, { 'Content-Security-Policy': STRICT_CSP })
  const shopper = useFreshContext(env)

  it('opens from the footer, is keyboard-operable and labelled, and its delete button erases everything', async () => {
    await shopper.context.addInitScript(() => {
      ;(window as { violations?: string[] }).violations = []
      document.addEventListener('securitypolicyviolation', (event) => (window as { violations?: string[] }).violations!.push(`${event.violatedDirective} ${event.blockedURI}`))
    })
    const product = await shopper.context.newPage()
    await visit(product, env.base, '/products/GRD-001.html')
    const page = await shopper.context.newPage()
    const problems: string[] = []
    page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()))
    await visit(page, env.base, '/')

    const button = page.getByRole('button', { name: 'What this shop knows about you' })
    await button.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'What this shop has learned on this device' })
    await dialog.waitFor()
    await expect.poll(() => dialog.textContent()).toContain('garden')
    expect(await dialog.textContent()).toContain('new-visitor')
    // Focus moves into the view; Escape closes it and returns focus to the footer's button.
    expect(await page.evaluate(() => document.getElementById('tailor-privacy')!.contains(document.activeElement))).toBe(true)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('What this shop knows about you')

    await button.click()
    await page.getByRole('button', { name: 'Delete what this shop learned' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Deleted')
    expect(await leftovers(page)).toEqual(NOTHING)
    expect(await page.evaluate(() => (window as { violations?: string[] }).violations)).toEqual([])
    expect(problems).toEqual([])
  })
})
