import { TailorError } from '../errors'
import type { XgboostModel } from './schema'

type Booster = NonNullable<XgboostModel['booster']>

/** Caps that keep a hostile or broken model from stalling the page. */
export const XGBOOST_LIMITS = { maxTrees: 10_000, maxNodes: 2_000_000, maxDepth: 64 } as const

/** One tree in typed arrays, checked so that every walk from the root ends at a leaf. */
interface Tree {
  left: Int32Array
  right: Int32Array
  feature: Int32Array
  /** Split threshold for inner nodes, the leaf value for leaves: XGBoost's `split_conditions`. */
  value: Float32Array
  defaultLeft: Uint8Array
  /** Hessian-weighted mean of the leaves under each node: what path-based attribution walks. */
  mean: Float64Array
}

export interface CompiledBooster {
  objective: 'binary:logistic' | 'reg:logistic' | 'multi:softprob'
  /** Outputs: 1, or the number of classes. */
  outputs: number
  features: number
  baseMargin: number
  trees: Tree[]
  /** The output (class) each tree adds to. */
  treeOutput: Int32Array
}

const invalid = (detail: string) => new TailorError('model-invalid', `model.booster: ${detail}`)

function compileTree(raw: Booster['learner']['gradient_booster']['model']['trees'][number], index: number, features: number): Tree {
  const n = raw.left_children.length
  const where = (node: number) => `tree ${index}, node ${node}`
  for (const [name, list] of Object.entries({ right_children: raw.right_children, split_indices: raw.split_indices, split_conditions: raw.split_conditions, default_left: raw.default_left, base_weights: raw.base_weights, sum_hessian: raw.sum_hessian })) {
    if (list.length !== n) throw invalid(`tree ${index}: ${name} has ${list.length} entries, left_children ${n}`)
  }
  const tree: Tree = {
    left: Int32Array.from(raw.left_children),
    right: Int32Array.from(raw.right_children),
    feature: Int32Array.from(raw.split_indices),
    value: Float32Array.from(raw.split_conditions),
    defaultLeft: Uint8Array.from(raw.default_left, Number),
    mean: new Float64Array(n),
  }
  const depth = new Int32Array(n)
  for (let node = 0; node < n; node++) {
    if (raw.split_type?.[node]) throw invalid(`categorical splits are not supported (${where(node)})`)
    // Leaf values are kept as float32 (as XGBoost does): one beyond its range would become Infinity.
    if (!Number.isFinite(tree.value[node]!) || !Number.isFinite(raw.sum_hessian[node]!)) {
      throw invalid(`${where(node)} has a value that is not a finite 32-bit number`)
    }
    const left = tree.left[node]!
    const right = tree.right[node]!
    if (left === -1 && right === -1) continue
    // Children come after their parent: walks only move forward, so they end.
    if (left <= node || right <= node || left >= n || right >= n) throw invalid(`${where(node)} has children out of order or range`)
    if (tree.feature[node]! < 0 || tree.feature[node]! >= features) throw invalid(`${where(node)} splits on feature ${tree.feature[node]}, the manifest has ${features}`)
    depth[left] = depth[right] = depth[node]! + 1
    if (depth[left]! > XGBOOST_LIMITS.maxDepth) throw invalid(`${where(node)} is deeper than ${XGBOOST_LIMITS.maxDepth}`)
  }
  // Children after parents, so a backward pass fills every mean from its children's.
  for (let node = n - 1; node >= 0; node--) {
    const left = tree.left[node]!
    const right = tree.right[node]!
    if (left === -1) {
      tree.mean[node] = tree.value[node]!
    } else {
      const [hl, hr] = [raw.sum_hessian[left]!, raw.sum_hessian[right]!]
      tree.mean[node] = (tree.mean[left]! * hl + tree.mean[right]! * hr) / (hl + hr || 1)
    }
  }
  return tree
}

/**
 * Turns XGBoost's JSON into typed arrays once, checking it: supported objective, no categorical
 * splits, children in range, depth and size within XGBOOST_LIMITS, finite values.
 */
export function compileBooster(booster: Booster, features: number): CompiledBooster {
  const { learner } = booster
  const objective = learner.objective.name
  const { trees, tree_info } = learner.gradient_booster.model
  const numClass = Number(learner.learner_model_param.num_class)
  const outputs = objective === 'multi:softprob' ? numClass : 1
  const baseScore = Number(learner.learner_model_param.base_score)
  if (Number(learner.learner_model_param.num_feature) !== features) {
    throw invalid(`num_feature is ${learner.learner_model_param.num_feature}, the manifest has ${features} features`)
  }
  if (!(outputs >= 1) || !Number.isFinite(baseScore)) throw invalid('num_class or base_score is not a number')
  if (trees.length > XGBOOST_LIMITS.maxTrees) throw invalid(`${trees.length} trees, at most ${XGBOOST_LIMITS.maxTrees}`)
  if (tree_info.length !== trees.length) throw invalid(`tree_info has ${tree_info.length} entries for ${trees.length} trees`)
  let nodes = 0
  for (const tree of trees) nodes += tree.left_children.length
  if (nodes > XGBOOST_LIMITS.maxNodes) throw invalid(`${nodes} nodes, at most ${XGBOOST_LIMITS.maxNodes}`)
  if (tree_info.some((output) => output < 0 || output >= outputs)) throw invalid(`tree_info names an output beyond ${outputs}`)
  // Logistic objectives keep base_score as a probability; softprob adds it to every class as is.
  const baseMargin = objective === 'multi:softprob' ? baseScore : Math.log(baseScore / (1 - baseScore))
  if (!Number.isFinite(baseMargin)) throw invalid(`base_score ${baseScore} is not a probability strictly between 0 and 1`)
  return { objective, outputs, features, baseMargin, trees: trees.map((tree, i) => compileTree(tree, i, features)), treeOutput: Int32Array.from(tree_info) }
}

/** The child a row goes to: `x < threshold` left, else right; missing (NaN) the default way. */
function next(tree: Tree, node: number, x: Float32Array): number {
  const value = x[tree.feature[node]!]!
  const left = value !== value ? tree.defaultLeft[node] === 1 : value < tree.value[node]!
  return left ? tree.left[node]! : tree.right[node]!
}

/** The leaf a row reaches. */
function leaf(tree: Tree, x: Float32Array): number {
  let node = 0
  while (tree.left[node] !== -1) node = next(tree, node, x)
  return node
}

/** Raw margins per output for one row: base margin plus the leaves reached. */
export function boosterMargins(booster: CompiledBooster, x: Float32Array): Float64Array {
  const margins = new Float64Array(booster.outputs).fill(booster.baseMargin)
  booster.trees.forEach((tree, t) => {
    margins[booster.treeOutput[t]!]! += tree.value[leaf(tree, x)]!
  })
  return margins
}

/**
 * Path-based attribution (Saabas; XGBoost's `pred_contribs` with `approx_contribs`): along each
 * tree's path, the change in the hessian-weighted mean value is credited to the split's feature.
 * Returns one entry per feature plus the bias last, in margin space, for output `output`.
 */
export function boosterContributions(booster: CompiledBooster, x: Float32Array, output: number): Float64Array {
  const contributions = new Float64Array(booster.features + 1)
  contributions[booster.features] = booster.baseMargin
  booster.trees.forEach((tree, t) => {
    if (booster.treeOutput[t] !== output) return
    let node = 0
    contributions[booster.features]! += tree.mean[0]!
    while (tree.left[node] !== -1) {
      const child = next(tree, node, x)
      contributions[tree.feature[node]!]! += tree.mean[child]! - tree.mean[node]!
      node = child
    }
  })
  return contributions
}
