import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import type { LedgerEntry, LedgerType, PersonaId } from '@/api/contract'
import { formatPoints } from '@/domain/money'
import { formatMonthDay } from '@/domain/time'
import { LEDGER_PAGE_SIZE, usePoints } from '@/stores/points'
import { useSession } from '@/stores/session'
import { formatDayTime } from '@/domain/format'
import { expiryLine, monthHeading, signedPoints } from '@/packages/points/ledger-copy'
import { withMonthHeadings } from '@/packages/points/ledger-list'
import { BUFFER_ROWS, nearLoadedEnd, visibleRange } from '@/packages/points/virtual-window'
import { Engine } from '../../mock/engine/engine'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// The clock for the phone and the backend alike, installed before either reads it. Every persona is
// built at the same ordinary morning, so its ledger times and expiry days match the ones this file
// works out from a second engine a moment later (they once differed by a minute across a boundary).
const clock = testClock()

// One app per file (Taro's router is a singleton); tests switch persona and show the page again.
beforeAll(async () => {
  await useSession.getState().ready('expiring')
  await renderApp('packages/points/index')
  await waitForText('当前积分')
}, 20000)

beforeEach(() => {
  wire.reset()
})

let navigate: jest.SpyInstance | undefined
afterEach(() => {
  navigate?.mockRestore()
  navigate = undefined
})

/** What the backend's rules give a persona today (a fresh engine, the same seed and clock). */
function truth(persona: PersonaId) {
  const engine = new Engine(null)
  const memberId = `m-${persona}`
  const all = (type?: LedgerType) => engine.ledger(memberId, type, 0, 100_000)
  return { summary: engine.pointsSummary(memberId), all }
}

const rows = () => Array.from(document.querySelectorAll<HTMLElement>('.points-row'))
const rowNotes = () => rows().map((r) => r.querySelector('.points-row__note')?.textContent)
const list = () => document.querySelector('.points-page__list') as HTMLElement
const ledgerRequests = () => wire.requests.filter((r) => r.path.startsWith('/me/ledger'))

function tab(label: string): HTMLElement {
  const found = Array.from(document.querySelectorAll<HTMLElement>('.points-tabs__tab')).find(
    (t) => t.textContent === label,
  )
  if (!found) throw new Error(`no tab ${label}`)
  return found
}

/** The list reports a scroll, as the ScrollView does while the member scrolls. */
function scrollListTo(scrollTop: number) {
  list().dispatchEvent(
    new CustomEvent('scroll', { detail: { scrollTop, scrollHeight: 0, scrollLeft: 0, scrollWidth: 0 } }),
  )
}

async function showAs(persona: PersonaId, filterLabel = '全部') {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  if (!tab(filterLabel).className.includes('--on')) tab(filterLabel).click()
  wire.reset()
  showCurrentPage()
  // Settled: this show's first page has been asked for and has arrived (or failed).
  await waitForText(
    () => ledgerRequests().some((r) => !r.path.includes('cursor=')) && !usePoints.getState().ledger.loading,
  )
  wire.reset()
}

describe('the windowing', () => {
  test.each([
    // scrollTop, viewport, row, count, buffer → start, end
    [0, 640, 64, 10_000, 10, 0, 20],
    [64 * 100, 640, 64, 10_000, 10, 90, 120],
    [64 * 100 + 30, 640, 64, 10_000, 10, 90, 121],
    [64 * 9_995, 640, 64, 10_000, 10, 9_985, 10_000],
    [-80, 640, 64, 10_000, 10, 0, 20], // iOS bounce above the top
    [64 * 50_000, 640, 64, 30, 10, 19, 30], // a stale position past a list that got shorter
    [0, 640, 64, 5, 10, 0, 5],
    [0, 640, 64, 0, 10, 0, 0],
    [0, 0, 64, 100, 4, 0, 5], // no layout yet: the first row and its buffer
  ])(
    'top %d, viewport %d, row %d, %d rows, buffer %d → rows %d..%d',
    (top, viewport, row, count, buffer, start, end) => {
      expect(visibleRange(top, viewport, row, count, buffer)).toEqual({ start, end })
    },
  )

  test('the window never grows with the list, wherever it is scrolled', () => {
    for (let top = 0; top < 64 * 10_000; top += 64 * 37 + 11) {
      const { start, end } = visibleRange(top, 640, 64, 10_000, 10)
      expect(end - start).toBeLessThanOrEqual(10 + 1 + 2 * 10)
      expect(start).toBeLessThanOrEqual(Math.floor(top / 64))
      expect(end).toBeGreaterThanOrEqual(Math.min(10_000, Math.ceil((top + 640) / 64)))
    }
  })

  test('the next page is asked for within 10 rows of the loaded end, not before', () => {
    // 30 rows of 64 px = 1920 px; a 640 px viewport.
    expect(nearLoadedEnd(0, 640, 64, 30, 10)).toBe(false)
    expect(nearLoadedEnd(1920 - 640 - 64 * 10 - 1, 640, 64, 30, 10)).toBe(false)
    expect(nearLoadedEnd(1920 - 640 - 64 * 10, 640, 64, 30, 10)).toBe(true)
    expect(nearLoadedEnd(1920 - 640, 640, 64, 30, 10)).toBe(true)
    expect(nearLoadedEnd(0, 640, 64, 5, 10)).toBe(true)
  })
})

describe('the words', () => {
  test('expiring points are told as what they buy, or as what is still missing', () => {
    const date = Date.UTC(2026, 11, 31, 15, 59, 59, 999) // 23:59:59 on 31 Dec in Shanghai
    expect(expiryLine({ date, points: 1200, buys: '2 杯拿铁', rewardId: 'r-latte' })).toBe(
      '1,200 积分将于 12月31日 过期，可兑换 2 杯拿铁',
    )
    expect(expiryLine({ date, points: 120, buys: null, rewardId: null })).toBe(
      '120 积分将于 12月31日 过期，再攒一些即可兑换礼品',
    )
    // The balance buys something: a redemption spends these first.
    expect(expiryLine({ date, points: 320, buys: null, rewardId: null }, '8 杯拿铁')).toBe(
      '320 积分将于 12月31日 过期，兑换时会优先使用这部分积分',
    )
  })

  test('points are signed, dates are on a Shanghai clock', () => {
    expect(signedPoints(120)).toBe('+120')
    expect(signedPoints(-1600)).toBe('-1,600')
    expect(signedPoints(0)).toBe('0')
    const midnight = Date.UTC(2026, 10, 28, 16, 5)
    expect(formatDayTime(midnight, midnight)).toBe('11月29日 00:05')
    expect(formatDayTime(midnight, Date.UTC(2027, 0, 2))).toBe('2026年11月29日 00:05')
  })
})

describe('the points page', () => {
  test('the expiring persona sees its lapsing points in one line, the lots on a tap, and the history by month', async () => {
    await showAs('expiring')
    const { summary, all } = truth('expiring')
    const [first, second] = summary.expiring
    const text = await waitForText(`1,200 积分将在 90 天内陆续过期，最早 ${formatMonthDay(first.date)}`)
    expect(document.querySelector('.points-page__balance')?.textContent).toBe(formatPoints(summary.balance))
    expect(text).not.toContain('近 90 天内没有即将过期的积分')
    // One 去兑换, not one per lot; the lots are behind the toggle.
    expect(document.querySelectorAll('.points-expiring__go')).toHaveLength(1)
    expect(text).not.toContain('680 积分将于')
    document.querySelector<HTMLElement>('.points-expiring__toggle')!.click()
    const open = await waitForText(`680 积分将于 ${formatMonthDay(first.date)} 过期，可兑换 1 杯拿铁`)
    expect(open).toContain(`520 积分将于 ${formatMonthDay(second.date)} 过期，可兑换 1 张代金券（¥5）`)
    expect(document.querySelectorAll('.points-expiring__go')).toHaveLength(1)
    // Every entry, newest first, with its store, Shanghai time and signed points, under its month.
    const { entries } = all()
    await waitForText(`已显示全部 ${entries.length} 条`)
    expect(rows().map((r) => r.textContent)).toEqual(
      entries.map((e) => `${e.note}${formatDayTime(e.at, Date.now())}${signedPoints(e.points)}`),
    )
    expect(rows()[0].querySelector('.points-row__points--plus')).not.toBeNull()
    expect(
      rowNotes()
        .filter((n) => n?.includes('消费'))
        .every((n) => /^.+店消费 ¥/.test(n ?? '')),
    ).toBe(true)
    const months = Array.from(document.querySelectorAll('.points-month')).map((m) => m.textContent)
    expect(months[0]).toBe(monthHeading(entries[0].at))
    expect(new Set(months).size).toBe(months.length)
    expect(months).toEqual([...new Set(entries.map((e) => monthHeading(e.at)))].slice(0, months.length))

    navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
    document.querySelector<HTMLElement>('.points-expiring__go')!.click()
    expect(navigate).toHaveBeenCalledWith({ url: '/packages/rewards/index' })
    // 补录积分 is here now (the card's second button is the coupons').
    document.querySelector<HTMLElement>('.points-page__claim')!.click()
    expect(navigate).toHaveBeenCalledWith({ url: '/packages/claim/index' })
  }, 20000)

  test('silver: points too few to buy anything alone are told as used first, never as 再攒一些', async () => {
    await showAs('silver')
    const { summary } = truth('silver')
    expect(summary.balanceBuys).toBe('8 杯拿铁')
    await waitForText('积分将在 90 天内陆续过期')
    document.querySelector<HTMLElement>('.points-expiring__toggle')!.click()
    const text = await waitForText(
      `320 积分将于 ${formatMonthDay(summary.expiring[0].date)} 过期，兑换时会优先使用这部分积分`,
    )
    expect(text).not.toContain('再攒一些')
  }, 20000)

  test('a new member sees a calm line and an empty ledger', async () => {
    await showAs('new')
    const text = await waitForText('还没有积分记录')
    expect(text).toContain('近 90 天内没有即将过期的积分')
    expect(document.querySelector('.points-page__balance')?.textContent).toBe('0')
    expect(rows()).toHaveLength(0)
  }, 20000)

  test('a sign-in that lands after the page had its answer (a persona link opened cold) brings the new member’s ledger', async () => {
    // The page asked and was answered for whoever was signed in first (here 小新, with no entries)…
    await showAs('new')
    await waitForText('还没有积分记录')
    // …then the link's persona sign-in lands, with no new show of the page.
    await useSession.getState().ready('black')
    const { summary, all } = truth('black')
    const text = await waitForText(all().entries[0].note)
    expect(text).not.toContain('还没有积分记录')
    await waitForText(
      () => document.querySelector('.points-page__balance')?.textContent === formatPoints(summary.balance),
    )
  }, 20000)

  test('a filter shows only entries of its type, and an empty one says so', async () => {
    await showAs('black')
    const { all } = truth('black')
    for (const [label, type] of [
      ['获得', 'earn'],
      ['使用', 'redeem'],
      ['过期', 'expire'],
    ] as const) {
      const expected = all(type).entries
      expect(expected.length).toBeGreaterThan(0)
      tab(label).click()
      await waitForText(() => rows().length > 0 && rows().every((r) => r.classList.contains(`points-row--${type}`)))
      expect(tab(label).className).toContain('points-tabs__tab--on')
      expect(rowNotes()).toEqual(expected.slice(0, rows().length).map((e) => e.note))
      expect(ledgerRequests().at(-1)?.path).toContain(`type=${type}`)
    }
    expect(rowNotes().every((n) => n === '积分到期')).toBe(true)
    expect(rows().every((r) => r.querySelector('.points-row__points')?.textContent?.startsWith('-'))).toBe(true)

    tab('退款').click()
    await waitForText('没有这类记录')
    expect(rows()).toHaveLength(0)
    tab('全部').click()
    await waitForText(
      () =>
        rows().length > 0 &&
        rows().some((r) => r.classList.contains('points-row--earn')) &&
        rows().some((r) => r.classList.contains('points-row--expire')),
    )
  }, 20000)

  test("the black persona's ledger pages in as the member scrolls, to the end, with no entry twice", async () => {
    await showAs('black')
    const { entries: expected } = truth('black').all()
    expect(expected.length).toBeGreaterThan(LEDGER_PAGE_SIZE * 2)
    await waitForText(() => usePoints.getState().ledger.entries.length === LEDGER_PAGE_SIZE)
    wire.reset()
    // Near the top nothing more is asked for.
    scrollListTo(64)
    await new Promise((r) => setTimeout(r, 100))
    expect(ledgerRequests()).toHaveLength(0)
    // Scroll to the loaded end again and again until the list says it has them all.
    for (let i = 0; i < 20 && !(document.body.textContent ?? '').includes('已显示全部'); i++) {
      const loaded = usePoints.getState().ledger.entries.length
      // Month headings are rows too: the loaded end is past every entry and heading.
      scrollListTo(withMonthHeadings(usePoints.getState().ledger.entries).length * 64)
      await waitForText(
        () => usePoints.getState().ledger.entries.length > loaded || usePoints.getState().ledger.nextCursor === null,
      )
    }
    await waitForText(`已显示全部 ${expected.length} 条`)
    const { entries } = usePoints.getState().ledger
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
    expect(entries.map((e) => e.id)).toEqual(expected.map((e) => e.id))
    const cursors = ledgerRequests().map((r) => /cursor=(\d+)/.exec(r.path)?.[1])
    expect(cursors.every(Boolean)).toBe(true)
    expect(new Set(cursors).size).toBe(cursors.length)
    expect(cursors).toHaveLength(Math.ceil(expected.length / LEDGER_PAGE_SIZE) - 1)
  }, 20000)

  test('a failing backend shows its message, and 重试 loads the ledger', async () => {
    await showAs('expiring')
    wire.tamper = (req) =>
      req.path.startsWith('/me/ledger')
        ? { status: 500, headers: {}, body: { error: { code: 'x', message: '服务暂时不可用，请稍后重试' } } }
        : null
    showCurrentPage()
    await waitForText('服务暂时不可用，请稍后重试')
    expect(rows()).toHaveLength(0)
    expect(document.body.textContent).not.toContain('还没有积分记录')
    wire.tamper = null
    const retry = Array.from(document.querySelectorAll<HTMLElement>('.error-state__retry')).find(
      (b) => b.textContent === '重试',
    )
    retry!.click()
    await waitForText(`已显示全部 ${truth('expiring').all().entries.length} 条`)
    expect(document.body.textContent).not.toContain('服务暂时不可用')
  }, 20000)

  test('a next page that fails keeps the loaded rows and retries from the footer', async () => {
    await showAs('black')
    await waitForText(() => usePoints.getState().ledger.entries.length === LEDGER_PAGE_SIZE)
    wire.tamper = (req) =>
      req.path.includes('cursor=')
        ? { status: 500, headers: {}, body: { error: { code: 'x', message: '服务暂时不可用，请稍后重试' } } }
        : null
    scrollListTo(LEDGER_PAGE_SIZE * 64)
    await waitForText('服务暂时不可用，请稍后重试')
    expect(rows().length).toBeGreaterThan(0)
    wire.tamper = null
    document.querySelector<HTMLElement>('.points-list__retry')!.click()
    await waitForText(() => usePoints.getState().ledger.entries.length === LEDGER_PAGE_SIZE * 2)
    expect(document.body.textContent).not.toContain('服务暂时不可用')
  }, 20000)

  test('with 10,000 entries loaded only a window of rows exists, wherever the list is scrolled', async () => {
    await showAs('black')
    const entries: LedgerEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `fake-${i}`,
      at: Date.UTC(2026, 0, 1) - i * 3_600_000,
      type: i % 2 ? 'redeem' : 'earn',
      points: i % 2 ? -600 : 120,
      note: `记录 ${i}`,
    }))
    usePoints.setState({
      ledger: { type: null, entries, nextCursor: null, total: 10_000, loading: false, answered: true, error: null },
    })
    await waitForText('已显示全部 10000 条')
    const lines = withMonthHeadings(entries)
    const bound = Math.ceil(window.innerHeight / 64) + 1 + 2 * BUFFER_ROWS
    expect(rows().length).toBeGreaterThan(0)
    expect(rows().length).toBeLessThanOrEqual(bound)
    expect(document.querySelector<HTMLElement>('.points-list__spacer')!.style.height).toBe(`${lines.length * 64}px`)

    for (const index of [5_000, 9_990, 120]) {
      scrollListTo(index * 64)
      await waitForText(() => rowNotes().includes(`记录 ${index}`))
      expect(rows().length).toBeLessThanOrEqual(bound)
      const row = rows().find((r) => r.textContent?.startsWith(`记录 ${index}`))!
      const line = lines.findIndex((l) => l.key === `fake-${index}`)
      expect(row.style.top).toBe(`${line * 64}px`)
    }
    // The whole page stays far below WeChat's 1,000-node audit line.
    expect(document.querySelector('.points-page')!.querySelectorAll('*').length).toBeLessThan(400)
  }, 20000)

  test('pull-down refresh reloads the balance and the current filter, then stops the spinner', async () => {
    await showAs('black', '过期')
    await waitForText(() => rows().length > 0 && rows().every((r) => r.classList.contains('points-row--expire')))
    wire.reset()
    const stop = jest.spyOn(Taro, 'stopPullDownRefresh').mockImplementation(() => undefined)
    const { Current } = require('@tarojs/runtime') as { Current: { page?: { onPullDownRefresh?: () => void } | null } }
    Current.page!.onPullDownRefresh!()
    await waitForText(() => stop.mock.calls.length === 1)
    expect(wire.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/me/points', expect.stringMatching(/^\/me\/ledger\?.*type=expire/)]),
    )
    expect(rows().every((r) => r.classList.contains('points-row--expire'))).toBe(true)
    stop.mockRestore()
    tab('全部').click()
  }, 20000)
})
