import { readdirSync, readFileSync } from 'node:fs'
import type { Tailor } from '@tailorjs/core'
import { expect, it } from 'vitest'
import { useFreshContext, useServedBrowser } from './harness'

// The product-page fixtures of the unit tests, read by the shipped script-tag bundle in Chromium.
const DIR = new URL('../../packages/core/test/fixtures/product-pages/', import.meta.url).pathname
const BUNDLE = new URL('../../packages/core/dist/tailor.min.js', import.meta.url).pathname
const pages = readdirSync(DIR).filter((file) => file.endsWith('.html')).map((file) => file.slice(0, -5))
const env = useServedBrowser(DIR)
const shopper = useFreshContext(env)

it.each(pages)('%s: the product view recorded matches the expected extraction', async (name) => {
  const page = await shopper.context.newPage()
  await page.goto(`${env.base}${name}.html`)
  await page.addScriptTag({ path: BUNDLE })
  const viewed = await page.evaluate(async () => {
    const tailor = window.tailor as Tailor
    await tailor.start()
    return tailor.getProfile().log.find((event) => event.type === 'view_item')?.items ?? []
  })
  expect(viewed).toEqual(JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')))
})
