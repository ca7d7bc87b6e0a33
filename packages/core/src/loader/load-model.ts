import { TailorError } from '../errors'
import { matchesIntegrity, readCapped } from '../model/files'
import { parseManifest } from '../model/manifest'
import type { Manifest } from '../model/schema'

export interface LoadOptions {
  /** For the manifest and every part it names, together, retries included. */
  timeoutMs: number
  /** Further attempts after a network error or a 5xx or 429 answer, each after a jittered pause (about 1 s, then 2 s). Default 2. */
  retries?: number
  /** Per file, enforced while the bytes arrive whatever Content-Length says. */
  maxBytes: number
  /** Subresource Integrity of the manifest itself. */
  integrity?: string | undefined
  /** The cached copy's ETag: the server may answer 304 Not Modified. */
  etag?: string | undefined
}

/** A downloaded, checked and parsed manifest, or the server's word that the cached one is current. */
export type Download = { manifest: Manifest; etag: string | undefined } | 'not-modified'

async function checkIntegrity(bytes: Uint8Array<ArrayBuffer>, integrity: string, url: string): Promise<void> {
  let matches: boolean
  try {
    matches = await matchesIntegrity(bytes, integrity)
  } catch (error) {
    throw new TailorError('model-integrity', `${url}: ${(error as Error).message}`)
  }
  if (!matches) throw new TailorError('model-integrity', `${url} does not match ${integrity}`)
}

async function download(url: string, options: LoadOptions, signal: AbortSignal, integrity: string | undefined, etag?: string) {
  const response = await fetch(url, { signal, credentials: 'same-origin', headers: etag ? { 'If-None-Match': etag } : {} })
  if (response.status === 304 && etag) return 'not-modified' as const
  if (!response.ok) {
    const error = new TailorError('model-fetch', `${url} answered HTTP ${response.status}`)
    // The server's trouble, not the file's: worth another try.
    throw Object.assign(error, { transient: response.status >= 500 || response.status === 429 })
  }
  const bytes = await readCapped(response, options.maxBytes, url)
  if (integrity) await checkIntegrity(bytes, integrity, url)
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw new TailorError('model-invalid', `${url} is not JSON`)
  }
  return { json, etag: response.headers.get('etag') ?? undefined }
}

/**
 * Downloads a manifest and the parts it names (an XGBoost booster published by `url`, which must
 * carry its `integrity`), checks sizes and integrity, embeds the parts and parses the result.
 * Every failure is a TailorError: `model-timeout`, `model-fetch`, `model-too-large`,
 * `model-integrity` or `model-invalid`.
 */
export async function fetchManifest(url: string, options: LoadOptions): Promise<Download> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), options.timeoutMs)
  const { signal } = controller
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await attemptOnce(url, options, signal)
      } catch (error) {
        // A network error (fetch's TypeError) or a server error is tried again, a few times, spread
        // out with jitter so that a recovering server is not met by every shop at once.
        const transient = !(error instanceof TailorError) || (error as { transient?: boolean }).transient === true
        if (!transient || signal.aborted || attempt >= (options.retries ?? 2)) throw error
        await new Promise((resolve) => {
          const pause = setTimeout(resolve, 1000 * 2 ** attempt * (0.5 + Math.random()))
          signal.addEventListener('abort', () => resolve(clearTimeout(pause)), { once: true })
        })
      }
    }
  } catch (error) {
    if (error instanceof TailorError) throw error
    throw signal.aborted
      ? new TailorError('model-timeout', `${url} did not arrive within ${options.timeoutMs} ms`)
      : new TailorError('model-fetch', `${url}: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    clearTimeout(timer)
  }
}

/** One download of the manifest and the parts it names, checked and parsed. */
async function attemptOnce(url: string, options: LoadOptions, signal: AbortSignal): Promise<Download> {
  const first = await download(url, options, signal, options.integrity, options.etag)
  if (first === 'not-modified') return first
  const manifest = first.json as { model?: { type?: unknown; url?: unknown; integrity?: unknown; booster?: unknown } }
  const model = manifest?.model
  if (model?.type === 'xgboost' && typeof model.url === 'string') {
    if (typeof model.integrity !== 'string') throw new TailorError('model-invalid', 'model.integrity: required with model.url')
    if (model.booster !== undefined) throw new TailorError('model-invalid', 'model: give either booster or url, not both')
    const part = new URL(model.url, new URL(url, globalThis.location?.href)).href
    const booster = await download(part, options, signal, model.integrity)
    if (booster === 'not-modified') throw new TailorError('model-fetch', `${part} answered 304 to a plain request`)
    const { url: _url, integrity: _integrity, ...embedded } = model
    manifest.model = { ...embedded, booster: booster.json }
  }
  return { manifest: parseManifest(manifest), etag: first.etag }
}
