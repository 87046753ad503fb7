/**
 * 消息 as members see it through the page's lifecycle: unread dots and why lines, reading one or
 * all, deleting, the buttons' deep links, empty and error states, and the WeChat reminders granted.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { PersonaId } from '@/api/contract'
import { useInbox } from '@/stores/inbox'
import { useSession } from '@/stores/session'
import { ORDINARY_MORNING, testClock } from '../setup/clock'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const clock = testClock()
const modal = jest.spyOn(Taro, 'showModal')
const navigate = jest.spyOn(Taro, 'navigateTo')
const switchTab = jest.spyOn(Taro, 'switchTab')

function message(title: string): HTMLElement {
  const el = Array.from(document.querySelectorAll<HTMLElement>('.message')).find(
    (e) => e.querySelector('.message__title')?.textContent === title,
  )
  if (!el) throw new Error(`no message ${title}; page says: ${(document.body.textContent ?? '').slice(0, 300)}`)
  return el
}
const byBody = (pattern: RegExp): HTMLElement => {
  const el = Array.from(document.querySelectorAll<HTMLElement>('.message')).find((e) =>
    pattern.test(e.querySelector('.message__body')?.textContent ?? ''),
  )
  if (!el) throw new Error(`no message ${String(pattern)}`)
  return el
}
const dots = () => document.querySelectorAll('.message__dot').length
const posts = (path: string) => wire.requests.filter((r) => r.method === 'POST' && r.path === path)
const click = (el: Element | null) => (el as HTMLElement).click()

async function showAs(persona: PersonaId) {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  // Wait for this show's answers, not the last test's.
  useInbox.setState({ answered: false, subscriptions: null })
  showCurrentPage()
  await waitForText(() => useInbox.getState().answered && useInbox.getState().subscriptions !== null)
}

beforeAll(async () => {
  await useSession.getState().ready('expiring')
  await renderApp('packages/messages/index')
  await waitForText('条未读')
}, 20000)

beforeEach(() => {
  wire.reset()
  modal.mockReset()
  modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
  navigate.mockReset()
  navigate.mockResolvedValue({ errMsg: 'navigateTo:ok' } as never)
  switchTab.mockReset()
  switchTab.mockResolvedValue({ errMsg: 'switchTab:ok' } as never)
})

afterAll(() => {
  modal.mockRestore()
  navigate.mockRestore()
  switchTab.mockRestore()
})

test('expiring: every message unread with a dot, its why line under it, and the count at the top', async () => {
  await showAs('expiring')
  const count = useInbox.getState().messages.length
  expect(count).toBeGreaterThanOrEqual(4)
  expect(document.querySelector('.messages-page__count')?.textContent).toBe(`${count} 条未读`)
  expect(dots()).toBe(count)
  const expiry = byBody(/^680 积分将于 \d+月\d+日 过期，够换 1 杯拿铁$/)
  expect(expiry.querySelector('.message__why')?.textContent).toMatch(/^因为你的 680 积分将于 \d+月\d+日 过期$/)
  expect(expiry.querySelector('.message__action')?.textContent).toBe('去兑换')
}, 20000)

test('tapping a message marks it read: its dot goes, the count drops, and it stays read when shown again', async () => {
  await showAs('expiring')
  const before = dots()
  click(message('银卡保级提醒').querySelector('.message__head'))
  await waitForText(() => message('银卡保级提醒').querySelector('.message__dot') === null)
  await waitForText(() => posts('/me/messages/read').length === 1 && useInbox.getState().unread === before - 1)
  expect(posts('/me/messages/read')[0].body).toEqual({ id: expect.stringMatching(/^keep:silver:/) })
  showCurrentPage()
  await waitForText(() => !useInbox.getState().loading && dots() === before - 1)
  expect(message('银卡保级提醒').querySelector('.message__dot')).toBeNull()
}, 20000)

test('全部已读 clears every dot and the count', async () => {
  await showAs('expiring')
  click(document.querySelector('.messages-page__read-all'))
  await waitForText('没有未读消息')
  expect(dots()).toBe(0)
  await waitForText(() => posts('/me/messages/read').length === 1)
  expect(posts('/me/messages/read')[0].body).toEqual({ all: true })
  expect(document.querySelector('.messages-page__read-all')).toBeNull()
}, 20000)

test('the buttons open what they name: 去兑换 the mall, 去使用 the coupon, 去看看 on a tab with switchTab', async () => {
  await showAs('expiring')
  click(byBody(/^680 积分/).querySelector('.message__action'))
  await waitForText(() => navigate.mock.calls.length === 1)
  expect(navigate).toHaveBeenLastCalledWith({ url: '/packages/rewards/index' })
  click(byBody(/^满30减5 券将于/).querySelector('.message__action'))
  await waitForText(() => navigate.mock.calls.length === 2)
  expect(navigate).toHaveBeenLastCalledWith({ url: expect.stringMatching(/^\/packages\/coupon\/index\?id=cp-/) })
  // The member-day message (the evening before) leads to the 会员日 tab.
  clock.at(Date.UTC(2026, 11, 17, 13)) // 12-17 21:00 in Shanghai
  showCurrentPage()
  await waitForText('明天是季度会员日')
  click(message('明天是季度会员日').querySelector('.message__action'))
  await waitForText(() => switchTab.mock.calls.length === 1)
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/member-day/index' })
  // Acting on it read it too.
  await waitForText(() => message('明天是季度会员日').querySelector('.message__dot') === null)
}, 20000)

test('删除 asks first, then the message is gone here and at the backend', async () => {
  await showAs('expiring')
  const lapse = byBody(/^满30减5 券将于/)
  click(lapse.querySelector('.message__delete'))
  await waitForText(() => posts('/me/messages/delete').length === 1)
  expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '删除这条消息？', confirmText: '删除' }))
  expect(document.body.textContent).not.toContain('满30减5 券将于')
  showCurrentPage()
  await waitForText(() => !useInbox.getState().loading)
  await waitForText('积分即将过期')
  expect(document.body.textContent).not.toContain('满30减5 券将于')
}, 20000)

test('kept when the member cancels the delete', async () => {
  await showAs('expiring')
  modal.mockResolvedValue({ confirm: false, cancel: true, errMsg: 'showModal:ok' } as never)
  click(message('银卡保级提醒').querySelector('.message__delete'))
  await waitForText(() => modal.mock.calls.length === 1)
  // Give the page time to act on the answer: it must keep the message, here and in the store.
  await new Promise((r) => setTimeout(r, 100))
  expect(posts('/me/messages/delete')).toHaveLength(0)
  message('银卡保级提醒')
  expect(useInbox.getState().messages.some((m) => m.title === '银卡保级提醒')).toBe(true)
}, 20000)

test('silver has nothing: an empty state that says what will come here', async () => {
  await showAs('silver')
  await waitForText('暂无消息')
  expect(document.body.textContent).toContain('积分到期、优惠券快过期、会员日前一天，都会在这里提醒你')
  expect(document.body.textContent).toContain('没有未读消息')
}, 20000)

test('a failed load shows the error with a retry that works', async () => {
  await useSession.getState().switchPersona('new')
  wire.tamper = (req) =>
    req.path === '/me/messages'
      ? { status: 503, headers: {}, body: { error: { code: 'maintenance', message: '会员服务维护中，请稍后再试' } } }
      : null
  showCurrentPage()
  await waitForText('会员服务维护中，请稍后再试')
  wire.tamper = null
  click(document.querySelector('.error-state__retry'))
  await waitForText('欢迎加入栖木咖啡')
}, 20000)

test('reminders: the counts granted per kind, and 添加提醒 (H5: a demo sheet) adds one of each', async () => {
  await showAs('silver')
  const counts = () => Array.from(document.querySelectorAll('.reminders__kind')).map((e) => e.textContent)
  expect(counts()).toEqual(['积分到期提醒×0', '优惠券到期提醒×0', '会员日提醒×0'])
  click(document.querySelector('.reminders__add'))
  await waitForText(() => counts()[0] === '积分到期提醒×1')
  expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '演示：微信订阅消息', confirmText: '允许' }))
  expect(counts()).toEqual(['积分到期提醒×1', '优惠券到期提醒×1', '会员日提醒×1'])
  expect(posts('/me/subscriptions')[0].body).toEqual({ kinds: ['points-expiring', 'coupon-expiring', 'member-day'] })
  // On the evening before the member day the 会员日提醒 is spent, and the member is told it was sent.
  clock.at(Date.UTC(2026, 11, 17, 13))
  showCurrentPage()
  await waitForText('已通过微信提醒你：明天是季度会员日')
  expect(counts()[2]).toBe('会员日提醒×0')
}, 20000)
