/**
 * The store list and a store's page: by city until the member lets us use their position, then by
 * distance; opening hours in words, open-in-map, phone, and the coupons that work there.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import { geoCalls, installGeolocation, locationNeverAsked, memberIsAt, memberRefusesLocation } from '../setup/geo'
import { useCoupons } from '@/stores/coupons'
import { useSession } from '@/stores/session'
import { useStoreList } from '@/stores/store-list'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// Saturday 2026-11-28 15:00 in Shanghai.
testClock(Date.UTC(2026, 10, 28, 7))

/** 300 m north of 静安寺店 (GCJ-02). */
const NEAR_JINGAN = { latitude: 31.2262, longitude: 121.4455 }

const rows = () => Array.from(document.querySelectorAll<HTMLElement>('.store-row'))
const names = () => rows().map((r) => r.querySelector('.store-row__name')?.textContent)
const row = (name: string) => {
  const el = rows().find((r) => r.querySelector('.store-row__name')?.textContent === name)
  if (!el) throw new Error(`no store ${name}; page says ${(document.body.textContent ?? '').slice(0, 300)}`)
  return el
}

beforeAll(async () => {
  installGeolocation()
  locationNeverAsked()
  await useSession.getState().ready('silver')
  await renderApp('packages/stores/index')
  await waitForText('静安寺店')
}, 20000)

beforeEach(() => {
  wire.reset()
  locationNeverAsked()
  useStoreList.setState({ here: null, location: 'unknown' })
})

test('without a position the stores are listed by city, the member’s city first, and nothing asks for the position', async () => {
  showCurrentPage()
  await waitForText('允许使用你的位置后，可按距离排序')
  expect(Array.from(document.querySelectorAll('.stores-page__list .section__title')).map((t) => t.textContent)).toEqual(
    ['上海', '杭州', '北京'],
  )
  expect(names()).toEqual(['徐汇滨江店', '静安寺店', '新天地店', '陆家嘴店', '西湖店', '三里屯店'])
  expect(geoCalls.getCurrentPosition).toBe(0)
  // Saturday 15:00: open, with the closing time of the weekend rule.
  expect(row('徐汇滨江店').querySelector('.store-row__state')?.textContent).toBe('营业中 · 22:00 打烊')
  expect(row('陆家嘴店').textContent).toContain('上海市浦东新区陆家嘴环路 1000 号')
  // The silver member's coupons: three work at 静安寺店 (one is for that store only), two elsewhere.
  await waitForText(() => useCoupons.getState().answered)
  expect(row('静安寺店').querySelector('.store-row__coupons')?.textContent).toBe('你有 3 张券可在此使用')
  expect(row('徐汇滨江店').querySelector('.store-row__coupons')?.textContent).toBe('你有 2 张券可在此使用')
}, 20000)

test('按距离排序 asks once; with the position the nearest store comes first with its distance', async () => {
  showCurrentPage()
  memberIsAt(NEAR_JINGAN)
  await waitForText('按距离排序')
  document.querySelector<HTMLElement>('.stores-page__locate-button')!.click()
  await waitForText('按距离排序 · 离你最近的在最前')
  expect(geoCalls.getCurrentPosition).toBe(1)
  expect(names().slice(0, 4)).toEqual(['静安寺店', '新天地店', '陆家嘴店', '徐汇滨江店'])
  expect(row('静安寺店').querySelector('.store-row__distance')?.textContent).toBe('300\u00a0米')
  expect(row('三里屯店').querySelector('.store-row__distance')?.textContent).toMatch(/^1,\d{3}\u00a0公里$/)
}, 20000)

test('a refusal keeps the list by city and says why', async () => {
  showCurrentPage()
  memberRefusesLocation()
  await waitForText('按距离排序')
  document.querySelector<HTMLElement>('.stores-page__locate-button')!.click()
  await waitForText('没有获得你的位置，已按城市列出门店')
  expect(names()).toEqual(['徐汇滨江店', '静安寺店', '新天地店', '陆家嘴店', '西湖店', '三里屯店'])
  expect(document.querySelector('.store-row__distance')).toBeNull()
}, 20000)

test('a store’s page: hours in words, open now, the map at its coordinates, its phone, and the coupons that work there', async () => {
  const open = jest.spyOn(window, 'open').mockImplementation(() => null)
  const call = jest.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
  try {
    await Taro.navigateTo({ url: '/packages/stores/detail?id=s-xintiandi' })
    await waitForText('马当路')
    const page = () => document.querySelector('.store-detail')?.closest('.stores-page')?.textContent ?? ''
    await waitForText(() => page().includes('新天地店'))
    expect(page()).toContain('周一至周四 08:00–22:00')
    expect(page()).toContain('周五、周六 08:00–次日 01:00')
    expect(page()).toContain('周日 09:00–22:00')
    expect(page()).toContain('营业中 · 次日 01:00 打烊')
    // 满60减15 is for 静安寺店 only: here the two all-store coupons.
    expect(Array.from(document.querySelectorAll('.store-detail__coupon')).map((c) => c.textContent)).toEqual([
      '拿铁一杯 · 生日礼',
      '满50减10 · 入会礼',
    ])
    Array.from(document.querySelectorAll<HTMLElement>('.store-detail__action'))
      .find((b) => b.textContent === '导航到店')!
      .click()
    expect(open).toHaveBeenCalledTimes(1)
    expect(String(open.mock.calls[0][0])).toContain('position=121.4752,31.2195')
    expect(String(open.mock.calls[0][0])).toContain(encodeURIComponent('新天地店'))
    Array.from(document.querySelectorAll<HTMLElement>('.store-detail__action'))
      .find((b) => b.textContent === '拨打电话')!
      .click()
    expect(page()).toContain('电话 021-6386 0018')
    expect(call).toHaveBeenCalledWith({ phoneNumber: '021-63860018' })
  } finally {
    open.mockRestore()
    call.mockRestore()
    await Taro.navigateBack()
  }
}, 20000)

test('an unknown store id says so, and a failed store list offers a retry', async () => {
  await Taro.navigateTo({ url: '/packages/stores/detail?id=s-nowhere' })
  await waitForText('找不到这家门店')
  await Taro.navigateBack()
  useStoreList.setState({ stores: [], loaded: false })
  wire.tamper = (req) => (req.path === '/stores' ? { status: 200, headers: {}, body: [{ id: 1 }] } : null)
  showCurrentPage()
  await waitForText(/数据|格式|异常/)
  const retry = document.querySelector<HTMLElement>('.error-state__retry')
  expect(retry?.textContent).toBe('重试')
  wire.tamper = null
  retry!.click()
  await waitForText('静安寺店')
  // A pull-down that fails keeps the list, with the reason and a retry.
  wire.tamper = (req) =>
    req.path === '/stores'
      ? { status: 503, headers: {}, body: { error: { code: 'internal', message: '服务暂时不可用，请稍后重试' } } }
      : null
  await useStoreList.getState().load(true)
  await waitForText('服务暂时不可用，请稍后重试（点此重试）')
  expect(document.body.textContent).toContain('静安寺店')
  wire.tamper = null
  document.querySelector<HTMLElement>('.stores-page__error')!.click()
  await waitForText(() => document.querySelector('.stores-page__error') === null)
}, 20000)
