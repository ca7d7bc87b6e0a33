import { readContext } from './capture/context'
import { readProducts } from './capture/products'
import { decide, type Decision } from './decide/decide'
import { TailorError, toTailorError } from './errors'
import { personalData } from './events/pii'
import type { EventData, TailorEvent, Traits } from './events/schema'
import { featurize } from './features/features'
import type * as Capture from './capture/late'
import type * as Loader from './loader/load-model'
import { createWarn, type Warn } from './log'
import { createScorer, type Scorer, type ScorerPlugin } from './model/scorer'
import type { Manifest } from './model/schema'
import { shifts, type Shift } from './profile/derived'
import { PROFILE_LIMITS, emptyProfile } from './profile/profile'
import type { ProfileState } from './profile/schema'
import eventDataSchema from './schemas/event-data.schema.json'
import eventTypeSchema from './schemas/event-type.schema.json'
import { findSlots, renderSlot } from './slots/slots'
import { openIdbStore } from './storage/idb-store'
import { createProfileSync, decodeProfile, type ProfileSync } from './storage/profile-sync'
import { createMemoryStore, type Store, type StoreDump } from './storage/store'
import { validate, type JsonSchema } from './validate'

export interface TailorOptions {
  /** URL of a `tailor-model@1` manifest. Without one, slots show segment or default content. */
  model?: string
  /** Product events (views, add-to-carts, purchases) a profile needs before the model decides. Default 3. */
  minEvidence?: number
  /** How long a manifest download may take (with the parts it names), in ms. Default 3000. */
  modelTimeoutMs?: number
  /** Subresource Integrity of the manifest (`sha384-…`); a manifest that does not match is not used. */
  modelIntegrity?: string
  /** The largest model file Tailor accepts, in bytes, checked as it downloads. Default 5,000,000. */
  maxModelBytes?: number
  /** `memory` keeps nothing beyond the page. Default `indexeddb` (memory when that is unavailable). */
  storage?: 'indexeddb' | 'memory'
  /**
   * Scorers for model types the engine does not score itself, e.g. `[tfjsScorer()]` from
   * `@tailorjs/tfjs`. Linear and XGBoost models need none.
   */
  scorers?: ScorerPlugin[]
  /** The URL parameter that carries a search results page's query (e.g. `q`): recorded as a `search`. */
  searchParam?: string
  /** Log what the page offered that Tailor skipped (broken JSON-LD, GA4 events it cannot read) with `console.debug`. */
  debug?: boolean
}

/** Every record Tailor stored for this shopper, as `exportProfile()` returns it. */
export interface TailorExport {
  exportedAt: string
  storage: 'indexeddb' | 'memory'
  records: StoreDump
}

export interface Tailor {
  /**
   * Captures this page (`page_view` with its context, and `view_item` for the products it
   * describes), decides and renders every slot, and records one `slot_impression` per slot.
   * Resolves with the decisions; never rejects. Calling it again returns the same promise.
   */
  start(): Promise<readonly Decision[]>
  /**
   * Records an event. Returns false (with one console warning) when the event is invalid.
   * @example tailor.track('add_to_cart', { items: [{ item_id: 'LGT-001', item_category: 'lighting', price: 24 }] })
   */
  track(type: string, data?: EventData): boolean
  /**
   * Records declared traits (at most 32 snake_case keys with short values). Refuses, with one
   * warning, traits that are personal data: email addresses and phone numbers.
   * @example tailor.identify({ loyalty_tier: 'gold', newsletter: true })
   */
  identify(traits: Traits): boolean
  /** The shopper's profile as it stands, including events not yet written. */
  getProfile(): ProfileState
  /** The dimensions (category, brand, price band, item) whose recent interest departs from the long-term one. */
  shifts(): Shift[]
  /** Writes pending events to storage now (Tailor also does this on its own, batched). */
  flush(): Promise<void>
  /** Every record Tailor keeps for this shopper (profile, event log, cached models), after a flush; the profile decoded from its stored JSON. */
  exportProfile(): Promise<TailorExport>
  /**
   * Erases everything Tailor stored for this shopper (the whole database) and the profile in
   * memory, tells other open tabs to do the same, and stops recording on this instance.
   */
  forget(): Promise<void>
  /** Writes what is pending and stops: no more events, no listeners on the page or other tabs. */
  destroy(): Promise<void>
}

const MODEL_KEY = 'model:'
/** Views of the same product within this window are one view (JSON-LD and a dataLayer both report it). */
const VIEW_MERGE_MS = 30_000
const FORGET_CHANNEL = 'tailor-forget'

let sequence = 0
let lastStamp = 0

/**
 * A unique event id that sorts in the order events were tracked, even when the clock is set back:
 * a time that never decreases, then a counter, then randomness against other tabs. IndexedDB
 * returns the outbox in key order, so the fold applies events as they were tracked.
 * (crypto.randomUUID exists only in secure contexts; getRandomValues exists everywhere.)
 */
function eventId(ts: number): string {
  lastStamp = Math.max(lastStamp, ts)
  const random = Array.from(crypto.getRandomValues(new Uint32Array(2)), (n) => n.toString(36).padStart(7, '0')).join('')
  return `${lastStamp.toString(36).padStart(9, '0')}${(sequence++ % 1_679_616).toString(36).padStart(4, '0')}${random}`
}

/**
 * How this build reaches the parts a page does not need before its first decision: the model
 * downloader (only when a model must be downloaded) and the capture that can wait (dataLayer,
 * navigation, clicks, search, lists, engagement). Dynamic imports for npm builds, extra scripts
 * for the script tag.
 */
export interface Chunks {
  loader: () => Promise<Pick<typeof Loader, 'fetchManifest'>>
  capture: () => Promise<Pick<typeof Capture, 'startCapture'>>
}

/** A cached model as stored: the manifest was checked in full before it was written. */
interface CachedModel {
  v: 1
  manifest: Manifest
  etag: string | undefined
}

/** `value` when `valid` says so; otherwise one `config-invalid` warning naming it, and the default. */
function option<T>(warn: Warn, name: string, value: T | undefined, valid: (value: T) => boolean, fallback: T): T {
  if (value === undefined) return fallback
  if (valid(value)) return value
  warn('config', new TailorError('config-invalid', `${name}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`))
  return fallback
}

/** createTailor, given the way its build loads its later chunks (see index.ts, script-tag.ts). */
export function createTailorWith(chunks: Chunks, options: TailorOptions = {}): Tailor {
  const warn = createWarn()
  const configuredModel = option(warn, 'model', options.model, (url) => typeof url === 'string' && url !== '', undefined)
  const minEvidence = option(warn, 'minEvidence', options.minEvidence, (n) => Number.isInteger(n) && n >= 0, 3)
  const modelTimeoutMs = option(warn, 'modelTimeoutMs', options.modelTimeoutMs, (ms) => Number.isFinite(ms) && ms > 0, 3000)
  const modelIntegrity = option<string | undefined>(warn, 'modelIntegrity', options.modelIntegrity, (value) => /^sha(256|384|512)-/.test(value ?? ''), undefined)
  // Fail closed: a model that was meant to be checked but cannot be is not used at all.
  const modelUrl = options.modelIntegrity !== undefined && modelIntegrity === undefined ? undefined : configuredModel
  const maxModelBytes = option(warn, 'maxModelBytes', options.maxModelBytes, (bytes) => Number.isInteger(bytes) && bytes > 0, 5_000_000)
  const searchParam = option<string | undefined>(warn, 'searchParam', options.searchParam, (name) => /^[\w.-]{1,50}$/.test(name ?? ''), undefined)
  const skipped = options.debug ? (what: string) => console.debug(`[tailor:capture] skipped ${what}`) : undefined
  const storage = option<'indexeddb' | 'memory'>(warn, 'storage', options.storage, (kind) => kind === 'indexeddb' || kind === 'memory', 'indexeddb')
  let store: Store | undefined
  let sync: ProfileSync | undefined
  // Events accepted before the saved profile is loaded wait here, in order: none is lost.
  let early: TailorEvent[] = []
  let started: Promise<readonly Decision[]> | undefined
  let stopped = false
  let forgetChannel: BroadcastChannel | undefined
  // A fresh model's download and cache write, and the late capture chunk, settle in the
  // background; flush() waits for them.
  let caching: Promise<unknown> = Promise.resolve()
  let capturing: Promise<unknown> = Promise.resolve()
  let stopCapture: (() => void) | undefined
  const lastViewed = new Map<string, number>()
  // pagehide always writes (the page may be going away whatever its visibility says);
  // visibilitychange writes when the page is hidden.
  const onPageHide = () => void sync?.flush()
  const onVisibility = () => document.visibilityState === 'hidden' && onPageHide()

  function record(event: TailorEvent): void {
    if (sync) sync.add(event)
    else early.push(event)
  }

  function track(type: string, data: EventData = {}): boolean {
    if (stopped) return false
    try {
      // The one place personal data is kept out, whoever reports the event. Traits are declared
      // data: refused. A search term (an email pasted in the box) and free-text item fields are
      // dropped, the event kept; ids stay (a GTIN is not a card number).
      const personal = Object.entries(data?.traits ?? {}).find(([, value]) => personalData(value))
      if (personal) throw new TailorError('personal-data', `traits.${personal[0]} looks like ${personalData(personal[1])}`)
      data = { ...data }
      if (personalData(data.search_term)) delete data.search_term
      if (Array.isArray(data.items)) {
        data.items = data.items.map((item) => {
          const clean = { ...item }
          for (const field of ['item_name', 'item_brand', 'item_category'] as const) if (personalData(clean[field])) delete clean[field]
          return clean
        })
      }
      const ts = Date.now()
      record({
        ...validate<EventData>(eventDataSchema as JsonSchema, data, 'event-invalid'),
        id: eventId(ts),
        type: validate<string>(eventTypeSchema as JsonSchema, type, 'event-invalid', 'type'),
        ts,
      })
      return true
    } catch (error) {
      warn('events', toTailorError(error, 'event-invalid'))
      return false
    }
  }

  /** What the page told without being asked (markup, dataLayer): repeated product views merged. */
  function captured(type: string, data: EventData): void {
    if (type === 'view_item') {
      // A view of nothing readable is no evidence of anything.
      if (!data.items?.length) return
      const now = Date.now()
      const fresh = data.items.filter((item) => !(now - (lastViewed.get(item.item_id) ?? -Infinity) < VIEW_MERGE_MS))
      for (const item of data.items) lastViewed.set(item.item_id, now)
      if (fresh.length === 0) return
      data = { ...data, items: fresh }
    }
    track(type, data)
  }

  function identify(traits: Traits): boolean {
    const entries = Object.entries(traits ?? {})
    if (entries.length > PROFILE_LIMITS.maxTraits) {
      warn('events', new TailorError('event-invalid', `traits: at most ${PROFILE_LIMITS.maxTraits} keys, got ${entries.length}`))
      return false
    }
    return track('identify', { traits })
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

  /**
   * The cached model now, if still within its `limits.maxAgeDays`, and `refresh` to ask the
   * network: revalidated by ETag and cached for the next page (stale-while-revalidate). A failed
   * download keeps the last good model. The downloader itself loads only when `refresh` runs.
   */
  async function loadModel(store: Store): Promise<{ cached: Manifest | undefined; refresh: () => Promise<Manifest | undefined> }> {
    if (!modelUrl) return { cached: undefined, refresh: async () => undefined }
    const key = MODEL_KEY + modelUrl
    let cached: Manifest | undefined
    let etag: string | undefined
    try {
      const saved = (await store.get(key)) as CachedModel | undefined
      if (saved?.v === 1) ({ manifest: cached, etag } = saved)
    } catch {
      // An unreadable cache entry is the same as none; the download replaces it.
    }
    const maxAgeDays = cached?.limits?.maxAgeDays
    const current = cached && (!maxAgeDays || Date.now() - Date.parse(cached.createdAt) <= maxAgeDays * 86_400_000) ? cached : undefined
    let fresh: Promise<Manifest | undefined> | undefined
    const refresh = () =>
      (fresh ??= caching =
        chunks.loader()
          .then(({ fetchManifest }) => fetchManifest(modelUrl, { timeoutMs: modelTimeoutMs, maxBytes: maxModelBytes, integrity: modelIntegrity, etag }))
          .then(
            async (result) => {
              // The server vouches for the cached copy: use it, however old.
              if (result === 'not-modified') return cached
              if (!stopped) {
                const entry: CachedModel = { v: 1, manifest: result.manifest, etag: result.etag }
                await store.setMany([[key, entry]]).catch((error: unknown) => warn('storage', toTailorError(error, 'storage-write')))
              }
              return result.manifest
            },
            (error: unknown) => {
              warn('model', toTailorError(error, 'model-fetch'))
              return undefined
            },
          ))
    return { cached: current, refresh }
  }

  /** The engine's own scorer, or the plug-in's for its model type. */
  async function scorerFor(manifest: Manifest): Promise<Scorer> {
    const { type } = manifest.model
    if (manifest.scoring === 'candidates') {
      throw new TailorError('model-invalid', `scoring: the model ${manifest.id} ranks catalog candidates; slots with variants need "scoring": "targets"`)
    }
    if (type === 'linear' || type === 'xgboost') return createScorer(manifest)
    const plugin = options.scorers?.find((candidate) => candidate.type === type)
    if (!plugin) throw new TailorError('model-invalid', `no scorer for ${type} models: pass one in createTailor({ scorers }), e.g. tfjsScorer() from @tailorjs/tfjs`)
    return plugin.create(manifest, { manifestUrl: new URL(modelUrl!, location.href).href })
  }

  function detach(): void {
    stopped = true
    stopCapture?.()
    removeEventListener('pagehide', onPageHide)
    removeEventListener('visibilitychange', onVisibility)
    forgetChannel?.close()
  }

  async function erase(): Promise<void> {
    detach()
    early = []
    sync?.stop() // nothing more is written: not even what is queued
    sync = undefined
    const erased = store
    store = undefined
    await erased?.forget()
  }

  async function run(): Promise<readonly Decision[]> {
    if (document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    }
    store = await openStore()
    sync = await createProfileSync(store, warn)
    const queued = early
    early = []
    queued.forEach((event) => sync!.add(event))
    addEventListener('pagehide', onPageHide)
    addEventListener('visibilitychange', onVisibility)
    if (typeof BroadcastChannel === 'function') {
      forgetChannel = new BroadcastChannel(FORGET_CHANNEL)
      forgetChannel.onmessage = () => void erase()
    }
    track('page_view', { page: location.pathname, context: readContext() })
    const viewed = readProducts(document, skipped)
    if (viewed.length > 0) captured('view_item', { items: viewed })

    const { cached, refresh } = await loadModel(store)
    let profile = sync.current()
    // Wait for the network only when it can change the outcome: no cached model, yet enough evidence.
    const manifest = cached ?? (profile.evidence >= minEvidence ? await refresh() : undefined)
    profile = sync?.current() ?? profile
    let scores = null
    try {
      if (manifest) scores = (await scorerFor(manifest)).score(featurize(profile, manifest.features, Date.now()))
    } catch (error) {
      // A model type without a plug-in, a plug-in that failed, or a damaged cache entry.
      warn('model', toTailorError(error, 'model-invalid'))
    }

    const decisions = findSlots(document).map((slot) => {
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
    // Off the critical path: the next page gets the revalidated model; the rest of capture starts.
    void refresh()
    capturing = chunks.capture().then(
      ({ startCapture }) => {
        if (!stopped) stopCapture = startCapture(captured, { searchParam, viewed, flush: () => sync?.flush(), skipped })
      },
      (error: unknown) => warn('core', toTailorError(error, 'chunk-load')),
    )
    return decisions
  }

  // Before start() the saved profile is not loaded yet, so there is nothing to show.
  const getProfile = (): ProfileState => sync?.current() ?? emptyProfile()

  async function flush(): Promise<void> {
    await Promise.all([caching, capturing])
    await sync?.flush()
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
    identify,
    getProfile,
    shifts: () => shifts(getProfile(), Date.now()),
    flush,
    async exportProfile() {
      await flush()
      const records = store ? await store.dump() : { kv: {}, outbox: [] }
      if ('profile' in records.kv) records.kv.profile = decodeProfile(records.kv.profile)
      return { exportedAt: new Date().toISOString(), storage: store?.kind ?? storage, records }
    },
    async forget() {
      if (typeof BroadcastChannel === 'function') {
        const channel = new BroadcastChannel(FORGET_CHANNEL)
        channel.postMessage('forget')
        channel.close()
      }
      await erase()
    },
    async destroy() {
      await caching // a model download under way is still cached for the next page
      detach()
      await sync?.close()
    },
  }
}
