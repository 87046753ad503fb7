/** Whether the device has a connection, and news when that changes. */
import Taro from '@tarojs/taro'

type Listener = (online: boolean) => void

let online = true
const listeners = new Set<Listener>()
let started = false

function set(next: boolean): void {
  if (next === online) return
  online = next
  listeners.forEach((l) => l(online))
}

function start(): void {
  if (started) return
  started = true
  if (process.env.TARO_ENV === 'h5') {
    if (typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean') online = navigator.onLine
    if (typeof window !== 'undefined') {
      window.addEventListener('online', () => set(true))
      window.addEventListener('offline', () => set(false))
    }
    return
  }
  try {
    // A failed query says nothing about the connection: stay as we are and wait for the status events.
    Taro.getNetworkType({ success: (res) => set(res.networkType !== 'none'), fail: () => undefined })
    Taro.onNetworkStatusChange((res) => set(res.isConnected))
  } catch {
    // Platforms without the API are treated as online; failed requests still say otherwise.
  }
}

export function isOnline(): boolean {
  start()
  if (process.env.TARO_ENV === 'h5' && typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean')
    return navigator.onLine
  return online
}

export function onNetworkChange(listener: Listener): () => void {
  start()
  listeners.add(listener)
  return () => listeners.delete(listener)
}
