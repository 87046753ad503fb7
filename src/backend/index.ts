/**
 * The composition root for the backend: the one module that knows the API mode. `local` (the
 * default) runs the mock backend in-process; `http` sends requests with Taro.request to
 * TARO_APP_API_BASE. Only the transport differs between the two.
 */
import type { Transport } from '@/api/transport'
import { createTaroRequestTransport } from '@/api/transports/taro-request'

export const apiMode: 'local' | 'http' = process.env.TARO_APP_API_MODE === 'http' ? 'http' : 'local'

export function createTransport(): Transport {
  if (apiMode === 'http') return createTaroRequestTransport(process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3100')
  // Required lazily so an http build does not carry the mock engine.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { createInProcessTransport } = require('./in-process') as typeof import('./in-process')
  return createInProcessTransport()
}
