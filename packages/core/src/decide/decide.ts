import type { Scores } from '../model/scorer'
import type { ProfileState } from '../profile/schema'
import { inSegment } from '../segments/segments'

/** What a slot offers: variants aimed at model targets, then segment fallbacks, in markup order. */
export interface SlotOptions {
  variants: ReadonlyArray<{ id: string; target: string }>
  segments: readonly string[]
}

/** Which content a slot shows, and why. */
export interface Decision {
  slot: string
  /** `model`: the best-scoring variant; `segment`: the first matching segment; `default`: the slot's own content. */
  path: 'model' | 'segment' | 'default'
  variant?: string
  target?: string
  score?: number
  segment?: string
  reason: string
}

export interface DecideContext {
  profile: ProfileState
  /** Propensity per target, or null when no model is loaded. */
  scores: Scores | null
  /** Product events needed before the model is trusted (progressive individualization). */
  minEvidence: number
}

function fallback(slot: string, options: SlotOptions, profile: ProfileState, reason: string): Decision {
  const segment = options.segments.find((name) => inSegment(name, profile))
  return segment === undefined
    ? { slot, path: 'default', reason }
    : { slot, path: 'segment', segment, reason: `${reason}; segment ${segment} matches` }
}

/**
 * The individualization contract for one slot: the highest-propensity variant when a model is
 * loaded and the profile holds enough evidence, else the first matching segment, else the default.
 */
export function decide(slot: string, options: SlotOptions, { profile, scores, minEvidence }: DecideContext): Decision {
  if (profile.evidence < minEvidence) {
    return fallback(slot, options, profile, `evidence ${profile.evidence} is below the minimum of ${minEvidence}`)
  }
  if (!scores) return fallback(slot, options, profile, 'no model loaded')
  let best: Decision | undefined
  for (const { id, target } of options.variants) {
    const score = scores.get(target)
    if (score !== undefined && (!best || score > best.score!)) {
      best = { slot, path: 'model', variant: id, target, score, reason: `highest propensity: ${target} ${score.toFixed(3)}` }
    }
  }
  return best ?? fallback(slot, options, profile, 'no variant targets a model target')
}
