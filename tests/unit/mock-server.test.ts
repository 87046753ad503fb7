/** @jest-environment node */
/**
 * The mock backend over HTTP, seen from a client: real sockets on 127.0.0.1, global fetch, a temp
 * state file per test.
 */
import * as fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Server } from 'node:http'
import { isDb } from '../../mock/engine/state'
import { PERSONA_SPECS } from '../../mock/engine/personas'
import Database from 'better-sqlite3'
import { Engine } from '../../mock/engine/engine'
import { loadState, StateFileError } from '../../mock/server/file-store'
import { SqliteStore } from '../../mock/server/sqlite-store'
import { createMockServer, type MockServerOptions } from '../../mock/server/http'

interface Running {
  base: string
  server: Server
  stateFile: string
  logs: string[]
}

interface Answer {
  status: number
  headers: Headers
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON the server sent; tests assert its shape
  body: any
}

const running: Server[] = []
let dir: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-server-'))
})

afterEach(async () => {
  await Promise.all(running.splice(0).map(stop))
  fs.rmSync(dir, { recursive: true, force: true })
})

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

async function start(options: MockServerOptions = {}): Promise<Running> {
  const logs: string[] = []
  const stateFile = options.stateFile ?? path.join(dir, 'state.sqlite')
  const server = createMockServer({ stateFile, log: (line) => logs.push(line), ...options })
  running.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { base: `http://127.0.0.1:${port}`, server, stateFile, logs }
}

interface CallOptions {
  token?: string
  body?: unknown
  key?: string
  headers?: Record<string, string>
  /** Sent as is, instead of JSON of `body`. */
  raw?: string
}

async function call(base: string, method: string, urlPath: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.key) headers['idempotency-key'] = options.key
  let body: string | undefined = options.raw
  if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
  const res = await fetch(base + urlPath, { method, headers, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
}

async function personaToken(base: string, persona: keyof typeof PERSONA_SPECS): Promise<string> {
  const res = await call(base, 'POST', '/demo/persona', { body: { persona, device: 'device-0001' } })
  expect(res.status).toBe(200)
  return res.body.token as string
}

const CHINESE = /[\u4e00-\u9fff]/

function expectError(res: Answer, status: number, code: string): void {
  expect(res.status).toBe(status)
  expect(res.body).toEqual({ error: { code, message: expect.stringMatching(CHINESE) } })
}

describe('what the HTTP layer refuses', () => {
  test('malformed JSON is a 400 invalid_json', async () => {
    const { base } = await start()
    const res = await call(base, 'POST', '/auth/login', { raw: '{"code": "abc", device:' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: { code: 'invalid_json', message: '请求体不是有效的 JSON' } })
  })

  test('a body over the limit is a 413, declared or streamed', async () => {
    const { base } = await start()
    const big = { code: 'x'.repeat(70 * 1024), device: 'device-0001' }
    expectError(await call(base, 'POST', '/auth/login', { body: big }), 413, 'payload_too_large')

    // No content-length: the server counts while reading and stops.
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    // `duplex` is required by Node's fetch for a stream body but missing from the DOM RequestInit type.
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit
    const res = await fetch(`${base}/auth/login`, init)
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')

    // The server still serves afterwards.
    expect((await call(base, 'GET', '/demo/personas')).status).toBe(200)
  })

  test('a body that is not JSON by content type is a 415', async () => {
    const { base } = await start()
    const res = await call(base, 'POST', '/auth/login', {
      raw: 'code=abc&device=device-0001',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expectError(res, 415, 'unsupported_media_type')
    expectError(
      await call(base, 'POST', '/auth/login', { raw: '{}', headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    )
  })

  test('an unknown route is a 404, a known path with another method a 405', async () => {
    const { base } = await start()
    expectError(await call(base, 'GET', '/nope'), 404, 'not_found')
    expectError(await call(base, 'GET', '/members?x=1'), 405, 'method_not_allowed')
    expectError(await call(base, 'DELETE', '/me'), 405, 'method_not_allowed')
  })

  test('a schema violation is a 400 with a Chinese message naming the field', async () => {
    const { base } = await start()
    const res = await call(base, 'POST', '/auth/login', { body: { code: 'abc', device: 'short' } })
    expectError(res, 400, 'invalid_request')
    expect(res.body.error.message).toContain('device')
  })

  test('CORS: the preflight is a 204 allowing our headers, responses expose the server time', async () => {
    const { base } = await start()
    const pre = await fetch(`${base}/members`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:10086',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST')
    for (const h of ['authorization', 'content-type', 'idempotency-key', 'x-till-key', 'x-staff-key'])
      expect(pre.headers.get('access-control-allow-headers')).toContain(h)

    const res = await call(base, 'GET', '/programme', { headers: { origin: 'http://localhost:10086' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-expose-headers')).toContain('x-server-time')
    expect(Number(res.headers.get('x-server-time'))).toBeGreaterThan(0)
  })
})

describe('who may see what', () => {
  test('GET /me without a token or with a bogus one is a 401', async () => {
    const { base } = await start()
    expectError(await call(base, 'GET', '/me'), 401, 'unauthorized')
    expectError(await call(base, 'GET', '/me', { token: 'f'.repeat(48) }), 401, 'unauthorized')
    expectError(
      await call(base, 'GET', '/me', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }),
      401,
      'unauthorized',
    )
  })

  test('a persona login then GET /me shows that persona’s card', async () => {
    const { base } = await start()
    const token = await personaToken(base, 'silver')
    const me = await call(base, 'GET', '/me', { token })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({
      cardId: PERSONA_SPECS.silver.cardId,
      nickname: PERSONA_SPECS.silver.nickname,
      tierName: '银卡',
    })
    expect(me.body.phoneMasked).not.toBe(PERSONA_SPECS.silver.phone)
  })

  test('one member’s token only ever reads and changes that member’s card', async () => {
    const { base } = await start()
    const silver = await personaToken(base, 'silver')
    const black = await personaToken(base, 'black')

    const silverCard = (await call(base, 'GET', '/me', { token: silver })).body
    const blackCard = (await call(base, 'GET', '/me', { token: black })).body
    expect(silverCard.cardId).toBe(PERSONA_SPECS.silver.cardId)
    expect(blackCard.cardId).toBe(PERSONA_SPECS.black.cardId)
    expect(silverCard.memberId).not.toBe(blackCard.memberId)

    // Naming the other member in the body is refused (requests are strict) and changes nothing.
    const naming = await call(base, 'POST', '/me/profile', {
      token: silver,
      body: { nickname: '银卡改名', memberId: blackCard.memberId, cardId: blackCard.cardId },
    })
    expectError(naming, 400, 'invalid_request')
    expect((await call(base, 'GET', '/me', { token: black })).body).toEqual(blackCard)
    expect((await call(base, 'GET', '/me', { token: silver })).body).toEqual(silverCard)
    // The session decides whose card it is.
    const patched = await call(base, 'POST', '/me/profile', { token: silver, body: { nickname: '银卡改名' } })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ memberId: silverCard.memberId, nickname: '银卡改名' })
    expect((await call(base, 'GET', '/me', { token: black })).body).toEqual(blackCard)

    const blackPatched = await call(base, 'POST', '/me/profile', { token: black, body: { city: '北京' } })
    expect(blackPatched.body).toMatchObject({
      memberId: blackCard.memberId,
      city: '北京',
      nickname: blackCard.nickname,
    })
    expect((await call(base, 'GET', '/me', { token: silver })).body).toMatchObject({
      nickname: '银卡改名',
      city: silverCard.city,
    })
  })
})

describe('joining with an idempotency key', () => {
  const form = { phone: '13912345678', nickname: '阿福', city: '上海' }

  async function newcomer(base: string): Promise<string> {
    const res = await call(base, 'POST', '/auth/login', { body: { code: 'wx-code', device: 'install-abc-123' } })
    expect(res.status).toBe(200)
    expect(res.body.memberId).toBeNull()
    expectError(await call(base, 'GET', '/me', { token: res.body.token }), 404, 'not_member')
    return res.body.token as string
  }

  test('the same key twice makes one member and replays the same answer', async () => {
    const { base, stateFile, logs } = await start()
    const token = await newcomer(base)
    const first = await call(base, 'POST', '/members', { token, key: 'join-1', body: form })
    expect(first.status).toBe(200)
    const again = await call(base, 'POST', '/members', { token, key: 'join-1', body: form })
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect((await call(base, 'GET', '/me', { token })).body.memberId).toBe(first.body.memberId)

    // A fresh key is a new attempt, which finds the member already there.
    expectError(await call(base, 'POST', '/members', { token, key: 'join-2', body: form }), 409, 'already_member')
    const store = new SqliteStore(stateFile)
    const stored = store.load() as { members: Record<string, unknown> }
    store.close()
    expect(Object.values(stored.members).filter((m) => (m as { phone: string }).phone === form.phone)).toHaveLength(1)

    // The access log has method, path, status and time, and no token, phone or name.
    expect(logs).toContainEqual(expect.stringMatching(/^POST \/members 200 \d+ms$/))
    for (const line of logs) for (const secret of [token, form.phone, form.nickname]) expect(line).not.toContain(secret)
  })

  test('the same key with a different body is a 422; no key is a 400', async () => {
    const { base } = await start()
    const token = await newcomer(base)
    expect((await call(base, 'POST', '/members', { token, key: 'join-1', body: form })).status).toBe(200)
    expectError(
      await call(base, 'POST', '/members', { token, key: 'join-1', body: { ...form, nickname: '阿贵' } }),
      422,
      'idempotency_key_reused',
    )
    expectError(await call(base, 'POST', '/members', { token, body: form }), 400, 'missing_idempotency_key')
  })
})

describe('state on disk', () => {
  /** The state the SQLite file holds, read as the server reads it at start. */
  function stored(file: string): Record<string, unknown> {
    const store = new SqliteStore(file)
    try {
      return store.load() as Record<string, unknown>
    } finally {
      store.close()
    }
  }

  test('state survives a restart from the SQLite file', async () => {
    const first = await start()
    expect(first.stateFile.endsWith('state.sqlite')).toBe(true)
    const token = await personaToken(first.base, 'silver')
    expect((await call(first.base, 'POST', '/me/profile', { token, body: { nickname: '重启之前' } })).status).toBe(200)
    await stop(first.server)

    const second = await start({ stateFile: first.stateFile })
    const me = await call(second.base, 'GET', '/me', { token })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ cardId: PERSONA_SPECS.silver.cardId, nickname: '重启之前' })
  })

  test('the JSON state of earlier versions (5, rules without horizons) is imported once, brought up to date, and kept renamed', async () => {
    const old = JSON.parse(JSON.stringify(new Engine(null).db)) as Record<string, unknown> & {
      version: number
      programme: Record<string, unknown>
      members: Record<string, { nickname: string }>
      byCard?: unknown
    }
    old.version = 5
    delete old.programme.horizons
    delete old.byCard
    old.members['m-silver'].nickname = '升级之前'
    const json = path.join(dir, 'state.json')
    fs.writeFileSync(json, JSON.stringify(old))
    // pid 2^22+1 is above Linux's pid_max default: no live process owns it.
    const leftover = `.state.json.${2 ** 22 + 1}.0badc0de.tmp`
    fs.writeFileSync(path.join(dir, leftover), '{"half":')

    const first = await start({ stateFile: path.join(dir, 'state.sqlite') })
    const token = await personaToken(first.base, 'silver')
    expect((await call(first.base, 'GET', '/me', { token })).body).toMatchObject({ nickname: '升级之前' })
    expect((await call(first.base, 'GET', '/programme')).body).toMatchObject({
      horizons: { rollingMonths: 12, expiringWithinDays: 90 },
    })
    expect(first.logs).toContain(`removed ${leftover}, left by a save that did not finish`)
    const kept = fs.readdirSync(dir).filter((f) => f.startsWith('state.json.imported-'))
    expect(kept).toHaveLength(1)
    expect(fs.existsSync(json)).toBe(false)
    expect(JSON.parse(fs.readFileSync(path.join(dir, kept[0]), 'utf8'))).toEqual(old)
    await stop(first.server)
    expect(isDb(stored(first.stateFile))).toBe(true)

    // Once only: a state.json that turns up again is left alone, the database wins.
    fs.writeFileSync(json, JSON.stringify({ ...old, members: {} }))
    const second = await start({ stateFile: first.stateFile })
    expect((await call(second.base, 'GET', '/me', { token })).body).toMatchObject({ nickname: '升级之前' })
    expect(second.logs).toContain('state.json left as it is: state.sqlite already holds the state')
    expect(fs.existsSync(json)).toBe(true)
  })

  test('--state x.json means x.sqlite beside it, with x.json imported', async () => {
    fs.writeFileSync(path.join(dir, 'x.json'), JSON.stringify(new Engine(null).db))
    const { base, stateFile } = await start({ stateFile: path.join(dir, 'x.json') })
    expect((await call(base, 'GET', '/programme')).status).toBe(200)
    expect(fs.existsSync(path.join(dir, 'x.sqlite'))).toBe(true)
    expect(fs.existsSync(stateFile)).toBe(false)
  })

  test.each([
    ['not JSON', '{"version":1,"members":{"m-1":{"nick', /is not valid JSON/],
    [
      'JSON that is not our state',
      JSON.stringify({ version: 0, members: [] }),
      /not a usable state: version is 0, expected \d+/,
    ],
  ])(
    'a JSON state to import that is %s: the server does not start, and nothing is created or changed',
    (_name, text, problem) => {
      const json = path.join(dir, 'state.json')
      fs.writeFileSync(json, text)
      const stateFile = path.join(dir, 'state.sqlite')
      expect(() => createMockServer({ stateFile })).toThrow(StateFileError)
      expect(() => createMockServer({ stateFile })).toThrow(problem)
      expect(() => createMockServer({ stateFile })).toThrow(json)
      expect(fs.readdirSync(dir)).toEqual(['state.json'])
      expect(fs.readFileSync(json, 'utf8')).toBe(text)
    },
  )

  test.each([
    [
      'a member without a subject',
      (m: Record<string, unknown>) => JSON.stringify({ ...m, subject: undefined }),
      /members\["m-silver"\]: subject is not a string/,
    ],
    ['a row that is not JSON', () => '{"id":', /members\["m-silver"\] is not valid JSON/],
  ])(
    'a stored row with %s: the server does not start, names the file and the problem, changes nothing',
    async (_name, damage, problem) => {
      const first = await start()
      await personaToken(first.base, 'silver')
      await stop(first.server)
      const db = new Database(first.stateFile)
      const row = db.prepare('SELECT value FROM members WHERE key = ?').get('m-silver') as { value: string }
      db.prepare('UPDATE members SET value = ? WHERE key = ?').run(damage(JSON.parse(row.value)), 'm-silver')
      db.close()
      const before = fs.readFileSync(first.stateFile)
      expect(() => createMockServer({ stateFile: first.stateFile })).toThrow(StateFileError)
      expect(() => createMockServer({ stateFile: first.stateFile })).toThrow(problem)
      expect(() => createMockServer({ stateFile: first.stateFile })).toThrow(`state file ${first.stateFile}`)
      expect(fs.readFileSync(first.stateFile).equals(before)).toBe(true)
    },
  )

  test('a missing JSON file loads as null', () => {
    expect(loadState(path.join(dir, 'none.json'))).toBeNull()
  })
})

describe('staff routes over HTTP', () => {
  test('the demo clock takes the staff key only: a member token is refused, the configured key works', async () => {
    const { base } = await start({ staffKey: 'SHOWROOM-2026' })
    const token = await personaToken(base, 'silver')
    expectError(await call(base, 'POST', '/demo/clock', { token, body: { to: 'member-day' } }), 403, 'staff_only')
    expectError(
      await call(base, 'POST', '/demo/clock', {
        headers: { 'x-staff-key': 'DEMO-STAFF-1' },
        body: { to: 'member-day' },
      }),
      401,
      'staff_unauthorized',
    )
    const moved = await call(base, 'POST', '/demo/clock', {
      headers: { 'x-staff-key': 'SHOWROOM-2026' },
      body: { to: 'member-day' },
    })
    expect(moved.status).toBe(200)
    expect(moved.body.offsetMs).toBeGreaterThan(0)
  })

  test('with demo mode off (--no-demo) the demo routes are not there', async () => {
    const { base } = await start({ demo: false })
    expectError(await call(base, 'GET', '/demo/personas'), 404, 'not_found')
    expectError(
      await call(base, 'POST', '/demo/persona', { body: { persona: 'silver', device: 'device-0001' } }),
      404,
      'not_found',
    )
    expectError(
      await call(base, 'POST', '/demo/clock', {
        headers: { 'x-staff-key': 'DEMO-STAFF-1' },
        body: { to: 'member-day' },
      }),
      404,
      'not_found',
    )
    expect((await call(base, 'GET', '/programme')).status).toBe(200)
  })
})
