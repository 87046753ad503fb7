/** Member-facing rules shared by the client and the mock backend. */
import { fromShanghaiWall } from './time'

export type FieldCheck = { ok: true; value: string } | { ok: false; message: string }

/** Mainland mobile numbers: 11 digits starting 13–19. */
export function checkPhone(raw: string): FieldCheck {
  const value = raw.replace(/[\s-]/g, '')
  if (value === '') return { ok: false, message: '请输入手机号' }
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, message: '请输入 11 位中国大陆手机号' }
  return { ok: true, value }
}

export const NICKNAME_MAX = 16

export function checkNickname(raw: string): FieldCheck {
  const value = raw.trim()
  if (value === '') return { ok: false, message: '请输入昵称' }
  if ([...value].length > NICKNAME_MAX) return { ok: false, message: `昵称最多 ${NICKNAME_MAX} 个字` }
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f<>]/.test(value)) return { ok: false, message: '昵称不能包含特殊字符' }
  return { ok: true, value }
}

/** Birthday is YYYY-MM-DD, a real date, not in the future, and the member at least 1 year old. */
export function checkBirthday(raw: string, now: number): FieldCheck {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw)
  if (!m) return { ok: false, message: '生日格式应为 年-月-日' }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return { ok: false, message: '请选择有效的生日' }
  }
  // Compare calendar days on a Shanghai clock: today is a valid birthday.
  if (y < 1900 || fromShanghaiWall(y, mo - 1, d) > now) return { ok: false, message: '请选择有效的生日' }
  return { ok: true, value: raw }
}

export function checkCity(raw: string): FieldCheck {
  const value = raw.trim()
  if ([...value].length > 20) return { ok: false, message: '城市名称过长' }
  return { ok: true, value }
}

/** "林**": the first character and two stars, the same length whatever the name (so it tells nothing more). */
export function maskName(nickname: string): string {
  const first = [...nickname.trim()][0] ?? '会'
  return `${first}**`
}

/** "138****5678" */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone
}

/** Card ids are 10 digits; shown as "1000 **** 42" on the card face. */
export function maskCardId(cardId: string): string {
  return `${cardId.slice(0, 4)} **** ${cardId.slice(-2)}`
}

/** Greeting by the hour on a Shanghai clock. */
export function greeting(hour: number): string {
  if (hour < 5) return '夜深了'
  if (hour < 11) return '早上好'
  if (hour < 13) return '中午好'
  if (hour < 18) return '下午好'
  return '晚上好'
}
