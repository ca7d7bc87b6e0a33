/**
 * The area under the ROC curve: the chance that a random positive scores above a random negative,
 * ties counting half (Mann–Whitney). NaN when there are no positives or no negatives.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let positives = 0
  let rankSum = 0
  for (let i = 0; i < n; ) {
    let j = i
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++
    const rank = (i + j + 2) / 2 // the average 1-based rank of the tie group
    for (let k = i; k <= j; k++) if (labels[order[k]!]) (positives++, (rankSum += rank))
    i = j + 1
  }
  const negatives = n - positives
  if (!positives || !negatives) return NaN
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/**
 * The expected number of positives among the `ks` highest-scored of `rows` (each k ascending), ties
 * broken at random: a tie group straddling a cut contributes its positives pro rata. So a constant
 * score gains like a random pick, not like the rows' order.
 */
function positivesInTop(scores: ArrayLike<number>, labels: ArrayLike<number>, rows: number[], ks: number[]): number[] {
  rows.sort((a, b) => scores[b]! - scores[a]!)
  const result: number[] = []
  let taken = 0
  let captured = 0
  let next = 0
  for (let i = 0; i < rows.length && next < ks.length; ) {
    let j = i
    let positives = 0
    while (j < rows.length && scores[rows[j]!] === scores[rows[i]!]) positives += labels[rows[j++]!] ? 1 : 0
    const size = j - i
    while (next < ks.length && ks[next]! <= taken + size) {
      result.push(captured + (positives * (ks[next]! - taken)) / size)
      next++
    }
    taken += size
    captured += positives
    i = j
  }
  while (result.length < ks.length) result.push(captured)
  return result
}

/**
 * The cumulative share of positives captured when targeting the top `share` of rows by score, at
 * each of `points` equal steps (0 excluded, 1 included): the gains curve.
 */
export function gains(scores: ArrayLike<number>, labels: ArrayLike<number>, points = 10): number[] {
  const n = scores.length
  let total = 0
  for (let i = 0; i < n; i++) total += labels[i] ? 1 : 0
  const ks = Array.from({ length: points }, (_, p) => Math.round(((p + 1) / points) * n))
  return positivesInTop(scores, labels, Array.from({ length: n }, (_, i) => i), ks).map((captured) => (total ? captured / total : NaN))
}

/** Lift in the top decile: the positive rate among the 10 % highest scores over the overall rate. */
export function topDecileLift(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return gains(scores, labels, 10)[0]! / 0.1
}

/**
 * Precision@k per customer, averaged over customers who bought at least one target: of the `k`
 * targets scored highest for a customer (ties broken at random), the share they bought. `scores`
 * and `labels` are customer-major with `targets` entries per customer.
 */
export function precisionAtK(scores: ArrayLike<number>, labels: ArrayLike<number>, targets: number, k: number): number {
  let sum = 0
  let customers = 0
  for (let start = 0; start < labels.length; start += targets) {
    const rows = Array.from({ length: targets }, (_, t) => start + t)
    if (!rows.some((r) => labels[r])) continue
    sum += positivesInTop(scores, labels, rows, [k])[0]! / k
    customers++
  }
  return customers ? sum / customers : NaN
}
