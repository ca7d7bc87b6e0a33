import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyEvents, emptyProfile, featurize, parseManifest, type TailorEvent } from '@tailorjs/core/engine'
import { tfjsScorer, type TfLike } from '@tailorjs/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { candidateOf } from '../src/dataset'
import { manifestOf } from '../src/export'
import { ingest } from '../src/ingest'
import { loadTf, toTfjsModel, type Tf } from '../src/mlp'
import { train, type TrainResult } from '../src/train'
import { writeRun } from '../src/write'
import { sampleConfig } from './helpers'

let tf: Tf
let result: TrainResult
let customers: Map<string, TailorEvent[]>
let server: Server
let base: string
const served = new Map<string, string | Buffer>()

beforeAll(async () => {
  tf = await loadTf()
  const config = sampleConfig()
  result = await train({ ...config, model: { type: 'mlp', hidden: 4, epochs: 3 } }, { now: new Date('2026-11-26T12:00:00Z') })
  customers = (await ingest(config.input)).customers
  server = createServer((request, response) => {
    const file = served.get(new URL(request.url ?? '/', 'http://x').pathname)
    response.statusCode = file === undefined ? 404 : 200
    response.end(file)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
}, 120_000)
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('model.type "mlp"', () => {
  it('is evaluated beside the logistic model, and its manifest names a TF.js model written beside it', async () => {
    expect(result.summary.evaluations.map((e) => e.name)).toEqual(['popularity', 'rfm-segments', 'own-history', 'tailor-pooled-logistic', 'tailor-pooled-mlp'])
    expect(result.manifest.model).toMatchObject({ type: 'tfjs', format: 'layers', url: 'model/model.json' })
    const dir = mkdtempSync(join(tmpdir(), 'tailor-mlp-'))
    await writeRun(result, dir)
    expect(JSON.parse(readFileSync(join(dir, 'model', 'model.json'), 'utf8'))).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'] }] })
    expect(readFileSync(join(dir, 'model', 'weights.bin')).equals(result.files['model/weights.bin'] as Buffer)).toBe(true)
  })

  it('the @tailorjs/tfjs plug-in, loading the files over HTTP with their integrity checked, reproduces the trainer\'s predictions', async () => {
    const { test, targets, spec, mlp } = result
    // Exported with the test cutoff's priors, so the browser scores exactly what the trainer evaluated.
    const network = await toTfjsModel(tf, mlp!.model, spec, targets.map((target, t) => candidateOf(target, 'item', test.priors[t]!)), mlp!.calibration)
    const manifest = parseManifest(JSON.parse(JSON.stringify(
      manifestOf({ id: 'mlp', version: '1', createdAt: new Date(), targets }, network.features, { type: 'tfjs', format: 'layers', url: 'model/model.json', integrity: network.integrity }),
    )))
    served.set('/m/model/model.json', network.files['model.json'])
    served.set('/m/model/weights.bin', network.files['weights.bin'])
    const scorer = await tfjsScorer({ tf: tf as unknown as TfLike }).create(manifest, { manifestUrl: `${base}/m/manifest.json` })
    const T = targets.length
    test.customers.forEach((customer, i) => {
      const profile = applyEvents(emptyProfile(), customers.get(customer)!.filter((event) => event.ts < test.cutoff))
      const scores = scorer.score(featurize(profile, manifest.features, test.cutoff))
      targets.forEach((target, t) => expect(scores.get(target.id)).toBeCloseTo(result.predictions[i * T + t]!, 5))
    })
    // A weights file that is not the one the manifest names is refused.
    served.set('/m/model/weights.bin', Buffer.alloc(network.files['weights.bin'].length))
    await expect(tfjsScorer({ tf: tf as unknown as TfLike }).create(manifest, { manifestUrl: `${base}/m/manifest.json` })).rejects.toMatchObject({ code: 'model-integrity' })
  })
})
