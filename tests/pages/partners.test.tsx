/**
 * 联盟权益 as members see it through the page's lifecycle: why-not lines before any tap, a claim
 * (a double tap or a lost answer claims once) with its code to copy, its expiry and how to use it.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { PersonaId } from '@/api/contract'
import { NetworkError } from '@/api/errors'
import { usePartners } from '@/stores/partners'
import { useSession } from '@/stores/session'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const clock = testClock()
const modal = jest.spyOn(Taro, 'showModal')
const clipboard = jest.spyOn(Taro, 'setClipboardData')

function perk(title: string): HTMLElement {
  const el = Array.from(document.querySelectorAll<HTMLElement>('.perk')).find(
    (e) => e.querySelector('.perk__title')?.textContent === title,
  )
  if (!el) throw new Error(`no perk ${title}; page says: ${(document.body.textContent ?? '').slice(0, 300)}`)
  return el
}
const reason = (title: string) => perk(title).querySelector('.perk__reason')?.textContent ?? null
const claims = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/partner-perks/claim')

async function showAs(persona: PersonaId) {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  showCurrentPage()
  await waitForText(() => usePartners.getState().answered && document.querySelectorAll('.perk').length === 4)
}

asStaff()

beforeAll(async () => {
  await useSession.getState().ready('gold-drop')
  await renderApp('packages/partners/index')
  await waitForText('会员等级礼遇')
}, 20000)

beforeEach(() => {
  wire.reset()
  modal.mockReset()
  modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
  clipboard.mockReset()
  clipboard.mockResolvedValue({ errMsg: 'setClipboardData:ok' } as never)
})

afterAll(() => {
  modal.mockRestore()
  clipboard.mockRestore()
})

test('gold-drop sees what she may claim, and why not the rest, before any tap', async () => {
  await showAs('gold-drop')
  expect(reason('VIP 会员月卡')).toBe('黑金会员专享，你目前是金卡')
  expect(reason('周末营位 8 折')).toBe('本月名额已领完，12月1日再来')
  expect(reason('7 天骑行卡')).toBeNull()
  expect(perk('VIP 会员月卡').querySelector('.perk__button')).toBeNull()
  expect(perk('7 天骑行卡').querySelector('.perk__terms')?.textContent).toBe('每月可领 1 次 · 本月剩 300 份 · 价值 ¥6')
  expect(claims()).toHaveLength(0)
}, 20000)

test('a double tap claims once: the code shows with its expiry and how to use it, and copies', async () => {
  await showAs('gold-drop')
  const button = perk('7 天骑行卡').querySelector<HTMLElement>('.perk__button')!
  button.click()
  button.click()
  await waitForText(() => perk('7 天骑行卡').querySelector('.perk__code') !== null)
  expect(claims()).toHaveLength(1)
  const code = usePartners.getState().perks.find((p) => p.id === 'p-bike')!.claim!.code
  expect(perk('7 天骑行卡').querySelector('.perk__code')?.textContent).toBe(`兑换码 ${code}`)
  expect(perk('7 天骑行卡').querySelector('.perk__expiry')?.textContent).toBe('有效期至 2026-12-27')
  expect(perk('7 天骑行卡').querySelector('.perk__how')?.textContent).toContain('骑行卡兑换')
  expect(reason('7 天骑行卡')).toBe('本月已领取，12月1日可再领')
  expect(perk('7 天骑行卡').querySelector('.perk__button')).toBeNull()
  perk('7 天骑行卡').querySelector<HTMLElement>('.perk__copy')!.click()
  expect(clipboard).toHaveBeenCalledWith({ data: code })
}, 20000)

test('a lost answer claims once: the tap after it resends the same claim', async () => {
  await showAs('gold-drop')
  let lost = 0
  wire.loseAnswer = (req) => (req.path === '/partner-perks/claim' && lost++ < 3 ? new NetworkError() : null)
  perk('全场 9 折').querySelector<HTMLElement>('.perk__button')!.click()
  await waitForText(() => modal.mock.calls.length === 1, 8000)
  expect((modal.mock.calls[0][0] as { content?: string }).content).toBe('网络不可用，请检查网络后重试')
  perk('全场 9 折').querySelector<HTMLElement>('.perk__button')!.click()
  await waitForText(() => perk('全场 9 折').querySelector('.perk__code') !== null)
  const keys = claims().map((r) => r.headers['idempotency-key'])
  expect(keys.length).toBeGreaterThan(1)
  expect(new Set(keys).size).toBe(1)
  expect(perk('全场 9 折').querySelector('.perk__terms')?.textContent).toBe(
    '每季度可领 1 次 · 本季度剩 999 份 · 价值 ¥3',
  )
}, 20000)

test('black has this month’s video card, with its code', async () => {
  await showAs('black')
  expect(reason('VIP 会员月卡')).toBe('本月已领取，12月1日可再领')
  expect(perk('VIP 会员月卡').querySelector('.perk__code')?.textContent).toBe('兑换码 QY00050A1')
}, 20000)
