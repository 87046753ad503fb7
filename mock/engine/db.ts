import type { PersonaId, Programme } from '../../src/api/contract'
import type { LedgerEntry, PointsLot } from '../../src/domain/points'
import type { Visit } from '../../src/domain/tiers'

export interface CheckoutRecord extends Visit {
  id: string
  storeId: string
}

export interface MemberRecord {
  id: string
  cardId: string
  /** Who this member is to WeChat (openid; `persona:<id>` for demo personas). */
  subject: string
  phone: string
  nickname: string
  birthday: string | null
  city: string | null
  joinedAt: number
  tierId: string
  tierSince: number
  inviteCode: string
  invitedBy: string | null
  checkouts: CheckoutRecord[]
  lots: PointsLot[]
  /** Append-only; the balance is its sum. */
  ledger: LedgerEntry[]
  seq: number
}

export interface SessionRecord {
  token: string
  subject: string
  memberId: string | null
  persona: PersonaId | null
  expiresAt: number
}

export interface IdempotencyRecord {
  /** The request body's fingerprint: the same key with another body is refused. */
  fingerprint: string
  state: 'pending' | 'done'
  status: number
  body: unknown
  at: number
}

export interface Db {
  version: 1
  programme: Programme
  members: Record<string, MemberRecord>
  /** subject → member id */
  bySubject: Record<string, string>
  sessions: Record<string, SessionRecord>
  idempotency: Record<string, IdempotencyRecord>
  /** Next sequence number for new members' card ids. */
  nextCard: number
}

export const DB_VERSION = 1
