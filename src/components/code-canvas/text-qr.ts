/**
 * A QR of any text (byte mode, error correction M, the smallest version that holds it), for
 * CodeCanvas's `qr` prop: a join link, a receipt's claim token. The member code's own encoder
 * (qr.ts) takes digits only and stays small for the code page; this one brings qrcode-generator, so
 * only subpackage pages import it.
 */
import qrcode from 'qrcode-generator'
import type { QrMatrix } from './draw'

export function textQr(text: string): QrMatrix {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  return { size: qr.getModuleCount(), isDark: (r, c) => qr.isDark(r, c) }
}
