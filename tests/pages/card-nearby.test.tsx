/**
 * The card's "coupon near you" line: the nearest store within 1 km where a usable coupon works,
 * only from a position the member already allowed (the card never asks).
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import { geoCalls, installGeolocation, locationNeverAsked, memberIsAt } from '../setup/geo'
import type { PersonaId } from '@/api/contract'
import { demoLocation } from '@/adapters/location'
import { useCard } from '@/stores/card'
import { useCoupons } from '@/stores/coupons'
import { useSession } from '@/stores/session'
import { useStoreList } from '@/stores/store-list'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// Phone and backend share one clock, set per test: Saturday 2026-11-28 in Shanghai, at `hour`.
const clock = testClock(Date.UTC(2026, 10, 28, 15 - 8))
const setShanghaiHour = (hour: number) => clock.at(Date.UTC(2026, 10, 28, hour - 8))

const NEAR_JINGAN = { latitude: 31.2262, longitude: 121.4455 }
/** 西湖店 is 1.2 km south of here: too far for the line. */
const WEST_LAKE_1200M = { latitude: 30.27, longitude: 120.1657 }

const line = () => document.querySelector('.card-page__nearby-text')?.textContent ?? null

async function showAs(persona: PersonaId) {
  await useSession.getState().switchPersona(persona)
  useCard.getState().clear()
  useStoreList.setState({ here: null, location: 'unknown', locatedAt: 0 })
  showCurrentPage()
  await waitForText(() => useCard.getState().card !== null && !useCard.getState().loading)
}

beforeAll(async () => {
  installGeolocation()
  locationNeverAsked()
  await useSession.getState().ready('new')
  await renderApp('pages/card/index')
  await waitForText('小新')
}, 20000)

beforeEach(() => {
  wire.reset()
  locationNeverAsked()
  setShanghaiHour(15)
  useStoreList.setState({ here: null, location: 'unknown', locatedAt: 0 })
})

test('never allowed: no line, and the card does not ask for the position', async () => {
  await showAs('new')
  await new Promise((r) => setTimeout(r, 300))
  expect(line()).toBeNull()
  expect(geoCalls.getCurrentPosition).toBe(0)
}, 20000)

test('allowed, 300 m from 静安寺店 with the welcome coupon: the line names the coupon, the distance and the store, and opens it', async () => {
  memberIsAt(NEAR_JINGAN, true)
  await showAs('new')
  await waitForText('你有 1 张满50减10 券，可在 300\u00a0米外的静安寺店使用')
  const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
  try {
    document.querySelector<HTMLElement>('.card-page__nearby')!.click()
    expect(navigate).toHaveBeenCalledWith({ url: '/packages/stores/detail?id=s-jingan' })
  } finally {
    navigate.mockRestore()
  }
}, 20000)

test('several coupons: the count, led by the one that lapses first; an afternoon-only coupon counts only in its hours', async () => {
  memberIsAt(NEAR_JINGAN, true)
  await showAs('silver')
  // 15:00: 满60减15 (静安寺店, 14:00–17:00) can be used now.
  await waitForText('你有 3 张券（满60减15 等），可在 300\u00a0米外的静安寺店使用')
  setShanghaiHour(20)
  showCurrentPage()
  await waitForText('你有 2 张券（拿铁一杯 等），可在 300\u00a0米外的静安寺店使用')
}, 20000)

test('at night, with every store near closed, no line', async () => {
  memberIsAt(NEAR_JINGAN, true)
  setShanghaiHour(23)
  await showAs('silver')
  await waitForText(
    () =>
      useStoreList.getState().here !== null &&
      useCoupons.getState().answered &&
      useStoreList.getState().stores.length > 0,
  )
  await new Promise((r) => setTimeout(r, 200))
  expect(line()).toBeNull()
}, 20000)

test('the nearest store over 1 km away, or a coupon used up: no line', async () => {
  memberIsAt(WEST_LAKE_1200M, true)
  await showAs('new')
  await waitForText(
    () =>
      useStoreList.getState().here !== null &&
      useCoupons.getState().answered &&
      useStoreList.getState().stores.length > 0,
  )
  expect(line()).toBeNull()

  memberIsAt(NEAR_JINGAN, true)
  await showAs('new')
  await waitForText('你有 1 张满50减10 券')
  useCoupons.setState((s) => ({ coupons: s.coupons.map((c) => ({ ...c, status: 'used' as const })) }))
  await waitForText(() => line() === null)
}, 20000)

test('demo: pretending to stand by a store (我的 → 模拟定位) shows the line with no location permission, and stops when turned off', async () => {
  await showAs('new')
  await useStoreList.getState().load()
  useStoreList.getState().pretendNear('s-jingan')
  expect(useStoreList.getState().demoNear).toBe('静安寺店')
  showCurrentPage()
  await waitForText('你有 1 张满50减10 券，可在 300\u00a0米外的静安寺店使用')
  expect(geoCalls.getCurrentPosition).toBe(0)
  // Kept for the next launch, with the store's name.
  expect(demoLocation()).toMatchObject({ near: '静安寺店' })
  useStoreList.getState().pretendNear(null)
  await waitForText(() => line() === null)
  expect(demoLocation()).toBeNull()
}, 20000)
