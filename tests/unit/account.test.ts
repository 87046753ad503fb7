/** @jest-environment node */
/**
 * 注销账号 in the backend: what goes (personal data, sessions, kept answers, the card's codes), what
 * accounting keeps (receipts and the ledger under the opaque id), and joining again with the phone.
 */
import { IDEMPOTENCY_HEADER, TILL_KEY_HEADER } from '@/api/contract'
import { hexToBytes, memberCodeAt } from '@/domain/member-code'
import { DAY_MS } from '@/domain/time'
import { phoneHash, REJOIN_GIFT_MONTHS } from '../../mock/engine/account'
import { Engine } from '../../mock/engine/engine'
import { stateProblem } from '../../mock/engine/state'
import { own } from '../../mock/engine/records'
import { createBackend } from '../../mock/router'
import { refusal } from '../setup/refusal'

const T0 = Date.UTC(2026, 10, 28, 2) // 10:00 in Shanghai
const PHONE = '13911112222'

function setup() {
  let clock = T0
  const engine = new Engine(null, { now: () => clock })
  const backend = createBackend(engine)
  const send = (method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: unknown) =>
    backend.dispatch({ method, path, headers, body, timeoutMs: 1000 })
  /** A phone that signs in with its device id and joins. */
  const joinAs = (device: string, phone = PHONE, nickname = '小白') => {
    const session = engine.login('wx', device)
    const card = engine.join(engine.authenticate(session.token), {
      phone,
      nickname,
      birthday: '1990-05-06',
      city: '大理',
    })
    return { token: session.token, card, auth: { authorization: `Bearer ${session.token}` } }
  }
  const till = (path: string, body: unknown, key = `k-${Math.random()}`) =>
    send('POST', path, { [TILL_KEY_HEADER]: 'DEMO-TILL-1', [IDEMPOTENCY_HEADER]: key }, body)
  const codeOf = (token: string) => {
    const secret = engine.issueCodeSecret(engine.authenticate(token).memberId)
    return () => memberCodeAt(secret.cardId, hexToBytes(secret.secret), clock)
  }
  return { engine, send, joinAs, till, codeOf, advance: (ms: number) => (clock += ms), now: () => clock }
}

const welcomeCoupons = (engine: Engine, memberId: string) =>
  engine.coupons(memberId).filter((c) => c.source === '入会礼')

describe('注销账号', () => {
  test('a new member gets the 入会礼 coupon; the preview says what closing takes away', () => {
    const { engine, joinAs, till, codeOf } = setup()
    const { token, card } = joinAs('device-aaaa1')
    expect(welcomeCoupons(engine, card.memberId)).toHaveLength(1)
    const code = codeOf(token)
    expect(till('/till/checkout', { code: code(), storeId: 's-xuhui', amountFen: 12_800 }).status).toBe(200)
    expect(engine.erasePreview(card.memberId)).toEqual({
      points: 128,
      coupons: 1,
      vouchers: 0,
      tierName: '新会员',
      rejoinGiftMonths: REJOIN_GIFT_MONTHS,
    })
  })

  test('erasing removes every personal field, keeps receipts and the ledger under the opaque id, and ends the sessions', () => {
    const { engine, joinAs, till, codeOf, send } = setup()
    const { token, card, auth } = joinAs('device-aaaa2')
    const other = engine.login('wx', 'device-aaaa2') // a second session of the same WeChat user
    const code = codeOf(token)
    const receipt = till('/till/checkout', { code: code(), storeId: 's-xuhui', amountFen: 5_000 }).body as {
      receiptId: string
    }
    // A kept answer of this member (it holds the card: nickname and phone).
    expect(
      send('POST', '/rewards/redeem', { ...auth, [IDEMPOTENCY_HEADER]: 'r-1' }, { rewardId: 'r-latte' }).status,
    ).toBe(409) // too few points, but the answer is kept all the same
    const res = send('POST', '/me/erase', { ...auth, [IDEMPOTENCY_HEADER]: 'erase-1' }, {})
    expect(res).toMatchObject({ status: 200, body: { erasedAt: T0 } })

    const db = engine.db
    const json = JSON.stringify({ ...db, idempotency: null })
    for (const personal of [PHONE, '小白', '1990-05-06', '大理', 'device:device-aaaa2'])
      expect(json).not.toContain(personal)
    // Of the member's kept answers only the erase's own stays (a day, as every kept answer), holding no personal field.
    const mine = Object.entries(db.idempotency).filter(([k]) => k.startsWith('device:device-aaaa2|'))
    expect(mine.map(([k, r]) => [k, r.body])).toEqual([['device:device-aaaa2|eraseAccount|erase-1', { erasedAt: T0 }]])
    expect(JSON.stringify(db.idempotency)).not.toMatch(/小白|13911112222|大理/)
    expect(own(db.members, card.memberId)).toBeUndefined()
    // The till's kept answer of the checkout stays (a retry must not check out twice), without the nickname.
    expect(JSON.stringify(db.idempotency)).toContain('已注销会员')
    expect(Object.keys(db.idempotency).some((k) => k.includes('redeemReward'))).toBe(false)
    // What accounting keeps: the receipt with the opaque member id, the ledger with no personal field.
    expect(own(db.receipts, receipt.receiptId)).toMatchObject({ memberId: card.memberId, amountFen: 5_000 })
    expect(own(db.erased ?? {}, card.memberId)).toEqual({
      id: card.memberId,
      cardId: card.cardId,
      erasedAt: T0,
      ledger: [expect.objectContaining({ type: 'earn', points: 50 })],
    })
    expect(db.erasedPhones).toEqual([{ hash: phoneHash(db, PHONE), at: T0 }])
    expect(db.erasedPhones?.[0].hash).not.toContain(PHONE)
    // Every session of the member is dead.
    for (const t of [token, other.token]) expect(refusal(() => engine.authenticate(t)).code).toBe('unauthorized')
    expect(send('GET', '/me', auth).status).toBe(401)
  })

  test('the till refuses the old card with the reason, and counts no failure for it', () => {
    const { engine, joinAs, till, codeOf, send } = setup()
    const { token, auth } = joinAs('device-aaaa3')
    const code = codeOf(token)
    expect(send('POST', '/me/erase', { ...auth, [IDEMPOTENCY_HEADER]: 'erase-1' }, {}).status).toBe(200)
    for (const path of ['/till/verify', '/till/checkout']) {
      const res = till(path, { code: code(), storeId: 's-xuhui', amountFen: 3_000 })
      expect(res).toMatchObject({
        status: 410,
        body: { error: { code: 'card_closed', message: '该会员已注销账号，会员码已失效，可请顾客重新入会' } },
      })
    }
    expect(engine.db.tills.find((t) => t.id === 'till-1' || t.key === 'DEMO-TILL-1')?.failures).toEqual([])
  })

  test('a refund of a closed account’s receipt keeps nothing back for points that went with the account', () => {
    const { joinAs, till, codeOf, send } = setup()
    const { token, auth } = joinAs('device-aaaa4')
    const code = codeOf(token)
    const receipt = till('/till/checkout', { code: code(), storeId: 's-xuhui', amountFen: 5_000 }).body as {
      receiptId: string
    }
    expect(send('POST', '/me/erase', { ...auth, [IDEMPOTENCY_HEADER]: 'erase-1' }, {}).status).toBe(200)
    expect(till('/till/refund', { receiptId: receipt.receiptId })).toMatchObject({
      status: 200,
      body: { pointsReversed: 0, pointsShortfall: 0, deductFen: 0 },
    })
  })

  test('the same phone may join again as a new member: no 入会礼 within 12 months, the gift again after', () => {
    const { engine, joinAs, send, advance } = setup()
    const first = joinAs('device-aaaa5')
    expect(send('POST', '/me/erase', { ...first.auth, [IDEMPOTENCY_HEADER]: 'e-1' }, {}).status).toBe(200)
    advance(300 * DAY_MS)
    const again = joinAs('device-aaaa5')
    expect(again.card.memberId).not.toBe(first.card.memberId)
    expect(again.card.cardId).not.toBe(first.card.cardId)
    expect(again.card.points).toBe(0)
    expect(welcomeCoupons(engine, again.card.memberId)).toHaveLength(0)
    // Another phone still gets its gift.
    expect(welcomeCoupons(engine, joinAs('device-aaaa6', '13933334444').card.memberId)).toHaveLength(1)

    // Closed again, and back 13 months later: the window has passed, the gift is given.
    expect(send('POST', '/me/erase', { ...again.auth, [IDEMPOTENCY_HEADER]: 'e-2' }, {}).status).toBe(200)
    advance(395 * DAY_MS)
    const later = joinAs('device-aaaa5')
    expect(welcomeCoupons(engine, later.card.memberId)).toHaveLength(1)
    // A hash whose window has passed is not kept any longer.
    expect(send('POST', '/me/erase', { ...later.auth, [IDEMPOTENCY_HEADER]: 'e-3' }, {}).status).toBe(200)
    expect(engine.db.erasedPhones).toEqual([{ hash: phoneHash(engine.db, PHONE), at: engine.now() }])
  })

  test('a repeat with the same Idempotency-Key, after signing in again, is the same answer and erases nothing more', () => {
    const { engine, joinAs, send, advance } = setup()
    const first = joinAs('device-aaaa7')
    const res = send('POST', '/me/erase', { ...first.auth, [IDEMPOTENCY_HEADER]: 'erase-1' }, {})
    expect(res.status).toBe(200)
    // The answer was lost: the phone signs in again (the same WeChat user) and sends the erase again.
    advance(1000)
    const session = engine.login('wx', 'device-aaaa7')
    const before = JSON.stringify(engine.db)
    const repeat = send(
      'POST',
      '/me/erase',
      { authorization: `Bearer ${session.token}`, [IDEMPOTENCY_HEADER]: 'erase-1' },
      {},
    )
    expect(repeat).toMatchObject({ status: 200, body: res.body })
    expect(JSON.stringify(engine.db)).toBe(before)
    // A new key is a new request: there is no member left to erase.
    const fresh = send(
      'POST',
      '/me/erase',
      { authorization: `Bearer ${session.token}`, [IDEMPOTENCY_HEADER]: 'e-9' },
      {},
    )
    expect(fresh).toMatchObject({ status: 404, body: { error: { code: 'not_member' } } })
    expect(engine.db.erasedPhones).toHaveLength(1)
  })

  test('a persona closed in a demo is rebuilt at its next sign-in', () => {
    const { engine, send } = setup()
    const { token } = engine.personaLogin('silver')
    expect(
      send('POST', '/me/erase', { authorization: `Bearer ${token}`, [IDEMPOTENCY_HEADER]: 'e-1' }, {}).status,
    ).toBe(200)
    expect(own(engine.db.members, 'm-silver')).toBeUndefined()
    const again = engine.personaLogin('silver')
    expect(engine.card(again.memberId).nickname).toBe('林小满')
  })

  test('inherited names as the member id, card id or receipt owner find no closed account', () => {
    const { engine, joinAs, send } = setup()
    const { auth } = joinAs('device-aaaa8')
    expect(send('POST', '/me/erase', { ...auth, [IDEMPOTENCY_HEADER]: 'e-1' }, {}).status).toBe(200)
    const erased = engine.db.erased ?? {}
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(own(erased, name)).toBeUndefined()
    expect(Object.getPrototypeOf(erased)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('a state saved before accounts could be closed (no erased lists, no service line) is used and upgraded', () => {
    const { engine } = setup()
    const old = JSON.parse(JSON.stringify(engine.db)) as Record<string, unknown> & {
      programme: Record<string, unknown>
    }
    delete old.erased
    delete old.erasedPhones
    delete old.programme.service
    const upgraded = new Engine(old, { now: () => T0 })
    expect(upgraded.db.programme.service.phone).toMatch(/^400-/)
    expect(upgraded.db.members).toEqual(engine.db.members)
    expect(stateProblem({ ...engine.db, erased: [] })).toBe('erased is not an object')
    expect(stateProblem({ ...engine.db, erasedPhones: {} })).toBe('erasedPhones is not a list')
  })
})
