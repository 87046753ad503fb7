/**
 * The console's charts as plain drawing on a Canvas 2D context (WeChat has no inline SVG), in CSS px:
 * the caller scales the context to the pixel ratio. Text is drawn at 12 CSS px or more, in theme inks
 * that read at AA on white; bars use inks too (never the decorative tan), so they hold 3:1 as graphics.
 */

/** The bits of a 2D context (WeChat's Canvas 2D or the browser's) the charts use. */
export interface ChartContext {
  /** Only colour strings are assigned. */
  fillStyle: unknown
  font: string
  textAlign: string
  textBaseline: string
  fillRect(x: number, y: number, w: number, h: number): void
  clearRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void
}

/** Theme colours (src/styles/theme.scss), as a canvas needs them. */
export const CHART_COLORS = {
  issued: '#3d5a45', // $brand
  redeemed: '#7d5c22', // $accent-ink
  expired: '#676d69', // $ink-3
  grid: '#e7e9e6', // $line
  label: '#5b625d', // $ink-2, 6.3:1 on white
  ink: '#1f2320', // $ink
  track: '#f5f4f0', // $bg
} as const

/** Smallest text on a chart, in CSS px. */
export const CHART_FONT_PX = 12
const FONT = `${CHART_FONT_PX}px -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif`

export interface MonthBars {
  /** Short label under the group, e.g. '3月'. */
  label: string
  issued: number
  redeemed: number
  expired: number
}

/** A tidy top for the y axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power
  return 10 * power
}

/** Short figure for an axis: 12000 → 1.2万. */
export function shortNumber(n: number): string {
  if (Math.abs(n) >= 10000) return `${Number((n / 10000).toFixed(1))}万`
  return String(Math.round(n))
}

/** Grouped bars by month (issued, redeemed, expired), with a y axis of three lines and month labels. */
export function drawMonthlyBars(ctx: ChartContext, width: number, height: number, months: MonthBars[]): void {
  ctx.clearRect(0, 0, width, height)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, width, height)
  if (!months.length) return
  const axisW = 40
  const bottom = height - 22
  const top = 8
  const plotH = bottom - top
  const ceiling = niceCeiling(Math.max(...months.flatMap((m) => [m.issued, m.redeemed, m.expired])))
  ctx.font = FONT
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'right'
  for (let i = 0; i <= 2; i++) {
    const y = Math.round(bottom - (plotH * i) / 2)
    ctx.fillStyle = CHART_COLORS.grid
    ctx.fillRect(axisW, y, width - axisW, 1)
    ctx.fillStyle = CHART_COLORS.label
    ctx.fillText(shortNumber((ceiling * i) / 2), axisW - 6, y)
  }
  const slot = (width - axisW) / months.length
  const barW = Math.max(2, Math.min(10, (slot - 6) / 3))
  const series = ['issued', 'redeemed', 'expired'] as const
  // Month labels thin out on a narrow chart so they never overlap.
  const every = Math.ceil(28 / slot)
  ctx.textAlign = 'center'
  ctx.textBaseline = 'top'
  months.forEach((m, i) => {
    const x0 = axisW + slot * i + (slot - barW * 3) / 2
    series.forEach((key, k) => {
      const h = (m[key] / ceiling) * plotH
      if (h <= 0) return
      ctx.fillStyle = CHART_COLORS[key]
      ctx.fillRect(x0 + barW * k, bottom - Math.max(1, h), barW - 1, Math.max(1, h))
    })
    if (i % every === 0) {
      ctx.fillStyle = CHART_COLORS.label
      ctx.fillText(m.label, axisW + slot * (i + 0.5), bottom + 6)
    }
  })
}

export interface ShareRow {
  label: string
  /** A share of sales, 0..1. */
  share: number
  /** The text at the bar's end, e.g. '0.62%'. */
  text: string
  /** Drawn in the brand colour (this programme) or grey (the comparison). */
  strong: boolean
}

/** Horizontal bars, one per row, on a shared scale (the largest share, or at least 2%). */
export function drawShareBars(ctx: ChartContext, width: number, height: number, rows: ShareRow[]): void {
  ctx.clearRect(0, 0, width, height)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, width, height)
  if (!rows.length) return
  const scale = Math.max(0.02, ...rows.map((r) => r.share)) * 1.15
  const rowH = height / rows.length
  const labelW = 96
  const valueW = 52
  const trackW = Math.max(10, width - labelW - valueW)
  ctx.font = FONT
  ctx.textBaseline = 'middle'
  rows.forEach((r, i) => {
    const mid = rowH * i + rowH / 2
    ctx.textAlign = 'left'
    ctx.fillStyle = CHART_COLORS.ink
    ctx.fillText(r.label, 0, mid)
    ctx.fillStyle = CHART_COLORS.track
    ctx.fillRect(labelW, mid - 7, trackW, 14)
    ctx.fillStyle = r.strong ? CHART_COLORS.issued : CHART_COLORS.expired
    ctx.fillRect(labelW, mid - 7, Math.max(2, (Math.min(r.share, scale) / scale) * trackW), 14)
    ctx.textAlign = 'right'
    ctx.fillStyle = CHART_COLORS.ink
    ctx.fillText(r.text, width, mid)
  })
}
