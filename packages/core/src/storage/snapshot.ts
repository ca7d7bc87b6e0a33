import type { Manifest } from '../model/schema'
import type { ProfileState } from '../profile/schema'

/**
 * A copy of what the first decision needs, in localStorage: the only storage a page can read
 * synchronously, so slots are decided as the SDK starts rather than after IndexedDB opens
 * (20–80 ms in Chromium). IndexedDB stays the record; this is a cache of it, rewritten after each
 * write and as the page is hidden. The event log stays out (only the impressions frequency caps
 * need), and so do models over MAX_MODEL_CHARS: those are read from IndexedDB.
 */
const PREFIX = 'tailor:'
const PROFILE_KEY = `${PREFIX}profile`
const MODEL_KEY = `${PREFIX}model`
/** `granted` once the shopper consented (docs/privacy.md); absent otherwise: a refusal leaves nothing behind. */
const CONSENT_KEY = `${PREFIX}consent`
const MAX_MODEL_CHARS = 100_000

export interface Snapshot {
  profile: ProfileState
  impressions: Map<string, number[]>
}

function read(key: string): unknown {
  try {
    const text = localStorage.getItem(key)
    return text === null ? undefined : JSON.parse(text)
  } catch {
    return undefined // no localStorage (sandboxed frames, some private modes) or a damaged entry
  }
}

function write(key: string, text: string | undefined): void {
  try {
    if (text === undefined) localStorage.removeItem(key)
    else localStorage.setItem(key, text)
  } catch {
    // Full or unavailable: the next page decides from IndexedDB instead.
  }
}

export function readSnapshot(): Snapshot | undefined {
  const saved = read(PROFILE_KEY) as { v?: number; profile: ProfileState; impressions: Array<[string, number[]]> } | undefined
  return saved?.v === 1 && saved.profile?.version === 2 ? { profile: { ...saved.profile, log: [] }, impressions: new Map(saved.impressions) } : undefined
}

export function writeSnapshot(profile: ProfileState, impressions: Map<string, number[]>): void {
  write(PROFILE_KEY, JSON.stringify({ v: 1, profile: { ...profile, log: [] }, impressions: [...impressions] }))
}

/** The cached manifest of the model at `url`, if the snapshot holds it. */
export function readModelSnapshot(url: string): Manifest | undefined {
  const saved = read(MODEL_KEY) as { url: string; manifest: Manifest } | undefined
  return saved?.url === url ? saved.manifest : undefined
}

/** Whether the snapshot holds a model for `url`, without parsing it (the entry's JSON starts with its url). */
export function hasModelSnapshot(url: string): boolean {
  try {
    return localStorage.getItem(MODEL_KEY)?.startsWith(`${JSON.stringify({ url }).slice(0, -1)},`) ?? false
  } catch {
    return false
  }
}

export function writeModelSnapshot(url: string, manifest: Manifest): void {
  const text = JSON.stringify({ url, manifest })
  write(MODEL_KEY, text.length <= MAX_MODEL_CHARS ? text : undefined)
}

export const readConsent = (): boolean => read(CONSENT_KEY) === 'granted'

export const writeConsent = (granted: boolean): void => write(CONSENT_KEY, granted ? '"granted"' : undefined)

/** Tailor's keys in localStorage. */
function keys(): string[] {
  try {
    return Object.keys(localStorage).filter((key) => key.startsWith(PREFIX))
  } catch {
    return []
  }
}

/** Whether Tailor keeps anything in localStorage. */
export const hasSnapshot = (): boolean => keys().length > 0

/** Every entry Tailor keeps in localStorage, parsed, for exportProfile(). */
export const dumpSnapshot = (): Record<string, unknown> => Object.fromEntries(keys().map((key) => [key, read(key)]))

/** Removes every entry Tailor keeps in localStorage (forget, withdrawn consent). */
export const clearSnapshot = (): void => keys().forEach((key) => write(key, undefined))
