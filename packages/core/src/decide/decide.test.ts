import { describe, expect, it } from 'vitest'
import type { TailorEvent } from '../events/schema'
import { applyEvents, emptyProfile } from '../profile/profile'
import type { ProfileState } from '../profile/schema'
import { decide, impressionsOf, newPageState, type DecideContext, type SlotOptions } from './decide'
import type { Product } from './schema'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 1, 12)
let n = 0
const event = (type: string, ts: number, extra: Partial<TailorEvent> = {}): TailorEvent => ({ id: `e${++n}`, type, ts, ...extra })

/** A shopper with `views` product views in the last hour, after `history` (e.g. purchases). */
function shopper(views: number, history: TailorEvent[] = []): ProfileState {
  const recent = Array.from({ length: views }, (_, i) => event('view_item', NOW - 3_600_000 + i, { items: [{ item_id: 'seen' }] }))
  return applyEvents(emptyProfile(), [...history, ...recent])
}

const bought = (daysAgo: number, ...ids: string[]) => event('purchase', NOW - daysAgo * DAY, { items: ids.map((item_id) => ({ item_id })) })

const hero: SlotOptions = {
  variants: [
    { id: 'hero-lamps', target: 'lamps' },
    { id: 'hero-rugs', target: 'rugs' },
  ],
  segments: ['sale', 'new-visitor'],
}

const scores = new Map([
  ['lamps', 0.2],
  ['rugs', 0.7],
])

const context = (extra: Partial<DecideContext> = {}): DecideContext => ({
  profile: shopper(3),
  now: NOW,
  scores,
  minEvidence: 3,
  segments: [],
  ...extra,
})

describe('decide: variant slots', () => {
  it('shows the variant with the highest propensity once the evidence reaches the minimum', () => {
    const decision = decide('hero', hero, context())
    expect(decision).toMatchObject({ slot: 'hero', path: 'model', variant: 'hero-rugs', target: 'rugs', score: 0.7 })
    expect(decision.reason).toContain('highest propensity')
    expect(decision.candidates).toEqual([
      { id: 'hero-rugs', score: 0.7 },
      { id: 'hero-lamps', score: 0.2 },
    ])
    expect(decision.holdout).toBeUndefined()
  })

  it('falls back while the evidence is below the minimum (progressive individualization)', () => {
    const decision = decide('hero', hero, context({ profile: shopper(2), segments: ['new-visitor'] }))
    expect(decision).toMatchObject({ path: 'segment', segment: 'new-visitor' })
    expect(decision.reason).toContain('evidence 2 is below the minimum of 3')
  })

  it("falls back to the shopper's first segment the slot has content for, in the shopper's order", () => {
    // The slot lists `sale` first, but the shopper's own order decides.
    const decision = decide('hero', hero, context({ scores: null, segments: ['vip', 'new-visitor', 'sale'] }))
    expect(decision).toMatchObject({ path: 'segment', segment: 'new-visitor' })
    expect(decision.reason).toContain('no model loaded')
    expect(decision.variant).toBeUndefined()
  })

  it('keeps the default content when the slot has none of the shopper segments', () => {
    const decision = decide('hero', hero, context({ scores: null, segments: ['vip'] }))
    expect(decision).toMatchObject({ slot: 'hero', path: 'default', reason: 'no model loaded' })
    expect(decision.segment).toBeUndefined()
  })

  it('sends a holdout shopper down the fallback path whatever the model says', () => {
    const decision = decide('hero', hero, context({ holdout: true, segments: ['sale'] }))
    expect(decision).toMatchObject({ path: 'segment', segment: 'sale', holdout: true })
    expect(decision.reason).toContain('holdout')
    expect(decide('hero', hero, context({ holdout: true }))).toMatchObject({ path: 'default', holdout: true })
  })

  it('ranks by propensity × boost but reports the propensity', () => {
    const decision = decide('hero', hero, context({ merchandising: { boosts: { 'hero-lamps': 5 } } }))
    expect(decision).toMatchObject({ path: 'model', variant: 'hero-lamps', target: 'lamps', score: 0.2 })
    expect(decision.candidates![0]!.score).toBeCloseTo(1, 12) // 0.2 × 5 beats 0.7
  })

  it('skips variants whose target the model lacks, and falls back when none is left', () => {
    const vases = { variants: [{ id: 'hero-vases', target: 'vases' }], segments: [] }
    const decision = decide('hero', vases, context())
    expect(decision).toMatchObject({ path: 'default', reason: 'no variant can be ranked' })
    expect(decision.candidates).toEqual([{ id: 'hero-vases', skipped: 'the model has no target vases' }])
  })

  it('rests a variant seen too often within the frequency cap window', () => {
    const merchandising = { frequencyCap: { max: 2, days: 7 } }
    const capped = decide('hero', hero, context({ merchandising, impressions: new Map([['hero-rugs', [NOW - 3 * DAY, NOW - DAY]]]) }))
    expect(capped).toMatchObject({ path: 'model', variant: 'hero-lamps' })
    expect(capped.candidates).toContainEqual({ id: 'hero-rugs', skipped: 'seen 2 times in 7 days' })
    // An impression older than the window no longer counts.
    const rested = decide('hero', hero, context({ merchandising, impressions: new Map([['hero-rugs', [NOW - 8 * DAY, NOW - DAY]]]) }))
    expect(rested).toMatchObject({ variant: 'hero-rugs' })
  })

  it('never shows an excluded variant', () => {
    const decision = decide('hero', hero, context({ merchandising: { exclude: ['hero-rugs'] } }))
    expect(decision).toMatchObject({ variant: 'hero-lamps' })
    expect(decision.candidates).toContainEqual({ id: 'hero-rugs', skipped: 'excluded' })
  })
})

const catalog: Product[] = [
  { id: 'lamp-1', name: 'Arc lamp', url: '/p/lamp-1', price: 80, category: 'lamps' },
  { id: 'lamp-2', name: 'Desk lamp', url: '/p/lamp-2', price: 40, category: 'lamps' },
  { id: 'rug-1', name: 'Wool rug', url: '/p/rug-1', price: 120, category: 'rugs' },
  { id: 'rug-2', name: 'Jute rug', url: '/p/rug-2', price: 60, category: 'rugs' },
  { id: 'vase-1', name: 'Clay vase', url: '/p/vase-1', price: 25, category: 'vases' },
]

const productScores = new Map([
  ['lamp-1', 0.5],
  ['lamp-2', 0.4],
  ['rug-1', 0.3],
  ['rug-2', 0.2],
  ['vase-1', 0.1],
])

const grid = (products: Partial<NonNullable<SlotOptions['products']>> = {}): SlotOptions => ({ variants: [], segments: ['sale'], products: { count: 4, ...products } })

const shop = (extra: Partial<DecideContext> = {}): DecideContext => context({ scores: null, productScores, catalog, ...extra })

const skips = (candidates: ReadonlyArray<{ id: string; skipped?: string }> = []) =>
  Object.fromEntries(candidates.filter((c) => c.skipped !== undefined).map((c) => [c.id, c.skipped]))

describe('decide: product slots', () => {
  it('shows the top N products by propensity, reporting the first one’s propensity', () => {
    const decision = decide('recs', grid({ count: 3 }), shop({ merchandising: { diversity: false } }))
    expect(decision).toMatchObject({ slot: 'recs', path: 'model', products: ['lamp-1', 'lamp-2', 'rug-1'], score: 0.5 })
    expect(decision.candidates!.map((c) => c.id)).toEqual(['lamp-1', 'lamp-2', 'rug-1', 'rug-2', 'vase-1'])
  })

  it('spreads a slot’s own picks over categories when diversity is on (the default)', () => {
    // lamp-1 0.5; then lamp-2 at half (0.2) loses to rug-1 (0.3); then lamp-2 (0.2) beats rug-2 (0.1) and vase-1 (0.1).
    expect(decide('recs', grid({ count: 3 }), shop()).products).toEqual(['lamp-1', 'rug-1', 'lamp-2'])
  })

  it('ranks by propensity × value × boost by id × boost by category', () => {
    const valued = catalog.map((product) => (product.id === 'rug-2' ? { ...product, value: 3 } : product))
    const decision = decide('recs', grid(), shop({ catalog: valued, merchandising: { boosts: { 'vase-1': 3, rugs: 2 }, diversity: false } }))
    // rug-2: 0.2 × 3 × 2 = 1.2; rug-1: 0.3 × 2 = 0.6; lamp-1 0.5; lamp-2 0.4; vase-1: 0.1 × 3 = 0.3.
    const ranked = decision.candidates!
    expect(ranked.map((c) => c.id)).toEqual(['rug-2', 'rug-1', 'lamp-1', 'lamp-2', 'vase-1'])
    expect(ranked.map((c) => c.score)).toEqual([1.2, 0.6, 0.5, 0.4, 0.3].map((score) => expect.closeTo(score, 12)))
    expect(decision.products).toEqual(['rug-2', 'rug-1', 'lamp-1', 'lamp-2'])
    expect(decision.score).toBe(0.2) // rug-2's propensity, not its rank score
  })

  it('never offers products out of stock, sensitive, excluded or priced outside the slot', () => {
    const flagged = catalog.map((product) =>
      product.id === 'lamp-1' ? { ...product, available: false } : product.id === 'lamp-2' ? { ...product, sensitive: true } : product,
    )
    const decision = decide('recs', grid({ minPrice: 25, maxPrice: 60 }), shop({ catalog: flagged, merchandising: { exclude: ['rug-2'] } }))
    expect(skips(decision.candidates)).toEqual({
      'lamp-1': 'out of stock',
      'lamp-2': 'sensitive',
      'rug-1': 'price outside the slot',
      'rug-2': 'excluded',
    })
    // Bounds are inclusive: vase-1 costs exactly the minimum.
    expect(decision.products).toEqual(['vase-1'])
  })

  it('applies both price bounds', () => {
    expect(decide('recs', grid({ minPrice: 60 }), shop()).products).toEqual(['lamp-1', 'rug-1', 'rug-2'])
    expect(decide('recs', grid({ maxPrice: 40 }), shop()).products).toEqual(['lamp-2', 'vase-1'])
  })

  it('considers only the slot’s category', () => {
    const decision = decide('recs', grid({ category: 'rugs' }), shop())
    expect(decision.products).toEqual(['rug-1', 'rug-2'])
    expect(decision.candidates!.map((c) => c.id)).toEqual(['rug-1', 'rug-2'])
  })

  it('leaves out products bought within the last 30 days by default', () => {
    const profile = shopper(3, [bought(40, 'lamp-1'), bought(29, 'lamp-2', 'rug-1')])
    const decision = decide('recs', grid(), shop({ profile }))
    expect(skips(decision.candidates)).toEqual({ 'lamp-2': 'bought 29 days ago', 'rug-1': 'bought 29 days ago' })
    expect(decision.products).toEqual(['lamp-1', 'rug-2', 'vase-1'])
  })

  it('takes the purchase window from merchandising, and 0 turns it off', () => {
    const profile = shopper(3, [bought(10, 'lamp-1'), bought(0, 'lamp-2')])
    const week = decide('recs', grid(), shop({ profile, merchandising: { purchasedWithinDays: 7 } }))
    expect(skips(week.candidates)).toEqual({ 'lamp-2': 'bought 0 days ago' })
    const off = decide('recs', grid(), shop({ profile, merchandising: { purchasedWithinDays: 0, diversity: false } }))
    expect(off.products).toEqual(['lamp-1', 'lamp-2', 'rug-1', 'rug-2'])
  })

  it('rests a product shown `max` times within the frequency cap window', () => {
    const impressions = new Map([
      ['lamp-1', [NOW - 6 * DAY, NOW - 2 * DAY, NOW - DAY]],
      ['lamp-2', [NOW - 9 * DAY, NOW - 2 * DAY, NOW - DAY]],
    ])
    const decision = decide('recs', grid(), shop({ impressions, merchandising: { frequencyCap: { max: 3, days: 7 } } }))
    expect(skips(decision.candidates)).toEqual({ 'lamp-1': 'seen 3 times in 7 days' })
    expect(decision.products).toEqual(['lamp-2', 'rug-1', 'rug-2', 'vase-1'])
  })

  it('scores each product by its own target, else its category’s, with a targets model', () => {
    const targets = new Map([
      ['lamp-2', 0.9],
      ['lamps', 0.3],
      ['rugs', 0.6],
    ])
    const decision = decide('recs', grid(), shop({ productScores: undefined, scores: targets }))
    expect(decision.candidates).toEqual([
      { id: 'lamp-2', score: 0.9 },
      { id: 'rug-1', score: 0.6 },
      { id: 'rug-2', score: 0.6 },
      { id: 'lamp-1', score: 0.3 },
      { id: 'vase-1', skipped: 'the model does not score it' },
    ])
    expect(decision).toMatchObject({ products: ['lamp-2', 'rug-1', 'rug-2', 'lamp-1'], score: 0.9 })
  })

  it('leaves out products a pooled model gave no score', () => {
    const pooled = new Map([
      ['rug-2', 0.8],
      ['vase-1', 0.6],
    ])
    const decision = decide('recs', grid(), shop({ productScores: pooled }))
    expect(decision.products).toEqual(['rug-2', 'vase-1'])
    expect(skips(decision.candidates)).toEqual({
      'lamp-1': 'the model does not score it',
      'lamp-2': 'the model does not score it',
      'rug-1': 'the model does not score it',
    })
  })

  it('puts eligible pins first, in pin order, within the count', () => {
    const flagged = catalog.map((product) => (product.id === 'rug-1' ? { ...product, available: false } : product))
    const decision = decide('recs', grid({ count: 3, pin: ['vase-1', 'rug-1', 'rug-2'] }), shop({ catalog: flagged }))
    // rug-1 is out of stock: a pin never overrides eligibility.
    expect(decision.products).toEqual(['vase-1', 'rug-2', 'lamp-1'])
  })

  it('shows a product pinned twice once', () => {
    // data-tailor-pin="vase-1 vase-1" reaches decide as is (readSlot keeps every id).
    const pinned = decide('recs', grid({ count: 3, pin: ['vase-1', 'vase-1'] }), shop({ merchandising: { diversity: false } }))
    expect(pinned.products).toEqual(['vase-1', 'lamp-1', 'lamp-2'])
  })

  it('falls back, listing why, when no product is eligible', () => {
    const decision = decide('recs', grid({ category: 'lamps' }), shop({ merchandising: { exclude: ['lamp-1', 'lamp-2'] }, segments: ['sale'] }))
    expect(decision).toMatchObject({ path: 'segment', segment: 'sale' })
    expect(decision.reason).toContain('no eligible product can be ranked')
    expect(decision.products).toBeUndefined()
    expect(decision.candidates).toEqual([
      { id: 'lamp-1', skipped: 'excluded' },
      { id: 'lamp-2', skipped: 'excluded' },
    ])
  })

  it('follows the same fallback chain as variant slots', () => {
    expect(decide('recs', grid(), shop({ productScores: null }))).toMatchObject({ path: 'default', reason: 'no model loaded' })
    expect(decide('recs', grid(), shop({ holdout: true, segments: ['sale'] }))).toMatchObject({ path: 'segment', holdout: true })
    expect(decide('recs', grid(), shop({ minEvidence: 4 })).path).toBe('default')
  })
})

describe('decide: diversity across the slots of a page', () => {
  const shelf: Product[] = [
    { id: 'lamp-1', name: 'Arc lamp', url: '/p/lamp-1', category: 'lamps' },
    { id: 'lamp-2', name: 'Desk lamp', url: '/p/lamp-2', category: 'lamps' },
    { id: 'lamp-3', name: 'Floor lamp', url: '/p/lamp-3', category: 'lamps' },
    { id: 'rug-1', name: 'Wool rug', url: '/p/rug-1', category: 'rugs' },
    { id: 'rug-2', name: 'Jute rug', url: '/p/rug-2', category: 'rugs' },
    { id: 'vase-1', name: 'Clay vase', url: '/p/vase-1', category: 'vases' },
    { id: 'vase-2', name: 'Glass vase', url: '/p/vase-2', category: 'vases' },
  ]
  const shelfScores = new Map([
    ['lamp-1', 0.9],
    ['lamp-2', 0.8],
    ['lamp-3', 0.75],
    ['rug-1', 0.7],
    ['rug-2', 0.6],
    ['vase-1', 0.5],
    ['vase-2', 0.4],
  ])
  const page3 = (count: number, merchandising = {}) => {
    const page = newPageState()
    const ctx = shop({ catalog: shelf, productScores: shelfScores, merchandising })
    return ['top', 'middle', 'bottom'].map((slot) => decide(slot, grid({ count }), ctx, page))
  }

  it('never shows the same product twice across the slots', () => {
    const shown = page3(2).map((decision) => decision.products!)
    // Top: lamp-1 (0.9), then rug-1 (0.7) over lamp-2 at half (0.4). Middle, lamps and rugs at
    // half: vase-1 (0.5), then lamp-2 (0.4) over vase-2 now at half (0.2). Bottom, lamps at a
    // quarter, rugs and vases at half: rug-2 (0.3), then vase-2 (0.2) over lamp-3 (0.1875).
    expect(shown).toEqual([
      ['lamp-1', 'rug-1'],
      ['vase-1', 'lamp-2'],
      ['rug-2', 'vase-2'],
    ])
    expect(new Set(shown.flat()).size).toBe(6)
  })

  it('ranks a category already shown at half its score', () => {
    const [top, middle, bottom] = page3(1)
    expect(top!.products).toEqual(['lamp-1'])
    const middleScores = Object.fromEntries(middle!.candidates!.map((c) => [c.id, c.score ?? c.skipped]))
    expect(middleScores).toEqual({ 'lamp-1': 'shown in another slot', 'lamp-2': 0.4, 'lamp-3': 0.375, 'rug-1': 0.7, 'rug-2': 0.6, 'vase-1': 0.5, 'vase-2': 0.4 })
    expect(middle!.products).toEqual(['rug-1'])
    // Lamps and rugs are both at half now: vase-1 (0.5) beats lamp-2 (0.4) and rug-2 (0.3).
    expect(bottom!.candidates!.find((c) => c.id === 'rug-2')!.score).toBe(0.3)
    expect(bottom!.products).toEqual(['vase-1'])
  })

  it('allows repeats when diversity is off', () => {
    expect(page3(1, { diversity: false }).map((decision) => decision.products)).toEqual([['lamp-1'], ['lamp-1'], ['lamp-1']])
  })
})

describe('impressionsOf', () => {
  it('collects impression times per variant and per product from slot_impression events only', () => {
    const log = [
      event('slot_impression', NOW - 3 * DAY, { slot: 'hero', variant: 'hero-rugs' }),
      event('view_item', NOW - 2 * DAY, { items: [{ item_id: 'lamp-1' }] }),
      event('slot_impression', NOW - DAY, { slot: 'recs', items: [{ item_id: 'lamp-1' }, { item_id: 'rug-1' }] }),
      event('slot_impression', NOW, { slot: 'hero', variant: 'hero-rugs' }),
    ]
    expect(impressionsOf(log)).toEqual(
      new Map([
        ['hero-rugs', [NOW - 3 * DAY, NOW]],
        ['lamp-1', [NOW - DAY]],
        ['rug-1', [NOW - DAY]],
      ]),
    )
  })

  it('feeds the frequency cap from a profile’s own log', () => {
    const seen = (daysAgo: number) => event('slot_impression', NOW - daysAgo * DAY, { slot: 'hero', variant: 'hero-rugs' })
    const profile = shopper(3, [seen(2), seen(1)])
    const decision = decide('hero', hero, context({ profile, impressions: impressionsOf(profile.log), merchandising: { frequencyCap: { max: 2, days: 7 } } }))
    expect(decision).toMatchObject({ path: 'model', variant: 'hero-lamps' })
  })
})
