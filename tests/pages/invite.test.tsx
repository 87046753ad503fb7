/**
 * 邀请有礼 as members see it through the page's lifecycle: the code and what each side gets in the
 * served words, every invitation's state, "my influence", loading, empty and error states, a share
 * tap counted (never rewarded), the link and the poster, the reward ceremony once.
 */
import Taro from '@tarojs/taro'
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { MyInvitations, PersonaId } from '@/api/contract'
import { NetworkError } from '@/api/errors'
import { useCard } from '@/stores/card'
import { useInvite } from '@/stores/invite'
import { useSession } from '@/stores/session'
import { chatShare, timelineShare } from '@/packages/invite/share'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const clock = testClock()
const clipboard = jest.spyOn(Taro, 'setClipboardData')

const text = (selector: string) =>
  Array.from(document.querySelectorAll(selector)).map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
const row = (name: string) => {
  const el = Array.from(document.querySelectorAll<HTMLElement>('.invitation')).find(
    (e) => e.querySelector('.invitation__name')?.textContent === name,
  )
  if (!el) throw new Error(`no invitation for ${name}; page says: ${(document.body.textContent ?? '').slice(0, 400)}`)
  return {
    state: el.querySelector('.invitation__state')?.textContent,
    detail: el.querySelector('.invitation__detail')?.textContent,
  }
}
const stats = () => text('.invite-page__stat').map((s) => s.replace(/\s/g, ''))
const taps = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/me/invitations/share')
const seen = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/me/invitations/seen')
const myCode = () => useCard.getState().card?.inviteCode ?? ''

async function showAs(persona: PersonaId) {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().switchPersona(persona)
  await useCard.getState().refresh()
  showCurrentPage()
  await waitForText(() => useInvite.getState().answered && document.querySelector('.invite-page__list') !== null)
}

asStaff()

beforeAll(async () => {
  await useSession.getState().ready('black')
  await renderApp('packages/invite/index')
  await waitForText('我的邀请')
}, 20000)

beforeEach(() => {
  wire.reset()
  clipboard.mockReset()
  clipboard.mockResolvedValue({ errMsg: 'setClipboardData:ok' } as never)
})

afterAll(() => clipboard.mockRestore())

test('black sees her code, what each side gets, her influence and her three invitations in words', async () => {
  await showAs('black')
  expect(document.querySelector('.invite-page__code')?.textContent).toBe(myCode())
  expect(document.querySelector('.invite-page__summary')?.textContent).toBe(
    '好友入会 30 天内首单，你得 500 积分，好友得满50减15券',
  )
  expect(text('.invite-page__get')).toEqual([
    '好友得满50减15 券入会 30 天内首单后发放，另有入会礼',
    '你得500 积分好友入会 30 天内完成首单后',
  ])
  expect(row('周**')).toEqual({ state: '已加入', detail: expect.stringMatching(/^\d+月\d+日前完成首单，还剩 24 天$/) })
  expect(row('陈**')).toEqual({ state: '未计入', detail: '好友在你本人的设备上入会，不计入邀请' })
  expect(row('林**')).toEqual({ state: '已首单 · 奖励已到账', detail: '+500 积分已到账' })
  expect(stats()).toEqual(['0分享次数', '3好友入会', '1完成首单', '500获得积分'])
  expect(document.querySelector('.invite-page__month')?.textContent).toMatch(/^本月已奖励 [01]\/10 位$/)
  // The served rules, and nowhere a word that a share earns anything.
  expect(text('.invite-page__rule')).toContain('6. 分享本身没有奖励，只有好友入会并完成首单才有')
  expect(document.querySelector('.invite-page__stats-note')?.textContent).toBe(
    '分享次数仅作统计，不计奖励；奖励只在好友完成首单后发放',
  )
  // Seen long ago: no ceremony.
  expect(document.querySelector('.ceremony')).toBeNull()
}, 20000)

test('a new member sees the empty list and zero influence', async () => {
  await showAs('new')
  expect(document.querySelector('.invite-page__empty')?.textContent).toBe('还没有好友通过你的邀请入会')
  expect(stats()).toEqual(['0分享次数', '0好友入会', '0完成首单', '0获得积分'])
}, 20000)

test('the share card carries the code to the join page, a Moments post carries it in the query', async () => {
  await showAs('black')
  // What the share hooks hand WeChat (the weapp runtime suite calls the hooks themselves).
  const share = useInvite.getState().mine!.share
  expect(chatShare(share)).toEqual({ title: share.title, path: `/packages/join/index?invite=${myCode()}` })
  expect(share.title).toContain('邀请你加入栖木咖啡会员')
  expect(timelineShare(share)).toEqual({ title: share.title, query: `invite=${myCode()}` })
}, 20000)

test('生成邀请海报 draws the poster as a picture to long-press and counts one tap', async () => {
  await showAs('black')
  const drawn: string[] = []
  const getContext = jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () =>
      ({
        fillStyle: '',
        font: '',
        textAlign: '',
        textBaseline: '',
        fillRect: () => undefined,
        fillText: (t: string) => void drawn.push(t),
        measureText: (t: string) => ({ width: t.length * 20 }),
      }) as never,
  )
  const toDataURL = jest.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue('data:image/png;base64,AAAA')
  document.querySelector<HTMLElement>('.invite-page__poster-button')!.click()
  await waitForText('长按图片保存，或截图分享给好友')
  expect(document.querySelector('.invite-poster__image')?.getAttribute('src')).toBe('data:image/png;base64,AAAA')
  expect(drawn).toEqual(
    expect.arrayContaining(['Vivian 邀请你加入栖木咖啡会员', '入会 30 天内首单送你 满50减15 券', `邀请码 ${myCode()}`]),
  )
  await waitForText(() => taps().length === 1)
  expect(taps()[0].body).toEqual({ channel: 'poster' })
  document.querySelector<HTMLElement>('.invite-page__poster-button')!.click()
  await waitForText(() => document.querySelector('.invite-poster') === null)
  getContext.mockRestore()
  toDataURL.mockRestore()
}, 20000)

test('复制邀请链接 copies this site’s join link with the code and counts a tap', async () => {
  await showAs('black')
  const before = Number(stats()[0].replace(/\D/g, ''))
  Array.from(document.querySelectorAll<HTMLElement>('.invite-page__share-button'))
    .find((b) => b.textContent === '复制邀请链接')!
    .click()
  await waitForText(() => taps().length === 1)
  const link = `${location.origin}${location.pathname}#/packages/join/index?invite=${myCode()}`
  expect(clipboard).toHaveBeenCalledWith({ data: link })
  expect(taps()[0].body).toEqual({ channel: 'link' })
  await waitForText(() => stats()[0] === `${before + 1}分享次数`)
}, 20000)

test('a failed load says so with 重试, and the retry shows the page', async () => {
  useInvite.setState({ mine: null, answered: false })
  let lost = 0
  wire.loseAnswer = (req) => (req.path === '/me/invitations' && lost++ < 3 ? new NetworkError() : null)
  showCurrentPage()
  await waitForText(() => document.querySelector('.invite-page [aria-busy="true"]') !== null)
  await waitForText('网络不可用，请检查网络后重试', 8000)
  expect(document.querySelector('.invitation')).toBeNull()
  wire.loseAnswer = null
  Array.from(document.querySelectorAll<HTMLElement>('.error-state__retry'))[0].click()
  await waitForText('我的影响力')
}, 20000)

test('a reward not yet seen brings the ceremony once: skipped, it is marked seen', async () => {
  await showAs('black')
  const rewarded = useInvite.getState().mine!.invitations.find((i) => i.state === 'rewarded')!
  // The backend says this reward has not been shown yet (as after a friend's first purchase).
  wire.tamper = (req) => {
    if (req.path !== '/me/invitations' || req.method !== 'GET') return null
    const mine = useInvite.getState().mine as MyInvitations
    const body: MyInvitations = {
      ...mine,
      invitations: mine.invitations.map((i) => (i.id === rewarded.id ? { ...i, ceremonyDue: true } : i)),
    }
    return { status: 200, headers: {}, body }
  }
  showCurrentPage()
  await waitForText('好友完成首单，+500 积分')
  expect(document.querySelector('.ceremony__subtitle')?.textContent).toBe('林**')
  wire.tamper = null
  document.querySelector<HTMLElement>('.ceremony')!.click()
  await waitForText(() => seen().length === 1)
  expect(seen()[0].body).toEqual({ ids: [rewarded.id] })
  expect(document.querySelector('.ceremony')).toBeNull()
  showCurrentPage()
  await waitForText(() => useInvite.getState().loading === false)
  expect(document.querySelector('.ceremony')).toBeNull()
}, 20000)
