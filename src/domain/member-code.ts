/**
 * Member code: 18 digits = `66` + 10-digit card id + 6-digit RFC 6238
 * TOTP (HMAC-SHA1, 30 s step). Pure TypeScript: no WebCrypto, TextEncoder or Buffer, so the same
 * code runs in jest, on H5 and inside the WeChat mini-program.
 */
import { hmacSha1 } from './sha1'

/** TOTP time step in seconds (RFC 6238 default). */
export const CODE_STEP_SECONDS = 30
/** The two digits every member code starts with. */
export const CODE_PREFIX = '66'

const STEP_MS = CODE_STEP_SECONDS * 1000
const CARD_ID_RE = /^[0-9]{10}$/
const MEMBER_CODE_RE = /^66[0-9]{16}$/
const HEX_RE = /^[0-9a-fA-F]*$/
/** Separators a cashier may type between digit groups: whitespace and the usual dashes. */
const SEPARATORS_RE = /[\s\-\u2010-\u2015\uFF0D]/g
const TWO_POW_32 = 4294967296

/** Decode a hex string (either case) to bytes; throws on odd length or a non-hex character. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error(`hexToBytes: odd length ${hex.length}`)
  if (!HEX_RE.test(hex)) throw new Error('hexToBytes: non-hex character')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** Encode bytes as lower-case hex. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16)
  return s
}

/** RFC 4226 HOTP: HMAC-SHA1 over the 8-byte big-endian counter (0..2^53), dynamic truncation, zero-padded. */
export function hotp(secret: Uint8Array, counter: number, digits = 6): string {
  if (!Number.isInteger(counter) || counter < 0 || counter > 2 ** 53) {
    throw new RangeError(`hotp: counter must be an integer in 0..2^53, got ${counter}`)
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) {
    throw new RangeError(`hotp: digits must be an integer in 1..10, got ${digits}`)
  }
  const msg = new Uint8Array(8)
  const high = Math.floor(counter / TWO_POW_32)
  const low = counter % TWO_POW_32
  msg[0] = (high >>> 24) & 0xff
  msg[1] = (high >>> 16) & 0xff
  msg[2] = (high >>> 8) & 0xff
  msg[3] = high & 0xff
  msg[4] = (low >>> 24) & 0xff
  msg[5] = (low >>> 16) & 0xff
  msg[6] = (low >>> 8) & 0xff
  msg[7] = low & 0xff
  const mac = hmacSha1(secret, msg)
  const offset = mac[mac.length - 1] & 0x0f
  const bin = (mac[offset] & 0x7f) * 16777216 + (mac[offset + 1] << 16) + (mac[offset + 2] << 8) + mac[offset + 3]
  const value = digits === 10 ? bin : bin % 10 ** digits
  let s = String(value)
  while (s.length < digits) s = '0' + s
  return s
}

/** RFC 6238 TOTP at `timeMs` (Unix ms): HOTP of floor(timeMs / 30000). */
export function totp(secret: Uint8Array, timeMs: number, digits = 6): string {
  return hotp(secret, codeStep(timeMs), digits)
}

/** The TOTP step (counter) for `timeMs`: floor(timeMs / 30000). */
export function codeStep(timeMs: number): number {
  return Math.floor(timeMs / STEP_MS)
}

/** Whole milliseconds until the next step starts, in 1..30000 (30000 exactly on a boundary). */
export function msToNextStep(timeMs: number): number {
  const t = Math.floor(timeMs)
  return STEP_MS - (((t % STEP_MS) + STEP_MS) % STEP_MS)
}

/** The 18-digit member code at `timeMs`; throws unless `cardId` is exactly 10 ASCII digits. */
export function memberCodeAt(cardId: string, secret: Uint8Array, timeMs: number): string {
  if (!CARD_ID_RE.test(cardId)) throw new Error('memberCodeAt: card id must be exactly 10 digits')
  return CODE_PREFIX + cardId + totp(secret, timeMs, 6)
}

/** The 6-digit OTP for a given step (what the server checks for the current and previous step). */
export function otpForStep(secret: Uint8Array, step: number): string {
  return hotp(secret, step, 6)
}

/** Split a typed or scanned code into card id and OTP; spaces/dashes allowed; null unless 18 digits starting 66. */
export function parseMemberCode(raw: string): { cardId: string; otp: string } | null {
  const digits = raw.replace(SEPARATORS_RE, '')
  if (!MEMBER_CODE_RE.test(digits)) return null
  return { cardId: digits.slice(2, 12), otp: digits.slice(12) }
}

/** Group a code in threes for display: "661000000002123456" → "661 000 000 002 123 456". */
export function groupCode(code: string): string {
  const s = code.replace(SEPARATORS_RE, '')
  const groups: string[] = []
  for (let i = 0; i < s.length; i += 3) groups.push(s.slice(i, i + 3))
  return groups.join(' ')
}

/** Mask a code for display/logs: first group and last 3 digits kept, rest `*`, grouped in threes (≤ 6 digits: all masked). */
export function maskCode(code: string): string {
  const s = code.replace(SEPARATORS_RE, '')
  const n = s.length
  let masked = ''
  for (let i = 0; i < n; i++) masked += n > 6 && (i < 3 || i >= n - 3) ? s[i] : '*'
  return groupCode(masked)
}

/** Compare two strings in time independent of where they differ; different lengths → false. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
