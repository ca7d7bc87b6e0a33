/** Key-value persistence for the profile and cached models. */
export interface Store {
  readonly kind: 'indexeddb' | 'memory'
  get(key: string): Promise<unknown>
  /** Writes all entries in one transaction: all land, or none do. */
  setMany(entries: ReadonlyArray<readonly [string, unknown]>): Promise<void>
}

/** A Store that lives as long as the page: used when IndexedDB is unavailable, and in tests. */
export function createMemoryStore(): Store {
  const data = new Map<string, unknown>()
  return {
    kind: 'memory',
    get: async (key) => structuredClone(data.get(key)),
    setMany: async (entries) => {
      for (const [key, value] of entries) data.set(key, structuredClone(value))
    },
  }
}
