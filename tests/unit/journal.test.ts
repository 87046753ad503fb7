/** @jest-environment node */
/**
 * The engine's journal: a request's changes are the records it changed (what a store writes), a
 * refused request changes nothing, and expired sessions and answers are pruned a bounded batch at a time.
 */
import { IDEMPOTENCY_HEADER, TILL_KEY_HEADER } from '@/api/contract'
import { hexToBytes, memberCodeAt } from '@/domain/member-code'
import type { StateChanges } from '../../mock/engine/changes'
import { Engine, IDEMPOTENCY_TTL_MS, MAX_SESSIONS } from '../../mock/engine/engine'
import { ApiFailure } from '../../mock/engine/failure'
import { Journal } from '../../mock/engine/journal'
import { need } from '../../mock/engine/records'
import { createBackend } from '../../mock/router'

const T0 = Date.UTC(2026, 10, 28, 2, 0, 5)
const HOUR = 60 * 60 * 1000

function setup() {
  let clock = T0
  const engine = new Engine(null, { now: () => clock })
  const written: StateChanges[] = []
  let failNext = false
  const backend = createBackend(engine, {
    persist: (changes) => {
      if (failNext) {
        failNext = false
        throw new Error('disk full')
      }
      written.push(JSON.parse(JSON.stringify(changes)) as StateChanges)
    },
  })
  const send = (method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: unknown) =>
    backend.dispatch({ method, path, headers, body, timeoutMs: 1000 })
  const login = (device: string) =>
    (send('POST', '/auth/login', {}, { code: 'x', device }).body as { token: string }).token
  return {
    engine,
    send,
    login,
    written,
    failNextWrite: () => (failNext = true),
    advance: (ms: number) => (clock += ms),
    now: () => clock,
  }
}

/** table:key of every record a change set writes or removes. */
const touched = (c: StateChanges | undefined) =>
  [...(c?.put ?? []).map((p) => `${p.table}:${p.key}`), ...(c?.drop ?? []).map((d) => `-${d.table}:${d.key}`)].sort()

test('a fresh seed is written whole once; after that only what a request changes', () => {
  const s = setup()
  s.login('device-a')
  const first = s.written[0]
  expect(first.meta).not.toBeNull()
  expect(first.put.filter((p) => p.table === 'members')).toHaveLength(Object.keys(s.engine.db.members).length)
  s.login('device-b')
  expect(s.written).toHaveLength(2)
  expect(touched(s.written[1])).toEqual([`sessions:${Object.keys(s.engine.db.sessions)[1]}`])
  expect(s.written[1].meta).toBeNull()
  // A read changes nothing and writes nothing.
  s.send('GET', '/programme')
  expect(s.written).toHaveLength(2)
})

test("a member-code checkout writes that member, its receipt, its idempotency answer and the counters; nobody else's record", () => {
  const s = setup()
  s.login('device-a')
  const token = (
    s.send('POST', '/demo/persona', {}, { persona: 'silver', device: 'device-p1' }).body as { token: string }
  ).token
  const { cardId, secret } = s.send('POST', '/me/code-secret', { authorization: `Bearer ${token}` }, {}).body as {
    cardId: string
    secret: string
  }
  const before = s.written.length
  const res = s.send(
    'POST',
    '/till/checkout',
    { [TILL_KEY_HEADER]: 'DEMO-TILL-1', [IDEMPOTENCY_HEADER]: 'k-1' },
    { code: memberCodeAt(cardId, hexToBytes(secret), s.now()), storeId: 's-xuhui', amountFen: 12_000 },
  )
  expect(res.status).toBe(200)
  const receiptId = (res.body as { receiptId: string }).receiptId
  expect(s.written).toHaveLength(before + 1)
  const changes = s.written[before]
  expect(touched(changes)).toEqual(
    [`idempotency:till:t-demo-1|tillCheckout|k-1`, 'members:m-silver', `receipts:${receiptId}`].sort(),
  )
  // The receipt counter moved: the meta part is written, and it holds no table.
  expect(changes.meta?.nextReceipt).toBe(s.engine.db.nextReceipt)
  expect(Object.keys(changes.meta ?? {})).not.toContain('members')
})

test('a refused transaction leaves every record it touched as it was, and nothing to write', () => {
  const s = setup()
  s.login('device-a')
  const before = JSON.stringify(s.engine.db)
  expect(() =>
    s.engine.transaction((db) => {
      need(db.members, 'm-silver').nickname = '改到一半'
      db.nextReceipt += 10
      throw new ApiFailure(409, 'refused', '拒绝')
    }),
  ).toThrow(ApiFailure)
  expect(JSON.stringify(s.engine.db)).toBe(before)
  expect(s.engine.db.members['m-silver'].nickname).toBe('林小满')
  expect(s.engine.takeChanges()).toBeNull()
})

test('a refused request over the router writes nothing, not even the member record it read', () => {
  const s = setup()
  const token = (
    s.send('POST', '/demo/persona', {}, { persona: 'silver', device: 'device-p1' }).body as { token: string }
  ).token
  const writes = s.written.length
  const before = JSON.stringify(s.engine.db)
  const res = s.send('POST', '/me/code-coupon', { authorization: `Bearer ${token}` }, { couponId: 'c-none' })
  expect(res.status).toBe(404)
  expect(s.written).toHaveLength(writes)
  expect(JSON.stringify(s.engine.db)).toBe(before)
})

test('a write the store refuses is undone in memory: the engine stays what is stored', () => {
  const s = setup()
  s.login('device-a')
  const before = JSON.stringify(s.engine.db)
  s.failNextWrite()
  const res = s.send('POST', '/demo/persona', {}, { persona: 'silver', device: 'device-p1' })
  expect(res.status).toBe(500)
  expect((res.body as { error: { code: string } }).error.code).toBe('storage_failed')
  expect(JSON.stringify(s.engine.db)).toBe(before)
  // The next request writes only its own change (the undone one is not carried along).
  s.login('device-b')
  expect(touched(s.written.at(-1))).toHaveLength(1)
})

test('a record changed without going through records.ts is caught in tests', () => {
  const engine = new Engine(null, { now: () => T0 })
  const silver = engine.db.members['m-silver']
  expect(Journal.checkEveryTransaction).toBe(true)
  expect(() =>
    engine.transaction(() => {
      ;(silver as { nickname: string }).nickname = '绕过记录'
    }),
  ).toThrow(/did not note/)
})

describe('pruning', () => {
  test('expired sessions go a bounded batch per login, oldest first; live ones stay', () => {
    const s = setup()
    for (let i = 0; i < 150; i++) s.login(`device-old-${i}`)
    s.advance(3 * HOUR)
    const live = s.login('device-new-1')
    // 64 expired removed by that login, the rest by the next ones; each login's write stays small.
    expect(Object.keys(s.engine.db.sessions)).toHaveLength(150 - 64 + 1)
    expect(s.written.at(-1)?.drop).toHaveLength(64)
    s.login('device-new-2')
    s.login('device-new-3')
    expect(Object.keys(s.engine.db.sessions)).toHaveLength(3)
    expect(s.send('GET', '/me', { authorization: `Bearer ${live}` }).status).not.toBe(401)
  })

  test('a login flood cannot grow the sessions past the cap: the oldest goes first', () => {
    expect(MAX_SESSIONS).toBe(100_000)
    const engine = new Engine(null, { now: () => T0, maxSessions: 50 })
    const tokens = Array.from({ length: 80 }, (_, i) => engine.login('c', `flood-${i}`).token)
    expect(Object.keys(engine.db.sessions)).toHaveLength(50)
    expect(() => engine.authenticate(tokens[0])).toThrow(ApiFailure)
    expect(engine.authenticate(tokens[79]).subject).toBe('device:flood-79')
  })

  test('stored idempotent answers are kept a day, then pruned by later writes', () => {
    const s = setup()
    for (let i = 0; i < 3; i++)
      s.send(
        'POST',
        '/till/checkout',
        { [TILL_KEY_HEADER]: 'DEMO-TILL-1', [IDEMPOTENCY_HEADER]: `old-${i}` },
        {
          storeId: 's-xuhui',
          amountFen: 100,
        },
      )
    expect(Object.keys(s.engine.db.idempotency)).toHaveLength(3)
    s.advance(IDEMPOTENCY_TTL_MS - HOUR)
    // Within the day a retry is answered from the store, nothing new charged.
    const receipts = Object.keys(s.engine.db.receipts).length
    s.send(
      'POST',
      '/till/checkout',
      { [TILL_KEY_HEADER]: 'DEMO-TILL-1', [IDEMPOTENCY_HEADER]: 'old-0' },
      {
        storeId: 's-xuhui',
        amountFen: 100,
      },
    )
    expect(Object.keys(s.engine.db.receipts)).toHaveLength(receipts)
    s.advance(2 * HOUR)
    s.send(
      'POST',
      '/till/checkout',
      { [TILL_KEY_HEADER]: 'DEMO-TILL-1', [IDEMPOTENCY_HEADER]: 'new-0' },
      {
        storeId: 's-xuhui',
        amountFen: 100,
      },
    )
    expect(Object.keys(s.engine.db.idempotency)).toEqual(['till:t-demo-1|tillCheckout|new-0'])
  })
})
