/** zustand `persist` storage over Taro storage that survives corrupt or foreign data. */
import type { PersistStorage, StorageValue } from 'zustand/middleware'
import { readJson, storage } from '@/adapters/storage'

export function taroPersistStorage<S>(): PersistStorage<S> {
  return {
    getItem(name) {
      const value = readJson(name)
      if (typeof value !== 'object' || value === null || !('state' in value)) {
        if (value !== null) storage.removeItem(name)
        return null
      }
      return value as StorageValue<S>
    },
    setItem(name, value) {
      storage.setItem(name, JSON.stringify(value))
    },
    removeItem(name) {
      storage.removeItem(name)
    },
  }
}
