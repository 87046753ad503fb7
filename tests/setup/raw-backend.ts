/**
 * The backend driven with raw requests (any header, any body), as an attacker would, plus one valid
 * request per contract endpoint. `SAMPLES` is typed over the contract, so a new endpoint does not
 * compile here until it has a valid request, and the tables built on it cover it at once.
 */
import type * as v from 'valibot'
import {
  contract,
  type Contract,
  type EndpointName,
  IDEMPOTENCY_HEADER,
  STAFF_KEY_HEADER,
  TILL_KEY_HEADER,
} from '@/api/contract'
import type { TransportRequest, TransportResponse } from '@/api/transport'
import { hexToBytes, memberCodeAt } from '@/domain/member-code'
import { Engine } from '../../mock/engine/engine'
import { installAllParts } from '../../mock/parts'
import { createBackend } from '../../mock/router'

/** A Shanghai wall-clock moment (UTC+8) as epoch ms; month 1–12. */
const shanghaiAt = (y: number, month: number, d: number, hh = 0, mm = 0) => Date.UTC(y, month - 1, d, hh - 8, mm)
/** A quarterly member day at 10:00, so member-day claims are open. */
export const T0 = shanghaiAt(2026, 12, 18, 10)
export const STORE = 's-xuhui'
export const TILL_KEY = 'DEMO-TILL-1'
export const STAFF_KEY = 'DEMO-STAFF-1'
export const CHINESE = /[\u4e00-\u9fa5]/

export interface Ctx {
  /** The silver persona's session. */
  member: string
  /** A signed-in visitor who has not joined. */
  visitor: string
  /** The black persona's session: a 体验官 with a trial waiting for feedback, and the tier to apply for the open one. */
  officer: string
  /** The expiring persona's session: away 60 days, so the card offers the win-back coupon. */
  lapsed: string
  /** A live member code of the silver persona. */
  code: string
  /** A receipt of a checkout without a member code, and its claim token. */
  receiptId: string
  claimToken: string
}

/** The request schema's input, as it goes on the wire (a GET's query as strings). */
type Wire<K extends EndpointName> = Contract[K]['request'] extends v.GenericSchema
  ? v.InferInput<Contract[K]['request']>
  : null

export const SAMPLES: { [K in EndpointName]: (c: Ctx) => Wire<K> } = {
  login: () => ({ code: 'wx-code-1', device: 'device-sample-1' }),
  personaLogin: () => ({ persona: 'gold-drop', device: 'device-sample-2' }),
  listPersonas: () => null,
  logout: () => ({}),
  getProgramme: () => null,
  join: () => ({ phone: '13912345678', nickname: '小白' }),
  getMe: () => null,
  updateProfile: () => ({ city: '上海' }),
  getErasePreview: () => null,
  eraseAccount: () => ({}),
  issueCodeSecret: () => ({}),
  getActivity: () => ({ since: '0' }),
  claimReceipt: (c) => ({ token: c.claimToken }),
  listStores: () => null,
  getMemberDay: () => null,
  getMyMemberDay: () => null,
  claimMemberDayCoupon: () => ({ offerId: 'o-40-8' }),
  setMemberDayReminder: () => ({ on: true }),
  setDemoClock: () => ({ to: 'now' }),
  getPoints: () => null,
  getLedger: () => ({ type: 'earn', limit: '5' }),
  listRewards: () => null,
  redeemReward: () => ({ rewardId: 'r-latte' }),
  getWallet: () => null,
  getCoupons: () => null,
  selectCoupon: () => ({ couponId: null }),
  getMessages: () => null,
  tillWhoAmI: () => null,
  tillVerify: (c) => ({ code: c.code, storeId: STORE, amountFen: 3000 }),
  tillCheckout: () => ({ storeId: STORE, amountFen: 4200 }),
  tillRefund: (c) => ({ receiptId: c.receiptId }),
  getMyTrials: () => null,
  applyTrial: () => ({ trialId: 'tr-sakura', note: '喜欢花香，少甜' }),
  sendTrialFeedback: () => ({ trialId: 'tr-geisha', taste: 5, sweetness: 3, wouldBuy: 4, text: '花香很明显' }),
  staffListTrials: () => null,
  staffCloseTrial: () => ({ trialId: 'tr-sakura' }),
  staffReplyTrial: () => ({ trialId: 'tr-ginger', memberId: 'm-black', reply: '采纳了你的建议：甜度下调一档' }),
  getPartnerPerks: () => null,
  claimPartnerPerk: () => ({ perkId: 'p-books' }),
  claimHeroOffer: () => ({ offerId: 'wb-latte-1' }),
  getMyTags: () => null,
  markCelebrated: () => ({ badge: '体验官' }),
  staffConsoleSegments: () => null,
  staffListCampaigns: () => null,
  staffPreviewCampaign: () => ({ segmentId: 'important-winback', templateId: 't-5off' }),
  staffSendCampaign: () => ({ segmentId: 'important-winback', templateId: 't-5off' }),
  staffConsoleEconomics: () => null,
  readMessages: () => ({ all: true }),
  // T0 is a member day: its message (made the evening before) is in every member's inbox.
  deleteMessage: () => ({ id: 'member-day:2026-12-18' }),
  getSubscriptions: () => null,
  addSubscriptions: () => ({ kinds: ['points-expiring'] }),
  getMyInvitations: () => null,
  tapInviteShare: () => ({ channel: 'chat' }),
  markInvitationsSeen: () => ({ ids: ['iv-m-friend-black-1'] }),
  getInviteWxacode: () => null,
}

/** Who calls a sample: the visitor joins, the officer applies and gives feedback; every other member route is the silver persona. */
export const callerOf = (name: EndpointName, c: Ctx): string =>
  name === 'join'
    ? c.visitor
    : name === 'applyTrial' || name === 'sendTrialFeedback'
      ? c.officer
      : name === 'claimHeroOffer'
        ? c.lapsed
        : c.member

export const ENDPOINTS = Object.keys(contract) as EndpointName[]

export interface Raw {
  engine: Engine
  send: (req: Omit<TransportRequest, 'timeoutMs'>) => TransportResponse
  /** The sample request of `name`, with its usual headers; `patch` changes headers or the body. */
  request: (
    name: EndpointName,
    patch?: { headers?: Record<string, string>; body?: unknown },
  ) => Omit<TransportRequest, 'timeoutMs'>
  /** The sample's body (a GET's query as an object). */
  sample: (name: EndpointName) => unknown
  ctx: Ctx
  /** The whole stored state, to compare before and after. */
  state: () => string
}

let keys = 0

installAllParts()

/** A fresh backend with a signed-in member and visitor, a live member code and a receipt to claim or refund. */
export function rawBackend(): Raw {
  const engine = new Engine(null, { now: () => T0 })
  const backend = createBackend(engine)
  const send = (req: Omit<TransportRequest, 'timeoutMs'>) => backend.dispatch({ ...req, timeoutMs: 1000 })
  const ok = (res: TransportResponse) => {
    if (res.status !== 200) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body as Record<string, string>
  }
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    ok(send({ method: 'POST', path, headers, body }))
  const member = post('/demo/persona', { persona: 'silver', device: 'device-0001' }).token
  const visitor = post('/auth/login', { code: 'x', device: 'device-0002' }).token
  const officer = post('/demo/persona', { persona: 'black', device: 'device-0003' }).token
  const lapsed = post('/demo/persona', { persona: 'expiring', device: 'device-0004' }).token
  const { cardId, secret } = post('/me/code-secret', {}, { authorization: `Bearer ${member}` })
  const receipt = post(
    '/till/checkout',
    { storeId: STORE, amountFen: 3000 },
    { [TILL_KEY_HEADER]: TILL_KEY, [IDEMPOTENCY_HEADER]: 'setup-checkout-1' },
  )
  const ctx: Ctx = {
    member,
    visitor,
    officer,
    lapsed,
    code: memberCodeAt(cardId, hexToBytes(secret), T0),
    receiptId: receipt.receiptId,
    claimToken: receipt.claimToken,
  }

  const sample = (name: EndpointName): unknown => (SAMPLES[name] as (c: Ctx) => unknown)(ctx)

  function request(name: EndpointName, patch: { headers?: Record<string, string>; body?: unknown } = {}) {
    const endpoint = contract[name]
    const headers: Record<string, string> = {}
    if (endpoint.auth === 'member') headers.authorization = `Bearer ${callerOf(name, ctx)}`
    if (endpoint.auth === 'till') headers[TILL_KEY_HEADER] = TILL_KEY
    if (endpoint.auth === 'staff') headers[STAFF_KEY_HEADER] = STAFF_KEY
    if ('idempotent' in endpoint && endpoint.idempotent) headers[IDEMPOTENCY_HEADER] = `sample-${++keys}`
    Object.assign(headers, patch.headers)
    const body = 'body' in patch ? patch.body : sample(name)
    if (endpoint.method === 'GET') return { method: 'GET' as const, path: endpoint.path + toQuery(body), headers }
    return { method: 'POST' as const, path: endpoint.path, headers, body }
  }

  return { engine, send, request, sample, ctx, state: () => JSON.stringify(engine.db) }
}

function toQuery(body: unknown): string {
  if (body === null || body === undefined) return ''
  const parts = Object.entries(body as Record<string, string>).map(
    ([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(val)}`,
  )
  return parts.length ? `?${parts.join('&')}` : ''
}

/** The request schema's fields: name and whether it takes a list. */
export function requestFields(name: EndpointName): { field: string; list: boolean }[] {
  const schema = contract[name].request as v.GenericSchema | null
  if (!schema || !('entries' in schema)) return []
  return Object.entries(schema.entries as Record<string, v.GenericSchema>).map(([field, s]) => ({
    field,
    list: baseType(s) === 'array',
  }))
}

/** The type under optional/nullable/pipe wrappers. */
function baseType(schema: v.GenericSchema): string {
  let s = schema as v.GenericSchema & { wrapped?: v.GenericSchema; pipe?: v.GenericSchema[] }
  for (;;) {
    if (s.wrapped) s = s.wrapped as typeof s
    else if (s.pipe) s = s.pipe[0] as typeof s
    else return s.type
  }
}
