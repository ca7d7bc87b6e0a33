import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { openDB } from 'idb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { faultyStore } from '../../test/faulty-store'
import type { TailorError } from '../errors'
import type { TailorEvent } from '../events/schema'
import { emptyProfile } from '../profile/profile'
import { openIdbStore } from './idb-store'
import { createProfileSync, decodeProfile } from './profile-sync'
import { createMemoryStore, type Store } from './store'

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

  it('steps aside when another tab upgrades or deletes the database', async () => {
    const store = await openIdbStore()
    await store.setMany([['a', 1]])
    const deleting = new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('tailor')
      request.onsuccess = () => resolve()
      request.onerror = () => reject(request.error)
    })
    await deleting // would hang if this connection stayed open
    await expect(store.get('a')).rejects.toMatchObject({ code: 'storage-unavailable' })
    expect((await indexedDB.databases()).map((db) => db.name)).toEqual([]) // not recreated
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
