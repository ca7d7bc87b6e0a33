import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { FeatureSpec } from '@tailorjs/core/engine'
import { preparedNote } from '../checks'
import { ConfigError, parseConfig, timeline, type ResolvedConfig, type TrainConfig } from '../config'
import { formatOf } from '../ingest'
import { readCsv } from '../read'
import { ITEM_EVENTS, pooledSpec, type ItemEvent } from '../spec'
import { silent, type Progress } from '../progress'
import type { Prepared } from '../train'
import { assemble, ROW_HEAD, ROW_TAIL, type ItemRow, type RowChunk, type SqlOutputs } from './assemble'
import { compileFeatureSql, compileIngestSql, compileOutputSql, featureSqlOptions } from './compile'
import { spark } from './dialect'

/** The views the job writes, one CSV directory each, and the order `rows` must keep. */
const OUTPUTS = ['summary', 'skipped', 'skipped_lines', 'targets', 'priors', 'sizes', 'rows', 'replay_items'] as const

/** What the job's rows depend on besides the data: a reader of its outputs checks it against its own configuration. */
export function jobProtocol(config: ResolvedConfig, spec: FeatureSpec) {
  const { columns, exclude } = config.input
  return {
    spec,
    columns,
    exclude,
    dimension: config.targets.dimension,
    targets: config.targets.count,
    before: config.targets.before ?? null,
    cutoffs: timeline(config).cutoffs,
    horizonDays: config.horizonDays,
  }
}

/** The statements of the Spark SQL job, in order. */
export function sparkStatements(config: ResolvedConfig, spec: FeatureSpec): string[] {
  const { columns, exclude } = config.input
  return [
    ...compileIngestSql({ exclude, columns }, spark),
    ...compileFeatureSql(featureSqlOptions(config, spec), spark),
    ...compileOutputSql(config.horizonDays, config.targets.dimension),
  ]
}

/**
 * The files of a Spark job that prepares the history where it lies: `tailor_job.py` (a PySpark
 * job that maps the input's columns, runs the compiled statements and writes every output view as
 * CSV, with what it was compiled from), `tailor.sql` (the same statements, to read) and `spec.json`. `events` are the product events the model
 * learns from (the job cannot look at the data first); default: purchases.
 */
export function sparkJob(input: TrainConfig, events: readonly ItemEvent[] = ['purchase']): Record<'tailor.sql' | 'tailor_job.py' | 'spec.json', string> {
  const config = parseConfig(input)
  const spec = pooledSpec(config.targets.dimension, ITEM_EVENTS.filter((event) => events.includes(event)))
  const { columns } = config.input
  const format = formatOf(config.input)
  const mapping = Object.fromEntries(
    (['customer', 'time', 'item', 'order', 'quantity', 'price', 'category', 'brand', 'event'] as const).map((role) => [role === 'order' ? 'order_id' : role, columns[role] ?? null]),
  )
  const statements = sparkStatements(config, spec)
  const python = `"""Prepares order history for @tailorjs/train on Spark (3.4 or later), where the data lies.

    spark-submit tailor_job.py INPUT OUTPUT_DIR

INPUT is the ${format === 'csv' ? 'CSV (with a header row)' : 'JSON Lines'} export the configuration maps; INPUT and OUTPUT_DIR may be
any path Spark reads and writes (HDFS, S3...). OUTPUT_DIR receives one CSV directory per output
view; train from it with
    tailor-train run --config CONFIG --sql-output OUTPUT_DIR
Written by tailor-train sql. The statements below are tailor.sql's, which sits beside this file.
"""
import json
import sys

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

MAPPING = json.loads(${JSON.stringify(JSON.stringify(mapping))})
JOB = ${JSON.stringify(JSON.stringify(jobProtocol(config, spec)))}
STATEMENTS = json.loads(${JSON.stringify(JSON.stringify(statements))})
OUTPUTS = ${JSON.stringify(OUTPUTS)}

source, out = sys.argv[1], sys.argv[2].rstrip("/")
spark = (
    SparkSession.builder.appName("tailor-features")
    # The SQL reads times as UTC, and its regular expressions are written unescaped, as DuckDB reads them.
    .config("spark.sql.session.timeZone", "UTC")
    .config("spark.sql.parser.escapedStringLiterals", "true")
    .getOrCreate()
)
raw = ${format === 'csv' ? 'spark.read.option("header", True).option("mode", "PERMISSIVE").csv(source)' : 'spark.read.json(source)'}
# "line" orders the lines as the input does (a monotonically increasing id, not the line number).
# Persisted, so every output below sees the same ids.
raw = raw.select(
    F.monotonically_increasing_id().alias("line"),
    *[(F.col(f"\`{column}\`") if column else F.lit(None)).cast("string").alias(name) for name, column in MAPPING.items()],
).persist(StorageLevel.MEMORY_AND_DISK)
raw.createOrReplaceTempView("tailor_raw")
for statement in STATEMENTS:
    spark.sql(statement)
# CSV as tailor-train reads it (RFC 4180): a quote inside a field is doubled, not backslashed.
spark.createDataFrame([(JOB,)], "job string").coalesce(1).write.mode("overwrite").option("header", True).option("escape", '"').csv(f"{out}/job")
for name in OUTPUTS:
    table = spark.table(f"tailor_out_{name}")
    # The rows stay in many files, sorted across them in file-name order; the rest is small.
    table = table.orderBy("cutoff_index", "first_line", "target_index") if name == "rows" else table.coalesce(1)
    table.write.mode("overwrite").option("header", True).option("escape", '"').csv(f"{out}/{name}")
`
  return { 'tailor.sql': `${statements.join(';\n\n')};\n`, 'tailor_job.py': python, 'spec.json': `${JSON.stringify(spec, null, 2)}\n` }
}

/** The CSV files of one output: `DIR/NAME.csv`, or the part files of the directory `DIR/NAME/` Spark writes. */
async function files(dir: string, name: string): Promise<string[]> {
  const path = join(dir, name)
  const info = await stat(path).catch(() => undefined)
  if (info?.isDirectory()) return (await readdir(path)).filter((file) => file.endsWith('.csv')).sort().map((file) => join(path, file))
  if (await stat(`${path}.csv`).catch(() => undefined)) return [`${path}.csv`]
  throw new ConfigError(`${dir}: no ${name}.csv and no ${name}/ directory; give --sql-output the OUTPUT_DIR tailor_job.py wrote`)
}

async function records(dir: string, name: string): Promise<Array<{ [column: string]: unknown }>> {
  const out: Array<{ [column: string]: unknown }> = []
  for (const file of await files(dir, name)) for await (const record of readCsv(file)) if (record.value) out.push(record.value)
  return out
}

/** Numbers and nulls (an empty CSV field) as the compiled SQL produced them. */
const value = (text: unknown) => (text === '' ? null : text)

/**
 * `prepare` from the outputs a Spark job (or any run of tailor.sql) wrote into `dir`: the same
 * rows the replay would have computed, which then train and export as usual.
 */
export async function prepareFromSqlOutput(input: TrainConfig, dir: string, progress: Progress = silent): Promise<Prepared> {
  const config = parseConfig(input)
  const start = performance.now()
  const reading = progress('read (sql output)')
  // The rows are only this configuration's if the job was compiled from it.
  const job = JSON.parse(String((await records(dir, 'job'))[0]?.['job'] ?? 'null')) as ReturnType<typeof jobProtocol> | null
  if (!job) throw new ConfigError(`${dir}: the job output is empty; run tailor_job.py again`)
  const { spec } = job
  const expected = jobProtocol(config, spec)
  const differing = (Object.keys(expected) as Array<keyof typeof expected>).filter((key) => !isDeepStrictEqual(expected[key], job[key]))
  if (differing.length) {
    throw new ConfigError(`${dir} was computed with another ${differing.join(', ')} than this configuration's: write the job again with tailor-train sql and this configuration, or train with the configuration the job was written with`)
  }
  const single = async <T>(name: string) => (await records(dir, name)).map((row) => Object.fromEntries(Object.entries(row).map(([key, text]) => [key, value(text)]))) as T
  const order = [...ROW_HEAD, ...spec.map((_, j) => `f${j}`), ...ROW_TAIL]
  async function* rows(): AsyncGenerator<RowChunk> {
    let columns: unknown[][] = order.map(() => [])
    let count = 0
    for (const file of await files(dir, 'rows')) {
      for await (const record of readCsv(file)) {
        if (!record.value) throw new Error(`${file}:${record.line}: ${record.error}`)
        order.forEach((name, k) => columns[k]!.push(record.value![name]))
        if (++count === 4096) {
          yield { count, columns }
          columns = order.map(() => [])
          count = 0
        }
      }
    }
    if (count) yield { count, columns }
  }
  const outputs: SqlOutputs = {
    summary: (await single<SqlOutputs['summary'][]>('summary'))[0]!,
    skipped: await single('skipped'),
    skippedLines: await single('skipped_lines'),
    targets: await single('targets'),
    priors: await single('priors'),
    sizes: await single('sizes'),
    rows: rows(),
    replayItems: () => single<ItemRow[]>('replay_items'),
  }
  const assembled = await assemble(config, spec, outputs)
  const { replayed, ...prepared } = assembled
  reading.done(preparedNote(prepared.report, prepared.trainSlices, prepared.test, replayed))
  return { ...prepared, timings: { read: Math.round(performance.now() - start) } }
}
