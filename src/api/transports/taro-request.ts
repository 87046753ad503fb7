/** The network transport: Taro.request against a base URL (the mock HTTP server, or a real backend). */
import Taro from '@tarojs/taro'
import { NetworkError, TimeoutError } from '../errors'
import { lowerCaseHeaders, type Transport } from '../transport'

export function createTaroRequestTransport(baseUrl: string): Transport {
  const base = baseUrl.replace(/\/+$/, '')
  return (request) =>
    new Promise((resolve, reject) => {
      const task = Taro.request({
        url: base + request.path,
        method: request.method,
        header: request.headers,
        data: request.body,
        timeout: request.timeoutMs,
        dataType: 'json',
        success: (res) => resolve({ status: res.statusCode, headers: lowerCaseHeaders(res.header), body: res.data }),
        fail: (err: { errMsg?: string }) => {
          const msg = err?.errMsg ?? ''
          // H5 aborts a timed-out request ("abort"); the mini-program says "timeout".
          reject(/timeout|abort/i.test(msg) ? new TimeoutError(msg) : new NetworkError(msg || 'request failed'))
        },
      })
      // H5's Taro.request also returns a promise that rejects on failure: `fail` above handles it.
      ;(task as unknown as Promise<unknown>)?.catch?.(() => undefined)
    })
}
