/**
 * The member code page as a member sees it over the in-process backend: the masked number, the
 * digits behind it, the countdown, the live result of a till checkout, the code with no signal.
 */
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import { CODE_STEP_SECONDS, codeStep, groupCode, parseMemberCode } from '@/domain/member-code'
import { pointsForSpend } from '@/domain/tiers'
import { serverNow } from '@/stores/api'
import { useCard } from '@/stores/card'
import { useCode } from '@/stores/code'
import { useSession } from '@/stores/session'
import { useTill } from '@/stores/till'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// The clock, for the phone and the backend alike, from an ordinary morning (no member-day points):
// installed before either reads it (both keep the function they were given), so a test can move
// time on by a code step instead of waiting for it.
const clock = testClock()

// jsdom has no 2D canvas: the code canvases stay blank (what they draw is tested in the unit tests).
jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)

const SILVER_CARD = '1000000002'
const RESULT_WAIT_MS = 8000
const SILVER_PCT = 120

function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

function element(selector: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(selector)
  if (!el) throw new Error(`nothing matches ${selector}; page says: ${(document.body.textContent ?? '').slice(0, 300)}`)
  return el
}

const digitsShown = () => element('.code-page__digits').textContent ?? ''

/** Tap the number until it shows the digits (it hides itself again after 15 s), and return them as the member reads them. */
async function revealedDigits(): Promise<string> {
  if (!/^(\d{3} ){5}\d{3}$/.test(digitsShown())) element('.code-page__digits').click()
  await waitForText(() => /^(\d{3} ){5}\d{3}$/.test(digitsShown()))
  return digitsShown()
}

/** The digits on screen once they agree with the code the phone makes now (they may lag a tick at a step change). */
async function settledCode(): Promise<string> {
  await revealedDigits()
  await waitForText(() => digitsShown().replace(/ /g, '') === useCode.getState().codeNow())
  return digitsShown().replace(/ /g, '')
}

/** A cashier checks out with `code` at the demo till (the till simulator's own store and client). */
async function tillCheckout(code: string, amountFen: number) {
  useTill.getState().setKey('DEMO-TILL-1')
  await useTill.getState().loadTill()
  return useTill.getState().checkout({ code, amountFen })
}

function dismissResult() {
  element('.till-result').click()
}

/** Move the clock to just after the start of the next code step: the code then holds still for ~29 s. */
function toStepStart() {
  const stepMs = CODE_STEP_SECONDS * 1000
  clock.forward(stepMs - (Date.now() % stepMs) + 300)
}

/** Sign in as a freshly seeded persona, with its card and code secret, and show the page again. */
async function freshPersona(persona: 'silver' | 'black') {
  toStepStart()
  await useSession.getState().switchPersona(persona)
  await useCode.getState().ensureSecret()
  expect(await useCard.getState().refresh()).toBe('ok')
  showCurrentPage()
}

// Staff demo here: persona switches rebuild the persona, the demo clock moves.
asStaff()

beforeAll(async () => {
  setOnline(true)
  await useSession.getState().ready('silver')
  // Let the hash change reach the window before the router listens: renderApp sets the hash and
  // creates the router at once, and the late hashchange would push a second code page (a hidden,
  // stopped one whose stale text would be on the page too).
  window.location.hash = '#/pages/code/index'
  await new Promise((r) => setTimeout(r, 0))
  await renderApp('pages/code/index')
  await waitForText(/661 \*\*\* \*\*\* \*\*\* \*\*\* \d{3}/)
  expect(document.querySelectorAll('.code-page')).toHaveLength(1)
}, 20000)

beforeEach(() => {
  wire.reset()
  setOnline(true)
})

test('the number is masked until tapped, then shows the grouped 18 digits of the current code', async () => {
  await freshPersona('silver')
  const masked = await waitForText(/661 \*\*\* \*\*\* \*\*\* \*\*\* \d{3}/)
  expect(masked).toContain('点击查看数字（收银员可手动输入）')
  expect(masked).toContain('林小满')
  expect(masked).toContain('银卡')
  const code = useCode.getState().codeNow()
  expect(code).toMatch(new RegExp(`^66${SILVER_CARD}\\d{6}$`))
  // First group and last three digits of the code now (the clock stands at the start of a step).
  await waitForText(() => digitsShown() === `661 *** *** *** *** ${(code ?? '').slice(-3)}`)
  // Nowhere on the page is the whole number while it is masked.
  expect(document.body.textContent?.replace(/ /g, '')).not.toMatch(/\d{18}/)

  const shown = await revealedDigits()
  expect(shown).toMatch(/^(\d{3} ){5}\d{3}$/)
  const code2 = await settledCode()
  expect(groupCode(code2)).toBe(digitsShown())
  expect(code2.startsWith(`66${SILVER_CARD}`)).toBe(true)
  expect(document.body.textContent).toContain('点击隐藏数字')

  // Tapping again hides it.
  element('.code-page__digits').click()
  await waitForText(() => /^661 (\*\*\* ){4}\d{3}$/.test(digitsShown()))
}, 20000)

test('a countdown says when the code refreshes, within one 30 s step', async () => {
  const text = await waitForText(/\d+ 秒后自动刷新/)
  const seconds = Number(/(\d+) 秒后自动刷新/.exec(text)?.[1])
  expect(seconds).toBeGreaterThanOrEqual(1)
  expect(seconds).toBeLessThanOrEqual(CODE_STEP_SECONDS)
  // It counts down with the clock: the step's remaining seconds, not a fixed figure.
  const expected = Math.ceil((CODE_STEP_SECONDS * 1000 - (serverNow() % (CODE_STEP_SECONDS * 1000))) / 1000)
  expect(Math.abs(seconds - expected)).toBeLessThanOrEqual(2)
})

test('a till checkout with the shown code shows the points earned and the card gains them', async () => {
  await freshPersona('silver')
  const before = useCard.getState().card?.points ?? NaN
  expect(Number.isFinite(before)).toBe(true)
  const code = await settledCode()

  const receipt = await tillCheckout(code, 100_00)
  const earned = pointsForSpend(100_00, SILVER_PCT)
  expect(earned).toBe(120)
  expect(receipt.pointsEarned).toBe(earned)

  // The page polls the backend every 1.5 s: the result is up within about 2 s (a slow CI machine gets more).
  const text = await waitForText(`+${earned} 积分`, RESULT_WAIT_MS)
  expect(text).toContain('结账完成')
  expect(text).toContain(`${receipt.storeName} · 消费 ¥100`)
  expect(text).toContain(`当前积分 ${(before + earned).toLocaleString('en-US')}`)
  expect(text).not.toContain('恭喜升级')
  await waitForText(() => useCard.getState().card?.points === before + earned)
  dismissResult()
  await waitForText((t) => !t.includes('结账完成'))
}, 20000)

test('a checkout that lifts silver to gold is celebrated', async () => {
  await freshPersona('silver')
  const code = await settledCode()
  const receipt = await tillCheckout(code, 320_00)
  const earned = pointsForSpend(320_00, SILVER_PCT)
  expect(earned).toBe(384)
  expect(receipt).toMatchObject({ pointsEarned: earned, tierBefore: '银卡', tierAfter: '金卡' })
  const text = await waitForText('恭喜升级金卡！', RESULT_WAIT_MS)
  expect(text).toContain('结账完成')
  await waitForText(`+${earned} 积分`)
  // The card behind the sheet says gold too.
  await waitForText(() => useCard.getState().card?.tierName === '金卡')
  dismissResult()
  await waitForText((t) => !t.includes('恭喜升级') && t.includes('金卡'))
}, 20000)

test('with the network off the code still shows and moves on at the next step; the till takes it once back online', async () => {
  await freshPersona('silver')
  const online = await settledCode()
  setOnline(false)
  wire.reset()
  showCurrentPage()
  // Shown again offline: the same code, from the secret on the phone.
  expect(await settledCode()).toBe(online)
  expect(document.body.textContent).toContain('无网络也可使用')
  expect(document.body.textContent).toMatch(/会员信息 \d\d:\d\d 同步 · 请勿截图或转发会员码/)

  // The next step: a new code, made with no signal.
  const stepBefore = codeStep(serverNow())
  clock.forward(CODE_STEP_SECONDS * 1000)
  await waitForText(() => digitsShown().replace(/ /g, '') !== online)
  const offline = await settledCode()
  expect(codeStep(serverNow())).toBe(stepBefore + 1)
  expect(offline).not.toBe(online)
  expect(parseMemberCode(offline)?.cardId).toBe(SILVER_CARD)
  // The phone did not ask the backend for anything new to make it.
  const secretsAsked = wire.requests.filter((r) => r.path === '/me/code-secret')
  expect(secretsAsked).toHaveLength(0)

  setOnline(true)
  const receipt = await tillCheckout(offline, 50_00)
  expect(receipt.member?.nickname).toBe('林小满')
  expect(receipt.pointsEarned).toBe(pointsForSpend(50_00, SILVER_PCT))
  await waitForText(`+${receipt.pointsEarned} 积分`, RESULT_WAIT_MS)
  dismissResult()
}, 20000)

test('a sign-in brings the code secret: the code of a member just signed in is drawn with no request for one, and the till takes it', async () => {
  await useSession.getState().switchPersona('black')
  showCurrentPage()
  const code = await settledCode()
  expect(parseMemberCode(code)?.cardId).toBe('1000000005')
  expect(wire.requests.filter((r) => r.path === '/me/code-secret')).toHaveLength(0)
  const receipt = await tillCheckout(code, 20_00)
  expect(receipt.member?.nickname).toBe('Vivian')
  await waitForText(`+${receipt.pointsEarned} 积分`, RESULT_WAIT_MS)
  dismissResult()
}, 20000)

test('with no code secret yet and no network the page says why and offers 重试, which works once online', async () => {
  // Vivian signs in through a backend that sends no secret with the session (an older one), and the
  // secret on this phone is 林小满's.
  await useSession.getState().switchPersona('silver')
  wire.tamper = (req, res) => {
    if (req.path !== '/demo/persona') return null
    const { codeSecret: _dropped, ...session } = res.body as Record<string, unknown>
    return { ...res, body: session }
  }
  await useSession.getState().switchPersona('black')
  wire.tamper = null
  expect(useCode.getState().secret?.memberId).toBe('m-silver')
  setOnline(false)
  showCurrentPage()
  const text = await waitForText('首次使用会员码需要联网')
  expect(text).toContain('网络不可用，请检查网络后重试')
  expect(text).toContain('重试')
  expect(document.querySelector('.code-page__digits')).toBeNull()

  setOnline(true)
  element('.code-page__retry').click()
  await waitForText(() => document.querySelector('.code-page__digits') !== null)
  expect(document.body.textContent).not.toContain('首次使用会员码需要联网')
  const code = await settledCode()
  expect(code.startsWith('661000000005')).toBe(true)
}, 20000)
