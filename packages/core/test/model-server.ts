import { createServer, type Server } from 'node:http'
import fixture from './fixtures/manifest.json'

export interface ModelServer {
  url(path: string): string
  /** How many requests each path received. */
  hits: Map<string, number>
  close(): Promise<void>
}

/**
 * A real HTTP server on 127.0.0.1 for model downloads: `/model.json` (valid), `/missing.json`
 * (404), `/broken.json` (not JSON), `/invalid.json` (an unknown field), `/slow.json` (answers
 * after 2 s).
 */
export async function startModelServer(): Promise<ModelServer> {
  const hits = new Map<string, number>()
  const invalid = { ...fixture, weights: [] }
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    hits.set(path, (hits.get(path) ?? 0) + 1)
    response.setHeader('Access-Control-Allow-Origin', '*')
    response.setHeader('Content-Type', 'application/json')
    if (path === '/model.json') response.end(JSON.stringify(fixture))
    else if (path === '/invalid.json') response.end(JSON.stringify(invalid))
    else if (path === '/broken.json') response.end('{"format": "tailor-model@1", ')
    else if (path === '/slow.json') setTimeout(() => response.end(JSON.stringify(fixture)), 2000)
    else {
      response.statusCode = 404
      response.end('{}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
