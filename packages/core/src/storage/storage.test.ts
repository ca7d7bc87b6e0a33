import 'fake-indexeddb/auto'
import { IDBDatabase, IDBFactory, IDBObjectStore } from 'fake-indexeddb'
import { openDB } from 'idb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { faultyStore } from '../../test/faulty-store'
import type { TailorError } from '../errors'
import type { TailorEvent } from '../events/schema'
import { emptyProfile } from '../profile/profile'
import { openIdbStore } from './idb-store'
import { createProfileSync, decodeProfile } from './profile-sync'
import { OUTBOX_BATCH, createMemoryStore, type Store } from './store'

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory())
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

let n = 0
const event = (type = 'view_item', extra: Partial<TailorEvent> = {}): TailorEvent => ({
  id: `e${++n}`,
  type,
  ts: Date.UTC(2026, 10, 1) + n,
  items: [{ item_id: 'L1', item_category: 'lamps' }],
  ...extra,
})

// The same cases hold for both implementations: a page without IndexedDB behaves like one with it.
describe.each([
  ['indexeddb', () => openIdbStore()],
  ['memory', async () => createMemoryStore()],
])('%s store', (kind, open: () => Promise<Store>) => {
  it('keeps key-value records', async () => {
    const store = await open()
    expect(store.kind).toBe(kind)
    await store.setMany([['model:/m.json', { id: 'm' }]])
    expect(await store.get('model:/m.json')).toEqual({ id: 'm' })
    expect(await store.get('nothing')).toBeUndefined()
  })

  it('folds the outbox into a record in one step, and empties it', async () => {
    const store = await open()
    const a = event()
    await store.append([a, event()])
    await store.append([a]) // idempotent: keyed by id
    const seen: TailorEvent[][] = []
    const result = await store.fold('profile', (stored, outbox) => {
      seen.push(outbox)
      return { stored, count: outbox.length }
    })
    expect(result).toEqual({ stored: undefined, count: 2 })
    expect(seen[0]!.map((e) => e.id).sort()).toEqual([a.id, `e${n}`].sort())
    expect(await store.fold('profile', () => undefined)).toEqual({ stored: undefined, count: 2 }) // unchanged
    expect((await store.dump()).outbox).toEqual([])
  })

  it('dumps every record, and forgets them all', async () => {
    const store = await open()
    await store.setMany([['profile', { p: 1 }]])
    const pending = event()
    await store.append([pending])
    expect(await store.dump()).toEqual({ kv: { profile: { p: 1 } }, outbox: [pending] })
    await store.forget()
    if (kind === 'indexeddb') expect((await indexedDB.databases()).map((db) => db.name)).toEqual([])
    else expect(await store.dump()).toEqual({ kv: {}, outbox: [] })
  })
})

describe('openIdbStore', () => {
  it('upgrades a database written by Tailor 0.1, keeping its records', async () => {
    const v1 = await openDB('tailor', 1, { upgrade: (db) => db.createObjectStore('kv') })
    await v1.put('kv', { version: 1, evidence: 2 }, 'profile')
    await v1.put('kv', { id: 'cached' }, 'model:/model.json')
    v1.close()
    const store = await openIdbStore()
    expect(await store.get('profile')).toEqual({ version: 1, evidence: 2 })
    expect(await store.get('model:/model.json')).toEqual({ id: 'cached' })
    await store.append([event()]) // the outbox store now exists
  })

  it('rejects with storage-unavailable when IndexedDB is missing or throws', async () => {
    vi.stubGlobal('indexedDB', undefined)
    await expect(openIdbStore()).rejects.toMatchObject({ code: 'storage-unavailable', message: expect.stringContaining('indexedDB is not defined') })
    vi.stubGlobal('indexedDB', {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError')
      },
    })
    await expect(openIdbStore()).rejects.toMatchObject({ code: 'storage-unavailable', message: expect.stringContaining('insecure') })
  })

  it('gives up on an open that never settles, and closes it when it succeeds late', async () => {
    // An old tab holds version 1 open and ignores requests to close: the upgrade is blocked.
    const old = await openDB('tailor', 1, { upgrade: (db) => db.createObjectStore('kv') })
    await expect(openIdbStore(50)).rejects.toMatchObject({ code: 'storage-unavailable', message: expect.stringContaining('did not open within 50 ms') })
    old.close() // the blocked open now succeeds, late
    await vi.waitFor(async () => expect((await indexedDB.databases())[0]?.version).toBe(2))
    // The late connection was closed at once, so nothing blocks deleting the database.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('tailor')
      request.onsuccess = () => resolve()
      request.onblocked = () => reject(new Error('a late connection was left open'))
    })
  })

  it('steps aside when another tab deletes the database, and carries on in memory', async () => {
    const warnings: string[] = []
    const store = await openIdbStore(1000, (_, error) => warnings.push(error.code))
    await store.setMany([['a', 1]])
    const deleting = new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('tailor')
      request.onsuccess = () => resolve()
      request.onerror = () => reject(request.error)
    })
    await deleting // would hang if this connection stayed open
    // What this page knew stays readable; nothing is written back to the database.
    expect(await store.get('a')).toBe(1)
    await store.setMany([['b', 2]])
    expect(store.kind).toBe('memory')
    expect(warnings).toEqual(['storage-unavailable'])
    expect((await indexedDB.databases()).map((db) => db.name)).toEqual([]) // not recreated
  })

  it('lets a newer version upgrade the database while this page is open: neither hangs', async () => {
    const store = await openIdbStore(1000, () => {})
    await store.setMany([['profile', 'p']])
    // A new SDK version in another tab.
    const upgraded = await openDB('tailor', 3, { upgrade: (db) => void db.createObjectStore('v3') })
    expect([...upgraded.objectStoreNames].sort()).toEqual(['kv', 'outbox', 'v3'])
    upgraded.close()
    expect(await store.get('profile')).toBe('p')
    expect(store.kind).toBe('memory')
  })

  it('reopens a lost connection once, after a pause; lost again, carries on in memory with one warning', async () => {
    const warnings: string[] = []
    const store = await openIdbStore(1000, (_, error) => warnings.push(error.code))
    const opens = vi.spyOn(IDBFactory.prototype, 'open')
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
    const lost = () => {
      throw new DOMException('The database connection is closing.', 'InvalidStateError')
    }
    transaction.mockImplementationOnce(lost)
    await store.append([event()])
    expect(opens).toHaveBeenCalledTimes(1) // reopened
    expect(store.kind).toBe('indexeddb')
    expect((await store.dump()).outbox).toHaveLength(1)

    transaction.mockImplementationOnce(lost)
    const calls = transaction.mock.calls.length
    await store.append([event()])
    // No third connection and no retry storm: one failed attempt, then memory, which has what the page read.
    expect(opens).toHaveBeenCalledTimes(1)
    expect(transaction.mock.calls.length).toBe(calls + 1)
    expect(store.kind).toBe('memory')
    expect(warnings).toEqual(['storage-unavailable'])
    await store.append([event()])
    expect(transaction.mock.calls.length).toBe(calls + 1)
  })

  it('aborts a failing upgrade as a whole, leaving the old data as it was', async () => {
    // A version 1 database that a step of the upgrade to 2 cannot handle (its outbox exists already).
    const old = await openDB('tailor', 1, {
      upgrade(db) {
        db.createObjectStore('kv')
        db.createObjectStore('outbox')
      },
    })
    await old.put('kv', 'kept', 'profile')
    old.close()
    await expect(openIdbStore()).rejects.toMatchObject({ code: 'storage-unavailable' })
    const after = await openDB('tailor')
    expect(after.version).toBe(1)
    expect(await after.get('kv', 'profile')).toBe('kept')
    after.close()
  })

  it('reads at most OUTBOX_BATCH events per fold, however many a crash left behind', async () => {
    const store = await openIdbStore()
    await store.append(Array.from({ length: 10_000 }, () => event()))
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll')
    const sync = await createProfileSync(store, () => {})
    expect(getAll.mock.calls.map((call) => call[1])).toEqual([OUTBOX_BATCH])
    expect(sync.current().evidence).toBe(OUTBOX_BATCH)
    expect((await store.dump()).outbox).toHaveLength(10_000 - OUTBOX_BATCH)
    // The writes that follow fold the rest, oldest first.
    sync.add(event())
    await sync.flush()
    expect((await store.dump()).outbox).toHaveLength(10_000 + 1 - 2 * OUTBOX_BATCH)
  })
})

describe('createProfileSync', () => {
  const warnings: TailorError[] = []
  const warn = (_: string, error: TailorError) => void warnings.push(error)
  beforeEach(() => void (warnings.length = 0))

  it('shows events at once and writes a burst of them in one step, after a short delay', async () => {
    vi.useFakeTimers()
    const { store, calls } = faultyStore(createMemoryStore())
    const sync = await createProfileSync(store, warn)
    sync.add(event())
    sync.add(event())
    expect(sync.current().evidence).toBe(2)
    expect(calls.get('append')).toBeUndefined()
    await vi.advanceTimersByTimeAsync(60)
    expect(calls.get('append')).toBe(1)
    expect(decodeProfile((await store.dump()).kv.profile)).toMatchObject({ evidence: 2 })
  })

  it('loses no event when two tabs write the same store at once', async () => {
    const store = await openIdbStore()
    const [a, b] = await Promise.all([createProfileSync(store, warn), createProfileSync(await openIdbStore(), warn)])
    for (let i = 0; i < 50; i++) {
      a.add(event('view_item'))
      b.add(event('add_to_cart'))
      if (i % 10 === 0) await Promise.all([a.flush(), b.flush()])
    }
    await Promise.all([a.flush(), b.flush()])
    const stored = decodeProfile((await store.dump()).kv.profile) as ReturnType<typeof emptyProfile>
    expect(stored.counts).toEqual({ view_item: 50, add_to_cart: 50 })
    expect(stored.log).toHaveLength(100)
    expect(stored.counters['view_item|item|L1']!.n + stored.counters['add_to_cart|item|L1']!.n).toBe(100)
    expect(warnings).toEqual([])
  })

  it('folds events a closing page saved but could not apply', async () => {
    const store = createMemoryStore()
    await store.append([event(), event()])
    const sync = await createProfileSync(store, warn)
    expect(sync.current().evidence).toBe(2)
    expect((await store.dump()).outbox).toEqual([])
  })

  it('keeps events in memory when saving fails, and saves them with the next write', async () => {
    const { store, fail } = faultyStore(createMemoryStore())
    const sync = await createProfileSync(store, warn)
    fail('append', 'UnknownError')
    sync.add(event())
    await sync.flush()
    expect(warnings.map((w) => w.code)).toEqual(['storage-write'])
    expect(sync.current().evidence).toBe(1)
    sync.add(event())
    await sync.flush()
    expect(decodeProfile((await store.dump()).kv.profile)).toMatchObject({ evidence: 2 })
  })

  it('when the outbox is full, prunes the stored log (aggregates kept) and saves the events, once', async () => {
    const { store, fail, calls } = faultyStore(createMemoryStore())
    const sync = await createProfileSync(store, warn)
    for (let i = 0; i < 1500; i++) sync.add(event('page_view', { items: [] }))
    await sync.flush()
    fail('append', 'QuotaExceededError')
    sync.add(event())
    await sync.flush()
    const stored = decodeProfile((await store.dump()).kv.profile) as ReturnType<typeof emptyProfile>
    expect(stored.counts).toEqual({ page_view: 1500, view_item: 1 })
    expect(stored.log).toHaveLength(1001)
    expect(calls.get('append')).toBe(3) // the burst, the full one, the retry
    expect(warnings.map((w) => w.code)).toEqual(['storage-full'])
  })

  it('on QuotaExceededError keeps the aggregates and the newest half of the log, once', async () => {
    const { store, fail } = faultyStore(createMemoryStore())
    const sync = await createProfileSync(store, warn)
    for (let i = 0; i < 1500; i++) sync.add(event('page_view', { items: [] }))
    fail('fold', 'QuotaExceededError')
    await sync.flush()
    const stored = decodeProfile((await store.dump()).kv.profile) as ReturnType<typeof emptyProfile>
    expect(stored.counts.page_view).toBe(1500)
    expect(stored.log).toHaveLength(1000)
    expect(warnings.map((w) => w.code)).toEqual(['storage-full'])
  })

  it("catches up with another tab's writes", async () => {
    const store = await openIdbStore()
    const mine = await createProfileSync(store, warn)
    const other = await createProfileSync(await openIdbStore(), warn)
    other.add(event())
    await other.flush()
    await vi.waitFor(() => expect(mine.current().evidence).toBe(1), { timeout: 1000 })
  })
})
