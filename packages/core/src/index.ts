// @tailorjs/core — the browser API. The pure engine is @tailorjs/core/engine.
export { createTailor } from './create-tailor'
export type { Tailor, TailorOptions } from './create-tailor'

export { TailorError } from './errors'
export type { TailorErrorCode } from './errors'

export type { Decision } from './decide/decide'
export type { EventData, Item, TailorEvent } from './events/schema'
export type { ProfileState } from './profile/schema'
