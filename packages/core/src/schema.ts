// @tailorjs/core/schema — the zod schema of every format Tailor reads or writes: the single
// definition each format has. Node tools (the trainer, model publishers) validate with these; the
// browser validates with the JSON Schema generated from them (docs/decisions/0001-where-zod-runs.md).
export { ContextSchema, EventDataSchema, EventSchema, EventTypeSchema, ItemSchema, TraitsSchema } from './events/schema'
export { CounterSchema, ProfileSchema, SessionSchema, StoredProfileSchema } from './profile/schema'
export { FeatureSchema, FeatureSpecSchema } from './features/schema'
export { LinearModelSchema, ManifestSchema, TfjsModelSchema, XgboostModelSchema } from './model/schema'
export { HoldoutSchema, MerchandisingSchema, ProductSchema, SlotConfigSchema } from './decide/schema'
export { ConditionSchema, SegmentRuleSchema, SegmentRulesSchema } from './segments/schema'
export { CachedModelSchema, ConsentModeSchema, ExportSchema } from './privacy/schema'
