export type Json = Record<string, unknown>

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null

/** Trimmed, non-empty text, at most 200 characters (the events' limit for names and keys). */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined

/**
 * A price as storefronts write it: a number, or text with a currency symbol or code and local
 * separators ("1.234,56 €", "$1,234.56", "12,5", "GBP 20"). Undefined for anything else.
 */
export function parsePrice(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const digits = value.replace(/[^\d.,-]/g, '')
  if (!/\d/.test(digits) || digits.startsWith('-')) return undefined
  // The last separator followed by one or two digits is the decimal point; the others group.
  const decimal = /[.,](\d{1,2})$/.exec(digits)
  const whole = (decimal ? digits.slice(0, decimal.index) : digits).replace(/[.,]/g, '')
  const price = Number(decimal ? `${whole}.${decimal[1]}` : whole)
  return Number.isFinite(price) ? price : undefined
}

let currencies: Set<string> | undefined

/** An ISO 4217 currency code, upper-cased, when the runtime knows it (or, without Intl's list, looks like one). */
export function parseCurrency(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const code = value.trim().toUpperCase()
  if (!/^[A-Z]{3}$/.test(code)) return undefined
  currencies ??= new Set((Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency') ?? [])
  return currencies.size === 0 || currencies.has(code) ? code : undefined
}
