/**
 * SHA-1 (FIPS 180-4) and HMAC-SHA1 (RFC 2104): all the member code's TOTP (RFC 6238) needs, and
 * what the backend signs its own tokens with. Written out rather than taken from a general hash
 * library: this is on the path to a returning member's first drawn code, where a library's generic
 * hashing classes cost more to load and warm up than the hashing itself (and ~6 KB in the package).
 * Pinned by the RFC 3174 / RFC 2202 vectors in tests/unit/sha1.test.ts.
 */

const BLOCK_BYTES = 64

/** The 20-byte SHA-1 digest of `data`. */
export function sha1(data: Uint8Array): Uint8Array {
  const length = data.length
  // The message, a 1 bit, zeros, and the length in bits as 64 bits: a whole number of 64-byte blocks.
  const padded = new Uint8Array((((length + 8) >> 6) + 1) << 6)
  padded.set(data)
  padded[length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000))
  view.setUint32(padded.length - 4, (length << 3) >>> 0)

  let h0 = 0x67452301
  let h1 = 0xefcdab89
  let h2 = 0x98badcfe
  let h3 = 0x10325476
  let h4 = 0xc3d2e1f0
  const w = new Int32Array(80)
  for (let offset = 0; offset < padded.length; offset += BLOCK_BYTES) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(offset + i * 4)
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
      w[i] = (x << 1) | (x >>> 31)
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    for (let i = 0; i < 80; i++) {
      let f: number
      let k: number
      if (i < 20) {
        f = (b & c) | (~b & d)
        k = 0x5a827999
      } else if (i < 40) {
        f = b ^ c ^ d
        k = 0x6ed9eba1
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d)
        k = 0x8f1bbcdc
      } else {
        f = b ^ c ^ d
        k = 0xca62c1d6
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
  }
  const digest = new Uint8Array(20)
  const out = new DataView(digest.buffer)
  ;[h0, h1, h2, h3, h4].forEach((h, i) => out.setInt32(i * 4, h))
  return digest
}

/** HMAC-SHA1 of `message` under `key` (a key longer than a block is hashed first, as RFC 2104 says). */
export function hmacSha1(key: Uint8Array, message: Uint8Array): Uint8Array {
  const k = key.length > BLOCK_BYTES ? sha1(key) : key
  const inner = new Uint8Array(BLOCK_BYTES + message.length)
  const outer = new Uint8Array(BLOCK_BYTES + 20)
  for (let i = 0; i < BLOCK_BYTES; i++) {
    const byte = i < k.length ? k[i] : 0
    inner[i] = byte ^ 0x36
    outer[i] = byte ^ 0x5c
  }
  inner.set(message, BLOCK_BYTES)
  outer.set(sha1(inner), BLOCK_BYTES)
  return sha1(outer)
}
