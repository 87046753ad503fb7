import { renderApp, waitForText, waitForWholeCard } from '../setup/render-app'
import { click, typeInto } from '../setup/ui'
import { storedBackendState, wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import Taro from '@tarojs/taro'
import { useCoupons } from '@/stores/coupons'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// On an ordinary morning, not the wall clock: a run at midnight or on a member day sees the same page.
testClock()

const joins = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/members')

// One app for the file: a fresh device opens the card tab and is sent to join.
beforeAll(async () => {
  await renderApp('pages/card/index')
  await waitForText('加入栖木会员')
}, 20000)

beforeEach(() => wire.reset())

test('the page leads with what joining gives: the 入会礼 coupon and the next member day, as served', async () => {
  const text = await waitForText('入会即送满50减10 券')
  expect(text).toContain('单笔消费满 ¥50 可用')
  expect(text).toContain('12月18日 是下一个季度会员日 · 积分 ×3，会员专享价与领券')
  const gift = document.querySelector('.join-gives__art')?.getAttribute('src') ?? ''
  expect(gift).toMatch(/^data:image\/svg\+xml;base64,/)
  // Above the form: the first thing read.
  const hero = document.querySelector('.join-page__hero')!
  expect(hero.compareDocumentPosition(document.querySelector('.join-page__form')!)).toBe(
    Node.DOCUMENT_POSITION_FOLLOWING,
  )
}, 15000)

test('invalid input gets a message under the field and nothing is sent', async () => {
  typeInto('请输入 11 位手机号', '1381234')
  click('.join-page__submit')
  const text = await waitForText('请输入 11 位中国大陆手机号')
  expect(text).toContain('请输入昵称')
  expect(text).toContain('请先阅读并同意用户协议和隐私政策')
  expect(joins()).toHaveLength(0)
}, 15000)

test('the consent line opens 用户协议 and 隐私政策 without ticking the box; no closed-account line on a new phone', async () => {
  const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' } as never)
  const link = (words: string) =>
    Array.from(document.querySelectorAll('.join-page__link')).find((e) => e.textContent === words) as HTMLElement
  link('《用户协议》').click()
  link('《隐私政策》').click()
  expect(navigate.mock.calls.map((c) => c[0]?.url)).toEqual([
    '/packages/legal/terms/index',
    '/packages/legal/privacy/index',
  ])
  expect(document.querySelector('.join-page__check--on')).toBeNull()
  expect(document.querySelector('.join-page__closed')).toBeNull()
  navigate.mockRestore()
}, 15000)

test('a double tap on 立即开卡 makes one member, then a skippable welcome and the card', async () => {
  typeInto('请输入 11 位手机号', '138 1234 5678')
  typeInto('怎么称呼你', '阿青')
  typeInto('选填，如 上海', '苏州')
  click('.join-page__consent')
  await waitForText((t) => !t.includes('请先阅读'))
  click('.join-page__submit')
  click('.join-page__submit')
  await waitForText('欢迎加入栖木咖啡')
  // The second tap lands while the first is on its way: it sends nothing.
  expect(joins()).toHaveLength(1)
  const members = Object.values(storedBackendState().members).filter((m) => m.phone === '13812345678')
  expect(members).toHaveLength(1)
  expect(members[0].nickname).toBe('阿青')
  click('.ceremony')
  const card = await waitForWholeCard('阿青')
  expect(card).toContain('新会员')
  expect(card).toContain('苏州')
  expect(card).toContain('再消费 ¥1,000 或到店 4 次升级银卡')
  // The gift the page promised is in the new member's coupons.
  await useCoupons.getState().load()
  expect(useCoupons.getState().coupons.map((c) => [c.title, c.source, c.status])).toEqual([
    ['满50减10', '入会礼', 'available'],
  ])
}, 20000)
