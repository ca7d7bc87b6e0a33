import type { Explanation, Tailor } from '../create-tailor'
import { line } from './dom'
import { decayedValue } from '../profile/profile'
import type { ProfileState } from '../profile/schema'

const DIALOG_ID = 'tailor-privacy'
// In this order within an interest's line: "viewed 4 times, added to cart once".
const VERBS: Record<string, string> = { view_item: 'viewed', add_to_cart: 'added to cart', purchase: 'bought' }
const EVENTS = Object.keys(VERBS)

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`)

/** The 5 categories and brands with the most long-term interest, in words, e.g. "brand Lumen (viewed twice, bought once)". */
function interestsOf(profile: ProfileState, now: number): string[] {
  const byKey = new Map<string, { label: string; value: number; words: string[] }>()
  for (const [id, counter] of Object.entries(profile.counters)) {
    // `event|dimension|key`: event names and dimensions have no `|`, keys may.
    const [event = '', dimension = ''] = id.split('|', 2)
    const order = EVENTS.indexOf(event)
    if (order < 0 || (dimension !== 'category' && dimension !== 'brand')) continue
    const key = id.slice(event.length + dimension.length + 2)
    const interest = byKey.get(`${dimension}|${key}`) ?? { label: dimension === 'brand' ? `brand ${key}` : key, value: 0, words: [] }
    interest.value += decayedValue(counter, 2, now)
    interest.words[order] = `${VERBS[event]} ${times(counter.n)}`
    byKey.set(`${dimension}|${key}`, interest)
  }
  return [...byKey.values()]
    .sort((a, b) => b.value - a.value)
    .slice(0, 5)
    .map(({ label, words }) => `${label} (${words.filter(Boolean).join(', ')})`)
}

/** Why a slot shows what it shows, in a shopper's words. */
function why(explained: Explanation | undefined): string {
  if (!explained) return 'Not decided yet.'
  if (explained.holdout) return 'Standard content: you are in a group that sees no individualization, so the shop can measure its effect.'
  if (explained.path === 'segment') return `Shown to shoppers in the group "${explained.segment}".`
  if (explained.path === 'default') return "The shop's standard content."
  // Features that lowered the score are not reasons it was chosen.
  const reasons = explained.features.filter((f) => f.contribution > 0).slice(0, 3)
  return `Chosen for you: ${reasons.map((f) => f.words).join(', ') || explained.reason}.`
}

/**
 * Saves `data` as a JSON file the shopper downloads.
 * @example download(await tailor.exportProfile(), 'tailor-profile.json')
 */
export function download(data: unknown, filename: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }))
  const link = line('a')
  link.href = url
  link.download = filename
  // Firefox downloads only links that are in the document.
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked a task later: revoking at once can cancel a download that has not started yet.
  setTimeout(() => URL.revokeObjectURL(url))
}

/**
 * The shopper-facing privacy view: what Tailor learned on this device, why each slot shows what
 * it shows, and buttons to download or delete it all. A modal dialog built with DOM calls and
 * CSSOM styles, so it works under a strict Content Security Policy; loaded on demand. Resolves
 * once it is shown; calling it while it is open focuses the open one.
 * @example document.querySelector('#privacy')!.addEventListener('click', () => void showPrivacy(tailor))
 */
export async function showPrivacy(tailor: Tailor): Promise<void> {
  const opener = document.activeElement as HTMLElement | null
  const slots = new Set([...document.querySelectorAll<HTMLElement>('[data-tailor-slot]')].map((slot) => slot.dataset.tailorSlot ?? ''))
  const reasons = await Promise.all([...slots].map(async (name) => `${name}: ${why(await tailor.explain(name))}`))
  // Checked after the awaits, so two calls at once still open one dialog.
  const open = document.getElementById(DIALOG_ID)
  if (open) return open.querySelector('button')?.focus()

  const dialog = line('dialog', '', {
    position: 'fixed',
    inset: '0',
    margin: 'auto',
    zIndex: '2147483647',
    boxSizing: 'border-box',
    width: 'calc(100% - 2rem)',
    maxWidth: '32rem',
    height: 'fit-content',
    maxHeight: 'calc(100% - 2rem)',
    overflow: 'auto',
    padding: '1.5rem',
    background: '#fff',
    color: '#1a1a1a',
    font: '16px/1.5 system-ui, sans-serif',
    border: '1px solid #ccc',
    borderRadius: '8px',
    boxShadow: '0 8px 32px rgba(0,0,0,.3)',
  })
  dialog.id = DIALOG_ID
  const heading = line('h2', 'What this shop has learned on this device', { margin: '0 0 .5rem', fontSize: '1.25rem' })
  heading.id = `${DIALOG_ID}-title`
  const intro = line('p', 'This shop individualizes what you see using information kept only in this browser. It is never sent anywhere.', { margin: '0' })
  intro.id = `${DIALOG_ID}-intro`
  dialog.setAttribute('aria-labelledby', heading.id)
  dialog.setAttribute('aria-describedby', intro.id)

  const section = { margin: '1.25rem 0 .25rem', fontSize: '1rem' }
  const list = (items: string[]) => {
    const ul = line('ul', '', { margin: '0', paddingLeft: '1.25rem' })
    ul.append(...items.map((item) => line('li', item)))
    return ul
  }
  const profile = tailor.getProfile()
  const { orders } = profile.rfm
  const interests = [...interestsOf(profile, Date.now()), ...(orders > 0 ? [`${orders} order${orders === 1 ? '' : 's'}`] : [])]
  const learned = interests.length ? list(interests) : line('p', 'Nothing yet.', { margin: '0' })
  // A live region announces only changes made after it is in the page, so it starts empty.
  const status = line('p', '', { margin: '0' })
  status.setAttribute('role', 'status')
  status.setAttribute('aria-live', 'polite')

  const button = (text: string, onClick: () => unknown) => {
    const element = line('button', text, { margin: '1.25rem .5rem 0 0', padding: '.5rem 1rem', font: 'inherit', cursor: 'pointer' })
    element.type = 'button'
    element.addEventListener('click', onClick)
    return element
  }
  const close = () => {
    if (!dialog.isConnected) return
    // Removing a modal dialog also takes it out of the top layer; nothing else is left behind.
    dialog.remove()
    opener?.focus?.()
  }
  const buttons = [
    button('Download my data', async () => {
      try {
        download(await tailor.exportProfile(), 'tailor-profile.json')
      } catch {
        status.textContent = 'The download did not work. Please try again.'
      }
    }),
    button('Delete what this shop learned', async () => {
      try {
        await tailor.forget()
        learned.remove()
        status.textContent = 'Deleted. Nothing about you is kept on this device now.'
      } catch {
        status.textContent = 'Deleting did not work. Please try again.'
      }
    }),
    button('Close', close),
  ]

  dialog.append(
    heading,
    intro,
    line('h3', 'Your interests', section),
    learned,
    status,
    line('h3', 'Why you see what you see', section),
    reasons.length ? list(reasons) : line('p', 'Nothing on this page is individualized.', { margin: '0' }),
    ...buttons,
  )
  // Escape is handled here for every path, as the fallback has no close requests of its own;
  // `close` covers a native dialog's other ones, such as Android's back gesture.
  dialog.addEventListener('close', close)
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    close()
  })
  document.body.append(dialog)
  if (typeof dialog.showModal === 'function') dialog.showModal()
  else dialog.setAttribute('open', '')
  buttons[0]!.focus()
}
