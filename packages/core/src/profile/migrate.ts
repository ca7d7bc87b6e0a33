import storedProfileSchema from '../schemas/stored-profile.schema.json'
import { conforms, type JsonSchema } from '../validate'
import { emptyProfile } from './profile'
import type { Counter, ProfileState } from './schema'

type Record_ = Record<string, unknown>
const isRecord = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Version 1 (Tailor 0.1) kept category counters at half-lives of 1 and 30 days and no event log.
 * Counts, evidence, sessions and first/last seen carry over exactly; the 30-day value stands in
 * for both the 7- and 60-day ones; the last order's time is the newest purchase counter's.
 */
function fromVersion1(old: Record_): unknown {
  const counters: Record<string, Counter> = {}
  let lastOrder: number | null = null
  for (const [key, value] of Object.entries(isRecord(old.counters) ? old.counters : {})) {
    if (!isRecord(value) || !Array.isArray(value.v)) return undefined
    const [short, long] = value.v as number[]
    counters[key] = { n: value.n as number, t: value.t as number, v: [short!, long!, long!] }
    if (key.startsWith('purchase|')) lastOrder = Math.max(lastOrder ?? 0, value.t as number)
  }
  const counts = isRecord(old.counts) ? old.counts : {}
  return {
    ...emptyProfile(),
    firstSeen: old.firstSeen,
    lastSeen: old.lastSeen,
    sessions: old.sessions,
    evidence: old.evidence,
    counts,
    counters,
    rfm: { lastOrder, orders: typeof counts.purchase === 'number' ? counts.purchase : 0, monetary: 0 },
  }
}

/**
 * A stored profile brought to the current version, or undefined when it is neither a valid current
 * profile nor a migratable older one (the shopper then starts afresh, as on a first visit). Checks
 * StoredProfileSchema: aggregates in full, logged events by id, type and time.
 */
export function migrateProfile(stored: unknown): ProfileState | undefined {
  const current = isRecord(stored) && stored.version === 1 ? fromVersion1(stored) : stored
  return conforms(storedProfileSchema as JsonSchema, current) ? (current as ProfileState) : undefined
}
