import { TailorError, matchesIntegrity, readCapped, type TfjsModel } from '@tailorjs/core/engine'

/** The few TF.js functions the plug-in uses: satisfied by `@tensorflow/tfjs`, or by core + backends injected in tests. */
export interface TfLike {
  loadLayersModel(url: string, options: { fetchFunc: typeof fetch }): Promise<TfModel>
  loadGraphModel(url: string, options: { fetchFunc: typeof fetch }): Promise<TfModel>
  tensor2d(values: Float32Array, shape: [number, number]): unknown
  tidy<T>(fn: () => T): T
}

export interface TfModel {
  predict(inputs: never): unknown
  dispose(): void
}

/**
 * A fetch for TF.js that only reaches files inside the model.json's directory, each at most
 * `maxBytes` (counted as it arrives) and, when the manifest gives integrity values, only those
 * files, each checked before TF.js sees its bytes.
 */
export function confinedFetch(modelJsonUrl: string, integrity: TfjsModel['integrity'], maxBytes: number): typeof fetch {
  const directory = new URL('./', modelJsonUrl).href
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), modelJsonUrl)
    const path = url.href.startsWith(directory) ? decodeURIComponent(url.href.slice(directory.length).split(/[?#]/)[0]!) : undefined
    if (path === undefined || url.origin !== new URL(directory).origin) {
      throw new Error(`${url.href} is outside the model's directory ${directory}; weight files must sit beside model.json`)
    }
    const expected = integrity?.[path]
    if (integrity && !expected) throw new Error(`${path} has no integrity value in the manifest`)
    const response = await fetch(url, { ...init, credentials: 'same-origin' })
    if (!response.ok) return response
    const bytes = await readCapped(response, maxBytes, url.href)
    if (expected && !(await matchesIntegrity(bytes, expected))) throw new TailorError('model-integrity', `${url.href} does not match ${expected}`)
    return new Response(bytes, { status: response.status, headers: response.headers })
  }
}
