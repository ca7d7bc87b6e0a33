// @vitest-environment happy-dom
// @vitest-environment-options { "url": "http://127.0.0.1/", "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import fixture from '../../test/fixtures/manifest.json'
import { startModelServer } from '../../test/model-server'
import { useNewShopper } from '../../test/pages'
import type { Item } from '../events/schema'
import { createTailor, type Tailor, type TailorOptions } from '../index'
import type { ProfileState } from '../profile/schema'

const HOME = `
  <section data-tailor-slot="hero">
    <h1>Default</h1>
    <template data-tailor-segment="new-visitor"><h1>Welcome</h1></template>
    <template data-tailor-segment="returning-visitor"><h1>Welcome back</h1></template>
  </section>`
const lamp: Item = { item_id: 'LMP-1', item_category: 'Lighting > Lamps', price: 30 }
const vitamins: Item = { item_id: 'VIT-1', item_name: 'Vitamin D', item_category: 'Health & Beauty', price: 12 }

const running: Tailor[] = []
const { warnings } = useNewShopper()
// Runs before useNewShopper's own teardown (hooks after a test run in reverse order).
afterEach(async () => {
  await Promise.all(running.splice(0).map((tailor) => tailor.destroy()))
  delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
})
/** The names of the IndexedDB databases on this device; Tailor's is `tailor`. */
const databases = async () => (await indexedDB.databases()).map((database) => database.name)
const tailorKeys = () => Object.keys(localStorage).filter((key) => key.startsWith('tailor:'))
const hero = () => document.querySelector('[data-tailor-slot] h1')?.textContent

/** A new page of the shop, with Tailor started on it (destroyed after the test if still running). */
async function page(options?: TailorOptions): Promise<Tailor> {
  document.body.innerHTML = HOME
  const tailor = createTailor(options)
  running.push(tailor)
  await tailor.start()
  return tailor
}

/** A page load that ends: the shopper viewed a lamp, then the page went away. */
async function earlierVisit(options?: TailorOptions): Promise<void> {
  const tailor = await page(options)
  tailor.track('view_item', { items: [lamp] })
  await tailor.destroy()
  running.splice(running.indexOf(tailor), 1)
}

const storedProfile = async (tailor: Tailor) => (await tailor.exportProfile()).records.kv.profile as ProfileState | undefined

describe('consent: required', () => {
  it('keeps this page’s profile in memory only, writing nothing to the device, until the shopper grants', async () => {
    const tailor = await page({ consent: 'required' })
    expect(hero()).toBe('Welcome')
    expect(tailor.track('view_item', { items: [lamp] })).toBe(true)
    await tailor.flush()

    expect(tailor.consent()).toBe('required')
    expect(tailor.getProfile().evidence).toBe(1)
    expect(await databases()).not.toContain('tailor')
    expect(localStorage.length).toBe(0)
    expect(document.cookie).toBe('')
    const held = await tailor.exportProfile()
    expect(held).toMatchObject({ format: 'tailor-export@1', consent: 'required', storage: 'memory' })
    expect(held.snapshot).toEqual({})

    expect(tailor.consent('granted')).toBe('granted')
    await tailor.flush()
    expect(await databases()).toContain('tailor')
    const exported = await tailor.exportProfile()
    expect(exported).toMatchObject({ format: 'tailor-export@1', consent: 'granted', storage: 'indexeddb' })
    // What the page learned before consent came is what it keeps.
    const profile = exported.records.kv.profile as ProfileState
    expect(profile.log.map((event) => event.type)).toEqual(['page_view', 'view_item'])
    expect(profile.log[1]!.items).toEqual([lamp])
    expect(localStorage.getItem('tailor:consent')).toBe('"granted"')
    expect(warnings()).toEqual([])
  })

  it('starts the next page with the consent given and the profile kept', async () => {
    const first = await page({ consent: 'required' })
    first.track('view_item', { items: [lamp] })
    first.consent('granted')
    await first.destroy()
    running.splice(0)

    const next = await page({ consent: 'required' })
    expect(next.consent()).toBe('granted')
    expect(next.getProfile()).toMatchObject({ evidence: 1, counts: { page_view: 2, view_item: 1 }, sessions: 1 })
    expect(hero()).toBe('Welcome') // still the first visit: one session
    next.track('add_to_cart', { items: [lamp] })
    expect((await storedProfile(next))?.evidence).toBe(2)
  })

  it('keeps nothing from a page whose shopper never answered', async () => {
    const first = await page({ consent: 'required' })
    first.track('view_item', { items: [lamp] })
    await first.destroy()
    running.splice(0)
    expect(await databases()).not.toContain('tailor')
    expect(localStorage.length).toBe(0)

    const next = await page({ consent: 'required' })
    expect(next.getProfile()).toMatchObject({ evidence: 0, counts: { page_view: 1 } })
  })

  it('forgets this page’s profile when the shopper refuses', async () => {
    const tailor = await page({ consent: 'required' })
    tailor.track('view_item', { items: [lamp] })
    expect(tailor.consent('denied')).toBe('denied')
    await tailor.flush()
    expect(tailor.getProfile().evidence).toBe(0)
    expect(tailor.track('view_item', { items: [lamp] })).toBe(false)
    expect(await databases()).not.toContain('tailor')
    expect(localStorage.length).toBe(0)
  })
})

describe('consent withdrawn', () => {
  it('erases everything stored, at once, and records nothing more', async () => {
    await earlierVisit()
    expect(await databases()).toContain('tailor')
    expect(tailorKeys()).not.toEqual([])

    const tailor = await page()
    expect(tailor.getProfile().evidence).toBe(1)
    expect(tailor.consent('denied')).toBe('denied')
    expect(tailorKeys()).toEqual([]) // the localStorage copies go synchronously
    await tailor.flush()

    expect(await databases()).not.toContain('tailor')
    expect(tailorKeys()).toEqual([])
    expect(tailor.track('view_item', { items: [lamp] })).toBe(false)
    expect(tailor.consent()).toBe('denied')
    expect(tailor.getProfile().evidence).toBe(0)
    await tailor.flush()
    expect(await databases()).not.toContain('tailor')
    const exported = await tailor.exportProfile()
    expect(exported.consent).toBe('denied')
    expect(exported.records).toEqual({ kv: {}, outbox: [] })
    expect(exported.snapshot).toEqual({})
  })

  it('erases everything stored when the shopper refused before start() (a queued consent command)', async () => {
    await earlierVisit()
    document.body.innerHTML = HOME
    const tailor = createTailor()
    running.push(tailor)
    expect(tailor.consent('denied')).toBe('denied')
    await tailor.start()
    await tailor.flush()
    expect(tailor.getProfile().evidence).toBe(0)
    expect(tailorKeys()).toEqual([])
    expect(await databases()).not.toContain('tailor')
  })

  it('erases the profile in every open tab', async () => {
    await earlierVisit()
    const first = await page()
    const second = createTailor()
    running.push(second)
    await second.start()
    expect(second.getProfile().evidence).toBe(1)
    first.consent('denied')
    await first.flush()
    await vi.waitFor(() => expect(second.consent()).toBe('denied'))
    await second.flush()
    expect(second.track('view_item', { items: [lamp] })).toBe(false)
    expect(second.getProfile().evidence).toBe(0)
    expect(await databases()).not.toContain('tailor')
    expect(tailorKeys()).toEqual([])
  })

  it('keeps a profile again once the shopper grants anew, without what was erased', async () => {
    await earlierVisit()
    const tailor = await page()
    tailor.consent('denied')
    await tailor.flush()
    tailor.consent('granted')
    await tailor.flush()
    expect(tailor.track('add_to_cart', { items: [lamp] })).toBe(true)
    const profile = await storedProfile(tailor)
    expect(profile?.counts).toEqual({ add_to_cart: 1 })
    expect(await databases()).toContain('tailor')
  })
})

describe('Global Privacy Control', () => {
  beforeEach(() => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true })
  })

  it('means no profile by default: nothing stored, nothing learned, context-only content', async () => {
    const tailor = await page()
    expect(tailor.consent()).toBe('denied')
    expect(hero()).toBe('Welcome')
    expect(tailor.track('view_item', { items: [lamp] })).toBe(false)
    await tailor.flush()
    expect(tailor.getProfile().evidence).toBe(0)
    expect(await databases()).not.toContain('tailor')
    expect(localStorage.length).toBe(0)
    expect(document.cookie).toBe('')
  })

  it('erases a profile an earlier page kept without an explicit grant', async () => {
    delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
    await earlierVisit()
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true })
    const tailor = await page()
    await tailor.flush()
    expect(tailor.consent()).toBe('denied')
    expect(await databases()).not.toContain('tailor')
    expect(tailorKeys()).toEqual([])
  })

  it('yields to the shopper’s own grant', async () => {
    const tailor = await page()
    expect(tailor.consent('granted')).toBe('granted')
    await tailor.flush()
    expect(tailor.track('view_item', { items: [lamp] })).toBe(true)
    expect((await storedProfile(tailor))?.evidence).toBe(1)
  })

  it('is not overridden by a consent tool saying GDPR does not apply (no choice of the shopper)', async () => {
    window.__tcfapi = (command, _version, callback) => command === 'addEventListener' && callback({ listenerId: 1, eventStatus: 'tcloaded', gdprApplies: false }, true)
    try {
      const tailor = await page()
      await tailor.flush()
      expect(tailor.consent()).toBe('denied')
      expect(await databases()).not.toContain('tailor')
    } finally {
      delete window.__tcfapi
    }
  })

  it('is not followed when the site leaves gpc out of signals', async () => {
    const tailor = await page({ signals: ['tcf', 'consent-mode'] })
    expect(tailor.consent()).toBe('granted')
    expect(tailor.track('view_item', { items: [lamp] })).toBe(true)
    await tailor.flush()
    expect(tailor.getProfile().evidence).toBe(1)
    expect(await databases()).toContain('tailor')
    expect((await storedProfile(tailor))?.evidence).toBe(1)
  })
})

describe('consent signals through createTailor', () => {
  afterEach(() => {
    delete window.dataLayer
  })

  it('keeps nothing while a Consent Mode default denies, then a profile once the banner grants', async () => {
    /** What `gtag(...)` pushes: its arguments object. */
    function gtag(..._args: unknown[]) {
      window.dataLayer!.push(arguments)
    }
    window.dataLayer = []
    gtag('consent', 'default', { analytics_storage: 'denied', personalization_storage: 'denied' })
    const tailor = await page()
    expect(tailor.consent()).toBe('required')
    tailor.track('view_item', { items: [lamp] })
    await tailor.flush()
    expect(await databases()).not.toContain('tailor')
    expect(localStorage.length).toBe(0)

    gtag('consent', 'update', { analytics_storage: 'granted', personalization_storage: 'granted' })
    expect(tailor.consent()).toBe('granted')
    await tailor.flush()
    expect(await databases()).toContain('tailor')
    expect((await storedProfile(tailor))?.evidence).toBe(1)
  })
})

describe('a TCF consent tool', () => {
  afterEach(() => {
    delete window.__tcfapi
  })

  it('keeps nothing until it answers, and the site’s own mode holds where GDPR does not apply', async () => {
    let answer: ((tcData: object) => void) | undefined
    window.__tcfapi = (command, _version, callback) => {
      if (command !== 'addEventListener') return
      answer = (tcData) => callback({ listenerId: 1, ...tcData }, true)
      answer({ eventStatus: 'cmpuishown', gdprApplies: true })
    }
    const tailor = await page()
    expect(tailor.consent()).toBe('required')
    await tailor.flush()
    expect(await databases()).not.toContain('tailor')
    answer!({ eventStatus: 'useractioncomplete', gdprApplies: false })
    expect(tailor.consent()).toBe('granted')
    await tailor.flush()
    expect(tailorKeys()).not.toContain('tailor:consent') // no choice was made, so none is recorded
    expect((await storedProfile(tailor))?.counts).toEqual({ page_view: 1 })
  })
})

describe('childDirected', () => {
  it('keeps no profile, whatever the shopper or the options say', async () => {
    const tailor = await page({ childDirected: true, consent: 'granted' })
    expect(tailor.consent()).toBe('denied')
    expect(hero()).toBe('Welcome')
    expect(tailor.track('view_item', { items: [lamp] })).toBe(false)
    expect(tailor.consent('granted')).toBe('denied')
    await tailor.flush()
    expect(tailor.track('view_item', { items: [lamp] })).toBe(false)
    expect(tailor.getProfile().evidence).toBe(0)
    expect(await databases()).not.toContain('tailor')
    expect(localStorage.length).toBe(0)
  })

  it('erases a profile kept before the site was marked child-directed', async () => {
    await earlierVisit()
    const tailor = await page({ childDirected: true })
    await tailor.flush()
    expect(await databases()).not.toContain('tailor')
    expect(tailorKeys()).toEqual([])
  })
})

describe('sensitive categories', () => {
  it('never stores a sensitive item, its category or what its price would reveal', async () => {
    const tailor = await page()
    expect(tailor.track('view_item', { items: [vitamins] })).toBe(true)
    tailor.track('purchase', { items: [{ ...vitamins, item_id: 'VIT-2' }, lamp], value: 42, currency: 'EUR' })
    const exported = JSON.stringify(await tailor.exportProfile())
    expect(exported).not.toMatch(/VIT-|Vitamin/)
    expect(exported).not.toMatch(/health/i)
    expect(exported).toContain('LMP-1')
    expect(tailor.getProfile()).toMatchObject({ evidence: 1, counts: { page_view: 1, purchase: 1 }, rfm: { orders: 1, monetary: 30 } })
    expect(JSON.stringify(tailor.getProfile())).not.toMatch(/health/i)
  })

  it('drops a page or search that names a sensitive category, keeping the event', async () => {
    const tailor = await page()
    tailor.track('page_view', { page: '/c/pregnancy-tests' })
    tailor.track('search', { search_term: 'fertility' })
    const exported = JSON.stringify(await tailor.exportProfile())
    expect(exported).not.toMatch(/pregnancy|fertility/i)
    expect(tailor.getProfile().counts).toEqual({ page_view: 2, search: 1 })
  })

  it('does not store a landing page or campaign that names a sensitive category', async () => {
    history.replaceState(null, '', '/c/pregnancy-tests?utm_source=newsletter&utm_campaign=fertility-week')
    try {
      const tailor = await page()
      const exported = JSON.stringify(await tailor.exportProfile())
      expect(exported).not.toMatch(/pregnancy|fertility/i)
      expect(tailor.getProfile().session).toMatchObject({ utm: { source: 'newsletter' } })
      expect(tailor.getProfile().counts).toEqual({ page_view: 1 })
    } finally {
      history.replaceState(null, '', '/')
    }
  })

  it('follows the site’s own list instead of the default one', async () => {
    const tailor = await page({ sensitiveCategories: ['garden'] })
    tailor.track('view_item', { items: [{ item_id: 'GDN-1', item_category: 'Garden > Hoses' }] })
    tailor.track('view_item', { items: [vitamins] })
    const exported = JSON.stringify(await tailor.exportProfile())
    expect(exported).not.toMatch(/GDN-1|garden/i)
    expect(exported).toContain('VIT-1')
    expect(tailor.getProfile().evidence).toBe(1)
  })

  it('never individualizes with a catalog product of a sensitive category, even one the model scores', async () => {
    const server = await startModelServer()
    // A model scoring products by id: nothing in it names a category.
    server.serve({ ...fixture, targets: [{ id: 'H1' }, { id: 'L1' }] })
    try {
      const catalog = [
        { id: 'H1', name: 'Sleep aid', url: '/p/H1', category: 'Health & Beauty' },
        { id: 'L1', name: 'Brass lamp', url: '/p/L1', category: 'lamps' },
      ]
      document.body.innerHTML = `
        <script type="application/json" data-tailor-config>${JSON.stringify({ catalog })}</script>
        <ul data-tailor-slot="picks" data-tailor-count="2"><template data-tailor-product><li data-tailor-bind="name"></li></template></ul>`
      const tailor = createTailor({ model: server.url('/model.json'), minEvidence: 0 })
      running.push(tailor)
      const [picks] = await tailor.start()
      expect(picks).toMatchObject({ path: 'model', products: ['L1'] })
      expect(picks!.candidates).toContainEqual({ id: 'H1', skipped: 'sensitive' })
      expect(warnings()).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('does not use a model that refers to a sensitive category, with one warning', async () => {
    const server = await startModelServer()
    server.serve({ ...fixture, targets: [{ id: 'lamps', label: 'Lamps' }, { id: 'rugs', label: 'Health & Beauty' }] })
    try {
      document.body.innerHTML = HOME
      const tailor = createTailor({ model: server.url('/model.json'), minEvidence: 0 })
      running.push(tailor)
      const decisions = await tailor.start()
      expect(decisions).toMatchObject([{ slot: 'hero', path: 'segment', segment: 'new-visitor' }])
      expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:model\] The model refers to a sensitive category .*\(fixture-two-categories, target rugs: health\)$/)])
    } finally {
      await server.close()
    }
  })
})

describe('exportProfile', () => {
  it('names its format, when it was made, the consent mode and where the profile is kept', async () => {
    const tailor = await page()
    tailor.track('view_item', { items: [lamp] })
    const exported = await tailor.exportProfile()
    expect(exported).toMatchObject({ format: 'tailor-export@1', consent: 'granted', storage: 'indexeddb' })
    expect(new Date(exported.exportedAt).toISOString()).toBe(exported.exportedAt)
    expect((exported.records.kv.profile as ProfileState).log.map((event) => event.type)).toEqual(['page_view', 'view_item'])
    expect(exported.snapshot['tailor:profile']).toMatchObject({ v: 1, profile: { evidence: 1, log: [] } })
  })
})

describe('retention option', () => {
  it('ignores, with one warning, an eventsDays beyond the 180 days the log may keep', async () => {
    const tailor = await page({ retention: { eventsDays: 365 } })
    expect(tailor.track('view_item', { items: [lamp] })).toBe(true)
    expect(warnings()).toEqual([expect.stringMatching(/^\[tailor:config\] .*\(retention\.eventsDays: 365\)$/)])
  })
})
