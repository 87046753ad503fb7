/**
 * The H5 invitation poster drawn on any Canvas 2D context: brand band, who invites, what the friend
 * gets, and a QR of the join link with the code (error correction M, whole-pixel modules, a 4-module
 * quiet zone), so a phone camera reads it off a saved picture or a screen.
 */
import { drawModules, LIGHT, QR_QUIET_MODULES } from '@/components/code-canvas/draw'
import { textQr } from '@/components/code-canvas/text-qr'

/** The part of a Canvas 2D context the poster needs; a browser's context and a jest fake both fit. */
export interface PosterContext {
  fillStyle: unknown
  font: string
  textAlign: string
  textBaseline: string
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  measureText?(text: string): { width: number }
}

export interface PosterSpec {
  brand: string
  /** The inviting member's nickname. */
  nickname: string
  /** What the friend gets, in words (the served rules), e.g. 入会 30 天内首单送你 满50减15 券. */
  friendGets: string
  /** The link the QR carries: the H5 join page with the code. */
  link: string
  /** The code in words under the QR, for typing it in. */
  code: string
  /** Band colour. */
  color: string
}

/** The poster's size in CSS px; drawn at `ratio` device px per CSS px. */
export const POSTER_CSS = { width: 300, height: 460 } as const

const INK = '#1f2a22'
const MUTED = '#5c6360'
const PAPER = '#f7f5ef'
const FONT = '"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif'

/** Where the QR landed, in device px (for tests and for a scanner's sake: whole pixels only). */
export interface PosterQr {
  x: number
  y: number
  modulePx: number
  /** Side of the white square around the symbol, quiet zone included. */
  sidePx: number
  size: number
}

/** Split `text` into lines no wider than `maxPx` (CJK text wraps between any two characters). */
function wrap(ctx: PosterContext, text: string, maxPx: number, fallbackCharPx: number): string[] {
  const width = (s: string) => (ctx.measureText ? ctx.measureText(s).width : [...s].length * fallbackCharPx)
  const lines: string[] = []
  let line = ''
  for (const ch of [...text]) {
    if (line && width(line + ch) > maxPx) {
      lines.push(line)
      line = ch.trim() ? ch : ''
    } else line += ch
  }
  if (line) lines.push(line)
  return lines
}

/** Draw the whole poster on a canvas of POSTER_CSS × `ratio` device px; returns where the QR is. */
export function drawPoster(ctx: PosterContext, spec: PosterSpec, ratio: number): PosterQr {
  const k = (css: number) => Math.round(css * ratio)
  const W = k(POSTER_CSS.width)
  const H = k(POSTER_CSS.height)
  ctx.fillStyle = PAPER
  ctx.fillRect(0, 0, W, H)

  // Brand band.
  const band = k(96)
  ctx.fillStyle = spec.color
  ctx.fillRect(0, 0, W, band)
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.fillStyle = LIGHT
  ctx.font = `600 ${k(22)}px ${FONT}`
  ctx.fillText(spec.brand, W / 2, k(40))
  ctx.font = `${k(13)}px ${FONT}`
  ctx.fillText('会员邀请', W / 2, k(70))

  // Who invites, and what the friend gets.
  ctx.fillStyle = INK
  ctx.font = `600 ${k(16)}px ${FONT}`
  let y = band + k(30)
  for (const line of wrap(ctx, `${spec.nickname} 邀请你加入${spec.brand}会员`, W - k(40), k(16))) {
    ctx.fillText(line, W / 2, y)
    y += k(22)
  }
  ctx.fillStyle = spec.color
  ctx.font = `600 ${k(15)}px ${FONT}`
  for (const line of wrap(ctx, spec.friendGets, W - k(40), k(15)).slice(0, 2)) {
    ctx.fillText(line, W / 2, y + k(2))
    y += k(22)
  }

  // The QR on white, in whole device px.
  const matrix = textQr(spec.link)
  const span = matrix.size + 2 * QR_QUIET_MODULES
  const modulePx = Math.max(2, Math.floor(k(172) / span))
  const side = modulePx * span
  const qx = Math.floor((W - side) / 2)
  const qy = Math.round(y + k(8))
  ctx.fillStyle = LIGHT
  ctx.fillRect(qx, qy, side, side)
  const ox = qx + QR_QUIET_MODULES * modulePx
  const oy = qy + QR_QUIET_MODULES * modulePx
  drawModules(ctx, matrix, ox, oy, modulePx)

  // The code and how to use the picture.
  ctx.fillStyle = INK
  ctx.font = `600 ${k(14)}px ${FONT}`
  ctx.fillText(`邀请码 ${spec.code}`, W / 2, qy + side + k(20))
  ctx.fillStyle = MUTED
  ctx.font = `${k(12)}px ${FONT}`
  ctx.fillText('长按识别二维码入会，或保存图片分享给好友', W / 2, qy + side + k(42))
  return { x: ox, y: oy, modulePx, sidePx: side, size: matrix.size }
}
