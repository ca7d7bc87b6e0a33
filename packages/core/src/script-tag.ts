// The script-tag build (dist/tailor.min.js): configures itself from its own data-* attributes,
// exposes `window.Tailor`, and turns the `window.tailor` command queue into a live instance.
import { createTailor, type Tailor, type TailorOptions } from './create-tailor'
import { TailorError } from './errors'
import { createWarn } from './log'

type Command = [name: string, ...args: unknown[]]

/** `window.tailor` once loaded: the instance, plus `push` that runs commands at once. */
export type TailorGlobal = Tailor & { push(...commands: Command[]): void }

declare global {
  interface Window {
    Tailor?: { createTailor: typeof createTailor; TailorError: typeof TailorError }
    tailor?: Command[] | TailorGlobal
  }
}

/** `data-model`, `data-model-integrity`, `data-min-evidence`, `data-storage`; createTailor checks the values. */
function optionsFrom(script: HTMLOrSVGScriptElement | null): TailorOptions {
  const data = (script as HTMLScriptElement | null)?.dataset ?? {}
  const options: TailorOptions = {}
  if (data.model !== undefined) options.model = data.model
  if (data.modelIntegrity !== undefined) options.modelIntegrity = data.modelIntegrity
  if (data.minEvidence !== undefined) options.minEvidence = Number(data.minEvidence)
  if (data.storage !== undefined) options.storage = data.storage as NonNullable<TailorOptions['storage']>
  return options
}

function boot(): void {
  if (window.Tailor) return // loaded twice: the first copy owns the queue
  window.Tailor = { createTailor, TailorError }
  const queued = Array.isArray(window.tailor) ? window.tailor : []
  const tailor = createTailor(optionsFrom(document.currentScript))
  const warn = createWarn()
  const run = (command: unknown) => {
    const [name, ...args] = Array.isArray(command) ? command : [command]
    if (name === 'track') tailor.track(...(args as Parameters<Tailor['track']>))
    else warn('queue', new TailorError('command-unknown', String(name)))
  }
  window.tailor = { ...tailor, push: (...commands) => commands.forEach(run) }
  queued.forEach(run)
  void tailor.start()
}

boot()
