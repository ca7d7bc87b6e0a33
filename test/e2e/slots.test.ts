import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Tailor } from '@tailorjs/core'
import { featureSpecHash, type FeatureSpec } from '@tailorjs/core/engine'
import type { Page } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { STRICT_CSP } from '../../scripts/serve.mjs'
import { STOREFRONT, useFreshContext, useServedBrowser, visit as open } from './harness'

// Pages made for these tests, beside the very files @tailorjs/core ships: one product slot page
// whose catalog is full of XSS payloads, and one with three product slots.
const CORE = new URL('../../packages/core/dist/', import.meta.url).pathname
const SITE = mkdtempSync(join(tmpdir(), 'tailor-slots-'))
for (const file of ['tailor.min.js', 'tailor-persist.min.js', 'tailor-loader.min.js', 'tailor-capture.min.js', 'tailor-insights.min.js', 'tailor.css']) {
  copyFileSync(join(CORE, file), join(SITE, file))
}
// One target per category, lamps first: the model ranks every product, for a shopper seen once.
const features: FeatureSpec = [{ name: 'sessions', kind: 'sessions' }]
writeFileSync(
  join(SITE, 'model.json'),
  JSON.stringify({
    format: 'tailor-model@1',
    id: 'everything',
    version: '1',
    createdAt: '2026-11-26T00:00:00Z',
    features,
    featuresHash: featureSpecHash(features),
    targets: [{ id: 'lamps' }, { id: 'rugs' }, { id: 'mugs' }],
    model: { type: 'linear', weights: [[0.1], [0.1], [0.1]], bias: [0.3, 0.2, 0.1] },
  }),
)
const page = (config: unknown, slots: string) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>slots</title>
<script type="application/json" data-tailor-config>${JSON.stringify(config).replaceAll('<', '\\u003c')}</script>
<script async src="/tailor.min.js" data-model="/model.json" data-min-evidence="0" data-timeout="5000"></script>
</head><body>${slots}</body></html>`
const CARD = `<template data-tailor-product><li><a data-tailor-bind-href="url" data-tailor-bind-title="brand"><img data-tailor-bind-src="image" data-tailor-bind-alt="name"><b data-tailor-bind="name"></b> <i data-tailor-bind="brand"></i></a></li></template>`

// Each payload, if it ever ran, would add one to window.__xss.
const RUN = 'window.__xss=(window.__xss||0)+1'
const PAYLOADS: Array<Record<string, string>> = [
  { name: `<img src=x onerror="${RUN}">` },
  { name: `<svg onload="${RUN}"></svg>` },
  { name: `"><script>${RUN}</script>` },
  { name: `</template><img src=x onerror=${RUN}>` },
  { url: `javascript:${RUN}` },
  { url: ` \tJaVaScRiPt:${RUN}` },
  { url: `data:text/html,<script>${RUN}</script>` },
  { url: `vbscript:msgbox(1)` },
  { image: `javascript:${RUN}` },
  { image: `x" onerror="${RUN}` },
  { brand: `" onmouseover="${RUN}" x="` },
  { brand: `<iframe srcdoc="<script>parent.${RUN.replace('window', 'parent')}</script>"></iframe>` },
  { name: `{{constructor.constructor('${RUN}')()}}` },
]
const xssCatalog = PAYLOADS.map((fields, i) => ({ id: `X${i}`, name: `Product ${i}`, url: `/p/${i}`, image: `/i/${i}.svg`, category: 'lamps', brand: 'b', ...fields }))
writeFileSync(join(SITE, 'xss.html'), page({ catalog: xssCatalog }, `<ul data-tailor-slot="xss" data-tailor-count="${PAYLOADS.length}"><li>Default</li>${CARD}</ul>`))

const products = Array.from({ length: 12 }, (_, i) => ({ id: `P${i}`, name: `Product ${i}`, url: `/p/${i}`, category: ['lamps', 'rugs', 'mugs'][i % 3], value: 1 + (12 - i) / 100 }))
const threeSlots = ['first', 'second', 'third'].map((name) => `<ul data-tailor-slot="${name}" data-tailor-count="3"><li>Default</li>${CARD}</ul>`).join('')
writeFileSync(join(SITE, 'diverse.html'), page({ catalog: products }, threeSlots))
writeFileSync(join(SITE, 'repeats.html'), page({ catalog: products, merchandising: { diversity: false } }, threeSlots))

describe('product slots in Chromium', () => {
  const env = useServedBrowser(SITE)
  const shopper = useFreshContext(env)
  let tab: Page
  beforeEach(async () => {
    tab = await shopper.context.newPage()
  })

  it(`renders ${PAYLOADS.length} XSS payloads from catalog fields as inert text, or drops them: zero script executions`, async () => {
    const dialogs: string[] = []
    tab.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await open(tab, env.base, '/xss.html')
    const slot = tab.locator('[data-tailor-slot="xss"]')
    expect(await slot.getAttribute('data-tailor-path')).toBe('model')
    await slot.locator('a').first().hover() // an injected onmouseover would run now
    const result = await tab.evaluate(() => {
      const cards = [...document.querySelectorAll('[data-tailor-slot] [data-tailor-product-id]')]
      const attributes = cards.flatMap((card) => [card, ...card.querySelectorAll('*')].flatMap((element) => element.getAttributeNames()))
      return {
        runs: (window as { __xss?: number }).__xss ?? 0,
        cards: cards.length,
        // Only the template's own elements: nothing a payload could have added.
        tags: [...new Set(cards.flatMap((card) => [card, ...card.querySelectorAll('*')].map((element) => element.tagName)))].sort(),
        handlers: attributes.filter((name) => name.startsWith('on')),
        urls: cards.flatMap((card) => [...card.querySelectorAll('[href], [src]')].map((element) => element.getAttribute('href') ?? element.getAttribute('src'))),
        names: cards.map((card) => card.querySelector('b')!.textContent),
      }
    })
    expect(result.runs).toBe(0)
    expect(dialogs).toEqual([])
    expect(result.cards).toBe(PAYLOADS.length)
    expect(result.tags).toEqual(['A', 'B', 'I', 'IMG', 'LI'])
    expect(result.handlers).toEqual([])
    for (const url of result.urls) expect(url).toMatch(new RegExp(`^${env.base}`))
    // The markup in names is there, as text.
    expect(result.names).toContain(PAYLOADS[0]!.name)
    expect(result.names).toContain(PAYLOADS[2]!.name)
  })

  it('never shows the same product twice across three slots with diversity on (and does without it)', async () => {
    const shownOn = async (path: string) => {
      await open(tab, env.base, path)
      return tab.$$eval('[data-tailor-slot]', (slots) => slots.map((slot) => (slot as HTMLElement).dataset.tailorProducts!.split(' ')))
    }
    const diverse = await shownOn('/diverse.html')
    expect(diverse.map((ids) => ids.length)).toEqual([3, 3, 3])
    expect(new Set(diverse.flat()).size).toBe(9)
    // Each slot spreads its picks over the three categories before repeating one.
    for (const ids of diverse) expect(new Set(ids.map((id) => Number(id.slice(1)) % 3)).size).toBe(3)
    const repeats = await shownOn('/repeats.html')
    expect(new Set(repeats.flat()).size).toBeLessThan(9)
  })

  it('counts an impression once a slot has been half in view for a second, and records clicks', async () => {
    await open(tab, env.base, '/diverse.html')
    await tab.setViewportSize({ width: 800, height: 600 })
    const impressions = () =>
      tab.evaluate(() => (window.tailor as Tailor).getProfile().log.filter((event) => event.type === 'slot_impression').map((event) => event.slot))
    await expect.poll(impressions, { timeout: 5000 }).toEqual(['first', 'second', 'third'])
    await tab.evaluate(() => document.addEventListener('click', (event) => event.preventDefault())) // stay on the page
    await tab.locator('[data-tailor-slot="second"] a').first().click()
    const click = await tab.evaluate(() => (window.tailor as Tailor).getProfile().log.find((event) => event.type === 'slot_click'))
    expect(click).toMatchObject({ slot: 'second', path: 'model', items: [{ item_id: expect.stringMatching(/^P/) }] })
  })
})

describe('the storefront under a strict Content-Security-Policy', () => {
  const env = useServedBrowser(STOREFRONT, { 'Content-Security-Policy': STRICT_CSP })
  const shopper = useFreshContext(env)

  it(`individualizes under "${STRICT_CSP}" with no violation, the debug overlay included`, async () => {
    const tab = await shopper.context.newPage()
    await tab.addInitScript(() => {
      ;(window as { violations?: string[] }).violations = []
      document.addEventListener('securitypolicyviolation', (event) => (window as { violations?: string[] }).violations!.push(`${event.violatedDirective} ${event.blockedURI}`))
    })
    const problems: string[] = []
    tab.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
    const violations = () => tab.evaluate(() => (window as { violations?: string[] }).violations)
    await open(tab, env.base, '/')
    for (const sku of ['KIT-001', 'KIT-002', 'KIT-003']) {
      await open(tab, env.base, `/products/${sku}.html`)
      expect(await violations()).toEqual([])
    }
    await open(tab, env.base, '/?tailor_debug=1')
    const slots = await tab.$$eval('[data-tailor-slot]', (all) => all.map((slot) => [(slot as HTMLElement).dataset.tailorSlot, (slot as HTMLElement).dataset.tailorPath]))
    expect(slots).toEqual([
      ['hero', 'model'],
      ['picks', 'model'],
    ])
    await tab.waitForSelector('#tailor-debug')
    expect(await tab.textContent('#tailor-debug')).toContain('model storefront-category-propensity')
    expect(await violations()).toEqual([])
    expect(problems).toEqual([])
  })

  it('shows the default content once the timeout passes when tailor.min.js answers 404 (CSS only)', async () => {
    const tab = await shopper.context.newPage()
    await tab.route('**/tailor.min.js', (route) => route.fulfill({ status: 404, body: 'Not found' }))
    // Samples the hero's visibility as the document is parsed, and notes when it first shows.
    await tab.addInitScript(() => {
      const state = window as { atParse?: string; shownAt?: number }
      document.addEventListener('DOMContentLoaded', () => {
        const slot = document.querySelector('[data-tailor-slot="hero"]')!
        state.atParse = getComputedStyle(slot).visibility
        const poll = () => (getComputedStyle(slot).visibility === 'visible' ? (state.shownAt = performance.now()) : requestAnimationFrame(poll))
        poll()
      })
    })
    await tab.goto(`${env.base}`)
    const hero = tab.locator('[data-tailor-slot="hero"]')
    await tab.waitForFunction(() => (window as { shownAt?: number }).shownAt !== undefined, undefined, { timeout: 3000 })
    const { atParse, shownAt } = await tab.evaluate(() => {
      const { atParse, shownAt } = window as unknown as { atParse: string; shownAt: number }
      return { atParse, shownAt }
    })
    expect(atParse).toBe('hidden')
    expect(shownAt).toBeGreaterThanOrEqual(600) // tailor.css's delay, counted from after navigation start
    expect(await hero.locator('h1').textContent()).toBe('Gifts for every corner of the home')
    expect(await hero.getAttribute('data-tailor-state')).toBeNull()
  })
})

// The storefront's own markup: every file the slot page names is served beside it.
it('the storefront serves every Tailor file its pages name', () => {
  const html = readFileSync(join(STOREFRONT, 'index.html'), 'utf8')
  expect(html).toContain('<link rel="stylesheet" href="/tailor.css">')
  for (const file of ['tailor.min.js', 'tailor-persist.min.js', 'tailor-loader.min.js', 'tailor-capture.min.js', 'tailor-insights.min.js', 'tailor.css']) {
    expect(readFileSync(join(STOREFRONT, file))).toEqual(readFileSync(join(CORE, file)))
  }
})
