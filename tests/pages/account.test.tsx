/**
 * 我的 as a member who joined on this phone sees it (no staff key here), and closing the account
 * through its pages: what is lost and kept, a two-step confirmation, then the join page, and the
 * old member code refused at the till with the reason.
 */
import Taro from '@tarojs/taro'
import { HttpError } from '@/api/errors'
import { useCard } from '@/stores/card'
import { useCode } from '@/stores/code'
import { useSession } from '@/stores/session'
import { useStaff } from '@/stores/staff'
import { useTill } from '@/stores/till'
import { renderApp, waitForText } from '../setup/render-app'
import { testClock } from '../setup/clock'
import { wire } from '../setup/wire'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

testClock()

type ModalOptions = Parameters<typeof Taro.showModal>[0]
const modal = jest.spyOn(Taro, 'showModal')
const clipboard = jest.spyOn(Taro, 'setClipboardData')
const toast = jest.spyOn(Taro, 'showToast')

function tap(text: string) {
  const el = Array.from(document.querySelectorAll('taro-text-core, taro-view-core, taro-button-core')).find(
    (e) => e.textContent?.trim() === text,
  )
  if (!el) throw new Error(`nothing says "${text}"; page says: ${(document.body.textContent ?? '').slice(0, 300)}`)
  ;(el as HTMLElement).click()
}

/** The erase page's own 注销账号 button (我的 below it has a row of the same name). */
function submit() {
  const b = document.querySelector('.erase-page__submit') as HTMLElement | null
  if (!b) throw new Error('no 注销账号 button')
  b.click()
}

/** Words only staff may see: the demo kit, the backend's mode, the personas' names. */
const STAFF_WORDS = [
  '演示身份',
  '演示时间',
  '后端现在是',
  '本机模拟后端',
  '模拟定位',
  '员工工具',
  '门店收银台',
  '员工密钥已保存',
  '小新',
  '周一一',
  '陈默',
  'Vivian',
]

beforeAll(async () => {
  useStaff.getState().setKey(null)
  await useSession.getState().ready()
  await useCard.getState().join({ phone: '13812340000', nickname: '阿青', city: '大理' })
  await renderApp('pages/me/index')
  await waitForText('阿青')
}, 20000)

beforeEach(() => {
  wire.reset()
  modal.mockReset()
  clipboard.mockReset()
  toast.mockReset()
})

test('a shopper sees the profile, points, tier, coupons, service and legal rows, and no staff or demo words', async () => {
  const text = await waitForText((t) => t.includes('隐私政策') && t.includes('400-820-1818') && /\d优惠券/.test(t))
  for (const shown of [
    '新会员 · 138****0000',
    '0积分',
    '新会员会员等级',
    '1优惠券', // the 入会礼
    '我的邀请码',
    '复制',
    '补录积分',
    '联系客服',
    '每天 9:00–21:00',
    '用户协议',
    '注销账号',
    '员工入口',
  ])
    expect(text).toContain(shown)
  await new Promise((r) => setTimeout(r, 300))
  const after = document.body.textContent ?? ''
  for (const word of STAFF_WORDS) expect([word, after.includes(word)]).toEqual([word, false])
})

test('复制 puts the invite code on the clipboard and says 已复制', async () => {
  clipboard.mockResolvedValue({ errMsg: 'setClipboardData:ok' } as never)
  const code = useCard.getState().card?.inviteCode
  expect(code).toMatch(/^MC\d{5}$/)
  tap('复制')
  await waitForText(() => toast.mock.calls.length > 0)
  expect(clipboard.mock.calls).toEqual([[{ data: code }]])
  expect(toast.mock.calls[0][0]).toMatchObject({ title: '已复制' })
})

test('隐私政策 and 用户协议 open with the brand, the service line and the member’s rights', async () => {
  const navigate = jest.spyOn(Taro, 'navigateTo')
  tap('隐私政策')
  const privacy = await waitForText('我们收集哪些信息')
  for (const words of ['栖木咖啡会员中心', '手机号', '位置信息', '不会上传到我们的服务器', '注销账号', '400-820-1818'])
    expect(privacy).toContain(words)
  await Taro.navigateBack()
  await waitForText('员工入口')
  tap('用户协议')
  await waitForText('会员资格')
  expect(navigate.mock.calls.map((c) => c[0].url)).toEqual([
    '/packages/legal/privacy/index',
    '/packages/legal/terms/index',
  ])
  navigate.mockRestore()
  await Taro.navigateBack()
  await waitForText('员工入口')
})

test('注销账号: what is lost, a two-step confirm, the join page after; the old code is refused at the till', async () => {
  await useCode.getState().ensureSecret()
  const oldCode = useCode.getState().codeNow()
  expect(oldCode).toMatch(/^66\d{16}$/)

  tap('注销账号')
  const text = await waitForText('注销后将失去')
  for (const words of [
    '0 积分',
    '1 张可用优惠券',
    '新会员等级',
    '会员卡与会员码，注销后立即失效',
    '消费小票与积分流水去除手机号、昵称等个人信息后保留',
    '12 个月内重新入会的，不再发放入会礼',
  ])
    expect(text).toContain(words)

  // Step one: nothing happens before the consequences are ticked as understood.
  submit()
  await new Promise((r) => setTimeout(r, 100))
  expect(modal).not.toHaveBeenCalled()
  tap('我已了解注销的后果，确认放弃上述积分、优惠券与等级')

  // Step two: the dialog; 再想想 erases nothing.
  const b = document.querySelector('.erase-page__submit') as HTMLElement & { disabled?: unknown }
  await waitForText(() => !b.disabled)
  modal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' } as never)
  submit()
  await waitForText(() => modal.mock.calls.length === 1)
  expect(wire.requests.filter((r) => r.method === 'POST' && r.path === '/me/erase')).toHaveLength(0)

  modal.mockImplementation(
    async (o?: ModalOptions) => ({ confirm: true, cancel: false, errMsg: `${o?.title}` }) as never,
  )
  submit()
  await waitForText('加入栖木会员', 8000)
  // The join page says the account is gone, not only the dialog before it.
  await waitForText('你的账号已注销。可以重新入会，积分和优惠券不会恢复。')
  const titles = modal.mock.calls.map((c) => [c[0]?.title, c[0]?.confirmColor])
  expect(titles).toEqual([
    ['确认注销账号', '#3d5a45'],
    ['确认注销账号', '#3d5a45'],
    ['账号已注销', '#3d5a45'],
  ])
  const erases = wire.requests.filter((r) => r.method === 'POST' && r.path === '/me/erase')
  expect(erases).toHaveLength(1)
  expect(erases[0].headers['idempotency-key']).toBeTruthy()
  expect(useSession.getState()).toMatchObject({ memberId: null, persona: null })
  expect(useCard.getState().card).toBeNull()

  // The till refuses the card's last code, saying why.
  useTill.getState().setKey('DEMO-TILL-1')
  await useTill.getState().loadTill()
  const refused = await useTill
    .getState()
    .verify(oldCode ?? '')
    .then(
      () => null,
      (e: unknown) => e,
    )
  expect(refused).toBeInstanceOf(HttpError)
  expect(refused).toMatchObject({ status: 410, code: 'card_closed' })
  expect((refused as HttpError).userMessage).toContain('该会员已注销账号，会员码已失效')
}, 20000)
