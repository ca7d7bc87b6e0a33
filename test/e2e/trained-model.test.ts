import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Tailor } from '@tailorjs/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { STOREFRONT, useFreshContext, useServedBrowser, visit } from './harness'

// The storefront loads a manifest that `tailor-train run` trained, not its hand-set model.json:
// the history is a generated event export of the storefront's own catalog, views and purchases.
const CLI = new URL('../../packages/train/dist/cli.js', import.meta.url).pathname
const catalog = JSON.parse(readFileSync(new URL('../../examples/storefront/catalog.json', import.meta.url), 'utf8')) as {
  products: Array<{ id: string; category: string; price: number }>
}
const DAY = 86_400_000
const T0 = Date.UTC(2026, 0, 1)

/** Shoppers who each mostly browse one category and buy from it: a JSON Lines export of their events. */
function history(): string {
  let seed = 7
  const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const categories = [...new Set(catalog.products.map((product) => product.category))]
  const lines: string[] = []
  for (let shopper = 0; shopper < 300; shopper++) {
    const favourite = categories[shopper % categories.length]!
    let ts = T0 + next() * 30 * DAY
    for (let session = 0; session < 8; session++, ts += (5 + next() * 10) * DAY) {
      const viewed = Array.from({ length: 2 + Math.floor(next() * 3) }, () => {
        const pool = catalog.products.filter((product) => next() < 0.2 || product.category === favourite)
        return pool[Math.floor(next() * pool.length)]!
      })
      viewed.forEach((product, i) => lines.push(JSON.stringify({ shopper: `s${shopper}`, at: new Date(ts + i * 60_000).toISOString(), type: 'view_item', sku: product.id, category: product.category, price: product.price })))
      const bought = viewed.find((product) => product.category === favourite)
      if (bought && next() < 0.4) lines.push(JSON.stringify({ shopper: `s${shopper}`, at: new Date(ts + 10 * 60_000).toISOString(), type: 'purchase', sku: bought.id, category: bought.category, price: bought.price }))
    }
  }
  return `${lines.join('\n')}\n`
}

const env = useServedBrowser(STOREFRONT)
const shopper = useFreshContext(env)
let manifest: { id: string; targets: Array<{ id: string }>; model: { type: string } }

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tailor-trained-'))
  writeFileSync(join(dir, 'events.jsonl'), history())
  const day = (offset: number) => new Date(T0 + offset * DAY).toISOString().slice(0, 10)
  await promisify(execFile)(process.execPath, [
    CLI, 'run', '--input', join(dir, 'events.jsonl'),
    '--customer', 'shopper', '--time', 'at', '--item', 'sku', '--event', 'type', '--category', 'category', '--price', 'price',
    '--target-dimension', 'category', '--targets', '6', '--train-cutoff', day(40), '--test-cutoff', day(70), '--horizon-days', '30',
    '--id', 'storefront-trained', '--out', dir,
  ])
  manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
})

describe('a model trained by tailor-train', () => {
  it('loads in the storefront and individualizes its hero', async () => {
    expect(manifest).toMatchObject({ id: 'storefront-trained', model: { type: 'linear' } })
    expect(manifest.targets.map((target) => target.id).sort()).toEqual(['garden', 'kitchen', 'lighting', 'stationery', 'textiles', 'toys'])
    const page = await shopper.context.newPage()
    const problems: string[] = []
    page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()))
    await page.route('**/model.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(manifest) }))
    await visit(page, env.base, '/')
    for (const sku of ['KIT-001', 'KIT-002', 'KIT-003']) await visit(page, env.base, `/products/${sku}.html`)
    await visit(page, env.base, '/')
    const hero = await page.$eval('[data-tailor-slot="hero"]', (slot) => ({ path: (slot as HTMLElement).dataset.tailorPath, content: (slot as HTMLElement).dataset.tailorContent }))
    expect({ hero, problems }).toEqual({ hero: { path: 'model', content: 'hero-kitchen' }, problems: [] })
    // The model that decided is the trained one, as the SDK cached it.
    const records = await page.evaluate(async () => (await (window.tailor as Tailor).exportProfile()).records.kv)
    const cached = Object.entries(records).filter(([key]) => key.startsWith('model:')).map(([, value]) => (value as { manifest: { id: string } }).manifest.id)
    expect(cached).toEqual(['storefront-trained'])
  })
})
