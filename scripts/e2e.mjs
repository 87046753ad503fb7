// npm run test:e2e — production H5 build, served on 127.0.0.1, driven by Playwright in Debian chromium.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { serveStatic } from './lib/static-server.mjs'
import { CHROMIUM } from './lib/chromium.mjs'

if (!existsSync(CHROMIUM)) {
  console.error(`e2e: no browser at ${CHROMIUM}. Install Debian's: apt-get install -y chromium fonts-noto-cjk`)
  process.exit(1)
}

if (!process.argv.includes('--no-build')) {
  console.log('e2e: building the production H5 app…')
  const build = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) {
    console.error(`${build.stdout}\n${build.stderr}`.split('\n').slice(-40).join('\n'))
    console.error('e2e: the H5 build failed')
    process.exit(build.status ?? 1)
  }
}

const server = await serveStatic('dist/h5')
console.log(`e2e: serving dist/h5 at ${server.url}`)
// `npm run test:e2e -- --no-build member-day` runs only the files whose names contain the words given.
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const files = readdirSync('tests/e2e')
  .filter((f) => f.endsWith('.test.mjs') && (only.length === 0 || only.some((w) => f.includes(w))))
  .map((f) => `tests/e2e/${f}`)
// Async spawn: the static server lives in this process and must keep answering while the tests run.
const status = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE_URL: server.url },
  })
  child.on('exit', (code) => resolve(code ?? 1))
})
await server.close()
process.exit(status)
