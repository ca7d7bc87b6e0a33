import { TailorError, toTailorError } from './errors'
import type { EventData, TailorEvent } from './events/schema'
import { createWarn, type Warn } from './log'
import { decide, type Decision } from './decide/decide'
import { featurize } from './features/features'
import { linearScorer } from './model/linear'
import { parseManifest } from './model/manifest'
import type { Manifest } from './model/schema'
import { applyEvent, emptyProfile } from './profile/profile'
import type { ProfileState } from './profile/schema'
import eventDataSchema from './schemas/event-data.schema.json'
import eventTypeSchema from './schemas/event-type.schema.json'
import profileSchema from './schemas/profile.schema.json'
import { readProducts } from './capture/products'
import { fetchManifest } from './loader/load-model'
import { openIdbStore } from './storage/idb-store'
import { createMemoryStore, type Store } from './storage/store'
import { createWriter, type Writer } from './storage/writer'
import { findSlots, renderSlot } from './slots/slots'
import { conforms, validate, type JsonSchema } from './validate'

export interface TailorOptions {
  /** URL of a `tailor-model@1` manifest. Without one, slots show segment or default content. */
  model?: string
  /** Product events (views, add-to-carts, purchases) a profile needs before the model decides. Default 3. */
  minEvidence?: number
  /** How long a manifest download may take, in ms. Default 3000. */
  modelTimeoutMs?: number
  /** `memory` keeps nothing beyond the page. Default `indexeddb` (memory when that is unavailable). */
  storage?: 'indexeddb' | 'memory'
}

export interface Tailor {
  /**
   * Captures this page (`page_view`, and `view_item` for the products it describes), decides and
   * renders every slot, and records one `slot_impression` per slot. Resolves with the decisions;
   * never rejects. Calling it again returns the same promise.
   */
  start(): Promise<readonly Decision[]>
  /**
   * Records an event. Returns false (with one console warning) when the event is invalid.
   * @example tailor.track('add_to_cart', { items: [{ item_id: 'LGT-001', item_category: 'lighting', price: 24 }] })
   */
  track(type: string, data?: EventData): boolean
  /** The shopper's profile as it stands (a snapshot; events not yet applied are not in it). */
  getProfile(): ProfileState
  /** Writes pending profile changes to storage now (Tailor also does this on its own, batched). */
  flush(): Promise<void>
  /** Stops flushing on page hide and writes what is pending; use a new instance afterwards. */
  destroy(): Promise<void>
}

const PROFILE_KEY = 'profile'
const MODEL_KEY = 'model:'
const SESSION_GAP_MS = 30 * 60_000
type PendingEvent = Omit<TailorEvent, 'session_id'>

function randomId(): string {
  // crypto.randomUUID exists only in secure contexts; getRandomValues exists everywhere.
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('')
}

/** `value` when `valid` says so; otherwise one `config-invalid` warning naming it, and the default. */
function option<T>(warn: Warn, name: string, value: T | undefined, valid: (value: T) => boolean, fallback: T): T {
  if (value === undefined) return fallback
  if (valid(value)) return value
  warn('config', new TailorError('config-invalid', `${name}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`))
  return fallback
}

/**
 * Creates a Tailor instance. Nothing touches the page, storage or network until `start()`, so
 * creating one during server rendering is safe. An invalid option is ignored with one warning.
 * @example
 * const tailor = createTailor({ model: '/model.json' })
 * await tailor.start()
 */
export function createTailor(options: TailorOptions = {}): Tailor {
  const warn = createWarn()
  const modelUrl = option(warn, 'model', options.model, (url) => typeof url === 'string' && url !== '', undefined)
  const minEvidence = option(warn, 'minEvidence', options.minEvidence, (n) => Number.isInteger(n) && n >= 0, 3)
  const modelTimeoutMs = option(warn, 'modelTimeoutMs', options.modelTimeoutMs, (ms) => Number.isFinite(ms) && ms > 0, 3000)
  const storage = option(warn, 'storage', options.storage, (kind) => kind === 'indexeddb' || kind === 'memory', 'indexeddb')
  let profile = emptyProfile()
  let writer: Writer | undefined
  // Events accepted before the saved profile is loaded wait here, in order: none is lost.
  let pending: PendingEvent[] | undefined = []
  let started: Promise<readonly Decision[]> | undefined
  const onHide = () => void writer?.flush()

  function apply(event: PendingEvent): void {
    const { sessionId, lastSeen } = profile
    const continues = sessionId !== null && lastSeen !== null && event.ts - lastSeen < SESSION_GAP_MS
    profile = applyEvent(profile, { ...event, session_id: continues ? sessionId : randomId() })
    writer?.write(PROFILE_KEY, profile)
  }

  function track(type: string, data: EventData = {}): boolean {
    let event: PendingEvent
    try {
      event = {
        ...validate<EventData>(eventDataSchema as JsonSchema, data, 'event-invalid'),
        id: randomId(),
        type: validate<string>(eventTypeSchema as JsonSchema, type, 'event-invalid', 'type'),
        ts: Date.now(),
      }
    } catch (error) {
      warn('events', toTailorError(error, 'event-invalid'))
      return false
    }
    if (pending) pending.push(event)
    else apply(event)
    return true
  }

  async function openStore(): Promise<Store> {
    if (storage === 'memory') return createMemoryStore()
    try {
      return await openIdbStore()
    } catch (error) {
      warn('storage', toTailorError(error, 'storage-unavailable'))
      return createMemoryStore()
    }
  }

  async function loadProfile(store: Store): Promise<void> {
    // A record written by another version or damaged on disk is ignored: the shopper starts afresh.
    try {
      const saved = await store.get(PROFILE_KEY)
      if (conforms(profileSchema as JsonSchema, saved)) profile = saved as ProfileState
    } catch {
      // Unreadable: start afresh, exactly as on a first visit.
    }
    const queued = pending ?? []
    pending = undefined
    queued.forEach(apply)
  }

  /** The cached model now, and the network's answer later (cached for the next page). */
  async function loadModel(store: Store): Promise<{ cached: Manifest | undefined; fresh: Promise<Manifest | undefined> }> {
    if (!modelUrl) return { cached: undefined, fresh: Promise.resolve(undefined) }
    const key = MODEL_KEY + modelUrl
    let cached: Manifest | undefined
    try {
      const saved = await store.get(key)
      if (saved !== undefined) cached = parseManifest(saved)
    } catch {
      // An unreadable cache entry is the same as none; the download below replaces it.
    }
    const fresh = fetchManifest(modelUrl, modelTimeoutMs).then(
      (manifest) => {
        writer?.write(key, manifest)
        return manifest
      },
      (error: unknown) => {
        warn('model', toTailorError(error, 'model-fetch'))
        return undefined
      },
    )
    return { cached, fresh }
  }

  async function run(): Promise<readonly Decision[]> {
    if (document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    }
    const store = await openStore()
    writer = createWriter(store, warn)
    addEventListener('pagehide', onHide)
    await loadProfile(store)
    track('page_view', { page: location.pathname })
    const items = readProducts(document)
    if (items.length > 0) track('view_item', { items })

    const { cached, fresh } = await loadModel(store)
    // Wait for the network only when it can change the outcome: no cached model, yet enough evidence.
    const manifest = cached ?? (profile.evidence >= minEvidence ? await fresh : undefined)
    const scores = manifest ? linearScorer(manifest)(featurize(profile, manifest.features, Date.now())) : null

    return findSlots(document).map((slot) => {
      let decision = decide(slot.name, slot.options, { profile, scores, minEvidence })
      try {
        renderSlot(slot, decision)
      } catch (error) {
        warn('slots', toTailorError(error, 'slot-render'))
        decision = { slot: slot.name, path: 'default', reason: 'rendering failed' }
      }
      const shown: EventData = { slot: slot.name, path: decision.path }
      if (decision.variant ?? decision.segment) shown.variant = (decision.variant ?? decision.segment)!
      track('slot_impression', shown)
      return decision
    })
  }

  return {
    start() {
      started ??= run().catch((error: unknown) => {
        // Last line of defence: whatever went wrong, the page keeps its default content.
        warn('core', toTailorError(error, 'internal'))
        return []
      })
      return started
    },
    track,
    getProfile: () => profile,
    flush: () => writer?.flush() ?? Promise.resolve(),
    async destroy() {
      removeEventListener('pagehide', onHide)
      await writer?.flush()
    },
  }
}
