// The `wx` object of WeChat's logic layer, faked for Node: every API name WeChat declares (Taro
// builds `Taro.*` from `Object.keys(wx)`), each call recorded with its arguments, and answers
// shaped like WeChat's own — including its refusals, so a scenario can make the phone say no.
import fs from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** Method names of `interface Wx` in miniprogram-api-typings (WeChat's own declaration of the API). */
export function wxApiNames() {
  const file = require.resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts')
  const src = fs.readFileSync(file, 'utf8')
  const start = src.indexOf('{', src.indexOf('    interface Wx {'))
  let depth = 0
  let end = start
  for (; end < src.length; end++) {
    if (src[end] === '{') depth++
    else if (src[end] === '}' && --depth === 0) break
  }
  const body = src.slice(start, end)
  const names = new Set([...body.matchAll(/^ {8}(\w+)(?:<[^(]*>)?\(/gm)].map((m) => m[1]))
  if (names.size < 300) throw new Error(`only ${names.size} wx API names found in ${file}`)
  return [...names].sort()
}

const SYSTEM = {
  brand: 'devtools',
  model: 'iPhone 13',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 763,
  statusBarHeight: 47,
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 17.0',
  platform: 'ios',
  SDKVersion: '3.6.6',
  theme: 'light',
  enableDebug: false,
}

/**
 * What the phone answers. Each scenario can change these before or during the run.
 * location: 'ask-allow' | 'ask-deny' (the prompt's answer; once answered it sticks, like WeChat)
 * subscribe: 'accept' | 'reject' | 'cancel'
 * brightness: the screen brightness before the app touches it
 */
export function defaultPhone() {
  return {
    brightness: 0.4,
    location: 'ask-allow',
    subscribe: 'accept',
    position: { latitude: 31.2235, longitude: 121.4452 }, // GCJ-02, by 静安寺
    privacyNeedsAuthorization: false,
    phoneCode: 'phone-code-0001',
  }
}

/**
 * @param {object} opts
 * @param {Map<string,string>} opts.storage  the install's storage (shared when a scenario relaunches)
 * @param {ReturnType<typeof defaultPhone>} opts.phone
 * @param {(fn: () => void, ms?: number) => unknown} opts.later  the app's own setTimeout (faked or real)
 * @param {() => object | null} opts.currentPage  for selector queries
 * @param {(route: string) => void} opts.navigate  a page asked to open another
 * @param {string[]} [opts.names]
 */
export function createWx({ storage, phone, later, currentPage, navigate, names = wxApiNames() }) {
  const calls = []
  const listeners = new Map() // 'UserCaptureScreen' -> Set<fn>
  // The install's permissions: kept in `phone` so a relaunch of the same install remembers them.
  const authSetting = (phone.authSetting ??= {})
  const canvases = new Map() // canvas id -> { fills, node }
  let loginCount = 0

  const ok = (name, extra = {}) => ({ errMsg: `${name}:ok`, ...extra })
  const fail = (name, why, extra = {}) => ({ errMsg: `${name}:fail ${why}`, ...extra })

  /** WeChat calls back asynchronously, success or fail then complete. */
  function answer(opts, result, failed) {
    later(() => {
      if (failed) opts?.fail?.(result)
      else opts?.success?.(result)
      opts?.complete?.(result)
    }, 0)
  }

  const readStored = (key) => (storage.has(key) ? JSON.parse(storage.get(key)) : '')

  // Synchronous answers and asynchronous (success/fail) answers, keyed by API name.
  const sync = {
    getSystemInfoSync: () => ({ ...SYSTEM }),
    getWindowInfo: () => ({
      pixelRatio: SYSTEM.pixelRatio,
      screenWidth: 390,
      screenHeight: 844,
      windowWidth: 390,
      windowHeight: 763,
      statusBarHeight: 47,
      safeArea: SYSTEM.safeArea,
      screenTop: 0,
    }),
    getDeviceInfo: () => ({
      brand: SYSTEM.brand,
      model: SYSTEM.model,
      pixelRatio: SYSTEM.pixelRatio,
      system: SYSTEM.system,
      platform: SYSTEM.platform,
    }),
    getAppBaseInfo: () => ({
      SDKVersion: SYSTEM.SDKVersion,
      language: 'zh_CN',
      version: SYSTEM.version,
      theme: 'light',
      enableDebug: false,
      host: { env: 'WeChat' },
    }),
    getSystemSetting: () => ({
      bluetoothEnabled: false,
      locationEnabled: true,
      wifiEnabled: true,
      deviceOrientation: 'portrait',
    }),
    getAppAuthorizeSetting: () => ({ locationAuthorized: 'authorized', notificationAuthorized: 'authorized' }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' } }),
    getLaunchOptionsSync: () => ({ path: 'pages/card/index', query: {}, scene: phone.scene ?? 1001, referrerInfo: {} }),
    // `phone.scene`: how the app was opened (1154: from a Moments post, WeChat's single-page preview).
    getEnterOptionsSync: () => ({ path: 'pages/card/index', query: {}, scene: phone.scene ?? 1001, referrerInfo: {} }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 51, right: 380, bottom: 83, left: 293 }),
    canIUse: () => true,
    getStorageSync: (key) => readStored(String(key)),
    setStorageSync: (key, value) => {
      if (value === undefined) return
      storage.set(String(key), JSON.stringify(value))
    },
    removeStorageSync: (key) => void storage.delete(String(key)),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({
      keys: [...storage.keys()],
      currentSize: [...storage.values()].join('').length / 1024,
      limitSize: 10240,
    }),
    createSelectorQuery: () => selectorQuery(),
    nextTick: (fn) => void later(fn, 0),
  }

  const async = {
    getSystemInfo: (name) => ok(name, SYSTEM),
    getStorage: (name, o) =>
      storage.has(o.key) ? ok(name, { data: readStored(o.key) }) : [fail(name, 'data not found')],
    setStorage: (name, o) => (sync.setStorageSync(o.key, o.data), ok(name)),
    removeStorage: (name, o) => (sync.removeStorageSync(o.key), ok(name)),
    getScreenBrightness: (name) => ok(name, { value: phone.brightness }),
    setScreenBrightness: (name, o) => ok(name, { value: o.value }),
    setKeepScreenOn: (name) => ok(name),
    setVisualEffectOnCapture: (name) => ok(name),
    getNetworkType: (name) => ok(name, { networkType: 'wifi', signalStrength: 80, hasSystemProxy: false }),
    login: (name) => ok(name, { code: `wx-login-code-${++loginCount}` }),
    getSetting: (name) => ok(name, { authSetting: { ...authSetting } }),
    authorize: (name, o) => (decideScope(o.scope) ? ok(name) : [fail(name, 'auth deny')]),
    getLocation: (name) => {
      if (!decideScope('scope.userLocation')) return [fail(name, 'auth deny', { errno: 103 })]
      return ok(name, {
        ...phone.position,
        speed: -1,
        accuracy: 30,
        altitude: 0,
        verticalAccuracy: 0,
        horizontalAccuracy: 30,
      })
    },
    openSetting: (name) => ok(name, { authSetting: { ...authSetting } }),
    getPrivacySetting: (name) =>
      ok(name, {
        needAuthorization: phone.privacyNeedsAuthorization,
        privacyContractName: '《栖木会员小程序隐私保护指引》',
      }),
    requestSubscribeMessage: (name, o) => {
      if (phone.subscribe === 'cancel') return [fail(name, 'cancel', { errCode: 20004 })]
      const result = ok(name)
      for (const id of o.tmplIds ?? []) result[id] = phone.subscribe
      return result
    },
    showModal: (name) => ok(name, { confirm: true, cancel: false }),
    scanCode: (name) => [fail(name, 'cancel')],
    navigateTo: (name, o) => (navigate(name, o.url), ok(name)),
    redirectTo: (name, o) => (navigate(name, o.url), ok(name)),
    switchTab: (name, o) => (navigate(name, o.url), ok(name)),
    reLaunch: (name, o) => (navigate(name, o.url), ok(name)),
    navigateBack: (name) => (navigate(name, null), ok(name)),
    request: (name, o) => {
      if (!phone.requestBase) return [fail(name, 'url not in domain list')]
      doRequest(o)
      return null // answered when the server answers
    },
  }

  /** The permission prompt, answered once; afterwards WeChat answers from authSetting without asking. */
  function decideScope(scope) {
    if (scope in authSetting) return authSetting[scope]
    record('(prompt)', [scope])
    authSetting[scope] = phone.location === 'ask-allow'
    return authSetting[scope]
  }

  function doRequest(o) {
    const url = new URL(o.url)
    const method = (o.method || 'GET').toUpperCase()
    const body =
      o.data === undefined || method === 'GET'
        ? undefined
        : typeof o.data === 'string'
          ? o.data
          : JSON.stringify(o.data)
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: { 'content-type': 'application/json', ...(o.header || {}) },
        timeout: o.timeout || 10_000,
      },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let data = text
          if ((o.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(text)
            } catch {
              // WeChat hands over the raw string when it is not JSON.
            }
          }
          const result = { errMsg: 'request:ok', data, statusCode: res.statusCode, header: res.headers, cookies: [] }
          later(() => {
            o.success?.(result)
            o.complete?.(result)
          }, 0)
        })
      },
    )
    const onError = (e) =>
      later(() => {
        const result = { errMsg: `request:fail ${e.message}`, errno: 600001 }
        o.fail?.(result)
        o.complete?.(result)
      }, 0)
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', onError)
    if (body !== undefined) req.write(body)
    req.end()
    return { abort: () => req.destroy(new Error('abort')), onHeadersReceived() {}, offHeadersReceived() {} }
  }

  /** Selector queries: the ones the app makes are for `<Canvas type="2d">` nodes, answered with a drawing recorder. */
  function selectorQuery() {
    const asks = []
    const q = {
      in: () => q,
      select: (selector) => nodesRef(selector, false),
      selectAll: (selector) => nodesRef(selector, true),
      selectViewport: () => nodesRef('viewport', false),
      exec(cb) {
        later(() => {
          const results = asks.map((a) => a())
          cb?.(results)
        }, 0)
        return q
      },
    }
    function nodesRef(selector, all) {
      const push = (fields, cb) => {
        asks.push(() => {
          const found = findNodes(selector)
          const make = (el) => describe(el, fields)
          const value = all ? found.map(make) : found.length ? make(found[0]) : null
          cb?.(value)
          return value
        })
        return q
      }
      return {
        fields: (fields, cb) => push(fields, cb),
        boundingClientRect: (cb) => push({ rect: true, size: true }, cb),
        node: (cb) => push({ node: true }, cb),
        scrollOffset: (cb) => push({ scrollOffset: true }, cb),
        context: (cb) => push({ context: true }, cb),
      }
    }
    return q
  }

  function findNodes(selector) {
    const page = currentPage()
    if (!page || !selector.startsWith('#')) return []
    const id = selector.slice(1)
    const out = []
    const walk = (n) => {
      if (!n || typeof n !== 'object') return
      if (n.uid === id || n.id === id) out.push(n)
      for (const c of n.cn ?? []) walk(c)
    }
    walk(page.data.root)
    return out
  }

  function describe(el, fields) {
    const style = String(el.st ?? '')
    const px = (prop, dflt) => {
      const m = new RegExp(`(?:^|;)\\s*${prop}\\s*:\\s*([\\d.]+)px`).exec(style)
      return m ? Number(m[1]) : dflt
    }
    const width = px('width', 300)
    const height = px('height', 150)
    const out = { id: el.uid ?? el.id, dataset: {} }
    if (fields.size || fields.rect) Object.assign(out, { width, height, left: 0, top: 0, right: width, bottom: height })
    if (fields.node) out.node = canvasNode(out.id)
    return out
  }

  function canvasNode(id) {
    let c = canvases.get(id)
    if (c) return c.node
    // firstFillAt: how many WeChat calls had been made when the first rectangle was drawn.
    c = { fills: 0, clears: 0, node: null, firstFillAt: null }
    const ctx2d = new Proxy(
      {},
      {
        get(target, prop) {
          if (prop in target) return target[prop]
          if (prop === 'fillRect')
            return () => {
              c.firstFillAt ??= calls.length
              c.fills++
            }
          if (prop === 'clearRect') return () => void c.clears++
          if (prop === 'measureText') return (t) => ({ width: String(t).length * 8 })
          return () => undefined
        },
        set(target, prop, value) {
          target[prop] = value
          return true
        },
      },
    )
    c.node = {
      width: 300,
      height: 150,
      getContext: (type) => (type === '2d' ? ctx2d : null),
      createImage: () => ({}),
      requestAnimationFrame: (fn) => later(fn, 16),
    }
    canvases.set(id, c)
    return c.node
  }

  function record(name, args) {
    calls.push({ name, args })
  }

  const wx = {}
  for (const name of names) {
    if (name.startsWith('on') && /^on[A-Z]/.test(name)) {
      const event = name.slice(2)
      wx[name] = (fn) => {
        record(name, [fn])
        if (!listeners.has(event)) listeners.set(event, new Set())
        listeners.get(event).add(fn)
      }
    } else if (name.startsWith('off') && /^off[A-Z]/.test(name)) {
      const event = name.slice(3)
      wx[name] = (fn) => {
        record(name, [fn])
        if (fn) listeners.get(event)?.delete(fn)
        else listeners.delete(event)
      }
    } else if (name in sync) {
      wx[name] = (...args) => {
        record(name, args)
        return sync[name](...args)
      }
    } else if (name.endsWith('Sync') || /^(create|get\w*Manager$)/.test(name)) {
      wx[name] = (...args) => {
        record(name, args)
        return name.endsWith('Sync') ? undefined : stub()
      }
    } else {
      wx[name] = (opts = {}) => {
        record(name, [opts])
        const handler = async[name]
        const result = handler ? handler(name, opts) : ok(name)
        if (result === null) return undefined
        if (Array.isArray(result)) answer(opts, result[0], true)
        else answer(opts, result, false)
        return undefined
      }
    }
  }

  return {
    wx,
    calls,
    authSetting,
    canvases,
    /** Calls of one API, in order. */
    callsOf: (name) => calls.filter((c) => c.name === name),
    /** WeChat raising an event the app listens to (e.g. a screenshot). */
    emit(event, payload = {}) {
      for (const fn of listeners.get(event) ?? []) fn(payload)
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  }
}

/** An object whose every method is a no-op returning itself (audio contexts, managers...). */
function stub() {
  const p = new Proxy(function () {}, { get: (_t, prop) => (prop === 'then' ? undefined : () => p), apply: () => p })
  return p
}
