import { expect, it } from 'vitest'
import { personalData } from './pii'

it.each([
  ['ada@example.com', 'an email address'],
  ['Contact: ada.lovelace@mail.example.co.uk', 'an email address'],
  ['+44 20 7946 0958', 'a phone number'],
  ['(555) 123-4567', 'a phone number'],
  ['0612345678', 'a phone number'],
  ['2026-11-26', undefined],
  ['4111 1111 1111 1111', 'a card number'],
  ['5500-0000-0000-0004', 'a card number'],
  ['4111 1111 1111 1112', undefined],
  ['gold', undefined],
  ['12345', undefined],
  [42, undefined],
  [true, undefined],
])('%s is %s', (value, kind) => {
  expect(personalData(value)).toBe(kind)
})
