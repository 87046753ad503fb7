import { useMemo, useState, type ReactElement } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { LedgerType } from '@/api/contract'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { formatPoints } from '@/domain/money'
import { useCard, useOwnCard } from '@/stores/card'
import { usePoints } from '@/stores/points'
import { ROUTES } from '@/pages/routes'
import { LEDGER_FILTERS, emptyLedgerCopy, expiryLine, expirySummary, nothingExpiring } from './ledger-copy'
import { LedgerList } from './ledger-list'
import { ROW_DESIGN_PX, designPx, windowSize } from './virtual-window'
import './index.scss'

function LedgerSkeleton() {
  return (
    <View className='points-skeleton' aria-busy='true' aria-label='加载中'>
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <View key={i} className='points-skeleton__row'>
          <View className='points-skeleton__line' />
          <View className='points-skeleton__line points-skeleton__line--short' />
        </View>
      ))}
    </View>
  )
}

export default function PointsPage() {
  const card = useOwnCard()
  const summary = usePoints((s) => s.summary)
  const summaryError = usePoints((s) => s.summaryError)
  const expiringWithinDays = useCard((s) => s.programme?.horizons.expiringWithinDays ?? null)
  const ledger = usePoints((s) => s.ledger)
  const [filter, setFilter] = useState<LedgerType | null>(null)
  // Until the page first asks, the store's ledger is not an answer (no empty state flashes).
  const [asked, setAsked] = useState(false)
  // The lapsing lots behind the one summary line, shown on a tap.
  const [lotsOpen, setLotsOpen] = useState(false)
  // Sizes are read once: a row's height and the most the list can show at once.
  const rowHeight = useMemo(() => designPx(ROW_DESIGN_PX), [])
  const viewportHeight = useMemo(() => windowSize().height, [])

  const load = (type: LedgerType | null) =>
    Promise.all([usePoints.getState().loadSummary(), usePoints.getState().loadLedger(type)])

  useDidShow(() => {
    setAsked(true)
    void load(filter)
    // The expiring horizon is a programme rule; the page still works without it.
    void useCard
      .getState()
      .ensureProgramme()
      .catch(() => undefined)
  })
  usePullDownRefresh(() => {
    void load(filter).finally(() => Taro.stopPullDownRefresh())
  })

  const choose = (type: LedgerType | null) => {
    if (type === filter && ledger.type === type && !ledger.error) return
    setFilter(type)
    void usePoints.getState().loadLedger(type)
  }

  const balance = summary?.balance ?? card?.points ?? null
  const current = asked && ledger.type === filter
  const entries = current ? ledger.entries : []

  let body: ReactElement
  if (entries.length > 0) {
    body = (
      <LedgerList
        entries={entries}
        rowHeight={rowHeight}
        viewportHeight={viewportHeight}
        hasMore={ledger.nextCursor !== null}
        loading={ledger.loading}
        error={ledger.error}
        onLoadMore={() => void usePoints.getState().loadMore()}
      />
    )
  } else if (current && ledger.error && !ledger.loading) {
    body = <ErrorState message={ledger.error} onRetry={() => void usePoints.getState().loadLedger(filter)} />
  } else if (current && ledger.answered && !ledger.loading && ledger.nextCursor === null) {
    body = <Text className='points-page__empty'>{emptyLedgerCopy(filter)}</Text>
  } else {
    body = <LedgerSkeleton />
  }

  return (
    <View className='points-page'>
      <View className='points-page__head'>
        <Text className='points-page__label'>当前积分</Text>
        {balance === null ? (
          <View className='points-skeleton__balance' />
        ) : (
          <Text className='points-page__balance'>{formatPoints(balance)}</Text>
        )}
        {summary ? (
          summary.expiring.length > 0 ? (
            <View className='points-expiring'>
              <View className='points-expiring__head'>
                <Text className='points-expiring__text'>
                  {summary.expiring.length === 1
                    ? expiryLine(summary.expiring[0], summary.balanceBuys)
                    : expirySummary(summary.expiring, expiringWithinDays)}
                </Text>
                <Text className='points-expiring__go' onClick={() => void Taro.navigateTo({ url: ROUTES.rewards })}>
                  去兑换
                </Text>
              </View>
              {summary.expiring.length > 1 ? (
                <Text className='points-expiring__toggle' onClick={() => setLotsOpen(!lotsOpen)}>
                  {lotsOpen ? '收起明细 ▴' : `查看 ${summary.expiring.length} 笔明细 ▾`}
                </Text>
              ) : null}
              {lotsOpen && summary.expiring.length > 1
                ? summary.expiring.map((group) => (
                    <Text key={group.date} className='points-expiring__lot'>
                      {expiryLine(group, summary.balanceBuys)}
                    </Text>
                  ))
                : null}
            </View>
          ) : (
            <Text className='points-page__calm'>{nothingExpiring(expiringWithinDays)}</Text>
          )
        ) : summaryError ? (
          <RetryNotice
            className='points-page__summary-error'
            message={summaryError}
            onRetry={() => void usePoints.getState().loadSummary()}
          />
        ) : null}
      </View>

      <View className='points-page__claim' onClick={() => void Taro.navigateTo({ url: ROUTES.claim })}>
        <Text>结账时忘了出示会员码？</Text>
        <Text className='points-page__claim-go'>补录积分 ›</Text>
      </View>

      <View className='points-tabs'>
        {LEDGER_FILTERS.map((f) => (
          <Text
            key={f.label}
            className={`points-tabs__tab${f.type === filter ? ' points-tabs__tab--on' : ''}`}
            onClick={() => choose(f.type)}
          >
            {f.label}
          </Text>
        ))}
      </View>

      {body}
    </View>
  )
}
