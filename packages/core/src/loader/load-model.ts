import { TailorError } from '../errors'
import { parseManifest } from '../model/manifest'
import type { Manifest } from '../model/schema'

/**
 * Downloads and validates a model manifest within `timeoutMs` (headers and body). Every failure is
 * a TailorError: `model-timeout`, `model-fetch` (network or HTTP status) or `model-invalid`.
 */
export async function fetchManifest(url: string, timeoutMs: number): Promise<Manifest> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    const response = await fetch(url, { signal: controller.signal, credentials: 'same-origin' })
    if (!response.ok) throw new TailorError('model-fetch', `${url} answered HTTP ${response.status}`)
    const body: unknown = await response.json().catch((error: unknown) => {
      throw controller.signal.aborted ? error : new TailorError('model-invalid', `${url} is not JSON`)
    })
    return parseManifest(body)
  } catch (error) {
    if (error instanceof TailorError) throw error
    throw controller.signal.aborted
      ? new TailorError('model-timeout', `${url} did not answer within ${timeoutMs} ms`)
      : new TailorError('model-fetch', `${url}: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    clearTimeout(timer)
  }
}
