/**
 * The card's hero slot as members see it through the page's lifecycle: the item the backend chose
 * with why, its button, the win-back coupon claimed once however often it is tapped, no slot when
 * nothing applies; and the 体验官 badge's ceremony, once, on the card tab.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { PersonaId } from '@/api/contract'
import { useCard } from '@/stores/card'
import { useOfficer } from '@/stores/officer'
import { useSession } from '@/stores/session'
import { useStaffTrials } from '@/stores/staff-trials'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const clock = testClock()
const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
const toast = jest.spyOn(Taro, 'showToast')
const hero = () => document.querySelector<HTMLElement>('.hero')
const ceremony = () => document.querySelector<HTMLElement>('.ceremony')

async function showAs(persona: PersonaId, at = ORDINARY_MORNING) {
  clock.at(at)
  await useSession.getState().switchPersona(persona)
  useCard.getState().clear()
  showCurrentPage()
  await waitForText(() => useCard.getState().card?.memberId === `m-${persona}` && !useCard.getState().loading)
}

asStaff()

beforeAll(async () => {
  await useSession.getState().ready('new')
  await renderApp('pages/card/index')
  await waitForText('小新')
}, 20000)

beforeEach(() => {
  wire.reset()
  navigate.mockClear()
  toast.mockClear()
})

test('silver, close to 金卡: what it takes, why it is shown, and a button to the tier page', async () => {
  await showAs('silver')
  expect(hero()?.querySelector('.hero__title')?.textContent).toBe('再消费 ¥320 或到店 2 次即可升金卡')
  expect(hero()?.querySelector('.hero__why')?.textContent).toBe('为什么推荐给我：因为你离金卡只差 2 次到店')
  // Between the attention line's place and the actions.
  expect(hero()?.nextElementSibling?.className).toContain('card-page__actions')
  hero()!.querySelector<HTMLElement>('.hero__go')!.click()
  expect(navigate).toHaveBeenCalledWith({ url: '/packages/tier/index' })
}, 20000)

test('a new member: the first-purchase tasks, what each earns, none done yet', async () => {
  await showAs('new')
  expect(hero()?.querySelector('.hero__title')?.textContent).toBe('首单任务')
  expect(Array.from(hero()!.querySelectorAll('.hero__task')).map((t) => t.textContent)).toEqual([
    '1到店出示会员码，完成首单消费 ¥1 积 1 分',
    '2首单用上入会礼券满50减10',
  ])
  expect(hero()?.querySelector('.hero__why')?.textContent).toBe('为什么推荐给我：因为你今天刚入会')
}, 20000)

test('a lapsed member claims the win-back coupon once, however often the button is tapped; the card then says where it is', async () => {
  await showAs('expiring')
  expect(hero()?.querySelector('.hero__title')?.textContent).toBe('好久不见，送你一杯拿铁')
  expect(hero()?.querySelector('.hero__why')?.textContent).toMatch(/^为什么推荐给我：因为你已 \d+ 天没有到店$/)
  const button = hero()!.querySelector<HTMLElement>('.hero__go')!
  expect(button.textContent).toBe('立即领取')
  button.click()
  button.click()
  button.click()
  await waitForText(() => hero()?.querySelector('.hero__title')?.textContent === '券已放进你的优惠券')
  const claims = wire.requests.filter((r) => r.method === 'POST' && r.path === '/hero/claim')
  expect(claims).toHaveLength(1)
  expect(toast).toHaveBeenCalledWith({ title: '领取成功', icon: 'success' })
  expect(hero()?.querySelector('.hero__go')?.textContent).toBe('去使用')
  // Shown again, it stays claimed: no second claim.
  showCurrentPage()
  await waitForText(() => !useCard.getState().loading)
  expect(hero()?.querySelector('.hero__title')?.textContent).toBe('券已放进你的优惠券')
  expect(wire.requests.filter((r) => r.path === '/hero/claim')).toHaveLength(1)
}, 20000)

test('nothing applies (no city on the profile, late at night): no slot at all', async () => {
  await showAs('black')
  expect(hero()).not.toBeNull()
  await useCard.getState().updateProfile({ city: '' })
  clock.at(ORDINARY_MORNING + 13 * 3600_000) // 23:00 in Shanghai
  showCurrentPage()
  await waitForText(() => useCard.getState().card?.hero === null && !useCard.getState().loading)
  expect(hero()).toBeNull()
  expect(document.body.textContent).not.toContain('为什么推荐给我')
}, 20000)

test('the 体验官 badge earned: its ceremony shows once on the card tab, and not again after a reload', async () => {
  await showAs('gold-drop')
  // Two months away, a valuable member: the win-back item, and no ceremony before the badge.
  expect(hero()?.querySelector('.hero__title')?.textContent).toBe('好久不见，送你一杯拿铁')
  expect(ceremony()).toBeNull()
  await useOfficer.getState().load()
  await useOfficer.getState().apply('tr-sakura', '')
  await useStaffTrials.getState().close('tr-sakura')
  showCurrentPage()
  await waitForText(() => ceremony() !== null)
  expect(ceremony()?.textContent).toContain('你成为了体验官')
  await waitForText(() => wire.requests.some((r) => r.path === '/me/celebrated'))
  expect(wire.requests.find((r) => r.path === '/me/celebrated')?.body).toEqual({ badge: '体验官' })
  // Skipped with a tap.
  ceremony()!.click()
  await waitForText(() => ceremony() === null)
  // A reload: the phone's cache gone, the card fetched again; the backend no longer asks for it.
  useCard.getState().clear()
  showCurrentPage()
  await waitForText(() => useCard.getState().card?.memberId === 'm-gold-drop' && !useCard.getState().loading)
  expect(useCard.getState().card?.badges).toEqual(['体验官'])
  expect(ceremony()).toBeNull()
  expect(wire.requests.filter((r) => r.path === '/me/celebrated')).toHaveLength(1)
}, 20000)
