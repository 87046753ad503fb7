/**
 * The in-process transport: hands requests to a backend function in the same JS runtime (the
 * mock engine). It behaves like a network: the body goes through JSON both ways, there is a short
 * latency, and when the device is offline the request fails as it would over the air.
 */
import { NetworkError } from '../errors'
import type { Transport, TransportRequest, TransportResponse } from '../transport'

export interface LocalTransportOptions {
  handle: (request: TransportRequest) => Promise<TransportResponse> | TransportResponse
  isOnline?: () => boolean
  /** Simulated round trip. @default 0 */
  latencyMs?: number
  /**
   * Called as each request is sent (online), before the simulated round trip: a backend whose code
   * loads on first use starts loading it while the request is on the wire.
   */
  prepare?: () => void
}

export function createLocalTransport({
  handle,
  isOnline = () => true,
  latencyMs = 0,
  prepare,
}: LocalTransportOptions): Transport {
  return async (request) => {
    if (prepare && isOnline()) prepare()
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs))
    if (!isOnline()) throw new NetworkError('offline')
    const wire: TransportRequest = {
      ...request,
      body: request.body === undefined ? undefined : JSON.parse(JSON.stringify(request.body)),
    }
    const res = await handle(wire)
    return { ...res, body: res.body === undefined ? undefined : JSON.parse(JSON.stringify(res.body)) }
  }
}
