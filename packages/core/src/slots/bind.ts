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

// One formatter per currency: creating one costs milliseconds, formatting with it microseconds.
const formats = new Map<string, Intl.NumberFormat>()

function formatPrice(price: number, currency: string): string {
  let format = formats.get(currency)
  if (!format) {
    try {
      format = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency })
    } catch {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency }) // a page language that is no language tag (`en_US`): the browser's own
    }
    formats.set(currency, format)
  }
  return format.format(price)
}

/** A product field as text: prices formatted in their currency, absent fields empty. */
function textOf(product: Product, field: string): string {
  const value = (product as Record<string, unknown>)[field]
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
