import { TailorError } from '../errors'
import manifestSchema from '../schemas/manifest.schema.json'
import { validate, type JsonSchema } from '../validate'
import type { Manifest } from './schema'

/**
 * Validate a downloaded manifest: the schema, then the shapes the schema cannot see. Throws a
 * TailorError (`model-invalid`) naming the first bad field; a manifest is never half-loaded.
 */
export function parseManifest(input: unknown): Manifest {
  const manifest = validate<Manifest>(manifestSchema as JsonSchema, input, 'model-invalid')
  const { features, targets, model } = manifest
  const expect = (path: string, actual: number, expected: number, per: string) => {
    if (actual !== expected) throw new TailorError('model-invalid', `${path}: expected ${expected} entries (one per ${per}), got ${actual}`)
  }
  expect('model.bias', model.bias.length, targets.length, 'target')
  expect('model.weights', model.weights.length, targets.length, 'target')
  model.weights.forEach((row, t) => expect(`model.weights.${t}`, row.length, features.length, 'feature'))
  return manifest
}
