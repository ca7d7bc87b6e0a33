// The script-tag build (dist/tailor.min.js): configures itself from its own data-* attributes,
// exposes `window.Tailor`, and turns the `window.tailor` command queue into a live instance.
import { createTailorWith, type Chunks, type Tailor, type TailorOptions } from './create-tailor'
import { TailorError } from './errors'
import { createWarn } from './log'

type Command = [name: string, ...args: unknown[]]

/** `window.tailor` once loaded: the instance, plus `push` that runs commands at once. */
export type TailorGlobal = Tailor & { push(...commands: Command[]): void }

declare global {
  interface Window {
    Tailor?: { createTailor: (options?: TailorOptions) => Tailor; TailorError: typeof TailorError; debug: () => Promise<void> }
    tailor?: Command[] | TailorGlobal
  }
}

/**
 * `data-model`, `data-model-integrity`, `data-min-evidence`, `data-storage`, `data-search-param`,
 * `data-timeout`, `data-debug`, `data-consent`, `data-child-directed`, `data-signals` (space-separated)
 * and `data-sensitive-categories` (comma-separated); createTailor checks the values.
 */
function optionsFrom(script: HTMLOrSVGScriptElement | null): TailorOptions {
  const data = (script as HTMLScriptElement | null)?.dataset ?? {}
  const options: TailorOptions = {}
  if (data.model !== undefined) options.model = data.model
  if (data.modelIntegrity !== undefined) options.modelIntegrity = data.modelIntegrity
  if (data.minEvidence !== undefined) options.minEvidence = Number(data.minEvidence)
  if (data.storage !== undefined) options.storage = data.storage as NonNullable<TailorOptions['storage']>
  if (data.searchParam !== undefined) options.searchParam = data.searchParam
  if (data.timeout !== undefined) options.timeoutMs = Number(data.timeout)
  if (data.debug !== undefined) options.debug = true
  if (data.consent !== undefined) options.consent = data.consent as NonNullable<TailorOptions['consent']>
  if (data.childDirected !== undefined) options.childDirected = true
  if (data.signals !== undefined) options.signals = data.signals.split(' ').filter(Boolean) as NonNullable<TailorOptions['signals']>
  if (data.sensitiveCategories !== undefined) options.sensitiveCategories = data.sensitiveCategories.split(',').map((term) => term.trim())
  return options
}

/** Loads `file` from beside this script, once, and resolves with the global it sets (at once when the page already loaded it). */
function scriptChunk<K extends 'TailorLoader' | 'TailorCapture' | 'TailorInsights' | 'TailorPersist'>(src: string, file: string, global: K): () => Promise<NonNullable<Window[K]>> {
  let loading: Promise<NonNullable<Window[K]>> | undefined
  return () =>
    (loading ??= new Promise((resolve, reject) => {
      if (window[global]) return resolve(window[global]!)
      const script = document.createElement('script')
      script.src = new URL(file, src).href
      script.onload = () => (window[global] ? resolve(window[global]!) : reject(new Error(`${script.src} did not load Tailor's ${global}`)))
      script.onerror = () => reject(new Error(`${script.src} could not be loaded`))
      document.head.append(script)
    }))
}

function boot(): void {
  if (window.Tailor) return // loaded twice: the first copy owns the queue
  // Read now: currentScript is only set while this script first runs.
  const script = document.currentScript as HTMLScriptElement | null
  const src = script?.src || location.href
  const chunks: Chunks = {
    loader: scriptChunk(src, 'tailor-loader.min.js', 'TailorLoader'),
    capture: scriptChunk(src, 'tailor-capture.min.js', 'TailorCapture'),
    insights: scriptChunk(src, 'tailor-insights.min.js', 'TailorInsights'),
    persist: scriptChunk(src, 'tailor-persist.min.js', 'TailorPersist'),
  }
  const createTailor = (options?: TailorOptions) => createTailorWith(chunks, options)
  const queued = Array.isArray(window.tailor) ? window.tailor : []
  const tailor = createTailor(optionsFrom(script))
  window.Tailor = { createTailor, TailorError, debug: tailor.debug }
  const warn = createWarn()
  const run = (command: unknown) => {
    const [name, ...args] = Array.isArray(command) ? command : [command]
    if (name === 'track') tailor.track(...(args as Parameters<Tailor['track']>))
    else if (name === 'consent') tailor.consent(...(args as Parameters<Tailor['consent']>))
    else warn('queue', new TailorError('command-unknown', String(name)))
  }
  window.tailor = { ...tailor, push: (...commands) => commands.forEach(run) }
  queued.forEach(run)
  void tailor.start()
}

boot()
