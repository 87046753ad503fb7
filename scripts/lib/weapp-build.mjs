// A production weapp build (`taro build --type weapp`, never --watch) in its own process group,
// with a time limit, judged by its output and the app.json it writes as well as its exit code.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const secs = (ms) => (ms / 1000).toFixed(1) + ' s'

/**
 * Build the weapp into `outDir` (relative to `root`; where config/index.ts sends a build with this
 * `env`). Resolves to { ok, reason, code, ms, errorLines, warnLines }; never rejects.
 */
export async function buildWeapp({ root, outDir, env = {}, timeoutMs = 5 * 60_000, log = console.log }) {
  const started = Date.now()
  const out = []
  const child = spawn('npx', ['taro', 'build', '--type', 'weapp'], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: 'production', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so a timeout can stop all of it
  })
  // On a terminal Taro's progress bar redraws in place; in a pipe/log it would be hundreds of
  // lines, so there the output is printed once at the end without the progress blocks.
  const live = !!process.stdout.isTTY
  const onData = (stream) => (chunk) => {
    out.push(chunk.toString())
    if (live) stream.write(chunk)
  }
  child.stdout.on('data', onData(process.stdout))
  child.stderr.on('data', onData(process.stderr))
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => {
      out.push(`\n[size] build timed out after ${secs(timeoutMs)}\n`)
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        /* the build already exited */
      }
    }, timeoutMs)
    child.on('error', (e) => {
      out.push(String(e))
      clearTimeout(timer)
      resolve(-1)
    })
    child.on('close', (c, sig) => {
      clearTimeout(timer)
      resolve(c ?? (sig ? 128 : 1))
    })
  })
  // eslint-disable-next-line no-control-regex -- ESC starts the ANSI colour codes stripped here
  const ansi = /\x1b\[[0-9;?]*[A-Za-z]/g
  const text = out.join('').replace(ansi, '').replace(/\r/g, '\n')
  if (!live) log(withoutProgress(text))
  const ms = Date.now() - started
  // Taro does not always exit non-zero on a compile error, so look at the output and the files too.
  const lines = withoutProgress(text).split('\n')
  const errorLines = lines.filter((l) =>
    /编译失败|✖|\bERROR\b|Failed to compile|Compiled with some errors|Module not found|Module build failed|SyntaxError|TypeError|ReferenceError|Error: /.test(
      l,
    ),
  )
  const warnLines = lines.filter((l) => /编译警告|⚠|\bWARN(ING)?\b|Compiled with warnings|\[warn\]/i.test(l))
  const appJson = path.join(root, outDir, 'app.json')
  const fresh = fs.existsSync(appJson) && fs.statSync(appJson).mtimeMs >= started - 2000
  let reason = null
  if (code !== 0) reason = `taro build exited with code ${code}`
  else if (errorLines.length) reason = `taro build printed errors (${errorLines.length} line(s))`
  else if (!fresh) reason = `taro build did not (re)write ${outDir}/app.json`
  return { ok: !reason, reason, code, ms, errorLines, warnLines }
}

function withoutProgress(text) {
  return text
    .split(/\n\s*\n/)
    .filter((block) => !/█/.test(block))
    .map((block) => block.replace(/^\n+|\s+$/g, ''))
    .filter(Boolean)
    .join('\n')
}
