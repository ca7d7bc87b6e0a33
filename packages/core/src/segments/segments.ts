import type { ProfileState } from '../profile/schema'

/** Built-in segments a slot's `<template data-tailor-segment>` can name. */
const SEGMENTS: Record<string, (profile: ProfileState) => boolean> = {
  'new-visitor': (profile) => profile.sessions <= 1,
  'returning-visitor': (profile) => profile.sessions > 1,
}

/** Whether the shopper belongs to the named segment; unknown names match nobody. */
export function inSegment(name: string, profile: ProfileState): boolean {
  return SEGMENTS[name]?.(profile) ?? false
}
