import type { Manifest } from './schema'
import { boosterContributions, boosterMargins, compileBooster } from './xgboost'

/** Propensity per target id, each in (0, 1). */
export type Scores = ReadonlyMap<string, number>

/** How much one feature moved a target's margin (log-odds), for explanations. */
export interface Contribution {
  feature: string
  value: number
  contribution: number
}

/**
 * Scores models of a type the engine does not score itself (`tfjs`), passed to
 * `createTailor({ scorers: [tfjsScorer()] })`. `manifestUrl` resolves the model's own files.
 */
export interface ScorerPlugin {
  type: Manifest['model']['type']
  create(manifest: Manifest, context: { manifestUrl: string }): Promise<Scorer>
}

/** A compiled model: scores feature vectors and explains a score. */
export interface Scorer {
  score(x: Float32Array): Scores
  /**
   * The `top` features that moved `target`'s margin most, largest absolute contribution first:
   * exact for linear models (weight × value), path-based (Saabas) for trees.
   */
  explain(x: Float32Array, target: string, top?: number): Contribution[]
}

const sigmoid = (margin: number) => 1 / (1 + Math.exp(-margin))
/** A feature as a linear model reads it: ±Infinity (a value beyond float32 range) as the largest float32, so margins stay finite. */
const FLOAT32_MAX = 3.4028234663852886e38
const bounded = (value: number) => (value > FLOAT32_MAX ? FLOAT32_MAX : value < -FLOAT32_MAX ? -FLOAT32_MAX : value)

/** Margins to probabilities: softmax across classes for softprob, else a logistic per target. */
function probabilities(margins: Float64Array, softmax: boolean): Float64Array {
  if (!softmax) return margins.map(sigmoid)
  const max = Math.max(...margins)
  const exp = margins.map((m) => Math.exp(m - max))
  const sum = exp.reduce((a, b) => a + b, 0)
  return exp.map((e) => e / sum)
}

/**
 * Compiles a validated manifest's model once (see parseManifest). Scores are always finite:
 * inputs that are NaN take XGBoost's default direction; a linear model treats them as 0.
 */
export function createScorer(manifest: Manifest): Scorer {
  const { model, targets, features, calibration } = manifest
  let margins: (x: Float32Array) => Float64Array
  let contributions: (x: Float32Array, output: number) => Float64Array
  let softmax = false
  if (model.type === 'linear') {
    const n = features.length
    // One flat row-major matrix: the inner loop is a plain multiply-add over typed arrays.
    const weights = new Float32Array(model.weights.length * n)
    model.weights.forEach((row, t) => weights.set(row, t * n))
    const bias = Float64Array.from(model.bias)
    margins = (x) => {
      const m = new Float64Array(bias.length)
      for (let t = 0, offset = 0; t < m.length; t++, offset += n) {
        let z = bias[t]!
        for (let i = 0; i < n; i++) {
          const value = x[i]!
          if (value === value) z += weights[offset + i]! * bounded(value) // NaN counts as 0
        }
        m[t] = z
      }
      return m
    }
    contributions = (x, t) =>
      Float64Array.from({ length: n + 1 }, (_, i) => (i < n ? (x[i] === x[i] ? weights[t * n + i]! * bounded(x[i]!) : 0) : model.bias[t]!))
  } else if (model.type === 'tfjs') {
    throw new TypeError(`the model ${manifest.id} is a TF.js model: score it with the @tailorjs/tfjs plug-in`)
  } else {
    // parseManifest guarantees the booster is embedded.
    const booster = compileBooster(model.booster!, features.length)
    softmax = booster.objective === 'multi:softprob'
    margins = (x) => boosterMargins(booster, x)
    contributions = (x, t) => boosterContributions(booster, x, t)
  }
  // Clamped: a huge scale must not overflow to Infinity, which softmax would turn into NaN.
  const calibrate = (m: Float64Array) =>
    calibration ? m.map((margin, t) => Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, calibration.a[t]! * margin + calibration.b[t]!))) : m
  const ids = targets.map((target) => target.id)
  return {
    score(x) {
      const p = probabilities(calibrate(margins(x)), softmax)
      const scores = new Map<string, number>()
      for (let t = 0; t < ids.length; t++) scores.set(ids[t]!, p[t]!)
      return scores
    },
    explain(x, target, top = 5) {
      const t = targets.findIndex((candidate) => candidate.id === target)
      if (t < 0) throw new RangeError(`explain(): the model ${manifest.id} has no target "${target}"`)
      const all = contributions(x, t)
      return features
        .map((feature, i) => ({ feature: feature.name, value: x[i]!, contribution: all[i]! }))
        .filter((entry) => entry.contribution !== 0)
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
        .slice(0, top)
    },
  }
}

/** Lets other work run: `scheduler.yield()` where the browser has it, else a zero-delay timer. */
const yieldToHost = () => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  return scheduler?.yield ? scheduler.yield() : new Promise<void>((resolve) => setTimeout(resolve, 0))
}

/**
 * Scores many feature vectors (one per candidate) without holding the main thread: after every
 * `sliceMs` of work (default 8) it yields, so no task comes near the 50 ms of a long task.
 */
export async function scoreAll(scorer: Scorer, vectors: readonly Float32Array[], { sliceMs = 8 } = {}): Promise<Scores[]> {
  const scores: Scores[] = []
  let sliceStart = performance.now()
  for (const x of vectors) {
    scores.push(scorer.score(x))
    if (performance.now() - sliceStart > sliceMs) {
      await yieldToHost()
      sliceStart = performance.now()
    }
  }
  return scores
}
