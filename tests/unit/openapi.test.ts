/** @jest-environment node */
/**
 * docs/openapi.json: current with the contract, valid OpenAPI 3.1 by a maintained validator, true to
 * each endpoint's auth, idempotency and schemas, and listing every error code the backend answers with.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import * as v from 'valibot'
import { contract, IDEMPOTENCY_HEADER, TILL_KEY_HEADER, type EndpointName } from '../../src/api/contract'
import { buildOpenApi, wireSchema } from '../../scripts/openapi-document'
import { ERROR_CODES } from '../../scripts/openapi-errors'

const root = path.resolve(__dirname, '../..')
const docFile = path.join(root, 'docs/openapi.json')

interface Operation {
  operationId: string
  security: Record<string, string[]>[]
  parameters?: (
    { $ref: string } | { name: string; in: string; required: boolean; schema: { type?: string; pattern?: string } }
  )[]
  requestBody?: { content: Record<string, { schema: unknown }> }
  responses: Record<
    string,
    {
      content?: Record<
        string,
        { schema: unknown; examples?: Record<string, { value: { error: { code: string; message: string } } }> }
      >
    }
  >
}
interface Document {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> }
}

const built = buildOpenApi() as unknown as Document
const names = Object.keys(contract) as EndpointName[]
const opOf = (name: EndpointName): Operation => built.paths[contract[name].path]?.[contract[name].method.toLowerCase()]

/** `node scripts/openapi-validate.mjs <file>` (the validator is ESM-only): its verdict and exit code. */
function validate(file: string): { valid: boolean; version?: string; errors: unknown[]; exit: number } {
  try {
    const out = execFileSync(process.execPath, [path.join(root, 'scripts/openapi-validate.mjs'), file], {
      encoding: 'utf8',
    })
    return { ...JSON.parse(out), exit: 0 }
  } catch (error) {
    const e = error as { status: number; stdout: string }
    return { ...JSON.parse(e.stdout), exit: e.status }
  }
}

describe('docs/openapi.json', () => {
  test('is what `npm run openapi` generates from the contract today', () => {
    const stored: unknown = JSON.parse(fs.readFileSync(docFile, 'utf8'))
    if (!isDeepStrictEqual(stored, JSON.parse(JSON.stringify(built)))) {
      throw new Error(
        'docs/openapi.json is stale: the contract changed since it was generated. Run `npm run openapi` and commit it.',
      )
    }
  })

  test('is valid OpenAPI 3.1 for @seriousme/openapi-schema-validator, which refuses a broken copy', () => {
    const good = validate(docFile)
    expect(good).toMatchObject({ valid: true, version: '3.1', exit: 0 })

    // The validator can say no: the same document with a security requirement that is not a list.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-test-'))
    try {
      const broken = JSON.parse(fs.readFileSync(docFile, 'utf8')) as Document
      ;(broken.paths['/me'].get as unknown as { security: unknown }).security = 'memberSession'
      const file = path.join(dir, 'broken.json')
      fs.writeFileSync(file, JSON.stringify(broken))
      const bad = validate(file)
      expect(bad.valid).toBe(false)
      expect(bad.exit).toBe(1)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the document tells each endpoint as the contract has it', () => {
  test('every endpoint once, under its method and path, and nothing else', () => {
    const operations = Object.values(built.paths).flatMap((byMethod) =>
      Object.values(byMethod).map((op) => op.operationId),
    )
    expect(operations.sort()).toEqual([...names].sort())
    for (const name of names) expect(opOf(name)?.operationId).toBe(name)
  })

  test('auth: none is open, a member session is a bearer token, a till sends its key header', () => {
    expect(built.components.securitySchemes.memberSession).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(built.components.securitySchemes.tillKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: TILL_KEY_HEADER,
    })
    const scheme: Record<string, string | null> = {
      none: null,
      member: 'memberSession',
      till: 'tillKey',
      staff: 'staffKey',
    }
    for (const name of names) {
      const want = scheme[contract[name].auth as string]
      expect({ name, security: opOf(name).security }).toEqual({ name, security: want ? [{ [want]: [] }] : [] })
    }
    expect(opOf('tillCheckout').security).toEqual([{ tillKey: [] }])
    expect(opOf('getMe').security).toEqual([{ memberSession: [] }])
  })

  test('value-moving endpoints, and only those, require the Idempotency-Key header', () => {
    const idempotent = names.filter(
      (n) => 'idempotent' in contract[n] && (contract[n] as { idempotent?: boolean }).idempotent,
    )
    expect(idempotent).toEqual(
      expect.arrayContaining(['join', 'tillCheckout', 'tillRefund', 'redeemReward', 'claimReceipt']),
    )
    for (const name of names) {
      const has = (opOf(name).parameters ?? []).some(
        (p) => '$ref' in p && p.$ref === '#/components/parameters/IdempotencyKey',
      )
      expect({ name, has }).toEqual({ name, has: idempotent.includes(name) })
    }
    const param = (
      buildOpenApi() as { components: { parameters: Record<string, { name: string; in: string; required: boolean }> } }
    ).components.parameters.IdempotencyKey
    expect(param).toMatchObject({ name: IDEMPOTENCY_HEADER, in: 'header', required: true })
  })

  test('a POST has its body schema, a GET its query parameters in wire form (strings), every answer a 200 schema', () => {
    for (const name of names) {
      const endpoint = contract[name]
      const op = opOf(name)
      expect(op.responses['200'].content?.['application/json'].schema).toBeTruthy()
      if (endpoint.method === 'POST' && endpoint.request)
        expect(op.requestBody?.content['application/json'].schema).toBeTruthy()
      if (endpoint.method === 'GET' && endpoint.request) {
        const query = (op.parameters ?? []).filter((p) => 'in' in p && p.in === 'query')
        expect(query.length).toBeGreaterThan(0)
        for (const p of query) if ('schema' in p) expect(p.schema.type).toBe('string')
      }
    }
    const body = opOf('tillCheckout').requestBody?.content['application/json'].schema as {
      required: string[]
      properties: Record<string, unknown>
    }
    expect(body.required).toEqual(expect.arrayContaining(['storeId', 'amountFen']))
    expect(body.properties.amountFen).toMatchObject({ type: 'integer', minimum: 1 })
  })

  test('a query number that the contract converts with v.toNumber() is described as digits', () => {
    expect(wireSchema(v.pipe(v.string(), v.toNumber(), v.integer()))).toEqual({ type: 'string', pattern: '^[0-9]+$' })
    expect(wireSchema(v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.toNumber()))).toEqual({
      type: 'string',
      pattern: '^\\d{1,3}$',
    })
    // A plain number stays a number (only the transform makes the wire form a string).
    expect(wireSchema(v.pipe(v.number(), v.integer()))).toEqual({ type: 'integer' })
  })

  test('each endpoint lists the error codes it can answer, with Chinese messages', () => {
    const codesOf = (name: EndpointName) =>
      Object.entries(opOf(name).responses)
        .filter(([status]) => status !== '200')
        .flatMap(([status, r]) =>
          Object.values(r.content?.['application/json'].examples ?? {}).map((e) => `${status} ${e.value.error.code}`),
        )
    expect(codesOf('getMe')).toEqual(expect.arrayContaining(['401 unauthorized', '404 not_member', '500 internal']))
    expect(codesOf('tillCheckout')).toEqual(
      expect.arrayContaining([
        '401 till_unauthorized',
        '409 code_used',
        '400 missing_idempotency_key',
        '422 idempotency_key_reused',
        '400 invalid_request',
      ]),
    )
    expect(codesOf('claimReceipt')).toEqual(expect.arrayContaining(['409 receipt_claimed', '410 receipt_expired']))
    expect(codesOf('listStores')).not.toContain('401 unauthorized')
    expect(codesOf('join')).not.toContain('404 not_member')
    for (const e of ERROR_CODES)
      expect({ code: e.code, chinese: /[\u4e00-\u9fa5]/.test(e.message) }).toEqual({ code: e.code, chinese: true })
  })
})

describe('the error table matches what the backend throws', () => {
  /** Every literal (status, code) pair answered in mock/: thrown, refused, or written by the router and the HTTP shell. */
  function thrownInSource(): Set<string> {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (entry.name.endsWith('.ts')) files.push(full)
      }
    }
    walk(path.join(root, 'mock'))
    const found = new Set<string>()
    const patterns = [
      // new ApiFailure(409, 'code', …) and refuse(409, 'code', …), on one line or wrapped, also with `cond ? 'a' : 'b'` as the code.
      /(?:ApiFailure|refuse)\(\s*(\d{3}),\s*(?:[^,()?]*\?\s*)?'([a-z_]+)'(?:\s*:\s*'([a-z_]+)')?/g,
      // respond(404, errorBody('not_found', …)) in the router.
      /respond\(\s*(\d{3}),\s*errorBody\(\s*'([a-z_]+)'/g,
      // fail(res, 400, 'invalid_json', …) and refuseUpload(req, res, 413, 'payload_too_large', …) in the HTTP shell.
      /(?:fail|refuseUpload)\(\s*(?:req,\s*)?res,\s*(\d{3}),\s*'([a-z_]+)'/g,
      // A table of refusals: { status: 403, code: 'tier_too_low' }.
      /status:\s*(\d{3}),\s*code:\s*'([a-z_]+)'/g,
    ]
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8')
      for (const re of patterns) {
        for (const m of text.matchAll(re)) for (const code of [m[2], m[3]]) if (code) found.add(`${m[1]} ${code}`)
      }
    }
    return found
  }

  test('every code the backend answers is in the table with its status, and the table has no code it never answers', () => {
    const source = thrownInSource()
    // The scan itself works: it finds the codes of every layer.
    expect(source.size).toBeGreaterThan(40)
    expect([...source]).toEqual(
      expect.arrayContaining([
        '409 code_used',
        '404 not_found',
        '413 payload_too_large',
        '403 tier_too_low',
        '409 coupon_used',
      ]),
    )
    const table = new Set(ERROR_CODES.map((e) => `${e.status} ${e.code}`))
    expect([...source].filter((pair) => !table.has(pair)).sort()).toEqual([])
    expect([...table].filter((pair) => !source.has(pair)).sort()).toEqual([])
  })
})
