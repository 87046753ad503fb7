/**
 * The typed client, generated from the contract table: one function per endpoint.
 * One place for auth (Bearer token, one silent re-login on 401), the server's clock offset,
 * idempotency keys, retries, and validation of every response at the edge.
 */
import * as v from 'valibot'
import {
  contract,
  ErrorBodySchema,
  IDEMPOTENCY_HEADER,
  SERVER_TIME_HEADER,
  STAFF_KEY_HEADER,
  TILL_KEY_HEADER,
  type Contract,
  type Endpoint,
  type EndpointName,
  type RequestOf,
  type ResponseOf,
} from './contract'
import { HttpError, NetworkError, TimeoutError, UnauthorizedError, ValidationError } from './errors'
import type { Transport, TransportResponse } from './transport'

export interface CallOptions {
  /** Reuse a key to make a retried action (a second tap, a resend) the same action. */
  idempotencyKey?: string
}

export interface ClientOptions {
  transport: Transport
  /** The current session token, or null. */
  getToken: () => string | null
  /** The till key for `auth: 'till'` endpoints (the staff till page), or null. */
  getTillKey?: () => string | null
  /** The staff key for `auth: 'staff'` endpoints and a request's staff-only part (a persona rebuild), or null. */
  getStaffKey?: () => string | null
  /** Get a fresh session after a 401; resolves to the new token. Called at most once per call. */
  relogin: () => Promise<string>
  /** Told the server-minus-local clock offset after every response that carries the server time. */
  onClockOffset?: (offsetMs: number) => void
  /** The offset known before the first response (saved from an earlier run). @default 0 */
  initialOffsetMs?: number
  /** Attempts for GETs (and keyed mutations) on network errors. @default 3 */
  attempts?: number
  /** First backoff delay; doubles each retry. @default 300 */
  backoffMs?: number
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  newKey?: () => string
}

export type ApiFunctions = {
  [K in EndpointName]: RequestOf<K> extends void
    ? (input?: undefined, options?: CallOptions) => Promise<ResponseOf<K>>
    : (input: RequestOf<K>, options?: CallOptions) => Promise<ResponseOf<K>>
}

export type ApiClient = ApiFunctions & {
  /** Server time now, from the last offset seen. */
  serverNow: () => number
}

export function randomKey(): string {
  let s = ''
  for (let i = 0; i < 4; i++)
    s += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`
}

/** { since: '12' } → '?since=12' (no URLSearchParams in the mini-program). */
function toQuery(input: Record<string, unknown>): string {
  const parts = Object.entries(input)
    .filter(([, val]) => val !== undefined && val !== null)
    .map(([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(val))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`)
}

export function createClient(options: ClientOptions): ApiClient {
  const attempts = options.attempts ?? 3
  const backoffMs = options.backoffMs ?? 300
  const timeoutMs = options.timeoutMs ?? 10_000
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const now = options.now ?? Date.now
  const newKey = options.newKey ?? randomKey
  let offsetMs = options.initialOffsetMs ?? 0

  async function send(
    endpoint: Endpoint,
    path: string,
    body: unknown,
    key: string | undefined,
    token: string | null,
    staff: boolean,
  ): Promise<TransportResponse> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    const tillKey = endpoint.auth === 'till' ? options.getTillKey?.() : null
    if (tillKey) headers[TILL_KEY_HEADER] = tillKey
    // The staff key goes only where staff powers are asked for, never with a member's everyday calls.
    const staffKey = staff ? options.getStaffKey?.() : null
    if (staffKey) headers[STAFF_KEY_HEADER] = staffKey
    if (key) headers[IDEMPOTENCY_HEADER] = key
    // GETs are safe to repeat; a mutation only with its idempotency key.
    const tries = endpoint.method === 'GET' || key ? attempts : 1
    for (let attempt = 1; ; attempt++) {
      const sentAt = now()
      try {
        const res = await options.transport({ method: endpoint.method, path, headers, body, timeoutMs })
        const serverTime = Number(res.headers[SERVER_TIME_HEADER])
        if (Number.isFinite(serverTime) && serverTime > 0) {
          offsetMs = Math.round(serverTime - (sentAt + now()) / 2)
          options.onClockOffset?.(offsetMs)
        }
        return res
      } catch (error) {
        const retriable = error instanceof NetworkError || error instanceof TimeoutError
        if (!retriable || attempt >= tries) throw error
        await sleep(backoffMs * 2 ** (attempt - 1))
      }
    }
  }

  async function call(name: EndpointName, input: unknown, callOptions: CallOptions = {}): Promise<unknown> {
    const endpoint: Endpoint = contract[name]
    const key = endpoint.idempotent ? (callOptions.idempotencyKey ?? newKey()) : undefined
    const body = endpoint.method === 'GET' ? undefined : (input ?? {})
    const path =
      endpoint.method === 'GET' && input ? endpoint.path + toQuery(input as Record<string, unknown>) : endpoint.path
    const staff =
      endpoint.auth === 'staff' ||
      (endpoint.staffFor !== undefined && Boolean((input as Record<string, unknown> | undefined)?.[endpoint.staffFor]))
    let res = await send(endpoint, path, body, key, endpoint.auth === 'member' ? options.getToken() : null, staff)
    if (res.status === 401 && endpoint.auth === 'member') {
      const token = await options.relogin()
      res = await send(endpoint, path, body, key, token, staff)
      if (res.status === 401) throw new UnauthorizedError('unauthorised after re-login')
    }
    if (res.status < 200 || res.status >= 300) {
      const parsed = v.safeParse(ErrorBodySchema, res.body)
      throw parsed.success
        ? new HttpError(res.status, parsed.output.error.code, parsed.output.error.message)
        : new HttpError(res.status, 'unknown', null)
    }
    const parsed = v.safeParse(endpoint.response, res.body)
    if (!parsed.success) throw new ValidationError(name, issuesOf(parsed.issues))
    return parsed.output
  }

  const fns = {} as Record<EndpointName, (input?: unknown, o?: CallOptions) => Promise<unknown>>
  for (const name of Object.keys(contract) as EndpointName[]) {
    fns[name] = (input?: unknown, o?: CallOptions) => call(name, input, o)
  }
  return Object.assign(fns as unknown as ApiFunctions, { serverNow: () => now() + offsetMs })
}

export type { Contract }
