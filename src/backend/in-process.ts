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
import type { RecordStore } from './record-store'

/** What a member reads when the phone has no room for a change: nothing of it was kept. */
export const STORAGE_FULL_MESSAGE = '手机存储空间不足，这次操作没有完成，请清理微信存储后重试'
/** What a member reads when the backend's data on this phone cannot be read: it is kept, and staff can start over. */
const DAMAGED_MESSAGE =
  '本机保存的会员数据已损坏，无法读取。数据已原样保留，没有被覆盖。请联系门店工作人员：在「我的 → 演示时间」填写员工密钥后选择「回到现在」，重新开始演示数据'

type MockModules = typeof import('./mock-modules')

/**
 * The engine, router and record store (which reads the state through the engine's migrations, and
 * so carries the seed). H5: an async chunk, fetched at the first request, so the first screen (a
 * returning member's code, drawn before any request) does not wait to download or parse it.
 * WeChat: in the package (a mini-program has no async chunks here).
 */
function loadMock(): Promise<MockModules> {
  // One expression, so webpack folds it and drops the other platform's branch: a `require` left
  // after an early return put the whole engine (and valibot's router use) into H5's first chunk.
  return process.env.TARO_ENV === 'h5'
    ? import('./mock-modules')
    : // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous in WeChat, see above
      Promise.resolve(require('./mock-modules') as MockModules)
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
  // Loaded at the first request, not when the transport is made: a returning member's code is drawn before any.
  let modules: Promise<MockModules> | null = null
  /** The backend's code, loading or loaded; a download that failed (the network dropped) is tried again at the next request. */
  function mockModules(): Promise<MockModules> {
    if (!modules) {
      const loading = loadMock()
      modules = loading
      loading.catch(() => {
        if (modules === loading) modules = null
      })
    }
    return modules
  }

  /** The router over `engine`, saving each request's changes through `save` (which throws when they could not be kept). */
  function serve(
    { createBackend, records }: MockModules,
    engine: Engine,
    save: (changes: StateChanges) => void,
  ): Backend {
    // In demo mode with the demo staff key (the defaults): the app sends the key only once staff typed it in.
    return createBackend(engine, {
      persist: (changes) => {
        try {
          save(changes)
        } catch (error) {
          if (error instanceof records.StorageFullError) throw storageFull(error)
          throw error
        }
      },
      log,
    })
  }

  function load(mock: MockModules): Backend {
    const store = new mock.records.RecordStore(storage)
    const opened = mock.records.openState(store, storage)
    revision = storage.getItem(mock.records.REV_KEY)
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
      case 'full': {
        // The old single key could not be moved for lack of room: it is kept, and the next request tries again.
        const full = storageFull(new Error(opened.problem))
        return {
          dispatch: () => {
            backend = null
            return refusal(full.status, full.code, full.userMessage)
          },
        }
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
          else store = mock.records.startOver(storage, engine.db).store
          revision = store.revision
        })
        const res = fresh.dispatch(req)
        // Back to now on a fresh state changes nothing in it, so nothing was saved yet: start over here.
        if (!store && startingOver && res.status === 200) {
          try {
            store = mock.records.startOver(storage, engine.db).store
            revision = store.revision
          } catch (error) {
            if (!(error instanceof mock.records.StorageFullError)) throw error
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
    // The backend's chunk downloads and parses during the first request's simulated round trip,
    // not after it (a failure is handled in mockModules and reported by `handle`).
    prepare: () => void mockModules(),
    // Requests wait on the same promise, so they reach the backend in the order they were sent.
    handle: async (req) => {
      const mock = await mockModules()
      if (!backend || storage.getItem(mock.records.REV_KEY) !== revision) backend = load(mock)
      return backend.dispatch(req)
    },
    isOnline,
    latencyMs: 120,
  })
}
