// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { readProducts } from './products'

const jsonLd = (value: unknown) => `<script type="application/ld+json">${typeof value === 'string' ? value : JSON.stringify(value)}</script>`

beforeEach(() => {
  document.head.innerHTML = ''
  document.body.innerHTML = ''
})

describe('readProducts', () => {
  it('reads a schema.org Product with a brand object and a string price', () => {
    document.head.innerHTML = jsonLd({
      '@context': 'https://schema.org',
      '@type': 'Product',
      sku: 'LGT-001',
      name: 'Brass lantern',
      category: 'lighting',
      brand: { '@type': 'Brand', name: 'Hearth' },
      offers: { '@type': 'Offer', price: '12.50', priceCurrency: 'GBP' },
    })
    expect(readProducts(document)).toEqual([
      { item_id: 'LGT-001', item_name: 'Brass lantern', item_category: 'lighting', item_brand: 'Hearth', price: 12.5 },
    ])
  })

  it('finds products in arrays, @graph, AggregateOffer and multi-typed nodes', () => {
    document.head.innerHTML =
      jsonLd([{ '@type': 'WebPage' }, { '@type': 'Product', productID: 'A', offers: [{ price: 3 }] }]) +
      jsonLd({ '@graph': [{ '@type': ['Product', 'IndividualProduct'], '@id': 'B', offers: { '@type': 'AggregateOffer', lowPrice: 7 } }] })
    expect(readProducts(document)).toEqual([
      { item_id: 'A', price: 3 },
      { item_id: 'B', price: 7 },
    ])
  })

  it('reads data-tailor-item elements and keeps one entry per id', () => {
    document.body.innerHTML = `
      <div data-tailor-item="TOY-1" data-tailor-name="Top" data-tailor-category="toys" data-tailor-brand="Acme" data-tailor-price="4.5"></div>
      <div data-tailor-item="TOY-1" data-tailor-category="other"></div>`
    document.head.innerHTML = jsonLd({ '@type': 'Product', sku: 'TOY-1', category: 'ignored' })
    expect(readProducts(document)).toEqual([
      { item_id: 'TOY-1', item_name: 'Top', item_category: 'toys', item_brand: 'Acme', price: 4.5 },
    ])
  })

  it('skips broken JSON-LD, products without an id and nonsense prices', () => {
    document.head.innerHTML =
      jsonLd('{"@type": "Product", "sku": ') +
      jsonLd({ '@type': 'Product', name: 'No id' }) +
      jsonLd({ '@type': 'Product', sku: 'C', offers: { price: 'call us' } })
    expect(readProducts(document)).toEqual([{ item_id: 'C' }])
  })
})
