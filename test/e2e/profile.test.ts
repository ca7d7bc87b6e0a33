import type { ProfileState, Tailor, TailorExport } from '@tailorjs/core'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { STOREFRONT, rawDump, useFreshContext, useServedBrowser, visit } from './harness'

// The profile in a real Chromium, through the storefront's script-tag bundle.
const env = useServedBrowser(STOREFRONT)
const shopper = useFreshContext(env)

async function open(path: string): Promise<Page> {
  const page = await shopper.context.newPage()
  await visit(page, env.base, path)
  return page
}

it('two tabs tracking 500 events each, interleaved, store all 1,000 with exact counters', async () => {
  const [a, b] = await Promise.all([open('/'), open('/category/garden.html')])
  const burst = (page: Page, item: string) =>
    page.evaluate(async (item) => {
      const tailor = window.tailor as Tailor
      for (let i = 0; i < 500; i++) {
        tailor.track('wishlist_add', { items: [{ item_id: item, item_category: 'burst' }] })
        // Yield now and then, so both tabs' writes interleave.
        if (i % 25 === 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20))
      }
      await tailor.flush()
    }, item)
  await Promise.all([burst(a, 'A'), burst(b, 'B')])
  const { kv, outbox } = await rawDump(a)
  const stored = kv.profile as ProfileState
  expect(outbox).toEqual([])
  expect(stored.counts.wishlist_add).toBe(1000)
  expect(stored.log.filter((event) => event.type === 'wishlist_add')).toHaveLength(1000)
  expect(stored.counters['wishlist_add|item|A']!.n).toBe(500)
  expect(stored.counters['wishlist_add|item|B']!.n).toBe(500)
  expect(stored.counters['wishlist_add|category|burst']!.n).toBe(1000)
  // Each tab's own view has caught up with the other's events.
  await a.waitForFunction(() => (window.tailor as Tailor).getProfile().counts.wishlist_add === 1000, undefined, { timeout: 1000 })
})

it('exportProfile() returns exactly what the database holds, and forget() leaves nothing behind', async () => {
  const page = await open('/products/KIT-001.html')
  await page.click('.add-to-cart')
  await page.evaluate(() => (window.tailor as Tailor).identify({ tier: 'gold' }))
  const exported = await page.evaluate(() => (window.tailor as Tailor).exportProfile())
  expect(exported.records).toEqual(await rawDump(page))
  expect(Object.keys(exported.records.kv).sort()).toEqual(['model:/model.json', 'profile'])
  expect((exported.records.kv.profile as ProfileState).traits).toEqual({ tier: 'gold' })

  // A second tab of the same shopper is open while they ask to be forgotten.
  const other = await open('/')
  await page.evaluate(() => (window.tailor as Tailor).forget())
  const leftovers = await page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((db) => db.name),
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    cookies: document.cookie,
  }))
  expect(leftovers).toEqual({ databases: [], localStorage: 0, sessionStorage: 0, cookies: '' })
  // The other tab stopped too: what it tracks now is refused, and nothing reappears.
  await other.waitForFunction(() => (window.tailor as Tailor).track('page_view') === false, undefined, { timeout: 1000 })
  await other.waitForTimeout(200)
  expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0)
  const after: TailorExport = await page.evaluate(() => (window.tailor as Tailor).exportProfile())
  expect(after.records).toEqual({ kv: {}, outbox: [] })
})
