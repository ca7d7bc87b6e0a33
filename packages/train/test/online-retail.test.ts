import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TrainConfig } from '../src/config'
import { train } from '../src/train'

// The open benchmark (UCI Online Retail, protocol in benchmarks/online-retail/README.md), run from
// the repository's own copy: individual propensity must beat every baseline and reach 0.82 mean AUC.
const DIR = join(import.meta.dirname, '..', '..', '..', 'benchmarks', 'online-retail')

describe('the open benchmark', () => {
  it('the pooled model beats popularity, RFM segments and own history, with a mean AUC of at least 0.82', async () => {
    const config = JSON.parse(readFileSync(join(DIR, 'tailor-train.json'), 'utf8')) as TrainConfig
    config.input.file = join(DIR, config.input.file)
    const { summary } = await train(config)
    expect(summary.data).toMatchObject({ lines: 541_909, customers: 4_335 })
    expect(summary.protocol).toMatchObject({ targets: 50, trainCutoffs: ['2011-06-01'], testCutoff: '2011-09-01' })
    const auc = Object.fromEntries(summary.evaluations.map((e) => [e.name, e.meanAuc]))
    expect(auc['popularity']).toBeCloseTo(0.5, 6)
    expect(auc['tailor-pooled-logistic']).toBeGreaterThanOrEqual(0.82)
    for (const baseline of ['popularity', 'rfm-segments', 'own-history']) expect(auc['tailor-pooled-logistic']).toBeGreaterThan(auc[baseline]!)
  }, 120_000)
})
