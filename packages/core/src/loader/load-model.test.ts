import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fixture from '../../test/fixtures/manifest.json'
import { sri, startModelServer, type ModelServer } from '../../test/model-server'
import type { TailorError } from '../errors'
import { fetchManifest, type LoadOptions } from './load-model'

let server: ModelServer
beforeAll(async () => {
  server = await startModelServer()
})
afterAll(() => server.close())

const options: LoadOptions = { timeoutMs: 1000, maxBytes: 5_000_000 }

async function failure(path: string, overrides: Partial<LoadOptions> = {}): Promise<TailorError> {
  return fetchManifest(server.url(path), { ...options, ...overrides }).then(
    () => {
      throw new Error(`expected ${path} to fail`)
    },
    (error: TailorError) => error,
  )
}

describe('fetchManifest', () => {
  it('downloads and validates a manifest, with its ETag', async () => {
    const result = await fetchManifest(server.url('/model.json'), options)
    expect(result).toMatchObject({ manifest: { id: 'fixture-two-categories' }, etag: expect.stringMatching(/^".+"$/) })
  })

  it('revalidates by ETag: an unchanged manifest answers 304 and is not downloaded again', async () => {
    const first = await fetchManifest(server.url('/model.json'), options)
    const etag = first === 'not-modified' ? undefined : first.etag
    expect(await fetchManifest(server.url('/model.json'), { ...options, etag })).toBe('not-modified')
    server.serve({ ...fixture, version: '2' })
    expect(await fetchManifest(server.url('/model.json'), { ...options, etag })).toMatchObject({ manifest: { version: '2' } })
    server.serve(fixture)
  })

  it('checks the manifest against the integrity the page gives', async () => {
    const body = JSON.stringify(fixture)
    expect(await fetchManifest(server.url('/model.json'), { ...options, integrity: sri(body) })).toMatchObject({ manifest: { id: 'fixture-two-categories' } })
    expect((await failure('/model.json', { integrity: sri(`${body} `) })).code).toBe('model-integrity')
  })

  it('embeds a booster published beside the manifest, after checking its integrity', async () => {
    const result = await fetchManifest(server.url('/remote.json'), options)
    expect(result).toMatchObject({ manifest: { model: { type: 'xgboost', booster: { learner: { objective: { name: 'binary:logistic' } } } } } })
    expect(result !== 'not-modified' && 'url' in result.manifest.model).toBe(false)
    const tampered = await failure('/tampered.json')
    expect(tampered.code).toBe('model-integrity')
    expect(tampered.message).toContain('/booster.json does not match sha384-')
  })

  it.each([
    ['/missing.json', 'model-fetch', 'answered HTTP 404'],
    ['/broken.json', 'model-invalid', 'is not JSON'],
    ['/invalid.json', 'model-invalid', '(root): unknown field "weights"'],
    ['/huge.json', 'model-too-large', 'is over 5000000 bytes'],
  ])('turns %s into a %s error', async (path, code, detail) => {
    const error = await failure(path)
    expect(error.code).toBe(code)
    expect(error.message).toContain(detail)
  })

  it('caps the bytes of every part, not only the manifest', async () => {
    const boosterBytes = readFileSync(new URL('../../test/fixtures/xgboost/binary-logistic.model.json', import.meta.url)).byteLength
    const error = await failure('/remote.json', { maxBytes: boosterBytes - 1 })
    expect([error.code, error.message]).toEqual(['model-too-large', expect.stringContaining('/booster.json is over')])
  })

  it('gives up after the timeout', async () => {
    const error = await failure('/slow.json', { timeoutMs: 100 })
    expect(error.code).toBe('model-timeout')
    expect(error.message).toContain('did not arrive within 100 ms')
  })

  it('reports an unreachable server as a fetch failure, after trying it three times', async () => {
    const error = await fetchManifest('http://127.0.0.1:9/model.json', { ...options, timeoutMs: 10_000 }).catch((e: TailorError) => e)
    expect((error as TailorError).code).toBe('model-fetch')
  })

  it('tries a server error again, twice, then has the model', async () => {
    const result = await fetchManifest(server.url('/flaky.json'), { ...options, timeoutMs: 10_000 })
    expect(result).toMatchObject({ manifest: { id: 'fixture-two-categories' } })
    expect(server.hits.get('/flaky.json')).toBe(3)
  })

  it('tries again after 429 Too Many Requests', async () => {
    expect(await fetchManifest(server.url('/busy.json'), { ...options, timeoutMs: 10_000 })).toMatchObject({ manifest: { id: 'fixture-two-categories' } })
    expect(server.hits.get('/busy.json')).toBe(2)
  })

  it('gives up on a server that keeps failing after two retries, and never retries a 404', async () => {
    const error = await failure('/down.json', { timeoutMs: 10_000 })
    expect([error.code, error.message]).toEqual(['model-fetch', expect.stringContaining('answered HTTP 500')])
    expect(server.hits.get('/down.json')).toBe(3)
    await failure('/missing.json')
    await failure('/missing.json')
    expect(server.hits.get('/missing.json')).toBe(3) // one per call above, and the one in the table
  })

  it('stops retrying when the time is up', async () => {
    const error = await failure('/down.json', { timeoutMs: 300 })
    expect(error.code).toBe('model-timeout')
  })
})
