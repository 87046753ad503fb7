// Decode a barcode or QR from a screenshot, in the page, with ZXing (an independent decoder).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const ZXING = readFileSync(require.resolve('@zxing/library/umd/index.min.js'), 'utf8')

/**
 * Screenshot `locator` and decode it; resolves to the text, or throws if five frames in a row (about
 * three seconds) cannot be read. A frame caught before the first draw or mid-redraw is taken again,
 * as a till's scanner would.
 */
export async function decodeScreenshot(page, locator, kind) {
  for (let attempt = 1; ; attempt++) {
    const png = (await locator.screenshot()).toString('base64')
    try {
      return await decodeOnce(page, png, kind)
    } catch (error) {
      if (attempt >= 5) {
        // The frame the scanner could not read, to look at.
        mkdirSync('test-results', { recursive: true })
        writeFileSync(`test-results/undecoded-${kind}-${Date.now()}.png`, Buffer.from(png, 'base64'))
        throw error
      }
      await page.waitForTimeout(500)
    }
  }
}

async function decodeOnce(page, png, kind) {
  if (!(await page.evaluate(() => typeof window.ZXing !== 'undefined'))) await page.addScriptTag({ content: ZXING })
  return page.evaluate(
    async ({ png, kind }) => {
      const img = new Image()
      img.src = `data:image/png;base64,${png}`
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = img.naturalWidth
      canvas.height = img.naturalHeight
      const ctx = canvas.getContext('2d')
      ctx.drawImage(img, 0, 0)
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      const { ZXing } = window
      const luminance = new Uint8ClampedArray(width * height)
      for (let i = 0; i < width * height; i++)
        luminance[i] = (data[i * 4] * 299 + data[i * 4 + 1] * 587 + data[i * 4 + 2] * 114) / 1000
      const source = new ZXing.RGBLuminanceSource(luminance, width, height)
      const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(source))
      const hints = new Map([
        [
          ZXing.DecodeHintType.POSSIBLE_FORMATS,
          [kind === 'qr' ? ZXing.BarcodeFormat.QR_CODE : ZXing.BarcodeFormat.CODE_128],
        ],
        [ZXing.DecodeHintType.TRY_HARDER, true],
      ])
      // decode(bitmap, hints): decode(bitmap) alone would clear the hints set on the reader.
      const reader = new ZXing.MultiFormatReader()
      try {
        return reader.decode(bitmap, hints).getText()
      } catch (error) {
        // ZXing-js's detector misplaces the grid (a format error) on about 1 in 70 valid version-1
        // symbols drawn crisp, a general encoder's as well as ours (31 of 2,000 member codes), so a
        // code on screen can go unread for its whole 30 s. The crop is the symbol and its quiet zone,
        // which is what the pure-barcode mode reads: the same pixels, without the search.
        if (kind !== 'qr') throw error
        hints.set(ZXing.DecodeHintType.PURE_BARCODE, true)
        return reader.decode(bitmap, hints).getText()
      }
    },
    { png, kind },
  )
}

/**
 * The member code on the phone's screen, read from its QR as a till's scanner would: a frame caught
 * mid-redraw (the code refreshes every 30 s) is read again. With `other`, waits for a different code.
 */
export async function readMemberCode(page, other = null, timeoutMs = 40_000) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const code = await decodeScreenshot(page, page.locator('.code-page__qr'), 'qr').catch(() => null)
    if (code && code !== other) return code
    await page.waitForTimeout(400)
  }
  throw new Error(other ? 'the member code did not change' : 'the member code could not be read')
}
