import { TailorError, type Contribution, type Manifest, type Scorer, type ScorerPlugin } from '@tailorjs/core/engine'
import { confinedFetch, type TfLike, type TfModel } from './load-model'

export interface TfjsScorerOptions {
  /**
   * TF.js to use. Default: `import('@tensorflow/tfjs')`, loaded the first time a manifest names a
   * TF.js model, never before. Inject it to pick backends or to test.
   */
  tf?: TfLike
  /** The largest file (model.json or a weight shard) accepted, in bytes. Default 20,000,000. */
  maxBytes?: number
}

const logit = (p: number) => Math.log(p / (1 - p))

/**
 * The scorer plug-in for TF.js LayersModel and GraphModel files named by a `tfjs` manifest. Each
 * output is a target's probability. Explanations are by occlusion: a feature's contribution is
 * the change in the target's log-odds when that feature is set to 0, which for a logistic layer
 * equals the linear scorer's weight × value.
 * @example
 * import { createTailor } from '@tailorjs/core'
 * import { tfjsScorer } from '@tailorjs/tfjs'
 * const tailor = createTailor({ model: '/model.json', scorers: [tfjsScorer()] })
 */
export function tfjsScorer(options: TfjsScorerOptions = {}): ScorerPlugin {
  return {
    type: 'tfjs',
    async create(manifest: Manifest, { manifestUrl }): Promise<Scorer> {
      const { model, features, targets } = manifest
      if (model.type !== 'tfjs') throw new TailorError('model-invalid', `model.type: ${model.type} is not a TF.js model`)
      const tf = options.tf ?? ((await import('@tensorflow/tfjs')) as unknown as TfLike)
      const url = new URL(model.url, manifestUrl).href
      const load = model.format === 'layers' ? tf.loadLayersModel : tf.loadGraphModel
      let loaded: TfModel
      try {
        loaded = await load.call(tf, url, { fetchFunc: confinedFetch(url, model.integrity, options.maxBytes ?? 20_000_000) })
      } catch (error) {
        // TF.js rethrows what the fetch threw with its own message around it: keep the code.
        const code = (error as TailorError).code ?? 'model-fetch'
        throw new TailorError(code, `${url}: ${(error as Error).message}`, { cause: error })
      }
      const n = features.length

      /** Probabilities for each row of `rows` (row-major, n values each). */
      const predict = (rows: Float32Array, count: number): Float32Array =>
        tf.tidy(() => {
          const output = loaded.predict(tf.tensor2d(rows, [count, n]) as never) as { dataSync(): Float32Array; shape: number[] }
          if (output.shape.at(-1) !== targets.length) {
            throw new TailorError('model-invalid', `the TF.js model has ${output.shape.at(-1)} outputs, the manifest ${targets.length} targets`)
          }
          return output.dataSync().slice()
        })

      return {
        score(x) {
          const p = predict(x, 1)
          return new Map(targets.map((target, t) => [target.id, p[t]!]))
        },
        explain(x, target, top = 5) {
          const t = targets.findIndex((candidate) => candidate.id === target)
          if (t < 0) throw new RangeError(`explain(): the model ${manifest.id} has no target "${target}"`)
          // Row 0 is x itself; row i + 1 is x with feature i set to 0.
          const rows = new Float32Array((n + 1) * n)
          for (let row = 0; row <= n; row++) {
            rows.set(x, row * n)
            if (row > 0) rows[row * n + row - 1] = 0
          }
          const p = predict(rows, n + 1)
          const base = logit(p[t]!)
          const contributions: Contribution[] = features.map((feature, i) => ({
            feature: feature.name,
            value: x[i]!,
            contribution: base - logit(p[(i + 1) * targets.length + t]!),
          }))
          return contributions
            .filter((entry) => entry.contribution !== 0)
            .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
            .slice(0, top)
        },
      }
    },
  }
}
