/** @jest-environment node */
/**
 * mock:server's SQLite store: what it is given to write it loads back as the same state, a write is
 * all or nothing, and a backup taken while it is open is a whole copy.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { StateChanges } from '../../mock/engine/changes'
import { Engine } from '../../mock/engine/engine'
import { isDb } from '../../mock/engine/state'
import { SqliteStore } from '../../mock/server/sqlite-store'

const T0 = Date.UTC(2026, 10, 28, 2, 0, 5)
let dir: string
const open: SqliteStore[] = []
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-store-'))
})
afterEach(() => {
  for (const s of open.splice(0)) s.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function store(name = 'state.sqlite'): SqliteStore {
  const s = new SqliteStore(path.join(dir, name))
  open.push(s)
  return s
}

test('an empty database holds no state', () => {
  expect(store().load()).toBeNull()
})

test('a fresh seed and the changes after it load back as the engine has them', () => {
  const s = store()
  const engine = new Engine(null, { now: () => T0 })
  s.write(engine.takeChanges()!)
  const token = engine.personaLogin('silver').token
  engine.updateProfile('m-silver', { nickname: '存进去' })
  engine.logout(token)
  engine.login('x', 'device-0002')
  s.write(engine.takeChanges()!)
  const loaded = s.load()
  expect(isDb(loaded)).toBe(true)
  expect(loaded).toEqual(JSON.parse(JSON.stringify(engine.db)))
  // A name a plain object would inherit is a key like any other.
  s.write({ put: [{ table: 'bySubject', key: '__proto__', value: 'm-x' }], drop: [], meta: null })
  const again = s.load() as { bySubject: Record<string, string> }
  expect(Object.prototype.hasOwnProperty.call(again.bySubject, '__proto__')).toBe(true)
  expect(Object.getPrototypeOf(again.bySubject)).toBe(Object.prototype)
})

test('a write that throws midway leaves the rows as they were', () => {
  const s = store()
  const engine = new Engine(null, { now: () => T0 })
  s.write(engine.takeChanges()!)
  const before = JSON.stringify(s.load())
  const circular: Record<string, unknown> = {}
  circular.self = circular
  const changes: StateChanges = {
    put: [
      { table: 'members', key: 'm-silver', value: { ...engine.db.members['m-silver'], nickname: '写了一半' } },
      { table: 'members', key: 'm-new', value: circular },
    ],
    drop: [{ table: 'members', key: 'm-black' }],
    meta: null,
  }
  expect(() => s.write(changes)).toThrow()
  expect(JSON.stringify(s.load())).toBe(before)
  // The same file opened again agrees.
  expect(JSON.stringify(store().load())).toBe(before)
})

test('a backup taken while the store is open holds the whole state', async () => {
  const s = store()
  const engine = new Engine(null, { now: () => T0 })
  s.write(engine.takeChanges()!)
  await s.backup(path.join(dir, 'copy.sqlite'))
  expect(store('copy.sqlite').load()).toEqual(s.load())
})
