import { extname } from 'node:path'
import { applyEvents, emptyProfile, featurize, recencyDays, decayedValue, counterKey, type TailorEvent } from '@tailorjs/core/engine'
import { ConfigError, epochOf, parseConfig, type TrainConfig } from '../config'
import { candidateOf, type Slice, type Target } from '../dataset'
import { MappingError, type IngestReport, type SkipReason } from '../ingest'
import { silent, type Progress } from '../progress'
import { ITEM_EVENTS, pooledSpec } from '../spec'
import type { Prepared } from '../train'
import { compileFeatureSql, compileIngestSql } from './compile'
import { duckdb, spark, SPARK_ON_DUCKDB } from './dialect'

const DAY_MS = 86_400_000

type DuckDB = typeof import('@duckdb/node-api')

/** Loads DuckDB (an optional peer dependency), or says how to install it. */
export async function loadDuckdb(): Promise<DuckDB> {
  try {
    return await import('@duckdb/node-api')
  } catch {
    throw new Error('engine "duckdb" needs DuckDB: npm install --save-dev @duckdb/node-api')
  }
}

export interface DuckdbOptions {
  /** DuckDB's memory limit, e.g. `2GB`: past it, DuckDB spills to temporary files. Default: DuckDB's (80 % of RAM). */
  memoryLimit?: string
  /** DuckDB's threads. Default: one per core. */
  threads?: number
  /**
   * Which dialect's SQL to run. `spark` runs the Spark SQL text, with SPARK_ON_DUCKDB's macros
   * standing in for the Spark functions DuckDB lacks: how the tests check the Spark job.
   */
  dialect?: 'duckdb' | 'spark'
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`
const day = (ts: number) => new Date(ts).toISOString().slice(0, 10)

/**
 * `prepare` on DuckDB: ingest's rules, the targets, the features, priors and labels at every
 * cutoff are computed by the SQL compileIngestSql and compileFeatureSql write, where the data
 * lies, rather than by replaying every customer in Node. The rows of customers whose profile
 * would exceed the engine's bounds are taken from the replay, so every row is the browser's.
 */
export async function prepareDuckdb(input: TrainConfig, progress: Progress = silent, options: DuckdbOptions = {}): Promise<Prepared> {
  const config = parseConfig(input)
  const { file, columns, exclude } = config.input
  const format = config.input.format ?? (extname(file.replace(/\.gz$/, '')) === '.jsonl' ? 'jsonl' : 'csv')
  const { DuckDBInstance } = await loadDuckdb()
  const settings: Record<string, string> = {}
  if (options.memoryLimit) settings['memory_limit'] = options.memoryLimit
  if (options.threads) settings['threads'] = String(options.threads)
  const instance = await DuckDBInstance.create(':memory:', settings)
  const connection = await instance.connect()
  const dialect = options.dialect === 'spark' ? spark : duckdb
  if (dialect === spark) for (const macro of SPARK_ON_DUCKDB) await connection.run(macro)
  const timings: Record<string, number> = {}
  let start = performance.now()
  const lap = (name: string) => {
    timings[name] = Math.round(performance.now() - start)
    start = performance.now()
  }
  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS()
  // The compiled SQL is views (Spark runs it as is); DuckDB would recompute a view at every use,
  // so the ones read several times are computed once into tables of the same name.
  const materialize = async (view: string) => {
    await connection.run(`CREATE OR REPLACE TEMPORARY TABLE ${view}_t AS SELECT * FROM ${view}`)
    await connection.run(`CREATE OR REPLACE TEMPORARY VIEW ${view} AS SELECT * FROM ${view}_t`)
  }
  try {
    const reading = progress('read (duckdb)')
    const source = format === 'csv' ? `read_csv(${literal(file)}, all_varchar = true, header = true)` : `read_json(${literal(file)}, format = 'newline_delimited')`
    const available = (await rows(`DESCRIBE SELECT * FROM ${source}`)).map((row) => String(row['column_name']))
    const mapped = Object.entries(columns).filter((entry): entry is [string, string] => entry[1] !== undefined)
    const missing = mapped.filter(([role, column]) => !available.includes(column) && (format === 'csv' || ['customer', 'time', 'item'].includes(role)))
    if (missing.length) {
      const list = missing.map(([role, column]) => `${role} → "${column}"`).join(', ')
      throw new MappingError(`${file}: no column for ${list}; the file has: ${available.join(', ')}. Map each to one of these (with --${missing[0]![0]} and the other mapping flags, or in the config's input.columns).`)
    }
    const column = (role: keyof typeof columns, as: string) => {
      const name = columns[role]
      return name !== undefined && available.includes(name) ? `CAST(${quoteId(name)} AS VARCHAR) AS ${as}` : `CAST(NULL AS VARCHAR) AS ${as}`
    }
    // Lines as ingest numbers them: a CSV's header is line 1.
    await connection.run(`CREATE OR REPLACE TEMPORARY VIEW tailor_raw AS
SELECT CAST(row_number() OVER () AS BIGINT) + ${format === 'csv' ? 1 : 0} AS line, ${[
      column('customer', 'customer'),
      column('time', 'time'),
      column('item', 'item'),
      column('order', 'order_id'),
      column('quantity', 'quantity'),
      column('price', 'price'),
      column('category', 'category'),
      column('brand', 'brand'),
      column('event', 'event'),
    ].join(', ')}
FROM ${source}`)
    // Views are evaluated where used: the input is read once into a table, parsed and checked.
    const ingestSql = compileIngestSql({ exclude, mapped: { quantity: columns.quantity !== undefined, price: columns.price !== undefined, event: columns.event !== undefined } }, dialect)
    for (const statement of ingestSql) await connection.run(statement)
    await materialize('tailor_lines')
    await materialize('tailor_items')

    const [totals] = await rows(`SELECT count(*) AS lines, count(*) FILTER (WHERE reason IS NULL) AS accepted,
  min(ts) FILTER (WHERE reason IS NULL) AS first, max(ts) FILTER (WHERE reason IS NULL) AS last FROM tailor_lines`)
    const [counts] = await rows(`SELECT count(*) AS events, count(*) FILTER (WHERE parts > 1) AS split, count(DISTINCT customer) AS customers
FROM (SELECT customer, type, order_id, moment, max(part) + 1 AS parts FROM tailor_items GROUP BY customer, type, order_id, moment) AS orders`)
    const skipped: IngestReport['skipped'] = {}
    for (const row of await rows(`SELECT reason, count(*) AS n, list(line ORDER BY line)[1:10] AS first FROM tailor_lines WHERE reason IS NOT NULL GROUP BY reason`)) {
      skipped[row['reason'] as SkipReason] = { count: Number(row['n']), lines: (row['first'] as bigint[]).map(Number) }
    }
    const accepted = Number(totals!['accepted'])
    const report: IngestReport = {
      file,
      lines: Number(totals!['lines']),
      accepted,
      events: Number(counts!['events']),
      splitOrders: Number(counts!['split']),
      customers: Number(counts!['customers']),
      skipped,
      from: accepted ? new Date(Number(totals!['first'])).toISOString() : null,
      to: accepted ? new Date(Number(totals!['last'])).toISOString() : null,
    }
    lap('ingest')
    reading.done(`${report.lines.toLocaleString('en-US')} lines, ${report.accepted.toLocaleString('en-US')} kept, ${report.customers.toLocaleString('en-US')} customers`)
    if (!report.accepted) throw new Error(`${report.file}: no line was kept (${JSON.stringify(report.skipped)}); check the column mapping and the exclusions`)
    const end = Date.parse(report.to!) + 1
    const { dimension, count } = config.targets
    const trainCutoffs = config.train.cutoffs.map(epochOf).sort((a, b) => a - b)
    const testCutoff = epochOf(config.test.cutoff)
    if (testCutoff + config.horizonDays * DAY_MS > end) {
      const latest = new Date(end - config.horizonDays * DAY_MS).toISOString().slice(0, 10)
      throw new ConfigError(`the test cutoff ${config.test.cutoff} plus ${config.horizonDays} days of labels runs past the end of the data (${report.to}): use a test cutoff on or before ${latest}, or a shorter horizonDays`)
    }

    const computing = progress('features (duckdb)')
    const seen = new Set((await rows('SELECT DISTINCT type FROM tailor_items')).map((row) => String(row['type'])))
    const spec = pooledSpec(dimension, ITEM_EVENTS.filter((event) => seen.has(event)))
    const cutoffs = [...trainCutoffs, testCutoff]
    const before = config.targets.before ? epochOf(config.targets.before) : trainCutoffs.at(-1)!
    for (const statement of compileFeatureSql({ spec, dimension, targets: count, before, cutoffs, horizonDays: config.horizonDays }, dialect)) await connection.run(statement)
    for (const view of ['tailor_targets', 'tailor_counters', 'tailor_events', 'tailor_customers', 'tailor_priors']) await materialize(view)
    const targets: Target[] = (await rows('SELECT * FROM tailor_targets ORDER BY target_index')).map((row) => {
      const target: Target = { id: String(row['target_key']), customers: Number(row['buyers']) }
      if (dimension === 'item' && row['category_key'] !== null) target.category = String(row['category_key'])
      return target
    })
    if (!targets.length) throw new Error(`no ${dimension} was bought before ${day(before)}: move the cutoffs later`)
    const T = targets.length
    const n = spec.length
    const priorRows = await rows('SELECT cutoff_index, target_index, prior FROM tailor_priors')
    const slices: Slice[] = cutoffs.map((cutoff, c) => {
      const priors = new Float64Array(T)
      for (const row of priorRows) if (Number(row['cutoff_index']) === c) priors[Number(row['target_index'])] = Number(row['prior'])
      return { cutoff, customers: [], targets: T, x: new Float32Array(0), y: new Uint8Array(0), priors, rfm: new Float64Array(0), own: new Float64Array(0) }
    })
    const sizes = (await rows('SELECT cutoff_index, count(*) AS n FROM tailor_customers GROUP BY cutoff_index')).map((row) => [Number(row['cutoff_index']), Number(row['n'])] as const)
    for (const [c, size] of sizes) {
      const slice = slices[c]!
      slice.x = new Float32Array(size * T * n)
      slice.y = new Uint8Array(size * T)
      slice.rfm = new Float64Array(size * 3)
      slice.own = new Float64Array(size * T)
    }
    // Rows stream out in chunks: customer-major within each cutoff, as buildSlices lays them out.
    const features = Array.from({ length: n }, (_, j) => `f${j}`).join(', ')
    const result = await connection.stream(`SELECT cutoff_index, customer, target_index, ${features}, label, own, recency_days, orders, monetary, replay
FROM tailor_rows ORDER BY cutoff_index, first_line, target_index`)
    const replays: Array<{ c: number; i: number; customer: string }> = []
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const data = chunk.getColumns()
      for (let r = 0; r < chunk.rowCount; r++) {
        const slice = slices[Number(data[0]![r])]!
        const t = Number(data[2]![r])
        if (t === 0) {
          slice.customers.push(String(data[1]![r]))
          const i = slice.customers.length - 1
          slice.rfm.set([Number(data[n + 5]![r]), Number(data[n + 6]![r]), Number(data[n + 7]![r])], i * 3)
          if (data[n + 8]![r]) replays.push({ c: Number(data[0]![r]), i, customer: slice.customers[i]! })
        }
        const row = (slice.customers.length - 1) * T + t
        for (let j = 0; j < n; j++) slice.x[row * n + j] = Number(data[3 + j]![r])
        slice.y[row] = Number(data[n + 3]![r])
        slice.own[row] = Number(data[n + 4]![r])
      }
    }
    // Customers past the engine's bounds: their rows come from the replay itself.
    const byCustomer = new Map<string, Array<{ c: number; i: number }>>()
    for (const { c, i, customer } of replays) byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), { c, i }])
    for (const [customer, at] of byCustomer) {
      const events = await eventsOf(connection, customer)
      for (const { c, i } of at) {
        const slice = slices[c]!
        const state = applyEvents(emptyProfile(), events.filter((event) => event.ts < slice.cutoff))
        slice.rfm.set([recencyDays(state, slice.cutoff) ?? 365, state.rfm.orders, state.rfm.monetary], i * 3)
        targets.forEach((target, t) => {
          slice.x.set(featurize(state, spec, slice.cutoff, candidateOf(target, dimension, slice.priors[t]!)), (i * T + t) * n)
          const counter = state.counters[counterKey('purchase', dimension, target.id)]
          slice.own[i * T + t] = counter ? decayedValue(counter, 2, slice.cutoff) : 0
        })
      }
    }
    const endPriors = await priorsAtEnd(connection, end, dimension, T, config.horizonDays)
    lap('replay')
    const test = slices.at(-1)!
    const trainSlices = slices.slice(0, -1)
    const trainRows = trainSlices.reduce((sum, slice) => sum + slice.y.length, 0)
    if (!test.customers.length) throw new Error(`no customer has history before the test cutoff ${config.test.cutoff}`)
    if (!trainRows) throw new Error(`no customer has history before the training cutoff(s) ${config.train.cutoffs.join(', ')}`)
    computing.done(`${trainRows.toLocaleString('en-US')} training rows, ${test.customers.length.toLocaleString('en-US')} test customers, ${byCustomer.size} customers replayed past the profile bounds`)
    return { config, report, targets, spec, trainSlices, test, priors: endPriors, timings }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** One customer's events, as ingest builds them: by time, then by their order's first line, then part by part. */
async function eventsOf(connection: import('@duckdb/node-api').DuckDBConnection, customer: string): Promise<TailorEvent[]> {
  const items = (await connection.runAndReadAll(`SELECT type, order_id, moment, part, ts, line, item_id, category, brand, price, quantity,
  min(line) OVER (PARTITION BY type, order_id, moment) AS order_line
FROM tailor_items WHERE customer = ${literal(customer)} ORDER BY ts, order_line, part, line`)).getRowObjectsJS()
  const events = new Map<string, TailorEvent>()
  for (const row of items) {
    const key = `${row['type']}|${row['order_id']}|${row['moment']}|${row['part']}`
    let event = events.get(key)
    if (!event) events.set(key, (event = { id: String(events.size), type: String(row['type']), ts: Number(row['ts']), items: [] }))
    const item: NonNullable<TailorEvent['items']>[number] = { item_id: String(row['item_id']), quantity: Number(row['quantity']) }
    if (row['category'] !== null) item.item_category = String(row['category'])
    if (row['brand'] !== null) item.item_brand = String(row['brand'])
    if (row['price'] !== null) item.price = Number(row['price'])
    event.items!.push(item)
  }
  return [...events.values()]
}

/** The targets' priors as of the end of the data (what production scores them with), as priorsAt computes them. */
async function priorsAtEnd(connection: import('@duckdb/node-api').DuckDBConnection, end: number, dimension: 'item' | 'category', T: number, horizonDays: number): Promise<Float64Array> {
  const key = dimension === 'item' ? 'i.item_id' : 'i.category'
  const priors = new Float64Array(T)
  const result = await connection.runAndReadAll(`SELECT t.target_index, CAST(count(DISTINCT i.customer) AS DOUBLE) / (SELECT count(DISTINCT customer) FROM tailor_items WHERE ts < ${end}) AS prior
FROM tailor_targets AS t LEFT JOIN tailor_items AS i ON ${key} = t.target_key AND i.type = 'purchase' AND i.ts >= ${end - horizonDays * DAY_MS} AND i.ts < ${end}
GROUP BY t.target_index`)
  for (const row of result.getRowObjectsJS()) priors[Number(row['target_index'])] = Number(row['prior'])
  return priors
}
