/**
 * The contract's error codes as the OpenAPI document tells them: HTTP status, a Chinese message as
 * the backend words it (an example where the message carries values), and where the code can come
 * from. The backend throws these itself (mock/engine, mock/router.ts, mock/server/http.ts);
 * tests/unit/openapi.test.ts scans that source and fails when a code or status there is missing here.
 */
import type { EndpointName } from '../src/api/contract'
import { INSTALLED_ENDPOINTS } from '../mock/router'

/**
 * Where a code can be answered: `any` endpoint; every endpoint with a request schema (`request`); every
 * POST over HTTP (`body`); every endpoint of an auth kind; every idempotent one; a route the contract
 * does not have (`unrouted`); or the named endpoints.
 */
export type ErrorScope =
  'any' | 'request' | 'body' | 'member' | 'till' | 'idempotent' | 'unrouted' | readonly EndpointName[]

export interface ErrorCode {
  code: string
  status: number
  /** The Chinese message the backend sends (an example of it when it names a reward, a date…). */
  message: string
  scope: ErrorScope
  /** A member-endpoint code that every member endpoint except these can answer. */
  except?: readonly EndpointName[]
}

/** Member endpoints that work before the member has joined (or without the member at all). */
const BEFORE_JOINING: readonly EndpointName[] = ['join', 'logout', 'setDemoClock']

/** Endpoints that take the staff key (a persona rebuild only with `reset`). */
const STAFF_ROUTES: readonly EndpointName[] = [
  'setDemoClock',
  'personaLogin',
  'staffListTrials',
  'staffCloseTrial',
  'staffReplyTrial',
  'staffConsoleSegments',
  'staffListCampaigns',
  'staffPreviewCampaign',
  'staffSendCampaign',
  'staffConsoleEconomics',
]

export const ERROR_CODES: readonly ErrorCode[] = [
  // Any request (mock/router.ts dispatch, mock/server/http.ts).
  { code: 'internal', status: 500, message: '服务暂时不可用，请稍后重试', scope: 'any' },
  { code: 'storage_failed', status: 500, message: '服务暂时不可用，请稍后重试', scope: 'any' },
  { code: 'not_found', status: 404, message: '接口不存在', scope: 'unrouted' },
  { code: 'method_not_allowed', status: 405, message: '不支持的请求方式', scope: 'unrouted' },
  { code: 'invalid_request', status: 400, message: '请求参数有误（amountFen）：金额必须大于 0', scope: 'request' },
  { code: 'invalid_json', status: 400, message: '请求体不是有效的 JSON', scope: 'body' },
  {
    code: 'unsupported_media_type',
    status: 415,
    message: '请求体必须是 JSON（Content-Type: application/json）',
    scope: 'body',
  },
  { code: 'payload_too_large', status: 413, message: '请求体过大，上限为 64 KB', scope: 'body' },
  { code: 'missing_idempotency_key', status: 400, message: '请求缺少有效的幂等编号', scope: 'idempotent' },
  {
    code: 'idempotency_key_reused',
    status: 422,
    message: '同一请求编号对应了不同的内容，请重新操作',
    scope: 'idempotent',
  },
  { code: 'request_in_progress', status: 409, message: '请求正在处理中，请稍候', scope: 'idempotent' },
  // Who is calling.
  { code: 'unauthorized', status: 401, message: '登录已失效，请重新登录', scope: 'member' },
  { code: 'not_member', status: 404, message: '还不是会员，请先入会', scope: 'member', except: BEFORE_JOINING },
  { code: 'till_unauthorized', status: 401, message: '收银台密钥无效，请联系门店管理员', scope: 'till' },
  { code: 'till_locked', status: 429, message: '该收银台校验失败次数过多，已暂停使用 15 分钟', scope: 'till' },
  {
    code: 'staff_key_required',
    status: 401,
    message: '这项操作需要员工密钥，请先填写员工密钥',
    scope: STAFF_ROUTES,
  },
  {
    code: 'staff_unauthorized',
    status: 401,
    message: '员工密钥无效，请向门店管理员核对后重新填写',
    scope: STAFF_ROUTES,
  },
  {
    code: 'staff_only',
    status: 403,
    message: '这项操作仅限员工：会员登录不能调整演示时间或重置演示身份，请填写员工密钥',
    scope: STAFF_ROUTES,
  },
  {
    code: 'till_other_store',
    status: 403,
    message: '本收银台属于徐汇滨江店，不能为静安寺店结账',
    scope: ['tillVerify', 'tillCheckout', 'tillRefund'],
  },
  // Joining and the profile.
  { code: 'invalid_phone', status: 400, message: '请输入 11 位中国大陆手机号', scope: ['join'] },
  { code: 'invalid_nickname', status: 400, message: '请输入昵称', scope: ['join', 'updateProfile'] },
  { code: 'invalid_birthday', status: 400, message: '生日格式应为 年-月-日', scope: ['join', 'updateProfile'] },
  { code: 'invalid_city', status: 400, message: '城市名称过长', scope: ['join', 'updateProfile'] },
  { code: 'already_member', status: 409, message: '你已经是会员了', scope: ['join'] },
  { code: 'phone_taken', status: 409, message: '该手机号已绑定其他会员卡', scope: ['join'] },
  { code: 'invalid_invite', status: 400, message: '邀请码无效，请核对后再试，或留空', scope: ['join'] },
  // 邀请有礼 at joining.
  {
    code: 'invite_own_phone',
    status: 409,
    message: '这是邀请人本人的手机号，不能用来接受邀请，请换用你自己的手机号',
    scope: ['join'],
  },
  { code: 'self_invite', status: 400, message: '不能使用自己的邀请码，分享给好友吧', scope: ['join'] },
  { code: 'invite_codes_exhausted', status: 503, message: '暂时无法入会，请稍后再试', scope: ['join'] },
  // A part of an in-process backend installed with its page (mock/parts/), asked before the page loaded it.
  {
    code: 'service_not_loaded',
    status: 503,
    message: '这项服务还没有加载，请返回后重新打开',
    scope: INSTALLED_ENDPOINTS,
  },
  // Rewards.
  { code: 'reward_unknown', status: 404, message: '该礼品已下架，请刷新后再看看', scope: ['redeemReward'] },
  { code: 'tier_too_low', status: 403, message: '该礼品仅限金卡及以上会员兑换', scope: ['redeemReward'] },
  { code: 'out_of_stock', status: 409, message: '星巴克星冰乐已兑完，看看其他礼品吧', scope: ['redeemReward'] },
  {
    code: 'insufficient_points',
    status: 409,
    message: '积分不足：兑换拿铁一杯需要 680 积分，还差 120 积分',
    scope: ['redeemReward'],
  },
  // Coupons.
  { code: 'coupon_unknown', status: 404, message: '找不到这张券，请刷新后再试', scope: ['selectCoupon'] },
  { code: 'coupon_unavailable', status: 409, message: '这张券已经用过了', scope: ['selectCoupon'] },
  { code: 'coupon_unknown', status: 404, message: '这张券不属于该会员，请让顾客重新选择', scope: ['tillCheckout'] },
  { code: 'coupon_repeated', status: 400, message: '同一张券不能重复使用', scope: ['tillCheckout'] },
  { code: 'coupon_limit', status: 409, message: '每单限用 1 张券', scope: ['tillCheckout'] },
  { code: 'coupon_used', status: 409, message: '这张券已经用过了', scope: ['tillCheckout'] },
  { code: 'coupon_not_applicable', status: 409, message: '本单 ¥38，满 ¥50 才能使用', scope: ['tillCheckout'] },
  { code: 'coupon_needs_code', status: 400, message: '使用优惠券需要先扫描会员码', scope: ['tillCheckout'] },
  // Member days.
  {
    code: 'offer_unknown',
    status: 404,
    message: '找不到这项会员日福利，请刷新后再试',
    scope: ['claimMemberDayCoupon'],
  },
  {
    code: 'not_member_day',
    status: 409,
    message: '会员日当天才能领取，下一个会员日是 12月18日',
    scope: ['claimMemberDayCoupon'],
  },
  {
    code: 'offer_not_today',
    status: 409,
    message: '这张券只在季度会员日发放，3月18日再来领',
    scope: ['claimMemberDayCoupon'],
  },
  {
    code: 'tier_too_low',
    status: 403,
    message: '金卡及以上会员才能领取，你目前是银卡',
    scope: ['claimMemberDayCoupon'],
  },
  {
    code: 'claim_limit',
    status: 409,
    message: '每位会员每个会员日限领 1 张，你已经领满了，下个会员日再来',
    scope: ['claimMemberDayCoupon'],
  },
  // The till: member codes, stores, receipts.
  {
    code: 'unknown_store',
    status: 400,
    message: '门店编号不存在，请选择正确的门店',
    scope: ['tillVerify', 'tillCheckout'],
  },
  {
    code: 'code_malformed',
    status: 400,
    message: '会员码格式不正确（应为 66 开头的 18 位数字），请重新扫描',
    scope: ['tillVerify', 'tillCheckout'],
  },
  {
    code: 'card_closed',
    status: 410,
    message: '该会员已注销账号，会员码已失效，可请顾客重新入会',
    scope: ['tillVerify', 'tillCheckout'],
  },
  {
    code: 'code_unknown',
    status: 404,
    message: '未找到该会员，请让顾客刷新会员码后重新出示',
    scope: ['tillVerify', 'tillCheckout'],
  },
  {
    code: 'code_locked',
    status: 423,
    message: '该会员码校验失败次数过多，已临时锁定，请顾客 15 分钟后再试',
    scope: ['tillVerify', 'tillCheckout'],
  },
  {
    code: 'code_used',
    status: 409,
    message: '该会员码已使用过，请让顾客刷新后重新出示',
    scope: ['tillVerify', 'tillCheckout'],
  },
  {
    code: 'code_expired',
    status: 410,
    message: '会员码已过期，请让顾客刷新后重新出示',
    scope: ['tillVerify', 'tillCheckout'],
  },
  {
    code: 'code_invalid',
    status: 403,
    message: '会员码无效，请让顾客打开小程序重新出示',
    scope: ['tillVerify', 'tillCheckout'],
  },
  { code: 'receipt_unknown', status: 404, message: '找不到这张小票，请核对小票号', scope: ['tillRefund'] },
  {
    code: 'receipt_invalid',
    status: 400,
    message: '无法识别这张小票的二维码，请扫描小票底部的积分二维码',
    scope: ['claimReceipt'],
  },
  { code: 'receipt_refunded', status: 409, message: '这张小票已退款，不能再领取积分', scope: ['claimReceipt'] },
  { code: 'receipt_claimed', status: 409, message: '这张小票的积分你已经领取过了', scope: ['claimReceipt'] },
  { code: 'receipt_expired', status: 410, message: '小票已超过 7 天，无法补录积分', scope: ['claimReceipt'] },
  // 体验官.
  {
    code: 'trial_unknown',
    status: 404,
    message: '找不到这期体验官招募，请刷新后再试',
    scope: ['applyTrial', 'sendTrialFeedback', 'staffCloseTrial', 'staffReplyTrial'],
  },
  { code: 'trial_applied', status: 409, message: '你已经申请过了，12月2日报名截止后公布结果', scope: ['applyTrial'] },
  { code: 'trial_not_open', status: 409, message: '12月2日开始报名', scope: ['applyTrial', 'staffCloseTrial'] },
  { code: 'trial_closed', status: 409, message: '报名已于11月15日截止', scope: ['applyTrial', 'staffCloseTrial'] },
  { code: 'trial_tier', status: 403, message: '金卡及以上会员可申请，你目前是银卡', scope: ['applyTrial'] },
  { code: 'trial_full', status: 409, message: '本期报名已满（200 人），下期早点来', scope: ['applyTrial'] },
  { code: 'trial_not_selected', status: 403, message: '入选本期体验官后才能提交反馈', scope: ['sendTrialFeedback'] },
  {
    code: 'feedback_given',
    status: 409,
    message: '你已经提交过本期反馈了，每期只能提交一次',
    scope: ['sendTrialFeedback'],
  },
  {
    code: 'feedback_too_early',
    status: 409,
    message: '请先到店用体验券兑换瑰夏手冲，品尝后再来反馈',
    scope: ['sendTrialFeedback'],
  },
  { code: 'feedback_closed', status: 409, message: '反馈已于12月7日截止', scope: ['sendTrialFeedback'] },
  { code: 'feedback_unknown', status: 404, message: '这位会员还没有提交本期反馈', scope: ['staffReplyTrial'] },
  { code: 'reply_empty', status: 400, message: '请填写回复', scope: ['staffReplyTrial'] },
  // 联盟权益.
  {
    code: 'perk_unknown',
    status: 404,
    message: '这项联盟权益已下架，请刷新后再看看',
    scope: ['claimPartnerPerk'],
  },
  { code: 'perk_tier', status: 403, message: '黑金会员专享，你目前是金卡', scope: ['claimPartnerPerk'] },
  { code: 'perk_claimed', status: 409, message: '本月已领取，1月1日可再领', scope: ['claimPartnerPerk'] },
  { code: 'perk_sold_out', status: 409, message: '本月名额已领完，1月1日再来', scope: ['claimPartnerPerk'] },
  // The card's hero slot and the badge ceremony.
  {
    code: 'hero_offer_unknown',
    status: 404,
    message: '这份礼遇已结束，请刷新后再看看',
    scope: ['claimHeroOffer'],
  },
  {
    code: 'hero_offer_claimed',
    status: 409,
    message: '你已经领过这张券了，在「优惠券」里可以找到',
    scope: ['claimHeroOffer'],
  },
  {
    code: 'hero_offer_not_for_you',
    status: 403,
    message: '这份礼遇只送给一段时间没来的会员',
    scope: ['claimHeroOffer'],
  },
  { code: 'badge_unknown', status: 404, message: '没有这枚徽章', scope: ['markCelebrated'] },
  // 运营台 campaigns (mock/engine/campaigns.ts).
  {
    code: 'campaign_empty',
    status: 400,
    message: '请选择一张优惠券，或填写一条消息',
    scope: ['staffPreviewCampaign', 'staffSendCampaign'],
  },
  {
    code: 'offer_not_found',
    status: 404,
    message: '没有这张可用于活动的优惠券，请从列表中选择',
    scope: ['staffPreviewCampaign', 'staffSendCampaign'],
  },
  // 消息 and WeChat reminders.
  {
    code: 'message_unknown',
    status: 404,
    message: '找不到这条消息，可能已删除，请刷新后再试',
    scope: ['readMessages', 'deleteMessage'],
  },
  { code: 'subscription_unknown', status: 400, message: '没有这种提醒，请刷新后再试', scope: ['addSubscriptions'] },
]
