/**
 * The H5 tab bar under each tab page: the four tabs from app.config, the page's own highlighted, a
 * tap (or Enter) switching tabs while Taro's router keeps the page left behind, and the badge and red
 * dot the pages set through Taro's tab-bar APIs, as a member sees them.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import { useCard } from '@/stores/card'
import { useSession } from '@/stores/session'
import { TAB_INDEX } from '@/pages/tab-badges'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())
// The H5 build takes a folder's index.h5.tsx before its index.tsx; jest takes the plain one, so this
// file is pointed at the bar the H5 build draws.
jest.mock('@/pages/tab-bar', () => jest.requireActual('@/pages/tab-bar/index.h5'))

const clock = testClock()

/** The tab page on screen (Taro's router shades the pages it keeps: display: none in its style sheet). */
function shownPage(): HTMLElement {
  const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page.taro_page_show:not(.taro_page_shade)'))
  if (pages.length !== 1) throw new Error(`${pages.length} pages on screen`)
  return pages[0]
}

/** The tabs under the page on screen, as a screen reader names them. */
const tabs = () => Array.from(shownPage().querySelectorAll<HTMLElement>('[role="tab"]'))
const tabNames = () => tabs().map((t) => t.getAttribute('aria-label'))
const selectedTab = () => tabs().find((t) => t.getAttribute('aria-selected') === 'true')?.textContent
const tab = (label: string) => {
  const found = tabs().find((t) => t.querySelector('.tab-bar__label')?.textContent === label)
  if (!found) throw new Error(`no tab ${label}; the bar says ${tabNames().join(' ')}`)
  return found
}

async function until(check: () => boolean, what: string, timeoutMs = 4000) {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} did not happen; the bar says ${tabNames().join(' ')}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

async function showAs(persona: 'silver' | 'black' | 'gold-drop') {
  await useSession.getState().switchPersona(persona)
  useCard.getState().clear()
  showCurrentPage()
}

beforeAll(async () => {
  await useSession.getState().ready('black')
  await renderApp('pages/card/index')
  await waitForText('Vivian')
}, 20000)

beforeEach(() => {
  wire.reset()
  clock.at(ORDINARY_MORNING)
})

test('under the card: the four tabs of app.config with 会员卡 highlighted, and 优惠券 badged with the 3 coupons not yet seen', async () => {
  const config = require('@/app.config').default as { tabBar: { list: { text: string }[] } }
  await until(() => tabs().length === 4, 'the bar')
  expect(tabs().map((t) => t.querySelector('.tab-bar__label')?.textContent)).toEqual(
    config.tabBar.list.map((t) => t.text),
  )
  expect(selectedTab()).toBe('会员卡')
  // Black holds three available coupons she has not opened the coupons tab for.
  await until(() => tab('优惠券').querySelector('.tab-bar__badge')?.textContent === '3', 'the badge')
  expect(tab('优惠券').getAttribute('aria-label')).toBe('优惠券（3）')
  // The selected tab's icon is the selected one.
  expect(tab('会员卡').querySelector('img')?.getAttribute('src')).toBe('assets/tab/card-active.png')
  expect(tab('会员日').querySelector('img')?.getAttribute('src')).toBe('assets/tab/day.png')
}, 20000)

test('a tap on 优惠券 opens the coupons tab with its own bar, the badge goes, and 会员卡 brings back the same card page', async () => {
  await until(() => tab('优惠券').querySelector('.tab-bar__badge') !== null, 'the badge')
  const cardPage = shownPage()
  tab('优惠券').click()
  await waitForText('可使用')
  await until(() => shownPage() !== cardPage && selectedTab() === '优惠券', 'the switch')
  // Seeing the coupons tab marks them seen: no badge on any bar.
  await until(() => document.querySelector('.tab-bar__badge') === null, 'the badge to go')
  expect(tab('优惠券').getAttribute('aria-label')).toBe('优惠券')

  // Enter on a focused tab does what a tap does; the card page kept by the router comes back.
  tab('会员卡').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
  await until(() => shownPage() === cardPage, 'the card page to come back')
  expect(selectedTab()).toBe('会员卡')
  expect(cardPage.textContent).toContain('Vivian')
}, 20000)

test('on the quarterly member day 会员日 gets a red dot, taken off on an ordinary day', async () => {
  clock.at(Date.UTC(2026, 11, 18, 2)) // 18 Dec, 10:00 in Shanghai
  await showAs('gold-drop')
  await waitForText('今天是季度会员日')
  await until(() => tab('会员日').querySelector('.tab-bar__dot') !== null, 'the red dot')
  expect(tab('会员日').getAttribute('aria-label')).toBe('会员日（有新内容）')

  clock.at(ORDINARY_MORNING)
  await showAs('silver')
  await waitForText('林小满')
  await until(() => tab('会员日').querySelector('.tab-bar__dot') === null, 'the red dot to go')
  expect(tab('会员日').getAttribute('aria-label')).toBe('会员日')
}, 20000)

test('a mark for a tab that is not there fails, as in WeChat, and changes no tab', async () => {
  await until(() => tabs().length === 4, 'the bar')
  const before = tabNames()
  for (const index of [4, -1, 1.5]) {
    await expect(Taro.setTabBarBadge({ index, text: '1' })).rejects.toMatchObject({
      errMsg: 'setTabBarBadge:fail tabbar item not found',
    })
    await expect(Taro.showTabBarRedDot({ index })).rejects.toMatchObject({
      errMsg: 'showTabBarRedDot:fail tabbar item not found',
    })
  }
  expect(tabNames()).toEqual(before)
  // A mark for a tab that is there answers as WeChat does, and shows.
  await expect(Taro.setTabBarBadge({ index: TAB_INDEX.me, text: '新' })).resolves.toMatchObject({
    errMsg: 'setTabBarBadge:ok',
  })
  expect(tab('我的').querySelector('.tab-bar__badge')?.textContent).toBe('新')
  await Taro.removeTabBarBadge({ index: TAB_INDEX.me })
  expect(tab('我的').querySelector('.tab-bar__badge')).toBeNull()
}, 20000)
