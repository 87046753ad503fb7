import { renderApp, waitForText } from '../setup/render-app'
import { click, typeInto } from '../setup/ui'
import { storedBackendState, wire } from '../setup/wire'
import { NetworkError } from '@/api/errors'
import { testClock } from '../setup/clock'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// On an ordinary morning, not the wall clock: a run at midnight or on a member day sees the same page.
testClock()

const joins = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/members')

test('when the answer to 立即开卡 is lost, tapping again finishes the same join', async () => {
  await renderApp('pages/card/index')
  await waitForText('加入栖木会员')
  typeInto('请输入 11 位手机号', '13612345678')
  typeInto('怎么称呼你', '小舟')
  click('.join-page__check')
  await waitForText('✓我已阅读')
  // The backend creates the member, but no answer reaches the phone: not the first, nor the client's
  // two automatic retries (which carry the same key and are answered from the stored result).
  let lost = 0
  wire.loseAnswer = (req) => (req.path === '/members' && lost < 3 ? (lost++, new NetworkError('answer lost')) : null)
  click('.join-page__submit')
  await waitForText('网络不可用，请检查网络后重试')
  click('.join-page__submit')
  await waitForText('欢迎加入栖木咖啡')
  expect(joins()).toHaveLength(4)
  expect(new Set(joins().map((r) => r.headers['idempotency-key'])).size).toBe(1)
  expect(Object.values(storedBackendState().members).filter((m) => m.phone === '13612345678')).toHaveLength(1)
  click('.ceremony')
  await waitForText('小舟')
}, 20000)
