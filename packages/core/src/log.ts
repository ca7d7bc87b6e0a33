import type { TailorError } from './errors'

export type Warn = (scope: string, error: TailorError) => void

/**
 * The one place Tailor writes to the console: a prefixed warning, at most once per code for each
 * Tailor instance, so a failing storage or model never floods the host page's console.
 */
export function createWarn(): Warn {
  const warned = new Set<string>()
  return (scope, error) => {
    if (warned.has(error.code)) return
    warned.add(error.code)
    console.warn(`[tailor:${scope}] ${error.message}`)
  }
}
