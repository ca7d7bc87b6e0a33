import { describe, expect, it } from 'vitest'
import { fitPlatt } from '../src/calibrate'
import { pooledMargins, trainPooledLogistic } from '../src/logistic'
import { random } from '../src/random'

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

describe('trainPooledLogistic', () => {
  it('recovers the shared weights and per-target biases of the model that generated the labels, in raw feature units', () => {
    const next = random(42)
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
    const truth = { weights: [1.5, -2, 0], bias: [-1, 0.5] }
    const rows = 40_000
    const n = 3
    const x = new Float32Array(rows * n)
    const y = new Uint8Array(rows)
    for (let r = 0; r < rows; r++) {
      // Features on very different scales and offsets: standardization must be undone exactly.
      const row = [gaussian(), 10 + gaussian() * 0.1, gaussian() * 50]
      x.set(row, r * n)
      const margin = truth.bias[r % 2]! + row.reduce((sum, v, j) => sum + truth.weights[j]! * v, 0) - truth.weights[1]! * 10
      y[r] = next() < sigmoid(margin) ? 1 : 0
    }
    const model = trainPooledLogistic(x, y, n, 2, { epochs: 20, l2: 0 })
    expect(model.weights[0]).toBeCloseTo(1.5, 1)
    expect(model.weights[1]).toBeCloseTo(-2, 0)
    expect(model.weights[2]).toBeCloseTo(0, 2)
    // The generator centred the second feature at 10, so in raw units bias[t] + w1 · 10 is the truth's bias.
    expect(model.bias[0]! + model.weights[1]! * 10).toBeCloseTo(truth.bias[0]!, 0)
    expect(model.bias[1]! + model.weights[1]! * 10).toBeCloseTo(truth.bias[1]!, 0)
    const margins = pooledMargins(model, x.subarray(0, 2 * n), n)
    expect(margins[0]).toBeCloseTo(model.bias[0]! + [...x.subarray(0, 3)].reduce((s, v, j) => s + model.weights[j]! * v, 0), 6)
    expect(margins[1]).toBeCloseTo(model.bias[1]! + [...x.subarray(3, 6)].reduce((s, v, j) => s + model.weights[j]! * v, 0), 6)
  })

  it('is reproducible for a seed', () => {
    const x = Float32Array.from({ length: 600 }, (_, i) => Math.sin(i))
    const y = Uint8Array.from({ length: 200 }, (_, i) => (Math.cos(i) > 0 ? 1 : 0))
    const a = trainPooledLogistic(x, y, 3, 4, { epochs: 2, seed: 3 })
    const b = trainPooledLogistic(x, y, 3, 4, { epochs: 2, seed: 3 })
    expect([...a.weights, ...a.bias]).toEqual([...b.weights, ...b.bias])
  })

  it('refuses a feature matrix that does not match the labels', () => {
    expect(() => trainPooledLogistic(new Float32Array(5), new Uint8Array(2), 3, 1)).toThrow('5 values for 2 rows of 3 features')
  })
})

describe('fitPlatt', () => {
  it('recovers the scaling that generated the labels', () => {
    const next = random(7)
    const margins = Array.from({ length: 50_000 }, () => next() * 8 - 4)
    const labels = margins.map((m) => (next() < sigmoid(0.5 * m - 1) ? 1 : 0))
    const { a, b } = fitPlatt(margins, labels)
    expect(a).toBeCloseTo(0.5, 1)
    expect(b).toBeCloseTo(-1, 1)
  })

  it('stays finite on perfectly separated labels', () => {
    const { a, b } = fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1])
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true)
    expect(a).toBeGreaterThan(0)
  })
})
