/**
 * npm run bench:storage — figures, not tests: the in-app backend's storage (src/backend/record-store.ts)
 * for a member with a 10,000-entry ledger: the biggest key, the keys and bytes in all, and what one
 * checkout at the till writes (the undo journal and revision included), next to the single-key layout
 * it replaced (the whole state rewritten at every change). Bytes are UTF-8, as storage quotas count them.
 */
import { performance as clock } from 'node:perf_hooks'
import { hexToBytes, memberCodeAt } from '../src/domain/member-code'
import { RecordStore, utf8Bytes, type KeyValue } from '../src/backend/record-store'
import { Engine } from '../mock/engine/engine'
import type { Db } from '../mock/engine/db'

const LEDGER_SIZE = 10_000
const CHECKOUTS = 20
const KB = 1024

let now = Date.now()
const engine = new Engine(null, { now: () => now })
const black = (engine.db as Db).members['m-black']
for (let i = black.ledger.length; i < LEDGER_SIZE; i++)
  black.ledger.unshift({
    id: `e-bench-${i}`,
    at: now - 3 * 365 * 86_400_000 + i * 9_000_000,
    type: i % 17 === 0 ? 'redeem' : 'earn',
    points: i % 17 === 0 ? -(100 + (i % 5) * 100) : 30 + (i % 7) * 10,
    note: i % 17 === 0 ? '兑换 拿铁兑换券' : `徐汇滨江店消费 ¥${30 + (i % 7) * 10}`,
  })

const data = new Map<string, string>()
let written = 0
const kv: KeyValue = {
  getItem: (k) => data.get(k) ?? null,
  trySetItem: (k, v) => {
    data.set(k, v)
    written += utf8Bytes(k) + utf8Bytes(v)
    return true
  },
  removeItem: (k) => void data.delete(k),
}
// BENCH_PAGE=<entries> tries another page size.
const store = new RecordStore(kv, { pageEntries: Number(process.env.BENCH_PAGE) || undefined })
store.write(engine.takeChanges()!)
const first = written

const secret = engine.issueCodeSecret('m-black').secret
engine.takeChanges()
const till = engine.db.tills[0]
const perCheckout: { bytes: number; keys: number; ms: number }[] = []
for (let i = 0; i < CHECKOUTS; i++) {
  now += 31_000 // a fresh member code each time
  const code = memberCodeAt(black.cardId, hexToBytes(secret), now)
  engine.tillCheckout(till.id, { code, storeId: till.storeId, amountFen: 4_200 + i * 100 })
  const before = new Map(data)
  const t = clock.now()
  store.write(engine.takeChanges()!)
  const ms = clock.now() - t
  const keys = [...data].filter(([k, v]) => before.get(k) !== v).length
  perCheckout.push({ bytes: store.lastWriteBytes, keys, ms })
}

const sizes = [...data].map(([k, v]) => utf8Bytes(k) + utf8Bytes(v))
const biggest = [...data].reduce((a, [k, v]) => (utf8Bytes(v) > a.bytes ? { key: k, bytes: utf8Bytes(v) } : a), {
  key: '',
  bytes: 0,
})
const total = sizes.reduce((a, b) => a + b, 0)
const wholeState = utf8Bytes(JSON.stringify(engine.db))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`

console.log(
  `in-app storage, m-black with a ${LEDGER_SIZE.toLocaleString('en-US')}-entry ledger after ${CHECKOUTS} checkouts:`,
)
console.log(`  keys in all                    ${data.size}`)
console.log(`  bytes in all                   ${kb(total)}`)
console.log(`  biggest key                    ${kb(biggest.bytes)} (${biggest.key})`)
console.log(`  first write (whole state)      ${kb(first)}`)
console.log(`one checkout at the till (median of ${CHECKOUTS}; max):`)
console.log(
  `  bytes written                  ${kb(median(perCheckout.map((c) => c.bytes)))}; ${kb(Math.max(...perCheckout.map((c) => c.bytes)))}`,
)
console.log(
  `  keys changed                   ${median(perCheckout.map((c) => c.keys))}; ${Math.max(...perCheckout.map((c) => c.keys))}`,
)
console.log(`  store.write time               ${median(perCheckout.map((c) => c.ms)).toFixed(1)} ms`)
console.log(`the single-key layout it replaced: ${kb(wholeState)} under one key, rewritten at every checkout`)
