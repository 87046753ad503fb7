/**
 * The invitation poster as a phone camera sees it: the QR of the join link decodes from the drawn
 * bitmap, its modules land on whole device pixels, and the words name who invites and what the friend gets.
 */
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library'
import { DARK } from '@/components/code-canvas/draw'
import { drawPoster, POSTER_CSS, type PosterContext, type PosterSpec } from '@/packages/invite/poster'

/** A grey-level bitmap: rectangles in any colour (dark ink for DARK and the band, light otherwise); text is only recorded. */
class RecordingContext implements PosterContext {
  fillStyle: unknown = '#000000'
  font = ''
  textAlign = 'start'
  textBaseline = 'alphabetic'
  texts: string[] = []
  fractional: string[] = []
  pixels: Uint8ClampedArray
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8ClampedArray(width * height).fill(255)
  }
  fillRect(x: number, y: number, w: number, h: number) {
    if (![x, y, w, h].every(Number.isInteger)) this.fractional.push(`${x},${y} ${w}×${h}`)
    const v = this.fillStyle === DARK ? 0 : this.fillStyle === '#ffffff' ? 255 : 200
    for (let r = Math.max(0, y); r < Math.min(this.height, y + h); r++)
      this.pixels.fill(v, r * this.width + Math.max(0, x), r * this.width + Math.min(this.width, x + w))
  }
  fillText(text: string) {
    this.texts.push(text)
  }
  measureText(text: string) {
    // One em per CJK character at the current font size, about half of one for Latin letters and digits.
    const size = Number(/(\d+)px/.exec(this.font)?.[1] ?? 16)
    return { width: [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? 0.55 : 1) * size, 0) }
  }
  decode(): string {
    const source = new RGBLuminanceSource(this.pixels, this.width, this.height)
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText()
  }
}

const spec: PosterSpec = {
  brand: '栖木咖啡',
  nickname: 'Vivian',
  friendGets: '入会 30 天内首单送你 满50减15 券',
  link: 'http://127.0.0.1:10086/#/packages/join/index?invite=MC00050A5',
  code: 'MC00050A5',
  color: '#3d5a45',
}

test.each([2, 3])('at ×%i the QR decodes to the join link with the code, on whole pixels', (ratio) => {
  const ctx = new RecordingContext(POSTER_CSS.width * ratio, POSTER_CSS.height * ratio)
  const qr = drawPoster(ctx, spec, ratio)
  expect(ctx.fractional).toEqual([])
  expect(ctx.decode()).toBe(spec.link)
  expect(qr.modulePx).toBeGreaterThanOrEqual(2 * ratio)
  // The QR and its words stay on the poster.
  expect(qr.y + qr.sidePx).toBeLessThan(ctx.height - 40 * ratio)
})

test('the poster names the brand, who invites, what the friend gets and the code, and how to use it', () => {
  const ctx = new RecordingContext(600, 920)
  drawPoster(ctx, spec, 2)
  expect(ctx.texts).toEqual([
    '栖木咖啡',
    '会员邀请',
    'Vivian 邀请你加入栖木咖啡会员',
    '入会 30 天内首单送你 满50减15 券',
    '邀请码 MC00050A5',
    '长按识别二维码入会，或保存图片分享给好友',
  ])
})

test('a long nickname wraps instead of running off the poster', () => {
  const ctx = new RecordingContext(600, 920)
  drawPoster(ctx, { ...spec, nickname: '一个名字非常非常长的会员朋友' }, 2)
  const line = '一个名字非常非常长的会员朋友 邀请你加入栖木咖啡会员'
  // Not drawn as one line, but as two that read as the line.
  expect(ctx.texts).not.toContain(line)
  const first = ctx.texts.findIndex((t) => t.startsWith('一个名字'))
  expect(first).toBeGreaterThanOrEqual(0)
  expect(ctx.texts.slice(first, first + 2).join('')).toBe(line)
  expect(ctx.decode()).toBe(spec.link)
})
