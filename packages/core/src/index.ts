// @tailorjs/core — the browser API. The pure engine is @tailorjs/core/engine.
export { createTailor } from './create-tailor'
export type { Tailor, TailorExport, TailorOptions } from './create-tailor'

export { TailorError } from './errors'
export type { TailorErrorCode } from './errors'

export type { Decision } from './decide/decide'
export type { Context, EventData, Item, TailorEvent, Traits } from './events/schema'
export type { Shift } from './profile/derived'
export type { StoreDump } from './storage/store'
export type { ProfileState } from './profile/schema'
