/**
 * The mock backend over HTTP: a thin Node `http` shell around `createBackend(...).dispatch`, so the
 * app in `http` mode (WeChat DevTools, an H5 page on another port) talks to the very code that the
 * in-process transport and jest run. This layer only does what a network adds: body limits,
 * JSON parsing, CORS, persistence (a SQLite file, sqlite-store.ts) and an access log without member data.
 */
import * as http from 'node:http'
import { SERVER_TIME_HEADER } from '../../src/api/contract'
import type { TransportRequest } from '../../src/api/transport'
import { Engine } from '../engine/engine'
import { installAllParts } from '../parts'
import { createBackend, errorBody } from '../router'

// The server answers every route: the console's part is installed at start.
installAllParts()
import type { StateStore } from '../engine/changes'
import { openStateStore } from './sqlite-store'

export interface MockServerOptions {
  /** The engine to serve; built from `stateFile` (or a fresh seed) when absent. */
  engine?: Engine
  /** The SQLite file the state lives in between runs (see openStateStore); without it nothing is persisted. */
  stateFile?: string
  /** Another store to write through (tests); `engine` then starts from what it holds. */
  store?: StateStore
  /** Largest request body accepted. @default 64 KiB */
  bodyLimitBytes?: number
  /** One line per request (method, path, status, ms) and unexpected errors; never member data. */
  log?: (line: string) => void
  /** Demo mode (the `/demo/*` routes); see BackendOptions. @default true */
  demo?: boolean
  /** The staff key; see BackendOptions. @default DEMO-STAFF-1 in demo mode, else none */
  staffKey?: string | null
}

const DEFAULT_BODY_LIMIT = 64 * 1024
/** How long a refused upload may keep its connection before it is cut. */
const LINGER_MS = 1_000
const REQUEST_TIMEOUT_MS = 30_000

const CORS_HEADERS: Record<string, string> = {
  // Bearer tokens, no cookies: any origin may call, and none gets ambient credentials.
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key, x-till-key, x-staff-key',
  'access-control-expose-headers': SERVER_TIME_HEADER,
  'access-control-max-age': '600',
}

/** `application/json` or any `+json` type, in UTF-8 (the only charset JSON may use between systems). */
function isJsonContentType(value: string): boolean {
  const [type, ...params] = value.split(';').map((s) => s.trim().toLowerCase())
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) return false
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '')
  return charset === undefined || charset === 'utf-8' || charset === 'utf8'
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/** Path and query from the request target (also when a proxy sends the absolute form). */
function requestPath(url: string | undefined): string {
  const raw = url ?? '/'
  if (raw.startsWith('/')) return raw
  try {
    const parsed = new URL(raw)
    return parsed.pathname + parsed.search
  } catch {
    return '/'
  }
}

export function createMockServer(options: MockServerOptions = {}): http.Server {
  const log = options.log ?? (() => {})
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT
  // A state that fails its check is a StateFileError here: the server does not start, nothing changes.
  const opened = options.stateFile ? openStateStore(options.stateFile, log) : null
  const store = options.store ?? opened?.store ?? null
  const stored = options.store ? options.store.load() : (opened?.stored ?? null)
  // The engine brings an older state up to date itself, and writes it whole at the first request.
  const engine = options.engine ?? new Engine(stored)
  const backend = createBackend(engine, {
    persist: store ? (changes) => store.write(changes) : undefined,
    log,
    demo: options.demo,
    staffKey: options.staffKey,
  })
  const limitText = limit >= 1024 ? `${Math.floor(limit / 1024)} KB` : `${limit} 字节`

  function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
    const text = body === undefined ? '' : JSON.stringify(body)
    res.writeHead(status, {
      ...CORS_HEADERS,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      [SERVER_TIME_HEADER]: String(engine.now()),
      ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      ...headers,
      // A 204 carries no body and, per RFC 9110, no content-length either.
      ...(status === 204 ? {} : { 'content-length': String(Buffer.byteLength(text)) }),
    })
    res.end(text)
  }

  function fail(
    res: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    send(res, status, headers, errorBody(code, message))
  }

  /**
   * Answers before the body is read (too large, wrong type): close the connection afterwards, drain
   * what is already on the way for a moment so the client can read the answer, then cut it.
   */
  function refuseUpload(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    req.removeAllListeners('data')
    req.resume()
    res.on('finish', () => {
      const socket = req.socket
      if (socket.destroyed) return
      const timer = setTimeout(() => socket.destroy(), LINGER_MS)
      timer.unref()
      socket.once('close', () => clearTimeout(timer))
    })
    fail(res, status, code, message, { ...headers, connection: 'close' })
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse, started: number): void {
    const verb = (req.method ?? 'GET').toUpperCase()
    if (verb === 'OPTIONS') {
      send(res, 204, {}, undefined)
      req.resume()
      return
    }
    if (verb !== 'GET' && verb !== 'POST') {
      refuseUpload(req, res, 405, 'method_not_allowed', '不支持的请求方式', { allow: 'GET, POST, OPTIONS' })
      return
    }
    const method: TransportRequest['method'] = verb
    const contentType = req.headers['content-type']
    if (method === 'POST' && contentType !== undefined && !isJsonContentType(contentType)) {
      refuseUpload(req, res, 415, 'unsupported_media_type', '请求体必须是 JSON（Content-Type: application/json）')
      return
    }
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) {
      refuseUpload(req, res, 413, 'payload_too_large', `请求体过大，上限为 ${limitText}`)
      return
    }

    const chunks: Buffer[] = []
    let size = 0
    let refused = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        refused = true
        chunks.length = 0
        refuseUpload(req, res, 413, 'payload_too_large', `请求体过大，上限为 ${limitText}`)
        return
      }
      chunks.push(chunk)
    })
    req.on('error', () => {
      // The client went away mid-upload; there is no one to answer.
      refused = true
    })
    req.on('end', () => {
      if (refused || res.headersSent) return
      let body: unknown
      // GET bodies are read (so the limit holds) but not passed on: the contract has none.
      if (method === 'POST' && size > 0) {
        if (contentType === undefined) {
          fail(res, 415, 'unsupported_media_type', '请求体必须是 JSON（Content-Type: application/json）')
          return
        }
        try {
          const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
          body = JSON.parse(text) as unknown
        } catch {
          fail(res, 400, 'invalid_json', '请求体不是有效的 JSON')
          return
        }
      }
      const request: TransportRequest = {
        method,
        path: requestPath(req.url),
        headers: flatHeaders(req.headers),
        body,
        timeoutMs: REQUEST_TIMEOUT_MS,
      }
      try {
        const response = backend.dispatch(request)
        send(res, response.status, response.headers, response.body)
      } catch (error) {
        // dispatch answers every refusal itself; what reaches here is e.g. a failed write of the state file.
        log(
          `unexpected error on ${method} ${request.path.split('?')[0]} after ${Date.now() - started} ms: ${(error as Error)?.message}`,
        )
        fail(res, 500, 'internal', '服务暂时不可用，请稍后重试')
      }
    })
  }

  const server = http.createServer((req, res) => {
    const started = Date.now()
    res.on('close', () => {
      // Path without the query: the access log carries no request data.
      const path = requestPath(req.url).split('?')[0]
      const status = res.writableFinished ? String(res.statusCode) : 'aborted'
      log(`${req.method ?? '?'} ${path} ${status} ${Date.now() - started}ms`)
    })
    handle(req, res, started)
  })
  server.requestTimeout = REQUEST_TIMEOUT_MS
  server.on('close', () => opened?.store.close())
  return server
}
