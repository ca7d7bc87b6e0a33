// Writes model.json: a hand-set linear model over the catalog's categories (see README, "Where the
// model comes from"). Run `node make-model.mjs` (after `pnpm build`) when catalog.json changes.
import { readFileSync, writeFileSync } from 'node:fs'
import { featureSpecHash } from '@tailorjs/core/engine'

const catalog = JSON.parse(readFileSync(new URL('./catalog.json', import.meta.url), 'utf8'))
const categories = catalog.categories.map((category) => category.id)

// Per category: its share of recent product views, of long-term views, and its add-to-cart interest.
const kinds = [
  { suffix: 'views_1d_share', event: 'view_item', halfLifeDays: 1, transform: 'share', weight: 3 },
  { suffix: 'views_60d_share', event: 'view_item', halfLifeDays: 60, transform: 'share', weight: 1.5 },
  { suffix: 'carts_60d', event: 'add_to_cart', halfLifeDays: 60, transform: 'log1p', weight: 1 },
]
const features = categories.flatMap((key) =>
  kinds.map(({ suffix, event, halfLifeDays, transform }) => ({
    name: `${key}_${suffix}`,
    kind: 'interest',
    event,
    dimension: 'category',
    key,
    halfLifeDays,
    transform,
  })),
)
// A target's logit rises only with interest in its own category.
const weights = categories.map((target) => features.map((feature, i) => (feature.key === target ? kinds[i % kinds.length].weight : 0)))

const manifest = {
  format: 'tailor-model@1',
  id: 'storefront-category-propensity',
  version: '1',
  createdAt: '2026-11-26T00:00:00Z',
  features,
  featuresHash: featureSpecHash(features),
  targets: catalog.categories.map(({ id, name }) => ({ id, label: name })),
  model: { type: 'linear', weights, bias: categories.map(() => -2.5) },
}
writeFileSync(new URL('./model.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`)
console.log(`model.json: ${categories.length} targets, ${features.length} features`)
