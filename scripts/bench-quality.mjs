// pnpm bench:quality: trains on the open benchmark (UCI Online Retail, benchmarks/online-retail)
// with the tailor-train CLI, timed end to end, and writes the numbers into docs/benchmarks.md.
// The run's own files go to docs/quality/online-retail/ (manifest, report.html, summary.json).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { writeSection } from './benchmarks-doc.mjs'

const root = new URL('..', import.meta.url)
const args = ['packages/train/dist/cli.js', 'run', '--config', 'benchmarks/online-retail/tailor-train.json']
const start = performance.now()
const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
const seconds = (performance.now() - start) / 1000
if (run.status !== 0) {
  console.error(run.stdout)
  process.exit(run.status ?? 1)
}
console.log(run.stdout)

const summary = JSON.parse(readFileSync(new URL('docs/quality/online-retail/summary.json', root), 'utf8'))
const { data, protocol, evaluations, timingsMs } = summary
const tailor = evaluations.find((e) => e.name === 'tailor-pooled-logistic')
const best = Math.max(...evaluations.filter((e) => e !== tailor).map((e) => e.meanAuc))
const n = (value) => value.toLocaleString('en-US')
const date = new Date().toISOString().slice(0, 10)

const md = `## Quality: individual propensity against segments

Written by \`pnpm bench:quality\` (scripts/bench-quality.mjs) on ${date}: it runs
\`node ${args.join(' ')}\` and times it end to end. The open benchmark is UCI Online Retail
(CC BY 4.0; protocol and attribution in [benchmarks/online-retail](../benchmarks/online-retail/README.md)); the run's
[report](quality/online-retail/report.html), [summary](quality/online-retail/summary.json) and
manifest are in docs/quality/online-retail/.

Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; ${summary.tool}.

Data: ${n(data.lines)} lines read, ${n(data.accepted)} kept (${Object.entries(data.skipped).map(([reason, { count }]) => `${n(count)} ${reason}`).join(', ')}), ${n(data.customers)} customers.
Protocol: the ${protocol.targets} products bought by the most customers before ${protocol.trainCutoffs.at(-1)}; features at ${protocol.trainCutoffs.join(', ')} (train, ${n(protocol.trainRows)} customer × target rows) and ${protocol.testCutoff} (test, ${n(protocol.testCustomers)} customers), labels: a purchase of the target in the ${protocol.horizonDays} days after.
Baselines and model are computed in the same run, on the same split.

| model | mean AUC (${protocol.targets} targets) | top-decile lift | precision@5 |
| --- | ---: | ---: | ---: |
${evaluations.map((e) => `| ${e.name}: ${e.description} | ${e.meanAuc.toFixed(3)} | ${e.meanTopDecileLift.toFixed(2)} | ${e.precisionAt5.toFixed(3)} |`).join('\n')}

Goals: mean AUC at least 0.82: **${tailor.meanAuc >= 0.82 ? 'met' : 'not met'}** (${tailor.meanAuc.toFixed(3)}, ${(tailor.meanAuc - best).toFixed(3)} above the best baseline);
the whole run within 60 s: **${seconds <= 60 ? 'met' : 'not met'}** (${seconds.toFixed(1)} s: read ${(timingsMs.ingest / 1000).toFixed(1)} s, replay ${(timingsMs.replay / 1000).toFixed(1)} s, train ${(timingsMs.train / 1000).toFixed(1)} s, evaluate ${(timingsMs.evaluate / 1000).toFixed(1)} s).
`
writeSection('quality', md)
console.log(md)
