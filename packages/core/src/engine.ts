// @tailorjs/core/engine — the pure engine: no DOM, no storage, no network. Runs in browsers,
// workers and Node (where @tailorjs/train replays history through the very same code).
// It carries no zod: the formats' zod schemas are @tailorjs/core/schema.
export type { Context, EventData, Item, TailorEvent, Traits } from './events/schema'
export { personalData } from './events/pii'

export type { Counter, ProfileState, Session } from './profile/schema'
export {
  DIMENSIONS,
  HALF_LIVES_DAYS,
  PROFILE_LIMITS,
  SESSION_GAP_MS,
  applyEvent,
  applyEvents,
  counterKey,
  decayedValue,
  emptyProfile,
  expire,
  priceBand,
  pruneLog,
  RETENTION,
} from './profile/profile'
export type { Dimension, HalfLifeDays, Retention } from './profile/profile'
export { SENSITIVE_CATEGORIES, sensitiveInModel, sensitiveTerm, withoutSensitive } from './privacy/sensitive'
export { LIFECYCLE_STAGES, lifecycle, recencyDays, shiftScores, shifts } from './profile/derived'
export type { LifecycleStage, Shift } from './profile/derived'
export { CHANNELS, channelOf } from './profile/context'
export type { Channel } from './profile/context'
export { migrateProfile } from './profile/migrate'

export type { Feature, FeatureSpec } from './features/schema'
export { candidateKey, featurize } from './features/features'
export type { Candidate } from './features/features'
export { featureSpecHash } from './features/hash'

export type { LinearModel, Manifest, TfjsModel, XgboostModel } from './model/schema'
export { parseManifest } from './model/manifest'
export { createScorer, scoreAll } from './model/scorer'
export type { Contribution, Scorer, ScorerPlugin, Scores } from './model/scorer'
export { matchesIntegrity, readCapped } from './model/files'
export { rankCandidates } from './model/rank'
export type { Ranked } from './model/rank'
export { XGBOOST_LIMITS } from './model/xgboost'

export { BUILT_IN_SEGMENTS, matches, segmentsOf } from './segments/segments'
export type { RuleContext } from './segments/segments'
export type { Condition, SegmentRule } from './segments/schema'

export { decide, impressionsOf, newPageState } from './decide/decide'
export type { Considered, Decision, DecideContext, PageState, SlotOptions } from './decide/decide'
export type { Holdout, Merchandising, Product, SlotConfig } from './decide/schema'
export { bucket, inHoldout } from './decide/holdout'
export { mergeReports, report } from './decide/report'
export type { Lift, Rate, Report, SlotReport } from './decide/report'
export { describeFeature } from './model/describe'

export { TailorError } from './errors'
export type { TailorErrorCode } from './errors'
