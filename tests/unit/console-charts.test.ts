/** @jest-environment node */
// The console's charts as drawn: bars in proportion, every label at 12 px or more in an ink that reads
// at AA on white, nothing outside the canvas.
import {
  CHART_COLORS,
  CHART_FONT_PX,
  drawMonthlyBars,
  drawShareBars,
  niceCeiling,
  shortNumber,
  type ChartContext,
} from '@/packages/staff/console/chart/draw'

interface Op {
  kind: 'rect' | 'text'
  x: number
  y: number
  w?: number
  h?: number
  text?: string
  colour: string
  font: string
}

function recorder() {
  const ops: Op[] = []
  const ctx: ChartContext = {
    fillStyle: '#000',
    font: '10px sans-serif',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    fillRect: (x, y, w, h) => ops.push({ kind: 'rect', x, y, w, h, colour: String(ctx.fillStyle), font: ctx.font }),
    clearRect: () => undefined,
    fillText: (text, x, y) => ops.push({ kind: 'text', x, y, text, colour: String(ctx.fillStyle), font: ctx.font }),
    setTransform: () => undefined,
  }
  return { ctx, ops }
}

/** WCAG contrast of a #rrggbb colour on white. */
function contrastOnWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
  const f = (s: number) => (s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4)
  const lum = 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
  return 1.05 / (lum + 0.05)
}

const MONTHS = [
  { label: '1月', issued: 12000, redeemed: 6000, expired: 0 },
  { label: '2月', issued: 8000, redeemed: 4000, expired: 2000 },
  { label: '3月', issued: 0, redeemed: 0, expired: 0 },
]

test('monthly bars: heights in proportion to the figures, a bar per non-zero figure, in the series colours', () => {
  const { ctx, ops } = recorder()
  drawMonthlyBars(ctx, 320, 180, MONTHS)
  const bars = ops.filter(
    (o) =>
      o.kind === 'rect' &&
      [CHART_COLORS.issued, CHART_COLORS.redeemed, CHART_COLORS.expired].includes(o.colour as never),
  )
  expect(bars).toHaveLength(5)
  const issuedJan = bars[0]!.h!
  const redeemedJan = bars[1]!.h!
  expect(bars[0]!.colour).toBe(CHART_COLORS.issued)
  expect(bars[1]!.colour).toBe(CHART_COLORS.redeemed)
  expect(redeemedJan / issuedJan).toBeCloseTo(0.5, 2)
  for (const b of bars) {
    expect(b.x).toBeGreaterThanOrEqual(0)
    expect(b.x + b.w!).toBeLessThanOrEqual(320)
    expect(b.y).toBeGreaterThanOrEqual(0)
  }
  expect(ops.filter((o) => o.kind === 'text').map((o) => o.text)).toEqual(
    expect.arrayContaining(['1月', '2月', '3月', '0', '1万', '2万']),
  )
})

test('every label is at least 12 px and reads at 4.5:1 on white; bars hold 3:1', () => {
  const { ctx, ops } = recorder()
  drawMonthlyBars(ctx, 320, 180, MONTHS)
  drawShareBars(ctx, 320, 80, [
    { label: '本会员计划', share: 0.0062, text: '0.62%', strong: true },
    { label: '传统积分计划', share: 0.01, text: '约 1%', strong: false },
  ])
  const texts = ops.filter((o) => o.kind === 'text')
  expect(texts.length).toBeGreaterThan(6)
  for (const t of texts) {
    expect(Number(/^(\d+)px/.exec(t.font)?.[1])).toBeGreaterThanOrEqual(CHART_FONT_PX)
    expect(contrastOnWhite(t.colour)).toBeGreaterThanOrEqual(4.5)
  }
  for (const c of [CHART_COLORS.issued, CHART_COLORS.redeemed, CHART_COLORS.expired])
    expect(contrastOnWhite(c)).toBeGreaterThanOrEqual(3)
})

test('share bars: lengths in proportion to the shares, labels and figures drawn', () => {
  const { ctx, ops } = recorder()
  drawShareBars(ctx, 320, 80, [
    { label: '本会员计划', share: 0.005, text: '0.50%', strong: true },
    { label: '传统积分计划', share: 0.01, text: '约 1%', strong: false },
  ])
  const ours = ops.find((o) => o.kind === 'rect' && o.colour === CHART_COLORS.issued)!
  const theirs = ops.find((o) => o.kind === 'rect' && o.colour === CHART_COLORS.expired)!
  expect(ours.w! / theirs.w!).toBeCloseTo(0.5, 2)
  expect(ops.filter((o) => o.kind === 'text').map((o) => o.text)).toEqual([
    '本会员计划',
    '0.50%',
    '传统积分计划',
    '约 1%',
  ])
})

test('axis figures: a tidy ceiling and short numbers', () => {
  expect(niceCeiling(0)).toBe(1)
  expect(niceCeiling(12000)).toBe(20000)
  expect(niceCeiling(4800)).toBe(5000)
  expect(niceCeiling(100)).toBe(100)
  expect(shortNumber(15000)).toBe('1.5万')
  expect(shortNumber(950)).toBe('950')
})
