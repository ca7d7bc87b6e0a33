import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, type TrainConfig } from './config'
import { MappingError } from './ingest'
import { terminalProgress } from './progress'
import { writeFeatureTable } from './table'
import { ITEM_EVENTS, type ItemEvent } from './spec'
import { sparkJob } from './sql/spark'
import { prepareWith, train } from './train'
import { writeRun } from './write'
import { wrapXgboost } from './xgboost'

const USAGE = `Usage:
  tailor-train run       [--config FILE] [mapping and protocol flags] [--out DIR]
      Trains a propensity model, evaluates it against baselines, and writes
      DIR/manifest.json (load it with Tailor), DIR/report.html and DIR/summary.json.
  tailor-train features  [--config FILE] [mapping and protocol flags] --out TABLE.csv
      Writes the training table (same features, same labels) as CSV, and the
      feature spec beside it (TABLE.features.json), to train a model elsewhere.
  tailor-train wrap-xgboost --model MODEL.json --features SPEC.json --out MANIFEST.json [--id ID] [--version V]
      Wraps an XGBoost JSON model trained on that table into a Tailor manifest.
  tailor-train sql       [--config FILE] [mapping and protocol flags] --out DIR [--events purchase,view_item,add_to_cart]
      (also: tailor-train run --emit-sql spark --out DIR ...)
      Writes a Spark job (tailor.sql, tailor_job.py, spec.json) that prepares the history where it
      lies; then run or features with --sql-output on what the job wrote.

Mapping flags (override the config file's input):
  --input FILE           CSV or JSONL, optionally gzipped (.csv.gz, .jsonl.gz)
  --customer COL --time COL --item COL   required columns
  --order COL --quantity COL --price COL --category COL --brand COL --event COL
  --exclude-order-prefix P   (repeatable) skip orders whose id starts with P
  --exclude-item ID          (repeatable) skip a non-product item code
Protocol flags:
  --train-cutoff DATE (repeatable)  --test-cutoff DATE  --horizon-days N
  --targets N  --target-dimension item|category
  --id MODEL_ID  --version V   the manifest's id and version (default: propensity, the run's time)
Engine flags (run, features):
  --engine replay|duckdb     replay (default) or DuckDB, for data too big for one Node process;
                             both give the same rows (duckdb needs @duckdb/node-api)
  --memory-limit SIZE        DuckDB's memory limit, e.g. 2GB (it spills to disk past it)
  --threads N                DuckDB's threads
  --sql-output DIR           read the rows a Spark job (tailor-train sql) wrote, not the input
Model flags:
  --model-type logistic|mlp  (mlp: a small TF.js network; needs @tensorflow/tfjs)
  --hidden N                 hidden units of the mlp (default 8)
  -h, --help                 this text
`

const options = {
  config: { type: 'string' },
  out: { type: 'string' },
  input: { type: 'string' },
  customer: { type: 'string' },
  time: { type: 'string' },
  item: { type: 'string' },
  order: { type: 'string' },
  quantity: { type: 'string' },
  price: { type: 'string' },
  category: { type: 'string' },
  brand: { type: 'string' },
  event: { type: 'string' },
  'exclude-order-prefix': { type: 'string', multiple: true },
  'exclude-item': { type: 'string', multiple: true },
  'train-cutoff': { type: 'string', multiple: true },
  'test-cutoff': { type: 'string' },
  'horizon-days': { type: 'string' },
  targets: { type: 'string' },
  'target-dimension': { type: 'string' },
  id: { type: 'string' },
  'model-type': { type: 'string' },
  hidden: { type: 'string' },
  version: { type: 'string' },
  model: { type: 'string' },
  features: { type: 'string' },
  engine: { type: 'string' },
  'memory-limit': { type: 'string' },
  threads: { type: 'string' },
  'sql-output': { type: 'string' },
  'emit-sql': { type: 'string' },
  events: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values']

class UsageError extends Error {}

const readJson = async (path: string): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`)
  }
}

/** The training configuration: the config file (its paths relative to it), then the flags over it. */
async function configOf(flags: Flags): Promise<TrainConfig> {
  const config: Record<string, any> = flags.config ? ((await readJson(flags.config)) as Record<string, any>) : {}
  if (typeof config !== 'object' || !config || Array.isArray(config)) throw new UsageError(`${flags.config}: expected a JSON object`)
  const base = flags.config ? dirname(resolve(flags.config)) : process.cwd()
  const input = (config.input ??= {})
  const columns = (input.columns ??= {})
  // Relative to the working directory, so reports name the file as the user would.
  if (typeof input.file === 'string') input.file = relative(process.cwd(), resolve(base, input.file))
  if (flags.input) input.file = flags.input
  for (const role of ['customer', 'time', 'item', 'order', 'quantity', 'price', 'category', 'brand', 'event'] as const) {
    if (flags[role] !== undefined) columns[role] = flags[role]
  }
  if (flags['exclude-order-prefix'] || flags['exclude-item']) {
    input.exclude = { ...input.exclude, ...(flags['exclude-order-prefix'] && { orderPrefixes: flags['exclude-order-prefix'] }), ...(flags['exclude-item'] && { items: flags['exclude-item'] }) }
  }
  if (flags['train-cutoff']) config.train = { cutoffs: flags['train-cutoff'] }
  if (flags['test-cutoff']) config.test = { cutoff: flags['test-cutoff'] }
  if (flags['horizon-days']) config.horizonDays = Number(flags['horizon-days'])
  if (flags.targets || flags['target-dimension']) {
    config.targets = { ...config.targets, ...(flags.targets && { count: Number(flags.targets) }), ...(flags['target-dimension'] && { dimension: flags['target-dimension'] }) }
  }
  if (flags.engine && flags['sql-output']) throw new UsageError('--sql-output reads rows a Spark job already prepared: it takes no --engine')
  if (flags.engine) config.engine = flags.engine
  if (flags['memory-limit'] || flags.threads) {
    config.duckdb = { ...config.duckdb, ...(flags['memory-limit'] && { memoryLimit: flags['memory-limit'] }), ...(flags.threads && { threads: Number(flags.threads) }) }
  }
  if (flags['model-type'] || flags.hidden) {
    config.model = { ...config.model, ...(flags['model-type'] && { type: flags['model-type'] }), ...(flags.hidden && { hidden: Number(flags.hidden) }) }
  }
  const output = (config.output ??= {})
  if (typeof output.dir === 'string') output.dir = resolve(base, output.dir)
  if (flags.out) output.dir = resolve(flags.out)
  if (flags.id) output.id = flags.id
  if (flags.version) output.version = flags.version
  // parseConfig validates it all, and names each problem by its path.
  return config as TrainConfig
}

const pad = (text: string, width: number) => text.padEnd(width)

async function main(argv: string[]): Promise<void> {
  const { values: flags, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  const [command] = positionals
  if (flags.help || !command) {
    process.stdout.write(USAGE)
    return
  }
  const progress = terminalProgress()
  if (command === 'run' && !flags['emit-sql']) {
    const config = await configOf(flags)
    const result = await train(config, { progress, sqlOutput: flags['sql-output'] })
    const files = await writeRun(result, result.config.output.dir)
    const rows = result.summary.evaluations.map((e) => `${pad(e.name, 26)}${pad(e.meanAuc.toFixed(3), 10)}${pad(e.meanTopDecileLift.toFixed(2), 17)}${e.precisionAt5.toFixed(3)}`)
    process.stdout.write(`${pad('model', 26)}${pad('mean AUC', 10)}${pad('top-decile lift', 17)}precision@5\n${rows.join('\n')}\n\nmanifest: ${files.manifest}\nreport:   ${files.report}\nsummary:  ${files.summary}\n`)
  } else if (command === 'features') {
    if (!flags.out) throw new UsageError('features: --out TABLE.csv is required')
    const { out, ...rest } = flags
    const prepared = await prepareWith(await configOf(rest), progress, flags['sql-output'])
    const table = resolve(flags.out)
    await mkdir(dirname(table), { recursive: true })
    const spec = table.replace(/\.csv$/, '') + '.features.json'
    const writing = progress('write')
    const { rows } = await writeFeatureTable(prepared, table)
    await writeFile(spec, `${JSON.stringify(prepared.spec, null, 2)}\n`)
    writing.done(`${rows.toLocaleString('en-US')} rows`)
    process.stdout.write(`table:    ${table}\nfeatures: ${spec}\n`)
  } else if (command === 'sql' || (command === 'run' && flags['emit-sql'])) {
    if (flags['emit-sql'] && flags['emit-sql'] !== 'spark') throw new UsageError(`--emit-sql takes spark (DuckDB runs in process: --engine duckdb), not ${flags['emit-sql']}`)
    if (!flags.out) throw new UsageError('sql: --out DIR is required')
    const events = (flags.events ?? 'purchase').split(',').map((event) => event.trim())
    const unknown = events.filter((event) => !(ITEM_EVENTS as readonly string[]).includes(event))
    if (unknown.length) throw new UsageError(`sql: --events takes ${ITEM_EVENTS.join(', ')}; not ${unknown.join(', ')}`)
    const { out, ...rest } = flags
    const job = sparkJob(await configOf(rest), events as ItemEvent[])
    await mkdir(resolve(out), { recursive: true })
    for (const [name, text] of Object.entries(job)) await writeFile(join(resolve(out), name), text)
    process.stdout.write(`Spark job: ${Object.keys(job).map((name) => join(resolve(out), name)).join(', ')}\nRun: spark-submit ${join(resolve(out), 'tailor_job.py')} INPUT OUTPUT_DIR\nThen: tailor-train run --config CONFIG --sql-output OUTPUT_DIR\n`)
  } else if (command === 'wrap-xgboost') {
    if (!flags.model || !flags.features || !flags.out) throw new UsageError('wrap-xgboost: --model, --features and --out are required')
    const booster = await readJson(flags.model)
    const features = await readJson(flags.features)
    let manifest
    try {
      manifest = wrapXgboost({ booster, features: features as never, id: flags.id ?? 'xgboost-propensity', version: flags.version ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') })
    } catch (error) {
      // A model or a spec that does not fit is the caller's to fix.
      throw new UsageError(`wrap-xgboost: ${(error as Error).message}`)
    }
    await writeFile(flags.out, `${JSON.stringify(manifest)}\n`)
    process.stdout.write(`manifest: ${resolve(flags.out)}\n`)
  } else {
    throw new UsageError(`unknown command "${command}"`)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  process.stderr.write(`tailor-train: ${(error as Error).message}\n${usage ? `\n${USAGE}` : ''}`)
  // A wrong mapping or configuration is the caller's to fix (2); anything else failed (1).
  process.exitCode = usage || error instanceof ConfigError || error instanceof MappingError ? 2 : 1
})
