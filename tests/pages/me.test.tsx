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
async function showMe(waitFor = '退出登录') {
  await Taro.switchTab({ url: '/pages/me/index' })
  await waitForText(waitFor)
}

/** Open 员工入口 and save `key` as staff do. */
async function enterStaffKey(key: string) {
  clickText('员工入口')
  const field = await waitForField()
  typeInto(field, key)
  clickText('保存')
}

async function waitForField(): Promise<Element> {
  await waitForText(() => document.querySelector('taro-input-core[placeholder="员工密钥"]') !== null)
  return document.querySelector('taro-input-core[placeholder="员工密钥"]') as Element
}

const PERSONA_TITLES = ['新会员', '银卡 · 即将升金', '金卡 · 即将降级', '积分即将过期', '黑金会员']

test('a shopper sees the profile and the invite code; the demo kit and the till stay behind 员工入口', async () => {
  useStaff.getState().setKey(null)
  await showMe('员工入口')
  await new Promise((r) => setTimeout(r, 300))
  const text = document.body.textContent ?? ''
  expect(text).toContain('银卡 · 138****0002')
  expect(text).toMatch(/我的邀请码MC\w+复制/)
  for (const hidden of ['演示身份', '演示时间', '后端现在是', '本机模拟后端', '模拟定位', '员工工具', '门店收银台'])
    expect([hidden, text.includes(hidden)]).toEqual([hidden, false])
  for (const title of PERSONA_TITLES.slice(1)) expect([title, text.includes(title)]).toEqual([title, false])
})

test('a member’s 我的标签 row opens the tags page', async () => {
  await showMe()
  const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
  clickText('我的标签')
  expect(navigate).toHaveBeenCalledWith({ url: '/packages/account/tags/index' })
  navigate.mockRestore()
})

test('an empty nickname is refused with a message and nothing is sent; a good one is saved', async () => {
  clickText('编辑资料')
  await waitForText('保存')
  // Let Taro's input finish mounting before typing into it.
  await new Promise((r) => setTimeout(r, 100))
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

describe('the staff key', () => {
  const personaLogins = () => wire.requests.filter((r) => r.path === '/demo/persona')
  const clockMoves = () => wire.requests.filter((r) => r.path === '/demo/clock')

  test('员工入口 says what the key is for; 取消 closes it and shows nothing more', async () => {
    useStaff.getState().setKey(null)
    await showMe('员工入口')
    clickText('员工入口')
    const text = await waitForText('员工密钥由门店管理员提供，只保存在本机')
    expect(text).not.toContain('演示身份')
    clickText('取消')
    await waitForText(() => document.querySelector('taro-input-core[placeholder="员工密钥"]') === null)
    expect(useStaff.getState().key).toBeNull()
  })

  test('保存 keeps the key on this phone and shows the demo kit and the till; the clock moves with it, a switch rebuilds, and no member call carries it', async () => {
    useStaff.getState().setKey(null)
    await showMe('员工入口')
    await enterStaffKey(' DEMO-STAFF-1 ')
    const text = await waitForText((t) => t.includes('员工密钥已保存') && t.includes('黑金会员'))
    expect(useStaff.getState().key).toBe('DEMO-STAFF-1')
    // Kept on this phone (like the till key), so it survives a restart.
    expect(localStorage.getItem('mc.staff')).toContain('DEMO-STAFF-1')
    expect(document.querySelector('taro-input-core[placeholder="员工密钥"]')).toBeNull()
    for (const shown of [...PERSONA_TITLES, '演示时间 · 后端现在是', '模拟定位', '员工工具', '门店收银台（演示）'])
      expect(text).toContain(shown)
    expect(text).toContain('运营台会员分群、定向发券、积分成本与负债')

    clickText('回到现在')
    await waitForText((t) => !t.includes('调整中'))
    await new Promise((r) => setTimeout(r, 200))
    expect(clockMoves().map((r) => r.headers['x-staff-key'])).toEqual(['DEMO-STAFF-1'])
    // Staff-only: the clock move carries no member session.
    expect(clockMoves()[0].headers.authorization).toBeUndefined()

    clickText('黑金会员')
    await waitForText('Vivian')
    expect(useSession.getState()).toMatchObject({ persona: 'black', memberId: 'm-black' })
    expect(personaLogins().map((r) => [(r.body as { reset: boolean }).reset, r.headers['x-staff-key']])).toEqual([
      [true, 'DEMO-STAFF-1'],
    ])
    // Member calls only: the demo and staff routes are where the key belongs.
    const others = wire.requests.filter((r) => !r.path.startsWith('/demo/') && !r.path.startsWith('/staff/'))
    expect(others.length).toBeGreaterThan(0)
    for (const r of others) expect(r.headers['x-staff-key']).toBeUndefined()
  })

  test('黑金 members see 专属客服 with its own line', async () => {
    await showMe('Vivian')
    const text = await waitForText('专属客服')
    expect(text).toContain('400-820-1919')
    expect(text).toContain('黑金会员专线 · 每天 8:00–23:00')
    expect(text).not.toContain('400-820-1818')
  })

  test('a wrong key is refused by the backend in words, and 清除 hides the staff tools again', async () => {
    useStaff.getState().setKey('NOT-THE-KEY')
    await showMe('员工密钥已保存')
    clickText('回到现在')
    await waitForText('员工密钥无效，请向门店管理员核对后重新填写')
    clickText('清除')
    await waitForText((t) => t.includes('员工入口') && !t.includes('演示身份'))
    expect(useStaff.getState().key).toBeNull()
  })
})
