import { TailorError } from '../errors'
import { featureSpecHash } from '../features/hash'
import manifestSchema from '../schemas/manifest.schema.json'
import { validate, type JsonSchema } from '../validate'
import type { Manifest } from './schema'
import { compileBooster } from './xgboost'

/**
 * Validate a downloaded manifest: the schema, then what the schema cannot see (the features'
 * hash, one output per target, one weight per feature, a booster that compiles). Throws a
 * TailorError (`model-invalid`) naming the first bad field; a manifest is never half-loaded.
 */
export function parseManifest(input: unknown): Manifest {
  const manifest = validate<Manifest>(manifestSchema as JsonSchema, input, 'model-invalid')
  const { features, targets, model, calibration } = manifest
  const fail = (detail: string) => {
    throw new TailorError('model-invalid', detail)
  }
  const expect = (path: string, actual: number, expected: number, per: string) => {
    if (actual !== expected) fail(`${path}: expected ${expected} entries (one per ${per}), got ${actual}`)
  }
  const hash = featureSpecHash(features)
  if (manifest.featuresHash !== hash) fail(`featuresHash: ${manifest.featuresHash} does not match the features (${hash}); retrain or re-export the model`)
  if (new Set(targets.map((target) => target.id)).size !== targets.length) fail('targets: ids must be unique')
  if (manifest.scoring === 'candidates') {
    expect('targets', targets.length, 1, 'output of a pooled model')
  } else {
    const pooledOnly = features.findIndex((feature) => feature.kind.startsWith('candidate'))
    if (pooledOnly >= 0) fail(`features.${pooledOnly}: candidate features need "scoring": "candidates"`)
  }
  if (model.type === 'linear') {
    expect('model.bias', model.bias.length, targets.length, 'target')
    expect('model.weights', model.weights.length, targets.length, 'target')
    model.weights.forEach((row, t) => {
      expect(`model.weights.${t}`, row.length, features.length, 'feature')
      // Weights are scored as float32: one beyond its range would become Infinity, and a score NaN.
      const huge = row.findIndex((weight) => !Number.isFinite(Math.fround(weight)))
      if (huge >= 0) fail(`model.weights.${t}.${huge}: ${row[huge]} is beyond the 32-bit float range`)
    })
  } else if (model.type === 'tfjs') {
    // Resolved against any manifest location, the model must stay in that directory (this also
    // catches `..`, `%2e%2e`, backslashes and `//host` forms, which URL parsing normalises).
    const base = 'https://manifest.invalid/a/b/manifest.json'
    if (!new URL(model.url, base).href.startsWith(new URL('./', base).href)) fail(`model.url: ${model.url} must be a path inside the manifest's directory`)
    if (calibration) fail('calibration: not supported for tfjs models; calibrate inside the model')
  } else if (!model.booster) {
    fail('model.booster: missing; a booster published by url is embedded by the loader before parsing')
  } else {
    expect('targets', targets.length, compileBooster(model.booster, features.length).outputs, 'model output')
  }
  if (calibration) {
    expect('calibration.a', calibration.a.length, targets.length, 'target')
    expect('calibration.b', calibration.b.length, targets.length, 'target')
  }
  return manifest
}
