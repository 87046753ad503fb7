/**
 * npm run bench:server — what mock:server's writes cost, in figures (never assertions).
 * 1. Load: mock:server on a free loopback port with a temp SQLite state, seeded before the start by
 *    writing members straight into the file (seedDb + addMember + the store's write); 20 tills (the 6
 *    demo till keys, each checking out at its own store) for BENCH_SECONDS (20): checkouts/s, p50/p99,
 *    member-code checkouts (distinct members, codes computed from their secrets) apart from anonymous.
 * 2. One checkout's cost in-process (engine, router, SQLite write) at 10, 1,000 and 10,000 members.
 * 3. kill -9 during load, BENCH_KILLS (5) times: every receipt answered 200 is there after a restart.
 * Env: BENCH_SECONDS=20 BENCH_MEMBERS=10000 BENCH_KILLS=5 BENCH_TILLS=20. Heavy: run under flock.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import { IDEMPOTENCY_HEADER, TILL_KEY_HEADER } from '../src/api/contract'
import type { TransportResponse } from '../src/api/transport'
import { hexToBytes, memberCodeAt } from '../src/domain/member-code'
import type { Db, MemberRecord } from '../mock/engine/db'
import { Engine } from '../mock/engine/engine'
import { wholeState } from '../mock/engine/journal'
import { freshAccount } from '../mock/engine/personas'
import { addMember, defaultRandomHex, seedDb } from '../mock/engine/state'
import { defaultTills } from '../mock/engine/stores'
import { createBackend } from '../mock/router'
import { SqliteStore } from '../mock/server/sqlite-store'

const ROOT = path.resolve(__dirname, '..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000)
const KILLS = Number(process.env.BENCH_KILLS ?? 5)
const TILLS = Number(process.env.BENCH_TILLS ?? 20)

interface Seeded {
  cardId: string
  secret: Uint8Array
}

/** `count` members with code secrets, added to a fresh seed (5 personas besides). */
function seededDb(count: number, now: number): { db: Db; members: Seeded[] } {
  const db = seedDb(now)
  const members: Seeded[] = []
  for (let i = 0; i < count; i++) {
    const cardId = `3${i.toString().padStart(9, '0')}`
    const secret = defaultRandomHex(20)
    const member: MemberRecord = {
      ...freshAccount(),
      id: `m-bench-${i}`,
      cardId,
      subject: `device:bench-${i}`,
      phone: `137${i.toString().padStart(8, '0')}`,
      nickname: `会员${i}`,
      birthday: null,
      city: null,
      joinedAt: now,
      tierId: db.programme.tiers[0].id,
      tierSince: now,
      inviteCode: `MB${i}`,
      invitedBy: null,
      codeSecret: secret,
    }
    addMember(db, member)
    members.push({ cardId, secret: hexToBytes(secret) })
  }
  return { db, members }
}

function seedFile(file: string, count: number): Seeded[] {
  const { db, members } = seededDb(count, Date.now())
  const store = new SqliteStore(file)
  store.write(wholeState(db))
  store.close()
  return members
}

/** Starts mock:server (node + tsx, so a kill -9 reaches the server itself) and resolves with its port. */
function startServer(file: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock/server/main.ts', '--port', '0', '--state', file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /Mock backend on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m) {
        // The access log is one line per request: drain it, unread.
        child.stdout!.removeAllListeners('data')
        child.stdout!.resume()
        resolve({ child, port: Number(m[1]) })
      }
    })
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => reject(new Error(`mock:server exited (${code}): ${err}`)))
  })
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

function request(
  port: number,
  method: string,
  p: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: p,
        agent,
        headers: { ...headers, ...(text ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString()
          resolve({ status: res.statusCode ?? 0, body: raw ? (JSON.parse(raw) as unknown) : null })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(text)
  })
}

const TILL_KEYS = defaultTills().map((t) => ({ key: t.key, storeId: t.storeId }))

interface LoadResult {
  ok: { member: number[]; anonymous: number[] }
  refused: Map<string, number>
  errors: number
  receipts: string[]
  seconds: number
}

/**
 * `tills` loops, each a till with one of the demo keys at its own store, for `ms` (or until `stop`):
 * every other checkout shows the next member's code (each member once), the rest are anonymous.
 */
async function load(
  port: number,
  members: Seeded[],
  ms: number,
  tills: number,
  memberShare: number,
  stop?: Promise<void>,
): Promise<LoadResult> {
  const result: LoadResult = {
    ok: { member: [], anonymous: [] },
    refused: new Map(),
    errors: 0,
    receipts: [],
    seconds: 0,
  }
  // Each key's store as the backend tells the till (its own store, never another's).
  const stores = new Map<string, string>()
  for (const { key } of TILL_KEYS) {
    const me = await request(port, 'GET', '/till/me', { [TILL_KEY_HEADER]: key })
    stores.set(key, (me.body as { storeId: string }).storeId)
  }
  let next = 0
  let stopped = false
  void stop?.then(() => (stopped = true))
  const started = performance.now()
  const end = started + ms
  let seq = 0
  const run = async (i: number) => {
    const key = TILL_KEYS[i % TILL_KEYS.length].key
    const storeId = stores.get(key)!
    let n = 0
    while (!stopped && performance.now() < end) {
      const withCode = (n++ * memberShare) % 1 < memberShare && next < members.length
      const member = withCode ? members[next++] : null
      const body = {
        storeId,
        amountFen: 3000 + (n % 50) * 100,
        ...(member ? { code: memberCodeAt(member.cardId, member.secret, Date.now()) } : {}),
      }
      const t0 = performance.now()
      try {
        const res = await request(
          port,
          'POST',
          '/till/checkout',
          { [TILL_KEY_HEADER]: key, [IDEMPOTENCY_HEADER]: `bench-${process.pid}-${i}-${++seq}` },
          body,
        )
        const ms = performance.now() - t0
        if (res.status === 200) {
          ;(member ? result.ok.member : result.ok.anonymous).push(ms)
          result.receipts.push((res.body as { receiptId: string }).receiptId)
        } else {
          const code = (res.body as { error?: { code?: string } })?.error?.code ?? String(res.status)
          result.refused.set(code, (result.refused.get(code) ?? 0) + 1)
        }
      } catch {
        // The server was killed under it (the kill rounds): this request was never acknowledged.
        result.errors++
        if (stop) return
      }
    }
  }
  await Promise.all(Array.from({ length: tills }, (_, i) => run(i)))
  result.seconds = (performance.now() - started) / 1000
  return result
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-')

function stopServer(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.removeAllListeners('exit')
    child.on('exit', () => resolve())
    child.kill(signal)
  })
}

/**
 * One checkout's cost in-process: engine + router, then with the SQLite write (fsync) too; median of
 * `runs` member-code checkouts by the first 10 members on a clock that moves a code step every 10
 * checkouts (a code works once a step), so each size does the same work and only the count differs.
 */
function checkoutCost(count: number, dir: string, runs = 400): { ms: number; engineMs: number } {
  const { db, members } = seededDb(count, Date.now())
  const file = path.join(dir, `cost-${count}.sqlite`)
  const store = new SqliteStore(file)
  store.write(wholeState(db))
  const measure = (persist: boolean) => {
    let clock = Date.now()
    const engine = new Engine(JSON.parse(JSON.stringify(db)), { now: () => clock })
    engine.takeChanges()
    const backend = createBackend(engine, persist ? { persist: (c) => store.write(c) } : {})
    const till = TILL_KEYS[0]
    const send = (i: number, code: boolean): TransportResponse => {
      const m = members[i % 10]
      return backend.dispatch({
        method: 'POST',
        path: '/till/checkout',
        headers: { [TILL_KEY_HEADER]: till.key, [IDEMPOTENCY_HEADER]: `cost-${persist}-${code}-${i}` },
        body: {
          storeId: till.storeId,
          amountFen: 3000,
          ...(code ? { code: memberCodeAt(m.cardId, m.secret, clock) } : {}),
        },
        timeoutMs: 1000,
      })
    }
    for (let i = 0; i < 20; i++) send(i, false) // warm-up: anonymous
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      if (i % 10 === 0) clock += 30_000
      const t0 = performance.now()
      const res = send(i, true)
      times.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`checkout refused: ${JSON.stringify(res.body)}`)
    }
    // The median: the machine is shared, and a mean takes in whatever else ran meanwhile.
    return percentile(
      times.sort((a, b) => a - b),
      50,
    )
  }
  const engineMs = measure(false)
  const ms = measure(true)
  store.close()
  return { ms, engineMs }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-server-'))
  const lines: string[] = []
  const say = (s: string) => {
    lines.push(s)
    console.log(s)
  }
  try {
    say(
      `bench:server — ${os.cpus().length} cores, node ${process.version}; state seeded into the SQLite file before start`,
    )

    // 1. Load
    const file = path.join(dir, 'state.sqlite')
    let t = performance.now()
    const members = seedFile(file, MEMBERS)
    say(`seeded ${MEMBERS} members (+5 personas) in ${fmt((performance.now() - t) / 1000, 1)} s`)
    const server = await startServer(file)
    const r = await load(server.port, members, SECONDS * 1000, TILLS, 0.5)
    await stopServer(server.child, 'SIGTERM')
    const all = [...r.ok.member, ...r.ok.anonymous].sort((a, b) => a - b)
    const mem = [...r.ok.member].sort((a, b) => a - b)
    const anon = [...r.ok.anonymous].sort((a, b) => a - b)
    say('')
    say(`load: ${TILLS} tills (keys DEMO-TILL-1..6, each at its own store) for ${fmt(r.seconds, 1)} s`)
    say('| checkouts   |      n |    /s |  p50 ms |  p99 ms |')
    say('| ---------   | -----: | ----: | ------: | ------: |')
    for (const [name, xs] of [
      ['all', all],
      ['member code', mem],
      ['anonymous', anon],
    ] as const)
      say(
        `| ${name.padEnd(11)} | ${String(xs.length).padStart(6)} | ${fmt(xs.length / r.seconds, 0).padStart(5)} | ${fmt(percentile(xs, 50), 2).padStart(7)} | ${fmt(percentile(xs, 99), 2).padStart(7)} |`,
      )
    if (r.refused.size) say(`refused: ${[...r.refused].map(([c, n]) => `${c} ×${n}`).join(', ')}`)
    if (r.errors) say(`transport errors: ${r.errors}`)

    // 2. One checkout's cost by member count
    say('')
    say('one member-code checkout, in-process (median of 400, by 10 members, whatever the count):')
    say('| members | engine+router ms | + SQLite write ms |')
    say('| ------: | ---------------: | ----------------: |')
    const costs: number[] = []
    checkoutCost(10, dir) // warm-up: the first size measured would otherwise pay for the JIT
    for (const n of [10, 1_000, 10_000]) {
      const c = checkoutCost(n, dir)
      costs.push(c.engineMs)
      say(`| ${String(n).padStart(7)} | ${fmt(c.engineMs, 3).padStart(16)} | ${fmt(c.ms, 3).padStart(17)} |`)
    }
    say(`engine cost at 10,000 members / at 10: ×${fmt(costs[2] / costs[0], 2)} (goal ≤ ×2)`)

    // 3. kill -9 during load
    say('')
    const killFile = path.join(dir, 'kill.sqlite')
    seedFile(killFile, 10)
    let acknowledged = 0
    let missing = 0
    for (let round = 1; round <= KILLS; round++) {
      const s = await startServer(killFile)
      let kill!: () => void
      const killed = new Promise<void>((resolve) => (kill = resolve))
      const running = load(s.port, [], 5_000, 10, 0, killed)
      await new Promise((res) => setTimeout(res, 500 + Math.random() * 1000))
      s.child.kill('SIGKILL')
      await new Promise<void>((res) => s.child.once('exit', () => res()))
      kill()
      const got = await running
      agent.destroy()
      // Restart (it must start), then read the receipts from the file it serves.
      t = performance.now()
      const again = await startServer(killFile)
      const restartMs = performance.now() - t
      const store = new SqliteStore(killFile)
      const receipts = (store.load() as Db).receipts
      store.close()
      await stopServer(again.child, 'SIGTERM')
      const lost = got.receipts.filter((id) => !Object.prototype.hasOwnProperty.call(receipts, id))
      acknowledged += got.receipts.length
      missing += lost.length
      say(
        `kill -9 round ${round}: ${got.receipts.length} receipts acknowledged, ${lost.length} missing after restart (restart ${fmt(restartMs, 0)} ms)`,
      )
    }
    say(`kill -9: ${acknowledged} acknowledged receipts in ${KILLS} rounds, ${missing} missing`)
  } finally {
    agent.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
