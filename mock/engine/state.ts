/**
 * The engine's state as a whole: a fresh seed (stores, tills, catalogue, demo personas), the shape
 * check a stored state must pass before it is used, and the helpers both need. The operations on
 * that state are in engine.ts.
 */
import type { PersonaId, Programme } from '../../src/api/contract'
import * as coupons from './coupons'
import { DEFAULT_COUPON_TEMPLATES } from './coupons'
import type { TableName } from './changes'
import { DB_VERSION, type Db, type MemberRecord } from './db'
import * as memberDay from './member-day'
import { buildPersona, PERSONA_SPECS } from './personas'
import { DEFAULT_PROGRAMME } from './programme'
import { DEFAULT_REWARDS } from './rewards'
import * as officers from './officers'
import * as partners from './partners'
import * as invitations from './invitations'
import { grantJoinGifts } from './join-gifts'
import { own, put } from './records'
import { DEFAULT_STORES, defaultTills } from './stores'

/** Session tokens are bearer credentials: use the platform's CSPRNG where there is one (Node, browsers). */
export function defaultRandomHex(bytes: number): string {
  const buf = new Uint8Array(bytes)
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(buf)
  // The mini-program's JS core has no synchronous CSPRNG; the in-process mock there is a demo backend.
  else for (let i = 0; i < bytes; i++) buf[i] = Math.floor(Math.random() * 256)
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A deep copy of JSON-shaped state (a transaction's snapshot). */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

export function seedDb(
  now: number,
  programme: Programme = DEFAULT_PROGRAMME,
  randomHex: (bytes: number) => string = defaultRandomHex,
): Db {
  const db: Db = {
    version: DB_VERSION,
    programme,
    members: {},
    bySubject: {},
    byCard: {},
    byInviteCode: {},
    sessions: {},
    idempotency: {},
    nextCard: 1,
    stores: DEFAULT_STORES.map((s) => ({ ...s })),
    tills: defaultTills(),
    receipts: {},
    nextReceipt: 1,
    serverSecret: randomHex(20),
    rewards: DEFAULT_REWARDS.map((r) => ({ ...r, measure: { ...r.measure } })),
    couponTemplates: [
      ...DEFAULT_COUPON_TEMPLATES,
      ...officers.TRIAL_COUPON_TEMPLATES,
      ...invitations.INVITE_COUPON_TEMPLATES,
    ].map((t) => ({ ...t })),
    memberDayProducts: memberDay.DEFAULT_MEMBER_DAY_PRODUCTS.map((p) => ({ ...p, kinds: [...p.kinds] })),
    memberDayOffers: memberDay.DEFAULT_MEMBER_DAY_OFFERS.map((o) => ({ ...o, kinds: [...o.kinds] })),
    clockOffsetMs: 0,
    trials: officers.seedTrials(now),
    partnerPerks: partners.seedPartnerPerks(now),
  }
  const ids = Object.keys(PERSONA_SPECS) as PersonaId[]
  for (const id of ids) addPersona(db, id, now, false)
  // Ranked together, as they applied together.
  officers.seedPersonas(
    db,
    ids.map((persona) => ({ persona, member: own(db.members, `m-${persona}`)! })),
    now,
  )
  return db
}

/** A persona as of `now`, with the coupons, trials and partner perks such a member would have. */
export function addPersona(db: Db, id: PersonaId, now: number, withTrials = true): void {
  const member = buildPersona(id, db.programme, now)
  const before = own(db.members, member.id)
  if (before) partners.forgetClaims(db, before)
  addMember(db, member)
  coupons.seedPersonaCoupons(db, member, id, now)
  partners.seedPersona(db, member, id, now)
  if (withTrials) officers.seedPersonas(db, [{ persona: id, member }], now)
  // black's invited friends are members of their own, each with the join gifts a member gets.
  for (const friend of invitations.seedPersona(db, member, id, now)) grantJoinGifts(db, friend, friend.joinedAt)
}

export function addMember(db: Db, member: MemberRecord): void {
  put(db.members, member.id, member)
  put(db.bySubject, member.subject, member.id)
  put(db.byCard, member.cardId, member.id)
  put(db.byInviteCode, member.inviteCode, member.id)
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

const MEMBER_LISTS = [
  'checkouts',
  'lots',
  'ledger',
  'usedCodeSteps',
  'codeFailures',
  'activity',
  'wallet',
  'messages',
  'coupons',
  'memberDayClaims',
] as const

/** What is wrong with a stored member, or null. */
function memberProblem(x: unknown): string | null {
  if (!isRecord(x)) return 'not an object'
  for (const k of ['id', 'cardId', 'subject', 'nickname', 'tierId'] as const)
    if (typeof x[k] !== 'string') return `${k} is not a string`
  for (const k of ['tierSince', 'seq'] as const) if (typeof x[k] !== 'number') return `${k} is not a number`
  for (const k of MEMBER_LISTS) if (!Array.isArray(x[k])) return `${k} is not a list`
  return null
}

/** The stored state to go on with (ours as it is, or a version-5 state brought up to date), or the first problem found. */
export function readState(value: unknown, now = Date.now()): { ok: true; db: Db } | { ok: false; problem: string } {
  if (isRecord(value) && value.version === 5 && isRecord(value.programme)) {
    // Version 5: the programme gains the served horizons; nothing else changed.
    value = {
      ...value,
      version: DB_VERSION,
      programme: { ...value.programme, horizons: { ...DEFAULT_PROGRAMME.horizons } },
    }
  }
  // Saved before the programme served its customer service line: the default one.
  if (isRecord(value) && isRecord(value.programme) && !isRecord(value.programme.service))
    value = { ...value, programme: { ...value.programme, service: DEFAULT_PROGRAMME.service } }
  if (isRecord(value) && value.byCard === undefined && isRecord(value.members)) {
    // Saved before the card index: it is derived from the members (no version change, nothing else differs).
    const byCard: Record<string, string> = {}
    for (const [id, m] of Object.entries(value.members))
      if (isRecord(m) && typeof m.cardId === 'string') put(byCard, m.cardId, id)
    value = { ...value, byCard }
  }
  if (isRecord(value) && isRecord(value.members) && !hasInviteIndex(value.byInviteCode, value.members)) {
    // Saved before the invite code index (absent, or an empty table a store created since): derived from the members.
    const byInviteCode: Record<string, string> = {}
    for (const [id, m] of Object.entries(value.members))
      if (isRecord(m) && typeof m.inviteCode === 'string') put(byInviteCode, m.inviteCode, id)
    value = { ...value, byInviteCode }
  }
  const problem = stateProblem(value)
  return problem === null ? { ok: true, db: withPerks(withBoundTills(value as Db), now) } : { ok: false, problem }
}

/** Every member has an invite code, so an empty index beside members is one never written (SQLite creates the table empty). */
function hasInviteIndex(index: unknown, members: Record<string, unknown>): boolean {
  if (!isRecord(index)) return false
  for (const _ in index) return true
  for (const _ in members) return false
  return true
}

/** A state saved before 体验官, 联盟权益 or 邀请有礼 gets them (and their coupons' templates), seeded as of now. */
function withPerks(db: Db, realNow: number): Db {
  const missing = [...officers.TRIAL_COUPON_TEMPLATES, ...invitations.INVITE_COUPON_TEMPLATES].filter(
    (t) => !db.couponTemplates.some((x) => x.id === t.id),
  )
  if (Array.isArray(db.trials) && Array.isArray(db.partnerPerks) && missing.length === 0) return db
  const now = realNow + (db.clockOffsetMs ?? 0)
  return {
    ...db,
    couponTemplates: [...db.couponTemplates, ...missing.map((t) => ({ ...t }))],
    trials: Array.isArray(db.trials) ? db.trials : officers.seedTrials(now),
    partnerPerks: Array.isArray(db.partnerPerks) ? db.partnerPerks : partners.seedPartnerPerks(now),
  }
}

/** Tills saved before each was bound to a store get the demo tills (same keys, now one per store). */
function withBoundTills(db: Db): Db {
  const bound = db.tills.every(
    (t: unknown) => isRecord(t) && typeof t.storeId === 'string' && db.stores.some((s) => s.id === t.storeId),
  )
  return bound ? db : { ...db, tills: defaultTills() }
}

/** The stored state to go on with, or null for anything else (the in-process backend then seeds afresh). */
export function usableState(value: unknown, now?: number): Db | null {
  const read = readState(value, now)
  return read.ok ? read.db : null
}

/** A stored state is used only if it looks like ours throughout. */
export function isDb(value: unknown): value is Db {
  return stateProblem(value) === null
}

/** The first thing that makes `value` not a state of ours, in words for the operator; null if there is none. */
export function stateProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'not a JSON object'
  const db = value as Partial<Db> & Record<string, unknown>
  if (db.version !== DB_VERSION) return `version is ${JSON.stringify(db.version)}, expected ${DB_VERSION}`
  for (const k of [
    'members',
    'sessions',
    'bySubject',
    'byCard',
    'byInviteCode',
    'idempotency',
    'receipts',
  ] satisfies TableName[])
    if (!isRecord(db[k])) return `${k} is not an object`
  if (!isRecord(db.programme)) return 'programme is not an object'
  if (!Array.isArray(db.programme.tiers) || db.programme.tiers.length === 0)
    return 'programme.tiers is not a non-empty list'
  for (const k of ['memberDay', 'horizons'] as const)
    if (!isRecord(db.programme[k])) return `programme.${k} is not an object`
  for (const k of ['tills', 'stores', 'rewards', 'couponTemplates', 'memberDayProducts', 'memberDayOffers'])
    if (!Array.isArray(db[k])) return `${k} is not a list`
  for (const k of ['clockOffsetMs', 'nextCard', 'nextReceipt'])
    if (typeof db[k] !== 'number') return `${k} is not a number`
  if (typeof db.serverSecret !== 'string') return 'serverSecret is not a string'
  if (db.erased !== undefined && !isRecord(db.erased)) return 'erased is not an object'
  if (db.erasedPhones !== undefined && !Array.isArray(db.erasedPhones)) return 'erasedPhones is not a list'
  for (const [id, member] of Object.entries(db.members as Record<string, unknown>)) {
    const problem = memberProblem(member)
    if (problem) return `members[${JSON.stringify(id)}]: ${problem}`
  }
  return null
}
