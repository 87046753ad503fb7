/** @jest-environment node */
import { createClient } from '@/api/client'
import { HttpError, NetworkError, UnauthorizedError, ValidationError } from '@/api/errors'
import { createLocalTransport } from '@/api/transports/local'
import type { Transport, TransportRequest, TransportResponse } from '@/api/transport'
import { Engine } from '../../mock/engine/engine'
import { createBackend } from '../../mock/router'

const T0 = Date.UTC(2026, 10, 28, 2)

function setup(opts: { now?: () => number; ttl?: number } = {}) {
  let clock = T0
  const engine = new Engine(null, { now: opts.now ?? (() => clock), sessionTtlMs: opts.ttl })
  const backend = createBackend(engine)
  const sent: TransportRequest[] = []
  let fault: ((req: TransportRequest) => TransportResponse | Error | null) | null = null
  const transport: Transport = async (req) => {
    sent.push(req)
    const f = fault?.(req)
    if (f instanceof Error) throw f
    if (f) return f
    return createLocalTransport({ handle: (r) => backend.dispatch(r) })(req)
  }
  let token: string | null = null
  let relogins = 0
  const client = createClient({
    transport,
    getToken: () => token,
    relogin: async () => {
      relogins++
      token = (await client.personaLogin({ persona: 'silver', device: 'device-0001' })).token
      return token
    },
    sleep: async () => undefined,
    now: () => clock,
  })
  return {
    engine,
    client,
    sent,
    setFault: (f: typeof fault) => (fault = f),
    setToken: (t: string | null) => (token = t),
    relogins: () => relogins,
    advance: (ms: number) => (clock += ms),
    setClock: (ms: number) => (clock = ms),
  }
}

test('a response that does not match the contract becomes a ValidationError with Chinese copy', async () => {
  const s = setup()
  s.setFault((req) => (req.path === '/programme' ? { status: 200, headers: {}, body: { brand: 42, tiers: [] } } : null))
  const error = await s.client.getProgramme().catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ValidationError)
  expect((error as ValidationError).userMessage).toBe('服务器返回的数据异常，请稍后重试')
  expect((error as ValidationError).issues.join()).toMatch(/brand/)
})

test('a non-JSON error body still gives an HttpError with copy', async () => {
  const s = setup()
  s.setFault(() => ({ status: 502, headers: {}, body: '<html>Bad gateway</html>' }))
  const error = await s.client.getProgramme().catch((e: unknown) => e)
  expect(error).toBeInstanceOf(HttpError)
  expect((error as HttpError).userMessage).toBe('服务暂时不可用，请稍后重试')
})

test('GETs retry on network errors with backoff, then succeed', async () => {
  const s = setup()
  let failures = 2
  s.setFault(() => (failures-- > 0 ? new NetworkError('down') : null))
  const programme = await s.client.getProgramme()
  expect(programme.tiers.map((t) => t.name)).toEqual(['新会员', '银卡', '金卡', '黑金'])
  expect(s.sent.filter((r) => r.path === '/programme')).toHaveLength(3)
})

test('GETs give up after three attempts with a NetworkError', async () => {
  const s = setup()
  s.setFault(() => new NetworkError('down'))
  await expect(s.client.getProgramme()).rejects.toBeInstanceOf(NetworkError)
  expect(s.sent).toHaveLength(3)
})

test('a mutation without a key is never retried', async () => {
  const s = setup()
  s.setFault(() => new NetworkError('down'))
  await expect(s.client.login({ code: 'x', device: 'device-0001' })).rejects.toBeInstanceOf(NetworkError)
  expect(s.sent).toHaveLength(1)
})

test('a keyed mutation retried after a lost answer reuses its key and creates one member', async () => {
  const s = setup()
  const token = (await s.client.login({ code: 'x', device: 'device-0003' })).token
  const wire = createLocalTransport({ handle: (r) => createBackend(s.engine).dispatch(r) })
  const keys: string[] = []
  let dropAnswer = true
  // The first attempt reaches the server, but its answer is lost on the way back.
  const lossy: Transport = async (req) => {
    keys.push(req.headers['idempotency-key'])
    const res = await wire(req)
    if (dropAnswer) {
      dropAnswer = false
      throw new NetworkError('answer lost')
    }
    return res
  }
  const client = createClient({
    transport: lossy,
    getToken: () => token,
    relogin: async () => token,
    sleep: async () => undefined,
  })
  const card = await client.join({ phone: '13912345678', nickname: '阿青' })
  expect(card.nickname).toBe('阿青')
  expect(keys).toHaveLength(2)
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
  expect(keys[1]).toBe(keys[0])
  expect(Object.values(s.engine.db.members).filter((m) => m.phone === '13912345678')).toHaveLength(1)
})

test('the same idempotency key with a different body is refused', async () => {
  const s = setup()
  s.setToken((await s.client.login({ code: 'x', device: 'device-0004' })).token)
  await s.client.join({ phone: '13912345670', nickname: '一' }, { idempotencyKey: 'k-1' })
  const again = await s.client.join({ phone: '13912345670', nickname: '一' }, { idempotencyKey: 'k-1' })
  expect(again.nickname).toBe('一')
  const error = await s.client
    .join({ phone: '13912345671', nickname: '二' }, { idempotencyKey: 'k-1' })
    .catch((e: unknown) => e)
  expect(error).toBeInstanceOf(HttpError)
  expect((error as HttpError).status).toBe(422)
})

test('a 401 triggers one silent re-login and one replay', async () => {
  const s = setup({ ttl: 60_000 })
  s.setToken((await s.client.personaLogin({ persona: 'silver', device: 'device-0001' })).token)
  s.advance(61_000) // the session expires
  const card = await s.client.getMe()
  expect(card.nickname).toBe('林小满')
  expect(s.relogins()).toBe(1)
  expect(s.sent.map((r) => r.path)).toEqual(['/demo/persona', '/me', '/demo/persona', '/me'])
})

test('a 401 that survives the re-login is an UnauthorizedError', async () => {
  const s = setup()
  s.setToken('bogus')
  s.setFault((req) =>
    req.path === '/me'
      ? { status: 401, headers: {}, body: { error: { code: 'unauthorized', message: '登录已失效' } } }
      : null,
  )
  await expect(s.client.getMe()).rejects.toBeInstanceOf(UnauthorizedError)
  expect(s.relogins()).toBe(1)
})

test('the server clock offset is tracked from every response', async () => {
  const server = T0 + 90_000 // the server is 90 s ahead of the phone
  const s = setup({ now: () => server })
  await s.client.getProgramme()
  expect(s.client.serverNow() - T0).toBe(90_000)
})

describe('numbers in a query', () => {
  test('the client takes numbers and writes them as digits; the server reads them back as numbers', async () => {
    const s = setup()
    s.setToken((await s.client.personaLogin({ persona: 'black', device: 'device-0001' })).token)
    const first = await s.client.getLedger({ limit: 5 })
    expect(first.entries).toHaveLength(5)
    expect(typeof first.nextCursor).toBe('number')
    const second = await s.client.getLedger({ cursor: first.nextCursor ?? 0, limit: 5 })
    expect(second.entries.map((e) => e.id)).not.toContain(first.entries.at(-1)!.id)
    await s.client.getActivity({ since: T0 - 1 })
    expect(s.sent.map((r) => r.path).slice(1)).toEqual([
      '/me/ledger?limit=5',
      `/me/ledger?cursor=${first.nextCursor}&limit=5`,
      `/me/activity?since=${T0 - 1}`,
    ])
  })

  test('a string where the contract has a number does not compile', () => {
    const s = setup()
    const calls = () => [
      // @ts-expect-error since is a number (ms), not digits
      s.client.getActivity({ since: '0' }),
      // @ts-expect-error limit is a number
      s.client.getLedger({ limit: '30' }),
    ]
    expect(typeof calls).toBe('function')
  })

  test.each([
    ['/me/ledger?limit=abc', 'limit', 3],
    ['/me/ledger?cursor=-1', 'cursor', 9],
    ['/me/ledger?limit=1e3', 'limit', 3],
    ['/me/activity?since=', 'since', 15],
  ])('%s is a 400 in Chinese', async (path, field, digits) => {
    const engine = new Engine(null, { now: () => T0 })
    const backend = createBackend(engine)
    const { token } = engine.personaLogin('silver')
    const res = backend.dispatch({
      method: 'GET',
      path,
      headers: { authorization: `Bearer ${token}` },
      body: undefined,
      timeoutMs: 1000,
    })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({
      error: { code: 'invalid_request', message: `请求参数有误（${field}）：应为不超过 ${digits} 位的非负整数` },
    })
  })
})
