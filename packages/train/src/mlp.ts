import { createHash } from 'node:crypto'
import type { Candidate, FeatureSpec } from '@tailorjs/core/engine'
import type { Platt } from './calibrate'
import { standardize } from './logistic'
import { random, shuffle } from './random'
import { targetSpec } from './spec'

/** What the trainer needs of `@tensorflow/tfjs` (an optional peer dependency, loaded only for `model.type: "mlp"`). */
export type Tf = typeof import('@tensorflow/tfjs')

/** Loads TF.js with its pure-JavaScript CPU backend, or says how to install it. */
export async function loadTf(): Promise<Tf> {
  let tf: Tf
  try {
    tf = await import('@tensorflow/tfjs')
  } catch {
    throw new Error('model.type "mlp" needs TensorFlow.js: npm install --save-dev @tensorflow/tfjs')
  }
  await tf.setBackend('cpu')
  // Production mode: no debug checks, and no advice to install the native Node backend on stderr.
  tf.enableProdMode()
  return tf
}

export interface MlpOptions {
  /** Hidden units. Default 8. */
  hidden?: number
  epochs?: number
  learningRate?: number
  batchSize?: number
  seed?: number
}

/**
 * A small pooled network over target-relative features: `margin = w2 · relu(W1 x + b1) + b2[target]`,
 * with W1 and b1 in raw feature units (standardization folded in). `w1[j * hidden + h]`.
 */
export interface PooledMlp {
  hidden: number
  w1: Float64Array
  b1: Float64Array
  w2: Float64Array
  b2: Float64Array
}

/**
 * Trains the network with TF.js (Adam on the log loss): the same rows as the logistic model, a
 * per-target output bias learnt through a one-unit embedding of the target. Seeded: the same data
 * and seed give the same weights.
 */
export async function trainPooledMlp(tf: Tf, x: Float32Array, y: Uint8Array, n: number, targets: number, options: MlpOptions = {}, onEpoch?: (epoch: number) => void): Promise<PooledMlp> {
  const { hidden = 8, epochs = 6, learningRate = 0.003, batchSize = 256, seed = 1 } = options
  const rows = y.length
  const { mean, scale } = standardize(x, n)
  // Rows in one seeded order (TF.js's own shuffle is not seedable).
  const order = shuffle(Uint32Array.from({ length: rows }, (_, r) => r), random(seed))
  const z = new Float32Array(rows * n)
  const t = new Float32Array(rows)
  const labels = new Float32Array(rows)
  order.forEach((r, k) => {
    for (let j = 0; j < n; j++) z[k * n + j] = (x[r * n + j]! - mean[j]!) / scale[j]!
    t[k] = r % targets
    labels[k] = y[r]!
  })
  const features = tf.input({ shape: [n] })
  const target = tf.input({ shape: [1] })
  const dense1 = tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) })
  const dense2 = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) })
  const bias = tf.layers.embedding({ inputDim: targets, outputDim: 1, embeddingsInitializer: 'zeros' })
  const margin = tf.layers.add().apply([dense2.apply(dense1.apply(features)) as never, tf.layers.flatten().apply(bias.apply(target)) as never])
  const model = tf.model({ inputs: [features, target], outputs: tf.layers.activation({ activation: 'sigmoid' }).apply(margin) as never })
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'binaryCrossentropy' })
  const inputs = [tf.tensor2d(z, [rows, n]), tf.tensor2d(t, [rows, 1])]
  const output = tf.tensor2d(labels, [rows, 1])
  await model.fit(inputs, output, { epochs, batchSize, shuffle: false, verbose: 0, callbacks: { onEpochEnd: (epoch) => onEpoch?.(epoch + 1) } })
  const [kernel1, bias1] = dense1.getWeights().map((w) => Float64Array.from(w.dataSync()))
  const [kernel2, bias2] = dense2.getWeights().map((w) => Float64Array.from(w.dataSync()))
  const embedding = Float64Array.from(bias.getWeights()[0]!.dataSync())
  tf.dispose([...inputs, output])
  model.dispose()
  // Back to raw units: W1 (x − mean)/scale + b1 = (W1/scale) x + (b1 − Σ W1·mean/scale).
  const w1 = kernel1!.map((w, i) => w / scale[Math.floor(i / hidden)]!)
  const b1 = bias1!.map((b, h) => {
    let shift = 0
    for (let j = 0; j < n; j++) shift += w1[j * hidden + h]! * mean[j]!
    return b - shift
  })
  return { hidden, w1, b1, w2: kernel2!, b2: embedding.map((b) => b + bias2![0]!) }
}

/** The network's margin for every row of `x` (row `r` belongs to target `r % targets`). */
export function mlpMargins(model: PooledMlp, x: Float32Array, n: number): Float64Array {
  const { hidden: H, w1, b1, w2, b2 } = model
  const T = b2.length
  const margins = new Float64Array(x.length / n)
  for (let r = 0; r < margins.length; r++) {
    let margin = b2[r % T]!
    for (let h = 0; h < H; h++) {
      let a = b1[h]!
      for (let j = 0; j < n; j++) a += w1[j * H + h]! * x[r * n + j]!
      if (a > 0) margin += w2[h]! * a
    }
    margins[r] = margin
  }
  return margins
}

/** A TF.js LayersModel's files: model.json and its one weights file. */
export interface TfjsFiles {
  'model.json': string
  'weights.bin': Buffer
}

const sri = (bytes: Buffer | string) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

/**
 * The network rewritten for `scoring: "targets"` as a TF.js LayersModel over the target-form
 * features (see targetSpec): a Dense layer of `targets × hidden` ReLU units, each target's block
 * reading only that target's own columns (its constants folded into the biases), then a Dense
 * layer of one sigmoid per target, block-diagonal, with Platt scaling folded in. Saved by TF.js.
 */
export async function toTfjsModel(tf: Tf, model: PooledMlp, pooled: FeatureSpec, candidates: readonly Candidate[], calibration: readonly Platt[]): Promise<{ features: FeatureSpec; files: TfjsFiles; integrity: Record<string, string> }> {
  const { features, columns, constants } = targetSpec(pooled, candidates)
  const { hidden: H, w1, b1, w2, b2 } = model
  const T = candidates.length
  const F = features.length
  const kernel1 = new Float32Array(F * T * H)
  const bias1 = new Float32Array(T * H)
  const kernel2 = new Float32Array(T * H * T)
  const bias2 = new Float32Array(T)
  for (let t = 0; t < T; t++) {
    const { a, b } = calibration[t]!
    for (let h = 0; h < H; h++) {
      const unit = t * H + h
      let constant = b1[h]!
      columns[t]!.forEach((at, j) => {
        if (at >= 0) kernel1[at * T * H + unit]! += w1[j * H + h]!
        else constant += w1[j * H + h]! * constants[t]![j]!
      })
      bias1[unit] = constant
      kernel2[unit * T + t] = a * w2[h]!
    }
    bias2[t] = a * b2[t]! + b
  }
  const network = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [F], units: T * H, activation: 'relu' }), tf.layers.dense({ units: T, activation: 'sigmoid' })],
  })
  network.layers[0]!.setWeights([tf.tensor2d(kernel1, [F, T * H]), tf.tensor1d(bias1)])
  network.layers[1]!.setWeights([tf.tensor2d(kernel2, [T * H, T]), tf.tensor1d(bias2)])
  let files: TfjsFiles | undefined
  await network.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      }
      files = { 'model.json': `${JSON.stringify(json)}\n`, 'weights.bin': Buffer.from(artifacts.weightData as ArrayBuffer) }
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  network.dispose()
  return { features, files: files!, integrity: { 'model.json': sri(files!['model.json']), 'weights.bin': sri(files!['weights.bin']) } }
}
