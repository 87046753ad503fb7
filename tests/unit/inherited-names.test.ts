/** @jest-environment node */
/**
 * Ids and tokens from outside never reach a name every JavaScript object answers to. For every
 * endpoint of the contract, each such name in every token position (bearer session, till key),
 * every id position (body or query fields named …id, …token, …code, …key; the Idempotency-Key) is
 * refused with a 4xx and a Chinese message, changes nothing, pollutes no prototype, and the
 * endpoint's normal request works afterwards.
 */
import * as fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { contract, IDEMPOTENCY_HEADER, STAFF_KEY_HEADER, TILL_KEY_HEADER, type EndpointName } from '@/api/contract'
import { Engine } from '../../mock/engine/engine'
import { has, own, put } from '../../mock/engine/records'
import { createMockServer } from '../../mock/server/http'
import { SqliteStore } from '../../mock/server/sqlite-store'
import { CHINESE, ENDPOINTS, rawBackend, requestFields, T0 } from '../setup/raw-backend'

const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']
const REFUSALS = [400, 401, 403, 404, 409, 422]
const ID_FIELD = /(id|token|code|key)s?$/i

const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join()
const PROTOTYPE = prototypeNames()

afterEach(() => {
  // A polluted prototype would make every later test meaningless.
  expect(prototypeNames()).toBe(PROTOTYPE)
})

/** Every place of a request where an outside id or token goes, with a way to put `bad` there. */
function positions(
  name: EndpointName,
): { where: string; headers?: Record<string, string>; field?: string; list?: boolean }[] {
  const endpoint = contract[name]
  const out: { where: string; headers?: Record<string, string>; field?: string; list?: boolean }[] = []
  if (endpoint.auth === 'member') out.push({ where: 'bearer token', headers: { authorization: 'Bearer %' } })
  if (endpoint.auth === 'till') out.push({ where: 'till key', headers: { [TILL_KEY_HEADER]: '%' } })
  if (endpoint.auth === 'staff') out.push({ where: 'staff key', headers: { [STAFF_KEY_HEADER]: '%' } })
  if ('idempotent' in endpoint && endpoint.idempotent)
    out.push({ where: 'Idempotency-Key', headers: { [IDEMPOTENCY_HEADER]: '%' } })
  for (const { field, list } of requestFields(name)) if (ID_FIELD.test(field)) out.push({ where: field, field, list })
  return out
}

describe.each(ENDPOINTS)('%s', (name) => {
  test('inherited names in every token and id position are refused and change nothing', () => {
    const raw = rawBackend()
    const before = raw.state()
    const places = positions(name)
    for (const place of places) {
      for (const bad of NAMES) {
        const headers = Object.fromEntries(
          Object.entries(place.headers ?? {}).map(([k, val]) => [k, val.replace('%', bad)]),
        )
        const req =
          place.field === undefined
            ? raw.request(name, { headers })
            : raw.request(name, { body: { ...(raw.sample(name) as object), [place.field]: place.list ? [bad] : bad } })
        const res = raw.send(req)
        const label = `${name} with ${place.where} = ${bad}: ${res.status} ${JSON.stringify(res.body)}`
        expect({ label, refused: REFUSALS.includes(res.status) }).toEqual({ label, refused: true })
        expect((res.body as { error: { message: string } }).error.message).toMatch(CHINESE)
        expect(raw.state()).toBe(before)
        expect(prototypeNames()).toBe(PROTOTYPE)
      }
    }
    // The endpoint still does its job.
    const res = raw.send(raw.request(name))
    expect([name, res.status]).toEqual([name, 200])
  })
})

test('the table covers every token and id position the contract has', () => {
  const covered = ENDPOINTS.flatMap((n) => positions(n).map((p) => `${n}.${p.where}`))
  // The id positions a reader would name, so a broken field filter fails here rather than testing nothing.
  for (const expected of [
    'getMe.bearer token',
    'tillWhoAmI.till key',
    'join.Idempotency-Key',
    'join.phoneCode',
    'join.inviteCode',
    'login.code',
    'claimReceipt.token',
    'claimMemberDayCoupon.offerId',
    'redeemReward.rewardId',
    'selectCoupon.couponId',
    'tillVerify.code',
    'tillVerify.storeId',
    'tillCheckout.couponIds',
    'tillRefund.receiptId',
  ])
    expect(covered).toContain(expected)
})

describe('the engine behind the contract', () => {
  // The contract refuses these names before the engine; the engine's own lookups hold on their own too.
  test('a session token, a receipt id and a member id that are inherited names find nothing', () => {
    const engine = new Engine(null, { now: () => T0 })
    const before = JSON.stringify(engine.db)
    for (const bad of NAMES) {
      expect(() => engine.authenticate(bad)).toThrow(expect.objectContaining({ status: 401 }))
      expect(() => engine.tillRefund(engine.db.tills[0].id, bad)).toThrow(expect.objectContaining({ status: 404 }))
      expect(() => engine.card(bad)).toThrow(expect.objectContaining({ status: 404 }))
      expect(() => engine.logout(bad)).not.toThrow()
    }
    // logout is a transaction (state marked changed) but deletes nothing that is not its own.
    expect(JSON.stringify(engine.db)).toBe(before)
  })

  test('records: own() sees only stored entries; put() stores even __proto__ as an ordinary key', () => {
    const record: Record<string, number> = {}
    for (const bad of NAMES) {
      expect(own(record, bad)).toBeUndefined()
      expect(has(record, bad)).toBe(false)
    }
    put(record, '__proto__', 1)
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    expect(own(record, '__proto__')).toBe(1)
    expect(JSON.parse(JSON.stringify(record))).toEqual(JSON.parse('{"__proto__":1}'))
  })
})

describe('over HTTP', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inherited-names-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  test('an inherited name as the bearer token or till key is a 401 on every route that needs one', async () => {
    const stateFile = path.join(dir, 'state.sqlite')
    const storedState = () => {
      const store = new SqliteStore(stateFile)
      try {
        return JSON.stringify(store.load())
      } finally {
        store.close()
      }
    }
    const server = createMockServer({ stateFile })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      // One real request first, so there is a state file to compare.
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'x', device: 'device-http-1' }),
      })
      expect(login.status).toBe(200)
      const saved = storedState()
      for (const name of ENDPOINTS) {
        const endpoint = contract[name]
        if (endpoint.auth === 'none') continue
        for (const bad of NAMES) {
          const headers: Record<string, string> = { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: 'k-1' }
          if (endpoint.auth === 'member') headers.authorization = `Bearer ${bad}`
          else if (endpoint.auth === 'till') headers[TILL_KEY_HEADER] = bad
          else headers[STAFF_KEY_HEADER] = bad
          const res = await fetch(base + endpoint.path, {
            method: endpoint.method,
            headers,
            body: endpoint.method === 'POST' ? '{}' : undefined,
          })
          const body = (await res.json()) as { error: { code: string; message: string } }
          expect([name, bad, res.status]).toEqual([name, bad, 401])
          expect(body.error.message).toMatch(CHINESE)
        }
      }
      expect(storedState()).toBe(saved)
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  })
})
