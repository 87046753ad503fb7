// A small static file server for the built H5 app, on 127.0.0.1 only.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/** Serve `root` on 127.0.0.1 at `port` (0 = any free port). Resolves to { url, close }. */
export function serveStatic(root, port = 0) {
  const base = resolve(root)
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      let file = normalize(join(base, path))
      if (!file.startsWith(base)) {
        res.writeHead(403).end()
        return
      }
      if (path === '/' || !(await stat(file).catch(() => null))?.isFile()) file = join(base, 'index.html')
      const body = await readFile(file)
      // The page itself is always fetched fresh; its assets may be cached (they keep working offline).
      const cache = extname(file) === '.html' ? 'no-cache' : 'max-age=600'
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': cache })
      res.end(body)
    } catch {
      res.writeHead(500).end()
    }
  })
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address()
      resolvePromise({ url: `http://127.0.0.1:${actual}`, close: () => new Promise((r) => server.close(() => r())) })
    })
  })
}
