// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://shop.example/" }
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { createTailor } from '@tailorjs/core'
import { applyEvents, createScorer, emptyProfile, featurize, parseManifest, type ProfileState, type TailorEvent } from '@tailorjs/core/engine'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { candidateOf } from '../src/dataset'
import { toManifest } from '../src/export'
import { ingest } from '../src/ingest'
import { train, type TrainResult } from '../src/train'
import { sampleConfig } from './helpers'

let result: TrainResult
let customers: Map<string, TailorEvent[]>

beforeAll(async () => {
  const config = sampleConfig()
  result = await train(config, { now: new Date('2026-11-26T12:00:00Z') })
  customers = (await ingest(config.input)).customers
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const before = (customer: string, cutoff: number) => customers.get(customer)!.filter((event) => event.ts < cutoff)

describe('round trip: trainer → manifest → browser scorer', () => {
  it('the browser reproduces the trainer\'s calibrated predictions from the exported manifest', () => {
    const { test, targets, model, calibration, spec } = result
    // Exported with the test cutoff's priors, so the browser scores exactly what the trainer evaluated.
    const manifest = toManifest(
      { id: 'parity', version: '1', createdAt: new Date(), targets },
      spec,
      model,
      targets.map((target, t) => candidateOf(target, 'item', test.priors[t]!)),
      calibration,
    )
    // Through JSON and the browser's own parser, as a shopper's tab receives it.
    const parsed = parseManifest(JSON.parse(JSON.stringify(manifest)))
    const scorer = createScorer(parsed)
    const T = targets.length
    let compared = 0
    test.customers.forEach((customer, i) => {
      const profile = applyEvents(emptyProfile(), before(customer, test.cutoff))
      const scores = scorer.score(featurize(profile, parsed.features, test.cutoff))
      targets.forEach((target, t) => {
        expect(scores.get(target.id)).toBeCloseTo(result.predictions[i * T + t]!, 6)
        compared++
      })
    })
    expect(compared).toBe(test.customers.length * T)
    expect(compared).toBeGreaterThan(1000)
  })
})

describe('train/serve parity: the same events through the trainer and through the browser SDK', () => {
  it('give identical feature vectors', async () => {
    const { test, targets, spec } = result
    const T = targets.length
    // The customers with the longest histories before the test cutoff: the most counters, bands and days.
    const chosen = test.customers
      .map((customer, i) => ({ customer, i, events: before(customer, test.cutoff) }))
      .sort((a, b) => b.events.length - a.events.length)
      .slice(0, 4)
    for (const { i, events } of chosen) {
      vi.stubGlobal('indexedDB', new IDBFactory()) // a new shopper: empty storage
      const clock = vi.spyOn(Date, 'now')
      clock.mockReturnValue(events[0]!.ts - 60_000) // the shopper's first page, just before their first order
      const tailor = createTailor({})
      await tailor.start()
      for (const event of events) {
        clock.mockReturnValue(event.ts) // tracked as it happened
        expect(tailor.track(event.type, { items: event.items! })).toBe(true)
      }
      clock.mockReturnValue(test.cutoff)
      // The profile as IndexedDB holds it after the SDK's own fold.
      const stored = (await tailor.exportProfile()).records.kv.profile as ProfileState
      await tailor.destroy()
      clock.mockRestore()
      expect(stored.rfm.orders).toBe(events.length)
      for (let t = 0; t < T; t++) {
        const browser = featurize(stored, spec, test.cutoff, candidateOf(targets[t]!, 'item', test.priors[t]!))
        expect([...browser]).toEqual([...test.x.subarray((i * T + t) * spec.length, (i * T + t + 1) * spec.length)])
      }
    }
  })
})
