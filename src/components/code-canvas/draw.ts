/**
 * Pure drawing of the member code onto any 2D context: the Canvas 2D
 * context in WeChat and H5, or a fake in jest. Every size here is in device pixels, and every
 * rectangle lands on whole pixels so nothing is anti-aliased.
 */
import { numericQr } from './qr'

/** The part of a Canvas 2D context the drawing needs; a real context and a jest fake both fit. */
export interface DrawContext {
  /** Any context's fill style type is accepted (string, gradient, pattern); we only assign colour strings. */
  fillStyle: unknown
  fillRect(x: number, y: number, w: number, h: number): void
  clearRect(x: number, y: number, w: number, h: number): void
}

/** A QR symbol as a square grid of modules, without quiet zone. */
export interface QrMatrix {
  /** Modules per side (21 for version 1). */
  size: number
  isDark(row: number, col: number): boolean
}

/** What a draw call did: the module size used, or why nothing could be drawn. */
export type DrawResult =
  | {
      ok: true
      /** Width of one module in device px. */
      modulePx: number
      /** Dark rectangles filled (the white background is one more). */
      rects: number
    }
  | {
      ok: false
      reason: 'too-small'
      /** Module size the canvas would allow (below MIN_MODULE_PX). */
      modulePx: number
      /** Smallest canvas side, in device px, that reaches MIN_MODULE_PX. */
      minPx: number
    }

/** Smallest module in device px: the design's "bars ≥ 2 device px", applied to QR modules too. */
export const MIN_MODULE_PX = 2
/** QR quiet zone in modules on each side (ISO/IEC 18004). */
export const QR_QUIET_MODULES = 4
/** Code 128 quiet zone in modules on each side (ISO/IEC 15417: at least 10X). */
export const BARCODE_QUIET_MODULES = 10

export const LIGHT = '#ffffff'
export const DARK = '#000000'

/** The QR symbol for the member code's digits: numeric mode, version 1, error correction M (up to 34 digits; else throws). */
export function qrMatrix(digits: string): QrMatrix {
  const rows = numericQr(digits)
  return { size: rows.length, isDark: (r, c) => rows[r][c] }
}

/** Clear the canvas and paint it white, so a stale code never shows through and quiet zones are light. */
export function paintBackground(ctx: DrawContext, widthPx: number, heightPx: number): void {
  ctx.clearRect(0, 0, widthPx, heightPx)
  ctx.fillStyle = LIGHT
  ctx.fillRect(0, 0, widthPx, heightPx)
}

/**
 * Draw `matrix` centred on a white canvas of `canvasPx` (× `canvasHeightPx`, square by default)
 * with a 4-module quiet zone and whole-pixel modules; one rectangle per horizontal run of dark modules.
 */
export function drawQr(
  ctx: DrawContext,
  matrix: QrMatrix,
  canvasPx: number,
  canvasHeightPx: number = canvasPx,
): DrawResult {
  const w = Math.floor(canvasPx)
  const h = Math.floor(canvasHeightPx)
  const span = matrix.size + 2 * QR_QUIET_MODULES
  if (matrix.size <= 0) throw new Error('drawQr: empty matrix')
  paintBackground(ctx, w, h)
  const modulePx = Math.floor(Math.min(w, h) / span)
  if (!(modulePx >= MIN_MODULE_PX)) {
    return { ok: false, reason: 'too-small', modulePx: Math.max(0, modulePx || 0), minPx: MIN_MODULE_PX * span }
  }
  const x0 = Math.floor((w - modulePx * span) / 2) + QR_QUIET_MODULES * modulePx
  const y0 = Math.floor((h - modulePx * span) / 2) + QR_QUIET_MODULES * modulePx
  const rects = drawModules(ctx, matrix, x0, y0, modulePx)
  return { ok: true, modulePx, rects }
}

/**
 * Fill `matrix`'s dark modules with its top-left module at (x0, y0), one rectangle per horizontal run
 * of dark modules; returns how many. (Also the invite poster's, which frames its QR itself.)
 */
export function drawModules(
  ctx: Pick<DrawContext, 'fillStyle' | 'fillRect'>,
  matrix: QrMatrix,
  x0: number,
  y0: number,
  modulePx: number,
): number {
  ctx.fillStyle = DARK
  let rects = 0
  for (let r = 0; r < matrix.size; r++) {
    let c = 0
    while (c < matrix.size) {
      if (!matrix.isDark(r, c)) {
        c++
        continue
      }
      const start = c
      while (c < matrix.size && matrix.isDark(r, c)) c++
      ctx.fillRect(x0 + start * modulePx, y0 + r * modulePx, (c - start) * modulePx, modulePx)
      rects++
    }
  }
  return rects
}

/**
 * Draw a 1D barcode (`modules`: true = dark, no quiet zones) centred on a white canvas with a
 * 10-module quiet zone each side, whole-pixel modules ≥ MIN_MODULE_PX and bars the full height.
 * Each bar is ONE rectangle: per-module rectangles leave seams between them and the barcode stops decoding.
 * Returns `ok: false` (canvas left white) when the width cannot give modules of MIN_MODULE_PX.
 */
export function drawBarcode(
  ctx: DrawContext,
  modules: readonly boolean[],
  widthPx: number,
  heightPx: number,
): DrawResult {
  if (modules.length === 0) throw new Error('drawBarcode: no modules')
  const w = Math.floor(widthPx)
  const h = Math.floor(heightPx)
  const span = modules.length + 2 * BARCODE_QUIET_MODULES
  paintBackground(ctx, w, h)
  const modulePx = Math.floor(w / span)
  if (!(modulePx >= MIN_MODULE_PX) || !(h >= 1)) {
    return { ok: false, reason: 'too-small', modulePx: Math.max(0, modulePx || 0), minPx: MIN_MODULE_PX * span }
  }
  const x0 = Math.floor((w - modulePx * span) / 2) + BARCODE_QUIET_MODULES * modulePx
  ctx.fillStyle = DARK
  let rects = 0
  let i = 0
  while (i < modules.length) {
    if (!modules[i]) {
      i++
      continue
    }
    const start = i
    while (i < modules.length && modules[i]) i++
    ctx.fillRect(x0 + start * modulePx, 0, (i - start) * modulePx, h)
    rects++
  }
  return { ok: true, modulePx, rects }
}
