/** @jest-environment node */
// The member code as a till's scanner sees it: draw.ts rasterised by a fake 2D context (area
// coverage, source-over, like a real canvas), then decoded with ZXing.
import fc from 'fast-check'
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  NotFoundException,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library'
import { code128CModules } from '@/domain/code128'
import { DARK, LIGHT, drawBarcode, drawQr, qrMatrix, type DrawContext } from '@/components/code-canvas/draw'
import { numericQr, QR_MAX_DIGITS } from '@/components/code-canvas/qr'
import qrcode from 'qrcode-generator'

type Rgba = readonly [number, number, number, number]

// Local copies: a global lookup inside jest's vm context costs ~100× a local one, per pixel.
const { min, max, floor } = Math

interface Fill {
  x: number
  y: number
  w: number
  h: number
  colour: string
}

function parseColour(style: unknown): Rgba {
  if (typeof style !== 'string') throw new Error(`fake canvas: unsupported fillStyle ${String(style)}`)
  const s = style.trim().toLowerCase()
  if (s === 'white') return [255, 255, 255, 255]
  if (s === 'black') return [0, 0, 0, 255]
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(s)
  if (short)
    return [
      parseInt(short[1] + short[1], 16),
      parseInt(short[2] + short[2], 16),
      parseInt(short[3] + short[3], 16),
      255,
    ]
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(s)
  if (long) return [parseInt(long[1], 16), parseInt(long[2], 16), parseInt(long[3], 16), 255]
  throw new Error(`fake canvas: unsupported colour ${style}`)
}

/** A canvas bitmap in RGBA that rasterises rectangles by pixel coverage, as browsers and WeChat do. */
class RasterContext implements DrawContext {
  fillStyle: unknown = '#000000'
  readonly rgba: Uint8ClampedArray
  readonly fills: Fill[] = []

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgba = new Uint8ClampedArray(width * height * 4) // transparent black, like a fresh canvas
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    this.fills.push({ x, y, w, h, colour: String(this.fillStyle).toLowerCase() })
    this.composite(x, y, w, h, parseColour(this.fillStyle))
  }

  clearRect(x: number, y: number, w: number, h: number): void {
    this.composite(x, y, w, h, null)
  }

  /**
   * Source-over `colour` (or clear, for null) onto every pixel the rectangle overlaps, weighted by
   * the overlapped area as a real rasteriser's anti-aliasing does; clipped to the bitmap.
   */
  private composite(x: number, y: number, w: number, h: number, colour: Rgba | null): void {
    const x1 = max(0, x)
    const y1 = max(0, y)
    const x2 = min(this.width, x + w)
    const y2 = min(this.height, y + h)
    const src = colour ?? [0, 0, 0, 0]
    const data = this.rgba
    for (let row = floor(y1); row < y2; row++) {
      const coverY = min(row + 1, y2) - max(row, y1)
      for (let col = floor(x1); col < x2; col++) {
        const a = (min(col + 1, x2) - max(col, x1)) * coverY
        if (!(a > 0)) continue
        const i = (row * this.width + col) * 4
        if (a === 1) {
          data[i] = src[0]
          data[i + 1] = src[1]
          data[i + 2] = src[2]
          data[i + 3] = src[3]
        } else {
          for (let k = 0; k < 4; k++) data[i + k] = src[k] * a + data[i + k] * (1 - a)
        }
      }
    }
  }

  pixel(px: number, py: number): Rgba {
    const i = (py * this.width + px) * 4
    return [this.rgba[i], this.rgba[i + 1], this.rgba[i + 2], this.rgba[i + 3]]
  }

  isWhite(px: number, py: number): boolean {
    const i = (py * this.width + px) * 4
    const d = this.rgba
    return d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255 && d[i + 3] === 255
  }

  isBlack(px: number, py: number): boolean {
    const i = (py * this.width + px) * 4
    const d = this.rgba
    return d[i] === 0 && d[i + 1] === 0 && d[i + 2] === 0 && d[i + 3] === 255
  }

  /** Grey levels a camera would see, the bitmap composited over black (a missing background shows). */
  luminance(): Uint8ClampedArray {
    const out = new Uint8ClampedArray(this.width * this.height)
    for (let p = 0; p < out.length; p++) {
      const i = p * 4
      out[p] = (((this.rgba[i] + 2 * this.rgba[i + 1] + this.rgba[i + 2]) / 4) * this.rgba[i + 3]) / 255
    }
    return out
  }

  darkFills(): Fill[] {
    return this.fills.filter((f) => f.colour === DARK)
  }
}

function bitmapOf(ctx: RasterContext): BinaryBitmap {
  return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(ctx.luminance(), ctx.width, ctx.height)))
}

function decodeQr(ctx: RasterContext): string {
  return new QRCodeReader().decode(bitmapOf(ctx)).getText()
}

function decodeCode128(ctx: RasterContext): string {
  // The hints go with the call: decode(bitmap) alone clears those set on the reader.
  const result = new MultiFormatReader().decode(
    bitmapOf(ctx),
    new Map([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]]]),
  )
  expect(result.getBarcodeFormat()).toBe(BarcodeFormat.CODE_128)
  return result.getText()
}

/** Lengths of the runs of dark modules, left to right. */
function barRuns(modules: readonly boolean[]): number[] {
  const runs: number[] = []
  let n = 0
  for (const dark of [...modules, false]) {
    if (dark) n++
    else if (n > 0) {
      runs.push(n)
      n = 0
    }
  }
  return runs
}

/** Every pixel is pure white or pure black: nothing anti-aliased, no transparent gaps. */
function expectOnlyBlackAndWhite(ctx: RasterContext): void {
  let other = 0
  for (let y = 0; y < ctx.height; y++)
    for (let x = 0; x < ctx.width; x++) if (!ctx.isWhite(x, y) && !ctx.isBlack(x, y)) other++
  expect(other).toBe(0)
}

function expectWholePixels(fills: readonly Fill[]): void {
  expect(fills.filter((f) => ![f.x, f.y, f.w, f.h].every(Number.isInteger))).toEqual([])
}

// Design sizes on a 375 px phone: barcode 700:200 of the 750 design width, QR square.
const BARCODE_CSS = { width: 320, height: 92 }
const QR_CSS = 180
const RATIOS = [1, 2, 2.75, 3]
// Quiet zones from the symbology standards (literals, so the test does not trust draw.ts's constants).
const BARCODE_QUIET = 10 // ISO/IEC 15417: 10X each side
const QR_QUIET = 4 // ISO/IEC 18004: 4 modules around
const MIN_BAR_PX = 2 // a till scanner misreads bars (and QR modules) under 2 device px

const CODES = [
  '661000000002123456',
  '660000000000000000',
  '669999999999999999',
  '660000000001000001',
  '664820193757049312',
  '661234567890654321',
]

describe('barcode (Code 128 set C) as a scanner reads it', () => {
  describe.each(RATIOS)('pixel ratio %p', (ratio) => {
    const W = Math.round(BARCODE_CSS.width * ratio)
    const H = Math.round(BARCODE_CSS.height * ratio)

    test.each(CODES)('%s decodes to exactly the code', (code) => {
      const modules = code128CModules(code)
      const ctx = new RasterContext(W, H)
      const result = drawBarcode(ctx, modules, W, H)
      if (!result.ok) throw new Error(`not drawn: ${result.reason}`)
      expect(decodeCode128(ctx)).toBe(code)

      // Whole-pixel modules of at least 2 device px, one rectangle per bar, bars full height.
      expect(result.modulePx).toBe(Math.floor(W / (modules.length + 2 * BARCODE_QUIET)))
      expect(result.modulePx).toBeGreaterThanOrEqual(MIN_BAR_PX)
      const bars = ctx.darkFills()
      const runs = barRuns(modules)
      expect(runs).toHaveLength(37) // start + 9 digit pairs + check: 11 symbols × 3 bars, + 4 in stop
      expect(bars).toHaveLength(runs.length)
      expect(result.rects).toBe(runs.length)
      expect(ctx.fills).toHaveLength(runs.length + 1) // + the white background
      expect(ctx.fills[0]).toEqual({ x: 0, y: 0, w: W, h: H, colour: LIGHT })
      expectWholePixels(ctx.fills)
      expect(bars.map((b) => b.w)).toEqual(runs.map((n) => n * result.modulePx))
      expect(bars.filter((b) => b.w < MIN_BAR_PX || b.y !== 0 || b.h !== H)).toEqual([])
      expectOnlyBlackAndWhite(ctx)

      // Quiet zones: at least 10 modules of white each side, and the symbol centred.
      const left = bars[0].x
      const right = W - (bars[bars.length - 1].x + bars[bars.length - 1].w)
      expect(left).toBeGreaterThanOrEqual(BARCODE_QUIET * result.modulePx)
      expect(right).toBeGreaterThanOrEqual(BARCODE_QUIET * result.modulePx)
      expect(Math.abs(left - right)).toBeLessThanOrEqual(1)
      let notWhite = 0
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < left; x++) if (!ctx.isWhite(x, y)) notWhite++
        for (let x = W - right; x < W; x++) if (!ctx.isWhite(x, y)) notWhite++
      }
      expect(notWhite).toBe(0)
    })
  })

  test('any 18-digit code decodes at any pixel ratio from 1 to 3.5', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^66[0-9]{16}$/), fc.integer({ min: 100, max: 350 }), (code, ratioPct) => {
        const ratio = ratioPct / 100
        const W = Math.round(BARCODE_CSS.width * ratio)
        const H = Math.round(BARCODE_CSS.height * ratio)
        const ctx = new RasterContext(W, H)
        expect(drawBarcode(ctx, code128CModules(code), W, H).ok).toBe(true)
        expect(decodeCode128(ctx)).toBe(code)
      }),
      { numRuns: 30 },
    )
  })

  test('a canvas too narrow for 2 px modules is reported and left white', () => {
    const modules = code128CModules(CODES[0])
    const need = MIN_BAR_PX * (modules.length + 2 * BARCODE_QUIET) // 308 device px
    expect(need).toBe(308)

    const small = new RasterContext(need - 1, 86)
    expect(drawBarcode(small, modules, small.width, small.height)).toEqual({
      ok: false,
      reason: 'too-small',
      modulePx: 1,
      minPx: need,
    })
    expect(small.darkFills()).toHaveLength(0)
    for (let x = 0; x < small.width; x++) expect(small.isWhite(x, 40)).toBe(true)

    const enough = new RasterContext(need, 86)
    const drawn = drawBarcode(enough, modules, enough.width, enough.height)
    expect(drawn.ok && drawn.modulePx).toBe(2)
    expect(decodeCode128(enough)).toBe(CODES[0])
  })

  test('a blank canvas does not decode (the decoder is not fooled by a white page)', () => {
    const ctx = new RasterContext(640, 184)
    ctx.fillStyle = LIGHT
    ctx.fillRect(0, 0, 640, 184)
    expect(() => decodeCode128(ctx)).toThrow(NotFoundException)
  })

  test('redrawing the next code on the same canvas leaves nothing of the previous one', () => {
    const ctx = new RasterContext(640, 184)
    drawBarcode(ctx, code128CModules(CODES[2]), 640, 184)
    drawBarcode(ctx, code128CModules(CODES[1]), 640, 184)
    expect(decodeCode128(ctx)).toBe(CODES[1])
    const fresh = new RasterContext(640, 184)
    drawBarcode(fresh, code128CModules(CODES[1]), 640, 184)
    expect(Buffer.compare(Buffer.from(ctx.rgba), Buffer.from(fresh.rgba))).toBe(0)
  })
})

describe('QR (error correction M) as a scanner reads it', () => {
  test('18 digits use numeric mode: version 1, 21 × 21 modules', () => {
    expect(qrMatrix(CODES[0]).size).toBe(21) // byte mode would need version 2 (25 × 25) at level M
  })

  describe.each(RATIOS)('pixel ratio %p', (ratio) => {
    const S = Math.round(QR_CSS * ratio)

    test.each(CODES)('%s decodes to exactly the code', (code) => {
      const matrix = qrMatrix(code)
      const ctx = new RasterContext(S, S)
      const result = drawQr(ctx, matrix, S)
      if (!result.ok) throw new Error(`not drawn: ${result.reason}`)
      expect(decodeQr(ctx)).toBe(code)

      const m = result.modulePx
      expect(m).toBe(Math.floor(S / (matrix.size + 2 * QR_QUIET)))
      expect(ctx.fills[0]).toEqual({ x: 0, y: 0, w: S, h: S, colour: LIGHT })
      expectWholePixels(ctx.fills)
      expect(ctx.darkFills()).toHaveLength(result.rects)
      expect(ctx.darkFills().filter((f) => f.h !== m || f.w % m !== 0)).toEqual([])
      expectOnlyBlackAndWhite(ctx)

      // Dark pixels lie inside the symbol; the 4-module quiet zone around it is white; centred.
      let minX = S
      let minY = S
      let maxX = -1
      let maxY = -1
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          if (!ctx.isBlack(x, y)) continue
          minX = Math.min(minX, x)
          maxX = Math.max(maxX, x)
          minY = Math.min(minY, y)
          maxY = Math.max(maxY, y)
        }
      }
      expect([maxX - minX + 1, maxY - minY + 1]).toEqual([matrix.size * m, matrix.size * m]) // finder patterns reach the corners
      for (const margin of [minX, minY, S - 1 - maxX, S - 1 - maxY]) expect(margin).toBeGreaterThanOrEqual(QR_QUIET * m)
      expect(Math.abs(minX - (S - 1 - maxX))).toBeLessThanOrEqual(1)
      expect(Math.abs(minY - (S - 1 - maxY))).toBeLessThanOrEqual(1)
    })
  })

  test('a non-square canvas centres the symbol in the smaller side', () => {
    const ctx = new RasterContext(300, 200)
    const result = drawQr(ctx, qrMatrix(CODES[0]), 300, 200)
    expect(result.ok && result.modulePx).toBe(6) // floor(200 / 29)
    expect(decodeQr(ctx)).toBe(CODES[0])
  })

  test('a canvas too small for 2 px modules is reported and left white', () => {
    const matrix = qrMatrix(CODES[0])
    const ctx = new RasterContext(57, 57)
    expect(drawQr(ctx, matrix, 57)).toEqual({ ok: false, reason: 'too-small', modulePx: 1, minPx: 58 })
    expect(ctx.darkFills()).toHaveLength(0)
    expect(drawQr(new RasterContext(58, 58), matrix, 58).ok).toBe(true)
  })

  test('a blank canvas does not decode', () => {
    const ctx = new RasterContext(360, 360)
    ctx.fillStyle = LIGHT
    ctx.fillRect(0, 0, 360, 360)
    expect(() => decodeQr(ctx)).toThrow(NotFoundException)
  })
})

describe('the QR encoder on the first draw (numeric, version 1, level M)', () => {
  const rowsOf = (m: { size: number; isDark: (r: number, c: number) => boolean }) =>
    Array.from({ length: m.size }, (_, r) => Array.from({ length: m.size }, (_, c) => m.isDark(r, c)))
  /** qrcode-generator's symbol (it picks its own mask) as rows. */
  const reference = (digits: string) => {
    const qr = qrcode(1, 'M')
    qr.addData(digits, 'Numeric')
    qr.make()
    return rowsOf({ size: qr.getModuleCount(), isDark: (r, c) => qr.isDark(r, c) })
  }

  test('module for module the symbol a general encoder makes with the same mask', () => {
    fc.assert(
      fc.property(fc.stringMatching(new RegExp(`^[0-9]{1,${QR_MAX_DIGITS}}$`)), (digits) => {
        const theirs = reference(digits)
        const same = [0, 1, 2, 3, 4, 5, 6, 7].filter((m) => sameRows(numericQr(digits, m), theirs))
        expect(same).toHaveLength(1)
      }),
      { numRuns: 200 },
    )
  })

  test.each([0, 1, 2, 3, 4, 5, 6, 7])('with mask %p the member code decodes to exactly the code', (mask) => {
    for (const code of CODES) {
      const rows = numericQr(code, mask)
      const ctx = new RasterContext(290, 290)
      drawQr(ctx, { size: rows.length, isDark: (r, c) => rows[r][c] }, 290)
      expect(decodeQr(ctx)).toBe(code)
    }
  })

  test('the mask is chosen per code (one of the eight, not a fixed one)', () => {
    const masks = new Set(
      CODES.map((code) => [0, 1, 2, 3, 4, 5, 6, 7].find((m) => sameRows(numericQr(code, m), rowsOf(qrMatrix(code))))),
    )
    expect(masks.has(undefined)).toBe(false)
    expect(masks.size).toBeGreaterThan(1)
  })

  test('anything but 1–34 digits is refused (the canvas then reports invalid-value)', () => {
    for (const bad of ['', '12a4', '1'.repeat(QR_MAX_DIGITS + 1), '１２３']) expect(() => qrMatrix(bad)).toThrow()
    expect(qrMatrix('1'.repeat(QR_MAX_DIGITS)).size).toBe(21)
  })
})

function sameRows(a: boolean[][], b: boolean[][]): boolean {
  return a.length === b.length && a.every((row, r) => row.every((v, c) => v === b[r][c]))
}

describe('the fake canvas behaves like a real one where it matters', () => {
  test('fractional rectangles anti-alias (so the whole-pixel checks above can fail)', () => {
    const ctx = new RasterContext(4, 1)
    ctx.fillStyle = LIGHT
    ctx.fillRect(0, 0, 4, 1)
    ctx.fillStyle = DARK
    ctx.fillRect(0.5, 0, 1, 1)
    expect(ctx.pixel(0, 0)).toEqual([128, 128, 128, 255])
    expect(ctx.isWhite(2, 0)).toBe(true)
  })
})
