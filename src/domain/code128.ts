/**
 * A small Code 128 encoder, code set C only (pairs of digits), for the 18-digit member code.
 * Output excludes quiet zones: the drawing code adds them.
 * Checked bit for bit against JsBarcode's CODE128C in tests/unit/code128.test.ts.
 */

/**
 * Bar/space widths of symbol values 0..105 (6 runs, 11 modules each, starting with a bar),
 * then the stop symbol 106 with its final 2-module bar (7 runs, 13 modules).
 */
const PATTERNS: readonly string[] = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
]

const START_C = 105
const STOP = 106
const MODULO = 103

function pushPattern(out: number[], value: number): void {
  const p = PATTERNS[value]
  for (let i = 0; i < p.length; i++) out.push(p.charCodeAt(i) - 48)
}

/** Code 128 set C module widths (alternating bar/space runs, bar first, no quiet zones) for an even-length digit string. */
export function code128C(digits: string): number[] {
  if (!/^[0-9]*$/.test(digits)) throw new Error('code128C: only the digits 0-9 can be encoded in set C')
  if (digits.length === 0 || digits.length % 2 !== 0) {
    throw new Error(`code128C: set C needs a non-empty, even number of digits, got ${digits.length}`)
  }
  const out: number[] = []
  pushPattern(out, START_C)
  let checksum = START_C
  for (let i = 0; i < digits.length; i += 2) {
    const value = (digits.charCodeAt(i) - 48) * 10 + (digits.charCodeAt(i + 1) - 48)
    checksum += value * (i / 2 + 1)
    pushPattern(out, value)
  }
  pushPattern(out, checksum % MODULO)
  pushPattern(out, STOP)
  return out
}

/** The same symbol as one boolean per module (true = dark); 134 modules for 18 digits. */
export function code128CModules(digits: string): boolean[] {
  const widths = code128C(digits)
  const modules: boolean[] = []
  for (let i = 0; i < widths.length; i++) {
    const dark = i % 2 === 0
    for (let w = 0; w < widths[i]; w++) modules.push(dark)
  }
  return modules
}
