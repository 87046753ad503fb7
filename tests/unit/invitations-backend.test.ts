/**
 * @jest-environment node
 *
 * 邀请有礼 in the backend, through the contract: a friend's first purchase within the window rewards
 * both once (points for the inviter, a coupon for the friend), a refund takes both back (the balance
 * never below zero, the rest a shortfall), the invitations that do not count and why, share taps
 * that count and never pay, the list's states and words, and what closing an account leaves.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createClient, type ApiClient } from '@/api/client'
import { IDEMPOTENCY_HEADER, type PersonaId } from '@/api/contract'
import { NetworkError } from '@/api/errors'
import { createLocalTransport } from '@/api/transports/local'
import { hexToBytes, memberCodeAt } from '@/domain/member-code'
import { DAY_MS } from '@/domain/time'
import { Engine } from '../../mock/engine/engine'
import { INVITE_RULES } from '../../mock/engine/invitations'
import { need } from '../../mock/engine/records'
import { createBackend, DEMO_STAFF_KEY } from '../../mock/router'
import { SqliteStore } from '../../mock/server/sqlite-store'
import { ORDINARY_MORNING } from '../setup/clock'
import { refusedWith } from '../setup/world'

const STORE = 's-xuhui'
const POINTS = INVITE_RULES.inviterPoints

/** A backend on a clock the test moves; each `phone` is a client with its own session; `till` checks out. */
function town(start = ORDINARY_MORNING) {
  let clock = start
  const engine = new Engine(null, { now: () => clock })
  const backend = createBackend(engine)
  /** Answers to lose on the way back (the backend did the work): a predicate over the request. */
  let lose: ((path: string) => boolean) | null = null
  const transport = createLocalTransport({
    handle: (r) => {
      const res = backend.dispatch(r)
      if (lose?.(r.path)) {
        lose = null
        throw new NetworkError('lost on the way back')
      }
      return res
    },
  })
  const client = (getToken: () => string | null, relogin: () => Promise<string>): ApiClient =>
    createClient({
      transport,
      getToken,
      getTillKey: () => 'DEMO-TILL-1',
      getStaffKey: () => DEMO_STAFF_KEY,
      relogin,
      sleep: async () => undefined,
      now: () => clock,
    })
  const till = client(
    () => null,
    async () => '',
  )

  /** A phone: signed in on its device (not joined yet), or as a persona. */
  async function phone(device: string, persona?: PersonaId) {
    let token: string | null = null
    const signIn = async () =>
      (token = persona
        ? (await api.personaLogin({ persona, device })).token
        : (await api.login({ code: 'wx', device })).token)
    const api: ApiClient = client(() => token, signIn)
    await signIn()
    return {
      api,
      device,
      /** A live member code (provisions the code secret on first use). */
      async code() {
        const { cardId, secret } = await api.issueCodeSecret({})
        return memberCodeAt(cardId, hexToBytes(secret), clock)
      },
      async points() {
        return (await api.getMe()).points
      },
    }
  }
  type Phone = Awaited<ReturnType<typeof phone>>

  let phones = 0
  /** A new member: a phone that joins, with a code and a device if given. */
  async function friend(nickname: string, opts: { inviteCode?: string; device?: string; joinDevice?: string } = {}) {
    const n = ++phones
    const p = await phone(opts.device ?? `device-friend-${n}`)
    await p.api.join({
      phone: `1360000${String(n).padStart(4, '0')}`,
      nickname,
      ...(opts.inviteCode ? { inviteCode: opts.inviteCode } : {}),
      ...(opts.joinDevice ? { device: opts.joinDevice } : {}),
    })
    return p
  }

  async function checkout(p: Phone, amountFen: number, key?: string) {
    const code = await p.code()
    // The code's 30-s step is used at the till: the next checkout needs the next step.
    const receipt = await till.tillCheckout({ code, storeId: STORE, amountFen }, key ? { idempotencyKey: key } : {})
    clock += 31_000
    return receipt
  }

  return {
    engine,
    till,
    phone,
    friend,
    checkout,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
    loseNext: (pathPart: string) => (lose = (path) => path.includes(pathPart)),
  }
}

type Town = ReturnType<typeof town>

/** A fresh inviter (joined today, 0 points) and their code. */
async function inviter(t: Town, nickname = '王大明') {
  const p = await t.friend(nickname, { device: 'device-inviter' })
  return { ...p, inviteCode: (await p.api.getMe()).inviteCode }
}

const mine = async (p: { api: ApiClient }) => p.api.getMyInvitations()
const only = async (p: { api: ApiClient }) => {
  const list = (await mine(p)).invitations
  expect(list).toHaveLength(1)
  return list[0]
}
/** The invitations as the backend keeps them on the inviter's record. */
const stored = async (t: Town, p: { api: ApiClient }) =>
  need(t.engine.db.members, (await p.api.getMe()).memberId).invitations ?? []
const inviteCoupons = async (p: { api: ApiClient }) =>
  (await p.api.getCoupons()).coupons.filter((c) => c.source === '邀请有礼')

describe('a friend who joins with the code and buys within the window', () => {
  test('rewards both once: points naming the friend, a 满50减15 coupon, a notice, a ceremony due once', async () => {
    const t = town()
    const host = await inviter(t)
    expect(host.inviteCode).toMatch(/^MC\d{5}$/)
    const guest = await t.friend('林晓雨', { inviteCode: host.inviteCode.toLowerCase() })
    expect(await only(host)).toMatchObject({
      friendName: '林**',
      state: 'joined',
      stateText: '已加入',
      detail: '12月28日前完成首单，还剩 30 天',
      daysLeft: 30,
      points: 0,
    })
    expect((await mine(guest)).invitedBy).toEqual({
      name: '王**',
      state: 'joined',
      detail: '12月28日前完成首单，即得满50减15券',
    })
    expect(await host.points()).toBe(0)

    t.advance(3 * DAY_MS)
    await t.checkout(guest, 6_000)
    const row = await only(host)
    expect(row).toMatchObject({
      state: 'rewarded',
      stateText: '已首单 · 奖励已到账',
      detail: `+${POINTS} 积分已到账`,
      points: POINTS,
      daysLeft: null,
      ceremonyDue: true,
    })
    expect(await host.points()).toBe(POINTS)
    const [entry] = (await host.api.getLedger({ type: 'earn' })).entries
    expect([entry.points, entry.note]).toEqual([POINTS, '邀请好友 林** 首单奖励'])
    const [coupon] = await inviteCoupons(guest)
    expect([coupon.title, coupon.status, coupon.source]).toEqual(['满50减15', 'available', '邀请有礼'])
    expect((await mine(guest)).invitedBy?.detail).toBe('首单已完成，满50减15券已放入你的券包')
    // The inviter's notice leads to the invite page.
    const notice = need(t.engine.db.members, (await host.api.getMe()).memberId).messages.at(-1)
    expect(notice).toMatchObject({
      kind: 'invitation',
      title: '邀请奖励已到账',
      link: '/packages/invite/index',
      action: '查看',
      why: '因为你邀请的好友完成了首单',
    })
    expect((await host.api.getMessages()).messages[0].title).toBe('邀请奖励已到账')
    expect((await mine(host)).influence).toEqual({
      shareTaps: 0,
      friendsJoined: 1,
      firstPurchases: 1,
      pointsEarned: POINTS,
    })

    // The ceremony is shown once: marked seen, it is not due again (unknown ids are ignored).
    expect(await host.api.markInvitationsSeen({ ids: [row.id, 'iv-nobody'] })).toEqual({ seen: 1 })
    expect((await only(host)).ceremonyDue).toBe(false)
    expect(await host.api.markInvitationsSeen({ ids: [row.id] })).toEqual({ seen: 0 })
  })

  test('a second purchase, a replayed checkout and a lost answer retried reward nothing more', async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('周子航', { inviteCode: host.inviteCode })
    // The till's answer is lost on the way back; the till retries with the same key: one checkout, one reward.
    t.loseNext('/till/checkout')
    const code = await guest.code()
    const first = await t.till.tillCheckout({ code, storeId: STORE, amountFen: 4_800 }, { idempotencyKey: 'sale-1' })
    // A double tap on 结账 sends the same key twice at once: both get the one receipt.
    const taps = await Promise.all(
      [1, 2].map(() => t.till.tillCheckout({ code, storeId: STORE, amountFen: 4_800 }, { idempotencyKey: 'sale-1' })),
    )
    expect(taps).toEqual([first, first])
    expect(Object.values(t.engine.db.receipts).filter((r) => r.amountFen === 4_800)).toHaveLength(1)
    t.advance(31_000)
    expect(await host.points()).toBe(POINTS)
    await t.checkout(guest, 9_000)
    t.advance(5 * DAY_MS)
    await t.checkout(guest, 3_000)
    expect(await host.points()).toBe(POINTS)
    expect(await inviteCoupons(guest)).toHaveLength(1)
    expect((await only(host)).state).toBe('rewarded')
  })

  test('a receipt claimed after joining counts as the first purchase; one from before joining does not', async () => {
    const t = town()
    const host = await inviter(t)
    const before = await t.till.tillCheckout({ storeId: STORE, amountFen: 5_000 })
    t.advance(60_000)
    const guest = await t.friend('许安', { inviteCode: host.inviteCode })
    await guest.api.claimReceipt({ token: before.claimToken })
    expect((await only(host)).state).toBe('joined')
    t.advance(60_000)
    const after = await t.till.tillCheckout({ storeId: STORE, amountFen: 5_000 })
    await guest.api.claimReceipt({ token: after.claimToken })
    expect((await only(host)).state).toBe('rewarded')
    expect(await host.points()).toBe(POINTS)
  })
})

describe('what does not count', () => {
  test('no purchase within 30 days: 未计入 with the reason when read after the window, and a later purchase pays nothing', async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('赵一', { inviteCode: host.inviteCode })
    t.advance(30 * DAY_MS)
    expect(await only(host)).toMatchObject({ state: 'joined', daysLeft: 0, detail: '今天是完成首单的最后一天' })
    t.advance(DAY_MS)
    const row = await only(host)
    expect([row.state, row.stateText, row.reason, row.detail]).toEqual([
      'not_counted',
      '未计入',
      'no_purchase',
      '好友入会 30 天内没有完成首单，不计入邀请',
    ])
    // Recorded on that read, not only shown.
    expect((await stored(t, host)).map((i) => [i.state, i.reason])).toEqual([['not_counted', 'no_purchase']])
    await t.checkout(guest, 8_000)
    expect(await host.points()).toBe(0)
    expect(await inviteCoupons(guest)).toHaveLength(0)
    expect((await mine(guest)).invitedBy?.detail).toBe('入会 30 天内没有完成首单，邀请有礼券未发放')
  })

  test('the first purchase after the window, before any read, is recorded 未计入 too', async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('钱二', { inviteCode: host.inviteCode })
    t.advance(40 * DAY_MS)
    await t.checkout(guest, 8_000)
    expect((await only(host)).reason).toBe('no_purchase')
    expect(await host.points()).toBe(0)
  })

  test('the monthly cap: the friend still joins, the invitation is 未计入 with the reason, and nothing moves', async () => {
    const t = town()
    const host = await inviter(t)
    for (let i = 0; i < INVITE_RULES.monthlyCap; i++) {
      const g = await t.friend(`朋友${i}`, { inviteCode: host.inviteCode })
      await t.checkout(g, 5_000)
    }
    expect(await host.points()).toBe(POINTS * INVITE_RULES.monthlyCap)
    expect((await mine(host)).month).toEqual({ rewarded: 10, cap: 10 })
    const late = await t.friend('孙十一', { inviteCode: host.inviteCode })
    expect((await late.api.getMe()).nickname).toBe('孙十一')
    const [row] = (await mine(host)).invitations
    expect([row.friendName, row.state, row.reason, row.detail]).toEqual([
      '孙**',
      'not_counted',
      'monthly_cap',
      '本月已有 10 位好友的邀请奖励到账，达到每月上限，本次不计入',
    ])
    await t.checkout(late, 5_000)
    expect(await host.points()).toBe(POINTS * INVITE_RULES.monthlyCap)
    expect(await inviteCoupons(late)).toHaveLength(0)
  })

  test('a friend who joined this month but buys when the cap has been reached meanwhile is 未计入 at the purchase', async () => {
    const t = town()
    const host = await inviter(t)
    const waiting = await t.friend('李等', { inviteCode: host.inviteCode })
    for (let i = 0; i < INVITE_RULES.monthlyCap; i++) {
      const g = await t.friend(`朋友${i}`, { inviteCode: host.inviteCode })
      await t.checkout(g, 5_000)
    }
    await t.checkout(waiting, 5_000)
    const row = (await mine(host)).invitations.find((i) => i.friendName === '李**')!
    expect([row.state, row.reason]).toEqual(['not_counted', 'monthly_cap'])
    expect(await host.points()).toBe(POINTS * INVITE_RULES.monthlyCap)
  })

  test("the inviter's own phone number is refused at joining, with the reason; nothing is recorded", async () => {
    const t = town()
    const host = await inviter(t)
    const hostPhone = Object.values(t.engine.db.members).find((m) => m.inviteCode === host.inviteCode)!.phone
    const p = await t.phone('device-other')
    const before = JSON.stringify(t.engine.db.members)
    const e = await refusedWith(p.api.join({ phone: hostPhone, nickname: '小号', inviteCode: host.inviteCode }))
    expect([e.status, e.code, e.userMessage]).toEqual([
      409,
      'invite_own_phone',
      '这是邀请人本人的手机号，不能用来接受邀请，请换用你自己的手机号',
    ])
    expect(JSON.stringify(t.engine.db.members)).toBe(before)
  })

  test("a friend joining on the inviter's device is 未计入 (same_device) and their purchase pays nothing", async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('陈一鸣', { inviteCode: host.inviteCode, joinDevice: host.device })
    expect(await only(host)).toMatchObject({
      state: 'not_counted',
      reason: 'same_device',
      detail: '好友在你本人的设备上入会，不计入邀请',
    })
    await t.checkout(guest, 6_000)
    expect(await host.points()).toBe(0)
    expect(await inviteCoupons(guest)).toHaveLength(0)
    expect((await mine(guest)).invitedBy?.detail).toBe('这次邀请不计入，邀请有礼券不会发放')
  })

  test('someone already a member who follows a code: refused as a member, recorded 未计入 once for the inviter', async () => {
    const t = town()
    const black = await t.phone('device-black', 'black')
    const blackCode = (await black.api.getMe()).inviteCode
    const silver = await t.phone('device-silver', 'silver')
    for (const key of ['follow-1', 'follow-2']) {
      const e = await refusedWith(
        silver.api.join({ phone: '13800000002', nickname: '林小满', inviteCode: blackCode }, { idempotencyKey: key }),
      )
      expect([e.status, e.code]).toEqual([409, 'already_member'])
    }
    const rows = (await mine(black)).invitations.filter((i) => i.reason === 'already_member')
    expect(rows.map((r) => [r.friendName, r.state, r.stateText, r.detail, r.deadline])).toEqual([
      ['林**', 'not_counted', '未计入', '好友接受邀请时已经是会员，不计入邀请', null],
    ])
    // Not a friend who joined.
    expect((await mine(black)).influence.friendsJoined).toBe(3)
  })

  test('a member can never invite themself: their own code is refused', async () => {
    const t = town()
    const silver = await t.phone('device-silver', 'silver')
    const own = (await silver.api.getMe()).inviteCode
    const before = JSON.stringify(t.engine.db.members)
    const e = await refusedWith(silver.api.join({ phone: '13800000002', nickname: '林小满', inviteCode: own }))
    expect([e.status, e.code, e.userMessage]).toEqual([400, 'self_invite', '不能使用自己的邀请码，分享给好友吧'])
    expect(JSON.stringify(t.engine.db.members)).toBe(before)
  })

  test('a phone that closed its account and joins again with a code is 未计入 (rejoined)', async () => {
    const t = town()
    const host = await inviter(t)
    const first = await t.friend('吴回', { inviteCode: host.inviteCode })
    const phone = Object.values(t.engine.db.members).find((m) => m.nickname === '吴回')!.phone
    await first.api.eraseAccount({})
    const again = await t.phone('device-back')
    await again.api.join({ phone, nickname: '吴回', inviteCode: host.inviteCode })
    const [row] = (await mine(host)).invitations
    expect([row.state, row.reason]).toEqual(['not_counted', 'rejoined'])
  })

  test('unknown and inherited names as invite codes are refused cleanly and change nothing', async () => {
    const t = town()
    const p = await t.phone('device-x')
    const state = () => JSON.stringify([t.engine.db.members, t.engine.db.byInviteCode, t.engine.db.nextCard])
    const before = state()
    for (const code of ['__proto__', 'constructor', 'toString']) {
      const e = await refusedWith(p.api.join({ phone: '13912340000', nickname: '某某', inviteCode: code }))
      expect([e.status, e.code]).toEqual([400, 'invalid_request'])
    }
    for (const code of ['__PROTO__', 'MC99999', 'MC0005', 'hasOwnProperty1']) {
      const e = await refusedWith(p.api.join({ phone: '13912340000', nickname: '某某', inviteCode: code }))
      expect([e.status, e.code, e.userMessage]).toEqual([400, 'invalid_invite', '邀请码无效，请核对后再试，或留空'])
    }
    expect(state()).toBe(before)
    expect(Object.getPrototypeOf(t.engine.db.byInviteCode)).toBe(Object.prototype)
  })
})

describe('a refund of the first purchase', () => {
  test('takes both rewards back: the points, the unused coupon; the row says so', async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('林晓雨', { inviteCode: host.inviteCode })
    const receipt = await t.checkout(guest, 6_000)
    expect(await host.points()).toBe(POINTS)
    await t.till.tillRefund({ receiptId: receipt.receiptId })
    // A second refund of the same receipt takes nothing more.
    await t.till.tillRefund({ receiptId: receipt.receiptId })
    expect(await host.points()).toBe(0)
    expect(await inviteCoupons(guest)).toHaveLength(0)
    const row = await only(host)
    expect([row.state, row.stateText, row.detail, row.points]).toEqual([
      'revoked',
      '已退款 · 奖励已收回',
      `好友首单已退款，${POINTS} 积分已收回`,
      0,
    ])
    const [entry] = (await host.api.getLedger({ type: 'refund' })).entries
    expect([entry.points, entry.note]).toEqual([-POINTS, '好友 林** 首单退款 · 邀请奖励收回'])
    expect((await host.api.getMessages()).messages[0].title).toBe('邀请奖励已收回')
    expect((await mine(guest)).invitedBy?.detail).toBe('首单已退款，邀请有礼券已收回')
    // Another purchase now rewards nothing: the invitation was rewarded once.
    await t.checkout(guest, 6_000)
    expect(await host.points()).toBe(0)
  })

  test('points the inviter spent are not taken below zero: the rest is a shortfall; a used coupon is recorded', async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('林晓雨', { inviteCode: host.inviteCode })
    const first = await t.checkout(guest, 6_000)
    // The inviter spends the reward (r-5off costs 500), the friend uses the coupon on a second purchase.
    await host.api.redeemReward({ rewardId: 'r-5off' })
    expect(await host.points()).toBe(0)
    const [coupon] = await inviteCoupons(guest)
    const code = await guest.code()
    await t.till.tillCheckout({ code, storeId: STORE, amountFen: 6_000, couponIds: [coupon.id] })
    t.advance(31_000)
    await t.till.tillRefund({ receiptId: first.receiptId })
    expect(await host.points()).toBe(0)
    const row = await only(host)
    expect([row.state, row.detail]).toEqual([
      'revoked',
      `好友首单已退款，${POINTS} 积分已收回，其中 ${POINTS} 积分已使用，记为欠扣；好友的邀请券已使用`,
    ])
    const [inv] = await stored(t, host)
    expect(inv.revoked).toMatchObject({
      pointsReversed: 0,
      pointsShortfall: POINTS,
      couponTakenBack: false,
      couponUsed: true,
    })
    const [entry] = (await host.api.getLedger({ type: 'refund' })).entries
    expect([entry.points, entry.note]).toEqual([
      0,
      `好友 林** 首单退款 · 邀请奖励收回（${POINTS} 积分已使用，记为欠扣）`,
    ])
    expect((await inviteCoupons(guest)).map((c) => c.status)).toEqual(['used'])
    expect((await mine(guest)).invitedBy?.detail).toBe('首单已退款，邀请奖励已收回（券已使用）')
  })

  test('a part spent: what is left is taken back, the rest is the shortfall', async () => {
    const t = town()
    const host = await inviter(t)
    // The inviter has 300 points of their own from a purchase, then gets the reward, then spends 500.
    await t.checkout(host, 30_000)
    const guest = await t.friend('林晓雨', { inviteCode: host.inviteCode })
    const first = await t.checkout(guest, 6_000)
    expect(await host.points()).toBe(300 + POINTS)
    await host.api.redeemReward({ rewardId: 'r-5off' })
    await t.till.tillRefund({ receiptId: first.receiptId })
    expect(await host.points()).toBe(0)
    const [inv] = await stored(t, host)
    expect([inv.revoked?.pointsReversed, inv.revoked?.pointsShortfall]).toEqual([300, 200])
  })

  test("a refund of another purchase of the friend's takes nothing back", async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('林晓雨', { inviteCode: host.inviteCode })
    await t.checkout(guest, 6_000)
    const second = await t.checkout(guest, 6_000)
    await t.till.tillRefund({ receiptId: second.receiptId })
    expect(await host.points()).toBe(POINTS)
    expect((await only(host)).state).toBe('rewarded')
  })
})

describe('share taps', () => {
  test('count for "my influence" and never move points or anything else', async () => {
    const t = town()
    const black = await t.phone('device-black', 'black')
    const before = await black.api.getPoints()
    const ledger = await black.api.getLedger({})
    const others = JSON.stringify(Object.values(t.engine.db.members).map(({ shareTaps: _taps, ...rest }) => rest))
    let last = null
    for (const channel of ['chat', 'poster', 'link', undefined] as const)
      last = await black.api.tapInviteShare(channel ? { channel } : {})
    expect(last?.influence.shareTaps).toBe(4)
    expect((await mine(black)).influence).toEqual({
      shareTaps: 4,
      friendsJoined: 3,
      firstPurchases: 1,
      pointsEarned: POINTS,
    })
    expect(await black.api.getPoints()).toEqual(before)
    expect(await black.api.getLedger({})).toEqual(ledger)
    expect(JSON.stringify(Object.values(t.engine.db.members).map(({ shareTaps: _taps, ...rest }) => rest))).toBe(others)
  })

  test('a tap is refused to a visitor who has not joined', async () => {
    const t = town()
    const p = await t.phone('device-v')
    const e = await refusedWith(p.api.tapInviteShare({}))
    expect([e.status, e.code]).toEqual([404, 'not_member'])
  })
})

describe("black's invitations (the persona)", () => {
  test('three friends: one rewarded, one joined with days left, one not counted with its reason', async () => {
    const t = town()
    const black = await t.phone('device-black', 'black')
    const { invitations, share, month, invitedBy } = await mine(black)
    expect(invitations.map((i) => [i.friendName, i.state, i.stateText, i.detail])).toEqual([
      ['周**', 'joined', '已加入', '12月22日前完成首单，还剩 24 天'],
      ['陈**', 'not_counted', '未计入', '好友在你本人的设备上入会，不计入邀请'],
      ['林**', 'rewarded', '已首单 · 奖励已到账', `+${POINTS} 积分已到账`],
    ])
    expect(invitations.map((i) => i.ceremonyDue)).toEqual([false, false, false])
    expect(share).toEqual({
      code: 'MC00055',
      title: '邀请你加入栖木咖啡会员：入会 30 天内首单，送你满50减15券',
      path: '/packages/join/index?invite=MC00055',
      h5Link: 'http://127.0.0.1:10086/#/packages/join/index?invite=MC00055',
    })
    expect(month).toEqual({ rewarded: 1, cap: 10 })
    expect(invitedBy).toBeNull()
    // The reward is in black's ledger, naming the friend.
    const notes = (await black.api.getLedger({ type: 'earn', limit: 200 })).entries.map((e) => e.note)
    expect(notes).toContain('邀请好友 林** 首单奖励')
    // The friends are members, with their join gifts; the rewarded one holds the 邀请有礼 coupon.
    const friends = Object.values(t.engine.db.members).filter((m) => m.invitedBy === 'm-black')
    expect(friends.map((f) => f.nickname).sort()).toEqual(['周子航', '林晓雨', '陈一鸣'].sort())
    const lin = friends.find((f) => f.nickname === '林晓雨')!
    expect(lin.coupons.map((c) => c.source).sort()).toEqual(['入会礼', '邀请有礼'])
  })

  test('rebuilding black replaces the friends instead of adding more', async () => {
    const t = town()
    const staff = await t.phone('device-black', 'black')
    for (let i = 0; i < 2; i++) await staff.api.personaLogin({ persona: 'black', device: 'device-black', reset: true })
    const friends = Object.values(t.engine.db.members).filter((m) => m.invitedBy === 'm-black')
    expect(friends).toHaveLength(3)
    const black = await t.phone('device-black', 'black')
    expect((await mine(black)).invitations).toHaveLength(3)
    const notes = (await black.api.getLedger({ type: 'earn', limit: 200 })).entries.map((e) => e.note)
    expect(notes.filter((n) => n.startsWith('邀请好友'))).toHaveLength(1)
  })
})

describe('closing an account', () => {
  test("an erased friend keeps the masked name on the inviter's list, marked 已注销", async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('林晓雨', { inviteCode: host.inviteCode })
    await t.checkout(guest, 6_000)
    await guest.api.eraseAccount({}, { idempotencyKey: 'erase-1' })
    expect(await only(host)).toMatchObject({ friendName: '林**', friendErased: true, state: 'rewarded' })
  })

  test('a friend who closed their account after the first purchase: its refund still takes the reward back', async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('林晓雨', { inviteCode: host.inviteCode })
    const receipt = await t.checkout(guest, 6_000)
    await guest.api.eraseAccount({})
    await t.till.tillRefund({ receiptId: receipt.receiptId })
    expect(await host.points()).toBe(0)
    expect(await only(host)).toMatchObject({ state: 'revoked', friendName: '林**', friendErased: true })
  })

  test("an erased inviter: the friend sees 已注销会员, the code no longer works, and the friend's purchase breaks nothing", async () => {
    const t = town()
    const host = await inviter(t)
    const guest = await t.friend('林晓雨', { inviteCode: host.inviteCode })
    await host.api.eraseAccount({})
    expect((await mine(guest)).invitedBy).toEqual({ name: '已注销会员', state: null, detail: '邀请人已注销账号' })
    await t.checkout(guest, 6_000)
    expect(await inviteCoupons(guest)).toHaveLength(0)
    const p = await t.phone('device-late')
    const e = await refusedWith(p.api.join({ phone: '13912340001', nickname: '迟到', inviteCode: host.inviteCode }))
    expect(e.code).toBe('invalid_invite')
  })
})

describe('the invite code index', () => {
  test("a new member's code is unique even where the card id's last digits match a persona's code", async () => {
    const t = town()
    // Card 2000000013 would be MC00013, the `new` persona's code.
    t.engine.transaction((db) => {
      db.nextCard = 13
    })
    const p = await t.friend('撞号')
    const code = (await p.api.getMe()).inviteCode
    expect(code).toMatch(/^MC\d{5}$/)
    expect(code).not.toBe('MC00013')
    const codes = Object.values(t.engine.db.members).map((m) => m.inviteCode)
    expect(new Set(codes).size).toBe(codes.length)
  })

  test('a state saved before the index gets it derived from the members, and joining with a code works', async () => {
    const first = new Engine(null, { now: () => ORDINARY_MORNING })
    const saved = JSON.parse(JSON.stringify(first.db)) as Record<string, unknown>
    delete saved.byInviteCode
    const engine = new Engine(saved, { now: () => ORDINARY_MORNING })
    expect(need(engine.db.byInviteCode, 'MC00055')).toBe('m-black')
    const backend = createBackend(engine)
    const login = backend.dispatch({
      method: 'POST',
      path: '/auth/login',
      headers: {},
      body: { code: 'x', device: 'device-old-1' },
      timeoutMs: 1000,
    })
    const token = (login.body as { token: string }).token
    const joined = backend.dispatch({
      method: 'POST',
      path: '/members',
      headers: { authorization: `Bearer ${token}`, [IDEMPOTENCY_HEADER]: 'j1' },
      body: { phone: '13912340002', nickname: '老用户', inviteCode: 'MC00055' },
      timeoutMs: 1000,
    })
    expect(joined.status).toBe(200)
    expect(need(engine.db.members, 'm-black').invitations?.at(-1)).toMatchObject({
      inviteeName: '老**',
      state: 'joined',
    })
  })
})

test("mock:server's SQLite file from before the index: the table it creates empty is filled from the members", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invite-index-'))
  try {
    const seeded = new Engine(null, { now: () => ORDINARY_MORNING })
    const whole = seeded.takeChanges()!
    const before = new SqliteStore(path.join(dir, 'state.sqlite'))
    before.write({ ...whole, put: whole.put.filter((p) => p.table !== 'byInviteCode') })
    before.close()
    const store = new SqliteStore(path.join(dir, 'state.sqlite'))
    const loaded = store.load() as { byInviteCode: Record<string, string> }
    store.close()
    expect(Object.keys(loaded.byInviteCode)).toEqual([])
    const engine = new Engine(loaded, { now: () => ORDINARY_MORNING })
    expect(need(engine.db.byInviteCode, 'MC00055')).toBe('m-black')
    expect(Object.keys(engine.db.byInviteCode)).toHaveLength(Object.keys(engine.db.members).length)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('the programme serves the rules and words the pages show', async () => {
  const t = town()
  const p = await t.phone('device-p')
  const rules = (await p.api.getProgramme()).invitations!
  expect([rules.inviterPoints, rules.windowDays, rules.monthlyCap]).toEqual([500, 30, 10])
  expect(rules.inviteeCoupon).toMatchObject({ title: '满50减15', source: '邀请有礼' })
  expect(rules.inviteeCoupon.rules).toContain('单笔消费满 ¥50 可用')
  expect(rules.summary).toBe('好友入会 30 天内首单，你得 500 积分，好友得满50减15券')
  expect(rules.reasons.map((r) => r.code)).toEqual([
    'already_member',
    'same_device',
    'no_purchase',
    'monthly_cap',
    'rejoined',
  ])
  expect(rules.rules.some((r) => r.includes('分享本身没有奖励'))).toBe(true)
})

test('the wxacode stand-in names the scene and page a real backend sends WeChat, and a link to draw', async () => {
  const t = town()
  const black = await t.phone('device-black', 'black')
  expect(await black.api.getInviteWxacode()).toEqual({
    scene: 'MC00055',
    page: 'packages/join/index',
    width: 430,
    image: null,
    fallbackText: 'http://127.0.0.1:10086/#/packages/join/index?invite=MC00055',
  })
})
