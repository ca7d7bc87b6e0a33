import type { EventData } from '../events/schema'
import { watchDataLayer } from './datalayer'

/**
 * Capture that can wait until the slots are decided, loaded as its own chunk: GA4 events from
 * the page's dataLayer (with those pushed before, replayed) and single-page-app navigations as
 * page views. Returns a function that stops it all.
 */
export function startCapture(record: (type: string, data: EventData) => void): () => void {
  const stops: Array<() => void> = []
  const { dataLayer } = window as { dataLayer?: unknown }
  if (Array.isArray(dataLayer)) stops.push(watchDataLayer(dataLayer, record))

  // pushState and replaceState fire no event: wrap them (as routers expect, calling through) and
  // listen to popstate, recording a page view whenever the path changes.
  let path = location.pathname
  const navigated = () => {
    if (location.pathname === path) return
    path = location.pathname
    record('page_view', { page: path })
  }
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args)
      navigated()
      return result
    }
    history[method] = wrapped
    stops.push(() => {
      if (history[method] === wrapped) history[method] = original
    })
  }
  addEventListener('popstate', navigated)
  stops.push(() => removeEventListener('popstate', navigated))
  return () => stops.forEach((stop) => stop())
}
