/*
 * Inlined into the H5 index.html (config/index.ts), where it runs while the page is parsed, before
 * any of the app's scripts: a returning member opening the card tab sees the card as it was last
 * on screen (kept by ./index.ts) at once, and the app's own page replaces it after its first frame.
 * WeChat's `initialRenderingCache` does the same for a mini-program page. Written for every browser
 * the H5 build supports (no syntax newer than ES5), built with createElement and text nodes only.
 */
;(function showCardSnapshot(win) {
  var doc = win.document
  var CARD_ROUTE = '/pages/card/index'
  var snapshot
  try {
    // The card tab only (it is the first tab, so also the bare address); offline, the app's first
    // frame carries the offline banner the snapshot has not.
    if (!onCardTab()) return
    if (win.navigator.onLine === false) return
    snapshot = JSON.parse(win.localStorage.getItem('mc.cardSnapshot') || 'null')
    if (!snapshot || snapshot.v !== 2 || !snapshot.tree || typeof snapshot.tree !== 'object') return
    // Only the card of whoever this phone is signed in as (the session as Taro storage and zustand
    // keep it: { data: '{"state":{…}}' }).
    var session = JSON.parse(JSON.parse(win.localStorage.getItem('mc.session') || 'null').data).state
    if (!session || typeof session.memberId !== 'string' || session.memberId !== snapshot.memberId) return
    // A link that signs in as another persona, or rebuilds one, opens another member's card.
    var href = win.location.href
    var persona = /[?&]persona=([\w-]+)/.exec(href)
    if ((persona && persona[1] !== snapshot.persona) || /[?&]staffKey=/.test(href)) return
    // Another build of the app has other styles and other page markup.
    if (snapshot.build !== scriptsOf()) return
  } catch (e) {
    // Storage unreadable or the snapshot corrupted: the app renders the card itself.
    return
  }

  // What says the time of day (the greeting, the sync time) is true in the hour it was rendered in.
  var clockStale = Date.now() + (Number(snapshot.offsetMs) || 0) >= Number(snapshot.clockUntil)
  var shell = doc.createElement('div')
  shell.id = 'mc-card-snapshot'
  shell.setAttribute('aria-hidden', 'true')
  try {
    // The card's own style rules, kept with it: nothing that fetches (url, @import) is applied.
    if (typeof snapshot.css !== 'string' || /url\s*\(|@import|expression\s*\(/i.test(snapshot.css)) return
    var style = doc.createElement('style')
    style.appendChild(doc.createTextNode(snapshot.css))
    shell.appendChild(style)
    shell.appendChild(build(snapshot.tree, 0))
  } catch (e) {
    return
  }
  doc.body.appendChild(shell)
  if (win.performance && win.performance.mark) win.performance.mark('mc:card-snapshot')

  // The card page takes it away after its first frame. If that page never comes (another route,
  // the app failing to start), it goes anyway: it must never cover an app that is not the card.
  var drop = function () {
    if (shell.parentNode) shell.parentNode.removeChild(shell)
  }
  win.addEventListener('hashchange', function () {
    if (!onCardTab()) drop()
  })
  win.addEventListener('error', drop)
  win.setTimeout(drop, 10000)

  function onCardTab() {
    var route = win.location.hash.replace(/^#/, '').split('?')[0]
    return route === '' || route === '/' || route === CARD_ROUTE
  }

  function build(node, depth) {
    if (typeof node === 'string') return doc.createTextNode(node)
    if (depth > 24 || !node || typeof node !== 'object') throw new Error('snapshot')
    var el = doc.createElement(node.t === 'span' ? 'span' : 'div')
    if (typeof node.c === 'string') el.className = node.c
    // Inline styles are the card's colours and sizes; nothing that fetches (url) or runs.
    if (typeof node.s === 'string' && /^[\w\s:;#(),.%-]*$/.test(node.s) && !/url/i.test(node.s))
      el.setAttribute('style', node.s)
    if (node.h && clockStale) el.style.visibility = 'hidden'
    var kids = Object.prototype.toString.call(node.k) === '[object Array]' ? node.k : []
    for (var j = 0; j < kids.length; j++) el.appendChild(build(kids[j], depth + 1))
    return el
  }

  /** The app's own scripts in the page (html-webpack-plugin's deferred ones): the build they belong to. */
  function scriptsOf() {
    var scripts = doc.querySelectorAll('script[defer][src]')
    var srcs = []
    for (var i = 0; i < scripts.length; i++) srcs.push(scripts[i].getAttribute('src'))
    return srcs.join(' ')
  }
})(window)
