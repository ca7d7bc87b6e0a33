// @tailorjs/core/engine — the pure engine: no DOM, no storage, no network. Runs in browsers,
// workers and Node (where @tailorjs/train replays history through the very same code).
// It carries no zod: the formats' zod schemas are @tailorjs/core/schema.
export type { Item, EventData, TailorEvent } from './events/schema'

export type { ProfileState, Counter } from './profile/schema'
export { HALF_LIVES_DAYS, emptyProfile, applyEvent, counterKey, decayedValue } from './profile/profile'

export type { Feature, FeatureSpec } from './features/schema'
export { featurize } from './features/features'

export type { Manifest } from './model/schema'
export { parseManifest } from './model/manifest'
export { linearScorer } from './model/linear'
export type { Scores } from './model/linear'

export { inSegment } from './segments/segments'

export { decide } from './decide/decide'
export type { Decision, DecideContext, SlotOptions } from './decide/decide'

export { TailorError } from './errors'
export type { TailorErrorCode } from './errors'
