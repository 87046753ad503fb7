/** @jest-environment node */
import * as v from 'valibot'
import { ProgrammeSchema } from '@/api/contract'
import { world } from '../setup/world'

const ORDINARY = Date.UTC(2026, 10, 28, 2)

test('joining gives the 入会礼 coupon the programme names, once', async () => {
  const w = world(ORDINARY)
  const programme = await w.client.getProgramme()
  expect(v.is(ProgrammeSchema, programme)).toBe(true)
  expect(programme.joinGifts).toEqual([
    {
      title: '满50减10',
      rules: expect.arrayContaining(['单笔消费满 ¥50 可用', '入会后 30 天内有效']),
      image: 'voucher',
    },
  ])
  const session = await w.client.login({ code: 'c', device: 'device-join-1' })
  const token = session.token
  const member = w.engine.authenticate(token)
  const card = w.engine.join(member, { phone: '13912345678', nickname: '小白' })
  const coupons = w.engine.coupons(card.memberId)
  expect(coupons.map((c) => [c.title, c.source, c.status])).toEqual([['满50减10', '入会礼', 'available']])
  expect(coupons[0].validTo - ORDINARY).toBeLessThan(30 * 24 * 3600 * 1000)
})
