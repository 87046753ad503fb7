/** @jest-environment node */
import * as v from 'valibot'
import { MemberCardSchema, PERSONA_IDS, type AttentionRules } from '@/api/contract'
import { Engine } from '../../mock/engine/engine'
import { DEFAULT_PROGRAMME } from '../../mock/engine/programme'
import { seedDb } from '../../mock/engine/state'
import { world } from '../setup/world'

const ORDINARY = Date.UTC(2026, 10, 28, 2) // Sat 28 Nov 2026, 10:00 in Shanghai
const QUARTERLY_DAY = Date.UTC(2026, 11, 18, 2) // 18 Dec, 10:00: the quarterly member day

/** An engine at `now` whose programme has these attention rules (the rest as served by default). */
function engineWith(now: number, attention?: Partial<AttentionRules>) {
  const programme = { ...DEFAULT_PROGRAMME, attention: { ...DEFAULT_PROGRAMME.attention!, ...attention } }
  return new Engine(seedDb(now, programme), { now: () => now })
}

const attentionOf = (engine: Engine, persona: string) => engine.card(`m-${persona}`).attention

describe('the card attention line', () => {
  test('lapsing points are told as what they buy, with 去兑换 to the rewards mall', () => {
    expect(attentionOf(engineWith(ORDINARY), 'expiring')).toEqual({
      kind: 'points-expiring',
      text: '1,200 积分将于 12月11日 起陆续过期，够换 2 杯拿铁',
      action: { label: '去兑换', target: 'rewards' },
    })
  })

  test('on a quarterly member day the member day comes first for every member', () => {
    const engine = engineWith(QUARTERLY_DAY)
    for (const persona of PERSONA_IDS)
      expect(attentionOf(engine, persona)).toEqual({
        kind: 'member-day',
        text: '今天是季度会员日 · 积分 ×3，会员专享券可领',
        action: { label: '去看看', target: 'member-day' },
      })
  })

  test('nothing pressing: no line', () => {
    expect(attentionOf(engineWith(ORDINARY), 'new')).toBeNull()
    expect(attentionOf(engineWith(ORDINARY), 'silver')).toBeNull()
  })

  test("the programme's order decides which comes first", () => {
    const engine = engineWith(ORDINARY, { order: ['coupons-expiring', 'points-expiring'] })
    expect(attentionOf(engine, 'expiring')).toEqual({
      kind: 'coupons-expiring',
      text: '满30减5 券将于 11月30日 过期',
      action: { label: '去使用', target: 'coupons' },
    })
  })

  test("the programme's thresholds decide how near a lapse must be", () => {
    // The first lot lapses in 13 days: outside a 10-day rule, so the coupon lapsing in 2 days is next.
    expect(attentionOf(engineWith(ORDINARY, { pointsWithinDays: 10 }), 'expiring')?.kind).toBe('coupons-expiring')
    expect(attentionOf(engineWith(ORDINARY, { pointsWithinDays: 10, couponsWithinDays: 1 }), 'expiring')).toBeNull()
    // An unknown kind in the rules is skipped, not an error.
    expect(attentionOf(engineWith(ORDINARY, { order: ['birthday', 'points-expiring'] }), 'expiring')?.kind).toBe(
      'points-expiring',
    )
  })

  test('points that buy nothing on their own are used first by any redemption the balance affords', () => {
    // Silver holds 5,236 points; 320 of them lapse on 2 Jan, too few for any reward alone.
    expect(attentionOf(engineWith(ORDINARY, { pointsWithinDays: 40 }), 'silver')).toEqual({
      kind: 'points-expiring',
      text: '320 积分将于 1月2日 过期，兑换时会先用掉它们',
      action: { label: '去兑换', target: 'rewards' },
    })
  })

  test('a programme stored before the line existed gets the default rules', () => {
    const { attention: _rules, ...before } = DEFAULT_PROGRAMME
    const stored = seedDb(ORDINARY, before)
    const engine = new Engine(JSON.parse(JSON.stringify(stored)), { now: () => ORDINARY })
    expect(attentionOf(engine, 'expiring')?.text).toBe('1,200 积分将于 12月11日 起陆续过期，够换 2 杯拿铁')
  })

  test('GET /me carries it, valid against the contract, and GET /programme serves the rules', async () => {
    const w = world(ORDINARY)
    await w.phone('expiring')
    const card = await w.client.getMe()
    expect(v.is(MemberCardSchema, card)).toBe(true)
    expect(card.attention?.text).toBe('1,200 积分将于 12月11日 起陆续过期，够换 2 杯拿铁')
    expect((await w.client.getProgramme()).attention).toEqual({
      order: ['member-day', 'points-expiring', 'coupons-expiring'],
      pointsWithinDays: 30,
      couponsWithinDays: 3,
    })
  })
})
