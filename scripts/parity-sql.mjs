// pnpm parity:sql: prepares the open benchmark (541,909 lines) with the replay engine and with
// DuckDB, and compares every row: report, targets, priors, labels and each feature value.
// Exits 1 on any difference. `pnpm parity:sql` builds first.
import { readFileSync } from 'node:fs'
import { compareRows, prepare, prepareDuckdb } from '../packages/train/dist/index.js'

const dir = new URL('../benchmarks/online-retail/', import.meta.url)
const config = JSON.parse(readFileSync(new URL('tailor-train.json', dir), 'utf8'))
config.input.file = new URL(config.input.file, dir).pathname

let start = performance.now()
const replay = await prepare(config)
const replaySeconds = (performance.now() - start) / 1000
start = performance.now()
const sql = await prepareDuckdb(config)
const sqlSeconds = (performance.now() - start) / 1000
const parity = compareRows(replay, sql)
console.log(JSON.stringify({ replaySeconds: +replaySeconds.toFixed(1), duckdbSeconds: +sqlSeconds.toFixed(1), ...parity }, null, 2))
const ok = !parity.features && !parity.labels && !parity.priors && !parity.baselines && !parity.structure.length
console.log(ok ? `parity: ${parity.values.toLocaleString('en-US')} feature values over ${parity.rows.toLocaleString('en-US')} rows, all identical` : 'parity: DIFFERENCES (above)')
process.exit(ok ? 0 : 1)
