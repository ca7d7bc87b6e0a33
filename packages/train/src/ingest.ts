import { extname } from 'node:path'
import type { Item, TailorEvent } from '@tailorjs/core/engine'
import { EventTypeSchema } from '@tailorjs/core/schema'
import * as z from 'zod'
import { readCsv, readJsonl, type Record } from './read'

/** Which input column holds what. Every line is a purchase line unless `event` names an event-type column. */
export const ColumnsSchema = z.strictObject({
  customer: z.string().min(1),
  time: z.string().min(1),
  item: z.string().min(1),
  order: z.string().min(1).optional(),
  quantity: z.string().min(1).optional(),
  price: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  brand: z.string().min(1).optional(),
  event: z.string().min(1).optional(),
})
export type Columns = z.infer<typeof ColumnsSchema>

/** An input file and how to read it. */
export const InputSchema = z.strictObject({
  file: z.string().min(1),
  /** Taken from the file name (`.csv`, `.jsonl`, optionally `.gz`) when absent. */
  format: z.enum(['csv', 'jsonl']).optional(),
  columns: ColumnsSchema,
  /** Lines to leave out: orders whose id starts with one of `orderPrefixes` (cancellations), and non-product `items`. */
  exclude: z
    .strictObject({ orderPrefixes: z.array(z.string().min(1)).default([]), items: z.array(z.string()).default([]) })
    .default({ orderPrefixes: [], items: [] }),
})
export type Input = z.input<typeof InputSchema>

/** The input's format: as given, else from its name (`.jsonl` or `.jsonl.gz` is JSON Lines, anything else CSV). */
export function formatOf(input: { file: string; format?: 'csv' | 'jsonl' | undefined }): 'csv' | 'jsonl' {
  return input.format ?? (extname(input.file.replace(/\.gz$/, '')) === '.jsonl' ? 'jsonl' : 'csv')
}

/** Why a line was left out. */
export type SkipReason =
  | 'unreadable'
  | 'no customer'
  | 'bad time'
  | 'no item'
  | 'bad quantity'
  | 'return'
  | 'cancelled order'
  | 'excluded item'
  | 'bad price'
  | 'bad event type'

/** What ingest read, kept and left out (with the first line numbers of each reason). */
export interface IngestReport {
  file: string
  lines: number
  accepted: number
  /** Events made of the accepted lines (an order's lines make one). */
  events: number
  /** Orders of more than 200 lines, recorded as several events (the SDK's limit per event). */
  splitOrders: number
  customers: number
  skipped: Partial<{ [reason in SkipReason]: { count: number; lines: number[] } }>
  from: string | null
  to: string | null
}

/** Every customer's events, oldest first, as the SDK would have recorded them. */
export interface History {
  customers: Map<string, TailorEvent[]>
  report: IngestReport
}

/** Thrown for a mapping that cannot work (a column the file does not have); names the fix. */
export class MappingError extends Error {
  override name = 'MappingError'
}

/** The error for mapped columns the input lacks, naming the ones it has and the flags that map them. */
export function mappingError(file: string, missing: ReadonlyArray<readonly [string, string]>, available: readonly string[]): MappingError {
  const list = missing.map(([role, column]) => `${role} → "${column}"`).join(', ')
  return new MappingError(`${file}: no column for ${list}; the file has: ${available.join(', ')}. Map each to one of these (with --${missing[0]![0]} and the other mapping flags, or in the config's input.columns).`)
}

const LINES_KEPT = 10
/** Items per event, as EventSchema allows. */
const MAX_ITEMS = 200

/**
 * Epoch ms of a time value: ISO 8601 (`2011-06-01`, `2011-06-01 08:26:00`, with or without `T`,
 * seconds, fraction or zone; no zone means UTC), or epoch seconds or milliseconds. Anything else,
 * such as `01/06/2011` (June or January?), is refused rather than guessed.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? (value < 1e11 ? value * 1000 : value) : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return parseTime(Number(text))
  const iso = /^((\d{4})-(\d{2})-(\d{2}))(?:[ T]((\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text)
  if (!iso) return undefined
  // Date.parse rolls 2011-02-30 over to March and takes 24:00: refuse what is not on the calendar or the clock.
  const [, date, year, month, day, time, hour = '0', minute = '0', second = '0', zone] = iso
  const days = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate()
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > days || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined
  const ts = Date.parse(`${date}T${time ?? '00:00'}${zone ?? 'Z'}`)
  return Number.isNaN(ts) ? undefined : ts
}

const asText = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '')
const asNumber = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN)

export interface IngestProgress {
  lines: number
}

/**
 * Reads order lines (or events) into each customer's event history, streaming the file. Lines of
 * one order become one `purchase` event with its items, as the SDK records a purchase; bad lines
 * are skipped and counted by reason, with line numbers.
 */
export async function ingest(input: Input, onProgress?: (progress: IngestProgress) => void): Promise<History> {
  const parsed = InputSchema.parse(input)
  const { file, columns, exclude } = parsed
  const format = formatOf(parsed)
  const mapped = Object.entries(columns).filter((entry): entry is [string, string] => entry[1] !== undefined)
  // A CSV header names every column; a JSON line may omit optional keys, so only the required ones are checked.
  const check = (available: string[], roles = mapped) => {
    const missing = roles.filter(([, column]) => !available.includes(column))
    if (missing.length) throw mappingError(file, missing, available)
  }
  const records: AsyncIterable<Record> = format === 'csv' ? readCsv(file, check) : readJsonl(file)
  const excludedItems = new Set(exclude.items)
  const report: IngestReport = { file, lines: 0, accepted: 0, events: 0, splitOrders: 0, customers: 0, skipped: {}, from: null, to: null }
  const skip = (reason: SkipReason, line: number) => {
    const entry = (report.skipped[reason] ??= { count: 0, lines: [] })
    entry.count++
    if (entry.lines.length < LINES_KEPT) entry.lines.push(line)
  }
  // customer → (order key → event): an order's lines need not be adjacent.
  const orders = new Map<string, Map<string, TailorEvent>>()
  let first = true
  let from = Infinity
  let to = -Infinity
  for await (const { line, value } of records) {
    report.lines++
    if (report.lines % 50_000 === 0) onProgress?.({ lines: report.lines })
    if (!value) {
      skip('unreadable', line)
      continue
    }
    if (first && format === 'jsonl') check(Object.keys(value), mapped.filter(([role]) => role === 'customer' || role === 'time' || role === 'item'))
    first = false
    const customer = asText(value[columns.customer])
    if (!customer) {
      skip('no customer', line)
      continue
    }
    const ts = parseTime(value[columns.time])
    if (ts === undefined) {
      skip('bad time', line)
      continue
    }
    const itemId = asText(value[columns.item])
    if (!itemId || itemId.length > 200) {
      skip('no item', line)
      continue
    }
    if (excludedItems.has(itemId)) {
      skip('excluded item', line)
      continue
    }
    const order = columns.order ? asText(value[columns.order]) : ''
    if (order && exclude.orderPrefixes.some((prefix) => order.startsWith(prefix))) {
      skip('cancelled order', line)
      continue
    }
    const quantity = columns.quantity ? asNumber(value[columns.quantity]) : 1
    if (!Number.isInteger(quantity)) {
      skip('bad quantity', line)
      continue
    }
    if (quantity <= 0) {
      skip('return', line)
      continue
    }
    const price = columns.price ? asNumber(value[columns.price]) : undefined
    if (price !== undefined && !(price >= 0 && Number.isFinite(price))) {
      skip('bad price', line)
      continue
    }
    const type = columns.event ? asText(value[columns.event]) : 'purchase'
    if (!EventTypeSchema.safeParse(type).success) {
      skip('bad event type', line)
      continue
    }
    const item: Item = { item_id: itemId, quantity }
    const category = columns.category ? asText(value[columns.category]).slice(0, 200) : ''
    const brand = columns.brand ? asText(value[columns.brand]).slice(0, 200) : ''
    if (category) item.item_category = category
    if (brand) item.item_brand = brand
    if (price !== undefined) item.price = price
    let events = orders.get(customer)
    if (!events) orders.set(customer, (events = new Map()))
    // Lines of one order (or, without an order column, of one moment) make one event.
    const key = `${type}|${order || ts}`
    const event = events.get(key)
    if (event) {
      event.items!.push(item)
      event.ts = Math.min(event.ts, ts) // an order is as old as its earliest line
    } else events.set(key, { id: (report.events++).toString(36), type, ts, items: [item] })
    report.accepted++
    from = Math.min(from, ts)
    to = Math.max(to, ts)
  }
  onProgress?.({ lines: report.lines })
  const customers = new Map<string, TailorEvent[]>()
  for (const [customer, events] of orders) {
    // The SDK accepts at most MAX_ITEMS items per event: a bigger order is recorded in parts, as a storefront would have to send it.
    const split = [...events.values()].flatMap((event) => {
      const items = event.items!
      if (items.length <= MAX_ITEMS) return [event]
      report.splitOrders++
      return Array.from({ length: Math.ceil(items.length / MAX_ITEMS) }, (_, k) => ({ ...event, id: `${event.id}.${k}`, items: items.slice(k * MAX_ITEMS, (k + 1) * MAX_ITEMS) }))
    })
    customers.set(customer, split.sort((a, b) => a.ts - b.ts))
  }
  report.customers = customers.size
  if (report.accepted) {
    report.from = new Date(from).toISOString()
    report.to = new Date(to).toISOString()
  }
  return { customers, report }
}
