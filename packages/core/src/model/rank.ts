import { featurize, type Candidate } from '../features/features'
import type { ProfileState } from '../profile/schema'
import type { Manifest } from './schema'
import { scoreAll, type Scorer } from './scorer'

/** A candidate's propensity under a pooled model. */
export interface Ranked {
  candidate: Candidate
  score: number
}

/**
 * Ranks `candidates` for this shopper with a pooled model (`scoring: "candidates"`): each gets the
 * model's one output for its own features, highest first (ties keep the given order). Yields to
 * the page while it works, like `scoreAll`.
 */
export async function rankCandidates(scorer: Scorer, manifest: Manifest, state: ProfileState, candidates: readonly Candidate[], now: number): Promise<Ranked[]> {
  if (manifest.scoring !== 'candidates') throw new TypeError(`rankCandidates(): the model ${manifest.id} scores targets, not candidates`)
  const target = manifest.targets[0]!.id
  const scores = await scoreAll(scorer, candidates.map((candidate) => featurize(state, manifest.features, now, candidate)))
  return candidates
    .map((candidate, i) => ({ candidate, score: scores[i]!.get(target)! }))
    .sort((a, b) => b.score - a.score)
}
