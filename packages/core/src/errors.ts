/** Every failure Tailor reports has one of these codes; the message says what happened and what to do. */
const MESSAGES = {
  'storage-unavailable':
    'IndexedDB is unavailable, so the profile is kept in memory for this page only. Private browsing or blocked storage causes this; nothing needs fixing on the site.',
  'storage-write': 'Saving the profile to IndexedDB failed; it stays in memory and the next write retries.',
  'storage-full': 'Storage is full: Tailor kept every aggregate and only the newest raw events of the log.',
  'personal-data': 'identify() refuses personal data (email addresses, phone numbers); the traits were not recorded. Pass non-identifying traits only.',
  'event-invalid': 'An event was rejected. Check the event name and its fields against docs/reference/events.md.',
  'model-fetch':
    'The model manifest could not be downloaded, so slots show segment or default content. Check the data-model URL and that the server answers 200.',
  'model-invalid':
    'The model manifest is not a valid tailor-model@1 document, so slots show segment or default content. Fix the field named in parentheses.',
  'model-timeout': 'The model manifest took too long to download, so slots show segment or default content.',
  'model-integrity':
    'A model file failed its Subresource Integrity check, so it was not used and slots show segment or default content. Publish the file and its integrity value together.',
  'model-too-large': 'A model file is larger than maxModelBytes, so it was not used and slots show segment or default content.',
  'slot-render': 'A slot could not be rendered and keeps its default content. Check the slot markup against docs/getting-started.md.',
  'command-unknown': 'An unknown command was pushed onto window.tailor and ignored. Known commands: track.',
  'config-invalid': 'Tailor was configured with an invalid option; it is ignored and its default applies.',
  internal:
    'Tailor hit an unexpected error and left the page\'s content as it was. Please report it to the Tailor maintainers with this message.',
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
