import { personalData } from '../events/pii'
import type { Context } from '../events/schema'

/**
 * What the page knows about this visit's origin and device: device class, the referring host (not
 * its URL), UTM source/medium/campaign from the address, and the UTC offset for local time.
 */
export function readContext(): Context {
  // `|| 0`: UTC gives -0, which JSON (and so the stored profile) turns into 0.
  const context: Context = { tz: -new Date().getTimezoneOffset() || 0 }
  const coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches
  context.device = !coarse ? 'desktop' : Math.min(screen.width, screen.height) < 600 ? 'mobile' : 'tablet'
  try {
    const referrer = document.referrer && new URL(document.referrer).host
    if (referrer && referrer !== location.host) context.referrer = referrer
  } catch {
    // An unparsable referrer is the same as none.
  }
  const params = new URLSearchParams(location.search)
  for (const name of ['utm_source', 'utm_medium', 'utm_campaign'] as const) {
    const value = params.get(name)?.slice(0, 200)
    if (value && !personalData(value)) context[name] = value
  }
  return context
}
