/**
 * 我的标签 through the page's lifecycle: loading, the segment with its meaning and each tag with its
 * evidence, the empty state of a member with no visits yet, and an error with retry.
 */
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { PersonaId } from '@/api/contract'
import { useSession } from '@/stores/session'
import { useTags } from '@/stores/tags'
import { ORDINARY_MORNING, testClock } from '../setup/clock'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const clock = testClock()
const texts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((e) => e.textContent)

async function showAs(persona: PersonaId) {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  showCurrentPage()
}

beforeAll(async () => {
  await useSession.getState().ready('black')
  await renderApp('packages/account/tags/index')
  await waitForText('品牌为你记下的标签')
}, 20000)

beforeEach(() => wire.reset())

test('black: her member group and what it means, then each tag with its evidence, and what tags are made from', async () => {
  await showAs('black')
  await waitForText('品牌为你记下的标签')
  expect(document.querySelector('.tags-page__segment-name')?.textContent).toBe('重要价值')
  expect(document.querySelector('.tags-page__segment-meaning')?.textContent).toBe(
    '最近来过、常来、消费高：最好的会员，保持礼遇',
  )
  expect(texts('.tags-page__tag .tags-page__label')).toEqual(
    expect.arrayContaining(['常客', '常去徐汇滨江店', '爱用优惠券', '积分攒着用']),
  )
  const regular = Array.from(document.querySelectorAll('.tags-page__tag')).find(
    (t) => t.querySelector('.tags-page__label')?.textContent === '常客',
  )
  expect(regular?.querySelector('.tags-page__evidence')?.textContent).toBe('近 90 天到店 10 次')
  expect(document.querySelector('.tags-page__basis')?.textContent).toContain('不看外貌、性别、年龄')
}, 20000)

test('loading shows a skeleton; a new member with no visits is told why there are no tags yet', async () => {
  const held: (() => void)[] = []
  wire.holdAnswer = (req) => (req.path === '/me/tags' ? new Promise<void>((r) => held.push(r)) : null)
  await useSession.getState().switchPersona('new')
  showCurrentPage()
  await waitForText(() => document.querySelector('.skeleton') !== null)
  expect(document.body.textContent).not.toContain('品牌为你记下的标签')
  await waitForText(() => wire.requests.some((r) => r.path === '/me/tags'))
  wire.holdAnswer = null
  for (const release of held) release()
  await waitForText('还没有足够的到店记录')
  expect(document.querySelector('.tags-page__segment')).toBeNull()
  expect(document.querySelectorAll('.tags-page__tag')).toHaveLength(0)
}, 20000)

test('an error with nothing to show says so with retry; the retry brings the tags', async () => {
  await useSession.getState().switchPersona('silver')
  wire.tamper = (req) =>
    req.path === '/me/tags'
      ? { status: 500, headers: {}, body: { error: { code: 'internal', message: '服务暂时不可用，请稍后重试' } } }
      : null
  showCurrentPage()
  await waitForText('服务暂时不可用，请稍后重试')
  expect(useTags.getState().tags).toBeNull()
  wire.tamper = null
  document.querySelector<HTMLElement>('.error-state__retry')!.click()
  await waitForText('品牌为你记下的标签')
  expect(document.querySelector('.tags-page__segment-name')?.textContent).toBe('重要价值')
}, 20000)
