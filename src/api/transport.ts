/** What a transport moves: the client builds these, a transport (Taro.request or in-process) carries them. */
export interface TransportRequest {
  method: 'GET' | 'POST'
  path: string
  /** Lower-case header names. */
  headers: Record<string, string>
  /** JSON-serialisable body, absent for GET. */
  body?: unknown
  timeoutMs: number
}

export interface TransportResponse {
  status: number
  /** Lower-case header names. */
  headers: Record<string, string>
  /** Parsed JSON when the body was JSON; the raw text otherwise. */
  body: unknown
}

/** Rejects with NetworkError or TimeoutError when no answer arrives; any answer (even 500) resolves. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>

export function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(headers ?? {})) out[k.toLowerCase()] = String(val)
  return out
}
