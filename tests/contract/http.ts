/**
 * The conformance suite's view of a backend: plain fetch against a base URL, each answer checked
 * against the contract (a 200 against the endpoint's response schema, anything else against the
 * error body with a Chinese message), the server-time header on every answer.
 */
import { randomUUID } from 'node:crypto'
import * as v from 'valibot'
import {
  contract,
  ErrorBodySchema,
  IDEMPOTENCY_HEADER,
  SERVER_TIME_HEADER,
  STAFF_KEY_HEADER,
  TILL_KEY_HEADER,
  type EndpointName,
  type ErrorBody,
  type RequestOf,
  type ResponseOf,
} from '../../src/api/contract'

export class Failure extends Error {
  override readonly name = 'Failure'
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Failure(message)
}

export function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  check(a === e, `${what}: expected ${e}, got ${a}`)
}

const CHINESE = /[\u4e00-\u9fa5]/
const REQUEST_TIMEOUT_MS = 10_000

export interface Answer {
  status: number
  body: unknown
  /** Server clock from the x-server-time header (ms). */
  serverTime: number
  /** The Idempotency-Key sent, if any. */
  key: string | null
  what: string
}

export interface CallOptions {
  token?: string
  tillKey?: string
  staffKey?: string
  /** Idempotent endpoints get a fresh key unless one is given; `null` sends none. */
  key?: string | null
  /** Sent as is, instead of the JSON body (a malformed request). */
  rawBody?: string
  /** A GET's query in its wire form (numbers as digits), instead of `input`. */
  query?: Record<string, string>
}

export class Backend {
  constructor(readonly base: string) {}

  /** One request to a path of the backend's (for routes outside the contract). */
  async raw(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> {
    const url = this.base.replace(/\/+$/, '') + path
    let response: Response
    try {
      response = await fetch(url, {
        method,
        headers: init.headers,
        body: init.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
    } catch (error) {
      throw new Failure(`${method} ${path}: no answer (${(error as Error).message})`)
    }
    const text = await response.text()
    let body: unknown = null
    try {
      body = text ? (JSON.parse(text) as unknown) : null
    } catch {
      throw new Failure(
        `${method} ${path}: answered ${response.status} with a body that is not JSON: ${text.slice(0, 80)}`,
      )
    }
    const header = response.headers.get(SERVER_TIME_HEADER) ?? ''
    check(
      /^\d+$/.test(header),
      `${method} ${path}: the ${SERVER_TIME_HEADER} header is missing or not digits (${JSON.stringify(header)})`,
    )
    return {
      status: response.status,
      body,
      serverTime: Number(header),
      key: init.headers?.[IDEMPOTENCY_HEADER] ?? null,
      what: `${method} ${path}`,
    }
  }

  /** A contract endpoint: the query for a GET, the JSON body for a POST, auth and Idempotency-Key headers as asked. */
  async call<K extends EndpointName>(
    name: K,
    input: RequestOf<K> | undefined,
    options: CallOptions = {},
  ): Promise<Answer> {
    const endpoint = contract[name]
    const headers: Record<string, string> = {}
    if (options.token) headers.authorization = `Bearer ${options.token}`
    if (options.tillKey !== undefined) headers[TILL_KEY_HEADER] = options.tillKey
    if (options.staffKey !== undefined) headers[STAFF_KEY_HEADER] = options.staffKey
    const idempotent = 'idempotent' in endpoint && endpoint.idempotent
    const key = options.key === undefined ? (idempotent ? randomUUID() : null) : options.key
    if (key !== null) headers[IDEMPOTENCY_HEADER] = key
    let path: string = endpoint.path
    let body: string | undefined
    if (endpoint.method === 'GET') {
      const query = Object.entries((options.query ?? input ?? {}) as Record<string, string | number | undefined>)
        .filter(([, value]) => value !== undefined)
        .map(([k, value]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(value))}`)
      if (query.length) path += `?${query.join('&')}`
    } else {
      headers['content-type'] = 'application/json'
      body = options.rawBody ?? JSON.stringify(input ?? {})
    }
    return this.raw(endpoint.method, path, { headers, body })
  }
}

/** A 200 whose body the contract's response schema accepts; anything else fails the flow with what came back. */
export function ok<K extends EndpointName>(name: K, answer: Answer): ResponseOf<K> {
  if (answer.status !== 200) {
    const error = v.safeParse(ErrorBodySchema, answer.body)
    const said = error.success
      ? `${error.output.error.code}: ${error.output.error.message}`
      : JSON.stringify(answer.body)?.slice(0, 200)
    throw new Failure(`${answer.what}: expected 200, got ${answer.status} (${said})`)
  }
  const parsed = v.safeParse(contract[name].response as v.GenericSchema, answer.body)
  if (!parsed.success) {
    const issue = parsed.issues[0]
    throw new Failure(
      `${answer.what}: the answer does not match the contract at ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`,
    )
  }
  return parsed.output as ResponseOf<K>
}

/** A refusal with the contract's error body and a Chinese message, with this status (one of these) and code. */
export function refused(answer: Answer, status: number | number[], code?: string): ErrorBody {
  const statuses = Array.isArray(status) ? status : [status]
  const parsed = v.safeParse(ErrorBodySchema, answer.body)
  check(
    parsed.success,
    `${answer.what}: a ${answer.status} without the error body { error: { code, message } }: ${JSON.stringify(answer.body)?.slice(0, 200)}`,
  )
  const { error } = parsed.output
  check(
    statuses.includes(answer.status),
    `${answer.what}: expected ${statuses.join(' or ')}${code ? ` ${code}` : ''}, got ${answer.status} ${error.code}: ${error.message}`,
  )
  if (code) same(error.code, code, `${answer.what}: error code`)
  check(
    CHINESE.test(error.message),
    `${answer.what}: the error message is not Chinese copy: ${JSON.stringify(error.message)}`,
  )
  return parsed.output
}
