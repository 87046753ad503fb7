import { renderApp, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { useSession } from '@/stores/session'
import { testClock } from '../setup/clock'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// On an ordinary morning, not the wall clock: a run at midnight or on a member day sees the same page.
testClock()

function typeInto(field: Element | undefined, value: string) {
  if (!field) throw new Error('no such field')
  field.dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value } }))
}

function clickText(text: string) {
  const el = Array.from(document.querySelectorAll('taro-text-core, taro-view-core, taro-button-core')).find(
    (e) => e.textContent?.trim() === text,
  )
  if (!el) throw new Error(`nothing says "${text}"`)
  ;(el as HTMLElement).click()
}

beforeAll(async () => {
  await useSession.getState().ready('silver')
  await renderApp('pages/me/index')
  await waitForText('林小满')
}, 20000)

beforeEach(() => wire.reset())

test('the me tab shows the profile, the invite code and the demo personas', async () => {
  const text = await waitForText('演示身份')
  expect(text).toContain('银卡 · 138****0002')
  expect(text).toMatch(/我的邀请码MC\w+/)
  for (const title of ['新会员', '银卡 · 即将升金', '金卡 · 即将降级', '积分即将过期', '黑金会员'])
    expect(text).toContain(title)
})

test('an empty nickname is refused with a message and nothing is sent; a good one is saved', async () => {
  clickText('编辑资料')
  await waitForText('保存')
  const nickname = document.querySelectorAll('.me-page__input')[0]
  typeInto(nickname, '   ')
  clickText('保存')
  await waitForText('请输入昵称')
  expect(wire.requests.filter((r) => r.path === '/me/profile')).toHaveLength(0)
  typeInto(nickname, '满满')
  clickText('保存')
  await waitForText((t) => t.includes('满满') && !t.includes('保存中'))
  expect(wire.requests.filter((r) => r.path === '/me/profile')).toHaveLength(1)
})

test('switching persona signs in as that member', async () => {
  clickText('黑金会员')
  await waitForText('Vivian')
  expect(useSession.getState()).toMatchObject({ persona: 'black', memberId: 'm-black' })
})
