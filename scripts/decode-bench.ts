/**
 * npm run bench:decode — does the code page's member code scan at the first try? Figures, never assertions.
 * Draws the barcode and the QR as the page does on a 375-CSS-px screen at pixel ratio 2 (the layout
 * before this change, the panel's width, next to the current one), photographs them the way a till's
 * scanner would (grayscale; the phone tilted 0°/8°; scaled to 50/35/25/20 %; Gaussian blur σ 0/1/2 px;
 * sensor noise), and decodes each with ZXing. Prints, per symbol, the share of the 24 conditions
 * decoded, and of the 8 at 35–50 % scale with σ ≤ 1.
 * Env: DECODE_SCREEN=375x667 (CSS px), DECODE_RATIO=2, DECODE_VERBOSE=1 (every condition).
 */
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library'
import { code128CModules } from '../src/domain/code128'
import { hexToBytes, memberCodeAt } from '../src/domain/member-code'
import { DARK, drawBarcode, drawQr, qrMatrix, type DrawContext } from '../src/components/code-canvas/draw'
import { codeLayout } from '../src/pages/code/layout'

/** A grey-level image, row-major, 0 = black. */
interface Gray {
  w: number
  h: number
  px: Float32Array
}

const [SCREEN_W, SCREEN_H] = (process.env.DECODE_SCREEN ?? '375x667').split('x').map(Number)
const RATIO = Number(process.env.DECODE_RATIO) || 2
const SCALES = [0.5, 0.35, 0.25, 0.2]
const BLURS = [0, 1, 2]
const TILTS = [0, 8]
/** What surrounds the canvas, and the sensor's noise (grey levels). */
const SURROUND = 255
const NOISE_SIGMA = 6

function image(w: number, h: number, fill: number): Gray {
  return { w, h, px: new Float32Array(w * h).fill(fill) }
}

/** A 2D context drawing into a grey image (the drawing only ever fills whole-pixel rectangles). */
function contextOn(img: Gray, x0: number, y0: number): DrawContext {
  const ctx = {
    fillStyle: DARK as unknown,
    fillRect(x: number, y: number, w: number, h: number) {
      const v = ctx.fillStyle === DARK ? 0 : 255
      for (let r = y0 + y; r < y0 + y + h; r++)
        for (let c = x0 + x; c < x0 + x + w; c++)
          if (r >= 0 && r < img.h && c >= 0 && c < img.w) img.px[r * img.w + c] = v
    },
    clearRect: () => undefined,
  }
  return ctx
}

/**
 * The drawn canvas with a white margin of a tenth of its width each side. (The page around it is
 * left out: ZXing's Code 128 reader fails on any dark surround beside the quiet zone, at every
 * size, which a till's scanner does not; the quiet zones drawn are the canvas's own.)
 */
function screenShot(kind: 'qr' | 'barcode', code: string, canvasW: number, canvasH: number): Gray {
  const margin = Math.round(canvasW / 10)
  const img = image(canvasW + 2 * margin, canvasH + 2 * margin, SURROUND)
  const ctx = contextOn(img, margin, margin)
  const result =
    kind === 'qr'
      ? drawQr(ctx, qrMatrix(code), canvasW, canvasH)
      : drawBarcode(ctx, code128CModules(code), canvasW, canvasH)
  if (!result.ok) throw new Error(`${kind} not drawn at ${canvasW}×${canvasH}`)
  return img
}

function sample(img: Gray, x: number, y: number, outside: number): number {
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const fx = x - x0
  const fy = y - y0
  const at = (c: number, r: number) => (c >= 0 && c < img.w && r >= 0 && r < img.h ? img.px[r * img.w + c] : outside)
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) +
    at(x0 + 1, y0) * fx * (1 - fy) +
    at(x0, y0 + 1) * (1 - fx) * fy +
    at(x0 + 1, y0 + 1) * fx * fy
  )
}

/** The phone turned by `deg` in the camera's view (bilinear), on a canvas large enough to hold it. */
function tilt(img: Gray, deg: number): Gray {
  if (deg === 0) return img
  const a = (deg * Math.PI) / 180
  const cos = Math.cos(a)
  const sin = Math.sin(a)
  const w = Math.ceil(Math.abs(img.w * cos) + Math.abs(img.h * sin))
  const h = Math.ceil(Math.abs(img.w * sin) + Math.abs(img.h * cos))
  const out = image(w, h, SURROUND)
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) {
      const dx = c - w / 2
      const dy = r - h / 2
      out.px[r * w + c] = sample(img, dx * cos + dy * sin + img.w / 2, -dx * sin + dy * cos + img.h / 2, SURROUND)
    }
  return out
}

/** Down to `s` of the size, each sensor pixel the average of the screen area it covers. */
function scale(img: Gray, s: number): Gray {
  const w = Math.max(1, Math.round(img.w * s))
  const h = Math.max(1, Math.round(img.h * s))
  const out = image(w, h, 0)
  const k = 4 // sub-samples per axis
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) {
      let sum = 0
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++)
          sum += sample(img, (c + (j + 0.5) / k) / s - 0.5, (r + (i + 0.5) / k) / s - 0.5, SURROUND)
      out.px[r * w + c] = sum / (k * k)
    }
  return out
}

/** Gaussian blur of `sigma` sensor px (separable). */
function blur(img: Gray, sigma: number): Gray {
  if (sigma <= 0) return img
  const radius = Math.ceil(3 * sigma)
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)))
  const norm = kernel.reduce((a, b) => a + b, 0)
  const pass = (src: Gray, horizontal: boolean): Gray => {
    const out = image(src.w, src.h, 0)
    for (let r = 0; r < src.h; r++)
      for (let c = 0; c < src.w; c++) {
        let sum = 0
        for (let i = -radius; i <= radius; i++) {
          const cc = horizontal ? Math.min(src.w - 1, Math.max(0, c + i)) : c
          const rr = horizontal ? r : Math.min(src.h - 1, Math.max(0, r + i))
          sum += src.px[rr * src.w + cc] * kernel[i + radius]
        }
        out.px[r * src.w + c] = sum / norm
      }
    return out
  }
  return pass(pass(img, true), false)
}

/** Sensor noise (Gaussian, seeded so every run prints the same figures), clipped to 0–255. */
function noise(img: Gray, seed: number): Uint8ClampedArray {
  let state = seed >>> 0 || 1
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return (state + 0.5) / 4294967296
  }
  const out = new Uint8ClampedArray(img.px.length)
  for (let i = 0; i < img.px.length; i++) {
    const n = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
    out[i] = img.px[i] + n * NOISE_SIGMA
  }
  return out
}

function decode(kind: 'qr' | 'barcode', lum: Uint8ClampedArray, w: number, h: number): string | null {
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [kind === 'qr' ? BarcodeFormat.QR_CODE : BarcodeFormat.CODE_128]],
    [DecodeHintType.TRY_HARDER, true],
  ])
  try {
    // The hints go with the call: decode(bitmap) alone clears those set on the reader.
    return new MultiFormatReader()
      .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, w, h))), hints)
      .getText()
  } catch {
    return null
  }
}

interface Symbol {
  label: string
  kind: 'qr' | 'barcode'
  widthCss: number
  heightCss: number
}

function run(symbol: Symbol, code: string) {
  const canvasW = Math.round(symbol.widthCss * RATIO)
  const canvasH = Math.round(symbol.heightCss * RATIO)
  const shot = screenShot(symbol.kind, code, canvasW, canvasH)
  const modulePx =
    symbol.kind === 'qr'
      ? Math.floor(Math.min(canvasW, canvasH) / 29)
      : Math.floor(canvasW / (code128CModules(code).length + 20))
  let all = 0
  let goal = 0
  const misses: string[] = []
  let seed = 1
  for (const t of TILTS) {
    const turned = tilt(shot, t)
    for (const s of SCALES) {
      const small = scale(turned, s)
      for (const sigma of BLURS) {
        const img = blur(small, sigma)
        const ok = decode(symbol.kind, noise(img, seed++), img.w, img.h) === code
        if (ok) all++
        if (ok && s >= 0.35 && sigma <= 1) goal++
        if (!ok) misses.push(`${t}°/${s * 100}%/σ${sigma}`)
      }
    }
  }
  console.log(
    `  ${symbol.label.padEnd(34)} ${`${canvasW}×${canvasH} px, ${modulePx}-px modules`.padEnd(30)} ${String(all).padStart(2)}/24 (${Math.round((all / 24) * 100)} %)   goal set ${goal}/8`,
  )
  if (process.env.DECODE_VERBOSE) console.log(`    not decoded: ${misses.join(', ') || 'none'}`)
}

function main() {
  const code = memberCodeAt(
    '1000000002',
    hexToBytes('3132333435363738393031323334353637383930'),
    Date.UTC(2026, 10, 28, 2),
  )
  const panel = SCREEN_W - 72
  const now = codeLayout(SCREEN_W, SCREEN_H, RATIO)
  const symbols: Symbol[] = [
    // The layout before: both inside the panel (barcode 700:200 of its width, QR 60 % of it up to 200).
    {
      label: 'barcode, panel width (before)',
      kind: 'barcode',
      widthCss: panel,
      heightCss: Math.round((panel * 200) / 700),
    },
    { label: 'barcode, edge to edge (now)', kind: 'barcode', widthCss: now.barWidth, heightCss: now.barHeight },
    { label: 'barcode, enlarged view (now)', kind: 'barcode', widthCss: now.barWidth, heightCss: now.zoomBarHeight },
    {
      label: 'QR, 60 % of the panel (before)',
      kind: 'qr',
      widthCss: Math.min(200, Math.round(panel * 0.6)),
      heightCss: Math.min(200, Math.round(panel * 0.6)),
    },
    { label: 'QR, as large as the layout (now)', kind: 'qr', widthCss: now.qrSize, heightCss: now.qrSize },
  ]
  console.log(
    `member code scans (${SCREEN_W}×${SCREEN_H} CSS px at ×${RATIO}; tilt ${TILTS.join('/')}°, scale ${SCALES.map((s) => s * 100).join('/')} %, blur σ ${BLURS.join('/')}, noise σ ${NOISE_SIGMA}):`,
  )
  for (const s of symbols) run(s, code)
}

main()
