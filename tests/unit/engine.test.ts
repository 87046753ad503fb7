/** @jest-environment node */
import { PERSONA_IDS } from '@/api/contract'
import { balanceOf } from '@/domain/points'
import { DAY_MS } from '@/domain/time'
import { rollingStats } from '@/domain/tiers'
import { Engine } from '../../mock/engine/engine'
import { DEFAULT_PROGRAMME } from '../../mock/engine/programme'
import { seedDb } from '../../mock/engine/state'
import { refusal as failure } from '../setup/refusal'

const T0 = Date.UTC(2026, 10, 28, 2) // 10:00 in Shanghai

function engineAt(start = T0) {
  let clock = start
  const engine = new Engine(null, { now: () => clock })
  return { engine, advance: (ms: number) => (clock += ms) }
}

describe('sessions', () => {
  test('login gives a session with no member until the device joins', () => {
    const { engine } = engineAt()
    const session = engine.login('local', 'device-aaaa')
    expect(session.memberId).toBeNull()
    expect(engine.authenticate(session.token).subject).toBe('device:device-aaaa')
  })

  test('a session expires after its lifetime and an unknown token is refused', () => {
    const { engine, advance } = engineAt()
    const { token } = engine.login('local', 'device-aaaa')
    expect(failure(() => engine.authenticate('nope')).status).toBe(401)
    advance(2 * 60 * 60 * 1000)
    expect(failure(() => engine.authenticate(token)).code).toBe('unauthorized')
  })

  test('the same device logs in again to the same member', () => {
    const { engine } = engineAt()
    const first = engine.authenticate(engine.login('local', 'device-bbbb').token)
    const card = engine.join(first, { phone: '13911112222', nickname: '小白' })
    const again = engine.login('local', 'device-bbbb')
    expect(again.memberId).toBe(card.memberId)
  })
})

describe('join', () => {
  test('creates a 新会员 with 0 points and a 10-digit card id', () => {
    const { engine } = engineAt()
    const session = engine.authenticate(engine.login('local', 'device-cccc').token)
    const card = engine.join(session, {
      phone: '139 1111 3333',
      nickname: '  小蓝 ',
      city: '深圳',
      birthday: '1999-09-09',
    })
    expect(card).toMatchObject({
      nickname: '小蓝',
      tierName: '新会员',
      points: 0,
      city: '深圳',
      birthday: '1999-09-09',
      phoneMasked: '139****3333',
    })
    expect(card.cardId).toMatch(/^\d{10}$/)
    expect(card.progress).toMatchObject({ nextTierName: '银卡', spendToGoFen: 100_000, visitsToGo: 4 })
  })

  test.each([
    [{ phone: '12345', nickname: '甲' }, 'invalid_phone', '请输入 11 位中国大陆手机号'],
    [{ phone: '13911114444', nickname: '   ' }, 'invalid_nickname', '请输入昵称'],
    [{ phone: '13911114444', nickname: '甲', birthday: '2099-01-01' }, 'invalid_birthday', '请选择有效的生日'],
    [
      { phone: '13911114444', nickname: '甲', inviteCode: 'NOPE' },
      'invalid_invite',
      '邀请码无效，请核对后再试，或留空',
    ],
  ])('refuses %j with %s and a Chinese reason, creating nothing', (request, code, message) => {
    const { engine } = engineAt()
    const session = engine.authenticate(engine.login('local', 'device-dddd').token)
    const before = Object.keys(engine.db.members).length
    const f = failure(() => engine.join(session, request))
    expect([f.status, f.code, f.userMessage]).toEqual([400, code, message])
    expect(Object.keys(engine.db.members)).toHaveLength(before)
  })

  test('joining twice, or with a phone already on a card, is refused', () => {
    const { engine } = engineAt()
    const a = engine.authenticate(engine.login('local', 'device-eeee').token)
    engine.join(a, { phone: '13911115555', nickname: '甲' })
    expect(failure(() => engine.join(a, { phone: '13911116666', nickname: '甲' })).code).toBe('already_member')
    const b = engine.authenticate(engine.login('local', 'device-ffff').token)
    expect(failure(() => engine.join(b, { phone: '13911115555', nickname: '乙' })).code).toBe('phone_taken')
  })

  test('a valid invite code records the inviter', () => {
    const { engine } = engineAt()
    const inviter = engine.card('m-silver')
    const session = engine.authenticate(engine.login('local', 'device-gggg').token)
    const card = engine.join(session, {
      phone: '13911117777',
      nickname: '丙',
      inviteCode: inviter.inviteCode.toLowerCase(),
    })
    expect(engine.db.members[card.memberId].invitedBy).toBe('m-silver')
  })
})

describe('personas', () => {
  test.each(PERSONA_IDS)('%s: balance = ledger sum = live lots, never negative', (id) => {
    const { engine } = engineAt()
    const member = engine.db.members[`m-${id}`]
    const live = member.lots.filter((l) => l.expiresAt > T0).reduce((s, l) => s + l.remaining, 0)
    expect(balanceOf(member.ledger)).toBe(live)
    expect(balanceOf(member.ledger)).toBeGreaterThanOrEqual(0)
    expect(engine.card(member.id).points).toBe(live)
  })

  test('new: just joined, 0 points, 新会员', () => {
    const card = engineAt().engine.card('m-new')
    expect(card).toMatchObject({ tierName: '新会员', points: 0, stats: { spendFen: 0, visits: 0 } })
  })

  test('silver: 银卡, ¥320 or 2 visits from 金卡', () => {
    const card = engineAt().engine.card('m-silver')
    expect(card.tierName).toBe('银卡')
    expect(card.stats).toEqual({ spendFen: 468_000, visits: 10 })
    expect(card.progress).toMatchObject({ nextTierName: '金卡', spendToGoFen: 32_000, visitsToGo: 2 })
  })

  test('gold-drop: 金卡, anniversary within 30 days, short of the keep threshold', () => {
    const card = engineAt().engine.card('m-gold-drop')
    expect(card.tierName).toBe('金卡')
    expect(card.keep).not.toBeNull()
    const keep = card.keep!
    expect(keep.anniversary - T0).toBeGreaterThan(0)
    expect(keep.anniversary - T0).toBeLessThanOrEqual(30 * DAY_MS)
    expect(keep).toMatchObject({ kept: false, spendToGoFen: 90_000, visitsToGo: 3, dropToName: '银卡' })
  })

  test('expiring: points lots expire within 30 days', () => {
    const { engine } = engineAt()
    const soon = engine.db.members['m-expiring'].lots.filter((l) => l.remaining > 0 && l.expiresAt - T0 <= 30 * DAY_MS)
    expect(soon.reduce((s, l) => s + l.remaining, 0)).toBeGreaterThanOrEqual(1_000)
  })

  test('black: 黑金, top tier, keeps it', () => {
    const card = engineAt().engine.card('m-black')
    expect(card.tierName).toBe('黑金')
    expect(card.progress).toBeNull()
    expect(card.keep?.kept).toBe(true)
    expect(card.points).toBeGreaterThan(10_000)
  })

  test('persona login signs in as the persona, and reset rebuilds it', () => {
    const { engine } = engineAt()
    const session = engine.personaLogin('silver')
    expect(session).toMatchObject({ memberId: 'm-silver', persona: 'silver' })
    engine.updateProfile('m-silver', { nickname: '改名了' })
    engine.personaLogin('silver', true)
    expect(engine.card('m-silver').nickname).toBe('林小满')
  })
})

describe('the clock moves', () => {
  test('expiring points leave the balance with an expire entry when their date passes', () => {
    const { engine, advance } = engineAt()
    const before = engine.card('m-expiring').points
    const member = engine.db.members['m-expiring']
    const soon = member.lots
      .filter((l) => l.remaining > 0 && l.expiresAt - T0 <= 30 * DAY_MS)
      .reduce((s, l) => s + l.remaining, 0)
    advance(31 * DAY_MS)
    const after = engine.card('m-expiring')
    expect(after.points).toBe(before - soon)
    expect(engine.db.members['m-expiring'].ledger.filter((e) => e.type === 'expire').length).toBeGreaterThan(0)
  })

  test('gold-drop drops exactly one tier at its anniversary, to 银卡', () => {
    const { engine, advance } = engineAt()
    const anniversary = engine.card('m-gold-drop').keep!.anniversary
    advance(anniversary - T0 - 60_000)
    expect(engine.card('m-gold-drop').tierName).toBe('金卡')
    advance(120_000)
    const card = engine.card('m-gold-drop')
    expect(card.tierName).toBe('银卡')
    expect(card.tierSince).toBe(anniversary)
  })

  test('a refused operation leaves the state exactly as it was', () => {
    const { engine } = engineAt()
    const before = JSON.stringify(engine.db)
    const session = engine.authenticate(engine.personaLogin('black').token)
    const after = JSON.stringify(engine.db)
    failure(() => engine.join(session, { phone: '13911118888', nickname: '丁' }))
    expect(JSON.stringify(engine.db)).toBe(after)
    expect(after).not.toBe(before)
  })
})

test('rolling stats use the checkout history', () => {
  const { engine } = engineAt()
  const m = engine.db.members['m-silver']
  expect(rollingStats(m.checkouts, T0, 12).visits).toBe(10)
})

test('the card counts spend and visits over the served rolling window', () => {
  const { engine } = engineAt()
  expect(engine.db.programme.horizons.rollingMonths).toBe(12)
  expect(engine.card('m-silver').stats).toEqual(rollingStats(engine.db.members['m-silver'].checkouts, T0, 12))
  // The same history under a 3-month window counts less.
  const short = { ...DEFAULT_PROGRAMME, horizons: { ...DEFAULT_PROGRAMME.horizons, rollingMonths: 3 } }
  const other = new Engine(seedDb(T0, short), { now: () => T0 })
  const stats = other.card('m-silver').stats
  expect(stats).toEqual(rollingStats(other.db.members['m-silver'].checkouts, T0, 3))
  expect(stats.visits).toBeLessThan(engine.card('m-silver').stats.visits)
})

test('a version-5 state (rules without horizons) is upgraded in place, members kept, and saved at the first chance', () => {
  const { engine } = engineAt()
  engine.updateProfile('m-silver', { nickname: '旧版本' })
  const old = JSON.parse(JSON.stringify(engine.db)) as { version: number; programme: Record<string, unknown> }
  old.version = 5
  delete old.programme.horizons
  const upgraded = new Engine(old, { now: () => T0 })
  expect(upgraded.db.version).toBe(6)
  expect(upgraded.db.programme.horizons).toEqual(DEFAULT_PROGRAMME.horizons)
  expect(upgraded.card('m-silver').nickname).toBe('旧版本')
  // Written whole at the first take: every record and the meta part.
  const first = upgraded.takeChanges()
  expect(first?.meta?.version).toBe(6)
  expect(first?.put.filter((p) => p.table === 'members').map((p) => p.key)).toEqual(Object.keys(upgraded.db.members))
  expect(upgraded.takeChanges()).toBeNull()
  // Another version is not guessed at: a fresh seed.
  expect(new Engine({ ...old, version: 4 }, { now: () => T0 }).card('m-silver').nickname).toBe('林小满')
})
