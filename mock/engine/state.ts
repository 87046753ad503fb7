/**
 * The engine's state as a whole: a fresh seed (stores, tills, catalogue, demo personas), the shape
 * check a stored state must pass before it is used, and the helpers both need. The operations on
 * that state are in engine.ts.
 */
import type { PersonaId, Programme } from '../../src/api/contract'
import * as coupons from './coupons'
import { DEFAULT_COUPON_TEMPLATES } from './coupons'
import { DB_VERSION, type Db, type MemberRecord } from './db'
import * as memberDay from './member-day'
import { buildPersona, PERSONA_SPECS } from './personas'
import { DEFAULT_PROGRAMME } from './programme'
import { DEFAULT_REWARDS } from './rewards'
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
    sessions: {},
    idempotency: {},
    nextCard: 1,
    stores: DEFAULT_STORES.map((s) => ({ ...s })),
    tills: defaultTills(),
    receipts: {},
    nextReceipt: 1,
    serverSecret: randomHex(20),
    rewards: DEFAULT_REWARDS.map((r) => ({ ...r, measure: { ...r.measure } })),
    couponTemplates: DEFAULT_COUPON_TEMPLATES.map((t) => ({ ...t })),
    memberDayProducts: memberDay.DEFAULT_MEMBER_DAY_PRODUCTS.map((p) => ({ ...p, kinds: [...p.kinds] })),
    memberDayOffers: memberDay.DEFAULT_MEMBER_DAY_OFFERS.map((o) => ({ ...o, kinds: [...o.kinds] })),
    clockOffsetMs: 0,
  }
  for (const id of Object.keys(PERSONA_SPECS) as PersonaId[]) addPersona(db, id, now)
  return db
}

/** A persona as of `now`, with the coupons such a member would hold. */
export function addPersona(db: Db, id: PersonaId, now: number): void {
  const member = buildPersona(id, db.programme, now)
  addMember(db, member)
  coupons.seedPersonaCoupons(db, member, id, now)
}

export function addMember(db: Db, member: MemberRecord): void {
  db.members[member.id] = member
  db.bySubject[member.subject] = member.id
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

function isMemberRecord(x: unknown): boolean {
  if (!isRecord(x)) return false
  return (
    typeof x.id === 'string' &&
    typeof x.cardId === 'string' &&
    typeof x.subject === 'string' &&
    typeof x.nickname === 'string' &&
    typeof x.tierId === 'string' &&
    typeof x.tierSince === 'number' &&
    typeof x.seq === 'number' &&
    [
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
    ].every((k) => Array.isArray(x[k]))
  )
}

/**
 * The stored state to go on with: ours as it is, a version-5 state brought up to date (its
 * programme gains the served horizons; nothing else changed), or null for anything else, which is
 * replaced by a fresh seed.
 */
export function usableState(value: unknown): Db | null {
  if (isDb(value)) return withBoundTills(value)
  if (!isRecord(value) || value.version !== 5 || !isRecord(value.programme)) return null
  const upgraded = {
    ...value,
    version: DB_VERSION,
    programme: { ...value.programme, horizons: { ...DEFAULT_PROGRAMME.horizons } },
  }
  return isDb(upgraded) ? withBoundTills(upgraded) : null
}

/** Tills saved before each was bound to a store get the demo tills (same keys, now one per store). */
function withBoundTills(db: Db): Db {
  const bound = db.tills.every(
    (t: unknown) => isRecord(t) && typeof t.storeId === 'string' && db.stores.some((s) => s.id === t.storeId),
  )
  return bound ? db : { ...db, tills: defaultTills() }
}

/** A stored state is used only if it looks like ours throughout; anything else is replaced by a fresh seed. */
export function isDb(value: unknown): value is Db {
  if (!isRecord(value)) return false
  const db = value as Partial<Db> & Record<string, unknown>
  return (
    db.version === DB_VERSION &&
    ['members', 'sessions', 'bySubject', 'idempotency', 'receipts'].every((k) => isRecord(db[k])) &&
    Array.isArray(db.programme?.tiers) &&
    db.programme.tiers.length > 0 &&
    Array.isArray(db.tills) &&
    Array.isArray(db.stores) &&
    Array.isArray(db.rewards) &&
    Array.isArray(db.couponTemplates) &&
    Array.isArray(db.memberDayProducts) &&
    Array.isArray(db.memberDayOffers) &&
    typeof db.clockOffsetMs === 'number' &&
    isRecord(db.programme.memberDay) &&
    isRecord(db.programme.horizons) &&
    typeof db.serverSecret === 'string' &&
    typeof db.nextCard === 'number' &&
    typeof db.nextReceipt === 'number' &&
    Object.values(db.members as Record<string, unknown>).every(isMemberRecord)
  )
}
