/**
 * The tier page as a member reads it: the ladder with every tier's rules, their own 12 months,
 * what lifts the tier and what keeps it, the rules in words, and a tier-change message.
 */
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { Message, PersonaId } from '@/api/contract'
import { formatMonthDay } from '@/domain/time'
import { useCard } from '@/stores/card'
import { useSession } from '@/stores/session'
import { Engine } from '../../mock/engine/engine'
import { ladderOffset } from '@/packages/tier/ladder'
import { ORDINARY_MORNING, testClock } from '../setup/clock'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// The clock for the phone and the backend alike, on an ordinary morning: each persona is built at
// the same moment as the engine this file checks it against, whatever the wall clock says.
const clock = testClock()

const LADDER = [
  { name: '新会员', threshold: '入会即可获得', keep: '无需保级', multiplier: '积分 1 倍' },
  {
    name: '银卡',
    threshold: '近 12 个月消费满 ¥1,000 或到店 4 次',
    keep: '保级：一年内消费 ¥600 或到店 3 次',
    multiplier: '积分 1.2 倍',
  },
  {
    name: '金卡',
    threshold: '近 12 个月消费满 ¥5,000 或到店 12 次',
    keep: '保级：一年内消费 ¥3,000 或到店 8 次',
    multiplier: '积分 1.5 倍',
  },
  {
    name: '黑金',
    threshold: '近 12 个月消费满 ¥20,000 或到店 36 次',
    keep: '保级：一年内消费 ¥12,000 或到店 24 次',
    multiplier: '积分 2 倍',
  },
]

const ladderCards = () => Array.from(document.querySelectorAll<HTMLElement>('.tier-ladder__card'))
const text = (selector: string) => document.querySelector(selector)?.textContent ?? ''

async function showAs(persona: PersonaId) {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  useCard.getState().clear()
  showCurrentPage()
  await waitForText(
    () => useCard.getState().card?.memberId === `m-${persona}` && document.querySelector('.tier-page__hero') !== null,
  )
}

beforeAll(async () => {
  await useSession.getState().ready('gold-drop')
  await renderApp('packages/tier/index')
  await waitForText('等级一览')
  expect(document.querySelectorAll('.tier-page')).toHaveLength(1)
}, 20000)

beforeEach(() => wire.reset())

test('gold-drop sees the ladder with every tier and, before the anniversary, what keeps 金卡', async () => {
  await showAs('gold-drop')
  const truth = new Engine(null).card('m-gold-drop')
  const page = await waitForText('即可保级金卡')
  expect(text('.tier-page__hero-name')).toBe('金卡')
  expect(page).toContain(
    `${formatMonthDay(truth.keep!.anniversary)}前再消费 ¥900 或到店 3 次即可保级金卡，否则将降为银卡`,
  )
  expect(page).toContain('近 12 个月消费 ¥4,000 · 到店 6 次')
  expect(page).toContain('再消费 ¥16,000 或到店 30 次升级黑金')

  const cards = ladderCards()
  expect(cards.map((c) => c.querySelector('.tier-ladder__name')?.textContent)).toEqual(LADDER.map((t) => t.name))
  cards.forEach((card, i) => {
    expect(card.querySelector('.tier-ladder__threshold')?.textContent).toBe(LADDER[i].threshold)
    expect(card.querySelector('.tier-ladder__keep')?.textContent).toBe(LADDER[i].keep)
    expect(card.querySelector('.tier-ladder__multiplier')?.textContent).toBe(LADDER[i].multiplier)
  })
  expect(cards[2].textContent).toContain('每月免费升杯')
  expect(cards[3].textContent).toContain('专属客服')
  // Only the member's own tier is highlighted.
  const current = document.querySelectorAll('.tier-ladder__card--current')
  expect(current).toHaveLength(1)
  expect(current[0].querySelector('.tier-ladder__name')?.textContent).toBe('金卡')

  for (const rule of [
    '等级按近 12 个月的消费金额或到店次数计算，达到即时升级',
    '每年在等级周年日检查保级条件，未达到最多下降一级',
    '到店次数按自然日计算，同一天多次消费计 1 次',
  ])
    expect(page).toContain(rule)
}, 20000)

test.each([
  ['new', 0],
  ['silver', 1],
  ['gold-drop', 2],
  ['black', 3],
] as const)(
  '%s: the ladder opens on the member’s own tier, and no card repeats its earn rate among its benefits',
  async (persona, index) => {
    // As Taro's H5 script sizes the root on a 375-px phone: 1rem = 40 design px = 20 CSS px.
    document.documentElement.style.fontSize = '20px'
    await showAs(persona)
    await waitForText('等级一览')
    expect(ladderOffset(index)).toBe(162 * index)
    const scroller = document.querySelector('.tier-ladder') as HTMLElement & { mpScrollLeft?: number | string }
    await waitForText(() => Number(scroller.mpScrollLeft) === 162 * index)
    for (const card of ladderCards()) {
      const rate = card.querySelector('.tier-ladder__multiplier')?.textContent
      const benefits = Array.from(card.querySelectorAll('.tier-ladder__benefit')).map((b) => b.textContent)
      expect(benefits).not.toContain(rate)
      expect(benefits.length).toBeGreaterThan(0)
    }
  },
  20000,
)

test('silver sees the upgrade path to 金卡 and that its own tier is already kept', async () => {
  await showAs('silver')
  const page = await waitForText('再消费 ¥320 或到店 2 次升级金卡')
  expect(text('.tier-page__hero-name')).toBe('银卡')
  expect(page).toContain('近 12 个月消费 ¥4,680 · 到店 10 次')
  expect(page).toMatch(/本年度已达保级条件，银卡将在\d+月\d+日自动续期一年/)
  expect(page).not.toContain('即可保级')
  expect(document.querySelector('.tier-page__notice')).toBeNull()
  expect(document.querySelector('.tier-ladder__card--current .tier-ladder__name')?.textContent).toBe('银卡')
}, 20000)

test('a new member has no tier to keep, only the way to 银卡', async () => {
  await showAs('new')
  const page = await waitForText('再消费 ¥1,000 或到店 4 次升级银卡')
  expect(page).not.toMatch(/保级(新会员|银卡)/)
  expect(document.querySelector('.tier-progress__keep')).toBeNull()
  expect(document.querySelector('.tier-ladder__card--current .tier-ladder__name')?.textContent).toBe('新会员')
}, 20000)

test('the newest tier message shows as a notice at the top, and goes when there is none', async () => {
  await showAs('silver')
  const older: Message = {
    id: 'msg-1',
    at: Date.now() - 400 * 86_400_000,
    title: '会员等级调整为新会员',
    body: '旧的消息',
  }
  // A drop notice holds while the member is still in the tier it set (its time is the tier's start).
  const newer: Message = {
    id: 'msg-2',
    at: useCard.getState().card!.tierSince,
    title: '会员等级调整为银卡',
    body: '过去一年你消费 ¥2,000、到店 5 次，未达到金卡保级条件（¥3,000 或 8 次），等级调整为银卡，银卡权益照常享受。再消费 ¥3,000 或到店 6 次即可重回金卡。',
  }
  wire.tamper = (req) =>
    req.path === '/me/messages' ? { status: 200, headers: {}, body: { messages: [older, newer] } } : null
  showCurrentPage()
  await waitForText('会员等级调整为银卡')
  const notice = document.querySelector('.tier-page__notice')
  expect(notice?.textContent).toContain(newer.body)
  expect(notice?.textContent).not.toContain('旧的消息')
  // The notice is the first thing on the page.
  expect(document.querySelector('.tier-page')?.firstElementChild).toBe(notice)

  wire.tamper = null
  showCurrentPage()
  await waitForText((t) => !t.includes('会员等级调整为银卡'))
  expect(document.querySelector('.tier-page__notice')).toBeNull()
}, 20000)

test('a skeleton while the card loads, then an error with retry that brings the page back', async () => {
  await showAs('silver')
  wire.tamper = (req) =>
    req.path === '/me'
      ? { status: 503, headers: {}, body: { error: { code: 'maintenance', message: '会员服务维护中，请稍后再试' } } }
      : null
  useCard.getState().clear()
  showCurrentPage()
  await waitForText(() => document.querySelector('.skeleton') !== null)
  expect(document.querySelector('.tier-ladder')).toBeNull()
  await waitForText('会员服务维护中，请稍后再试')
  // One 重试 button under the message, ready to tap.
  const retries = Array.from(document.querySelectorAll<HTMLElement>('taro-button-core')).filter(
    (b) => b.textContent?.trim() === '重试',
  )
  expect(retries).toHaveLength(1)
  expect(retries[0].getAttribute('disabled')).not.toBe('true')
  wire.tamper = null
  retries[0].click()
  await waitForText('再消费 ¥320 或到店 2 次升级金卡')
  expect(document.body.textContent).not.toContain('会员服务维护中')
}, 20000)
