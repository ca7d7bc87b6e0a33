import { describe, expect, it } from 'vitest'
import fixture from '../../test/fixtures/manifest.json'
import { XGBOOST_FIXTURES, row, xgboostFixture } from '../../test/xgboost-fixtures'
import { TailorError } from '../errors'
import { featureSpecHash } from '../features/hash'
import type { FeatureSpec } from '../features/schema'
import { parseManifest } from './manifest'
import { createScorer } from './scorer'

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))
type Json = Record<string, any>
const changed = (base: unknown, change: (manifest: Json) => void): unknown => {
  const copy = structuredClone(base) as Json
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
    ['an unknown field', (m: Json) => (m.weightz = []), '(root): unknown field "weightz"'],
    ['a missing field', (m: Json) => delete m.model.bias, 'model: missing field "bias"'],
    ['a wrong format', (m: Json) => (m.format = 'tailor-model@2'), 'format: expected "tailor-model@1"'],
    ['a bad feature', (m: Json) => (m.features[1].halfLifeDays = 30), 'features.1.halfLifeDays: expected one of 1, 7, 60'],
    ['features changed without retraining', (m: Json) => (m.features[0].transform = 'none'), 'featuresHash: cyrb53:1df524ea0f745e does not match the features'],
    ['a bias per target', (m: Json) => m.model.bias.pop(), 'model.bias: expected 2 entries (one per target), got 1'],
    ['a weight per feature', (m: Json) => m.model.weights[1].push(1), 'model.weights.1: expected 3 entries (one per feature), got 4'],
    ['a weight that is not a number', (m: Json) => (m.model.weights[0][0] = Number.NaN), 'model.weights.0.0: expected number'],
    ['duplicate targets', (m: Json) => (m.targets[1].id = 'lamps'), 'targets: ids must be unique'],
    ['calibration per target', (m: Json) => (m.calibration = { method: 'platt', a: [1], b: [0, 0] }), 'calibration.a: expected 2 entries'],
  ])('rejects %s, naming the field', (_, change, message) => {
    expect(rejection(changed(fixture, change))).toContain(message)
  })

  const { manifest: booster } = xgboostFixture('binary-logistic')
  const tree = (m: Json) => m.model.booster.learner.gradient_booster.model.trees[3]
  it.each([
    ['an unsupported objective, by name', (m: Json) => (m.model.booster.learner.objective.name = 'rank:pairwise'), 'model.booster.learner.objective.name: expected one of "binary:logistic", "reg:logistic", "multi:softprob"'],
    ['another booster', (m: Json) => (m.model.booster.learner.gradient_booster.name = 'dart'), 'gradient_booster.name: expected "gbtree"'],
    ['categorical splits', (m: Json) => (tree(m).split_type[0] = 1), 'categorical splits are not supported (tree 3, node 0)'],
    ['a cycle', (m: Json) => (tree(m).left_children[2] = 1), 'tree 3, node 2 has children out of order or range'],
    ['a split on a feature it does not have', (m: Json) => (tree(m).split_indices[0] = 64), 'splits on feature 64, the manifest has 64'],
    ['another number of features', (m: Json) => (m.model.booster.learner.learner_model_param.num_feature = '63'), 'num_feature is 63, the manifest has 64 features'],
    ['too many targets', (m: Json) => m.targets.push({ id: 'no' }), 'targets: expected 1 entries (one per model output), got 2'],
  ])('rejects an XGBoost model with %s', (_, change, message) => {
    expect(rejection(changed(booster, change))).toContain(message)
  })
})

describe('linear scorer', () => {
  const scorer = createScorer(parseManifest(fixture))
  const x = Float32Array.of(0.75, 0.25, Math.log1p(1))

  it('gives each target sigmoid(bias + weights · x)', () => {
    const scores = scorer.score(x)
    expect(scores.get('lamps')).toBeCloseTo(sigmoid(-1 + 2 * 0.75 - 0.25 + 0.5 * Math.log(2)), 6)
    expect(scores.get('rugs')).toBeCloseTo(sigmoid(-1 - 0.75 + 2 * 0.25 + 0.5 * Math.log(2)), 6)
  })

  it('explains a score exactly: weight × value per feature, largest first', () => {
    const explained = scorer.explain(x, 'rugs')
    expect(explained.map((c) => c.feature)).toEqual(['lamps_short', 'rugs_short', 'purchases'])
    expect(explained.map((c) => c.contribution)).toEqual([-0.75, 0.5, expect.closeTo(0.5 * Math.log(2), 6)])
    expect(() => scorer.explain(x, 'vases')).toThrow('no target "vases"')
  })

  it('applies Platt calibration to the margin', () => {
    const calibrated = createScorer(parseManifest(changed(fixture, (m) => (m.calibration = { method: 'platt', a: [2, 1], b: [0.5, 0] }))))
    const margin = -1 + 2 * 0.75 - 0.25 + 0.5 * Math.log(2)
    expect(calibrated.score(x).get('lamps')).toBeCloseTo(sigmoid(2 * margin + 0.5), 6)
  })

  it('hashes a feature spec whatever the order of its keys', () => {
    const reordered = fixture.features.map((feature) => Object.fromEntries(Object.entries(feature).reverse()))
    expect(featureSpecHash(reordered as unknown as FeatureSpec)).toBe(fixture.featuresHash)
  })
})

describe.each(XGBOOST_FIXTURES)('XGBoost scorer against XGBoost 1.7.4: %s', (name) => {
  const { manifest, cases } = xgboostFixture(name)
  const scorer = createScorer(parseManifest(manifest))
  const ids = manifest.targets.map((target) => target.id)

  it(`predicts all ${cases.rows.length} rows (with missing values) within 1e-6`, () => {
    let worst = 0
    cases.rows.forEach((values, r) => {
      const scores = scorer.score(row(values))
      const expected = cases.predictions[r]!
      ids.forEach((id, t) => {
        worst = Math.max(worst, Math.abs(scores.get(id)! - (Array.isArray(expected) ? expected[t]! : expected)))
      })
    })
    expect(cases.rows.some((values) => values.includes(null))).toBe(true)
    expect(worst).toBeLessThan(1e-6)
  })

  it('explains with the path-based contributions XGBoost computes (approx_contribs), within 1e-5', () => {
    let worst = 0
    cases.contributions.forEach((expected, r) => {
      ids.forEach((id, t) => {
        const perFeature = (Array.isArray(expected[0]) ? (expected as number[][])[t]! : (expected as number[])).slice(0, 64)
        const explained = new Map(scorer.explain(row(cases.rows[r]!), id, 64).map((c) => [c.feature, c.contribution]))
        perFeature.forEach((value, i) => {
          worst = Math.max(worst, Math.abs((explained.get(`pixel_${i}`) ?? 0) - value))
        })
      })
    })
    expect(worst).toBeLessThan(1e-5)
  })
})
