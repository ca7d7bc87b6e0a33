// Serves a built example on 127.0.0.1 with a real static file server (sirv).
// `node scripts/serve.mjs [dir] [port]`; the e2e tests import `serve` to do the same on a free port.
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import sirv from 'sirv'

/** The policy the demo is served under: Tailor needs no inline script or style. */
export const STRICT_CSP = "script-src 'self'; style-src 'self'"

/** Starts serving `dir` (with `headers` on every response); resolves with the server and its base URL once it listens. */
export function serve(dir, port = 0, headers = {}) {
  const files = sirv(resolve(dir), { dev: true, etag: true })
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value)
    files(request, response, () => {
      response.statusCode = 404
      response.end('Not found')
    })
  })
  return new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${server.address().port}/` }))
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'examples/storefront/dist'
  const port = Number(process.argv[3] ?? process.env.PORT ?? 4173)
  const { url } = await serve(dir, port, { 'Content-Security-Policy': STRICT_CSP })
  console.log(`Tailor demo storefront: ${url}  (served with Content-Security-Policy: ${STRICT_CSP}; Ctrl+C to stop)`)
}
