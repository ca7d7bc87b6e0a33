import type { Context } from '../events/schema'

/** Where a session came from. */
export const CHANNELS = ['direct', 'organic', 'paid', 'social', 'email', 'referral'] as const
export type Channel = (typeof CHANNELS)[number]

const SEARCH = /(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|qwant|startpage)\./
const SOCIAL = /(^|\.)(facebook|instagram|t\.co|twitter|x\.com|linkedin|pinterest|tiktok|reddit|youtube)/
const PAID = /^(cpc|ppc|paid|paidsearch|display|cpm|affiliate)/

/**
 * The channel of a session from its UTM medium, else its referring host: UTM medium first
 * (`cpc`… → paid, `email`, `social`), then known search engines (organic) and social networks,
 * then any other referrer (referral); no referrer is direct.
 */
export function channelOf(context: Context): Channel {
  const medium = context.utm_medium?.toLowerCase()
  if (medium) {
    if (PAID.test(medium)) return 'paid'
    if (medium.includes('mail')) return 'email'
    if (medium.includes('social')) return 'social'
    if (medium === 'organic') return 'organic'
  }
  const host = context.referrer?.toLowerCase()
  if (!host) return context.utm_source ? 'referral' : 'direct'
  if (SEARCH.test(host)) return 'organic'
  if (SOCIAL.test(host)) return 'social'
  return 'referral'
}
