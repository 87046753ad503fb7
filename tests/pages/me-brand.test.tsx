/**
 * A brand's build (TARO_APP_DEMO=0, the default for an http build): members see no demo kit on 我的,
 * a `?persona=` link signs in nobody as a persona, and the staff till is not in the app.
 */
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { useCard } from '@/stores/card'
import { useSession } from '@/stores/session'
import { demoLocation, setDemoLocation } from '@/adapters/location'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const saved = { demo: process.env.TARO_APP_DEMO, staff: process.env.TARO_APP_STAFF }

beforeAll(async () => {
  // What config/index.ts hands the bundler for a brand build; set before renderApp requires the app,
  // its config and the page, which read it when they load.
  process.env.TARO_APP_DEMO = '0'
  process.env.TARO_APP_STAFF = '0'
  // A persona link (in the URL's query, where the app looks for it at launch).
  window.history.replaceState(null, '', '/?persona=black')
  await renderApp('pages/me/index')
  await useSession.getState().ready() // the launch's own sign-in
}, 20000)

afterAll(() => {
  for (const [key, value] of [
    ['TARO_APP_DEMO', saved.demo],
    ['TARO_APP_STAFF', saved.staff],
  ] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
})

test('a ?persona= link signs in nobody as that persona', async () => {
  expect(window.location.href).toContain('persona=black')
  expect(useSession.getState().persona).toBeNull()
  expect(useSession.getState().memberId).not.toBe('m-black')
})

test('a member sees the profile, the invite code and the account rows, but no 员工入口, 演示身份, 演示时间, 模拟定位 or staff tools', async () => {
  // A member signed in (through the backend's persona login: the app itself offers no way to it here).
  await useSession.getState().switchPersona('silver')
  useCard.getState().clear()
  showCurrentPage()
  const text = await waitForText((t) => t.includes('林小满') && t.includes('我的邀请码'))
  // Give the page the time the demo kit takes to list the personas in a demo build.
  await new Promise((r) => setTimeout(r, 300))
  const after = document.body.textContent ?? ''
  for (const demo of ['演示身份', '演示时间', '模拟定位', '员工工具', '门店收银台', '员工入口', '本机模拟后端']) {
    expect(text).not.toContain(demo)
    expect(after).not.toContain(demo)
  }
  // What a member needs stays: the legal pages, customer service and closing the account.
  for (const row of ['退出登录', '隐私政策', '用户协议', '联系客服', '注销账号', '复制']) expect(after).toContain(row)
})

test('the staff subpackage is not in the app config', () => {
  const config = require('@/app.config').default as { subPackages: { root: string }[] }
  const roots = config.subPackages.map((p) => p.root)
  expect(roots).not.toContain('packages/staff')
  expect(roots).toEqual(expect.arrayContaining(['packages/join', 'packages/points', 'packages/stores']))
})

test('a persona or a demo spot saved by a demo build on this phone is not used', async () => {
  // What a demo build left in storage: a persona session and a pretend position by a store.
  useSession.setState({ persona: 'black' })
  setDemoLocation({ latitude: 31.2231, longitude: 121.4452, near: '静安寺店' })
  expect(demoLocation()).toBeNull()
  await useSession.getState().login()
  expect(useSession.getState().memberId).not.toBe('m-black')
})
