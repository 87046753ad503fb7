/**
 * The composition root for the backend: the one module that knows the API mode. `local` (the
 * default) runs the mock backend in-process; `http` sends requests with Taro.request to
 * TARO_APP_API_BASE. Only the transport differs between the two.
 */
import type { Transport } from '@/api/transport'
import { createTaroRequestTransport } from '@/api/transports/taro-request'

export const apiMode: 'local' | 'http' = process.env.TARO_APP_API_MODE === 'http' ? 'http' : 'local'

export function createTransport(): Transport {
  // The condition is written out (not `apiMode`) so webpack folds it at build time and an http
  // build does not carry the mock engine at all.
  return process.env.TARO_APP_API_MODE === 'http'
    ? createTaroRequestTransport(process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3100')
    : // eslint-disable-next-line @typescript-eslint/no-require-imports -- stays synchronous; http builds drop it
      (require('./in-process') as typeof import('./in-process')).createInProcessTransport()
}
