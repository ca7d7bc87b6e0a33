import 'fake-indexeddb/auto'
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import type { Feature, TailorEvent } from '@tailorjs/core/engine'
import * as engine from '../../packages/core/dist/engine.js'
import { openIdbStore } from '../../packages/core/src/storage/idb-store'
import { createProfileSync, decodeProfile } from '../../packages/core/src/storage/profile-sync'
import { useServedBrowser } from './harness'

// One recorded stream (scripts/make-stream.mjs), replayed through the built engine in Node and in
// Chromium, each profile stored in and read back from IndexedDB (fake-indexeddb in Node, through
// Tailor's own outbox storage; the real one in Chromium): the feature vectors must agree bit for bit.
const stream = JSON.parse(readFileSync(new URL('../fixtures/stream-5000.json', import.meta.url), 'utf8')) as TailorEvent[]
const NOW = stream.reduce((latest, event) => Math.max(latest, event.ts), 0) + 86_400_000
const DIST = new URL('../../packages/core/dist/', import.meta.url).pathname

const env = useServedBrowser(DIST)

/** Every feature kind, and an interest feature for every counter at every half-life and transform. */
function specFor(counters: Record<string, unknown>): Feature[] {
  const spec: Feature[] = []
  for (const key of Object.keys(counters).sort()) {
    const [event, dimension, value] = key.split('|') as [string, Feature & { kind: 'interest' } extends { dimension: infer D } ? D : never, string]
    for (const halfLifeDays of engine.HALF_LIVES_DAYS) {
      for (const transform of ['none', 'log1p', 'share'] as const) {
        spec.push({ name: `f${spec.length}`, kind: 'interest', event, dimension, key: value, halfLifeDays, transform })
      }
    }
  }
  for (const event of ['page_view', 'view_item', 'purchase', 'identify']) spec.push({ name: `f${spec.length}`, kind: 'count', event, transform: 'log1p' })
  for (const measure of ['recency_days', 'orders', 'monetary'] as const) spec.push({ name: `f${spec.length}`, kind: 'rfm', measure })
  for (const stage of engine.LIFECYCLE_STAGES) spec.push({ name: `f${spec.length}`, kind: 'lifecycle', stage })
  for (const value of engine.CHANNELS) spec.push({ name: `f${spec.length}`, kind: 'context', field: 'channel', value })
  spec.push({ name: `f${spec.length}`, kind: 'context', field: 'device', value: 'mobile' })
  spec.push({ name: `f${spec.length}`, kind: 'time', field: 'hour' }, { name: `f${spec.length + 1}`, kind: 'time', field: 'weekday' })
  spec.push({ name: `f${spec.length}`, kind: 'sessions', transform: 'log1p' })
  spec.push({ name: `f${spec.length}`, kind: 'trait', key: 'tier', value: 'gold' }, { name: `f${spec.length + 1}`, kind: 'trait', key: 'visits' })
  for (const dimension of engine.DIMENSIONS) spec.push({ name: `f${spec.length}`, kind: 'shift', dimension })
  return spec
}

const bits = (vector: Float32Array) => Array.from(new Uint32Array(vector.buffer))

it('replays 5,000 events to bit-identical features in Node and in Chromium', async () => {
  // Node: the events go through Tailor's storage path in batches, as a page writes them.
  const sync = await createProfileSync(await openIdbStore(), () => {})
  for (let i = 0; i < stream.length; i += 250) {
    for (const event of stream.slice(i, i + 250)) sync.add(event)
    await sync.flush()
  }
  const stored = decodeProfile(await (await openIdbStore()).get('profile')) as ReturnType<typeof engine.emptyProfile>
  expect(stored).toEqual(engine.applyEvents(engine.emptyProfile(), stream))
  expect(stored.counts.purchase).toBeGreaterThan(10)
  const spec = specFor(stored.counters)
  expect(spec.length).toBeGreaterThan(500)
  const inNode = bits(engine.featurize(stored, spec, NOW))

  // Chromium: the same built engine, the profile through real IndexedDB.
  const page = await env.browser.newPage()
  await page.goto(env.base)
  // A module script, not import() inside evaluate: the test runner rewrites import() in test code.
  await page.addScriptTag({ type: 'module', content: "import * as core from '/engine.js'; window.core = core" })
  await page.waitForFunction(() => 'core' in window)
  const inChromium = await page.evaluate(
    async ({ stream, spec, now }) => {
      const core = (window as unknown as { core: typeof engine }).core
      const state = core.applyEvents(core.emptyProfile(), stream)
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('parity', 1)
        request.onupgradeneeded = () => request.result.createObjectStore('kv')
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      const roundTrip = await new Promise((resolve, reject) => {
        const tx = db.transaction('kv', 'readwrite')
        tx.objectStore('kv').put(state, 'profile')
        const read = tx.objectStore('kv').get('profile')
        tx.oncomplete = () => resolve(read.result)
        tx.onerror = () => reject(tx.error)
      })
      const vector = core.featurize(roundTrip as typeof state, spec, now)
      return Array.from(new Uint32Array(vector.buffer))
    },
    { stream, spec, now: NOW },
  )
  await page.close()
  expect(inChromium).toHaveLength(inNode.length)
  expect(inChromium).toEqual(inNode)
})
