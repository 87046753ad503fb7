/**
 * @jest-environment node
 *
 * 我的标签 in the backend: tags from behaviour only (visits, where and when, member days, coupons,
 * points), each with its evidence in words, and the RFM segment with its meaning; nothing from the
 * profile, and nothing before the first visit.
 */
import { segmentInfo } from '@/domain/rfm'
import { DAY_MS } from '@/domain/time'
import { need } from '../../mock/engine/records'
import { TAGS_BASIS } from '../../mock/engine/tags'
import { world } from '../setup/world'

const ORDINARY = Date.UTC(2026, 10, 28, 2) // Sat 28 Nov 2026, 10:00 in Shanghai
const STORE = 's-xuhui'

test('black: a regular, her usual store, coupons and points, each with its evidence; her segment with its meaning', async () => {
  const w = world(ORDINARY)
  await w.phone('black')
  const mine = await w.client.getMyTags()
  // Her balance includes what her invited friends brought her, so it is read rather than written down.
  const { points } = await w.client.getMe()
  expect(points).toBeGreaterThan(40_000)
  const byId = Object.fromEntries(mine.tags.map((t) => [t.id, [t.label, t.evidence]]))
  expect(byId).toMatchObject({
    regular: ['常客', '近 90 天到店 10 次'],
    'usual-store': ['常去徐汇滨江店', '近 12 个月到店 40 次，14 次在徐汇滨江店'],
    'coupon-user': ['爱用优惠券', '已用券 2 张'],
    'points-saver': ['积分攒着用', `攒着 ${points.toLocaleString('en-US')} 积分，兑换过 2 次`],
  })
  for (const tag of mine.tags) expect(tag.evidence).toMatch(/\d/)
  expect(mine.segment).toEqual({
    name: '重要价值',
    meaning: segmentInfo('important-value').meaning,
    evidence: '最近一次到店 3 天前，近 12 个月到店 40 次、消费 ¥26,288.20',
  })
  expect(mine.basis).toBe(TAGS_BASIS)
})

test('visits on two member days make a 会员日常客', async () => {
  const w = world(ORDINARY)
  const expiring = await w.phone('expiring')
  expect((await w.client.getMyTags()).tags.map((t) => t.id)).not.toContain('member-day-regular')
  for (const day of [Date.UTC(2026, 11, 18, 3), Date.UTC(2027, 0, 18, 3)]) {
    w.advance(day - w.now())
    await w.client.tillCheckout({ code: expiring.code(), storeId: STORE, amountFen: 3_000 })
  }
  expect((await w.client.getMyTags()).tags).toContainEqual({
    id: 'member-day-regular',
    group: 'member-day',
    label: '会员日常客',
    evidence: '近 12 个月有 2 天在会员日到店',
  })
})

test('a member who has joined but not visited has no tags and no segment yet', async () => {
  const w = world(ORDINARY)
  await w.phone('new')
  expect(await w.client.getMyTags()).toEqual({ tags: [], segment: null, basis: TAGS_BASIS })
})

test('tags follow behaviour: five more visits make silver a 常客; months away make gold-drop 有一阵没来了', async () => {
  const w = world(ORDINARY)
  const silver = await w.phone('silver')
  expect((await w.client.getMyTags()).tags[0]).toMatchObject({ label: '熟客', evidence: '近 90 天到店 3 次' })
  for (let i = 0; i < 5; i++) {
    w.advance(DAY_MS)
    await w.client.tillCheckout({ code: silver.code(), storeId: STORE, amountFen: 3_000 })
  }
  expect((await w.client.getMyTags()).tags[0]).toEqual({
    id: 'regular',
    group: 'visits',
    label: '常客',
    evidence: '近 90 天到店 8 次',
  })

  await w.phone('gold-drop')
  w.advance(120 * DAY_MS)
  const member = need(w.engine.db.members, 'm-gold-drop')
  const days = Math.floor((w.now() - Math.max(...member.checkouts.map((c) => c.at))) / DAY_MS)
  expect((await w.client.getMyTags()).tags[0]).toEqual({
    id: 'away',
    group: 'visits',
    label: '有一阵没来了',
    evidence: `上次到店是 ${days} 天前，近 90 天没有到店`,
  })
})

test('nothing from the profile: another nickname, birthday or city changes no tag, and no tag speaks of the person', async () => {
  const w = world(ORDINARY)
  await w.phone('silver')
  const before = await w.client.getMyTags()
  await w.client.updateProfile({ nickname: '小满满', birthday: '1970-01-01', city: '北京' })
  const after = await w.client.getMyTags()
  expect(after).toEqual(before)
  const words = JSON.stringify(after)
  for (const personal of ['林小满', '小满满', '1994', '1970', '北京', '岁', '性别', '男', '女', '年龄', '生日', '外貌'])
    if (personal === '性别' || personal === '年龄' || personal === '外貌')
      // The basis line says what tags never look at; no tag or segment does.
      expect(JSON.stringify({ tags: after.tags, segment: after.segment })).not.toContain(personal)
    else expect(words).not.toContain(personal)
})
