// @vitest-environment happy-dom
// track() is the one door every event comes through, whoever calls it: given anything, it must
// never throw into the page, and refuse with a named warning what it cannot record.
import fc from 'fast-check'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createTailor } from '../src/index'
import { hostile, numRuns, timeout } from './fuzz'

afterAll(() => {
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
})

describe('track(), given anything', { timeout }, () => {
  it('never throws, and refuses what it cannot record with a named warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const tailor = createTailor({ storage: 'memory' })
    await tailor.start()
    let accepted = 0
    try {
      fc.assert(
        fc.property(fc.oneof(fc.constantFrom('view_item', 'purchase', 'identify'), fc.string(), hostile), fc.oneof(hostile, fc.record({ items: hostile, traits: hostile, context: hostile, value: hostile })), (type, data) => {
          const result = tailor.track(type as string, data as never)
          expect(typeof result).toBe('boolean')
          if (result) accepted++
        }),
        { numRuns },
      )
      // A circular object, a BigInt, a function, a DOM node, a 10 MB string and 10,000 properties.
      const circular: Record<string, unknown> = { value: 1 }
      circular.self = circular
      const item: Record<string, unknown> = { item_id: 'loop' }
      item.item_name = item
      const huge = 'x'.repeat(10_000_000)
      const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))
      const odd = [circular, { items: [item] }, { value: 10n }, { value: () => 1 }, { items: [document.body] }, document.body, new Map([['value', 1]])]
      // 10 MB in each text field (checked for personal data only within its length limit) and 10,000 keys.
      const big = [{ items: [{ item_id: huge }] }, { search_term: huge }, { items: [{ item_id: 'a', item_name: huge }] }, { traits: { note: huge } }, many, { traits: many }]
      for (const data of [...odd, ...big]) {
        expect(tailor.track('view_item', data as never)).toBe(false)
      }
      // Other events are unaffected.
      expect(tailor.track('view_item', { items: [{ item_id: 'still-works' }] })).toBe(true)
    } finally {
      warn.mockRestore()
    }
    for (const [message] of warn.mock.calls) expect(String(message)).toMatch(/^\[tailor:events\] (An event was rejected|Traits refuse personal data)/)
    expect(accepted).toBeGreaterThan(0)
    await tailor.destroy()
  })
})
