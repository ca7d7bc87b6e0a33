import type { Decision, SlotOptions } from '../decide/decide'
import type { Product } from '../decide/schema'
import { bindProduct } from './bind'

/** A `data-tailor-slot` element of the page and the content it can show. */
export interface Slot {
  name: string
  element: HTMLElement
  options: SlotOptions
  templates: {
    variants: Map<string, HTMLTemplateElement>
    segments: Map<string, HTMLTemplateElement>
    product: HTMLTemplateElement | undefined
  }
}

const number = (value: string | undefined) => (value === undefined || value.trim() === '' || !Number.isFinite(Number(value)) ? undefined : Number(value))

/**
 * A slot element: its default content plus `<template data-tailor-variant="id"
 * data-tailor-target="target">`, `<template data-tailor-segment="name">` and, for a product slot,
 * one `<template data-tailor-product>` card with `data-tailor-count` (default 4),
 * `data-tailor-category`, `data-tailor-min-price`, `data-tailor-max-price` and `data-tailor-pin`
 * (space-separated ids).
 */
export function readSlot(element: HTMLElement): Slot {
  const variants = new Map<string, HTMLTemplateElement>()
  const segments = new Map<string, HTMLTemplateElement>()
  let product: HTMLTemplateElement | undefined
  const options: SlotOptions & { variants: Array<{ id: string; target: string }>; segments: string[] } = { variants: [], segments: [] }
  for (const template of element.querySelectorAll<HTMLTemplateElement>(':scope > template')) {
    const { tailorVariant: id, tailorTarget: target, tailorSegment: segment } = template.dataset
    if (template.hasAttribute('data-tailor-product')) product ??= template
    else if (id && target && !variants.has(id)) {
      variants.set(id, template)
      options.variants.push({ id, target })
    } else if (segment && !segments.has(segment)) {
      segments.set(segment, template)
      options.segments.push(segment)
    }
  }
  const data = element.dataset
  if (product) {
    const count = number(data.tailorCount)
    options.products = {
      count: count !== undefined && count >= 1 ? Math.floor(count) : 4,
      category: data.tailorCategory || undefined,
      minPrice: number(data.tailorMinPrice),
      maxPrice: number(data.tailorMaxPrice),
      pin: data.tailorPin?.split(/\s+/).filter(Boolean),
    }
  }
  return { name: data.tailorSlot || '', element, options, templates: { variants, segments, product } }
}

/**
 * Shows the decided content: the chosen template is cloned (never parsed from a string) in place of
 * the default content, and `data-tailor-state="final"` tells CSS (tailor.css reveals the slot) and
 * tests the slot is settled; `data-tailor-path`, `-content`, `-products` and `-holdout` say what it shows.
 */
export function renderSlot(slot: Slot, decision: Decision, catalog: ReadonlyMap<string, Product>): void {
  const { element, templates } = slot
  let content: Node | undefined
  if (decision.path === 'model' && decision.products && templates.product) {
    const fragment = document.createDocumentFragment()
    for (const id of decision.products) fragment.append(bindProduct(templates.product, catalog.get(id)!))
    content = fragment
  } else {
    const template = decision.path === 'model' ? templates.variants.get(decision.variant!) : decision.path === 'segment' ? templates.segments.get(decision.segment!) : undefined
    content = template?.content.cloneNode(true)
  }
  if (content) {
    for (const child of [...element.childNodes]) if (child.nodeName !== 'TEMPLATE') child.remove()
    element.insertBefore(content, element.firstChild)
  }
  const data = element.dataset
  data.tailorPath = decision.path
  const shown = decision.variant ?? decision.segment
  if (shown) data.tailorContent = shown
  if (decision.products) data.tailorProducts = decision.products.join(' ')
  if (decision.holdout) data.tailorHoldout = ''
  data.tailorState = 'final'
}
