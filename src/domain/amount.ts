/** Amounts a cashier types ("128", "128.5", "¥1,280.50") as integer fen; null when it is not a price. */
export function parseYuan(raw: string): number | null {
  const text = raw.replace(/[¥,\s]/g, '')
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(text)) return null
  const [yuan, cents = ''] = text.split('.')
  const fen = Number(yuan) * 100 + Number(cents.padEnd(2, '0'))
  return fen > 0 ? fen : null
}
