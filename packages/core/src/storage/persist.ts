// Everything that keeps the profile in IndexedDB, and the consent signals that say whether it may
// be kept, loaded as its own chunk once the slots are decided: the first decision reads the
// synchronous snapshot (snapshot.ts) and waits for none of it.
import { toTailorError } from '../errors'
import type { Warn } from '../log'
import { deleteIdbStore, openIdbStore } from './idb-store'
import { createMemoryStore, type Store } from './store'

export { createProfileSync, decodeProfile } from './profile-sync'
export { listenSignals } from '../privacy/signals'
export { withoutSensitive } from '../privacy/sensitive'
export { deleteIdbStore }

/** IndexedDB, or memory when asked for or when IndexedDB is unavailable (with one warning). */
export async function openStore(kind: 'indexeddb' | 'memory', warn: Warn): Promise<Store> {
  if (kind === 'memory') return createMemoryStore()
  try {
    return await openIdbStore(1000, warn)
  } catch (error) {
    warn('storage', toTailorError(error, 'storage-unavailable'))
    return createMemoryStore()
  }
}
