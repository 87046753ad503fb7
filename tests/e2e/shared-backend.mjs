// One backend for several phones. In local mode each browser profile runs its own in-process backend
// with its own storage, so two phones never meet; here `npm run mock:server` runs on 127.0.0.1 and the
// H5 app is built in http mode against it (dist/h5-http, demo kit on), as a brand's phones would share a server.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveStatic } from '../../scripts/lib/static-server.mjs'

const DIST = 'dist/h5-http'
const MARK = join(DIST, '.api-base')
const PREFERRED_PORT = 3197
const SOURCES = ['src', 'mock', 'config', 'babel.config.js', 'package.json', 'tsconfig.json']

function newestSource() {
  let newest = 0
  const visit = (p) => {
    const st = statSync(p, { throwIfNoEntry: false })
    if (!st) return
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(join(p, e))
    else newest = Math.max(newest, st.mtimeMs)
  }
  for (const s of SOURCES) visit(s)
  return newest
}

const portIsFree = (port) =>
  new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })

/** The http-mode build for `base`, reused while it is newer than every source and made for the same server. */
function ensureBuild(base) {
  const fresh =
    existsSync(MARK) &&
    readFileSync(MARK, 'utf8').trim() === base &&
    statSync(join(DIST, 'index.html')).mtimeMs > newestSource()
  if (fresh) return
  console.log(`e2e: building the H5 app in http mode against ${base} into ${DIST}…`)
  const build = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      TARO_APP_API_MODE: 'http',
      TARO_APP_API_BASE: base,
      TARO_APP_DEMO: '1',
      TARO_OUTPUT_ROOT: DIST,
    },
  })
  if (build.status !== 0) {
    console.error(`${build.stdout}\n${build.stderr}`.split('\n').slice(-40).join('\n'))
    throw new Error('e2e: the http-mode H5 build failed')
  }
  writeFileSync(MARK, base + '\n')
}

async function waitForServer(base, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`mock server exited with ${child.exitCode}`)
    try {
      const res = await fetch(`${base}/programme`)
      if (res.status < 500) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('mock server did not answer within 20 s')
}

/**
 * Start mock:server with a fresh state and serve the http-mode build against it; resolves to
 * `{ url, apiBase, close }`. The port stays the same from run to run so the build can be reused.
 */
export async function sharedBackend() {
  const previous = existsSync(MARK) ? readFileSync(MARK, 'utf8').trim() : null
  const previousPort = previous ? Number(new URL(previous).port) : null
  const port =
    previousPort && (await portIsFree(previousPort))
      ? previousPort
      : (await portIsFree(PREFERRED_PORT))
        ? PREFERRED_PORT
        : await freePort()
  const apiBase = `http://127.0.0.1:${port}`
  ensureBuild(apiBase)
  const stateDir = mkdtempSync(join(tmpdir(), 'mc-e2e-state-'))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'mock/server/main.ts', '--port', String(port), '--state', join(stateDir, 'state.sqlite')],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
  try {
    await waitForServer(apiBase, child)
  } catch (e) {
    child.kill()
    throw e
  }
  const site = await serveStatic(DIST)
  return {
    url: site.url,
    apiBase,
    close: async () => {
      await site.close()
      child.kill()
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
      rmSync(stateDir, { recursive: true, force: true })
    },
  }
}
