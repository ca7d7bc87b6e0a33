import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { TailorError } from '../errors'
import { openIdbStore } from './idb-store'
import { createMemoryStore, type Store } from './store'
import { createWriter } from './writer'

describe('openIdbStore', () => {
  it('persists values across connections', async () => {
    const first = await openIdbStore()
    await first.setMany([
      ['profile', { evidence: 3 }],
      ['model:/m.json', { id: 'm' }],
    ])
    const second = await openIdbStore()
    expect(await second.get('profile')).toEqual({ evidence: 3 })
    expect(await second.get('model:/m.json')).toEqual({ id: 'm' })
    expect(await second.get('nothing')).toBeUndefined()
  })

  it('rejects with storage-unavailable when IndexedDB is missing', async () => {
    vi.stubGlobal('indexedDB', undefined)
    try {
      await expect(openIdbStore()).rejects.toMatchObject({ code: 'storage-unavailable' })
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('createWriter', () => {
  /** A memory store that counts transactions and can be told to fail. */
  function countingStore() {
    const inner = createMemoryStore()
    const store = {
      kind: 'memory' as const,
      transactions: 0,
      failNext: false,
      get: inner.get,
      async setMany(entries: ReadonlyArray<readonly [string, unknown]>) {
        store.transactions++
        if (store.failNext) {
          store.failNext = false
          throw new DOMException('disk full', 'QuotaExceededError')
        }
        await inner.setMany(entries)
      },
    }
    return store satisfies Store
  }

  it('coalesces a burst of writes into one transaction, the last value per key winning', async () => {
    const store = countingStore()
    const writer = createWriter(store, () => {})
    writer.write('profile', 1)
    writer.write('profile', 2)
    writer.write('model:x', 'm')
    await writer.flush()
    expect(store.transactions).toBe(1)
    expect(await store.get('profile')).toBe(2)
    expect(await store.get('model:x')).toBe('m')
  })

  it('writes on its own after a short delay', async () => {
    vi.useFakeTimers()
    try {
      const store = countingStore()
      createWriter(store, () => {}).write('profile', 1)
      expect(store.transactions).toBe(0)
      await vi.runAllTimersAsync()
      expect(await store.get('profile')).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps a failed batch for the next flush and warns, losing nothing', async () => {
    const store = countingStore()
    const warnings: TailorError[] = []
    const writer = createWriter(store, (_, error) => warnings.push(error))
    store.failNext = true
    writer.write('profile', 1)
    await writer.flush()
    expect(await store.get('profile')).toBeUndefined()
    expect(warnings.map((w) => w.code)).toEqual(['storage-write'])
    writer.write('model:x', 'm')
    await writer.flush()
    expect(await store.get('profile')).toBe(1)
    expect(await store.get('model:x')).toBe('m')
  })
})
