import { existsSync, readFileSync } from 'node:fs'
import type { Tailor } from '@tailorjs/core'
import type { Page } from 'playwright-core'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { STOREFRONT, useFreshContext, useServedBrowser, visit as open } from './harness'

// The built storefront with the built script-tag bundle (dist/tailor.min.js), in a real Chromium.
const BUNDLE = new URL('../../packages/core/dist/tailor.min.js', import.meta.url).pathname
const env = useServedBrowser(STOREFRONT)
const shopper = useFreshContext(env)
let page: Page
let consoleProblems: string[]
let requests: string[]

beforeAll(() => {
  expect(existsSync(`${STOREFRONT}tailor.min.js`), 'build first: pnpm build').toBe(true)
  // The page loads exactly the bundle @tailorjs/core ships, not something built from sources here.
  expect(readFileSync(`${STOREFRONT}tailor.min.js`)).toEqual(readFileSync(BUNDLE))
})

beforeEach(async () => {
  page = await shopper.context.newPage()
  consoleProblems = []
  requests = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(message.text())
  })
  page.on('pageerror', (error) => consoleProblems.push(error.message))
  page.on('request', (request) => requests.push(request.url()))
})

const visit = (path: string) => open(page, env.base, path)

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

  it('shows a campaign landing page the segment its UTM campaign names, on that first page', async () => {
    await visit('/?utm_source=newsletter&utm_medium=email&utm_campaign=gifts')
    expect(await hero()).toEqual({ path: 'segment', content: 'gift-campaign', heading: 'Gifts, wrapped and on their way' })
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

  it('records add_to_cart and purchase from the page, and an impression of each slot a second in view', async () => {
    await visit('/products/STA-001.html')
    await page.click('.add-to-cart')
    await page.click('.buy-now')
    await page.setViewportSize({ width: 1280, height: 400 }) // the product slot starts below the fold
    await visit('/')
    expect((await profile()).counts).toMatchObject({ add_to_cart: 1, purchase: 1, view_item: 1, page_view: 2 })
    const impressions = async () => (await profile()).log.filter((event) => event.type === 'slot_impression').map((event) => event.slot)
    await expect.poll(impressions, { timeout: 5000 }).toEqual(['hero'])
    await page.waitForTimeout(1500)
    expect(await impressions()).toEqual(['hero'])
    // It counts once scrolled into view.
    await page.locator('[data-tailor-slot="picks"]').scrollIntoViewIfNeeded()
    await expect.poll(impressions, { timeout: 5000 }).toEqual(['hero', 'picks'])
  })

  it('(d) writes nothing to the console, and (e) requests only static assets and the model', async () => {
    await visit('/')
    for (const sku of ['LGT-001', 'LGT-002', 'LGT-003']) await visit(`/products/${sku}.html`)
    await page.click('.add-to-cart')
    await visit('/')
    expect(consoleProblems).toEqual([])
    const foreign = requests.filter((url) => !url.startsWith(env.base) && !url.startsWith('data:'))
    expect(foreign).toEqual([])
    const paths = new Set(requests.map((url) => new URL(url).pathname))
    const unexpected = [...paths].filter((path) => !/^\/($|products\/|images\/|[\w.-]+\.(css|js|html)$)/.test(path) && path !== '/model.json')
    expect(unexpected).toEqual([])
    expect(paths.has('/model.json')).toBe(true)
  })
})
