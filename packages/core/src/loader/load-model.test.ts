import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startModelServer, type ModelServer } from '../../test/model-server'
import type { TailorError } from '../errors'
import { fetchManifest } from './load-model'

let server: ModelServer
beforeAll(async () => {
  server = await startModelServer()
})
afterAll(() => server.close())

async function failure(path: string, timeoutMs = 1000): Promise<TailorError> {
  return fetchManifest(server.url(path), timeoutMs).then(
    () => {
      throw new Error(`expected ${path} to fail`)
    },
    (error: TailorError) => error,
  )
}

describe('fetchManifest', () => {
  it('downloads and validates a manifest', async () => {
    const manifest = await fetchManifest(server.url('/model.json'), 1000)
    expect(manifest.id).toBe('fixture-two-categories')
  })

  it.each([
    ['/missing.json', 'model-fetch', 'answered HTTP 404'],
    ['/broken.json', 'model-invalid', 'is not JSON'],
    ['/invalid.json', 'model-invalid', '(root): unknown field "weights"'],
  ])('turns %s into a %s error', async (path, code, detail) => {
    const error = await failure(path)
    expect(error.code).toBe(code)
    expect(error.message).toContain(detail)
  })

  it('gives up after the timeout', async () => {
    const error = await failure('/slow.json', 100)
    expect(error.code).toBe('model-timeout')
    expect(error.message).toContain('did not answer within 100 ms')
  })

  it('reports an unreachable server as a fetch failure', async () => {
    const error = await fetchManifest('http://127.0.0.1:9/model.json', 1000).catch((e: TailorError) => e)
    expect((error as TailorError).code).toBe('model-fetch')
  })
})
