import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { featureSpecHash } from '../src/features/hash'
import fixture from './fixtures/manifest.json'

export interface ModelServer {
  url(path: string): string
  /** How many requests each path received. */
  hits: Map<string, number>
  /** Replace what `/model.json` serves (its ETag changes with it). */
  serve(manifest: unknown): void
  close(): Promise<void>
}

/** `sha384-…` of some bytes, as a page or manifest would publish it. */
export const sri = (bytes: string | Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

// A path, not a URL: under happy-dom the global URL is not Node's.
const booster = readFileSync(join(import.meta.dirname, 'fixtures/xgboost/binary-logistic.model.json'))
const pixels = Array.from({ length: 64 }, (_, i) => ({ name: `pixel_${i}`, kind: 'trait', key: `pixel_${i}` }))
/** A manifest whose XGBoost booster is published beside it. */
export const remoteManifest = (integrity: string) => ({
  format: 'tailor-model@1',
  id: 'digits-remote',
  version: '1',
  createdAt: '2026-11-26T00:00:00Z',
  features: pixels,
  featuresHash: featureSpecHash(pixels as never),
  targets: [{ id: 'yes' }],
  model: { type: 'xgboost', url: 'booster.json', integrity },
})

/**
 * A real HTTP server on 127.0.0.1 for model downloads: `/model.json` (valid, with an ETag that
 * answers 304), `/missing.json` (404), `/broken.json` (not JSON), `/invalid.json` (an unknown
 * field), `/slow.json` (after 2 s), `/huge.json` (6 MB streamed without Content-Length),
 * `/booster.json` (an XGBoost booster), `/remote.json` and `/tampered.json` (manifests naming it
 * with the right and a wrong integrity), `/down.json` (always 500), `/flaky.json` (503 twice, then
 * the model), `/busy.json` (429 once, then the model).
 */
export async function startModelServer(): Promise<ModelServer> {
  const hits = new Map<string, number>()
  let model = JSON.stringify(fixture)
  const bodies: Record<string, () => string | Buffer> = {
    '/model.json': () => model,
    '/invalid.json': () => JSON.stringify({ ...fixture, weights: [] }),
    '/broken.json': () => '{"format": "tailor-model@1", ',
    '/booster.json': () => booster,
    '/remote.json': () => JSON.stringify(remoteManifest(sri(booster))),
    '/tampered.json': () => JSON.stringify(remoteManifest(sri('something else'))),
  }
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    hits.set(path, (hits.get(path) ?? 0) + 1)
    response.setHeader('Access-Control-Allow-Origin', '*')
    response.setHeader('Content-Type', 'application/json')
    if (path === '/down.json' || (path === '/flaky.json' && hits.get(path)! <= 2) || (path === '/busy.json' && hits.get(path)! <= 1)) {
      response.statusCode = path === '/down.json' ? 500 : path === '/busy.json' ? 429 : 503
      response.end('{}')
    } else if (path === '/flaky.json' || path === '/busy.json') {
      response.end(model)
    } else if (path === '/slow.json') {
      setTimeout(() => response.end(JSON.stringify(fixture)), 2000)
    } else if (path === '/huge.json') {
      // Chunked, no Content-Length: only counting the bytes as they come can stop it.
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      for (let i = 0; i < 96; i++) response.write(chunk)
      response.end()
    } else if (bodies[path]) {
      const body = bodies[path]!()
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`
      response.setHeader('ETag', etag)
      if (request.headers['if-none-match'] === etag) {
        response.statusCode = 304
        response.end()
      } else {
        response.end(body)
      }
    } else {
      response.statusCode = 404
      response.end('{}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    serve: (manifest) => void (model = JSON.stringify(manifest)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** For the whole test file: one model server, started before its tests and closed after them. */
export function useModelServer(): Pick<ModelServer, 'url' | 'hits' | 'serve'> {
  let server: ModelServer
  beforeAll(async () => {
    server = await startModelServer()
  })
  afterAll(() => server.close())
  return {
    url: (path) => server.url(path),
    get hits() {
      return server.hits
    },
    serve: (manifest) => server.serve(manifest),
  }
}
