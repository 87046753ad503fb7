/** @jest-environment node */
import fc from 'fast-check'
import { byDistance, distanceMeters, formatDistance, northOf, wgs84ToGcj02, type LatLng } from '@/domain/geo'
import {
  couponWorksAt,
  hoursLines,
  nearestCouponStore,
  openState,
  type CouponNow,
  type CouponPlace,
  type OpeningHours,
} from '@/domain/places'

/** A Shanghai wall-clock moment (UTC+8) as epoch ms; month 1–12. */
const shanghaiAt = (y: number, month: number, d: number, hh: number, mm = 0) => Date.UTC(y, month - 1, d, hh - 8, mm)

// The week of 2026-12-14: Monday 14th … Friday 18th, Saturday 19th, Sunday 20th, Monday 21st.
const MON = 14
const FRI = 18
const SAT = 19
const SUN = 20
const NEXT_MON = 21

const jingan: LatLng = { latitude: 31.2235, longitude: 121.4455 }

describe('distances (haversine)', () => {
  test('0.0027° of latitude is about 300 m; a degree of longitude on the equator about 111.2 km', () => {
    expect(distanceMeters(jingan, { ...jingan, latitude: jingan.latitude + 0.0027 })).toBeCloseTo(300.2, 0)
    expect(distanceMeters({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 })).toBeCloseTo(111_195, -1)
  })

  test('northOf puts a point that many metres due north (the demo location)', () => {
    const spot = northOf(jingan, 300)
    expect(spot.longitude).toBe(jingan.longitude)
    expect(distanceMeters(jingan, spot)).toBeCloseTo(300, 6)
    expect(formatDistance(distanceMeters(jingan, spot))).toBe('300\u00a0米')
  })

  test('Jing’an, Shanghai to Sanlitun, Beijing is about 1,070 km', () => {
    const sanlitun = { latitude: 39.9364, longitude: 116.4551 }
    expect(distanceMeters(jingan, sanlitun) / 1000).toBeGreaterThan(1_060)
    expect(distanceMeters(jingan, sanlitun) / 1000).toBeLessThan(1_080)
  })

  test('a place is 0 m from itself', () => {
    expect(distanceMeters(jingan, { ...jingan })).toBe(0)
  })

  const point = fc.record({
    latitude: fc.double({ min: -80, max: 80, noNaN: true }),
    longitude: fc.double({ min: -179, max: 179, noNaN: true }),
  })

  test('the distance is the same both ways, never negative, and never more than half the globe', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const ab = distanceMeters(a, b)
        expect(ab).toBeCloseTo(distanceMeters(b, a), 6)
        expect(ab).toBeGreaterThanOrEqual(0)
        expect(ab).toBeLessThanOrEqual(Math.PI * 6_371_000 + 1)
      }),
    )
  })
})

describe('a distance as a shopper reads it', () => {
  // The number and its unit are joined by a no-break space, so a line end never parts them.
  const kept = (text: string) => text.replace(' ', '\u00a0')
  test.each([
    [3, '10 米'],
    [0, '10 米'],
    [84, '80 米'],
    [300.2, '300 米'],
    [994, '990 米'],
    [1_000, '1.0 公里'],
    [1_234, '1.2 公里'],
    [1_250, '1.3 公里'],
    [9_940, '9.9 公里'],
    [12_345, '12 公里'],
    [1_070_000, '1,070 公里'],
    [1_068_400, '1,068 公里'],
  ])('%d m → %s', (meters, text) => {
    expect(formatDistance(meters)).toBe(kept(text))
  })

  // Rounded first, then the unit (a review found 995 m reading "1000 米" and 9,960 m "10.0 公里").
  test.each([
    [995, '1.0 公里'],
    [9_960, '10 公里'],
  ])('%d m rounds into the next unit: %s', (meters, text) => {
    expect(formatDistance(meters)).toBe(kept(text))
  })
})

describe('stores nearest first', () => {
  const stores = [
    { id: 'far', latitude: jingan.latitude + 0.0135, longitude: jingan.longitude },
    { id: 'near', latitude: jingan.latitude + 0.0027, longitude: jingan.longitude },
    { id: 'middle', latitude: jingan.latitude - 0.0054, longitude: jingan.longitude },
  ]

  test('sorted by distance, each with its metres, and the list given is left as it was', () => {
    const sorted = byDistance(jingan, stores)
    expect(sorted.map((s) => s.item.id)).toEqual(['near', 'middle', 'far'])
    expect(sorted.map((s) => Math.round(s.meters / 100) * 100)).toEqual([300, 600, 1_500])
    expect(stores.map((s) => s.id)).toEqual(['far', 'near', 'middle'])
  })

  test('nothing to sort gives nothing', () => {
    expect(byDistance(jingan, [])).toEqual([])
  })
})

describe('GPS (WGS-84) to the Chinese maps’ datum (GCJ-02)', () => {
  // Reference vectors from eviltransform (github.com/googollee/eviltransform), WGS → GCJ.
  test.each([
    [
      'Shanghai',
      { latitude: 31.1774276, longitude: 121.5272106 },
      { latitude: 31.17530398364597, longitude: 121.531541859215 },
    ],
    [
      'Shenzhen',
      { latitude: 22.543847, longitude: 113.912316 },
      { latitude: 22.540796131694766, longitude: 113.9171764808363 },
    ],
    [
      'Beijing',
      { latitude: 39.911954, longitude: 116.377817 },
      { latitude: 39.91334545536069, longitude: 116.38404722455657 },
    ],
  ])('%s matches the reference to 1e-6°', (_city, wgs, gcj) => {
    const out = wgs84ToGcj02(wgs)
    expect(Math.abs(out.latitude - gcj.latitude)).toBeLessThan(1e-6)
    expect(Math.abs(out.longitude - gcj.longitude)).toBeLessThan(1e-6)
  })

  test('inside China the shift is the few hundred metres that put a GPS fix on the wrong street', () => {
    const wgs = { latitude: 31.1774276, longitude: 121.5272106 }
    const shift = distanceMeters(wgs, wgs84ToGcj02(wgs))
    expect(shift).toBeGreaterThan(300)
    expect(shift).toBeLessThan(700)
  })

  test.each([
    ['London', { latitude: 51.5074, longitude: -0.1278 }],
    ['Honolulu', { latitude: 21.3069, longitude: -157.8583 }],
    ['Sydney', { latitude: -33.8688, longitude: 151.2093 }],
  ])('outside China (%s) the position is unchanged', (_place, p) => {
    expect(wgs84ToGcj02(p)).toEqual(p)
  })

  test('the input is not modified', () => {
    const p = { latitude: 31.2, longitude: 121.5 }
    wgs84ToGcj02(p)
    expect(p).toEqual({ latitude: 31.2, longitude: 121.5 })
  })
})

describe('opening hours', () => {
  const xuhui: OpeningHours[] = [
    { days: [1, 2, 3, 4, 5], open: '08:00', close: '21:00' },
    { days: [6, 7], open: '09:00', close: '22:00' },
  ]
  // Open past midnight on Friday and Saturday nights.
  const xintiandi: OpeningHours[] = [
    { days: [1, 2, 3, 4], open: '08:00', close: '22:00' },
    { days: [5, 6], open: '08:00', close: '01:00' },
    { days: [7], open: '09:00', close: '22:00' },
  ]
  const weekdaysOnly: OpeningHours[] = [{ days: [1, 2, 3, 4, 5], open: '07:00', close: '20:00' }]

  test('one line per rule, days said as a shopper says them', () => {
    expect(hoursLines(xuhui)).toEqual(['周一至周五 08:00–21:00', '周六、周日 09:00–22:00'])
    expect(hoursLines(xintiandi)).toEqual(['周一至周四 08:00–22:00', '周五、周六 08:00–次日 01:00', '周日 09:00–22:00'])
    expect(hoursLines([{ days: [7, 1, 2, 3, 4, 5, 6], open: '07:30', close: '22:00' }])).toEqual(['每天 07:30–22:00'])
    expect(hoursLines([{ days: [5, 1, 3], open: '10:00', close: '18:00' }])).toEqual(['周一、周三、周五 10:00–18:00'])
    expect(hoursLines([])).toEqual([])
  })

  test.each([
    ['a weekday mid-day', xuhui, shanghaiAt(2026, 12, MON, 12), { open: true, text: '营业中 · 21:00 打烊' }],
    [
      'a weekday before opening',
      xuhui,
      shanghaiAt(2026, 12, MON, 7, 30),
      { open: false, text: '休息中 · 今天 08:00 营业' },
    ],
    ['the weekday opening minute', xuhui, shanghaiAt(2026, 12, MON, 8), { open: true, text: '营业中 · 21:00 打烊' }],
    [
      'the weekday closing minute',
      xuhui,
      shanghaiAt(2026, 12, MON, 21),
      { open: false, text: '已打烊 · 明天 08:00 营业' },
    ],
    [
      'Friday night: Saturday opens later',
      xuhui,
      shanghaiAt(2026, 12, FRI, 21, 30),
      { open: false, text: '已打烊 · 明天 09:00 营业' },
    ],
    [
      'Saturday 08:30 (weekday hours would be open)',
      xuhui,
      shanghaiAt(2026, 12, SAT, 8, 30),
      { open: false, text: '休息中 · 今天 09:00 营业' },
    ],
    [
      'Saturday 21:30 (weekday hours would be closed)',
      xuhui,
      shanghaiAt(2026, 12, SAT, 21, 30),
      { open: true, text: '营业中 · 22:00 打烊' },
    ],
    [
      'Sunday night: Monday opens early',
      xuhui,
      shanghaiAt(2026, 12, SUN, 22, 5),
      { open: false, text: '已打烊 · 明天 08:00 营业' },
    ],
    [
      'Friday 23:30, open past midnight',
      xintiandi,
      shanghaiAt(2026, 12, FRI, 23, 30),
      { open: true, text: '营业中 · 次日 01:00 打烊' },
    ],
    [
      '00:30 Saturday, still Friday night',
      xintiandi,
      shanghaiAt(2026, 12, SAT, 0, 30),
      { open: true, text: '营业中 · 01:00 打烊' },
    ],
    [
      '00:30 Sunday, still Saturday night',
      xintiandi,
      shanghaiAt(2026, 12, SUN, 0, 30),
      { open: true, text: '营业中 · 01:00 打烊' },
    ],
    [
      '01:00 Saturday, just closed',
      xintiandi,
      shanghaiAt(2026, 12, SAT, 1),
      { open: false, text: '休息中 · 今天 08:00 营业' },
    ],
    [
      '00:30 Monday, Sunday closed at 22:00',
      xintiandi,
      shanghaiAt(2026, 12, NEXT_MON, 0, 30),
      { open: false, text: '休息中 · 今天 08:00 营业' },
    ],
    [
      '00:30 Friday, Thursday closed at 22:00',
      xintiandi,
      shanghaiAt(2026, 12, FRI, 0, 30),
      { open: false, text: '休息中 · 今天 08:00 营业' },
    ],
    [
      'Sunday 08:30, Sunday opens at 09:00',
      xintiandi,
      shanghaiAt(2026, 12, SUN, 8, 30),
      { open: false, text: '休息中 · 今天 09:00 营业' },
    ],
    [
      'Saturday, weekdays-only store',
      weekdaysOnly,
      shanghaiAt(2026, 12, SAT, 12),
      { open: false, text: '已打烊 · 周一 07:00 营业' },
    ],
    [
      'Sunday, weekdays-only store',
      weekdaysOnly,
      shanghaiAt(2026, 12, SUN, 12),
      { open: false, text: '已打烊 · 明天 07:00 营业' },
    ],
    [
      'Friday after closing, weekdays-only store',
      weekdaysOnly,
      shanghaiAt(2026, 12, FRI, 20, 30),
      { open: false, text: '已打烊 · 周一 07:00 营业' },
    ],
    ['no hours at all', [], shanghaiAt(2026, 12, MON, 12), { open: false, text: '暂停营业' }],
  ])('%s', (_name, hours, time, state) => {
    expect(openState(hours, time)).toEqual(state)
  })

  test('the day is Shanghai’s: 23:30 UTC on a Sunday is already Monday 07:30 in Shanghai', () => {
    const mondayMorning = Date.UTC(2026, 11, SUN, 23, 30)
    expect(openState(xuhui, mondayMorning)).toEqual({ open: false, text: '休息中 · 今天 08:00 营业' })
    expect(openState(xuhui, mondayMorning + 30 * 60_000)).toEqual({ open: true, text: '营业中 · 21:00 打烊' })
  })
})

describe('which coupons work at a store', () => {
  test.each<[string, CouponPlace, boolean]>([
    ['any store, any channel', { storeIds: null, channel: 'any' }, true],
    ['any store, in store', { storeIds: null, channel: 'store' }, true],
    ['this store only', { storeIds: ['s-jingan'], channel: 'store' }, true],
    ['another store only', { storeIds: ['s-xuhui'], channel: 'any' }, false],
    ['online only', { storeIds: null, channel: 'online' }, false],
    ['online only, even listing this store', { storeIds: ['s-jingan'], channel: 'online' }, false],
  ])('%s → %s', (_name, coupon, works) => {
    expect(couponWorksAt(coupon, 's-jingan')).toBe(works)
  })
})

describe('the nearest open store where a coupon can be used now', () => {
  // Stores due north of the member at about 300 m, 600 m and 1.5 km, open 08:00–22:00 every day.
  const member = jingan
  const DAY_HOURS = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '08:00', close: '22:00' }]
  const north = (id: string, degrees: number) => ({
    id,
    latitude: member.latitude + degrees,
    longitude: member.longitude,
    hours: DAY_HOURS,
  })
  const stores = [north('s-far', 0.0135), north('s-near', 0.0027), north('s-middle', 0.0054)]
  // Saturday 2026-11-28 15:00 in Shanghai.
  const AT = Date.UTC(2026, 10, 28, 7)
  type Coupon = CouponNow & { id: string }
  const base = { status: 'available' as const, validFrom: AT - 86_400_000, validTo: AT + 86_400_000, dailyWindow: null }
  const anywhere: Coupon = { ...base, id: 'c-any', storeIds: null, channel: 'any' }
  const middleOnly: Coupon = { ...base, id: 'c-middle', storeIds: ['s-middle'], channel: 'store' }
  const farOnly: Coupon = { ...base, id: 'c-far', storeIds: ['s-far'], channel: 'any' }
  const online: Coupon = { ...base, id: 'c-online', storeIds: null, channel: 'online' }

  test('the nearest store within 1 km, with the coupons usable there', () => {
    const found = nearestCouponStore(member, stores, [anywhere, middleOnly], AT)
    expect(found?.store.id).toBe('s-near')
    expect(found?.meters).toBeCloseTo(300, -1)
    expect(found?.coupons.map((c) => c.id)).toEqual(['c-any'])
  })

  test('a nearer store where no coupon works is skipped for one where the store-limited coupon does', () => {
    const found = nearestCouponStore(member, stores, [middleOnly, online], AT)
    expect(found?.store.id).toBe('s-middle')
    expect(found?.coupons.map((c) => c.id)).toEqual(['c-middle'])
    expect(formatDistance(found?.meters ?? 0)).toBe('600\u00a0米')
  })

  test('an online-only coupon never makes a store count', () => {
    expect(nearestCouponStore(member, stores, [online], AT)).toBeNull()
  })

  test('null when the only store where a coupon works is beyond the limit, or there are no coupons', () => {
    expect(nearestCouponStore(member, stores, [farOnly], AT)).toBeNull()
    expect(nearestCouponStore(member, stores, [], AT)).toBeNull()
    expect(nearestCouponStore(member, [], [anywhere], AT)).toBeNull()
  })

  test('a wider limit reaches the far store', () => {
    expect(nearestCouponStore(member, stores, [farOnly], AT, 2_000)?.store.id).toBe('s-far')
    expect(nearestCouponStore(member, stores, [anywhere], AT, 200)).toBeNull()
  })

  test('a coupon outside its daily window, used, expired or not yet valid does not count', () => {
    const afternoon = { ...anywhere, dailyWindow: { fromMinute: 14 * 60, toMinute: 17 * 60 } }
    expect(nearestCouponStore(member, stores, [afternoon], AT)?.store.id).toBe('s-near')
    expect(nearestCouponStore(member, stores, [afternoon], AT + 3 * 3_600_000)).toBeNull() // 18:00
    expect(nearestCouponStore(member, stores, [{ ...anywhere, status: 'used' }], AT)).toBeNull()
    expect(nearestCouponStore(member, stores, [{ ...anywhere, validTo: AT - 1 }], AT)).toBeNull()
    expect(nearestCouponStore(member, stores, [{ ...anywhere, validFrom: AT + 1 }], AT)).toBeNull()
  })

  test('a closed store is passed over for the next open one', () => {
    const closedNear = stores.map((s) =>
      s.id === 's-near' ? { ...s, hours: [{ days: [1, 2, 3, 4, 5], open: '08:00', close: '22:00' }] } : s,
    )
    expect(nearestCouponStore(member, closedNear, [anywhere], AT)?.store.id).toBe('s-middle')
    // 23:00: everything is closed.
    expect(nearestCouponStore(member, stores, [anywhere], AT + 8 * 3_600_000)).toBeNull()
  })
})
