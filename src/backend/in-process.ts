/**
 * The mock backend running inside the app, its state kept in Taro storage. Several H5 tabs share
 * that storage: a revision stamp tells each one when another has written, and it reloads first,
 * so no tab overwrites another's members with an old copy.
 */
import { createLocalTransport } from '@/api/transports/local'
import type { Transport } from '@/api/transport'
import { isOnline } from '@/adapters/network'
import { readJson, storage } from '@/adapters/storage'
import { Engine } from '../../mock/engine/engine'
import { createBackend, type Backend } from '../../mock/router'

export const MOCK_STATE_KEY = 'mc.mock.state'
const MOCK_REV_KEY = 'mc.mock.rev'

export function createInProcessTransport(): Transport {
  let revision: string | null = null
  let backend: Backend | null = null

  function load(): Backend {
    revision = storage.getItem(MOCK_REV_KEY)
    // A missing or damaged stored state is replaced by a fresh seed (Engine checks its shape).
    const engine = new Engine(readJson(MOCK_STATE_KEY))
    // In demo mode with the demo staff key (the defaults): the app sends the key only once staff typed it in.
    return createBackend(engine, {
      persist: (_db, json) => {
        if (!storage.trySetItem(MOCK_STATE_KEY, json)) throw new Error('storage full')
        revision = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
        storage.setItem(MOCK_REV_KEY, revision)
      },
      log: (message) => console.warn(`[mock] ${message}`),
    })
  }

  return createLocalTransport({
    handle: (req) => {
      if (!backend || storage.getItem(MOCK_REV_KEY) !== revision) backend = load()
      return backend.dispatch(req)
    },
    isOnline,
    latencyMs: 120,
  })
}
