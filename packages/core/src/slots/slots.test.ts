// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { findSlots, renderSlot } from './slots'

beforeEach(() => {
  document.body.innerHTML = `
    <section data-tailor-slot="hero">
      <h1>Default</h1>
      <template data-tailor-segment="new-visitor"><h1>Welcome</h1></template>
      <template data-tailor-variant="hero-lamps" data-tailor-target="lamps"><h1 class="lamps">Lamps</h1><p>for you</p></template>
      <template data-tailor-variant="hero-rugs" data-tailor-target="rugs"><h1>Rugs</h1></template>
      <template data-tailor-variant="broken"><h1>No target</h1></template>
    </section>`
})

const hero = () => document.querySelector<HTMLElement>('[data-tailor-slot="hero"]')!
const shown = () => [...hero().children].filter((child) => child.tagName !== 'TEMPLATE').map((child) => child.textContent)

describe('findSlots', () => {
  it('lists each slot with its variants and segments in markup order', () => {
    const [slot] = findSlots(document)
    expect(slot!.name).toBe('hero')
    expect(slot!.options).toEqual({
      variants: [
        { id: 'hero-lamps', target: 'lamps' },
        { id: 'hero-rugs', target: 'rugs' },
      ],
      segments: ['new-visitor'],
    })
  })
})

describe('renderSlot', () => {
  it('replaces the default content with a clone of the chosen variant and marks the slot final', () => {
    const [slot] = findSlots(document)
    renderSlot(slot!, { slot: 'hero', path: 'model', variant: 'hero-lamps', target: 'lamps', score: 0.9, reason: '' })
    expect(shown()).toEqual(['Lamps', 'for you'])
    expect(hero().dataset).toMatchObject({ tailorState: 'final', tailorPath: 'model', tailorContent: 'hero-lamps' })
    // The templates stay, unchanged, for the next decision.
    expect(hero().querySelectorAll('template')).toHaveLength(4)
    expect(hero().querySelector('template[data-tailor-variant="hero-lamps"]')!.innerHTML).toContain('Lamps')
  })

  it('shows a segment template', () => {
    const [slot] = findSlots(document)
    renderSlot(slot!, { slot: 'hero', path: 'segment', segment: 'new-visitor', reason: '' })
    expect(shown()).toEqual(['Welcome'])
    expect(hero().dataset.tailorContent).toBe('new-visitor')
  })

  it('leaves the default content in place for the default path', () => {
    const [slot] = findSlots(document)
    renderSlot(slot!, { slot: 'hero', path: 'default', reason: 'no model loaded' })
    expect(shown()).toEqual(['Default'])
    expect(hero().dataset).toMatchObject({ tailorState: 'final', tailorPath: 'default' })
    expect(hero().dataset.tailorContent).toBeUndefined()
  })
})
