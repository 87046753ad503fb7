/**
 * Per-record change tracking for the engine's transactions. Each table record read for change
 * through records.ts (own/need/put/drop) inside a transaction is copied (that one record, as JSON)
 * before its first use: a transaction that throws puts back just those records and the small part
 * outside the tables; one that succeeds adds them to the changes the store is handed next, with only
 * the records whose JSON actually differs. A transaction thus costs what it touches, not the state.
 */
import { TABLES, type DbMeta, type StateChanges, type TableName } from './changes'
import type { Db } from './db'

const hasOwn = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key)
const TABLE_SET: ReadonlySet<string> = new Set(TABLES)

/** Each table object of a loaded state → its name (records.ts asks for any record object it is given). */
const tableOf = new WeakMap<object, TableName>()

/** Key → the record's JSON before the first change (null: there was none), by table. */
type Snapshots = Map<TableName, Map<string, string | null>>

/** The journal of the transaction running now (transactions are synchronous: one at a time). */
let current: Journal | null = null

/** records.ts: `key` of `record` is about to be read for change or written. */
export function noteRecord(record: object, key: string): void {
  current?.note(record, key)
}

/** The part of the state outside the tables (a shallow copy: its objects are the state's own). */
export function metaOf(db: Db): DbMeta {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(db)) if (!TABLE_SET.has(k)) out[k] = (db as unknown as Record<string, unknown>)[k]
  return out as DbMeta
}

function putOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
}

/** Puts back what `snapshots` and `metaJson` recorded. */
function restore(db: Db, snapshots: Snapshots, metaJson: string | null): void {
  for (const [table, keys] of snapshots) {
    const record = db[table] as Record<string, unknown>
    for (const [key, json] of keys) {
      if (json === null) delete record[key]
      else putOwn(record, key, JSON.parse(json))
    }
  }
  if (metaJson !== null) Object.assign(db, JSON.parse(metaJson) as DbMeta)
}

export class Journal {
  /**
   * Tests turn this on: every transaction then also checks, against a whole copy of the state, that
   * its recorded changes are all it changed (a record changed without being noted would be lost).
   */
  static checkEveryTransaction = false

  private tx: Snapshots | null = null
  /** Records touched since the last `take`, as they were then. */
  private batch: Snapshots = new Map()
  private batchMeta: string | null = null
  /** The whole state is to be written at the next take (a fresh seed, an upgraded state). */
  private full: boolean
  /** What the last take handed over, until its write is known to have worked (`undo` needs it). */
  private taken: { batch: Snapshots; meta: string | null; full: boolean } | null = null

  constructor(
    private readonly state: () => Db,
    full: boolean,
  ) {
    this.full = full
    this.register()
  }

  /** Makes the current state's tables known to records.ts (after it was loaded or replaced). */
  register(): void {
    const db = this.state()
    for (const t of TABLES) tableOf.set(db[t], t)
  }

  get active(): boolean {
    return this.tx !== null
  }

  note(record: object, key: string): void {
    const tx = this.tx
    const table = tableOf.get(record)
    if (!tx || !table || this.state()[table] !== record) return
    let keys = tx.get(table)
    if (!keys) tx.set(table, (keys = new Map()))
    if (keys.has(key)) return
    keys.set(key, hasOwn(record, key) ? JSON.stringify((record as Record<string, unknown>)[key]) : null)
  }

  /** Runs `fn` as one transaction: all of its changes, or (when it throws) none. */
  run<T>(fn: () => T): T {
    // A transaction inside another is part of it.
    if (this.tx) return fn()
    if (current) throw new Error('another engine is in a transaction')
    const db = this.state()
    const before = Journal.checkEveryTransaction ? JSON.stringify(db) : null
    const tx: Snapshots = new Map()
    const txMeta = JSON.stringify(metaOf(db))
    this.tx = tx
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- records.ts reaches the running transaction through it
    current = this
    let result: T
    try {
      result = fn()
    } catch (error) {
      restore(db, tx, txMeta)
      if (before !== null && canonical(db) !== canonical(JSON.parse(before) as Db))
        throw new Error('journal: a refused transaction left changes')
      throw error
    } finally {
      current = null
      this.tx = null
    }
    for (const [table, keys] of tx) {
      let kept = this.batch.get(table)
      if (!kept) this.batch.set(table, (kept = new Map()))
      for (const [key, json] of keys) if (!kept.has(key)) kept.set(key, json)
    }
    if (this.batchMeta === null) this.batchMeta = txMeta
    if (before !== null) checkChanges(before, db, tx)
    return result
  }

  /** What changed since the last take, record by record; null when nothing did. */
  take(): StateChanges | null {
    const db = this.state()
    this.taken = { batch: this.batch, meta: this.batchMeta, full: this.full }
    if (this.full) {
      this.full = false
      this.batch = new Map()
      this.batchMeta = null
      return wholeState(db)
    }
    const changes: StateChanges = { put: [], drop: [], meta: null }
    for (const [table, keys] of this.batch) {
      const record = db[table] as Record<string, unknown>
      for (const [key, was] of keys) {
        const now = hasOwn(record, key) ? record[key] : undefined
        const json = now === undefined ? null : JSON.stringify(now)
        if (json === was) continue
        if (json === null) changes.drop.push({ table, key })
        else changes.put.push({ table, key, value: now, json })
      }
    }
    if (this.batchMeta !== null) {
      const meta = metaOf(db)
      if (JSON.stringify(meta) !== this.batchMeta) changes.meta = meta
    }
    this.batch = new Map()
    this.batchMeta = null
    return changes.put.length || changes.drop.length || changes.meta ? changes : null
  }

  /** Puts back what the last take handed over, and anything since (its store refused the write). */
  undo(): void {
    const db = this.state()
    restore(db, this.batch, this.batchMeta)
    if (this.taken) {
      restore(db, this.taken.batch, this.taken.meta)
      // A whole state that was never written is still to be written whole.
      this.full = this.taken.full
    }
    this.batch = new Map()
    this.batchMeta = null
    this.taken = null
  }
}

/** Every record and the meta part: what a store is given for a state it does not hold yet. */
export function wholeState(db: Db): StateChanges {
  const put: StateChanges['put'] = []
  for (const table of TABLES)
    for (const [key, value] of Object.entries(db[table] as Record<string, unknown>))
      put.push({ table, key, value, json: JSON.stringify(value) })
  return { put, drop: [], meta: metaOf(db) }
}

/** Test mode: the state before, with this transaction's recorded changes applied, must be the state now. */
function checkChanges(before: string, db: Db, tx: Snapshots): void {
  const expected = JSON.parse(before) as Db
  for (const [table, keys] of tx) {
    const record = db[table] as Record<string, unknown>
    const into = expected[table] as Record<string, unknown>
    for (const key of keys.keys()) {
      if (hasOwn(record, key)) putOwn(into, key, JSON.parse(JSON.stringify(record[key])))
      else delete into[key]
    }
  }
  Object.assign(expected, JSON.parse(JSON.stringify(metaOf(db))))
  if (canonical(expected) !== canonical(db))
    throw new Error('journal: a transaction changed a record it did not note (read it through records.ts)')
}

/** The state as JSON with each table's records in key order (a record put back lands last in its object). */
function canonical(s: Db): string {
  return JSON.stringify({
    ...metaOf(s),
    ...Object.fromEntries(
      TABLES.map((t) => [
        t,
        Object.entries(s[t] as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ]),
    ),
  })
}
