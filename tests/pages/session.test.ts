import { useCard } from '@/stores/card'
import { useSession } from '@/stores/session'
import { testClock } from '../setup/clock'

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
