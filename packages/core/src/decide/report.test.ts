import { describe, expect, it } from 'vitest'
import type { TailorEvent } from '../events/schema'
import { mergeReports, report } from './report'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const T0 = Date.UTC(2026, 10, 1)
let n = 0
const day = (d: number) => T0 + d * DAY
const purchase = (ts: number): TailorEvent => ({ id: `e${++n}`, type: 'purchase', ts, value: 40 })
const impression = (ts: number, slot: string, extra: Partial<TailorEvent> = {}): TailorEvent => ({ id: `e${++n}`, type: 'slot_impression', ts, slot, path: 'model', ...extra })

/**
 * One hero impression every 10 days, longer than the 7-day window, so a visit converts only
 * through its own purchase an hour later.
 */
function visits(groups: ReadonlyArray<{ holdout: boolean; converted: boolean }>): TailorEvent[] {
  return groups.flatMap(({ holdout, converted }, i) => {
    const ts = day(10 * i)
    const shown = impression(ts, 'hero', holdout ? { path: 'segment', holdout: true } : {})
    return converted ? [shown, purchase(ts + HOUR)] : [shown]
  })
}
const times = (count: number, group: { holdout: boolean; converted: boolean }) => Array.from({ length: count }, () => group)
const treated = (converted: boolean) => ({ holdout: false, converted })
const held = (converted: boolean) => ({ holdout: true, converted })

describe('report', () => {
  it('counts exposures and conversions per slot, path and group', () => {
    const log = [
      impression(day(0), 'hero'),
      impression(day(0) + HOUR, 'hero'),
      impression(day(0) + 2 * HOUR, 'hero', { path: 'segment', holdout: true }),
      impression(day(0) + 3 * HOUR, 'hero', { path: 'default', holdout: true }),
      impression(day(0) + 4 * HOUR, 'recs'),
      purchase(day(1)),
      impression(day(20), 'hero'),
      impression(day(20) + HOUR, 'hero', { path: 'segment', holdout: true }),
    ]
    const { hero, recs } = report(log)
    expect(hero!.paths).toEqual({
      model: { exposures: 3, conversions: 2, rate: 2 / 3 },
      segment: { exposures: 2, conversions: 1, rate: 0.5 },
      default: { exposures: 1, conversions: 1, rate: 1 },
    })
    expect(hero!.treatment).toEqual({ exposures: 3, conversions: 2, rate: 2 / 3 })
    expect(hero!.holdout).toEqual({ exposures: 3, conversions: 2, rate: 2 / 3 })
    expect(recs).toEqual({
      paths: { model: { exposures: 1, conversions: 1, rate: 1 } },
      treatment: { exposures: 1, conversions: 1, rate: 1 },
      holdout: { exposures: 0, conversions: 0, rate: 0 },
      lift: null,
    })
  })

  it('ignores impressions without a slot and counts one without a path as default', () => {
    const log: TailorEvent[] = [
      { id: 'x', type: 'slot_impression', ts: day(0) },
      { id: 'y', type: 'slot_impression', ts: day(0), slot: 'hero' },
    ]
    expect(Object.keys(report(log))).toEqual(['hero'])
    expect(report(log).hero!.paths).toEqual({ default: { exposures: 1, conversions: 0, rate: 0 } })
  })

  it('converts an impression only through a purchase after it and within the window', () => {
    const log = [
      impression(day(0), 'hero'), // purchase 3 days later: converts
      purchase(day(3)),
      impression(day(4), 'hero'), // a purchase before it, the next one 16 days later: does not
      purchase(day(20)),
      impression(day(21), 'hero'), // nothing after it: does not
    ]
    expect(report(log).hero!.treatment).toEqual({ exposures: 3, conversions: 1, rate: 1 / 3 })
    expect(report(log, { windowDays: 16 }).hero!.treatment).toEqual({ exposures: 3, conversions: 2, rate: 2 / 3 })
    expect(report(log, { windowDays: 2 }).hero!.treatment).toEqual({ exposures: 3, conversions: 0, rate: 0 })
  })

  it('uses a 7-day window by default', () => {
    expect(report([impression(day(0), 'hero'), purchase(day(6.9))]).hero!.treatment.conversions).toBe(1)
    expect(report([impression(day(0), 'hero'), purchase(day(7.1))]).hero!.treatment.conversions).toBe(0)
  })

  it('measures lift of treatment over holdout with a 95% interval on the difference', () => {
    // Treatment 2 of 4 (0.5), holdout 1 of 4 (0.25).
    const log = visits([treated(true), treated(true), treated(false), treated(false), held(true), held(false), held(false), held(false)])
    const { hero } = report(log)
    expect(hero!.treatment).toEqual({ exposures: 4, conversions: 2, rate: 0.5 })
    expect(hero!.holdout).toEqual({ exposures: 4, conversions: 1, rate: 0.25 })
    const se = Math.sqrt((0.5 * 0.5) / 4 + (0.25 * 0.75) / 4)
    expect(hero!.lift).toEqual({
      absolute: 0.25,
      relative: 1,
      ci95: [expect.closeTo(0.25 - 1.96 * se, 12), expect.closeTo(0.25 + 1.96 * se, 12)],
    })
  })

  it('narrows the interval as exposures grow', () => {
    const width = (scale: number) => {
      const log = visits([...times(2 * scale, treated(true)), ...times(2 * scale, treated(false)), ...times(scale, held(true)), ...times(3 * scale, held(false))])
      const { lift } = report(log).hero!
      expect(lift!.absolute).toBe(0.25)
      expect(lift!.ci95[0]).toBeLessThan(0.25)
      expect(lift!.ci95[1]).toBeGreaterThan(0.25)
      return lift!.ci95[1] - lift!.ci95[0]
    }
    // Same rates on 10× the exposures: the standard error shrinks by √10.
    expect(width(10) / width(1)).toBeCloseTo(1 / Math.sqrt(10), 12)
  })

  it('has no lift without holdout exposures, and no relative lift when the holdout never converted', () => {
    expect(report(visits([treated(true), treated(false)])).hero!.lift).toBeNull()
    expect(report(visits([held(true)])).hero!.lift).toBeNull()
    const { lift } = report(visits([treated(true), treated(false), held(false)])).hero!
    expect(lift).toEqual({ absolute: 0.5, relative: null, ci95: [expect.closeTo(0.5 - 1.96 * Math.sqrt(0.25 / 2), 12), expect.closeTo(0.5 + 1.96 * Math.sqrt(0.25 / 2), 12)] })
  })
})

describe('mergeReports', () => {
  it('sums devices’ reports and recomputes rates and lift', () => {
    // Device A: treatment 1 of 2, holdout 0 of 1. Device B: treatment 2 of 2, holdout 1 of 3, and a recs slot.
    const a = report(visits([treated(true), treated(false), held(false)]))
    const b = report([...visits([treated(true), treated(true), held(true), held(false), held(false)]), impression(day(100), 'recs')])
    const merged = mergeReports([a, b])
    // Treatment 3 of 4 (0.75), holdout 1 of 4 (0.25).
    const se = Math.sqrt((0.75 * 0.25) / 4 + (0.25 * 0.75) / 4)
    expect(merged.hero).toEqual({
      paths: {
        model: { exposures: 4, conversions: 3, rate: 0.75 },
        segment: { exposures: 4, conversions: 1, rate: 0.25 },
      },
      treatment: { exposures: 4, conversions: 3, rate: 0.75 },
      holdout: { exposures: 4, conversions: 1, rate: 0.25 },
      lift: { absolute: 0.5, relative: 2, ci95: [expect.closeTo(0.5 - 1.96 * se, 12), expect.closeTo(0.5 + 1.96 * se, 12)] },
    })
    expect(merged.recs).toMatchObject({ treatment: { exposures: 1, conversions: 0, rate: 0 }, lift: null })
  })

  it('merges nothing into an empty report', () => {
    expect(mergeReports([])).toEqual({})
    expect(mergeReports([report([])])).toEqual({})
  })
})
