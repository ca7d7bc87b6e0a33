import { toTailorError } from '../errors'
import type { Warn } from '../log'
import type { Store } from './store'

/** How long writes are coalesced: a burst of events costs one IndexedDB transaction. */
const BATCH_MS = 50

export interface Writer {
  /** Queue `value` under `key`; a later write of the same key replaces it. */
  write(key: string, value: unknown): void
  /** Write everything queued now. */
  flush(): Promise<void>
}

/** Batches writes to `store`. A failed batch stays queued for the next one: nothing is dropped. */
export function createWriter(store: Store, warn: Warn): Writer {
  let pending = new Map<string, unknown>()
  let timer: ReturnType<typeof setTimeout> | undefined

  async function flush(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    if (pending.size === 0) return
    const batch = pending
    pending = new Map()
    try {
      await store.setMany([...batch])
    } catch (error) {
      for (const [key, value] of batch) if (!pending.has(key)) pending.set(key, value)
      warn('storage', toTailorError(error, 'storage-write'))
    }
  }

  return {
    write(key, value) {
      pending.set(key, value)
      timer ??= setTimeout(() => void flush(), BATCH_MS)
    },
    flush,
  }
}
