// The only module that imports idb: it owns the database schema, its upgrades and its failures.
import { deleteDB, openDB, type IDBPDatabase } from 'idb'
import type { TailorEvent } from '../events/schema'
import { TailorError } from '../errors'
import type { Store } from './store'

const DB_NAME = 'tailor'
/** 1: `kv` (Tailor 0.1). 2: adds `outbox`. Profile records migrate on read (profile/migrate.ts). */
const DB_VERSION = 2
const KV = 'kv'
const OUTBOX = 'outbox'

const unavailable = (detail: string, cause?: unknown) => new TailorError('storage-unavailable', detail, { cause })

async function open(timeoutMs: number, onBlocking: () => void, onTerminated: () => void): Promise<IDBPDatabase> {
  // Async so that an open() that throws (SecurityError in some private modes) becomes a rejection.
  const opening = (async () =>
    openDB(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion) {
        // Each step runs once, in order, inside the upgrade transaction: a failure aborts them all.
        if (oldVersion < 1) db.createObjectStore(KV)
        if (oldVersion < 2) db.createObjectStore(OUTBOX, { keyPath: 'id' })
      },
      blocking: onBlocking,
      terminated: onTerminated,
    }))()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(`IndexedDB did not open within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([opening, timeout])
  } catch (error) {
    // A late success is closed, never used: this page has moved on to memory.
    opening.then((db) => db.close(), () => {})
    throw error instanceof TailorError ? error : unavailable(error instanceof Error ? error.message : String(error), error)
  } finally {
    clearTimeout(timer)
  }
}

/** Deletes Tailor's database, whether or not this page opened it (withdrawn consent, GPC). */
export const deleteIdbStore = (): Promise<void> => (typeof indexedDB === 'undefined' ? Promise.resolve() : deleteDB(DB_NAME))

/**
 * Opens Tailor's database, or rejects with `storage-unavailable` when IndexedDB is missing,
 * throws, or does not open within `timeoutMs` (a hung or blocked open).
 */
export async function openIdbStore(timeoutMs = 1000): Promise<Store> {
  // Read the global here, not at import, so importing Tailor is safe on a server.
  if (typeof indexedDB === 'undefined') throw unavailable('indexedDB is not defined')
  let db: IDBPDatabase | undefined
  // Set once the connection must not come back: used up its one reopen, stepped aside, or forgotten.
  let final = false
  const onBlocking = () => {
    // Another tab needs a newer schema or is deleting the database: step aside for good, so this
    // page neither blocks it nor recreates a database the shopper asked to delete.
    db?.close()
    db = undefined
    final = true
  }
  const onTerminated = () => {
    db = undefined
  }
  db = await open(timeoutMs, onBlocking, onTerminated)

  // Callers use `db ?? (await connection())` so that with an open connection the transaction
  // starts synchronously, inside the caller's task (which matters in `pagehide`).
  async function connection(): Promise<IDBPDatabase> {
    if (db) return db
    // The browser closed the connection abnormally: reopen once, then give up.
    if (final) throw unavailable('the database connection was closed')
    final = true
    db = await open(timeoutMs, onBlocking, onTerminated)
    return db
  }

  return {
    kind: 'indexeddb',
    get: async (key) => (db ?? (await connection())).get(KV, key),
    async setMany(entries) {
      const tx = (db ?? (await connection())).transaction(KV, 'readwrite')
      for (const [key, value] of entries) void tx.store.put(value, key)
      tx.commit()
      await tx.done
    },
    async append(events) {
      const tx = (db ?? (await connection())).transaction(OUTBOX, 'readwrite')
      for (const event of events) void tx.store.put(event)
      // Commit now rather than when the task ends: an append started in `pagehide` must land before unload.
      tx.commit()
      await tx.done
    },
    async fold(key, update) {
      const tx = (db ?? (await connection())).transaction([KV, OUTBOX], 'readwrite')
      const kv = tx.objectStore(KV)
      const outbox = tx.objectStore(OUTBOX)
      const [stored, pending] = await Promise.all([kv.get(key), outbox.getAll() as Promise<TailorEvent[]>])
      const next = update(stored, pending)
      if (next !== undefined) void kv.put(next, key)
      if (pending.length > 0) void outbox.clear()
      await tx.done
      return next ?? stored
    },
    async dump() {
      const tx = (db ?? (await connection())).transaction([KV, OUTBOX])
      const kv: Record<string, unknown> = {}
      let cursor = await tx.objectStore(KV).openCursor()
      while (cursor) {
        kv[String(cursor.key)] = cursor.value
        cursor = await cursor.continue()
      }
      return { kv, outbox: (await tx.objectStore(OUTBOX).getAll()) as TailorEvent[] }
    },
    async forget() {
      db?.close()
      db = undefined
      final = true // never recreate what the shopper asked to delete
      await deleteIdbStore()
    },
  }
}
