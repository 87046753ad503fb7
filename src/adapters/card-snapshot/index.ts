/**
 * The card tab's start snapshot, in H5: what the card page showed last (the greeting and the card),
 * kept on the phone as a small tree of plain elements, with the style rules it needs and the build
 * it came from. `show.js`, inlined into index.html, puts it on screen before the app's scripts have
 * run; the page takes it away once its own first frame is painted. WeChat keeps a page's last view
 * for the same purpose (`initialRenderingCache`), so the mini-program build has nothing to do here.
 */

const KEY = 'mc.cardSnapshot'
const HOUR_MS = 3_600_000
/** A snapshot larger than this is not worth parsing before the first frame. */
const MAX_CHARS = 32_000

/** An element of the snapshot: a block or a run of text, its classes, inline style and children. */
interface SnapshotNode {
  t: 'div' | 'span'
  c?: string
  s?: string
  /** Says the time of day (hidden once the hour it was rendered in has passed). */
  h?: 1
  k?: (SnapshotNode | string)[]
}

interface Snapshot {
  v: 2
  memberId: string
  persona: string | null
  build: string
  /** The page's style rules for the snapshot's classes (none that fetch anything). */
  css: string
  /** Server time minus phone time when it was taken, and the end of the server hour it was rendered in. */
  offsetMs: number
  clockUntil: number
  tree: SnapshotNode
}

export interface CardSnapshotParts {
  /** A selector of the page's root element. */
  root: string
  /** Selectors of the root's children kept, in order (what a returning member sees first). */
  keep: string[]
  /** Selectors of elements left out wherever they are: what the page's first frame does not show yet. */
  leaveOut: string[]
  /** Selectors of elements whose text says the time of day. */
  clock: string[]
  /**
   * Elements whose text is kept as given, not as on screen: a number counting up to its value (the
   * points after a checkout) is kept at the value.
   */
  text: [selector: string, text: string][]
  /** The server time the page rendered with, and server time minus phone time now. */
  now: number
  offsetMs: number
  memberId: string
  persona: string | null
}

const inBrowser = () =>
  process.env.TARO_ENV === 'h5' && typeof document !== 'undefined' && typeof localStorage !== 'undefined'

/**
 * The app's own scripts in the page (html-webpack-plugin's deferred ones): the build they belong to.
 * show.js reads the same (and the same storage key and element id) before any module exists; the
 * unit test runs the two together, so a change to one side alone fails it.
 */
function scriptsOf(doc: Document): string {
  return Array.from(doc.querySelectorAll('script[defer][src]'), (s) => s.getAttribute('src')).join(' ')
}

type Selectors = Pick<CardSnapshotParts, 'leaveOut' | 'clock' | 'text'>

function nodeOf(el: Element, parts: Selectors, classes: Set<string>): SnapshotNode {
  const node: SnapshotNode = { t: el.tagName === 'TARO-TEXT-CORE' || el.tagName === 'SPAN' ? 'span' : 'div' }
  const c = el.getAttribute('class')
  if (c) {
    // Stencil marks an upgraded element `hydrated`; the snapshot's plain elements are not.
    node.c = c
      .split(/\s+/)
      .filter((name) => name && name !== 'hydrated')
      .join(' ')
    node.c.split(' ').forEach((name) => classes.add(name))
  }
  const s = el.getAttribute('style')
  if (s) node.s = s
  if (parts.clock.some((sel) => el.matches(sel))) node.h = 1
  const given = parts.text.find(([sel]) => el.matches(sel))
  if (given) {
    node.k = [given[1]]
    return node
  }
  const kids: (SnapshotNode | string)[] = []
  el.childNodes.forEach((child) => {
    if (child.nodeType === 3 && child.textContent) kids.push(child.textContent)
    else if (child instanceof Element && !parts.leaveOut.some((sel) => child.matches(sel)))
      kids.push(nodeOf(child, parts, classes))
  })
  if (kids.length) node.k = kids
  return node
}

const CLASS_IN_SELECTOR = /\.(-?[_a-zA-Z][\w-]*)/g

/** The page's style rules (from every sheet, in the page's order) whose selectors name any of `classes`. */
function cssFor(classes: Set<string>): string {
  const names = (selector: string) => {
    const found: string[] = []
    CLASS_IN_SELECTOR.lastIndex = 0
    for (let m = CLASS_IN_SELECTOR.exec(selector); m; m = CLASS_IN_SELECTOR.exec(selector)) found.push(m[1])
    return found
  }
  const wanted = (rules: CSSRuleList): string[] =>
    Array.from(rules).flatMap((rule) => {
      if (rule instanceof CSSMediaRule) {
        const inner = wanted(rule.cssRules)
        return inner.length ? [`@media ${rule.conditionText}{${inner.join('')}}`] : []
      }
      // A rule that fetches (a background image) is not worth a request before the app has started.
      if (!(rule instanceof CSSStyleRule) || /url\s*\(/i.test(rule.cssText)) return []
      return names(rule.selectorText).some((name) => classes.has(name)) ? [rule.cssText] : []
    })
  return Array.from(document.styleSheets)
    .filter((sheet) => !(sheet.ownerNode instanceof Element && sheet.ownerNode.closest('#mc-card-snapshot')))
    .flatMap((sheet) => {
      try {
        return wanted(sheet.cssRules)
      } catch {
        return [] // another origin's sheet: not ours
      }
    })
    .join('')
}

let lastSaved: string | null = null

/** Keep what the card page shows now for the next start (H5; a no-op elsewhere). */
export function saveCardSnapshot(parts: CardSnapshotParts): void {
  if (!inBrowser()) return
  const page = document.querySelector(parts.root)
  if (!page) return
  const classes = new Set<string>()
  const root = nodeOf(page, { leaveOut: ['*'], clock: [], text: [] }, classes)
  const kept = parts.keep.flatMap((sel) => {
    const el = page.querySelector(`:scope > ${sel}`)
    return el ? [nodeOf(el, parts, classes)] : []
  })
  if (kept.length === 0) return
  const snapshot: Snapshot = {
    v: 2,
    memberId: parts.memberId,
    persona: parts.persona,
    build: scriptsOf(document),
    css: cssFor(classes),
    offsetMs: parts.offsetMs,
    clockUntil: (Math.floor(parts.now / HOUR_MS) + 1) * HOUR_MS,
    tree: { ...root, k: kept },
  }
  const text = JSON.stringify(snapshot)
  // Taken after every change of the page; written only when what it shows changed.
  const shows = JSON.stringify({ ...snapshot, offsetMs: 0 })
  if (shows === lastSaved) return
  try {
    if (text.length > MAX_CHARS) localStorage.removeItem(KEY)
    else localStorage.setItem(KEY, text)
    lastSaved = shows
  } catch {
    // Storage full or refused: the next start renders the card without a snapshot.
  }
}

/** The snapshot goes with its member: forgotten when anyone else (or nobody) is signed in. */
export function forgetCardSnapshot(memberId: string | null): void {
  if (!inBrowser()) return
  try {
    const raw = localStorage.getItem(KEY)
    if (raw === null) {
      lastSaved = null
      return
    }
    let owner: unknown = null
    try {
      owner = (JSON.parse(raw) as { memberId?: unknown } | null)?.memberId
    } catch {
      // Corrupted: it goes too.
    }
    if (owner !== memberId || memberId === null) {
      localStorage.removeItem(KEY)
      lastSaved = null
    }
  } catch {
    // Storage unreadable: nothing to show at the next start either.
  }
}

/** Take the start snapshot off the screen (the page's own frame is painted under it). */
export function dropCardSnapshot(): void {
  if (!inBrowser()) return
  document.getElementById('mc-card-snapshot')?.remove()
}
