import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseManifest } from '@tailorjs/core/engine'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from './helpers'

const CLI = join(import.meta.dirname, '..', 'dist', 'cli.js')
const CONFIG = join(FIXTURES, 'sample.tailor-train.json')

/** Runs the built CLI; resolves with its exit code and output whatever the code. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  expect(existsSync(CLI), 'build @tailorjs/train first: pnpm build').toBe(true)
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string }
    return { code, stdout, stderr }
  }
}

const temp = () => mkdtempSync(join(tmpdir(), 'tailor-train-cli-'))

// Each test runs the CLI (several processes): minutes would mean a hang, not a slow machine.
describe('tailor-train', { timeout: 60_000 }, () => {
  it('run: trains on a config file and writes a manifest Tailor loads, the report and the summary', async () => {
    const out = temp()
    const { code, stdout, stderr } = await cli('run', '--config', CONFIG, '--out', out)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^model\s+mean AUC\s+top-decile lift\s+precision@5\npopularity\s+0\.500/)
    expect(stdout).toContain('tailor-pooled-logistic')
    expect(stderr).toMatch(/read: 17,255 lines, 16,822 kept, 220 customers/)
    const manifest = parseManifest(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')))
    expect(manifest).toMatchObject({ id: 'sample-propensity', scoring: 'targets', model: { type: 'linear' } })
    expect(manifest.targets).toHaveLength(10)
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    expect(summary.evaluations.map((e: { name: string }) => e.name)).toEqual(['popularity', 'rfm-segments', 'own-history', 'tailor-pooled-logistic'])
    const report = readFileSync(join(out, 'report.html'), 'utf8')
    expect(report).toContain('<svg')
    expect(report).not.toContain('<script')
  })

  it('run: maps columns with flags alone', async () => {
    const out = temp()
    const input = join(FIXTURES, 'orders-sample.csv.gz')
    const { code, stdout } = await cli('run', '--input', input, '--customer', 'customer', '--time', 'time', '--item', 'product', '--order', 'invoice', '--quantity', 'quantity',
      '--exclude-order-prefix', 'C', '--train-cutoff', '2011-06-01', '--test-cutoff', '2011-09-01', '--targets', '5', '--out', out, '--id', 'flags')
    expect(code).toBe(0)
    expect(stdout).toContain('tailor-pooled-logistic')
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ id: 'flags', targets: { length: 5 } })
  })

  it('exits 2 and names the fix for a wrong mapping, a leaking cutoff, or an unknown flag', async () => {
    const wrong = await cli('run', '--config', CONFIG, '--customer', 'CustomerID', '--out', temp())
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('no column for customer → "CustomerID"; the file has: invoice, customer, time, product, quantity, price, category')
    const leak = await cli('run', '--config', CONFIG, '--train-cutoff', '2011-08-01', '--out', temp())
    expect(leak.code).toBe(2)
    expect(leak.stderr).toContain('reach past the test cutoff 2011-09-01')
    const late = await cli('run', '--config', CONFIG, '--train-cutoff', '2011-06-01', '--test-cutoff', '2011-11-01', '--out', temp())
    expect(late.code).toBe(2)
    expect(late.stderr).toContain('the test cutoff 2011-11-01 plus 90 days of labels runs past the end of the data (2011-12-09T12:50:00.000Z): use a test cutoff on or before 2011-09-10, or a shorter horizonDays')
    const flag = await cli('run', '--colour')
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain("Unknown option '--colour'")
    expect(flag.stderr).toContain('Usage:')
  })

  it('features: writes the training table and its feature spec', async () => {
    const table = join(temp(), 'table.csv')
    const { code } = await cli('features', '--config', CONFIG, '--out', table)
    expect(code).toBe(0)
    const lines = readFileSync(table, 'utf8').trim().split('\n')
    const spec = JSON.parse(readFileSync(table.replace(/\.csv$/, '.features.json'), 'utf8')) as Array<{ name: string }>
    expect(lines[0]).toBe(['customer', 'cutoff', 'split', 'target', ...spec.map((feature) => feature.name), 'label'].join(','))
    // 2,040 training rows and 1,610 test rows (161 customers × 10 targets), as the XGBoost fixture was made from.
    expect(lines.length - 1).toBe(2040 + 1610)
  })

  it('wrap-xgboost: turns an XGBoost JSON model into a manifest', async () => {
    const table = join(temp(), 'table.csv')
    await cli('features', '--config', CONFIG, '--out', table)
    const manifestPath = join(temp(), 'manifest.json')
    const { code } = await cli('wrap-xgboost', '--model', join(FIXTURES, 'xgboost-pooled.json'), '--features', table.replace(/\.csv$/, '.features.json'), '--out', manifestPath, '--id', 'xgb')
    expect(code).toBe(0)
    expect(parseManifest(JSON.parse(readFileSync(manifestPath, 'utf8')))).toMatchObject({ id: 'xgb', scoring: 'candidates', model: { type: 'xgboost' } })
    // A features file that is not the table's spec is the caller's to fix: exit 2, saying what is wrong.
    const wrong = await cli('wrap-xgboost', '--model', join(FIXTURES, 'xgboost-pooled.json'), '--features', CONFIG, '--out', manifestPath)
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('wrap-xgboost: not a feature spec')
  })

  it('run --engine duckdb: the same rows, so the same models and numbers, as the replay', async () => {
    const replay = await cli('run', '--config', CONFIG, '--out', temp())
    const duckdb = await cli('run', '--config', CONFIG, '--engine', 'duckdb', '--memory-limit', '1GB', '--threads', '2', '--out', temp())
    expect(duckdb.code).toBe(0)
    expect(duckdb.stdout.split('\n\n')[0]).toBe(replay.stdout.split('\n\n')[0])
    expect(duckdb.stderr).toMatch(/features \(duckdb\): 17,255 lines, 16,822 kept; 2,040 training rows, 161 test customers, 0 customers replayed past the profile bounds/)
  })

  it('sql: writes the Spark job, and names the events it accepts', async () => {
    const out = temp()
    const { code, stdout } = await cli('sql', '--config', CONFIG, '--events', 'view_item,purchase', '--out', out)
    expect(code).toBe(0)
    expect(stdout).toContain('spark-submit')
    expect(readFileSync(join(out, 'tailor.sql'), 'utf8')).toContain('CREATE OR REPLACE TEMPORARY VIEW tailor_out_rows')
    expect(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')).map((f: { name: string }) => f.name)).toContain('own_item_view_item_count')
    const emitted = temp()
    expect((await cli('run', '--config', CONFIG, '--emit-sql', 'spark', '--events', 'view_item,purchase', '--out', emitted)).code).toBe(0)
    expect(readFileSync(join(emitted, 'tailor.sql'), 'utf8')).toBe(readFileSync(join(out, 'tailor.sql'), 'utf8'))
    const wrong = await cli('sql', '--config', CONFIG, '--events', 'views', '--out', out)
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('sql: --events takes view_item, add_to_cart, purchase; not views')
  })
})
