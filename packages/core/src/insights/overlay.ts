import type { Tailor } from '../create-tailor'
import { line } from './dom'

const PANEL_ID = 'tailor-debug'

const fixed = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(3))

/**
 * The debug overlay (`?tailor_debug=1` or `Tailor.debug()`): each slot's decision and its
 * reasons, the candidates' scores and the profile. Built with DOM calls and CSSOM styles, so it
 * works under a strict Content Security Policy; loaded on demand, never part of tailor.min.js.
 */
export async function showOverlay(tailor: Tailor): Promise<void> {
  document.getElementById(PANEL_ID)?.remove()
  const panel = line('aside', '', {
    position: 'fixed',
    right: '8px',
    bottom: '8px',
    zIndex: '2147483647',
    maxWidth: '420px',
    maxHeight: '70vh',
    overflow: 'auto',
    background: '#111',
    color: '#eee',
    font: '12px/1.4 ui-monospace, monospace',
    padding: '8px 12px',
    borderRadius: '6px',
    boxShadow: '0 2px 12px rgba(0,0,0,.4)',
  })
  panel.id = PANEL_ID
  panel.setAttribute('aria-label', 'Tailor debug')
  const close = line('button', '×', { float: 'right', background: 'none', color: 'inherit', border: '0', cursor: 'pointer', fontSize: '16px' })
  close.setAttribute('aria-label', 'Close the Tailor debug overlay')
  close.addEventListener('click', () => panel.remove())
  panel.append(close, line('strong', 'Tailor'))

  const names = new Set([...document.querySelectorAll<HTMLElement>('[data-tailor-slot]')].map((slot) => slot.dataset.tailorSlot ?? ''))
  for (const name of names) {
    const explained = await tailor.explain(name)
    panel.append(line('h3', `slot ${name}`, { margin: '8px 0 2px', fontSize: '13px' }))
    if (!explained) {
      panel.append(line('div', 'pending: not decided yet'))
      continue
    }
    const shown = explained.products?.join(', ') ?? explained.variant ?? explained.segment ?? 'default content'
    panel.append(line('div', `${explained.path}${explained.holdout ? ' (holdout)' : ''}: ${shown}`), line('div', explained.reason, { color: '#aaa' }))
    if (explained.model) panel.append(line('div', `model ${explained.model.id} v${explained.model.version}, score ${fixed(explained.score)}`))
    for (const { words, contribution } of explained.features) panel.append(line('div', `  ${contribution >= 0 ? '+' : '−'}${Math.abs(contribution).toFixed(3)} ${words}`))
    for (const { id, score, skipped } of explained.candidates?.slice(0, 12) ?? []) {
      panel.append(line('div', `  · ${id}: ${skipped ?? fixed(score)}`, { color: skipped ? '#888' : '#cfc' }))
    }
  }

  const profile = tailor.getProfile()
  panel.append(
    line('h3', 'profile', { margin: '8px 0 2px', fontSize: '13px' }),
    line('div', `sessions ${profile.sessions}, evidence ${profile.evidence}, orders ${profile.rfm.orders}, spent ${profile.rfm.monetary.toFixed(2)}`),
  )
  const interests = Object.entries(profile.counters)
    .filter(([key]) => key.startsWith('view_item|category|'))
    .sort(([, a], [, b]) => b.v[1] - a.v[1])
    .slice(0, 5)
  for (const [key, counter] of interests) panel.append(line('div', `  ${key.slice('view_item|category|'.length)}: ${counter.n} views`))
  document.body.append(panel)
}
