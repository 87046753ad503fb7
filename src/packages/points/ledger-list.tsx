import { memo, useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import { Button } from '@/components/button'
import type { LedgerEntry } from '@/api/contract'
import { serverNow } from '@/stores/api'
import { formatDayTime } from '@/domain/format'
import { monthHeading, signedPoints } from './ledger-copy'
import { BUFFER_ROWS, LOAD_MORE_ROWS, STEP_ROWS, nearLoadedEnd, visibleRange } from './virtual-window'

export interface LedgerListProps {
  /** The loaded entries, newest first. */
  entries: LedgerEntry[]
  /** One row's height in CSS px. */
  rowHeight: number
  /** The most the list can show at once, in CSS px (the window's height is a safe bound). */
  viewportHeight: number
  /** More pages on the server. */
  hasMore: boolean
  /** A page is on its way. */
  loading: boolean
  /** Chinese copy of the last page's failure. */
  error: string | null
  /** Ask for the next page; the store ignores repeats while one is on its way. */
  onLoadMore: () => void
}

const LedgerRow = memo(function LedgerRow({ entry, top, height }: { entry: LedgerEntry; top: number; height: number }) {
  return (
    <View className={`points-row points-row--${entry.type}`} style={{ top: `${top}px`, height: `${height}px` }}>
      <View className='points-row__main'>
        <Text className='points-row__note'>{entry.note}</Text>
        <Text className='points-row__time'>{formatDayTime(entry.at, serverNow())}</Text>
      </View>
      <Text className={`points-row__points${entry.points > 0 ? ' points-row__points--plus' : ''}`}>
        {signedPoints(entry.points)}
      </Text>
    </View>
  )
})

const MonthRow = memo(function MonthRow({ label, top, height }: { label: string; top: number; height: number }) {
  return (
    <View className='points-month' style={{ top: `${top}px`, height: `${height}px` }}>
      <Text className='points-month__label'>{label}</Text>
    </View>
  )
})

type Line = { kind: 'month'; key: string; label: string } | { kind: 'entry'; key: string; entry: LedgerEntry }

/** The entries (newest first) with a heading before each month's first entry. */
export function withMonthHeadings(entries: readonly LedgerEntry[]): Line[] {
  const lines: Line[] = []
  let last = ''
  for (const entry of entries) {
    const label = monthHeading(entry.at)
    if (label !== last) lines.push({ kind: 'month', key: `month-${label}`, label })
    last = label
    lines.push({ kind: 'entry', key: entry.id, entry })
  }
  return lines
}

/**
 * The ledger, virtualised, grouped by month (a heading is a row like any other): a spacer as tall as every loaded row, and only the rows near the
 * viewport rendered on it, absolutely positioned. Nodes stay ~(visible + 2 × buffer) however many
 * pages are loaded; the next page is asked for when the loaded end comes within ~10 rows.
 */
export function LedgerList({
  entries,
  rowHeight,
  viewportHeight,
  hasMore,
  loading,
  error,
  onLoadMore,
}: LedgerListProps) {
  // The scroll position the window was last placed at; it follows the real one in steps of a few rows.
  const [windowTop, setWindowTop] = useState(0)
  const scrollTop = useRef(0)
  const lines = useMemo(() => withMonthHeadings(entries), [entries])
  const count = lines.length
  const canLoad = hasMore && !loading && !error

  const maybeLoadMore = (top: number) => {
    if (canLoad && nearLoadedEnd(top, viewportHeight, rowHeight, count, LOAD_MORE_ROWS)) onLoadMore()
  }

  // A page that arrived (or a short first page) may still leave the end in sight: ask again.
  useEffect(() => {
    if (canLoad && nearLoadedEnd(scrollTop.current, viewportHeight, rowHeight, count, LOAD_MORE_ROWS)) onLoadMore()
  }, [canLoad, viewportHeight, rowHeight, count, onLoadMore])

  const onScroll = (e: { detail: { scrollTop: number } }) => {
    const top = e.detail.scrollTop
    scrollTop.current = top
    if (Math.abs(top - windowTop) >= STEP_ROWS * rowHeight) setWindowTop(top)
    maybeLoadMore(top)
  }

  const { start, end } = visibleRange(windowTop, viewportHeight, rowHeight, count, BUFFER_ROWS)
  const rows: ReactElement[] = []
  for (let i = start; i < end; i++) {
    const line = lines[i]
    rows.push(
      line.kind === 'month' ? (
        <MonthRow key={line.key} label={line.label} top={i * rowHeight} height={rowHeight} />
      ) : (
        <LedgerRow key={line.key} entry={line.entry} top={i * rowHeight} height={rowHeight} />
      ),
    )
  }

  return (
    <ScrollView
      className='points-page__list'
      scrollY
      lowerThreshold={LOAD_MORE_ROWS * rowHeight}
      onScroll={onScroll}
      onScrollToLower={() => {
        if (canLoad) onLoadMore()
      }}
    >
      <View className='points-list__spacer' style={{ height: `${count * rowHeight}px` }}>
        {rows}
      </View>
      {error ? (
        <View className='points-list__footer points-list__footer--error'>
          <Text className='points-list__error'>{error}</Text>
          <Button variant='outlined' className='points-list__retry' onClick={onLoadMore}>
            重试
          </Button>
        </View>
      ) : hasMore ? (
        <View className='points-list__footer'>
          <Text>{loading ? '加载中…' : '上滑加载更多'}</Text>
        </View>
      ) : (
        <View className='points-list__footer'>
          <Text>{`已显示全部 ${entries.length} 条`}</Text>
        </View>
      )}
    </ScrollView>
  )
}
