/**
 * The member code's QR symbol: digits in numeric mode, version 1 (21 × 21), error correction M.
 * Written for this one case because it sits on the first draw's path: a general encoder builds
 * the symbol nine times over for its mask choice (≥ 20 ms before the JIT warms up on a phone);
 * this one builds it once and scores the eight masks on a byte grid (ISO/IEC 18004 §7.8.3).
 */

/** Modules per side of a version 1 symbol. */
const SIZE = 21
/** Numeric capacity of version 1 at level M (16 data codewords). */
export const QR_MAX_DIGITS = 34
const DATA_CODEWORDS = 16
const EC_CODEWORDS = 10

/** Module values in the grid: light/dark data, and light/dark function patterns (never masked). */
const LIGHT = 0
const DARK = 1
const FN = 2

/**
 * GF(256) with the QR field's polynomial x^8 + x^4 + x^3 + x^2 + 1, as exp/log tables. Table look-ups,
 * not bit loops: the symbol is made once per start, before the JIT has compiled anything, so every
 * interpreted step counts.
 */
const EXP = new Uint8Array(510)
const LOG = new Uint8Array(256)
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = EXP[i + 255] = x
  LOG[x] = i
  x <<= 1
  if (x & 0x100) x ^= 0x11d
}

function gfMul(x: number, y: number): number {
  return x === 0 || y === 0 ? 0 : EXP[LOG[x] + LOG[y]]
}

/** The Reed–Solomon generator polynomial of degree EC_CODEWORDS (leading 1 left out), made with the tables. */
const DIVISOR = new Uint8Array(EC_CODEWORDS)
DIVISOR[EC_CODEWORDS - 1] = 1
for (let i = 0; i < EC_CODEWORDS; i++) {
  // Multiply by (x − α^i): each coefficient times α^i, plus the next one up.
  for (let j = 0; j < EC_CODEWORDS; j++) {
    DIVISOR[j] = gfMul(DIVISOR[j], EXP[i])
    if (j + 1 < EC_CODEWORDS) DIVISOR[j] ^= DIVISOR[j + 1]
  }
}

/** The 26 codewords: mode, count, digits, terminator and padding, then the error correction. */
function codewords(digits: string): number[] {
  const bits: number[] = []
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1)
  }
  put(0b0001, 4) // numeric mode
  put(digits.length, 10)
  for (let i = 0; i < digits.length; i += 3) {
    const group = digits.slice(i, i + 3)
    put(Number(group), group.length * 3 + 1) // 3 digits → 10 bits, 2 → 7, 1 → 4
  }
  const capacity = DATA_CODEWORDS * 8
  put(0, Math.min(4, capacity - bits.length))
  while (bits.length % 8) bits.push(0)
  const data: number[] = []
  for (let i = 0; i < bits.length; i += 8) {
    let byte = 0
    for (let j = 0; j < 8; j++) byte = (byte << 1) | bits[i + j]
    data.push(byte)
  }
  for (let pad = 0xec; data.length < DATA_CODEWORDS; pad ^= 0xec ^ 0x11) data.push(pad)
  const ec = new Array<number>(EC_CODEWORDS).fill(0)
  for (const b of data) {
    const factor = b ^ (ec.shift() as number)
    ec.push(0)
    for (let i = 0; i < EC_CODEWORDS; i++) ec[i] ^= gfMul(DIVISOR[i], factor)
  }
  return data.concat(ec)
}

/** Finder patterns with separators, timing patterns and the dark module; format areas reserved. */
function functionPatterns(grid: Uint8Array): void {
  const set = (row: number, col: number, dark: boolean) => {
    grid[row * SIZE + col] = FN | (dark ? DARK : LIGHT)
  }
  for (let i = 0; i < SIZE; i++) {
    set(6, i, i % 2 === 0)
    set(i, 6, i % 2 === 0)
  }
  for (const [cr, cc] of [
    [3, 3],
    [3, SIZE - 4],
    [SIZE - 4, 3],
  ]) {
    for (let dr = -4; dr <= 4; dr++) {
      for (let dc = -4; dc <= 4; dc++) {
        const r = cr + dr
        const c = cc + dc
        if (r < 0 || r >= SIZE || c < 0 || c >= SIZE) continue
        const dist = Math.max(Math.abs(dr), Math.abs(dc))
        set(r, c, dist !== 2 && dist !== 4)
      }
    }
  }
  // Format information (written per mask later) and the dark module.
  for (let i = 0; i < 9; i++) {
    if (i !== 6) {
      set(8, i, false)
      set(i, 8, false)
    }
  }
  for (let i = 0; i < 8; i++) {
    set(8, SIZE - 1 - i, false)
    set(SIZE - 1 - i, 8, false)
  }
  set(SIZE - 8, 8, true)
}

/** The data bits in the standard zig-zag, two columns at a time from the bottom right. */
function placeData(grid: Uint8Array, words: number[]): void {
  let i = 0
  const total = words.length * 8
  for (let right = SIZE - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5 // the vertical timing pattern's column is skipped
    const upward = ((right + 1) & 2) === 0
    for (let vert = 0; vert < SIZE; vert++) {
      const row = upward ? SIZE - 1 - vert : vert
      for (let j = 0; j < 2; j++) {
        const at = row * SIZE + right - j
        if (grid[at] & FN || i >= total) continue
        grid[at] = (words[i >>> 3] >>> (7 - (i & 7))) & 1
        i++
      }
    }
  }
}

function maskBit(mask: number, row: number, col: number): boolean {
  switch (mask) {
    case 0:
      return (row + col) % 2 === 0
    case 1:
      return row % 2 === 0
    case 2:
      return col % 3 === 0
    case 3:
      return (row + col) % 3 === 0
    case 4:
      return (Math.floor(row / 2) + Math.floor(col / 3)) % 2 === 0
    case 5:
      return ((row * col) % 2) + ((row * col) % 3) === 0
    case 6:
      return (((row * col) % 2) + ((row * col) % 3)) % 2 === 0
    default:
      return (((row + col) % 2) + ((row * col) % 3)) % 2 === 0
  }
}

/** Level M (format bits 00) with `mask`, BCH-protected, in both copies. */
function writeFormat(grid: Uint8Array, mask: number): void {
  const data = mask // level M's two bits are 00
  let rem = data
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
  const bits = ((data << 10) | rem) ^ 0x5412
  const bit = (i: number) => FN | ((bits >>> i) & 1)
  for (let i = 0; i <= 5; i++) grid[i * SIZE + 8] = bit(i)
  grid[7 * SIZE + 8] = bit(6)
  grid[8 * SIZE + 8] = bit(7)
  grid[8 * SIZE + 7] = bit(8)
  for (let i = 9; i < 15; i++) grid[8 * SIZE + 14 - i] = bit(i)
  for (let i = 0; i < 8; i++) grid[8 * SIZE + SIZE - 1 - i] = bit(i)
  for (let i = 8; i < 15; i++) grid[(SIZE - 15 + i) * SIZE + 8] = bit(i)
}

/** The data grid with `mask` applied and its format written: 1 = dark. */
function masked(base: Uint8Array, mask: number): Uint8Array {
  const grid = base.slice()
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      const at = r * SIZE + c
      if (!(grid[at] & FN) && maskBit(mask, r, c)) grid[at] ^= DARK
    }
  }
  writeFormat(grid, mask)
  return grid
}

/** Finder look-alikes: 1011101 with four light modules on either side, as the last 11 modules. */
const FINDER_BEFORE = 0b10111010000
const FINDER_AFTER = 0b00001011101

/**
 * ISO/IEC 18004 penalty (N1 runs, N2 blocks, N3 finder look-alikes, N4 balance): lower reads better.
 * Rows and columns in one pass over plain indices (no helper calls: see the field tables on why).
 */
function penalty(grid: Uint8Array): number {
  let score = 0
  let darkCount = 0
  for (let a = 0; a < SIZE; a++) {
    let rowRun = 0
    let rowPrev = -1
    let rowWindow = 0
    let colRun = 0
    let colPrev = -1
    let colWindow = 0
    for (let b = 0; b < SIZE; b++) {
      const h = grid[a * SIZE + b] & DARK
      const v = grid[b * SIZE + a] & DARK
      darkCount += h
      if (h === rowPrev) rowRun++
      else {
        if (rowRun >= 5) score += rowRun - 2
        rowRun = 1
        rowPrev = h
      }
      if (v === colPrev) colRun++
      else {
        if (colRun >= 5) score += colRun - 2
        colRun = 1
        colPrev = v
      }
      rowWindow = ((rowWindow << 1) | h) & 0x7ff
      colWindow = ((colWindow << 1) | v) & 0x7ff
      if (b >= 10) {
        if (rowWindow === FINDER_BEFORE || rowWindow === FINDER_AFTER) score += 40
        if (colWindow === FINDER_BEFORE || colWindow === FINDER_AFTER) score += 40
      }
    }
    if (rowRun >= 5) score += rowRun - 2
    if (colRun >= 5) score += colRun - 2
  }
  for (let r = 0; r + 1 < SIZE; r++) {
    for (let c = 0; c + 1 < SIZE; c++) {
      const at = r * SIZE + c
      const v = grid[at] & DARK
      if (v === (grid[at + 1] & DARK) && v === (grid[at + SIZE] & DARK) && v === (grid[at + SIZE + 1] & DARK))
        score += 3
    }
  }
  const total = SIZE * SIZE
  score += Math.floor(Math.abs(darkCount * 20 - total * 10) / total) * 10
  return score
}

/** The symbol for `digits` (1–34 digits) as rows of modules, dark = true; `mask` forces one (for tests). */
export function numericQr(digits: string, mask?: number): boolean[][] {
  if (!/^[0-9]+$/.test(digits) || digits.length > QR_MAX_DIGITS)
    throw new Error(`numericQr: 1–${QR_MAX_DIGITS} digits only`)
  const base = new Uint8Array(SIZE * SIZE)
  functionPatterns(base)
  placeData(base, codewords(digits))
  let best: Uint8Array | null = null
  let bestScore = Infinity
  for (let m = 0; m < 8; m++) {
    if (mask !== undefined && m !== mask) continue
    const grid = masked(base, m)
    const score = mask === undefined ? penalty(grid) : 0
    if (score < bestScore) {
      best = grid
      bestScore = score
    }
  }
  const grid = best as Uint8Array
  const rows: boolean[][] = []
  for (let r = 0; r < SIZE; r++) {
    const row: boolean[] = []
    for (let c = 0; c < SIZE; c++) row.push((grid[r * SIZE + c] & DARK) === DARK)
    rows.push(row)
  }
  return rows
}
