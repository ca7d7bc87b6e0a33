import type { Decision, SlotOptions } from '../decide/decide'

/** A `data-tailor-slot` element of the page and the content it can show. */
export interface Slot {
  name: string
  element: HTMLElement
  options: SlotOptions
  templates: {
    variants: Map<string, HTMLTemplateElement>
    segments: Map<string, HTMLTemplateElement>
  }
}

/**
 * The slots on the page. A slot holds its default content plus
 * `<template data-tailor-variant="id" data-tailor-target="target">` and
 * `<template data-tailor-segment="name">` alternatives, used in markup order.
 */
export function findSlots(root: ParentNode): Slot[] {
  return [...root.querySelectorAll<HTMLElement>('[data-tailor-slot]')].map((element) => {
    const variants = new Map<string, HTMLTemplateElement>()
    const segments = new Map<string, HTMLTemplateElement>()
    const options = { variants: [] as Array<{ id: string; target: string }>, segments: [] as string[] }
    for (const template of element.querySelectorAll<HTMLTemplateElement>(':scope > template')) {
      const { tailorVariant: id, tailorTarget: target, tailorSegment: segment } = template.dataset
      if (id && target && !variants.has(id)) {
        variants.set(id, template)
        options.variants.push({ id, target })
      } else if (segment && !segments.has(segment)) {
        segments.set(segment, template)
        options.segments.push(segment)
      }
    }
    return { name: element.dataset.tailorSlot || '', element, options, templates: { variants, segments } }
  })
}

/**
 * Shows the decided content: the chosen template is cloned (never parsed from a string) in place of
 * the default content, and `data-tailor-state="final"` tells CSS and tests the slot is settled.
 */
export function renderSlot(slot: Slot, decision: Decision): void {
  const { element, templates } = slot
  const template =
    decision.path === 'model'
      ? templates.variants.get(decision.variant!)
      : decision.path === 'segment'
        ? templates.segments.get(decision.segment!)
        : undefined
  if (template) {
    for (const child of [...element.childNodes]) if (child.nodeName !== 'TEMPLATE') child.remove()
    element.insertBefore(template.content.cloneNode(true), element.firstChild)
  }
  element.dataset.tailorPath = decision.path
  if (decision.variant ?? decision.segment) element.dataset.tailorContent = (decision.variant ?? decision.segment)!
  element.dataset.tailorState = 'final'
}
