/**
 * What one request changed in the backend's state, record by record, so a store writes only those
 * records (a row each in SQLite under mock:server, a storage key each in the app) instead of the
 * whole state. The engine collects them per transaction; `Engine.takeChanges()` hands them over.
 */
import type { Db } from './db'

/** The keyed parts of the state: each entry is one record of its own. */
export const TABLES = ['members', 'bySubject', 'byCard', 'sessions', 'idempotency', 'receipts', 'byInviteCode'] as const
export type TableName = (typeof TABLES)[number]

/** Everything outside the tables: programme, stores, tills, catalogue, counters, secret, demo clock (small). */
export type DbMeta = Omit<Db, TableName>

export interface StateChanges {
  /**
   * Records written, each whole, by table and key. `value` is the engine's own object (write it
   * before the next request); `json` is its JSON when the engine already made it.
   */
  put: { table: TableName; key: string; value: unknown; json?: string }[]
  /** Records removed. */
  drop: { table: TableName; key: string }[]
  /** The part outside the tables, when it changed (null when it did not). */
  meta: DbMeta | null
}

/** Where a state is kept: read once at start, then written change by change, each change atomically. */
export interface StateStore {
  /** The whole stored state (to check and start from), or null when nothing is stored yet. */
  load(): unknown | null
  /** Writes one request's changes all or nothing; throws when it cannot (the request then fails). */
  write(changes: StateChanges): void
}
