import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { auc, gains, precisionAtK, topDecileLift } from '../src/metrics'
import { FIXTURES } from './helpers'

const reference = JSON.parse(readFileSync(join(FIXTURES, 'auc-reference.json'), 'utf8')) as { cases: Array<{ scores: number[]; labels: number[]; auc: number }> }

describe('auc', () => {
  it('matches scikit-learn\'s roc_auc_score, ties included', () => {
    expect(reference.cases).toHaveLength(3)
    for (const { scores, labels, auc: expected } of reference.cases) expect(auc(scores, labels)).toBeCloseTo(expected, 12)
  })

  it('is 1 for a perfect ranking, 0.5 for a constant score, NaN with a single class', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1)
    expect(auc([3, 3, 3, 3], [0, 1, 0, 1])).toBe(0.5)
    expect(auc([1, 2], [1, 1])).toBeNaN()
  })
})

describe('gains and lift', () => {
  it('captures buyers in score order, ties shared out as a random pick would', () => {
    // 10 rows, 2 buyers, both among the two highest scores.
    const scores = [9, 8, 1, 1, 1, 1, 1, 1, 1, 1]
    const labels = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    expect(gains(scores, labels, 5)).toEqual([1, 1, 1, 1, 1])
    expect(topDecileLift(scores, labels)).toBe(5)
    // A constant score gains like a random pick: 10 % of the buyers per 10 % of the rows.
    expect(gains(Array(10).fill(0), labels, 10).map((g) => Number(g.toFixed(10)))).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
    expect(topDecileLift(Array(10).fill(0), labels)).toBeCloseTo(1, 12)
  })
})

describe('precisionAtK', () => {
  it('averages each buying customer\'s hits among their k highest-scored targets', () => {
    // Customer 0 bought targets 0 and 2 (top-2 by score: 0, 1 → 1 hit); customer 1 bought nothing (left out);
    // customer 2 bought target 1, and all its scores tie (expected hits: 2 of 3 picked → 2/3).
    const scores = [0.9, 0.5, 0.1, 0.3, 0.2, 0.1, 0.4, 0.4, 0.4]
    const labels = [1, 0, 1, 0, 0, 0, 0, 1, 0]
    expect(precisionAtK(scores, labels, 3, 2)).toBeCloseTo((1 / 2 + 2 / 3 / 2) / 2, 12)
  })
})
