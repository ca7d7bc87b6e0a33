import type * as z from 'zod/mini'
import { readContext } from './capture/context'
import { candidateOf, decide, impressionsOf, newPageState, type DecideContext, type Decision, type SlotOptions } from './decide/decide'
import { inHoldout } from './decide/holdout'
import type { Report } from './decide/report'
import type { Holdout, Merchandising, Product, SlotConfig } from './decide/schema'
import { TailorError, toTailorError } from './errors'
import { personalData } from './events/pii'
import type { EventData, TailorEvent, Traits } from './events/schema'
import { featurize } from './features/features'
import type * as Capture from './capture/late'
import type * as Insights from './insights/insights'
import type * as Loader from './loader/load-model'
import { createWarn, type Warn } from './log'
import { createScorer, type Scorer, type ScorerPlugin } from './model/scorer'
import type { Manifest } from './model/schema'
import { shifts, type Shift } from './profile/derived'
import { PROFILE_LIMITS, RETENTION, emptyProfile, enterSession, expire, type Retention } from './profile/profile'
import type { ProfileState } from './profile/schema'
import { SENSITIVE_CATEGORIES, sensitiveInModel, sensitiveTerm } from './privacy/sensitive'
import type { ConsentModeSchema, TailorExport } from './privacy/schema'
import type { ConsentSignal } from './privacy/signals'
import eventDataSchema from './schemas/event-data.schema.json'
import eventTypeSchema from './schemas/event-type.schema.json'
import slotConfigSchema from './schemas/slot-config.schema.json'
import type { SegmentRule } from './segments/schema'
import { segmentsOf } from './segments/segments'
import { readSlot, renderSlot, type Slot } from './slots/slots'
import type * as Persist from './storage/persist'
import type { ProfileSync } from './storage/profile-sync'
import { clearSnapshot, dumpSnapshot, hasModelSnapshot, hasSnapshot, readConsent, readModelSnapshot, readSnapshot, writeConsent, writeModelSnapshot, writeSnapshot } from './storage/snapshot'
import type { Store } from './storage/store'
import { validate, type JsonSchema } from './validate'

export interface TailorOptions {
  /** URL of a `tailor-model@1` manifest. Without one, slots show segment or default content. */
  model?: string
  /** Product events (views, add-to-carts, purchases) a profile needs before the model decides. Default 3. */
  minEvidence?: number
  /**
   * How long decisions wait for a model download (with the parts it names), in ms. Default 3000.
   * The download itself goes on in the background (up to 60 s, retried twice after network or
   * server errors), and the model it brings applies from the next decision.
   */
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
  /**
   * The products product slots choose from (see docs/guides/slots.md). Also read, with the options
   * below, from a `<script type="application/json" data-tailor-config>` element; options win.
   */
  catalog?: Product[]
  /** Segment rules, in order: the first that matches names the shopper's segment (docs/guides/segments.md). */
  segments?: SegmentRule[]
  /** Rules every candidate must pass before it is ranked: purchased recently, frequency cap, exclusions, boosts, diversity. */
  merchandising?: Merchandising
  /** A share of shoppers that always sees the fallback path, so `report()` can measure the lift. */
  holdout?: Holdout
  /**
   * How long a slot may stay hidden waiting for its decision, in ms; then its default content
   * shows. Keep it equal to the delay in tailor.css. Default 600.
   */
  timeoutMs?: number
  /** A purchase within this many days of a slot impression counts as its conversion in `report()`. Default 7. */
  conversionWindowDays?: number
  /**
   * Whether Tailor may keep a profile before the shopper chose (docs/privacy.md). `granted`
   * (default): it may. `required`: until `consent('granted')`, everything stays in memory (no
   * IndexedDB, localStorage or cookie is written, nothing but the model is downloaded).
   * `denied`: no profile; segments on this visit's context and default content only.
   */
  consent?: ConsentMode
  /**
   * The page's consent signals Tailor follows: `gpc` (Global Privacy Control: no profile unless
   * the shopper grants), `tcf` (IAB TCF v2.2 `__tcfapi`), `consent-mode` (Google Consent Mode v2
   * in `dataLayer`). Default all three; docs/privacy.md maps each to a mode.
   */
  signals?: ConsentSignal[]
  /** A site or page directed at children: no identifier and no profile, contextual content only, whatever consent says. */
  childDirected?: boolean
  /**
   * Categories Tailor never records or individualizes, matched by whole words in item
   * categories, pages, search terms and campaigns. Default `SENSITIVE_CATEGORIES` (health,
   * pregnancy, baby, religion, sexuality, adult, financial hardship, …); pass your own list to
   * extend or replace it.
   */
  sensitiveCategories?: string[]
  /** How long the profile keeps raw events (`eventsDays`, default and at most 180) and aggregates not added to (`profileDays`, default 395). */
  retention?: Partial<Retention>
}

export type ConsentMode = z.infer<typeof ConsentModeSchema>

/** A decision with its reasons: the model behind it and the features that moved its score most. */
export interface Explanation extends Decision {
  model?: { id: string; version: string }
  features: Array<{ feature: string; words: string; value: number; contribution: number }>
}

export type { TailorExport }

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
  /**
   * Why a slot shows what it shows: path (model, segment or default), model id and version,
   * score, and the features that moved the score most, in plain words. Undefined for a slot not
   * decided yet. Loads its code on first use.
   * @example await tailor.explain('hero') // { path: 'model', variant: 'hero-lighting', score: 0.81, features: [...] }
   */
  explain(slot: string): Promise<Explanation | undefined>
  /**
   * This device's slot exposures (viewable impressions) and conversions per slot, path and
   * holdout group, with conversion rates and lift; `mergeReports()` from @tailorjs/core/engine
   * sums many. Loads its code on first use.
   */
  report(): Promise<Report>
  /** Shows the debug overlay (each slot's decision, the candidates' scores, the profile); loaded on demand. `?tailor_debug=1` does the same. */
  debug(): Promise<void>
  /**
   * For slots a framework renders (see @tailorjs/react): the decision for slot `name` with these
   * options, the same for the rest of the page. Undefined while Tailor cannot decide yet; a slot
   * that waited past `timeoutMs` keeps its default content.
   * @example tailor.decideSlot('hero', { variants: [{ id: 'hero-lighting', target: 'lighting' }], segments: ['new-visitor'] })
   */
  decideSlot(name: string, options: SlotOptions): Decision | undefined
  /** Calls `listener` when slots can be decided and whenever the profile changes; returns a function that unsubscribes. */
  subscribe(listener: () => void): () => void
  /**
   * Counts the impressions and clicks of a slot a framework rendered: an element with
   * `data-tailor-slot`, `data-tailor-state="final"` and `data-tailor-path` (and `-content`,
   * `-products`, `-holdout` as rendered slots carry). Counting the same element twice counts once.
   */
  watchSlot(element: HTMLElement): void
  /** Writes pending events to storage now (Tailor also does this on its own, batched). */
  flush(): Promise<void>
  /**
   * Every record Tailor keeps for this shopper (profile, event log, cached models, consent), after
   * a flush; the profile decoded from its stored JSON. Its JSON Schema is docs/reference/export.schema.json.
   */
  exportProfile(): Promise<TailorExport>
  /** Saves `exportProfile()` as a JSON file the shopper downloads. */
  downloadProfile(filename?: string): Promise<void>
  /**
   * The shopper's consent. `granted` keeps the profile, with what this page learned so far;
   * `denied` erases everything Tailor stored, at once and in every open tab, and records nothing
   * more. Returns the mode in effect; without an argument, only returns it.
   * @example onConsentBannerAccept(() => tailor.consent('granted'))
   */
  consent(choice?: 'granted' | 'denied'): ConsentMode
  /**
   * Opens the shopper's privacy view: what this shop learned on this device, why each slot shows
   * what it shows, and buttons to download or delete it. Loads its code on first use; any element
   * with `data-tailor-privacy` opens it when clicked.
   */
  showPrivacy(): Promise<void>
  /**
   * Erases everything Tailor stored for this shopper (the whole database) and the profile in
   * memory, tells other open tabs to do the same, and stops recording on this instance.
   */
  forget(): Promise<void>
  /** Writes what is pending and stops: no more events, no listeners on the page or other tabs. */
  destroy(): Promise<void>
}

const MODEL_KEY = 'model:'
/** The longest a model download may take in the background, retries included. */
const DOWNLOAD_LIMIT_MS = 60_000
/** Views of the same product within this window are one view (JSON-LD and a dataLayer both report it). */
const VIEW_MERGE_MS = 30_000
const CONSENT_CHANNEL = 'tailor-consent'
const CONSENT_MODES: readonly ConsentMode[] = ['granted', 'required', 'denied']
const SIGNALS: readonly ConsentSignal[] = ['gpc', 'tcf', 'consent-mode']

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
  insights: () => Promise<typeof Insights>
  persist: () => Promise<typeof Persist>
}

/** What decisions read: the decide context, the catalog by id, and the model that scored it. */
export interface Inputs {
  context: DecideContext
  catalog: Map<string, Product>
  model: { manifest: Manifest; scorer: Scorer; x: Float32Array } | undefined
}

/** A slot's element shows its default content from the moment tailor.css's delay runs out. */
const revealed = (element: Element) =>
  element.getAnimations?.().some((animation) => (animation as CSSAnimation).animationName === 'tailor-pending' && animation.playState === 'finished') ?? false

/** While the page is parsed, an element is complete once something follows it or one of its ancestors. */
function parsed(element: Element): boolean {
  if (document.readyState !== 'loading') return true
  for (let node: Element | null = element; node; node = node.parentElement) if (node.nextSibling) return true
  return false
}

/** A new task; `scheduler.yield` runs it before the other tasks waiting. */
const nextTask = (): Promise<void> => (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler?.yield?.() ?? new Promise((resolve) => setTimeout(resolve))

/** Whether the model's `limits.maxAgeDays` still allows it. */
const withinMaxAge = (manifest: Manifest | undefined) => {
  const maxAgeDays = manifest?.limits?.maxAgeDays
  return manifest && (!maxAgeDays || Date.now() - Date.parse(manifest.createdAt) <= maxAgeDays * 86_400_000) ? manifest : undefined
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
  try {
    if (valid(value)) return value
  } catch {
    // A value a check cannot even read (a revoked proxy, a throwing getter) is as invalid.
  }
  warn('config', new TailorError('config-invalid', `${name}: ${typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an invalid list' : typeof value === 'object' ? 'an invalid object' : String(value)}`))
  return fallback
}

/** Every option createTailor reads: any other name is a typo, warned of (a misspelt `consent` must not pass unnoticed). */
const OPTIONS = new Set<string>(['model', 'minEvidence', 'modelTimeoutMs', 'modelIntegrity', 'maxModelBytes', 'storage', 'scorers', 'searchParam', 'debug', 'catalog', 'segments', 'merchandising', 'holdout', 'timeoutMs', 'conversionWindowDays', 'consent', 'signals', 'childDirected', 'sensitiveCategories', 'retention'])

/** createTailor, given the way its build loads its later chunks (see index.ts, script-tag.ts). */
export function createTailorWith(chunks: Chunks, given?: TailorOptions | null): Tailor {
  const warn = createWarn()
  const options: TailorOptions = typeof given === 'object' && given !== null ? given : {}
  if (given != null && options !== given) warn('config', new TailorError('config-invalid', 'options: expected an object'))
  const unknown = Object.keys(options).filter((name) => !OPTIONS.has(name))
  if (unknown.length) warn('config', new TailorError('config-invalid', `unknown option ${unknown.join(', ')}`))
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
  const timeoutMs = option(warn, 'timeoutMs', options.timeoutMs, (ms) => Number.isFinite(ms) && ms >= 0, 600)
  const windowDays = option(warn, 'conversionWindowDays', options.conversionWindowDays, (days) => Number.isFinite(days) && days > 0, 7)
  // Fail closed: a consent option that cannot be read keeps nothing until the shopper consents.
  const configuredConsent = options.consent === undefined ? 'granted' : option<ConsentMode>(warn, 'consent', options.consent, (mode) => CONSENT_MODES.includes(mode), 'required')
  const signals = option(warn, 'signals', options.signals, (list) => Array.isArray(list) && list.every((signal) => SIGNALS.includes(signal)), SIGNALS)
  const childDirected = option(warn, 'childDirected', options.childDirected, (flag) => typeof flag === 'boolean', options.childDirected !== undefined)
  const sensitive = sensitiveTerm(option<readonly string[]>(warn, 'sensitiveCategories', options.sensitiveCategories, (list) => Array.isArray(list) && list.every((term) => typeof term === 'string'), SENSITIVE_CATEGORIES))
  const retention: Retention = {
    eventsDays: option(warn, 'retention.eventsDays', options.retention?.eventsDays, (days) => days > 0 && days <= PROFILE_LIMITS.maxAgeDays, RETENTION.eventsDays),
    profileDays: option(warn, 'retention.profileDays', options.retention?.profileDays, (days) => days > 0 && days < Infinity, RETENTION.profileDays),
  }
  // Consent (docs/privacy.md): the shopper's choice on this page (consent(), a consent tool's
  // answer, another tab's) wins; then a grant kept from an earlier page; then GPC; then a consent
  // tool that has not answered yet (nothing kept until it does); then the site's option.
  let choice: 'granted' | 'denied' | undefined
  let recorded = false
  let gpc = false
  let undecided = false
  const mode = (): ConsentMode =>
    childDirected ? 'denied' : (choice ?? (recorded ? 'granted' : gpc ? 'denied' : undecided && configuredConsent === 'granted' ? 'required' : configuredConsent))
  // Read at start(): the page's config element may come after this call.
  let config: { catalog: Product[]; segments: SegmentRule[]; merchandising: Merchandising | undefined; holdout: Holdout | undefined } | undefined
  let inputs: Inputs | undefined
  // The model later decisions use (once storage is read): the cached one, then the revalidated one.
  let model: { manifest: Manifest; scorer: Scorer } | undefined
  // What this page shows, for diversity; a single-page app's navigation starts a new one.
  let page = newPageState()
  let pagePath = ''
  const seen = new WeakSet<Element>()
  let pending: Slot[] = []
  // Each slot's decision and what it was made from; explained on demand.
  const decided = new Map<string, [Decision, Inputs | undefined]>()
  // Rendered slots waiting for the late capture to load, which then counts their impressions.
  const shown: HTMLElement[] = []
  let watch: ((element: HTMLElement) => void) | undefined
  let observer: MutationObserver | undefined
  let expiry: ReturnType<typeof setTimeout> | undefined
  let expired = false
  // Until the first frame renders the page's slots: when the snapshot's task ended. Every frame
  // painted so far came before it, so none showed default content tailor.css revealed later.
  let startedAt: number | undefined
  // Framework-rendered slots asked for before Tailor could decide, and since when.
  const waiting = new Map<string, number>()
  const listeners = new Set<() => void>()
  // A subscriber that throws is the page's bug: reported once, never Tailor's own failure.
  const notify = () =>
    listeners.forEach((listener) => {
      try {
        listener()
      } catch (error) {
        warn('core', toTailorError(error, 'listener'))
      }
    })
  let persist: typeof Persist | undefined
  let store: Store | undefined
  let sync: ProfileSync | undefined
  // Events accepted while no profile is loaded wait here, in order: none is lost.
  let early: TailorEvent[] = []
  let started: Promise<readonly Decision[]> | undefined
  let stopped = false
  // This visit's page and context: all a profile-less (denied) decision reads.
  let visit: EventData = {}
  // Other tabs' consent changes and forget() calls.
  let channel: BroadcastChannel | undefined
  let stopSignals: (() => void) | undefined
  // Storage changes with consent one at a time; the model is loaded once a profile is kept.
  let changing: Promise<void> = Promise.resolve()
  let individualizing: Promise<void> | undefined
  // A fresh model's download and cache write, and the late capture chunk, settle in the
  // background; flush() waits for them.
  let caching: Promise<unknown> = Promise.resolve()
  let capturing: Promise<unknown> = Promise.resolve()
  let stopCapture: (() => void) | undefined
  const lastViewed = new Map<string, number>()
  // Catalog products never learned from (the catalog's `sensitive` flag or a sensitive category).
  let sensitiveIds = new Set<string>()
  // Written until the shopper asks to be forgotten (destroy() still writes the last events).
  let forgotten = false
  // Only a profile kept in IndexedDB, with consent, has a snapshot.
  const keeping = () => store?.kind === 'indexeddb' && mode() === 'granted' && !forgotten
  const saveSnapshot = (profile: ProfileState) => {
    if (!keeping()) return
    // Only the impressions a frequency cap can still count.
    const cap = (config ??= readConfig()).merchandising?.frequencyCap
    writeSnapshot(profile, cap ? impressionsOf(profile.log, Date.now() - cap.days * 86_400_000) : new Map())
  }
  // pagehide always writes (the page may be going away whatever its visibility says);
  // visibilitychange writes when the page is hidden. The snapshot is written at once, synchronously.
  const onPageHide = () => {
    if (!sync) return
    saveSnapshot(sync.current())
    void sync.flush()
  }
  const onVisibility = () => document.visibilityState === 'hidden' && onPageHide()
  // The consent channel, like the profile's, closes while the page may sit in the back/forward
  // cache (a message would evict it), and on its return Tailor reads what other tabs did meanwhile.
  const onLeave = (event: PageTransitionEvent) => {
    if (!event.persisted) return
    channel?.close()
    channel = undefined
  }
  async function onReturn(event: PageTransitionEvent): Promise<void> {
    if (!event.persisted || stopped) return
    listen()
    if (readConsent()) return void consent('granted', true)
    // Erased by another tab meanwhile (forgotten, or consent withdrawn): nothing of Tailor's is left.
    const databases = (await indexedDB.databases?.()) ?? []
    if (held && !hasSnapshot() && !databases.some((database) => database.name === 'tailor')) consent('denied', true)
  }

  function record(event: TailorEvent): void {
    if (sync) keep([event])
    else early.push(event)
    notify()
  }

  /**
   * Hands events to the profile without what would reveal a sensitive interest; an event of
   * nothing else is not recorded at all. Events wait in memory (`early`) until this point.
   */
  function keep(events: readonly TailorEvent[]): void {
    config ??= readConfig() // the catalog's sensitive products
    for (const event of events) {
      const kept = persist!.withoutSensitive(event, sensitive, (item) => sensitiveIds.has(item.item_id))
      if (kept) sync!.add(kept as TailorEvent)
    }
  }

  function track(type: string, data: EventData = {}): boolean {
    if (stopped || mode() === 'denied') return false
    try {
      // The one place personal data is kept out, whoever reports the event. Traits are declared
      // data: refused. A search term (an email pasted in the box) and free-text item fields are
      // dropped, the event kept; ids stay (a GTIN is not a card number). Checked first, so the
      // checks below read only what the limits allow (a plain object, strings of bounded length).
      validate<EventData>(eventDataSchema as JsonSchema, data, 'event-invalid')
      const kind = validate<string>(eventTypeSchema as JsonSchema, type, 'event-invalid', 'type')
      const traits = Object.entries(data.traits ?? {})
      if (traits.length > PROFILE_LIMITS.maxTraits) throw new TailorError('event-invalid', `traits: at most ${PROFILE_LIMITS.maxTraits} keys, got ${traits.length}`)
      const personal = traits.find(([, value]) => personalData(value))
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
      // Before start() (or while storage opens) events wait in memory: a bounded number of them.
      if (!sync && early.length >= PROFILE_LIMITS.maxEvents) throw new TailorError('event-invalid', `${early.length} events are waiting for start(): call start() before tracking more`)
      const ts = Date.now()
      record({ ...data, id: eventId(ts), type: kind, ts })
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

  const identify = (traits: Traits): boolean => track('identify', { traits })

  /**
   * The cached model now, if still within its `limits.maxAgeDays`, and `refresh` to ask the
   * network: revalidated by ETag and cached for the next page (stale-while-revalidate). A failed
   * download keeps the last good model. The downloader itself loads only when `refresh` runs.
   */
  async function loadModel(store: Store): Promise<{ cached: Manifest | undefined; refresh: () => Promise<Manifest | undefined> }> {
    if (!modelUrl) return { cached: undefined, refresh: async () => undefined }
    let cached: Manifest | undefined
    let etag: string | undefined
    try {
      const saved = (await store.get(MODEL_KEY + modelUrl)) as CachedModel | undefined
      if (saved?.v === 1) ({ manifest: cached, etag } = saved)
    } catch {
      // An unreadable cache entry is the same as none; the download replaces it.
    }
    const current = withinMaxAge(cached)
    let fresh: Promise<Manifest | undefined> | undefined
    const refresh = () =>
      (fresh ??= caching =
        chunks.loader()
          .then(({ fetchManifest }) => fetchManifest(modelUrl, { timeoutMs: Math.max(modelTimeoutMs, DOWNLOAD_LIMIT_MS), maxBytes: maxModelBytes, integrity: modelIntegrity, etag }))
          .then(
            async (result) => {
              // The server vouches for the cached copy: use it, however old.
              if (result === 'not-modified') return cached
              await cacheModel(result.manifest, result.etag)
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
    const scorer = syncScorer(manifest)
    if (scorer) return scorer
    const plugin = options.scorers?.find((candidate) => candidate.type === type)
    if (!plugin) throw new TailorError('model-invalid', `no scorer for ${type} models: pass one in createTailor({ scorers }), e.g. tfjsScorer() from @tailorjs/tfjs`)
    return plugin.create(manifest, { manifestUrl: new URL(modelUrl!, location.href).href })
  }

  /** The site's slot config: options first, then the page's config element; each part checked on its own, a bad part ignored with a warning. */
  function readConfig(): NonNullable<typeof config> {
    let declared: Partial<SlotConfig> = {}
    const element = document.querySelector('script[type="application/json"][data-tailor-config]')
    try {
      if (element) declared = JSON.parse(element.textContent ?? '') as SlotConfig
    } catch (error) {
      warn('config', new TailorError('config-invalid', `data-tailor-config is not JSON: ${(error as Error).message}`))
    }
    const schema = slotConfigSchema as unknown as JsonSchema & { properties: Record<keyof SlotConfig, JsonSchema & { items: JsonSchema }> }
    const part = <K extends keyof SlotConfig>(name: K): SlotConfig[K] => {
      const value = options[name] ?? declared?.[name]
      if (value === undefined || name === 'catalog') return value as SlotConfig[K]
      try {
        return validate(schema.properties[name], value, 'config-invalid', name)
      } catch (error) {
        warn('config', toTailorError(error, 'config-invalid'))
        return undefined
      }
    }
    // A product that fails its check is left out alone, not the whole catalog.
    const declaredCatalog = part('catalog')
    if (declaredCatalog !== undefined && !Array.isArray(declaredCatalog)) warn('config', new TailorError('config-invalid', 'catalog: expected an array of products'))
    const catalog = (Array.isArray(declaredCatalog) ? declaredCatalog : [])
      .filter((product, i) => {
        try {
          return validate(schema.properties.catalog.items, product, 'config-invalid', `catalog.${i}`)
        } catch (error) {
          warn('config', toTailorError(error, 'config-invalid'))
          return false
        }
      })
      .map((product) => (!product.sensitive && sensitive(product.category) ? { ...product, sensitive: true } : product))
    sensitiveIds = new Set(catalog.filter((product) => product.sensitive).map((product) => product.id))
    return { catalog, segments: part('segments') ?? [], merchandising: part('merchandising'), holdout: part('holdout') }
  }

  /** What decisions read for `profile`: its segments, its holdout group, and the model's scores. */
  function prepare(profile: ProfileState, impressions: Map<string, number[]>, manifest: Manifest | undefined, scorer: Scorer | undefined): Inputs {
    const { catalog, segments, merchandising, holdout } = (config ??= readConfig())
    const now = Date.now()
    const context: DecideContext = {
      profile,
      now,
      scores: null,
      minEvidence,
      // The time zone only when a rule asks: Chromium's first Intl.DateTimeFormat costs 60–170 ms.
      segments: segmentsOf(segments, profile, {
        now,
        locale: navigator.language,
        timeZone: segments.some((rule) => rule.when.timeZone) ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined,
      }),
      holdout: !!holdout && profile.id !== undefined && inHoldout(profile.id, holdout),
      catalog,
      merchandising,
      impressions,
    }
    let model: Inputs['model']
    try {
      if (manifest && scorer) {
        const x = featurize(profile, manifest.features, now)
        model = { manifest, scorer, x }
        if (manifest.scoring === 'candidates') {
          const target = manifest.targets[0]!.id
          context.productScores = new Map(catalog.map((product) => [product.id, scorer.score(featurize(profile, manifest.features, now, candidateOf(product))).get(target)!]))
        } else context.scores = scorer.score(x)
      }
    } catch (error) {
      // A plug-in that fails to score, or a damaged cache entry: fallback content.
      warn('model', toTailorError(error, 'model-invalid'))
      model = undefined
    }
    return { context, catalog: new Map(catalog.map((product) => [product.id, product])), model }
  }

  /**
   * Decides and renders one slot; a slot whose default content already shows keeps it. Asking the
   * page whether it shows forces a style recalculation, so that is asked only once tailor.css's
   * delay can have run out (its clock starts after navigation did) by the last frame painted.
   */
  function settle(slot: Slot, timedOut = false): void {
    let decision: Decision =
      timedOut || ((startedAt ?? performance.now()) >= timeoutMs && revealed(slot.element)) || !inputs ? late(slot.name) : decide(slot.name, slot.options, inputs.context, page)
    try {
      renderSlot(slot, decision, inputs?.catalog ?? new Map())
    } catch (error) {
      warn('slots', toTailorError(error, 'slot-render'))
      decision = { slot: slot.name, path: 'default', reason: 'rendering failed' }
      slot.element.dataset.tailorState = 'final'
    }
    decided.set(slot.name, [decision, inputs])
    watchSlot(slot.element)
  }

  function watchSlot(element: HTMLElement): void {
    if (watch) watch(element)
    else shown.push(element)
  }

  const late = (slot: string): Decision => ({ slot, path: 'default', reason: `no decision within ${timeoutMs} ms: the default content was already showing` })

  /** A single-page app's new view: new decisions, diversity afresh, with the profile as it is now. */
  function followPath(): void {
    if (location.pathname === pagePath) return
    if (pagePath && sync && inputs) inputs = prepare(sync.current(), impressionsOf(sync.current().log), model?.manifest, model?.scorer)
    pagePath = location.pathname
    page = newPageState()
    decided.clear()
    waiting.clear()
  }

  function decideSlot(name: string, options: SlotOptions): Decision | undefined {
    followPath()
    const known = decided.get(name)
    if (known) return known[0]
    const since = waiting.get(name)
    if (!inputs && !expired) {
      if (since === undefined) waiting.set(name, performance.now())
      return undefined
    }
    let decision: Decision
    try {
      decision = !inputs || (since !== undefined && performance.now() - since >= timeoutMs) ? late(name) : decide(name, options, inputs.context, page)
    } catch (error) {
      // Options a framework passed that are not SlotOptions: the default content, and one warning.
      warn('slots', toTailorError(error, 'slot-render'))
      decision = { slot: name, path: 'default', reason: 'the slot options could not be read' }
    }
    waiting.delete(name)
    decided.set(name, [decision, inputs])
    return decision
  }

  /**
   * Every slot in `root` not met before: decided now when the inputs are ready, else pending. While
   * the page is parsed, a slot waits until the parser has moved past it, so all of it is read.
   */
  function scan(root: Element | Document): void {
    followPath()
    const found = [...root.querySelectorAll<HTMLElement>('[data-tailor-slot]')]
    if (root instanceof HTMLElement && root.matches('[data-tailor-slot]')) found.unshift(root)
    for (const element of found) {
      // `data-tailor-managed`: rendered by a framework binding, which decides it (decideSlot).
      if (seen.has(element) || element.hasAttribute('data-tailor-managed') || !parsed(element)) continue
      seen.add(element)
      const slot = readSlot(element)
      if (inputs) settle(slot)
      else pending.push(slot)
    }
  }

  function settlePending(timedOut = false): void {
    const slots = pending
    pending = []
    clearTimeout(expiry)
    slots.forEach((slot) => settle(slot, timedOut))
  }

  function detach(): void {
    stopped = true
    observer?.disconnect()
    clearTimeout(expiry)
    stopCapture?.()
    stopSignals?.()
    removeEventListener('pagehide', onPageHide)
    removeEventListener('visibilitychange', onVisibility)
    removeEventListener('pagehide', onLeave)
    removeEventListener('pageshow', onReturn)
    document.removeEventListener('click', onPrivacyClick)
    channel?.close()
  }

  /** Hears other tabs' consent changes and forget() calls. */
  function listen(): void {
    if (typeof BroadcastChannel !== 'function') return
    channel = new BroadcastChannel(CONSENT_CHANNEL)
    channel.onmessage = ({ data }: MessageEvent) => (data === 'forget' ? void erase() : consent(data as 'granted' | 'denied', true))
  }

  /** Tells the other tabs (`granted`, `denied`, `forget`); this tab's own channel does not hear itself. */
  function tell(message: string): void {
    if (typeof BroadcastChannel !== 'function') return
    const sender = channel ?? new BroadcastChannel(CONSENT_CHANNEL)
    sender.postMessage(message)
    if (sender !== channel) sender.close()
  }

  /** Stops recording and erases everything stored: IndexedDB, localStorage and this page's profile. */
  async function wipe(): Promise<void> {
    stopCapture?.()
    stopCapture = undefined
    watch = undefined
    early = []
    sync?.stop() // nothing more is written: not even what is queued
    sync = undefined
    const erased = store
    store = undefined
    clearSnapshot()
    if (erased?.kind === 'indexeddb') await erased.forget()
    else if (storage === 'indexeddb') await (persist ?? (await chunks.persist().catch(() => undefined)))?.deleteIdbStore()
  }

  async function erase(): Promise<void> {
    forgotten = true
    detach()
    await wipe()
  }

  /** The explanations, report and overlay chunk, or undefined (with one warning) when it cannot load. */
  const insights = () =>
    chunks.insights().catch((error: unknown) => {
      warn('core', toTailorError(error, 'chunk-load'))
      return undefined
    })

  /** Makes `manifest` the model later decisions use (a single-page app's next view); a model that cannot score is warned of and left out. */
  async function adopt(manifest: Manifest | undefined): Promise<void> {
    try {
      manifest = allowed(manifest)
      if (manifest) model = { manifest, scorer: await scorerFor(manifest) }
    } catch (error) {
      // A model type without a plug-in, or a plug-in that failed.
      warn('model', toTailorError(error, 'model-invalid'))
    }
  }

  /** `manifest`, unless it refers to a sensitive category, or is no manifest at all (a damaged cache entry): then one warning, and no model. */
  function allowed(manifest: Manifest | undefined): Manifest | undefined {
    let found: string | undefined
    try {
      found = manifest && sensitiveInModel(manifest, sensitive)
    } catch (error) {
      warn('model', toTailorError(error, 'model-invalid'))
      return undefined
    }
    if (!found) return manifest
    warn('model', new TailorError('model-sensitive', `${manifest!.id}, ${found}`))
    return undefined
  }

  /** The engine's scorer, at once, when the model needs no plug-in. */
  const syncScorer = (manifest: Manifest | undefined) => (manifest?.model.type === 'linear' || manifest?.model.type === 'xgboost' ? createScorer(manifest) : undefined)

  /** This visit alone, as a profile: its context for segments, no history and no identifier. */
  const contextual = (): ProfileState => {
    const empty = emptyProfile()
    return { ...empty, ...enterSession(empty, { ...visit, id: 'visit', type: 'page_view', ts: Date.now() }) }
  }

  /**
   * Brings storage in line with the consent mode, one change at a time: the profile in IndexedDB
   * when granted, in memory when consent is required, none when denied. What this page recorded
   * in memory moves into IndexedDB when consent comes.
   */
  const reconcile = () =>
    (changing = changing
      .then(async () => {
        if (!persist || stopped) return
        const wanted = mode()
        if (wanted === 'denied') {
          // Nothing kept, nothing to erase (asked only here, not at every start).
          if (!sync && !held && !(storage === 'indexeddb' && hasSnapshot())) return
          recorded = held = false
          await wipe()
          model = undefined
          inputs = prepare(contextual(), new Map(), undefined, undefined)
          return notify()
        }
        const kind = wanted === 'granted' ? storage : 'memory'
        if (sync && kept === kind) return
        const carried = sync?.current().log ?? []
        sync?.stop()
        sync = undefined // events tracked meanwhile wait in `early`
        kept = kind
        store = await persist.openStore(kind, warn)
        held ||= store.kind === 'indexeddb'
        sync = await persist.createProfileSync(store, warn, saveSnapshot, retention)
        const queued = [...carried, ...early]
        early = []
        keep(queued)
        if (model && keeping()) {
          writeModelSnapshot(modelUrl!, model.manifest)
          void cacheModel(model.manifest, undefined)
        }
        capture()
        individualizing ??= individualize()
        notify()
      })
      .catch((error: unknown) => warn('storage', toTailorError(error, 'storage-unavailable'))))
  let kept: 'indexeddb' | 'memory' | undefined
  // Whether this page stored anything in IndexedDB, or was refused: then erasing has work to do.
  let held = false

  /** The late capture, once a profile takes its events. */
  function capture(): void {
    if (stopCapture || stopped) return
    capturing = chunks.capture().then(
      (chunk) => {
        if (stopped || stopCapture || !sync) return
        const started = chunk.startCapture(captured, { searchParam, flush: () => sync?.flush(), skipped })
        stopCapture = started.stop
        watch = started.watch
        shown.splice(0).forEach(watch)
      },
      (error: unknown) => warn('core', toTailorError(error, 'chunk-load')),
    )
  }

  /** The consent mode after the shopper's `next` choice (see `mode`); `fromTab`: another tab's, not told again. */
  function consent(next?: 'granted' | 'denied', fromTab = false): ConsentMode {
    if (next === undefined || childDirected || forgotten) return mode()
    if (next !== 'granted' && next !== 'denied') {
      warn('config', new TailorError('config-invalid', `consent: ${String(next)} (expected "granted" or "denied")`))
      return mode()
    }
    if (next === 'denied') {
      // At once; IndexedDB goes with the next step, whatever this page knows of it.
      held = storage === 'indexeddb'
      clearSnapshot()
    }
    else if (storage === 'indexeddb') writeConsent(true)
    if (next !== choice) {
      choice = next
      if (!fromTab) tell(next)
      void reconcile()
      notify()
    }
    return mode()
  }

  const onPrivacyClick = (event: MouseEvent) => {
    if ((event.target as Element | null)?.closest?.('[data-tailor-privacy]')) void api.showPrivacy()
  }

  /** Caches `manifest` in IndexedDB for the next pages, when a profile is kept there. */
  async function cacheModel(manifest: Manifest, etag: string | undefined): Promise<void> {
    if (!keeping() || stopped || !allowed(manifest)) return
    const entry: CachedModel = { v: 1, manifest, etag }
    await store!.setMany([[MODEL_KEY + modelUrl, entry]]).catch((error: unknown) => warn('storage', toTailorError(error, 'storage-write')))
  }

  /** The model phase, once a profile is kept: the cached model, else (with enough evidence) a download; then the slots still pending. */
  async function individualize(): Promise<void> {
    const { cached, refresh } = await loadModel(store!)
    let profile = sync!.current()
    // Wait for the network only when it can change the outcome (no cached model, yet enough
    // evidence), and no longer than modelTimeoutMs: a slower model applies from the next decision.
    const manifest = allowed(
      cached ?? (profile.evidence >= minEvidence ? await Promise.race([refresh(), new Promise<undefined>((resolve) => setTimeout(resolve, modelTimeoutMs))]) : undefined),
    )
    if (!sync || stopped) return // consent withdrawn meanwhile
    profile = sync.current()
    await adopt(manifest)
    // Later slots (and the ones still pending) are decided with the full, current profile.
    inputs = prepare(profile, impressionsOf(profile.log), model?.manifest, model?.scorer)
    settlePending()
    notify()
    // The profile's snapshot is rewritten by the write of this page's first events; the model's
    // only when it is new to the snapshot (up to 100,000 characters each time).
    if (manifest && keeping() && (manifest !== cached || !hasModelSnapshot(modelUrl!))) writeModelSnapshot(modelUrl!, manifest)
    // Off the critical path: the next page (or a single-page app's next view) gets the
    // revalidated model.
    void refresh().then(async (latest) => {
      if (!latest || latest === cached || latest === manifest || !allowed(latest)) return
      if (keeping()) writeModelSnapshot(modelUrl!, latest)
      await adopt(latest)
      // Slots decided from now on (a single-page app's next view, slots added later) use it.
      if (sync && !stopped) {
        inputs = prepare(sync.current(), impressionsOf(sync.current().log), model?.manifest, model?.scorer)
        notify()
      }
    })
  }

  /** This page's decisions so far, in the order they were made. */
  const decisions = () => [...decided.values()].map(([decision]) => decision)

  async function run(): Promise<readonly Decision[]> {
    performance.mark?.('tailor:start')
    // The start is four short tasks (this script's, the page view, the snapshot, the frame's):
    // in a new renderer process each step runs for the first time, and on a slow device one task
    // doing them all would block the page for 50 ms or more (docs/reliability.md, P1).
    await nextTask()
    gpc = signals.includes('gpc') && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true
    recorded = storage === 'indexeddb' && readConsent()
    // This page's view comes first, so the first decision already counts this visit (a new
    // session, its channel and campaign) and a new shopper has the id holdouts bucket by. Not its
    // path: nothing reads it, and a product's address can name what it is (a sensitive category).
    visit = { context: readContext() }
    track('page_view', visit)
    await nextTask()
    // The first decision waits for nothing: it reads the snapshot of the last page's profile, and
    // of the model, from localStorage, when consent allows a profile to be kept. No snapshot is a
    // shopper Tailor has not seen yet; without consent, only this visit counts.
    try {
      const granted = mode() === 'granted' && storage === 'indexeddb'
      const snapshot = granted ? readSnapshot() : undefined
      const now = Date.now()
      const stored = snapshot ? expire(snapshot.profile, now, retention) : emptyProfile()
      const profile = early.length ? { ...stored, ...enterSession(stored, early.at(-1)!), id: stored.id ?? early[0]!.id } : mode() === 'denied' ? contextual() : stored
      const manifest = granted && modelUrl && profile.evidence >= minEvidence ? allowed(withinMaxAge(readModelSnapshot(modelUrl))) : undefined
      const scorer = syncScorer(manifest)
      if (!modelUrl || mode() === 'denied' || profile.evidence < minEvidence || scorer) inputs = prepare(profile, snapshot?.impressions ?? new Map(), manifest, scorer)
    } catch {
      inputs = undefined // a damaged snapshot: the stored profile decides, once it is read
    }
    // Framework slots (decideSlot) can be decided from now on; the page's own slots are decided
    // and rendered in the next animation frame, before it is painted: the page shows them final in
    // the frame it would have shown them in had they been rendered now. A hidden page paints no
    // frame: there a 100 ms timer renders them.
    if (inputs) notify()
    else {
      expiry = setTimeout(() => {
        expired = true
        settlePending(true)
        notify()
      }, timeoutMs)
      // The slots wait for the stored profile: its code loads at once.
      if (document.readyState !== 'loading') chunks.persist().catch(() => {}) // warned of below
    }
    startedAt = performance.now()
    await new Promise<void>((resolve) => {
      const render = () => {
        if (startedAt === undefined) return // the frame, or the timer, came first
        resolve()
        if (!stopped) {
          listen()
          addEventListener('pagehide', onLeave)
          addEventListener('pageshow', onReturn)
          document.addEventListener('click', onPrivacyClick)
          // Slots present now and added later (as the page is parsed, or a single-page app's views)
          // are decided as they appear; those present at the start keep their default content
          // once the timeout ran out.
          scan(document)
          if (expired) settlePending(true)
          if (typeof MutationObserver === 'function') {
            observer = new MutationObserver((records) => {
              if (document.readyState === 'loading') return scan(document) // a slot met before may be complete now
              for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) scan(node as Element)
            })
            observer.observe(document.documentElement, { childList: true, subtree: true })
          }
        }
        startedAt = undefined
      }
      requestAnimationFrame(render)
      setTimeout(render, 100)
    })

    // The rest (the stored profile, capture, the model's refresh) happens after the first
    // decision, once the document is parsed, in a task of its own.
    if (document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
      scan(document)
    } else await new Promise((resolve) => setTimeout(resolve))
    if (stopped) return decisions() // destroy() or forget() meanwhile
    // Both chunks load at once; capture starts once a profile can take its events.
    if (mode() !== 'denied') chunks.capture().catch(() => {}) // warned of by capture()
    try {
      persist = await chunks.persist()
    } catch (error) {
      // Decided, but nothing can be stored: say which file is missing, and stop recording.
      warn('core', toTailorError(error, 'chunk-load'))
      detach()
      early = []
      return decisions()
    }
    addEventListener('pagehide', onPageHide)
    addEventListener('visibilitychange', onVisibility)
    // A consent tool's answer may come at once, later, or (for a returning shopper) never again.
    stopSignals = persist.listenSignals(
      signals,
      (state) => consent(state),
      (waiting) => {
        undecided = waiting
        void reconcile()
      },
    )
    await reconcile()
    await individualizing
    if (/[?&]tailor_debug=1(&|$)/.test(location.search)) void api.debug()
    return decisions()
  }

  // Before start() the saved profile is not loaded yet, so there is nothing to show.
  const empty = emptyProfile()
  const getProfile = (): ProfileState => sync?.current() ?? empty

  async function flush(): Promise<void> {
    await Promise.all([caching, capturing, changing])
    await sync?.flush()
  }

  const api: Tailor = {
    start() {
      started ??= run().catch((error: unknown) => {
        // Last line of defence: whatever went wrong, the page keeps its default content.
        warn('core', toTailorError(error, 'internal'))
        settlePending(true)
        return []
      })
      return started
    },
    track,
    identify,
    getProfile,
    decideSlot,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    watchSlot,
    shifts: () => shifts(getProfile(), Date.now()),
    async explain(slot) {
      const [decision, made] = decided.get(slot) ?? []
      return decision && (await insights())?.explain(decision, made)
    },
    report: async () => (await insights())?.report(getProfile().log, { windowDays }) ?? {},
    debug: async () => (await insights())?.showOverlay(api),
    flush,
    async exportProfile() {
      await flush()
      const records = store ? await store.dump() : { kv: {}, outbox: [] }
      if ('profile' in records.kv && persist) records.kv.profile = persist.decodeProfile(records.kv.profile)
      // Records as stored: Tailor wrote each after checking it (the e2e tests check the export against its schema).
      return { format: 'tailor-export@1', exportedAt: new Date().toISOString(), consent: mode(), storage: store?.kind ?? storage, records, snapshot: dumpSnapshot() } as TailorExport
    },
    async downloadProfile(filename = 'tailor-profile.json') {
      const exported = await api.exportProfile()
      ;(await insights())?.download(exported, filename)
    },
    consent: (next) => consent(next),
    showPrivacy: async () => (await insights())?.showPrivacy(api),
    async forget() {
      tell('forget')
      await erase()
    },
    async destroy() {
      // A model download under way is still cached for the next page; the capture chunk records
      // this page's product view before the last write.
      await Promise.all([caching, capturing, changing])
      detach()
      await sync?.close()
    },
  }
  return api
}
