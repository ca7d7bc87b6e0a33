// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { readProducts } from './products'

// Product pages of varied markup, written for these tests, each beside its expected extraction.
const DIR = join(import.meta.dirname, '../../test/fixtures/product-pages')
const pages = readdirSync(DIR).filter((file) => file.endsWith('.html')).map((file) => file.slice(0, -5))

it('has at least 15 product-page fixtures', () => {
  expect(pages.length).toBeGreaterThanOrEqual(15)
})

it.each(pages)('%s', (page) => {
  document.documentElement.innerHTML = readFileSync(join(DIR, `${page}.html`), 'utf8').replace(/^<!doctype html>\s*<html>|<\/html>\s*$/gi, '')
  expect(readProducts(document)).toEqual(JSON.parse(readFileSync(join(DIR, `${page}.json`), 'utf8')))
})
