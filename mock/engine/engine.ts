/**
 * The membership backend's engine: the operations on its state (seeded and checked in state.ts),
 * no transport. Every operation that changes state runs in `transaction`, which puts back the records
 * it touched if it throws, so a refused or failed request never leaves half a change behind; what
 * succeeded is collected record by record (journal.ts) for `takeChanges`, which a store writes.
 */
import type {
  ActivityEvent,
  ClaimResult,
  CodeSecret,
  JoinRequest,
  LedgerPage,
  LedgerType,
  MemberCard,
  PersonaId,
  PointsSummary,
  Receipt,
  Refund,
  Reward,
  Session,
  Store,
  TillMember,
  WalletItem,
  Coupon,
  DemoClockTarget,
  EraseResult,
  ErasePreview,
  TillCoupon,
  MemberDayOffer,
  MemberDayProduct,
  MyMemberDay,
  MyTrials,
  PartnerPerk,
  StaffTrial,
  Trial,
  Inbox,
  Subscriptions,
} from '../../src/api/contract'
import { checkBirthday, checkCity, checkNickname, checkPhone, maskPhone } from '../../src/domain/member'
import { balanceOf } from '../../src/domain/points'
import { keepForecast, progressToNext, rollingStats, tierIndex } from '../../src/domain/tiers'
import type { StateChanges } from './changes'
import type { Db, IdempotencyRecord, MemberRecord, MessageRecord, SessionRecord, TillRecord } from './db'
import * as till from './till'
import { parseMemberCode } from '../../src/domain/member-code'
import { ApiFailure } from './failure'
import { freshAccount, needsSettle, personaSubject, PERSONA_SPECS, settleMember } from './personas'
import { DEFAULT_PROGRAMME } from './programme'
import * as points from './rewards'
import * as coupons from './coupons'
import * as memberDay from './member-day'
import { attentionFor } from './attention'
import { grantJoinGifts } from './join-gifts'
import * as account from './account'
import * as officers from './officers'
import * as partners from './partners'
import * as hero from './hero'
import * as inbox from './inbox'
import * as invitations from './invitations'
import { drop, has, need, own, put } from './records'
import { Journal } from './journal'
import { addMember, addPersona, defaultRandomHex, seedDb, usableState } from './state'

export interface EngineOptions {
  /** The backend's clock. @default Date.now */
  now?: () => number
  /** Session lifetime. @default 2 hours */
  sessionTtlMs?: number
  /** Sessions kept at most (the oldest is ended past it). @default MAX_SESSIONS */
  maxSessions?: number
  /** Random token source (tests pin it). */
  randomHex?: (bytes: number) => string
}

/** Stand-in for WeChat's phone-number exchange: a getPhoneNumber code maps to a stable 139 number. */
function phoneFromCode(code: string): string {
  let h = 7
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) % 100_000_000
  return `139${h.toString().padStart(8, '0')}`
}

/** Stored idempotent answers are replayed for a day: long enough for any client retry, then pruned. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/**
 * Sign-in needs no credential, so a login flood must not grow the state without bound: past this
 * many sessions the oldest is ended (a phone signs in again on its next 401).
 */
export const MAX_SESSIONS = 100_000
/** Expired sessions and answers removed per write at most: a request's cost does not grow with the backlog. */
const PRUNE_BATCH = 64

/** Keys in the order their records expire, oldest first; entries whose record is gone are skipped. */
class ExpiryQueue {
  private keys: string[] = []
  private head = 0
  constructor(ordered: string[]) {
    this.keys = ordered
  }
  get size(): number {
    return this.keys.length - this.head
  }
  peek(): string | undefined {
    return this.keys[this.head]
  }
  shift(): void {
    this.head++
    // Drop the consumed front now and then, not on every shift (that would copy the array each time).
    if (this.head > 1024 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head)
      this.head = 0
    }
  }
  push(key: string): void {
    this.keys.push(key)
  }
}

/** How long codes from a replaced secret still work (its replacement may be lost on the way to the phone). */
const SECRET_GRACE_MS = 10 * 60 * 1000

export class Engine {
  private state: Db
  /** The real clock; `now` adds the demo offset. */
  private readonly realNow: () => number
  /** The backend's time: the real clock plus the demo offset (POST /demo/clock). */
  readonly now = (): number => this.realNow() + (this.state?.clockOffsetMs ?? 0)
  private readonly ttl: number
  private readonly randomHex: (bytes: number) => string
  private readonly maxSessions: number
  private readonly journal: Journal
  /** Session tokens and idempotency scopes in expiry order (memory only; rebuilt from the state). */
  private sessionQueue!: ExpiryQueue
  private answerQueue!: ExpiryQueue

  constructor(stored: unknown, options: EngineOptions = {}) {
    this.realNow = options.now ?? Date.now
    this.ttl = options.sessionTtlMs ?? 2 * 60 * 60 * 1000
    this.randomHex = options.randomHex ?? defaultRandomHex
    this.maxSessions = options.maxSessions ?? MAX_SESSIONS
    const usable = usableState(stored, this.realNow())
    this.state = usable ?? seedDb(this.now(), DEFAULT_PROGRAMME, this.randomHex)
    // A fresh seed or an upgraded state is written whole at the first take.
    this.journal = new Journal(() => this.state, usable === null || usable !== stored)
    this.buildQueues()
  }

  get db(): Readonly<Db> {
    return this.state
  }

  private buildQueues(): void {
    const byTime = <T>(table: Record<string, T>, at: (r: T) => number) =>
      Object.entries(table)
        .sort(([, a], [, b]) => at(a) - at(b))
        .map(([k]) => k)
    this.sessionQueue = new ExpiryQueue(byTime(this.state.sessions, (s) => s.expiresAt))
    this.answerQueue = new ExpiryQueue(byTime(this.state.idempotency, (r) => r.at))
  }

  /**
   * What changed since the last take, record by record (null: nothing): the caller writes it to its
   * store. A fresh seed or an upgraded state gives every record and the meta part the first time.
   */
  takeChanges(): StateChanges | null {
    return this.journal.take()
  }

  /** Puts back every change since the last take (its store could not write them). */
  undoChanges(): void {
    this.journal.undo()
    this.buildQueues()
  }

  transaction<T>(fn: (db: Db) => T): T {
    return this.journal.run(() => fn(this.state))
  }

  // ---- idempotent requests (the router keeps their answers here) ----

  /** The stored answer (or pending mark) for an idempotency scope. */
  idempotent(scope: string): IdempotencyRecord | undefined {
    return own(this.state.idempotency, scope)
  }

  /** Stores an answer or pending mark; prunes a bounded batch of answers past their lifetime first. */
  keepIdempotent(scope: string, record: IdempotencyRecord | null): void {
    this.transaction((db) => {
      if (record === null) return drop(db.idempotency, scope)
      const now = this.now()
      for (let n = 0; n < PRUNE_BATCH; n++) {
        const key = this.answerQueue.peek()
        if (key === undefined) break
        const old = own(db.idempotency, key)
        if (old && now - old.at <= IDEMPOTENCY_TTL_MS) break
        if (old) drop(db.idempotency, key)
        this.answerQueue.shift()
      }
      if (!own(db.idempotency, scope)) this.answerQueue.push(scope)
      put(db.idempotency, scope, record)
    })
  }

  // ---- sessions ----

  private openSession(db: Db, subject: string, persona: PersonaId | null): Session {
    const token = this.randomHex(24)
    const now = this.now()
    // Sessions all last `ttl`, so the queue's front expires first: a bounded batch per login keeps up.
    for (let n = 0; n < PRUNE_BATCH || this.sessionQueue.size >= this.maxSessions; n++) {
      const key = this.sessionQueue.peek()
      if (key === undefined) break
      const old = own(db.sessions, key)
      if (old && old.expiresAt > now && this.sessionQueue.size < this.maxSessions) break
      if (old) drop(db.sessions, key)
      this.sessionQueue.shift()
    }
    this.sessionQueue.push(token)
    const record: SessionRecord = {
      token,
      subject,
      memberId: own(db.bySubject, subject) ?? null,
      persona,
      expiresAt: now + this.ttl,
    }
    put(db.sessions, token, record)
    const session: Session = { token, expiresAt: record.expiresAt, memberId: record.memberId, persona }
    // Every sign-in rotates the member's code secret; the new one travels with the session.
    const member = own(db.members, record.memberId)
    return member ? { ...session, codeSecret: this.rotateCodeSecret(member) } : session
  }

  /** A new code secret for the member; the one before keeps working for SECRET_GRACE_MS. */
  private rotateCodeSecret(m: MemberRecord): CodeSecret {
    m.previousCodeSecret = m.codeSecret ? { secret: m.codeSecret, until: this.now() + SECRET_GRACE_MS } : null
    m.codeSecret = this.randomHex(20)
    return { cardId: m.cardId, secret: m.codeSecret, issuedAt: this.now() }
  }

  /** wx.login stand-in: the mock maps the install's device id to a WeChat identity (code2session). */
  login(_code: string, device: string): Session {
    return this.transaction((db) => this.openSession(db, `device:${device}`, null))
  }

  /** Demo: sign this device in as a persona (seeded again if it is missing). */
  personaLogin(persona: PersonaId, reset = false): Session {
    return this.transaction((db) => {
      const subject = personaSubject(persona)
      if (reset || !has(db.bySubject, subject)) addPersona(db, persona, this.now())
      return this.openSession(db, subject, persona)
    })
  }

  /** The session behind a bearer token, or a 401. */
  authenticate(token: string | null): SessionRecord {
    const session = own(this.state.sessions, token)
    if (!session || session.expiresAt <= this.now()) throw new ApiFailure(401, 'unauthorized', '登录已失效，请重新登录')
    // A member may have joined since the session opened.
    return { ...session, memberId: own(this.state.bySubject, session.subject) ?? null }
  }

  logout(token: string): void {
    this.transaction((db) => {
      drop(db.sessions, token)
    })
  }

  // ---- members ----

  join(session: SessionRecord, request: JoinRequest): MemberCard {
    const now = this.now()
    const phone = checkPhone(request.phone ?? (request.phoneCode ? phoneFromCode(request.phoneCode) : ''))
    if (!phone.ok) throw new ApiFailure(400, 'invalid_phone', phone.message)
    const nickname = checkNickname(request.nickname)
    if (!nickname.ok) throw new ApiFailure(400, 'invalid_nickname', nickname.message)
    const birthday = request.birthday ? checkBirthday(request.birthday, now) : null
    if (birthday && !birthday.ok) throw new ApiFailure(400, 'invalid_birthday', birthday.message)
    const city = request.city ? checkCity(request.city) : null
    if (city && !city.ok) throw new ApiFailure(400, 'invalid_city', city.message)
    const invite = request.inviteCode?.trim() || null
    const existing = own(this.state.bySubject, session.subject)
    if (existing !== undefined) {
      // A member who follows a friend's code: the inviter's list records it 未计入 (its own transaction, kept).
      if (invite) this.transaction((db) => invitations.followedByMember(db, need(db.members, existing), invite, now))
      throw new ApiFailure(409, 'already_member', '你已经是会员了')
    }
    return this.transaction((db) => {
      if (has(db.bySubject, session.subject)) throw new ApiFailure(409, 'already_member', '你已经是会员了')
      // Through the invite code index (never a look through all members); refused in words when unknown.
      const inviter = invite ? invitations.inviterFor(db, invite, phone.value) : null
      if (Object.values(db.members).some((m) => m.phone === phone.value)) {
        throw new ApiFailure(409, 'phone_taken', '该手机号已绑定其他会员卡')
      }
      const seq = db.nextCard++
      const cardId = `2${seq.toString().padStart(9, '0')}`
      const member: MemberRecord = {
        id: `m-${this.randomHex(6)}`,
        cardId,
        subject: session.subject,
        phone: phone.value,
        nickname: nickname.value,
        birthday: birthday?.ok ? birthday.value : null,
        city: city?.ok && city.value ? city.value : null,
        joinedAt: now,
        tierId: db.programme.tiers[0].id,
        tierSince: now,
        inviteCode: invitations.freshInviteCode(db, cardId),
        invitedBy: inviter?.id ?? null,
        device: request.device ?? null,
        ...freshAccount(),
      }
      addMember(db, member)
      // No second 入会礼 for a phone whose account was closed within the rejoin window.
      if (account.mayReceiveJoinGifts(db, member, now)) grantJoinGifts(db, member, now)
      if (inviter) invitations.recordJoin(db, need(db.members, inviter.id), member, now)
      return this.cardOf(member)
    })
  }

  /** What 注销账号 would take away from this member now. */
  erasePreview(memberId: string | null): ErasePreview {
    return account.erasePreview(this.state, this.settled(memberId), this.now())
  }

  /** 注销账号 (see account.ts): personal data erased, accounting records kept under the opaque id. */
  eraseAccount(memberId: string | null): EraseResult {
    const member = this.settled(memberId)
    return this.transaction((db) => {
      const m = need(db.members, member.id)
      invitations.beforeErase(db, m)
      return account.erase(db, m, this.now())
    })
  }

  /** The caller's member record (refused when there is none); for the handlers installed apart too. */
  member(memberId: string | null): MemberRecord {
    const member = own(this.state.members, memberId)
    if (!member) throw new ApiFailure(404, 'not_member', '还不是会员，请先入会')
    return member
  }

  /** The member's card as of now (expiry and anniversaries applied first). */
  card(memberId: string | null): MemberCard {
    const member = this.member(memberId)
    if (needsSettle(member, this.state.programme.tiers, this.now())) {
      this.transaction((db) => settleMember(need(db.members, member.id), db.programme, this.now()))
    }
    return this.cardOf(need(this.state.members, member.id))
  }

  updateProfile(memberId: string | null, patch: { nickname?: string; birthday?: string; city?: string }): MemberCard {
    const member = this.member(memberId)
    const now = this.now()
    const nickname = patch.nickname === undefined ? null : checkNickname(patch.nickname)
    if (nickname && !nickname.ok) throw new ApiFailure(400, 'invalid_nickname', nickname.message)
    const birthday = patch.birthday ? checkBirthday(patch.birthday, now) : null
    if (birthday && !birthday.ok) throw new ApiFailure(400, 'invalid_birthday', birthday.message)
    const city = patch.city === undefined ? null : checkCity(patch.city)
    if (city && !city.ok) throw new ApiFailure(400, 'invalid_city', city.message)
    return this.transaction((db) => {
      const m = need(db.members, member.id)
      if (nickname?.ok) m.nickname = nickname.value
      if (patch.birthday !== undefined) m.birthday = birthday?.ok ? birthday.value : null
      if (city?.ok) m.city = city.value || null
      return this.cardOf(m)
    })
  }

  // ---- points, rewards, wallet, messages ----

  /** Apply expiry and anniversaries for a member before reading their points. */
  settled(memberId: string | null): MemberRecord {
    const member = this.member(memberId)
    if (needsSettle(member, this.state.programme.tiers, this.now())) {
      this.transaction((db) => settleMember(need(db.members, member.id), db.programme, this.now()))
    }
    return need(this.state.members, member.id)
  }

  pointsSummary(memberId: string | null): PointsSummary {
    return points.pointsSummary(this.state, this.settled(memberId), this.now())
  }

  ledger(memberId: string | null, type: LedgerType | undefined, cursor: number, limit: number): LedgerPage {
    return points.ledgerPage(this.settled(memberId), type, cursor, limit)
  }

  rewards(): Reward[] {
    return this.state.rewards.map((r) => points.rewardView(this.state, r))
  }

  redeem(memberId: string | null, rewardId: string): { item: WalletItem; balance: number } {
    const member = this.settled(memberId)
    return this.transaction((db) =>
      points.redeem(db, need(db.members, member.id), rewardId, this.now(), this.randomHex),
    )
  }

  wallet(memberId: string | null): WalletItem[] {
    const now = this.now()
    return [...this.member(memberId).wallet].reverse().map((w) => points.walletView(w, now))
  }

  /** The stored notices only, newest first (the inbox adds the ones made from state: `inbox`). */
  messages(memberId: string | null): MessageRecord[] {
    return [...this.settled(memberId).messages].reverse()
  }

  // ---- 消息 (inbox.ts): reads give the birthday gift and spend reminder grants first ----

  private inboxSettled(memberId: string | null): MemberRecord {
    const member = this.settled(memberId)
    this.settleTrials()
    if (inbox.needsSettle(this.state, member, this.now()))
      this.transaction((db) => inbox.settle(db, need(db.members, member.id), this.now()))
    return need(this.state.members, member.id)
  }

  inbox(memberId: string | null): Inbox {
    return inbox.list(this.state, this.inboxSettled(memberId), this.now())
  }

  readMessages(memberId: string | null, input: { id?: string; all?: true }): { unread: number } {
    if ((input.id === undefined) === (input.all === undefined))
      throw new ApiFailure(400, 'invalid_request', '请指明一条消息，或选择全部已读')
    const member = this.inboxSettled(memberId)
    return this.transaction((db) => inbox.markRead(db, need(db.members, member.id), input.id ?? null, this.now()))
  }

  deleteMessage(memberId: string | null, id: string): { unread: number } {
    const member = this.inboxSettled(memberId)
    return this.transaction((db) => inbox.remove(db, need(db.members, member.id), id, this.now()))
  }

  subscriptions(memberId: string | null): Subscriptions {
    return inbox.subscriptions(this.state, this.inboxSettled(memberId))
  }

  addSubscriptions(memberId: string | null, kinds: readonly string[]): Subscriptions {
    const member = this.inboxSettled(memberId)
    return this.transaction((db) => inbox.subscribe(db, need(db.members, member.id), kinds, this.now()))
  }

  // ---- member code and till ----

  /** A fresh code secret for the member's phone (after a join, or when the phone lost its own). */
  issueCodeSecret(memberId: string | null): CodeSecret {
    const member = this.member(memberId)
    return this.transaction((db) => this.rotateCodeSecret(need(db.members, member.id)))
  }

  /** Till activity after `since` (ms), oldest first. */
  activity(memberId: string | null, since: number): ActivityEvent[] {
    return this.member(memberId).activity.filter((a) => a.at > since)
  }

  stores(): Store[] {
    return this.state.stores.map((s) => ({ ...s, hours: s.hours.map((h) => ({ ...h, days: [...h.days] })) }))
  }

  // ---- member days ----

  memberDayPerks(): { products: MemberDayProduct[]; offers: MemberDayOffer[]; reminderTemplateId: string } {
    return {
      products: memberDay.products(this.state),
      offers: memberDay.offers(this.state),
      reminderTemplateId: memberDay.REMINDER_TEMPLATE_ID,
    }
  }

  myMemberDay(memberId: string | null): MyMemberDay {
    // Reminders that came due are spent first: the one shown is the one still to come.
    const member = this.inboxSettled(memberId)
    const mine = memberDay.mine(this.state, member, this.now())
    // A 会员日提醒 granted on the 消息 page reminds of the next member day too.
    return { ...mine, reminder: mine.reminder ?? inbox.memberDayGrantReminder(this.state, member, this.now()) }
  }

  claimMemberDayCoupon(memberId: string | null, offerId: string): { coupon: Coupon; claimed: number; limit: number } {
    const member = this.settled(memberId)
    return this.transaction((db) => memberDay.claim(db, need(db.members, member.id), offerId, this.now()))
  }

  setMemberDayReminder(memberId: string | null, on: boolean): { reminder: MyMemberDay['reminder'] } {
    const member = this.inboxSettled(memberId)
    return this.transaction((db) => {
      const m = need(db.members, member.id)
      const was = m.memberDayReminder?.date ?? null
      const answer = memberDay.setReminder(db, m, on, this.now())
      // The reminder is one WeChat grant of the inbox's 会员日提醒: turning it on adds it, off takes it back.
      if (on && answer.reminder && answer.reminder.date !== was) inbox.addGrant(m, 'member-day', this.now())
      if (!on) inbox.takeGrant(m, 'member-day')
      return { reminder: answer.reminder ?? inbox.memberDayGrantReminder(db, m, this.now()) }
    })
  }

  // ---- 体验官 and 联盟权益 (rules in officers.ts and partners.ts) ----

  /** Give the seats of trials whose application window has closed (once, on the first read after the close). */
  private settleTrials(): void {
    if (officers.needsSelection(this.state, this.now())) this.transaction((db) => officers.settle(db, this.now()))
  }

  myTrials(memberId: string | null): MyTrials {
    const member = this.settled(memberId)
    this.settleTrials()
    return officers.myTrials(this.state, member, this.now())
  }

  applyTrial(memberId: string | null, trialId: string, note: string | null): { trial: Trial } {
    const member = this.settled(memberId)
    this.settleTrials()
    return this.transaction((db) => ({
      trial: officers.apply(db, need(db.members, member.id), trialId, note, this.now()),
    }))
  }

  trialFeedback(memberId: string | null, input: officers.FeedbackInput) {
    const member = this.settled(memberId)
    this.settleTrials()
    return this.transaction((db) => officers.feedback(db, need(db.members, member.id), input, this.now()))
  }

  staffTrials(): StaffTrial[] {
    this.settleTrials()
    return this.state.trials.map((t) => officers.staffView(this.state, t, this.now()))
  }

  staffCloseTrial(trialId: string): StaffTrial {
    this.settleTrials()
    return this.transaction((db) => officers.closeEarly(db, trialId, this.now()))
  }

  staffReplyTrial(trialId: string, memberId: string, reply: string): StaffTrial {
    return this.transaction((db) => officers.reply(db, trialId, memberId, reply, this.now()))
  }

  partnerPerks(memberId: string | null): PartnerPerk[] {
    return partners.perksFor(this.state, this.settled(memberId), this.now())
  }

  claimPartnerPerk(memberId: string | null, perkId: string): PartnerPerk {
    const member = this.settled(memberId)
    return this.transaction((db) => partners.claim(db, need(db.members, member.id), perkId, this.now(), this.randomHex))
  }

  // ---- the card's hero slot, 我的标签, the badge ceremony (rules in hero.ts and tags.ts) ----

  claimHeroOffer(memberId: string | null, offerId: string): { coupon: Coupon } {
    const member = this.settled(memberId)
    return this.transaction((db) => ({ coupon: hero.claim(db, need(db.members, member.id), offerId, this.now()) }))
  }

  markCelebrated(memberId: string | null, badge: string): void {
    const member = this.member(memberId)
    this.transaction((db) => hero.markCelebrated(need(db.members, member.id), badge))
  }

  // 邀请有礼's rewards move inside tillCheckout, tillRefund and claimReceipt (invitations.ts); the invite
  // page's reads are installed with the page (mock/parts/invite.ts).

  /**
   * Demo: move the backend's clock to 10:00 on the next member day, or back to the real time. Going
   * back rebuilds the demo personas as of today (their history would otherwise stay dated ahead),
   * keeping what the till already did with their codes and coupons.
   */
  setDemoClock(to: DemoClockTarget): { now: number; offsetMs: number } {
    return this.transaction((db) => {
      const before = db.clockOffsetMs
      db.clockOffsetMs = memberDay.clockOffsetFor(db, to, this.realNow())
      memberDay.afterClockJump(db, db.clockOffsetMs - before)
      if (to === 'now' && before !== 0) {
        for (const id of Object.keys(PERSONA_SPECS) as PersonaId[]) {
          const kept = own(db.members, own(db.bySubject, personaSubject(id)))
          addPersona(db, id, this.now())
          // The phone keeps its code secret: its member codes go on working after the rebuild.
          const rebuilt = need(db.members, need(db.bySubject, personaSubject(id)))
          // So do its used code steps: a code used before the move is not accepted again after it.
          if (kept) {
            Object.assign(rebuilt, {
              codeSecret: kept.codeSecret,
              previousCodeSecret: kept.previousCodeSecret ?? null,
              usedCodeSteps: kept.usedCodeSteps,
            })
            // And a coupon used at the till stays used.
            coupons.keepUsedCoupons(rebuilt, kept)
          }
        }
      }
      return { now: this.now(), offsetMs: db.clockOffsetMs }
    })
  }

  authenticateTill(key: string | undefined): TillRecord {
    return till.tillByKey(this.state, key, this.now())
  }

  /** What a till is told about itself: its name and the one store it serves. */
  tillInfo(t: TillRecord): { id: string; name: string; storeId: string; storeName: string } {
    return { id: t.id, name: t.name, storeId: t.storeId, storeName: till.storeName(this.state, t.storeId) }
  }

  coupons(memberId: string | null): Coupon[] {
    const now = this.now()
    const member = this.member(memberId)
    // Newest first; used and expired after the usable ones.
    const order = { available: 0, used: 1, expired: 2 }
    return [...member.coupons]
      .reverse()
      .map((c) => coupons.couponView(this.state, c, now))
      .sort((a, b) => order[a.status] - order[b.status])
  }

  selectCoupon(memberId: string | null, couponId: string | null): { selectedCouponId: string | null } {
    const member = this.member(memberId)
    return this.transaction((db) => ({
      selectedCouponId: coupons.select(db, need(db.members, member.id), couponId, this.now()),
    }))
  }

  /** Verify a scanned code without using it up: who the member is and which coupons apply, for the cashier. */
  tillVerify(
    tillId: string,
    code: string,
    storeId: string,
    amountFen = 0,
  ): { member: TillMember; coupons: TillCoupon[] } {
    till.ownStore(
      this.state,
      this.state.tills.find((x) => x.id === tillId)!,
      storeId,
      '查询会员',
    )
    const check = this.transaction((db) => {
      const t = db.tills.find((x) => x.id === tillId)!
      const c = till.checkCode(db, t, code, this.now())
      if (c.ok) this.settle(c.member)
      return c
    })
    if (!check.ok) throw check.failure
    const member = need(this.state.members, check.member.id)
    return {
      member: till.tillMember(member, this.state),
      coupons: coupons.tillCoupons(this.state, member, storeId, amountFen, this.now()),
    }
  }

  tillCheckout(
    tillId: string,
    input: { code?: string; storeId: string; amountFen: number; couponIds?: string[] },
  ): Receipt {
    const result = this.transaction((db) => {
      const cardId = input.code ? parseMemberCode(input.code)?.cardId : undefined
      const m = cardId ? till.memberByCard(db, cardId) : undefined
      if (m) this.settle(m)
      const receipt = till.checkout(
        db,
        db.tills.find((x) => x.id === tillId)!,
        input,
        this.now(),
      )
      // A friend's first purchase rewards the invitation (once; the till's idempotency covers replays).
      const record = receipt instanceof ApiFailure ? undefined : own(db.receipts, receipt.receiptId)
      if (m && record?.memberId === m.id) invitations.afterPurchase(db, m, record, this.now())
      return receipt
    })
    if (result instanceof ApiFailure) throw result
    return result
  }

  tillRefund(tillId: string, receiptId: string): Refund {
    return this.transaction((db) => {
      const r = own(db.receipts, receiptId)
      const m = own(db.members, r?.memberId)
      if (m) this.settle(m)
      const refund = till.refund(
        db,
        db.tills.find((x) => x.id === tillId)!,
        receiptId,
        this.now(),
      )
      // A refunded first purchase takes the invitation's rewards back (once).
      if (r) invitations.afterRefund(db, r, this.now())
      return refund
    })
  }

  claimReceipt(memberId: string | null, token: string): ClaimResult {
    const member = this.member(memberId)
    return this.transaction((db) => {
      const m = need(db.members, member.id)
      this.settle(m)
      const result = till.claim(db, m, token, this.now())
      const record = own(db.receipts, result.receiptId)
      if (record) invitations.afterPurchase(db, m, record, this.now())
      return result
    })
  }

  private settle(member: MemberRecord): void {
    settleMember(member, this.state.programme, this.now())
  }

  cardOf(member: MemberRecord): MemberCard {
    const now = this.now()
    const tiers = this.state.programme.tiers
    const rule = tiers[tierIndex(tiers, member.tierId)]
    const history = member.checkouts.filter((c) => !c.refundedAt)
    const stats = rollingStats(history, now, this.state.programme.horizons.rollingMonths)
    return {
      memberId: member.id,
      cardId: member.cardId,
      nickname: member.nickname,
      phoneMasked: maskPhone(member.phone),
      birthday: member.birthday,
      city: member.city,
      joinedAt: member.joinedAt,
      tierId: rule.id,
      tierName: rule.name,
      tierColor: rule.color,
      tierSince: member.tierSince,
      points: balanceOf(member.ledger),
      stats,
      progress: progressToNext(tiers, member.tierId, stats),
      keep: keepForecast(tiers, member.tierId, member.tierSince, history, now),
      inviteCode: member.inviteCode,
      attention: attentionFor(this.state, member, now),
      badges: officers.officerOf(this.state, member.id).badge ? [officers.OFFICER_BADGE] : [],
      hero: hero.heroFor(this.state, member, now),
      celebrate: hero.celebrateFor(this.state, member, now),
    }
  }
}
