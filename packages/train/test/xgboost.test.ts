import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { applyEvents, createScorer, emptyProfile, parseManifest, rankCandidates } from '@tailorjs/core/engine'
import { beforeAll, describe, expect, it } from 'vitest'
import { candidateOf } from '../src/dataset'
import { ingest } from '../src/ingest'
import { prepare, type Prepared } from '../src/train'
import { wrapXgboost } from '../src/xgboost'
import { FIXTURES, sampleConfig } from './helpers'

// xgboost-pooled.json was trained by Python's XGBoost on `tailor-train features` output for the
// sample (make-reference.py); xgboost-predictions.json holds XGBoost's own test-row probabilities.
const booster = JSON.parse(readFileSync(join(FIXTURES, 'xgboost-pooled.json'), 'utf8'))
const reference = JSON.parse(readFileSync(join(FIXTURES, 'xgboost-predictions.json'), 'utf8')) as { predictions: Record<string, number> }

let prepared: Prepared
beforeAll(async () => {
  prepared = await prepare(sampleConfig())
})

describe('wrapXgboost', () => {
  it('wraps a model trained elsewhere on the features table; the browser ranks candidates with XGBoost\'s own probabilities', async () => {
    const { spec, targets, test } = prepared
    const manifest = parseManifest(JSON.parse(JSON.stringify(wrapXgboost({ booster, features: spec, id: 'xgb', version: '1' }))))
    expect(manifest).toMatchObject({ scoring: 'candidates', targets: [{ id: 'purchase' }] })
    const scorer = createScorer(manifest)
    const { customers } = await ingest(sampleConfig().input)
    const candidates = targets.map((target, t) => candidateOf(target, 'item', test.priors[t]!))
    let compared = 0
    for (const customer of test.customers) {
      const profile = applyEvents(emptyProfile(), customers.get(customer)!.filter((event) => event.ts < test.cutoff))
      for (const { candidate, score } of await rankCandidates(scorer, manifest, profile, candidates, test.cutoff)) {
        expect(score).toBeCloseTo(reference.predictions[`${customer}|${candidate.id}`]!, 6)
        compared++
      }
    }
    expect(compared).toBe(Object.keys(reference.predictions).length)
  })

  it('refuses a model trained on other columns, and anything that is not an XGBoost model, saying why', () => {
    const { spec } = prepared
    expect(() => wrapXgboost({ booster, features: spec.slice(1), id: 'x', version: '1' })).toThrow(
      `the XGBoost model was trained on ${spec.length} features, but features.json lists ${spec.length - 1}`,
    )
    expect(() => wrapXgboost({ booster: { weights: [] }, features: spec, id: 'x', version: '1' })).toThrow('not an XGBoost JSON model')
    const swapped = [spec[1]!, spec[0]!, ...spec.slice(2)]
    expect(() => wrapXgboost({ booster, features: swapped, id: 'x', version: '1' })).toThrow(`the XGBoost model's feature 0 is "${spec[0]!.name}", features.json's is "${spec[1]!.name}"`)
  })
})
