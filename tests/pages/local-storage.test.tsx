/**
 * The in-app backend's storage as a member meets it: a member kept under the old single key is
 * still there after the update (moved record by record), a phone with no room left says so and
 * keeps nothing half done, and two H5 tabs see each other's writes before they write.
 */
import Taro from '@tarojs/taro'
import { renderApp, waitForText } from '../setup/render-app'
import { storeSession, storedBackendState, storedValue } from '../setup/wire'
import { testClock } from '../setup/clock'
import { createInProcessTransport, STORAGE_FULL_MESSAGE } from '@/backend/in-process'
import type { TransportRequest } from '@/api/transport'
import { Engine } from '../../mock/engine/engine'
import type { MemberRecord } from '../../mock/engine/db'

testClock()

function clickText(text: string) {
  const el = Array.from(document.querySelectorAll('taro-text-core, taro-view-core, taro-button-core')).find(
    (e) => e.textContent?.trim() === text,
  )
  if (!el) throw new Error(`nothing says "${text}"`)
  ;(el as HTMLElement).click()
}

test('after the update, a member kept under the single key is moved record by record and signs in as before; a full phone refuses a change in words and keeps the old one', async () => {
  // Before the update: the whole state under mc.mock.state, with a 1,000-entry ledger for the silver member.
  const old = new Engine(null, { now: () => Date.now() })
  const session = old.personaLogin('silver')
  const silver = (old.db.members as Record<string, MemberRecord>)['m-silver']
  for (let i = 0; silver.ledger.length < 1000; i++)
    silver.ledger.unshift({
      id: `e-old-${i}`,
      at: Date.now() - 400 * 86_400_000,
      type: 'earn',
      points: 0,
      note: '旧记录',
    })
  localStorage.setItem('mc.mock.state', storedValue(old.db))
  localStorage.setItem('mc.mock.rev', storedValue('before-the-update'))
  storeSession(session, 'silver')

  await renderApp('pages/me/index')
  await waitForText('林小满', 8000)
  expect(localStorage.getItem('mc.mock.state')).toBeNull()
  expect(storedBackendState().members['m-silver'].ledger).toHaveLength(1000)
  const biggest = Math.max(...Object.keys(localStorage).map((k) => (localStorage.getItem(k) ?? '').length))
  expect(biggest).toBeLessThan(100_000)

  // The phone's storage is full: WeChat refuses every write.
  const setStorage = jest.spyOn(Taro, 'setStorageSync').mockImplementation(() => {
    throw new Error('setStorageSync:fail exceed storage max size 10MB')
  })
  try {
    clickText('编辑资料')
    await waitForText('保存')
    document
      .querySelectorAll('.me-page__input')[0]
      ?.dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value: '满满' } }))
    clickText('保存')
    await waitForText(STORAGE_FULL_MESSAGE)
  } finally {
    setStorage.mockRestore()
  }
  expect(storedBackendState().members['m-silver'].nickname).toBe('林小满')

  // Room again: the same change goes through.
  clickText('保存')
  await waitForText((t) => t.includes('满满') && !t.includes('保存中') && !t.includes(STORAGE_FULL_MESSAGE))
  expect(storedBackendState().members['m-silver'].nickname).toBe('满满')
}, 30000)

test('two tabs on one phone: each sees what the other wrote before it writes', async () => {
  const tabA = createInProcessTransport()
  const tabB = createInProcessTransport()
  const send = (tab: typeof tabA, req: Partial<TransportRequest> & { path: string }) =>
    tab({ method: 'GET', headers: {}, ...req } as TransportRequest)
  const signIn = await send(tabA, {
    method: 'POST',
    path: '/demo/persona',
    body: { persona: 'gold-drop', device: 'tab-test-device' },
  })
  const token = (signIn.body as { token: string }).token
  const auth = { authorization: `Bearer ${token}` }
  // Each tab built its backend before the other's last write: it must read that write first.
  const renamed = await send(tabB, { method: 'POST', path: '/me/profile', headers: auth, body: { nickname: '一一' } })
  expect(renamed.status).toBe(200)
  const me = await send(tabA, { path: '/me', headers: auth })
  expect((me.body as { nickname: string }).nickname).toBe('一一')
  await send(tabA, { method: 'POST', path: '/me/profile', headers: auth, body: { city: '苏州' } })
  const again = await send(tabB, { path: '/me', headers: auth })
  expect(again.body).toMatchObject({ nickname: '一一', city: '苏州' })
}, 20000)
