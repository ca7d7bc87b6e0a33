// pnpm bench:quality: trains on the open benchmark (UCI Online Retail, benchmarks/online-retail)
// with the tailor-train CLI, timed end to end, and writes the numbers into docs/benchmarks.md.
// The run's own files go to docs/quality/online-retail/ (manifest, report.html, summary.json).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { writeSection } from './benchmarks-doc.mjs'

const root = new URL('..', import.meta.url)
const args = ['packages/train/dist/cli.js', 'run', '--config', 'benchmarks/online-retail/tailor-train.json']

// BENCH_SMOKE=1 (the tests): the logistic run only, its files in a scratch directory.
const SMOKE = process.env.BENCH_SMOKE === '1'

/** Runs the CLI with `extra` arguments; its wall-clock seconds and peak memory (GiB). */
function timed(extra) {
  const start = performance.now()
  const run = spawnSync(process.execPath, ['--require', './scripts/peak-memory.cjs', ...args, ...extra], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const peak = /peak-memory-kib (\d+)/.exec(run.stderr)
  process.stderr.write(run.stderr.replace(/\npeak-memory-kib \d+\n/, ''))
  if (run.status !== 0) {
    console.error(run.stdout)
    process.exit(run.status ?? 1)
  }
  console.log(run.stdout)
  return { seconds: (performance.now() - start) / 1000, peakGiB: peak ? Number(peak[1]) / 2 ** 20 : Number.NaN }
}

// The default run (the logistic model) is the one the 60-second goal is about; its files are committed.
const out = SMOKE ? mkdtempSync(join(tmpdir(), 'tailor-quality-')) : 'docs/quality/online-retail'
const { seconds, peakGiB } = timed(SMOKE ? ['--out', out] : [])
const summary = JSON.parse(readFileSync(SMOKE ? join(out, 'summary.json') : new URL(`${out}/summary.json`, root), 'utf8'))
// The optional network, trained in the same way into a scratch directory.
const mlpDir = mkdtempSync(join(tmpdir(), 'tailor-mlp-'))
const mlpSeconds = SMOKE ? Number.NaN : timed(['--model-type', 'mlp', '--out', mlpDir]).seconds
const mlp = SMOKE ? undefined : JSON.parse(readFileSync(join(mlpDir, 'summary.json'), 'utf8')).evaluations.find((e) => e.name === 'tailor-pooled-mlp')
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
${[...evaluations, ...(mlp ? [mlp] : [])].map((e) => `| ${e.name}: ${e.description} | ${e.meanAuc.toFixed(3)} | ${e.meanTopDecileLift.toFixed(2)} | ${e.precisionAt5.toFixed(3)} |`).join('\n')}

The last row is \`--model-type mlp\` (TF.js, CPU backend in Node): the whole run took ${mlpSeconds.toFixed(1)} s; its
manifest names a TF.js model scored by @tailorjs/tfjs, which loads TF.js in the browser.

Goals: mean AUC at least 0.82: **${tailor.meanAuc >= 0.82 ? 'met' : 'not met'}** (${tailor.meanAuc.toFixed(3)}, ${(tailor.meanAuc - best).toFixed(3)} above the best baseline);
the whole run within 60 s: **${seconds <= 60 ? 'met' : 'not met'}** (${seconds.toFixed(1)} s: read ${(timingsMs.ingest / 1000).toFixed(1)} s, replay ${(timingsMs.replay / 1000).toFixed(1)} s, train ${(timingsMs.train / 1000).toFixed(1)} s, evaluate ${(timingsMs.evaluate / 1000).toFixed(1)} s).

Training throughput: ${n(Math.round(data.lines / seconds))} lines per second end to end (${n(data.lines)} lines in ${seconds.toFixed(1)} s), peak memory ${(peakGiB * 1024).toFixed(0)} MiB (the CLI process's maximum resident set).
`
writeSection('quality', md)
console.log(md)
