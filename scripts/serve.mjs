// Serves a built example on 127.0.0.1 with a real static file server (sirv).
// `node scripts/serve.mjs [dir] [port]`; the e2e tests import `serve` to do the same on a free port.
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import sirv from 'sirv'

/** Starts serving `dir`; resolves with the server and its base URL once it listens. */
export function serve(dir, port = 0) {
  const files = sirv(resolve(dir), { dev: true, etag: true })
  const server = createServer((request, response) =>
    files(request, response, () => {
      response.statusCode = 404
      response.end('Not found')
    }),
  )
  return new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${server.address().port}/` }))
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'examples/storefront/dist'
  const port = Number(process.argv[3] ?? process.env.PORT ?? 4173)
  const { url } = await serve(dir, port)
  console.log(`Tailor demo storefront: ${url}  (Ctrl+C to stop)`)
}
