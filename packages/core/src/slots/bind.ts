import type { Product } from '../decide/schema'

/** Attributes a template may bind a catalog value to; `href` and `src` take checked URLs only. */
const ATTRIBUTES = ['href', 'src', 'alt', 'title', 'aria-label'] as const
const URL_ATTRIBUTES = new Set(['href', 'src'])

/** `value` as an absolute http(s) URL (relative ones resolved against the page), or undefined: no `javascript:`, `data:`… */
export function safeUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const url = new URL(value, document.baseURI)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}

/** Currency symbols Tailor writes; any other currency is written as its ISO code (`CHF 12.00`). */
const SYMBOLS: Record<string, string> = { GBP: '£', EUR: '€', USD: '$', JPY: '¥', CNY: '¥', INR: '₹', KRW: '₩', BRL: 'R$', TRY: '₺', PLN: 'zł', SEK: 'kr', NOK: 'kr', DKK: 'kr' }
/** Languages that write `1.234,50 €`: a decimal comma, the symbol after. The others write `€1,234.50`. */
const COMMA_AFTER = /^(de|fr|es|it|pt|pl|sv|da|nb|nn|no|fi|cs|sk|hu|ro|ru|uk|el|hr|sl|bg|lt|lv|et)\b/i

/**
 * `price` in `currency`, written for the page's language without Intl: Chromium's first
 * Intl.NumberFormat costs 50–250 ms (loading ICU), a long task in the middle of the first
 * decision. Two conventions and 13 symbols cover most shops; a shop that needs its exact local
 * format gives each product a formatted `priceText`.
 */
function formatPrice(price: number, currency: string): string {
  const comma = COMMA_AFTER.test(document.documentElement.lang || navigator.language)
  const [whole, cents] = price.toFixed(/^(JPY|KRW|VND|CLP|ISK)$/.test(currency) ? 0 : 2).split('.')
  const number = whole!.replace(/\B(?=(\d{3})+$)/g, comma ? '.' : ',') + (cents ? (comma ? ',' : '.') + cents : '')
  const symbol = SYMBOLS[currency] ?? `${currency}\u00a0`
  return comma ? `${number}\u00a0${symbol.trim()}` : symbol + number
}

/** A product field as text: prices as the catalog writes them (`priceText`) or formatted in their currency, absent fields empty. */
function textOf(product: Product, field: string): string {
  const value = (product as Record<string, unknown>)[field]
  if (field === 'price' && product.priceText !== undefined) return product.priceText
  if (field === 'price' && typeof value === 'number' && product.currency) return formatPrice(value, product.currency)
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/**
 * One product card: a clone of the merchant's template with the product's values bound through
 * `data-tailor-bind="field"` (text) and `data-tailor-bind-<attribute>="field"` (alt, title,
 * aria-label; href and src as checked URLs, dropped when unsafe). Values never become markup.
 */
export function bindProduct(template: HTMLTemplateElement, product: Product): DocumentFragment {
  const fragment = template.content.cloneNode(true) as DocumentFragment
  for (const element of fragment.querySelectorAll<HTMLElement>('*')) {
    const field = element.dataset.tailorBind
    if (field !== undefined) element.textContent = textOf(product, field)
    for (const attribute of ATTRIBUTES) {
      const source = element.getAttribute(`data-tailor-bind-${attribute}`)
      if (source === null) continue
      const value = URL_ATTRIBUTES.has(attribute) ? safeUrl((product as Record<string, unknown>)[source]) : textOf(product, source)
      if (value === undefined) element.removeAttribute(attribute)
      else element.setAttribute(attribute, value)
    }
  }
  for (const child of fragment.children) (child as HTMLElement).dataset.tailorProductId = product.id
  return fragment
}
