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
    const weights = model.weights.map((row) => Float32Array.from(row))
    const clean = (value: number) => (Number.isFinite(value) ? value : 0)
    margins = (x) => Float64Array.from(weights, (w, t) => w.reduce((z, wi, i) => z + wi * clean(x[i]!), model.bias[t]!))
    contributions = (x, t) => Float64Array.from({ length: features.length + 1 }, (_, i) => (i < features.length ? weights[t]![i]! * clean(x[i]!) : model.bias[t]!))
  } else if (model.type === 'tfjs') {
    throw new TypeError(`the model ${manifest.id} is a TF.js model: score it with the @tailorjs/tfjs plug-in`)
  } else {
    // parseManifest guarantees the booster is embedded.
    const booster = compileBooster(model.booster!, features.length)
    softmax = booster.objective === 'multi:softprob'
    margins = (x) => boosterMargins(booster, x)
    contributions = (x, t) => boosterContributions(booster, x, t)
  }
  const calibrate = (m: Float64Array) => (calibration ? m.map((margin, t) => calibration.a[t]! * margin + calibration.b[t]!) : m)
  return {
    score(x) {
      const p = probabilities(calibrate(margins(x)), softmax)
      return new Map(targets.map((target, t) => [target.id, p[t]!]))
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
