/**
 * Joining with a friend's code, as the friend sees it: the code from the link filled in, the
 * invitation's coupon beside the 入会礼, a bad code refused in the backend's words, and a page
 * opened from Moments (WeChat's single-page preview, where nobody can join) leading into the mini-program.
 */
import Taro from '@tarojs/taro'
import { renderApp, waitForText } from '../setup/render-app'
import { storedBackendState, wire } from '../setup/wire'
import { testClock } from '../setup/clock'
import { typeInto } from '../setup/ui'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

testClock()

const joins = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/members')

/** The page in front (Taro's H5 router keeps the pages below it in the document, hidden). */
function front(): HTMLElement {
  const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter(
    (p) => p.style.display !== 'none',
  )
  const el = shown[shown.length - 1]
  if (!el) throw new Error('no page is shown')
  return el
}
const frontText = () => front().textContent ?? ''
const inviteField = () =>
  Array.from(front().querySelectorAll('taro-input-core')).find((i) => i.getAttribute('placeholder') === '选填') as
    (HTMLElement & { value?: string }) | undefined

let code = ''

/** Open `url` as the only page (as a link or a shared card does) and wait for `words` on it. */
async function open(url: string, words: string) {
  const before = Taro.getCurrentInstance().page?.path
  await Taro.reLaunch({ url })
  await waitForText(() => Taro.getCurrentInstance().page?.path !== before)
  await waitForText(() => frontText().includes(words))
}

beforeAll(async () => {
  await renderApp('pages/member-day/index')
  await waitForText('加入会员，会员日福利全都有')
  code = storedBackendState().members['m-black'].inviteCode
}, 20000)

beforeEach(() => wire.reset())
// Only the Taro spies each test made: restoring every mock would also put back the test clock's
// Date.now for the app but not for the backend, which holds the spy it was given.
const spies: jest.SpyInstance[] = []
afterEach(() => spies.splice(0).forEach((s) => s.mockRestore()))

test('a link with a code opens the join page with the code filled in and the friend’s coupon beside the 入会礼', async () => {
  await open(`/packages/join/index?invite=${code}`, '好友邀请礼')
  expect(inviteField()?.getAttribute('value') ?? inviteField()?.value).toBe(code)
  const gifts = Array.from(front().querySelectorAll('.join-gives__gift')).map((g) => g.textContent)
  expect(gifts).toEqual([
    expect.stringContaining('入会即送满50减10 券'),
    expect.stringContaining('好友邀请礼满50减15 券'),
  ])
  expect(front().querySelector('.join-page__invited')?.textContent).toBe(
    '好友邀请你入会：入会 30 天内完成首单，即得满50减15券',
  )
}, 20000)

test('a code nobody has is refused under the field in the backend’s words', async () => {
  await open(`/packages/join/index?invite=MC99999`, '加入栖木会员')
  typeInto('请输入 11 位手机号', '13812340001', front())
  typeInto('怎么称呼你', '阿青', front())
  ;(front().querySelector('.join-page__consent') as HTMLElement).click()
  await waitForText(() => front().querySelector('.join-page__check--on') !== null)
  ;(front().querySelector('.join-page__submit') as HTMLElement).click()
  await waitForText(() => frontText().includes('邀请码无效，请核对后再试，或留空'))
  expect(joins()).toHaveLength(1)
  expect(joins()[0].body).toMatchObject({ inviteCode: 'MC99999' })
}, 20000)

test('opened from Moments, the join page leads into the mini-program instead of a form it cannot send', async () => {
  spies.push(jest.spyOn(Taro, 'getEnterOptionsSync').mockReturnValue({ scene: 1154, path: '', query: {} } as never))
  await open(`/packages/join/index?invite=${code}`, '前往小程序')
  expect(frontText()).toContain('朋友圈里打开的是预览页，不能入会')
  expect(front().querySelector('.moments-guide__code')?.textContent).toBe(`邀请码 ${code}`)
  expect(front().querySelector('.join-page__form')).toBeNull()
  expect(joins()).toHaveLength(0)
}, 20000)

test('the invite page shared to Moments shows the friend the way in; opened in the mini-program it goes to join with the code', async () => {
  const enter = jest.spyOn(Taro, 'getEnterOptionsSync').mockReturnValue({ scene: 1154, path: '', query: {} } as never)
  spies.push(enter)
  await open(`/packages/invite/index?invite=${code}`, '前往小程序')
  expect(wire.requests.filter((r) => r.path.startsWith('/me/invitations'))).toHaveLength(0)
  enter.mockReturnValue({ scene: 1001, path: '', query: {} } as never)
  const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' } as never)
  spies.push(redirect)
  await Taro.reLaunch({ url: `/packages/invite/index?invite=${code}` })
  await waitForText(() => redirect.mock.calls.length === 1)
  expect(redirect.mock.calls[0][0]).toEqual({ url: `/packages/join/index?invite=${code}` })
}, 20000)
