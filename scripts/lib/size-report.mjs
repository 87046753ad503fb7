// Sizes of a built weapp folder, per package (main and each subpackage root in app.json), and the
// report lines for them.
import fs from 'node:fs'
import path from 'node:path'

export const KB = 1024
export const kb = (bytes) => (bytes / KB).toFixed(1)

function walk(dir, base = dir, acc = []) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, ent.name)
    if (ent.isDirectory()) walk(abs, base, acc)
    else if (ent.isFile())
      acc.push({ file: path.relative(base, abs).split(path.sep).join('/'), bytes: fs.statSync(abs).size })
  }
  return acc
}

export function subpackageRoots(appJson) {
  const list = [...(appJson.subPackages || []), ...(appJson.subpackages || [])]
  const roots = list
    .map((p) =>
      String(p.root || '')
        .replace(/^\.?\/+/, '')
        .replace(/\/+$/, ''),
    )
    .filter(Boolean)
  return [...new Set(roots)]
}

/** The subpackage root `file` belongs to, or null for the main package. */
export function pkgOf(file, roots) {
  return roots.find((r) => file === r || file.startsWith(r + '/')) ?? null
}

/** Every file of the build in `weappDir`, largest first, grouped into the main package and each subpackage. */
export function measure(weappDir) {
  const appJson = JSON.parse(fs.readFileSync(path.join(weappDir, 'app.json'), 'utf8'))
  const roots = subpackageRoots(appJson)
  const files = walk(weappDir).sort((a, b) => b.bytes - a.bytes)
  const main = { name: 'main', bytes: 0, files: [] }
  const subs = new Map(roots.map((r) => [r, { name: r, bytes: 0, files: [] }]))
  for (const f of files) {
    const r = pkgOf(f.file, roots)
    const pkg = r ? subs.get(r) : main
    pkg.bytes += f.bytes
    pkg.files.push(f)
  }
  const total = files.reduce((s, f) => s + f.bytes, 0)
  return { appJson, roots, main, subs: [...subs.values()], total }
}

/** `text` as the minifier writes it into a string literal: non-ASCII characters as \\uXXXX. */
const escaped = (text) =>
  [...text].map((c) => (c.charCodeAt(0) > 127 ? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0') : c)).join('')

/** The built files (relative paths, optionally only those named in `only`) whose code contains `word`, as written or escaped. */
export function filesContaining(weappDir, word, { exts = ['.js', '.wxml', '.json'], only = null } = {}) {
  const forms = [...new Set([word, escaped(word)])]
  return walk(weappDir)
    .filter((f) => exts.some((e) => f.file.endsWith(e)) && (!only || only.includes(f.file)))
    .filter((f) => {
      const text = fs.readFileSync(path.join(weappDir, f.file), 'utf8')
      return forms.some((form) => text.includes(form))
    })
    .map((f) => f.file)
}

/**
 * Print one line per package (with its budget when `budgets` is given, and what WeChat packs for it
 * when `wechat` is given) and the largest files. Returns the packages over budget.
 */
export function printSizes(
  m,
  { budgets = null, wechat = null, floorKB = null, topFiles = 12, log = console.log } = {},
) {
  const over = []
  const row = (label, bytes, budget, wxBytes) => {
    const tail = wxBytes != null ? `   (WeChat packs ${kb(wxBytes)} KB)` : ''
    if (budget == null) {
      log(`  ${label.padEnd(26)} ${kb(bytes).padStart(8)} KB${tail}`)
      return
    }
    const isOver = bytes > budget
    const pct = ((bytes / budget) * 100).toFixed(0)
    log(
      `  ${label.padEnd(26)} ${kb(bytes).padStart(8)} KB  / ${String(budget / KB).padStart(4)} KB budget  ${pct.padStart(3)}%  ${isOver ? 'OVER BUDGET' : 'ok'}${tail}`,
    )
    if (isOver) over.push({ name: label, bytes, budget })
  }
  row('main package', m.main.bytes, budgets ? budgets.mainKB * KB : null, wechat?.main)
  for (const s of m.subs) row(`subpackage ${s.name}`, s.bytes, budgets ? budgets.subKB * KB : null, wechat?.[s.name])
  if (!m.subs.length) log('  (no subpackages in app.json)')
  const wxTotal = wechat ? Object.values(wechat).reduce((a, b) => a + b, 0) : null
  log(
    `  ${'total'.padEnd(26)} ${kb(m.total).padStart(8)} KB` +
      (wxTotal != null ? `${' '.repeat(35)}(WeChat packs ${kb(wxTotal)} KB)` : ''),
  )
  if (floorKB != null) {
    log(
      `  ${'bare-Taro floor (ref.)'.padEnd(26)} ${kb(floorKB * KB).padStart(8)} KB   main package is ${kb(m.main.bytes - floorKB * KB)} KB above it`,
    )
  }
  log(`\n  largest files of the main package (${m.main.files.length} files):`)
  for (const f of m.main.files.slice(0, topFiles)) log(`    ${kb(f.bytes).padStart(8)} KB  ${f.file}`)
  for (const s of m.subs) {
    log(
      `  subpackage ${s.name} (${s.files.length} files): ` +
        s.files
          .slice(0, 6)
          .map((f) => `${f.file.slice(s.name.length + 1)} ${kb(f.bytes)}`)
          .join(', '),
    )
  }
  return over
}

/** The sizes of a build for the JSON report. */
export function sizesForReport(m, budgets = null) {
  const within = (bytes, budgetKB) => (budgetKB == null ? undefined : bytes <= budgetKB * KB)
  return {
    main: {
      bytes: m.main.bytes,
      kb: +kb(m.main.bytes),
      budgetKB: budgets?.mainKB,
      withinBudget: within(m.main.bytes, budgets?.mainKB),
      files: m.main.files,
    },
    subpackages: m.subs.map((s) => ({
      root: s.name,
      bytes: s.bytes,
      kb: +kb(s.bytes),
      budgetKB: budgets?.subKB,
      withinBudget: within(s.bytes, budgets?.subKB),
      files: s.files,
    })),
    total: { bytes: m.total, kb: +kb(m.total) },
  }
}
