import { renderApp, waitForText } from '../setup/render-app'
import { testClock } from '../setup/clock'

// On an ordinary morning, not the wall clock: a run at midnight or on a member day sees the same page.
testClock()

/** Whatever is stored locally may be damaged: a half-written value, another app version's shape, junk. */
const damaged: Record<string, string> = {
  'mc.session': '{"data":"{\\"state\\":{\\"token\\":42,\\"memberId\\":[]},\\"version\\":1}"}',
  'mc.card': '{"data":"{\\"state\\":{\\"card\\":{\\"memberId\\":\\"m-x\\",\\"points\\":\\"lots\\"}}}',
  'mc.mock.state': '{"data":"{\\"version\\":1,\\"members\\":null',
  'mc.device': '\u0000\u0001not-an-id',
}

test('damaged storage is dropped: the app signs in again and shows a working page, never a white screen', async () => {
  for (const [key, value] of Object.entries(damaged)) localStorage.setItem(key, value)
  await renderApp('pages/card/index')
  // A fresh install's state: the backend reseeded, a new device session, so the join page.
  const text = await waitForText('加入栖木会员', 8000)
  expect(text).toContain('立即开卡')
  const session = JSON.parse(JSON.parse(localStorage.getItem('mc.session')!).data)
  expect(typeof session.state.token).toBe('string')
  expect(localStorage.getItem('mc.device')).toMatch(/^\{"data":"[a-z0-9]{8,64}"\}$/)
}, 20000)
