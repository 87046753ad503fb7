/** The browser's location APIs in jsdom, as a member's answers would make them: allowed at a place, refused, or never asked. */
import { wgs84ToGcj02, type LatLng } from '@/domain/geo'

type Answer = { at: LatLng } | { refuse: true } | null

let answer: Answer = null
let granted = false
export const geoCalls = { getCurrentPosition: 0 }

/** The GPS (WGS-84) reading that the maps place at `gcj` (inverting the published offset by iteration). */
export function gpsReadingFor(gcj: LatLng): LatLng {
  let wgs = { ...gcj }
  for (let i = 0; i < 5; i++) {
    const back = wgs84ToGcj02(wgs)
    wgs = {
      latitude: wgs.latitude - (back.latitude - gcj.latitude),
      longitude: wgs.longitude - (back.longitude - gcj.longitude),
    }
  }
  return wgs
}

export function installGeolocation(): void {
  Object.defineProperty(window.navigator, 'geolocation', {
    configurable: true,
    value: {
      getCurrentPosition(ok: (p: { coords: LatLng }) => void, fail: (e: { code: number; message: string }) => void) {
        geoCalls.getCurrentPosition++
        setTimeout(() => {
          if (answer && 'at' in answer) {
            granted = true
            ok({ coords: gpsReadingFor(answer.at) })
          } else fail({ code: 1, message: 'User denied Geolocation' })
        }, 5)
      },
    },
  })
  Object.defineProperty(window.navigator, 'permissions', {
    configurable: true,
    value: { query: async () => ({ state: granted ? 'granted' : answer && 'refuse' in answer ? 'denied' : 'prompt' }) },
  })
}

/** The member will allow their position (GCJ-02 here, as the maps show it); `alreadyAllowed` skips the prompt. */
export function memberIsAt(at: LatLng, alreadyAllowed = false): void {
  answer = { at }
  granted = alreadyAllowed
}

export function memberRefusesLocation(): void {
  answer = { refuse: true }
  granted = false
}

export function locationNeverAsked(): void {
  answer = null
  granted = false
  geoCalls.getCurrentPosition = 0
}
