/**
 * @jest-environment node
 *
 * The card's hero slot in the backend: each served rule, the persona it shows for and its why; the
 * programme's order and thresholds decide; the win-back coupon is claimed once; the 体验官 badge's
 * ceremony flag is served while new and cleared once shown.
 */
import type { HeroRules } from '@/api/contract'
import { hexToBytes, memberCodeAt } from '@/domain/member-code'
import { DAY_MS } from '@/domain/time'
import { Engine } from '../../mock/engine/engine'
import type { MemberRecord } from '../../mock/engine/db'
import { DEFAULT_HERO, DEFAULT_PROGRAMME } from '../../mock/engine/programme'
import { need } from '../../mock/engine/records'
import { seedDb } from '../../mock/engine/state'
import { refusedWith, world } from '../setup/world'

/** A Shanghai wall-clock moment (UTC+8) as epoch ms; month 1–12. */
const shanghaiAt = (month: number, d: number, hh: number) => Date.UTC(2026, month - 1, d, hh - 8)
const ORDINARY = shanghaiAt(11, 28, 10) // Sat 28 Nov 2026, 10:00: no member day, not its eve
const STORE = 's-xuhui'

/** An engine on a clock the test moves, its programme's hero rules changed as given. */
function engineWith(start: number, hero: Partial<HeroRules> = {}) {
  let clock = start
  const programme = { ...DEFAULT_PROGRAMME, hero: { ...DEFAULT_HERO, ...hero } }
  const engine = new Engine(seedDb(start, programme), { now: () => clock })
  return { engine, at: (t: number) => (clock = t), heroOf: (persona: string) => engine.card(`m-${persona}`).hero }
}

/** Whole days since a member's last (unrefunded) visit, read off the record itself. */
const daysAway = (m: MemberRecord, now: number) =>
  Math.floor((now - Math.max(...m.checkouts.filter((c) => !c.refundedAt).map((c) => c.at))) / DAY_MS)

describe('each rule, for the persona it shows for', () => {
  test('silver, close to 金卡, is told what it takes and why (the tier forecast)', () => {
    expect(engineWith(ORDINARY).heroOf('silver')).toEqual({
      kind: 'tier-near',
      title: '再消费 ¥320 或到店 2 次即可升金卡',
      body: '金卡享 积分 1.5 倍、每月免费升杯',
      why: '因为你离金卡只差 2 次到店',
      tasks: [],
      action: { label: '看看金卡权益', target: 'tier', id: null },
    })
    // Three visits to go is not close under the served rule (2), and ¥320 is over ¥300: no longer near.
    expect(engineWith(ORDINARY, { nearVisits: 1, nearSpendFen: 30_000 }).heroOf('silver')?.kind).not.toBe('tier-near')
    // The spend path alone brings it back, worded by spend.
    expect(engineWith(ORDINARY, { nearVisits: 1, nearSpendFen: 32_000 }).heroOf('silver')?.why).toBe(
      '因为你离金卡只差 ¥320',
    )
  })

  test('a member who has just joined gets the first-purchase tasks; each task is ticked by what they do, then the next rule speaks', async () => {
    const w = world(ORDINARY)
    const { engine } = w
    const token = engine.login('wx', 'device-join-1').token
    const card = engine.join(engine.authenticate(token), { phone: '13912340000', nickname: '阿青', city: '上海' })
    expect(card.hero).toEqual({
      kind: 'first-purchase',
      title: '首单任务',
      body: '完成 2 个小任务，开启你的会员之旅',
      why: '因为你今天刚入会',
      tasks: [
        { text: '到店出示会员码，完成首单', reward: '消费 ¥1 积 1 分', done: false },
        { text: '首单用上入会礼券', reward: '满50减10', done: false },
      ],
      action: { label: '出示会员码', target: 'code', id: null },
    })
    const { cardId, secret } = engine.issueCodeSecret(card.memberId)
    const code = () => memberCodeAt(cardId, hexToBytes(secret), w.now())

    w.advance(2 * DAY_MS)
    await w.client.tillCheckout({ code: code(), storeId: STORE, amountFen: 3_000 })
    const after = engine.card(card.memberId).hero
    expect([after?.body, after?.why, after?.tasks.map((t) => t.done)]).toEqual([
      '还差 1 个任务',
      '因为你 2 天前刚入会',
      [true, false],
    ])

    w.advance(31_000)
    const welcome = engine.coupons(card.memberId).find((c) => c.source === '入会礼')!
    await w.client.tillCheckout({ code: code(), storeId: STORE, amountFen: 6_000, couponIds: [welcome.id] })
    // Both done: a store in her city she has not been to yet comes next.
    expect(engine.card(card.memberId).hero).toMatchObject({
      kind: 'nearby-store',
      why: '因为你在上海，还没去过静安寺店',
      action: { label: '查看门店', target: 'store', id: 's-jingan' },
    })
  })

  test('gold-drop, a valuable member away for two months, is offered the win-back coupon with how long it has been', async () => {
    const w = world(ORDINARY)
    await w.phone('gold-drop')
    const member = need(w.engine.db.members, 'm-gold-drop')
    const days = daysAway(member, w.now())
    expect(days).toBeGreaterThanOrEqual(DEFAULT_HERO.lapsedDays)
    expect((await w.client.getMe()).hero).toEqual({
      kind: 'win-back',
      title: '好久不见，送你一杯拿铁',
      body: '领一张券，30 天内到店可用',
      why: `因为你已 ${days} 天没有到店`,
      tasks: [],
      action: { label: '立即领取', target: 'claim', id: 'wb-latte-1' },
    })
  })

  test('a member in a served win-back segment is offered it before the days run out, worded by the segment', () => {
    // Black, 41 days after the last of a year of weekly visits: RFM 重要唤回, though not 45 days away.
    const e = engineWith(ORDINARY)
    const later = ORDINARY + 38 * DAY_MS
    e.at(later)
    const days = daysAway(need(e.engine.db.members, 'm-black'), later)
    expect(days).toBeLessThan(DEFAULT_HERO.lapsedDays)
    expect(e.heroOf('black')).toMatchObject({
      kind: 'win-back',
      why: `因为你以前常来，最近 ${days} 天没有到店`,
      action: { label: '立即领取', target: 'claim', id: 'wb-latte-1' },
    })
    // Served without that segment, the same member is not offered it.
    const without = engineWith(ORDINARY, { winBackSegments: [] })
    without.at(later)
    expect(without.heroOf('black')?.kind).not.toBe('win-back')
  })

  test('the eve of a member day from 18:00 and its morning until noon', () => {
    const e = engineWith(ORDINARY)
    e.at(shanghaiAt(12, 17, 19))
    expect(e.heroOf('black')).toEqual({
      kind: 'member-day',
      title: '明天是季度会员日 · 积分 ×3',
      body: '专享券明天 0 点开领，先看看有哪些',
      why: '因为明天是季度会员日',
      tasks: [],
      action: { label: '先看看', target: 'member-day', id: null },
    })
    e.at(shanghaiAt(12, 17, 17))
    expect(e.heroOf('black')?.kind).toBe('nearby-store')
    e.at(shanghaiAt(12, 18, 9))
    expect(e.heroOf('black')).toMatchObject({
      kind: 'member-day',
      title: '季度会员日早安',
      body: '今天到店积分 ×3，专享券已可领',
      why: '因为今天是季度会员日',
    })
    e.at(shanghaiAt(12, 18, 13))
    expect(e.heroOf('black')?.kind).toBe('nearby-store')
  })

  test('a store in the member’s city not yet visited, by name, with its hours now', () => {
    expect(engineWith(ORDINARY).heroOf('black')).toEqual({
      kind: 'nearby-store',
      title: '上海的新天地店，等你来坐坐',
      body: '上海市黄浦区马当路 245 号 · 营业中 · 次日 01:00 打烊',
      why: '因为你在上海，还没去过新天地店',
      tasks: [],
      action: { label: '查看门店', target: 'store', id: 's-xintiandi' },
    })
  })

  test('otherwise a word for the time of day; late at night, nothing', () => {
    const e = engineWith(ORDINARY)
    e.engine.updateProfile('m-black', { city: '' })
    expect(e.heroOf('black')).toEqual({
      kind: 'time-of-day',
      title: '早安，来杯咖啡开启今天',
      body: '出示会员码，早上的这一杯也积分',
      why: '因为现在是早上',
      tasks: [],
      action: { label: '附近门店', target: 'stores', id: null },
    })
    e.at(shanghaiAt(11, 28, 15))
    expect(e.heroOf('black')).toMatchObject({ title: '下午茶时间到了', why: '因为现在是下午' })
    e.at(shanghaiAt(11, 28, 23))
    expect(e.heroOf('black')).toBeNull()
  })
})

describe('the served rules decide', () => {
  test("the programme's order decides which comes first; an unknown kind is skipped", () => {
    expect(engineWith(ORDINARY, { order: ['time-of-day', 'tier-near'] }).heroOf('silver')?.kind).toBe('time-of-day')
    expect(engineWith(ORDINARY, { order: ['birthday', 'tier-near'] }).heroOf('silver')?.kind).toBe('tier-near')
    expect(engineWith(ORDINARY, { order: [] }).heroOf('silver')).toBeNull()
  })

  test('GET /programme serves the hero rules', async () => {
    const w = world(ORDINARY)
    expect((await w.client.getProgramme()).hero).toEqual(DEFAULT_HERO)
  })
})

describe('claiming the win-back coupon', () => {
  async function lapsed() {
    const w = world(ORDINARY)
    const p = await w.phone('gold-drop')
    const winBack = () =>
      w.engine.coupons('m-gold-drop').filter((c) => c.source === '好久不见礼' && c.status === 'available')
    return { w, p, winBack }
  }

  test('a double tap (the same attempt) claims once; a new tap is told it is claimed; the card then says where it is', async () => {
    const { w, winBack } = await lapsed()
    const [a, b] = await Promise.all([
      w.client.claimHeroOffer({ offerId: 'wb-latte-1' }, { idempotencyKey: 'tap-1' }),
      w.client.claimHeroOffer({ offerId: 'wb-latte-1' }, { idempotencyKey: 'tap-1' }).catch(() => null),
    ])
    expect(a.coupon).toMatchObject({ title: '拿铁一杯', status: 'available', source: '好久不见礼' })
    if (b) expect(b.coupon.id).toBe(a.coupon.id)
    const again = await w.client.claimHeroOffer({ offerId: 'wb-latte-1' }, { idempotencyKey: 'tap-1' })
    expect(again.coupon.id).toBe(a.coupon.id)
    const second = await refusedWith(w.client.claimHeroOffer({ offerId: 'wb-latte-1' }, { idempotencyKey: 'tap-2' }))
    expect([second.status, second.code, second.userMessage]).toEqual([
      409,
      'hero_offer_claimed',
      '你已经领过这张券了，在「优惠券」里可以找到',
    ])
    expect(winBack().map((c) => c.id)).toEqual([a.coupon.id])
    expect((await w.client.getMe()).hero).toMatchObject({
      kind: 'win-back',
      title: '券已放进你的优惠券',
      action: { label: '去使用', target: 'coupons', id: null },
    })
  })

  test('used at the till, the member is back: the win-back item gives way', async () => {
    const { w, p, winBack } = await lapsed()
    await w.client.claimHeroOffer({ offerId: 'wb-latte-1' }, { idempotencyKey: 'tap-1' })
    await w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 3_800, couponIds: [winBack()[0].id] })
    expect((await w.client.getMe()).hero?.kind).not.toBe('win-back')
  })

  test('a member not away, or an offer that is not served, is refused with the reason', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    const notAway = await refusedWith(w.client.claimHeroOffer({ offerId: 'wb-latte-1' }, { idempotencyKey: 'k1' }))
    expect([notAway.status, notAway.code, notAway.userMessage]).toEqual([
      403,
      'hero_offer_not_for_you',
      '这份礼遇只送给一段时间没来的会员',
    ])
    const unknown = await refusedWith(w.client.claimHeroOffer({ offerId: 'wb-old' }, { idempotencyKey: 'k2' }))
    expect([unknown.status, unknown.code]).toEqual([404, 'hero_offer_unknown'])
    expect(w.engine.coupons('m-silver').some((c) => c.source === '好久不见礼')).toBe(false)
  })
})

describe('the 体验官 badge ceremony flag', () => {
  /** Silver applies to the sakura trial (opened to every tier here), staff close it: she is selected. */
  async function selected() {
    const w = world(ORDINARY)
    await w.phone('silver')
    w.engine.transaction((db) => {
      db.trials.find((t) => t.id === 'tr-sakura')!.minTierId = null
    })
    expect((await w.client.getMe()).celebrate).toBeNull()
    await w.client.applyTrial({ trialId: 'tr-sakura' }, { idempotencyKey: 'apply-1' })
    await w.client.staffCloseTrial({ trialId: 'tr-sakura' })
    return w
  }

  test('served once the badge is earned, until the app says it was shown; then never again, on any phone', async () => {
    const w = await selected()
    const card = await w.client.getMe()
    expect(card.badges).toEqual(['体验官'])
    expect(card.celebrate).toEqual({
      badge: '体验官',
      title: '你成为了体验官',
      subtitle: '新品上市前先尝，你的反馈会写进新品里',
    })
    await w.client.markCelebrated({ badge: '体验官' })
    expect((await w.client.getMe()).celebrate).toBeNull()
    // The flag is the backend's: a backend started again from the stored state still has it cleared.
    const restarted = new Engine(JSON.parse(JSON.stringify(w.engine.db)), { now: () => w.now() })
    expect(restarted.card('m-silver').celebrate).toBeNull()
    expect(restarted.card('m-silver').badges).toEqual(['体验官'])
  })

  test('a badge held longer than the notice span is no news: black (体验官 for two months) gets no ceremony', async () => {
    const w = world(ORDINARY)
    await w.phone('black')
    expect((await w.client.getMe()).celebrate).toBeNull()
    const late = await selected()
    late.advance((DEFAULT_PROGRAMME.horizons.noticeDays + 1) * DAY_MS)
    expect((await late.client.getMe()).celebrate).toBeNull()
  })

  test('an unknown badge is refused', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    const e = await refusedWith(w.client.markCelebrated({ badge: '黑金' }))
    expect([e.status, e.code, e.userMessage]).toEqual([404, 'badge_unknown', '没有这枚徽章'])
  })
})
