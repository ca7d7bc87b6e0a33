import type { TailorEvent } from '../events/schema'

const DAY_MS = 86_400_000

/** Exposures (viewable slot impressions), how many were followed by a purchase within the window, and the rate. */
export interface Rate {
  exposures: number
  conversions: number
  rate: number
}

/** Treatment minus holdout conversion rate, relative to the holdout's, with a 95% (Wald) interval on the difference. */
export interface Lift {
  absolute: number
  relative: number | null
  ci95: [number, number]
}

export interface SlotReport {
  /** Per decision path: `model`, `segment`, `default`. */
  paths: Record<string, Rate>
  /** Shoppers outside the holdout, whatever path their slot took. */
  treatment: Rate
  holdout: Rate
  /** Null until both groups have exposures. */
  lift: Lift | null
}

/** Per slot name. */
export type Report = Record<string, SlotReport>

const rate = (exposures: number, conversions: number): Rate => ({ exposures, conversions, rate: exposures ? conversions / exposures : 0 })

/** Running sums for one slot: exposures and conversions per path and per group. */
interface Tally {
  paths: Map<string, Rate>
  treatment: Rate
  holdout: Rate
}

const plus = (sum: Rate | undefined, exposures: number, conversions: number) => rate((sum?.exposures ?? 0) + exposures, (sum?.conversions ?? 0) + conversions)

function tallyOf(tallies: Map<string, Tally>, slot: string): Tally {
  let tally = tallies.get(slot)
  if (!tally) tallies.set(slot, (tally = { paths: new Map(), treatment: rate(0, 0), holdout: rate(0, 0) }))
  return tally
}

function finish(tallies: Map<string, Tally>): Report {
  const result: Report = {}
  for (const [slot, { paths, treatment, holdout }] of tallies) {
    let lift: Lift | null = null
    if (treatment.exposures && holdout.exposures) {
      const absolute = treatment.rate - holdout.rate
      const se = Math.sqrt((treatment.rate * (1 - treatment.rate)) / treatment.exposures + (holdout.rate * (1 - holdout.rate)) / holdout.exposures)
      lift = { absolute, relative: holdout.rate ? absolute / holdout.rate : null, ci95: [absolute - 1.96 * se, absolute + 1.96 * se] }
    }
    result[slot] = { paths: Object.fromEntries(paths), treatment, holdout, lift }
  }
  return result
}

/**
 * Exposures and conversions per slot, path and group from a profile's log (oldest first): each
 * `slot_impression` counts once, and converts when a `purchase` follows within `windowDays`.
 * The log keeps the newest events only, so this covers the profile's retention.
 */
export function report(log: readonly TailorEvent[], { windowDays = 7 }: { windowDays?: number } = {}): Report {
  const tallies = new Map<string, Tally>()
  let nextPurchase = Infinity
  for (let i = log.length - 1; i >= 0; i--) {
    const event = log[i]!
    if (event.type === 'purchase') nextPurchase = event.ts
    else if (event.type === 'slot_impression' && event.slot !== undefined) {
      const converted = nextPurchase - event.ts <= windowDays * DAY_MS ? 1 : 0
      const tally = tallyOf(tallies, event.slot)
      const path = event.path ?? 'default'
      tally.paths.set(path, plus(tally.paths.get(path), 1, converted))
      const group = event.holdout ? 'holdout' : 'treatment'
      tally[group] = plus(tally[group], 1, converted)
    }
  }
  return finish(tallies)
}

/** Sums reports from many devices (collected by the site, with its shoppers' consent) into one, with rates and lift recomputed. */
export function mergeReports(reports: readonly Report[]): Report {
  const tallies = new Map<string, Tally>()
  for (const one of reports) {
    for (const [slot, { paths, treatment, holdout }] of Object.entries(one)) {
      const tally = tallyOf(tallies, slot)
      for (const [path, r] of Object.entries(paths)) tally.paths.set(path, plus(tally.paths.get(path), r.exposures, r.conversions))
      tally.treatment = plus(tally.treatment, treatment.exposures, treatment.conversions)
      tally.holdout = plus(tally.holdout, holdout.exposures, holdout.conversions)
    }
  }
  return finish(tallies)
}
