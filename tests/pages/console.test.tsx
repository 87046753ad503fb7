/**
 * 运营台 as staff use it, through the page's lifecycle over the in-process backend: the key gate (a
 * wrong key refused in words and not kept, the key from a demo link), the segments, a campaign
 * previewed then sent with a confirm (a double tap and a lost answer send once), and a failed load.
 */
import Taro from '@tarojs/taro'
import { renderApp, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import { typeInto } from '../setup/ui'
import { NetworkError } from '@/api/errors'
import { SEGMENTS } from '@/domain/rfm'
import { useConsole } from '@/stores/console'
import { useSession } from '@/stores/session'
import { useStaff } from '@/stores/staff'
import { DEMO_STAFF_KEY } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

testClock()
// jsdom has no 2D canvas: the charts stay blank here (their drawing is tested in tests/unit/console-charts).
jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
const modal = jest.spyOn(Taro, 'showModal')

const OFFER = '满50减10'
const sends = () => wire.requests.filter((r) => r.path === '/staff/console/campaigns/send')
const page = () => document.body.textContent ?? ''

function element(selector: string, text?: string | RegExp): HTMLElement {
  const all = Array.from(document.querySelectorAll<HTMLElement>(selector))
  const el =
    text === undefined
      ? all[0]
      : all.find((e) => {
          const t = (e.textContent ?? '').trim()
          return typeof text === 'string' ? t === text || t.startsWith(text) : text.test(t)
        })
  if (!el) throw new Error(`nothing matches ${selector} ${String(text ?? '')}; page says: ${page().slice(0, 400)}`)
  return el
}
const button = (label: string) => element('taro-button-core', label)
const tab = (title: string) => element('.console-tabs__tab', title).click()

/** Open the campaigns tab for 重要唤回 with the welcome coupon chosen. */
async function draftWinback() {
  tab('会员分群')
  await waitForText('重要唤回')
  const winback = element('.console-segment', /^重要唤回/)
  ;(winback.querySelector('taro-button-core') as HTMLElement).click()
  await waitForText('发起定向活动')
  expect(element('.console-chip--on').textContent).toMatch(/^重要唤回 \d+/)
  element('.console-chip', OFFER).click()
}

beforeAll(async () => {
  useStaff.getState().setKey(null)
  await useSession.getState().ready('gold-drop')
  await renderApp('packages/staff/console/index')
}, 30000)

beforeEach(() => {
  wire.reset()
  modal.mockReset()
  modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
})

afterAll(() => modal.mockRestore())

test('without a key: the gate; a wrong key is refused in Chinese and not kept', async () => {
  await waitForText('运营台 · 输入员工密钥')
  typeInto('员工密钥', 'WRONG-KEY-99')
  button('进入运营台').click()
  await waitForText('员工密钥无效，请向门店管理员核对后重新填写')
  expect(useStaff.getState().key).toBeNull()
  // It was asked of the backend with the typed key, and nothing else was loaded.
  expect(wire.requests.some((r) => r.headers['x-staff-key'] === 'WRONG-KEY-99')).toBe(true)
  expect(page()).not.toContain('会员分群')
}, 20000)

test('the key from a demo link is kept; the population is built, then its counts and segments', async () => {
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  wire.holdAnswer = (req) => (req.path === '/staff/console/segments' ? held : null)
  await Taro.redirectTo({ url: `/packages/staff/console/index?staffKey=${DEMO_STAFF_KEY}` })
  await waitForText('正在生成演示会员…', 8000)
  expect(useStaff.getState().key).toBe(DEMO_STAFF_KEY)
  release()
  await waitForText('前 20% 会员贡献', 20000)
  const report = useConsole.getState().segments.data!
  expect(report.members).toBeGreaterThan(1000)
  // What the overview says is what the backend answered.
  expect(element('.console-overview').textContent).toContain(`${report.members.toLocaleString('en-US')} 人`)
  expect(element('.console-overview').textContent).toContain(`${report.top20SharePct}%前 20% 会员贡献的销售额`)
}, 30000)

test('each segment with its meaning, members, spend and share of sales; gold-drop is an example of 重要唤回', async () => {
  tab('会员分群')
  await waitForText('重要唤回')
  for (const s of SEGMENTS) {
    const card = element('.console-segment', new RegExp(`^${s.name}`))
    expect(card.textContent).toContain(s.meaning)
  }
  const report = useConsole.getState().segments.data!
  const winback = report.segments.find((s) => s.id === 'important-winback')!
  const card = element('.console-segment', /^重要唤回/)
  expect(card.textContent).toContain(`${winback.members.toLocaleString('en-US')} 人`)
  expect(card.textContent).toMatch(/消费 ¥[\d,.]+万? · 占销售额 [\d.]+% · 人均 ¥/)
  expect(card.textContent).toMatch(/周\*+（金卡）· \d+ 天未到店 · 一年 \d+ 次 · ¥[\d,.]+万? · 演示身份/)
}, 20000)

test('preview then send: reach, expected redemptions and cost; a confirm; the result and the campaign listed', async () => {
  await draftWinback()
  button('预览触达与成本').click()
  await waitForText('发送预览')
  const preview = element('.console-preview').textContent ?? ''
  expect(preview).toMatch(/\d+ 人分群会员/)
  // The welcome coupon's served expected redemption rate.
  expect(preview).toMatch(/\d+ 张预计核销（14%）/)
  expect(preview).toContain(`送你一张「${OFFER}」`)
  expect(preview).toContain('因为你是重要唤回会员')
  expect(sends()).toHaveLength(0)

  // Cancelling the confirm sends nothing.
  modal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' } as never)
  button('确认发送').click()
  await waitForText(() => modal.mock.calls.length === 1)
  await new Promise((r) => setTimeout(r, 100))
  expect(sends()).toHaveLength(0)

  button('确认发送').click()
  await waitForText('已发送', 10000)
  expect(sends()).toHaveLength(1)
  const sent = useConsole.getState().campaigns.data!.campaigns[0]!
  expect(element('.console-result').textContent).toContain(
    `已发送 ${sent.sent.toLocaleString('en-US')} 人 · 因 7 天内已达上限跳过 ${sent.capped} 人`,
  )
  expect(element('.console-history__row').textContent).toContain(`重要唤回 · ${OFFER}`)
}, 30000)

test('a double tap on 确认发送 sends once; a lost answer is retried with the same key', async () => {
  await draftWinback()
  button('预览触达与成本').click()
  await waitForText('发送预览')
  let lost = 0
  // Every try of the first tap is lost (the client retries a keyed send itself before giving up).
  wire.loseAnswer = (req) => (req.path === '/staff/console/campaigns/send' && lost++ < 3 ? new NetworkError() : null)
  const send = button('确认发送')
  send.click()
  send.click()
  await waitForText('网络不可用', 10000)
  expect(modal).toHaveBeenCalledTimes(1)
  button('确认发送').click()
  await waitForText('已发送', 10000)
  const keys = sends().map((r) => r.headers['idempotency-key'])
  expect(keys.length).toBeGreaterThan(1)
  expect(new Set(keys).size).toBe(1)
  // One campaign came of it (the earlier test's, and this one).
  expect(useConsole.getState().campaigns.data!.campaigns).toHaveLength(2)
}, 30000)

test('a failed load shows the error in words with 重试, and the retry shows the figures', async () => {
  useConsole.setState({ economics: { data: null, loading: false, error: null } })
  wire.tamper = (req) =>
    req.path === '/staff/console/economics'
      ? { status: 503, headers: {}, body: { error: { code: 'unavailable', message: '服务暂时不可用，请稍后重试' } } }
      : null
  tab('积分经济')
  void useConsole.getState().loadEconomics()
  await waitForText('服务暂时不可用，请稍后重试', 10000)
  wire.tamper = null
  button('重试').click()
  await waitForText('未兑换积分', 10000)
  expect(page()).toContain('计划成本占会员销售额')
  // The share chart is a canvas: its figures are in its label for screen readers.
  expect(element('.chart-canvas[aria-label^="本会员计划成本"]').getAttribute('aria-label')).toMatch(
    /^本会员计划成本占会员销售额 [\d.]+%，传统积分计划约 1%$/,
  )
}, 30000)
