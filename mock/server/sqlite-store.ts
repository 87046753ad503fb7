/**
 * mock:server's state in SQLite (better-sqlite3): a table per keyed part of the state (a row per
 * record, its JSON as the value) and one meta row for the rest, so a request writes the few rows it
 * changed, in one transaction, instead of the whole state. Only mock/server imports this: the engine
 * bundled into the app never loads a native module (ESLint refuses it in src/ and mock/engine).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import Database from 'better-sqlite3'
import { TABLES, type StateChanges, type StateStore, type TableName } from '../engine/changes'
import type { Db } from '../engine/db'
import { wholeState } from '../engine/journal'
import { put } from '../engine/records'
import { readState } from '../engine/state'
import { loadState, removeLeftoverTemps, StateFileError } from './file-store'

const META_KEY = 'state'

type Statements = { put: Database.Statement<[string, string]>; drop: Database.Statement<[string]> }

export class SqliteStore implements StateStore {
  private readonly db: Database.Database
  private readonly tables: Record<TableName, Statements>
  private readonly putMeta: Database.Statement<[string, string]>
  private readonly writeAll: (changes: StateChanges) => void

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
    try {
      this.db = new Database(file)
      // WAL: a commit appends to the log; FULL: each commit is fsynced before the request is answered,
      // so an acknowledged write survives kill -9 and a power cut alike (about 1 ms a commit here).
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('synchronous = FULL')
      this.db.pragma('busy_timeout = 2000')
      this.db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID')
      for (const t of TABLES)
        this.db.exec(`CREATE TABLE IF NOT EXISTS "${t}" (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`)
    } catch (error) {
      throw new StateFileError(file, `cannot be opened as a SQLite database (${(error as Error).message})`)
    }
    const tables = {} as Record<TableName, Statements>
    for (const t of TABLES)
      tables[t] = {
        put: this.db.prepare(
          `INSERT INTO "${t}" (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        ),
        drop: this.db.prepare(`DELETE FROM "${t}" WHERE key = ?`),
      }
    this.tables = tables
    this.putMeta = this.db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
    this.writeAll = this.db.transaction((changes: StateChanges) => {
      for (const p of changes.put) this.tables[p.table].put.run(p.key, p.json ?? JSON.stringify(p.value))
      for (const d of changes.drop) this.tables[d.table].drop.run(d.key)
      if (changes.meta) this.putMeta.run(META_KEY, JSON.stringify(changes.meta))
    })
  }

  /** The stored state as one object (null when nothing is stored yet); a row that is not JSON is a StateFileError. */
  load(): unknown | null {
    const meta = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(META_KEY) as { value: string } | undefined
    if (!meta) return null
    const state = this.parse(meta.value, 'the meta row') as Record<string, unknown>
    if (typeof state !== 'object' || state === null || Array.isArray(state))
      throw new StateFileError(this.file, 'the meta row is not a JSON object')
    for (const t of TABLES) {
      const table: Record<string, unknown> = {}
      const rows = this.db.prepare(`SELECT key, value FROM "${t}"`).iterate() as IterableIterator<{
        key: string
        value: string
      }>
      for (const row of rows) put(table, row.key, this.parse(row.value, `${t}[${JSON.stringify(row.key)}]`))
      state[t] = table
    }
    return state
  }

  /** One request's changes, in one transaction: all of them or (when it throws) none. */
  write(changes: StateChanges): void {
    this.writeAll(changes)
  }

  /** A consistent copy of the database to `target` while it is in use (SQLite's online backup). */
  backup(target: string): Promise<unknown> {
    return this.db.backup(target)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  private parse(text: string, where: string): unknown {
    try {
      return JSON.parse(text) as unknown
    } catch (error) {
      throw new StateFileError(this.file, `${where} is not valid JSON (${(error as Error).message})`)
    }
  }
}

/** The SQLite file for a state path: `x.json` (the JSON file of earlier versions) means `x.sqlite` beside it. */
export function sqlitePathFor(file: string): string {
  return file.endsWith('.json') ? `${file.slice(0, -'.json'.length)}.sqlite` : file
}

/** `.mock-data/state.json` for `.mock-data/state.sqlite`: where a state from before SQLite was kept. */
export function legacyJsonFor(file: string): string {
  return `${file.replace(/\.sqlite$/, '')}.json`
}

/**
 * Opens the store at `file` and returns it with the state to start from: what it holds, checked
 * (a state that fails the check is a StateFileError: the server does not start, nothing is changed);
 * else, once, the JSON state file of earlier versions beside it, imported and then renamed to
 * `*.imported-<date>` (never deleted); else null (a fresh seed).
 */
export function openStateStore(
  stateFile: string,
  log: (line: string) => void = () => {},
): { store: SqliteStore; stored: unknown | null } {
  const file = sqlitePathFor(stateFile)
  const legacy = legacyJsonFor(file)
  const hadDatabase = fs.existsSync(file)
  // The JSON is checked before anything is created, so a bad one leaves the directory as it was.
  let imported: Db | null = null
  if (!hadDatabase || !hasState(file)) {
    for (const name of removeLeftoverTemps(legacy)) log(`removed ${name}, left by a save that did not finish`)
    const json = loadState(legacy)
    if (json !== null) {
      const read = readState(json)
      if (!read.ok) throw new StateFileError(legacy, `is not a usable state: ${read.problem}`)
      imported = read.db
    }
  }
  const store = new SqliteStore(file)
  try {
    if (imported !== null) {
      store.write(wholeState(imported))
      const kept = `${legacy}.imported-${new Date().toISOString().replace(/[:.]/g, '-')}`
      fs.renameSync(legacy, kept)
      log(`imported ${path.basename(legacy)} into ${path.basename(file)}; the JSON is kept as ${path.basename(kept)}`)
    } else if (fs.existsSync(legacy)) {
      log(`${path.basename(legacy)} left as it is: ${path.basename(file)} already holds the state`)
    }
    const stored = store.load()
    if (stored !== null) {
      const read = readState(stored)
      if (!read.ok) throw new StateFileError(file, `is not a usable state: ${read.problem}`)
    }
    return { store, stored }
  } catch (error) {
    store.close()
    throw error
  }
}

/** Whether the database at `file` holds a state (its meta row), without creating anything. */
function hasState(file: string): boolean {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined
      ? db.prepare('SELECT 1 FROM meta WHERE key = ?').get(META_KEY) !== undefined
      : false
  } catch {
    // Not a database we can read: opening it for real reports why.
    return true
  } finally {
    db?.close()
  }
}
