/**
 * The in-app backend's store: state kept record by record under keys of at most 256 KB, each write
 * all or nothing (a killed app or a full storage leaves the last complete revision), the one-time
 * migration from the single `mc.mock.state` key, and damage kept, never replaced.
 */
import type { StateChanges } from '../../mock/engine/changes'
import type { Db, MemberRecord } from '../../mock/engine/db'
import { Engine } from '../../mock/engine/engine'
import {
  DamagedStateError,
  LEGACY_KEY,
  META_KEY,
  RecordStore,
  StorageFullError,
  escapeKey,
  metaOf,
  openState,
  sameState,
  startOver,
  utf8Bytes,
} from '@/backend/record-store'
import { fakeStorage, Killed } from '../setup/fake-storage'

const NOW = Date.UTC(2026, 10, 10, 2, 0, 0)
const KB = 1024

function seed(): Db {
  return new Engine(null, { now: () => NOW, randomHex: (n) => 'ab'.repeat(n) }).db as Db
}

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

/** The black persona with a ledger of `n` entries (earns and redemptions over three years). */
function withLongLedger(db: Db, n: number): Db {
  const m = db.members['m-black']
  for (let i = m.ledger.length; i < n; i++)
    m.ledger.push({
      id: `e-long-${i}`,
      at: NOW - (n - i) * 3_600_000,
      type: i % 17 === 0 ? 'redeem' : 'earn',
      points: i % 17 === 0 ? -100 : 30 + (i % 7) * 10,
      note: i % 17 === 0 ? '兑换 拿铁兑换券' : `徐汇滨江店消费 ¥${30 + (i % 7) * 10}`,
    })
  return db
}

/** What a checkout changes: the member (one more ledger entry and checkout), a receipt, the counters. */
function checkout(db: Db, i: number): StateChanges {
  const m = db.members['m-black']
  m.ledger.push({ id: `e-co-${i}`, at: NOW + i, type: 'earn', points: 42, note: '静安寺店消费 ¥42' })
  m.checkouts.push({ id: `c-co-${i}`, at: NOW + i, amountFen: 4200, storeId: 's-jingan' })
  db.nextReceipt++
  const receipt = { id: `R${i}`, at: NOW + i, storeId: 's-jingan', amountFen: 4200, memberId: 'm-black' }
  ;(db.receipts as Record<string, unknown>)[receipt.id] = receipt
  return {
    put: [
      { table: 'members', key: 'm-black', value: m },
      { table: 'receipts', key: receipt.id, value: receipt },
    ],
    drop: [],
    meta: metaOf(db),
  }
}

function fresh(kv: ReturnType<typeof fakeStorage>) {
  return new RecordStore(kv, { now: () => NOW })
}

describe('record by record', () => {
  test('a state written whole reads back the same, odd keys included, and nothing is kept under the old single key', () => {
    const kv = fakeStorage()
    const db = seed()
    // Keys from outside: an inherited name, separators the key layout itself uses, Chinese.
    for (const key of ['__proto__', 'a.b', 'm-black.ledger.0', 'x#0', '~chunks:2', '会员'])
      Object.defineProperty(db.sessions, key, {
        value: { token: key, subject: 's', memberId: null, persona: null, expiresAt: NOW },
        enumerable: true,
        configurable: true,
        writable: true,
      })
    fresh(kv).writeWhole(db)
    const back = fresh(kv).load()
    expect(sameState(db, back)).toBe(true)
    expect(Object.getPrototypeOf((back as Db).sessions)).toBe(Object.prototype)
    expect(Object.keys((back as Db).sessions)).toEqual(expect.arrayContaining(['__proto__', 'a.b', '会员']))
    expect(kv.getItem(LEGACY_KEY)).toBeNull()
    expect(kv.getItem(`mc.mock.r.sessions.${escapeKey('__proto__')}`)).toContain('"token":"__proto__"')
    expect(escapeKey('m-black.ledger.0')).not.toContain('.')
  })

  test('with a 10,000-entry ledger no key holds over 256 KB, and a checkout writes a few small keys', () => {
    const kv = fakeStorage()
    const db = withLongLedger(seed(), 10_000)
    const store = fresh(kv)
    store.writeWhole(db)
    const biggest = Math.max(...[...kv.data].map(([k, v]) => utf8Bytes(k) + utf8Bytes(v)))
    expect(biggest).toBeLessThan(256 * KB)
    expect(kv.used()).toBeGreaterThan(1000 * KB) // the ledger really is there
    expect((fresh(kv).load() as Db).members['m-black'].ledger).toHaveLength(10_000)

    kv.bytesWritten = 0
    const before = kv.snapshot()
    store.write(checkout(db, 1))
    const changed = Object.keys(kv.snapshot()).filter((k) => before[k] !== kv.data.get(k))
    // The member's head, the last ledger and checkout pages, the receipt and its index bucket, the meta, the revision.
    expect(changed.length).toBeLessThanOrEqual(8)
    expect(kv.bytesWritten).toBeLessThan(64 * KB)
    expect(store.lastWriteBytes).toBe(kv.bytesWritten)
    const back = fresh(kv).load() as Db
    expect(back.members['m-black'].ledger).toHaveLength(10_001)
    expect(back.members['m-black'].ledger.at(-1)?.id).toBe('e-co-1')
    expect(sameState(db, back)).toBe(true)
  })

  test('a dropped record and its pages are removed, and its key leaves the index', () => {
    const kv = fakeStorage()
    const db = withLongLedger(seed(), 500)
    const store = fresh(kv)
    store.writeWhole(db)
    expect([...kv.data.keys()].some((k) => k.startsWith('mc.mock.r.members.m-black.ledger.'))).toBe(true)
    store.write({ put: [], drop: [{ table: 'members', key: 'm-black' }], meta: null })
    expect([...kv.data.keys()].filter((k) => k.startsWith('mc.mock.r.members.m-black'))).toEqual([])
    const back = fresh(kv).load() as Db
    expect(Object.keys(back.members)).not.toContain('m-black')
    expect(Object.keys(back.members)).toContain('m-silver')
  })

  test('a value over the key limit is cut into parts and read back whole', () => {
    const kv = fakeStorage()
    const db = seed()
    db.members['m-black'].nickname = '长'.repeat(3000) // 9 KB in one field, over the 4 KB test limit
    const store = new RecordStore(kv, { maxValueBytes: 4 * KB })
    store.writeWhole(db)
    expect(Math.max(...[...kv.data.values()].map(utf8Bytes))).toBeLessThanOrEqual(4 * KB)
    expect(kv.getItem('mc.mock.r.members.m-black')).toMatch(/^~chunks:\d+$/)
    expect((new RecordStore(kv, { maxValueBytes: 4 * KB }).load() as Db).members['m-black'].nickname).toBe(
      '长'.repeat(3000),
    )
  })
})

describe('all or nothing', () => {
  test('an app killed at any point of a write leaves the old revision or the new one, never a mix', () => {
    const base = fakeStorage()
    const db = withLongLedger(seed(), 450)
    fresh(base).writeWhole(db)
    const old = copy(db)
    const next = copy(db)
    const changes = checkout(next, 7)
    // Also drop a session and change a persona: several records in one request.
    changes.drop.push({ table: 'sessions', key: Object.keys(next.sessions)[0] ?? 'none' })
    let outcomes = { old: 0, new: 0 }
    for (let k = 1; ; k++) {
      const kv = fakeStorage()
      for (const [key, value] of base.data) kv.plant(key, value)
      const store = fresh(kv)
      store.load()
      kv.killAfter = k
      let finished = false
      try {
        store.write(changes)
        finished = true
      } catch (e) {
        if (!(e instanceof Killed)) throw e
      }
      const opened = openState(fresh(kv), kv)
      if (opened.kind !== 'state') throw new Error(`after a kill at step ${k}: ${opened.kind}`)
      const isOld = sameState(old, opened.db)
      const isNew = sameState(next, opened.db)
      expect({ k, oldOrNew: isOld || isNew }).toEqual({ k, oldOrNew: true })
      outcomes = { old: outcomes.old + (isOld ? 1 : 0), new: outcomes.new + (isNew ? 1 : 0) }
      // The journal is gone once the next start has dealt with it.
      expect(kv.getItem('mc.mock.undo')).toBeNull()
      if (finished) break
    }
    expect(outcomes.old).toBeGreaterThan(3)
    expect(outcomes.new).toBeGreaterThan(0)
  })

  test('storage full: the write throws, storage is exactly as before, and the next write that fits goes through', () => {
    const kv = fakeStorage()
    const db = withLongLedger(seed(), 300)
    const store = fresh(kv)
    store.writeWhole(db)
    // Room for a small change and its undo journal, not for a 200 KB message.
    kv.quota = kv.used() + 80 * KB
    const before = kv.snapshot()
    const big = copy(db)
    big.members['m-black'].messages.push({ id: 'x', at: NOW, title: '大', body: '很长的消息'.repeat(14_000) })
    expect(() =>
      store.write({ put: [{ table: 'members', key: 'm-black', value: big.members['m-black'] }], drop: [], meta: null }),
    ).toThrow(StorageFullError)
    expect(kv.snapshot()).toEqual(before)
    expect(sameState(db, fresh(kv).load())).toBe(true)

    const small = copy(db)
    small.members['m-black'].nickname = '薇薇安'
    store.write({ put: [{ table: 'members', key: 'm-black', value: small.members['m-black'] }], drop: [], meta: null })
    expect((fresh(kv).load() as Db).members['m-black'].nickname).toBe('薇薇安')
  })
})

describe('migration from the single key', () => {
  test('a member stored under mc.mock.state moves record by record; the old key goes only once the new keys read back the same', () => {
    const kv = fakeStorage()
    const db = withLongLedger(seed(), 2_000)
    kv.plant(LEGACY_KEY, JSON.stringify(db))
    const opened = openState(fresh(kv), kv)
    expect(opened).toMatchObject({ kind: 'state', migrated: true })
    expect(kv.getItem(LEGACY_KEY)).toBeNull()
    expect(kv.getItem(META_KEY)).not.toBeNull()
    const again = openState(fresh(kv), kv)
    expect(again).toMatchObject({ kind: 'state', migrated: false })
    expect(sameState(db, again.kind === 'state' ? again.db : null)).toBe(true)
  })

  test('killed during the migration, the old key is still there and the next start migrates again', () => {
    const db = withLongLedger(seed(), 600)
    let kills = 0
    for (let k = 1; ; k += 4) {
      const kv = fakeStorage()
      kv.plant(LEGACY_KEY, JSON.stringify(db))
      kv.killAfter = k
      try {
        openState(fresh(kv), kv)
        break // got through: every earlier step has been tried
      } catch (e) {
        if (!(e instanceof Killed)) throw e
        kills++
      }
      expect(kv.getItem(LEGACY_KEY)).toBe(JSON.stringify(db))
      const opened = openState(fresh(kv), kv)
      expect(opened.kind).toBe('state')
      expect(sameState(db, opened.kind === 'state' ? opened.db : null)).toBe(true)
      expect(kv.getItem(LEGACY_KEY)).toBeNull()
    }
    expect(kills).toBeGreaterThan(5)
  })

  test('no room for the new keys: nothing is written and the old key is kept', () => {
    const db = seed()
    const kv = fakeStorage()
    kv.plant(LEGACY_KEY, JSON.stringify(db))
    kv.quota = kv.used() + 10 * KB
    const before = kv.snapshot()
    expect(openState(fresh(kv), kv)).toMatchObject({ kind: 'full' })
    expect(kv.snapshot()).toEqual(before)
  })

  test('a damaged old key is reported and left alone', () => {
    const kv = fakeStorage()
    kv.plant(LEGACY_KEY, '{"version":1,"members":null')
    expect(openState(fresh(kv), kv)).toEqual({ kind: 'damaged', problem: 'mc.mock.state is not JSON' })
    kv.plant(LEGACY_KEY, JSON.stringify({ ...seed(), members: [] }))
    expect(openState(fresh(kv), kv)).toEqual({
      kind: 'damaged',
      problem: 'mc.mock.state: members is not an object',
    })
    expect(kv.data.size).toBe(1)
  })
})

describe('damage', () => {
  test('a missing ledger page is damage: reported, nothing changed; starting over keeps it aside and writes a fresh state', () => {
    const kv = fakeStorage()
    const db = withLongLedger(seed(), 500)
    fresh(kv).writeWhole(db)
    kv.plant('mc.mock.r.members.m-black.ledger.2', null)
    const before = kv.snapshot()
    expect(() => fresh(kv).load()).toThrow(DamagedStateError)
    expect(openState(fresh(kv), kv)).toEqual({
      kind: 'damaged',
      problem: 'mc.mock.r.members.m-black ledger page 2 is missing',
    })
    expect(kv.snapshot()).toEqual(before)

    const { keptAs } = startOver(kv, seed(), () => NOW)
    expect(keptAs).toBe('mc.mock.damaged.2026-11-10T02:00:00.000Z')
    const kept = JSON.parse(kv.getItem(keptAs)!.startsWith('~chunks:') ? '' : kv.getItem(keptAs)!) as Record<
      string,
      string
    >
    expect(kept['mc.mock.r.members.m-black.ledger.1']).toContain('e-long-')
    const opened = openState(fresh(kv), kv)
    expect(opened.kind).toBe('state')
    const black = opened.kind === 'state' ? (opened.db.members['m-black'] as MemberRecord) : null
    expect(black?.ledger.length).toBeLessThan(500)
    expect(kv.getItem('mc.mock.r.members.m-black.ledger.3')).toBeNull()
  })

  test('a member whose record is not a member is damage (the shape check runs on what was read)', () => {
    const kv = fakeStorage()
    fresh(kv).writeWhole(seed())
    kv.plant('mc.mock.r.members.m-silver', '{"id":"m-silver"}')
    expect(openState(fresh(kv), kv)).toEqual({
      kind: 'damaged',
      problem: 'members["m-silver"]: cardId is not a string',
    })
  })
})
