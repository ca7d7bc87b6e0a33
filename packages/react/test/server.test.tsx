// Server rendering, in Node with no DOM at all: importing the binding and core touches no `window`.
import { createTailor } from '@tailorjs/core'
import { renderToString } from 'react-dom/server'
import { expect, it } from 'vitest'
import { Slot, TailorProvider, useProfile } from '../src/index'

it('imports and renders on the server without a window: the fallback, marked pending', () => {
  expect(typeof window).toBe('undefined')
  function Visits() {
    return <p>visits {useProfile().sessions}</p>
  }
  const html = renderToString(
    <TailorProvider options={{ model: '/model.json' }}>
      <Slot name="hero" as="section" segments={['new-visitor']} fallback={<h1>Gifts for every home</h1>}>
        {() => <h1>Welcome</h1>}
      </Slot>
      <Visits />
    </TailorProvider>,
  )
  expect(html).toBe('<section data-tailor-slot="hero" data-tailor-managed=""><h1>Gifts for every home</h1></section><p>visits <!-- -->0</p>')
  expect(createTailor().getProfile().sessions).toBe(0)
})
