/** @jest-environment node */
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import {
  CODE_PREFIX,
  CODE_STEP_SECONDS,
  bytesToHex,
  codeStep,
  constantTimeEqual,
  groupCode,
  hexToBytes,
  hotp,
  maskCode,
  memberCodeAt,
  msToNextStep,
  otpForStep,
  parseMemberCode,
  totp,
} from '@/domain/member-code'

/** ASCII to bytes without TextEncoder/Buffer, as the mini-program would have to. */
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
const RFC_SECRET = ascii('12345678901234567890')

describe('RFC vectors', () => {
  test.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('RFC 6238 Appendix B SHA1: T = %d s → %s', (seconds, expected) => {
    expect(totp(RFC_SECRET, seconds * 1000, 8)).toBe(expected)
  })

  test.each([
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('RFC 4226 Appendix D HOTP: counter %d → %s', (counter, expected) => {
    expect(hotp(RFC_SECRET, counter)).toBe(expected)
    expect(otpForStep(RFC_SECRET, counter)).toBe(expected)
  })

  test('hotp matches an independent HMAC-SHA1 (node:crypto) for counters up to 2^53', () => {
    const reference = (secret: Uint8Array, counter: number, digits: number): string => {
      const msg = new Uint8Array(8)
      new DataView(msg.buffer).setBigUint64(0, BigInt(counter))
      const mac = createHmac('sha1', secret).update(msg).digest()
      const off = mac[19] & 0x0f
      const bin = mac.readUInt32BE(off) & 0x7fffffff
      return String(bin % 10 ** digits).padStart(digits, '0')
    }
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.oneof(
          fc.integer({ min: 0, max: 2 ** 32 + 10 }),
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          fc.constant(2 ** 53),
        ),
        fc.integer({ min: 1, max: 9 }),
        (secret, counter, digits) => {
          expect(hotp(secret, counter, digits)).toBe(reference(secret, counter, digits))
        },
      ),
      { numRuns: 300 },
    )
  })

  test('hotp rejects counters outside 0..2^53 and bad digit counts', () => {
    expect(() => hotp(RFC_SECRET, -1)).toThrow(RangeError)
    expect(() => hotp(RFC_SECRET, 1.5)).toThrow(RangeError)
    expect(() => hotp(RFC_SECRET, 2 ** 53 + 2)).toThrow(RangeError)
    expect(() => hotp(RFC_SECRET, 0, 0)).toThrow(RangeError)
    expect(() => hotp(RFC_SECRET, 0, 11)).toThrow(RangeError)
  })
})

describe('hex', () => {
  test('round-trips and decodes either case', () => {
    expect(Array.from(hexToBytes('00ff7F10'))).toEqual([0, 255, 127, 16])
    expect(bytesToHex(new Uint8Array([0, 255, 127, 16, 1]))).toBe('00ff7f1001')
    expect(bytesToHex(hexToBytes('3132333435363738393031323334353637383930'))).toBe(
      '3132333435363738393031323334353637383930',
    )
    expect(hexToBytes('3132333435363738393031323334353637383930')).toEqual(RFC_SECRET)
    expect(hexToBytes('')).toEqual(new Uint8Array(0))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => expect(hexToBytes(bytesToHex(b))).toEqual(b)))
  })

  test('throws on odd length and non-hex characters', () => {
    expect(() => hexToBytes('abc')).toThrow(/odd/)
    expect(() => hexToBytes('zz')).toThrow(/non-hex/)
    expect(() => hexToBytes('0x12')).toThrow(/non-hex/)
    expect(() => hexToBytes('12 4')).toThrow()
  })
})

describe('steps', () => {
  test('constants', () => {
    expect(CODE_STEP_SECONDS).toBe(30)
    expect(CODE_PREFIX).toBe('66')
  })

  test('codeStep and msToNextStep at and around boundaries', () => {
    expect(codeStep(0)).toBe(0)
    expect(codeStep(29_999)).toBe(0)
    expect(codeStep(30_000)).toBe(1)
    expect(codeStep(59_000)).toBe(1)
    expect(msToNextStep(0)).toBe(30_000)
    expect(msToNextStep(1)).toBe(29_999)
    expect(msToNextStep(29_999)).toBe(1)
    expect(msToNextStep(30_000)).toBe(30_000)
    expect(msToNextStep(-1)).toBe(1)
  })

  test('msToNextStep is 1..30000 and lands exactly on the next step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (t) => {
        const ms = msToNextStep(t)
        expect(ms).toBeGreaterThanOrEqual(1)
        expect(ms).toBeLessThanOrEqual(30_000)
        expect(codeStep(t + ms)).toBe(codeStep(t) + 1)
        expect(codeStep(t + ms - 1)).toBe(codeStep(t))
      }),
    )
  })
})

describe('memberCodeAt', () => {
  const secret = hexToBytes('8f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778')
  const cardId = '1000000002'
  const stepStart = 1_764_302_400_000 // a multiple of 30 000 ms

  test('18 digits: 66 + card id + TOTP of the step', () => {
    expect(stepStart % 30_000).toBe(0)
    const code = memberCodeAt(cardId, secret, stepStart + 12_345)
    expect(code).toMatch(/^[0-9]{18}$/)
    expect(code.startsWith('66')).toBe(true)
    expect(code.slice(2, 12)).toBe(cardId)
    expect(code.slice(12)).toBe(otpForStep(secret, codeStep(stepStart)))
    expect(code.slice(12)).toBe(totp(secret, stepStart))
  })

  test('same code within a step, a different one across the boundary', () => {
    const first = memberCodeAt(cardId, secret, stepStart)
    expect(memberCodeAt(cardId, secret, stepStart + 1)).toBe(first)
    expect(memberCodeAt(cardId, secret, stepStart + 29_999)).toBe(first)
    const next = memberCodeAt(cardId, secret, stepStart + 30_000)
    expect(next).not.toBe(first)
    expect(next.slice(0, 12)).toBe(first.slice(0, 12))
    expect(memberCodeAt(cardId, secret, stepStart - 1)).not.toBe(first)
  })

  test('a different secret gives a different OTP for the same card and time', () => {
    const other = hexToBytes('00112233445566778899aabbccddeeff00112233')
    expect(memberCodeAt(cardId, other, stepStart)).not.toBe(memberCodeAt(cardId, secret, stepStart))
  })

  test('throws unless the card id is exactly 10 digits', () => {
    for (const bad of ['', '123456789', '12345678901', '12345abcde', ' 123456789', '１２３４５６７８９０']) {
      expect(() => memberCodeAt(bad, secret, stepStart)).toThrow(/10 digits/)
    }
  })

  test('parseMemberCode round-trips generated codes, grouped or not', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{10}$/),
        fc.uint8Array({ minLength: 10, maxLength: 32 }),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        (id, key, t) => {
          const code = memberCodeAt(id, key, t)
          const expected = { cardId: id, otp: totp(key, t) }
          expect(parseMemberCode(code)).toEqual(expected)
          expect(parseMemberCode(groupCode(code))).toEqual(expected)
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('parseMemberCode', () => {
  const expected = { cardId: '1000000002', otp: '123456' }

  test('accepts what a cashier types: spaces and dashes anywhere', () => {
    expect(parseMemberCode('661000000002123456')).toEqual(expected)
    expect(parseMemberCode('661 0000 0000 2123 456')).toEqual(expected)
    expect(parseMemberCode('661 000 000 002 123 456')).toEqual(expected)
    expect(parseMemberCode('661-000-000-002-123-456')).toEqual(expected)
    expect(parseMemberCode('  6610000000021 23456\n')).toEqual(expected)
    expect(parseMemberCode('661\u3000000\u3000000\u3000002\u3000123\u3000456')).toEqual(expected)
  })

  test('rejects wrong length, wrong prefix, letters and other characters', () => {
    expect(parseMemberCode('66100000000212345')).toBeNull() // 17
    expect(parseMemberCode('6610000000021234567')).toBeNull() // 19
    expect(parseMemberCode('671000000002123456')).toBeNull()
    expect(parseMemberCode('561000000002123456')).toBeNull()
    expect(parseMemberCode('66100000000212345A')).toBeNull()
    expect(parseMemberCode('66100000O002123456')).toBeNull()
    expect(parseMemberCode('661.000.000.002.123.456')).toBeNull()
    expect(parseMemberCode('６６1000000002123456')).toBeNull()
    expect(parseMemberCode('')).toBeNull()
  })
})

describe('display', () => {
  test('groupCode groups in threes', () => {
    expect(groupCode('661000000002123456')).toBe('661 000 000 002 123 456')
    expect(groupCode('661 0000 0000 2123 456')).toBe('661 000 000 002 123 456')
  })

  test('maskCode keeps the first group and the last 3 digits', () => {
    expect(maskCode('661000000002123456')).toBe('661 *** *** *** *** 456')
    expect(maskCode('669876543210654321')).toBe('669 *** *** *** *** 321')
    expect(maskCode('661 000 000 002 123 456')).toBe('661 *** *** *** *** 456')
    // the OTP's first three digits and the card id never appear
    expect(maskCode('661234567890987654')).not.toMatch(/987|234567890/)
    // too short to show anything safely
    expect(maskCode('123456')).toBe('*** ***')
  })
})

describe('constantTimeEqual', () => {
  test('equal, different at either end, different lengths', () => {
    expect(constantTimeEqual('123456', '123456')).toBe(true)
    expect(constantTimeEqual('', '')).toBe(true)
    expect(constantTimeEqual('023456', '123456')).toBe(false)
    expect(constantTimeEqual('123457', '123456')).toBe(false)
    expect(constantTimeEqual('12345', '123456')).toBe(false)
    expect(constantTimeEqual('1234567', '123456')).toBe(false)
  })

  test('agrees with === on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b)
        expect(constantTimeEqual(a, a)).toBe(true)
      }),
    )
  })
})
