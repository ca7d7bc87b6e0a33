import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { EventDataSchema, EventSchema, EventTypeSchema } from '../events/schema'
import { SlotConfigSchema } from '../decide/schema'
import { ManifestSchema } from '../model/schema'
import { ExportSchema } from '../privacy/schema'
import { ProfileSchema, StoredProfileSchema } from '../profile/schema'
import { conforms, type JsonSchema } from '../validate'
import manifestFixture from '../../test/fixtures/manifest.json'
import { applyEvent, emptyProfile } from '../profile/profile'
import eventDataJson from './event-data.schema.json'
import eventTypeJson from './event-type.schema.json'
import manifestJson from './manifest.schema.json'
import profileJson from './profile.schema.json'
import slotConfigJson from './slot-config.schema.json'
import storedProfileJson from './stored-profile.schema.json'

const SCHEMAS = {
  'event-data': EventDataSchema,
  'event-type': EventTypeSchema,
  event: EventSchema,
  profile: ProfileSchema,
  'stored-profile': StoredProfileSchema,
  manifest: ManifestSchema,
  'slot-config': SlotConfigSchema,
} as const

describe('generated JSON Schemas', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    // `pnpm test:unit -u` rewrites these files after a schema change; CI fails while they are stale.
    it(`${name}.schema.json is generated from the zod schema`, async () => {
      await expect(`${JSON.stringify(z.toJSONSchema(schema), null, 2)}\n`).toMatchFileSnapshot(`./${name}.schema.json`)
    })
  }
  // The published format's schema, for readers of docs/reference and for other tools.
  it('docs/reference/manifest.schema.json is the manifest schema', async () => {
    await expect(`${JSON.stringify(z.toJSONSchema(ManifestSchema), null, 2)}\n`).toMatchFileSnapshot('../../../../docs/reference/manifest.schema.json')
  })
  it('docs/reference/export.schema.json is the schema of exportProfile()', async () => {
    await expect(`${JSON.stringify(z.toJSONSchema(ExportSchema), null, 2)}\n`).toMatchFileSnapshot('../../../../docs/reference/export.schema.json')
  })
})

/** Every path into `value` (objects and arrays), for mutating one field at a time. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix]
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string, unknown>)[key], [...prefix, key]))]
}

/** `base` with one field replaced by anything, deleted, or an unknown field added beside it. */
function mutations(base: unknown): fc.Arbitrary<unknown> {
  const all = paths(base).filter((path) => path.length > 0)
  return fc.tuple(fc.constantFrom(...all), fc.constantFrom('set', 'delete', 'add'), fc.anything()).map(([path, op, replacement]) => {
    const copy = structuredClone(base) as Record<string | number, unknown>
    let parent = copy
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
    const last = path[path.length - 1]!
    if (op === 'set') parent[last] = replacement
    else if (op === 'delete') delete parent[last]
    else parent.unexpected = replacement
    return copy
  })
}

describe('the browser validator agrees with zod', () => {
  const item = fc.record(
    {
      item_id: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()),
      item_category: fc.oneof(fc.constantFrom('lighting', 'toys'), fc.constant(undefined), fc.integer()),
      price: fc.oneof(fc.double(), fc.constant(-1), fc.constant('12')),
      quantity: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.double({ min: 0, max: 2 })),
      extra: fc.string(),
    },
    { requiredKeys: [] },
  )
  const eventData = fc.record(
    {
      items: fc.oneof(fc.array(item, { maxLength: 3 }), fc.constant(null)),
      value: fc.oneof(fc.double(), fc.string()),
      currency: fc.oneof(fc.constantFrom('GBP', 'EUR', 'gbp', 'POUND'), fc.integer()),
      page: fc.string(),
      path: fc.constantFrom('model', 'segment', 'default', 'other'),
      context: fc.record(
        {
          device: fc.constantFrom('mobile', 'desktop', 'phone'),
          referrer: fc.string(),
          utm_medium: fc.oneof(fc.string(), fc.integer()),
          tz: fc.oneof(fc.integer({ min: -900, max: 900 }), fc.double()),
        },
        { requiredKeys: [] },
      ),
      traits: fc.dictionary(fc.oneof(fc.constantFrom('tier', 'Tier', '', 'a_1'), fc.string()), fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null))),
      typo: fc.anything(),
    },
    { requiredKeys: [] },
  )
  const profile = applyEvent(emptyProfile(), {
    id: 'e1',
    type: 'view_item',
    ts: 1_700_000_000_000,
    session_id: 's1',
    items: [{ item_id: 'LGT-001', item_category: 'lighting' }],
  })
  const slotConfig = {
    catalog: [{ id: 'LGT-001', name: 'Lantern', url: '/p/LGT-001', image: '/i.svg', price: 34, currency: 'GBP', category: 'lighting', available: true, value: 1.2 }],
    segments: [{ segment: 'big-spenders', when: { spend: { min: 200 }, lifecycle: ['loyal'], hours: { from: 22, to: 5 }, utm: { campaign: ['xmas'] }, traits: { tier: 'gold' } } }],
    merchandising: { purchasedWithinDays: 30, frequencyCap: { max: 3, days: 1 }, exclude: ['X'], boosts: { garden: 1.5 }, diversity: true },
    holdout: { share: 0.1, salt: 'q4' },
  }
  const cases: Array<[string, z.ZodMiniType, JsonSchema, fc.Arbitrary<unknown>]> = [
    ['event-data', EventDataSchema, eventDataJson as JsonSchema, fc.oneof(eventData, fc.anything())],
    ['event-type', EventTypeSchema, eventTypeJson, fc.oneof(fc.constantFrom('view_item', 'Purchase', '', '1x', 'a'.repeat(65)), fc.string(), fc.anything())],
    ['manifest', ManifestSchema, manifestJson as JsonSchema, fc.oneof(mutations(manifestFixture), fc.anything())],
    ['profile', ProfileSchema, profileJson as JsonSchema, fc.oneof(mutations(profile), fc.anything())],
    ['stored-profile', StoredProfileSchema, storedProfileJson as JsonSchema, fc.oneof(mutations(profile), fc.anything())],
    ['slot-config', SlotConfigSchema, slotConfigJson as JsonSchema, fc.oneof(mutations(slotConfig), fc.anything())],
  ]
  for (const [name, zodSchema, json, arbitrary] of cases) {
    it(`accepts and rejects exactly what zod does: ${name}`, () => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          expect(conforms(json, value)).toBe(zodSchema.safeParse(value).success)
        }),
        { numRuns: 1000 },
      )
    })
  }
})
