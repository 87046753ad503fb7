/** The install's identity and the WeChat login code. */
import Taro from '@tarojs/taro'
import { storage } from './storage'

const DEVICE_KEY = 'mc.device'

function randomId(): string {
  let s = ''
  for (let i = 0; i < 4; i++) s += Math.floor(Math.random() * 0x100000000).toString(36)
  return s.slice(0, 20).padEnd(12, '0')
}

/** A random id made once per install (survives sign-out; cleared only with the app's storage). */
export function deviceId(): string {
  const stored = storage.getItem(DEVICE_KEY)
  if (stored && /^[a-z0-9]{8,64}$/.test(stored)) return stored
  const id = randomId()
  storage.setItem(DEVICE_KEY, id)
  return id
}

/** wx.login's code in the mini-program against a real backend; the in-process mock needs none. */
export async function loginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_API_MODE === 'http') {
    try {
      const { code } = await Taro.login()
      return code
    } catch {
      return 'no-code'
    }
  }
  return 'local'
}
