import { applyEvents, counterKey, decayedValue, emptyProfile, featurize, recencyDays, type FeatureSpec, type TailorEvent } from '@tailorjs/core/engine'
import { checkReport, checkSlices } from '../checks'
import { timeline, type ResolvedConfig } from '../config'
import { candidateOf, type Slice, type Target } from '../dataset'
import type { IngestReport, SkipReason } from '../ingest'
import type { Prepared } from '../train'

/** The columns of `tailor_out_rows` before the features, and after them. */
export const ROW_HEAD = ['cutoff_index', 'customer', 'first_line', 'target_index'] as const
export const ROW_TAIL = ['label', 'own', 'recency_days', 'orders', 'monetary', 'replay'] as const

/** A block of rows, column by column, in ROW_HEAD, f0 … fN, ROW_TAIL order. */
export interface RowChunk {
  count: number
  columns: unknown[][]
}

/** A row of `tailor_out_replay_items`. */
export interface ItemRow {
  customer: unknown
  type: unknown
  order_id: unknown
  moment: unknown
  part: unknown
  ts: unknown
  line: unknown
  item_id: unknown
  category: unknown
  brand: unknown
  price: unknown
  quantity: unknown
}

const present = (value: unknown) => value !== null && value !== undefined && value !== ''

/**
 * Each customer's events from their item rows, as ingest builds them: by time, then by their
 * order's first line, then part by part, items in line order.
 */
export function eventsFromItems(rows: readonly ItemRow[]): Map<string, TailorEvent[]> {
  const orderLine = new Map<string, number>()
  const orderKey = (row: ItemRow) => `${row.customer}|${row.type}|${row.order_id}|${row.moment}`
  for (const row of rows) orderLine.set(orderKey(row), Math.min(orderLine.get(orderKey(row)) ?? Infinity, Number(row.line)))
  const sorted = [...rows].sort(
    (a, b) => Number(a.ts) - Number(b.ts) || orderLine.get(orderKey(a))! - orderLine.get(orderKey(b))! || Number(a.part) - Number(b.part) || Number(a.line) - Number(b.line),
  )
  const byCustomer = new Map<string, Map<string, TailorEvent>>()
  for (const row of sorted) {
    const customer = String(row.customer)
    const events = byCustomer.get(customer) ?? new Map<string, TailorEvent>()
    byCustomer.set(customer, events)
    const key = `${orderKey(row)}|${row.part}`
    let event = events.get(key)
    if (!event) events.set(key, (event = { id: String(events.size), type: String(row.type), ts: Number(row.ts), items: [] }))
    const item: NonNullable<TailorEvent['items']>[number] = { item_id: String(row.item_id), quantity: Number(row.quantity) }
    if (present(row.category)) item.item_category = String(row.category)
    if (present(row.brand)) item.item_brand = String(row.brand)
    if (present(row.price)) item.price = Number(row.price)
    event.items!.push(item)
  }
  return new Map([...byCustomer].map(([customer, events]) => [customer, [...events.values()]]))
}

/** What the compiled SQL hands back (compileOutputSql's views), however it was run. */
export interface SqlOutputs {
  summary: { lines: number; accepted: number; first_ts: number | null; last_ts: number | null; events: number; split_orders: number; customers: number }
  skipped: Array<{ reason: string; lines: number }>
  skippedLines: Array<{ reason: string; line: number }>
  targets: Array<{ target_index: number; target_key: string; category_key: string | null; buyers: number; prior_at_end: number }>
  priors: Array<{ cutoff_index: number; target_index: number; prior: number }>
  sizes: Array<{ cutoff_index: number; customers: number }>
  /** Sorted by cutoff_index, first_line, target_index. */
  rows: AsyncIterable<RowChunk>
  /** Read after `rows`. */
  replayItems: () => Promise<ItemRow[]>
  /** The lines of records the engine could not read (DuckDB sets them aside; the SQL never sees them), ascending. */
  unreadable?: readonly number[]
}

const truthy = (value: unknown) => value === true || value === 'true' || value === 1 || value === '1'

/**
 * Builds what `prepare` returns from the SQL's outputs. The rows of customers flagged `replay`
 * (past the engine's bounds) are recomputed from their events by the engine.
 */
export async function assemble(config: ResolvedConfig, spec: FeatureSpec, outputs: SqlOutputs): Promise<Omit<Prepared, 'timings'> & { replayed: number }> {
  const { summary } = outputs
  const skipped: IngestReport['skipped'] = {}
  for (const { reason, lines } of outputs.skipped) skipped[reason as SkipReason] = { count: Number(lines), lines: [] }
  for (const { reason, line } of [...outputs.skippedLines].sort((a, b) => Number(a.line) - Number(b.line))) skipped[reason as SkipReason]!.lines.push(Number(line))
  const unreadable = outputs.unreadable ?? []
  if (unreadable.length) skipped.unreadable = { count: unreadable.length, lines: unreadable.slice(0, 10) }
  const accepted = Number(summary.accepted)
  const report: IngestReport = {
    file: config.input.file,
    lines: Number(summary.lines) + unreadable.length,
    accepted,
    events: Number(summary.events),
    splitOrders: Number(summary.split_orders),
    customers: Number(summary.customers),
    skipped,
    from: accepted ? new Date(Number(summary.first_ts)).toISOString() : null,
    to: accepted ? new Date(Number(summary.last_ts)).toISOString() : null,
  }
  checkReport(config, report)

  const { dimension } = config.targets
  const ordered = [...outputs.targets].sort((a, b) => Number(a.target_index) - Number(b.target_index))
  const targets: Target[] = ordered.map((row) => {
    const target: Target = { id: String(row.target_key), customers: Number(row.buyers) }
    if (dimension === 'item' && row.category_key !== null && row.category_key !== '') target.category = String(row.category_key)
    return target
  })
  if (!targets.length) throw new Error(`no ${dimension} was bought before the target selection date: move the cutoffs later`)
  const T = targets.length
  const n = spec.length
  const { cutoffs } = timeline(config)
  const slices: Slice[] = cutoffs.map((cutoff, c) => {
    const size = Number(outputs.sizes.find((row) => Number(row.cutoff_index) === c)?.customers ?? 0)
    const priors = new Float64Array(T)
    for (const row of outputs.priors) if (Number(row.cutoff_index) === c) priors[Number(row.target_index)] = Number(row.prior)
    return { cutoff, customers: [], targets: T, x: new Float32Array(size * T * n), y: new Uint8Array(size * T), priors, rfm: new Float64Array(size * 3), own: new Float64Array(size * T) }
  })

  const flagged = new Map<string, Array<{ c: number; i: number }>>()
  let previous: number[] = [-1, -1, -1]
  for await (const { count, columns } of outputs.rows) {
    for (let r = 0; r < count; r++) {
      const c = Number(columns[0]![r])
      const t = Number(columns[3]![r])
      const order = [c, Number(columns[2]![r]), t]
      if ((order[0]! - previous[0]! || order[1]! - previous[1]! || order[2]! - previous[2]!) <= 0) {
        throw new Error('the rows are not sorted by cutoff_index, first_line, target_index: sort them when writing (the Spark job does)')
      }
      previous = order
      const slice = slices[c]!
      if (t === 0) {
        const customer = String(columns[1]![r])
        const i = slice.customers.push(customer) - 1
        slice.rfm.set([Number(columns[n + 6]![r]), Number(columns[n + 7]![r]), Number(columns[n + 8]![r])], i * 3)
        if (truthy(columns[n + 9]![r])) flagged.set(customer, [...(flagged.get(customer) ?? []), { c, i }])
      }
      const row = (slice.customers.length - 1) * T + t
      for (let j = 0; j < n; j++) slice.x[row * n + j] = Number(columns[4 + j]![r])
      slice.y[row] = Number(columns[n + 4]![r])
      slice.own[row] = Number(columns[n + 5]![r])
    }
  }
  // Customers past the engine's bounds: their rows come from the replay itself.
  const events = flagged.size ? eventsFromItems(await outputs.replayItems()) : new Map<string, TailorEvent[]>()
  for (const [customer, at] of flagged) {
    for (const { c, i } of at) {
      const slice = slices[c]!
      const state = applyEvents(emptyProfile(), (events.get(customer) ?? []).filter((event) => event.ts < slice.cutoff))
      slice.rfm.set([recencyDays(state, slice.cutoff) ?? 365, state.rfm.orders, state.rfm.monetary], i * 3)
      targets.forEach((target, t) => {
        slice.x.set(featurize(state, spec, slice.cutoff, candidateOf(target, dimension, slice.priors[t]!)), (i * T + t) * n)
        const counter = state.counters[counterKey('purchase', dimension, target.id)]
        slice.own[i * T + t] = counter ? decayedValue(counter, 2, slice.cutoff) : 0
      })
    }
  }
  const test = slices.at(-1)!
  const trainSlices = slices.slice(0, -1)
  checkSlices(config, trainSlices, test)
  const priors = Float64Array.from(ordered, (row) => Number(row.prior_at_end))
  return { config, report, targets, spec, trainSlices, test, priors, replayed: flagged.size }
}
