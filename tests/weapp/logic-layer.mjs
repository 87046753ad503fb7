// WeChat's logic layer, faked in Node: the globals a compiled mini-program expects (`App`, `Page`,
// `Component`, `getApp`, `getCurrentPages`, `wx`, ...), a CommonJS loader for the built files, page
// instances driven through onLoad/onShow/onReady, and `setData` applied with WeChat's path rules.
// Each boot is a fresh vm context, so each scenario starts with a fresh module registry and globals.
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { createRequire } from 'node:module'
import { createWx, defaultPhone } from './wx-api.mjs'

const require = createRequire(import.meta.url)
const FakeTimers = require('@sinonjs/fake-timers')

/** WeChat refuses a setData over 1 MB and advises well under 256 KB; Taro trees over 1000 nodes render slowly. */
export const SETDATA_MAX_BYTES = 256 * 1024
export const SETDATA_MAX_NODES = 1000

/** Which events each node kind (`nn`) binds to the page's `eh` in base.wxml, the way the view layer would fire them. */
function boundEvents(dist) {
  const wxml = fs.readFileSync(path.join(dist, 'base.wxml'), 'utf8')
  const map = new Map()
  const attrs = new Map()
  // `tmpl_0_33_focus` / `tmpl_0_33_blur` are variants of node kind 33 (inputs): their events count for 33.
  for (const m of wxml.matchAll(/<template name="tmpl_0_(\w+?)(?:_\w+)?">([\s\S]*?)<\/template>/g)) {
    const set = map.get(m[1]) ?? new Set()
    for (const x of m[2].matchAll(/(?:bind|catch)(\w+)="eh"/g)) set.add(x[1])
    map.set(m[1], set)
    // Taro shortens props to p0, p1...: which attribute each one is, per node kind.
    const names = attrs.get(m[1]) ?? {}
    for (const x of m[2].matchAll(/([\w-]+)="\{\{(?:xs\.b\()?i\.(p\d+)/g)) names[x[2]] = x[1]
    attrs.set(m[1], names)
  }
  return { events: map, attrs }
}

/** Split a setData key by WeChat's rules: `a.b[0].c`, and Taro's `root.cn.[0].cn`. */
export function parsePath(key) {
  const out = []
  for (const m of key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1])
  return out
}

function applySetData(target, data) {
  for (const [key, raw] of Object.entries(data)) {
    // The view layer gets a JSON copy: functions and undefined are gone, as in WeChat.
    const value = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw))
    const segs = parsePath(key)
    let obj = target
    for (let i = 0; i < segs.length - 1; i++) {
      const s = segs[i]
      if (obj[s] === null || typeof obj[s] !== 'object') obj[s] = typeof segs[i + 1] === 'number' ? [] : {}
      obj = obj[s]
    }
    obj[segs[segs.length - 1]] = value
  }
}

function countNodes(value) {
  let n = 0
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      if ('nn' in v) n++
      Object.values(v).forEach(walk)
    }
  }
  walk(value)
  return n
}

/** The texts a member sees, in document order (text nodes are `nn: '9'`, `v` their text). */
export function textsOf(node) {
  const out = []
  const walk = (n) => {
    if (!n || typeof n !== 'object') return
    if (n.nn === '9' || n.nn === '#text') {
      if (n.v !== undefined && n.v !== '') out.push(String(n.v))
      return
    }
    for (const c of n.cn ?? []) walk(c)
  }
  walk(node)
  return out
}

/**
 * Boot the built mini-program.
 * @param {object} o
 * @param {string} o.dist                 built weapp folder
 * @param {Record<string,string>} [o.query] the launch query (e.g. { persona: 'silver' })
 * @param {Map<string,string>} [o.storage] the install's storage; pass the previous one to relaunch
 * @param {boolean} [o.fakeTimers=true]
 * @param {number} [o.now]
 * @param {Partial<ReturnType<typeof defaultPhone>>} [o.phone]
 */
export async function boot(o) {
  const dist = path.resolve(o.dist)
  const storage = o.storage ?? new Map()
  const phone = { ...defaultPhone(), ...o.phone }
  const problems = [] // runtime errors reported by the app, React or WeChat's own hooks
  const consoleErrors = []
  const setDataLog = [] // { route, bytes, nodes, keys }
  const navigations = [] // { api, url }
  const stack = [] // page instances, like getCurrentPages()
  const { events, attrs } = boundEvents(dist)
  /** An element's attribute as the WXML template names it (`disabled`, `placeholder`, ...). */
  const attrOf = (el, name) => {
    const names = attrs.get(String(el.nn)) ?? {}
    const key = Object.keys(names).find((k) => names[k] === name)
    return key ? el[key] : el[name]
  }

  const ctx = vm.createContext({})
  // The context's own global (its Date, Promise, ...), not the sandbox object it was made from.
  const g = vm.runInContext('globalThis', ctx)
  g.console = {
    log() {},
    info() {},
    debug() {},
    warn() {},
    error: (...args) =>
      consoleErrors.push(args.map((a) => (a instanceof Error || a?.stack ? a.stack : String(a))).join(' ')),
  }
  g.setTimeout = setTimeout
  g.clearTimeout = clearTimeout
  g.setInterval = setInterval
  g.clearInterval = clearInterval
  g.setImmediate = setImmediate
  g.clearImmediate = clearImmediate

  let clock = null
  if (o.fakeTimers !== false) {
    clock = FakeTimers.withGlobal(g).install({
      now: o.now ?? Date.now(),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date'],
      loopLimit: 100_000,
    })
  }
  const later = (fn, ms) => g.setTimeout(fn, ms)

  const wxFake = createWx({
    storage,
    phone,
    later,
    currentPage: () => stack[stack.length - 1] ?? null,
    navigate: (api, url) => navigations.push({ api, url }),
  })
  g.wx = wxFake.wx

  let appInstance = null
  // A page's module runs once and registers its config; every visit makes a new instance of it (as WeChat does).
  const registered = new Map()
  let loadingRoute = null
  g.App = (config) => {
    appInstance = config
  }
  g.Page = (config) => {
    registered.set(loadingRoute, config)
  }
  g.Component = () => {}
  g.Behavior = (b) => b
  g.getApp = () => appInstance
  g.getCurrentPages = () => [...stack]
  g.requirePlugin = () => ({})
  const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
  g.__wxConfig = {
    pages: appJson.pages,
    tabBar: appJson.tabBar,
    global: { window: appJson.window },
    envVersion: 'develop',
    platform: 'ios',
    accountInfo: { appId: 'wx0000000000000000' },
  }

  // A CommonJS loader for the built files, inside this context only.
  const modules = new Map()
  function load(file) {
    const abs = file.endsWith('.js') ? file : `${file}.js`
    if (modules.has(abs)) return modules.get(abs).exports
    const module = { exports: {} }
    modules.set(abs, module)
    const code = fs.readFileSync(abs, 'utf8')
    const fn = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, ctx, {
      filename: abs,
    })
    const dir = path.dirname(abs)
    fn.call(module.exports, module.exports, (spec) => load(path.resolve(dir, spec)), module, abs, dir)
    return module.exports
  }

  const onUnhandled = (reason) => problems.push(`unhandled rejection: ${reason?.stack ?? reason}`)
  process.on('unhandledRejection', onUnhandled)

  const world = {
    ctx,
    clock,
    storage,
    phone,
    problems,
    consoleErrors,
    setDataLog,
    navigations,
    stack,
    ...wxFake,
    /** Let the app run: fake time moves on by `ms` (real time waits, bounded, for the http scenario). */
    async run(ms = 50) {
      if (clock) await clock.tickAsync(ms)
      else await new Promise((r) => setTimeout(r, ms))
    },
    /** Real time: wait until `cond()` holds, at most `ms`. */
    async until(cond, ms, what) {
      const t0 = Date.now()
      while (!cond()) {
        if (Date.now() - t0 > ms) throw new Error(`gave up after ${ms} ms waiting for ${what}`)
        await world.run(clock ? 100 : 25)
      }
    },
    async open(route, query = {}) {
      loadingRoute = route
      load(path.join(dist, route))
      loadingRoute = null
      if (!registered.has(route)) throw new Error(`${route}.js did not call Page()`)
      const page = makePage(route, registered.get(route))
      const previous = stack[stack.length - 1]
      if (previous) previous.onHide?.()
      stack.push(page)
      page.options = { ...query }
      page.onLoad?.({ ...query })
      page.onShow?.()
      page.onReady?.()
      await world.run(50)
      return page
    },
    async hide(page) {
      page.onHide?.()
      await world.run(50)
    },
    async show(page) {
      page.onShow?.()
      await world.run(50)
    },
    async unload(page) {
      page.onUnload?.()
      stack.splice(stack.indexOf(page), 1)
      await world.run(50)
    },
    stop() {
      process.off('unhandledRejection', onUnhandled)
      for (const p of [...stack].reverse()) {
        try {
          p.onUnload?.()
        } catch (e) {
          problems.push(`onUnload: ${e.stack ?? e}`)
        }
      }
      clock?.uninstall()
    },
    /** Largest setData per route: { bytes, nodes }. */
    largestSetData(route) {
      const mine = setDataLog.filter((s) => s.route === route)
      return {
        count: mine.length,
        bytes: Math.max(0, ...mine.map((s) => s.bytes)),
        nodes: Math.max(0, ...mine.map((s) => s.nodes)),
      }
    },
  }

  function makePage(route, config) {
    // WeChat's Page(): methods copied onto the instance, data deep-copied, route set by the framework.
    const page = {}
    for (const [k, v] of Object.entries(config)) if (k !== 'data') page[k] = v
    page.data = JSON.parse(JSON.stringify(config.data ?? {}))
    page.route = route
    page.__route__ = route
    page.__wxWebviewId__ = stack.length + 1
    page.setData = function setData(data, cb) {
      const json = JSON.stringify(data)
      setDataLog.push({
        route,
        bytes: Buffer.byteLength(json, 'utf8'),
        nodes: countNodes(data),
        keys: Object.keys(data).length,
      })
      applySetData(this.data, data)
      if (typeof cb === 'function') later(cb, 0)
    }
    page.selectComponent = () => null
    page.selectAllComponents = () => []
    page.createSelectorQuery = () => wxFake.wx.createSelectorQuery()
    page.getOpenerEventChannel = () => ({ emit() {}, on() {}, once() {}, off() {} })
    Object.defineProperty(page, 'texts', { get: () => textsOf(page.data.root) })
    page.text = () => textsOf(page.data.root).join('')
    /** Fire an event on the element holding `text` (innermost), bubbling through the elements that bind it, as WeChat would. */
    /** The first element whose class list has `cls`. */
    page.find = (cls) => {
      const chain = pathToClass(page.data.root, cls)
      return chain ? chain[chain.length - 1] : null
    }
    /** The text of the first element with class `cls` (null when there is none). */
    page.textOf = (cls) => {
      const el = page.find(cls)
      return el ? textsOf(el).join('') : null
    }
    /** `target`: the text shown in the element, or `{ cls }` for the first element with that class. */
    page.fire = async (target, type = 'tap', detail = {}) => {
      const chain =
        typeof target === 'string' ? pathTo(page.data.root, target) : pathToClass(page.data.root, target.cls)
      const what = typeof target === 'string' ? `shows “${target}”` : `has class ${target.cls}`
      if (!chain) throw new Error(`${route}: no element ${what}; the page shows: ${page.text().slice(0, 400)}`)
      const bound = chain.filter((el) => events.get(String(el.nn))?.has(type)).reverse()
      if (!bound.length) throw new Error(`${route}: nothing around the element that ${what} listens to ${type}`)
      // A disabled button or input fires nothing, as in WeChat.
      if (attrOf(bound[0], 'disabled') === true) return false
      const origin = { id: bound[0].uid ?? bound[0].sid, dataset: { sid: bound[0].sid }, offsetLeft: 0, offsetTop: 0 }
      for (const el of bound) {
        const currentTarget = { id: el.uid ?? el.sid, dataset: { sid: el.sid }, offsetLeft: 0, offsetTop: 0 }
        page.eh({
          type,
          timeStamp: Date.now(),
          target: origin,
          currentTarget,
          detail,
          mark: {},
          touches: [],
          changedTouches: [],
        })
      }
      await world.run(50)
      return true
    }
    page.attr = attrOf
    return page
  }

  function pathToClass(root, cls) {
    let found = null
    const walk = (n, chain) => {
      if (found || !n || typeof n !== 'object' || n.nn === '9') return
      const here = n.nn !== undefined ? [...chain, n] : chain
      if (
        String(n.cl ?? '')
          .split(/\s+/)
          .includes(cls)
      ) {
        found = here
        return
      }
      for (const c of n.cn ?? []) walk(c, here)
    }
    walk(root, [])
    return found
  }

  /** The elements from the root down to the innermost one whose text contains `text`. */
  function pathTo(root, text) {
    let best = null
    const walk = (n, chain) => {
      if (!n || typeof n !== 'object' || n.nn === '9') return
      const here = n.nn !== undefined ? [...chain, n] : chain
      if (n.nn !== undefined && textsOf(n).join('').includes(text)) best = here
      for (const c of n.cn ?? []) walk(c, here)
    }
    walk(root, [])
    return best
  }

  // The app: app.js pulls in the runtime, vendors and the App() call; comp.js the recursive template component.
  load(path.join(dist, 'app'))
  if (fs.existsSync(path.join(dist, 'comp.js'))) load(path.join(dist, 'comp'))
  if (!appInstance) throw new Error('app.js did not call App()')
  const launch = { path: 'pages/card/index', query: { ...(o.query ?? {}) }, scene: 1001, referrerInfo: {} }
  appInstance.onLaunch?.(launch)
  appInstance.onShow?.(launch)
  world.app = appInstance
  await world.run(10)
  return world
}
