import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { createScorer, parseManifest, type Manifest } from '@tailorjs/core/engine'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import linearManifest from '../../core/test/fixtures/manifest.json'
import { tfjsScorer } from './tfjs-scorer'
import type { TfLike } from './load-model'

// A real LayersModel saved by TF.js (scripts/fixtures/make-tfjs-model.mjs) with the weights of the
// core's linear fixture, served over HTTP from 127.0.0.1 with a file outside its directory.
const FIXTURES = join(import.meta.dirname, '../test/fixtures')
const file = (path: string) => readFileSync(join(FIXTURES, path))
const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`
const escaping = JSON.stringify({ ...JSON.parse(file('linear/model.json').toString()), weightsManifest: [{ paths: ['../secret.bin'], weights: JSON.parse(file('linear/model.json').toString()).weightsManifest[0].weights }] })

let server: Server
let base: string
beforeAll(async () => {
  await tf.setBackend('cpu')
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    const fixture = /^\/models\/(linear|graph)\/(model\.json|weights\.bin)$/.exec(path)
    if (fixture) response.end(file(`${fixture[1]}/${fixture[2]}`))
    else if (path === '/models/escaping/model.json') response.end(escaping)
    else if (path === '/models/secret.bin') response.end(file('linear/weights.bin'))
    else {
      response.statusCode = 404
      response.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/models/`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const manifest = (model: Record<string, unknown>): Manifest =>
  parseManifest({ ...linearManifest, model: { type: 'tfjs', format: 'layers', ...model } })
const plugin = tfjsScorer({ tf: tf as unknown as TfLike })
const vectors = [Float32Array.of(0.75, 0.25, Math.log1p(1)), Float32Array.of(0, 1, 0), Float32Array.of(1, 0, 2.3)]

describe('tfjsScorer', () => {
  it.each([
    ['a LayersModel saved by TF.js', { format: 'layers', url: 'linear/model.json' }],
    ['a GraphModel', { format: 'graph', url: 'graph/model.json' }],
  ])('%s agrees with the linear scorer on identical weights within 1e-6, scores and explanations', async (_, model) => {
    const scorer = await plugin.create(manifest(model), { manifestUrl: `${base}manifest.json` })
    const linear = createScorer(parseManifest(linearManifest))
    for (const x of vectors) {
      for (const target of ['lamps', 'rugs']) {
        expect(Math.abs(scorer.score(x).get(target)! - linear.score(x).get(target)!)).toBeLessThan(1e-6)
        const expected = linear.explain(x, target)
        const explained = scorer.explain(x, target)
        expect(explained.map((c) => c.feature)).toEqual(expected.map((c) => c.feature))
        explained.forEach((c, i) => expect(Math.abs(c.contribution - expected[i]!.contribution)).toBeLessThan(1e-5))
      }
    }
  })

  it('checks every file against the integrity values in the manifest', async () => {
    const integrity = { 'model.json': sri(file('linear/model.json')), 'weights.bin': sri(file('linear/weights.bin')) }
    const checked = await plugin.create(manifest({ url: 'linear/model.json', integrity }), { manifestUrl: `${base}manifest.json` })
    expect(checked.score(vectors[0]!).size).toBe(2)
    const wrong = { ...integrity, 'weights.bin': sri(Buffer.from('other')) }
    await expect(plugin.create(manifest({ url: 'linear/model.json', integrity: wrong }), { manifestUrl: `${base}manifest.json` })).rejects.toMatchObject({
      code: 'model-integrity',
      message: expect.stringContaining('weights.bin does not match sha384-'),
    })
  })

  it('caps the size of every file it downloads', async () => {
    const small = tfjsScorer({ tf: tf as unknown as TfLike, maxBytes: 500 }) // model.json is over 1,000 bytes
    await expect(small.create(manifest({ url: 'graph/model.json' }), { manifestUrl: `${base}manifest.json` })).rejects.toMatchObject({
      code: 'model-too-large',
    })
  })

  it('refuses weight files outside the model directory', async () => {
    await expect(plugin.create(manifest({ url: 'escaping/model.json' }), { manifestUrl: `${base}manifest.json` })).rejects.toMatchObject({
      code: 'model-fetch',
      message: expect.stringContaining("secret.bin is outside the model's directory"),
    })
  })

  it('refuses a model url that leaves the manifest directory before fetching anything', () => {
    for (const url of ['../model.json', '/models/linear/model.json', 'https://elsewhere.example/model.json', '..\\model.json', '%2e%2e/model.json', '\\\\evil.example/model.json']) {
      expect(() => manifest({ url })).toThrow("must be a path inside the manifest's directory")
    }
  })

  it('refuses calibration, which a TF.js model must do itself', () => {
    expect(() => parseManifest({ ...linearManifest, calibration: { method: 'platt', a: [1, 1], b: [0, 0] }, model: { type: 'tfjs', format: 'layers', url: 'linear/model.json' } })).toThrow(
      'calibration: not supported for tfjs models',
    )
  })

  it('loads TF.js itself, lazily, when none is injected', async () => {
    const scorer = await tfjsScorer().create(manifest({ url: 'linear/model.json' }), { manifestUrl: `${base}manifest.json` })
    expect(scorer.score(vectors[1]!).get('rugs')).toBeCloseTo(1 / (1 + Math.exp(-(-1 + 2))), 6)
  })
})
