/**
 * Distances between a member and the stores. Store coordinates are
 * GCJ-02, the datum WeChat's getLocation({ type: 'gcj02' }) and its maps use; a browser reports
 * WGS-84, which in China is 300–700 m away from the map, so it is converted first.
 */
import { groupDigits, withUnit } from './format'

export interface LatLng {
  latitude: number
  longitude: number
}

const EARTH_RADIUS_M = 6_371_000
const rad = (deg: number) => (deg * Math.PI) / 180

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const dLat = rad(b.latitude - a.latitude)
  const dLng = rad(b.longitude - a.longitude)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The point `meters` due north of `p` (a degree of latitude is the same length everywhere on a sphere). */
export function northOf(p: LatLng, meters: number): LatLng {
  return { latitude: p.latitude + (meters / EARTH_RADIUS_M) * (180 / Math.PI), longitude: p.longitude }
}

/**
 * "80 米", "300 米", "1.2 公里", "12 公里", "1,068 公里" — as a shopper reads a distance; the number
 * and its unit joined by a no-break space so a line end never parts them.
 */
export function formatDistance(meters: number): string {
  // Round first, then pick the unit: 996 m reads "1.0 公里", not "1000 米".
  const tens = Math.max(10, Math.round(meters / 10) * 10)
  if (tens < 1000) return withUnit(tens, '米')
  const tenths = Math.round(meters / 100) / 10
  if (tenths < 10) return withUnit(tenths.toFixed(1), '公里')
  return withUnit(groupDigits(Math.round(meters / 1000)), '公里')
}

/** Things with coordinates, nearest first, each with its distance. */
export function byDistance<T extends LatLng>(from: LatLng, items: readonly T[]): { item: T; meters: number }[] {
  return items.map((item) => ({ item, meters: distanceMeters(from, item) })).sort((a, b) => a.meters - b.meters)
}

// GCJ-02 ("Mars coordinates"): the published offset formula, applied inside mainland China only.
const A = 6_378_245.0
const EE = 0.006_693_421_622_965_943

function outsideChina(p: LatLng): boolean {
  return p.longitude < 72.004 || p.longitude > 137.8347 || p.latitude < 0.8293 || p.latitude > 55.8271
}

function shiftLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function shiftLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

/** A GPS (WGS-84) position as the Chinese maps and our store list place it (GCJ-02). */
export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outsideChina(p)) return { latitude: p.latitude, longitude: p.longitude }
  const x = p.longitude - 105
  const y = p.latitude - 35
  const radLat = rad(p.latitude)
  const magic = 1 - EE * Math.sin(radLat) ** 2
  const sqrtMagic = Math.sqrt(magic)
  const dLat = (shiftLat(x, y) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  const dLng = (shiftLng(x, y) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return { latitude: p.latitude + dLat, longitude: p.longitude + dLng }
}
