// @tailorjs/core — the browser API. The pure engine is @tailorjs/core/engine.
import { createTailorWith, type Tailor, type TailorOptions } from './create-tailor'

/**
 * Creates a Tailor instance. Nothing touches the page, storage or network until `start()`, so
 * creating one during server rendering is safe. An invalid option is ignored with one warning.
 * The model downloader and the capture that can wait are separate chunks, loaded when needed.
 * @example
 * const tailor = createTailor({ model: '/model.json' })
 * await tailor.start()
 */
export function createTailor(options?: TailorOptions): Tailor {
  return createTailorWith({ loader: () => import('./loader/load-model'), capture: () => import('./capture/late'), insights: () => import('./insights/insights'), persist: () => import('./storage/persist') }, options)
}
export type { ConsentMode, Explanation, Tailor, TailorExport, TailorOptions } from './create-tailor'
export { SENSITIVE_CATEGORIES } from './privacy/sensitive'
export type { ConsentSignal } from './privacy/signals'

export { TailorError } from './errors'
export type { TailorErrorCode } from './errors'

export type { Considered, Decision, SlotOptions } from './decide/decide'
export type { Lift, Rate, Report, SlotReport } from './decide/report'
export type { Holdout, Merchandising, Product, SlotConfig } from './decide/schema'
export type { Condition, SegmentRule } from './segments/schema'
export type { Context, EventData, Item, TailorEvent, Traits } from './events/schema'
export type { Shift } from './profile/derived'
export type { StoreDump } from './storage/store'
export type { ProfileState } from './profile/schema'
export type { Retention } from './profile/profile'
