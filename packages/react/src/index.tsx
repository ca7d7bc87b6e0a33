// @tailorjs/react: a thin binding over @tailorjs/core. Decisions come from the core instance
// through useSyncExternalStore; nothing here touches the page before React runs effects, so
// importing and server-rendering it needs no `window`.
import { createTailor, type Decision, type Explanation, type ProfileState, type SlotOptions, type Tailor, type TailorOptions } from '@tailorjs/core'
import { createContext, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ElementType, type ReactNode } from 'react'

// The instance, and whether the provider has started it: starting changes the value, so every
// slot reads its decision again in the same commit, before the browser paints.
const TailorContext = createContext<{ tailor: Tailor; started: boolean } | null>(null)

// Layout effects run before the browser paints, so slots are decided before they show; the
// server runs neither kind (and React 18 warns about layout effects there). The same kind on
// every render of one environment, as the rules of hooks ask.
const useBrowserLayoutEffect: typeof useEffect = (effect, deps) => (typeof document === 'undefined' ? useEffect : useLayoutEffect)(effect, deps)

export interface TailorProviderProps {
  /** An instance you created with `createTailor()`; without one, the provider creates it from `options`. */
  tailor?: Tailor
  /** Options for the instance the provider creates (ignored with `tailor`). */
  options?: TailorOptions
  children?: ReactNode
}

/**
 * Makes a Tailor instance available to the hooks and slots below it, and starts it in the browser
 * (never on the server). The instance lives as long as the page: unmounting does not destroy it,
 * as StrictMode unmounts and mounts again.
 * @example <TailorProvider options={{ model: '/model.json' }}><App /></TailorProvider>
 */
export function TailorProvider({ tailor, options, children }: TailorProviderProps) {
  const [instance] = useState(() => tailor ?? createTailor(options))
  const [started, setStarted] = useState(false)
  useBrowserLayoutEffect(() => {
    void instance.start()
    setStarted(true)
  }, [instance])
  const value = useMemo(() => ({ tailor: instance, started }), [instance, started])
  return <TailorContext.Provider value={value}>{children}</TailorContext.Provider>
}

/** The Tailor instance of the nearest `<TailorProvider>`. */
export function useTailor(): Tailor {
  const context = useContext(TailorContext)
  if (!context) throw new Error('@tailorjs/react: no Tailor instance here. Render this component inside <TailorProvider>.')
  return context.tailor
}

/** What a slot may show: variants aimed at model targets, segment fallbacks, or catalog products (see SlotOptions). */
export type UseSlotOptions = Partial<SlotOptions> & {
  /** Also load the decision's explanation (model, score, top features). */
  explain?: boolean
}

export interface SlotState {
  /** `pending` on the server, at hydration and until Tailor can decide; then `final`. */
  status: 'pending' | 'final'
  decision: Decision | undefined
  /** With `explain: true`, once loaded. */
  explanation: Explanation | undefined
}

/**
 * The decision for slot `name`: the same for the rest of the page once made.
 * @example const { status, decision } = useSlot('hero', { variants: [{ id: 'hero-garden', target: 'garden' }], segments: ['new-visitor'] })
 */
export function useSlot(name: string, { variants = [], segments = [], products, explain = false }: UseSlotOptions = {}): SlotState {
  const tailor = useTailor()
  const decision = useSyncExternalStore(
    tailor.subscribe,
    () => tailor.decideSlot(name, products ? { variants, segments, products } : { variants, segments }),
    () => undefined,
  )
  const [explanation, setExplanation] = useState<Explanation>()
  useEffect(() => {
    setExplanation(undefined)
    if (!decision || !explain) return
    let current = true
    void tailor.explain(name).then((explained) => current && setExplanation(explained))
    return () => {
      current = false
    }
  }, [tailor, name, decision, explain])
  return { status: decision ? 'final' : 'pending', decision, explanation }
}

export interface SlotProps extends Omit<UseSlotOptions, 'explain'> {
  name: string
  /** Renders the decided content; returning `undefined` shows the fallback (e.g. for the `default` path), `null` nothing. */
  children: (decision: Decision) => ReactNode
  /** Shown until the slot is decided (on the server too), and whenever `children` returns undefined. */
  fallback?: ReactNode
  /** The element the slot renders as. Default `div`. */
  as?: ElementType
  className?: string
}

/**
 * A slot rendered by React: the fallback until decided, then `children(decision)`. Its element
 * carries the attributes tailor.css and Tailor's impression and click counting read
 * (`data-tailor-slot`, `data-tailor-state`…), so a pending slot stays hidden for at most the
 * timeout and an impression counts once, however often StrictMode mounts it.
 * @example
 * <Slot name="hero" variants={[{ id: 'hero-garden', target: 'garden' }]} segments={['new-visitor']} fallback={<DefaultHero />}>
 *   {(decision) => (decision.path === 'model' ? <Hero category={decision.target!} /> : decision.segment ? <Welcome /> : undefined)}
 * </Slot>
 */
export function Slot({ name, children, fallback = null, as: Element = 'div', className, ...options }: SlotProps) {
  const tailor = useTailor()
  const { decision } = useSlot(name, options)
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    if (decision && ref.current) tailor.watchSlot(ref.current)
  }, [tailor, decision])
  const attributes: Record<string, string> = { 'data-tailor-slot': name, 'data-tailor-managed': '' }
  if (decision) {
    attributes['data-tailor-state'] = 'final'
    attributes['data-tailor-path'] = decision.path
    const shown = decision.variant ?? decision.segment
    if (shown) attributes['data-tailor-content'] = shown
    if (decision.products) attributes['data-tailor-products'] = decision.products.join(' ')
    if (decision.holdout) attributes['data-tailor-holdout'] = ''
  }
  const content = decision ? children(decision) : undefined
  return (
    <Element ref={ref} className={className} {...attributes}>
      {content === undefined ? fallback : content}
    </Element>
  )
}

/** `track()` of the provider's instance, e.g. `const track = useTrack(); track('add_to_cart', { items })`. */
export function useTrack(): Tailor['track'] {
  return useTailor().track
}

/** The shopper's profile, re-rendering as it changes (read-only: change it by tracking events). */
export function useProfile(): ProfileState {
  const tailor = useTailor()
  return useSyncExternalStore(tailor.subscribe, tailor.getProfile, tailor.getProfile)
}

export type { Decision, Explanation, ProfileState, SlotOptions, Tailor, TailorOptions }
