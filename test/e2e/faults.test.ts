import type { Server } from 'node:http'
import type { Tailor } from '@tailorjs/core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../../scripts/chromium.mjs'
import { serve } from '../../scripts/serve.mjs'
import { STOREFRONT, rawDump, useFreshContext, useServedBrowser, visit } from './harness'

// The fault catalogue: the storefront's script tag under page policies, slow devices and browser
// features that break SDKs in the field. Each case names its catalogue entry (R1, R2, P1, M2).

/** Every console warning and error, and every uncaught error, of `page`. */
function watch(page: Page): { console: string[]; uncaught: string[] } {
  const seen = { console: [] as string[], uncaught: [] as string[] }
  page.on('console', (message) => (message.type() === 'warning' || message.type() === 'error') && seen.console.push(`${message.type()}: ${message.text()}`))
  page.on('pageerror', (error) => seen.uncaught.push(error.message))
  return seen
}
const fromTailor = (lines: string[]) => lines.filter((line) => /^\w+: \[tailor:/.test(line))

/** Records, in every page of `context`, the Content-Security-Policy violations the page reports. */
async function recordViolations(context: BrowserContext): Promise<(page: Page) => Promise<string[]>> {
  await context.addInitScript(() => {
    const state = window as unknown as { violations: string[] }
    state.violations = []
    document.addEventListener('securitypolicyviolation', (event) => state.violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`))
  })
  return (page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations)
}

const hero = (page: Page) => page.evaluate(() => ({ ...document.querySelector<HTMLElement>('[data-tailor-slot="hero"]')!.dataset }))

describe("R1 Trusted Types: a page that does not allow Tailor's policy", () => {
  const env = useServedBrowser(STOREFRONT, { 'Content-Security-Policy': "require-trusted-types-for 'script'; trusted-types 'none'" })
  const shopper = useFreshContext(env)

  it('still decides the first slots, and says in one [tailor:core] warning that a chunk could not load, and why', async () => {
    const tab = await shopper.context.newPage()
    const seen = watch(tab)
    await visit(tab, env.base, '/')
    expect(await hero(tab)).toMatchObject({ tailorState: 'final', tailorSlot: 'hero' })
    expect(await tab.isVisible('[data-tailor-slot="hero"] h1')).toBe(true)
    await tab.waitForTimeout(500) // a late second warning would come now
    const warnings = fromTailor(seen.console)
    expect(warnings).toHaveLength(1)
    // The cause, as the browser gives it: a script URL that was not a TrustedScriptURL.
    expect(warnings[0]).toMatch(/^warning: \[tailor:core\] A part of Tailor could not be loaded: .*TrustedScriptURL/)
    expect(seen.uncaught).toEqual([])
  })
})

describe("R1 Trusted Types: a page that allows Tailor's policy", () => {
  const env = useServedBrowser(STOREFRONT, { 'Content-Security-Policy': "require-trusted-types-for 'script'; trusted-types tailor" })
  const shopper = useFreshContext(env)

  it("loads Tailor's chunks through its `tailor` policy: the profile is kept across pages, with no warning or violation", async () => {
    const violations = await recordViolations(shopper.context)
    const tab = await shopper.context.newPage()
    const seen = watch(tab)
    await visit(tab, env.base, '/products/KIT-001.html')
    expect(await violations(tab)).toEqual([])
    await visit(tab, env.base, '/')
    expect(await tab.evaluate(() => (window.tailor as Tailor).getProfile().evidence)).toBeGreaterThanOrEqual(1)
    expect(await hero(tab)).toMatchObject({ tailorState: 'final' })
    expect(await violations(tab)).toEqual([])
    expect(seen).toEqual({ console: [], uncaught: [] })
  })
})

declare global {
  interface Window {
    layoutShifts: Array<{ value: number; sources: string[] }>
  }
}

/** Sums every layout shift not caused by input, from the start of each page of `context` (its CLS, an upper bound). */
async function recordLayoutShifts(context: BrowserContext): Promise<(page: Page) => Promise<{ cls: number; shifts: Window['layoutShifts'] }>> {
  await context.addInitScript(() => {
    window.layoutShifts = []
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: Array<{ node?: Node | null }> }
    const record = (entries: PerformanceEntryList) => {
      for (const entry of entries as Shift[]) {
        if (entry.hadRecentInput) continue
        const sources = entry.sources.map(({ node }) => (node instanceof Element ? `${node.tagName.toLowerCase()}${node.className ? `.${node.className}` : ''}` : String(node?.nodeName)))
        window.layoutShifts.push({ value: entry.value, sources })
      }
    }
    const observer = new PerformanceObserver((list) => record(list.getEntries()))
    observer.observe({ type: 'layout-shift', buffered: true })
    ;(window as unknown as { takeLayoutShifts: () => void }).takeLayoutShifts = () => record(observer.takeRecords())
  })
  return (page) =>
    page.evaluate(() => {
      ;(window as unknown as { takeLayoutShifts: () => void }).takeLayoutShifts() // those not delivered yet
      return { cls: window.layoutShifts.reduce((sum, shift) => sum + shift.value, 0), shifts: window.layoutShifts }
    })
}

describe('R2 layout shift', () => {
  const env = useServedBrowser(STOREFRONT)
  const shopper = useFreshContext(env)
  const measured: Record<string, number> = {}
  afterAll(() => console.info(`R2 CLS: ${JSON.stringify(measured)}`))

  it('when tailor.min.js answers 404, the default content shows at 600 ms without shifting the page (CLS < 0.05)', async () => {
    const shifts = await recordLayoutShifts(shopper.context)
    const tab = await shopper.context.newPage()
    await tab.route('**/tailor.min.js', (route) => route.fulfill({ status: 404, body: '' }))
    await tab.goto(env.base, { waitUntil: 'load' })
    await tab.waitForTimeout(1200) // tailor.css reveals pending slots at 600 ms
    const { cls, shifts: all } = await shifts(tab)
    measured['tailor.min.js 404'] = cls
    expect(cls, JSON.stringify(all)).toBeLessThan(0.05)
    for (const slot of ['hero', 'picks']) {
      const shown = await tab.$eval(`[data-tailor-slot="${slot}"]`, (element) => {
        const style = getComputedStyle(element)
        const box = element.getBoundingClientRect()
        return { visibility: style.visibility, opacity: style.opacity, display: style.display, height: box.height > 0 }
      })
      expect(shown).toEqual({ visibility: 'visible', opacity: '1', display: expect.not.stringMatching(/^none$/), height: true })
    }
    expect(await tab.textContent('[data-tailor-slot="hero"] h1')).toBe('Gifts for every corner of the home')
    expect(await tab.locator('[data-tailor-slot="picks"] .card-name').allTextContents()).toHaveLength(4)
  })

  it('when Tailor loads for a new visitor, deciding the slots shifts the page by less than 0.05', async () => {
    const shifts = await recordLayoutShifts(shopper.context)
    const tab = await shopper.context.newPage()
    await tab.goto(env.base, { waitUntil: 'load' })
    await tab.waitForTimeout(1200)
    const { cls, shifts: all } = await shifts(tab)
    measured['Tailor loads, new visitor'] = cls
    expect(await hero(tab)).toMatchObject({ tailorState: 'final' })
    expect(cls, JSON.stringify(all)).toBeLessThan(0.05)
  })
})

declare global {
  interface Window {
    frames_: Array<{ scripts: Array<{ sourceURL: string; duration: number; invoker: string }> }>
    takeFrames: () => void
  }
}

/** Loads of each page in P1, in a renderer process that already ran Tailor (warm) and in a new one (cold). */
const LOADS = 3

describe('P1 a slow device (4× CPU throttling)', () => {
  const env = useServedBrowser(STOREFRONT)
  const shopper = useFreshContext(env)

  it('no Tailor script runs for 50 ms or more in one go on a product page and on the home page of a returning shopper', async () => {
    // The same shop on a second site: a page of one after a page of the other gets a new renderer
    // process, as a shopper arriving from a search engine or opening a new tab does.
    const sites = [env.base, env.base.replace('127.0.0.1', 'localhost')]
    const tab = await shopper.context.newPage()
    for (const base of sites) for (const sku of ['KIT-001', 'KIT-002', 'KIT-003']) await visit(tab, base, `/products/${sku}.html`)
    // Every script of every long animation frame (50 ms or more) of each page load.
    await tab.context().addInitScript(() => {
      window.frames_ = []
      type Frame = PerformanceEntry & { scripts: Array<{ sourceURL: string; duration: number; invoker: string }> }
      const record = (entries: PerformanceEntryList) => {
        for (const frame of entries as Frame[]) window.frames_.push({ scripts: frame.scripts.map(({ sourceURL, duration, invoker }) => ({ sourceURL, duration, invoker })) })
      }
      const frames = new PerformanceObserver((list) => record(list.getEntries()))
      frames.observe({ type: 'long-animation-frame', buffered: true })
      window.takeFrames = () => record(frames.takeRecords())
    })
    const cdp = await tab.context().newCDPSession(tab)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    // Each load's longest Tailor script (0: none in a long frame), and those of 50 ms or more.
    const longest: Record<string, number[]> = {}
    const repeated: string[] = []
    const slow: string[] = []
    const load = async (renderer: 'warm' | 'cold', site: number, path: string) => {
      // A page of the other site first (not Tailor's), so that this one gets a new process.
      if (renderer === 'cold') await tab.goto(new URL('/style.css', sites[1 - site]).href)
      await visit(tab, sites[site]!, path)
      await tab.waitForTimeout(1500) // the late chunks, a model refresh and the observers' delivery
      const scripts = await tab.evaluate(() => {
        window.takeFrames() // those not delivered yet
        return window.frames_.flatMap((frame) => frame.scripts).filter((script) => script.sourceURL.includes('tailor'))
      })
      ;(longest[`${renderer} ${path}`] ??= []).push(Math.round(Math.max(0, ...scripts.map((script) => script.duration))))
      if (path === '/') expect(await hero(tab)).toMatchObject({ tailorState: 'final' })
      return scripts.filter((script) => script.duration >= 50).map((script) => `${renderer} ${path} ${script.sourceURL.replace(sites[site]!, '/')} ${script.invoker} ${Math.round(script.duration)} ms`)
    }
    // A load with a slow Tailor script is loaded again, up to twice, in the same kind of process:
    // at 4× on a shared 2-core machine, the throttle pauses whichever task runs when the operating
    // system gives the core to another process (docs/reliability.md, P1). A slow step of Tailor's
    // own is slow every time; such a pause is not.
    const measure = async (renderer: 'warm' | 'cold', site: number, path: string) => {
      const found: string[] = []
      for (let attempt = 0; attempt < 3; attempt++) {
        const slowHere = await load(renderer, site, path)
        if (slowHere.length === 0) {
          repeated.push(...found)
          return
        }
        found.push(...slowHere)
      }
      slow.push(...found)
    }
    for (let i = 0; i < LOADS; i++) for (const path of ['/products/KIT-004.html', '/']) await measure('warm', 0, path)
    for (let i = 0; i < LOADS; i++) for (const [site, path] of [[1, '/products/KIT-004.html'], [0, '/'], [1, '/'], [0, '/products/KIT-004.html']] as const) await measure('cold', site, path)
    console.info(`P1 under 4×: Tailor's longest script per load ${JSON.stringify(longest)}; loads repeated for ${JSON.stringify(repeated)}`)
    expect(slow).toEqual([])
  }, 240_000) // 18 loads and their repeats at 4×
})

declare global {
  interface Window {
    pageshows: boolean[]
    windowListeners: string[]
  }
}

describe('M2 the back/forward cache', () => {
  const env = { base: '', browser: undefined as unknown as Browser }
  let server: Server | undefined
  beforeAll(async () => {
    ;({ server, url: env.base } = await serve(STOREFRONT, 0))
    env.browser = await launchChromium({ bfcache: true })
  })
  afterAll(async () => {
    await env.browser?.close()
    server?.close()
  })
  let context: BrowserContext
  beforeEach(async () => {
    context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } })
  })
  afterEach(async () => {
    await context.close()
  })

  /**
   * Opens a product page and then the home page, waits for both slots' impressions, goes to `away`
   * (Tailor's own page, or a page of the same shop without Tailor) and back. Resolves with what
   * was stored before and after, and how the home page came back.
   */
  async function roundTrip(away: string) {
    await context.addInitScript(() => {
      window.pageshows = []
      window.windowListeners = []
      addEventListener('pageshow', (event) => window.pageshows.push(event.persisted))
      const add = EventTarget.prototype.addEventListener
      // A bare `addEventListener(…)` call has no `this`: it is the window's.
      EventTarget.prototype.addEventListener = function (this: EventTarget | undefined, ...args: Parameters<EventTarget['addEventListener']>) {
        if ((this ?? window) === window) window.windowListeners.push(args[0])
        return add.apply(this ?? window, args)
      }
    })
    const tab = await context.newPage()
    const cdp = await context.newCDPSession(tab)
    const notUsed: unknown[] = []
    await cdp.send('Page.enable')
    cdp.on('Page.backForwardCacheNotUsed', (event) => notUsed.push(event.notRestoredExplanations))
    const stored = async () => {
      await tab.evaluate(() => (window.tailor as Tailor).flush())
      const { log } = (await rawDump(tab)).kv.profile as { log: Array<{ type: string }> }
      const count = (type: string) => log.filter((event) => event.type === type).length
      return { page_view: count('page_view'), slot_impression: count('slot_impression'), add_to_cart: count('add_to_cart') }
    }
    const impressions = () => tab.evaluate(() => (window.tailor as Tailor).getProfile().log.filter((event) => event.type === 'slot_impression').map((event) => event.slot))

    await visit(tab, env.base, '/products/KIT-001.html')
    await visit(tab, env.base, '/')
    await expect.poll(impressions, { timeout: 5000 }).toEqual(['hero', 'picks'])
    await tab.waitForTimeout(1500) // a later impression would be counted by now
    const home = await stored()
    expect(home).toEqual({ page_view: 2, slot_impression: 2, add_to_cart: 0 })
    await tab.goto(new URL(away, env.base).href)
    await tab.waitForTimeout(500)
    await tab.goBack({ waitUntil: 'commit' }) // a page restored from the bfcache fires no load event
    await tab.waitForFunction(() => window.pageshows.length > 0 && window.tailor !== undefined && !Array.isArray(window.tailor))
    const back = await tab.evaluate(() => {
      const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { notRestoredReasons?: unknown }
      return { restored: window.pageshows.at(-1), notRestoredReasons: JSON.parse(JSON.stringify(entry.notRestoredReasons ?? null)) as unknown }
    })
    console.info(`M2 back to / from ${away}: restored from bfcache ${back.restored}; notRestoredReasons ${JSON.stringify(back.notRestoredReasons)}; CDP backForwardCacheNotUsed ${JSON.stringify(notUsed)}`)
    return { tab, home, stored, restored: { restored: back.restored, notUsed } }
  }

  /** What a restored page must do: count nothing twice, keep recording, and have added no unload listener. */
  async function expectWorkingAfterRestore({ tab, stored }: Awaited<ReturnType<typeof roundTrip>>, before: Awaited<ReturnType<Awaited<ReturnType<typeof roundTrip>>['stored']>>) {
    await tab.waitForTimeout(1500) // impressions, were they counted again, would be by now
    // What the page holds is what is stored: what other pages added meanwhile included.
    const held = await tab.evaluate(() => (window.tailor as Tailor).getProfile().log.filter((event) => event.type === 'page_view').length)
    expect(await stored()).toEqual(before)
    expect(held).toBe(before.page_view)
    const added = await tab.evaluate(() => (window.tailor as Tailor).track('add_to_cart', { items: [{ item_id: 'KIT-002', item_category: 'kitchen', price: 22 }] }))
    expect(added).toBe(true)
    expect(await stored()).toEqual({ ...before, add_to_cart: before.add_to_cart + 1 })
    const listeners = await tab.evaluate(() => window.windowListeners)
    expect(listeners).toContain('pagehide') // the recorder sees Tailor's listeners
    expect(listeners.filter((type) => type === 'unload' || type === 'beforeunload')).toEqual([])
    expect(await tab.evaluate(() => [window.onunload, window.onbeforeunload])).toEqual([null, null])
  }

  it('back from a page of the shop without Tailor: the home page is restored, counts no second page view or impression, and keeps recording', async () => {
    await context.route('**/elsewhere.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Checkout</title><p>Checkout, without Tailor' }))
    const trip = await roundTrip('/elsewhere.html')
    expect(trip.restored).toEqual({ restored: true, notUsed: [] })
    await expectWorkingAfterRestore(trip, trip.home)
  })

  it('back from another page of the shop with Tailor: the home page is restored, counts no second page view or impression, and keeps recording', async () => {
    const trip = await roundTrip('/category/lighting.html')
    expect(trip.restored).toEqual({ restored: true, notUsed: [] })
    // The category page's view, and nothing else, was stored meanwhile.
    await expectWorkingAfterRestore(trip, { ...trip.home, page_view: trip.home.page_view + 1 })
  })
})
