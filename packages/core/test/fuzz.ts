// What the property tests (fuzz*.test.ts) share: how many runs, and input nobody should trust.
import fc from 'fast-check'
import { expect } from 'vitest'
import { TailorError } from '../src/errors'

/** Runs per property: 10,000 in the test command; `pnpm fuzz` sets FUZZ_RUNS higher. */
export const numRuns = Number(process.env.FUZZ_RUNS ?? 10_000)
/** A test's time limit for that many runs (the reducer's, the slowest, takes about 0.8 ms a run). */
export const timeout = 30_000 + numRuns * 5

/** Keys that pollute prototypes when copied carelessly. */
export const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf')

/** Anything a page could pass and more: prototype keys, null prototypes, BigInts, dates, boxed values, maps, sets, typed and sparse arrays. */
export const hostile = fc.anything({
  key: fc.oneof(fc.string(), hostileKey),
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withSparseArray: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  maxDepth: 4,
})

/** `fn`'s result, or the error it threw, which must be a TailorError of `code`. */
export function settles(code: TailorError['code'], fn: () => unknown): unknown {
  try {
    return fn()
  } catch (error) {
    expect(error).toBeInstanceOf(TailorError)
    expect((error as TailorError).code).toBe(code)
    return error
  }
}
