import { readdirSync, readFileSync } from 'node:fs'
import type { Tailor } from '@tailorjs/core'
import type { Server } from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { serve } from '../../scripts/serve.mjs'
import { useFreshContext, useServedBrowser } from './harness'

// The product-page fixtures of the unit tests, read by the shipped script-tag bundle in Chromium.
const DIR = new URL('../../packages/core/test/fixtures/product-pages/', import.meta.url).pathname
const CORE = new URL('../../packages/core/dist/', import.meta.url).pathname
const pages = readdirSync(DIR).filter((file) => file.endsWith('.html')).map((file) => file.slice(0, -5))
const env = useServedBrowser(DIR)
const shopper = useFreshContext(env)
// The bundle and the chunks it loads from beside itself, from another server, as from a CDN.
let core: { server: Server; url: string }
beforeAll(async () => {
  core = await serve(CORE)
})
afterAll(() => core.server.close())

it.each(pages)('%s: the product view recorded matches the expected extraction', async (name) => {
  const page = await shopper.context.newPage()
  await page.goto(`${env.base}${name}.html`)
  await page.addScriptTag({ url: `${core.url}tailor.min.js` })
  const viewed = await page.evaluate(async () => {
    const tailor = window.tailor as Tailor
    await tailor.start()
    await tailor.flush() // the capture chunk, which reads the page's products, has run
    return tailor.getProfile().log.find((event) => event.type === 'view_item')?.items ?? []
  })
  expect(viewed).toEqual(JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')))
})
