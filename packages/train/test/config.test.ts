import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config'
import { sampleConfig } from './helpers'

describe('parseConfig', () => {
  it('fills the defaults', () => {
    const { targets, horizonDays, model, output } = parseConfig({ ...sampleConfig(), targets: undefined, horizonDays: undefined, output: undefined })
    expect({ targets, horizonDays, model, output }).toEqual({
      targets: { dimension: 'item', count: 50 },
      horizonDays: 90,
      model: { type: 'logistic', hidden: 8, epochs: 8, l2: 1e-4, seed: 1 },
      output: { dir: 'tailor-model', id: 'propensity' },
    })
  })

  it('refuses a training cutoff whose labels would overlap the test period, and names the latest that works', () => {
    expect(() => parseConfig({ ...sampleConfig(), train: { cutoffs: ['2011-06-01', '2011-07-01'] } })).toThrow(
      '- train.cutoffs.1: the labels of training cutoff 2011-07-01 (the 90 days after it) reach past the test cutoff 2011-09-01, so training would see test-period purchases; use a cutoff on or before 2011-06-03',
    )
  })

  it('lists every problem by its path', () => {
    const error = (() => {
      try {
        parseConfig({ input: { file: 'x.csv', columns: { customer: 'c' } }, train: { cutoffs: ['01/06/2011'] }, test: { cutoff: '2011-09-01' }, horizonDays: -1 })
      } catch (e) {
        return e as Error
      }
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect(error!.message).toContain('- input.columns.time:')
    expect(error!.message).toContain('- input.columns.item:')
    expect(error!.message).toContain('- train.cutoffs.0: expected a date such as 2011-06-01 or an ISO 8601 date-time')
    expect(error!.message).toContain('- horizonDays:')
  })
})
