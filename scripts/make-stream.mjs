// Writes test/fixtures/stream-5000.json: one shopper's 5,000 events over about ten months, recorded the way
// Tailor's shell records them (the browser-Node parity test replays it). Deterministic: a seeded
// generator, so re-running this script rewrites the same file.
import { writeFileSync } from 'node:fs'

function mulberry32(seed) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = mulberry32(20261126)
const pick = (list) => list[Math.floor(random() * list.length)]
const categories = ['coffee', 'herbal-tea', 'lighting', 'textiles', 'kitchen', 'garden']
const brands = ['Hearth', 'Little Timber', 'Fieldhouse', 'Copper & Co']
const products = Array.from({ length: 60 }, (_, i) => ({
  item_id: `SKU-${String(i).padStart(3, '0')}`,
  item_category: categories[i % categories.length],
  item_brand: brands[i % brands.length],
  price: Math.round((3 + random() * 300) * 100) / 100,
}))
const referrers = [undefined, 'www.google.com', 'www.bing.com', 'l.facebook.com', 'news.example.org']

const events = []
let ts = Date.UTC(2026, 6, 1, 9)
let id = 0
const push = (type, data) => events.push({ id: `ev-${String(++id).padStart(5, '0')}`, type, ts, ...data })

while (events.length < 5000) {
  // A new session: sometimes hours later, sometimes days; occasionally the clock runs back a little.
  ts += random() < 0.02 ? -Math.floor(random() * 600_000) : Math.floor(random() * 2 * 86_400_000) + 31 * 60_000
  // Interest drifts: late in the stream, herbal tea takes over from coffee.
  const late = events.length > 4000
  push('page_view', {
    page: '/',
    context: { device: pick(['mobile', 'desktop', 'tablet']), referrer: pick(referrers), tz: pick([0, 60, 120, -300]) },
  })
  const length = 3 + Math.floor(random() * 25)
  for (let i = 0; i < length && events.length < 5000; i++) {
    ts += Math.floor(random() * 240_000)
    const pool = late ? products.filter((p) => p.item_category === 'herbal-tea') : products
    const product = pick(random() < 0.4 ? pool.filter((p) => p.item_category === 'coffee').concat(pool) : pool)
    const roll = random()
    if (roll < 0.6) push('view_item', { items: [{ ...product }] })
    else if (roll < 0.75) push('page_view', { page: `/c/${product.item_category}` })
    else if (roll < 0.87) push('add_to_cart', { items: [{ ...product, quantity: 1 + Math.floor(random() * 3) }] })
    else if (roll < 0.9) push('purchase', { items: [{ ...product, quantity: 1 }], value: product.price, currency: 'GBP' })
    else if (roll < 0.92) push('identify', { traits: { tier: pick(['bronze', 'silver', 'gold']), visits: events.length } })
    else if (roll < 0.94 && events.length > 1) events.push({ ...events[events.length - 1] }) // a duplicate id
    else push('slot_impression', { slot: 'hero', path: 'model', variant: `hero-${product.item_category}` })
  }
}

const file = new URL('../test/fixtures/stream-5000.json', import.meta.url)
writeFileSync(file, `${JSON.stringify(events)}\n`)
console.log(`${events.length} events, ${new Date(events[0].ts).toISOString()} to ${new Date(ts).toISOString()}`)
