/**
 * The rewards mall as a member uses it: the catalogue with costs, stock and tier-only items, a
 * redemption confirmed and celebrated that lands in 我的兑换, and refusals that say why and take
 * nothing.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { PersonaId, Reward } from '@/api/contract'
import { NetworkError } from '@/api/errors'
import { formatPoints } from '@/domain/money'
import { formatDay } from '@/domain/format'
import { useCard } from '@/stores/card'
import { usePoints } from '@/stores/points'
import { useSession } from '@/stores/session'
import { Engine } from '../../mock/engine/engine'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// The clock for the phone and the backend alike, on an ordinary morning: each persona is built at
// the same moment as the engine this file checks it against, whatever the wall clock says.
const clock = testClock()

type ModalOptions = Parameters<typeof Taro.showModal>[0]
const modal = jest.spyOn(Taro, 'showModal')
/** The member's answer to the next confirmation. */
function answerModals(confirm: boolean) {
  modal.mockReset()
  modal.mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}
const modalTexts = () => modal.mock.calls.map(([o]) => (o as ModalOptions)?.content ?? '')

const redeems = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/rewards/redeem')
const pagePoints = () => document.querySelector('.rewards-page__points')?.textContent ?? ''
const cardPoints = () => useCard.getState().card?.points ?? NaN

function item(name: string): HTMLElement {
  const el = Array.from(document.querySelectorAll<HTMLElement>('.reward-item')).find(
    (e) => e.querySelector('.reward-item__name')?.textContent === name,
  )
  if (!el) throw new Error(`no reward ${name}; page says: ${(document.body.textContent ?? '').slice(0, 400)}`)
  return el
}
const button = (name: string) => item(name).querySelector<HTMLElement>('.reward-item__button')!
const walletItems = () => Array.from(document.querySelectorAll<HTMLElement>('.wallet-item'))

async function skipCeremony() {
  document.querySelector<HTMLElement>('.ceremony')?.click()
  await waitForText(() => document.querySelector('.ceremony') === null)
}

/** Sign in as a freshly built persona and wait until the page shows its points and catalogue. */
async function showAs(persona: PersonaId) {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  useCard.getState().clear()
  usePoints.setState({ wallet: [] })
  showCurrentPage()
  const points = new Engine(null).card(`m-${persona}`).points
  // clear() empties the card at once: a card in the store again is this persona's, fetched after the switch.
  await waitForText(() => useCard.getState().card?.memberId === `m-${persona}` && !useCard.getState().loading)
  await waitForText(() => pagePoints() === formatPoints(points) && document.querySelectorAll('.reward-item').length > 0)
  return points
}

// Staff demo here: persona switches rebuild the persona, the demo clock moves.
asStaff()

beforeAll(async () => {
  await useSession.getState().ready('expiring')
  await renderApp('packages/rewards/index')
  await waitForText('我的兑换')
  expect(document.querySelectorAll('.rewards-page')).toHaveLength(1)
}, 20000)

beforeEach(async () => {
  wire.reset()
  answerModals(true)
  await skipCeremony()
})

afterAll(() => modal.mockRestore())

test('expiring redeems 拿铁兑换券 once, even on a double tap: points drop by 600 and the voucher is in 我的兑换', async () => {
  const before = await showAs('expiring')
  expect(button('拿铁兑换券').textContent).toBe('兑换')
  expect(walletItems()).toHaveLength(0)

  button('拿铁兑换券').click()
  button('拿铁兑换券').click()
  await waitForText('兑换成功')
  expect(document.querySelector('.ceremony')?.textContent).toContain('拿铁兑换券')
  expect(modalTexts()).toEqual([`将使用 600 积分，兑换后剩余 ${formatPoints(before - 600)} 积分`])
  expect(modal.mock.calls[0][0]).toMatchObject({ title: '拿铁兑换券', confirmText: '确认兑换' })
  // WeChat's dialog confirms in the brand's green, not its default.
  expect(modal).toHaveBeenCalledWith(expect.objectContaining({ confirmColor: '#3d5a45' }))
  expect(redeems()).toHaveLength(1)

  await waitForText(() => pagePoints() === formatPoints(before - 600))
  expect(cardPoints()).toBe(before - 600)
  await skipCeremony()
  const [voucher] = walletItems()
  expect(walletItems()).toHaveLength(1)
  expect(voucher.querySelector('.wallet-item__name')?.textContent).toBe('拿铁兑换券')
  expect(voucher.querySelector('.wallet-item__status')?.textContent).toBe('可使用')
  expect(voucher.querySelector('.wallet-item__code')?.textContent).toMatch(/^兑换码 QM\d+$/)
  const stored = usePoints.getState().wallet[0]
  expect(voucher.querySelector('.wallet-item__expiry')?.textContent).toBe(
    `有效期至 ${formatDay(stored.expiresAt, Date.now())}`,
  )

  // The voucher is the backend's too: showing the page again lists it from the server.
  showCurrentPage()
  await waitForText(() => wire.requests.filter((r) => r.path === '/me/wallet').length >= 1)
  await waitForText(() => walletItems().length === 1 && walletItems()[0].textContent?.includes(stored.code) === true)
}, 20000)

test('the balance is told as what it buys, from the backend (never a ¥ value), with a picture on every item', async () => {
  const points = await showAs('silver')
  expect(points).toBe(5236)
  await waitForText('可兑换 8 杯拿铁')
  expect(document.body.textContent).not.toMatch(/约值|¥52/)
  for (const el of Array.from(document.querySelectorAll('.reward-item')))
    expect(el.querySelector('.reward-item__art')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
}, 20000)

test('after a coupon is redeemed, 去使用 opens the coupons tab where it landed', async () => {
  const switchTab = jest.spyOn(Taro, 'switchTab').mockResolvedValue({ errMsg: 'switchTab:ok' })
  try {
    await showAs('expiring')
    button('拿铁兑换券').click()
    await waitForText('兑换成功')
    await skipCeremony()
    const bar = await waitForText('已兑换拿铁兑换券')
    expect(bar).toContain('券已放入优惠券')
    document.querySelector<HTMLElement>('.redeemed-bar__use')!.click()
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/coupons/index' })
    await waitForText(() => document.querySelector('.redeemed-bar') === null)
  } finally {
    switchTab.mockRestore()
  }
}, 20000)

test('after a gift is redeemed, 去使用 shows the code to present', async () => {
  await showAs('black')
  button('精品挂耳礼盒').click()
  await waitForText('兑换成功')
  await skipCeremony()
  await waitForText('已兑换精品挂耳礼盒')
  const code = usePoints.getState().wallet[0].code
  document.querySelector<HTMLElement>('.redeemed-bar__use')!.click()
  await waitForText(() => modalTexts().some((t) => t.startsWith(`出示兑换码 ${code} 即可领取`)))
  document.querySelector<HTMLElement>('.redeemed-bar__close')!.click()
  await waitForText(() => document.querySelector('.redeemed-bar') === null)
}, 20000)

test('declining the confirmation redeems nothing', async () => {
  const before = await showAs('silver')
  answerModals(false)
  button('拿铁兑换券').click()
  await waitForText(() => modal.mock.calls.length === 1)
  await new Promise((r) => setTimeout(r, 300))
  expect(redeems()).toHaveLength(0)
  expect(pagePoints()).toBe(formatPoints(before))
  expect(document.querySelector('.ceremony')).toBeNull()
}, 20000)

test('a new member sees 还差 600 积分 on 拿铁兑换券; tapping says how many points it needs and takes none', async () => {
  const before = await showAs('new')
  expect(before).toBe(0)
  expect(button('拿铁兑换券').textContent).toBe('还差 600 积分')
  // Nothing the balance buys yet: no line under it.
  expect(document.querySelector('.rewards-page__worth')).toBeNull()
  button('拿铁兑换券').click()
  await waitForText(() => modal.mock.calls.length === 1)
  expect(modalTexts()[0]).toBe('积分不足：兑换拿铁兑换券需要 600 积分，还差 600 积分')
  await new Promise((r) => setTimeout(r, 300))
  expect(redeems()).toHaveLength(0)
  expect(pagePoints()).toBe('0')
  expect(cardPoints()).toBe(0)
  expect(walletItems()).toHaveLength(0)
}, 20000)

test('the catalogue shows kinds, costs, stock and tier-only items; silver sees 合作影院观影券 as 金卡专享', async () => {
  await showAs('silver')
  const cinema = item('合作影院观影券')
  expect(cinema.querySelector('.reward-item__kind')?.textContent).toBe('合作权益')
  expect(cinema.querySelector('.reward-item__tier')?.textContent).toBe('金卡及以上')
  expect(cinema.querySelector('.reward-item__cost')?.textContent).toBe('4,000 积分')
  expect(button('合作影院观影券').textContent).toBe('金卡专享')

  expect(item('拿铁兑换券').querySelector('.reward-item__kind')?.textContent).toBe('优惠券')
  expect(item('拿铁兑换券').querySelector('.reward-item__stock')).toBeNull()
  expect(item('拿铁兑换券').textContent).toContain('任意门店兑换中杯拿铁一杯')
  expect(item('精品挂耳礼盒').querySelector('.reward-item__kind')?.textContent).toBe('礼品')
  // A silver member may have the silver mug; there are 3 left.
  expect(item('栖木限定马克杯').querySelector('.reward-item__stock')?.textContent).toBe('仅剩 3 件')
  expect(button('栖木限定马克杯').textContent).toBe('兑换')
  expect(item('圣诞限定随行杯').querySelector('.reward-item__stock')?.textContent).toBe('已兑完')
  expect(button('圣诞限定随行杯').textContent).toBe('已兑完')
  expect(button('双人下午茶').textContent).toBe('黑金专享')

  button('合作影院观影券').click()
  await waitForText(() => modal.mock.calls.length === 1)
  expect(modalTexts()[0]).toBe('该礼品仅限金卡及以上会员兑换')
  modal.mockClear()
  button('圣诞限定随行杯').click()
  await waitForText(() => modal.mock.calls.length === 1)
  expect(modalTexts()[0]).toBe('圣诞限定随行杯已兑完，看看其他礼品吧')
  expect(redeems()).toHaveLength(0)
}, 20000)

test("a refusal from the server (the page's stock was out of date) shows its message and changes nothing", async () => {
  const before = await showAs('silver')
  // A catalogue fetched before the last 随行杯 went: it still says 5 left.
  wire.tamper = (req) => {
    if (req.method !== 'GET' || req.path !== '/rewards') return null
    const real = new Engine(null).rewards()
    return { status: 200, headers: {}, body: real.map((r: Reward) => (r.id === 'r-xmas' ? { ...r, stock: 5 } : r)) }
  }
  showCurrentPage()
  await waitForText(() => button('圣诞限定随行杯').textContent === '兑换')
  wire.tamper = null
  button('圣诞限定随行杯').click()
  await waitForText(() => modal.mock.calls.length === 2)
  expect(modalTexts()).toEqual([
    `将使用 2,000 积分，兑换后剩余 ${formatPoints(before - 2000)} 积分`,
    '圣诞限定随行杯已兑完，看看其他礼品吧',
  ])
  expect(redeems()).toHaveLength(1)
  expect(document.querySelector('.ceremony')).toBeNull()
  // The page catches up with the server: the cup is gone, no points were taken.
  await waitForText(() => button('圣诞限定随行杯').textContent === '已兑完')
  await waitForText(() => !useCard.getState().loading)
  expect(pagePoints()).toBe(formatPoints(before))
  expect(cardPoints()).toBe(before)
  expect(walletItems()).toHaveLength(0)
}, 20000)

test('a redemption whose answers were all lost is the same redemption when tapped again: 600 points, one voucher', async () => {
  const before = await showAs('expiring')
  // The backend redeems, but no answer gets back, through all of the client's own retries.
  let lost = 0
  wire.loseAnswer = (req) => (req.path === '/rewards/redeem' && lost++ < 3 ? new NetworkError() : null)
  button('拿铁兑换券').click()
  await waitForText(() => modal.mock.calls.length === 2, 8000)
  expect(modalTexts()[1]).toBe('网络不可用，请检查网络后重试')
  expect(document.querySelector('.ceremony')).toBeNull()
  await waitForText(() => button('拿铁兑换券').textContent === '兑换')

  button('拿铁兑换券').click()
  await waitForText('兑换成功')
  const keys = redeems().map((r) => r.headers['idempotency-key'])
  expect(keys).toHaveLength(4)
  expect(new Set(keys).size).toBe(1)
  await skipCeremony()
  await waitForText(() => pagePoints() === formatPoints(before - 600) && !useCard.getState().loading)
  expect(cardPoints()).toBe(before - 600)
  showCurrentPage()
  await waitForText(() => wire.requests.filter((r) => r.path === '/me/wallet').length >= 1)
  await new Promise((r) => setTimeout(r, 400))
  expect(walletItems().filter((w) => w.textContent?.includes('拿铁兑换券'))).toHaveLength(1)
}, 20000)
