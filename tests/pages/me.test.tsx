import Taro from '@tarojs/taro'
import { renderApp, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { useSession } from '@/stores/session'
import { useStaff } from '@/stores/staff'
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

/** Back to 我的 (a persona switch goes to the card tab). */
async function showMe() {
  await Taro.switchTab({ url: '/pages/me/index' })
  await waitForText('演示身份')
}

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

describe('the staff key', () => {
  const personaLogins = () => wire.requests.filter((r) => r.path === '/demo/persona')
  const clockMoves = () => wire.requests.filter((r) => r.path === '/demo/clock')

  test('without it, 演示时间 says what the key is for and asks for it; a persona switch signs in without a rebuild', async () => {
    useStaff.getState().setKey(null)
    await showMe()
    const text = await waitForText('员工密钥')
    expect(text).toContain('调整演示时间会改变所有人看到的日期，恢复演示身份会清除其演示记录，因此需要员工密钥')
    expect(text).toContain('恢复初始状态需要员工密钥')
    // No clock to move without the key.
    expect(text).not.toContain('回到现在')
    expect(document.querySelector('taro-input-core[placeholder="员工密钥"]')).not.toBeNull()

    clickText('新会员')
    await waitForText('小新')
    expect(personaLogins().map((r) => [r.body, r.headers['x-staff-key']])).toEqual([
      [{ persona: 'new', device: expect.any(String), reset: false }, undefined],
    ])
    expect(clockMoves()).toHaveLength(0)
  })

  test('保存 keeps the key on this phone: the clock moves with it, a switch rebuilds, and no member call carries it', async () => {
    useStaff.getState().setKey(null)
    await showMe()
    typeInto(document.querySelector('taro-input-core[placeholder="员工密钥"]') ?? undefined, ' DEMO-STAFF-1 ')
    clickText('保存')
    await waitForText('员工密钥已保存')
    expect(useStaff.getState().key).toBe('DEMO-STAFF-1')
    // Kept on this phone (like the till key), so it survives a restart.
    expect(localStorage.getItem('mc.staff')).toContain('DEMO-STAFF-1')
    expect(document.querySelector('taro-input-core[placeholder="员工密钥"]')).toBeNull()

    clickText('回到现在')
    await waitForText((t) => !t.includes('调整中'))
    await new Promise((r) => setTimeout(r, 200))
    expect(clockMoves().map((r) => r.headers['x-staff-key'])).toEqual(['DEMO-STAFF-1'])
    // Staff-only: the clock move carries no member session.
    expect(clockMoves()[0].headers.authorization).toBeUndefined()

    clickText('黑金会员')
    await waitForText('Vivian')
    expect(personaLogins().map((r) => [(r.body as { reset: boolean }).reset, r.headers['x-staff-key']])).toEqual([
      [true, 'DEMO-STAFF-1'],
    ])
    // Member calls only: the demo and staff routes are where the key belongs.
    const others = wire.requests.filter((r) => !r.path.startsWith('/demo/') && !r.path.startsWith('/staff/'))
    expect(others.length).toBeGreaterThan(0)
    for (const r of others) expect(r.headers['x-staff-key']).toBeUndefined()
  })

  test('a wrong key is refused by the backend in words, and 清除 asks for the key again', async () => {
    useStaff.getState().setKey('NOT-THE-KEY')
    await showMe()
    await waitForText('员工密钥已保存')
    clickText('回到现在')
    await waitForText('员工密钥无效，请向门店管理员核对后重新填写')
    clickText('清除')
    await waitForText((t) => t.includes('员工密钥') && !t.includes('员工密钥已保存'))
    expect(useStaff.getState().key).toBeNull()
  })
})
