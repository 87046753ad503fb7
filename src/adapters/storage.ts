/**
 * Key-value storage over Taro storage. WeChat's getStorageSync answers '' for a missing key and can
 * throw when storage is full or corrupt: here both become null / a no-op, never an exception.
 */
import Taro from '@tarojs/taro'

export const storage = {
  getItem(key: string): string | null {
    try {
      const value: unknown = Taro.getStorageSync(key)
      if (value === '' || value === undefined || value === null) return null
      return typeof value === 'string' ? value : JSON.stringify(value)
    } catch {
      return null
    }
  },
  setItem(key: string, value: string): void {
    storage.trySetItem(key, value)
  },
  /** False when the value could not be stored (storage full or unavailable). */
  trySetItem(key: string, value: string): boolean {
    try {
      Taro.setStorageSync(key, value)
      return true
    } catch {
      // Storage full or unavailable: the app keeps working from memory.
      return false
    }
  },
  /** Whether anything is stored under `key`, even a value getItem cannot read (a damaged entry). */
  hasItem(key: string): boolean {
    try {
      return Taro.getStorageInfoSync().keys.includes(key)
    } catch {
      return storage.getItem(key) !== null
    }
  },
  removeItem(key: string): void {
    try {
      Taro.removeStorageSync(key)
    } catch {
      // Nothing to remove.
    }
  },
}

/** Parse a stored JSON value; a corrupt one is removed and reported as missing. */
export function readJson(key: string): unknown {
  const raw = storage.getItem(key)
  if (raw === null) return null
  try {
    return JSON.parse(raw)
  } catch {
    storage.removeItem(key)
    return null
  }
}
