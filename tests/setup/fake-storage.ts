/**
 * A phone's key-value storage for tests of the in-app backend's store: a Map, a quota in UTF-8
 * bytes (keys and values, as WeChat counts its 10 MB), and a switch that kills the app after a
 * number of writes (a torn write).
 */
import { utf8Bytes, type KeyValue } from '@/backend/record-store'

/** Thrown by a killed storage: the app stopped here; the test reopens the same storage. */
export class Killed extends Error {}

export interface FakeStorage extends KeyValue {
  /** What is stored (read it; change it with `plant`). */
  readonly data: ReadonlyMap<string, string>
  /** Total bytes held (keys and values). */
  used(): number
  /** Refuse writes that would take the total over this many bytes. */
  quota: number
  /** Throw Killed on the n-th set or remove from now (1 = the next one); null: never. */
  killAfter: number | null
  /** Bytes written by set since the counter was last reset. */
  bytesWritten: number
  /** A copy of what is stored. */
  snapshot(): Record<string, string>
  /** Put a value in place (or remove it: null) as another app version or damage would: no quota, no kill. */
  plant(key: string, value: string | null): void
}

export function fakeStorage(quota = Infinity): FakeStorage {
  const data = new Map<string, string>()
  const size = (k: string, v: string) => utf8Bytes(k) + utf8Bytes(v)
  const step = () => {
    if (s.killAfter === null) return
    if (--s.killAfter <= 0) {
      s.killAfter = null
      throw new Killed('the app was killed')
    }
  }
  let total = 0
  const s: FakeStorage = {
    data,
    quota,
    killAfter: null,
    bytesWritten: 0,
    used: () => total,
    getItem: (key) => data.get(key) ?? null,
    trySetItem(key, value) {
      step()
      const before = data.get(key)
      const after = total - (before === undefined ? 0 : size(key, before)) + size(key, value)
      if (after > s.quota) return false
      data.set(key, value)
      total = after
      s.bytesWritten += size(key, value)
      return true
    },
    removeItem(key) {
      step()
      const before = data.get(key)
      if (before !== undefined) total -= size(key, before)
      data.delete(key)
    },
    snapshot: () => Object.fromEntries(data),
    plant(key, value) {
      const before = data.get(key)
      if (before !== undefined) total -= size(key, before)
      if (value === null) data.delete(key)
      else {
        data.set(key, value)
        total += size(key, value)
      }
    },
  }
  return s
}
