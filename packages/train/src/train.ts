import { createRequire } from 'node:module'
import type { FeatureSpec, Manifest } from '@tailorjs/core/engine'
import { popularityScores, rfmScores } from './baselines'
import { fitPlatt, type Platt } from './calibrate'
import { checkReport, checkSlices, preparedNote } from './checks'
import { parseConfig, timeline, type ResolvedConfig, type TrainConfig } from './config'
import { buildSlices, candidateOf, priorsAt, selectTargets, type Slice, type Target } from './dataset'
import { evaluate, type Evaluation } from './evaluate'
import { manifestOf, toManifest } from './export'
import { loadTf, mlpMargins, toTfjsModel, trainPooledMlp, type PooledMlp, type Tf } from './mlp'
import { ingest, type IngestReport } from './ingest'
import { pooledMargins, trainPooledLogistic, type PooledLogistic } from './logistic'
import { silent, stopwatch, type Progress } from './progress'
import { prepareDuckdb } from './sql/duckdb'
import { prepareFromSqlOutput } from './sql/spark'
import { ITEM_EVENTS, pooledSpec } from './spec'

/** What a run learned and how every model and baseline did, as summary.json holds it. */
export interface Summary {
  tool: string
  createdAt: string
  data: IngestReport
  protocol: {
    dimension: 'item' | 'category'
    targets: number
    trainCutoffs: string[]
    testCutoff: string
    horizonDays: number
    trainRows: number
    testCustomers: number
  }
  features: string[]
  /** The exported model's type. */
  model: 'logistic' | 'mlp'
  /** The logistic model's weights, by feature. */
  weights: Record<string, number>
  /** Baselines first, then the model; each on the same test customers and labels. */
  evaluations: Evaluation[]
  timingsMs: Record<string, number>
}

export interface TrainResult {
  config: ResolvedConfig
  targets: Target[]
  /** The pooled model's features (candidate form). */
  spec: FeatureSpec
  model: PooledLogistic
  calibration: Platt[]
  /** With `model.type: "mlp"`: the network, which the manifest then holds. */
  mlp?: { model: PooledMlp; calibration: Platt[] } | undefined
  manifest: Manifest
  /** Files to publish beside the manifest (a TF.js model's), by path relative to it. */
  files: Record<string, string | Buffer>
  summary: Summary
  /** The test slice and the exported model's calibrated probabilities on it (row `i * targets + t`). */
  test: Slice
  predictions: Float64Array
}

const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))
const day = (ts: number) => new Date(ts).toISOString().slice(0, 10)

/** Rows of several slices, one after the other (each slice is customer-major, so row % targets still gives the target). */
function concat(slices: readonly Slice[]): { x: Float32Array; y: Uint8Array } {
  const x = new Float32Array(slices.reduce((sum, slice) => sum + slice.x.length, 0))
  const y = new Uint8Array(slices.reduce((sum, slice) => sum + slice.y.length, 0))
  let xo = 0
  let yo = 0
  for (const slice of slices) {
    x.set(slice.x, xo)
    y.set(slice.y, yo)
    xo += slice.x.length
    yo += slice.y.length
  }
  return { x, y }
}

/** A run's data, replayed to every cutoff: what training and the features table share. */
export interface Prepared {
  config: ResolvedConfig
  report: IngestReport
  targets: Target[]
  spec: FeatureSpec
  trainSlices: Slice[]
  test: Slice
  /** The targets' priors as of the end of the data: what production scores them with. */
  priors: Float64Array
  timings: Record<string, number>
}

/** Ingests the history, selects the targets, and replays every customer to every cutoff. */
export async function prepare(input: TrainConfig, progress: Progress = silent): Promise<Prepared> {
  const config = parseConfig(input)
  const { timings, lap } = stopwatch()

  const reading = progress('read')
  const history = await ingest(config.input, ({ lines }) => reading.update(lines))
  const { report } = history
  lap('ingest')
  reading.done(`${report.lines.toLocaleString('en-US')} lines, ${report.accepted.toLocaleString('en-US')} kept, ${report.customers.toLocaleString('en-US')} customers`)
  const end = checkReport(config, report)

  const { dimension, count } = config.targets
  const { cutoffs, before } = timeline(config)
  const targets = selectTargets(history.customers, dimension, count, before)
  if (!targets.length) throw new Error(`no ${dimension} was bought before ${day(before)}: move the cutoffs later`)
  // Features for every kind of product event the data holds (order exports: purchases only).
  const seen = new Set<string>()
  for (const events of history.customers.values()) for (const event of events) seen.add(event.type)
  const spec = pooledSpec(dimension, ITEM_EVENTS.filter((event) => seen.has(event)))

  const replay = progress('replay', history.customers.size)
  let replayed = 0
  const slices = buildSlices(history.customers, cutoffs, { targets, dimension, spec, horizonDays: config.horizonDays }, () => replay.update(++replayed))
  const test = slices.at(-1)!
  const trainSlices = slices.slice(0, -1)
  checkSlices(config, trainSlices, test)
  const priors = priorsAt(history.customers, end, targets, dimension, config.horizonDays)
  lap('replay')
  replay.done(preparedNote(report, trainSlices, test))
  return { config, report, targets, spec, trainSlices, test, priors, timings }
}

export interface TrainOptions {
  progress?: Progress
  /** Sets the manifest's `createdAt` and default `version`. Default: now. */
  now?: Date
  /** Prepare from the outputs a run of the compiled SQL (the Spark job) wrote into this directory, rather than from the input. */
  sqlOutput?: string | undefined
}

/**
 * The rows to train on, by the configured engine (`replay` or `duckdb`), or read from the
 * outputs of the compiled SQL that a Spark job wrote into `sqlOutput`. All give the same rows.
 */
export async function prepareWith(input: TrainConfig, progress: Progress = silent, sqlOutput?: string): Promise<Prepared> {
  if (sqlOutput) return prepareFromSqlOutput(input, sqlOutput, progress)
  const config = parseConfig(input)
  return config.engine === 'duckdb' ? prepareDuckdb(input, progress, config.duckdb ?? {}) : prepare(input, progress)
}

/**
 * One training run: prepare the data, train the pooled logistic model (and with `model.type:
 * "mlp"` a small network too) and calibrate it, score the baselines and the models on the test
 * cutoff, and export the manifest of the chosen model (with the targets' priors as of the end of
 * the data).
 */
export async function train(input: TrainConfig, { progress = silent, now = new Date(), sqlOutput }: TrainOptions = {}): Promise<TrainResult> {
  const { config, report, targets, spec, trainSlices, test, priors, timings } = await prepareWith(input, progress, sqlOutput)
  const { dimension } = config.targets
  const T = targets.length
  const rows = trainSlices.reduce((sum, slice) => sum + slice.y.length, 0)
  const time = <R>(name: string, work: () => R): R => {
    const start = performance.now()
    const result = work()
    timings[name] = Math.round(performance.now() - start)
    return result
  }

  const { epochs, l2, seed, learningRate } = config.model
  const n = spec.length
  const { x, y } = concat(trainSlices)
  /** Platt scaling per target, fitted on the training rows' margins. */
  const calibrate = (margins: Float64Array) =>
    targets.map((_, t) => {
      const m: number[] = []
      const labels: number[] = []
      for (let r = t; r < y.length; r += T) m.push(margins[r]!), labels.push(y[r]!)
      return fitPlatt(m, labels)
    })
  const probabilities = (margins: Float64Array, calibration: Platt[]) => margins.map((m, r) => sigmoid(calibration[r % T]!.a * m + calibration[r % T]!.b))

  const fitting = progress('train', epochs)
  const model = time('train', () => trainPooledLogistic(x, y, n, T, { epochs, l2, seed, ...(learningRate && { learningRate }) }, (epoch) => fitting.update(epoch)))
  const calibration = calibrate(pooledMargins(model, x, n))
  fitting.done(`${n} features, ${T} targets`)

  let mlp: { model: PooledMlp; calibration: Platt[]; tf: Tf } | undefined
  if (config.model.type === 'mlp') {
    const tf = await loadTf()
    const fittingMlp = progress('train mlp', epochs)
    const start = performance.now()
    const network = await trainPooledMlp(tf, x, y, n, T, { hidden: config.model.hidden, epochs, seed, ...(learningRate && { learningRate }) }, (epoch) => fittingMlp.update(epoch))
    timings.trainMlp = Math.round(performance.now() - start)
    mlp = { model: network, calibration: calibrate(mlpMargins(network, x, n)), tf }
    fittingMlp.done(`${config.model.hidden} hidden units`)
  }

  const scoring = progress('evaluate')
  const logisticPredictions = probabilities(pooledMargins(model, test.x, n), calibration)
  const mlpPredictions = mlp && probabilities(mlpMargins(mlp.model, test.x, n), mlp.calibration)
  const evaluations = time('evaluate', () => [
    evaluate('popularity', 'Top sellers: every customer gets each target\'s recent popularity', popularityScores(test), test, targets),
    evaluate('rfm-segments', 'RFM segments: 125 quintile cells of recency, frequency and monetary value, each cell\'s purchase rate per target', rfmScores(trainSlices, test), test, targets),
    evaluate('own-history', 'The customer\'s own purchases of the target, decayed with a 60-day half-life', test.own, test, targets),
    evaluate('tailor-pooled-logistic', 'Tailor: one logistic model pooled over targets, on the shopper\'s RFM and own history of each target and its category', logisticPredictions, test, targets),
    ...(mlpPredictions ? [evaluate('tailor-pooled-mlp', `Tailor: a network of ${config.model.hidden} hidden units pooled over targets, on the same features`, mlpPredictions, test, targets)] : []),
  ])
  scoring.done(evaluations.map((evaluation) => `${evaluation.name} AUC ${evaluation.meanAuc.toFixed(3)}`).join(', '))

  const exported = evaluations.at(-1)!
  const header = {
    id: config.output.id,
    version: config.output.version ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    createdAt: now,
    targets,
    metrics: { mean_auc: exported.meanAuc, top_decile_lift: exported.meanTopDecileLift, precision_at_5: exported.precisionAt5 },
  }
  const candidates = targets.map((target, t) => candidateOf(target, dimension, priors[t]!))
  let manifest: Manifest
  const files: Record<string, string | Buffer> = {}
  if (mlp) {
    const network = await toTfjsModel(mlp.tf, mlp.model, spec, candidates, mlp.calibration)
    manifest = manifestOf(header, network.features, { type: 'tfjs', format: 'layers', url: 'model/model.json', integrity: network.integrity })
    files['model/model.json'] = network.files['model.json']
    files['model/weights.bin'] = network.files['weights.bin']
  } else {
    manifest = toManifest(header, spec, model, candidates, calibration)
  }

  const summary: Summary = {
    tool: `@tailorjs/train ${version}`,
    createdAt: now.toISOString(),
    data: report,
    protocol: {
      dimension,
      targets: T,
      trainCutoffs: trainSlices.map((slice) => day(slice.cutoff)),
      testCutoff: day(test.cutoff),
      horizonDays: config.horizonDays,
      trainRows: rows,
      testCustomers: test.customers.length,
    },
    features: spec.map((feature) => feature.name),
    model: config.model.type,
    weights: Object.fromEntries(spec.map((feature, j) => [feature.name, model.weights[j]!])),
    evaluations,
    timingsMs: timings,
  }
  return { config, targets, spec, model, calibration, mlp: mlp && { model: mlp.model, calibration: mlp.calibration }, manifest, files, summary, test, predictions: mlpPredictions ?? logisticPredictions }
}

