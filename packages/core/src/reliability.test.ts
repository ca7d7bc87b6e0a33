// @vitest-environment happy-dom
// @vitest-environment-options { "url": "http://127.0.0.1/", "settings": { "fetch": { "disableSameOriginPolicy": true } } }
// Faults of docs/reliability.md that the browser shell meets, through the real API, storage
// (fake-indexeddb) and an HTTP model server.
import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { describe, expect, it, vi } from 'vitest'
import fixture from '../test/fixtures/manifest.json'
import { sri, startModelServer, useModelServer } from '../test/model-server'
import { HOME, pageLoad, productPage, useNewShopper } from '../test/pages'
import { createTailor, type TailorOptions } from './index'

const VARIANTS = { variants: [{ id: 'hero-lamps', target: 'lamps' }, { id: 'hero-rugs', target: 'rugs' }], segments: ['new-visitor'] }
const product = (sku: string) => productPage(sku, 'lamps')

const server = useModelServer()
const shopper = useNewShopper()
const { warnings } = shopper


/** Three lamp views: enough evidence for the model. */
const lampShopper = async (options: TailorOptions) => {
  for (const sku of ['L1', 'L2', 'L3']) await pageLoad(product(sku), options)
}

describe('network and models', () => {
  it('offline with a cached model past its max age: defaults, and one warning', async () => {
    const own = await startModelServer()
    own.serve({ ...fixture, createdAt: '2020-01-01T00:00:00Z', limits: { maxAgeDays: 30 } })
    const options = { model: own.url('/model.json') }
    await lampShopper(options)
    // Online, the server vouches for the old model; offline, nothing does.
    expect((await pageLoad(HOME, options)).decisions).toMatchObject([{ path: 'model' }])
    await own.close()
    shopper.warn.mockClear()
    // The hero waited for a model that never came, so its default content stays.
    expect((await pageLoad(HOME, options)).decisions).toMatchObject([{ path: 'default' }])
    expect(document.querySelector('h1')?.textContent).toBe('Default')
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:model\] The model manifest could not be downloaded/)])
  })

  it.each([['a 404', '/missing.json'], ['a 500', '/down.json']])('keeps deciding with the last good model when its URL answers %s', async (_, path) => {
    const own = await startModelServer()
    const good = { model: own.url('/model.json') }
    await lampShopper(good)
    // The same cached model, now published at a URL that fails: copy it there, as a site moving its model would.
    const db = await openDB('tailor')
    await db.put('kv', await db.get('kv', `model:${good.model}`), `model:${own.url(path)}`)
    db.close()
    shopper.warn.mockClear()
    const decisions = (await pageLoad(HOME, { model: own.url(path) })).decisions
    expect(decisions).toMatchObject([{ path: 'model', variant: 'hero-lamps' }])
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:model\] The model manifest could not be downloaded/)])
    await own.close()
  })

  it('refuses a tampered manifest, caches nothing of it, and keeps deciding with the last good one', async () => {
    const own = await startModelServer()
    const options = { model: own.url('/model.json'), modelIntegrity: sri(JSON.stringify(fixture)) }
    await lampShopper(options)
    own.serve({ ...fixture, model: { ...fixture.model, bias: [-5, 5] } }) // rugs for everyone, unsigned
    shopper.warn.mockClear()
    expect((await pageLoad(HOME, options)).decisions).toMatchObject([{ path: 'model', variant: 'hero-lamps' }])
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:model\] A model file failed its integrity check/)])
    // The next page still has the good model, from the cache.
    expect((await pageLoad(HOME, options)).decisions).toMatchObject([{ path: 'model', variant: 'hero-lamps' }])
    const db = await openDB('tailor')
    expect(((await db.get('kv', `model:${options.model}`)) as { manifest: { model: { bias: number[] } } }).manifest.model.bias).toEqual(fixture.model.bias)
    db.close()
    await own.close()
  })

  it('never waits past modelTimeoutMs for a slow model, and uses it from the next decision', async () => {
    const options = { model: server.url('/slow.json'), modelTimeoutMs: 100 }
    await lampShopper({ model: server.url('/nothing-yet.json') })
    shopper.warn.mockClear()
    document.body.innerHTML = HOME
    const tailor = createTailor(options)
    // The first render did not wait for the 2 s download.
    expect(await tailor.start()).toMatchObject([{ path: 'segment' }])
    expect(tailor.decideSlot('later', VARIANTS)).toMatchObject({ path: 'segment' })
    // It goes on in the background; a slot decided once it arrived gets the model.
    await vi.waitFor(() => expect(tailor.decideSlot(`after-${Date.now()}`, VARIANTS)).toMatchObject({ path: 'model', variant: 'hero-lamps' }), { timeout: 5000, interval: 100 })
    await tailor.destroy()
    expect((await pageLoad(HOME, options)).decisions).toMatchObject([{ path: 'model' }])
    expect(warnings()).toEqual([])
  })

  it('replaces a damaged cached model: one warning, defaults, then the downloaded model', async () => {
    const options = { model: server.url('/model.json') }
    await lampShopper(options)
    const db = await openDB('tailor')
    await db.put('kv', { v: 1, manifest: {}, etag: undefined }, `model:${options.model}`)
    db.close()
    localStorage.removeItem('tailor:model')
    shopper.warn.mockClear()
    expect((await pageLoad(HOME, options)).decisions).toMatchObject([{ path: 'segment' }])
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:model\] The model is not a valid tailor-model@1 manifest/)])
    expect((await pageLoad(HOME, options)).decisions).toMatchObject([{ path: 'model', variant: 'hero-lamps' }])
  })
})

describe('storage between visits', () => {
  it('treats a database deleted between visits (eviction, a cleared site) as a first visit, without a warning', async () => {
    const options = { model: server.url('/model.json') }
    await lampShopper(options)
    await new Promise((resolve) => (indexedDB.deleteDatabase('tailor').onsuccess = resolve))
    document.body.innerHTML = HOME
    const tailor = createTailor(options)
    await tailor.start()
    await tailor.flush()
    // The snapshot in localStorage decided the first frame; from then on the profile is the new one.
    expect(tailor.getProfile()).toMatchObject({ evidence: 0, counts: { page_view: 1 } })
    expect(JSON.parse(localStorage.getItem('tailor:profile')!).profile.evidence).toBe(0)
    expect(warnings()).toEqual([])
    await tailor.destroy()
  })
})

describe('misuse and hostile input', () => {
  it('takes no options, bad options and unknown options without throwing, naming each problem once', () => {
    expect(() => createTailor(null as never)).not.toThrow()
    expect(warnings()).toEqual([])
    for (const options of [42, { consents: 'required' }, { timeoutMs: Object.create(null) as number }]) {
      shopper.warn.mockClear()
      expect(() => createTailor(options as TailorOptions)).not.toThrow()
      expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:config\] Tailor was configured with an invalid option/)])
    }
    expect(warnings()[0]).toContain('timeoutMs: an invalid object')
    shopper.warn.mockClear()
    createTailor({ consents: 'required' } as TailorOptions)
    expect(warnings()[0]).toContain('unknown option consents')
  })

  it('starts once however often start() is called, and buffers a bounded number of events before it', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor({ storage: 'memory' })
    const accepted = Array.from({ length: 2001 }, () => tailor.track('view_item', { items: [{ item_id: 'L1' }] }))
    expect(accepted.filter(Boolean)).toHaveLength(2000)
    expect(warnings()).toEqual([expect.stringContaining('2000 events are waiting for start(): call start() before tracking more')])
    expect(tailor.start()).toBe(tailor.start())
    await tailor.start()
    expect(tailor.getProfile().evidence).toBe(2000)
    await tailor.destroy()
  })

  it('refuses events tracked while forget() is under way, without throwing, and keeps nothing of them', async () => {
    document.body.innerHTML = HOME
    const tailor = createTailor()
    await tailor.start()
    const forgetting = tailor.forget()
    expect(tailor.track('view_item', { items: [{ item_id: 'L1' }] })).toBe(false)
    expect(() => tailor.identify({ tier: 'gold' })).not.toThrow()
    await forgetting
    expect(await indexedDB.databases()).toEqual([])
    expect((await tailor.exportProfile()).records).toEqual({ kv: {}, outbox: [] })
  })

  it('answers a framework slot with options it cannot read with the default content, and one warning', async () => {
    document.body.innerHTML = '<main></main>'
    const tailor = createTailor({ storage: 'memory' })
    await tailor.start()
    expect(tailor.decideSlot('hero', undefined as never)).toMatchObject({ path: 'default' })
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:slots\]/)])
    await tailor.destroy()
  })

  it('reads a config element full of prototype keys without polluting anything', async () => {
    const config = '{"__proto__": {"polluted": 1}, "segments": [{"segment": "x", "when": {"traits": {"__proto__": {"polluted": 1}}}}], "merchandising": {"boosts": {"constructor": 2, "__proto__": 3}}}'
    document.body.innerHTML = `<script type="application/json" data-tailor-config>${config}</script>${HOME}`
    const tailor = createTailor({ storage: 'memory' })
    expect(await tailor.start()).toMatchObject([{ path: 'segment', segment: 'new-visitor' }])
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
    expect(warnings().every((w) => w.startsWith('[tailor:config]'))).toBe(true)
    await tailor.destroy()
  })

  it('names an unknown model type and a config element that is not JSON, and shows fallback content', async () => {
    const own = await startModelServer()
    own.serve({ ...fixture, model: { type: 'catboost', trees: [] } })
    document.body.innerHTML = `<script type="application/json" data-tailor-config>{"segments": [</script>${HOME}`
    await lampShopper({ model: own.url('/model.json') })
    document.body.innerHTML = `<script type="application/json" data-tailor-config>{"segments": [</script>${HOME}`
    shopper.warn.mockClear()
    const tailor = createTailor({ model: own.url('/model.json') })
    expect(await tailor.start()).toMatchObject([{ path: 'segment' }])
    expect(warnings()).toEqual([
      expect.stringMatching(/^\[tailor:config\] .*data-tailor-config is not JSON/),
      expect.stringMatching(/^\[tailor:model\] The model is not a valid tailor-model@1 manifest.*model\.type: expected one of "linear", "xgboost", "tfjs"/),
    ])
    await tailor.destroy()
    await own.close()
  })
})
