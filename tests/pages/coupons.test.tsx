/**
 * The coupons tab and a coupon's detail page as a member sees them over the in-process backend:
 * value, threshold, validity (a countdown under 3 days), stores and channel; 去使用 picks the coupon
 * for the till and opens the member code; used and expired coupons say so; the full rules in words.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import type { Coupon, PersonaId } from '@/api/contract'
import { DAY_MS, formatMonthDay } from '@/domain/time'
import { readJson } from '@/adapters/storage'
import { useCode } from '@/stores/code'
import { useCoupons } from '@/stores/coupons'
import { useSession } from '@/stores/session'
import { useTill } from '@/stores/till'
import { Engine } from '../../mock/engine/engine'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// The clock for the phone and the backend alike, from an ordinary morning (every validity date in
// this year, so shown without one), installed before either reads it, so a test can let the
// coupons lapse instead of waiting a month.
const clock = testClock()

const CODE_URL = '/pages/code/index'
const HOUR_MS = 60 * 60 * 1000

const listCards = () => Array.from(document.querySelectorAll<HTMLElement>('.coupons-page .coupon-card'))
const titleOf = (el: Element) => el.querySelector('.coupon-card__title')?.textContent ?? ''
function card(title: string): HTMLElement {
  const el = listCards().find((c) => titleOf(c) === title)
  if (!el) throw new Error(`no coupon ${title}; page says: ${(document.body.textContent ?? '').slice(0, 400)}`)
  return el
}
const useButton = (title: string) => {
  const el = card(title).querySelector<HTMLElement>('.coupon-card__use')
  if (!el) throw new Error(`coupon ${title} has no 去使用`)
  return el
}
const tabs = () => Array.from(document.querySelectorAll<HTMLElement>('.coupons-tabs__tab'))
const tabTexts = () => tabs().map((t) => t.textContent)
function tab(label: string): HTMLElement {
  const el = tabs().find((t) => t.textContent?.startsWith(label))
  if (!el) throw new Error(`no tab ${label}`)
  return el
}
/** The coupon as the backend sent it (what the page formats). */
function stored(title: string): Coupon {
  const c = useCoupons.getState().coupons.find((x) => x.title === title)
  if (!c) throw new Error(`no stored coupon ${title}`)
  return c
}
const selects = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/me/code-coupon')
const couponLoads = () => wire.requests.filter((r) => r.method === 'GET' && r.path === '/me/coupons')

/** Back to the 可使用 segment (the page keeps the segment it was left on; the tabs hide behind the skeleton while loading). */
async function onAvailable() {
  await waitForText(() => {
    const available = tabs().find((t) => t.textContent?.startsWith('可使用'))
    if (available && !available.classList.contains('coupons-tabs__tab--on')) available.click()
    return available?.classList.contains('coupons-tabs__tab--on') === true
  })
}

/** Sign in as a freshly seeded persona and wait until 可使用 lists exactly the coupons the backend's rules give it. */
async function showAs(persona: PersonaId) {
  await useSession.getState().switchPersona(persona)
  showCurrentPage()
  const expected = new Engine(null)
    .coupons(`m-${persona}`)
    .filter((c) => c.status === 'available')
    .map((c) => c.title)
  expect(expected.length).toBeGreaterThan(0)
  await onAvailable()
  await waitForText(() => !useCoupons.getState().loading && listCards().map(titleOf).join('|') === expected.join('|'))
  return expected
}

let navigate: jest.SpyInstance
/** Record navigations instead of leaving the page. */
function spyNavigation() {
  navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
}

// Staff demo here: persona switches rebuild the persona, the demo clock moves.
asStaff()

beforeAll(async () => {
  await useSession.getState().ready('silver')
  await renderApp('pages/coupons/index')
  await waitForText('满50减10')
  expect(document.querySelectorAll('.coupons-page')).toHaveLength(1)
}, 20000)

beforeEach(() => {
  wire.reset()
  clock.reset()
})

afterEach(() => {
  navigate?.mockRestore()
  clock.reset()
})

test('each card is headed by what it gives, with a picture, the scope below and › to open it', async () => {
  await showAs('silver')
  for (const title of ['满50减10', '满60减15', '拿铁一杯']) {
    const body = card(title).querySelector('.coupon-card__body')!
    // The first line of the card's text is its benefit, not its stores.
    expect(body.firstElementChild?.textContent).toBe(title)
    expect(card(title).querySelector('.coupon-card__open')?.textContent).toBe('›')
  }
  const picture = (title: string) => card(title).querySelector('.coupon-card__art')?.getAttribute('src') ?? ''
  expect(stored('拿铁一杯').image).toBe('latte')
  expect(stored('满50减10').image).toBe('voucher')
  expect(picture('拿铁一杯')).toMatch(/^data:image\/svg\+xml;base64,/)
  expect(picture('拿铁一杯')).not.toBe(picture('满50减10'))
  expect(Buffer.from(picture('拿铁一杯').split(',')[1], 'base64').toString()).toMatch(/^<svg /)
})

test('showing the coupons tab marks its coupons seen for this member and takes the badge off', async () => {
  const remove = jest.spyOn(Taro, 'removeTabBarBadge').mockResolvedValue({ errMsg: 'removeTabBarBadge:ok' })
  const badge = jest.spyOn(Taro, 'setTabBarBadge').mockResolvedValue({ errMsg: 'setTabBarBadge:ok' })
  try {
    await showAs('black')
    await waitForText(() => remove.mock.calls.length > 0)
    expect(remove).toHaveBeenLastCalledWith({ index: 2 })
    expect(badge).not.toHaveBeenCalled()
    const ids = useCoupons
      .getState()
      .coupons.filter((c) => c.status === 'available')
      .map((c) => c.id)
    expect(ids.length).toBeGreaterThan(0)
    expect(useCoupons.getState().seenIds).toEqual(ids)
    // Kept on the phone for this member: the card tab counts none of them as new.
    expect(readJson('mc.couponsSeen.m-black')).toEqual(ids)
  } finally {
    remove.mockRestore()
    badge.mockRestore()
  }
})

test('silver sees 满50减10, 满60减15 (静安寺店 only) and 拿铁一杯 under 可使用, each with threshold, validity, stores, channel and source', async () => {
  await showAs('silver')
  expect(tabTexts()).toEqual(['可使用3', '已使用0', '已过期0'])
  const rows: [string, string[]][] = [
    ['满50减10', ['满 ¥50 可用', '全部门店', '门店与小程序', '入会礼']],
    ['满60减15', ['满 ¥60 可用', '静安寺店', '门店可用', '门店活动']],
    ['拿铁一杯', ['无门槛', '全部门店', '门店可用', '生日礼']],
  ]
  for (const [title, lines] of rows) {
    const text = card(title).textContent ?? ''
    for (const line of lines) expect(text).toContain(line)
    expect(text).toContain(`有效期至 ${formatMonthDay(stored(title).validTo)}`)
    expect(text).not.toContain('还剩')
    expect(text).toContain('去使用')
  }
  expect(card('满60减15').querySelector('.coupon-card__stores')?.textContent).toBe('静安寺店')
  // Granted yesterday: the store-event coupon runs 14 days, the welcome coupon 30 (to the end of the last day).
  expect(card('满60减15').textContent).toContain(`有效期至 ${formatMonthDay(Date.now() + 12 * DAY_MS)}`)
  expect(card('满50减10').textContent).toContain(`有效期至 ${formatMonthDay(Date.now() + 28 * DAY_MS)}`)

  tab('已使用').click()
  await waitForText('暂无已使用的优惠券')
  expect(listCards()).toHaveLength(0)
  tab('已过期').click()
  await waitForText('暂无已过期的优惠券')
  expect(listCards()).toHaveLength(0)
}, 20000)

test('the expiring persona sees its ¥5 coupon count down in days and hours, in the warning colour', async () => {
  await showAs('expiring')
  const fiveOff = stored('满30减5')
  expect(fiveOff.valueFen).toBe(500)
  const countdown = card('满30减5').querySelector('.coupon-card__countdown')?.textContent ?? ''
  const m = /^还剩 (\d+)\u00a0天 (\d+)\u00a0小时$/.exec(countdown)
  expect(m).not.toBeNull()
  const shownHours = Number(m?.[1]) * 24 + Number(m?.[2])
  const hoursLeft = Math.floor((fiveOff.validTo - Date.now()) / HOUR_MS)
  expect(shownHours).toBeGreaterThanOrEqual(hoursLeft)
  expect(shownHours).toBeLessThanOrEqual(hoursLeft + 1)
  expect(Number(m?.[1])).toBe(2)
  expect(card('满30减5').textContent).toContain(`有效期至 ${formatMonthDay(fiveOff.validTo)}`)
}, 20000)

test('去使用 shows it is on its way, picks the coupon for the till once (even on a double tap) and opens the member code', async () => {
  await showAs('silver')
  spyNavigation()
  const latte = stored('拿铁一杯')
  // Hold the pick on the way so the button can be seen busy.
  const realSelect = useCoupons.getState().select
  let release = () => {}
  const gate = new Promise<void>((r) => (release = r))
  useCoupons.setState({ select: (id) => gate.then(() => realSelect(id)) })
  try {
    useButton('拿铁一杯').click()
    await waitForText(() => useButton('拿铁一杯').textContent === '请稍候')
    useButton('拿铁一杯').click()
    expect(useButton('满50减10').textContent).toBe('去使用')
    release()
    await waitForText(() => navigate.mock.calls.length > 0)
  } finally {
    useCoupons.setState({ select: realSelect })
  }
  expect(selects().map((r) => r.body)).toEqual([{ couponId: latte.id }])
  // Only the member code opens: the tap on the button does not also open the detail page.
  expect(navigate.mock.calls).toEqual([[{ url: CODE_URL }]])
  expect(useCoupons.getState().selectedId).toBe(latte.id)
  await waitForText(() => useButton('拿铁一杯').textContent === '去使用')

  // The till scanning this member's code lists that coupon first, marked as the member's choice.
  useTill.getState().setKey('DEMO-TILL-1')
  await useTill.getState().loadTill()
  await useCode.getState().ensureSecret()
  const code = useCode.getState().codeNow()
  if (!code) throw new Error('no member code')
  const { coupons } = await useTill.getState().verify(code, 5_000)
  expect(coupons[0]).toMatchObject({ id: latte.id, title: '拿铁一杯', selected: true })
}, 20000)

test('when the backend refuses 去使用, the card says why in Chinese, the code does not open and the list is fetched again', async () => {
  await showAs('silver')
  spyNavigation()
  wire.tamper = (req) =>
    req.path === '/me/code-coupon'
      ? { status: 409, headers: {}, body: { error: { code: 'coupon_unavailable', message: '这张券已经用过了' } } }
      : null
  useButton('满50减10').click()
  await waitForText('这张券已经用过了')
  expect(card('满50减10').querySelector('.coupon-card__error')?.textContent).toBe('这张券已经用过了')
  expect(card('拿铁一杯').querySelector('.coupon-card__error')).toBeNull()
  expect(navigate).not.toHaveBeenCalled()
  await waitForText(() => couponLoads().length > 0)
  await waitForText(() => useButton('满50减10').textContent === '去使用')
}, 20000)

test('a coupon written off at the till moves to 已使用 and says when and where it was used', async () => {
  await showAs('silver')
  const welcome = stored('满50减10')
  useTill.getState().setKey('DEMO-TILL-1')
  await useTill.getState().loadTill()
  await useCode.getState().ensureSecret()
  const code = useCode.getState().codeNow()
  if (!code) throw new Error('no member code')
  const receipt = await useTill.getState().checkout({ code, amountFen: 8_000, couponIds: [welcome.id] })
  expect(receipt.couponsUsed.map((c) => c.title)).toEqual(['满50减10'])

  showCurrentPage()
  await waitForText(() => tabTexts().join(',') === '可使用2,已使用1,已过期0')
  expect(listCards().map(titleOf)).not.toContain('满50减10')
  tab('已使用').click()
  await waitForText(() => listCards().length === 1)
  const used = card('满50减10')
  expect(used.classList.contains('coupon-card--used')).toBe(true)
  expect(used.querySelector('.coupon-card__outcome')?.textContent).toBe(
    `已于 ${formatMonthDay(Date.now())} 在徐汇滨江店使用`,
  )
  expect(used.querySelector('.coupon-card__use')).toBeNull()
}, 20000)

test('a month on, every coupon is under 已过期, greyed with its end date, and 可使用 points to the rewards mall', async () => {
  await showAs('silver')
  spyNavigation()
  const validTo = useCoupons.getState().coupons.map((c) => c.validTo)
  clock.forward(31 * DAY_MS)
  showCurrentPage()
  await waitForText(() => tabTexts().join(',') === '可使用0,已使用0,已过期3')
  const empty = await waitForText('暂无可用优惠券，去积分商城兑换')
  expect(empty).not.toContain('去使用')
  document.querySelector<HTMLElement>('.coupons-page__empty-link')?.click()
  expect(navigate).toHaveBeenCalledWith({ url: '/packages/rewards/index' })

  tab('已过期').click()
  await waitForText(() => listCards().length === 3)
  for (const el of listCards()) {
    expect(el.classList.contains('coupon-card--expired')).toBe(true)
    expect(el.querySelector('.coupon-card__use')).toBeNull()
  }
  expect(listCards().map((el) => el.querySelector('.coupon-card__outcome')?.textContent)).toEqual(
    validTo.map((t) => `已于 ${formatMonthDay(t)} 过期`),
  )
}, 20000)

test('the first load shows a skeleton, not an empty wallet', async () => {
  await onAvailable()
  await useSession.getState().switchPersona('silver')
  const realLoad = useCoupons.getState().load
  let release = () => {}
  const gate = new Promise<void>((r) => (release = r))
  useCoupons.setState({ load: () => gate.then(() => realLoad()) })
  try {
    useCoupons.setState({ coupons: [], loading: true })
    showCurrentPage()
    await waitForText(() => document.querySelector('.coupons-page .coupons-skeleton') !== null)
    expect(document.body.textContent).not.toContain('暂无')
    release()
  } finally {
    useCoupons.setState({ load: realLoad })
  }
  await waitForText(() => listCards().length === 3)
}, 20000)

test('a backend error shows the message with 重试, and 重试 brings the coupons', async () => {
  await onAvailable()
  await useSession.getState().switchPersona('silver')
  useCoupons.setState({ coupons: [] })
  wire.tamper = (req) =>
    req.path === '/me/coupons'
      ? { status: 500, headers: {}, body: { error: { code: 'internal', message: '服务暂时不可用，请稍后重试' } } }
      : null
  showCurrentPage()
  await waitForText('服务暂时不可用，请稍后重试')
  expect(listCards()).toHaveLength(0)
  expect(document.body.textContent).not.toContain('暂无可用优惠券')
  wire.tamper = null
  document.querySelector<HTMLElement>('.coupons-page .error-state__retry')?.click()
  await waitForText(() => listCards().length === 3)
  expect(document.body.textContent).not.toContain('服务暂时不可用')

  // With coupons on screen, a failed refresh keeps them and offers 重试 above them.
  wire.tamper = (req) =>
    req.path === '/me/coupons'
      ? { status: 500, headers: {}, body: { error: { code: 'internal', message: '服务暂时不可用，请稍后重试' } } }
      : null
  showCurrentPage()
  await waitForText('服务暂时不可用，请稍后重试')
  expect(listCards()).toHaveLength(3)
  wire.tamper = null
  document.querySelector<HTMLElement>('.coupons-page .error-state__retry')?.click()
  await waitForText((t) => !t.includes('服务暂时不可用'))
  expect(listCards()).toHaveLength(3)
}, 20000)

// Last: it leaves the tab for the detail page (one app per file).
test('tapping a coupon opens its detail with every rule in words, and 去使用 works there too', async () => {
  await showAs('silver')
  const afternoon = stored('满60减15')
  card('满60减15').querySelector<HTMLElement>('.coupon-card__validity')?.click()
  await waitForText(() => document.querySelector('.coupon-detail .coupon-detail__rule') !== null)
  const detail = () => document.querySelector<HTMLElement>('.coupon-detail')!
  const rules = () => Array.from(detail().querySelectorAll('.coupon-detail__rule')).map((r) => r.textContent)
  expect(detail().querySelector('.coupon-detail__title')?.textContent).toBe('满60减15')
  expect(detail().querySelector('.coupon-detail__status')?.textContent).toBe('可使用')
  expect(detail().textContent).toContain(`有效期至 ${formatMonthDay(afternoon.validTo)}`)
  expect(rules()).toEqual(afternoon.rules)
  expect(rules()).toEqual(
    expect.arrayContaining(['单笔消费满 ¥60 可用', '仅限门店使用', '适用门店：静安寺店', '每天 14:00–17:00 可用']),
  )

  // Opened with nothing in the store (a shared link, a restart): it loads the coupon itself.
  useCoupons.setState({ coupons: [] })
  wire.reset()
  showCurrentPage()
  await waitForText(
    () =>
      couponLoads().length > 0 &&
      (document.querySelector('.coupon-detail')?.textContent ?? '').includes('适用门店：静安寺店'),
  )

  spyNavigation()
  const use = Array.from(detail().querySelectorAll<HTMLElement>('.coupon-detail__use'))[0]
  use.click()
  await waitForText(() => navigate.mock.calls.length > 0)
  expect(selects().map((r) => r.body)).toEqual([{ couponId: afternoon.id }])
  expect(navigate.mock.calls).toEqual([[{ url: CODE_URL }]])
}, 20000)
