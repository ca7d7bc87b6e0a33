import { HALF_LIVES_DAYS, PROFILE_LIMITS, type Feature, type FeatureSpec } from '@tailorjs/core/engine'
import { timeline, type ResolvedConfig } from '../config'
import type { TargetDimension } from '../dataset'
import type { Columns } from '../ingest'
import type { Dialect } from './dialect'

const DAY_MS = 86_400_000
/** Recency and days-since are capped at a year, as the engine caps them. */
const MAX_DAYS = 365
/** Items per event, as the SDK accepts them (ingest splits bigger orders the same way). */
const MAX_ITEMS = 200
/** The engine's price bands: upper bounds; above the last is `250+`. */
const PRICE_BANDS = [10, 25, 50, 100, 250]

/** The feature kinds the compiler writes SQL for; the others exist only in the replay. */
const COMPILED = new Set<Feature['kind']>(['rfm', 'count', 'interest', 'history', 'candidate', 'candidate_history', 'candidate_prior'])

/** What ingest's rules need: the exclusions, and the mapping (unmapped optional columns take ingest's defaults). */
export interface IngestSqlOptions {
  exclude: { orderPrefixes: readonly string[]; items: readonly string[] }
  columns: Columns
}

/** What the features, targets, priors and labels need. */
export interface FeatureSqlOptions {
  spec: FeatureSpec
  dimension: TargetDimension
  /** How many targets, bought by the most customers before `before` (epoch ms). */
  targets: number
  before: number
  /** Epoch ms, ascending: the training cutoffs, then the test cutoff. */
  cutoffs: readonly number[]
  horizonDays: number
}

/** The feature SQL's options for a configuration and the spec its rows hold. */
export function featureSqlOptions(config: ResolvedConfig, spec: FeatureSpec): FeatureSqlOptions {
  const { cutoffs, before } = timeline(config)
  return { spec, dimension: config.targets.dimension, targets: config.targets.count, before, cutoffs, horizonDays: config.horizonDays }
}

/** Thrown for a feature spec the compiler cannot express; the replay engine computes every kind. */
export class CompileError extends Error {
  override name = 'CompileError'
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`
const list = (values: readonly string[]) => (values.length ? values.map(literal).join(', ') : 'NULL')

/**
 * Compiles ingest's rules to SQL. Reads a view `tailor_raw(line, customer, time, item, order_id,
 * quantity, price, category, brand, event)` of text columns (the runner maps the input's columns
 * onto it) and defines `tailor_lines` (every line with the `reason` it is skipped for, NULL when
 * kept), `tailor_items` (kept lines as the items of events: an order's lines, or without an order
 * id a moment's, make one event as old as its earliest line, in parts of at most 200 items),
 * `tailor_events` and `tailor_keys` (each item on each profile dimension). The same text serves
 * DuckDB and Spark SQL; `dialect` supplies the few functions that differ.
 */
export function compileIngestSql({ exclude, columns }: IngestSqlOptions, dialect: Dialect): string[] {
  const mapped = { quantity: columns.quantity !== undefined, price: columns.price !== undefined, event: columns.event !== undefined }
  const num = (text: string) => dialect.tryDouble(text)

  // ingest's parseTime: epoch seconds or milliseconds, or ISO 8601 (no zone: UTC); a date or time
  // off the calendar or the clock fails the cast to TIMESTAMP and is refused, as there.
  const t = 'time'
  const iso = String.raw`\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?`
  const clock = `regexp_extract(${t}, ${literal(String.raw`^\d{4}-\d{2}-\d{2}[ T]?([0-9:.]*)`)}, 1)`
  const zone = `regexp_extract(${t}, ${literal(String.raw`(Z|[+-]\d{2}:?\d{2})$`)}, 1)`
  const sign = `(CASE WHEN ${dialect.substring(zone, '1', '1')} = '-' THEN -1 ELSE 1 END)`
  const offsetMinutes = `(CASE WHEN ${zone} IN ('', 'Z') THEN 0 ELSE ${sign} * (CAST(${dialect.substring(zone, '2', '2')} AS INT) * 60 + CAST(${dialect.substring(`replace(${zone}, ':', '')`, '4', '2')} AS INT)) END)`
  const naive = `${dialect.substring(t, '1', '10')} || ' ' || (CASE WHEN ${clock} = '' THEN '00:00:00' WHEN length(${clock}) = 5 THEN ${clock} || ':00' ELSE ${clock} END)`
  const epoch = `(CASE WHEN ${dialect.fullMatch(t, String.raw`\d+(?:\.\d+)?`)} THEN (CASE WHEN ${num(t)} < 1e11 THEN ${num(t)} * 1000 ELSE ${num(t)} END) WHEN ${dialect.fullMatch(t, iso)} THEN ${dialect.epochMs(naive)} - ${offsetMinutes} * 60000 END)`

  const prefixes = exclude.orderPrefixes.map((prefix) => `${dialect.substring('order_id', '1', String(prefix.length))} = ${literal(prefix)}`)
  const lines = `CREATE OR REPLACE TEMPORARY VIEW tailor_lines AS
SELECT *,
  CASE
    WHEN customer = '' THEN 'no customer'
    WHEN ts IS NULL THEN 'bad time'
    WHEN item_id = '' OR length(item_id) > 200 THEN 'no item'
    WHEN item_id IN (${list(exclude.items)}) THEN 'excluded item'
    WHEN order_id <> '' AND (${prefixes.length ? prefixes.join(' OR ') : 'FALSE'}) THEN 'cancelled order'
    WHEN quantity IS NULL OR NOT (abs(quantity) < 1e308) OR quantity <> floor(quantity) THEN 'bad quantity'
    WHEN quantity <= 0 THEN 'return'
    WHEN ${mapped.price ? 'price IS NULL OR NOT (price >= 0 AND price < 1e308)' : 'FALSE'} THEN 'bad price'
    WHEN NOT ${dialect.fullMatch('type', '[a-z][a-z0-9_]{0,63}')} THEN 'bad event type'
  END AS reason
FROM (
  SELECT line,
    coalesce(trim(customer), '') AS customer,
    ${epoch} AS ts,
    coalesce(trim(item), '') AS item_id,
    coalesce(trim(order_id), '') AS order_id,
    ${mapped.quantity ? num('trim(quantity)') : 'CAST(1 AS DOUBLE)'} AS quantity,
    ${mapped.price ? num('trim(price)') : 'CAST(NULL AS DOUBLE)'} AS price,
    nullif(${dialect.substring('trim(category)', '1', '200')}, '') AS category,
    nullif(${dialect.substring('trim(brand)', '1', '200')}, '') AS brand,
    ${mapped.event ? "coalesce(trim(event), '')" : "'purchase'"} AS type
  FROM (SELECT line, customer, trim(time) AS time, item, order_id, quantity, price, category, brand, event FROM tailor_raw) AS raw
) AS parsed`

  // Kept lines as event items: an order's lines (or, without an order id, a moment's) make one
  // event, as old as its earliest line, split into parts of at most 200 items.
  const items = `CREATE OR REPLACE TEMPORARY VIEW tailor_items AS
SELECT customer, type, order_id, moment, line, item_id, category, brand, price, quantity,
  min(ts) OVER (PARTITION BY customer, type, order_id, moment) AS ts,
  CAST(floor((row_number() OVER (PARTITION BY customer, type, order_id, moment ORDER BY line) - 1) / ${MAX_ITEMS}) AS INT) AS part
FROM (SELECT *, CASE WHEN order_id = '' THEN ts END AS moment FROM tailor_lines WHERE reason IS NULL) AS kept`

  const events = `CREATE OR REPLACE TEMPORARY VIEW tailor_events AS
SELECT customer, type, order_id, moment, part, min(ts) AS ts, sum(coalesce(price, 0) * quantity) AS value
FROM tailor_items GROUP BY customer, type, order_id, moment, part`

  const band = `CASE ${PRICE_BANDS.map((upper, i) => `WHEN price < ${upper} THEN '${i ? PRICE_BANDS[i - 1] : 0}-${upper}'`).join(' ')} ELSE '${PRICE_BANDS.at(-1)}+' END`
  const keys = `CREATE OR REPLACE TEMPORARY VIEW tailor_keys AS
SELECT customer, type, ts, quantity, 'item' AS dim, item_id AS key FROM tailor_items
UNION ALL SELECT customer, type, ts, quantity, 'category', category FROM tailor_items WHERE category IS NOT NULL
UNION ALL SELECT customer, type, ts, quantity, 'brand', brand FROM tailor_items WHERE brand IS NOT NULL
UNION ALL SELECT customer, type, ts, quantity, 'price_band', ${band} FROM tailor_items WHERE price IS NOT NULL`

  return [lines, items, events, keys]
}

/**
 * Compiles the features of `spec`, the targets, the priors and the labels at every cutoff, as the
 * engine computes them, over the views compileIngestSql defines: `tailor_targets` (index, key, the
 * item's category, buyers), `tailor_priors`, `tailor_labels`, and `tailor_rows`: per cutoff,
 * customer and target, `f0` … `fN` (the spec's features, in double precision), `label`, `own` (the
 * 60-day decayed purchases of the target), `recency_days`, `orders`, `monetary`, `first_line` (the
 * customer's first kept line, for ordering) and `replay`: true where the customer's profile at the
 * cutoff exceeds the engine's bounds, so its counters would be evicted in an order SQL cannot
 * follow; the runner takes those rows from the replay engine.
 */
export function compileFeatureSql(options: FeatureSqlOptions, dialect: Dialect): string[] {
  const { spec, dimension, cutoffs, horizonDays } = options
  const unsupported = spec.find((feature) => !COMPILED.has(feature.kind))
  if (unsupported) throw new CompileError(`feature "${unsupported.name}" (kind ${unsupported.kind}) has no SQL form; train with the replay engine (--engine replay)`)
  const scale = (x: string, transform: string | undefined) => (transform === 'log1p' ? dialect.log1p(x) : x)
  const cutoffRows = cutoffs.map((cutoff, c) => `(${c}, CAST(${cutoff} AS DOUBLE))`).join(', ')
  const cutoffView = `CREATE OR REPLACE TEMPORARY VIEW tailor_cutoffs AS SELECT * FROM (VALUES ${cutoffRows}) AS cutoffs(cutoff_index, cutoff)`
  // The targets: bought by the most customers before the date (ties by key); an item's category
  // is the one most of its purchase lines carry (ties by name), as selectTargets picks them.
  const key = dimension === 'item' ? 'item_id' : 'category'
  const before = `CAST(${options.before} AS DOUBLE)`
  const categories =
    dimension === 'item'
      ? `LEFT JOIN (
  SELECT item_id, category FROM (
    SELECT item_id, category, row_number() OVER (PARTITION BY item_id ORDER BY count(*) DESC, category) AS r
    FROM tailor_items WHERE type = 'purchase' AND ts < ${before} AND category IS NOT NULL GROUP BY item_id, category
  ) AS ranked WHERE r = 1
) AS c ON c.item_id = b.target_key`
      : ''
  const targetView = `CREATE OR REPLACE TEMPORARY VIEW tailor_targets AS
SELECT CAST(row_number() OVER (ORDER BY b.buyers DESC, b.target_key) - 1 AS INT) AS target_index, b.target_key, ${dimension === 'item' ? 'c.category' : 'b.target_key'} AS category_key, b.buyers
FROM (
  SELECT ${key} AS target_key, count(DISTINCT customer) AS buyers FROM tailor_items
  WHERE type = 'purchase' AND ts < ${before} AND ${key} IS NOT NULL
  GROUP BY ${key} ORDER BY buyers DESC, target_key LIMIT ${options.targets}
) AS b
${categories}`

  // Decayed values at each half-life, as the engine's counters hold them at the cutoff, for the
  // counters a feature reads only: each (event, dimension) of the spec and the target's own
  // purchases, on the targets' keys, their categories and the spec's own keys.
  const pairs = new Set([`purchase|${dimension}`])
  const literals = new Set<string>()
  for (const feature of spec) {
    if ('dimension' in feature && 'event' in feature) pairs.add(`${feature.event}|${feature.dimension}`)
    if (feature.kind === 'interest' || feature.kind === 'history') literals.add(`k.dim = ${literal(feature.dimension)} AND k.key = ${literal(feature.key)}`)
  }
  const keys = [
    `k.dim = ${literal(dimension)} AND k.key IN (SELECT target_key FROM tailor_targets)`,
    ...(dimension === 'item' ? ["k.dim = 'category' AND k.key IN (SELECT category_key FROM tailor_targets WHERE category_key IS NOT NULL)"] : []),
    ...literals,
  ]
  const read = [...pairs].map((pair) => {
    const [event, dim] = pair.split('|')
    return `(k.type = ${literal(event!)} AND k.dim = ${literal(dim!)})`
  })
  const decayed = HALF_LIVES_DAYS.map((days) => `sum(k.quantity * power(2, -(c.cutoff - k.ts) / ${days * DAY_MS}.0)) AS v${days}`).join(', ')
  const counters = `CREATE OR REPLACE TEMPORARY VIEW tailor_counters AS
SELECT c.cutoff_index, k.customer, k.type, k.dim, k.key, count(*) AS n, max(k.ts) AS t, ${decayed}
FROM tailor_keys AS k JOIN tailor_cutoffs AS c ON k.ts < c.cutoff
WHERE (${read.join(' OR ')}) AND (${keys.map((key) => `(${key})`).join(' OR ')})
GROUP BY c.cutoff_index, k.customer, k.type, k.dim, k.key`

  // Who is in each slice, their RFM and event counts, and whether the engine's bounds would bite:
  // a profile holds a counter per (event, dimension, key) seen, so count those first seen before the cutoff.
  const customers = `CREATE OR REPLACE TEMPORARY VIEW tailor_customers AS
SELECT c.cutoff_index, c.cutoff, e.customer,
  sum(CASE WHEN e.type = 'purchase' THEN 1 ELSE 0 END) AS orders,
  sum(CASE WHEN e.type = 'purchase' THEN greatest(0, e.value) ELSE 0 END) AS monetary,
  max(CASE WHEN e.type = 'purchase' THEN e.ts END) AS last_order,
  count(DISTINCT e.type) AS types
FROM tailor_events AS e JOIN tailor_cutoffs AS c ON e.ts < c.cutoff
GROUP BY c.cutoff_index, c.cutoff, e.customer`
  const bounds = `CREATE OR REPLACE TEMPORARY VIEW tailor_bounds AS
SELECT c.cutoff_index, f.customer, count(*) AS keys
FROM (SELECT customer, type, dim, key, min(ts) AS first_ts FROM tailor_keys GROUP BY customer, type, dim, key) AS f
JOIN tailor_cutoffs AS c ON f.first_ts < c.cutoff
GROUP BY c.cutoff_index, f.customer`
  const firstLines = `CREATE OR REPLACE TEMPORARY VIEW tailor_first AS
SELECT customer, min(line) AS first_line FROM tailor_items GROUP BY customer`

  const horizon = `${horizonDays * DAY_MS}.0`
  const targetKey = (dim: string) => (dim === dimension ? 't.target_key' : dim === 'category' && dimension === 'item' ? 't.category_key' : undefined)
  const priors = `CREATE OR REPLACE TEMPORARY VIEW tailor_priors AS
SELECT p.cutoff_index, t.target_index,
  CAST(count(DISTINCT CASE WHEN i.item_key = t.target_key THEN i.customer END) AS DOUBLE) / max(p.population) AS prior
FROM (SELECT cutoff_index, cutoff, count(*) AS population FROM tailor_customers GROUP BY cutoff_index, cutoff) AS p
CROSS JOIN tailor_targets AS t
LEFT JOIN (SELECT customer, ts, ${dimension === 'item' ? 'item_id' : 'category'} AS item_key FROM tailor_items WHERE type = 'purchase') AS i
  ON i.ts >= p.cutoff - ${horizon} AND i.ts < p.cutoff AND i.item_key = t.target_key
GROUP BY p.cutoff_index, t.target_index`

  // Purchases of each key in the horizon after each cutoff.
  const labels = `CREATE OR REPLACE TEMPORARY VIEW tailor_labels AS
SELECT c.cutoff_index, i.customer, i.${dimension === 'item' ? 'item_id' : 'category'} AS key, 1 AS label
FROM tailor_items AS i JOIN tailor_cutoffs AS c ON i.ts >= c.cutoff AND i.ts < c.cutoff + ${horizon}
WHERE i.type = 'purchase'
GROUP BY c.cutoff_index, i.customer, i.${dimension === 'item' ? 'item_id' : 'category'}`

  // One join per (event, dimension, key) a feature reads.
  const joins = new Map<string, { alias: string; match: string }>()
  const counter = (event: string, dim: string, key: string) => {
    const id = `${event}|${dim}|${key}`
    let join = joins.get(id)
    if (!join) {
      const alias = `k${joins.size}`
      join = { alias, match: `AND ${alias}.type = ${literal(event)} AND ${alias}.dim = ${literal(dim)} AND ${alias}.key = ${key}` }
      joins.set(id, join)
    }
    return join.alias
  }
  const totals = new Map<string, string>()
  const total = (event: string, dim: string) => {
    const id = `${event}|${dim}`
    if (!totals.has(id)) totals.set(id, `s${totals.size}`)
    return totals.get(id)!
  }
  const never = (feature: { measure: 'count' | 'days_since' }) => (feature.measure === 'count' ? '0' : String(MAX_DAYS))
  const history = (alias: string, feature: { measure: 'count' | 'days_since'; transform?: string | undefined }) =>
    scale(feature.measure === 'count' ? `coalesce(${alias}.n, 0)` : `(CASE WHEN ${alias}.t IS NULL THEN ${MAX_DAYS} ELSE least(greatest(0, u.cutoff - ${alias}.t) / ${DAY_MS}.0, ${MAX_DAYS}) END)`, feature.transform)
  const interest = (alias: string | undefined, feature: { event: string; dimension: string; halfLifeDays: number; transform?: string | undefined }) => {
    if (!alias) return '0'
    const value = `coalesce(${alias}.v${feature.halfLifeDays}, 0)`
    if (feature.transform !== 'share') return scale(value, feature.transform)
    return `(CASE WHEN ${value} = 0 THEN 0 ELSE ${value} / ${total(feature.event, feature.dimension)}.v${feature.halfLifeDays} END)`
  }
  const counts = new Map<string, string>()
  const columns = spec.map((feature): string => {
    switch (feature.kind) {
      case 'rfm':
        return scale(feature.measure === 'orders' ? 'u.orders' : feature.measure === 'monetary' ? 'u.monetary' : `least(coalesce(greatest(0, u.cutoff - u.last_order) / ${DAY_MS}.0, ${MAX_DAYS}), ${MAX_DAYS})`, feature.transform)
      case 'count': {
        if (!counts.has(feature.event)) counts.set(feature.event, `e${counts.size}`)
        return scale(`coalesce(${counts.get(feature.event)}.n, 0)`, feature.transform)
      }
      case 'interest':
        return interest(counter(feature.event, feature.dimension, literal(feature.key)), feature)
      case 'history':
        return history(counter(feature.event, feature.dimension, literal(feature.key)), feature)
      case 'candidate': {
        const key = targetKey(feature.dimension)
        return interest(key && counter(feature.event, feature.dimension, key), feature)
      }
      case 'candidate_history': {
        const key = targetKey(feature.dimension)
        return key ? history(counter(feature.event, feature.dimension, key), feature) : scale(never(feature), feature.transform)
      }
      case 'candidate_prior':
        return 'pr.prior'
      default:
        throw new CompileError(`feature "${feature.name}" has no SQL form`)
    }
  })
  const own = counter('purchase', dimension, 't.target_key')
  const on = (alias: string, match = '') => `ON ${alias}.cutoff_index = u.cutoff_index AND ${alias}.customer = u.customer ${match}`
  const rows = `CREATE OR REPLACE TEMPORARY VIEW tailor_rows AS
SELECT u.cutoff_index, u.cutoff, u.customer, f.first_line, t.target_index,
  ${columns.map((column, j) => `${column} AS f${j}`).join(',\n  ')},
  coalesce(${own}.v60, 0) AS own,
  coalesce(greatest(0, u.cutoff - u.last_order) / ${DAY_MS}.0, ${MAX_DAYS}) AS recency_days, u.orders, u.monetary,
  (b.keys > ${PROFILE_LIMITS.maxCounters} OR u.types > ${PROFILE_LIMITS.maxEventTypes}) AS replay,
  coalesce(lb.label, 0) AS label
FROM tailor_customers AS u
CROSS JOIN tailor_targets AS t
JOIN tailor_first AS f ON f.customer = u.customer
JOIN tailor_bounds AS b ON b.cutoff_index = u.cutoff_index AND b.customer = u.customer
JOIN tailor_priors AS pr ON pr.cutoff_index = u.cutoff_index AND pr.target_index = t.target_index
LEFT JOIN tailor_labels AS lb ${on('lb', 'AND lb.key = t.target_key')}
${[...joins.values()].map(({ alias, match }) => `LEFT JOIN tailor_counters AS ${alias} ${on(alias, match)}`).join('\n')}
${[...totals].map(([id, alias]) => {
  const [event, dim] = id.split('|')
  return `LEFT JOIN (SELECT c.cutoff_index, k.customer, ${decayed} FROM tailor_keys AS k JOIN tailor_cutoffs AS c ON k.ts < c.cutoff WHERE k.type = ${literal(event!)} AND k.dim = ${literal(dim!)} GROUP BY c.cutoff_index, k.customer) AS ${alias} ${on(alias)}`
}).join('\n')}
${[...counts].map(([event, alias]) => `LEFT JOIN (SELECT c.cutoff_index, e.customer, count(*) AS n FROM tailor_events AS e JOIN tailor_cutoffs AS c ON e.ts < c.cutoff WHERE e.type = ${literal(event)} GROUP BY c.cutoff_index, e.customer) AS ${alias} ${on(alias)}`).join('\n')}`

  return [cutoffView, targetView, counters, customers, bounds, firstLines, priors, labels, rows]
}

/**
 * What a run reads back, as four small views and the rows: `tailor_out_summary` (one row: lines,
 * accepted, first and last kept time, events, split orders, customers), `tailor_out_skipped`
 * (reason, count), `tailor_out_skipped_lines` (the first 10 lines of each reason),
 * `tailor_out_targets` (with the prior at the end of the data, which the exported model uses),
 * `tailor_out_priors`, `tailor_out_sizes` (customers per cutoff), `tailor_out_rows` and
 * `tailor_out_replay_items` (the items of the customers flagged `replay`). The Spark job writes
 * each as CSV.
 */
export function compileOutputSql(horizonDays: number, dimension: TargetDimension): string[] {
  const key = dimension === 'item' ? 'item_id' : 'category'
  const horizon = `${horizonDays * DAY_MS}.0`
  return [
    `CREATE OR REPLACE TEMPORARY VIEW tailor_out_summary AS
SELECT l.lines, l.accepted, l.first_ts, l.last_ts, o.events, o.split_orders, o.customers
FROM (SELECT count(*) AS lines, sum(CASE WHEN reason IS NULL THEN 1 ELSE 0 END) AS accepted,
  min(CASE WHEN reason IS NULL THEN ts END) AS first_ts, max(CASE WHEN reason IS NULL THEN ts END) AS last_ts FROM tailor_lines) AS l
CROSS JOIN (SELECT count(*) AS events, sum(CASE WHEN parts > 1 THEN 1 ELSE 0 END) AS split_orders, count(DISTINCT customer) AS customers
  FROM (SELECT customer, type, order_id, moment, max(part) + 1 AS parts FROM tailor_items GROUP BY customer, type, order_id, moment) AS orders) AS o`,
    `CREATE OR REPLACE TEMPORARY VIEW tailor_out_skipped AS
SELECT reason, count(*) AS lines FROM tailor_lines WHERE reason IS NOT NULL GROUP BY reason`,
    `CREATE OR REPLACE TEMPORARY VIEW tailor_out_skipped_lines AS
SELECT reason, line FROM (SELECT reason, line, row_number() OVER (PARTITION BY reason ORDER BY line) AS r FROM tailor_lines WHERE reason IS NOT NULL) AS ranked WHERE r <= 10`,
    // The priors production scores with: as of the end of the data, over every customer.
    `CREATE OR REPLACE TEMPORARY VIEW tailor_out_targets AS
SELECT t.target_index, t.target_key, t.category_key, t.buyers,
  CAST(count(DISTINCT i.customer) AS DOUBLE) / max(e.customers) AS prior_at_end
FROM tailor_targets AS t
CROSS JOIN (SELECT max(ts) + 1 AS end_ts, count(DISTINCT customer) AS customers FROM tailor_lines WHERE reason IS NULL) AS e
LEFT JOIN tailor_items AS i ON i.${key} = t.target_key AND i.type = 'purchase' AND i.ts >= e.end_ts - ${horizon} AND i.ts < e.end_ts
GROUP BY t.target_index, t.target_key, t.category_key, t.buyers`,
    'CREATE OR REPLACE TEMPORARY VIEW tailor_out_priors AS SELECT cutoff_index, target_index, prior FROM tailor_priors',
    'CREATE OR REPLACE TEMPORARY VIEW tailor_out_sizes AS SELECT cutoff_index, count(*) AS customers FROM tailor_customers GROUP BY cutoff_index',
    'CREATE OR REPLACE TEMPORARY VIEW tailor_out_rows AS SELECT * FROM tailor_rows',
    // The events of the customers past the engine's bounds, which the replay recomputes.
    `CREATE OR REPLACE TEMPORARY VIEW tailor_out_replay_items AS
SELECT customer, type, order_id, moment, part, ts, line, item_id, category, brand, price, quantity
FROM tailor_items WHERE customer IN (SELECT customer FROM tailor_rows WHERE replay)`,
  ]
}
