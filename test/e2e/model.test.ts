import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { serve } from '../../scripts/serve.mjs'
import { STOREFRONT, useFreshContext, useServedBrowser, visit as open } from './harness'

// Models that must never be used, served in place of the storefront's, and the 300-tree booster
// scored in the page, in a real Chromium.
const MODEL = JSON.parse(readFileSync(`${STOREFRONT}model.json`, 'utf8'))
const FIXTURES = new URL('../../packages/core/test/fixtures/xgboost/', import.meta.url).pathname
const env = useServedBrowser(STOREFRONT)
const shopper = useFreshContext(env)
let page: Page
let warnings: string[]

beforeEach(async () => {
  page = await shopper.context.newPage()
  warnings = []
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()))
})

const visit = (path: string) => open(page, env.base, path)

const sri = (body: string) => `sha384-${createHash('sha384').update(body).digest('base64')}`
const withModel = (change: (model: typeof MODEL) => void) => {
  const copy = structuredClone(MODEL)
  change(copy)
  return JSON.stringify(copy)
}

describe('a model that must not be used', () => {
  it.each([
    ['malformed', () => '{"format": "tailor-model@1", "id": ', 'is not JSON'],
    ['NaN-bearing (1e999 parses as Infinity)', () => withModel((m) => (m.model.weights[0][0] = '@INF@')).replace('"@INF@"', '1e999'), 'model.weights.0.0: expected number'],
    ['a feature spec changed after training', () => withModel((m) => (m.features[0].halfLifeDays = 7)), 'featuresHash:'],
    ['oversized', () => ' '.repeat(6_000_000) + JSON.stringify(MODEL), 'is over 5000000 bytes'],
    ['integrity-failing (its booster does not match)', () => withModel((m) => (m.model = { type: 'xgboost', url: 'booster.json', integrity: sri('another booster') })), 'booster.json does not match sha384-'],
  ])('%s: fallback content and one warning that names it', async (_, body, detail) => {
    await page.route('**/model.json', (route) => route.fulfill({ contentType: 'application/json', body: body() }))
    await page.route('**/booster.json', (route) => route.fulfill({ contentType: 'application/json', body: '{}' }))
    for (const sku of ['LGT-001', 'LGT-002', 'LGT-003']) await visit(`/products/${sku}.html`)
    await visit('/') // enough evidence and no cached model: the decision waits for this download
    const slot = await page.$eval('[data-tailor-slot="hero"]', (element) => (element as HTMLElement).dataset)
    // Fallback content: the segment's, or the default one where the download outlasted the timeout.
    expect(['segment', 'default']).toContain(slot.tailorPath)
    const model = [...new Set(warnings.filter((text) => text.startsWith('[tailor:model]')))]
    expect(model).toHaveLength(1)
    expect(model[0]).toContain(detail)
  })
})

it('scores 1,000 rows with a 300-tree, depth-6 booster without a long task', async () => {
  const booster = readFileSync(`${FIXTURES}multi-softprob.model.json`, 'utf8')
  const { rows } = JSON.parse(readFileSync(`${FIXTURES}multi-softprob.cases.json`, 'utf8')) as { rows: Array<Array<number | null>> }
  const core = await serve(new URL('../../packages/core/dist/', import.meta.url).pathname)
  try {
    await page.goto(core.url)
    await page.addScriptTag({ type: 'module', content: "import * as engine from '/engine.js'; window.engine = engine" })
    await page.waitForFunction(() => 'engine' in window)
    // Compiling the booster is one task; scoring, observed separately, is what must stay short.
    await page.evaluate(
      ({ booster, rows }) => {
        const engine = (window as unknown as { engine: typeof import('@tailorjs/core/engine') }).engine
        const features = Array.from({ length: 64 }, (_, i) => ({ name: `pixel_${i}`, kind: 'trait' as const, key: `pixel_${i}` }))
        const scorer = engine.createScorer(
          engine.parseManifest({
            format: 'tailor-model@1',
            id: 'digits',
            version: '1',
            createdAt: '2026-11-26T00:00:00Z',
            features,
            featuresHash: engine.featureSpecHash(features),
            targets: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
            model: { type: 'xgboost', booster: JSON.parse(booster) },
          }),
        )
        const vectors = rows.slice(0, 1000).map((row) => Float32Array.from(row, (v) => (v === null ? Number.NaN : v)))
        Object.assign(window, { scorer, vectors })
      },
      { booster, rows },
    )
    const result = await page.evaluate(async () => {
        const { engine, scorer, vectors } = window as unknown as { engine: typeof import('@tailorjs/core/engine'); scorer: import('@tailorjs/core/engine').Scorer; vectors: Float32Array[] }
        const longTasks: number[] = []
        new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' })
        await new Promise((resolve) => setTimeout(resolve, 0))
        const start = performance.now()
        const scores = await engine.scoreAll(scorer, vectors)
        const elapsed = performance.now() - start
        await new Promise((resolve) => setTimeout(resolve, 100)) // let the observer report
        return { scored: scores.length, elapsed, longTasks, finite: scores.every((s) => [...s.values()].every(Number.isFinite)) }
    })
    expect(result).toMatchObject({ scored: 1000, finite: true, longTasks: [] })
  } finally {
    core.server.close()
  }
})
