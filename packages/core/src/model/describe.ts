import type { Feature } from '../features/schema'

const EVENTS: Record<string, string> = { view_item: 'views', add_to_cart: 'add-to-carts', purchase: 'purchases', page_view: 'page views', search: 'searches' }
const eventWords = (event: string) => EVENTS[event] ?? `${event} events`
const dimensionWords = (dimension: string) => dimension.replace('_', ' ')

/** A model input in plain words, for explanations: "views of category lighting (7-day half-life)". */
export function describeFeature(feature: Feature): string {
  switch (feature.kind) {
    case 'interest':
      return `${feature.transform === 'share' ? 'share of ' : ''}${eventWords(feature.event)} of ${dimensionWords(feature.dimension)} ${feature.key} (${feature.halfLifeDays}-day half-life)`
    case 'candidate':
      return `${eventWords(feature.event)} of this product's ${dimensionWords(feature.dimension)} (${feature.halfLifeDays}-day half-life)`
    case 'history':
      return `${feature.measure === 'count' ? 'all-time' : 'days since the last of the'} ${eventWords(feature.event)} of ${dimensionWords(feature.dimension)} ${feature.key}`
    case 'candidate_history':
      return `${feature.measure === 'count' ? 'all-time' : 'days since the last of the'} ${eventWords(feature.event)} of this product's ${dimensionWords(feature.dimension)}`
    case 'candidate_prior':
      return "this product's prior (e.g. popularity)"
    case 'count':
      return `all-time ${eventWords(feature.event)}`
    case 'rfm':
      return feature.measure === 'recency_days' ? 'days since the last order' : feature.measure === 'orders' ? 'number of orders' : 'total spent'
    case 'lifecycle':
      return `lifecycle stage is ${feature.stage}`
    case 'context':
      return `${feature.field} is ${feature.value}`
    case 'time':
      return `local ${feature.field === 'hour' ? 'hour of the day' : 'day of the week'}`
    case 'sessions':
      return 'number of visits'
    case 'trait':
      return `declared ${feature.key}${feature.value === undefined ? '' : ` is ${String(feature.value)}`}`
    case 'shift':
      return `recent change of interest in ${dimensionWords(feature.dimension)}`
  }
}
