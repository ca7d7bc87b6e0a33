import { expect, it } from 'vitest'
import { parseCurrency, parsePrice } from './normalize'

it.each([
  [12.5, 12.5],
  ['12.50', 12.5],
  ['1.234,56 €', 1234.56],
  ['$1,234.56', 1234.56],
  ['12,5', 12.5],
  ['GBP 20', 20],
  ['1 299,00 kr', 1299],
  ['1,299', 1299],
  ['£0.99', 0.99],
  [-3, undefined],
  ['-3', undefined],
  ['call us', undefined],
  [{}, undefined],
  [Number.NaN, undefined],
  [null, undefined],
])('parsePrice(%j) is %j', (input, expected) => {
  expect(parsePrice(input)).toBe(expected)
})

it.each([
  ['GBP', 'GBP'],
  [' eur ', 'EUR'],
  ['ABC', undefined],
  ['EURO', undefined],
  [978, undefined],
])('parseCurrency(%j) is %j', (input, expected) => {
  expect(parseCurrency(input)).toBe(expected)
})
