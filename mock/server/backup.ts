/**
 * `npm run mock:backup -- --to <file> [--state .mock-data/state.sqlite]`: a consistent copy of
 * mock:server's SQLite state, taken with SQLite's online backup, so the server may keep running.
 * No sqlite3 tool needed. To restore: stop the server, copy the backup over the state file.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { readState } from '../engine/state'
import { SqliteStore, sqlitePathFor } from './sqlite-store'

const USAGE = 'Usage: npm run mock:backup -- --to <file> [--state <state.sqlite>] (env MOCK_STATE)'

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1]
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3)
  }
  return undefined
}

async function main(): Promise<void> {
  const to = arg('to')
  if (!to) throw new Error(USAGE)
  const from = sqlitePathFor(path.resolve(arg('state') ?? process.env.MOCK_STATE ?? '.mock-data/state.sqlite'))
  if (!fs.existsSync(from)) throw new Error(`no state at ${from}`)
  const target = path.resolve(to)
  if (fs.existsSync(target)) throw new Error(`${target} exists: name a new file (a backup never overwrites one)`)
  const store = new SqliteStore(from)
  try {
    await store.backup(target)
  } finally {
    store.close()
  }
  // The copy is checked as the server would check it at start.
  const copy = new SqliteStore(target)
  try {
    const read = readState(copy.load())
    if (!read.ok) throw new Error(`the copy at ${target} is not a usable state: ${read.problem}`)
    console.log(`backed up ${from} to ${target} (${Object.keys(read.db.members).length} members)`)
  } finally {
    copy.close()
  }
}

main().catch((error: unknown) => {
  console.error(`mock:backup: ${(error as Error).message}`)
  process.exit(1)
})
