/**
 * The ledger list's windowing, as pure functions: which rows to render for a scroll position and
 * when to ask for the next page. Only these rows exist as nodes, so a list of 10,000 entries costs
 * as few nodes (and as small a setData in weapp) as a list of 30.
 */
import Taro from '@tarojs/taro'

/** One ledger row, in design px (750 wide): 64 CSS px on a 375-wide phone. */
export const ROW_DESIGN_PX = 128
/** Rows rendered above and below the visible ones, so a fling never shows a blank. */
export const BUFFER_ROWS = 10
/** The window moves only after the list scrolled this many rows, to keep renders (and setData) few. */
export const STEP_ROWS = 4
/** Ask for the next page when the loaded end is this many rows away. */
export const LOAD_MORE_ROWS = 10

export interface RowRange {
  /** First row rendered. */
  start: number
  /** One past the last row rendered. */
  end: number
}

/** The rows to render: those visible at `scrollTop` in a viewport of `viewportHeight`, ± `buffer` rows. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  buffer: number,
): RowRange {
  if (count <= 0) return { start: 0, end: 0 }
  if (!(rowHeight > 0)) return { start: 0, end: Math.min(count, buffer * 2 + 1) }
  const top = Math.max(0, scrollTop)
  const first = Math.min(count - 1, Math.floor(top / rowHeight))
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight)
  return { start: Math.max(0, first - buffer), end: Math.min(count, Math.max(last, first + 1) + buffer) }
}

/** Whether the loaded end of a list of `loaded` rows is within `rows` rows of the viewport's bottom. */
export function nearLoadedEnd(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  loaded: number,
  rows: number,
): boolean {
  const remaining = loaded * rowHeight - (Math.max(0, scrollTop) + viewportHeight)
  return remaining <= rows * rowHeight
}

/** A length in design px (750 wide) as CSS px on this device, matching what Taro's pxtransform makes of the stylesheet. */
export function designPx(size: number): number {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    // H5: the stylesheet is in rem, 1rem = 40 design px (baseFontSize 20 × 2), the root size set by Taro's script.
    const root = parseFloat(document.documentElement.style.fontSize)
    if (root > 0) return (size / 40) * root
  }
  return (size * windowSize().width) / 750
}

/** The window's size in CSS px, or a 375 × 667 phone when the platform cannot say. */
export function windowSize(): { width: number; height: number } {
  try {
    const { windowWidth, windowHeight } = Taro.getWindowInfo()
    if (windowWidth > 0 && windowHeight > 0) return { width: windowWidth, height: windowHeight }
  } catch {
    // an old base library without getWindowInfo: the fallback below
  }
  return { width: 375, height: 667 }
}
