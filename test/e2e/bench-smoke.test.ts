import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'

// `pnpm bench` is not a timed test; this runs each of its scripts once with tiny sizes
// (BENCH_SMOKE=1) into a scratch folder, so that the harness cannot rot unnoticed.
const ROOT = new URL('../..', import.meta.url).pathname

it('runs every benchmark of pnpm bench once, with tiny sizes, and writes each section', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tailor-bench-smoke-'))
  for (const script of ['scripts/bench.mjs', 'scripts/bench-peers.mjs', 'scripts/bench-quality.mjs']) {
    const run = spawnSync(process.execPath, [script], { cwd: ROOT, env: { ...process.env, BENCH_SMOKE: '1', BENCH_DIR: dir }, encoding: 'utf8' })
    expect(run.status, `${script}\n${run.stderr}`).toBe(0)
  }
  const page = readFileSync(join(dir, 'benchmarks.md'), 'utf8')
  expect([...page.matchAll(/<!-- begin:(\w+) -->/g)].map((match) => match[1])).toEqual(['browser', 'peers', 'quality'])
  for (const heading of ['### Slots final within one frame', '### Model runtime', '### Bundle size', '### Capture cost', '### Time to final content', 'Training throughput']) {
    expect(page).toContain(heading)
  }
  const peers = JSON.parse(readFileSync(join(dir, 'benchmarks-peers.json'), 'utf8'))
  expect(peers.size.map((row: { name: string }) => row.name)).toContain('PostHog')
  expect(peers.capture.sinkRequests).toBeGreaterThan(0) // the peers' requests reached the local sink, not the internet
}, 300_000)
