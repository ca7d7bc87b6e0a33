// Explanations, the report and the debug overlay: loaded on first use, never part of the first decision.
import type { Explanation, Inputs } from '../create-tailor'
import { candidateOf, type Decision } from '../decide/decide'
import { featurize } from '../features/features'
import { describeFeature } from '../model/describe'
export { report } from '../decide/report'
export { showOverlay } from './overlay'
export { download, showPrivacy } from './privacy'

/** The features that moved a decision's score most, when a model made it. */
export function explain(decision: Decision, inputs: Inputs | undefined): Explanation {
  if (decision.path !== 'model' || !inputs?.model) return { ...decision, features: [] }
  const { model, catalog, context } = inputs
  const { manifest, scorer } = model
  let { x } = model
  let target = decision.target
  if (decision.products) {
    const product = catalog.get(decision.products[0]!)!
    if (manifest.scoring === 'candidates') {
      target = manifest.targets[0]!.id
      x = featurize(context.profile, manifest.features, context.now, candidateOf(product))
    } else target = context.scores!.has(product.id) ? product.id : product.category
  }
  const byName = new Map(manifest.features.map((feature) => [feature.name, feature]))
  return {
    ...decision,
    model: { id: manifest.id, version: manifest.version },
    features: scorer.explain(x, target!, 5).map((c) => ({ ...c, words: describeFeature(byName.get(c.feature)!) })),
  }
}
