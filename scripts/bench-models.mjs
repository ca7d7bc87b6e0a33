// The model-runtime part of pnpm bench: Tailor's scorers in Node and in Chromium, against TF.js on
// the same logistic model and against XGBoost's own predict on the same booster and rows.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { serve } from './serve.mjs'

const CORE_DIST = new URL('../packages/core/dist/', import.meta.url).pathname
const FIXTURES = new URL('../packages/core/test/fixtures/xgboost/', import.meta.url).pathname
const tfRequire = createRequire(new URL('../packages/tfjs/package.json', import.meta.url))
const TF_BUNDLE = tfRequire.resolve('@tensorflow/tfjs/dist/tf.min.js')

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * Builds the two models and 1,000 candidate rows, then times them. Runs as is in Node and, passed
 * to page.evaluate, in Chromium: `engine` is @tailorjs/core/engine, `tf` is TF.js.
 */
async function measure({ engine, tf, booster, rows, repeats }) {
  const time = async (fn) => {
    const runs = []
    for (let i = 0; i < repeats; i++) {
      const start = performance.now()
      await fn()
      runs.push(performance.now() - start)
    }
    return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]
  }
  // A seeded generator: the same linear model in both runtimes.
  let seed = 7
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296) - 0.5
  const inputs = 500
  const outputs = 100
  const features = Array.from({ length: inputs }, (_, i) => ({ name: `f${i}`, kind: 'trait', key: `f${i}` }))
  const weights = Array.from({ length: outputs }, () => Array.from({ length: inputs }, () => random() * 0.2))
  const bias = Array.from({ length: outputs }, () => random())
  const manifest = (model, targets) => ({
    format: 'tailor-model@1', id: 'bench', version: '1', createdAt: '2026-11-26T00:00:00Z',
    features: model.type === 'xgboost' ? features.slice(0, 64) : features,
    featuresHash: engine.featureSpecHash(model.type === 'xgboost' ? features.slice(0, 64) : features),
    targets: Array.from({ length: targets }, (_, i) => ({ id: `t${i}` })),
    model,
  })
  // Cold: check the manifest, compile the model and score once, as a page does on a new model.
  const candidates = Array.from({ length: 1000 }, () => Float32Array.from({ length: inputs }, () => random() * 2))
  const coldStart = performance.now()
  const linear = engine.createScorer(engine.parseManifest(manifest({ type: 'linear', weights, bias }, outputs)))
  linear.score(candidates[0])
  const linearColdMs = performance.now() - coldStart
  const xgb = engine.createScorer(engine.parseManifest(manifest({ type: 'xgboost', booster }, 3)))
  const digitRows = rows.slice(0, 1000).map((row) => Float32Array.from(row, (v) => (v === null ? Number.NaN : v)))

  const result = {
    linearColdMs,
    linearMs: await time(() => candidates.forEach((x) => linear.score(x))),
    xgboostMs: await time(() => digitRows.forEach((x) => xgb.score(x))),
  }
  // TF.js, the same logistic model as a Dense layer: cold = build + first prediction.
  const tfStart = performance.now()
  const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [inputs], units: outputs, activation: 'sigmoid' })] })
  dense.layers[0].setWeights([tf.tensor2d(weights).transpose(), tf.tensor1d(bias)])
  tf.tidy(() => dense.predict(tf.tensor2d(candidates[0], [1, inputs])).dataSync())
  result.tfjsColdMs = performance.now() - tfStart
  result.tfjsPerRowMs = await time(() => candidates.forEach((x) => tf.tidy(() => dense.predict(tf.tensor2d(x, [1, inputs])).dataSync())))
  const batch = new Float32Array(candidates.length * inputs)
  candidates.forEach((x, i) => batch.set(x, i * inputs))
  result.tfjsBatchedMs = await time(() => tf.tidy(() => dense.predict(tf.tensor2d(batch, [candidates.length, inputs])).dataSync()))
  // Agreement, so the race is on the same model.
  const p = tf.tidy(() => dense.predict(tf.tensor2d(candidates[0], [1, inputs])).dataSync())
  result.tfjsMaxDiff = Math.max(...[...linear.score(candidates[0]).values()].map((v, i) => Math.abs(v - p[i])))
  result.tfjsBackend = tf.getBackend()
  return result
}

/** XGBoost's own predict on the same booster and rows, per row and batched (Debian's python3-xgboost). */
function xgboostPython() {
  const script = `
import json, sys, time
import numpy as np, xgboost as xgb
booster = xgb.Booster(); booster.load_model(sys.argv[1])
rows = np.array([[np.nan if v is None else v for v in r] for r in json.load(open(sys.argv[2]))["rows"][:1000]], dtype=np.float32)
def best(fn, n=5):
    times = []
    for _ in range(n):
        t = time.perf_counter(); fn(); times.append((time.perf_counter() - t) * 1000)
    return sorted(times)[n // 2]
batched = best(lambda: booster.inplace_predict(rows))
per_row = best(lambda: [booster.inplace_predict(rows[i:i + 1]) for i in range(len(rows))], 3)
print(json.dumps({"batchedMs": batched, "perRowMs": per_row, "version": xgb.__version__}))
`
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', script, `${FIXTURES}multi-softprob.model.json`, `${FIXTURES}multi-softprob.cases.json`], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    })
    return JSON.parse(out)
  } catch {
    return undefined
  }
}

export async function benchModels(browser, repeats = 5) {
  const booster = JSON.parse(readFileSync(`${FIXTURES}multi-softprob.model.json`, 'utf8'))
  const { rows } = JSON.parse(readFileSync(`${FIXTURES}multi-softprob.cases.json`, 'utf8'))
  const engine = await import(`${CORE_DIST}engine.js`)
  const tf = tfRequire('@tensorflow/tfjs')
  await tf.setBackend('cpu')
  const node = await measure({ engine, tf, booster, rows, repeats })

  const { server, url } = await serve(CORE_DIST)
  const page = await browser.newPage()
  await page.goto(url)
  await page.addScriptTag({ path: TF_BUNDLE })
  await page.addScriptTag({ type: 'module', content: "import * as engine from '/engine.js'; window.engine = engine" })
  await page.waitForFunction(() => 'engine' in window && 'tf' in window)
  const chromium = await page.evaluate(
    async ({ source, booster, rows, repeats }) => {
      await window.tf.setBackend('cpu')
      const measure = new Function(`return (${source})`)()
      return measure({ engine: window.engine, tf: window.tf, booster, rows, repeats })
    },
    { source: measure.toString(), booster, rows, repeats },
  )
  await page.close()
  server.close()

  const python = xgboostPython()
  const nodePerRow = node.xgboostMs
  const data = { node, chromium, xgboostPython: python ?? null }
  const row = (name, n, c) => `| ${name} | ${n} | ${c} |`
  const ms = (value) => `${round(value, 1)} ms`
  const md = `### Model runtime

1,000 candidates, median of 5 runs. Linear: 500 features × 100 targets. XGBoost: the 300-tree,
depth-6 multi:softprob booster from packages/core/test/fixtures/xgboost (1,000 digit rows with
missing values). TF.js ${data.node.tfjsBackend === data.chromium.tfjsBackend ? `(${data.node.tfjsBackend} backend in both)` : ''}: the same logistic model as a
Dense layer (largest difference from Tailor's scores: Node ${node.tfjsMaxDiff.toExponential(1)}, Chromium ${chromium.tfjsMaxDiff.toExponential(1)}).

| | Node | Chromium |
| --- | ---: | ---: |
${row('Tailor linear, 1,000 candidates one by one', ms(node.linearMs), ms(chromium.linearMs))}
${row('Tailor XGBoost (300 trees), 1,000 rows one by one', ms(node.xgboostMs), ms(chromium.xgboostMs))}
${row('Tailor linear, cold (check + compile + first score)', ms(node.linearColdMs), ms(chromium.linearColdMs))}
${row('TF.js, same logistic model: cold (build + first prediction)', ms(node.tfjsColdMs), ms(chromium.tfjsColdMs))}
${row('ratio cold TF.js / Tailor', `${round(node.tfjsColdMs / node.linearColdMs, 1)}×`, `${round(chromium.tfjsColdMs / chromium.linearColdMs, 1)}×`)}
${row('TF.js, 1,000 candidates one by one (warm)', ms(node.tfjsPerRowMs), ms(chromium.tfjsPerRowMs))}
${row('TF.js, 1,000 candidates in one batch (warm)', ms(node.tfjsBatchedMs), ms(chromium.tfjsBatchedMs))}
${row('ratio TF.js one by one / Tailor linear', `${round(node.tfjsPerRowMs / node.linearMs, 1)}×`, `${round(chromium.tfjsPerRowMs / chromium.linearMs, 1)}×`)}
${row('ratio TF.js batched / Tailor linear', `${round(node.tfjsBatchedMs / node.linearMs, 1)}×`, `${round(chromium.tfjsBatchedMs / chromium.linearMs, 1)}×`)}

${
  python
    ? `XGBoost ${python.version}'s own \`inplace_predict\` (Debian's python3-xgboost, one thread) on the same booster and rows:
${ms(python.batchedMs)} batched, ${ms(python.perRowMs)} one row at a time. Tailor in Node, one row at a time: ${ms(nodePerRow)}
(ratio XGBoost per row / Tailor: ${round(python.perRowMs / nodePerRow, 1)}×; XGBoost batched / Tailor: ${round(python.batchedMs / nodePerRow, 2)}×).`
    : 'XGBoost\'s own predict was skipped: install python3-xgboost (Debian) to compare.'
}
`
  return { md, data }
}
