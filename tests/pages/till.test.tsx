/**
 * The staff till simulator as a cashier uses it: the till key, the stores, a typed member code and
 * amount, every refusal in words, the receipt, the refund, and a double tap that is one sale.
 */
import { renderApp, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import type { TransportRequest } from '@/api/transport'
import { NetworkError } from '@/api/errors'
import { CODE_STEP_SECONDS, groupCode } from '@/domain/member-code'
import { formatClock } from '@/domain/time'
import { pointsForSpend } from '@/domain/tiers'
import { useCard } from '@/stores/card'
import { useCode } from '@/stores/code'
import { useSession } from '@/stores/session'
import { useTill } from '@/stores/till'
import { asStaff } from '../setup/staff'
import { installFakeCanvas } from '../setup/fake-canvas'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// The clock for the phone and the backend alike, installed before either reads it, on an ordinary
// day (no member-day multiplier): each test moves to the start of a fresh code step, so the
// member's code is unused and holds still while typed.
const clock = testClock()
// jsdom has no 2D canvas: a fake one that ZXing reads, as a phone's camera would read the receipt's QR.
const canvases = installFakeCanvas()

const SILVER_PCT = 120

function toStepStart() {
  const stepMs = CODE_STEP_SECONDS * 1000
  clock.forward(stepMs - (Date.now() % stepMs) + 300)
}

function element(selector: string, text?: string): HTMLElement {
  const all = Array.from(document.querySelectorAll<HTMLElement>(selector))
  const el = text === undefined ? all[0] : all.find((e) => (e.textContent ?? '').trim() === text)
  if (!el)
    throw new Error(
      `nothing matches ${selector} ${text ?? ''}; page says: ${(document.body.textContent ?? '').slice(0, 300)}`,
    )
  return el
}

/** Type into a field: Taro's Input emits `input` with the value in `detail`. */
function typeInto(placeholder: string, value: string) {
  const field = Array.from(document.querySelectorAll('taro-input-core')).find(
    (i) => i.getAttribute('placeholder') === placeholder,
  )
  if (!field)
    throw new Error(`no field "${placeholder}"; page says: ${(document.body.textContent ?? '').slice(0, 300)}`)
  field.dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value } }))
}

const CODE_FIELD = '扫描或输入 18 位会员码'
const AMOUNT_FIELD = '如 128.50'
const button = (label: string) => element('taro-button-core', label)
/** Taro's Button reflects `disabled` as the attribute "true" / "false". */
const enabled = (label: string) => () => button(label).getAttribute('disabled') !== 'true'
const message = () => document.querySelector('.till-page__message')?.textContent ?? ''

/** Type a code and an amount, and wait until the page holds both (React renders asynchronously here). */
async function fillSale(code: string, amount: string) {
  typeInto(CODE_FIELD, code)
  typeInto(AMOUNT_FIELD, amount)
  await waitForText(() => fieldValue(CODE_FIELD) === code && fieldValue(AMOUNT_FIELD) === amount)
}

function fieldValue(placeholder: string): string | undefined {
  const field = Array.from(document.querySelectorAll('taro-input-core')).find(
    (i) => i.getAttribute('placeholder') === placeholder,
  )
  return (field as (Element & { value?: string }) | undefined)?.value
}

const checkouts = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/till/checkout')
const keyOf = (r: TransportRequest) => r.headers['idempotency-key']

/** The till signed in with the demo key (the first test does it through the page). */
async function openTill() {
  if (useTill.getState().key !== 'DEMO-TILL-1') useTill.getState().setKey('DEMO-TILL-1')
  await waitForText((t) => t.includes('结账') && t.includes('徐汇滨江店'))
}

/** The silver persona, seeded afresh, with its code secret and card on this phone; returns the code now. */
async function silverCode(): Promise<{ code: string; points: number }> {
  await openTill()
  toStepStart()
  await useSession.getState().switchPersona('silver')
  await useCode.getState().ensureSecret()
  expect(await useCard.getState().refresh()).toBe('ok')
  const code = useCode.getState().codeNow()
  if (!code) throw new Error('no member code')
  return { code, points: useCard.getState().card?.points ?? NaN }
}

async function cardPoints(): Promise<number> {
  expect(await useCard.getState().refresh()).toBe('ok')
  return useCard.getState().card?.points ?? NaN
}

// Staff demo here: persona switches rebuild the persona, the demo clock moves.
asStaff()

beforeAll(async () => {
  await useSession.getState().ready('silver')
  // Let the hash change land before the router listens (else it pushes a second till page).
  window.location.hash = '#/packages/staff/till/index'
  await new Promise((r) => setTimeout(r, 0))
  await renderApp('packages/staff/till/index')
  await waitForText('登录收银台')
  expect(document.querySelectorAll('.till-page')).toHaveLength(1)
}, 20000)

beforeEach(() => wire.reset())

test('without a till key the till asks for one; DEMO-TILL-1 opens on its own store, 徐汇滨江店, with no store to pick', async () => {
  const text = await waitForText('请输入门店管理员提供的收银台密钥')
  expect(text).toContain('演示环境密钥：DEMO-TILL-1（徐汇滨江店）、DEMO-TILL-2（静安寺店）')
  expect(text).not.toContain('结账')
  expect(document.querySelector('taro-input-core[placeholder="扫描或输入 18 位会员码"]')).toBeNull()

  typeInto('收银台密钥', ' DEMO-TILL-1 ')
  await waitForText(enabled('进入收银台'))
  button('进入收银台').click()
  const till = await waitForText('徐汇滨江店 · 演示收银台 1')
  expect(till).toContain('门店')
  expect(till).toContain('结账')
  expect(till).toContain('退出收银台')
  expect(useTill.getState().key).toBe('DEMO-TILL-1')
  // The store is the key's, told by the backend: shown, not a choice.
  expect(element('.till-page__store').textContent).toBe('徐汇滨江店 · 演示收银台 1')
  expect(document.querySelector('.till-page taro-picker-core')).toBeNull()
  expect(till).not.toContain('静安寺店')
  expect(useTill.getState().storeId).toBe('s-xuhui')
}, 20000)

test('DEMO-TILL-2 is 静安寺店’s till; a store left from an earlier key is replaced by the key’s own', async () => {
  element('.till-page__logout').click()
  await waitForText('请输入门店管理员提供的收银台密钥')
  typeInto('收银台密钥', 'DEMO-TILL-2')
  await waitForText(enabled('进入收银台'))
  button('进入收银台').click()
  await waitForText('静安寺店 · 演示收银台 2')
  expect(useTill.getState().storeId).toBe('s-jingan')
  // Whatever was kept on the device, the page asks the backend on show and takes the key's store.
  useTill.setState({ storeId: 's-beijing', storeName: '三里屯店' })
  await useTill.getState().loadTill()
  expect(useTill.getState()).toMatchObject({ storeId: 's-jingan', storeName: '静安寺店' })
  element('.till-page__logout').click()
  await waitForText('请输入门店管理员提供的收银台密钥')
  useTill.getState().setKey('DEMO-TILL-1')
  await useTill.getState().loadTill()
  await waitForText('徐汇滨江店 · 演示收银台 1')
}, 20000)

test('a wrong till key is refused in words at sign-in and never kept', async () => {
  element('.till-page__logout').click()
  await waitForText('请输入门店管理员提供的收银台密钥')
  typeInto('收银台密钥', 'NOT-A-TILL')
  await waitForText(enabled('进入收银台'))
  button('进入收银台').click()
  await waitForText('收银台密钥无效，请联系门店管理员')
  expect(useTill.getState().key).toBeNull()

  typeInto('收银台密钥', 'DEMO-TILL-1')
  await waitForText(enabled('进入收银台'))
  button('进入收银台').click()
  await waitForText('结账')
  expect(useTill.getState().key).toBe('DEMO-TILL-1')
}, 20000)

test('a malformed member code is refused with the reason, at 查询会员 and at 结账', async () => {
  await openTill()
  await fillSale('6610000002', '20')
  button('查询会员').click()
  await waitForText('会员码格式不正确（应为 66 开头的 18 位数字），请重新扫描')
  await waitForText(enabled('结账'))
  button('结账').click()
  await waitForText(() => checkouts().length === 1 && message().startsWith('会员码格式不正确'))
  expect(document.querySelector('.till-page__receipt')).toBeNull()
}, 20000)

test('an amount that is not a price is refused at the till and nothing is sent', async () => {
  const { code } = await silverCode()
  for (const amount of ['abc', '0', '12.345', '-5']) {
    await fillSale(code, amount)
    button('结账').click()
    await waitForText(() => message() === '请输入正确的金额，如 128 或 128.50')
    expect(checkouts()).toHaveLength(0)
  }
  expect(document.querySelector('.till-page__receipt')).toBeNull()
}, 20000)

test('a checkout with a typed code shows the member, the receipt and the points; a refund takes them back', async () => {
  const { code, points } = await silverCode()
  // The cashier types the number as the phone shows it, in groups of three.
  await fillSale(groupCode(code), '128.50')
  button('查询会员').click()
  const member = await waitForText('林小满 · 银卡 · 卡号')
  expect(member).toContain(`现有积分 ${points.toLocaleString('en-US')}`)

  // A fresh code step has just begun (second 0 or 30): the sale is rung up within this minute.
  const ringUpAt = formatClock(Date.now())
  button('结账').click()
  const earned = pointsForSpend(128_50, SILVER_PCT)
  expect(earned).toBe(153)
  await waitForText(`已为 林小满 积 ${earned} 分`)
  const receipt = element('.till-page__receipt').textContent ?? ''
  const receiptId = /^小票 (R\d{8})/.exec(receipt)?.[1]
  expect(receiptId).toMatch(/^R\d{8}$/)
  expect(receipt).toContain(`徐汇滨江店 · ${ringUpAt} · ¥128.50`)
  expect(receipt).toContain(`会员 林小满（银卡）积分 +${earned}`)
  expect(receipt).not.toContain('升级')
  expect(receipt).not.toContain('会员日')
  expect(receipt).toContain('积分已计入会员')
  // The receipt's QR carries its claim token (a link or token QR, not the member code's digits).
  const token = element('.till-page__token').textContent ?? ''
  expect(token).toMatch(/^MCR\./)
  const qr = document.querySelector<HTMLCanvasElement>('.till-page__receipt-qr canvas')
  expect(qr && canvases.of(qr).decode('qr')).toBe(token)
  // The claim token is printed under the QR (points already credited, so it is only a record).
  expect(element('.till-page__token').textContent).toMatch(/^MCR\./)
  // The receipt offers one refund, ready to tap.
  const refundButtons = Array.from(document.querySelectorAll('.till-page__receipt taro-button-core')).filter(
    (b) => b.textContent?.trim() === '退款',
  )
  expect(refundButtons).toHaveLength(1)
  expect(refundButtons[0].getAttribute('disabled')).not.toBe('true')
  expect(checkouts()).toHaveLength(1)
  expect(checkouts()[0].body).toEqual({ code, amountFen: 128_50, storeId: 's-xuhui' })
  // The fields are cleared for the next customer.
  await waitForText(() => fieldValue(CODE_FIELD) === '' && fieldValue(AMOUNT_FIELD) === '')
  expect(await cardPoints()).toBe(points + earned)

  button('退款').click()
  const refunded = await waitForText(`已退款，扣回 ${earned} 积分`)
  expect(refunded).toContain(`已于 ${ringUpAt} 退款`)
  expect(Array.from(document.querySelectorAll('taro-button-core')).some((b) => b.textContent?.trim() === '退款')).toBe(
    false,
  )
  expect(wire.requests.filter((r) => r.path === '/till/refund').map((r) => r.body)).toEqual([{ receiptId }])
  expect(await cardPoints()).toBe(points)
}, 20000)

test('the same code at the till twice: the second is refused as used, and only the first sale counts', async () => {
  const { code, points } = await silverCode()
  await fillSale(code, '10')
  button('结账').click()
  await waitForText('已为 林小满 积 12 分')
  const firstReceipt = element('.till-page__receipt').textContent
  await fillSale(code, '11')
  button('结账').click()
  await waitForText(() => message() === '该会员码已使用过，请让顾客刷新后重新出示')
  expect(checkouts().map((r) => r.body)).toEqual([
    { code, amountFen: 10_00, storeId: 's-xuhui' },
    { code, amountFen: 11_00, storeId: 's-xuhui' },
  ])
  // The refused sale prints nothing new and credits nothing.
  expect(element('.till-page__receipt').textContent).toBe(firstReceipt)
  expect(await cardPoints()).toBe(points + 12)
}, 20000)

test('a double tap on 结账 is one sale', async () => {
  const { code, points } = await silverCode()
  await fillSale(code, '50')
  button('结账').click()
  button('结账').click()
  const earned = pointsForSpend(50_00, SILVER_PCT)
  await waitForText(`已为 林小满 积 ${earned} 分`)
  await new Promise((r) => setTimeout(r, 400))
  // At most one sale left the till, or both taps carried the same idempotency key.
  expect(checkouts().length).toBeGreaterThanOrEqual(1)
  expect(new Set(checkouts().map(keyOf)).size).toBe(1)
  expect(message()).toBe(`已为 林小满 积 ${earned} 分`)
  expect(await cardPoints()).toBe(points + earned)
}, 20000)

test('a checkout whose answer is lost is charged once when the cashier taps 结账 again', async () => {
  const { code, points } = await silverCode()
  await fillSale(code, '60')
  wire.loseAnswer = (req) => (req.path === '/till/checkout' ? new NetworkError('lost') : null)
  button('结账').click()
  await waitForText('网络不可用，请检查网络后重试')
  wire.loseAnswer = null
  await waitForText(enabled('结账'))
  button('结账').click()
  const earned = pointsForSpend(60_00, SILVER_PCT)
  await waitForText(`已为 林小满 积 ${earned} 分`)
  expect(checkouts().length).toBeGreaterThanOrEqual(2)
  expect(new Set(checkouts().map(keyOf)).size).toBe(1)
  expect(await cardPoints()).toBe(points + earned)
}, 20000)
