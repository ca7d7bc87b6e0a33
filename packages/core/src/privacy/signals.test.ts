// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { consentModeCommand, listenSignals, tcfChoice, type TcData } from './signals'

/** What `gtag(...)` pushes to the dataLayer: its `arguments` object, not an array. */
function gtagArgs(..._args: unknown[]): IArguments {
  return arguments
}

const ALL = { 1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true }

describe('tcfChoice', () => {
  it('has no choice before the shopper chose', () => {
    expect(tcfChoice({ eventStatus: 'cmpuishown', gdprApplies: true, purpose: { consents: ALL } })).toBeUndefined()
    expect(tcfChoice(undefined)).toBeUndefined()
  })

  it('says consent does not apply where GDPR does not apply (no choice of the shopper)', () => {
    expect(tcfChoice({ eventStatus: 'tcloaded', gdprApplies: false })).toBe('not-applicable')
  })

  it('grants only when purposes 1, 5 and 6 all have consent, as purposes or the publisher’s own', () => {
    for (const eventStatus of ['tcloaded', 'useractioncomplete']) {
      expect(tcfChoice({ eventStatus, gdprApplies: true, purpose: { consents: { 1: true, 5: true, 6: true } } })).toBe('granted')
      expect(tcfChoice({ eventStatus, gdprApplies: true, purpose: { consents: { 1: true } }, publisher: { consents: { 5: true, 6: true } } })).toBe('granted')
    }
  })

  it('denies when any of purposes 1, 5 and 6 lacks consent', () => {
    const status = { eventStatus: 'useractioncomplete', gdprApplies: true }
    expect(tcfChoice({ ...status, purpose: { consents: { 1: true, 5: true, 6: false } } })).toBe('denied')
    expect(tcfChoice({ ...status, purpose: { consents: { 1: true, 2: true, 3: true, 4: true, 5: true } } })).toBe('denied')
    expect(tcfChoice({ ...status, purpose: { consents: { 5: true, 6: true } }, publisher: { consents: { 2: true } } })).toBe('denied')
    expect(tcfChoice({ ...status, purpose: { consents: {} } })).toBe('denied')
    expect(tcfChoice(status)).toBe('denied')
  })
})

describe('consentModeCommand', () => {
  it('reads the personalization_storage gtag pushes', () => {
    expect(consentModeCommand(gtagArgs('consent', 'update', { personalization_storage: 'granted' }))).toEqual({ command: 'update', state: 'granted' })
    expect(consentModeCommand(gtagArgs('consent', 'default', { personalization_storage: 'denied', wait_for_update: 500 }))).toEqual({ command: 'default', state: 'denied' })
  })

  it('prefers personalization_storage to analytics_storage, and reads analytics_storage when it is all a site sets', () => {
    expect(consentModeCommand(gtagArgs('consent', 'update', { analytics_storage: 'granted', personalization_storage: 'denied' }))).toEqual({ command: 'update', state: 'denied' })
    expect(consentModeCommand(gtagArgs('consent', 'update', { analytics_storage: 'granted' }))).toEqual({ command: 'update', state: 'granted' })
  })

  it('reads a command pushed as a plain array too', () => {
    expect(consentModeCommand(['consent', 'default', { analytics_storage: 'denied' }])).toEqual({ command: 'default', state: 'denied' })
  })

  it('is undefined for other commands and for consent without a storage state', () => {
    expect(consentModeCommand(gtagArgs('event', 'purchase', { value: 10 }))).toBeUndefined()
    expect(consentModeCommand(gtagArgs('config', 'G-XXXX'))).toBeUndefined()
    expect(consentModeCommand(gtagArgs('consent', 'reset', { personalization_storage: 'granted' }))).toBeUndefined()
    expect(consentModeCommand(gtagArgs('consent', 'update', { ad_storage: 'granted' }))).toBeUndefined()
    expect(consentModeCommand(gtagArgs('consent', 'update', { personalization_storage: 'yes' }))).toBeUndefined()
    expect(consentModeCommand(gtagArgs('consent', 'update'))).toBeUndefined()
  })

  it('is undefined for the other entries a dataLayer holds (GTM objects), without throwing', () => {
    expect(consentModeCommand({ event: 'gtm.js', 'gtm.start': 1 })).toBeUndefined()
    expect(consentModeCommand({ event: 'consent', 0: 'consent' })).toBeUndefined()
    expect(consentModeCommand(undefined)).toBeUndefined()
    expect(consentModeCommand(null)).toBeUndefined()
    expect(consentModeCommand(42)).toBeUndefined()
  })
})

describe('listenSignals', () => {
  afterEach(() => {
    delete window.dataLayer
    delete window.__tcfapi
  })

  /** A stand-in for a third-party CMP: the TCF v2.2 `addEventListener` / `removeEventListener` commands. */
  function installCmp(first: TcData) {
    const listeners = new Map<number, (tcData: TcData, success: boolean) => void>()
    const removed: unknown[] = []
    let next = 7
    window.__tcfapi = (command, _version, callback, parameter) => {
      if (command === 'addEventListener') {
        const listenerId = next++
        listeners.set(listenerId, callback)
        callback({ ...first, listenerId }, true)
      } else if (command === 'removeEventListener') {
        removed.push(parameter)
        listeners.delete(parameter as number)
        ;(callback as unknown as (success: boolean) => void)(true) // TCF answers removeEventListener with its success alone
      }
    }
    return {
      removed,
      listeners,
      /** The shopper answers the banner. */
      answer(tcData: TcData) {
        for (const [listenerId, listener] of listeners) listener({ ...tcData, listenerId }, true)
      },
    }
  }

  describe('Consent Mode', () => {
    it('waits on a denied default, then follows the banner’s update, leaving the page’s push working', () => {
      window.dataLayer = [{ event: 'gtm.js' }, gtagArgs('consent', 'default', { analytics_storage: 'denied', personalization_storage: 'denied' })]
      const chose = vi.fn()
      const waiting = vi.fn()
      const stop = listenSignals(['consent-mode'], chose, waiting)
      expect(waiting).toHaveBeenCalledTimes(1)
      expect(chose).not.toHaveBeenCalled()

      const update = gtagArgs('consent', 'update', { analytics_storage: 'granted' })
      expect(window.dataLayer.push(update)).toBe(3)
      expect(window.dataLayer[2]).toBe(update)
      expect(chose.mock.calls).toEqual([['granted']])

      window.dataLayer.push(gtagArgs('consent', 'update', { analytics_storage: 'denied' }))
      expect(chose.mock.calls).toEqual([['granted'], ['denied']])

      stop()
      expect(window.dataLayer.push).toBe(Array.prototype.push)
      expect(window.dataLayer.push(gtagArgs('consent', 'update', { analytics_storage: 'granted' }))).toBe(5)
      expect(chose).toHaveBeenCalledTimes(2)
      expect(waiting).toHaveBeenCalledTimes(1)
    })

    it('hears an update already in the dataLayer, and a denied default pushed after it does not make it wait', () => {
      window.dataLayer = [gtagArgs('consent', 'update', { personalization_storage: 'granted' })]
      const chose = vi.fn()
      const waiting = vi.fn()
      const stop = listenSignals(['consent-mode'], chose, waiting)
      expect(chose.mock.calls).toEqual([['granted']])
      window.dataLayer.push(gtagArgs('consent', 'default', { personalization_storage: 'denied' }))
      expect(waiting).not.toHaveBeenCalled()
      stop()
    })

    it('neither waits nor chooses on a granted default, and keeps every entry the page pushes', () => {
      window.dataLayer = [gtagArgs('consent', 'default', { analytics_storage: 'granted' })]
      const chose = vi.fn()
      const waiting = vi.fn()
      const stop = listenSignals(['consent-mode'], chose, waiting)
      expect(window.dataLayer.push({ event: 'page_view' }, gtagArgs('event', 'purchase', {}))).toBe(3)
      expect(window.dataLayer).toHaveLength(3)
      expect(chose).not.toHaveBeenCalled()
      expect(waiting).not.toHaveBeenCalled()
      stop()
    })

    it('ignores the dataLayer when consent-mode is not listed', () => {
      window.dataLayer = [gtagArgs('consent', 'default', { analytics_storage: 'denied' })]
      const push = window.dataLayer.push
      const chose = vi.fn()
      const waiting = vi.fn()
      listenSignals(['gpc', 'tcf'], chose, waiting)()
      window.dataLayer.push(gtagArgs('consent', 'update', { analytics_storage: 'granted' }))
      expect(window.dataLayer.push).toBe(push)
      expect(chose).not.toHaveBeenCalled()
      expect(waiting).not.toHaveBeenCalled()
    })
  })

  describe('TCF', () => {
    it('waits while the banner shows, then grants when purposes 1, 5 and 6 have consent', () => {
      const cmp = installCmp({ eventStatus: 'cmpuishown', gdprApplies: true })
      const chose = vi.fn()
      const waiting = vi.fn()
      const stop = listenSignals(['tcf'], chose, waiting)
      expect(waiting).toHaveBeenCalledTimes(1)
      expect(chose).not.toHaveBeenCalled()
      cmp.answer({ eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents: { 1: true, 5: true, 6: true } } })
      expect(chose.mock.calls).toEqual([['granted']])
      stop()
      expect(cmp.removed).toEqual([7])
    })

    it('denies when the shopper refuses a purpose Tailor needs, and hears a later change of mind', () => {
      const cmp = installCmp({ eventStatus: 'cmpuishown', gdprApplies: true })
      const chose = vi.fn()
      const stop = listenSignals(['tcf', 'consent-mode', 'gpc'], chose, () => {})
      cmp.answer({ eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents: { 1: true, 5: false, 6: true } } })
      cmp.answer({ eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents: ALL } })
      expect(chose.mock.calls).toEqual([['denied'], ['granted']])
      stop()
    })

    it('takes a returning shopper’s stored choice (tcloaded) at once', () => {
      const cmp = installCmp({ eventStatus: 'tcloaded', gdprApplies: true, publisher: { consents: { 1: true, 5: true, 6: true } } })
      const chose = vi.fn()
      const stop = listenSignals(['tcf'], chose, () => {})
      expect(chose.mock.calls).toEqual([['granted']])
      stop()
      expect(cmp.listeners.size).toBe(0)
    })

    it('hears nothing after it stopped, even from a CMP that still calls the listener', () => {
      const cmp = installCmp({ eventStatus: 'cmpuishown', gdprApplies: true })
      const chose = vi.fn()
      const stop = listenSignals(['tcf'], chose, () => {})
      const registered = [...cmp.listeners.values()]
      stop()
      expect(cmp.removed).toEqual([7])
      expect(registered).toHaveLength(1)
      registered[0]!({ listenerId: 7, eventStatus: 'useractioncomplete', gdprApplies: true, purpose: { consents: ALL } }, true)
      expect(chose).not.toHaveBeenCalled()
    })

    it('stops waiting, without a choice, where GDPR does not apply', () => {
      installCmp({ eventStatus: 'tcloaded', gdprApplies: false })
      const chose = vi.fn()
      const waiting = vi.fn()
      listenSignals(['tcf'], chose, waiting)()
      expect(waiting.mock.calls).toEqual([[true], [false]])
      expect(chose).not.toHaveBeenCalled()
    })

    it('ignores __tcfapi when tcf is not listed', () => {
      const cmp = installCmp({ eventStatus: 'tcloaded', gdprApplies: false })
      const chose = vi.fn()
      const waiting = vi.fn()
      listenSignals(['gpc', 'consent-mode'], chose, waiting)()
      expect(cmp.listeners.size).toBe(0)
      expect(chose).not.toHaveBeenCalled()
      expect(waiting).not.toHaveBeenCalled()
    })
  })

  it('does nothing on a page without consent tools', () => {
    const chose = vi.fn()
    const waiting = vi.fn()
    const stop = listenSignals(['gpc', 'tcf', 'consent-mode'], chose, waiting)
    stop()
    expect(chose).not.toHaveBeenCalled()
    expect(waiting).not.toHaveBeenCalled()
  })
})
