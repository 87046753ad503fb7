/** The mock backend running inside the app, its state kept in Taro storage. */
import { createLocalTransport } from '@/api/transports/local'
import type { Transport } from '@/api/transport'
import { isOnline } from '@/adapters/network'
import { readJson, storage } from '@/adapters/storage'
import { Engine } from '../../mock/engine/engine'
import { createBackend } from '../../mock/router'

export const MOCK_STATE_KEY = 'mc.mock.state'

export function createInProcessTransport(): Transport {
  // A missing or corrupt stored state is replaced by a fresh seed (Engine checks its shape).
  const engine = new Engine(readJson(MOCK_STATE_KEY))
  const backend = createBackend(engine, {
    persist: (db) => storage.setItem(MOCK_STATE_KEY, JSON.stringify(db)),
    log: (message) => console.warn(`[mock] ${message}`),
  })
  return createLocalTransport({ handle: (req) => backend.dispatch(req), isOnline, latencyMs: 120 })
}
