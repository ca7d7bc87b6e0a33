/** Platt scaling: `p = sigmoid(a · margin + b)`. */
export interface Platt {
  a: number
  b: number
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/**
 * Fits Platt scaling to margins and their labels by Newton's method on the log loss, with Platt's
 * smoothed targets (so a separable set does not send `a` to infinity).
 */
export function fitPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>): Platt {
  let positives = 0
  for (let i = 0; i < labels.length; i++) positives += labels[i] ? 1 : 0
  const negatives = labels.length - positives
  const hi = (positives + 1) / (positives + 2)
  const lo = 1 / (negatives + 2)
  let a = 1
  let b = 0
  for (let iteration = 0; iteration < 50; iteration++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0
    for (let i = 0; i < margins.length; i++) {
      const m = margins[i]!
      const p = sigmoid(a * m + b)
      const error = p - (labels[i] ? hi : lo)
      const w = Math.max(p * (1 - p), 1e-12)
      ga += error * m
      gb += error
      haa += w * m * m
      hab += w * m
      hbb += w
    }
    // A tiny ridge keeps the 2×2 Hessian invertible.
    haa += 1e-9
    hbb += 1e-9
    const det = haa * hbb - hab * hab
    const da = (hbb * ga - hab * gb) / det
    const db = (haa * gb - hab * ga) / det
    a -= da
    b -= db
    if (Math.abs(da) + Math.abs(db) < 1e-9) break
  }
  return { a, b }
}
