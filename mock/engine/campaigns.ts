/**
 * Campaigns from the operator console: a segment, a coupon and/or a message → a preview (reach,
 * members the weekly cap skips, expected redemptions and cost) → send. Members in the state get a
 * campaign message and the coupon each, through their records (so the journal writes them);
 * members of the demo population are counted, and remembered as a bitmap for the weekly cap.
 */
import type { Campaign, CampaignOffer, CampaignPreview, CampaignRequest, CampaignsList } from '../../src/api/contract'
import { couponTitle } from '../../src/domain/coupons'
import { segmentInfo, type SegmentId } from '../../src/domain/rfm'
import { DAY_MS } from '../../src/domain/time'
import * as coupons from './coupons'
import type { CampaignRecord, Db, MemberRecord } from './db'
import { ApiFailure } from './failure'
import type { Population } from './population'
import { CONSOLE_RULES } from './programme'
import { need } from './records'
import { segmentAll, type PlacedMember } from './segments'

const RULES = CONSOLE_RULES.campaign
/** Campaigns kept in the state (their results stay listable); older ones are dropped. */
export const CAMPAIGNS_KEPT = 20
/** Where a campaign coupon's 去使用 leads: the coupon itself (its page shows the code to use it). */
const couponLink = (couponId: string) => `/packages/coupon/index?id=${encodeURIComponent(couponId)}`
const MESSAGE_SOURCE = '运营活动'

/** Why the member got it, in their words: the segment by name, and a reason a person would give. */
const WHY: Record<SegmentId, string> = {
  'important-value': '感谢你一直常来',
  'important-develop': '想邀请你常来坐坐',
  'important-keep': '好久不见，给你留了一份心意',
  'important-winback': '好久不见，想请你回来喝一杯',
  'general-value': '感谢你常来光顾',
  'general-develop': '期待下次再见',
  'general-keep': '最近没见到你，给你留了一份心意',
  new: '欢迎你刚刚入会',
  dormant: '好久不见，想请你回来看看',
}

/** The offers a campaign may send: the served list, each with its template's terms. */
export function offers(db: Db): CampaignOffer[] {
  return RULES.offers.flatMap((o) => {
    const t = db.couponTemplates.find((x) => x.id === o.templateId)
    return t
      ? [
          {
            templateId: t.id,
            title: couponTitle(t),
            kind: t.kind,
            faceValueFen: t.valueFen,
            expectedRedemptionPct: o.expectedRedemptionPct,
            validDays: t.validDays,
          },
        ]
      : []
  })
}

// ---- the population bitmap (2,400 members: 300 bytes, 400 characters of base64) ----

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Indexes → base64 of a bitmap, 6 bits a character (no Buffer or btoa in the mini-program). */
export function encodeBitmap(indexes: readonly number[], size: number): string {
  const sextets = new Uint8Array(Math.ceil(size / 6))
  for (const i of indexes) sextets[Math.floor(i / 6)] |= 1 << (i % 6)
  return Array.from(sextets, (x) => B64[x]).join('')
}

export function bitmapHas(bitmap: string, index: number): boolean {
  const ch = bitmap.charAt(Math.floor(index / 6))
  return ch !== '' && ((B64.indexOf(ch) >> (index % 6)) & 1) === 1
}

// ---- preview and send ----

/** The kept campaigns (none in a state saved before the console, or one whose list is damaged). */
const keptCampaigns = (db: Db): CampaignRecord[] => (Array.isArray(db.campaigns) ? db.campaigns : [])

interface Plan {
  offer: CampaignOffer | null
  segmentId: SegmentId
  reach: number
  capped: number
  recipients: PlacedMember[]
  title: string
  body: string
  why: string
  expectedRedemptionPct: number
  expectedRedemptions: number
  faceValueFen: number
}

/** Campaign messages a state member got within the cap's window. */
const recentCampaignsOf = (member: MemberRecord, since: number): number =>
  member.messages.filter((m) => m.kind === 'campaign' && m.at > since).length

function plan(db: Db, now: number, population: Population, input: CampaignRequest): Plan {
  const templateId = input.templateId ?? null
  const message = input.message ?? null
  if (templateId === null && message === null)
    throw new ApiFailure(400, 'campaign_empty', '请选择一张优惠券，或填写一条消息')
  const offer = templateId === null ? null : (offers(db).find((o) => o.templateId === templateId) ?? null)
  if (templateId !== null && !offer)
    throw new ApiFailure(404, 'offer_not_found', '没有这张可用于活动的优惠券，请从列表中选择')
  const segment = segmentInfo(input.segmentId)
  const since = now - RULES.capDays * DAY_MS
  const recent = keptCampaigns(db).filter(
    (c) => c.at > since && c.populationSent !== null && c.populationSeed === population.seed,
  )
  const inSegment = segmentAll(db, now, population).members.filter((m) => m.segment === input.segmentId)
  const recipients = inSegment.filter((m) => {
    const had =
      m.memberId !== null
        ? recentCampaignsOf(need(db.members, m.memberId), since)
        : recent.filter((c) => bitmapHas(c.populationSent!, m.index)).length
    return had < RULES.weeklyCap
  })
  const rate = offer?.expectedRedemptionPct ?? 0
  const expectedRedemptions = Math.round((recipients.length * rate) / 100)
  const title = message?.title.trim() ?? `送你一张「${offer!.title}」`
  const body =
    message?.body.trim() ??
    `「${offer!.title}」已放入你的优惠券，${offer!.validDays} 天内有效，到店出示会员码即可使用。`
  return {
    offer,
    segmentId: input.segmentId,
    reach: inSegment.length,
    capped: inSegment.length - recipients.length,
    recipients,
    title,
    body,
    why: `因为你是${segment.name}会员，${WHY[input.segmentId]}`,
    expectedRedemptionPct: rate,
    expectedRedemptions,
    faceValueFen: offer?.faceValueFen ?? 0,
  }
}

export function preview(db: Db, now: number, population: Population, input: CampaignRequest): CampaignPreview {
  const p = plan(db, now, population, input)
  return {
    segmentId: p.segmentId,
    segmentName: segmentInfo(p.segmentId).name,
    templateId: p.offer?.templateId ?? null,
    offerTitle: p.offer?.title ?? null,
    reach: p.reach,
    capped: p.capped,
    sendTo: p.recipients.length,
    expectedRedemptionPct: p.expectedRedemptionPct,
    expectedRedemptions: p.expectedRedemptions,
    faceValueFen: p.faceValueFen,
    expectedCostFen: p.faceValueFen * p.expectedRedemptions,
    message: { title: p.title, body: p.body, why: p.why, action: p.offer ? '去使用' : null },
  }
}

/** Sends the campaign now (inside the caller's transaction): messages and coupons to state members, a record kept. */
export function send(db: Db, now: number, population: Population, input: CampaignRequest): Campaign {
  const p = plan(db, now, population, input)
  const reached: number[] = []
  let sentToState = 0
  for (const r of p.recipients) {
    if (r.memberId === null) {
      reached.push(r.index)
      continue
    }
    const member = need(db.members, r.memberId)
    const coupon = p.offer ? coupons.grant(db, member, p.offer.templateId, now, MESSAGE_SOURCE) : null
    member.messages.push({
      id: `msg-${++member.seq}`,
      at: now,
      title: p.title,
      body: p.body,
      kind: 'campaign',
      why: p.why,
      link: coupon ? couponLink(coupon.id) : null,
      action: coupon ? '去使用' : null,
    })
    sentToState++
  }
  const kept = keptCampaigns(db)
  const since = now - RULES.capDays * DAY_MS
  const record: CampaignRecord = {
    id: `cmp-${now.toString(36)}-${kept.length + 1}`,
    at: now,
    segmentId: p.segmentId,
    templateId: p.offer?.templateId ?? null,
    title: p.title,
    body: p.body,
    why: p.why,
    reach: p.reach,
    capped: p.capped,
    sent: p.recipients.length,
    sentToState,
    expectedRedemptionPct: p.expectedRedemptionPct,
    expectedRedemptions: p.expectedRedemptions,
    faceValueFen: p.faceValueFen,
    populationSent: encodeBitmap(reached, population.members.length),
    populationSeed: population.seed,
  }
  // Bitmaps are only needed while they count toward the cap; the counts stay for the list.
  db.campaigns = [
    ...kept.map((c) => (c.at > since || c.populationSent === null ? c : { ...c, populationSent: null })),
    record,
  ].slice(-CAMPAIGNS_KEPT)
  return view(db, record)
}

/** A campaign with its results: coupons it gave members in the state that were used since. */
function view(db: Db, c: CampaignRecord): Campaign {
  let couponsUsed = 0
  if (c.templateId !== null)
    for (const m of Object.values(db.members))
      for (const cp of m.coupons)
        if (cp.source === MESSAGE_SOURCE && cp.obtainedAt === c.at && cp.templateId === c.templateId)
          couponsUsed += cp.status === 'used' ? 1 : 0
  const offerTitle = c.templateId === null ? null : couponTitle(coupons.template(db, c.templateId))
  return {
    id: c.id,
    at: c.at,
    segmentId: c.segmentId,
    segmentName: segmentInfo(c.segmentId).name,
    templateId: c.templateId,
    offerTitle,
    title: c.title,
    body: c.body,
    reach: c.reach,
    capped: c.capped,
    sent: c.sent,
    sentToState: c.sentToState,
    expectedRedemptions: c.expectedRedemptions,
    expectedCostFen: c.faceValueFen * c.expectedRedemptions,
    couponsUsed,
  }
}

export function list(db: Db): CampaignsList {
  return {
    rules: { weeklyCap: RULES.weeklyCap, capDays: RULES.capDays },
    offers: offers(db),
    campaigns: [...keptCampaigns(db)].reverse().map((c) => view(db, c)),
  }
}
