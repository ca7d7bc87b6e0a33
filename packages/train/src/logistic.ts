import { random, shuffle } from './random'

export interface LogisticOptions {
  /** L2 penalty on the weights (not the biases), per example. Default 1e-4. */
  l2?: number
  /** Passes over the data. Default 8. */
  epochs?: number
  /** Adam's step size. Default 0.01. */
  learningRate?: number
  batchSize?: number
  seed?: number
}

/**
 * A pooled logistic model over target-relative features: one weight vector shared by every target,
 * one bias per target. `margin(row) = bias[row % targets] + weights · x(row)`, in raw feature units.
 */
export interface PooledLogistic {
  weights: Float64Array
  bias: Float64Array
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/** Column means and standard deviations (1 for a constant column), so Adam sees unit-scale inputs. */
export function standardize(x: Float32Array, n: number): { mean: Float64Array; scale: Float64Array } {
  const rows = x.length / n
  const mean = new Float64Array(n)
  const sq = new Float64Array(n)
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      const v = x[r * n + j]!
      mean[j]! += v
      sq[j]! += v * v
    }
  }
  const scale = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    mean[j]! /= rows
    const sd = Math.sqrt(Math.max(0, sq[j]! / rows - mean[j]! ** 2))
    scale[j] = sd > 1e-12 ? sd : 1
  }
  return { mean, scale }
}

/**
 * Fits a pooled logistic model by minibatch Adam on the mean log loss plus `l2 / 2 · |w|²`
 * (on standardized inputs). Rows are laid out customer-major: row `r` belongs to target `r % targets`.
 */
export function trainPooledLogistic(x: Float32Array, y: Uint8Array, n: number, targets: number, options: LogisticOptions = {}, onEpoch?: (epoch: number, loss: number) => void): PooledLogistic {
  const { l2 = 1e-4, epochs = 8, learningRate = 0.01, batchSize = 512, seed = 1 } = options
  const rows = y.length
  if (x.length !== rows * n) throw new RangeError(`trainPooledLogistic(): ${x.length} values for ${rows} rows of ${n} features`)
  const { mean, scale } = standardize(x, n)
  const P = n + targets // weights, then one bias per target
  const params = new Float64Array(P)
  // Start each bias at its target's log-odds, so the first epochs learn weights rather than rates.
  const positives = new Float64Array(targets)
  const counts = new Float64Array(targets)
  for (let r = 0; r < rows; r++) (counts[r % targets]! += 1), (positives[r % targets]! += y[r]!)
  for (let t = 0; t < targets; t++) params[n + t] = Math.log((positives[t]! + 0.5) / (counts[t]! - positives[t]! + 0.5))
  const m = new Float64Array(P)
  const v = new Float64Array(P)
  const grad = new Float64Array(P)
  const z = new Float64Array(n)
  const order = shuffle(Uint32Array.from({ length: rows }, (_, r) => r), random(seed))
  const beta1 = 0.9
  const beta2 = 0.999
  let step = 0
  for (let epoch = 0; epoch < epochs; epoch++) {
    let loss = 0
    for (let start = 0; start < rows; start += batchSize) {
      const end = Math.min(rows, start + batchSize)
      grad.fill(0)
      for (let k = start; k < end; k++) {
        const r = order[k]!
        const t = r % targets
        let margin = params[n + t]!
        for (let j = 0; j < n; j++) {
          z[j] = (x[r * n + j]! - mean[j]!) / scale[j]!
          margin += params[j]! * z[j]!
        }
        const p = sigmoid(margin)
        const label = y[r]!
        loss -= label ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12))
        const error = p - label
        for (let j = 0; j < n; j++) grad[j]! += error * z[j]!
        grad[n + t]! += error
      }
      const size = end - start
      step++
      const lr = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step)
      for (let j = 0; j < P; j++) {
        const g = grad[j]! / size + (j < n ? l2 * params[j]! : 0)
        m[j] = beta1 * m[j]! + (1 - beta1) * g
        v[j] = beta2 * v[j]! + (1 - beta2) * g * g
        params[j]! -= (lr * m[j]!) / (Math.sqrt(v[j]!) + 1e-8)
      }
    }
    onEpoch?.(epoch + 1, loss / rows)
  }
  // Back to raw feature units: w·(x − mean)/scale = (w/scale)·x − Σ w·mean/scale.
  const weights = params.slice(0, n).map((w, j) => w / scale[j]!)
  let shift = 0
  for (let j = 0; j < n; j++) shift += weights[j]! * mean[j]!
  const bias = params.slice(n).map((b) => b - shift)
  return { weights, bias }
}

/** The model's margin for every row of `x`. */
export function pooledMargins(model: PooledLogistic, x: Float32Array, n: number): Float64Array {
  const targets = model.bias.length
  const rows = x.length / n
  const margins = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    let margin = model.bias[r % targets]!
    for (let j = 0; j < n; j++) margin += model.weights[j]! * x[r * n + j]!
    margins[r] = margin
  }
  return margins
}
