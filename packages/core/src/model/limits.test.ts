import { describe, expect, it } from 'vitest'
import fixture from '../../test/fixtures/manifest.json'
import { xgboostFixture } from '../../test/xgboost-fixtures'
import { TailorError } from '../errors'
import { parseManifest } from './manifest'
import { createScorer } from './scorer'
import { XGBOOST_LIMITS } from './xgboost'

// Models are downloaded: a hostile or broken one must be refused by name, before it is evaluated,
// and whatever passes must never score NaN or Infinity.

const refusal = (manifest: unknown): TailorError => {
  try {
    parseManifest(manifest)
  } catch (error) {
    return error as TailorError
  }
  throw new Error('accepted')
}

type Tree = Record<string, unknown[]>

/** The digits booster with its trees replaced. */
function withTrees(trees: Tree[]) {
  const { manifest } = xgboostFixture('binary-logistic')
  const model = (manifest.model as unknown as { booster: { learner: { gradient_booster: { model: Record<string, unknown> } } } }).booster.learner.gradient_booster.model
  model.trees = trees.map((tree, id) => ({ ...tree, id, tree_param: { num_deleted: '0', num_feature: '64', num_nodes: String(tree.left_children!.length), size_leaf_vector: '0' } }))
  model.tree_info = trees.map(() => 0)
  ;(model.gbtree_model_param as Record<string, string>).num_trees = String(trees.length)
  return manifest
}

/** A tree of `n` nodes in which each inner node's left child is the next inner node: depth about n / 2. */
function caterpillar(n: number): Tree {
  const inner = (i: number) => i % 2 === 0 && i < n - 1
  const fill = <T>(f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i))
  return {
    left_children: fill((i) => (inner(i) ? i + 2 : -1)),
    right_children: fill((i) => (inner(i) ? i + 1 : -1)),
    parents: fill((i) => (i === 0 ? 2147483647 : i % 2 === 0 ? i - 2 : i - 1)),
    split_indices: fill(() => 0),
    split_conditions: fill(() => 0.5),
    split_type: fill(() => 0),
    default_left: fill(() => 0),
    base_weights: fill(() => 0),
    loss_changes: fill(() => 0),
    sum_hessian: fill(() => 1),
    categories: [],
    categories_nodes: [],
    categories_segments: [],
    categories_sizes: [],
  }
}

describe('model caps and numbers', () => {
  it('refuses a tree 100,000 deep before walking it, without a RangeError', { timeout: 30_000 }, () => {
    const error = refusal(withTrees([caterpillar(200_001)]))
    expect([error.name, error.code]).toEqual(['TailorError', 'model-invalid'])
    expect(error.message).toContain(`deeper than ${XGBOOST_LIMITS.maxDepth}`)
  })

  it('refuses more nodes than the cap, counted before any tree is compiled', { timeout: 30_000 }, () => {
    const trees = Array.from({ length: 3 }, () => caterpillar(Math.ceil(XGBOOST_LIMITS.maxNodes / 3) + 1))
    const error = refusal(withTrees(trees))
    expect(error.message).toContain(`nodes, at most ${XGBOOST_LIMITS.maxNodes}`)
  })

  it('refuses weights and leaves beyond the 32-bit float range they are scored in', () => {
    const linear = structuredClone(fixture)
    linear.model.weights[1]![2] = 1e39
    expect(refusal(linear).message).toContain('model.weights.1.2: 1e+39 is beyond the 32-bit float range')
    const leaf = caterpillar(3)
    leaf.split_conditions![2] = -1e39
    expect(refusal(withTrees([leaf])).message).toContain('tree 0, node 2 has a value that is not a finite 32-bit number')
  })

  it('scores features beyond the float32 range, or NaN, as finite probabilities', () => {
    const scorer = createScorer(parseManifest(fixture))
    for (const x of [[3.5e38, 0, -3.5e38], [Infinity, -Infinity, NaN], [NaN, NaN, NaN]]) {
      for (const score of scorer.score(Float32Array.from(x)).values()) expect(Number.isFinite(score)).toBe(true)
    }
  })

  it('keeps calibrated softmax scores finite under a huge scale', () => {
    const { manifest } = xgboostFixture('multi-softprob')
    const classes = manifest.targets.length
    const calibrated = { ...manifest, calibration: { method: 'platt' as const, a: Array(classes).fill(1e308), b: Array(classes).fill(0) } }
    const scores = [...createScorer(parseManifest(calibrated)).score(new Float32Array(64).fill(8)).values()]
    expect(scores.every(Number.isFinite)).toBe(true)
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1)
  })
})
