// What a page looks like to someone who reads it: text contrast (WCAG AA), text size and tap-target size,
// measured in the browser from computed styles. Used by look.test.mjs; returns offenders, never throws.

/** The limits every page is held to (CSS px at a 375-px-wide phone). */
export const LIMITS = { minFontPx: 12, minTapPx: 44, normalRatio: 4.5, largeRatio: 3 }

/**
 * Every visible text element on the page that fails contrast or size, and every clickable smaller
 * than the tap minimum. Runs inside the page (page.evaluate), so it must be self-contained.
 */
function auditInPage(limits) {
  const parse = (s) => {
    const m = s.match(/rgba?\(([^)]+)\)/)
    if (!m) return null
    const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean)
    return { r: +r, g: +g, b: +b, a: +a }
  }
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  })
  const lum = (c) => {
    const f = (v) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b)
  }
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
    return (hi + 0.05) / (lo + 0.05)
  }
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')

  /**
   * The backgrounds text on `el` can sit on: its own and its ancestors' colours composited until an
   * opaque one; a gradient contributes each of its stops. Null when an image or canvas is behind it.
   */
  const backgrounds = (el) => {
    let layers = [[]]
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const cs = getComputedStyle(node)
      const image = cs.backgroundImage
      if (image && image !== 'none') {
        if (image.includes('url(')) return null
        const stops = [...image.matchAll(/rgba?\([^)]+\)/g)].map((m) => parse(m[0]))
        const opaque = stops.every((s) => s.a === 1)
        layers = layers.flatMap((l) => stops.map((s) => [...l, s]))
        if (opaque) return layers
      }
      const bg = parse(cs.backgroundColor)
      if (bg && bg.a > 0) {
        layers = layers.map((l) => [...l, bg])
        if (bg.a === 1) return layers
      }
    }
    return layers.map((l) => [...l, { r: 255, g: 255, b: 255, a: 1 }])
  }
  const flatten = (stack) => stack.reduceRight((below, top) => over(top, below))

  const visible = (el) => {
    const r = el.getBoundingClientRect()
    if (r.width < 1 || r.height < 1) return false
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const cs = getComputedStyle(node)
      if (cs.visibility === 'hidden' || cs.display === 'none' || +cs.opacity === 0) return false
    }
    return true
  }
  const disabled = (el) => !!el.closest('[disabled]:not([disabled="false"]), .is-disabled, [aria-disabled="true"]')
  const label = (el) => {
    const cls =
      typeof el.className === 'string' ? el.className.split(/\s+/).find((c) => c && !c.startsWith('taro')) : ''
    return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}`
  }

  const text = []
  const taps = []
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.taro_page') && el.closest('.taro_page').style.display === 'none') continue
    const own = [...el.childNodes]
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent.trim())
      .join('')
    if (own && visible(el) && !disabled(el)) {
      const cs = getComputedStyle(el)
      const size = parseFloat(cs.fontSize)
      const bold = +cs.fontWeight >= 700
      const large = size >= 24 || (bold && size >= 18.66)
      const need = large ? limits.largeRatio : limits.normalRatio
      const where = `${label(el)} 「${own.slice(0, 24)}」`
      const issues = []
      if (size < limits.minFontPx - 0.05) issues.push(`${size.toFixed(1)} px text`)
      const stacks = backgrounds(el)
      const fg = parse(cs.color)
      if (stacks && fg) {
        let alpha = fg.a
        for (let node = el; node && node.nodeType === 1; node = node.parentElement)
          alpha *= +getComputedStyle(node).opacity
        let worst = null
        for (const stack of stacks) {
          const bg = flatten(stack)
          const shown = over({ ...fg, a: alpha }, bg)
          const r = ratio(shown, bg)
          if (!worst || r < worst.r) worst = { r, fg: shown, bg }
        }
        if (worst.r < need - 0.005)
          issues.push(`contrast ${worst.r.toFixed(2)}:1 < ${need} (${hex(worst.fg)} on ${hex(worst.bg)})`)
      }
      if (issues.length) text.push(`${where}: ${issues.join(', ')}`)
    }
    const clickable =
      el.__events?.click ||
      el.__events?.tap ||
      /^(TARO-BUTTON-CORE|TARO-CHECKBOX-CORE|TARO-SWITCH-CORE|TARO-RADIO-CORE|BUTTON|A)$/.test(el.tagName)
    if (clickable && visible(el) && !disabled(el)) {
      const r = el.getBoundingClientRect()
      if (r.width < limits.minTapPx - 0.5 || r.height < limits.minTapPx - 0.5) {
        const words = (el.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 16)
        taps.push(`${label(el)} 「${words}」: tap target ${Math.round(r.width)}×${Math.round(r.height)} px`)
      }
    }
  }
  return { text, taps }
}

/** Audit the page as it is now: { text: [...], taps: [...] }, each an offender described in one line. */
export function audit(page) {
  return page.evaluate(auditInPage, LIMITS)
}

/**
 * Text at `scale` times its size (as with a larger system font): every element's font size scaled
 * once, then each text that sticks out sideways: past the screen's right edge, or cut off by a box
 * that hides its overflow (a sideways scroller is meant to scroll, an ellipsis is meant to cut).
 * The scaled sizes stay on the elements; load the page again before auditing it further.
 */
export function overflowAtScale(page, scale = 1.3) {
  return page.evaluate((k) => {
    const all = [...document.querySelectorAll('body *')]
    const sizes = all.map((el) => parseFloat(getComputedStyle(el).fontSize))
    all.forEach((el, i) => el.style.setProperty('font-size', `${sizes[i] * k}px`, 'important'))
    const screen = document.documentElement.clientWidth
    const out = []
    for (const el of all) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
      const r = el.getBoundingClientRect()
      if (!own || r.width < 1 || r.height < 1) continue
      if (getComputedStyle(el).textOverflow === 'ellipsis') continue
      // Cut off by the boxes around it that hide overflow; held to the screen unless in a sideways scroller.
      let clip = Infinity
      let scrolls = false
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX
        if (ox === 'auto' || ox === 'scroll') {
          scrolls = true
          break
        }
        if (ox === 'hidden' || ox === 'clip') clip = Math.min(clip, p.getBoundingClientRect().right)
      }
      const edge = scrolls ? clip : Math.min(screen, clip)
      if (r.right <= edge + 1) continue
      const cls =
        typeof el.className === 'string' ? el.className.split(/\s+/).find((c) => c && !c.startsWith('taro')) : ''
      const words = el.textContent.trim().slice(0, 16)
      out.push(
        `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''} 「${words}」 ends at ${Math.round(r.right)} px, past ${Math.round(edge)}`,
      )
    }
    return out
  }, scale)
}

/**
 * The pages held to these limits, each as some members see it: `persona` signs in by demo link first
 * (null: a visitor on a fresh phone), `open` (optional) taps through from `path` to the page meant.
 */
export const VISITS = [
  { name: 'join', persona: null, path: '/packages/join/index', ready: '.join-page' },
  ...['new', 'silver', 'gold-drop', 'expiring', 'black'].map((persona) => ({
    name: 'card',
    persona,
    path: '/pages/card/index',
    ready: '.member-card',
  })),
  ...['silver', 'black'].flatMap((persona) => [
    { name: 'member-day', persona, path: '/pages/member-day/index', ready: '.day-page' },
    { name: 'coupons', persona, path: '/pages/coupons/index', ready: '.coupons-page' },
    { name: 'me', persona, path: '/pages/me/index', ready: '.me-page' },
    { name: 'code', persona, path: '/pages/code/index', ready: '.code-page__panel' },
    { name: 'rewards', persona, path: '/packages/rewards/index', ready: '.rewards-page' },
  ]),
  ...['new', 'silver', 'black'].map((persona) => ({
    name: 'tier',
    persona,
    path: '/packages/tier/index',
    ready: '.tier-page',
  })),
  { name: 'points', persona: 'expiring', path: '/packages/points/index', ready: '.points-page' },
  { name: 'messages', persona: 'expiring', path: '/packages/messages/index', ready: '.message' },
  { name: 'messages-empty', persona: 'silver', path: '/packages/messages/index', ready: '.messages-page__empty' },
  { name: 'claim', persona: 'silver', path: '/packages/claim/index', ready: '.claim-page' },
  { name: 'stores', persona: 'silver', path: '/packages/stores/index', ready: '.store-row' },
  { name: 'store', persona: 'silver', path: '/packages/stores/index', ready: '.store-row', open: '.store-row' },
  { name: 'coupon', persona: 'silver', path: '/pages/coupons/index', ready: '.coupon-card', open: '.coupon-card' },
  { name: 'tags', persona: 'black', path: '/packages/account/tags/index', ready: '.tags-page__segment' },
  { name: 'tags', persona: 'new', path: '/packages/account/tags/index', ready: '.tags-page__empty' },
  // 运营台 (staff): the key comes with the link; the segments tab, then the campaign and economics tabs.
  ...['console-segments', 'console-campaigns', 'console-economics'].map((name, i) => ({
    name,
    persona: 'silver',
    path: '/packages/staff/console/index?staffKey=DEMO-STAFF-1',
    ready: '.console-segment',
    open: `.console-tabs__tab:nth-child(${i + 1})`,
  })),
  { name: 'invite', persona: 'black', path: '/packages/invite/index', ready: '.invitation' },
  {
    name: 'invite-poster',
    persona: 'black',
    path: '/packages/invite/index',
    ready: '.invitation',
    open: '.invite-page__poster-button',
  },
]

/** Sign in as the visit's persona (when it differs from `current`) and open its page, ready to look at. */
export async function openVisit(page, base, visit, current) {
  if (visit.persona && visit.persona !== current) {
    await page.goto(`${base}/#/pages/card/index?persona=${visit.persona}`)
    await page.locator('.member-card').first().waitFor({ timeout: 20000 })
  }
  await page.goto(`${base}/#${visit.path}`)
  await page.locator(shown(visit.ready)).first().waitFor({ timeout: 20000 })
  if (visit.open) {
    await page.locator(shown(visit.open)).first().click()
    await page.waitForTimeout(300)
  }
  // Loading placeholders gone, count-up numbers and fades settled.
  await page.waitForFunction(() => ![...document.querySelectorAll('[aria-busy="true"]')].some((e) => e.offsetParent))
  await page.waitForTimeout(1200)
}

/** A selector for `sel` on the page in front (Taro's H5 router keeps earlier pages in the DOM, hidden). */
const shown = (sel) => `.taro_page:not([style*="display: none"]) ${sel}`
