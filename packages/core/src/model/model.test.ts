import { describe, expect, it } from 'vitest'
import fixture from '../../test/fixtures/manifest.json'
import { TailorError } from '../errors'
import { linearScorer } from './linear'
import { parseManifest } from './manifest'

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))
const withChange = (change: (manifest: Record<string, any>) => void): unknown => {
  const copy = structuredClone(fixture) as Record<string, any>
  change(copy)
  return copy
}

function rejection(input: unknown): string {
  try {
    parseManifest(input)
  } catch (error) {
    expect(error).toBeInstanceOf(TailorError)
    expect((error as TailorError).code).toBe('model-invalid')
    return (error as Error).message
  }
  throw new Error('expected parseManifest to throw')
}

describe('parseManifest', () => {
  it('accepts a valid tailor-model@1 manifest', () => {
    expect(parseManifest(fixture).targets.map((target) => target.id)).toEqual(['lamps', 'rugs'])
  })

  it.each([
    ['an unknown field', (m: Record<string, any>) => (m.weightz = []), '(root): unknown field "weightz"'],
    ['a missing field', (m: Record<string, any>) => delete m.model.bias, 'model: missing field "bias"'],
    ['a wrong format', (m: Record<string, any>) => (m.format = 'tailor-model@2'), 'format: expected "tailor-model@1"'],
    ['a bad feature', (m: Record<string, any>) => (m.features[1].halfLifeDays = 30), 'features.1.halfLifeDays: expected one of 1, 7, 60'],
    ['a bias per target', (m: Record<string, any>) => m.model.bias.pop(), 'model.bias: expected 2 entries (one per target), got 1'],
    ['a weight per feature', (m: Record<string, any>) => m.model.weights[1].push(1), 'model.weights.1: expected 3 entries (one per feature), got 4'],
  ])('rejects %s, naming the field', (_, change, message) => {
    expect(rejection(withChange(change))).toContain(message)
  })
})

describe('linearScorer', () => {
  it('gives each target sigmoid(bias + weights · x)', () => {
    const score = linearScorer(parseManifest(fixture))
    const scores = score(Float32Array.of(0.75, 0.25, Math.log1p(1)))
    expect(scores.get('lamps')).toBeCloseTo(sigmoid(-1 + 2 * 0.75 - 0.25 + 0.5 * Math.log(2)), 6)
    expect(scores.get('rugs')).toBeCloseTo(sigmoid(-1 - 0.75 + 2 * 0.25 + 0.5 * Math.log(2)), 6)
  })
})
