import type { TailorEvent } from '../events/schema'

/** Every record Tailor keeps, by object store: what `exportProfile()` returns. */
export interface StoreDump {
  /** The profile under `profile`, cached models under `model:<url>`. */
  kv: Record<string, unknown>
  /** Events saved but not yet folded into the profile. */
  outbox: TailorEvent[]
}

/**
 * Tailor's persistence. `kv` holds the profile and cached models; `outbox` holds events until a
 * `fold` applies them to the profile, in one transaction with the read, so tabs never overwrite
 * each other's events.
 */
export interface Store {
  readonly kind: 'indexeddb' | 'memory'
  get(key: string): Promise<unknown>
  /** Writes all entries in one transaction: all land, or none do. */
  setMany(entries: ReadonlyArray<readonly [string, unknown]>): Promise<void>
  /** Saves events to the outbox (idempotent: keyed by event id). Queued at once, so it lands even from `pagehide`. */
  append(events: readonly TailorEvent[]): Promise<void>
  /**
   * In one transaction: reads `key` and the oldest OUTBOX_BATCH events of the outbox, writes
   * `update`'s result under `key` (nothing when it returns undefined) and removes those events.
   * Resolves with what is stored afterwards.
   */
  fold(key: string, update: (stored: unknown, outbox: TailorEvent[]) => unknown): Promise<unknown>
  dump(): Promise<StoreDump>
  /** Deletes every record and the database itself. */
  forget(): Promise<void>
}

/** The most outbox events one fold reads: a page's start-up reads stay bounded. */
export const OUTBOX_BATCH = 2000

/** A Store that lives as long as the page: used when IndexedDB is unavailable, and in tests. `records` seeds its key-value records. */
export function createMemoryStore(records: ReadonlyMap<string, unknown> = new Map()): Store {
  let kv = new Map([...records].map(([key, value]) => [key, structuredClone(value)]))
  let outbox = new Map<string, TailorEvent>()
  return {
    kind: 'memory',
    get: async (key) => structuredClone(kv.get(key)),
    setMany: async (entries) => {
      for (const [key, value] of entries) kv.set(key, structuredClone(value))
    },
    append: async (events) => {
      for (const event of events) outbox.set(event.id, structuredClone(event))
    },
    fold: async (key, update) => {
      const pending = [...outbox.keys()].sort().slice(0, OUTBOX_BATCH)
      const next = update(structuredClone(kv.get(key)), pending.map((id) => structuredClone(outbox.get(id)!)))
      if (next !== undefined) kv.set(key, structuredClone(next))
      for (const id of pending) outbox.delete(id)
      return structuredClone(kv.get(key))
    },
    dump: async () => structuredClone({ kv: Object.fromEntries(kv), outbox: [...outbox.values()] }),
    forget: async () => {
      kv = new Map()
      outbox = new Map()
    },
  }
}
