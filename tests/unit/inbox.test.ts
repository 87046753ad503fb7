/** @jest-environment node */
import type { InboxMessage } from '@/api/contract'
import { DAY_MS } from '@/domain/time'
import { Engine } from '../../mock/engine/engine'
import { grant } from '../../mock/engine/coupons'
import type { MemberRecord } from '../../mock/engine/db'
import { need } from '../../mock/engine/records'
import { rawBackend } from '../setup/raw-backend'
import { refusedWith, world } from '../setup/world'

/** A Shanghai wall-clock moment (UTC+8) as epoch ms; month 1–12. */
const shanghaiAt = (y: number, month: number, d: number, hh = 0, mm = 0) => Date.UTC(y, month - 1, d, hh - 8, mm)

const ORDINARY = shanghaiAt(2026, 11, 28, 10) // 20 days before the quarterly member day (12-18)
const HOUR = 60 * 60 * 1000

type World = ReturnType<typeof world>

async function inbox(w: World) {
  return w.client.getMessages()
}

const byId = (messages: InboxMessage[], id: string) => messages.find((m) => m.id === id)
const kinds = (messages: InboxMessage[]) => messages.map((m) => m.kind)

/** Change a persona's record directly, as another programme (or the clock) would. */
function edit(w: World, who: string, fn: (m: MemberRecord) => void) {
  w.engine.transaction((db) => fn(need(db.members, `m-${who}`)))
}

describe('messages made from the member state', () => {
  test('points lapsing within the served days: one message per expiry day, told as what they buy, with 去兑换', async () => {
    const w = world(ORDINARY)
    await w.phone('expiring')
    const { messages, unread } = await inbox(w)
    const first = byId(messages, 'expiry:2026-12-11')!
    expect(first).toMatchObject({
      kind: 'points-expiring',
      title: '积分即将过期',
      body: '680 积分将于 12月11日 过期，够换 1 杯拿铁',
      why: '因为你的 680 积分将于 12月11日 过期',
      action: '去兑换',
      link: '/packages/rewards/index',
      read: false,
    })
    expect(byId(messages, 'expiry:2026-12-18')!.why).toBe('因为你的 520 积分将于 12月18日 过期')
    // Newest first, and every message is unread at first.
    expect(messages.map((m) => m.at)).toEqual([...messages.map((m) => m.at)].sort((a, b) => b - a))
    expect(unread).toBe(messages.length)
  })

  test('the programme serves the inbox rules: lead times, kinds, words and the reminder kinds in spending order', async () => {
    const w = world(ORDINARY)
    const { inbox: rules } = await w.client.getProgramme()
    expect(rules).toMatchObject({ pointsWithinDays: 30, couponsWithinDays: 3, memberDayLeadHours: 4 })
    expect(rules!.subscribe.map((s) => [s.kind, s.name])).toEqual([
      ['points-expiring', '积分到期提醒'],
      ['coupon-expiring', '优惠券到期提醒'],
      ['member-day', '会员日提醒'],
    ])
  })

  test('a coupon about to lapse: 去使用 opens it, naming the store nearest the last visit where it works', async () => {
    const w = world(ORDINARY)
    await w.phone('expiring')
    const { messages } = await inbox(w)
    const lapse = messages.find((m) => m.kind === 'coupon-expiring')!
    expect(lapse.id).toMatch(/^coupon:cp-/)
    expect(lapse).toMatchObject({
      title: '优惠券即将过期',
      body: '满30减5 券将于 11月30日 过期，离你常去的门店最近可用的是徐汇滨江店',
      why: '因为你的满30减5券将于 11月30日 过期',
      action: '去使用',
      link: `/packages/coupon/index?id=${lapse.id.slice('coupon:'.length)}`,
    })
  })

  test('a member with no visit yet is told of the lapse without a store', async () => {
    const w = world(ORDINARY)
    await w.phone('new')
    // The 入会礼 coupon lasts 30 days: 28 days on it has 2 left.
    w.advance(28 * DAY_MS)
    const lapse = (await inbox(w)).messages.find((m) => m.kind === 'coupon-expiring')!
    expect(lapse.body).toMatch(/^满50减10 券将于 12月\d+日 过期$/)
  })

  test('member-day eve: from 20:00 the evening before, not earlier, with the day and its perks', async () => {
    const w = world(shanghaiAt(2026, 12, 17, 19, 59))
    await w.phone('silver')
    expect(kinds((await inbox(w)).messages)).not.toContain('member-day')
    w.advance(2 * 60 * 1000)
    expect(byId((await inbox(w)).messages, 'member-day:2026-12-18')).toMatchObject({
      title: '明天是季度会员日',
      body: '12月18日 季度会员日 · 积分 ×3，会员专享券当天可领，到店出示会员码即可',
      why: '因为 12月18日 是季度会员日',
      action: '去看看',
      link: '/pages/member-day/index',
      at: shanghaiAt(2026, 12, 17, 20),
    })
  })

  test('keep-tier warning within 30 days of the anniversary, with what is left to do (the domain forecast)', async () => {
    const w = world(ORDINARY)
    await w.phone('gold-drop')
    const keep = (await w.client.getMe()).keep!
    const message = (await inbox(w)).messages.find((m) => m.kind === 'keep-tier')!
    expect(keep.kept).toBe(false)
    expect(message).toMatchObject({
      title: '金卡保级提醒',
      body: '再消费 ¥900 或到店 3 次，即可在 12月18日 保住金卡；否则将调整为银卡',
      why: '因为你的金卡将于 12月18日 按这一年的消费重新评定',
      link: '/packages/tier/index',
    })
    // Kept: the warning goes.
    await w.client.tillCheckout({ code: (await w.phone('gold-drop')).code(), storeId: 's-xuhui', amountFen: 90_000 })
    expect(kinds((await inbox(w)).messages)).not.toContain('keep-tier')
  })

  test('upgrade congratulations from the checkout that lifted the tier, with its benefits', async () => {
    const w = world(ORDINARY)
    const p = await w.phone('silver')
    expect(kinds((await inbox(w)).messages)).not.toContain('upgrade')
    await w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 32_000 })
    const up = (await inbox(w)).messages.find((m) => m.kind === 'upgrade')!
    expect(up).toMatchObject({
      id: 'upgrade:gold:2026-11-28',
      title: '恭喜升级为金卡',
      why: '因为你在 11月28日 的消费让累计达到了金卡条件',
      action: '看看权益',
      link: '/packages/tier/index',
    })
    expect(up.body).toContain('每月免费升杯')
  })

  test('welcome at join, pointing at the join gifts', async () => {
    const w = world(ORDINARY)
    await w.phone('new')
    expect((await inbox(w)).messages).toEqual([
      expect.objectContaining({
        id: 'welcome',
        title: '欢迎加入栖木咖啡',
        why: '因为你在 11月28日 成为栖木咖啡会员',
        link: '/pages/coupons/index',
      }),
    ])
  })

  test('trial selected: derived from the trial seats', async () => {
    const w = world(ORDINARY)
    await w.phone('black')
    expect(byId((await inbox(w)).messages, 'trial:tr-geisha')).toMatchObject({
      kind: 'trial',
      title: '你已入选体验官：瑰夏新豆 · 上市前品鉴',
      link: '/packages/officer/index',
    })
  })

  test('notices other programmes leave (an invitation rewarded, a campaign) are listed with their own words', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    edit(w, 'silver', (m) =>
      m.messages.push(
        {
          id: 'inv-1',
          at: ORDINARY - HOUR,
          title: '邀请奖励到账',
          body: '200 积分',
          kind: 'invitation',
          why: '因为你邀请的好友入会了',
          link: '/packages/points/index',
          action: '查看',
        },
        {
          id: 'cmp-1',
          at: ORDINARY - 2 * HOUR,
          title: '回来喝一杯',
          body: '满30减8',
          kind: 'campaign',
          why: '因为你属于重要唤回会员',
        },
      ),
    )
    const { messages } = await inbox(w)
    expect(messages.map((m) => [m.id, m.kind, m.why])).toEqual([
      ['inv-1', 'invitation', '因为你邀请的好友入会了'],
      ['cmp-1', 'campaign', '因为你属于重要唤回会员'],
    ])
  })
})

describe('the birthday-month gift', () => {
  test('once a year, on the first read in the birthday month, idempotent under repeats', async () => {
    const w = world(shanghaiAt(2026, 10, 31, 23)) // gold-drop's birthday is in November
    await w.phone('gold-drop')
    const gifts = async () => (await w.client.getCoupons()).coupons.filter((c) => c.source === '生日礼')
    expect(kinds((await inbox(w)).messages)).not.toContain('birthday')
    w.advance(2 * HOUR)
    const [first] = await Promise.all([inbox(w), inbox(w), w.client.getMessages()])
    expect(byId(first.messages, 'birthday:2026')).toMatchObject({
      title: '生日快乐，周一一',
      why: '因为 11 月是你的生日月，每年送一次',
      action: '去使用',
    })
    w.advance(10 * DAY_MS)
    await inbox(w)
    expect(await gifts()).toHaveLength(1)
    expect(byId((await inbox(w)).messages, 'birthday:2026')!.link).toBe(
      `/packages/coupon/index?id=${(await gifts())[0].id}`,
    )
    // A year on, again once.
    w.advance(365 * DAY_MS)
    await inbox(w)
    await inbox(w)
    expect((await gifts()).length).toBe(2)
  })

  test('not outside the birthday month, and never for a member without a birthday', async () => {
    const w = world(ORDINARY)
    await w.phone('silver') // May
    expect(kinds((await inbox(w)).messages)).not.toContain('birthday')
    await w.phone('new') // no birthday
    for (let month = 0; month < 12; month++) {
      w.advance(31 * DAY_MS)
      expect(kinds((await inbox(w)).messages)).not.toContain('birthday')
    }
    expect(w.engine.db.members['m-new'].coupons.filter((c) => c.source === '生日礼')).toEqual([])
  })
})

describe('read, unread and deleted', () => {
  test('mark one read, then all; the unread count follows; both survive a restart from the stored state', async () => {
    const w = world(ORDINARY)
    await w.phone('expiring')
    const before = await inbox(w)
    expect(await w.client.readMessages({ id: 'expiry:2026-12-11' })).toEqual({ unread: before.unread - 1 })
    const after = await inbox(w)
    expect(byId(after.messages, 'expiry:2026-12-11')!.read).toBe(true)
    expect(after.unread).toBe(before.unread - 1)
    // Read again: nothing changes.
    expect(await w.client.readMessages({ id: 'expiry:2026-12-11' })).toEqual({ unread: before.unread - 1 })

    const restarted = new Engine(JSON.parse(JSON.stringify(w.engine.db)), { now: () => w.now() })
    expect(restarted.inbox('m-expiring').unread).toBe(before.unread - 1)

    expect(await w.client.readMessages({ all: true })).toEqual({ unread: 0 })
    expect((await inbox(w)).messages.every((m) => m.read)).toBe(true)
    // A message made later is unread.
    w.advance(19 * DAY_MS + 12 * HOUR) // 12-17 22:00, after the member-day eve message
    const later = await inbox(w)
    expect(later.unread).toBe(later.messages.filter((m) => !m.read).length)
    expect(byId(later.messages, 'member-day:2026-12-18')!.read).toBe(false)
  })

  test('delete a derived message and a stored one: gone, and still gone after a restart', async () => {
    const w = world(ORDINARY)
    await w.phone('expiring')
    edit(w, 'expiring', (m) =>
      m.messages.push({ id: 'cmp-9', at: ORDINARY - HOUR, title: '活动', body: '正文', kind: 'campaign' }),
    )
    const { unread } = await inbox(w)
    expect(await w.client.deleteMessage({ id: 'expiry:2026-12-11' })).toEqual({ unread: unread - 1 })
    expect(await w.client.deleteMessage({ id: 'cmp-9' })).toEqual({ unread: unread - 2 })
    const ids = (await inbox(w)).messages.map((m) => m.id)
    expect(ids).not.toContain('expiry:2026-12-11')
    expect(ids).not.toContain('cmp-9')
    const restarted = new Engine(JSON.parse(JSON.stringify(w.engine.db)), { now: () => w.now() })
    expect(restarted.inbox('m-expiring').messages.map((m) => m.id)).toEqual(ids)
    // Deleting again: it is unknown now.
    const e = await refusedWith(w.client.deleteMessage({ id: 'cmp-9' }))
    expect([e.status, e.code, e.userMessage]).toEqual([
      404,
      'message_unknown',
      '找不到这条消息，可能已删除，请刷新后再试',
    ])
  })

  test('the read and deleted lists stay bounded: ids of messages that no longer exist are dropped', async () => {
    const w = world(ORDINARY)
    await w.phone('expiring')
    await w.client.readMessages({ id: 'expiry:2026-12-11' })
    await w.client.deleteMessage({ id: 'expiry:2026-12-18' })
    expect(w.engine.db.members['m-expiring'].inbox).toMatchObject({
      read: ['expiry:2026-12-11'],
      deleted: ['expiry:2026-12-18'],
    })
    w.advance(30 * DAY_MS) // both days have passed: the messages are no longer made
    const { messages } = await inbox(w)
    await w.client.readMessages({ id: messages[0].id })
    const state = w.engine.db.members['m-expiring'].inbox!
    expect(state.read).toEqual([messages[0].id])
    expect(state.deleted).toEqual([])
  })

  test('unknown ids are refused clearly, `__proto__` and friends too; id and all together are refused', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    const unknown = await refusedWith(w.client.readMessages({ id: 'expiry:1999-01-01' }))
    expect([unknown.status, unknown.code]).toEqual([404, 'message_unknown'])
    for (const id of ['__proto__', 'constructor', 'toString']) {
      const e = await refusedWith(w.client.deleteMessage({ id }))
      expect([e.status, e.code, e.userMessage]).toEqual([400, 'invalid_request', '请求参数有误（id）：编号无效'])
    }
    const both = await refusedWith(w.client.readMessages({ id: 'welcome', all: true }))
    expect([both.status, both.userMessage]).toEqual([400, '请指明一条消息，或选择全部已读'])
    const none = await refusedWith(w.client.readMessages({}))
    expect(none.status).toBe(400)
  })

  test('member-scoped: another member cannot read or delete this member’s message', async () => {
    const w = world(ORDINARY)
    await w.phone('expiring')
    await w.phone('silver')
    const e = await refusedWith(w.client.deleteMessage({ id: 'expiry:2026-12-11' }))
    expect(e.code).toBe('message_unknown')
    await w.phone('expiring')
    expect(byId((await inbox(w)).messages, 'expiry:2026-12-11')).toBeDefined()
  })

  test('over raw requests, a visitor who has not joined is told to join first', () => {
    const r = rawBackend()
    const res = r.send({ method: 'GET', path: '/me/messages', headers: { authorization: `Bearer ${r.ctx.visitor}` } })
    expect([res.status, (res.body as { error: { code: string } }).error.code]).toEqual([404, 'not_member'])
  })
})

describe('WeChat one-time subscribe messages', () => {
  test('grants are counted per kind; unknown kinds are refused', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    const granted = async () => (await w.client.getSubscriptions()).kinds.map((k) => [k.name, k.granted])
    expect(await granted()).toEqual([
      ['积分到期提醒', 0],
      ['优惠券到期提醒', 0],
      ['会员日提醒', 0],
    ])
    await w.client.addSubscriptions({ kinds: ['points-expiring', 'member-day'] })
    await w.client.addSubscriptions({ kinds: ['points-expiring'] })
    expect(await granted()).toEqual([
      ['积分到期提醒', 2],
      ['优惠券到期提醒', 0],
      ['会员日提醒', 1],
    ])
    const e = await refusedWith(w.client.addSubscriptions({ kinds: ['spam'] }))
    expect([e.status, e.code, e.userMessage]).toEqual([400, 'subscription_unknown', '没有这种提醒，请刷新后再试'])
    expect(await granted()).toEqual([
      ['积分到期提醒', 2],
      ['优惠券到期提醒', 0],
      ['会员日提醒', 1],
    ])
  })

  test('spent on messages that become due after the grant, most valuable kind first, one each, never below 0', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    await w.client.addSubscriptions({ kinds: ['member-day', 'coupon-expiring', 'points-expiring', 'points-expiring'] })
    edit(w, 'silver', (m) => {
      m.lots = []
      // Already in the 30-day window before the grants: not reminded.
      m.lots.push({
        id: 'l-a',
        earnedAt: ORDINARY - 300 * DAY_MS,
        expiresAt: shanghaiAt(2026, 12, 20, 12),
        points: 300,
        remaining: 300,
      })
      // Enters the window on 11-30: reminded.
      m.lots.push({
        id: 'l-b',
        earnedAt: ORDINARY - 300 * DAY_MS,
        expiresAt: shanghaiAt(2026, 12, 30, 12),
        points: 400,
        remaining: 400,
      })
    })
    w.engine.transaction((db) => {
      const coupon = grant(db, need(db.members, 'm-silver'), 't-5off', ORDINARY, '测试')
      coupon.validTo = shanghaiAt(2026, 12, 19, 23, 59)
    })
    // Nothing due yet.
    expect((await w.client.getSubscriptions()).outbox).toEqual([])

    w.advance(19 * DAY_MS + 11 * HOUR) // 12-17 21:00: member-day eve, the coupon's last 3 days, the 12-30 points
    const { kinds: left, outbox } = await w.client.getSubscriptions()
    expect(left.map((k) => [k.kind, k.granted])).toEqual([
      ['points-expiring', 1],
      ['coupon-expiring', 0],
      ['member-day', 0],
    ])
    // Newest first: spent in the order points, coupon, member day.
    expect(outbox.map((o) => [o.kind, o.messageId, o.templateId])).toEqual([
      ['member-day', 'member-day:2026-12-18', 'demo-member-day-reminder'],
      ['coupon-expiring', expect.stringMatching(/^coupon:cp-/), 'demo-coupon-expiry'],
      ['points-expiring', 'expiry:2026-12-30', 'demo-points-expiry'],
    ])
    expect(outbox[2]).toMatchObject({
      title: '积分即将过期',
      at: shanghaiAt(2026, 11, 30, 12),
      fields: [
        { key: 'thing1', value: '积分即将过期' },
        { key: 'thing2', value: expect.stringMatching(/^400 积分将于 12月30日 过期/) },
        { key: 'time3', value: '2026-11-30 12:00' },
      ],
    })
    // Reading again spends nothing more: one reminder per message.
    await inbox(w)
    expect((await w.client.getSubscriptions()).outbox).toHaveLength(3)
  })

  test('a message that came due and went while the member was away still spends its grant (the reminder went out then)', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    await w.client.addSubscriptions({ kinds: ['member-day', 'coupon-expiring', 'points-expiring'] })
    edit(w, 'silver', (m) => {
      m.lots = [
        {
          id: 'l-b',
          earnedAt: ORDINARY - 300 * DAY_MS,
          expiresAt: shanghaiAt(2026, 12, 30, 12),
          points: 400,
          remaining: 400,
        },
      ]
    })
    w.engine.transaction((db) => {
      const coupon = grant(db, need(db.members, 'm-silver'), 't-5off', ORDINARY, '测试')
      coupon.validTo = shanghaiAt(2026, 12, 19, 23, 59)
    })
    // No read until January: the points expired, the coupon lapsed, the member day passed.
    w.advance(shanghaiAt(2027, 1, 2, 10) - w.now())
    const { outbox, kinds: left } = await w.client.getSubscriptions()
    expect(outbox.map((o) => [o.kind, o.messageId, o.at])).toEqual([
      ['member-day', 'member-day:2026-12-18', shanghaiAt(2026, 12, 17, 20)],
      // The coupon due first: one of silver's own lapsed before the test's.
      ['coupon-expiring', expect.stringMatching(/^coupon:cp-/), expect.any(Number)],
      ['points-expiring', 'expiry:2026-12-30', shanghaiAt(2026, 11, 30, 12)],
    ])
    expect(outbox[2].fields[1].value).toMatch(/^400 积分将于 12月30日 过期/)
    expect(left.every((k) => k.granted === 0)).toBe(true)
  })

  test('the member-day reminder is one 会员日提醒 grant: on adds it, off takes it back, never below 0', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    const memberDayGrants = async () =>
      (await w.client.getSubscriptions()).kinds.find((k) => k.kind === 'member-day')!.granted
    const { reminder } = await w.client.setMemberDayReminder({ on: true })
    expect(reminder).toEqual({ date: '2026-12-18', remindAt: shanghaiAt(2026, 12, 17, 20) })
    expect(await memberDayGrants()).toBe(1)
    // On again for the same day: still one.
    await w.client.setMemberDayReminder({ on: true })
    expect(await memberDayGrants()).toBe(1)
    await w.client.setMemberDayReminder({ on: false })
    expect(await memberDayGrants()).toBe(0)
    await w.client.setMemberDayReminder({ on: false })
    expect(await memberDayGrants()).toBe(0)
    // On, then the eve: the reminder is sent (recorded) and the grant spent.
    await w.client.setMemberDayReminder({ on: true })
    w.advance(19 * DAY_MS + 11 * HOUR)
    const { outbox, kinds: left } = await w.client.getSubscriptions()
    expect(outbox.map((o) => o.messageId)).toEqual(['member-day:2026-12-18'])
    expect(left.find((k) => k.kind === 'member-day')!.granted).toBe(0)
    // Turned off after it was spent: stays at 0.
    await w.client.setMemberDayReminder({ on: false })
    expect(await memberDayGrants()).toBe(0)
  })

  test('a 会员日提醒 added on the 消息 page shows on the 会员日 tab as the reminder, and turning it off there takes it back', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    expect((await w.client.getMyMemberDay()).reminder).toBeNull()
    await w.client.addSubscriptions({ kinds: ['member-day'] })
    expect((await w.client.getMyMemberDay()).reminder).toEqual({
      date: '2026-12-18',
      remindAt: shanghaiAt(2026, 12, 17, 20),
    })
    expect((await w.client.setMemberDayReminder({ on: false })).reminder).toBeNull()
    expect((await w.client.getMyMemberDay()).reminder).toBeNull()
    expect((await w.client.getSubscriptions()).kinds.find((k) => k.kind === 'member-day')!.granted).toBe(0)
  })
})
