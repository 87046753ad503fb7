/**
 * @jest-environment node
 *
 * 联盟权益 in the backend, through the contract: why-not lines before a tap, a claim once per period
 * (idempotent), stock per period, and the period rolling over on the engine's clock.
 */
import { nextPeriodStart, nextPeriodText, periodKey } from '@/domain/periods'
import { ORDINARY_MORNING } from '../setup/clock'
import { refusedWith, world } from '../setup/world'

/** A Shanghai wall-clock moment (UTC+8) as epoch ms; month 1–12. */
const shanghaiAt = (y: number, month: number, d: number, hh = 0, mm = 0) => Date.UTC(y, month - 1, d, hh - 8, mm)

type World = ReturnType<typeof world>
const perks = async (w: World) => (await w.client.getPartnerPerks()).perks
const perk = async (w: World, id: string) => (await perks(w)).find((p) => p.id === id)!

describe('what each member is told before any tap', () => {
  test('gold-drop may claim the bike pass and the bookshop; the video month is 黑金 only; the camp is gone this month', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    expect((await perks(w)).map((p) => [p.id, p.status, p.reason])).toEqual([
      ['p-bike', 'claimable', null],
      ['p-books', 'claimable', null],
      ['p-camp', 'sold_out', '本月名额已领完，12月1日再来'],
      ['p-video', 'locked', '黑金会员专享，你目前是金卡'],
    ])
    const bike = await perk(w, 'p-bike')
    expect([bike.partner, bike.audience, bike.periodLabel, bike.left, bike.valueFen]).toEqual([
      '小蓝单车',
      '金卡及以上会员',
      '本月',
      300,
      600,
    ])
  })

  test('silver is told the 金卡 perks are out of reach; black has the video month already', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('silver')
    expect((await perk(w, 'p-bike')).reason).toBe('金卡及以上会员专享，你目前是银卡')
    const e = await refusedWith(w.client.claimPartnerPerk({ perkId: 'p-bike' }))
    expect([e.status, e.code, e.userMessage]).toEqual([403, 'perk_tier', '金卡及以上会员专享，你目前是银卡'])
    await w.phone('black')
    const video = await perk(w, 'p-video')
    expect([video.status, video.reason, video.claim?.code]).toEqual([
      'claimed',
      '本月已领取，12月1日可再领',
      'QY00050A1',
    ])
  })
})

describe('claiming', () => {
  test('a double tap or a lost answer claims once: the same key answers the same code', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    const first = await w.client.claimPartnerPerk({ perkId: 'p-bike' }, { idempotencyKey: 'bike-1' })
    const replay = await w.client.claimPartnerPerk({ perkId: 'p-bike' }, { idempotencyKey: 'bike-1' })
    expect(replay).toEqual(first)
    expect(first.perk).toMatchObject({ status: 'claimed', left: 299, reason: '本月已领取，12月1日可再领' })
    expect(first.perk.claim?.code).toMatch(/^XL[0-9A-F]{10}$/)
    // The code works for 30 days, to the end of the last day.
    expect(first.perk.claim?.expiresAt).toBe(shanghaiAt(2026, 12, 28) - 1)
    const again = await refusedWith(w.client.claimPartnerPerk({ perkId: 'p-bike' }, { idempotencyKey: 'bike-2' }))
    expect([again.status, again.code, again.userMessage]).toEqual([409, 'perk_claimed', '本月已领取，12月1日可再领'])
    expect((await perk(w, 'p-bike')).left).toBe(299)
  })

  test('sold out this period is refused; an unknown perk is a 404', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    const out = await refusedWith(w.client.claimPartnerPerk({ perkId: 'p-camp' }))
    expect([out.status, out.code, out.userMessage]).toEqual([409, 'perk_sold_out', '本月名额已领完，12月1日再来'])
    const unknown = await refusedWith(w.client.claimPartnerPerk({ perkId: 'p-nope' }))
    expect([unknown.status, unknown.code]).toEqual([404, 'perk_unknown'])
  })

  test('the stock is per period: the last one goes to the first claimant, the next month brings it back', async () => {
    const w = world(ORDINARY_MORNING)
    w.engine.transaction((db) => {
      db.partnerPerks.find((p) => p.id === 'p-bike')!.stockPerPeriod = 1
    })
    await w.phone('gold-drop')
    await w.client.claimPartnerPerk({ perkId: 'p-bike' })
    await w.phone('black')
    expect((await perk(w, 'p-bike')).reason).toBe('本月名额已领完，12月1日再来')
    expect((await refusedWith(w.client.claimPartnerPerk({ perkId: 'p-bike' }))).code).toBe('perk_sold_out')
    w.advance(shanghaiAt(2026, 12, 1, 0, 1) - ORDINARY_MORNING)
    expect(await perk(w, 'p-bike')).toMatchObject({ status: 'claimable', left: 1 })
    await expect(w.client.claimPartnerPerk({ perkId: 'p-bike' })).resolves.toMatchObject({ perk: { left: 0 } })
  })
})

describe('periods roll over on the backend’s clock', () => {
  test('monthly perks come back on the 1st; the quarterly one only when the quarter turns', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    await w.client.claimPartnerPerk({ perkId: 'p-bike' })
    await w.client.claimPartnerPerk({ perkId: 'p-books' })
    expect((await perk(w, 'p-books')).reason).toBe('本季度已领取，1月1日可再领')

    // 23:59 on 30 Nov: still November.
    w.advance(shanghaiAt(2026, 11, 30, 23, 59) - ORDINARY_MORNING)
    expect((await perk(w, 'p-bike')).status).toBe('claimed')
    // 1 Dec: a new month, the same quarter; the camp's places are back too.
    w.advance(2 * 60 * 1000)
    expect((await perks(w)).map((p) => [p.id, p.status])).toEqual([
      ['p-bike', 'claimable'],
      ['p-camp', 'claimable'],
      ['p-books', 'claimed'],
      ['p-video', 'locked'],
    ])
    expect((await perk(w, 'p-books')).claim).not.toBeNull()
    // 1 Jan: a new quarter.
    w.advance(shanghaiAt(2027, 1, 1, 0, 1) - w.now())
    expect((await perk(w, 'p-books')).status).toBe('claimable')
  })

  test('period keys and the next period in words, on the Shanghai calendar', () => {
    const lateDec = shanghaiAt(2026, 12, 31, 23, 30) // 15:30 UTC: still 31 Dec in Shanghai
    expect(['month', 'quarter', 'year'].map((p) => periodKey(p as 'month', lateDec))).toEqual([
      '2026-12',
      '2026-Q4',
      '2026',
    ])
    expect(periodKey('month', shanghaiAt(2027, 1, 1, 0, 30))).toBe('2027-01')
    expect(nextPeriodStart('quarter', shanghaiAt(2026, 8, 15))).toBe(shanghaiAt(2026, 10, 1))
    expect(nextPeriodText('month', lateDec)).toBe('1月1日')
    expect(nextPeriodText('quarter', shanghaiAt(2026, 5, 2))).toBe('7月1日')
    expect(nextPeriodText('year', shanghaiAt(2026, 5, 2))).toBe('2027年1月1日')
  })
})
