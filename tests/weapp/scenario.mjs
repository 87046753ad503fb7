// One scenario = one fresh boot of the built mini-program; after it, what every scenario must hold:
// no runtime error, no unhandled rejection, no error logged, every setData within WeChat's limits.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { boot, SETDATA_MAX_BYTES, SETDATA_MAX_NODES } from './logic-layer.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const DIST = path.resolve(ROOT, process.env.WEAPP_DIST ?? 'dist/weapp')
export const HTTP_DIST = path.resolve(ROOT, process.env.WEAPP_HTTP_DIST ?? 'dist/weapp-http')

/** The README's demo personas, as a member sees them. Visitor: a fresh install with no persona. */
export const PERSONAS = {
  new: { nickname: '小新', tier: '新会员', points: '0' },
  silver: { nickname: '林小满', tier: '银卡', points: '5,236' },
  'gold-drop': { nickname: '周一一', tier: '金卡' },
  expiring: { nickname: '陈默', tier: '银卡' },
  black: { nickname: 'Vivian', tier: '黑金' },
}

/** Every page the app declares, main package and subpackages, from the built app.json. */
export function allRoutes(dist = DIST) {
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
  return [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
}

function report(world, name) {
  const file = process.env.WEAPP_REPORT
  if (!file) return
  const lines = world.setDataLog.map((s) =>
    JSON.stringify({ scenario: name, route: s.route, bytes: s.bytes, nodes: s.nodes }),
  )
  if (lines.length) fs.appendFileSync(file, lines.join('\n') + '\n')
}

/** Boot, run `fn(world)`, then hold every scenario to the rules above. */
export async function scenario(name, opts, fn) {
  const world = await boot({ dist: DIST, ...opts })
  try {
    await fn(world)
    // Let late timers and promise rejections surface before judging.
    await world.run(world.clock ? 2_000 : 50)
    await new Promise((r) => setImmediate(r))
  } finally {
    world.stop()
    report(world, name)
  }
  assert.deepEqual(world.problems, [], 'runtime errors or unhandled rejections')
  assert.deepEqual(world.consoleErrors, [], 'errors logged by the app')
  for (const s of world.setDataLog) {
    assert.ok(s.bytes <= SETDATA_MAX_BYTES, `${s.route}: a setData of ${s.bytes} bytes (> ${SETDATA_MAX_BYTES})`)
    assert.ok(s.nodes < SETDATA_MAX_NODES, `${s.route}: a setData of ${s.nodes} nodes (≥ ${SETDATA_MAX_NODES})`)
  }
  return world
}

/** The visible text of a page, with a readable failure when `expected` is not in it. */
export function assertShows(page, expected) {
  const text = page.text()
  for (const e of [].concat(expected)) {
    if (e instanceof RegExp) assert.match(text, e, `${page.route} should show ${e}; it shows: ${text.slice(0, 600)}`)
    else assert.ok(text.includes(e), `${page.route} should show “${e}”; it shows: ${text.slice(0, 600)}`)
  }
}

export function assertNotShows(page, unexpected) {
  const text = page.text()
  for (const e of [].concat(unexpected))
    assert.ok(!text.includes(e), `${page.route} should not show “${e}”; it shows: ${text.slice(0, 600)}`)
}
