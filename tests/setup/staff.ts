/**
 * Page tests demo as staff do: the demo staff key typed in once on this phone, so a persona switch
 * rebuilds the persona as of today and the demo clock can move. Tests of a phone without the key
 * clear it (`useStaff.getState().setKey(null)`).
 */
import { useStaff } from '@/stores/staff'

export const DEMO_STAFF_KEY = 'DEMO-STAFF-1'

export function asStaff(): void {
  useStaff.getState().setKey(DEMO_STAFF_KEY)
}
