/**
 * Small flat pictures for what members buy and redeem, by the key the backend serves
 * (`image: 'latte'`). Each is a few hundred bytes of SVG, made into a data URI once, on first use.
 */
const cream = '#f3e6d0'
const coffee = '#7a4a2a'
const green = '#3d5a45'
const gold = '#c8a165'

const frame = (body: string, bg: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="${bg}"/>${body}</svg>`

export const PICTURES: Readonly<Record<string, string>> = {
  // A cup of latte with a heart in the foam, on a saucer.
  latte: frame(
    `<ellipse cx="46" cy="72" rx="30" ry="6" fill="#fff"/><path d="M22 36h48l-5 30a6 6 0 0 1-6 5H33a6 6 0 0 1-6-5z" fill="#fff"/><path d="M70 42h4a8 8 0 0 1 0 16h-6" fill="none" stroke="#fff" stroke-width="4"/><ellipse cx="46" cy="37" rx="22" ry="5" fill="${coffee}"/><path d="M46 41c-5-3-7-6-4-7 2-1 3 0 4 1 1-1 2-2 4-1 3 1 1 4-4 7z" fill="${cream}"/>`,
    '#d9b48f',
  ),
  // A tall glass of cold brew with ice.
  'cold-brew': frame(
    `<path d="M30 22h36l-4 54a4 4 0 0 1-4 4H38a4 4 0 0 1-4-4z" fill="#fff" opacity=".9"/><path d="M32 38h32l-3 38a3 3 0 0 1-3 3H38a3 3 0 0 1-3-3z" fill="${coffee}"/><rect x="38" y="42" width="9" height="9" rx="2" fill="#fff" opacity=".6"/><rect x="50" y="50" width="9" height="9" rx="2" fill="#fff" opacity=".6"/><path d="M54 12l-4 28" stroke="${green}" stroke-width="3"/>`,
    '#bcd3e0',
  ),
  // Two coffee beans.
  beans: frame(
    `<ellipse cx="38" cy="50" rx="14" ry="20" transform="rotate(-25 38 50)" fill="${coffee}"/><path d="M30 34c8 8 8 24 16 32" stroke="${cream}" stroke-width="3" fill="none"/><ellipse cx="62" cy="46" rx="12" ry="17" transform="rotate(20 62 46)" fill="#5d3720"/><path d="M58 31c-4 9 2 20 8 30" stroke="${cream}" stroke-width="3" fill="none"/>`,
    '#e8d3b5',
  ),
  // A slice of cheesecake.
  cake: frame(
    `<path d="M18 58l56-22v30H18z" fill="#f6d98a"/><path d="M18 58l56-22 4 4-56 22z" fill="#c9893a"/><path d="M18 58h56v8H18z" fill="#b0702a"/><circle cx="62" cy="34" r="6" fill="#d8463c"/>`,
    '#f5e6c8',
  ),
  // A gift box of drip bags.
  gift: frame(
    `<rect x="20" y="40" width="56" height="36" rx="4" fill="${green}"/><rect x="16" y="30" width="64" height="12" rx="3" fill="#4f7358"/><rect x="44" y="30" width="8" height="46" fill="${gold}"/><path d="M48 30c-10-14-22-8-14 0zM48 30c10-14 22-8 14 0z" fill="${gold}"/>`,
    '#dfe8df',
  ),
  // The brand's mug.
  mug: frame(
    `<rect x="22" y="28" width="42" height="46" rx="6" fill="#fff"/><path d="M64 38h6a9 9 0 0 1 0 18h-6" fill="none" stroke="#fff" stroke-width="5"/><path d="M34 46c6-8 12 8 18 0" stroke="${green}" stroke-width="3" fill="none"/>`,
    '#c9d6cb',
  ),
  // A travel tumbler.
  tumbler: frame(
    `<rect x="32" y="18" width="32" height="10" rx="4" fill="#333"/><path d="M30 28h36l-4 50a4 4 0 0 1-4 4H38a4 4 0 0 1-4-4z" fill="${green}"/><rect x="33" y="46" width="30" height="12" fill="${gold}"/>`,
    '#e4e1d8',
  ),
  // A cinema ticket.
  ticket: frame(
    `<path d="M14 34h68v8a6 6 0 0 0 0 12v8H14v-8a6 6 0 0 0 0-12z" fill="#fff"/><path d="M58 34v28" stroke="#d0c4b4" stroke-width="2" stroke-dasharray="4 3"/><path d="M26 42l14 6-14 6z" fill="#d8463c"/>`,
    '#f0c9b6',
  ),
  // A teapot for afternoon tea for two.
  tea: frame(
    `<ellipse cx="46" cy="56" rx="22" ry="18" fill="#fff"/><path d="M68 50l12-8-4 14z" fill="#fff"/><path d="M24 50a8 8 0 0 0 0 14" stroke="#fff" stroke-width="4" fill="none"/><rect x="40" y="34" width="12" height="6" rx="3" fill="${gold}"/><path d="M30 58h32" stroke="${green}" stroke-width="3"/>`,
    '#cfe0d2',
  ),
  // A voucher with a yuan sign.
  voucher: frame(
    `<rect x="16" y="30" width="64" height="36" rx="6" fill="#fff"/><circle cx="16" cy="48" r="6" fill="#f6d2c6"/><circle cx="80" cy="48" r="6" fill="#f6d2c6"/><text x="48" y="58" font-size="26" font-family="sans-serif" font-weight="700" text-anchor="middle" fill="#c2412d">¥</text>`,
    '#f6d2c6',
  ),
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** UTF-8 bytes in base64 (no btoa in the mini-program's JS core); WeChat's <image> takes base64 data URIs. */
function base64(text: string): string {
  const bytes: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x80) bytes.push(c)
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]]
    const n = (a << 16) | (b << 8) | c
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63]
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '='
    out += i + 2 < bytes.length ? B64[n & 63] : '='
  }
  return out
}

const cache = new Map<string, string>()

/**
 * Where to load a served image from: a URL as it is (http mode can serve real pictures), a known key
 * as its bundled picture; null for anything else (the place shows no picture).
 */
export function pictureSrc(image: string | null | undefined): string | null {
  if (!image) return null
  if (/^(https?:)?\/\//.test(image) || image.startsWith('/')) return image
  if (!Object.prototype.hasOwnProperty.call(PICTURES, image)) return null
  let uri = cache.get(image)
  if (!uri) cache.set(image, (uri = `data:image/svg+xml;base64,${base64(PICTURES[image])}`))
  return uri
}
