/*
 * Inlined into the H5 index.html (config/index.ts), where it runs while the page is parsed, before
 * any of the app's scripts: a returning member opening the card tab sees the card as it was last
 * on screen (kept by ./index.ts) at once, and the app's own page replaces it after its first frame.
 * WeChat's `initialRenderingCache` does the same for a mini-program page. Written for every browser
 * the H5 build supports (no syntax newer than ES5), built with createElement and text nodes only.
 */
;(function showCardSnapshot(win) {
  var doc = win.document
  var snapshot
  try {
    var href = win.location.href
    var route = win.location.hash.replace(/^#/, '').split('?')[0]
    // The card tab only (it is the first tab, so also the bare address); offline, the app's first
    // frame carries the offline banner the snapshot has not.
    if (route !== '' && route !== '/' && route !== '/pages/card/index') return
    if (win.navigator.onLine === false) return
    snapshot = JSON.parse(win.localStorage.getItem('mc.cardSnapshot') || 'null')
    if (!snapshot || snapshot.v !== 1 || !snapshot.tree || typeof snapshot.tree !== 'object') return
    // A link that signs in as another persona, or rebuilds one, opens another member's card.
    var persona = /[?&]persona=([\w-]+)/.exec(href)
    if ((persona && persona[1] !== snapshot.persona) || /[?&]staffKey=/.test(href)) return
    // Another build of the app has other styles and other page markup.
    if (snapshot.build !== scriptsOf(doc)) return
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
    shell.appendChild(build(snapshot.tree, 0))
  } catch (e) {
    return
  }
  // Shown once the card's styles are in; a style sheet that fails (a build gone from the server) drops it.
  var pending = 1
  var ready = function () {
    if (--pending > 0 || !shell.parentNode) return
    shell.style.visibility = ''
    if (win.performance && win.performance.mark) win.performance.mark('mc:card-snapshot')
  }
  var sheets = Object.prototype.toString.call(snapshot.sheets) === '[object Array]' ? snapshot.sheets : []
  for (var i = 0; i < sheets.length; i++) {
    var sheet = sheets[i]
    // This site's own sheets only (a path, not another host's address).
    if (typeof sheet !== 'string' || !/^\/\w[\w./-]*\.css$/.test(sheet)) continue
    if (doc.querySelector('link[href="' + sheet + '"]')) continue
    pending++
    var link = doc.createElement('link')
    link.rel = 'stylesheet'
    link.href = sheet
    link.setAttribute('blocking', 'render')
    link.onload = ready
    link.onerror = failed(link)
    doc.head.appendChild(link)
  }
  shell.style.visibility = 'hidden'
  doc.body.appendChild(shell)
  ready()

  function failed(link) {
    return function () {
      // The app's style loader would take this element for its own loaded sheet: take it away.
      if (link.parentNode) link.parentNode.removeChild(link)
      if (shell.parentNode) shell.parentNode.removeChild(shell)
    }
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
  function scriptsOf(doc) {
    var scripts = doc.querySelectorAll('script[defer][src]')
    var srcs = []
    for (var i = 0; i < scripts.length; i++) srcs.push(scripts[i].getAttribute('src'))
    return srcs.join(' ')
  }
})(window)
