import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { beforeAll, beforeEach, expect, it } from 'vitest'
import { useFreshContext, useServedBrowser } from './harness'

// The built Vite React storefront (examples/react-shop), using @tailorjs/react, in Chromium.
const SHOP = new URL('../../examples/react-shop/dist/', import.meta.url).pathname
const env = useServedBrowser(SHOP)
const shopper = useFreshContext(env)
let page: Page
let problems: string[]

beforeAll(() => {
  expect(existsSync(`${SHOP}index.html`), 'build first: pnpm build').toBe(true)
})

beforeEach(async () => {
  page = await shopper.context.newPage()
  problems = []
  page.on('console', (message) => (message.type() === 'error' || message.type() === 'warning') && problems.push(message.text()))
  page.on('pageerror', (error) => problems.push(error.message))
})

const hero = () =>
  page.$eval('[data-tailor-slot="hero"][data-tailor-state="final"]', (slot) => ({
    path: (slot as HTMLElement).dataset.tailorPath,
    content: (slot as HTMLElement).dataset.tailorContent,
    heading: slot.querySelector('h1')?.textContent,
  }))

it('shows a new visitor the welcome, then the category browsed after three product views, across client-side navigation and a reload', async () => {
  await page.goto(env.base)
  await page.waitForSelector('[data-tailor-slot="hero"][data-tailor-state="final"]')
  expect(await hero()).toEqual({ path: 'segment', content: 'new-visitor', heading: 'Welcome to Hearth & Gift' })

  for (const [i, sku] of ['GRD-001', 'GRD-002', 'GRD-003'].entries()) {
    await page.click('nav >> text=Garden')
    await page.click(`a[href="/products/${sku}"]`)
    await page.waitForSelector(`.site-header >> text=${i + 1} product views`)
  }
  await page.click('a.logo')
  await page.waitForSelector('[data-tailor-slot="hero"][data-tailor-state="final"]')
  expect(await hero()).toEqual({ path: 'model', content: 'hero-garden', heading: 'Garden picked for you' })
  // The product slot ranks the catalog for this shopper too.
  const picks = await page.$eval('[data-tailor-slot="picks"]', (slot) => ({ path: (slot as HTMLElement).dataset.tailorPath, products: (slot as HTMLElement).dataset.tailorProducts }))
  expect(picks.path).toBe('model')
  expect(picks.products!.split(' ')).toHaveLength(4)

  // The hero's state in the first frame it is painted in: decided already (the provider starts
  // Tailor in a layout effect, and the snapshot needs no waiting).
  await page.addInitScript(() => {
    const look = () => {
      const slot = document.querySelector<HTMLElement>('[data-tailor-slot="hero"]')
      if (slot) (window as { heroAtFirstFrame?: string }).heroAtFirstFrame = slot.dataset.tailorState ?? 'pending'
      else requestAnimationFrame(look)
    }
    requestAnimationFrame(look)
  })
  await page.reload()
  await page.waitForSelector('[data-tailor-slot="hero"][data-tailor-state="final"]')
  expect(await hero()).toEqual({ path: 'model', content: 'hero-garden', heading: 'Garden picked for you' })
  expect(await page.evaluate(() => (window as { heroAtFirstFrame?: string }).heroAtFirstFrame)).toBe('final')
  expect(problems).toEqual([])
})
