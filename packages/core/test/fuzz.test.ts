// Property tests of everything that reads input Tailor does not control: events, the slot config,
// segment rules, model manifests, and the reducer that folds events into a profile. Each property
// runs FUZZ_RUNS times (10,000 in the test command; `pnpm fuzz` runs 200,000).
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { TailorError } from '../src/errors'
import { EventSchema } from '../src/events/schema'
import { LIFECYCLE_STAGES } from '../src/profile/derived'
import { CHANNELS } from '../src/profile/context'
import { DIMENSIONS, HALF_LIVES_DAYS, PROFILE_LIMITS, applyEvents, emptyProfile } from '../src/profile/profile'
import { ProfileSchema } from '../src/profile/schema'
import { parseManifest } from '../src/model/manifest'
import { createScorer } from '../src/model/scorer'
import { SegmentRuleSchema, type SegmentRule } from '../src/segments/schema'
import { segmentsOf } from '../src/segments/segments'
import { SlotConfigSchema } from '../src/decide/schema'
import slotConfigSchema from '../src/schemas/slot-config.schema.json'
import { validate, type JsonSchema } from '../src/validate'
import manifestFixture from './fixtures/manifest.json'
import { XGBOOST_FIXTURES, xgboostFixture } from './xgboost-fixtures'

import { hostile, hostileKey, numRuns, settles, timeout } from './fuzz'

const NOW = 1_790_000_000_000

/** Every number anywhere in `value` (keys aside). */
function numbers(value: unknown, found: number[] = []): number[] {
  if (typeof value === 'number') found.push(value)
  else if (value && typeof value === 'object') for (const child of Object.values(value)) numbers(child, found)
  return found
}

afterAll(() => {
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  expect(Object.prototype).not.toHaveProperty('polluted')
})

/** Events the schema accepts, with extreme but valid values. */
const item = fc.record(
  {
    item_id: fc.string({ minLength: 1, maxLength: 200 }),
    item_category: fc.oneof(fc.constantFrom('lighting', 'garden', 'constructor', '__proto__'), fc.string({ maxLength: 200 })),
    item_brand: fc.string({ maxLength: 200 }),
    price: fc.oneof(fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }), fc.integer({ min: 0, max: 1000 })),
    quantity: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  },
  { requiredKeys: ['item_id'] },
)
const validEvent = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 64 }),
    type: fc.oneof(fc.constantFrom('view_item', 'add_to_cart', 'purchase', 'page_view', 'slot_impression', 'constructor', 'to_string'), fc.stringMatching(/^[a-z][a-z0-9_]{0,63}$/)),
    ts: fc.oneof(fc.integer({ min: NOW - 400 * 86_400_000, max: NOW + 86_400_000 }), fc.double({ min: 0, max: 8.64e15, noNaN: true })),
    items: fc.array(item, { maxLength: 5 }),
    value: fc.double({ noNaN: true, noDefaultInfinity: true }),
    context: fc.record({ device: fc.constantFrom('mobile', 'tablet', 'desktop'), utm_medium: fc.string({ maxLength: 200 }), tz: fc.integer({ min: -840, max: 840 }) }, { requiredKeys: [] }),
    traits: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,63}$/), fc.oneof(fc.string({ maxLength: 200 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { maxKeys: 40 }),
  },
  { requiredKeys: ['id', 'type', 'ts'] },
)

describe('the reducer, over any valid events', { timeout }, () => {
  it('keeps its bounds, finite numbers and a valid profile; replaying changes nothing', () => {
    fc.assert(
      // Ids are unique, as Tailor's own are; the split is a batch written, then the next one.
      fc.property(fc.uniqueArray(validEvent, { selector: (event) => event.id, maxLength: 60 }), fc.nat(), (events, cut) => {
        const first = events.slice(0, cut % (events.length + 1))
        const second = events.slice(first.length)
        for (const event of [...first, ...second]) expect(EventSchema.safeParse(event).success).toBe(true)
        const once = applyEvents(applyEvents(emptyProfile(), first), second)
        expect(once.log.length).toBeLessThanOrEqual(PROFILE_LIMITS.maxEvents)
        expect(Object.keys(once.counters).length).toBeLessThanOrEqual(PROFILE_LIMITS.maxCounters)
        expect(Object.keys(once.counts).length).toBeLessThanOrEqual(PROFILE_LIMITS.maxEventTypes)
        expect(Object.keys(once.traits).length).toBeLessThanOrEqual(PROFILE_LIMITS.maxTraits)
        expect(numbers(once).every(Number.isFinite)).toBe(true)
        expect(ProfileSchema.safeParse(once).error).toBeUndefined()
        // Reads back from the JSON it is stored as, and the same events again count nothing twice.
        expect(ProfileSchema.safeParse(JSON.parse(JSON.stringify(once))).error).toBeUndefined()
        expect(applyEvents(once, [...first, ...second])).toEqual(once)
      }),
      { numRuns },
    )
  })
})

describe('the slot config, given anything', { timeout }, () => {
  const schema = slotConfigSchema as JsonSchema
  const config = fc.oneof(
    fc.record({ catalog: hostile, segments: hostile, merchandising: hostile, holdout: hostile }, { requiredKeys: [] }),
    fc.dictionary(fc.oneof(fc.constantFrom('catalog', 'segments'), hostileKey), hostile),
  )
  it('is accepted only when zod accepts it, else rejected with config-invalid', () => {
    fc.assert(
      fc.property(fc.oneof(config, hostile), (value) => {
        const result = settles('config-invalid', () => validate(schema, value, 'config-invalid'))
        // Stricter than zod in one way only: a Map, a Set or a class instance is not a config object.
        if (!(result instanceof TailorError)) expect(SlotConfigSchema.safeParse(value).success).toBe(true)
      }),
      { numRuns },
    )
  })
})

describe('segment rules', { timeout }, () => {
  const texts = fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 3 })
  const range = fc.record({ min: fc.double({ noNaN: true, noDefaultInfinity: true }), max: fc.double({ noNaN: true, noDefaultInfinity: true }) }, { requiredKeys: [] })
  const condition = fc.record(
    {
      visitor: fc.constantFrom('new', 'returning'),
      lifecycle: fc.array(fc.constantFrom(...LIFECYCLE_STAGES), { minLength: 1, maxLength: 3 }),
      orders: range,
      spend: range,
      daysSinceOrder: range,
      affinity: fc.record(
        { dimension: fc.constantFrom(...DIMENSIONS), key: fc.oneof(fc.constantFrom('lighting', '__proto__', 'constructor'), fc.string({ minLength: 1, maxLength: 20 })), min: fc.double({ min: 0.001, max: 1e9, noNaN: true }), halfLifeDays: fc.constantFrom(...HALF_LIVES_DAYS) },
        { requiredKeys: ['dimension', 'key'] },
      ),
      device: fc.array(fc.constantFrom('mobile', 'tablet', 'desktop'), { minLength: 1, maxLength: 3 }),
      channel: fc.array(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 3 }),
      utm: fc.record({ source: texts, medium: texts, campaign: texts }, { requiredKeys: [] }),
      locale: texts,
      timeZone: texts,
      hours: fc.record({ from: fc.integer({ min: 0, max: 23 }), to: fc.integer({ min: 0, max: 23 }) }),
      traits: fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), hostileKey), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean())),
    },
    { requiredKeys: [] },
  )
  const rule = fc.record({ segment: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/), when: condition })

  it('any valid rule set is evaluated without throwing, naming only its own segments and the built-in ones', () => {
    const profiles = [emptyProfile(), applyEvents(emptyProfile(), [{ id: 'a', type: 'purchase', ts: NOW - 86_400_000, items: [{ item_id: 'L', item_category: 'lighting', price: 20 }] }])]
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 5 }), fc.constantFrom(...profiles), fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), (rules, profile, locale) => {
        for (const candidate of rules) expect(SegmentRuleSchema.safeParse(candidate).success).toBe(true)
        const names = segmentsOf(rules as SegmentRule[], profile, { now: NOW, locale, timeZone: locale })
        for (const name of names) expect([...rules.map((r) => r.segment), 'new-visitor', 'returning-visitor']).toContain(name)
      }),
      { numRuns },
    )
  })

  it('anything else is rejected with config-invalid', () => {
    const schema = (slotConfigSchema as unknown as { properties: { segments: JsonSchema } }).properties.segments
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.oneof(rule, fc.record({ segment: hostile, when: hostile }))), hostile), (value) => {
        settles('config-invalid', () => validate(schema, value, 'config-invalid', 'segments'))
      }),
      { numRuns },
    )
  })
})

describe('model manifests', { timeout }, () => {
  /** `base` with one field replaced by something hostile, deleted, or an extra one added. */
  // What a downloaded manifest can hold: JSON values, and keys such as `__proto__`.
  const json = fc.jsonValue({ maxDepth: 3 }).map((value) => (value && typeof value === 'object' && !Array.isArray(value) ? JSON.parse(JSON.stringify(value).replace(/^\{"/, '{"__proto__":{"polluted":1},"')) : value))
  const mutated = (base: unknown) =>
    fc.tuple(fc.nat(), fc.constantFrom('set', 'delete', 'add'), json, fc.constantFrom(1e999, -1e999, Number.NaN, 1e308, -1e308, 710, 1e5)).map(([pick, op, replacement, number]) => {
      const copy = structuredClone(base) as Record<string, unknown>
      const paths: Array<[Record<string, unknown>, string]> = []
      const walk = (node: unknown) => {
        if (!node || typeof node !== 'object') return
        for (const key of Object.keys(node)) {
          paths.push([node as Record<string, unknown>, key])
          walk((node as Record<string, unknown>)[key])
        }
      }
      walk(copy)
      const [parent, key] = paths[pick % paths.length]!
      if (op === 'delete') delete parent[key]
      // An own `__proto__` key, as JSON.parse makes from downloaded text.
      else if (op === 'add') Object.defineProperty(parent, '__proto__', { value: replacement, enumerable: true, writable: true, configurable: true })
      else parent[key] = typeof parent[key] === 'number' ? number : replacement
      return copy
    })
  /** An XGBoost fixture cut to its first round of trees, so 10,000 runs take seconds, not minutes. */
  const small = (name: (typeof XGBOOST_FIXTURES)[number]) => {
    const { manifest } = xgboostFixture(name)
    const model = (manifest.model as unknown as { booster: { learner: { gradient_booster: { model: { trees: unknown[]; tree_info: number[]; gbtree_model_param: { num_trees: string } } } } } }).booster.learner.gradient_booster.model
    const keep = manifest.targets.length
    model.trees = model.trees.slice(0, keep)
    model.tree_info = model.tree_info.slice(0, keep)
    model.gbtree_model_param.num_trees = String(keep)
    return manifest
  }
  const bases = [manifestFixture, ...XGBOOST_FIXTURES.map(small)]
  it('start from manifests that parse', () => {
    for (const base of bases) expect(parseManifest(base).format).toBe('tailor-model@1')
  })

  it('parse to a model that never scores NaN or Infinity, or fail with model-invalid', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated(bases[0]), mutated(bases[1]), mutated(bases[2]), mutated(bases[3]), json),
        fc.array(fc.oneof(fc.double(), fc.constant(Number.NaN)), { minLength: 64, maxLength: 64 }),
        (input, row) => {
          // As downloaded: JSON text, parsed (1e999 and NaN arrive as Infinity-free JSON or null).
          const parsed = settles('model-invalid', () => parseManifest(JSON.parse(JSON.stringify(input) ?? 'null')))
          if (parsed instanceof TailorError) return
          const manifest = parsed as ReturnType<typeof parseManifest>
          const scores = createScorer(manifest).score(Float32Array.from(row.slice(0, manifest.features.length)))
          for (const score of scores.values()) expect(Number.isFinite(score)).toBe(true)
        },
      ),
      { numRuns },
    )
  })
})
