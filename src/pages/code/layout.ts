/**
 * Sizes of the member code on the code page, in CSS px, from the screen. Pure, so the decode
 * bench (scripts/decode-bench.ts) degrades exactly what the page draws.
 */

/** Widest barcode in CSS px (a desktop browser's window is not a phone's screen). */
const MAX_BARCODE_CSS = 640
const QR_MIN_CSS = 160
const QR_MAX_CSS = 440
/** The panel's inner width as a share of the screen (page and panel paddings: 2 × 72 of 750 design px). */
export const PANEL_SHARE = 606 / 750
/** Height the rest of the page takes besides the barcode and the QR (head, digits, countdown, footer). */
const PAGE_CHROME_CSS = 300
/** A version 1 QR with its 4-module quiet zones: 29 modules a side. */
const QR_SPAN = 29
/** Barcode height as a share of the panel width: tall bars keep a whole row across the bars when the phone is tilted. */
const BAR_HEIGHT_SHARE = 0.36

export interface CodeLayout {
  /** The barcode canvas: the screen's full width (its quiet zones are inside it). */
  barWidth: number
  barHeight: number
  /** The QR canvas side, a whole number of modules in device px. */
  qrSize: number
  /** The enlarged view's barcode height (same width) and QR side. */
  zoomBarHeight: number
  zoomQr: number
}

/**
 * The barcode edge to edge, so every device px of the width goes to whole-pixel modules (4 px on a
 * 750-px-wide screen, where the panel's width gave 3); the QR as wide as the panel and the screen's
 * height allow, cut to whole modules.
 */
export function codeLayout(screenWidth: number, screenHeight: number, ratio: number): CodeLayout {
  const barWidth = Math.min(screenWidth, MAX_BARCODE_CSS)
  const barHeight = Math.round(Math.min(screenWidth * PANEL_SHARE, QR_MAX_CSS) * BAR_HEIGHT_SHARE)
  const qrRoom = Math.min(Math.round(screenWidth * PANEL_SHARE), QR_MAX_CSS, screenHeight - barHeight - PAGE_CHROME_CSS)
  return {
    barWidth,
    barHeight,
    qrSize: snapToModules(Math.max(QR_MIN_CSS, qrRoom), ratio),
    zoomBarHeight: Math.round((barWidth * 200) / 700),
    zoomQr: snapToModules(Math.min(screenWidth - 24, QR_MAX_CSS), ratio),
  }
}

/** The CSS size whose device px hold a whole number of QR modules (rounded up, so rounding loses none). */
export function snapToModules(css: number, ratio: number): number {
  const modulePx = Math.max(2, Math.floor((css * ratio) / QR_SPAN))
  return Math.ceil((modulePx * QR_SPAN) / ratio)
}
