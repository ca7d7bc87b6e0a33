const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/
// Seven or more digits, allowing the separators people write phone numbers with.
const PHONE = /^\+?[\d\s().-]{7,}$/
const DATE = /^\d{4}-\d{2}-\d{2}/

/** What kind of personal data `value` looks like, if any: Tailor never stores either. */
export function personalData(value: unknown): 'an email address' | 'a phone number' | undefined {
  if (typeof value !== 'string') return undefined
  if (EMAIL.test(value)) return 'an email address'
  const digits = value.replace(/\D/g, '').length
  if (PHONE.test(value.trim()) && digits >= 7 && digits <= 15 && !DATE.test(value.trim())) return 'a phone number'
  return undefined
}
