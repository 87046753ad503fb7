/**
 * The member-scoped store layer: an answer that arrives after another member signed in never
 * shows; every store forgets the last member on a switch; value-moving attempts keep their key
 * only while their outcome is unknown.
 */
import type { TransportRequest } from '@/api/transport'
import { HttpError, NetworkError, TimeoutError, ValidationError } from '@/api/errors'
import { withAttempt } from '@/stores/attempts'
import { useCard } from '@/stores/card'
import { useCode } from '@/stores/code'
import { useCoupons } from '@/stores/coupons'
import { useMemberDay } from '@/stores/member-day'
import { useOfficer } from '@/stores/officer'
import { usePartners } from '@/stores/partners'
import { usePoints } from '@/stores/points'
import { useInbox } from '@/stores/inbox'
import { useSession } from '@/stores/session'
import { useTill } from '@/stores/till'
import { wire } from '../setup/wire'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// Staff demo here: persona switches rebuild the persona, the demo clock moves.
asStaff()

beforeEach(() => wire.reset())

/** Hold the first answer to `path` until released; the request itself reaches the backend. */
function holdFirst(path: string) {
  let release = () => {}
  let held = false
  const arrived = new Promise<void>((resolve) => {
    wire.holdAnswer = (req: TransportRequest) => {
      if (held || req.path.split('?')[0] !== path) return null
      held = true
      resolve()
      return new Promise<void>((r) => (release = r))
    }
  })
  return { arrived, release: () => release() }
}

/** Each store's data for one member, as the pages read it. */
const lateAnswers: [string, string, () => Promise<unknown>, () => unknown][] = [
  ['the card', '/me', () => useCard.getState().refresh(), () => useCard.getState().card],
  ['the coupons', '/me/coupons', () => useCoupons.getState().load(), () => useCoupons.getState().coupons],
  ['the member day', '/me/member-day', () => useMemberDay.getState().load(), () => useMemberDay.getState().mine],
  ['the points balance', '/me/points', () => usePoints.getState().loadSummary(), () => usePoints.getState().summary],
  ['the ledger', '/me/ledger', () => usePoints.getState().loadLedger(null), () => usePoints.getState().ledger.entries],
  ['the wallet', '/me/wallet', () => usePoints.getState().loadWallet(), () => usePoints.getState().wallet],
  ['the code secret', '/me/code-secret', () => useCode.getState().ensureSecret(), () => useCode.getState().secret],
  ['the till results', '/me/activity', () => useCode.getState().poll(), () => useCode.getState().results],
]

/** A checkout and a redemption for silver, so that silver has till activity and a wallet. */
async function silverCheckout() {
  await usePoints.getState().loadRewards()
  const affordable = usePoints.getState().rewards.find((r) => r.points <= 5_000 && r.stock > 0 && !r.minTierId)
  if (!affordable) throw new Error('no reward silver can redeem')
  await usePoints.getState().redeem(affordable.id)
  await useCode.getState().ensureSecret()
  const code = useCode.getState().codeNow()
  if (!code) throw new Error('no member code')
  useTill.getState().setKey('DEMO-TILL-1')
  await useTill.getState().loadTill()
  await useTill.getState().checkout({ code, amountFen: 3_200 })
}

describe.each(lateAnswers)('%s asked for silver and answered after black signed in', (_what, path, load, data) => {
  test('is dropped: the store stays as the switch left it', async () => {
    await useSession.getState().switchPersona('silver')
    await silverCheckout()
    // What silver's answer holds, so that the test knows it would have shown something.
    useCode.setState({ secret: null, stale: false, seenUntil: 0, results: [] })
    await load()
    expect(JSON.stringify(data() ?? [])).not.toMatch(/^(\[\]|null)$/)

    useCode.setState({ secret: null, stale: false, seenUntil: 0, results: [] })
    const hold = holdFirst(path)
    const loading = load()
    await hold.arrived
    await useSession.getState().switchPersona('black')
    const afterSwitch = JSON.stringify(data())
    hold.release()
    await loading.catch(() => undefined)
    expect(JSON.stringify(data())).toBe(afterSwitch)
    expect(useSession.getState().memberId).toBe('m-black')
  })
})

test('a persona switch empties every store of the last member; a silent re-login of the same member keeps what is shown', async () => {
  await useSession.getState().switchPersona('silver')
  await Promise.all([
    useCard.getState().refresh(),
    useCoupons.getState().load(),
    useMemberDay.getState().load(),
    usePoints.getState().loadSummary(),
    usePoints.getState().loadLedger(null),
    usePoints.getState().loadWallet(),
    useInbox.getState().load(),
    useInbox.getState().loadSubscriptions(),
    useOfficer.getState().load(),
    usePartners.getState().load(),
  ])
  useCode.setState({ results: [{ at: 1 } as never], seenUntil: 5, stale: false })
  expect(useCard.getState().card?.nickname).toBe('林小满')
  expect(useCoupons.getState().coupons.length).toBeGreaterThan(0)
  expect(usePoints.getState().ledger.entries.length).toBeGreaterThan(0)

  // The same member signs in again (the server forgot the session): nothing is emptied, lists refetch,
  // and the code secret that came with the sign-in replaces the one it retired.
  const secretBefore = useCode.getState().secret
  expect(secretBefore?.memberId).toBe('m-silver')
  wire.reset()
  await useSession.getState().login()
  expect(useCard.getState().card?.nickname).toBe('林小满')
  expect(useCoupons.getState().coupons.length).toBeGreaterThan(0)
  expect(useCode.getState()).toMatchObject({
    stale: false,
    secret: { memberId: 'm-silver', cardId: secretBefore?.cardId },
  })
  expect(useCode.getState().secret?.secret).not.toBe(secretBefore?.secret)
  await new Promise((r) => setTimeout(r, 50))
  expect(wire.requests.map((r) => r.path)).toEqual(
    expect.arrayContaining(['/me/coupons', '/me/member-day', '/me/trials', '/me/partner-perks']),
  )

  await useSession.getState().switchPersona('black')
  expect(useCard.getState().card).toBeNull()
  expect(useCoupons.getState()).toMatchObject({ coupons: [], answered: false, selectedId: null })
  expect(useMemberDay.getState()).toMatchObject({ mine: null, answered: false })
  expect(usePoints.getState()).toMatchObject({ summary: null, wallet: [] })
  expect(useInbox.getState()).toMatchObject({ messages: [], unread: 0, answered: false, subscriptions: null })
  expect(usePoints.getState().ledger.entries).toEqual([])
  // The till results were 林小满's; the secret is now Vivian's, from her sign-in.
  expect(useCode.getState()).toMatchObject({ results: [], seenUntil: 0, stale: false, secret: { memberId: 'm-black' } })
  expect(useOfficer.getState()).toMatchObject({ trials: [], officer: null, answered: false })
  expect(usePartners.getState()).toMatchObject({ perks: [], answered: false })
})

describe('an attempt keeps its idempotency key only while its outcome is unknown', () => {
  const keysOf = async (first: unknown) => {
    const keys: string[] = []
    const run = (key: string) => {
      keys.push(key)
      return keys.length === 1 ? Promise.reject(first) : Promise.resolve('done')
    }
    await withAttempt('claim:x', run).catch(() => undefined)
    await withAttempt('claim:x', run)
    // After an answer that settled it, the next try is a new attempt.
    await withAttempt('claim:x', run)
    return keys
  }

  test.each([
    ['no answer', new NetworkError('offline')],
    ['a timeout', new TimeoutError('slow')],
    ['409 in progress', new HttpError(409, 'request_in_progress', '请求正在处理中，请稍候')],
    ['a server error', new HttpError(503, 'unavailable', null)],
  ])('%s: the retry reuses the key', async (_what, error) => {
    const [first, retry, next] = await keysOf(error)
    expect(retry).toBe(first)
    expect(next).not.toBe(first)
  })

  test.each([
    ['a refusal', new HttpError(409, 'claim_limit', '你已经领满了')],
    ['a bad request', new HttpError(400, 'invalid_request', '请求不正确')],
    ['a malformed answer', new ValidationError('claimMemberDayCoupon', ['coupon: missing'])],
  ])('%s: the next tap is a new attempt', async (_what, error) => {
    const [first, retry] = await keysOf(error)
    expect(retry).not.toBe(first)
  })

  test('a member never reuses the key of another member’s open attempt', async () => {
    await useSession.getState().switchPersona('silver')
    let lose = true
    wire.loseAnswer = (req) => (req.path === '/rewards/redeem' && lose ? new NetworkError('answer lost') : null)
    const rewardId = (await usePoints.getState().loadRewards(), usePoints.getState().rewards[0].id)
    await expect(usePoints.getState().redeem(rewardId)).rejects.toBeInstanceOf(NetworkError)
    const silverKey = wire.requests.find((r) => r.path === '/rewards/redeem')?.headers['idempotency-key']
    expect(silverKey).toBeTruthy()
    await useSession.getState().switchPersona('black')
    lose = false
    wire.requests = []
    await usePoints.getState().redeem(rewardId)
    const blackKey = wire.requests.find((r) => r.path === '/rewards/redeem')?.headers['idempotency-key']
    expect(blackKey).toBeTruthy()
    expect(blackKey).not.toBe(silverKey)
  })
})
