// pnpm bench:scale: the open benchmark's shape at 10 million lines (scripts/make-scale-history.mjs,
// seeded), prepared by DuckDB within a 2 GB memory limit and trained as usual; time and peak
// memory go into docs/benchmarks.md. The generated file is kept in the system's temporary
// directory between runs.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { terminalProgress, train } from '../packages/train/dist/index.js'
import { writeSection } from './benchmarks-doc.mjs'

const MEMORY_LIMIT = '2GB'
const history = join(tmpdir(), 'tailor-scale-10m.csv.gz')
if (!existsSync(history)) {
  // In its own process, so its memory is not counted below.
  const made = spawnSync(process.execPath, [new URL('make-scale-history.mjs', import.meta.url).pathname, history], { stdio: 'inherit' })
  if (made.status !== 0) process.exit(made.status ?? 1)
}

const config = JSON.parse(readFileSync(new URL('../benchmarks/online-retail/tailor-train.json', import.meta.url), 'utf8'))
config.input.file = history
config.engine = 'duckdb'
config.duckdb = { memoryLimit: MEMORY_LIMIT }
const start = performance.now()
const { summary } = await train(config, { progress: terminalProgress() })
const seconds = (performance.now() - start) / 1000
const peak = process.resourceUsage().maxRSS / 2 ** 20 // GiB (maxRSS is in KiB)

const n = (value) => value.toLocaleString('en-US')
const { data, protocol, timingsMs, evaluations } = summary
const date = new Date().toISOString().slice(0, 10)
const md = `## Scale: 10 million lines through DuckDB

Written by \`pnpm bench:scale\` (scripts/bench-scale.mjs) on ${date}. The history is the open
benchmark's shape at scale (\`node scripts/make-scale-history.mjs\`: its ${n(541_909)} lines 19 times,
each time with other customers and invoices and dates shifted by up to ±3 days, seeded), prepared
with \`engine: "duckdb"\` (the feature spec compiled to SQL, rows identical to the replay's) within
DuckDB's \`memoryLimit\` of ${MEMORY_LIMIT}, then trained and evaluated as usual, in one Node process.

Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; ${summary.tool}.

| lines | kept | customers | training rows | test customers | whole run | read (DuckDB) | features (DuckDB) | train | evaluate | peak memory (process) |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${n(data.lines)} | ${n(data.accepted)} | ${n(data.customers)} | ${n(protocol.trainRows)} | ${n(protocol.testCustomers)} | ${seconds.toFixed(0)} s | ${(timingsMs.ingest / 1000).toFixed(0)} s | ${(timingsMs.replay / 1000).toFixed(0)} s | ${(timingsMs.train / 1000).toFixed(0)} s | ${(timingsMs.evaluate / 1000).toFixed(0)} s | ${peak.toFixed(2)} GiB |

Peak memory is the process's maximum resident set: DuckDB (held to ${MEMORY_LIMIT}; it spills to a
scratch directory past it) plus the training rows in Node (${n(protocol.trainRows + protocol.testCustomers * protocol.targets)} rows × ${summary.features.length} 32-bit features).
Mean AUC on this history: ${evaluations.map((e) => `${e.name} ${e.meanAuc.toFixed(3)}`).join(', ')}.
`
writeSection('scale', md)
console.log(md)
