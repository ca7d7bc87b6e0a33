// @vitest-environment happy-dom
// @vitest-environment-options { "url": "http://127.0.0.1/", "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Tailor } from '../create-tailor'
import { createTailor } from '../index'
import { download, showPrivacy } from './privacy'

const HOME = `
  <button id="privacy">Privacy</button>
  <section data-tailor-slot="hero">
    <h1>Default</h1>
    <template data-tailor-segment="new-visitor"><h1>Welcome</h1></template>
  </section>`

let tailor: Tailor
const started: Tailor[] = []

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory()) // a new shopper: empty storage
  localStorage.clear()
})
afterEach(async () => {
  await Promise.all(started.splice(0).map((instance) => instance.destroy()))
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

/** A shopper on the home page who viewed these categories, then opened the privacy view from the page's button. */
async function openPrivacy(...categories: string[]): Promise<HTMLDialogElement> {
  document.body.innerHTML = HOME
  tailor = createTailor({ storage: 'indexeddb' })
  started.push(tailor)
  await tailor.start()
  categories.forEach((category, i) => tailor.track('view_item', { items: [{ item_id: `P${i}`, item_category: category, price: 20 }] }))
  await tailor.flush()
  document.getElementById('privacy')!.focus()
  await showPrivacy(tailor)
  return document.getElementById('tailor-privacy') as HTMLDialogElement
}

const pressEscape = () => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
const button = (dialog: HTMLElement, text: string) => [...dialog.querySelectorAll('button')].find((b) => b.textContent === text)!

describe('showPrivacy', () => {
  it('is a labelled dialog that lists what was learned and explains each slot', async () => {
    const dialog = await openPrivacy('lighting', 'lighting', 'rugs')
    expect(dialog.open).toBe(true)
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('What this shop has learned on this device')
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent).toMatch(/kept only in this browser/)
    const items = [...dialog.querySelectorAll('li')].map((li) => li.textContent)
    expect(items).toContain('lighting (viewed twice)')
    expect(items.indexOf('lighting (viewed twice)')).toBeLessThan(items.indexOf('rugs (viewed once)'))
    expect(items).toContain('hero: Shown to shoppers in the group "new-visitor".')
  })

  it('shows a category name as text, never as markup', async () => {
    const dialog = await openPrivacy('<img src=x onerror=alert(1)>')
    expect(dialog.textContent).toContain('<img src=x onerror=alert(1)> (viewed once)')
    expect(document.querySelector('img')).toBeNull()
  })

  it('takes focus, closes on Escape or Close and gives focus back to what opened it', async () => {
    let dialog = await openPrivacy('lighting')
    expect(document.activeElement).toBe(button(dialog, 'Download my data'))
    pressEscape()
    expect(document.getElementById('tailor-privacy')).toBeNull()
    expect(document.activeElement).toBe(document.getElementById('privacy'))

    await showPrivacy(tailor)
    dialog = document.getElementById('tailor-privacy') as HTMLDialogElement
    button(dialog, 'Close').click()
    expect(document.getElementById('tailor-privacy')).toBeNull()
    expect(document.activeElement).toBe(document.getElementById('privacy'))
  })

  it('opens one dialog when called while open', async () => {
    const dialog = await openPrivacy('lighting')
    document.getElementById('privacy')!.focus()
    await Promise.all([showPrivacy(tailor), showPrivacy(tailor)])
    expect(document.querySelectorAll('dialog')).toHaveLength(1)
    expect(document.activeElement).toBe(button(dialog, 'Download my data'))
  })

  it('opens with the open attribute where dialogs cannot be modal, and Escape still closes it', async () => {
    const showModal = Object.getOwnPropertyDescriptor(HTMLDialogElement.prototype, 'showModal')!
    Object.defineProperty(HTMLDialogElement.prototype, 'showModal', { value: undefined, configurable: true })
    try {
      const dialog = await openPrivacy('lighting')
      expect(dialog.open).toBe(true)
      expect(document.activeElement).toBe(button(dialog, 'Download my data'))
      pressEscape()
      expect(dialog.isConnected).toBe(false)
      expect(document.activeElement).toBe(document.getElementById('privacy'))
    } finally {
      Object.defineProperty(HTMLDialogElement.prototype, 'showModal', showModal)
    }
  })

  it('deletes what was learned and says so', async () => {
    const dialog = await openPrivacy('lighting')
    expect((await tailor.exportProfile()).records.kv).toHaveProperty('profile')
    button(dialog, 'Delete what this shop learned').click()
    const status = dialog.querySelector('[role="status"]')!
    await vi.waitFor(() => expect(status.textContent).toBe('Deleted. Nothing about you is kept on this device now.'))
    expect(status.getAttribute('aria-live')).toBe('polite')
    expect(dialog.textContent).not.toContain('lighting (viewed once)')
    expect((await tailor.exportProfile()).records.kv).not.toHaveProperty('profile')
  })
})

describe('download', () => {
  it('saves JSON through a download link to a blob URL, revoked afterwards', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL')
    let link: HTMLAnchorElement | undefined
    // Recorded instead of followed: happy-dom would navigate.
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      link = this
    })
    download({ profile: { sessions: 1 } }, 'tailor-profile.json')
    expect(link!.getAttribute('download')).toBe('tailor-profile.json')
    expect(link!.href).toMatch(/^blob:/)
    expect(link!.isConnected).toBe(false)
    await vi.waitFor(() => expect(revoke).toHaveBeenCalledWith(link!.href))
  })
})
