/**
 * `npm run mock:server [-- --port 3100 --state .mock-data/state.sqlite --staff-key KEY --no-demo]`: the
 * mock backend over HTTP on 127.0.0.1 only (it trusts a device id as a sign-in, so it is not for a
 * network), for the app built with TARO_APP_API_MODE=http. Env: MOCK_PORT, MOCK_STATE,
 * MOCK_STAFF_KEY, MOCK_DEMO=0.
 */
import * as path from 'node:path'
import type { AddressInfo } from 'node:net'
import { DEMO_STAFF_KEY } from '../router'
import { StateFileError } from './file-store'
import { sqlitePathFor } from './sqlite-store'
import { createMockServer } from './http'

const HOST = '127.0.0.1'
const DEFAULT_PORT = 3100
const DEFAULT_STATE = '.mock-data/state.sqlite'
/** In-flight requests get this long to finish on shutdown. */
const SHUTDOWN_GRACE_MS = 3_000

const USAGE = `Usage: tsx mock/server/main.ts [--port <n>] [--state <file>] [--staff-key <key>] [--no-demo]
  --port       port on ${HOST} (env MOCK_PORT, default ${DEFAULT_PORT}; 0 picks a free one)
  --state      SQLite state file (env MOCK_STATE, default ${DEFAULT_STATE}); a state.json beside it is imported once
  --staff-key  the staff key for the demo clock and persona rebuilds (env MOCK_STAFF_KEY, default ${DEMO_STAFF_KEY})
  --no-demo    no /demo/* routes (env MOCK_DEMO=0): personas and the demo clock answer 404`

function fatal(message: string): never {
  console.error(`mock server: ${message}\n${USAGE}`)
  process.exit(2)
}

/** `--name value` or `--name=value`. */
function parseArgs(argv: string[]): { port?: string; state?: string; 'staff-key'?: string; noDemo?: boolean } {
  const out: { port?: string; state?: string; 'staff-key'?: string; noDemo?: boolean } = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      process.exit(0)
    }
    if (arg === '--no-demo') {
      out.noDemo = true
      continue
    }
    const m = /^--(port|state|staff-key)(?:=(.*))?$/.exec(arg)
    if (!m) fatal(`unknown argument ${arg}`)
    const value = m[2] ?? argv[++i]
    if (value === undefined || value === '') fatal(`--${m[1]} needs a value`)
    out[m[1] as 'port' | 'state' | 'staff-key'] = value
  }
  return out
}

const args = parseArgs(process.argv.slice(2))
const portText = args.port ?? process.env.MOCK_PORT ?? String(DEFAULT_PORT)
const port = Number(portText)
if (!/^\d+$/.test(portText) || port > 65535) fatal(`invalid port ${portText}`)
const stateFile = sqlitePathFor(path.resolve(args.state ?? process.env.MOCK_STATE ?? DEFAULT_STATE))

const demo = !args.noDemo && process.env.MOCK_DEMO !== '0'
const staffKeyText = args['staff-key'] ?? process.env.MOCK_STAFF_KEY
if (staffKeyText !== undefined && !/^[\x21-\x7e]{8,64}$/.test(staffKeyText))
  fatal('--staff-key must be 8 to 64 visible ASCII characters')
const staffKey = staffKeyText ?? (demo ? DEMO_STAFF_KEY : null)

function startServer() {
  try {
    return createMockServer({ stateFile, demo, staffKey, log: (line) => console.log(`[mock] ${line}`) })
  } catch (error) {
    if (!(error instanceof StateFileError)) throw error
    // A state the server wrote holds members' data: never replace it with the seed unasked.
    console.error(
      `mock server: not starting: ${error.message}\n` +
        'The file is left as it is. Repair it, or move it elsewhere to start from a fresh seed.',
    )
    process.exit(1)
  }
}

const server = startServer()

server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE' ? `mock server: port ${port} is in use (try --port)` : `mock server: ${error.message}`,
  )
  process.exit(1)
})

server.listen(port, HOST, () => {
  const { port: bound } = server.address() as AddressInfo
  const shown = path.relative(process.cwd(), stateFile)
  console.log(`Mock backend on http://${HOST}:${bound}  (state: ${shown.startsWith('..') ? stateFile : shown})`)
  console.log(`Point the app at it: TARO_APP_API_MODE=http TARO_APP_API_BASE=http://${HOST}:${bound}`)
  console.log(
    demo
      ? `Demo mode: personas and the demo clock on; staff key ${staffKey === DEMO_STAFF_KEY ? `${DEMO_STAFF_KEY} (the default)` : 'from --staff-key / MOCK_STAFF_KEY'}`
      : 'Demo mode off (--no-demo): /demo/* answers 404',
  )
})

// Requests are handled and persisted synchronously, so between events there is never a
// half-written state: stop accepting, let open requests finish, then exit.
let stopping = false
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) {
    process.exit(1)
  }
  stopping = true
  console.log(`\n${signal}: stopping mock server`)
  server.close(() => process.exit(0))
  server.closeIdleConnections()
  setTimeout(() => {
    server.closeAllConnections()
    process.exit(0)
  }, SHUTDOWN_GRACE_MS).unref()
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
