import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { SPARK_ON_DUCKDB } from '../src/sql/dialect'
import { createRawView, loadDuckdb, prepareDuckdb } from '../src/sql/duckdb'
import { jobProtocol, prepareFromSqlOutput, sparkJob } from '../src/sql/spark'
import { compareRows } from '../src/sql/parity'
import type { Progress } from '../src/progress'
import { prepare } from '../src/train'
import { sampleConfig, tempFile } from './helpers'

const identical = { features: 0, labels: 0, priors: 0, baselines: 0, structure: [] }

describe('engine "duckdb"', () => {
  it('prepares the sample exactly as the replay does: report, targets, priors, labels and every feature', async () => {
    const config = sampleConfig()
    const parity = compareRows(await prepare(config), await prepareDuckdb(config))
    expect(parity).toMatchObject(identical)
    // 220 customers over three cutoffs, 10 targets, 11 features.
    expect(parity.values).toBe(parity.rows * 11)
    expect(parity.rows).toBeGreaterThan(3000)
  }, 60_000)

  it('takes from the replay the rows of a customer whose profile outgrows the engine\'s bounds', async () => {
    // One wholesaler buys 1,100 different products (more counters than a profile keeps), among a few ordinary customers.
    const lines = ['invoice,customer,time,product,quantity,price,category']
    for (let i = 0; i < 1100; i++) lines.push(`W${Math.floor(i / 150)},whole,2011-0${1 + Math.floor(i / 300)}-10 10:00:00,P${i},${1 + (i % 7)},${(i % 40) + 0.5},c${i % 9}`)
    for (let c = 0; c < 30; c++) {
      for (let k = 0; k < 6; k++) lines.push(`R${c}-${k},r${c},2011-0${1 + (k % 8)}-${10 + (c % 15)} 09:00:00,P${(c * 7 + k * 3) % 40},1,${k + 1},c${k % 9}`)
    }
    const config = { ...sampleConfig(), input: { ...sampleConfig().input, file: tempFile('wholesale.csv', lines.join('\n')) }, train: { cutoffs: ['2011-03-01'] }, test: { cutoff: '2011-05-01' }, horizonDays: 30 }
    const notes: string[] = []
    const progress: Progress = () => ({ update() {}, done: (note) => notes.push(note ?? '') })
    const parity = compareRows(await prepare(config), await prepareDuckdb(config, progress))
    expect(notes.join(' | ')).toContain('1 customers replayed past the profile bounds')
    expect(parity).toMatchObject(identical)
  }, 60_000)

  it('counts the records it cannot read, by line, as ingest does, and numbers the lines after them as the file does', async () => {
    const lines = [
      'invoice,customer,time,product,quantity,price,category',
      ...Array.from({ length: 40 }, (_, i) => `O${i},c${i % 7},2011-0${1 + (i % 8)}-1${i % 9} 10:00:00,P${i % 5},${(i % 3) + 1},2.5,k${i % 2}`),
    ]
    lines.splice(5, 0, 'X1,c1,2011-01-05 10:00:00,P1') // too few fields
    lines.splice(12, 0, 'X2,c2,2011-01-06 10:00:00,P2,1,2.5,k1,extra') // too many
    lines.splice(20, 0, 'X3,,2011-01-07 10:00:00,P3,1,2.5,k0') // no customer: read, then skipped
    const config = { ...sampleConfig(), input: { ...sampleConfig().input, file: tempFile('malformed.csv', `${lines.join('\n')}\n`) }, targets: { count: 3 }, train: { cutoffs: ['2011-03-01'] }, test: { cutoff: '2011-05-01' }, horizonDays: 30 }
    const replay = await prepare(config)
    expect(replay.report.skipped).toMatchObject({ unreadable: { count: 2, lines: [6, 13] }, 'no customer': { count: 1, lines: [21] } })
    expect(compareRows(replay, await prepareDuckdb(config))).toMatchObject(identical)
  }, 60_000)

  it('runs the Spark SQL text (on DuckDB, with a macro per Spark-only function) to the same rows', async () => {
    const config = sampleConfig()
    expect(compareRows(await prepareDuckdb(config), await prepareDuckdb(config, undefined, { dialect: 'spark' }))).toMatchObject(identical)
  }, 60_000)
})

describe('the Spark job', () => {
  it('tailor.sql, run as it is written (on DuckDB, with a macro per Spark-only function), gives outputs from which training reads the replay\'s rows', async () => {
    const config = sampleConfig()
    const job = sparkJob(config)
    // What tailor_job.py does on Spark: map the columns into tailor_raw, run the statements, write each output view as CSV.
    const { DuckDBInstance } = await loadDuckdb()
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    for (const macro of SPARK_ON_DUCKDB) await connection.run(macro)
    await createRawView(connection, parseConfig(config))
    for (const statement of job['tailor.sql'].split(';\n\n')) if (statement.trim()) await connection.run(statement.trim().replace(/;$/, ''))
    const out = mkdtempSync(join(tmpdir(), 'tailor-spark-'))
    mkdirSync(join(out, 'job'))
    writeFileSync(join(out, 'job', 'part-00000.csv'), `job\n"${JSON.stringify(jobProtocol(parseConfig(config), JSON.parse(job['spec.json']))).replace(/"/g, '""')}"\n`)
    for (const name of ['summary', 'skipped', 'skipped_lines', 'targets', 'priors', 'sizes', 'rows', 'replay_items']) {
      mkdirSync(join(out, name))
      const ordered = name === 'rows' ? ' ORDER BY cutoff_index, first_line, target_index' : ''
      await connection.run(`COPY (SELECT * FROM tailor_out_${name}${ordered}) TO '${join(out, name, 'part-00000.csv')}' (HEADER)`)
    }
    connection.closeSync()
    instance.closeSync()
    expect(compareRows(await prepare(config), await prepareFromSqlOutput(config, out))).toMatchObject(identical)
    // Outputs computed for another protocol are refused, naming what differs.
    await expect(prepareFromSqlOutput({ ...config, horizonDays: 60 }, out)).rejects.toThrow(/computed with another horizonDays than this configuration's/)
    await expect(prepareFromSqlOutput(config, join(out, 'missing'))).rejects.toThrow('no job.csv and no job/ directory')
  }, 60_000)
})
