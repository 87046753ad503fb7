/**
 * The member code's hash against the published vectors (RFC 3174 for SHA-1, RFC 2202 for
 * HMAC-SHA1), and against an independent implementation (@noble/hashes) over random inputs of every
 * length around the block boundaries, where padding goes wrong.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js'
import { hmacSha1, sha1 } from '@/domain/sha1'

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0))
const bytes = (length: number, value: number) => new Uint8Array(length).fill(value)

test.each([
  ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
])('SHA-1 of %j', (message, digest) => {
  expect(hex(sha1(ascii(message)))).toBe(digest)
})

test('SHA-1 of a million "a"', () => {
  expect(hex(sha1(bytes(1_000_000, 0x61)))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f')
})

test.each([
  [bytes(20, 0x0b), ascii('Hi There'), 'b617318655057264e28bc0b6fb378c8ef146be00'],
  [ascii('Jefe'), ascii('what do ya want for nothing?'), 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
  [bytes(20, 0xaa), bytes(50, 0xdd), '125d7342b9ac11cd91a39af48aa17b4f63f175d3'],
  [
    bytes(80, 0xaa),
    ascii('Test Using Larger Than Block-Size Key - Hash Key First'),
    'aa4ae5e15272d00e95705637ce8a3b55ed402112',
  ],
  [
    bytes(80, 0xaa),
    ascii('Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data'),
    'e8e99d0f45237d786d6bbaa7965c7808bbff1a91',
  ],
])('HMAC-SHA1 (RFC 2202) with a %#th key', (key, message, mac) => {
  expect(hex(hmacSha1(key, message))).toBe(mac)
})

test('matches an independent implementation at every length up to three blocks', () => {
  let seed = 7
  const random = (length: number) =>
    Uint8Array.from({ length }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff)
  for (let length = 0; length <= 192; length++) {
    const message = random(length)
    const key = random(length % 90)
    expect(hex(sha1(message))).toBe(hex(nobleSha1(message)))
    expect(hex(hmacSha1(key, message))).toBe(hex(hmac(nobleSha1, key, message)))
  }
})
