/** @jest-environment node */
import { contract, IDEMPOTENCY_HEADER, STAFF_KEY_HEADER, TILL_KEY_HEADER, type EndpointName } from '@/api/contract'
import { balanceOf } from '@/domain/points'
import { DEFAULT_RFM_CUTS, rfmInput, segmentInfo, segmentOf, SEGMENTS } from '@/domain/rfm'
import { DAY_MS, shanghaiWall } from '@/domain/time'
import type { StateChanges } from '../../mock/engine/changes'
import { economics } from '../../mock/engine/economics'
import { Engine } from '../../mock/engine/engine'
import { generatePopulation, POPULATION, populationFor } from '../../mock/engine/population'
import { CONSOLE_RULES, DEFAULT_PROGRAMME } from '../../mock/engine/programme'
import { memberSegment } from '../../mock/engine/hero'
import { segmentAll } from '../../mock/engine/segments'
import { createBackend } from '../../mock/router'
import { ORDINARY_MORNING } from '../setup/clock'
import { CHINESE, rawBackend, STAFF_KEY, TILL_KEY } from '../setup/raw-backend'
import { refusedWith, world } from '../setup/world'

const CONSOLE: EndpointName[] = [
  'staffConsoleSegments',
  'staffListCampaigns',
  'staffPreviewCampaign',
  'staffSendCampaign',
  'staffConsoleEconomics',
]
const WINBACK = { segmentId: 'important-winback', templateId: 't-5off' } as const

describe('the demo population', () => {
  test('is the same for the same seed and day, ≥ 2,000 members; a day later the same members a day on', () => {
    const a = generatePopulation(ORDINARY_MORNING, DEFAULT_PROGRAMME)
    const b = generatePopulation(ORDINARY_MORNING + 3_600_000, DEFAULT_PROGRAMME)
    expect(a.members.length).toBeGreaterThanOrEqual(2_000)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    const next = generatePopulation(ORDINARY_MORNING + DAY_MS, DEFAULT_PROGRAMME)
    for (const i of [0, 7, 1_234, a.members.length - 1]) {
      expect(next.members[i].nickname).toBe(a.members[i].nickname)
      expect(next.members[i].checkouts.map((c) => [c.at - DAY_MS, c.amountFen, c.storeId])).toEqual(
        a.members[i].checkouts.map((c) => [c.at, c.amountFen, c.storeId]),
      )
    }
  })

  test('histories are believable: spend at real stores before today, balances that are the ledger sum, tiers of the ladder', () => {
    const pop = populationFor(ORDINARY_MORNING, DEFAULT_PROGRAMME)
    const tierIds = DEFAULT_PROGRAMME.tiers.map((t) => t.id)
    const counts = new Map<string, number>()
    for (const m of pop.members) {
      counts.set(m.tierId, (counts.get(m.tierId) ?? 0) + 1)
      expect(m.balance).toBe(m.ledger.reduce((s, e) => s + e.points, 0))
      expect(m.balance).toBeGreaterThanOrEqual(0)
      for (const c of m.checkouts) {
        expect(c.at).toBeGreaterThanOrEqual(m.joinedAt)
        expect(c.at).toBeLessThan(ORDINARY_MORNING)
      }
    }
    // Every tier is held by someone, fewest at the top.
    expect([...counts.keys()].sort()).toEqual([...tierIds].sort())
    expect(counts.get('black')!).toBeLessThan(counts.get('gold')!)
    expect(pop.members.some((m) => m.couponsUsed.length > 0)).toBe(true)
  })
})

describe('segments', () => {
  test('every named segment has members, the top 20 % bring 60–80 % of sales, gold-drop is 重要唤回', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    const report = await w.client.staffConsoleSegments()
    expect(report.populationMembers).toBe(POPULATION.size)
    // The state's members: the five personas and the three friends black invited.
    expect(report.members).toBe(POPULATION.size + 8)
    expect(report.segments.map((s) => s.name)).toEqual(SEGMENTS.map((s) => s.name))
    for (const s of report.segments) {
      expect(s.members).toBeGreaterThan(0)
      expect(s.examples.length).toBeGreaterThan(0)
      // Names are masked: the first character, then asterisks.
      for (const e of s.examples) expect(e.name).toMatch(/^.\*{1,2}$/u)
    }
    expect(report.segments.reduce((s, x) => s + x.members, 0)).toBe(report.members)
    expect(report.segments.reduce((s, x) => s + x.spendFen, 0)).toBe(report.salesFen)
    expect(report.top20SharePct).toBeGreaterThanOrEqual(60)
    expect(report.top20SharePct).toBeLessThanOrEqual(80)
    const winback = report.segments.find((s) => s.name === '重要唤回')!
    expect(winback.examples[0]).toMatchObject({ name: '周**', tierName: '金卡', persona: 'gold-drop' })
    expect(winback.examples[0].recencyDays).toBeGreaterThanOrEqual(60)
    // Placed alone by the served default cut points, gold-drop lands in the same segment.
    expect(segmentInfo(memberSegment(w.engine.db.members['m-gold-drop'], w.now())).name).toBe('重要唤回')
    expect(report.defaultCuts).toEqual(DEFAULT_RFM_CUTS)
    // It is still the gold member about to drop that the tier pages show.
    await w.phone('gold-drop')
    const card = await w.client.getMe()
    expect(card.tierName).toBe('金卡')
    expect(card.keep).toMatchObject({ kept: false, dropToName: '银卡', spendToGoFen: 90_000, visitsToGo: 3 })
  })

  test('segmenting places each member as its own cut points say (the population and the state together)', () => {
    const engine = new Engine(null, { now: () => ORDINARY_MORNING })
    const pop = populationFor(ORDINARY_MORNING, engine.db.programme)
    const { cuts, members } = segmentAll(engine.db as never, ORDINARY_MORNING, pop)
    for (const i of [0, 99, 2_000])
      expect(members[i].segment).toBe(
        segmentOf(rfmInput(pop.members[i].checkouts, pop.members[i].joinedAt, ORDINARY_MORNING), cuts).segment,
      )
    expect(members.filter((m) => m.persona).map((m) => [m.persona, m.segment])).toEqual([
      ['new', 'new'],
      ['silver', 'important-value'],
      ['gold-drop', 'important-winback'],
      ['expiring', 'important-keep'],
      ['black', 'important-value'],
    ])
  })
})

describe('campaigns', () => {
  test('the preview counts reach, the cap, expected redemptions at the served rate and their cost at face value', async () => {
    const w = world(ORDINARY_MORNING)
    const report = await w.client.staffConsoleSegments()
    const { offers, rules } = await w.client.staffListCampaigns()
    expect(rules).toEqual({ weeklyCap: CONSOLE_RULES.campaign.weeklyCap, capDays: 7 })
    const offer = offers.find((o) => o.templateId === 't-5off')!
    expect(offer).toMatchObject({ title: '满30减5', faceValueFen: 500, expectedRedemptionPct: 18 })
    const p = await w.client.staffPreviewCampaign(WINBACK)
    const reach = report.segments.find((s) => s.id === 'important-winback')!.members
    expect(p).toMatchObject({ segmentName: '重要唤回', offerTitle: '满30减5', reach, capped: 0, sendTo: reach })
    expect(p.expectedRedemptions).toBe(Math.round(reach * 0.18))
    expect(p.expectedCostFen).toBe(p.expectedRedemptions * 500)
    expect(p.message).toMatchObject({ why: expect.stringMatching(/^因为你是重要唤回会员/), action: '去使用' })
    // A message alone costs nothing and says what staff wrote.
    const m = await w.client.staffPreviewCampaign({
      segmentId: 'dormant',
      message: { title: ' 好久不见 ', body: '新品上市，欢迎回来尝尝' },
    })
    expect(m).toMatchObject({ offerTitle: null, expectedRedemptions: 0, expectedCostFen: 0 })
    expect(m.message).toMatchObject({ title: '好久不见', action: null })
  })

  test('gold-drop gets the message and the coupon at once, and the coupon works at the till', async () => {
    const w = world(ORDINARY_MORNING)
    const p = await w.phone('gold-drop')
    const { campaign } = await w.client.staffSendCampaign(WINBACK)
    expect(campaign).toMatchObject({ segmentName: '重要唤回', offerTitle: '满30减5', sentToState: 1, couponsUsed: 0 })
    expect(campaign.sent).toBe(campaign.reach)
    const record = w.engine.db.members['m-gold-drop']
    const coupon = record.coupons.at(-1)!
    expect(coupon).toMatchObject({ templateId: 't-5off', source: '运营活动', status: 'available' })
    expect(record.messages.at(-1)).toMatchObject({
      kind: 'campaign',
      title: '送你一张「满30减5」',
      why: '因为你是重要唤回会员，好久不见，想请你回来喝一杯',
      link: `/packages/coupon/index?id=${coupon.id}`,
      action: '去使用',
    })
    // Newest first; her birthday-month gift, made on this same read, may share the moment.
    const titles = (await w.client.getMessages()).messages.slice(0, 2).map((m) => m.title)
    expect(titles).toContain('送你一张「满30减5」')
    const mine = (await w.client.getCoupons()).coupons.find((c) => c.id === coupon.id)!
    expect(mine).toMatchObject({ title: '满30减5', status: 'available', source: '运营活动' })
    const receipt = await w.client.tillCheckout({
      code: p.code(),
      storeId: 's-xuhui',
      amountFen: 4_000,
      couponIds: [coupon.id],
    })
    expect(receipt).toMatchObject({ discountFen: 500, couponsUsed: [{ id: coupon.id, title: '满30减5' }] })
    const { campaigns } = await w.client.staffListCampaigns()
    expect(campaigns[0]).toMatchObject({ id: campaign.id, couponsUsed: 1 })
  })

  test('sending is idempotent: the same key replays the answer, the same key with another body is refused', () => {
    const raw = rawBackend()
    const send = (key: string, body: unknown) =>
      raw.send(raw.request('staffSendCampaign', { headers: { [IDEMPOTENCY_HEADER]: key }, body }))
    const first = send('campaign-1', WINBACK)
    expect(first.status).toBe(200)
    const messages = () => raw.engine.db.members['m-gold-drop'].messages.filter((m) => m.kind === 'campaign').length
    expect(messages()).toBe(1)
    const again = send('campaign-1', WINBACK)
    expect(again).toMatchObject({ status: 200, body: first.body })
    expect(messages()).toBe(1)
    expect(raw.engine.db.campaigns).toHaveLength(1)
    const other = send('campaign-1', { ...WINBACK, templateId: 't-latte' })
    expect(other.status).toBe(422)
    expect(other.body).toMatchObject({
      error: { code: 'idempotency_key_reused', message: expect.stringMatching(CHINESE) },
    })
    expect(raw.send(raw.request('staffSendCampaign', { headers: { [IDEMPOTENCY_HEADER]: '' } })).status).toBe(400)
  })

  test('the weekly cap: a member gets at most the cap in 7 days; the rest are skipped, in the preview and the send', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    const cap = CONSOLE_RULES.campaign.weeklyCap
    for (let i = 0; i < cap; i++) {
      w.advance(60_000)
      const { campaign } = await w.client.staffSendCampaign(i === 0 ? WINBACK : { ...WINBACK, templateId: 't-latte' })
      expect(campaign.capped).toBe(0)
    }
    w.advance(60_000)
    const p = await w.client.staffPreviewCampaign({ ...WINBACK, templateId: 't-cake' })
    expect(p).toMatchObject({ capped: p.reach, sendTo: 0, expectedRedemptions: 0, expectedCostFen: 0 })
    const { campaign } = await w.client.staffSendCampaign({ ...WINBACK, templateId: 't-cake' })
    expect(campaign).toMatchObject({ sent: 0, sentToState: 0 })
    const gold = w.engine.db.members['m-gold-drop']
    expect(gold.messages.filter((m) => m.kind === 'campaign')).toHaveLength(cap)
    expect(gold.coupons.filter((c) => c.templateId === 't-cake' && c.source === '运营活动')).toHaveLength(0)
    // Another segment is not capped by them; a week on, neither is this one.
    expect((await w.client.staffPreviewCampaign({ segmentId: 'dormant', templateId: 't-cake' })).capped).toBe(0)
    w.advance(7 * DAY_MS)
    expect((await w.client.staffPreviewCampaign({ ...WINBACK, templateId: 't-cake' })).capped).toBe(0)
  })

  test('bad ids are refused in words and change nothing (`__proto__` included)', () => {
    const raw = rawBackend()
    const before = raw.state()
    const cases: [unknown, number, string][] = [
      [{ segmentId: '__proto__', templateId: 't-5off' }, 400, 'invalid_request'],
      [{ segmentId: 'constructor' }, 400, 'invalid_request'],
      [{ segmentId: 'dormant', templateId: '__proto__' }, 400, 'invalid_request'],
      [{ segmentId: 'dormant', templateId: 'toString' }, 400, 'invalid_request'],
      [{ segmentId: 'dormant', templateId: 't-nope' }, 404, 'offer_not_found'],
      [{ segmentId: 'dormant', templateId: 't-black-20' }, 404, 'offer_not_found'],
      [{ segmentId: 'dormant' }, 400, 'campaign_empty'],
      [{ segmentId: 'dormant', message: { title: '  ', body: '你好' } }, 400, 'invalid_request'],
    ]
    for (const name of ['staffPreviewCampaign', 'staffSendCampaign'] as const)
      for (const [body, status, code] of cases) {
        const res = raw.send(raw.request(name, { body }))
        expect([name, res.status, (res.body as { error: { code: string } }).error.code]).toEqual([name, status, code])
        expect((res.body as { error: { message: string } }).error.message).toMatch(CHINESE)
      }
    expect(
      (
        raw.send(raw.request('staffPreviewCampaign', { body: { segmentId: '__proto__' } })).body as never as {
          error: { message: string }
        }
      ).error.message,
    ).toContain('没有这个会员分群')
    // Only the refused answers were kept for their keys: no member or campaign changed.
    const after = JSON.parse(raw.state())
    const was = JSON.parse(before)
    expect(after.members).toEqual(was.members)
    expect(after.campaigns).toBeUndefined()
  })
})

describe('economics', () => {
  test('on a small state: the year’s points are the ledger’s, the liability and costs follow the served rules', async () => {
    const w = world(ORDINARY_MORNING)
    const p = await w.phone('silver')
    const coupon = (await w.client.getCoupons()).coupons.find((c) => c.title === '满50减10')!
    await w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 8_000, couponIds: [coupon.id] })
    await w.client.tillCheckout({ storeId: 's-xuhui', amountFen: 6_000 })
    const now = w.now()
    const e = economics(w.engine.db as never, now, null)
    const yearStart = Date.UTC(2025, 11, 31, 16)
    let issued = 0
    let redeemed = 0
    let expired = 0
    let outstanding = 0
    let sales = 0
    for (const m of Object.values(w.engine.db.members)) {
      outstanding += balanceOf(m.ledger)
      for (const x of m.ledger.filter((l) => l.at >= yearStart && l.at <= now)) {
        if (x.type === 'earn' || x.type === 'refund') issued += x.points
        if (x.type === 'redeem') redeemed -= x.points
        if (x.type === 'expire') expired -= x.points
      }
      for (const c of m.checkouts) if (!c.refundedAt && c.at >= yearStart) sales += c.amountFen
    }
    expect(issued).toBeGreaterThan(0)
    expect(e.year).toBe(2026)
    expect(e.points).toMatchObject({ issued, redeemed, expired, outstanding })
    expect(e.points.liabilityFen).toBe(Math.round(outstanding * 1 * 0.7))
    expect(e.sales.memberSalesFen).toBe(sales)
    expect(e.monthly).toHaveLength(shanghaiWall(now).getUTCMonth() + 1)
    expect(e.monthly.reduce((s, m) => s + m.issued, 0)).toBe(issued)
    expect(e.monthly.reduce((s, m) => s + m.memberSalesFen, 0)).toBe(sales)
    // Costs: redemptions at 1 fen a point, the used ¥10 coupon at face, each part in the total.
    expect(e.cost.redemptionsFen).toBe(redeemed)
    expect(e.cost.couponsFen).toBeGreaterThanOrEqual(1_000)
    expect(e.cost.totalFen).toBe(
      e.cost.redemptionsFen + e.cost.couponsFen + e.cost.partnerPerksFen + e.cost.trialVouchersFen,
    )
    // The anonymous checkout at the till measures members' share of sales.
    expect(e.sales.nonMemberSource).toBe('checkouts')
    expect(e.sales.memberSharePct).toBeCloseTo((8_000 / 14_000) * 100 + 0, 0)
    expect(e.rules).toMatchObject({ pointsPerYuan: 100, traditionalCostPct: 1 })
  })

  test('the console’s figures are the state’s plus the population’s', async () => {
    const w = world(ORDINARY_MORNING)
    const served = await w.client.staffConsoleEconomics()
    const state = economics(w.engine.db as never, w.now(), null)
    const pop = economics(
      { ...w.engine.db, members: {}, receipts: {} } as never,
      w.now(),
      populationFor(w.now(), DEFAULT_PROGRAMME),
    )
    expect(served.points.issued).toBe(state.points.issued + pop.points.issued)
    expect(served.points.outstanding).toBe(state.points.outstanding + pop.points.outstanding)
    expect(served.sales.memberSalesFen).toBe(state.sales.memberSalesFen + pop.sales.memberSalesFen)
    expect(served.sales.nonMemberSource).toBe('assumption')
    expect(served.points.redemptionRatePct).toBeGreaterThan(0)
    expect(served.points.breakagePct).toBeGreaterThan(0)
    expect(served.cost.shareOfMemberSalesPct).toBeGreaterThan(0)
  })
})

describe('who may use the console', () => {
  test.each(CONSOLE)(
    '%s: the staff key only; no key, a wrong key, a member session or a till key are refused in words',
    (name) => {
      const raw = rawBackend()
      const endpoint = contract[name]
      const withHeaders = (headers: Record<string, string>) => {
        const req = raw.request(name)
        const { [STAFF_KEY_HEADER]: _staff, ...rest } = req.headers
        return raw.send({ ...req, headers: { ...rest, ...headers } })
      }
      const cases: [Record<string, string>, number, string][] = [
        [{}, 401, 'staff_key_required'],
        [{ [STAFF_KEY_HEADER]: 'WRONG' }, 401, 'staff_unauthorized'],
        [{ authorization: `Bearer ${raw.ctx.member}` }, 403, 'staff_only'],
        [{ [TILL_KEY_HEADER]: TILL_KEY }, 403, 'staff_only'],
      ]
      for (const [headers, status, code] of cases) {
        const res = withHeaders(headers)
        expect([res.status, (res.body as { error: { code: string } }).error.code]).toEqual([status, code])
        expect((res.body as { error: { message: string } }).error.message).toMatch(CHINESE)
      }
      const member = withHeaders({ authorization: `Bearer ${raw.ctx.member}` }).body as { error: { message: string } }
      expect(member.error.message).toBe('运营台仅限员工使用：会员登录不能查看会员分群和经营数据，请填写员工密钥')
      expect(withHeaders({ [STAFF_KEY_HEADER]: STAFF_KEY }).status).toBe(200)
      expect(endpoint.auth).toBe('staff')
    },
  )

  test('the page-level client refuses without the staff key too', async () => {
    const w = world(ORDINARY_MORNING)
    w.setStaff(null)
    const e = await refusedWith(w.client.staffConsoleSegments())
    expect([e.status, e.code]).toEqual([401, 'staff_key_required'])
  })
})

describe('storage', () => {
  test('the population is never written: a console request persists nothing of it, a campaign only a small record', () => {
    const written: StateChanges[] = []
    const engine = new Engine(null, { now: () => ORDINARY_MORNING })
    const backend = createBackend(engine, { persist: (c) => written.push(c) })
    const send = (method: 'GET' | 'POST', path: string, body?: unknown, key?: string) =>
      backend.dispatch({
        method,
        path,
        headers: { [STAFF_KEY_HEADER]: STAFF_KEY, ...(key ? { [IDEMPOTENCY_HEADER]: key } : {}) },
        body,
        timeoutMs: 1000,
      })
    send('GET', '/staff/console/segments')
    written.length = 0
    expect(send('GET', '/staff/console/segments').status).toBe(200)
    expect(send('GET', '/staff/console/economics').status).toBe(200)
    expect(written).toHaveLength(0)
    expect(send('POST', '/staff/console/campaigns/send', WINBACK, 'k-1').status).toBe(200)
    const text = JSON.stringify(written)
    expect(text).not.toMatch(/pop-\d{5}/)
    const meta = written.map((c) => c.meta).find((m) => m?.campaigns)!
    expect(JSON.stringify(meta.campaigns).length).toBeLessThan(2_000)
    expect(JSON.stringify(engine.db)).not.toMatch(/pop-\d{5}/)
  })
})
