import type { Store } from '../src/storage/store'

type Method = 'get' | 'setMany' | 'append' | 'fold' | 'dump' | 'forget'

/**
 * A real Store with faults on demand: `fail('fold', 'QuotaExceededError')` makes the next call of
 * that method reject as IndexedDB would, with a DOMException of that name. `calls` counts calls.
 */
export function faultyStore(inner: Store) {
  const faults = new Map<Method, string[]>()
  const calls = new Map<Method, number>()
  const guard =
    <A extends unknown[], R>(method: Method, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls.set(method, (calls.get(method) ?? 0) + 1)
      const name = faults.get(method)?.shift()
      if (name) throw new DOMException(`injected ${name}`, name)
      return call(...args)
    }
  const store: Store = {
    kind: inner.kind,
    get: guard('get', inner.get),
    setMany: guard('setMany', inner.setMany),
    append: guard('append', inner.append),
    fold: guard('fold', inner.fold),
    dump: guard('dump', inner.dump),
    forget: guard('forget', inner.forget),
  }
  return {
    store,
    calls,
    fail(method: Method, name: string, times = 1) {
      faults.set(method, [...(faults.get(method) ?? []), ...Array<string>(times).fill(name)])
    },
  }
}
