/** @jest-environment node */
/**
 * `npm run mock:server` as a process: it refuses to start from a state it cannot use (non-zero exit,
 * the file and its first problem named, the file untouched), and imports the JSON state file of
 * earlier versions once.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Db } from '../../mock/engine/db'
import { Engine } from '../../mock/engine/engine'
import { wholeState } from '../../mock/engine/journal'
import { SqliteStore } from '../../mock/server/sqlite-store'

const ROOT = path.resolve(__dirname, '../..')

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-main-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Starts the server on a free loopback port; `until` decides from its output when to stop it. */
function runServer(stateFile: string, until?: (stdout: string) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Node itself with tsx's loader, so the exit code is the server's own (not a wrapper's).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'mock/server/main.ts', '--port', '0', '--state', stateFile],
      { cwd: ROOT },
    )
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (until?.(stdout)) child.kill('SIGTERM')
    })
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

test('a state file that fails its check: exit 1, the file and the problem named, nothing moved or changed', async () => {
  const stateFile = path.join(dir, 'state.json')
  const text = JSON.stringify({ version: 6, members: {} })
  fs.writeFileSync(stateFile, text)
  const run = await runServer(stateFile)
  expect(run.code).toBe(1)
  expect(run.stderr).toContain(`state file ${stateFile}: is not a usable state: sessions is not an object`)
  expect(run.stderr).toContain('The file is left as it is')
  expect(run.stdout).not.toContain('Mock backend on')
  expect(fs.readdirSync(dir)).toEqual(['state.json'])
  expect(fs.readFileSync(stateFile, 'utf8')).toBe(text)
}, 30_000)

test('a start imports the JSON state of earlier versions (its leftover temp removed), keeps the JSON renamed, and serves it', async () => {
  const json = path.join(dir, 'state.json')
  const text = JSON.stringify(new Engine(null).db)
  fs.writeFileSync(json, text)
  const leftover = `.state.json.${2 ** 22 + 1}.0badc0de.tmp`
  fs.writeFileSync(path.join(dir, leftover), '{"version":6,"half')
  const run = await runServer(path.join(dir, 'state.sqlite'), (out) => out.includes('Mock backend on'))
  expect(run.code).toBe(0)
  expect(run.stdout).toContain(`removed ${leftover}`)
  expect(run.stdout).toMatch(/imported state\.json into state\.sqlite; the JSON is kept as state\.json\.imported-/)
  const files = fs.readdirSync(dir).sort()
  expect(files).toContain('state.sqlite')
  expect(files.filter((f) => f.startsWith('state.json.imported-'))).toHaveLength(1)
  expect(
    fs.readFileSync(
      path.join(
        dir,
        files.find((f) => f.startsWith('state.json.imported-'))!,
      ),
      'utf8',
    ),
  ).toBe(text)
}, 30_000)

test('a SQLite state with a bad row: exit 1, the file and the problem named', async () => {
  const file = path.join(dir, 'state.sqlite')
  const store = new SqliteStore(file)
  const db = JSON.parse(JSON.stringify(new Engine(null).db)) as Db
  ;(db.members['m-black'] as { tierSince: unknown }).tierSince = 'yesterday'
  store.write(wholeState(db))
  store.close()
  const run = await runServer(file)
  expect(run.code).toBe(1)
  expect(run.stderr).toContain(
    `state file ${file}: is not a usable state: members["m-black"]: tierSince is not a number`,
  )
  expect(run.stdout).not.toContain('Mock backend on')
}, 30_000)
