// The consent tools a page may run, read where Tailor can hear them: IAB TCF v2.2 (`__tcfapi`) and
// Google Consent Mode v2 (`gtag('consent', …)` in `dataLayer`). docs/privacy.md maps each to a mode.
import { watchPushes } from '../capture/datalayer'

/** A consent signal Tailor reads from the page. */
export type ConsentSignal = 'gpc' | 'tcf' | 'consent-mode'

/** What TCF's `addEventListener` callback receives, as far as Tailor reads it. */
export interface TcData {
  listenerId?: number
  eventStatus?: string
  gdprApplies?: boolean
  purpose?: { consents?: Record<string, boolean> }
  publisher?: { consents?: Record<string, boolean> }
}

/** TCF purposes Tailor needs: 1 store and/or access information on a device, 5 create profiles to personalise content, 6 use them to select it. */
const TCF_PURPOSES = [1, 5, 6]

/**
 * What a TCF event says: nothing before the shopper chose (`cmpuishown`); `not-applicable` where
 * GDPR does not apply (no choice: the site's own mode holds); `granted` when purposes 1, 5 and 6
 * all have consent (as purposes or as the publisher's own); `denied` otherwise.
 */
export function tcfChoice(tcData: TcData | undefined): 'granted' | 'denied' | 'not-applicable' | undefined {
  if (tcData?.eventStatus !== 'tcloaded' && tcData?.eventStatus !== 'useractioncomplete') return undefined
  if (tcData.gdprApplies === false) return 'not-applicable'
  return TCF_PURPOSES.every((id) => tcData.purpose?.consents?.[id] === true || tcData.publisher?.consents?.[id] === true) ? 'granted' : 'denied'
}

/**
 * A Consent Mode command (`['consent', 'default' | 'update', { … }]`, as gtag pushes it) as
 * Tailor reads it: `personalization_storage`, or `analytics_storage` when the site does not set
 * that one. Undefined for anything else.
 */
export function consentModeCommand(entry: unknown): { command: 'default' | 'update'; state: 'granted' | 'denied' } | undefined {
  // Read by index: `arguments` is array-like, and most entries (GTM's objects) are not arrays at all.
  const { 0: name, 1: command, 2: params } = (typeof entry === 'object' && entry !== null ? entry : {}) as { 0?: unknown; 1?: unknown; 2?: Record<string, unknown> }
  if (name !== 'consent' || (command !== 'default' && command !== 'update')) return undefined
  const state = params?.personalization_storage ?? params?.analytics_storage
  return state === 'granted' || state === 'denied' ? { command, state } : undefined
}

declare global {
  interface Window {
    __tcfapi?: (command: string, version: number, callback: (tcData: TcData, success: boolean) => void, parameter?: unknown) => void
    dataLayer?: unknown[]
  }
}

/**
 * Listens to the page's consent tools. `chose` hears the shopper's choices; `waiting(true)` is
 * called at once when a tool is there but has not said yet, so Tailor keeps nothing until it does,
 * and `waiting(false)` when the tool says consent does not apply. Returns a function that stops
 * listening.
 */
export function listenSignals(signals: readonly ConsentSignal[], chose: (state: 'granted' | 'denied') => void, waiting: (waiting: boolean) => void): () => void {
  const stops: Array<() => void> = []
  const layer = window.dataLayer
  if (signals.includes('consent-mode') && Array.isArray(layer)) {
    let updated = false
    stops.push(
      watchPushes(layer, (entry) => {
        const found = consentModeCommand(entry)
        if (found?.command === 'update') {
          updated = true
          chose(found.state)
        } else if (found && !updated && found.state === 'denied') waiting(true) // a denied default: wait for the banner's answer
      }),
    )
  }
  const tcfapi = window.__tcfapi
  if (signals.includes('tcf') && typeof tcfapi === 'function') {
    waiting(true)
    let id: number | undefined
    let stopped = false
    tcfapi('addEventListener', 2, (tcData, success) => {
      id = tcData?.listenerId ?? id
      const choice = success && !stopped ? tcfChoice(tcData) : undefined
      if (choice === 'not-applicable') waiting(false)
      else if (choice) chose(choice)
    })
    stops.push(() => {
      stopped = true
      if (id !== undefined) tcfapi('removeEventListener', 2, () => {}, id)
    })
  }
  return () => stops.forEach((stop) => stop())
}
