/**
 * The mock backend running inside the app, its state kept in Taro storage record by record
 * (./record-store.ts; docs/ARCHITECTURE.md, "Storage in local mode"). Several H5 tabs share that
 * storage: the revision stamp tells each one when another has written, and it reloads first, so no
 * tab overwrites another's members with an old copy.
 */
import { createLocalTransport } from '@/api/transports/local'
import type { Transport, TransportRequest, TransportResponse } from '@/api/transport'
import { isOnline } from '@/adapters/network'
import { storage } from '@/adapters/storage'
import type { StateChanges } from '../../mock/engine/changes'
import type { Engine } from '../../mock/engine/engine'
import { ApiFailure } from '../../mock/engine/failure'
import type { Backend } from '../../mock/router'
import { LEGACY_KEY, openState, RecordStore, REV_KEY, startOver, StorageFullError } from './record-store'

/** The single key the whole state was kept under before it was kept record by record (migrated at start). */
export const MOCK_STATE_KEY = LEGACY_KEY
export const MOCK_REV_KEY = REV_KEY

/** What a member reads when the phone has no room for a change: nothing of it was kept. */
export const STORAGE_FULL_MESSAGE = '手机存储空间不足，这次操作没有完成，请清理微信存储后重试'
/** What a member reads when the backend's data on this phone cannot be read: it is kept, and staff can start over. */
export const DAMAGED_MESSAGE =
  '本机保存的会员数据已损坏，无法读取。数据已原样保留，没有被覆盖。请联系门店工作人员：在「我的 → 演示时间」填写员工密钥后选择「回到现在」，重新开始演示数据'

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

function refusal(status: number, code: string, message: string): TransportResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: { error: { code, message } },
  }
}

const log = (message: string) => console.warn(`[mock] ${message}`)

/** A failed save reaches the member through the router as this refusal (nothing was kept). */
function storageFull(error: unknown): ApiFailure {
  log(`could not save state: ${(error as Error)?.message}`)
  return new ApiFailure(507, 'storage_full', STORAGE_FULL_MESSAGE)
}

export function createInProcessTransport(): Transport {
  let revision: string | null = null
  let backend: Backend | null = null
  const modules = loadMock()

  /** The router over `engine`, saving each request's changes through `save` (which throws when they could not be kept). */
  function serve({ createBackend }: MockModules, engine: Engine, save: (changes: StateChanges) => void): Backend {
    // In demo mode with the demo staff key (the defaults): the app sends the key only once staff typed it in.
    return createBackend(engine, {
      persist: (changes) => {
        try {
          save(changes)
        } catch (error) {
          if (error instanceof StorageFullError) throw storageFull(error)
          throw error
        }
      },
      log,
    })
  }

  function load(mock: MockModules): Backend {
    const store = new RecordStore(storage)
    const opened = openState(store, storage)
    revision = storage.getItem(REV_KEY)
    // The engine hands over what each request changed, record by record: only those records are written.
    const save = (changes: StateChanges) => {
      store.write(changes)
      revision = store.revision
    }
    switch (opened.kind) {
      case 'state':
        // An upgraded state goes to the engine as it was stored, so the engine writes it whole at the first request.
        return serve(mock, new mock.Engine(opened.upgraded ? opened.stored : opened.db), save)
      case 'empty':
        // Nothing stored yet (a first start): a fresh seed, written whole with the first request.
        return serve(mock, new mock.Engine(null), save)
      case 'full':
        // The old single key could not be moved for lack of room: it is kept, and the next request tries again.
        storageFull(new Error(opened.problem))
        return {
          dispatch: () => {
            backend = null
            return refusal(507, 'storage_full', STORAGE_FULL_MESSAGE)
          },
        }
      case 'damaged':
        log(`stored state is damaged, kept as it is: ${opened.problem}`)
        return damaged(mock)
    }
  }

  /**
   * Never a silent reseed: while the stored state cannot be read, every request is refused with the
   * reason, and nothing is written. Staff start over with the demo clock's 「回到现在」 (which needs
   * the staff key): the damaged keys are then copied under `mc.mock.damaged.<time>` and a fresh state
   * takes their place. The persona list (no state in it) stays, so 我的 still offers the demo kit.
   */
  function damaged(mock: MockModules): Backend {
    return {
      dispatch(req: TransportRequest) {
        const path = req.path.split('?')[0]
        const startingOver = req.method === 'POST' && path === '/demo/clock'
        if (!(startingOver || (req.method === 'GET' && path === '/demo/personas')))
          return refusal(503, 'local_data_damaged', DAMAGED_MESSAGE)
        const engine = new mock.Engine(null)
        engine.takeChanges() // the seed alone is not saved: only a request staff were allowed to make is
        let store: RecordStore | null = null
        const fresh = serve(mock, engine, (changes) => {
          if (store) store.write(changes)
          else store = startOver(storage, engine.db).store
          revision = store.revision
        })
        const res = fresh.dispatch(req)
        // Back to now on a fresh state changes nothing in it, so nothing was saved yet: start over here.
        if (!store && startingOver && res.status === 200) {
          try {
            store = startOver(storage, engine.db).store
            revision = store.revision
          } catch (error) {
            if (!(error instanceof StorageFullError)) throw error
            const full = storageFull(error)
            return refusal(full.status, full.code, full.userMessage)
          }
        }
        if (store) backend = fresh
        return res
      },
    }
  }

  return createLocalTransport({
    // Requests wait on the same promise, so they reach the backend in the order they were sent.
    handle: async (req) => {
      const mock = await modules
      if (!backend || storage.getItem(REV_KEY) !== revision) backend = load(mock)
      return backend.dispatch(req)
    },
    isOnline,
    latencyMs: 120,
  })
}
