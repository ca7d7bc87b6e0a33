// pnpm bench: measures Tailor in Debian's Chromium and writes docs/benchmarks.md and
// docs/benchmarks.json (machine, date, versions, numbers). `pnpm bench` builds first.
import { benchJson, writeSection } from './benchmarks-doc.mjs'
// BENCH_SMOKE=1: every measurement once, with tiny sizes (the tests run this so the harness cannot rot).
const SMOKE = process.env.BENCH_SMOKE === '1'
const BATCHES = SMOKE ? 2 : 100
import { cpus, totalmem } from 'node:os'
import { benchModels } from './bench-models.mjs'
import { launchChromium } from './chromium.mjs'
import { serve } from './serve.mjs'

const SITE = new URL('../examples/storefront/dist/', import.meta.url).pathname

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

const { server, url } = await serve(SITE)
const browser = await launchChromium()

/** A fresh shopper (empty storage) on the storefront's home page, Tailor started. */
async function freshPage() {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(url)
  await page.waitForFunction(() => window.tailor && !Array.isArray(window.tailor))
  await page.evaluate(() => window.tailor.start())
  return { context, page }
}

// track(): main-thread time per call, timed in batches of 100 calls (performance.now() is coarse).
async function trackCost() {
  const { context, page } = await freshPage()
  const perCall = await page.evaluate(async (batches) => {
    const results = []
    for (let batch = 0; batch < batches; batch++) {
      const start = performance.now()
      for (let i = 0; i < 100; i++) {
        window.tailor.track('view_item', { items: [{ item_id: `SKU-${(batch * 100 + i) % 300}`, item_category: `c${i % 6}`, item_brand: `b${i % 4}`, price: (i % 50) * 3.1 }] })
      }
      results.push(((performance.now() - start) * 1000) / 100)
      // Let batched writes happen between batches, as they would on a real page.
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    return results
  }, BATCHES * 2)
  await context.close()
  return { calls: BATCHES * 200, batchSize: 100, medianUs: round(quantile(perCall, 0.5)), p95Us: round(quantile(perCall, 0.95)) }
}

// Capture: main-thread time per GA4 event pushed onto the page's dataLayer, read by Tailor and
// recorded (the storefront reports add_to_cart through its dataLayer).
async function captureCost() {
  const { context, page } = await freshPage()
  const perEvent = await page.evaluate(async (batches) => {
    await window.tailor.flush() // the late capture chunk is loaded
    const results = []
    for (let batch = 0; batch < batches; batch++) {
      const start = performance.now()
      for (let i = 0; i < 100; i++) {
        window.dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'GBP', value: 12.5, items: [{ item_id: `SKU-${i}`, item_category: 'kitchen', price: '12,50 €', quantity: 1 }] } })
      }
      results.push(((performance.now() - start) * 1000) / 100)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    return results
  }, BATCHES)
  await context.close()
  return { events: BATCHES * 100, batchSize: 100, medianUs: round(quantile(perEvent, 0.5)), p95Us: round(quantile(perEvent, 0.95)) }
}

// Storage after N events: what IndexedDB holds (navigator.storage.estimate) and the profile record's size.
async function storedBytes(events) {
  const { context, page } = await freshPage()
  const result = await page.evaluate(async (events) => {
    for (let i = 0; i < events; i++) {
      window.tailor.track(i % 10 === 0 ? 'add_to_cart' : 'view_item', {
        items: [{ item_id: `SKU-${i % 2000}`, item_category: `cat-${i % 40}`, item_brand: `brand-${i % 25}`, price: (i % 400) * 1.7 }],
      })
      if (i % 1000 === 999) await window.tailor.flush()
    }
    await window.tailor.flush()
    const { records } = await window.tailor.exportProfile()
    const { usage } = await navigator.storage.estimate()
    return { usage, profileJsonBytes: JSON.stringify(records.kv.profile).length, log: records.kv.profile.log.length, counters: Object.keys(records.kv.profile.counters).length }
  }, events)
  // With the profile stored: a page load until every slot is final, and one event's write, with
  // the longest main-thread task seen (PerformanceObserver 'longtask': only tasks over 50 ms).
  await page.addInitScript(() => {
    window.longTasks = []
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' })
    // The moment the hero settles, seen by the page itself (polling from outside would be late).
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-tailor-slot][data-tailor-state="final"]')) {
        window.slotsFinalAt = performance.now()
        observer.disconnect()
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-tailor-state'] })
  })
  await page.reload()
  await page.waitForFunction(() => window.tailor && !Array.isArray(window.tailor))
  const timing = await page.evaluate(async () => {
    await window.tailor.start()
    const final = window.slotsFinalAt
    const start = performance.getEntriesByName('tailor:start')[0].startTime
    window.tailor.track('view_item', { items: [{ item_id: 'SKU-1' }] })
    const flushStart = performance.now()
    await window.tailor.flush()
    const flushMs = performance.now() - flushStart
    await new Promise((resolve) => setTimeout(resolve, 100))
    return { final, fromStart: final - start, flushMs, longest: Math.max(0, ...window.longTasks) }
  })
  await context.close()
  return {
    events,
    ...result,
    slotsFinalMs: round(timing.final, 1),
    slotsFinalFromStartMs: round(timing.fromStart, 1),
    flushMs: round(timing.flushMs, 1),
    longestTaskMs: round(timing.longest, 1),
  }
}

/**
 * Time from the SDK starting (its `tailor:start` mark) until the last slot on the storefront's
 * home page (hero and product slot) is final, over `runs` page loads: for a shopper whose
 * snapshot and model are cached, and for new shoppers (each in a fresh context). Also whether the
 * slots were final before the page's first contentful paint.
 */
async function timeToFinal(runs = 30) {
  // Records, per slot, when it became decidable (in the DOM with the parser past it: what Tailor
  // waits for) and when it became final. Registered before Tailor's observer, so it sees each
  // change first.
  const watch = () => {
    window.completeAt = {}
    window.finalAt = {}
    const parsed = (element) => {
      if (document.readyState !== 'loading') return true
      for (let node = element; node; node = node.parentElement) if (node.nextSibling) return true
      return false
    }
    new MutationObserver(() => {
      for (const slot of document.querySelectorAll('[data-tailor-slot]')) {
        const name = slot.dataset.tailorSlot
        if (window.completeAt[name] === undefined && parsed(slot)) window.completeAt[name] = performance.now()
        if (slot.dataset.tailorState === 'final') window.finalAt[name] ??= performance.now()
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-tailor-state'] })
  }
  const load = async (page, path) => {
    await page.goto(new URL(path, url).href)
    await page.waitForFunction(() => window.tailor && !Array.isArray(window.tailor))
    return page.evaluate(async () => {
      await window.tailor.start()
      await window.tailor.flush()
      const start = performance.getEntriesByName('tailor:start')[0].startTime
      const names = Object.keys(window.finalAt)
      const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime
      const last = Math.max(...names.map((name) => window.finalAt[name]))
      return {
        // From when the SDK could first decide each slot (started, slot parsed) to the slot final.
        ms: Math.max(...names.map((name) => window.finalAt[name] - Math.max(start, window.completeAt[name] ?? start))),
        fromStart: last - start,
        slots: names.length,
        paths: [...document.querySelectorAll('[data-tailor-slot]')].map((slot) => slot.dataset.tailorPath).join(' '),
        beforePaint: paint === undefined || last <= paint,
      }
    })
  }
  const summary = (samples) => ({
    runs: samples.length,
    slots: samples[0].slots,
    paths: [...new Set(samples.map((sample) => sample.paths))],
    medianMs: round(quantile(samples.map((sample) => sample.ms), 0.5), 2),
    p95Ms: round(quantile(samples.map((sample) => sample.ms), 0.95), 2),
    fromStartMedianMs: round(quantile(samples.map((sample) => sample.fromStart), 0.5), 2),
    beforePaint: samples.filter((sample) => sample.beforePaint).length,
  })
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.addInitScript(watch)
  for (const path of ['/products/GRD-001.html', '/products/GRD-002.html', '/products/GRD-003.html']) await load(page, path)
  await load(page, '/') // the model is downloaded and cached with this page
  const cached = []
  for (let i = 0; i < runs; i++) cached.push(await load(page, '/'))
  await context.close()
  const first = []
  for (let i = 0; i < runs; i++) {
    const fresh = await browser.newContext()
    const newPage = await fresh.newPage()
    await newPage.addInitScript(watch)
    first.push(await load(newPage, '/'))
    await fresh.close()
  }
  return { cached: summary(cached), firstVisit: summary(first) }
}

const slots = await timeToFinal(SMOKE ? 2 : 30)
const models = await benchModels(browser, SMOKE ? 1 : 5)
const profile = { slots, track: await trackCost(), capture: await captureCost(), storage: [] }
for (const events of SMOKE ? [0, 100] : [0, 1_000, 10_000, 100_000]) profile.storage.push(await storedBytes(events))

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  node: process.version,
  chromium: browser.version(),
}
await browser.close()
server.close()

const date = new Date().toISOString().slice(0, 10)
benchJson('benchmarks.json', { date, machine, command: 'pnpm bench', profile, models: models.data })

const kib = (bytes) => `${round(bytes / 1024, 1)} KiB`
const md = `## In the browser

Written by \`pnpm bench\` (scripts/bench.mjs) on ${date}; raw numbers in [benchmarks.json](benchmarks.json).

Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; Chromium ${machine.chromium} (headless).

### Slots final within one frame of the SDK starting

For every slot of the storefront's home page (the hero's variants and the four-product slot):
the time from when Tailor could first decide it (\`start()\` running and the slot parsed, whichever
is later) until it is final, the slowest slot of each load, over ${slots.cached.runs} page loads each. A
returning shopper (three garden product views; the snapshot and the model cached in localStorage)
navigates within one browser context; each new shopper (no snapshot: the new-visitor path) is a
fresh context, so a fresh renderer with cold caches. "From start" is the last slot final after
the \`tailor:start\` mark, parsing of the page in between included. "Before first paint" counts the
loads whose slots were all final before the first contentful paint.

| shopper | paths | median | p95 | from start, median | before first paint |
| --- | --- | ---: | ---: | ---: | ---: |
| returning, model cached | ${slots.cached.paths.join(', ')} | ${slots.cached.medianMs} ms | ${slots.cached.p95Ms} ms | ${slots.cached.fromStartMedianMs} ms | ${slots.cached.beforePaint}/${slots.cached.runs} |
| new | ${slots.firstVisit.paths.join(', ')} | ${slots.firstVisit.medianMs} ms | ${slots.firstVisit.p95Ms} ms | ${slots.firstVisit.fromStartMedianMs} ms | ${slots.firstVisit.beforePaint}/${slots.firstVisit.runs} |

The budget is one frame, 16 ms. Nothing waits for IndexedDB or the network: the decision reads
the snapshot (docs/decisions/0004-first-decision-from-a-snapshot.md). The start is three short
tasks, so that none is long on a slow device (docs/reliability.md, P1), and the slots are
rendered in the next animation frame, before it is painted: "final" here is the frame that
paints them, not a DOM change that waits for that frame. When the first frame comes late (a new
shopper's fresh renderer, still loading and rasterizing the page), so does "final"; a task the
page runs between two of Tailor's delays it too.

### Profile

#### \`track()\` on the main thread

${profile.track.calls.toLocaleString('en')} calls of \`tailor.track('view_item', …)\` on the storefront's home page, timed in
batches of ${profile.track.batchSize} (validation, stamping and queueing; the IndexedDB write is batched and happens later).

| median per call | p95 per call |
| ---: | ---: |
| ${profile.track.medianUs} µs | ${profile.track.p95Us} µs |

#### Capture of a GA4 event

${profile.capture.events.toLocaleString('en')} GA4 \`add_to_cart\` events pushed onto the page's \`dataLayer\` (price written \`"12,50 €"\`),
timed in batches of ${profile.capture.batchSize}: the page's own push, Tailor reading and normalising the event, and
\`track()\`.

| median per event | p95 per event |
| ---: | ---: |
| ${profile.capture.medianUs} µs | ${profile.capture.p95Us} µs |

#### Storage stays bounded

A fresh shopper tracks N product events over 2,000 products in 40 categories, 25 brands and all
price bands; Tailor flushes every 1,000 events. \`usage\` is \`navigator.storage.estimate().usage\`
for the origin (IndexedDB with its overhead); the profile record is its JSON size.

| events | storage usage | profile record | logged events | counters | slots final (from navigation) | slots final (from SDK start) | one event's write | longest task > 50 ms |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${profile.storage.map((s) => `| ${s.events.toLocaleString('en')} | ${kib(s.usage)} | ${kib(s.profileJsonBytes)} | ${s.log} | ${s.counters} | ${s.slotsFinalMs} ms | ${s.slotsFinalFromStartMs} ms | ${s.flushMs} ms | ${s.longestTaskMs || 'none'}${s.longestTaskMs ? ' ms' : ''} |`).join('\n')}

After each fill the page is reloaded with that profile stored. "Slots final" is when the first
slot is final, measured from navigation start and from the \`tailor:start\` mark Tailor sets as it starts;
"one event's write" is \`flush()\` after one \`track()\`: the outbox append plus the
read-modify-write of the whole profile record; the last column is the longest main-thread task
over 50 ms during the reload and that write.

The log keeps the newest 2,000 events and the counters stay at most 1,000 (PROFILE_LIMITS), so the
record stops growing; usage can still vary with IndexedDB's own compaction.
`
writeSection('browser', `${md}\n${models.md}`)
console.log(md)
