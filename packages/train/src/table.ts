import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Prepared } from './train'

const day = (ts: number) => new Date(ts).toISOString().slice(0, 10)
const cell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

/**
 * Writes the training table as CSV: one row per customer, cutoff and target, with the pooled
 * features (the same values the browser computes, as 32-bit floats written exactly) and the label,
 * so a model can be trained with XGBoost or anything else. `split` is `train` or `test`.
 */
export async function writeFeatureTable(prepared: Prepared, path: string): Promise<{ rows: number }> {
  const { spec, targets, trainSlices, test } = prepared
  const out = createWriteStream(path)
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain')
  }
  await write(`${['customer', 'cutoff', 'split', 'target', ...spec.map((feature) => feature.name), 'label'].join(',')}\n`)
  let rows = 0
  const T = targets.length
  const n = spec.length
  for (const slice of [...trainSlices, test]) {
    const split = slice === test ? 'test' : 'train'
    const cutoff = day(slice.cutoff)
    for (let i = 0; i < slice.customers.length; i++) {
      const customer = cell(slice.customers[i]!)
      for (let t = 0; t < T; t++) {
        const r = i * T + t
        const values = Array.from(slice.x.subarray(r * n, (r + 1) * n), String)
        await write(`${customer},${cutoff},${split},${cell(targets[t]!.id)},${values.join(',')},${slice.y[r]}\n`)
        rows++
      }
    }
  }
  out.end()
  await once(out, 'finish')
  return { rows }
}
