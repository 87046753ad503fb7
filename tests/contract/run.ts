/**
 * The contract conformance suite: `npm run test:contract -- --base URL --till-key K [--staff-key S]
 * [--member-token T]` runs the contract's flows against any backend and ends with
 * `N passed, N failed, N skipped` (exit 1 on a failure). Without --base it starts the mock backend
 * (mock/server/main.ts, what `npm run mock:server` runs) on a free loopback port with a temp state
 * file, runs against it with the demo till key, and stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { flows, Skip, type Context } from './flows'
import { Backend } from './http'

const root = path.resolve(__dirname, '../..')
const DEMO_TILL_KEY = 'DEMO-TILL-1'
const DEMO_STAFF_KEY = 'DEMO-STAFF-1'
const START_TIMEOUT_MS = 20_000
const STOP_GRACE_MS = 5_000

const USAGE = `Usage: npm run test:contract -- [--base URL --till-key K] [--staff-key S] [--member-token T]
  --base          the backend to check (default: start the mock backend on a free port)
  --till-key      a till key of that backend (required with --base)
  --staff-key     a staff key, for staff endpoints (optional)
  --member-token  a member session, for a backend without /demo/persona (optional)`

interface Args {
  base?: string
  'till-key'?: string
  'staff-key'?: string
  'member-token'?: string
}

function usage(message: string): never {
  console.error(`contract: ${message}\n${USAGE}`)
  process.exit(2)
}

function parseArgs(argv: string[]): Args {
  const out: Args = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      process.exit(0)
    }
    const m = /^--(base|till-key|staff-key|member-token)(?:=(.*))?$/.exec(arg)
    if (!m) usage(`unknown argument ${arg}`)
    const value = m[2] ?? argv[++i]
    if (value === undefined || value === '') usage(`--${m[1]} needs a value`)
    out[m[1] as keyof Args] = value
  }
  if (out.base && !/^https?:\/\/\S+$/.test(out.base)) usage(`--base must be an http(s) URL, got ${out.base}`)
  if (out.base && !out['till-key']) usage('--till-key is required with --base')
  return out
}

/** The mock backend on 127.0.0.1 (port 0: the system picks a free one), state in a temp dir. */
async function startMock(): Promise<{ base: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-mock-'))
  const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs')
  const child: ChildProcess = spawn(
    process.execPath,
    [tsx, 'mock/server/main.ts', '--port', '0', '--state', path.join(dir, 'state.sqlite')],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the mock backend did not start in ${START_TIMEOUT_MS / 1000} s:\n${output}`)),
      START_TIMEOUT_MS,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /Mock backend on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the mock backend exited (${code}) before it listened:\n${output}`))
    })
  })
  return {
    base,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
        await exited
        clearTimeout(killer)
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function runFlows(ctx: Context): Promise<{ passed: number; failed: number; skipped: number }> {
  const tally = { passed: 0, failed: 0, skipped: 0 }
  for (const flow of flows) {
    const started = Date.now()
    try {
      const note = await flow.run(ctx)
      tally.passed++
      console.log(`  ✓ ${flow.name} (${Date.now() - started} ms)${note ? ` — ${note}` : ''}`)
    } catch (error) {
      if (error instanceof Skip) {
        tally.skipped++
        console.log(`  - ${flow.name} (skipped: ${error.message})`)
      } else {
        tally.failed++
        console.log(`  ✗ ${flow.name}\n      ${(error as Error).message ?? String(error)}`)
      }
    }
  }
  return tally
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const mock = args.base ? null : await startMock()
  const base = args.base ?? mock?.base ?? ''
  console.log(`contract: checking ${base}${mock ? ' (mock backend started for this run)' : ''}`)
  const started = Date.now()
  let tally: { passed: number; failed: number; skipped: number }
  try {
    tally = await runFlows({
      api: new Backend(base),
      tillKey: args['till-key'] ?? DEMO_TILL_KEY,
      // The mock this run started is in demo mode with its default staff key.
      staffKey: args['staff-key'] ?? (mock ? DEMO_STAFF_KEY : undefined),
      memberToken: args['member-token'],
    })
  } finally {
    await mock?.stop()
  }
  console.log(
    `contract: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  )
  process.exit(tally.failed > 0 ? 1 : 0)
}

main().catch((error: unknown) => {
  console.error(`contract: ${(error as Error)?.message ?? String(error)}`)
  process.exit(1)
})
