/** @jest-environment node */
/**
 * Strict input, for every endpoint of the contract with a request schema: a body that is not an
 * object, or an object with a field the contract does not name, is a 400 with a Chinese message
 * and changes nothing; the endpoint's normal request works afterwards.
 */
import * as fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { contract, type EndpointName } from '@/api/contract'
import { createMockServer } from '../../mock/server/http'
import { CHINESE, ENDPOINTS, rawBackend } from '../setup/raw-backend'

const WITH_REQUEST = ENDPOINTS.filter((n) => contract[n].request !== null)
const POSTS = WITH_REQUEST.filter((n) => contract[n].method === 'POST')
const GETS = WITH_REQUEST.filter((n) => contract[n].method === 'GET')

const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join()
const PROTOTYPE = prototypeNames()

function expectRefused(res: { status: number; body: unknown }, label: string, message?: RegExp): void {
  const error = (res.body as { error?: { code: string; message: string } }).error
  expect({ label, status: res.status, code: error?.code }).toEqual({ label, status: 400, code: 'invalid_request' })
  expect(error?.message).toMatch(message ?? CHINESE)
}

describe.each(POSTS)('POST %s', (name: EndpointName) => {
  test('a body that is not an object, or has a field the contract does not name, is a 400 and changes nothing', () => {
    const raw = rawBackend()
    const before = raw.state()
    for (const body of [[], [raw.sample(name)], null, 'x', 1, true]) {
      expectRefused(raw.send(raw.request(name, { body })), `${name} ${JSON.stringify(body)}`, /^请求体应为 JSON 对象$/)
    }
    const extras = [
      { extra: 1 },
      // As JSON.parse gives them: own keys, not the prototype.
      JSON.parse('{"__proto__": {"polluted": true}}') as object,
      { constructor: 'x' },
      { toString: 'x' },
    ]
    for (const extra of extras) {
      const body = { ...(raw.sample(name) as object), ...extra }
      const res = raw.send(raw.request(name, { body }))
      expectRefused(res, `${name} + ${Object.keys(extra)[0]}`, /^请求参数有误（.+）：不支持该字段$/)
    }
    expect(raw.state()).toBe(before)
    expect(prototypeNames()).toBe(PROTOTYPE)
    expect(raw.send(raw.request(name)).status).toBe(200)
  })
})

describe.each(GETS)('GET %s', (name: EndpointName) => {
  test('a query parameter the contract does not name is a 400', () => {
    const raw = rawBackend()
    const before = raw.state()
    for (const extra of ['extra', '__proto__', 'constructor']) {
      const req = raw.request(name)
      const res = raw.send({ ...req, path: `${req.path}${req.path.includes('?') ? '&' : '?'}${extra}=1` })
      expectRefused(res, `${name}?${extra}`, /^请求参数有误（.+）：不支持该字段$/)
    }
    expect(raw.state()).toBe(before)
    expect(raw.send(raw.request(name)).status).toBe(200)
  })
})

test('a missing field is named, in Chinese', () => {
  const raw = rawBackend()
  const res = raw.send(raw.request('tillRefund', { body: {} }))
  expectRefused(res, 'tillRefund {}', /^请求参数有误（receiptId）：缺少该字段$/)
})

describe('over HTTP', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strict-input-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  test('JSON that is not an object is refused before it can rotate a secret or change a profile', async () => {
    const stateFile = path.join(dir, 'state.sqlite')
    const server = createMockServer({ stateFile })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const post = async (p: string, body: string, token?: string) => {
      const res = await fetch(base + p, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body,
      })
      return { status: res.status, body: (await res.json()) as unknown }
    }
    try {
      const login = await post('/demo/persona', JSON.stringify({ persona: 'silver', device: 'device-http-1' }))
      const token = (login.body as { token: string }).token
      const saved = fs.readFileSync(stateFile, 'utf8')
      for (const [p, body] of [
        ['/me/code-secret', '[]'],
        ['/auth/logout', '[]'],
        ['/me/profile', '[{"city":"上海"}]'],
        ['/me/profile', 'null'],
        ['/me/profile', '"x"'],
        ['/me/profile', '{"city":"上海","admin":true}'],
      ])
        expectRefused(await post(p, body, token), `${p} ${body}`)
      expect(fs.readFileSync(stateFile, 'utf8')).toBe(saved)
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  })
})
