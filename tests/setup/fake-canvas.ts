/**
 * jsdom has no 2D context: every canvas gets a grey-level bitmap that accepts only whole-pixel
 * rectangles in the two colours the member code uses (so a blurred or off-palette draw fails),
 * and that ZXing can read, as a till's scanner would.
 */
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library'
import { DARK, LIGHT, type DrawContext } from '@/components/code-canvas/draw'

export class FakeContext implements DrawContext {
  fillStyle: unknown = DARK
  pixels: Uint8ClampedArray

  constructor(
    private readonly el: HTMLCanvasElement,
    /** Told of every dark rectangle before it is drawn (a test may note what had happened by then). */
    private readonly onDark?: () => void,
  ) {
    this.pixels = new Uint8ClampedArray(el.width * el.height).fill(255)
  }

  /** Setting width/height clears a canvas: start from a fresh (white) bitmap at the new size. */
  private sync() {
    if (this.pixels.length !== this.el.width * this.el.height)
      this.pixels = new Uint8ClampedArray(this.el.width * this.el.height).fill(255)
  }

  fillRect(x: number, y: number, w: number, h: number) {
    this.sync()
    if (![x, y, w, h].every(Number.isInteger)) throw new Error(`fractional rectangle ${x},${y} ${w}×${h}`)
    if (this.fillStyle !== LIGHT && this.fillStyle !== DARK)
      throw new Error(`unexpected colour ${String(this.fillStyle)}`)
    if (this.fillStyle === DARK) this.onDark?.()
    const v = this.fillStyle === LIGHT ? 255 : 0
    const width = this.el.width
    for (let r = Math.max(0, y); r < Math.min(this.el.height, y + h); r++)
      this.pixels.fill(v, r * width + Math.max(0, x), r * width + Math.min(width, x + w))
  }

  clearRect() {
    this.sync()
  }

  isBlank(): boolean {
    this.sync()
    return this.pixels.every((p) => p === 255)
  }

  /** What a scanner reads; throws when it cannot read it. */
  decode(kind: 'qr' | 'barcode'): string {
    this.sync()
    const bitmap = new BinaryBitmap(
      new HybridBinarizer(new RGBLuminanceSource(this.pixels, this.el.width, this.el.height)),
    )
    if (kind === 'qr') {
      try {
        return new QRCodeReader().decode(bitmap).getText()
      } catch {
        // ZXing-js's detector misplaces the grid on about 1 in 70 valid version-1 symbols; the canvas
        // holds just the symbol and its quiet zone, which the pure-barcode mode reads without the search.
        return new QRCodeReader().decode(bitmap, new Map([[DecodeHintType.PURE_BARCODE, true]])).getText()
      }
    }
    // The hints go with the call: decode(bitmap) alone clears those set on the reader.
    return new MultiFormatReader()
      .decode(bitmap, new Map([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]]]))
      .getText()
  }
}

/** Give every canvas a FakeContext, one per element. */
export function installFakeCanvas(onDark?: () => void) {
  const contexts = new Map<HTMLCanvasElement, FakeContext>()
  const of = (el: HTMLCanvasElement): FakeContext => {
    let ctx = contexts.get(el)
    if (!ctx) contexts.set(el, (ctx = new FakeContext(el, onDark)))
    return ctx
  }
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
    configurable: true,
    value(this: HTMLCanvasElement): DrawContext {
      return of(this)
    },
  })
  return {
    /** The context behind a canvas (made if the component has not asked for it yet). */
    of,
    /** The context behind a canvas the component has drawn on, or undefined. */
    drawnOn: (el: HTMLCanvasElement): FakeContext | undefined => contexts.get(el),
    clear: () => contexts.clear(),
  }
}
