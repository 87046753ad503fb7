/**
 * The 会员日 tab as a member and a visitor see it over the in-process backend: the next member day
 * with its countdown, the coupons to claim (limits, tier, double taps, lost answers), member prices,
 * the calendar and the reminder. The demo clock takes the backend to the member day, as staff do.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import type { PersonaId } from '@/api/contract'
import { NetworkError } from '@/api/errors'
import { api } from '@/stores/api'
import { useCoupons } from '@/stores/coupons'
import { useMemberDay } from '@/stores/member-day'
import { useDemo } from '@/stores/demo'
import { useSession } from '@/stores/session'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// Phone and backend share one clock, pinned to Thursday 2026-12-10 12:00 in Shanghai, eight days
// before the quarterly member day (the 18th of December), whatever day the tests run on.
testClock(Date.UTC(2026, 11, 10, 4))

const offers = () => Array.from(document.querySelectorAll<HTMLElement>('.day-offer'))
function offer(title: string): HTMLElement {
  const el = offers().find((o) => o.querySelector('.day-offer__title')?.textContent === title)
  if (!el) throw new Error(`no offer ${title}; page says: ${(document.body.textContent ?? '').slice(0, 400)}`)
  return el
}
const button = (title: string) => offer(title).querySelector<HTMLElement>('.day-offer__button')!
const buttonText = (title: string) => button(title).textContent
const claims = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/member-day/claim')
const text = () => document.body.textContent ?? ''

async function showAs(persona: PersonaId) {
  await useSession.getState().switchPersona(persona)
  showCurrentPage()
  await waitForText(
    () => !useMemberDay.getState().loading && useMemberDay.getState().mine !== null && offers().length > 0,
  )
}

let navigate: jest.SpyInstance
// Staff demo here: persona switches rebuild the persona, the demo clock moves.
asStaff()

beforeAll(async () => {
  await useSession.getState().ready('silver')
  await renderApp('pages/member-day/index')
  await waitForText('季度会员日')
}, 20000)

beforeEach(async () => {
  wire.reset()
  navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
  await useDemo.getState().moveClock('now')
})
afterEach(() => navigate.mockRestore())

test('before the day: the next quarterly member day, its countdown, perks and calendar; claiming waits for the day', async () => {
  await showAs('silver')
  await waitForText('下一个季度会员日')
  expect(document.querySelector('.day-hero__date')?.textContent).toBe('12月18日 周五')
  expect(text()).toContain('全天消费积分 ×3')
  // 7 days 12 hours from Thursday noon to Friday-week midnight (give or take the seconds the test takes):
  // days and hours only, no seconds ticking that far out.
  expect(document.querySelector('.day-hero__clock')?.textContent).toMatch(/^7\u00a0天 1[12]\u00a0小时$/)
  expect(offers().map((o) => o.querySelector('.day-offer__title')?.textContent)).toEqual([
    '满40减8',
    '满100减30',
    '满80减25',
  ])
  expect(buttonText('满40减8')).toBe('12月18日 可领')
  expect(button('满40减8').hasAttribute('disabled') && button('满40减8').getAttribute('disabled') !== 'false').toBe(
    true,
  )
  expect(offer('满40减8').textContent).toContain('每人限领 2\u00a0张 · 已领 0/2')
  // Silver may not claim the gold offer, and is told why before tapping.
  expect(buttonText('满80减25')).toBe('金卡专享')
  expect(offer('满80减25').querySelector('.day-offer__note')?.textContent).toBe('金卡及以上会员才能领取，你目前是银卡')
  // Member prices beside the normal price, for the quarterly day's products.
  const latte = Array.from(document.querySelectorAll('.day-product')).find((p) => p.textContent?.includes('招牌拿铁'))
  expect(latte?.querySelector('.day-product__member-price')?.textContent).toBe('¥19')
  expect(latte?.querySelector('.day-product__price')?.textContent).toBe('¥32')
  expect(text()).toContain('巴斯克芝士蛋糕')
  expect(text()).not.toContain('冷萃咖啡') // a monthly-only product
  const calendar = Array.from(document.querySelectorAll('.day-calendar__row')).map((r) => r.textContent)
  expect(calendar).toEqual([
    '12月18日 周五季度会员日积分 ×3',
    '1月18日 周一会员日积分 ×2',
    '2月18日 周四会员日积分 ×2',
    '3月18日 周四季度会员日积分 ×3',
  ])
}, 20000)

test('member-only products are shown with their served pictures, never a single character', async () => {
  await showAs('silver')
  await waitForText('会员专享价')
  const products = Array.from(document.querySelectorAll<HTMLElement>('.day-product'))
  expect(products.length).toBeGreaterThan(0)
  for (const p of products) {
    expect(p.querySelector('.day-product__art')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(p.querySelector('.day-product__name')?.textContent?.length).toBeGreaterThan(1)
  }
  expect(useMemberDay.getState().products.map((p) => p.image)).toEqual(
    expect.arrayContaining(['latte', 'cake', 'beans']),
  )
})

test('the reminder is for the next member day, the evening before, recorded by the backend; it can be cancelled', async () => {
  await showAs('silver')
  const remind = () => document.querySelector<HTMLElement>('.day-hero__remind')!
  expect(remind().textContent).toBe('提醒我 12月18日 来领券')
  remind().click()
  await waitForText('将于 12月17日 20:00 提醒你 · 取消')
  expect(wire.requests.filter((r) => r.path === '/me/member-day/reminder').map((r) => r.body)).toEqual([{ on: true }])
  // Fetched again, the backend still has it.
  wire.reset()
  showCurrentPage()
  await waitForText(() => wire.requests.some((r) => r.path === '/me/member-day') && !useMemberDay.getState().loading)
  expect(remind().textContent).toBe('将于 12月17日 20:00 提醒你 · 取消')
  remind().click()
  await waitForText('提醒我 12月18日 来领券')
}, 20000)

test('on the day: claim up to the limit (a double tap claims once), then 已领取; the coupon is in the wallet; gold-only stays closed to silver', async () => {
  await useDemo.getState().moveClock('quarterly-day')
  await showAs('silver')
  await waitForText('今天是季度会员日')
  expect(document.querySelector('.day-hero__clock')?.textContent).toMatch(/^1[34]:\d\d:\d\d$/) // 10:00 → midnight
  expect(buttonText('满80减25')).toBe('金卡专享')
  expect(buttonText('满40减8')).toBe('立即领取')
  button('满40减8').click()
  button('满40减8').click()
  await waitForText(() => offer('满40减8').textContent?.includes('已领 1/2') === true)
  expect(claims()).toHaveLength(1)
  expect(useCoupons.getState().coupons.filter((c) => c.title === '满40减8' && c.source === '季度会员日')).toHaveLength(
    1,
  )
  expect(buttonText('满40减8')).toBe('再领一张')
  button('满40减8').click()
  await waitForText(() => buttonText('满40减8') === '已领取')
  expect(offer('满40减8').textContent).toContain('已领 2/2')
  expect(text()).toContain('领到的券在「优惠券」里')
  // The wallet as the backend has it: two claimed coupons, both usable.
  await useCoupons.getState().load()
  expect(useCoupons.getState().coupons.filter((c) => c.title === '满40减8' && c.status === 'available')).toHaveLength(2)
}, 20000)

test('a refusal is shown under the offer in Chinese; a lost answer, tapped again, claims once', async () => {
  await useDemo.getState().moveClock('quarterly-day')
  await showAs('black')
  // The same member claimed it meanwhile on another phone: this page still offers it, the backend refuses.
  await api().claimMemberDayCoupon({ offerId: 'o-100-30' })
  expect(buttonText('满100减30')).toBe('立即领取')
  button('满100减30').click()
  await waitForText('你已经领满了')
  expect(offer('满100减30').querySelector('.day-offer__error')?.textContent).toBe(
    '每位会员每个会员日限领 1 张，你已经领满了，下个会员日再来',
  )
  // The page fetches the counts again: the offer now shows as claimed.
  await waitForText(() => buttonText('满100减30') === '已领取')

  // The backend grants the coupon but the answer is lost on the way back.
  const before =
    (await useCoupons.getState().load(), useCoupons.getState().coupons.filter((c) => c.title === '满80减25').length)
  wire.loseAnswer = (req) => (req.path === '/member-day/claim' ? new NetworkError('lost') : null)
  button('满80减25').click()
  await waitForText(() => Boolean(offer('满80减25').querySelector('.day-offer__error')?.textContent))
  expect(offer('满80减25').querySelector('.day-offer__error')?.textContent).toMatch(/网络/)
  wire.loseAnswer = null
  button('满80减25').click()
  await waitForText(() => buttonText('满80减25') === '已领取')
  const sent = claims().filter((r) => (r.body as { offerId: string }).offerId === 'o-gold-80-25')
  expect(sent.length).toBeGreaterThanOrEqual(2)
  expect(new Set(sent.map((r) => r.headers['idempotency-key'])).size).toBe(1)
  await useCoupons.getState().load()
  expect(useCoupons.getState().coupons.filter((c) => c.title === '满80减25').length).toBe(before + 1)
}, 20000)

test('a visitor who has not joined sees the perks and is invited to join', async () => {
  await useSession.getState().signOut()
  showCurrentPage()
  await waitForText('加入会员，会员日福利全都有')
  await waitForText(() => offers().length > 0 && !useMemberDay.getState().loading)
  expect(buttonText('满40减8')).toBe('入会领取')
  expect(text()).toContain('入会享会员价')
  expect(text()).not.toContain('已领 ')
  button('满40减8').click()
  expect(navigate).toHaveBeenCalledWith({ url: '/packages/join/index' })
  document.querySelector<HTMLElement>('.day-page__invite-button')!.click()
  expect(navigate).toHaveBeenCalledTimes(2)
  await useSession.getState().signIn()
}, 20000)

test('a failed refresh keeps the member a member: what was shown stays, with the reason and a retry', async () => {
  await useDemo.getState().moveClock('quarterly-day')
  await showAs('silver')
  await waitForText('今天是季度会员日')
  wire.tamper = (req) =>
    req.path === '/me/member-day'
      ? { status: 503, headers: {}, body: { error: { code: 'internal', message: '服务暂时不可用，请稍后重试' } } }
      : null
  showCurrentPage()
  await waitForText('服务暂时不可用，请稍后重试（点此重试）')
  expect(text()).not.toContain('加入会员')
  expect(buttonText('满40减8')).not.toBe('入会领取')
  wire.tamper = null
  document.querySelector<HTMLElement>('.day-page__error')!.click()
  await waitForText(() => document.querySelector('.day-page__error') === null && !useMemberDay.getState().loading)
}, 20000)

test("switching persona never shows the last member's claims", async () => {
  await useDemo.getState().moveClock('quarterly-day')
  await showAs('black')
  button('满100减30').click()
  await waitForText(() => offer('满100减30').textContent?.includes('已领 1/1') === true)
  await showAs('silver')
  await waitForText(() => offer('满100减30').textContent?.includes('已领 0/1') === true)
  expect(buttonText('满100减30')).toBe('立即领取')
}, 20000)
