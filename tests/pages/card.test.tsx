import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText, waitForWholeCard } from '../setup/render-app'
import { wire } from '../setup/wire'
import { PERSONA_IDS } from '@/api/contract'
import { NetworkError } from '@/api/errors'
import { readJson, storage } from '@/adapters/storage'
import { formatYuan } from '@/domain/money'
import { useCard } from '@/stores/card'
import { Engine } from '../../mock/engine/engine'
import { useCode } from '@/stores/code'
import { useSession } from '@/stores/session'
import { useCoupons } from '@/stores/coupons'
import { TAB_INDEX } from '@/pages/tab-badges'
import { ORDINARY_MORNING, testClock } from '../setup/clock'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// The clock for the phone and the backend alike, on an ordinary morning: each persona is built at
// the same moment as the engine this file checks it against, whatever the wall clock says.
const clock = testClock()

function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

// One app per file (Taro's router is a singleton); each test signs in as a persona and shows the page again.
beforeAll(async () => {
  await useSession.getState().ready('new')
  await renderApp('pages/card/index')
  await waitForText('小新')
}, 20000)

async function showAs(persona: (typeof PERSONA_IDS)[number]) {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  useCard.getState().clear()
  showCurrentPage()
}

beforeEach(() => {
  wire.reset()
  setOnline(true)
})

const expected: Record<(typeof PERSONA_IDS)[number], (string | RegExp)[]> = {
  new: ['小新', '新会员', '再消费 ¥1,000 或到店 4 次升级银卡'],
  silver: ['林小满', '银卡', '近 12 个月消费 ¥4,680 · 到店 10 次', '再消费 ¥320 或到店 2 次升级金卡'],
  'gold-drop': ['周一一', '金卡', /前再消费 ¥900 或到店 3 次即可保级金卡，否则将降为银卡/],
  expiring: ['陈默', '银卡'],
  black: ['Vivian', '黑金 · 最高等级', '积分 2 倍'],
}

test.each(PERSONA_IDS)(
  'the card shows the %s persona as the backend has it',
  async (persona) => {
    await showAs(persona)
    const text = await waitForWholeCard(expected[persona][0])
    for (const line of expected[persona]) expect(text).toMatch(line)
    // The figures on the card are the ones the backend's rules give this persona today.
    const truth = new Engine(null).card(`m-${persona}`)
    expect(document.querySelector('.member-card__points-value')?.textContent).toBe(truth.points.toLocaleString('en-US'))
    expect(text).toContain(`近 12 个月消费 ${formatYuan(truth.stats.spendFen)} · 到店 ${truth.stats.visits} 次`)
    expect(document.querySelector('.member-card__number')?.textContent).toBe(
      `NO. ${truth.cardId.slice(0, 4)} **** ${truth.cardId.slice(-2)}`,
    )
  },
  20000,
)

test('a malformed response shows an error with retry and keeps the cached card', async () => {
  await showAs('silver')
  await waitForWholeCard('林小满')
  wire.tamper = (req) => (req.path === '/me' ? { status: 200, headers: {}, body: { memberId: 7 } } : null)
  showCurrentPage()
  const text = await waitForText('服务器返回的数据异常，请稍后重试（点此重试）')
  expect(text).toContain('林小满')
  expect(text).toContain('再消费 ¥320 或到店 2 次升级金卡')
  wire.tamper = null
  ;(document.querySelector('.card-page__error') as HTMLElement).click()
  await waitForText((t) => !t.includes('数据异常'))
}, 20000)

test('with the network down the cached card stays, under an offline banner with the last sync time', async () => {
  await showAs('gold-drop')
  await waitForText('周一一')
  const syncedAt = useCard.getState().lastSyncAt
  setOnline(false)
  showCurrentPage()
  const text = await waitForText('网络不可用')
  expect(text).toMatch(/网络不可用 · 显示 \d\d:\d\d 同步的会员卡/)
  expect(text).toContain('周一一')
  expect(useCard.getState().lastSyncAt).toBe(syncedAt)
  setOnline(true)
  await waitForText((t) => !t.includes('网络不可用'))
}, 20000)

test('shown again, the cached card is on screen before the card asks the backend; the refresh follows the first frame', async () => {
  await showAs('silver')
  await waitForWholeCard('林小满')
  const points = document.querySelector('.member-card__points-value')?.textContent
  wire.reset()
  showCurrentPage()
  // A task later (the refresh used to ask at once): the card is there and nothing has been asked.
  await new Promise((resolve) => setTimeout(resolve, 0))
  expect(document.querySelector('.member-card__points-value')?.textContent).toBe(points)
  expect(wire.requests.map((r) => r.path)).not.toContain('/me')
  // Then the refresh asks, and its answer is taken in.
  await waitForText(() => wire.requests.some((r) => r.path === '/me') && !useCard.getState().loading)
  expect(useCard.getState().error).toBeNull()
}, 20000)

test('showing the card provisions the member code secret, so the code works offline later', async () => {
  await showAs('expiring')
  await waitForText('陈默')
  await waitForText(() => useCode.getState().secret?.memberId === 'm-expiring')
  setOnline(false)
  expect(useCode.getState().codeNow()).toMatch(/^661000000004\d{6}$/)
}, 20000)

test('rules cached by an older version (no horizons) are dropped, the cached card still shows offline, and the rules come back online', async () => {
  await showAs('silver')
  await waitForText('近 12 个月消费 ¥4,680 · 到店 10 次')
  const cached = readJson('mc.card') as { state: { programme: Record<string, unknown> } }
  delete cached.state.programme.horizons
  storage.setItem('mc.card', JSON.stringify(cached))
  await useCard.persist.rehydrate()
  expect(useCard.getState().programme).toBeNull()
  expect(useCard.getState().card?.nickname).toBe('林小满')

  setOnline(false)
  wire.loseAnswer = () => new NetworkError('offline')
  showCurrentPage()
  const text = await waitForText('网络不可用')
  expect(text).toContain('林小满')
  expect(text).toContain('消费 ¥4,680 · 到店 10 次')
  expect(text).not.toContain('近 12 个月')

  wire.loseAnswer = null
  setOnline(true)
  await waitForText('近 12 个月消费 ¥4,680 · 到店 10 次')
  expect(useCard.getState().programme?.horizons.rollingMonths).toBe(12)
}, 20000)

describe('what brings the member back, on the first screen', () => {
  let spies: jest.SpyInstance[] = []
  const spy = <
    K extends
      'navigateTo' | 'switchTab' | 'setTabBarBadge' | 'removeTabBarBadge' | 'showTabBarRedDot' | 'hideTabBarRedDot',
  >(
    name: K,
  ) => {
    const s = jest.spyOn(Taro, name).mockResolvedValue({ errMsg: `${name}:ok` } as never)
    spies.push(s)
    return s
  }
  afterEach(() => {
    for (const s of spies) s.mockRestore()
    spies = []
    clock.at(ORDINARY_MORNING)
  })

  test('the tab indexes the badges use are the tab bar’s', () => {
    const config = require('@/app.config').default as { tabBar: { list: { pagePath: string }[] } }
    const at = (path: string) => config.tabBar.list.findIndex((t) => t.pagePath === path)
    expect(TAB_INDEX).toEqual({
      card: at('pages/card/index'),
      memberDay: at('pages/member-day/index'),
      coupons: at('pages/coupons/index'),
      me: at('pages/me/index'),
    })
  })

  test('expiring: the lapsing points are told under the card as what they buy, and 去兑换 opens the mall', async () => {
    const navigate = spy('navigateTo')
    await showAs('expiring')
    const text = await waitForText(/1,200 积分将于 \d+月\d+日 起陆续过期，够换 2 杯拿铁/)
    expect(document.querySelector('.attention__go')?.textContent).toBe('去兑换 ›')
    expect(text).not.toContain('补录积分')
    ;(document.querySelector('.attention') as HTMLElement).click()
    expect(navigate).toHaveBeenCalledWith({ url: '/packages/rewards/index' })
  }, 20000)

  test('消息 at the right of the greeting shows the unread count from the answer the tab already asks for, and opens the inbox', async () => {
    const navigate = spy('navigateTo')
    await showAs('expiring')
    const unread = new Engine(null).inbox('m-expiring').unread
    expect(unread).toBeGreaterThan(0)
    await waitForText(() => document.querySelector('.card-page__inbox-count')?.textContent === String(unread))
    const inboxMethods = wire.requests.filter((r) => r.path.startsWith('/me/messages')).map((r) => r.method)
    expect(inboxMethods.length).toBeGreaterThan(0)
    expect(new Set(inboxMethods)).toEqual(new Set(['GET']))
    ;(document.querySelector('.card-page__inbox') as HTMLElement).click()
    expect(navigate).toHaveBeenCalledWith({ url: '/packages/messages/index' })
    // Silver has nothing unread: 消息 without a count.
    await showAs('silver')
    await waitForText('林小满')
    await waitForText(() => document.querySelector('.card-page__inbox-count') === null)
    expect(document.querySelector('.card-page__inbox')?.textContent).toBe('消息')
  }, 20000)

  test('a member with nothing pressing sees no attention line', async () => {
    await showAs('silver')
    await waitForText('林小满')
    expect(document.querySelector('.attention')).toBeNull()
  }, 20000)

  test('black: 优惠券 3 张 beside the code button opens the coupons tab, which shows a badge of 3 unseen', async () => {
    const badge = spy('setTabBarBadge')
    const switchTab = spy('switchTab')
    await showAs('black')
    await waitForText('优惠券3 张')
    await waitForText(() => badge.mock.calls.length > 0)
    expect(badge).toHaveBeenLastCalledWith({ index: 2, text: '3' })
    ;(document.querySelector('.card-page__coupons') as HTMLElement).click()
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/coupons/index' })
  }, 20000)

  test('coupons seen on the coupons tab no longer count on the badge', async () => {
    const badge = spy('setTabBarBadge')
    const remove = spy('removeTabBarBadge')
    await showAs('black')
    await waitForText('优惠券3 张')
    // What the coupons tab does when shown with the list loaded.
    useCoupons.getState().markSeen()
    await waitForText(() => remove.mock.calls.length > 0)
    expect(remove).toHaveBeenLastCalledWith({ index: 2 })
    // Kept for this member on the phone: shown again, still nothing unseen.
    badge.mockClear()
    showCurrentPage()
    await waitForText(() => remove.mock.calls.length > 1)
    expect(badge).not.toHaveBeenCalled()
  }, 20000)

  test('on the quarterly member day the card says so, and the 会员日 tab gets a red dot', async () => {
    const dot = spy('showTabBarRedDot')
    const switchTab = spy('switchTab')
    clock.at(Date.UTC(2026, 11, 18, 2)) // 18 Dec, 10:00 in Shanghai
    await useSession.getState().switchPersona('gold-drop')
    useCard.getState().clear()
    showCurrentPage()
    await waitForText('今天是季度会员日 · 积分 ×3，会员专享券可领')
    await waitForText(() => dot.mock.calls.length > 0)
    expect(dot).toHaveBeenCalledWith({ index: 1 })
    ;(document.querySelector('.attention') as HTMLElement).click()
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/member-day/index' })
  }, 20000)

  test('on an ordinary day the red dot is taken off', async () => {
    const hide = spy('hideTabBarRedDot')
    await showAs('silver')
    await waitForText('林小满')
    await waitForText(() => hide.mock.calls.length > 0)
    expect(hide).toHaveBeenCalledWith({ index: 1 })
  }, 20000)
})
