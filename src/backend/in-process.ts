/**
 * The mock backend running inside the app, its state kept in Taro storage. Several H5 tabs share
 * that storage: a revision stamp tells each one when another has written, and it reloads first,
 * so no tab overwrites another's members with an old copy.
 */
import { createLocalTransport } from '@/api/transports/local'
import type { Transport } from '@/api/transport'
import { isOnline } from '@/adapters/network'
import { readJson, storage } from '@/adapters/storage'
import type { Backend } from '../../mock/router'

export const MOCK_STATE_KEY = 'mc.mock.state'
const MOCK_REV_KEY = 'mc.mock.rev'

interface MockModules {
  Engine: typeof import('../../mock/engine/engine').Engine
  createBackend: typeof import('../../mock/router').createBackend
}

/**
 * The engine and router. H5: an async chunk, fetched when the transport is made, so the first
 * screen (a returning member's code, drawn before any request) does not wait to parse them.
 * WeChat: in the package (a mini-program has no async chunks here).
 */
function loadMock(): Promise<MockModules> {
  // One expression, so webpack folds it and drops the other platform's branch: a `require` left
  // after an early return put the whole engine (and valibot's router use) into H5's first chunk.
  return process.env.TARO_ENV === 'h5'
    ? Promise.all([import('../../mock/engine/engine'), import('../../mock/router')]).then(([e, r]) => ({
        Engine: e.Engine,
        createBackend: r.createBackend,
      }))
    : /* eslint-disable @typescript-eslint/no-require-imports -- synchronous in WeChat, see above */
      Promise.resolve({
        Engine: (require('../../mock/engine/engine') as typeof import('../../mock/engine/engine')).Engine,
        createBackend: (require('../../mock/router') as typeof import('../../mock/router')).createBackend,
      })
  /* eslint-enable @typescript-eslint/no-require-imports */
}

export function createInProcessTransport(): Transport {
  let revision: string | null = null
  let backend: Backend | null = null
  const modules = loadMock()

  function load({ Engine, createBackend }: MockModules): Backend {
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
    // Requests wait on the same promise, so they reach the backend in the order they were sent.
    handle: async (req) => {
      const mock = await modules
      if (!backend || storage.getItem(MOCK_REV_KEY) !== revision) backend = load(mock)
      return backend.dispatch(req)
    },
    isOnline,
    latencyMs: 120,
  })
}
