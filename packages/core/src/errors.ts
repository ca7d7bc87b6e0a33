/** Every failure Tailor reports has one of these codes; the message says what happened and what to do. */
const MESSAGES = {
  'storage-unavailable': 'IndexedDB is unavailable (private browsing, blocked storage): the profile lives in memory for this page. Nothing to fix on the site.',
  'storage-write': 'Saving the profile failed; it stays in memory and the next write retries.',
  'storage-full': 'Storage is full: Tailor kept every aggregate and only the newest raw events.',
  'personal-data': 'Traits refuse personal data (email addresses, phone and card numbers): pass non-identifying traits only.',
  'event-invalid': 'An event was rejected: check its name and fields against docs/reference/events.md.',
  'model-fetch': 'The model manifest could not be downloaded: check that the data-model URL answers 200. Fallback content shows.',
  'model-invalid': 'The model is not a valid tailor-model@1 manifest: fix the field named in parentheses. Fallback content shows.',
  'model-timeout': 'The model took too long to download. Fallback content shows.',
  'model-integrity': 'A model file failed its integrity check: publish the file and its integrity value together. Fallback content shows.',
  'model-too-large': 'A model file is over maxModelBytes. Fallback content shows.',
  'model-sensitive': 'The model refers to a sensitive category and is not used: retrain it without that category, or change sensitiveCategories. Fallback content shows.',
  'chunk-load': 'A part of Tailor could not be loaded: serve it beside tailor.min.js and allow it in the Content Security Policy.',
  'slot-render': 'A slot could not be rendered and keeps its default content: check its markup against docs/getting-started.md.',
  'command-unknown': 'An unknown command was pushed onto window.tailor and ignored. Known commands: track, consent.',
  'config-invalid': 'Tailor was configured with an invalid option: it is ignored and its default applies.',
  listener: 'A function passed to tailor.subscribe() threw: fix it on the page. Tailor carried on.',
  internal: "Tailor hit an unexpected error and left the page's content as it was: please report this message.",
} as const

export type TailorErrorCode = keyof typeof MESSAGES

/** An error Tailor raised on purpose: `code` is stable, `message` explains the cause and the fix. */
export class TailorError extends Error {
  override readonly name = 'TailorError'
  readonly code: TailorErrorCode

  constructor(code: TailorErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code], options)
    this.code = code
  }
}

/**
 * A TailorError, or the given fallback code wrapped around whatever else was thrown. Checked by
 * name and code, not instanceof: the script tag's lazily loaded chunk has its own copy of the class.
 */
export function toTailorError(error: unknown, fallback: TailorErrorCode): TailorError {
  if (error instanceof Error && error.name === 'TailorError' && (error as TailorError).code in MESSAGES) return error as TailorError
  return new TailorError(fallback, error instanceof Error ? error.message : String(error), { cause: error })
}
