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
    /** Trusted Types, where the browser has them; `createScriptURL` gives a TrustedScriptURL, which `script.src` takes like a string. */
    trustedTypes?: { createPolicy(name: string, rules: ScriptURLPolicy): ScriptURLPolicy }
  }
}

type ScriptURLPolicy = { createScriptURL(url: string): string }

/**
 * `data-model`, `data-model-integrity`, `data-min-evidence`, `data-storage`, `data-search-param`,
 * `data-timeout`, `data-debug`, `data-consent`, `data-child-directed`, `data-signals` (space-separated)
 * and `data-sensitive-categories` (comma-separated); createTailor checks the values.
 */
function optionsFrom(script: HTMLOrSVGScriptElement | null): TailorOptions {
  const data = (script as HTMLScriptElement | null)?.dataset ?? {}
  const options: TailorOptions = {}
  // Strings, as given (a loop: smaller in tailor.min.js than a line each); createTailor checks them.
  for (const name of ['model', 'modelIntegrity', 'storage', 'searchParam', 'consent'] as const) {
    const value = data[name]
    if (value !== undefined) (options as Record<string, string>)[name] = value
  }
  if (data.minEvidence !== undefined) options.minEvidence = Number(data.minEvidence)
  if (data.timeout !== undefined) options.timeoutMs = Number(data.timeout)
  if (data.debug !== undefined) options.debug = true
  if (data.childDirected !== undefined) options.childDirected = true
  if (data.signals !== undefined) options.signals = data.signals.split(' ').filter(Boolean) as NonNullable<TailorOptions['signals']>
  if (data.sensitiveCategories !== undefined) options.sensitiveCategories = data.sensitiveCategories.split(',').map((term) => term.trim())
  return options
}

// Under Trusted Types (require-trusted-types-for 'script'), a script's src must come from a policy:
// Tailor's, named `tailor`, lets through the URLs of its own chunks beside this script and nothing
// else. It is created once, on the first chunk load. Where the browser has no Trusted Types, or the
// page's CSP does not allow the name, it is 0: src takes plain strings (which, under a CSP that
// requires Trusted Types, throws, and is warned of once as `chunk-load`).
const chunkUrls: string[] = []
let policy: ScriptURLPolicy | 0 | undefined

/** Loads `file` from beside this script, once, and resolves with the global it sets (at once when the page already loaded it). */
function scriptChunk<K extends 'TailorLoader' | 'TailorCapture' | 'TailorInsights' | 'TailorPersist'>(src: string, file: string, global: K): () => Promise<NonNullable<Window[K]>> {
  const url = new URL(file, src).href
  chunkUrls.push(url)
  let loading: Promise<NonNullable<Window[K]>> | undefined
  return () =>
    (loading ??= new Promise((resolve, reject) => {
      if (window[global]) return resolve(window[global]!)
      try {
        // Also throws, smaller than a check, where the browser has no window.trustedTypes.
        policy ??= window.trustedTypes!.createPolicy('tailor', {
          createScriptURL: (given) => {
            if (chunkUrls.includes(given)) return given
            throw TypeError(given)
          },
        })
      } catch {
        policy = 0
      }
      const script = document.createElement('script')
      script.src = policy ? policy.createScriptURL(url) : url
      script.onload = () => (window[global] ? resolve(window[global]!) : reject(new Error(`${url} did not load Tailor's ${global}`)))
      script.onerror = () => reject(new Error(`${url} could not be loaded`))
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
