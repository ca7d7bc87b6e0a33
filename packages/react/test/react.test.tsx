// @vitest-environment happy-dom
// @vitest-environment-options { "url": "http://127.0.0.1/" }
import 'fake-indexeddb/auto'
import { createTailor, type Tailor } from '@tailorjs/core'
import { act, render, screen } from '@testing-library/react'
import { IDBFactory } from 'fake-indexeddb'
import { StrictMode, version } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { Slot, TailorProvider, useProfile, useSlot, useTailor, useTrack } from '../src/index'

let errors: MockInstance<typeof console.error>

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory()) // a new shopper
  localStorage.clear()
  errors = vi.spyOn(console, 'error')
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function Hero() {
  return (
    <Slot name="hero" variants={[{ id: 'hero-lamps', target: 'lamps' }]} segments={['new-visitor']} fallback={<h1>Gifts for every home</h1>}>
      {(decision) => (decision.path === 'model' ? <h1>Lamps for you</h1> : decision.segment === 'new-visitor' ? <h1>Welcome</h1> : undefined)}
    </Slot>
  )
}

/** Lets start(), the storage chunk and the capture chunk settle, inside act(). */
const settle = (tailor: Tailor) => act(async () => {
  await tailor.start()
  await tailor.flush()
})

describe(`@tailorjs/react on React ${version}`, () => {
  it('shows the fallback until the slot is decided, then the decided content, with the attributes Tailor reads', async () => {
    const tailor = createTailor()
    render(
      <TailorProvider tailor={tailor}>
        <Hero />
      </TailorProvider>,
    )
    await settle(tailor)
    const slot = screen.getByRole('heading').parentElement!
    expect(screen.getByRole('heading').textContent).toBe('Welcome')
    expect(slot.dataset).toMatchObject({ tailorSlot: 'hero', tailorState: 'final', tailorPath: 'segment', tailorContent: 'new-visitor' })
    expect(slot.hasAttribute('data-tailor-managed')).toBe(true)
    await tailor.destroy()
  })

  it('renders the fallback on the server, hydrates it without a warning, then individualizes', async () => {
    const app = (tailor: Tailor) => (
      <TailorProvider tailor={tailor}>
        <Hero />
      </TailorProvider>
    )
    // As on a server: no document while rendering to a string.
    const html = (() => {
      const page = document
      vi.stubGlobal('document', undefined)
      try {
        return renderToString(app(createTailor()))
      } finally {
        vi.stubGlobal('document', page)
      }
    })()
    expect(html).toContain('<h1>Gifts for every home</h1>')
    expect(html).not.toContain('data-tailor-state')
    const container = document.createElement('main')
    container.innerHTML = html
    document.body.replaceChildren(container)
    const tailor = createTailor()
    await act(async () => {
      hydrateRoot(container, app(tailor))
    })
    await settle(tailor)
    expect(container.querySelector('h1')!.textContent).toBe('Welcome')
    expect(errors).not.toHaveBeenCalled()
    await tailor.destroy()
  })

  it('counts one impression under StrictMode, which mounts every component twice', async () => {
    vi.stubGlobal('IntersectionObserver', undefined) // no viewability here: a rendered slot counts at once
    const tailor = createTailor()
    render(
      <StrictMode>
        <TailorProvider tailor={tailor}>
          <Hero />
        </TailorProvider>
      </StrictMode>,
    )
    await settle(tailor)
    await act(() => tailor.flush())
    const impressions = tailor.getProfile().log.filter((event) => event.type === 'slot_impression')
    expect(impressions).toEqual([expect.objectContaining({ slot: 'hero', path: 'segment', variant: 'new-visitor' })])
    await tailor.destroy()
  })

  it('tracks through useTrack, and useProfile re-renders with the profile', async () => {
    const tailor = createTailor()
    function Product() {
      const track = useTrack()
      const { evidence } = useProfile()
      return (
        <button type="button" onClick={() => track('view_item', { items: [{ item_id: 'L1', item_category: 'lamps' }] })}>
          evidence {evidence}
        </button>
      )
    }
    render(
      <TailorProvider tailor={tailor}>
        <Product />
      </TailorProvider>,
    )
    await settle(tailor)
    expect(screen.getByRole('button').textContent).toBe('evidence 0')
    act(() => screen.getByRole('button').click())
    expect(screen.getByRole('button').textContent).toBe('evidence 1')
    await tailor.destroy()
  })

  it('gives useSlot its status, decision and, when asked, the explanation', async () => {
    const tailor = createTailor()
    const seen: Array<ReturnType<typeof useSlot>> = []
    function Probe() {
      seen.push(useSlot('banner', { segments: ['new-visitor'], explain: true }))
      return null
    }
    render(
      <TailorProvider tailor={tailor}>
        <Probe />
      </TailorProvider>,
    )
    await settle(tailor)
    await act(async () => {
      await tailor.explain('banner') // the explanation's chunk has loaded
    })
    expect(seen[0]!.status).toBe('pending') // the first render, before the provider's layout effect starts Tailor
    expect(seen.at(-1)).toMatchObject({ status: 'final', decision: { path: 'segment', segment: 'new-visitor' }, explanation: { path: 'segment', features: [] } })
    await tailor.destroy()
  })

  it('creates and starts an instance from options, and names the fix when a hook has no provider', async () => {
    function Who() {
      useTailor()
      return <p>{useProfile().sessions}</p>
    }
    vi.spyOn(console, 'error').mockImplementation(() => {}) // React reports the thrown error too
    expect(() => render(<Who />)).toThrow('Render this component inside <TailorProvider>')
    render(
      <TailorProvider options={{ storage: 'memory' }}>
        <Who />
      </TailorProvider>,
    )
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(screen.getByText('1')).toBeTruthy() // started: this page's visit is the first session
  })
})
