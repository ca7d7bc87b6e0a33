// The peers part of pnpm bench: Tailor against the SDKs doing parts of its job, in the same run.
// Bundle sizes (esbuild, as a site would bundle each), time to final content against the same page
// with no SDK, and the main-thread cost of one captured event against PostHog and Snowplow with
// their network pointed at a local sink. Writes the "peers" section of docs/benchmarks.md and
// docs/benchmarks-peers.json. BENCH_SMOKE=1 runs everything once with tiny sizes (the tests do).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { benchJson, writeSection } from './benchmarks-doc.mjs'
import { launchChromium } from './chromium.mjs'
import { serve } from './serve.mjs'

const SMOKE = process.env.BENCH_SMOKE === '1'
const PEERS = new URL('../benchmarks/peers/', import.meta.url).pathname
const CORE = new URL('../packages/core/dist/', import.meta.url).pathname
const STOREFRONT = new URL('../examples/storefront/dist/', import.meta.url).pathname
const esbuild = createRequire(join(PEERS, 'package.json'))('esbuild')
const peerVersion = (name) => JSON.parse(readFileSync(join(PEERS, 'node_modules', name, 'package.json'), 'utf8')).version

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits
const kb = (bytes) => `${round(bytes / 1000, 1)} kB`

// ---------------------------------------------------------------------------------------------
// Bundle size: each entry in benchmarks/peers/entries bundled with esbuild for the browser,
// minified, code split as a site's bundler would; "initial" is what a page loads before anything
// runs (the entry and the chunks it imports statically), "all" adds what it may import later.
// Each file is compressed on its own, as a server sends it.

const ENTRIES = [
  ['Tailor (npm: createTailor)', 'tailor-npm', '@tailorjs/core'],
  ['GrowthBook', 'growthbook', '@growthbook/growthbook'],
  ['Uniform Context', 'uniform', '@uniformdev/context'],
  ['Snowplow browser tracker', 'snowplow', '@snowplow/browser-tracker'],
  ['Optimizely', 'optimizely', '@optimizely/optimizely-sdk'],
  ['Ninetailed', 'ninetailed', '@ninetailed/experience.js'],
  ['PostHog', 'posthog', 'posthog-js'],
  ['Segment Analytics.js', 'segment', '@segment/analytics-next'],
]

const measureFiles = (contents) => ({
  raw: contents.reduce((sum, bytes) => sum + bytes.length, 0),
  gzip: contents.reduce((sum, bytes) => sum + gzipSync(bytes, { level: 9 }).length, 0),
  brotli: contents.reduce((sum, bytes) => sum + brotliCompressSync(bytes).length, 0),
})

function bundleSize(entry) {
  const { outputFiles, metafile } = esbuild.buildSync({
    entryPoints: [`entries/${entry}.js`],
    absWorkingDir: PEERS,
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const bytes = new Map(outputFiles.map((file) => [file.path, file.contents]))
  const outputs = metafile.outputs
  const initial = new Set()
  const visit = (path) => {
    if (initial.has(path)) return
    initial.add(path)
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement') visit(imported.path)
  }
  visit(Object.keys(outputs).find((path) => outputs[path].entryPoint))
  const of = (paths) => measureFiles(paths.map((path) => bytes.get(join(PEERS, path))))
  return { initial: of([...initial]), all: of(Object.keys(outputs)), files: Object.keys(outputs).length }
}

function sizes() {
  const scriptTag = ['tailor.min.js', 'tailor-persist.min.js', 'tailor-loader.min.js', 'tailor-capture.min.js', 'tailor-insights.min.js']
  const read = (files) => files.map((file) => readFileSync(join(CORE, file)))
  const rows = [
    { name: 'Tailor (script tag: tailor.min.js, everything before the first decision)', version: peerVersion('@tailorjs/core'), initial: measureFiles(read(scriptTag.slice(0, 1))), all: measureFiles(read(scriptTag)), files: scriptTag.length },
    ...ENTRIES.map(([name, entry, pkg]) => ({ name, version: peerVersion(pkg), ...bundleSize(entry) })),
  ]
  const base = rows[0].initial.gzip
  return rows.map((row) => ({ ...row, ratio: round(row.initial.gzip / base, 2) }))
}

// ---------------------------------------------------------------------------------------------
// In Chromium: a page with Tailor's script tag, PostHog and Snowplow, whose requests go to a sink.

/** An HTTP server on 127.0.0.1 that answers every request 200 with `{}` and counts them. */
async function startSink() {
  let requests = 0
  const server = createServer((request, response) => {
    requests++
    response.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*')
    response.setHeader('Access-Control-Allow-Credentials', 'true')
    response.setHeader('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? '*')
    request.resume()
    request.on('end', () => response.end('{}'))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, requests: () => requests, close: () => server.close() }
}

/** A page serving Tailor's script-tag files and browser bundles of PostHog and Snowplow. */
function capturePage(sink) {
  const dir = mkdtempSync(join(tmpdir(), 'tailor-bench-peers-'))
  for (const file of ['tailor.min.js', 'tailor-persist.min.js', 'tailor-loader.min.js', 'tailor-capture.min.js', 'tailor-insights.min.js']) {
    writeFileSync(join(dir, file), readFileSync(join(CORE, file)))
  }
  const iife = (contents, outfile) =>
    esbuild.buildSync({ stdin: { contents, resolveDir: PEERS }, bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', outfile: join(dir, outfile), logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' } })
  iife("import posthog from 'posthog-js'; window.posthog = posthog", 'posthog.js')
  iife("import * as snowplow from '@snowplow/browser-tracker'; window.snowplow = snowplow", 'snowplow.js')
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>capture</title>
<script src="/tailor.min.js" data-storage="indexeddb"></script><script src="/posthog.js"></script><script src="/snowplow.js"></script>
</head><body><p>capture cost</p></body></html>`,
  )
  return { dir, sink }
}

/**
 * Main-thread time of one captured product view, per SDK, timed in batches of 100 calls taken in
 * turn (Tailor, PostHog, Snowplow, Tailor…) so that drift hits all three alike.
 */
async function captureCost(browser, calls) {
  const sink = await startSink()
  const { dir } = capturePage(sink)
  const { server, url } = await serve(dir)
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(url)
  const perCall = await page.evaluate(
    async ({ sinkUrl, calls }) => {
      await window.tailor.start()
      window.posthog.init('phc_bench', { api_host: sinkUrl, autocapture: false, capture_pageview: false, disable_session_recording: true })
      window.snowplow.newTracker('sp', sinkUrl, { appId: 'bench', eventMethod: 'post' })
      const item = (i) => ({ item_id: `SKU-${i % 500}`, item_category: 'lighting', price: 24 })
      const sdks = {
        tailor: (i) => window.tailor.track('view_item', { items: [item(i)] }),
        posthog: (i) => window.posthog.capture('view_item', item(i)),
        snowplow: (i) => window.snowplow.trackSelfDescribingEvent({ event: { schema: 'iglu:com.example/view_item/jsonschema/1-0-0', data: item(i) } }),
      }
      const results = { tailor: [], posthog: [], snowplow: [] }
      for (let batch = 0; batch < calls / 100; batch++) {
        for (const [name, call] of Object.entries(sdks)) {
          const start = performance.now()
          for (let i = 0; i < 100; i++) call(batch * 100 + i)
          results[name].push(((performance.now() - start) * 1000) / 100)
        }
        // Time between bursts, as on a page, for each SDK's timers and requests to run.
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await window.tailor.flush()
      return results
    },
    { sinkUrl: sink.url, calls },
  )
  await page.waitForTimeout(SMOKE ? 200 : 2000) // their batches reach the sink
  await context.close()
  server.close()
  sink.close()
  const stats = (values) => ({ medianUs: round(quantile(values, 0.5), 1), p95Us: round(quantile(values, 0.95), 1) })
  const result = Object.fromEntries(Object.entries(perCall).map(([name, values]) => [name, stats(values)]))
  // Pair by pair: each batch against Tailor's batch taken just before it.
  const ratio = (name) => round(quantile(perCall[name].map((us, i) => us / perCall.tailor[i]), 0.5), 1)
  return { calls, sinkRequests: sink.requests(), ...result, ratio: { posthog: ratio('posthog'), snowplow: ratio('snowplow') } }
}

/**
 * From navigation start until every slot of the storefront's home page is final, for a shopper
 * whose model is cached, against the same page without Tailor (no script, no tailor.css): there
 * the slots are final once parsed. Loads alternate between the two.
 */
async function timeToFinal(browser, loads) {
  const { server, url } = await serve(STOREFRONT)
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.addInitScript(() => {
    window.done = {}
    const parsed = (element) => document.readyState !== 'loading' || [element, ...ancestors(element)].some((node) => node.nextSibling)
    const ancestors = (element) => {
      const list = []
      for (let node = element.parentElement; node; node = node.parentElement) list.push(node)
      return list
    }
    new MutationObserver(() => {
      for (const slot of document.querySelectorAll('[data-tailor-slot]')) {
        const withTailor = document.querySelector('script[src="/tailor.min.js"]')
        const final = withTailor ? slot.dataset.tailorState === 'final' : parsed(slot)
        if (final) window.done[slot.dataset.tailorSlot] ??= performance.now()
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-tailor-state'] })
  })
  const load = async (path, withTailor, slots = 2) => {
    await page.goto(new URL(path, url).href)
    await page.waitForFunction((n) => Object.keys(window.done).length >= n, slots)
    if (withTailor) await page.evaluate(() => window.tailor.start().then(() => window.tailor.flush()))
    return page.evaluate(() => Math.max(0, ...Object.values(window.done)))
  }
  for (const path of ['/products/GRD-001.html', '/products/GRD-002.html', '/products/GRD-003.html']) await load(path, true, 0)
  await load('/', true) // the model is downloaded and cached
  const withTailor = []
  const floor = []
  for (let i = 0; i < loads; i++) {
    withTailor.push(await load('/', true))
    // The same page, as the server would send it without Tailor.
    await page.route('**/', async (route) => {
      const response = await route.fetch()
      const html = (await response.text()).replace(/<link rel="stylesheet" href="\/tailor.css">\n?/, '').replace(/<script async src="\/tailor.min.js"[^>]*><\/script>\n?/, '')
      await route.fulfill({ response, body: html })
    })
    floor.push(await load('/', false))
    await page.unroute('**/')
  }
  await context.close()
  server.close()
  const stats = (values) => ({ medianMs: round(quantile(values, 0.5), 1), p95Ms: round(quantile(values, 0.95), 1) })
  // Pair by pair: each load with Tailor against the load without it that follows.
  const overhead = withTailor.map((ms, i) => ms - floor[i])
  return { loads, tailor: stats(withTailor), floor: stats(floor), overhead: stats(overhead) }
}

// ---------------------------------------------------------------------------------------------

const browser = await launchChromium()
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, chromium: browser.version() }
const size = sizes()
const capture = await captureCost(browser, SMOKE ? 200 : 3_000)
const final = await timeToFinal(browser, SMOKE ? 2 : 30)
await browser.close()

const date = new Date().toISOString().slice(0, 10)
benchJson('benchmarks-peers.json', { date, machine, command: 'pnpm bench', smoke: SMOKE, size, capture, final })

const row = (r) =>
  `| ${r.name} | ${r.version} | ${kb(r.initial.raw)} | ${kb(r.initial.gzip)} | ${kb(r.initial.brotli)} | ${kb(r.all.gzip)} (${r.files} file${r.files === 1 ? '' : 's'}) | ${r.ratio}× |`
const md = `## Against peers

Written by \`pnpm bench\` (scripts/bench-peers.mjs) on ${date}${SMOKE ? ' (smoke run: tiny sizes, not for reading)' : ''}; raw numbers in
[benchmarks-peers.json](benchmarks-peers.json). Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node
${machine.node}; Chromium ${machine.chromium} (headless). Every figure below comes from this one run.

### Bundle size

Each SDK bundled from a typical entry file (benchmarks/peers/entries: load it, start it, one
event or decision) with esbuild ${esbuild.version}, minified, code split for the browser as a site's
bundler would. "Initial" is what a page loads before the SDK can run (the entry and the chunks it
imports statically); "all" adds what it may import later. Each file compressed on its own, as
served. Ratio: initial gzip against Tailor's script tag.

| SDK | version | initial | gzip | brotli | all, gzip | ratio |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
${size.map(row).join('\n')}

Segment's entry is small because it loads its core and destinations after the page does.

### Capture cost

${capture.calls.toLocaleString('en')} product views captured by each SDK on one page, timed in batches of 100 calls taken in
turn, 50 ms between rounds: \`tailor.track('view_item', …)\` (script tag), PostHog's \`capture()\` and Snowplow's
\`trackSelfDescribingEvent()\`, their requests sent to a local sink on 127.0.0.1 (${capture.sinkRequests.toLocaleString('en')} requests
received). Main-thread time per call:

| SDK | median | p95 | against Tailor (median of batch ratios) |
| --- | ---: | ---: | ---: |
| Tailor | ${capture.tailor.medianUs} µs | ${capture.tailor.p95Us} µs | 1× |
| PostHog ${peerVersion('posthog-js')} | ${capture.posthog.medianUs} µs | ${capture.posthog.p95Us} µs | ${capture.ratio.posthog}× |
| Snowplow ${peerVersion('@snowplow/browser-tracker')} | ${capture.snowplow.medianUs} µs | ${capture.snowplow.p95Us} µs | ${capture.ratio.snowplow}× |

### Time to final content

From navigation start until both slots of the storefront's home page (hero, four products) are
final, for a returning shopper with the model cached, over ${final.loads} loads each; against the same page
with Tailor's script and stylesheet removed, where a slot is final once parsed (the floor).
Loads alternate between the two.

| page | median | p95 |
| --- | ---: | ---: |
| with Tailor | ${final.tailor.medianMs} ms | ${final.tailor.p95Ms} ms |
| without an SDK (floor) | ${final.floor.medianMs} ms | ${final.floor.p95Ms} ms |
| Tailor's cost (each load against the next without it) | ${final.overhead.medianMs} ms | ${final.overhead.p95Ms} ms |

Tailor decides within a frame of starting (the browser section); the rest of its cost here is the
browser fetching and running the async tailor.min.js after the page's HTML, a cost a script tag
placed earlier, or preloaded, can cut.
`
writeSection('peers', md)
console.log(md)
