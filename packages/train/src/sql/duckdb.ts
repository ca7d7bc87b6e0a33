import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig, type ResolvedConfig, type TrainConfig } from '../config'
import { preparedNote } from '../checks'
import { formatOf, mappingError } from '../ingest'
import { readCsv } from '../read'
import { silent, stopwatch, type Progress } from '../progress'
import { ITEM_EVENTS, pooledSpec } from '../spec'
import type { Prepared } from '../train'
import { assemble, ROW_HEAD, ROW_TAIL, type ItemRow, type RowChunk, type SqlOutputs } from './assemble'
import { compileFeatureSql, compileIngestSql, compileOutputSql, featureSqlOptions } from './compile'
import { duckdb, spark, SPARK_ON_DUCKDB } from './dialect'

type DuckDB = typeof import('@duckdb/node-api')
type DuckDBConnection = import('@duckdb/node-api').DuckDBConnection

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
  memoryLimit?: string | undefined
  /** DuckDB's threads. Default: one per core. */
  threads?: number | undefined
  /**
   * Which dialect's SQL to run. `spark` runs the Spark SQL text, with SPARK_ON_DUCKDB's macros
   * standing in for the Spark functions DuckDB lacks: how the tests check the Spark job.
   */
  dialect?: 'duckdb' | 'spark'
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/**
 * `prepare` on DuckDB: ingest's rules, the targets, the features, priors and labels at every
 * cutoff are computed by the SQL compileIngestSql and compileFeatureSql write, where the data
 * lies, rather than by replaying every customer in Node. The rows of customers whose profile
 * would exceed the engine's bounds are taken from the replay, so every row is the browser's.
 */
export async function prepareDuckdb(input: TrainConfig, progress: Progress = silent, options: DuckdbOptions = {}): Promise<Prepared> {
  const config = parseConfig(input)
  const { columns, exclude } = config.input
  const { DuckDBInstance } = await loadDuckdb()
  const settings: Record<string, string> = {}
  if (options.memoryLimit) settings['memory_limit'] = options.memoryLimit
  if (options.threads) settings['threads'] = String(options.threads)
  // A database file in a scratch directory, not memory: tables then live on disk under the buffer
  // manager, and sorts and aggregations spill beside it, so memory stays within memoryLimit.
  const scratch = await mkdtemp(join(tmpdir(), 'tailor-duckdb-'))
  const instance = await DuckDBInstance.create(join(scratch, 'work.duckdb'), { ...settings, temp_directory: join(scratch, 'spill') })
  const connection = await instance.connect()
  const dialect = options.dialect === 'spark' ? spark : duckdb
  if (dialect === spark) for (const macro of SPARK_ON_DUCKDB) await connection.run(macro)
  const { timings, lap } = stopwatch()
  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS()
  // The compiled SQL is views (Spark runs it as is); DuckDB would recompute a view at every use,
  // so the ones read several times are computed once into tables of the same name.
  const materialize = async (view: string) => {
    await connection.run(`CREATE OR REPLACE TABLE ${view}_t AS SELECT * FROM ${view}`)
    await connection.run(`CREATE OR REPLACE TEMPORARY VIEW ${view} AS SELECT * FROM ${view}_t`)
  }
  try {
    const reading = progress('read (duckdb)')
    await createRawView(connection, config)
    // Views are evaluated where used: the input is read once into a table, parsed and checked.
    const ingestSql = compileIngestSql({ exclude, columns }, dialect)
    for (const statement of ingestSql) await connection.run(statement)
    await materialize('tailor_lines')
    await materialize('tailor_items')
    // Line numbers are taken: from here on, every order that matters is an explicit ORDER BY.
    await connection.run('SET preserve_insertion_order = false')

    const seen = new Set((await rows('SELECT DISTINCT type FROM tailor_items')).map((row) => String(row['type'])))
    const spec = pooledSpec(config.targets.dimension, ITEM_EVENTS.filter((event) => seen.has(event)))
    lap('ingest')
    reading.done()

    const computing = progress('features (duckdb)')
    const featureSql = compileFeatureSql(featureSqlOptions(config, spec), dialect)
    for (const statement of [...featureSql, ...compileOutputSql(config.horizonDays, config.targets.dimension)]) await connection.run(statement)
    for (const view of ['tailor_targets', 'tailor_counters', 'tailor_events', 'tailor_customers', 'tailor_priors', 'tailor_bounds', 'tailor_labels', 'tailor_first']) await materialize(view)
    const features = spec.map((_, j) => `f${j}`)
    // Streamed last: another query on the connection would end the stream.
    const chunks = async function* (): AsyncGenerator<RowChunk> {
      const result = await connection.stream(`SELECT ${[...ROW_HEAD, ...features, ...ROW_TAIL].join(', ')} FROM tailor_out_rows ORDER BY cutoff_index, first_line, target_index`)
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) yield { count: chunk.rowCount, columns: chunk.getColumns() }
    }
    const assembled = await assemble(
      config,
      spec,
      {
        summary: (await rows('SELECT * FROM tailor_out_summary'))[0] as unknown as SqlOutputs['summary'],
        skipped: (await rows('SELECT * FROM tailor_out_skipped')) as unknown as SqlOutputs['skipped'],
        skippedLines: (await rows('SELECT * FROM tailor_out_skipped_lines')) as unknown as SqlOutputs['skippedLines'],
        targets: (await rows('SELECT * FROM tailor_out_targets')) as unknown as SqlOutputs['targets'],
        priors: (await rows('SELECT * FROM tailor_out_priors')) as unknown as SqlOutputs['priors'],
        sizes: (await rows('SELECT * FROM tailor_out_sizes')) as unknown as SqlOutputs['sizes'],
        rows: chunks(),
        replayItems: async () => (await rows('SELECT * FROM tailor_out_replay_items')) as unknown as ItemRow[],
        ...(formatOf(config.input) === 'csv' && { unreadable: (await rows('SELECT line FROM tailor_unreadable ORDER BY line')).map((row) => Number(row['line'])) }),
      },
    )
    lap('replay')
    const { replayed, ...prepared } = assembled
    computing.done(preparedNote(prepared.report, prepared.trainSlices, prepared.test, replayed))
    return { ...prepared, timings }
  } finally {
    connection.closeSync()
    instance.closeSync()
    await rm(scratch, { recursive: true, force: true })
  }
}

/**
 * Defines `tailor_raw`, the view the compiled SQL reads: the input's mapped columns as text under
 * the names the SQL expects, with each line's number (a CSV's header is line 1). Refuses, naming
 * the fix, a mapping that names a column the file lacks. A CSV is read in ingest's dialect (comma,
 * double quotes, the header ingest reads), stated rather than sniffed; a record DuckDB cannot read
 * is set aside in `tailor_unreadable` (its line), as ingest counts it, and the lines after it keep
 * their numbers.
 */
export async function createRawView(connection: DuckDBConnection, config: ResolvedConfig): Promise<void> {
  const { file, columns } = config.input
  const format = formatOf(config.input)
  const available = format === 'csv' ? await csvHeader(file) : (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_json(${literal(file)}, format = 'newline_delimited')`)).getRowObjectsJS().map((row) => String(row['column_name']))
  const mapped = Object.entries(columns).filter((entry): entry is [string, string] => entry[1] !== undefined)
  const missing = mapped.filter(([role, column]) => !available.includes(column) && (format === 'csv' || ['customer', 'time', 'item'].includes(role)))
  if (missing.length) throw mappingError(file, missing, available)
  const column = (role: keyof typeof columns, as: string) => {
    const name = columns[role]
    return name !== undefined && available.includes(name) ? `CAST(${quoteId(name)} AS VARCHAR) AS ${as}` : `CAST(NULL AS VARCHAR) AS ${as}`
  }
  const selected = [
    column('customer', 'customer'),
    column('time', 'time'),
    column('item', 'item'),
    column('order', 'order_id'),
    column('quantity', 'quantity'),
    column('price', 'price'),
    column('category', 'category'),
    column('brand', 'brand'),
    column('event', 'event'),
  ].join(', ')
  if (format === 'jsonl') {
    await connection.run(`CREATE OR REPLACE TEMPORARY VIEW tailor_raw AS
SELECT CAST(row_number() OVER () AS BIGINT) AS line, ${selected} FROM read_json(${literal(file)}, format = 'newline_delimited')`)
    return
  }
  const types = `{${available.map((name) => `${literal(name)}: 'VARCHAR'`).join(', ')}}`
  // Read once into a table: the rejected records are known only once the scan is over.
  await connection.run(`CREATE OR REPLACE TABLE tailor_input AS
SELECT CAST(row_number() OVER () AS BIGINT) AS record, ${selected}
FROM read_csv(${literal(file)}, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', columns = ${types},
  store_rejects = true, rejects_table = 'tailor_rejects', rejects_scan = 'tailor_reject_scans')`)
  await connection.run('CREATE OR REPLACE TEMPORARY VIEW tailor_unreadable AS SELECT DISTINCT CAST(line AS BIGINT) AS line FROM tailor_rejects')
  // The k-th record read lies after the i-th unreadable line (line r) when k > r - i - 1.
  await connection.run(`CREATE OR REPLACE TEMPORARY VIEW tailor_raw AS
SELECT i.record + 1 + coalesce(u.before, 0) AS line, i.* EXCLUDE (record)
FROM tailor_input AS i
LEFT JOIN (
  SELECT i2.record, count(*) AS before
  FROM tailor_input AS i2
  JOIN (SELECT line - row_number() OVER (ORDER BY line) - 1 AS after FROM tailor_unreadable) AS r ON i2.record > r.after
  GROUP BY i2.record
) AS u ON u.record = i.record`)
}

/** The header of a CSV file, as ingest reads it. */
async function csvHeader(file: string): Promise<string[]> {
  let header: string[] = []
  for await (const _ of readCsv(file, (columns) => (header = columns))) break
  return header
}
