/**
 * The card tab's start snapshot in H5: what the card page keeps of itself (the greeting and the card,
 * nothing the first frame would not show), and what index.html's start script puts on screen from it
 * (the real script, run as the page would run it) — and when it shows nothing: another member's or
 * persona's card, another build, offline, a corrupted or hostile snapshot — and that it goes when the
 * card page does not come.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dropCardSnapshot, forgetCardSnapshot, saveCardSnapshot } from '@/adapters/card-snapshot'
import { useSession } from '@/stores/session'

const SHOW = readFileSync(join(__dirname, '../../src/adapters/card-snapshot/show.js'), 'utf8')
const KEY = 'mc.cardSnapshot'
const HOUR = 3_600_000
const env = process.env.TARO_ENV

/** The card page as Taro renders it in H5 (web components), with what the snapshot leaves out. */
function renderCardPage(points: string) {
  document.head.innerHTML = `<script defer src="/js/205.aa.js"></script><script defer src="/js/app.bb.js"></script>
    <style>.page{padding:1rem}.member-card{border-radius:1rem}.member-card__tier{color:red}
      .member-card-list{margin:0}.coupon{color:blue}.card-page__hero{background:url(/x.png)}
      @media (min-width:600px){.member-card{width:30rem}.coupon{width:1rem}}</style>`
  document.body.innerHTML = `<div id="app"><taro-view-core class="page card-page hydrated">
    <taro-view-core class="offline-banner"><taro-text-core>网络不可用</taro-text-core></taro-view-core>
    <taro-view-core class="card-page__greeting hydrated">
      <taro-text-core class="card-page__hello">早上好，林小满</taro-text-core>
      <taro-text-core class="card-page__city">上海 · 09:00 同步</taro-text-core>
      <taro-view-core class="card-page__inbox"><taro-text-core class="card-page__inbox-label">消息</taro-text-core><taro-text-core class="card-page__inbox-count">3</taro-text-core></taro-view-core>
    </taro-view-core>
    <taro-view-core class="member-card" style="background-color: rgb(95, 102, 112);">
      <taro-text-core class="member-card__tier">银卡</taro-text-core>
      <taro-text-core class="member-card__points-value">${points}</taro-text-core>
    </taro-view-core>
    <taro-view-core class="card-page__actions"><taro-text-core>出示会员码</taro-text-core></taro-view-core>
  </taro-view-core></div>`
}

const NOW = Date.UTC(2026, 11, 2, 1, 15) // 09:15 in Shanghai
const save = (over: Partial<Parameters<typeof saveCardSnapshot>[0]> = {}) =>
  saveCardSnapshot({
    root: '#app .card-page',
    keep: ['.card-page__greeting', '.member-card'],
    leaveOut: ['.card-page__inbox-count'],
    clock: ['.card-page__hello', '.card-page__city'],
    text: [['.member-card__points-value', '5,236']],
    now: NOW,
    offsetMs: 0,
    memberId: 'm-silver',
    persona: 'silver',
    ...over,
  })

/** The session as the app keeps it on the phone (Taro storage around zustand's persisted state). */
function signedIn(memberId: string | null) {
  const state = { token: 't', memberId, persona: 'silver', clockOffsetMs: 0, signedOut: false }
  localStorage.setItem('mc.session', JSON.stringify({ data: JSON.stringify({ state, version: 2 }) }))
}

/** A fresh page load of index.html at `hash`: the app's scripts in the head, then the start script. */
function startAt(hash: string) {
  document.getElementById('app')?.remove()
  dropCardSnapshot()
  window.location.hash = hash
  new Function(SHOW)()
  return document.getElementById('mc-card-snapshot')
}

beforeEach(() => {
  process.env.TARO_ENV = 'h5'
  localStorage.clear()
  signedIn('m-silver')
  jest.spyOn(Date, 'now').mockReturnValue(NOW + 60_000)
})
afterEach(() => {
  process.env.TARO_ENV = env
  jest.restoreAllMocks()
  forgetCardSnapshot(null)
})

describe('what the card page keeps', () => {
  test('the greeting and the card, as plain elements, with the build and the clock it was rendered at', () => {
    renderCardPage('5,236')
    save()
    const kept = JSON.parse(localStorage.getItem(KEY) ?? 'null')
    expect(kept).toMatchObject({ v: 2, memberId: 'm-silver', persona: 'silver', build: '/js/205.aa.js /js/app.bb.js' })
    expect(kept.clockUntil).toBe(Date.UTC(2026, 11, 2, 2)) // the end of the hour it was rendered in
    const text = JSON.stringify(kept.tree)
    expect(text).toContain('5,236')
    expect(text).toContain('银卡')
    expect(text).toContain('"s":"background-color: rgb(95, 102, 112);"')
    // Not what the page's first frame does not show: the unread count, the banner, what lies below.
    expect(text).not.toContain('"3"')
    expect(text).not.toContain('网络不可用')
    expect(text).not.toContain('出示会员码')
    expect(text).not.toContain('hydrated')
    expect(kept.tree.k.map((n: { c: string }) => n.c)).toEqual(['card-page__greeting', 'member-card'])
    // The style rules for its classes (by whole class name), media rules too, none that fetch.
    expect(kept.css).toMatch(/\.page \{\s?padding: 1rem;\s?\}/)
    expect(kept.css).toMatch(/\.member-card__tier/)
    expect(kept.css).toMatch(/@media \(min-width:\s?600px\)\{\.member-card \{/)
    expect(kept.css).not.toMatch(/member-card-list|coupon|url\(/)
  })

  test('points counting up on screen are kept at the value they count to', () => {
    renderCardPage('5,1')
    save({ text: [['.member-card__points-value', '5,236']] })
    const text = JSON.stringify(JSON.parse(localStorage.getItem(KEY) ?? 'null').tree)
    expect(text).toContain('"5,236"')
    expect(text).not.toContain('"5,1"')
  })

  test('nothing kept outside H5, or when the page shows no card', () => {
    renderCardPage('5,236')
    process.env.TARO_ENV = 'weapp'
    save()
    expect(localStorage.getItem(KEY)).toBeNull()
    process.env.TARO_ENV = 'h5'
    document.body.innerHTML = '<div id="app"><taro-view-core class="page card-page"></taro-view-core></div>'
    save()
    expect(localStorage.getItem(KEY)).toBeNull()
  })

  test('it goes when another member, or nobody, is signed in; it stays for the same member', () => {
    renderCardPage('5,236')
    save()
    forgetCardSnapshot('m-silver')
    expect(localStorage.getItem(KEY)).not.toBeNull()
    useSession.setState({ memberId: 'm-silver' })
    useSession.setState({ memberId: 'm-gold-drop' })
    expect(localStorage.getItem(KEY)).toBeNull()
    save()
    useSession.setState({ memberId: null })
    expect(localStorage.getItem(KEY)).toBeNull()
    localStorage.setItem(KEY, '{not json')
    forgetCardSnapshot('m-silver')
    expect(localStorage.getItem(KEY)).toBeNull()
    // Gone from storage (cleared by hand): the same picture is written again at the next save.
    save()
    localStorage.removeItem(KEY)
    forgetCardSnapshot('m-silver')
    save()
    expect(localStorage.getItem(KEY)).not.toBeNull()
  })
})

describe('what index.html shows from it before the app runs', () => {
  const marked: string[] = []
  beforeEach(() => {
    // jsdom has no performance.mark: the start script checks for it, and this records its marks.
    Object.defineProperty(performance, 'mark', { configurable: true, value: (name: string) => marked.push(name) })
  })
  afterEach(() => Reflect.deleteProperty(performance, 'mark'))
  const marks = () => marked.filter((name) => name === 'mc:card-snapshot').length

  test('the card tab shows the kept card at once, marked for the benchmark, until the page drops it', () => {
    renderCardPage('5,236')
    save()
    const before = marks()
    const shell = startAt('#/pages/card/index?persona=silver')
    expect(shell?.getAttribute('aria-hidden')).toBe('true')
    expect(shell?.style.visibility).toBe('')
    expect(shell?.textContent).toContain('5,236')
    expect(shell?.textContent).toContain('早上好，林小满')
    expect(shell?.querySelector('.member-card__points-value')?.tagName).toBe('SPAN')
    // With its own style rules, applied from the first frame (no sheet to wait for).
    expect(shell?.querySelector('style')?.textContent).toMatch(/\.member-card/)
    expect(marks()).toBe(before + 1)
    dropCardSnapshot()
    expect(document.getElementById('mc-card-snapshot')).toBeNull()
    // The bare address opens the card tab too.
    expect(startAt('')).not.toBeNull()
  })

  test('an hour later the greeting and the sync time are hidden (the page says them anew); the card is not', () => {
    renderCardPage('5,236')
    save()
    jest.spyOn(Date, 'now').mockReturnValue(NOW + HOUR)
    const shell = startAt('#/pages/card/index')
    expect((shell?.querySelector('.card-page__hello') as HTMLElement).style.visibility).toBe('hidden')
    expect((shell?.querySelector('.card-page__city') as HTMLElement).style.visibility).toBe('hidden')
    expect((shell?.querySelector('.member-card') as HTMLElement).style.visibility).toBe('')
  })

  test('nothing for another page, another member, another persona’s link, a staff link, another build, or offline', () => {
    renderCardPage('5,236')
    save()
    // Whoever the phone is signed in as is the check, whatever forgot or did not forget the snapshot.
    signedIn('m-gold-drop')
    expect(startAt('#/pages/card/index')).toBeNull()
    signedIn(null)
    expect(startAt('#/pages/card/index')).toBeNull()
    localStorage.setItem('mc.session', '{"data":"{not json"}')
    expect(startAt('#/pages/card/index')).toBeNull()
    signedIn('m-silver')
    expect(startAt('#/pages/card/index')).not.toBeNull()
    expect(startAt('#/pages/code/index')).toBeNull()
    expect(startAt('#/pages/card/index?persona=gold-drop')).toBeNull()
    expect(startAt('#/pages/card/index?persona=silver&staffKey=demo')).toBeNull()
    document.head.querySelector('script[src="/js/app.bb.js"]')?.setAttribute('src', '/js/app.dd.js')
    expect(startAt('#/pages/card/index')).toBeNull()
    document.head.querySelector('script[src="/js/app.dd.js"]')?.setAttribute('src', '/js/app.bb.js')
    jest.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    expect(startAt('#/pages/card/index')).toBeNull()
  })

  test('a corrupted or hostile snapshot shows nothing it should not, and never markup', () => {
    renderCardPage('5,236')
    const kept = (tree: unknown, extra = {}) =>
      localStorage.setItem(
        KEY,
        JSON.stringify({
          v: 2,
          memberId: 'm-silver',
          persona: null,
          build: '/js/205.aa.js /js/app.bb.js',
          clockUntil: 0,
          css: '',
          tree,
          ...extra,
        }),
      )
    localStorage.setItem(KEY, '{"v":2,')
    expect(startAt('#/pages/card/index')).toBeNull()
    kept('<img src=x onerror=alert(1)>')
    expect(startAt('#/pages/card/index')).toBeNull()
    kept({ t: 'img', c: 'x', s: 'background:url(x)', k: ['<img src=x onerror="alert(1)">'] })
    const shell = startAt('#/pages/card/index')
    expect(shell?.querySelector('img')).toBeNull()
    const root = shell?.querySelector('style + *')
    expect(root?.tagName).toBe('DIV')
    expect(root?.getAttribute('style')).toBeNull()
    expect(root?.textContent).toBe('<img src=x onerror="alert(1)">')
    // Nested past any page's depth: not shown at all.
    let deep: unknown = 'x'
    for (let i = 0; i < 40; i++) deep = { t: 'div', k: [deep] }
    kept(deep)
    expect(startAt('#/pages/card/index')).toBeNull()
    // Style rules that would fetch something: not shown at all; markup in them stays text.
    for (const css of ['.a{background:url(x)}', '@import "x.css";', '.a{background:URL (x)}']) {
      kept({ t: 'div', k: ['x'] }, { css })
      expect(startAt('#/pages/card/index')).toBeNull()
    }
    kept({ t: 'div', k: ['x'] }, { css: '</style><img src=x onerror=alert(1)>' })
    expect(startAt('#/pages/card/index')?.querySelector('img')).toBeNull()
    kept({ t: 'div', k: ['x'] }, { css: 42 })
    expect(startAt('#/pages/card/index')).toBeNull()
  })

  test('it goes if the card page does not come: another route, the app failing, or after 10 s', () => {
    jest.useFakeTimers({ doNotFake: ['performance'] })
    try {
      renderCardPage('5,236')
      save()
      expect(startAt('#/pages/card/index')).not.toBeNull()
      window.location.hash = '#/pages/card/index?from=tab'
      window.dispatchEvent(new HashChangeEvent('hashchange'))
      expect(document.getElementById('mc-card-snapshot')).not.toBeNull()
      window.location.hash = '#/pages/me/index'
      window.dispatchEvent(new HashChangeEvent('hashchange'))
      expect(document.getElementById('mc-card-snapshot')).toBeNull()

      expect(startAt('#/pages/card/index')).not.toBeNull()
      window.dispatchEvent(new ErrorEvent('error', { message: 'boom' }))
      expect(document.getElementById('mc-card-snapshot')).toBeNull()

      expect(startAt('#/pages/card/index')).not.toBeNull()
      jest.advanceTimersByTime(9_000)
      expect(document.getElementById('mc-card-snapshot')).not.toBeNull()
      jest.advanceTimersByTime(1_000)
      expect(document.getElementById('mc-card-snapshot')).toBeNull()
    } finally {
      jest.useRealTimers()
    }
  })
})
