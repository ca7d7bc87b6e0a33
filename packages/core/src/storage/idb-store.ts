// The only module that imports idb: it owns the database schema and maps its failures.
import { openDB } from 'idb'
import { TailorError } from '../errors'
import type { Store } from './store'

const DB_NAME = 'tailor'
const KV = 'kv'

/** Opens Tailor's database; rejects with `storage-unavailable` when IndexedDB can't be used. */
export async function openIdbStore(): Promise<Store> {
  // Read the global here, not at import, so importing Tailor is safe on a server.
  if (typeof indexedDB === 'undefined') throw new TailorError('storage-unavailable', 'indexedDB is not defined')
  let db: Awaited<ReturnType<typeof openDB>>
  try {
    db = await openDB(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(KV)
      },
      // Another tab wants a newer schema: step aside instead of blocking it.
      blocking() {
        db.close()
      },
    })
  } catch (error) {
    throw new TailorError('storage-unavailable', error instanceof Error ? error.message : String(error), { cause: error })
  }
  return {
    kind: 'indexeddb',
    get: (key) => db.get(KV, key),
    async setMany(entries) {
      const tx = db.transaction(KV, 'readwrite')
      for (const [key, value] of entries) void tx.store.put(value, key)
      // Commit now rather than when the task ends: a write started in `pagehide` must land before unload.
      tx.commit()
      await tx.done
    },
  }
}
