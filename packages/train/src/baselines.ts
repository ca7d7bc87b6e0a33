import type { Slice } from './dataset'

/** Popularity ("top sellers"): every customer gets each target's prior; it cannot rank customers. */
export function popularityScores(test: Slice): Float64Array {
  return Float64Array.from({ length: test.y.length }, (_, r) => test.priors[r % test.targets]!)
}

/** Quintile cut points of one RFM measure over the training customers. */
function quintiles(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b)
  return [1, 2, 3, 4].map((q) => sorted[Math.floor((q / 5) * sorted.length)]!)
}

const bin = (value: number, cuts: number[]) => cuts.filter((cut) => value >= cut).length

/**
 * RFM segments: 125 cells (quintiles of recency, frequency and monetary value, cut on the training
 * customers), each cell scored with its training customers' purchase rate per target (shrunk towards
 * the target's overall rate when the cell is small).
 */
export function rfmScores(train: readonly Slice[], test: Slice, shrink = 5): Float64Array {
  const T = test.targets
  const measures = [0, 1, 2].map((m) => train.flatMap((slice) => Array.from({ length: slice.customers.length }, (_, i) => slice.rfm[i * 3 + m]!)))
  const cuts = measures.map(quintiles)
  const cellOf = (rfm: Float64Array, i: number) => bin(rfm[i * 3]!, cuts[0]!) * 25 + bin(rfm[i * 3 + 1]!, cuts[1]!) * 5 + bin(rfm[i * 3 + 2]!, cuts[2]!)
  const counts = new Float64Array(125)
  const positives = new Float64Array(125 * T)
  const overall = new Float64Array(T)
  let customers = 0
  for (const slice of train) {
    for (let i = 0; i < slice.customers.length; i++) {
      const cell = cellOf(slice.rfm, i)
      counts[cell]!++
      customers++
      for (let t = 0; t < T; t++) {
        positives[cell * T + t]! += slice.y[i * T + t]!
        overall[t]! += slice.y[i * T + t]!
      }
    }
  }
  const scores = new Float64Array(test.y.length)
  for (let i = 0; i < test.customers.length; i++) {
    const cell = cellOf(test.rfm, i)
    for (let t = 0; t < T; t++) {
      const rate = overall[t]! / customers
      scores[i * T + t] = (positives[cell * T + t]! + shrink * rate) / (counts[cell]! + shrink)
    }
  }
  return scores
}
