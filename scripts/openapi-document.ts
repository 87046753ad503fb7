/**
 * The OpenAPI 3.1 document of the contract, built from `src/api/contract.ts` alone: every endpoint,
 * who may call it, its Idempotency-Key, its request and response schemas (valibot → JSON Schema
 * 2020-12) and the error codes it can answer with their Chinese messages. Pure: `npm run openapi`
 * writes it to docs/openapi.json and tests/unit/openapi.test.ts compares that file with it.
 *
 * Schemas are described as they travel (valibot's input side): a query number is a string of digits
 * on the wire even where the contract turns it into a number with `v.toNumber()`.
 */
import type * as v from 'valibot'
import { toJsonSchema, toJsonSchemaDefs, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema'
import * as api from '../src/api/contract'
import { INHERITED_NAMES } from '../src/api/schemas'
import {
  contract,
  IDEMPOTENCY_HEADER,
  SERVER_TIME_HEADER,
  TILL_KEY_HEADER,
  type EndpointName,
} from '../src/api/contract'
import { ERROR_CODES, type ErrorCode } from './openapi-errors'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }
type AnySchema = v.GenericSchema

/** The fields of an endpoint this document reads; `auth` is a string so an added kind (staff) is not a compile error here. */
interface EndpointView {
  method: string
  path: string
  auth: string
  idempotent?: boolean
  request: AnySchema | null
  response: AnySchema
}

export const DOCUMENT_VERSION = '1.0.0'

/** How each auth kind of the contract is presented; an unknown kind fails the build of the document. */
function securitySchemes(): Record<string, JsonObject> {
  // A staff key header, if the contract has one (a later change adds staff endpoints).
  const staffHeader = (api as Record<string, unknown>).STAFF_KEY_HEADER
  return {
    memberSession: {
      type: 'http',
      scheme: 'bearer',
      description: 'A member session token from POST /auth/login (or POST /demo/persona on a demo backend).',
    },
    tillKey: {
      type: 'apiKey',
      in: 'header',
      name: TILL_KEY_HEADER,
      description: 'The key a store till is provisioned with.',
    },
    ...(typeof staffHeader === 'string'
      ? { staffKey: { type: 'apiKey', in: 'header', name: staffHeader, description: 'A staff member’s key.' } }
      : {}),
  }
}

const SECURITY: Record<string, string | null> = {
  none: null,
  member: 'memberSession',
  till: 'tillKey',
  staff: 'staffKey',
}

function isValibotSchema(value: unknown): value is AnySchema {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'schema' && '~run' in value
  )
}

/** Named entity schemas the contract exports (`MemberCardSchema` → component `MemberCard`). */
function namedSchemas(): Record<string, AnySchema> {
  const out: Record<string, AnySchema> = {}
  for (const [name, value] of Object.entries(api).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (name.endsWith('Schema') && isValibotSchema(value)) out[name.slice(0, -'Schema'.length)] = value
  }
  return out
}

/** A pipe that turns its string into a number with `v.toNumber()` (a query number): on the wire it is digits. */
function isNumericString(schema: AnySchema): boolean {
  const pipe = (schema as { pipe?: readonly { type?: string }[] }).pipe
  return schema.type === 'string' && !!pipe && pipe.some((item) => item.type === 'to_number')
}

function unwrap(schema: AnySchema): { inner: AnySchema; optional: boolean } {
  if (schema.type === 'optional' || schema.type === 'exact_optional' || schema.type === 'undefinedable') {
    return { inner: (schema as unknown as { wrapped: AnySchema }).wrapped, optional: true }
  }
  return { inner: schema, optional: false }
}

/**
 * JSON Schema cannot say what a `v.check` tests; the one the contract uses on ids, tokens and keys
 * refuses the names every object inherits, which an enum can say.
 */
const describeCheck: ConversionConfig['overrideAction'] = ({ valibotAction, jsonSchema }) =>
  valibotAction.type === 'check' ? { ...jsonSchema, not: { enum: [...INHERITED_NAMES].sort() } } : undefined

function converter(definitions: Record<string, AnySchema>) {
  const config: ConversionConfig = {
    target: 'draft-2020-12',
    typeMode: 'input',
    definitions,
    overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
    overrideAction: describeCheck,
  }
  return (schema: AnySchema): JsonObject => {
    const { $schema: _drop, $defs: _defs, ...rest } = toJsonSchema(schema, config) as JsonSchema & { $defs?: unknown }
    // Input mode stops at `v.toNumber()`, leaving a bare string: say that it is digits.
    if (isNumericString(schema) && rest.pattern === undefined) return { ...(rest as JsonObject), pattern: '^[0-9]+$' }
    return rest as JsonObject
  }
}

function errorsFor(name: EndpointName, endpoint: EndpointView): ErrorCode[] {
  return ERROR_CODES.filter(({ scope, except }) => {
    if (except?.includes(name)) return false
    switch (scope) {
      case 'any':
        return true
      case 'request':
        return endpoint.request !== null
      case 'body':
        return endpoint.method === 'POST'
      case 'member':
      case 'till':
        return endpoint.auth === scope
      case 'idempotent':
        return endpoint.idempotent === true
      case 'unrouted':
        return false
      default:
        return scope.includes(name)
    }
  })
}

function errorResponses(errors: ErrorCode[]): JsonObject {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const e of errors) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e])
  const out: JsonObject = {}
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const list = byStatus.get(status) ?? []
    out[String(status)] = {
      description: list.map((e) => `${e.code}: ${e.message}`).join('\n'),
      headers: { [SERVER_TIME_HEADER]: { $ref: '#/components/headers/ServerTime' } },
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/ErrorBody' },
          examples: Object.fromEntries(
            list.map((e) => [e.code, { summary: e.message, value: { error: { code: e.code, message: e.message } } }]),
          ),
        },
      },
    }
  }
  return out
}

function operation(name: EndpointName, endpoint: EndpointView, convert: (s: AnySchema) => JsonObject): JsonObject {
  if (!(endpoint.auth in SECURITY))
    throw new Error(`openapi: endpoint ${name} has an auth kind this document does not know: ${endpoint.auth}`)
  const scheme = SECURITY[endpoint.auth]
  if (scheme && !(scheme in securitySchemes()))
    throw new Error(`openapi: endpoint ${name} needs the ${scheme} scheme, which the contract does not define`)
  const parameters: Json[] = []
  if (endpoint.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' })
  let requestBody: JsonObject | null = null
  if (endpoint.request) {
    if (endpoint.method === 'GET') {
      const entries = (endpoint.request as unknown as { entries?: Record<string, AnySchema> }).entries
      if (!entries) throw new Error(`openapi: GET ${endpoint.path} needs an object schema for its query`)
      for (const [key, schema] of Object.entries(entries)) {
        const { inner, optional } = unwrap(schema)
        parameters.push({ name: key, in: 'query', required: !optional, schema: convert(inner) })
      }
    } else {
      const body = convert(endpoint.request)
      const required = Array.isArray(body.required) && body.required.length > 0
      requestBody = { required, content: { 'application/json': { schema: body } } }
    }
  }
  return {
    operationId: name,
    tags: [endpoint.path.split('/')[1] ?? 'root'],
    'x-auth': endpoint.auth,
    ...(endpoint.idempotent ? { 'x-idempotent': true } : {}),
    security: scheme ? [{ [scheme]: [] }] : [],
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': {
        description: 'OK',
        headers: { [SERVER_TIME_HEADER]: { $ref: '#/components/headers/ServerTime' } },
        content: { 'application/json': { schema: convert(endpoint.response) } },
      },
      ...errorResponses(errorsFor(name, endpoint)),
    },
  }
}

/** The whole document, deterministic (same contract → same JSON). */
export function buildOpenApi(): JsonObject {
  const definitions = namedSchemas()
  const convert = converter(definitions)
  const components = toJsonSchemaDefs(definitions, {
    target: 'draft-2020-12',
    typeMode: 'input',
    overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
    overrideAction: describeCheck,
  }) as Record<string, JsonObject>

  const paths: Record<string, JsonObject> = {}
  for (const name of Object.keys(contract) as EndpointName[]) {
    const endpoint = contract[name] as unknown as EndpointView
    paths[endpoint.path] = {
      ...paths[endpoint.path],
      [endpoint.method.toLowerCase()]: operation(name, endpoint, convert),
    }
  }

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Member Club API',
      version: DOCUMENT_VERSION,
      description: [
        'Generated from src/api/contract.ts by `npm run openapi`; do not edit by hand.',
        'Every answer is JSON and carries the server time (ms) in the x-server-time header.',
        'Every error has the body { error: { code, message } }; the message is Chinese copy a member or cashier can act on.',
        `Endpoints marked x-idempotent move value: they need an ${IDEMPOTENCY_HEADER} header, a repeated key answers with the first answer, the same key with another body is refused (422), and a key still being handled answers 409.`,
        'Query numbers travel as digit strings.',
        'Paths under /demo exist only on a demo backend (the mock).',
      ].join('\n'),
    },
    servers: [{ url: 'http://127.0.0.1:3100', description: 'npm run mock:server' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: securitySchemes(),
      parameters: {
        IdempotencyKey: {
          name: IDEMPOTENCY_HEADER,
          in: 'header',
          required: true,
          description: 'One key per attempt (up to 100 characters); a retry of the same attempt sends the same key.',
          schema: { type: 'string', minLength: 1, maxLength: 100 },
        },
      },
      headers: {
        ServerTime: {
          description: 'The server clock, in ms since the epoch.',
          schema: { type: 'string', pattern: '^[0-9]+$' },
        },
      },
    },
    'x-error-codes': ERROR_CODES.map((e) => ({ code: e.code, status: e.status, message: e.message })),
  }
}

/** One schema as this document describes it (its wire form), with the contract's named schemas as references. */
export function wireSchema(schema: AnySchema): JsonObject {
  return converter(namedSchemas())(schema)
}
