// The only module that imports idb: it owns the database schema, its upgrades and its failures.
import { deleteDB, openDB, type IDBPDatabase } from 'idb'
import type { TailorEvent } from '../events/schema'
import { TailorError, toTailorError } from '../errors'
import type { Warn } from '../log'
import { OUTBOX_BATCH, createMemoryStore, type Store } from './store'

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
      upgrade(db, oldVersion, _newVersion, transaction) {
        // Each step runs once, in order, inside the upgrade transaction: a failure aborts them all
        // (open() then rejects, and is warned of; the aborted transaction itself is not an error of the page's).
        transaction.done.catch(() => {})
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

/** A failure of the connection rather than of one transaction: the connection is gone for good, or closed under it. */
const lasting = (error: unknown) =>
  (error as TailorError | undefined)?.code === 'storage-unavailable' || (error instanceof DOMException && error.name === 'InvalidStateError')

/**
 * Opens Tailor's database, or rejects with `storage-unavailable` when IndexedDB is missing,
 * throws, or does not open within `timeoutMs` (a hung or blocked open). A connection lost (closed
 * by the browser, or InvalidStateError) is reopened once, after a short pause; lost again, or
 * closed for another tab's upgrade or deletion, the store moves to memory for the rest of the page,
 * with one `warn`, starting from the records this page read or wrote, so the profile carries on.
 */
export async function openIdbStore(timeoutMs = 1000, warn?: Warn): Promise<Store> {
  // Read the global here, not at import, so importing Tailor is safe on a server.
  if (typeof indexedDB === 'undefined') throw unavailable('indexedDB is not defined')
  let db: IDBPDatabase | undefined
  // Set once the connection must not come back: used up its one reopen, stepped aside, or forgotten.
  let final = false
  const known = new Map<string, unknown>()
  let fallback: Store | undefined
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

  // With an open connection the transaction starts synchronously, inside the caller's task
  // (which matters in `pagehide`).
  async function connection(): Promise<IDBPDatabase> {
    if (db) return db
    // The browser closed the connection abnormally: reopen once, after a short jittered pause
    // (other tabs lost theirs too), then give up.
    if (final) throw unavailable('the database connection was closed')
    final = true
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200))
    db = await open(timeoutMs, onBlocking, onTerminated)
    return db
  }

  /** `op` on the database, or on the memory store once the database is gone for this page. */
  async function use<T>(op: (db: IDBPDatabase) => Promise<T>, inMemory: (store: Store) => Promise<T>): Promise<T> {
    while (!fallback) {
      try {
        return await op(db ?? (await connection()))
      } catch (error) {
        if (!lasting(error)) throw error
        if (error instanceof DOMException) {
          // The connection closed under this transaction: the next pass reopens it, once (a
          // transaction that failed wrote nothing, and every write is keyed, so it is redone as is).
          db?.close()
          db = undefined
          continue
        }
        fallback = createMemoryStore(known)
        warn?.('storage', toTailorError(error, 'storage-unavailable'))
      }
    }
    return inMemory(fallback)
  }

  return {
    get kind() {
      return fallback ? 'memory' : 'indexeddb'
    },
    get: (key) =>
      use(
        async (db) => {
          const value: unknown = await db.get(KV, key)
          known.set(key, value)
          return value
        },
        (memory) => memory.get(key),
      ),
    setMany: (entries) =>
      use(
        async (db) => {
          const tx = db.transaction(KV, 'readwrite')
          for (const [key, value] of entries) void tx.store.put(value, key)
          tx.commit()
          await tx.done
          for (const [key, value] of entries) known.set(key, value)
        },
        (memory) => memory.setMany(entries),
      ),
    append: (events) =>
      use(
        async (db) => {
          const tx = db.transaction(OUTBOX, 'readwrite')
          for (const event of events) void tx.store.put(event)
          // Commit now rather than when the task ends: an append started in `pagehide` must land before unload.
          tx.commit()
          await tx.done
        },
        (memory) => memory.append(events),
      ),
    fold: (key, update) =>
      use(
        async (db) => {
          const tx = db.transaction([KV, OUTBOX], 'readwrite')
          const kv = tx.objectStore(KV)
          const outbox = tx.objectStore(OUTBOX)
          // At most OUTBOX_BATCH events, in key order: start-up reads stay bounded however many a
          // crash left behind; the rest are folded by the writes that follow.
          const [stored, pending] = await Promise.all([kv.get(key), outbox.getAll(undefined, OUTBOX_BATCH) as Promise<TailorEvent[]>])
          const next = update(stored, pending)
          if (next !== undefined) void kv.put(next, key)
          if (pending.length > 0) void outbox.delete(IDBKeyRange.upperBound(pending.at(-1)!.id))
          await tx.done
          known.set(key, next ?? stored)
          return next ?? stored
        },
        (memory) => memory.fold(key, update),
      ),
    dump: () =>
      use(
        async (db) => {
          const tx = db.transaction([KV, OUTBOX])
          const kv: Record<string, unknown> = {}
          let cursor = await tx.objectStore(KV).openCursor()
          while (cursor) {
            kv[String(cursor.key)] = cursor.value
            cursor = await cursor.continue()
          }
          return { kv, outbox: (await tx.objectStore(OUTBOX).getAll()) as TailorEvent[] }
        },
        (memory) => memory.dump(),
      ),
    async forget() {
      db?.close()
      db = undefined
      final = true // never recreate what the shopper asked to delete
      known.clear()
      await fallback?.forget()
      await deleteIdbStore()
    },
  }
}
