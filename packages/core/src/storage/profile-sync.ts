import { TailorError, toTailorError } from '../errors'
import type { TailorEvent } from '../events/schema'
import type { Warn } from '../log'
import { migrateProfile } from '../profile/migrate'
import { PROFILE_LIMITS, RETENTION, applyEvents, emptyProfile, expire, pruneLog, type Retention } from '../profile/profile'
import type { ProfileState } from '../profile/schema'
import type { Store } from './store'

/** How long events are coalesced: a burst of events costs one write. */
const BATCH_MS = 50
const PROFILE_KEY = 'profile'
const CHANNEL = 'tailor'

export interface ProfileSync {
  /** The stored profile plus this tab's events not yet written. */
  current(): ProfileState
  /** Queues an accepted event; it is written within BATCH_MS, or at `flush()`. */
  add(event: TailorEvent): void
  /** Writes queued events now: to the outbox first (durable at once), then folded into the profile. */
  flush(): Promise<void>
  /** Stops listening to other tabs and writes what is queued. */
  close(): Promise<void>
  /** Stops listening to other tabs and drops what is queued (the shopper asked to be forgotten). */
  stop(): void
}

const isQuotaError = (error: unknown) => error instanceof DOMException && error.name === 'QuotaExceededError'

/**
 * The profile is stored as one JSON string: IndexedDB copies a string in one piece, where the
 * same profile as objects (2,000 logged events, 1,000 counters) costs it a structured clone of
 * ~20,000 objects per read and per write, long tasks of 50–150 ms measured in Chromium.
 * JSON keeps every finite number exactly. Records stored as objects are still read.
 */
export function decodeProfile(stored: unknown): unknown {
  if (typeof stored !== 'string') return stored
  try {
    return JSON.parse(stored)
  } catch {
    return undefined
  }
}

/**
 * Keeps this tab's view of the profile and the stored one in step. Writes are read-modify-write
 * transactions over the outbox, so two tabs writing at once lose nothing; after each write the
 * other tabs are told (BroadcastChannel, else a 1 s poll) and reload. Every write, the first at
 * start included, also drops what `retention` no longer allows.
 */
export async function createProfileSync(store: Store, warn: Warn, saved: (profile: ProfileState) => void = () => {}, retention: Retention = RETENTION): Promise<ProfileSync> {
  let base = emptyProfile()
  // Events not yet in `base`, in order; `unsaved` are those not yet appended to the outbox either.
  let local: TailorEvent[] = []
  let unsaved: TailorEvent[] = []
  let view: ProfileState | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let folding: Promise<void> = Promise.resolve()
  // Set once this tab stops listening to the others (close, stop).
  let detached = false

  // The first read checks the stored record in full (migrating or discarding it); records read
  // after that were written by Tailor during this page's life and are taken as they are.
  let checked = false
  const readable = (stored: unknown): ProfileState =>
    (checked && (stored as ProfileState | undefined)?.version === 2 ? (stored as ProfileState) : migrateProfile(stored)) ?? emptyProfile()

  /** Folds the outbox into the stored profile; under quota pressure, once more with half the log. */
  async function fold(pressed = false): Promise<ProfileState> {
    let result = base
    const update = (keep?: number) => (stored: unknown, outbox: TailorEvent[]) => {
      const decoded = decodeProfile(stored)
      const current = readable(decoded)
      // The outbox comes back in key order, which for Tailor's ids is the order of tracking.
      const applied = applyEvents(current, outbox)
      result = expire(applied, Date.now(), retention)
      if (keep) result = pruneLog(result, keep)
      // Nothing to write when the stored record already is this profile.
      return outbox.length > 0 || current !== decoded || typeof stored !== 'string' || result !== applied ? JSON.stringify(result) : undefined
    }
    const keep = PROFILE_LIMITS.maxEvents / 2
    const prune = () => {
      warn('storage', new TailorError('storage-full', `kept the newest ${keep} events`))
      return store.fold(PROFILE_KEY, update(keep))
    }
    try {
      await (pressed ? prune() : store.fold(PROFILE_KEY, update()))
    } catch (error) {
      if (pressed || !isQuotaError(error)) throw error
      await prune()
    }
    checked = true
    saved(result)
    return result
  }

  function settle(batch: readonly TailorEvent[], stored: ProfileState | undefined): void {
    base = stored ?? applyEvents(base, batch)
    const done = new Set(batch)
    local = local.filter((event) => !done.has(event))
    view = undefined
  }

  function flush(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    if (unsaved.length === 0) return folding
    const batch = unsaved
    unsaved = []
    // Started now, not after the fold under way: from `pagehide` this append is what survives.
    const appended = store.append(batch)
    folding = folding.then(async () => {
      let failed = await appended.then(() => undefined, (error: unknown) => error ?? 'failed')
      // Full: make room by pruning the stored log (the aggregates stay), then try once more.
      if (isQuotaError(failed)) failed = await fold(true).then(() => store.append(batch)).then(() => undefined, (error: unknown) => error ?? 'failed')
      if (failed) {
        unsaved = [...batch, ...unsaved] // still in memory: the next flush retries
        warn('storage', toTailorError(failed, 'storage-write'))
        return
      }
      try {
        settle(batch, await fold())
        if (!detached) channel?.postMessage('changed')
      } catch (error) {
        // The events are safe in the outbox; the next fold, in any tab, applies them.
        settle(batch, undefined)
        warn('storage', toTailorError(error, 'storage-write'))
      }
    })
    return folding
  }

  const signature = (state: ProfileState) => `${state.log.length}:${state.log.at(-1)?.id}`

  async function reload(): Promise<void> {
    try {
      const stored = readable(decodeProfile(await store.get(PROFILE_KEY)))
      if (signature(stored) !== signature(base)) {
        base = stored
        view = undefined
      }
    } catch {
      // Another tab's change is picked up on the next reload or write.
    }
  }

  const listen = () => {
    if (typeof BroadcastChannel !== 'function') return undefined
    const opened = new BroadcastChannel(CHANNEL)
    opened.onmessage = () => void reload()
    return opened
  }
  let channel = listen()
  const poll = channel ? undefined : setInterval(() => document.visibilityState === 'visible' && void reload(), 1000)
  // A page in the back/forward cache that a message reaches is evicted from it: the channel closes
  // as the page may enter it, and reopens, catching up with other tabs' writes, when it is back.
  const onHide = (event: PageTransitionEvent) => {
    if (!event.persisted) return
    channel?.close()
    channel = undefined
  }
  const onShow = (event: PageTransitionEvent) => {
    if (!event.persisted || detached) return
    channel ??= listen()
    void reload()
  }
  // Optional: a worker or a test in Node has no page to leave.
  globalThis.addEventListener?.('pagehide', onHide)
  globalThis.addEventListener?.('pageshow', onShow)
  const detach = () => {
    detached = true
    channel?.close()
    clearInterval(poll)
    globalThis.removeEventListener?.('pagehide', onHide)
    globalThis.removeEventListener?.('pageshow', onShow)
  }

  // Events a closing page saved to the outbox but could not fold are folded now.
  try {
    base = await fold()
  } catch (error) {
    warn('storage', toTailorError(error, 'storage-unavailable'))
  }

  return {
    current: () => (view ??= applyEvents(base, local)),
    add(event) {
      local.push(event)
      unsaved.push(event)
      view = undefined
      timer ??= setTimeout(() => void flush(), BATCH_MS)
    },
    flush,
    async close() {
      await flush()
      detach()
    },
    stop() {
      detach()
      clearTimeout(timer)
      unsaved = []
    },
  }
}
