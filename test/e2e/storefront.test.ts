import type { Server } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'
import type { Tailor } from '@tailorjs/core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serve } from '../../scripts/serve.mjs'
import { launchChromium } from './chromium'

// The built storefront with the built script-tag bundle (dist/tailor.min.js), in a real Chromium.
const SITE = new URL('../../examples/storefront/dist/', import.meta.url).pathname
const BUNDLE = new URL('../../packages/core/dist/tailor.min.js', import.meta.url).pathname

declare global {
  interface Window {
    tailor?: unknown[] | Tailor
  }
}

let server: Server
let base: string
let browser: Browser
let context: BrowserContext
let page: Page
let consoleProblems: string[]
let requests: string[]

beforeAll(async () => {
  expect(existsSync(`${SITE}tailor.min.js`), 'build first: pnpm build').toBe(true)
  // The page loads exactly the bundle @tailorjs/core ships, not something built from sources here.
  expect(readFileSync(`${SITE}tailor.min.js`)).toEqual(readFileSync(BUNDLE))
  ;({ server, url: base } = await serve(SITE))
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  server?.close()
})

beforeEach(async () => {
  // A fresh context is a fresh profile: empty IndexedDB, as for a first-time shopper.
  context = await browser.newContext()
  page = await context.newPage()
  consoleProblems = []
  requests = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(message.text())
  })
  page.on('pageerror', (error) => consoleProblems.push(error.message))
  page.on('request', (request) => requests.push(request.url()))
})

afterEach(async () => {
  await context.close()
})

/** Opens `path` and waits until Tailor has captured the page and settled every slot. */
async function visit(path: string): Promise<void> {
  await page.goto(new URL(path, base).href)
  await page.waitForFunction(() => window.tailor !== undefined && !Array.isArray(window.tailor))
  await page.evaluate(() => (window.tailor as Tailor).start())
}

/** What the home hero shows: the decision path, the content chosen, and its heading. */
async function hero(): Promise<{ path: string | undefined; content: string | undefined; heading: string | undefined }> {
  return page.$eval('[data-tailor-slot="hero"]', (slot) => ({
    path: (slot as HTMLElement).dataset.tailorPath,
    content: (slot as HTMLElement).dataset.tailorContent,
    heading: slot.querySelector('h1')?.textContent ?? undefined,
  }))
}

const profile = () => page.evaluate(() => (window.tailor as Tailor).getProfile())

describe('storefront with the script-tag bundle', () => {
  it('(a) shows a new visitor the new-visitor content', async () => {
    await visit('/')
    expect(await hero()).toEqual({ path: 'segment', content: 'new-visitor', heading: 'Welcome to Hearth & Gift' })
  })

  it('(b) shows the category a shopper browsed after three product views, and (c) keeps it across a reload', async () => {
    await visit('/')
    for (const sku of ['GRD-001', 'GRD-002', 'GRD-003']) await visit(`/products/${sku}.html`)
    await visit('/')
    expect(await hero()).toEqual({ path: 'model', content: 'hero-garden', heading: 'Garden picked for you' })

    await page.reload()
    await page.evaluate(() => (window.tailor as Tailor).start())
    expect(await hero()).toEqual({ path: 'model', content: 'hero-garden', heading: 'Garden picked for you' })
    expect((await profile()).evidence).toBe(3)
  })

  it('keeps the fallback content for too little evidence, then follows a change of interest', async () => {
    await visit('/products/TOY-001.html')
    await visit('/')
    expect((await hero()).path).toBe('segment')
    for (const sku of ['TOY-002', 'KIT-001', 'KIT-002', 'KIT-003']) await visit(`/products/${sku}.html`)
    await visit('/')
    expect((await hero()).content).toBe('hero-kitchen')
  })

  it('decides with a cached model without the model downloader', async () => {
    await visit('/')
    for (const sku of ['TEX-001', 'TEX-002', 'TEX-003']) await visit(`/products/${sku}.html`)
    // The downloader (and so any revalidation) now fails: the cached model must carry the page.
    await page.route('**/tailor-loader.min.js', (route) => route.abort())
    await visit('/')
    expect(await hero()).toEqual({ path: 'model', content: 'hero-textiles', heading: 'Textiles picked for you' })
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/tailor-loader.min.js')))
    await expect.poll(() => consoleProblems.find((text) => text.startsWith('[tailor:model]'))).toContain('tailor-loader.min.js could not be loaded')
  })

  it('records add_to_cart and purchase from the page and one slot_impression per shown slot', async () => {
    await visit('/products/STA-001.html')
    await page.click('.add-to-cart')
    await page.click('.buy-now')
    await visit('/')
    expect((await profile()).counts).toMatchObject({ add_to_cart: 1, purchase: 1, view_item: 1, slot_impression: 1, page_view: 2 })
  })

  it('(d) writes nothing to the console, and (e) requests only static assets and the model', async () => {
    await visit('/')
    for (const sku of ['LGT-001', 'LGT-002', 'LGT-003']) await visit(`/products/${sku}.html`)
    await page.click('.add-to-cart')
    await visit('/')
    expect(consoleProblems).toEqual([])
    const foreign = requests.filter((url) => !url.startsWith(base) && !url.startsWith('data:'))
    expect(foreign).toEqual([])
    const paths = new Set(requests.map((url) => new URL(url).pathname))
    const unexpected = [...paths].filter((path) => !/^\/($|products\/|images\/|[\w.-]+\.(css|js|html)$)/.test(path) && path !== '/model.json')
    expect(unexpected).toEqual([])
    expect(paths.has('/model.json')).toBe(true)
  })
})
