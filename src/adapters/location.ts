/**
 * Where the member is, asked only when needed, and opening a store in the map. WeChat answers in
 * GCJ-02 (what the store list uses); a browser answers in WGS-84, converted here.
 */
import Taro from '@tarojs/taro'
import { wgs84ToGcj02, type LatLng } from '@/domain/geo'
import { storage } from './storage'

export type LocationAnswer = { ok: true; at: LatLng } | { ok: false; reason: 'denied' | 'unavailable' }

const DEMO_KEY = 'mc.demo.location'

/** Demo: a fixed position set from the demo panel (staff demo the nearby line away from any store), and the store it is by. */
export interface DemoSpot extends LatLng {
  near: string
}

export function demoLocation(): DemoSpot | null {
  // A spot saved by a demo build never moves the member in a brand build on the same phone.
  if (process.env.TARO_APP_DEMO === '0') return null
  try {
    const raw = storage.getItem(DEMO_KEY)
    const p = raw ? (JSON.parse(raw) as Partial<DemoSpot>) : null
    return p && typeof p.latitude === 'number' && typeof p.longitude === 'number' && typeof p.near === 'string'
      ? { latitude: p.latitude, longitude: p.longitude, near: p.near }
      : null
  } catch {
    return null
  }
}

export function setDemoLocation(at: DemoSpot | null): void {
  if (at) storage.setItem(DEMO_KEY, JSON.stringify(at))
  else storage.removeItem(DEMO_KEY)
}

function browserPosition(): Promise<LocationAnswer> {
  return new Promise((resolve) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) return resolve({ ok: false, reason: 'unavailable' })
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ ok: true, at: wgs84ToGcj02({ latitude: p.coords.latitude, longitude: p.coords.longitude }) }),
      (e) => resolve({ ok: false, reason: e.code === 1 ? 'denied' : 'unavailable' }),
      { timeout: 8000, maximumAge: 60_000 },
    )
  })
}

async function weappPosition(): Promise<LocationAnswer> {
  try {
    const r = await Taro.getLocation({ type: 'gcj02' })
    return { ok: true, at: { latitude: r.latitude, longitude: r.longitude } }
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    // A privacy agreement not yet accepted is not a refusal of the location: the settings page cannot help there.
    if (/privacy/i.test(msg)) return { ok: false, reason: 'unavailable' }
    return { ok: false, reason: /auth|deny|permission/i.test(msg) ? 'denied' : 'unavailable' }
  }
}

/** The position, without asking: null unless the member already allowed it (the card's nearby line). */
export async function locationIfAllowed(): Promise<LatLng | null> {
  const demo = demoLocation()
  if (demo) return { latitude: demo.latitude, longitude: demo.longitude }
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const { authSetting } = await Taro.getSetting()
      if (authSetting['scope.userLocation'] !== true) return null
      const r = await weappPosition()
      return r.ok ? r.at : null
    }
    if (typeof navigator === 'undefined' || !navigator.permissions?.query) return null
    const status = await navigator.permissions.query({ name: 'geolocation' })
    if (status.state !== 'granted') return null
    const r = await browserPosition()
    return r.ok ? r.at : null
  } catch {
    return null
  }
}

/** Ask for the position (the member tapped 按距离排序): the platform shows its prompt if needed. */
export async function askLocation(): Promise<LocationAnswer> {
  const demo = demoLocation()
  if (demo) return { ok: true, at: { latitude: demo.latitude, longitude: demo.longitude } }
  return process.env.TARO_ENV === 'weapp' ? weappPosition() : browserPosition()
}

/** After a refusal in WeChat, the settings page is the only way back to the permission. */
export function openLocationSettings(): void {
  if (process.env.TARO_ENV === 'weapp') void Taro.openSetting()
}

export interface MapPlace extends LatLng {
  name: string
  address: string
}

/** The store in the map app: WeChat's built-in map, or Amap's web page (GCJ-02 too) in a browser. */
export function openInMap(place: MapPlace): void {
  if (process.env.TARO_ENV === 'weapp') {
    void Taro.openLocation({
      latitude: place.latitude,
      longitude: place.longitude,
      name: place.name,
      address: place.address,
      scale: 16,
    })
    return
  }
  const url = `https://uri.amap.com/marker?position=${place.longitude},${place.latitude}&name=${encodeURIComponent(place.name)}&coordinate=gaode&callnative=1`
  window.open(url, '_blank', 'noopener')
}

export function callStore(phone: string): void {
  void Taro.makePhoneCall({ phoneNumber: phone.replace(/[^\d-]/g, '') }).catch(() => undefined)
}
