/**
 * A tap on the wire between the app and its in-process backend, for page tests: it records every
 * request and can corrupt answers, the way a broken proxy or a half-deployed backend would.
 * Use with `jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())`.
 */
import type { Transport, TransportRequest, TransportResponse } from '@/api/transport'
import type { Db } from '../../mock/engine/db'

export const wire = {
  requests: [] as TransportRequest[],
  /** Return a response to replace the real one (given too), or null to pass it through. */
  tamper: null as null | ((req: TransportRequest, res: TransportResponse) => TransportResponse | null),
  /** Lose the answer on the way back (the backend did the work): return an error to throw instead. */
  loseAnswer: null as null | ((req: TransportRequest) => Error | null),
  /** Hold an answer on its way back (the backend already did the work) until the promise settles. */
  holdAnswer: null as null | ((req: TransportRequest) => Promise<void> | null),
  reset() {
    this.requests = []
    this.tamper = null
    this.loseAnswer = null
    this.holdAnswer = null
  },
}

export function mockBackendModule() {
  const real = jest.requireActual('@/backend') as typeof import('@/backend')
  return {
    ...real,
    createTransport: (): Transport => {
      const inner = real.createTransport()
      return async (req) => {
        wire.requests.push(req)
        const res = await inner(req)
        await wire.holdAnswer?.(req)
        const lost = wire.loseAnswer?.(req)
        if (lost) throw lost
        return wire.tamper?.(req, res) ?? res
      }
    },
  }
}

/** The in-process backend's stored state (what it would have on disk), read back record by record. */
export function storedBackendState(): Db {
  const { RecordStore } = jest.requireActual('@/backend/record-store') as typeof import('@/backend/record-store')
  const { storage } = jest.requireActual('@/adapters/storage') as typeof import('@/adapters/storage')
  const db = new RecordStore(storage).load()
  if (!db) throw new Error('no backend state stored')
  return db as Db
}

/** Puts the in-process backend's state on the phone, record by record, as the app keeps it. */
export function storeBackendState(db: Db): void {
  const { RecordStore } = jest.requireActual('@/backend/record-store') as typeof import('@/backend/record-store')
  const { storage } = jest.requireActual('@/adapters/storage') as typeof import('@/adapters/storage')
  new RecordStore(storage).writeWhole(db)
}

/** A value as the app's Taro storage adapter keeps it in H5's localStorage. */
export const storedValue = (value: unknown): string => JSON.stringify({ data: JSON.stringify(value) })

/** Puts a signed-in persona session on the phone, as the session store persists it. */
export function storeSession(session: { token: string; memberId: string | null }, persona: string): void {
  localStorage.setItem(
    'mc.session',
    storedValue({
      state: { token: session.token, memberId: session.memberId, persona, clockOffsetMs: 0, signedOut: false },
      version: 2,
    }),
  )
}
