import { ConfigError, epochOf, type ResolvedConfig } from './config'
import type { Slice } from './dataset'
import type { IngestReport } from './ingest'

const DAY_MS = 86_400_000

/**
 * What every engine checks once the input is read: some line was kept, and the test labels lie
 * inside the data (cut short by its end, they would understate every model alike, and silently).
 * Returns the end of the data (just after its last kept line).
 */
export function checkReport(config: ResolvedConfig, report: IngestReport): number {
  if (!report.accepted || !report.to) throw new Error(`${report.file}: no line was kept (${JSON.stringify(report.skipped)}); check the column mapping and the exclusions`)
  const end = Date.parse(report.to) + 1
  if (epochOf(config.test.cutoff) + config.horizonDays * DAY_MS > end) {
    const latest = new Date(end - config.horizonDays * DAY_MS).toISOString().slice(0, 10)
    throw new ConfigError(`the test cutoff ${config.test.cutoff} plus ${config.horizonDays} days of labels runs past the end of the data (${report.to}): use a test cutoff on or before ${latest}, or a shorter horizonDays`)
  }
  return end
}

/** What every engine checks once the rows are built: customers to train on and to test on. */
export function checkSlices(config: ResolvedConfig, trainSlices: readonly Slice[], test: Slice): void {
  if (!test.customers.length) throw new Error(`no customer has history before the test cutoff ${config.test.cutoff}`)
  if (!trainSlices.some((slice) => slice.customers.length)) throw new Error(`no customer has history before the training cutoff(s) ${config.train.cutoffs.join(', ')}`)
}

/** The line a preparation step ends with: what was read, and what the rows hold. */
export function preparedNote(report: IngestReport, trainSlices: readonly Slice[], test: Slice, replayed?: number): string {
  const n = (value: number) => value.toLocaleString('en-US')
  const rows = trainSlices.reduce((sum, slice) => sum + slice.y.length, 0)
  const bounds = replayed === undefined ? '' : `, ${replayed} customers replayed past the profile bounds`
  return `${n(report.lines)} lines, ${n(report.accepted)} kept; ${n(rows)} training rows, ${n(test.customers.length)} test customers${bounds}`
}
