/**
 * The one way into the state's keyed records (members, sessions, bySubject, receipts, idempotency).
 * Their keys can come from outside (a bearer token, a receipt id), and a plain object answers to
 * names it never stored (`__proto__`, `constructor`, `toString`…): reads see own entries only,
 * writes create own entries only. ESLint refuses `db.members[x]` in mock/ so none is forgotten.
 * Inside a transaction, a record read for change (own/need) or written (put/drop) is also noted in
 * the transaction's journal (journal.ts), which copies that one record first: the undo on a throw
 * and the changes handed to the store are made of these.
 */
import { noteRecord } from './journal'

const hasOwn = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key)

/** The entry stored under `key`, or undefined (never an inherited property). */
export function own<T>(record: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  if (key == null) return undefined
  noteRecord(record, key)
  return hasOwn(record, key) ? record[key] : undefined
}

/** Whether `key` has an entry of its own. */
export function has(record: Readonly<Record<string, unknown>>, key: string | null | undefined): boolean {
  return key != null && hasOwn(record, key)
}

/** Stores `value` under `key` as an own entry (assigning `__proto__` would replace the prototype instead). */
export function put<T>(record: Record<string, T>, key: string, value: T): void {
  noteRecord(record, key)
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
}

/** Removes the entry under `key`, if there is one of its own. */
export function drop(record: Record<string, unknown>, key: string): void {
  noteRecord(record, key)
  if (hasOwn(record, key)) delete record[key]
}

/** The entry under a key the backend itself resolved earlier in the request (a member's own id): there by construction. */
export function need<T>(record: Readonly<Record<string, T>>, key: string): T {
  const value = own(record, key)
  if (value === undefined) throw new Error('state record missing')
  return value
}

/** Every entry, each noted for change: for the rare operation that changes a whole table (the demo clock). */
export function everyEntry<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.keys(record).map((key) => [key, own(record, key) as T])
}
