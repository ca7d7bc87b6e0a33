const ALGORITHMS = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const

/**
 * Whether `bytes` match a Subresource Integrity value (`sha384-…`; when several are given, one
 * match is enough, as browsers do for `<script integrity>`). Needs Web Crypto: browsers give it to
 * secure (https) pages only, and Node has it; without it this throws.
 */
export async function matchesIntegrity(bytes: Uint8Array<ArrayBuffer>, integrity: string): Promise<boolean> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) throw new Error('integrity can only be checked on a secure (https) page')
  for (const value of integrity.split(/\s+/)) {
    const [algorithm, expected] = value.split(/-(.*)/s) as [keyof typeof ALGORITHMS, string]
    if (!(algorithm in ALGORITHMS)) continue
    const digest = new Uint8Array(await subtle.digest(ALGORITHMS[algorithm], bytes))
    if (btoa(String.fromCharCode(...digest)) === expected) return true
  }
  return false
}
