import { describe, expect, it } from 'vitest'
import fixture from '../../test/fixtures/manifest.json'
import type { EventData } from '../events/schema'
import { featureSpecHash } from '../features/hash'
import type { Feature } from '../features/schema'
import { parseManifest } from '../model/manifest'
import type { Manifest } from '../model/schema'
import { SENSITIVE_CATEGORIES, sensitiveInModel, sensitiveTerm, withoutSensitive } from './sensitive'

const term = sensitiveTerm(SENSITIVE_CATEGORIES)

describe('sensitiveTerm', () => {
  it('finds a listed category named as whole words, in any case', () => {
    expect(term('Health & Beauty')).toBe('health')
    expect(term('baby/strollers')).toBe('baby')
    expect(term('Home > Pharmacy > Vitamins')).toBe('pharmacy')
    expect(term('HEALTH')).toBe('health')
    expect(term('Financial Hardship Help')).toBe('financial-hardship')
    expect(term('weight_loss')).toBe('weight-loss')
  })

  it('does not match a term inside another word', () => {
    expect(term('babyshower')).toBeUndefined()
    expect(term('Healthy Snacks')).toBeUndefined()
    expect(term('Debtors Prison (board game)')).toBeUndefined()
    expect(term('Financial planning')).toBeUndefined() // only part of `financial-hardship`
  })

  it('finds nothing in ordinary categories, or in no text at all', () => {
    expect(term('Lighting > Lamps')).toBeUndefined()
    expect(term('')).toBeUndefined()
    expect(term(undefined)).toBeUndefined()
  })

  it('matches a site’s own list, not the default one', () => {
    const garden = sensitiveTerm(['garden', 'Home Office'])
    expect(garden('Garden & Patio')).toBe('garden')
    expect(garden('home-office chairs')).toBe('Home Office')
    expect(garden('Health & Beauty')).toBeUndefined()
  })

  it('ignores a listed term with no letters or digits, which would otherwise match everything', () => {
    expect(sensitiveTerm(['', ' & '])('Lamps')).toBeUndefined()
  })

  it('lists the categories the docs promise by default', () => {
    for (const category of ['health', 'pregnancy', 'baby', 'religion', 'sexuality', 'adult', 'financial-hardship']) expect(SENSITIVE_CATEGORIES).toContain(category)
  })
})

describe('withoutSensitive', () => {
  const lamp = { item_id: 'LMP-1', item_category: 'Lighting > Lamps', price: 30, quantity: 2 }
  const vitamins = { item_id: 'VIT-1', item_category: 'Health & Beauty', price: 12 }

  it('drops the items of a sensitive category and recomputes a purchase’s value from the items kept', () => {
    const purchase: EventData = { items: [lamp, vitamins], value: 72, currency: 'EUR' }
    expect(withoutSensitive(purchase, term)).toEqual({ items: [lamp], value: 60, currency: 'EUR' })
  })

  it('leaves the value alone when no item was dropped', () => {
    // A value with shipping and tax stays as reported when nothing was left out.
    const purchase: EventData = { items: [lamp], value: 65.9, currency: 'EUR' }
    expect(withoutSensitive(purchase, term)).toEqual(purchase)
  })

  it('does not record an event of nothing but sensitive items', () => {
    expect(withoutSensitive({ items: [vitamins] }, term)).toBeUndefined()
    expect(withoutSensitive({ items: [vitamins, { item_id: 'B1', item_category: 'Baby > Strollers' }], value: 300 }, term)).toBeUndefined()
  })

  it('drops the items the caller names sensitive (a catalog’s flagged products)', () => {
    const flagged = (item: { item_id: string }) => item.item_id === 'LMP-1'
    expect(withoutSensitive({ items: [lamp, { item_id: 'RUG-1', price: 5 }], value: 65 }, term, flagged)).toEqual({ items: [{ item_id: 'RUG-1', price: 5 }], value: 5 })
    expect(withoutSensitive({ items: [lamp] }, term, flagged)).toBeUndefined()
  })

  it('drops a page, search term, referrer or campaign that names a sensitive category, keeping the rest', () => {
    const data: EventData = {
      page: '/c/pregnancy-tests',
      search_term: 'fertility vitamins',
      context: { device: 'mobile', referrer: 'www.google.com', utm_source: 'gambling-news', utm_medium: 'cpc', utm_campaign: 'debt relief spring', tz: 60 },
    }
    expect(withoutSensitive(data, term)).toEqual({ context: { device: 'mobile', referrer: 'www.google.com', utm_medium: 'cpc', tz: 60 } })
    expect(withoutSensitive({ context: { referrer: 'www.religion-today.example' } }, term)).toEqual({ context: {} })
  })

  it('drops traits whose name or value names a sensitive category', () => {
    const data: EventData = { traits: { loyalty_tier: 'gold', weight_loss_goal: 5, interest: 'Mental Health', newsletter: true } }
    expect(withoutSensitive(data, term)).toEqual({ traits: { loyalty_tier: 'gold', newsletter: true } })
  })

  it('returns an ordinary event unchanged, without changing what it was given', () => {
    const data: EventData = {
      items: [lamp],
      value: 60,
      page: '/lamps',
      search_term: 'brass lamp',
      context: { referrer: 'www.google.com', utm_campaign: 'spring' },
      traits: { loyalty_tier: 'gold' },
    }
    const copy = structuredClone(data)
    expect(withoutSensitive(data, term)).toEqual(copy)
    const purchase: EventData = { items: [lamp, vitamins], value: 72, page: '/c/health', context: { utm_source: 'health-mag' }, traits: { health: 'yes' } }
    const before = structuredClone(purchase)
    withoutSensitive(purchase, term)
    expect(purchase).toEqual(before)
    expect(data).toEqual(copy)
  })
})

describe('sensitiveInModel', () => {
  const published = parseManifest(fixture)
  /** The fixture with other features, as a trainer would publish it (with their hash). */
  const withFeatures = (features: Feature[]): Manifest =>
    parseManifest({ ...fixture, features, featuresHash: featureSpecHash(features), model: { type: 'linear', weights: [features.map(() => 0), features.map(() => 0)], bias: [0, 0] } })

  it('finds nothing in a model of ordinary categories', () => {
    expect(sensitiveInModel(published, term)).toBeUndefined()
  })

  it('names a target whose id, label or metadata is a sensitive category', () => {
    const targets = (target: Manifest['targets'][number]) => parseManifest({ ...fixture, targets: [fixture.targets[0], target] })
    expect(sensitiveInModel(targets({ id: 'health' }), term)).toBe('target health: health')
    expect(sensitiveInModel(targets({ id: 't2', label: 'Baby & Kids' }), term)).toBe('target t2: baby')
    expect(sensitiveInModel(targets({ id: 't2', label: 'Rugs', metadata: { department: 'Pharmacy' } }), term)).toBe('target t2: pharmacy')
  })

  it('names a feature whose name or key is a sensitive category', () => {
    const [lamps, rugs, purchases] = published.features
    expect(sensitiveInModel(withFeatures([lamps!, { ...(rugs as Extract<Feature, { kind: 'interest' }>), key: 'Health & Beauty' }, purchases!]), term)).toBe('feature rugs_short: health')
    expect(sensitiveInModel(withFeatures([lamps!, { name: 'gambling_orders', kind: 'count', event: 'purchase' }]), term)).toBe('feature gambling_orders: gambling')
    expect(sensitiveInModel(withFeatures([lamps!, { name: 'goal', kind: 'trait', key: 'weight_loss' }]), term)).toBe('feature goal: weight-loss')
  })

  it('reads the site’s own list', () => {
    const lampsSensitive = sensitiveTerm(['lamps'])
    expect(sensitiveInModel(published, lampsSensitive)).toBe('feature lamps_short: lamps')
  })
})
