/** @jest-environment node */
import fc from 'fast-check'
import { balanceOf } from '@/domain/points'
import { DAY_MS } from '@/domain/time'
import { Engine } from '../../mock/engine/engine'
import { DEFAULT_PROGRAMME } from '../../mock/engine/programme'
import { seedDb } from '../../mock/engine/state'
import { ApiFailure } from '../../mock/engine/failure'
import { refusal } from '../setup/refusal'

const T0 = Date.UTC(2026, 10, 28, 2)

function engineAt(start = T0) {
  let clock = start
  const engine = new Engine(null, { now: () => clock })
  return { engine, advance: (ms: number) => (clock += ms), now: () => clock }
}

describe('what expiring points buy', () => {
  test('expiring points are grouped by day and told as lattes', () => {
    const { engine } = engineAt()
    const { balance, expiring } = engine.pointsSummary('m-expiring')
    expect(balance).toBe(engine.card('m-expiring').points)
    expect(expiring.length).toBeGreaterThanOrEqual(2)
    // ¥680 and ¥520 earned at 新会员 (×1) a week apart: 680 points buy a latte; 520 only a ¥5 voucher.
    expect(expiring[0]).toMatchObject({ points: 680, buys: '1 杯拿铁', rewardId: 'r-latte' })
    expect(expiring[1]).toMatchObject({ points: 520, buys: '1 张代金券（¥5）', rewardId: 'r-5off' })
    expect(expiring[0].date).toBeLessThan(expiring[1].date)
  })

  test('the list reaches as far as the served horizon, and no further', () => {
    const { engine } = engineAt()
    const lots = engine.db.members['m-expiring'].lots.filter((l) => l.remaining > 0 && l.expiresAt > T0)
    const served = engine.db.programme.horizons.expiringWithinDays
    expect(served).toBe(90)
    const within = (days: number) =>
      new Set(lots.filter((l) => l.expiresAt <= T0 + days * DAY_MS).map((l) => l.expiresAt)).size
    expect(engine.pointsSummary('m-expiring').expiring).toHaveLength(within(served))
    // The same member under a programme with a 10-day horizon: only what lapses within 10 days.
    const short = { ...DEFAULT_PROGRAMME, horizons: { ...DEFAULT_PROGRAMME.horizons, expiringWithinDays: 10 } }
    const other = new Engine(seedDb(T0, short), { now: () => T0 })
    const listed = other.pointsSummary('m-expiring').expiring
    expect(listed.length).toBeLessThan(within(served))
    expect(listed.every((g) => g.date <= T0 + 11 * DAY_MS)).toBe(true)
  })

  test('points too few for anything buy nothing, said as null', () => {
    const { engine } = engineAt()
    expect(engine.pointsSummary('m-new')).toEqual({ balance: 0, balanceBuys: null, expiring: [] })
  })

  test('the whole balance is told as what it buys, in the reference reward’s measure', () => {
    const { engine } = engineAt()
    expect(engine.pointsSummary('m-silver')).toMatchObject({ balance: 5236, balanceBuys: '8 杯拿铁' })
  })
})

describe('redeem', () => {
  test('takes the points from the soonest-expiring lots, puts a coupon in the wallet, and lowers stock', () => {
    const { engine } = engineAt()
    const before = engine.card('m-expiring').points
    const soonest = [...engine.db.members['m-expiring'].lots]
      .filter((l) => l.remaining > 0)
      .sort((a, b) => a.expiresAt - b.expiresAt)[0]
    const { item, balance } = engine.redeem('m-expiring', 'r-latte')
    expect(balance).toBe(before - 600)
    expect(item).toMatchObject({ name: '拿铁兑换券', status: 'available', kind: 'coupon' })
    expect(item.code).toMatch(/^QM\d{12}$/)
    expect(engine.db.members['m-expiring'].lots.find((l) => l.id === soonest.id)!.remaining).toBe(
      soonest.remaining - 600,
    )
    expect(engine.wallet('m-expiring')[0].id).toBe(item.id)
    expect(engine.rewards().find((r) => r.id === 'r-latte')!.stock).toBe(998)
  })

  test.each([
    ['m-new', 'r-latte', 'insufficient_points', '积分不足：兑换拿铁兑换券需要 600 积分，还差 600 积分'],
    ['m-silver', 'r-cinema', 'tier_too_low', '该礼品仅限金卡及以上会员兑换'],
    ['m-black', 'r-xmas', 'out_of_stock', '圣诞限定随行杯已兑完，看看其他礼品吧'],
    ['m-black', 'r-nope', 'reward_unknown', '该礼品已下架，请刷新后再看看'],
  ])('%s redeeming %s is refused (%s) and nothing is deducted', (memberId, rewardId, code, message) => {
    const { engine } = engineAt()
    const before = JSON.stringify(engine.db.members[memberId])
    const stock = JSON.stringify(engine.rewards())
    const f = refusal(() => engine.redeem(memberId, rewardId))
    expect([f.code, f.userMessage]).toEqual([code, message])
    expect(JSON.stringify(engine.db.members[memberId])).toBe(before)
    expect(JSON.stringify(engine.rewards())).toBe(stock)
  })

  test('the last one in stock goes to one member only', () => {
    const { engine } = engineAt()
    engine.redeem('m-black', 'r-mug')
    engine.redeem('m-black', 'r-mug')
    engine.redeem('m-black', 'r-mug')
    expect(refusal(() => engine.redeem('m-black', 'r-mug')).code).toBe('out_of_stock')
  })
})

describe('ledger pages', () => {
  test('newest first, no overlap or gap across pages, filter by type', () => {
    const { engine } = engineAt()
    const all = engine.db.members['m-black'].ledger
    const seen: string[] = []
    let cursor = 0
    for (;;) {
      const page = engine.ledger('m-black', undefined, cursor, 7)
      expect(page.total).toBe(all.length)
      seen.push(...page.entries.map((e) => e.id))
      for (let i = 1; i < page.entries.length; i++)
        expect(page.entries[i - 1].at).toBeGreaterThanOrEqual(page.entries[i].at)
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(new Set(seen).size).toBe(all.length)
    const redeems = engine.ledger('m-black', 'redeem', 0, 100)
    expect(redeems.entries.length).toBeGreaterThan(0)
    expect(redeems.entries.every((e) => e.type === 'redeem')).toBe(true)
    expect(redeems.total).toBe(all.filter((e) => e.type === 'redeem').length)
  })

  test('an entry added while paging does not shift the older pages', () => {
    const { engine } = engineAt()
    const first = engine.ledger('m-black', undefined, 0, 10)
    engine.redeem('m-black', 'r-latte')
    const second = engine.ledger('m-black', undefined, first.nextCursor ?? 0, 10)
    expect(second.entries[0].at).toBeLessThanOrEqual(first.entries.at(-1)!.at)
    expect(second.entries.map((e) => e.id)).not.toContain(first.entries.at(-1)!.id)
  })
})

describe('tier anniversary', () => {
  test('gold-drop drops one tier with a message that says why and how to climb back', () => {
    const { engine, advance, now } = engineAt()
    const anniversary = engine.card('m-gold-drop').keep!.anniversary
    advance(anniversary - now() + 1)
    expect(engine.card('m-gold-drop').tierName).toBe('银卡')
    const [message] = engine.messages('m-gold-drop')
    expect(message.title).toBe('会员等级调整为银卡')
    expect(message.body).toMatch(
      /^过去一年你消费 ¥2,100、到店 5 次，未达到金卡保级条件（¥3,000 或 8 次），等级调整为银卡，银卡权益照常享受。再消费 ¥[\d,]+ 或到店 \d+ 次即可重回金卡。$/,
    )
  })
})

test('property: earn, redeem, expire, clock moves — balance = ledger = live lots ≥ 0; a refused redeem changes nothing', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.record({
            kind: fc.constant('redeem' as const),
            reward: fc.constantFrom('r-latte', 'r-5off', 'r-cake', 'r-drip', 'r-mug', 'r-cinema', 'r-tea'),
          }),
          fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 120 }) }),
        ),
        { maxLength: 30 },
      ),
      fc.constantFrom('m-expiring', 'm-black', 'm-silver', 'm-gold-drop'),
      (ops, memberId) => {
        const { engine, advance, now } = engineAt()
        for (const op of ops) {
          if (op.kind === 'wait') advance(op.days * DAY_MS)
          else {
            const before = JSON.stringify(engine.db.members[memberId].ledger)
            try {
              engine.redeem(memberId, op.reward)
            } catch (e) {
              if (!(e instanceof ApiFailure)) throw e
              expect(JSON.stringify(engine.db.members[memberId].ledger)).toBe(before)
            }
          }
          const points = engine.card(memberId).points
          const m = engine.db.members[memberId]
          expect(points).toBe(balanceOf(m.ledger))
          expect(points).toBe(m.lots.filter((l) => l.expiresAt > now()).reduce((s, l) => s + l.remaining, 0))
          expect(points).toBeGreaterThanOrEqual(0)
        }
      },
    ),
    { numRuns: 80 },
  )
})
