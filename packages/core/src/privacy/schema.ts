import * as z from 'zod/mini'
import { EventSchema } from '../events/schema'
import { ManifestSchema } from '../model/schema'
import { ProfileSchema } from '../profile/schema'

/** `granted`: a profile is kept. `required`: memory only, until the shopper consents. `denied`: no profile at all. */
export const ConsentModeSchema = z.enum(['granted', 'required', 'denied'])

/** A cached model as IndexedDB keeps it under `model:<url>`: the manifest, checked in full before it was written, and its ETag. */
export const CachedModelSchema = z.strictObject({ v: z.literal(1), manifest: ManifestSchema, etag: z.optional(z.string()) })

/**
 * Everything Tailor stored for one shopper, as `exportProfile()` returns it (docs/privacy.md):
 * the IndexedDB records and the localStorage entries, decoded.
 */
export const ExportSchema = z.strictObject({
  format: z.literal('tailor-export@1'),
  exportedAt: z.iso.datetime(),
  /** The consent mode in effect when exported. */
  consent: ConsentModeSchema,
  /** Where the profile is kept: `memory` before consent, or where IndexedDB is unavailable. */
  storage: z.enum(['indexeddb', 'memory']),
  records: z.strictObject({
    /** `profile`: the profile; `model:<url>`: a cached model. */
    kv: z.catchall(z.object({ profile: z.optional(ProfileSchema) }), CachedModelSchema),
    /** Events saved but not yet folded into the profile. */
    outbox: z.array(EventSchema),
  }),
  /** Tailor's localStorage entries: copies that let the next page decide at once, and the consent given. */
  snapshot: z.strictObject({
    /** The profile without its event log, and the impression times per variant or product a frequency cap still counts. */
    'tailor:profile': z.optional(z.strictObject({ v: z.literal(1), profile: ProfileSchema, impressions: z.array(z.tuple([z.string(), z.array(z.number())])) })),
    /** A model of at most 100,000 characters, for the first decision. */
    'tailor:model': z.optional(z.strictObject({ url: z.string(), manifest: ManifestSchema })),
    'tailor:consent': z.optional(z.literal('granted')),
  }),
})
export type TailorExport = z.infer<typeof ExportSchema>
