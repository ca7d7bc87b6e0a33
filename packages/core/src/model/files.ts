// Checks on downloaded model files, shared by the downloader and scorer plug-ins: size and integrity.
import { TailorError } from '../errors'

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

/**
 * A response's body, read until it exceeds `maxBytes` (Content-Length can be missing or wrong),
 * then abandoned with a `model-too-large` TailorError. For model files and their parts.
 */
export async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new TailorError('model-too-large', `${url} is over ${maxBytes} bytes`)
  if (Number(response.headers.get('content-length')) > maxBytes) throw tooLarge()
  const reader = response.body?.getReader()
  if (!reader) return new Uint8Array(await response.arrayBuffer())
  const chunks: Uint8Array[] = []
  let size = 0
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength
    if (size > maxBytes) {
      void reader.cancel()
      throw tooLarge()
    }
    chunks.push(read.value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}
