/**
 * @jest-environment node
 *
 * 体验官 in the backend, through the contract: who may apply and why not, the selection at the close
 * (a served rule, deterministic with ties, once), the trial voucher at the till, feedback for points
 * once, and staff closing a window and replying.
 */
import { IDEMPOTENCY_HEADER, STAFF_KEY_HEADER } from '@/api/contract'
import { DAY_MS } from '@/domain/time'
import { Engine } from '../../mock/engine/engine'
import { ranked, settle } from '../../mock/engine/officers'
import { need } from '../../mock/engine/records'
import { createBackend, DEMO_STAFF_KEY } from '../../mock/router'
import { ORDINARY_MORNING } from '../setup/clock'
import { refusedWith, world } from '../setup/world'

const STORE = 's-xuhui'
/** tr-sakura (金卡 and above, 20 seats) takes applications until the end of 2 Dec. */
const AFTER_SAKURA_CLOSE = Date.UTC(2026, 11, 3, 2) // 3 Dec, 10:00 Shanghai

type World = ReturnType<typeof world>
const trial = async (w: World, id: string) => (await w.client.getMyTrials()).trials.find((t) => t.id === id)!
const balance = async (w: World) => (await w.client.getMe()).points

describe('applying', () => {
  test('silver is told before any tap why the 金卡 trial is closed to her, and an application is refused with that reason', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('silver')
    const sakura = await trial(w, 'tr-sakura')
    expect([sakura.stage, sakura.eligibility, sakura.applyBlock]).toEqual([
      'open',
      '金卡及以上会员可申请',
      '金卡及以上会员可申请，你目前是银卡',
    ])
    const before = JSON.stringify([w.engine.db.trials, w.engine.db.members])
    const e = await refusedWith(w.client.applyTrial({ trialId: 'tr-sakura' }))
    expect([e.status, e.code, e.userMessage]).toEqual([403, 'trial_tier', '金卡及以上会员可申请，你目前是银卡'])
    expect(JSON.stringify([w.engine.db.trials, w.engine.db.members])).toBe(before)
    // The closed trial says it is closed.
    expect((await trial(w, 'tr-geisha')).applyBlock).toBe('报名已于11月15日截止')
    const closed = await refusedWith(w.client.applyTrial({ trialId: 'tr-geisha' }))
    expect([closed.status, closed.code, closed.userMessage]).toEqual([409, 'trial_closed', '报名已于11月15日截止'])
  })

  test('gold-drop applies with a note, once: a double tap with one key applies once, a second tap is refused', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    const before = (await trial(w, 'tr-sakura')).applicants
    const first = await w.client.applyTrial(
      { trialId: 'tr-sakura', note: ' 喜欢花香，少甜 ' },
      { idempotencyKey: 'k1' },
    )
    const replay = await w.client.applyTrial(
      { trialId: 'tr-sakura', note: ' 喜欢花香，少甜 ' },
      { idempotencyKey: 'k1' },
    )
    expect(replay).toEqual(first)
    expect(first.trial.applicants).toBe(before + 1)
    expect(first.trial.mine).toMatchObject({ status: 'applied', note: '喜欢花香，少甜', result: null })
    expect(first.trial.mine.next).toBe('12月2日报名截止后按规则选出 20 位体验官，结果在这里公布')
    expect(first.trial.applyBlock).toBe('你已经申请过了，12月2日报名截止后公布结果')
    const again = await refusedWith(w.client.applyTrial({ trialId: 'tr-sakura' }, { idempotencyKey: 'k2' }))
    expect([again.status, again.code]).toEqual([409, 'trial_applied'])
    expect((await trial(w, 'tr-sakura')).applicants).toBe(before + 1)
  })

  test('a note over 100 characters is refused in Chinese; an unknown trial is a 404', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('black')
    const long = await refusedWith(w.client.applyTrial({ trialId: 'tr-sakura', note: '甜'.repeat(101) }))
    expect([long.status, long.userMessage]).toEqual([400, '请求参数有误（note）：口味偏好最多 100 字'])
    const unknown = await refusedWith(w.client.applyTrial({ trialId: 'tr-nope' }))
    expect([unknown.status, unknown.code]).toEqual([404, 'trial_unknown'])
  })

  test('a full trial refuses with the limit', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('black')
    w.engine.transaction((db) => {
      db.trials.find((t) => t.id === 'tr-sakura')!.applyLimit = 0
    })
    expect((await trial(w, 'tr-sakura')).applyBlock).toBe('本期报名已满（0 人），下期早点来')
    const e = await refusedWith(w.client.applyTrial({ trialId: 'tr-sakura' }))
    expect([e.status, e.code]).toEqual([409, 'trial_full'])
  })
})

test('a trial not open yet refuses applications and an early close, with the day it opens', async () => {
  const w = world(ORDINARY_MORNING)
  await w.phone('black')
  w.engine.transaction((db) => {
    db.trials.find((t) => t.id === 'tr-sakura')!.applyFrom = ORDINARY_MORNING + 3 * DAY_MS
  })
  expect((await trial(w, 'tr-sakura')).stage).toBe('upcoming')
  const apply = await refusedWith(w.client.applyTrial({ trialId: 'tr-sakura' }))
  expect([apply.status, apply.code, apply.userMessage]).toEqual([409, 'trial_not_open', '12月1日开始报名'])
  const close = await refusedWith(w.client.staffCloseTrial({ trialId: 'tr-sakura' }))
  expect([close.status, close.code]).toEqual([409, 'trial_not_open'])
})

test('rebuilding personas keeps their trials as the rule left them, and their perk claims counted once', async () => {
  const w = world(ORDINARY_MORNING)
  for (let i = 0; i < 2; i++) {
    await w.client.personaLogin({ persona: 'gold-drop', device: 'device-0001', reset: true })
    await w.client.personaLogin({ persona: 'black', device: 'device-0001', reset: true })
  }
  const geisha = w.engine.db.trials.find((t) => t.id === 'tr-geisha')!
  expect(geisha.applications.map((a) => [a.memberId, a.status, a.rank])).toEqual([
    ['m-gold-drop', 'not_selected', 2],
    ['m-black', 'selected', 1],
  ])
  expect(w.engine.db.partnerPerks.find((p) => p.id === 'p-video')!.claimed.count).toBe(1)
  await w.phone('black')
  expect((await w.client.getMyTrials()).officer).toEqual({ trialsDone: 1, badge: '体验官' })
})

describe('the selection at the close', () => {
  /** A backend whose tr-sakura has every persona and two new members as applicants, 3 seats. */
  function applicants(newAt: number) {
    const engine = new Engine(null, { now: () => ORDINARY_MORNING })
    const joined = ['13900000011', '13900000012'].map((phone, i) => {
      const s = engine.login('x', `device-new-${i}`)
      return engine.join(engine.authenticate(s.token), { phone, nickname: `新人${i + 1}` }).memberId
    })
    engine.transaction((db) => {
      const t = db.trials.find((x) => x.id === 'tr-sakura')!
      t.seats = 3
      t.minTierId = null
      const at = ORDINARY_MORNING - DAY_MS
      // Applied in this order: the two new members at the same moment (the later card first), then the personas.
      const order: [string, number][] = [
        [joined[1], newAt],
        [joined[0], newAt],
        ['m-expiring', at + 1],
        ['m-silver', at + 2],
        ['m-gold-drop', at + 3],
        ['m-black', at + 4],
        ['m-new', at + 5],
      ]
      for (const [memberId, when] of order)
        t.applications.push({
          memberId,
          at: when,
          note: null,
          status: 'applied',
          rank: null,
          tierName: null,
          visits: null,
          couponId: null,
          feedback: null,
        })
    })
    return { engine, joined }
  }

  test('tier first, then visits in 90 days, then the earlier application, then the card number; the first seats are selected', () => {
    const { engine, joined } = applicants(ORDINARY_MORNING - 2 * DAY_MS)
    const t = engine.db.trials.find((x) => x.id === 'tr-sakura')!
    const order = ranked(engine.db as never, t).map((p) => [p.app.memberId, p.tierName, p.visits])
    expect(order).toEqual([
      ['m-black', '黑金', expect.any(Number)],
      ['m-gold-drop', '金卡', 1],
      ['m-silver', '银卡', 3],
      ['m-expiring', '银卡', 1],
      // Same tier, no visits: who applied first (the new members applied a day before m-new).
      [joined[0], '新会员', 0],
      [joined[1], '新会员', 0],
      ['m-new', '新会员', 0],
    ])
    engine.transaction((db) => settle(db, t.applyTo + 1))
    const after = engine.db.trials.find((x) => x.id === 'tr-sakura')!
    const byRank = [...after.applications].sort((a, b) => a.rank! - b.rank!)
    expect(byRank.map((a) => [a.memberId, a.status])).toEqual([
      ['m-black', 'selected'],
      ['m-gold-drop', 'selected'],
      ['m-silver', 'selected'],
      ['m-expiring', 'not_selected'],
      [joined[0], 'not_selected'],
      [joined[1], 'not_selected'],
      ['m-new', 'not_selected'],
    ])
    // The same applicants give the same order every time.
    const names = (e: Engine, tr: typeof t) =>
      ranked(e.db as never, tr).map((p) => need(e.db.members, p.app.memberId).nickname)
    const again = applicants(ORDINARY_MORNING - 2 * DAY_MS).engine
    const t2 = again.db.trials.find((x) => x.id === 'tr-sakura')!
    expect(names(again, t2)).toEqual(['Vivian', '周一一', '林小满', '陈默', '新人1', '新人2', '小新'])
  })

  test('a tie on tier, visits and application time goes to the lower card number', () => {
    const { engine, joined } = applicants(ORDINARY_MORNING - 2 * DAY_MS)
    const t = engine.db.trials.find((x) => x.id === 'tr-sakura')!
    const cards = joined.map((id) => need(engine.db.members, id).cardId)
    expect(cards[0] < cards[1]).toBe(true)
    const ids = ranked(engine.db as never, t).map((p) => p.app.memberId)
    expect(ids.indexOf(joined[0])).toBeLessThan(ids.indexOf(joined[1]))
  })

  test('runs on the first read after the close, once: the selected get the voucher, everyone sees why', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    await w.client.applyTrial({ trialId: 'tr-sakura', note: '少甜' })
    await w.phone('black')
    await w.client.applyTrial({ trialId: 'tr-sakura' })
    expect(w.engine.db.trials.find((t) => t.id === 'tr-sakura')!.selectedAt).toBeNull()

    w.advance(AFTER_SAKURA_CLOSE - ORDINARY_MORNING)
    const mine = (await trial(w, 'tr-sakura')).mine
    const selectedAt = w.engine.db.trials.find((t) => t.id === 'tr-sakura')!.selectedAt
    expect(selectedAt).toBe(AFTER_SAKURA_CLOSE)
    expect(mine.status).toBe('selected')
    expect(mine.result).toMatch(
      /^共 2 人申请 20 个名额，先看会员等级，再看近 90 天到店次数，仍相同时先申请者优先。你排第 1（黑金 · 近 90 天到店 \d+ 次），已入选$/,
    )
    expect(mine.next).toBe(
      '体验券已放入你的优惠券：12月3日–12月16日到店出示会员码兑换樱花白桃拿铁；品尝后12月23日前提交反馈，得 200 积分',
    )
    const vouchers = (await w.client.getCoupons()).coupons.filter((c) => c.id === mine.voucher?.couponId)
    expect(vouchers.map((c) => [c.title, c.source, c.status, c.valueFen])).toEqual([
      ['樱花白桃拿铁（体验杯）一杯', '体验官', 'available', 0],
    ])

    // A second read later changes nothing: the seats were given once.
    const state = JSON.stringify(w.engine.db.trials)
    w.advance(DAY_MS)
    await w.client.getMyTrials()
    expect(JSON.stringify(w.engine.db.trials)).toBe(state)
    await w.phone('gold-drop')
    expect((await trial(w, 'tr-sakura')).mine.result).toMatch(/你排第 2（金卡 · 近 90 天到店 1 次），已入选$/)
    // Too late to apply now.
    await w.phone('expiring')
    const late = await refusedWith(w.client.applyTrial({ trialId: 'tr-sakura' }))
    expect([late.code, late.userMessage]).toEqual(['trial_closed', '报名已于12月2日截止'])
  })

  test('gold-drop, second to black for the one seat of 瑰夏, sees 未入选 and why', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    const geisha = await trial(w, 'tr-geisha')
    expect(geisha.mine.status).toBe('not_selected')
    expect(geisha.mine.result).toBe(
      '共 2 人申请 1 个名额，先看会员等级，再看近 90 天到店次数，仍相同时先申请者优先。你排第 2（金卡 · 近 90 天到店 2 次），本期未入选',
    )
    expect(geisha.mine.next).toBe('感谢参与。下期招募开始后会出现在这里，欢迎再来申请')
    expect(geisha.mine.voucher).toBeNull()
  })
})

describe('feedback', () => {
  test('black, an officer whose 瑰夏 voucher is used, gives feedback once for 300 points; a replay gives them once', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('black')
    const geisha = await trial(w, 'tr-geisha')
    expect(geisha.mine).toMatchObject({ status: 'selected', feedbackBlock: null, feedback: null })
    expect(geisha.mine.voucher?.status).toBe('used')
    expect(geisha.mine.next).toBe('你已品尝瑰夏手冲，12月7日前提交反馈，得 300 积分')
    const before = await balance(w)
    const form = { trialId: 'tr-geisha', taste: 5, sweetness: 3, wouldBuy: 4, text: '茉莉花香很明显' }
    const sent = await w.client.sendTrialFeedback(form, { idempotencyKey: 'fb-1' })
    const replay = await w.client.sendTrialFeedback(form, { idempotencyKey: 'fb-1' })
    expect(replay).toEqual(sent)
    expect([sent.pointsEarned, sent.balance]).toEqual([300, before + 300])
    expect(await balance(w)).toBe(before + 300)
    expect(sent.trial.mine.feedback).toMatchObject({ taste: 5, sweetness: 3, wouldBuy: 4, text: '茉莉花香很明显' })
    expect(sent.trial.mine.next).toBe('已提交反馈，获得 300 积分。品牌回复后会显示在这里')
    const ledger = await w.client.getLedger({ type: 'earn', limit: 1 })
    expect(ledger.entries[0]).toMatchObject({ points: 300, note: '体验官反馈 · 瑰夏手冲' })

    const twice = await refusedWith(w.client.sendTrialFeedback(form, { idempotencyKey: 'fb-2' }))
    expect([twice.status, twice.code, twice.userMessage]).toEqual([
      409,
      'feedback_given',
      '你已经提交过本期反馈了，每期只能提交一次',
    ])
    expect(await balance(w)).toBe(before + 300)
  })

  test('before the voucher is used feedback is refused; used at the till, it is taken', async () => {
    const w = world(ORDINARY_MORNING)
    const p = await w.phone('gold-drop')
    await w.client.applyTrial({ trialId: 'tr-sakura' })
    w.advance(AFTER_SAKURA_CLOSE - ORDINARY_MORNING)
    const { mine } = await trial(w, 'tr-sakura')
    expect(mine.feedbackBlock).toBe('请先到店用体验券兑换樱花白桃拿铁，品尝后再来反馈')
    const form = { trialId: 'tr-sakura', taste: 4, sweetness: 2, wouldBuy: 5 }
    const early = await refusedWith(w.client.sendTrialFeedback(form))
    expect([early.status, early.code, early.userMessage]).toEqual([
      409,
      'feedback_too_early',
      '请先到店用体验券兑换樱花白桃拿铁，品尝后再来反馈',
    ])

    // The voucher at the till: a ¥0 item coupon, written off like any other.
    const verify = await w.client.tillVerify({ code: p.code(), storeId: STORE, amountFen: 3_200 })
    const offered = verify.coupons.find((c) => c.id === mine.voucher?.couponId)
    expect(offered).toMatchObject({ usable: true, reason: null, discountFen: 0 })
    w.advance(31_000)
    const receipt = await w.client.tillCheckout({
      code: p.code(),
      storeId: STORE,
      amountFen: 3_200,
      couponIds: [mine.voucher!.couponId],
    })
    expect(receipt.couponsUsed.map((c) => c.title)).toEqual(['樱花白桃拿铁（体验杯）一杯'])
    const after = await trial(w, 'tr-sakura')
    expect([after.mine.voucher?.status, after.mine.feedbackBlock]).toEqual(['used', null])
    await expect(w.client.sendTrialFeedback(form)).resolves.toMatchObject({ pointsEarned: 200 })
  })

  test('a member who was not selected, or after the due date, is refused with the reason', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('gold-drop')
    const form = { trialId: 'tr-geisha', taste: 3, sweetness: 3, wouldBuy: 3 }
    const notSelected = await refusedWith(w.client.sendTrialFeedback(form))
    expect([notSelected.status, notSelected.code, notSelected.userMessage]).toEqual([
      403,
      'trial_not_selected',
      '入选本期体验官后才能提交反馈',
    ])
    await w.phone('black')
    w.advance(10 * DAY_MS)
    const late = await refusedWith(w.client.sendTrialFeedback(form))
    expect([late.status, late.code, late.userMessage]).toEqual([409, 'feedback_closed', '反馈已于12月7日截止'])
  })
})

describe('the officer on the card, and the brand’s reply', () => {
  test('black carries the 体验官 badge and one trial done with the brand’s reply; silver has none', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('black')
    const mine = await w.client.getMyTrials()
    expect(mine.officer).toEqual({ trialsDone: 1, badge: '体验官' })
    expect((await w.client.getMe()).badges).toEqual(['体验官'])
    const ginger = mine.trials.find((t) => t.id === 'tr-ginger')!
    expect([ginger.stage, ginger.mine.feedback?.reply]).toEqual(['ended', '采纳了你的建议：甜度下调一档'])
    // Open and coming trials first, then those being tried, then the ones over.
    expect(mine.trials.map((t) => t.stage)).toEqual(['open', 'trial', 'ended'])
    await w.phone('silver')
    expect((await w.client.getMyTrials()).officer).toEqual({ trialsDone: 0, badge: null })
    expect((await w.client.getMe()).badges).toEqual([])
  })

  test('staff reply to feedback and the member sees it; a reply to no feedback is refused', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('black')
    await w.client.sendTrialFeedback({ trialId: 'tr-geisha', taste: 5, sweetness: 4, wouldBuy: 5, text: '太香了' })
    const staff = (await w.client.staffListTrials()).trials.find((t) => t.id === 'tr-geisha')!
    expect(staff.feedback.map((f) => [f.nickname, f.tierName, f.text, f.reply])).toEqual([
      ['Vivian', '黑金', '太香了', null],
    ])
    await w.client.staffReplyTrial({ trialId: 'tr-geisha', memberId: 'm-black', reply: ' 谢谢！下周正式上架 ' })
    expect((await trial(w, 'tr-geisha')).mine.feedback?.reply).toBe('谢谢！下周正式上架')
    const none = await refusedWith(
      w.client.staffReplyTrial({ trialId: 'tr-geisha', memberId: 'm-silver', reply: '好' }),
    )
    expect([none.status, none.code]).toEqual([404, 'feedback_unknown'])
    const empty = await refusedWith(
      w.client.staffReplyTrial({ trialId: 'tr-geisha', memberId: 'm-black', reply: '  ' }),
    )
    expect([empty.status, empty.code, empty.userMessage]).toEqual([400, 'reply_empty', '请填写回复'])
  })
})

describe('staff closing a window early', () => {
  test('selects at once, and the window stays closed; a second close is refused', async () => {
    const w = world(ORDINARY_MORNING)
    await w.phone('black')
    await w.client.applyTrial({ trialId: 'tr-sakura' })
    const closed = await w.client.staffCloseTrial({ trialId: 'tr-sakura' })
    expect(closed.trial).toMatchObject({ closedEarly: true, applicants: 1, selected: 1, stage: 'trial' })
    const mine = await trial(w, 'tr-sakura')
    expect([mine.mine.status, mine.closedEarly, mine.applyTo]).toEqual(['selected', true, ORDINARY_MORNING])
    // The voucher works from the close.
    expect(mine.mine.next).toMatch(/^体验券已放入你的优惠券：11月28日–12月16日到店/)
    const again = await refusedWith(w.client.staffCloseTrial({ trialId: 'tr-sakura' }))
    expect([again.status, again.code, again.userMessage]).toEqual([409, 'trial_closed', '报名已于11月28日截止'])
    await w.phone('gold-drop')
    const late = await refusedWith(w.client.applyTrial({ trialId: 'tr-sakura' }))
    expect(late.code).toBe('trial_closed')
  })

  test('only with the staff key: a member session is refused, and no key is a 401', () => {
    const engine = new Engine(null, { now: () => ORDINARY_MORNING })
    const backend = createBackend(engine)
    const member = engine.personaLogin('black').token
    const call = (headers: Record<string, string>) =>
      backend.dispatch({
        method: 'POST',
        path: '/staff/trials/close',
        headers: { [IDEMPOTENCY_HEADER]: 'x', ...headers },
        body: { trialId: 'tr-sakura' },
        timeoutMs: 1000,
      })
    expect(call({ authorization: `Bearer ${member}` }).status).toBe(403)
    expect(call({}).status).toBe(401)
    expect(engine.db.trials.find((t) => t.id === 'tr-sakura')!.closedEarlyAt).toBeNull()
    expect(call({ [STAFF_KEY_HEADER]: DEMO_STAFF_KEY }).status).toBe(200)
  })
})
