/** @jest-environment node */
import fc from 'fast-check'
import { code128C, code128CModules } from '@/domain/code128'
import { hexToBytes, memberCodeAt } from '@/domain/member-code'

// JsBarcode's DOM-free encoder class (CommonJS build), used only as the reference here.
interface JsBarcodeEncoder {
  valid(): boolean
  encode(): { data: string }
}
const { default: JsCODE128C } = require('jsbarcode/bin/barcodes/CODE128/CODE128C.js') as {
  default: new (data: string, options: Record<string, unknown>) => JsBarcodeEncoder
}

function jsBarcodeBits(digits: string): string {
  const enc = new JsCODE128C(digits, {})
  expect(enc.valid()).toBe(true)
  return enc.encode().data
}

const bits = (digits: string): string =>
  code128CModules(digits)
    .map((d) => (d ? '1' : '0'))
    .join('')

/** Run lengths of a '1'/'0' string, starting with the first run. */
function runs(s: string): number[] {
  const out: number[] = []
  let n = 1
  for (let i = 1; i <= s.length; i++) {
    if (i < s.length && s[i] === s[i - 1]) n++
    else {
      out.push(n)
      n = 1
    }
  }
  return out
}

const secret = hexToBytes('8f1e2d3c4b5a69788796a5b4c3d2e1f001122334')

const TABLE: string[] = [
  '661000000002123456',
  '660000000000000000',
  '669999999999999999',
  '661234567890987654',
  '660102030405060708',
  '669080706050403020',
  '661000000001000000',
  '665555555555555555',
  memberCodeAt('1000000002', secret, 1_764_302_400_000),
  memberCodeAt('0000000001', secret, 0),
  memberCodeAt('9999999999', secret, 4_102_444_799_999),
]

describe('code128C', () => {
  test.each(TABLE)('%s: bit for bit equal to JsBarcode CODE128C, 134 modules', (code) => {
    const expected = jsBarcodeBits(code)
    expect(bits(code)).toBe(expected)
    expect(code128C(code)).toEqual(runs(expected))
    expect(code128CModules(code)).toHaveLength(134)
  })

  test('structure: bar first, 11 modules per symbol, stop ends in a 2-module bar', () => {
    const widths = code128C('661000000002123456')
    // start + 9 pairs + checksum = 11 symbols of 6 runs, stop = 7 runs
    expect(widths).toHaveLength(11 * 6 + 7)
    expect(widths.length % 2).toBe(1) // odd run count: starts and ends with a bar
    expect(widths.reduce((a, b) => a + b, 0)).toBe(134)
    expect(widths.slice(0, 6)).toEqual([2, 1, 1, 2, 3, 2]) // start C
    expect(widths.slice(-7)).toEqual([2, 3, 3, 1, 1, 1, 2]) // stop incl. final bar
    for (let s = 0; s < 11; s++) {
      const sym = widths.slice(s * 6, s * 6 + 6)
      expect(sym.reduce((a, b) => a + b, 0)).toBe(11)
    }
    for (const w of widths) expect(w >= 1 && w <= 4).toBe(true)
    const modules = code128CModules('661000000002123456')
    expect(modules[0]).toBe(true)
    expect(modules.slice(-3)).toEqual([false, true, true])
  })

  test('checksum: start 105 + Σ value × position, mod 103 (hand-computed for 661000000002123456)', () => {
    // pairs 66 10 00 00 00 02 12 34 56 → 105 + 66 + 20 + 0 + 0 + 0 + 12 + 84 + 272 + 504 = 1063; 1063 % 103 = 33
    const widths = code128C('661000000002123456')
    expect(widths.slice(60, 66)).toEqual([1, 1, 1, 3, 2, 3]) // symbol 33
  })

  test('matches JsBarcode for random even-length digit strings (2–40 digits)', () => {
    const evenDigits = fc
      .array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 20 })
      .map((pairs) => pairs.map((p) => (p < 10 ? '0' : '') + p).join(''))
    fc.assert(
      fc.property(evenDigits, (digits) => {
        const expected = jsBarcodeBits(digits)
        expect(bits(digits)).toBe(expected)
        expect(code128C(digits)).toEqual(runs(expected))
        expect(code128CModules(digits)).toHaveLength(35 + 11 * (digits.length / 2))
      }),
      { numRuns: 500 },
    )
  })

  test('throws a clear error for odd length, empty input and non-digits', () => {
    expect(() => code128C('12345')).toThrow(/even number of digits/)
    expect(() => code128C('66100000000212345')).toThrow(/even number of digits/)
    expect(() => code128C('')).toThrow(/even number of digits/)
    expect(() => code128C('12a4')).toThrow(/only the digits/)
    expect(() => code128C('12 4')).toThrow(/only the digits/)
    expect(() => code128C('１２')).toThrow(/only the digits/)
    expect(() => code128CModules('123')).toThrow(/even number of digits/)
  })
})
