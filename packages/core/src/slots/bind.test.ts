// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import type { Product } from '../decide/schema'
import { bindProduct, safeUrl } from './bind'

// happy-dom's page is http://localhost:3000/, which relative URLs resolve against.
describe('safeUrl', () => {
  it('returns http(s), relative and protocol-relative URLs as absolute ones', () => {
    expect(safeUrl('https://shop.example/p/1?ref=tailor#top')).toBe('https://shop.example/p/1?ref=tailor#top')
    expect(safeUrl('http://shop.example/p/1')).toBe('http://shop.example/p/1')
    expect(safeUrl('/p/lamp-1')).toBe('http://localhost:3000/p/lamp-1')
    expect(safeUrl('images/lamp.jpg')).toBe('http://localhost:3000/images/lamp.jpg')
    expect(safeUrl('//cdn.example/lamp.jpg')).toBe('http://cdn.example/lamp.jpg')
  })

  it('rejects script and data URLs however they are disguised', () => {
    const unsafe = [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      '\t\n javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'blob:http://localhost:3000/0b5b1a2c-0000-4000-8000-000000000000',
      'file:///etc/passwd',
      'http://[broken',
    ]
    expect(unsafe.map(safeUrl)).toEqual(unsafe.map(() => undefined))
  })

  it('rejects anything but a string', () => {
    expect([undefined, null, 42, {}, ['/p/1'], { toString: () => '/p/1' }].map(safeUrl)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
  })
})

/** A template from markup, as a merchant writes it. */
function template(html: string): HTMLTemplateElement {
  const element = document.createElement('template')
  element.innerHTML = html
  return element
}

const lamp: Product = { id: 'lamp-1', name: 'Arc lamp', url: '/p/lamp-1', image: 'https://cdn.example/lamp-1.jpg', price: 1234.5, currency: 'USD', category: 'lamps' }

const CARD = `
  <a class="card" href="#" data-tailor-bind-href="url" data-tailor-bind-title="name">
    <img src="/placeholder.png" alt="" data-tailor-bind-src="image" data-tailor-bind-alt="name">
    <span class="name" data-tailor-bind="name">Name</span>
    <span class="price" data-tailor-bind="price">Price</span>
  </a>`

/** A bound card, attached to the page as renderSlot would. */
function bind(product: Product, html = CARD): HTMLElement {
  const host = document.createElement('div')
  host.append(bindProduct(template(html), product))
  document.body.append(host)
  return host
}

/** Every attribute of every element, to prove nothing else appeared. */
const attributesOf = (root: Element) => [...root.querySelectorAll('*')].map((element) => element.getAttributeNames().sort())

beforeEach(() => {
  document.body.innerHTML = ''
  document.documentElement.lang = 'en-US'
})

describe('bindProduct', () => {
  it('binds text, checked URLs and attributes, and marks the card with the product id', () => {
    const card = bind(lamp).querySelector<HTMLElement>('.card')!
    expect(card.getAttribute('href')).toBe('http://localhost:3000/p/lamp-1')
    expect(card.getAttribute('title')).toBe('Arc lamp')
    expect(card.dataset.tailorProductId).toBe('lamp-1')
    expect(card.querySelector('img')!.getAttribute('src')).toBe('https://cdn.example/lamp-1.jpg')
    expect(card.querySelector('img')!.getAttribute('alt')).toBe('Arc lamp')
    expect(card.querySelector('.name')!.textContent).toBe('Arc lamp')
  })

  it('formats the price in its currency, in the page language', () => {
    expect(bind(lamp).querySelector('.price')!.textContent).toBe('$1,234.50')
    document.documentElement.lang = 'de-DE'
    expect(bind({ ...lamp, currency: 'EUR' }).querySelector('.price')!.textContent).toBe('1.234,50\u00a0€')
  })

  it('formats prices without Intl: whole-unit currencies, unknown symbols, and the shop’s own text', () => {
    document.documentElement.lang = 'en-GB'
    expect(bind({ ...lamp, currency: 'JPY', price: 1234567.5 }).querySelector('.price')!.textContent).toBe('¥1,234,568')
    expect(bind({ ...lamp, currency: 'CHF', price: 12 }).querySelector('.price')!.textContent).toBe('CHF\u00a012.00')
    document.documentElement.lang = 'fr'
    expect(bind({ ...lamp, currency: 'CHF', price: 12 }).querySelector('.price')!.textContent).toBe('12,00\u00a0CHF')
    expect(bind({ ...lamp, priceText: '1 234,50 $ US' }).querySelector('.price')!.textContent).toBe('1 234,50 $ US')
  })

  it('formats the price when the page language is not a valid tag (lang="en_US" is common)', () => {
    document.documentElement.lang = 'en_US'
    const price = () => bind(lamp).querySelector('.price')!.textContent
    expect(price).not.toThrow()
    expect(price()).toMatch(/1.?234.50/)
  })

  it('shows a price without a currency as a plain number, and a missing field as empty text', () => {
    const plain: Product = { id: 'rug-1', name: 'Wool rug', url: '/p/rug-1', price: 1234.5 }
    expect(bind(plain).querySelector('.price')!.textContent).toBe('1234.5')
    const unpriced: Product = { id: 'rug-2', name: 'Jute rug', url: '/p/rug-2', currency: 'USD' }
    const host = bind(unpriced)
    expect(host.querySelector('.price')!.textContent).toBe('')
    expect(host.querySelector('img')!.hasAttribute('src')).toBe(false) // no image: the placeholder goes too
  })

  it('binds a name holding markup as literal text', () => {
    const name = '<img src=x onerror=alert(1)><b>bold</b>'
    const host = bind({ ...lamp, name })
    expect(host.querySelector('.name')!.textContent).toBe(name)
    expect(host.querySelectorAll('img')).toHaveLength(1) // the template's own
    expect(host.querySelector('b')).toBeNull()
  })

  it('keeps attribute-breakout strings inside one attribute value', () => {
    const name = '" onmouseover="alert(1)" x="'
    const host = bind({ ...lamp, name })
    const before = attributesOf(bind(lamp))
    expect(host.querySelector('.card')!.getAttribute('title')).toBe(name)
    expect(host.querySelector('img')!.getAttribute('alt')).toBe(name)
    expect(attributesOf(host)).toEqual(before)
    expect(host.querySelector('[onmouseover]')).toBeNull()
  })

  it('drops href and src when the URL is unsafe', () => {
    const host = bind({ ...lamp, url: ' javascript:alert(1)', image: 'data:image/svg+xml,<svg onload=alert(1)>' })
    expect(host.querySelector('.card')!.hasAttribute('href')).toBe(false)
    expect(host.querySelector('img')!.hasAttribute('src')).toBe(false)
    expect(host.querySelector('.card')!.getAttribute('title')).toBe('Arc lamp')
  })

  it('binds only the listed attributes: an unknown bind attribute sets nothing', () => {
    const host = bind(lamp, '<button data-tailor-bind-onclick="name" data-tailor-bind-style="name" data-tailor-bind-srcdoc="url">Buy</button>')
    const button = host.querySelector('button')!
    expect(button.getAttributeNames().sort()).toEqual(['data-tailor-bind-onclick', 'data-tailor-bind-srcdoc', 'data-tailor-bind-style', 'data-tailor-product-id'])
    expect(button.textContent).toBe('Buy')
  })

  it('marks every top-level element of the card, and only those', () => {
    const host = bind(lamp, '<h3 data-tailor-bind="name"></h3><p><a data-tailor-bind-href="url">View</a></p>')
    expect([...host.children].map((child) => child.getAttribute('data-tailor-product-id'))).toEqual(['lamp-1', 'lamp-1'])
    expect(host.querySelector('a')!.hasAttribute('data-tailor-product-id')).toBe(false)
  })

  it('leaves the template untouched for the next card', () => {
    const card = template(CARD)
    bindProduct(card, lamp)
    expect(card.innerHTML).toBe(template(CARD).innerHTML)
  })
})
