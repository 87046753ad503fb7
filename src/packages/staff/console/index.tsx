import { useRef, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import type { Campaign, CampaignPreview, CampaignRequest, Economics, SegmentView } from '@/api/contract'
// Skeleton, button, error state: the order every page imports their styles in (one CSS order for the shared chunk).
import { SkeletonBlock } from '@/components/skeleton'
import { Button } from '@/components/button'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { formatDay, formatDayTime } from '@/domain/format'
import { serverNow } from '@/stores/api'
import { useConsole } from '@/stores/console'
import { describeError } from '@/stores/errors'
import { useStaff } from '@/stores/staff'
import { ChartCanvas } from './chart'
import { CHART_COLORS, drawMonthlyBars, drawShareBars } from './chart/draw'
import { count, monthLabel, pct, yuanShort } from './format'
import './index.scss'

type SegmentId = SegmentView['id']
type Tab = 'segments' | 'campaigns' | 'economics'
const TABS: { id: Tab; title: string }[] = [
  { id: 'segments', title: '会员分群' },
  { id: 'campaigns', title: '定向活动' },
  { id: 'economics', title: '积分经济' },
]

/** 运营台: RFM segments, campaigns to a segment, the programme's economics. Staff key only. */
export default function ConsolePage() {
  const staffKey = useStaff((s) => s.key)
  const keyRefused = useConsole((s) => s.keyRefused)
  const { params } = useRouter()
  const [tab, setTab] = useState<Tab>('segments')
  const [segmentId, setSegmentId] = useState<SegmentId | null>(null)

  const loadAll = () => {
    const c = useConsole.getState()
    // Segments first: the first call builds the demo population; the other two then answer at once.
    void c.loadSegments().then(() => {
      if (!useStaff.getState().key) return
      void c.loadCampaigns()
      void c.loadEconomics()
    })
  }

  useDidShow(() => {
    // A demo link carries the key (`?staffKey=`): kept as if typed in on 我的.
    const fromLink = params.staffKey ? decodeURIComponent(params.staffKey) : ''
    if (fromLink && fromLink !== useStaff.getState().key) {
      useConsole.getState().reset()
      useStaff.getState().setKey(fromLink)
    }
    if (useStaff.getState().key) loadAll()
  })

  if (!staffKey) return <KeyGate refused={keyRefused} onKey={loadAll} />

  return (
    <View className='page console-page'>
      <View className='console-tabs'>
        {TABS.map((t) => (
          <View
            key={t.id}
            className={`console-tabs__tab${tab === t.id ? ' console-tabs__tab--on' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.title}
          </View>
        ))}
      </View>
      <Overview />
      {tab === 'segments' ? (
        <Segments
          onCampaign={(id) => {
            setSegmentId(id)
            setTab('campaigns')
          }}
        />
      ) : null}
      {tab === 'campaigns' ? <Campaigns segmentId={segmentId} onSegment={setSegmentId} /> : null}
      {tab === 'economics' ? <EconomicsView /> : null}
    </View>
  )
}

/** The staff key, typed in here when the phone has none (a wrong one is refused in words). */
function KeyGate({ refused, onKey }: { refused: string | null; onKey: () => void }) {
  const [draft, setDraft] = useState('')
  return (
    <View className='page console-page'>
      <View className='section console-gate'>
        <Text className='section__title'>运营台 · 输入员工密钥</Text>
        <Text className='muted'>运营台仅供品牌运营人员使用。员工密钥由门店管理员提供，只保存在本机。</Text>
        <Input
          className='console-gate__input'
          placeholder='员工密钥'
          value={draft}
          onInput={(e) => setDraft(e.detail.value)}
        />
        {refused ? <Text className='console-page__error console-gate__error'>{refused}</Text> : null}
        <Button
          className='console-gate__enter'
          disabled={!draft.trim()}
          onClick={() => {
            useConsole.getState().reset()
            useStaff.getState().setKey(draft)
            onKey()
          }}
        >
          进入运营台
        </Button>
      </View>
    </View>
  )
}

/** The member base at a glance; the first open builds the demo population, which takes a moment. */
function Overview() {
  const { data, loading, error } = useConsole((s) => s.segments)
  if (!data && error) return <ErrorState message={error} onRetry={() => void useConsole.getState().loadSegments()} />
  if (!data)
    return (
      <View className='section console-overview' aria-busy={loading ? 'true' : 'false'}>
        <Text className='console-overview__generating'>正在生成演示会员…</Text>
        <SkeletonBlock className='console-page__skeleton-line' />
        <SkeletonBlock className='console-page__skeleton-line console-page__skeleton-line--short' />
      </View>
    )
  return (
    <View className='section console-overview'>
      {error ? <RetryNotice message={error} onRetry={() => void useConsole.getState().loadSegments()} /> : null}
      <View className='console-figures'>
        <Figure label='会员' value={`${count(data.members)} 人`} />
        <Figure label='近 12 个月会员消费' value={yuanShort(data.salesFen)} />
        <Figure label='前 20% 会员贡献的销售额' value={pct(data.top20SharePct)} />
      </View>
      <Text className='muted console-overview__note'>
        模拟会员 {count(data.populationMembers)} 人 + 已入会会员 {count(data.stateMembers)} 人 · 截至{' '}
        {formatDay(data.asOf, serverNow())}
      </Text>
    </View>
  )
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <View className='console-figure'>
      <Text className='console-figure__value'>{value}</Text>
      <Text className='console-figure__label'>{label}</Text>
    </View>
  )
}

function recency(days: number | null): string {
  return days === null ? '从未到店' : days === 0 ? '今天到店' : `${days} 天未到店`
}

function Segments({ onCampaign }: { onCampaign: (id: SegmentId) => void }) {
  const { data } = useConsole((s) => s.segments)
  if (!data) return null
  if (!data.segments.some((s) => s.members > 0))
    return <Text className='console-page__empty'>还没有会员，分群会在会员到店消费后出现</Text>
  return (
    <View className='console-segments'>
      {data.segments.map((s) => (
        <View key={s.id} className='section console-segment' data-segment={s.id}>
          <View className='console-segment__head'>
            <Text className='console-segment__name'>{s.name}</Text>
            <Text className='console-segment__members'>
              {count(s.members)} 人 · {pct(data.members ? (s.members / data.members) * 100 : 0)}
            </Text>
          </View>
          <Text className='console-segment__meaning'>{s.meaning}</Text>
          <Text className='console-segment__money'>
            消费 {yuanShort(s.spendFen)} · 占销售额 {pct(s.shareOfSalesPct)} · 人均 {yuanShort(s.avgSpendFen)}
          </Text>
          <View className='console-segment__bar'>
            <View
              className='console-segment__bar-fill'
              style={{ width: `${Math.min(100, Math.max(0, s.shareOfSalesPct))}%` }}
            />
          </View>
          {s.examples.length ? (
            <View className='console-segment__examples'>
              {s.examples.map((e, i) => (
                <Text key={i} className='console-segment__example'>
                  {e.name}（{e.tierName}）· {recency(e.recencyDays)} · 一年 {e.frequency} 次 ·{' '}
                  {yuanShort(e.monetaryFen)}
                  {e.persona ? ' · 演示身份' : ''}
                </Text>
              ))}
            </View>
          ) : null}
          {s.members > 0 ? (
            <Button variant='outlined' size='small' className='console-segment__go' onClick={() => onCampaign(s.id)}>
              给这群会员发活动
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}

/** 'none' is a message alone. */
type OfferChoice = string | 'none'

function Campaigns({ segmentId, onSegment }: { segmentId: SegmentId | null; onSegment: (id: SegmentId) => void }) {
  const segments = useConsole((s) => s.segments.data)
  const { data, loading, error } = useConsole((s) => s.campaigns)
  const [offer, setOffer] = useState<OfferChoice | null>(null)
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [preview, setPreview] = useState<CampaignPreview | null>(null)
  const [result, setResult] = useState<Campaign | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // A ref, not state: a double tap lands before the re-render that would disable the button.
  const inFlight = useRef(false)

  if (!data && error) return <ErrorState message={error} onRetry={() => void useConsole.getState().loadCampaigns()} />
  if (!data || !segments)
    return (
      <View className='section' aria-busy={loading ? 'true' : 'false'}>
        <SkeletonBlock className='console-page__skeleton-line' />
        <SkeletonBlock className='console-page__skeleton-line console-page__skeleton-line--short' />
      </View>
    )

  const changed = (fn: () => void) => {
    fn()
    setPreview(null)
    setResult(null)
    setMessage(null)
  }

  const request = (): CampaignRequest | string => {
    if (!segmentId) return '请先选择一个会员分群'
    if (!offer) return '请选择要发送的优惠券，或选择仅发消息'
    const t = title.trim()
    const b = body.trim()
    if (offer === 'none' && (!t || !b)) return '仅发消息时，请填写消息标题和内容'
    if ((t && !b) || (!t && b)) return '消息标题和内容请一起填写，或都留空使用默认文案'
    return {
      segmentId,
      templateId: offer === 'none' ? null : offer,
      message: t && b ? { title: t, body: b } : null,
    }
  }

  async function run(fn: () => Promise<void>) {
    if (inFlight.current) return
    inFlight.current = true
    setBusy(true)
    setMessage(null)
    try {
      await fn()
    } catch (e) {
      setMessage(describeError(e))
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  const doPreview = () =>
    run(async () => {
      const r = request()
      if (typeof r === 'string') return setMessage(r)
      setResult(null)
      setPreview(await useConsole.getState().preview(r))
    })

  const doSend = () =>
    run(async () => {
      const r = request()
      if (typeof r === 'string' || !preview) return
      const { confirm } = await Taro.showModal({
        title: '确认发送',
        content: `向「${preview.segmentName}」的 ${count(preview.sendTo)} 位会员发送${preview.offerTitle ? `「${preview.offerTitle}」` : '消息'}？发送后不能撤回。`,
        confirmText: '发送',
      })
      if (!confirm) return
      const campaign = await useConsole.getState().send(r)
      setPreview(null)
      setResult(campaign)
      // The figures that a send moves (coupons out, expected cost) are read again.
      void useConsole.getState().loadEconomics()
    })

  return (
    <View className='console-campaigns'>
      <View className='section'>
        <Text className='section__title'>发起定向活动</Text>
        <Text className='console-field__label'>1. 选择会员分群</Text>
        <View className='console-chips'>
          {segments.segments
            .filter((s) => s.members > 0)
            .map((s) => (
              <View
                key={s.id}
                className={`console-chip${segmentId === s.id ? ' console-chip--on' : ''}`}
                onClick={() => changed(() => onSegment(s.id))}
              >
                {s.name} {count(s.members)}
              </View>
            ))}
        </View>
        <Text className='console-field__label'>2. 选择优惠券或仅发消息</Text>
        <View className='console-chips'>
          {data.offers.map((o) => (
            <View
              key={o.templateId}
              className={`console-chip${offer === o.templateId ? ' console-chip--on' : ''}`}
              onClick={() => changed(() => setOffer(o.templateId))}
            >
              {o.title}
            </View>
          ))}
          <View
            className={`console-chip${offer === 'none' ? ' console-chip--on' : ''}`}
            onClick={() => changed(() => setOffer('none'))}
          >
            仅发消息
          </View>
        </View>
        <Text className='console-field__label'>3. 消息（选填，留空则使用默认文案）</Text>
        <Input
          className='console-field__input'
          maxlength={20}
          placeholder='消息标题（20 字内）'
          value={title}
          onInput={(e) => changed(() => setTitle(e.detail.value))}
        />
        <Input
          className='console-field__input'
          maxlength={80}
          placeholder='消息内容（80 字内）'
          value={body}
          onInput={(e) => changed(() => setBody(e.detail.value))}
        />
        <Text className='muted console-campaigns__rule'>
          每位会员 {data.rules.capDays} 天内最多收到 {data.rules.weeklyCap} 次活动，超出的会员本次跳过
        </Text>
        <Button
          variant='outlined'
          className='console-campaigns__preview'
          disabled={busy}
          onClick={() => void doPreview()}
        >
          预览触达与成本
        </Button>
        {message ? <Text className='console-page__error'>{message}</Text> : null}
      </View>

      {preview ? (
        <View className='section console-preview'>
          <Text className='section__title'>发送预览</Text>
          <View className='console-figures'>
            <Figure label='分群会员' value={`${count(preview.reach)} 人`} />
            <Figure label='将发送' value={`${count(preview.sendTo)} 人`} />
            <Figure label={`${data.rules.capDays} 天内已达上限跳过`} value={`${count(preview.capped)} 人`} />
          </View>
          <View className='console-figures'>
            <Figure
              label={`预计核销（${pct(preview.expectedRedemptionPct)}）`}
              value={preview.offerTitle ? `${count(preview.expectedRedemptions)} 张` : '—'}
            />
            <Figure label='预计成本' value={preview.offerTitle ? yuanShort(preview.expectedCostFen) : '¥0'} />
            <Figure label='内容' value={preview.offerTitle ?? '仅消息'} />
          </View>
          <View className='console-notice'>
            <Text className='console-notice__title'>{preview.message.title}</Text>
            <Text className='console-notice__body'>{preview.message.body}</Text>
            <Text className='console-notice__why'>{preview.message.why}</Text>
          </View>
          <Button className='console-preview__send' disabled={busy} loading={busy} onClick={() => void doSend()}>
            确认发送
          </Button>
        </View>
      ) : null}

      {result ? (
        <View className='section console-result'>
          <Text className='section__title'>已发送</Text>
          <Text className='console-result__line'>
            已发送 {count(result.sent)} 人 · 因 {data.rules.capDays} 天内已达上限跳过 {count(result.capped)} 人
          </Text>
          <Text className='muted'>
            「{result.segmentName}」· {result.offerTitle ?? '仅消息'} · 预计成本 {yuanShort(result.expectedCostFen)}
          </Text>
        </View>
      ) : null}

      <View className='section console-history'>
        <Text className='section__title'>历史活动</Text>
        {data.campaigns.length === 0 ? (
          <Text className='console-page__empty-line'>还没有发过活动</Text>
        ) : (
          data.campaigns.map((c) => (
            <View key={c.id} className='console-history__row'>
              <Text className='console-history__title'>
                {c.segmentName} · {c.offerTitle ?? '仅消息'}
              </Text>
              <Text className='muted'>
                {formatDayTime(c.at, serverNow())} · 发送 {count(c.sent)} 人 · 跳过 {count(c.capped)} 人 · 已核销{' '}
                {count(c.couponsUsed)} 张 · 预计成本 {yuanShort(c.expectedCostFen)}
              </Text>
            </View>
          ))
        )}
      </View>
    </View>
  )
}

function EconomicsView() {
  const { data, loading, error } = useConsole((s) => s.economics)
  if (!data && error) return <ErrorState message={error} onRetry={() => void useConsole.getState().loadEconomics()} />
  if (!data)
    return (
      <View className='section' aria-busy={loading ? 'true' : 'false'}>
        <SkeletonBlock className='console-page__skeleton-chart' />
      </View>
    )
  return <EconomicsFigures data={data} />
}

function EconomicsFigures({ data }: { data: Economics }) {
  const { points, cost, sales, rules } = data
  const months = data.monthly.map((m) => ({
    label: monthLabel(m.month),
    issued: m.issued,
    redeemed: m.redeemed,
    expired: m.expired,
  }))
  const shares = [
    {
      label: '本会员计划',
      share: cost.shareOfMemberSalesPct / 100,
      text: pct(cost.shareOfMemberSalesPct),
      strong: true,
    },
    {
      label: '传统积分计划',
      share: rules.traditionalCostPct / 100,
      text: `约 ${pct(rules.traditionalCostPct)}`,
      strong: false,
    },
  ]
  return (
    <View className='console-economics'>
      <View className='section'>
        <Text className='section__title'>{data.year} 年至今的积分</Text>
        <View className='console-figures'>
          <Figure label='发放' value={count(points.issued)} />
          <Figure label='兑换' value={count(points.redeemed)} />
          <Figure label='过期' value={count(points.expired)} />
        </View>
        {months.some((m) => m.issued || m.redeemed || m.expired) ? (
          <>
            <ChartCanvas
              canvasId='console-months'
              height={180}
              version={JSON.stringify(months)}
              label={`按月积分：${months.map((m) => `${m.label}发放${m.issued}兑换${m.redeemed}过期${m.expired}`).join('，')}`}
              draw={(ctx, w, h) => drawMonthlyBars(ctx, w, h, months)}
            />
            <View className='console-legend'>
              <Legend colour={CHART_COLORS.issued} text='发放' />
              <Legend colour={CHART_COLORS.redeemed} text='兑换' />
              <Legend colour={CHART_COLORS.expired} text='过期' />
            </View>
          </>
        ) : (
          <Text className='console-page__empty-line'>今年还没有积分记录</Text>
        )}
      </View>

      <View className='section'>
        <Text className='section__title'>未兑换积分与负债</Text>
        <View className='console-figures'>
          <Figure label='未兑换积分' value={count(points.outstanding)} />
          <Figure label='预计负债' value={yuanShort(points.liabilityFen)} />
        </View>
        <View className='console-figures'>
          <Figure label='兑换率' value={pct(points.redemptionRatePct)} />
          <Figure label='过期率（沉淀）' value={pct(points.breakagePct)} />
        </View>
        <Text className='muted console-economics__note'>
          负债 = 未兑换积分 ÷ {rules.pointsPerYuan} 分/元 × 预计兑换比例 {pct(rules.expectedRedemptionPct)}
        </Text>
      </View>

      <View className='section'>
        <Text className='section__title'>计划成本占会员销售额</Text>
        <ChartCanvas
          canvasId='console-share'
          height={72}
          version={JSON.stringify(shares)}
          label={`本会员计划成本占会员销售额 ${pct(cost.shareOfMemberSalesPct)}，传统积分计划约 ${pct(rules.traditionalCostPct)}`}
          draw={(ctx, w, h) => drawShareBars(ctx, w, h, shares)}
        />
        <Text className='console-economics__line'>
          成本 {yuanShort(cost.totalFen)}（积分兑换 {yuanShort(cost.redemptionsFen)} · 优惠券{' '}
          {yuanShort(cost.couponsFen)} · 联盟权益 {yuanShort(cost.partnerPerksFen)} · 体验官{' '}
          {yuanShort(cost.trialVouchersFen)}）
        </Text>
        <Text className='console-economics__line'>
          会员销售额 {yuanShort(sales.memberSalesFen)}，占全部销售 {pct(sales.memberSharePct)}
        </Text>
        {sales.nonMemberSource === 'assumption' ? <Text className='muted'>非会员销售额按行业常见比例估算</Text> : null}
      </View>
    </View>
  )
}

function Legend({ colour, text }: { colour: string; text: string }) {
  return (
    <View className='console-legend__item'>
      <View className='console-legend__swatch' style={{ background: colour }} />
      <Text>{text}</Text>
    </View>
  )
}
