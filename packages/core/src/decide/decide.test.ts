import { describe, expect, it } from 'vitest'
import { applyEvent, emptyProfile } from '../profile/profile'
import type { ProfileState } from '../profile/schema'
import { decide, type SlotOptions } from './decide'

const options: SlotOptions = {
  variants: [
    { id: 'hero-lamps', target: 'lamps' },
    { id: 'hero-rugs', target: 'rugs' },
  ],
  segments: ['new-visitor'],
}

const HOUR = 3_600_000

/** A shopper with `sessions` visits an hour apart, then `views` product views in the last one. */
function shopper(views: number, sessions = 1): ProfileState {
  let state = emptyProfile()
  for (let i = 0; i < sessions; i++) state = applyEvent(state, { id: `p${i}`, type: 'page_view', ts: i * HOUR })
  for (let i = 0; i < views; i++) {
    state = applyEvent(state, { id: `v${i}`, type: 'view_item', ts: (sessions - 1) * HOUR + 1 + i, items: [{ item_id: 'x' }] })
  }
  return state
}

const scores = new Map([
  ['lamps', 0.2],
  ['rugs', 0.7],
])

describe('decide', () => {
  it('shows the variant with the highest propensity once the profile has enough evidence', () => {
    expect(decide('hero', options, { profile: shopper(3), scores, minEvidence: 3 })).toMatchObject({
      slot: 'hero',
      path: 'model',
      variant: 'hero-rugs',
      target: 'rugs',
      score: 0.7,
    })
  })

  it('falls back to the first matching segment without a model', () => {
    const decision = decide('hero', options, { profile: shopper(5), scores: null, minEvidence: 3 })
    expect(decision).toMatchObject({ path: 'segment', segment: 'new-visitor' })
    expect(decision.reason).toContain('no model loaded')
  })

  it('falls back while the evidence is below the minimum (progressive individualization)', () => {
    const decision = decide('hero', options, { profile: shopper(2), scores, minEvidence: 3 })
    expect(decision).toMatchObject({ path: 'segment', segment: 'new-visitor' })
    expect(decision.reason).toContain('evidence 2 is below the minimum of 3')
  })

  it('keeps the default content when no segment matches', () => {
    const returning = shopper(0, 2)
    expect(decide('hero', options, { profile: returning, scores: null, minEvidence: 3 })).toMatchObject({ path: 'default' })
  })

  it('falls back when no variant aims at a scored target', () => {
    const other = { variants: [{ id: 'hero-vases', target: 'vases' }], segments: [] }
    expect(decide('hero', other, { profile: shopper(3), scores, minEvidence: 3 })).toMatchObject({
      path: 'default',
      reason: 'no variant targets a model target',
    })
  })
})
