import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bucket, inHoldout } from './holdout'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'
/** `count` random 25-character base36 ids, the same on every run (seeded). */
const randomIds = (count: number, seed: number) =>
  fc.sample(fc.array(fc.constantFrom(...ALPHABET), { minLength: 25, maxLength: 25 }).map((chars) => chars.join('')), { seed, numRuns: count })

const ID_SETS = {
  'random base36 ids': randomIds(10_000, 42),
  'sequential ids': Array.from({ length: 10_000 }, (_, i) => `id-${i}`),
}

const shareOf = (ids: readonly string[], holdout: { share: number; salt?: string }) => ids.filter((id) => inHoldout(id, holdout)).length / ids.length

describe('inHoldout', () => {
  for (const [name, ids] of Object.entries(ID_SETS)) {
    for (const salt of [undefined, 'spring-2026']) {
      it(`holds out the configured share within ±2 points over 10,000 ${name}${salt ? ` salted ${salt}` : ''}`, () => {
        expect(new Set(ids).size).toBe(10_000)
        for (const share of [0.05, 0.1, 0.5]) {
          const actual = shareOf(ids, salt === undefined ? { share } : { share, salt })
          expect(Math.abs(actual - share), `share ${share}: got ${actual}`).toBeLessThanOrEqual(0.02)
        }
      })
    }
  }

  it('holds out no one at share 0 and everyone at share 1', () => {
    const ids = ID_SETS['random base36 ids']
    expect(shareOf(ids, { share: 0 })).toBe(0)
    expect(shareOf(ids, { share: 1 })).toBe(1)
  })

  it('keeps everyone held out at 5% in the holdout when the share grows to 10%', () => {
    const ids = ID_SETS['sequential ids']
    const small = ids.filter((id) => inHoldout(id, { share: 0.05, salt: 's' }))
    expect(small.every((id) => inHoldout(id, { share: 0.1, salt: 's' }))).toBe(true)
  })
})

describe('bucket', () => {
  it('is stable for the same id and salt', () => {
    for (const id of ID_SETS['random base36 ids'].slice(0, 100)) expect(bucket(id, 'spring')).toBe(bucket(id, 'spring'))
    expect(bucket('id-1')).toBe(bucket('id-1', ''))
  })

  it('reshuffles shoppers under a new salt', () => {
    const ids = ID_SETS['sequential ids']
    const a = ids.map((id) => bucket(id, 'spring') < 0.5)
    const b = ids.map((id) => bucket(id, 'summer') < 0.5)
    // Independent halves disagree for about half the shoppers.
    const moved = a.filter((group, i) => group !== b[i]).length / ids.length
    expect(moved).toBeGreaterThan(0.45)
    expect(moved).toBeLessThan(0.55)
  })

  it('lands ids that differ in one character far apart', () => {
    const gaps = ['id-0', 'id-2', 'id-4', 'id-6', 'id-8'].map((id, i) => Math.abs(bucket(id) - bucket(`id-${2 * i + 1}`)))
    expect(gaps.filter((gap) => gap > 0.01)).toHaveLength(5)
  })

  it('stays in [0, 1) for any id', () => {
    const ids = [...ID_SETS['random base36 ids'], ...ID_SETS['sequential ids'], '', ':', 'x'.repeat(10_000), 'ünïcødé-🛒']
    const points = ids.map((id) => bucket(id, 'salt'))
    expect(Math.min(...points)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...points)).toBeLessThan(1)
  })
})
