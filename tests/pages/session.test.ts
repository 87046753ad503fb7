import { useCard } from '@/stores/card'
import { useSession } from '@/stores/session'
import { useStaff } from '@/stores/staff'
import { testClock } from '../setup/clock'
import { wire } from '../setup/wire'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// On an ordinary morning, not the wall clock: a run at midnight or on a member day sees the same page.
testClock()

test('退出登录 keeps this phone signed out until the member signs in again, then the same card is back', async () => {
  await useSession.getState().ready()
  const card = await useCard.getState().join({ phone: '13712345678', nickname: '阿木' })
  expect(useSession.getState().memberId).toBe(card.memberId)

  await useSession.getState().signOut()
  expect(useSession.getState()).toMatchObject({ token: null, memberId: null, signedOut: true })
  expect(useCard.getState().card).toBeNull()
  await useSession.getState().ready()
  expect(useSession.getState().token).toBeNull()
  expect(await useCard.getState().refresh()).toBe('not-member')

  await useSession.getState().signIn()
  expect(useSession.getState()).toMatchObject({ memberId: card.memberId, signedOut: false })
  expect(await useCard.getState().refresh()).toBe('ok')
  expect(useCard.getState().card?.nickname).toBe('阿木')
})

test('a persona switch never leaves the previous member card in the store', async () => {
  await useSession.getState().switchPersona('silver')
  await useCard.getState().refresh()
  expect(useCard.getState().card?.nickname).toBe('林小满')
  await useSession.getState().switchPersona('black')
  expect(useCard.getState().card).toBeNull()
  await useCard.getState().refresh()
  expect(useCard.getState().card?.nickname).toBe('Vivian')
})

describe('persona links', () => {
  const personaLogins = () =>
    wire.requests
      .filter((r) => r.path === '/demo/persona')
      .map((r) => [
        (r.body as { persona: string; reset: boolean }).persona,
        (r.body as { reset: boolean }).reset,
        r.headers['x-staff-key'],
      ])

  test('a link without the staff key signs in as the persona as it is, even on a phone that has the key', async () => {
    wire.reset()
    useStaff.getState().setKey('DEMO-STAFF-1')
    await useSession.getState().ready('expiring')
    expect(useSession.getState().persona).toBe('expiring')
    expect(personaLogins()).toEqual([['expiring', false, undefined]])
  })

  test('a link carrying the staff key rebuilds the persona, sending the key with that request only', async () => {
    wire.reset()
    await useSession.getState().ready('gold-drop', true)
    expect(useSession.getState().persona).toBe('gold-drop')
    expect(personaLogins()).toEqual([['gold-drop', true, 'DEMO-STAFF-1']])
  })

  test('a link with a key the backend refuses still signs in, without the rebuild', async () => {
    wire.reset()
    useStaff.getState().setKey('NOT-THE-KEY')
    await useSession.getState().ready('new', true)
    expect(useSession.getState().persona).toBe('new')
    expect(personaLogins()).toEqual([
      ['new', true, 'NOT-THE-KEY'],
      ['new', false, undefined],
    ])
    useStaff.getState().setKey(null)
  })
})

test('a sign-in before the code store is loaded keeps the new code secret on the phone; the code store takes it when it loads', async () => {
  // This file never loaded the code store: as a launch on the coupons tab, with the code page not yet opened.
  await useSession.getState().switchPersona('silver')
  const issued = useSession.getState().issuedCodeSecret
  expect(issued).toMatchObject({ memberId: 'm-silver', cardId: '1000000002' })
  // On the phone, should the app be closed before the code page is ever opened.
  expect(localStorage.getItem('mc.session')).toContain(issued?.secret)

  const { useCode } = await import('@/stores/code')
  expect(useCode.getState()).toMatchObject({ secret: issued, stale: false })
  expect(useSession.getState().issuedCodeSecret).toBeNull()
  expect(useCode.getState().codeNow()).toMatch(/^661000000002\d{6}$/)
})
