import { isDeepStrictEqual } from 'node:util'
import type { Prepared } from '../train'

/** How two preparations of the same data differ (parity means every count below is 0). */
export interface ParityReport {
  /** Customer × target rows compared, over every cutoff. */
  rows: number
  /** Feature values compared. */
  values: number
  /** Feature values that are not the same 32-bit float. */
  features: number
  /** Labels, priors, and baseline inputs (RFM, own history: within 1e-9 relative) that differ. */
  labels: number
  priors: number
  baselines: number
  /** Report, targets, spec, customers or cutoffs that differ, by name. */
  structure: string[]
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))

/** Compares two preparations value by value: the replay's and another engine's. */
export function compareRows(a: Prepared, b: Prepared): ParityReport {
  const report: ParityReport = { rows: 0, values: 0, features: 0, labels: 0, priors: 0, baselines: 0, structure: [] }
  const same = (name: string, x: unknown, y: unknown) => {
    if (isDeepStrictEqual(x, y)) return true
    report.structure.push(name)
    return false
  }
  same('ingest report', a.report, b.report)
  same('targets', a.targets, b.targets)
  same('feature spec', a.spec, b.spec)
  report.priors += [...a.priors].filter((p, t) => p !== b.priors[t]).length
  const left = [...a.trainSlices, a.test]
  const right = [...b.trainSlices, b.test]
  same('cutoffs', left.map((slice) => slice.cutoff), right.map((slice) => slice.cutoff))
  left.forEach((x, c) => {
    const y = right[c]
    if (!y || !same(`customers at cutoff ${c}`, x.customers, y.customers)) return
    report.rows += x.y.length
    report.values += x.x.length
    x.x.forEach((value, k) => (report.features += value === y.x[k] ? 0 : 1))
    x.y.forEach((label, k) => (report.labels += label === y.y[k] ? 0 : 1))
    x.priors.forEach((prior, t) => (report.priors += prior === y.priors[t] ? 0 : 1))
    x.own.forEach((own, k) => (report.baselines += close(own, y.own[k]!) ? 0 : 1))
    x.rfm.forEach((value, k) => (report.baselines += close(value, y.rfm[k]!) ? 0 : 1))
  })
  return report
}
