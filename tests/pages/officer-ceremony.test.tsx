/**
 * The 体验官 badge's ceremony on the officer page: a member selected at the close who has not been
 * to the card tab since uses the trial voucher at the till and sends the feedback; the ceremony then
 * shows once, and a reload of the page does not bring it back.
 */
import { renderApp, showCurrentPage, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import { useCard } from '@/stores/card'
import { useCode } from '@/stores/code'
import { useOfficer } from '@/stores/officer'
import { useSession } from '@/stores/session'
import { useStaffTrials } from '@/stores/staff-trials'
import { useTill } from '@/stores/till'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import { asStaff } from '../setup/staff'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const clock = testClock()
const ceremony = () => document.querySelector<HTMLElement>('.ceremony')

asStaff()

beforeAll(async () => {
  clock.at(ORDINARY_MORNING)
  await useSession.getState().ready('gold-drop')
  await renderApp('packages/officer/index')
  await waitForText(() => useOfficer.getState().answered && document.querySelectorAll('.trial').length === 3)
}, 20000)

test('selected, voucher used, feedback sent: the ceremony shows once on the officer page', async () => {
  await useOfficer.getState().apply('tr-sakura', '')
  await useStaffTrials.getState().close('tr-sakura')
  showCurrentPage()
  await waitForText('已入选')
  const voucher = useOfficer.getState().trials.find((t) => t.id === 'tr-sakura')!.mine.voucher!

  await useCode.getState().ensureSecret()
  useTill.getState().setKey('DEMO-TILL-1')
  await useTill.getState().loadTill()
  await useTill
    .getState()
    .checkout({ code: useCode.getState().codeNow()!, amountFen: 3_200, couponIds: [voucher.couponId] })
  showCurrentPage()
  await waitForText(() => document.querySelector('.feedback-form') !== null)
  expect(ceremony()).toBeNull()

  wire.reset()
  await useOfficer.getState().sendFeedback({ trialId: 'tr-sakura', taste: 4, sweetness: 3, wouldBuy: 5 })
  await waitForText(() => ceremony() !== null)
  expect(ceremony()?.textContent).toContain('你成为了体验官')
  await waitForText(() => wire.requests.some((r) => r.path === '/me/celebrated'))

  // Reloaded: a fresh card from the backend, no ceremony.
  ceremony()!.click()
  useCard.getState().clear()
  await useCard.getState().refresh()
  showCurrentPage()
  await waitForText(() => useOfficer.getState().officer?.trialsDone === 1)
  expect(useCard.getState().card?.celebrate).toBeNull()
  expect(ceremony()).toBeNull()
  expect(wire.requests.filter((r) => r.path === '/me/celebrated')).toHaveLength(1)
}, 30000)
