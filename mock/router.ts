/**
 * The backend's front door: one pure handler per contract endpoint, and `dispatch`, which does
 * what every request needs (routing, auth, body validation, idempotency, error bodies, the server
 * time header). The in-process transport, the HTTP server and jest all run this same code.
 */
import * as v from 'valibot'
import {
  contract,
  IDEMPOTENCY_HEADER,
  isInheritedName,
  SERVER_TIME_HEADER,
  STAFF_KEY_HEADER,
  TILL_KEY_HEADER,
  type Contract,
  type EndpointName,
  type ErrorBody,
  type ResponseOf,
} from '../src/api/contract'
import type { TransportRequest, TransportResponse } from '../src/api/transport'
import { constantTimeEqual } from '../src/domain/member-code'
import type { StateChanges } from './engine/changes'
import type { SessionRecord, TillRecord } from './engine/db'
import type { Engine } from './engine/engine'
import { ApiFailure } from './engine/failure'
import { servedProgramme } from './engine/join-gifts'
import { personaList } from './engine/personas'
import { heroRules } from './engine/hero'

export interface HandlerContext {
  engine: Engine
  /** The caller's session; present for every `auth: 'member'` endpoint. */
  session: SessionRecord
  token: string
  /** The calling till; present for every `auth: 'till'` endpoint. */
  till: TillRecord
}

type Input<K extends EndpointName> = Contract[K]['request'] extends v.GenericSchema
  ? v.InferOutput<Contract[K]['request']>
  : undefined
type Handler<K extends EndpointName> = (input: Input<K>, ctx: HandlerContext) => ResponseOf<K>

/**
 * Endpoints whose handlers are installed apart (`installHandlers`), each part with the one page that
 * uses it (mock/parts/): the app's main package carries the in-process backend for every member's
 * start, and these parts (the console's population and rules, 我的标签, the invite page's reads)
 * would only weigh it down. The HTTP server and the tests install every part at start
 * (`installAllParts`); the app installs a part when the store of its page loads (src/backend/).
 */
export const CONSOLE_ENDPOINTS = [
  'staffConsoleSegments',
  'staffListCampaigns',
  'staffPreviewCampaign',
  'staffSendCampaign',
  'staffConsoleEconomics',
] as const satisfies readonly EndpointName[]
export const TAGS_ENDPOINTS = ['getMyTags'] as const satisfies readonly EndpointName[]
export const INVITE_ENDPOINTS = [
  'getMyInvitations',
  'tapInviteShare',
  'markInvitationsSeen',
  'getInviteWxacode',
] as const satisfies readonly EndpointName[]
/** Every endpoint installed apart (the error table names them as the scope of `service_not_loaded`). */
export const INSTALLED_ENDPOINTS = [...CONSOLE_ENDPOINTS, ...TAGS_ENDPOINTS, ...INVITE_ENDPOINTS]
export type ConsoleEndpoint = (typeof CONSOLE_ENDPOINTS)[number]
export type TagsEndpoint = (typeof TAGS_ENDPOINTS)[number]
export type InviteEndpoint = (typeof INVITE_ENDPOINTS)[number]
type InstalledEndpoint = ConsoleEndpoint | TagsEndpoint | InviteEndpoint
export type HandlersOf<E extends EndpointName> = { [K in E]: Handler<K> }

const installed: Partial<HandlersOf<InstalledEndpoint>> = {}

/** Adds one part's handlers to every backend in this process (again is harmless). */
export function installHandlers(
  part: HandlersOf<ConsoleEndpoint> | HandlersOf<TagsEndpoint> | HandlersOf<InviteEndpoint>,
): void {
  Object.assign(installed, part)
}

export const handlers: HandlersOf<Exclude<EndpointName, InstalledEndpoint>> = {
  login: (input, { engine }) => engine.login(input.code, input.device),
  personaLogin: (input, { engine }) => engine.personaLogin(input.persona, input.reset ?? false),
  listPersonas: () => personaList(),
  logout: (_input, { engine, token }) => {
    engine.logout(token)
    return { ok: true as const }
  },
  getProgramme: (_input, { engine }) => ({ ...servedProgramme(engine.db), hero: heroRules(engine.db) }),
  join: (input, { engine, session }) => engine.join(session, input),
  getMe: (_input, { engine, session }) => engine.card(session.memberId),
  updateProfile: (input, { engine, session }) => engine.updateProfile(session.memberId, input),
  getErasePreview: (_input, { engine, session }) => engine.erasePreview(session.memberId),
  eraseAccount: (_input, { engine, session }) => engine.eraseAccount(session.memberId),
  issueCodeSecret: (_input, { engine, session }) => engine.issueCodeSecret(session.memberId),
  getActivity: (input, { engine, session }) => ({ events: engine.activity(session.memberId, input.since ?? 0) }),
  claimReceipt: (input, { engine, session }) => engine.claimReceipt(session.memberId, input.token),
  listStores: (_input, { engine }) => engine.stores(),
  getMemberDay: (_input, { engine }) => engine.memberDayPerks(),
  getMyMemberDay: (_input, { engine, session }) => engine.myMemberDay(session.memberId),
  claimMemberDayCoupon: (input, { engine, session }) => engine.claimMemberDayCoupon(session.memberId, input.offerId),
  setMemberDayReminder: (input, { engine, session }) => engine.setMemberDayReminder(session.memberId, input.on),
  setDemoClock: (input, { engine }) => engine.setDemoClock(input.to),
  getPoints: (_input, { engine, session }) => engine.pointsSummary(session.memberId),
  getLedger: (input, { engine, session }) =>
    engine.ledger(session.memberId, input.type, input.cursor ?? 0, input.limit ?? 30),
  listRewards: (_input, { engine }) => engine.rewards(),
  redeemReward: (input, { engine, session }) => engine.redeem(session.memberId, input.rewardId),
  getWallet: (_input, { engine, session }) => ({ items: engine.wallet(session.memberId) }),
  getCoupons: (_input, { engine, session }) => ({ coupons: engine.coupons(session.memberId) }),
  selectCoupon: (input, { engine, session }) => engine.selectCoupon(session.memberId, input.couponId),
  getMessages: (_input, { engine, session }) => engine.inbox(session.memberId),
  tillWhoAmI: (_input, { engine, till }) => engine.tillInfo(till),
  tillVerify: (input, { engine, till }) => engine.tillVerify(till.id, input.code, input.storeId, input.amountFen ?? 0),
  tillCheckout: (input, { engine, till }) => engine.tillCheckout(till.id, input),
  tillRefund: (input, { engine, till }) => engine.tillRefund(till.id, input.receiptId),
  getMyTrials: (_input, { engine, session }) => engine.myTrials(session.memberId),
  applyTrial: (input, { engine, session }) => engine.applyTrial(session.memberId, input.trialId, input.note ?? null),
  sendTrialFeedback: (input, { engine, session }) => engine.trialFeedback(session.memberId, input),
  staffListTrials: (_input, { engine }) => ({ trials: engine.staffTrials() }),
  staffCloseTrial: (input, { engine }) => ({ trial: engine.staffCloseTrial(input.trialId) }),
  staffReplyTrial: (input, { engine }) => ({
    trial: engine.staffReplyTrial(input.trialId, input.memberId, input.reply),
  }),
  getPartnerPerks: (_input, { engine, session }) => ({ perks: engine.partnerPerks(session.memberId) }),
  claimPartnerPerk: (input, { engine, session }) => ({ perk: engine.claimPartnerPerk(session.memberId, input.perkId) }),
  // The card's hero slot, 我的标签, the badge ceremony.
  claimHeroOffer: (input, { engine, session }) => engine.claimHeroOffer(session.memberId, input.offerId),
  markCelebrated: (input, { engine, session }) => {
    engine.markCelebrated(session.memberId, input.badge)
    return { ok: true as const }
  },
  // 消息 and WeChat reminders (mock/engine/inbox.ts)
  readMessages: (input, { engine, session }) => engine.readMessages(session.memberId, input),
  deleteMessage: (input, { engine, session }) => engine.deleteMessage(session.memberId, input.id),
  getSubscriptions: (_input, { engine, session }) => engine.subscriptions(session.memberId),
  addSubscriptions: (input, { engine, session }) => engine.addSubscriptions(session.memberId, input.kinds),
}

export interface Backend {
  dispatch(request: TransportRequest): TransportResponse
}

/** The staff key a demo backend takes unless told another (README: Security and data). */
export const DEMO_STAFF_KEY = 'DEMO-STAFF-1'

export interface BackendOptions {
  /**
   * Demo mode: the `/demo/*` routes (personas, the clock) exist; off, they answer 404.
   * @default true (the in-app backend and `npm run mock:server`; `--no-demo` turns it off)
   */
  demo?: boolean
  /** The staff key (x-staff-key) for staff routes; null: no staff route can be called. @default DEMO_STAFF_KEY in demo mode, else null */
  staffKey?: string | null
  /**
   * Called with what a request changed, record by record, after any request that changed state: write
   * it here, all or nothing. If it throws, the request's changes are undone in memory too (not saved
   * means not done) and the request answers 500, or the ApiFailure thrown (a full phone, in words).
   */
  persist?: (changes: StateChanges) => void
  /** Told about unexpected errors (never about member data). */
  log?: (message: string) => void
}

/** The body of every refusal, here and in the HTTP server. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } }
}

/** `?a=1&b=2` → { a: '1', b: '2' } (no URLSearchParams in the mini-program). */
function parseQuery(path: string): Record<string, string> {
  // No prototype: `?__proto__=x` is then a key like any other (and refused as unknown).
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  const query = path.split('?')[1] ?? ''
  for (const part of query.split('&')) {
    if (!part) continue
    const [k, val = ''] = part.split('=')
    try {
      out[decodeURIComponent(k)] = decodeURIComponent(val.replace(/\+/g, ' '))
    } catch {
      out[k] = val
    }
  }
  return out
}

/** Why a request field was refused, in Chinese (our schemas' own messages are; valibot's are English). */
function reasonOf(issue: v.BaseIssue<unknown>): string {
  if (/[\u4e00-\u9fa5]/.test(issue.message)) return `：${issue.message}`
  if (issue.kind === 'schema' && issue.type === 'strict_object')
    return issue.expected === 'never' ? '：不支持该字段' : '：缺少该字段'
  return ''
}

/** The validated body with keys sorted: the same request in another key order is the same request. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )
}

const PENDING_ABANDONED_MS = 30_000

/**
 * Who may do staff things: the staff key only. A member session or a till key is not a staff key,
 * and is told so (a member's session moving the clock would move it for every member).
 */
function staffRefusal(headers: Record<string, string>, staffKey: string | null, path = ''): ApiFailure | null {
  const key = headers[STAFF_KEY_HEADER]
  if (key && staffKey && constantTimeEqual(key, staffKey)) return null
  if (key) return new ApiFailure(401, 'staff_unauthorized', '员工密钥无效，请向门店管理员核对后重新填写')
  if (headers[TILL_KEY_HEADER]) return new ApiFailure(403, 'staff_only', '收银台密钥只能用于收银，这项操作需要员工密钥')
  // The operator console shows every member's figures: a member session is told so in those words.
  if (headers.authorization && path.startsWith('/staff/console/'))
    return new ApiFailure(403, 'staff_only', '运营台仅限员工使用：会员登录不能查看会员分群和经营数据，请填写员工密钥')
  if (headers.authorization)
    return new ApiFailure(403, 'staff_only', '这项操作仅限员工：会员登录不能调整演示时间或重置演示身份，请填写员工密钥')
  return new ApiFailure(401, 'staff_key_required', '这项操作需要员工密钥，请先填写员工密钥')
}

export function createBackend(engine: Engine, options: BackendOptions = {}): Backend {
  const demo = options.demo ?? true
  const staffKey = options.staffKey === undefined ? (demo ? DEMO_STAFF_KEY : null) : options.staffKey
  const routes = new Map<string, EndpointName>()
  for (const name of Object.keys(contract) as EndpointName[])
    routes.set(`${contract[name].method} ${contract[name].path}`, name)
  const knownPaths = new Set<string>(Object.values(contract).map((e) => e.path))

  function respond(status: number, body: unknown): TransportResponse {
    return {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', [SERVER_TIME_HEADER]: String(engine.now()) },
      body,
    }
  }

  function run(request: TransportRequest): TransportResponse {
    const path = request.path.split('?')[0]
    // Outside demo mode the demo routes do not exist at all.
    if (!demo && path.startsWith('/demo/')) return respond(404, errorBody('not_found', '接口不存在'))
    const name = routes.get(`${request.method} ${path}`)
    if (!name) {
      return knownPaths.has(path)
        ? respond(405, errorBody('method_not_allowed', '不支持的请求方式'))
        : respond(404, errorBody('not_found', '接口不存在'))
    }
    const endpoint = contract[name]
    const token = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? null
    const session: SessionRecord | null = endpoint.auth === 'member' ? engine.authenticate(token) : null
    const till: TillRecord | null =
      endpoint.auth === 'till' ? engine.authenticateTill(request.headers[TILL_KEY_HEADER]) : null
    if (endpoint.auth === 'staff') {
      const refusal = staffRefusal(request.headers, staffKey, path)
      if (refusal) throw refusal
    }

    let input: unknown
    if (endpoint.request) {
      // No body is an empty object; any other body must be one (not an array, null, a string…).
      const body = request.body === undefined ? {} : request.body
      if (endpoint.method === 'POST' && (typeof body !== 'object' || body === null || Array.isArray(body)))
        return respond(400, errorBody('invalid_request', '请求体应为 JSON 对象'))
      const parsed = v.safeParse(endpoint.request, endpoint.method === 'GET' ? parseQuery(request.path) : body)
      if (!parsed.success) {
        const issue = parsed.issues[0]
        const where = v.getDotPath(issue)
        return respond(
          400,
          errorBody('invalid_request', `请求参数有误${where ? `（${where}）` : ''}${reasonOf(issue)}`),
        )
      }
      input = parsed.output
      // A request that is open to all except one part (a persona rebuild): that part needs the staff key.
      const staffFor = 'staffFor' in endpoint ? endpoint.staffFor : undefined
      if (staffFor && (input as Record<string, unknown>)[staffFor]) {
        const refusal = staffRefusal(request.headers, staffKey)
        if (refusal) throw refusal
      }
    }
    const ctx: HandlerContext = {
      engine,
      session: session as SessionRecord,
      token: token ?? '',
      till: till as TillRecord,
    }
    // `name` is the contract's own key for the matched route, never text from the request.
    const handler = (
      Object.prototype.hasOwnProperty.call(handlers, name)
        ? handlers[name as Exclude<EndpointName, InstalledEndpoint>]
        : installed[name as InstalledEndpoint]
    ) as ((input: unknown, ctx: HandlerContext) => unknown) | undefined
    if (!handler) return respond(503, errorBody('service_not_loaded', '这项服务还没有加载，请返回后重新打开'))

    if (!('idempotent' in endpoint && endpoint.idempotent)) return respond(200, handler(input, ctx))

    const key = request.headers[IDEMPOTENCY_HEADER]
    if (!key || key.length > 100 || isInheritedName(key))
      return respond(400, errorBody('missing_idempotency_key', '请求缺少有效的幂等编号'))
    const caller = session?.subject ?? (till ? `till:${till.id}` : endpoint.auth === 'staff' ? 'staff' : 'anon')
    const scope = `${caller}|${name}|${key}`
    const print = fingerprint(input)
    const seen = engine.idempotent(scope)
    if (seen) {
      if (seen.fingerprint !== print)
        return respond(422, errorBody('idempotency_key_reused', '同一请求编号对应了不同的内容，请重新操作'))
      if (seen.state === 'done') return respond(seen.status, seen.body)
      if (engine.now() - seen.at < PENDING_ABANDONED_MS)
        return respond(409, errorBody('request_in_progress', '请求正在处理中，请稍候'))
    }
    engine.keepIdempotent(scope, { fingerprint: print, state: 'pending', status: 0, body: null, at: engine.now() })
    let result: TransportResponse
    try {
      result = respond(200, handler(input, ctx))
    } catch (error) {
      if (!(error instanceof ApiFailure) || error.status >= 500) {
        engine.keepIdempotent(scope, null)
        throw error
      }
      result = respond(error.status, errorBody(error.code, error.userMessage))
    }
    engine.keepIdempotent(scope, {
      fingerprint: print,
      state: 'done',
      status: result.status,
      body: result.body,
      at: engine.now(),
    })
    return result
  }

  return {
    dispatch(request) {
      let response: TransportResponse
      try {
        response = run(request)
      } catch (error) {
        if (error instanceof ApiFailure) response = respond(error.status, errorBody(error.code, error.userMessage))
        else {
          options.log?.(
            `internal error on ${request.method} ${request.path.split('?')[0]}: ${(error as Error)?.message}`,
          )
          response = respond(500, errorBody('internal', '服务暂时不可用，请稍后重试'))
        }
      }
      const changes = engine.takeChanges()
      if (changes && options.persist) {
        try {
          options.persist(changes)
        } catch (error) {
          // Not saved means not done: undo the request's changes in memory too, and say so.
          options.log?.(`could not save state: ${(error as Error)?.message}`)
          engine.undoChanges()
          // A store that knows why (the phone's storage is full) says so in its own words.
          if (error instanceof ApiFailure) return respond(error.status, errorBody(error.code, error.userMessage))
          return respond(500, errorBody('storage_failed', '服务暂时不可用，请稍后重试'))
        }
      }
      return response
    },
  }
}
