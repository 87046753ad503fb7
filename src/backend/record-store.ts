/**
 * The in-app backend's state in Taro storage, record by record (docs/ARCHITECTURE.md, "Storage in
 * local mode"). WeChat allows 1 MB a key and 10 MB in all; one member's 10,000-entry ledger alone is
 * ~1.5 MB, so nothing here is written as one value and no key holds more than MAX_VALUE_BYTES.
 *
 * Keys (a record's key is escaped: no `.`, `#` or `~` is left in it, so `__proto__` or `a.b` is just a name):
 *   mc.mock.rev                    the committed revision (other H5 tabs reload when it changes)
 *   mc.mock.meta                   {format, tables, fields}: what the state was written with
 *   mc.mock.m.<field>              one field of the state outside the tables (programme, stores, a counter…)
 *   mc.mock.i.<table>.<bucket>     the keys of a table, spread over BUCKETS lists by a hash of the key
 *   mc.mock.r.<table>.<key>        one record as JSON
 *   mc.mock.r.<table>.<key>.<field>.<n>   page n of a long list field (> PAGE_ENTRIES entries) of that record
 *   <any key>#<i>                  part i of a value over MAX_VALUE_BYTES (the key itself then says `~chunks:<n>`)
 *   mc.mock.undo                   the undo journal of a write in progress (see `commit`)
 *   mc.mock.damaged.<time>         a damaged state kept aside when staff start over
 *
 * Long lists are paged rather than the record cut into chunks because a member's lists grow at the
 * end (ledger, checkouts, lots, activity): a checkout then rewrites the record's head and the last
 * page of each list it touched (a few KB), where a chunked record would shift every chunk after the
 * ledger and rewrite most of the 1.5 MB.
 */
import { TABLES, type DbMeta, type StateChanges, type StateStore, type TableName } from '../../mock/engine/changes'
import type { Db } from '../../mock/engine/db'
import { readState } from '../../mock/engine/state'

/** The storage the store writes to: Taro storage in the app, a Map in tests. */
export interface KeyValue {
  getItem(key: string): string | null
  /** False when the value could not be stored (storage full). */
  trySetItem(key: string, value: string): boolean
  removeItem(key: string): void
  /** Whether anything is stored under `key`, readable or not (asked only when no state is found). */
  hasItem?(key: string): boolean
}

export const REV_KEY = 'mc.mock.rev'
export const META_KEY = 'mc.mock.meta'
/** Where the whole state was kept, as one JSON value, before it was kept record by record. */
export const LEGACY_KEY = 'mc.mock.state'
export const DAMAGED_PREFIX = 'mc.mock.damaged.'
const UNDO_KEY = 'mc.mock.undo'
const FORMAT = 1
const CHUNKS = '~chunks:'
const PAGED = '~paged:'

/** Values above this are cut into parts: WeChat's limit is 1 MB a key; we stay well under 256 KB. */
export const MAX_VALUE_BYTES = 200 * 1024
/** Entries per page of a long list (~7 KB of ledger entries): a checkout rewrites little (npm run bench:storage). */
export const PAGE_ENTRIES = 50
/** Index lists per table: adding a receipt rewrites 1/16 of the receipt index. */
const BUCKETS = 16

/** A write could not be stored (storage full); nothing of it is left in storage. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError'
}

/** What is stored cannot be read back as a state; it is left as it is. */
export class DamagedStateError extends Error {
  override readonly name = 'DamagedStateError'
  constructor(readonly problem: string) {
    super(`stored state is damaged: ${problem}`)
  }
}

/** A storage key part from any string: percent-escaped, with `.` `~` `#` and friends escaped too. */
export function escapeKey(key: string): string {
  return encodeURIComponent(key).replace(/[.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

const recordKey = (table: TableName, key: string) => `mc.mock.r.${table}.${escapeKey(key)}`
const pageKey = (base: string, field: string, n: number) => `${base}.${escapeKey(field)}.${n}`
const indexKey = (table: TableName, bucket: number) => `mc.mock.i.${table}.${bucket}`
const metaKey = (field: string) => `mc.mock.m.${escapeKey(field)}`
const partKey = (key: string, i: number) => `${key}#${i}`

/** Bytes of `text` in UTF-8 (how storage limits are counted; a Chinese character is 3). */
export function utf8Bytes(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

function bucketOf(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return (h >>> 0) % BUCKETS
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k)
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** Own entries only, and `__proto__` as a plain key. */
function putOwn(o: Record<string, unknown>, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, writable: true, enumerable: true, configurable: true })
}

/** The storage keys and values one logical value takes: itself, or parts plus a `~chunks:n` head. */
function physical(key: string, text: string, maxBytes: number): [string, string][] {
  if (text.length * 3 <= maxBytes || utf8Bytes(text) <= maxBytes) return [[key, text]]
  const out: [string, string][] = []
  const step = Math.floor(maxBytes / 3) // at most 3 bytes a UTF-16 unit (a surrogate pair is 4 for 2)
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + step)
    // Never split a surrogate pair between two keys.
    if (end < text.length && text.charCodeAt(end) >= 0xdc00 && text.charCodeAt(end) <= 0xdfff) end--
    out.push([partKey(key, out.length), text.slice(at, end)])
    at = end
  }
  out.push([key, `${CHUNKS}${out.length}`])
  return out
}

export interface RecordStoreOptions {
  /** @default Date.now (revision stamps and the name of a damaged state kept aside) */
  now?: () => number
  /** @default PAGE_ENTRIES */
  pageEntries?: number
  /** @default MAX_VALUE_BYTES */
  maxValueBytes?: number
}

/** The plan of one write: storage key → new value, or null to remove it. */
type Plan = Map<string, string | null>

export class RecordStore implements StateStore {
  private readonly now: () => number
  private readonly pageEntries: number
  private readonly maxBytes: number
  /** Every storage key this store knows to hold a value, with that value, as last read or written. */
  private written = new Map<string, string>()
  /** The storage keys each logical value (a record, an index bucket, the meta) takes now. */
  private slots = new Map<string, string[]>()
  /** The keys of each table, by bucket. */
  private index = new Map<TableName, Set<string>[]>()
  private rev: string | null = null
  /** The meta's fields, each under its own key. */
  private metaFields: string[] = []
  /** What the last successful `write` stored, the undo journal and revision included. */
  private lastWritten: [string, string][] = []

  /** UTF-8 bytes of the last successful `write`, for the bench: counted when asked, not on every write. */
  get lastWriteBytes(): number {
    return this.lastWritten.reduce((n, [key, value]) => n + utf8Bytes(key) + utf8Bytes(value), 0)
  }

  constructor(
    private readonly kv: KeyValue,
    options: RecordStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now
    this.pageEntries = options.pageEntries ?? PAGE_ENTRIES
    this.maxBytes = options.maxValueBytes ?? MAX_VALUE_BYTES
    this.resetCaches()
  }

  /** The revision last read or written by this store. */
  get revision(): string | null {
    return this.rev
  }

  private resetCaches(): void {
    this.written = new Map()
    this.slots = new Map()
    this.index = new Map(TABLES.map((t) => [t, Array.from({ length: BUCKETS }, () => new Set<string>())]))
    this.rev = null
    this.metaFields = []
  }

  // ---- reading ----

  /** A logical value (parts put together), noting every storage key read; null when absent. */
  private readText(key: string, seen: Map<string, string>): string | null {
    const raw = this.kv.getItem(key)
    if (raw === null) return null
    seen.set(key, raw)
    if (!raw.startsWith(CHUNKS)) return raw
    const n = Number(raw.slice(CHUNKS.length))
    if (!Number.isInteger(n) || n < 1) throw new DamagedStateError(`${key} names ${raw.slice(CHUNKS.length)} parts`)
    let text = ''
    for (let i = 0; i < n; i++) {
      const part = this.kv.getItem(partKey(key, i))
      if (part === null) throw new DamagedStateError(`${key} part ${i} of ${n} is missing`)
      seen.set(partKey(key, i), part)
      text += part
    }
    return text
  }

  private parse(key: string, text: string): unknown {
    try {
      return JSON.parse(text)
    } catch {
      throw new DamagedStateError(`${key} is not JSON`)
    }
  }

  /** One record: its head, and the pages of its long lists put back in place. */
  private readRecord(table: TableName, key: string, seen: Map<string, string>): unknown {
    const base = recordKey(table, key)
    const text = this.readText(base, seen)
    if (text === null) throw new DamagedStateError(`${table} record ${JSON.stringify(key)} is listed but missing`)
    if (!text.startsWith(PAGED)) return this.parse(base, text)
    const head = this.parse(base, text.slice(PAGED.length))
    if (!isRecord(head) || !Array.isArray(head.f) || typeof head.n !== 'number' || !isRecord(head.v))
      throw new DamagedStateError(`${base} is not a paged record`)
    const value = head.v
    for (const field of head.f as unknown[]) {
      const length = typeof field === 'string' && hasOwn(value, field) ? value[field] : undefined
      if (typeof field !== 'string' || typeof length !== 'number')
        throw new DamagedStateError(`${base} lists a page field it does not have`)
      const list: unknown[] = []
      for (let n = 0; list.length < length; n++) {
        const key = pageKey(base, field, n)
        const page = this.readText(key, seen)
        const entries = page === null ? null : this.parse(key, page)
        if (!Array.isArray(entries) || entries.length === 0)
          throw new DamagedStateError(`${base} ${field} page ${n} is missing`)
        list.push(...(entries as unknown[]))
      }
      if (list.length !== length) throw new DamagedStateError(`${base} ${field} has ${list.length} of ${length}`)
      putOwn(value, field, list)
    }
    return value
  }

  /** Roll back a write that stopped half way (the app was killed): see `commit`. */
  private recover(): void {
    const seen = new Map<string, string>()
    const text = this.readText(UNDO_KEY, seen)
    if (text === null) {
      // Parts of a journal whose head was never written: no record was touched yet.
      for (let i = 0; this.kv.getItem(partKey(UNDO_KEY, i)) !== null; i++) this.kv.removeItem(partKey(UNDO_KEY, i))
      return
    }
    const undo = this.parse(UNDO_KEY, text) as { rev?: unknown; old?: unknown }
    if (typeof undo.rev !== 'string' || !Array.isArray(undo.old))
      throw new DamagedStateError('the undo journal is damaged')
    if (this.kv.getItem(REV_KEY) !== undo.rev) {
      for (const [key, old] of undo.old as [string, string | null][]) {
        if (old === null) this.kv.removeItem(key)
        else if (!this.kv.trySetItem(key, old)) throw new DamagedStateError(`could not put back ${key}`)
      }
    }
    // Committed (or now rolled back): the journal has done its work.
    this.kv.removeItem(UNDO_KEY)
    for (const key of seen.keys()) if (key !== UNDO_KEY) this.kv.removeItem(key)
  }

  /**
   * The whole stored state (shape not yet checked: readState does that), or null when none is
   * stored in this layout. Throws DamagedStateError when what is stored cannot be read back.
   */
  load(): unknown | null {
    this.resetCaches()
    this.recover()
    const seen = new Map<string, string>()
    const metaText = this.readText(META_KEY, seen)
    if (metaText === null) return null
    const stored = this.parse(META_KEY, metaText)
    if (
      !isRecord(stored) ||
      stored.format !== FORMAT ||
      !Array.isArray(stored.fields) ||
      !stored.fields.every((f) => typeof f === 'string') ||
      !(stored.tables === undefined || Array.isArray(stored.tables))
    )
      throw new DamagedStateError(
        `${META_KEY} is not a state's meta (format ${JSON.stringify(isRecord(stored) ? stored.format : null)})`,
      )
    const slots = new Map<string, string[]>([[META_KEY, [...seen.keys()]]])
    const db: Record<string, unknown> = {}
    for (const field of stored.fields as string[]) {
      const key = metaKey(field)
      const fieldSeen = new Map<string, string>()
      const text = this.readText(key, fieldSeen)
      if (text === null) throw new DamagedStateError(`${key} is missing`)
      putOwn(db, field, this.parse(key, text))
      slots.set(key, [...fieldSeen.keys()])
      fieldSeen.forEach((v, k) => seen.set(k, v))
    }
    this.metaFields = stored.fields as string[]
    // Only the tables the state was written with: one added since is left out, for readState to derive.
    const tables = (stored.tables as unknown[] | undefined) ?? TABLES
    for (const table of TABLES) {
      if (!tables.includes(table)) continue
      const records: Record<string, unknown> = {}
      const buckets = this.index.get(table)!
      for (let b = 0; b < BUCKETS; b++) {
        const key = indexKey(table, b)
        const bucketSeen = new Map<string, string>()
        const text = this.readText(key, bucketSeen)
        if (text === null) continue
        const keys = this.parse(key, text)
        if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string'))
          throw new DamagedStateError(`${key} is not a list of keys`)
        slots.set(key, [...bucketSeen.keys()])
        bucketSeen.forEach((v, k) => seen.set(k, v))
        for (const k of keys as string[]) {
          const recordSeen = new Map<string, string>()
          putOwn(records, k, this.readRecord(table, k, recordSeen))
          buckets[b].add(k)
          slots.set(recordKey(table, k), [...recordSeen.keys()])
          recordSeen.forEach((v, rk) => seen.set(rk, v))
        }
      }
      db[table] = records
    }
    this.written = seen
    this.slots = slots
    this.rev = this.kv.getItem(REV_KEY)
    return db
  }

  // ---- writing ----

  /** The storage values a record takes: one JSON value, or a head and pages when a list is long. */
  private recordValues(base: string, value: unknown): [string, string][] {
    if (!isRecord(value)) return physical(base, JSON.stringify(value), this.maxBytes)
    const paged = Object.keys(value).filter((f) => {
      const v = value[f]
      return Array.isArray(v) && v.length > this.pageEntries
    })
    if (paged.length === 0) return physical(base, JSON.stringify(value), this.maxBytes)
    const out: [string, string][] = []
    const head: Record<string, unknown> = {}
    // The head keeps every field in place (a paged list as its length), so the record reads back in the same order.
    for (const f of Object.keys(value)) putOwn(head, f, paged.includes(f) ? (value[f] as unknown[]).length : value[f])
    for (const f of paged) {
      const list = value[f] as unknown[]
      for (let n = 0; n * this.pageEntries < list.length; n++)
        out.push(
          ...physical(
            pageKey(base, f, n),
            JSON.stringify(list.slice(n * this.pageEntries, (n + 1) * this.pageEntries)),
            this.maxBytes,
          ),
        )
    }
    out.push(...physical(base, `${PAGED}${JSON.stringify({ f: paged, n: this.pageEntries, v: head })}`, this.maxBytes))
    return out
  }

  /** Plan a logical value's new storage keys (null: it goes), removing the keys it no longer takes. */
  private planSlot(plan: Plan, slot: string, values: [string, string][] | null): void {
    const before = this.slots.get(slot) ?? []
    const now = new Set<string>()
    for (const [key, text] of values ?? []) {
      now.add(key)
      if (this.written.get(key) !== text) plan.set(key, text)
    }
    for (const key of before) if (!now.has(key) && this.written.has(key)) plan.set(key, null)
  }

  /**
   * Write one request's changes, all or nothing: only the storage keys whose value changed are
   * written. Throws StorageFullError (storage left as it was) when storage refuses a value.
   */
  write(changes: StateChanges): void {
    const plan: Plan = new Map()
    const slots = new Map<string, string[] | null>()
    const touched = new Map<TableName, Set<number>>()
    const index = new Map<TableName, Set<string>[]>()
    const bucketsOf = (table: TableName) => {
      let b = index.get(table)
      if (!b) index.set(table, (b = this.index.get(table)!.map((s) => new Set(s))))
      return b
    }
    const planned = (slot: string, values: [string, string][] | null) => {
      this.planSlot(plan, slot, values)
      slots.set(slot, values && values.map(([k]) => k))
    }
    for (const { table, key } of changes.drop) {
      const b = bucketOf(key)
      if (bucketsOf(table)[b].delete(key)) touched.set(table, (touched.get(table) ?? new Set()).add(b))
      planned(recordKey(table, key), null)
    }
    for (const { table, key, value } of changes.put) {
      const b = bucketOf(key)
      if (!bucketsOf(table)[b].has(key)) {
        bucketsOf(table)[b].add(key)
        touched.set(table, (touched.get(table) ?? new Set()).add(b))
      }
      const base = recordKey(table, key)
      planned(base, this.recordValues(base, value))
    }
    for (const [table, buckets] of touched) {
      for (const b of buckets) {
        const keys = [...index.get(table)![b]].sort()
        planned(
          indexKey(table, b),
          keys.length ? physical(indexKey(table, b), JSON.stringify(keys), this.maxBytes) : null,
        )
      }
    }
    const meta = changes.meta as Record<string, unknown> | null
    if (meta) {
      // One key per field: a checkout's new receipt number does not rewrite the programme and the stores.
      const fields = Object.keys(meta)
      for (const field of fields)
        planned(metaKey(field), physical(metaKey(field), JSON.stringify(meta[field]), this.maxBytes))
      for (const gone of this.metaFields) if (!fields.includes(gone)) planned(metaKey(gone), null)
      planned(META_KEY, physical(META_KEY, JSON.stringify({ format: FORMAT, tables: TABLES, fields }), this.maxBytes))
    }
    this.commit(plan)
    if (meta) this.metaFields = Object.keys(meta)
    for (const [slot, keys] of slots) {
      if (keys) this.slots.set(slot, keys)
      else this.slots.delete(slot)
    }
    for (const [table, buckets] of index) this.index.set(table, buckets)
  }

  /**
   * Storage has no transactions, so each write keeps an undo journal:
   *   1. `mc.mock.undo` ← the old value (or none) of every key about to change, with the new revision;
   *   2. the changed keys are written or removed;
   *   3. `mc.mock.rev` ← the new revision: the write is committed;
   *   4. the journal is removed.
   * Killed before 3, the next load finds a journal whose revision is not the stored one and puts the
   * old values back: the state is the last complete revision. Killed after 3, the journal is just
   * removed. When storage refuses a value (full), the same undo runs at once and the write throws.
   */
  private commit(plan: Plan): void {
    const changes = [...plan].filter(([key, value]) =>
      value === null ? this.written.has(key) : this.written.get(key) !== value,
    )
    this.lastWritten = []
    if (changes.length === 0) return
    // Another tab or an earlier run may have been killed mid-write: finish its undo before writing over it.
    if (this.kv.getItem(UNDO_KEY) !== null) this.recover()
    const rev = `${this.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
    const old = changes.map(([key]): [string, string | null] => [key, this.written.get(key) ?? null])
    const journal = physical(UNDO_KEY, JSON.stringify({ rev, old }), this.maxBytes)
    const done: string[] = []
    const stored: [string, string][] = []
    const set = (key: string, value: string) => {
      if (!this.kv.trySetItem(key, value)) return false
      stored.push([key, value])
      return true
    }
    const dropJournal = () => {
      this.kv.removeItem(UNDO_KEY)
      for (const [key] of journal) if (key !== UNDO_KEY) this.kv.removeItem(key)
    }
    for (const [key, value] of journal) {
      if (!set(key, value)) {
        dropJournal()
        throw new StorageFullError(`storage refused the undo journal (${key})`)
      }
    }
    for (const [key, value] of changes) {
      if (value === null) this.kv.removeItem(key)
      else if (!set(key, value)) {
        this.undo(old, done)
        dropJournal()
        throw new StorageFullError(`storage refused ${key}`)
      }
      done.push(key)
    }
    if (!set(REV_KEY, rev)) {
      this.undo(old, done)
      dropJournal()
      throw new StorageFullError('storage refused the revision')
    }
    dropJournal()
    for (const [key, value] of changes) {
      if (value === null) this.written.delete(key)
      else this.written.set(key, value)
    }
    this.rev = rev
    this.lastWritten = stored
  }

  /** Put back the old values of the keys written so far (they fitted before, so they fit again). */
  private undo(old: [string, string | null][], done: string[]): void {
    const written = new Set(done)
    for (const [key, value] of old) {
      if (!written.has(key)) continue
      if (value === null) this.kv.removeItem(key)
      else this.kv.trySetItem(key, value)
    }
  }

  /**
   * Write a whole state: every record (only the changed storage keys reach storage), the meta, and a
   * drop for every stored record it no longer has. For migrating, starting over, and for a backend
   * whose engine does not hand over its changes.
   */
  writeWhole(db: Db): void {
    this.write(wholeChanges(db, (table) => this.keysOf(table)))
  }

  /** The keys stored for a table. */
  keysOf(table: TableName): string[] {
    return (this.index.get(table) ?? []).flatMap((s) => [...s])
  }

  /** Every storage key this store read or wrote, with its value (what a damaged state is kept aside as). */
  knownValues(): Map<string, string> {
    return new Map(this.written)
  }

  /** The size of the biggest value this store holds, in UTF-8 bytes, and its key. */
  biggestValue(): { key: string; bytes: number } {
    let biggest = { key: '', bytes: 0 }
    for (const [key, value] of this.written) {
      const bytes = utf8Bytes(value)
      if (bytes > biggest.bytes) biggest = { key, bytes }
    }
    return biggest
  }
}

/** The state outside the tables. */
export function metaOf(db: Db): DbMeta {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(db))
    if (!(TABLES as readonly string[]).includes(k)) out[k] = (db as unknown as Record<string, unknown>)[k]
  return out as DbMeta
}

/** Every record of `db` as a put, and a drop for each key stored before that `db` no longer has. */
export function wholeChanges(db: Db, storedKeys: (table: TableName) => string[]): StateChanges {
  const changes: StateChanges = { put: [], drop: [], meta: metaOf(db) }
  for (const table of TABLES) {
    const records = (db as unknown as Record<TableName, Record<string, unknown>>)[table] ?? {}
    for (const key of Object.keys(records)) changes.put.push({ table, key, value: records[key] })
    for (const key of storedKeys(table)) if (!hasOwn(records, key)) changes.drop.push({ table, key })
  }
  return changes
}

/** Two states hold the same records and meta (a migrated state is checked against what was read). */
export function sameState(a: Db, b: unknown): boolean {
  if (!isRecord(b)) return false
  if (JSON.stringify(metaOf(a)) !== JSON.stringify(metaOf(b as unknown as Db))) return false
  return TABLES.every((table) => {
    const x = (a as unknown as Record<string, Record<string, unknown>>)[table] ?? {}
    const y = b[table]
    if (!isRecord(y)) return false
    const keys = Object.keys(x)
    return (
      keys.length === Object.keys(y).length &&
      keys.every((k) => hasOwn(y, k) && JSON.stringify(x[k]) === JSON.stringify(y[k]))
    )
  })
}

/** What the app finds in storage at start. */
export type Opened =
  | { kind: 'empty' }
  | { kind: 'state'; db: Db; upgraded: boolean; migrated: boolean; stored: unknown }
  | { kind: 'damaged'; problem: string }
  | { kind: 'full'; problem: string }

/**
 * Open the stored state: roll back a torn write, read it record by record, and check it. A state
 * still kept under the old single key is migrated once: read and checked, written record by record,
 * read back and compared, and only then is the old key removed. Nothing damaged is changed or removed.
 */
export function openState(store: RecordStore, kv: KeyValue): Opened {
  let value: unknown
  try {
    value = store.load()
  } catch (error) {
    if (error instanceof DamagedStateError) return { kind: 'damaged', problem: error.problem }
    throw error
  }
  if (value !== null) {
    const read = readState(value)
    if (!read.ok) return { kind: 'damaged', problem: read.problem }
    // Migrated on an earlier start that was stopped before the old key went.
    if (kv.getItem(LEGACY_KEY) !== null) kv.removeItem(LEGACY_KEY)
    return { kind: 'state', db: read.db, upgraded: read.db !== value, migrated: false, stored: value }
  }
  const legacy = kv.getItem(LEGACY_KEY)
  if (legacy === null) {
    // No state found. Make sure it is not one whose entries storage itself can no longer read.
    if (kv.hasItem?.(LEGACY_KEY)) return { kind: 'damaged', problem: `${LEGACY_KEY} cannot be read` }
    if (kv.hasItem?.(META_KEY)) return { kind: 'damaged', problem: `${META_KEY} cannot be read` }
    for (const table of TABLES)
      for (let b = 0; b < BUCKETS; b++)
        if (kv.getItem(indexKey(table, b)) !== null)
          return { kind: 'damaged', problem: `${META_KEY} is missing, ${table} records are stored` }
    return { kind: 'empty' }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(legacy)
  } catch {
    return { kind: 'damaged', problem: `${LEGACY_KEY} is not JSON` }
  }
  const read = readState(parsed)
  if (!read.ok) return { kind: 'damaged', problem: `${LEGACY_KEY}: ${read.problem}` }
  try {
    store.writeWhole(read.db)
  } catch (error) {
    if (error instanceof StorageFullError) return { kind: 'full', problem: error.message }
    throw error
  }
  // Read back through a store of its own: what is in storage, not what is cached.
  let again: unknown
  try {
    again = new RecordStore(kv).load()
  } catch (error) {
    if (!(error instanceof DamagedStateError)) throw error
    again = null
  }
  if (!sameState(read.db, again)) return { kind: 'damaged', problem: 'the migrated state does not read back the same' }
  kv.removeItem(LEGACY_KEY)
  return { kind: 'state', db: read.db, upgraded: false, migrated: true, stored: read.db }
}

/**
 * Staff start over after damage: everything the damaged state left (as far as it can be found) is
 * copied under `mc.mock.damaged.<time>`, then removed; `fresh` is written in its place. Throws
 * StorageFullError, having removed nothing, when the copy does not fit.
 */
export function startOver(
  kv: KeyValue,
  fresh: Db,
  now: () => number = Date.now,
): { keptAs: string; store: RecordStore } {
  const found = findDamaged(kv)
  const keptAs = `${DAMAGED_PREFIX}${new Date(now()).toISOString()}`
  const copy = physical(keptAs, JSON.stringify(Object.fromEntries(found)), MAX_VALUE_BYTES)
  for (const [i, [key, value]] of copy.entries()) {
    if (!kv.trySetItem(key, value)) {
      for (const [k] of copy.slice(0, i + 1)) kv.removeItem(k)
      throw new StorageFullError('storage refused the copy of the damaged state')
    }
  }
  for (const key of found.keys()) if (key !== REV_KEY) kv.removeItem(key)
  const store = new RecordStore(kv, { now })
  store.writeWhole(fresh)
  return { keptAs, store }
}

/** Every storage key of a (damaged) state that can be found, with its raw value. */
function findDamaged(kv: KeyValue): Map<string, string> {
  const found = new Map<string, string>()
  /** Keep a key and its parts; its value with the parts put together. */
  const take = (key: string): string | null => {
    const raw = kv.getItem(key)
    if (raw === null) return null
    found.set(key, raw)
    let text = raw.startsWith(CHUNKS) ? '' : raw
    for (let i = 0, part = kv.getItem(partKey(key, i)); part !== null; part = kv.getItem(partKey(key, ++i))) {
      found.set(partKey(key, i), part)
      text += part
    }
    return text
  }
  for (const key of [LEGACY_KEY, REV_KEY, UNDO_KEY]) take(key)
  try {
    const { fields } = JSON.parse(take(META_KEY) ?? '{}') as { fields?: unknown }
    if (Array.isArray(fields)) for (const f of fields) if (typeof f === 'string') take(metaKey(f))
  } catch {
    // A damaged meta: its fields cannot be named.
  }
  for (const table of TABLES) {
    for (let b = 0; b < BUCKETS; b++) {
      const raw = take(indexKey(table, b))
      let keys: unknown
      try {
        keys = raw === null ? [] : JSON.parse(raw)
      } catch {
        keys = []
      }
      if (!Array.isArray(keys)) continue
      for (const k of keys) {
        if (typeof k !== 'string') continue
        const base = recordKey(table, k)
        const head = take(base)
        if (!head?.startsWith(PAGED)) continue
        try {
          const { f, n, v } = JSON.parse(head.slice(PAGED.length)) as {
            f: string[]
            n: number
            v: Record<string, number>
          }
          for (const field of f) for (let page = 0; page * n < v[field]; page++) take(pageKey(base, field, page))
        } catch {
          // A damaged head: its pages cannot be named.
        }
      }
    }
  }
  return found
}
