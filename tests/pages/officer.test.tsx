/**
 * 体验官 as members see it through the page's lifecycle: why a trial is closed to them before any
 * tap, one-tap applying (a double tap or a lost answer applies once), the result and why after
 * staff close the window, the feedback form after the voucher is used, points once, the brand's reply.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { PersonaId } from '@/api/contract'
import { NetworkError } from '@/api/errors'
import { useCard } from '@/stores/card'
import { useOfficer } from '@/stores/officer'
import { useSession } from '@/stores/session'
import { useStaffTrials } from '@/stores/staff-trials'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const clock = testClock()
const modal = jest.spyOn(Taro, 'showModal')
const modalTexts = () => modal.mock.calls.map(([o]) => (o as { content?: string })?.content ?? '')

function trialCard(title: string): HTMLElement {
  const el = Array.from(document.querySelectorAll<HTMLElement>('.trial')).find(
    (e) => e.querySelector('.trial__title')?.textContent === title,
  )
  if (!el) throw new Error(`no trial ${title}; page says: ${(document.body.textContent ?? '').slice(0, 300)}`)
  return el
}
const SAKURA = '春季限定 · 樱花白桃拿铁 体验官招募'
const GEISHA = '瑰夏新豆 · 上市前品鉴'
const GINGER = '冬季限定 · 姜糖燕麦拿铁 体验官'
const applies = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/trials/apply')

/** Sign in as a freshly built persona and wait until the page shows its trials. */
async function showAs(persona: PersonaId) {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  showCurrentPage()
  await waitForText(() => useOfficer.getState().answered && document.querySelectorAll('.trial').length === 3)
}

asStaff()

beforeAll(async () => {
  await useSession.getState().ready('silver')
  await renderApp('packages/officer/index')
  await waitForText('新品上市前，先请会员尝')
}, 20000)

beforeEach(() => {
  wire.reset()
  modal.mockReset()
  modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
})

afterAll(() => modal.mockRestore())

test('silver sees why each trial is closed to her, with no button to tap', async () => {
  await showAs('silver')
  expect(trialCard(SAKURA).querySelector('.trial__block')?.textContent).toBe('金卡及以上会员可申请，你目前是银卡')
  expect(trialCard(SAKURA).querySelector('.trial__apply-button')).toBeNull()
  expect(trialCard(SAKURA).textContent).toContain('名额 20 位')
  expect(trialCard(GEISHA).querySelector('.trial__block')?.textContent).toBe('报名已于11月15日截止')
  expect(applies()).toHaveLength(0)
}, 20000)

test('a lost answer applies once: the tap after it sends the same request again', async () => {
  await showAs('black')
  let lost = 0
  wire.loseAnswer = (req) => (req.path === '/trials/apply' && lost++ < 3 ? new NetworkError() : null)
  trialCard(SAKURA).querySelector<HTMLElement>('.trial__apply-button')!.click()
  await waitForText(() => modal.mock.calls.length === 1, 8000)
  expect(modalTexts()[0]).toBe('网络不可用，请检查网络后重试')
  trialCard(SAKURA).querySelector<HTMLElement>('.trial__apply-button')!.click()
  await waitForText(() => trialCard(SAKURA).querySelector('.trial__status')?.textContent === '已申请')
  const keys = applies().map((r) => r.headers['idempotency-key'])
  expect(keys.length).toBeGreaterThan(1)
  expect(new Set(keys).size).toBe(1)
  expect(trialCard(SAKURA).textContent).toContain('已有 1 人申请')
}, 20000)

test('gold-drop applies with a note: a double tap applies once; staff close the window and she sees 已入选 and what next', async () => {
  await showAs('gold-drop')
  // 瑰夏's one seat went to a 黑金 member: she sees 未入选 and why.
  expect(trialCard(GEISHA).querySelector('.trial__status')?.textContent).toBe('未入选')
  expect(trialCard(GEISHA).querySelector('.trial__result')?.textContent).toMatch(
    /你排第 2（金卡 · 近 90 天到店 \d 次），本期未入选$/,
  )

  const note = trialCard(SAKURA).querySelector('taro-input-core')!
  note.dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value: '少甜，喜欢花香' } }))
  const button = trialCard(SAKURA).querySelector<HTMLElement>('.trial__apply-button')!
  button.click()
  button.click()
  await waitForText(() => trialCard(SAKURA).querySelector('.trial__status')?.textContent === '已申请')
  expect(applies()).toHaveLength(1)
  expect(applies()[0].body).toEqual({ trialId: 'tr-sakura', note: '少甜，喜欢花香' })
  expect(trialCard(SAKURA).querySelector('.trial__next')?.textContent).toBe(
    '12月2日报名截止后按规则选出 20 位体验官，结果在这里公布',
  )

  // Staff close the window early (demo panel / staff page): the seats are given at once.
  await useStaffTrials.getState().close('tr-sakura')
  showCurrentPage()
  await waitForText(() => trialCard(SAKURA).querySelector('.trial__status')?.textContent === '已入选')
  // Black applied too (the test before): the 黑金 member ranks first.
  expect(trialCard(SAKURA).querySelector('.trial__result')?.textContent).toMatch(
    /共 2 人申请 20 个名额.*你排第 2（金卡/,
  )
  expect(trialCard(SAKURA).querySelector('.trial__next')?.textContent).toMatch(
    /^体验券已放入你的优惠券：11月28日–12月16日到店出示会员码兑换樱花白桃拿铁；品尝后12月23日前提交反馈，得 200 积分$/,
  )
  expect(trialCard(SAKURA).querySelector('.trial__voucher')?.textContent).toContain('去使用')
  // No form before the voucher is used.
  expect(trialCard(SAKURA).querySelector('.feedback-form')).toBeNull()
}, 20000)

test('black, an officer: the brand’s reply, then feedback on 瑰夏 for 300 points, once', async () => {
  await showAs('black')
  expect(document.querySelector('.officer-page__hero')?.textContent).toBe(
    '你是体验官已完成 1 期体验，你的反馈会出现在新品里',
  )
  expect(trialCard(GINGER).querySelector('.trial__reply-text')?.textContent).toBe('「采纳了你的建议：甜度下调一档」')
  const geisha = trialCard(GEISHA)
  expect(geisha.querySelector('.trial__next')?.textContent).toBe('你已品尝瑰夏手冲，12月7日前提交反馈，得 300 积分')

  // Incomplete: told what is missing, nothing sent.
  geisha.querySelector<HTMLElement>('.feedback-form__send')!.click()
  await waitForText(() => modal.mock.calls.length === 1)
  expect(modalTexts()[0]).toBe('请为口味、甜度和会再买吗各打 1–5 分')

  await useCard.getState().refresh()
  const before = useCard.getState().card!.points
  const pick = (question: string, n: number) =>
    Array.from(geisha.querySelectorAll<HTMLElement>(`.feedback-form__score[data-question="${question}"]`))[
      n - 1
    ].click()
  pick('taste', 5)
  pick('sweetness', 3)
  pick('wouldBuy', 4)
  geisha
    .querySelector('.feedback-form taro-input-core')!
    .dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value: '茉莉花香很明显' } }))
  await new Promise((r) => setTimeout(r, 50))
  const send = geisha.querySelector<HTMLElement>('.feedback-form__send')!
  send.click()
  send.click()
  await waitForText(() => trialCard(GEISHA).querySelector('.trial__feedback-scores') !== null)
  expect(trialCard(GEISHA).querySelector('.trial__feedback-scores')?.textContent).toBe(
    '我的反馈：口味 5 · 甜度 3 · 会再买 4',
  )
  expect(trialCard(GEISHA).querySelector('.trial__feedback-text')?.textContent).toBe('「茉莉花香很明显」')
  expect(wire.requests.filter((r) => r.path === '/trials/feedback')).toHaveLength(1)
  await waitForText(() => useCard.getState().card?.points === before + 300)
  await waitForText(() => useOfficer.getState().officer?.trialsDone === 2)
  expect(trialCard(GEISHA).querySelector('.feedback-form')).toBeNull()
}, 20000)
