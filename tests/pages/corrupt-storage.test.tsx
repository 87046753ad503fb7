import Taro from '@tarojs/taro'
import { renderApp, waitForText } from '../setup/render-app'
import { testClock } from '../setup/clock'
import { useStaff } from '@/stores/staff'

// On an ordinary morning, not the wall clock: a run at midnight or on a member day sees the same page.
testClock()

/** Whatever is stored locally may be damaged: a half-written value, another app version's shape, junk. */
const damaged: Record<string, string> = {
  'mc.session': '{"data":"{\\"state\\":{\\"token\\":42,\\"memberId\\":[]},\\"version\\":1}"}',
  'mc.card': '{"data":"{\\"state\\":{\\"card\\":{\\"memberId\\":\\"m-x\\",\\"points\\":\\"lots\\"}}}',
  // The in-app backend's members, half written: kept and reported, never replaced by a fresh seed.
  'mc.mock.state': '{"data":"{\\"version\\":6,\\"members\\":{\\"m-1\\":{\\"id\\":\\"m-1\\",\\"nickname\\":\\"阿"}',
  'mc.device': '\u0000\u0001not-an-id',
}

/** Clicks the element whose whole text is `text`, once it is on screen (the page's copy may name it earlier). */
async function clickText(text: string, timeoutMs = 8000) {
  const find = () =>
    Array.from(document.querySelectorAll('taro-text-core, taro-view-core, taro-button-core')).find(
      (e) => e.textContent?.trim() === text,
    )
  const until = Date.now() + timeoutMs
  let el = find()
  while (!el && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25))
    el = find()
  }
  if (!el) throw new Error(`nothing says "${text}"`)
  ;(el as HTMLElement).click()
}

/** The keys a damaged state was kept aside under, once there are some. */
async function keptAside(): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const kept = Object.keys(localStorage).filter((k) => k.startsWith('mc.mock.damaged.'))
    if (kept.length > 0) return kept
    await new Promise((r) => setTimeout(r, 25))
  }
  return []
}

test('damaged storage: the app says the members data is damaged, keeps it untouched, and staff start over with the staff key', async () => {
  for (const [key, value] of Object.entries(damaged)) localStorage.setItem(key, value)
  await renderApp('pages/card/index')
  // A working page that says what happened and who can help, never a white screen or a silent fresh start.
  const text = await waitForText('本机保存的会员数据已损坏', 8000)
  expect(text).toContain('数据已原样保留，没有被覆盖')
  expect(text).toContain('员工密钥')
  expect(text).not.toContain('立即开卡')
  expect(localStorage.getItem('mc.mock.state')).toBe(damaged['mc.mock.state'])
  expect(Object.keys(localStorage).filter((k) => k.startsWith('mc.mock.') && k !== 'mc.mock.state')).toEqual([])

  // Staff: 我的 → 演示时间 with the staff key → 回到现在.
  await Taro.switchTab({ url: '/pages/me/index' })
  // The demo kit sits behind 员工入口: it shows once the staff key is kept on the phone.
  await waitForText('员工入口', 8000)
  useStaff.getState().setKey('DEMO-STAFF-1')
  await waitForText('员工密钥已保存')
  await clickText('回到现在')
  await waitForText((t) => !t.includes('调整中'))

  // The damaged state is kept aside under a dated key; a fresh one takes its place.
  const kept = await keptAside()
  expect(kept).toHaveLength(1)
  expect(localStorage.getItem(kept[0])).toContain('\\\\\\"nickname\\\\\\":\\\\\\"阿')
  expect(localStorage.getItem('mc.mock.state')).toBeNull()
  expect(localStorage.getItem('mc.mock.meta')).not.toBeNull()

  // The member's phone signs in again: a fresh install's state, so the join page.
  await Taro.switchTab({ url: '/pages/card/index' })
  const card = await waitForText('加入栖木会员', 8000)
  expect(card).toContain('立即开卡')
  const session = JSON.parse(JSON.parse(localStorage.getItem('mc.session')!).data)
  expect(typeof session.state.token).toBe('string')
  expect(localStorage.getItem('mc.device')).toMatch(/^\{"data":"[a-z0-9]{8,64}"\}$/)
}, 30000)
