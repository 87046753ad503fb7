// Every page of the production weapp × every demo persona and a visitor, booted as WeChat's logic
// layer would run it: what the member sees, where the app sends a visitor, and no stray WeChat calls.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PERSONAS, allRoutes, assertShows, scenario } from './scenario.mjs'

const JOIN = '/packages/join/index'

/** What each page shows a member (m) or a visitor (m = null); `join`: the visitor is sent to join instead. */
const EXPECT = {
  'pages/card/index': (m) =>
    m ? { shows: [m.nickname, m.tier, '出示会员码', ...(m.points ? [m.points] : [])] } : { join: true },
  // Before a member day: the reminder (or the one set); on the day: the countdown to its end.
  'pages/member-day/index': (m) =>
    m
      ? {
          shows: [
            /(今天是|下一个)(季度)?会员日/,
            '领券',
            '会员专享价',
            /提醒我 \d+月\d+日 来领券|将于 .* 提醒你|距结束/,
          ],
        }
      : { shows: ['加入会员，会员日福利全都有', '入会领取'] },
  'pages/coupons/index': (m) => (m ? { shows: [/可使用\d+已使用\d+已过期\d+/] } : { shows: ['还不是会员，请先入会'] }),
  // Staff tools wait behind 员工入口 (the staff key); the service line, legal pages and closing are for everyone.
  'pages/me/index': (m) =>
    m
      ? {
          shows: [
            m.nickname,
            m.tier,
            '我的邀请码',
            /联系客服|专属客服/,
            '隐私政策',
            '注销账号',
            '退出登录',
            '员工入口',
          ],
        }
      : { shows: ['立即入会', '隐私政策', '用户协议', '员工入口'] },
  'packages/legal/privacy/index': () => ({ shows: ['隐私政策', '我们收集哪些信息', '你的权利'] }),
  'packages/legal/terms/index': () => ({ shows: ['用户协议', '会员资格', '注销账号'] }),
  'packages/account/erase/index': (m) =>
    m ? { shows: ['注销后将失去', '积分', '重新入会'] } : { shows: ['还不是会员'] },
  // 我的标签: the member group and tags from visits; a member with none yet is told why.
  'packages/account/tags/index': (m) =>
    m
      ? { shows: m.nickname === '小新' ? ['还没有足够的到店记录'] : ['你所在的会员分群', '品牌为你记下的标签'] }
      : { shows: ['还不是会员，请先入会'] },
  'pages/code/index': (m) =>
    m
      ? { shows: [m.nickname, m.tier, /66\d \*\*\* \*\*\* \*\*\* \*\*\* \d{3}/, '秒后自动刷新'], drawn: true }
      : { shows: ['还不是会员，入会后即可出示会员码'] },
  'packages/join/index': (m) =>
    m ? { shows: ['你已经是会员了', '查看我的会员卡'] } : { shows: ['加入栖木会员', '使用微信手机号', '立即开卡'] },
  'packages/claim/index': () => ({ shows: ['补录积分', '扫描小票二维码'] }),
  'packages/staff/till/index': () => ({ shows: ['登录收银台', 'DEMO-TILL-1'] }),
  // With the staff key the trials and their counts; without it, the way to give it.
  'packages/staff/trials/index': () => ({ shows: [/需要员工密钥|樱花白桃拿铁/] }),
  // Without the staff key the gate; the console itself is opened with the key in its own test below.
  'packages/staff/console/index': () => ({ shows: ['运营台 · 输入员工密钥', '进入运营台'] }),
  'packages/officer/index': (m) =>
    m ? { shows: ['春季限定 · 樱花白桃拿铁 体验官招募', '入选规则', '瑰夏新豆'] } : { shows: ['还不是会员，请先入会'] },
  'packages/partners/index': (m) =>
    m ? { shows: ['会员等级礼遇', '7 天骑行卡', '半亩书店'] } : { shows: ['还不是会员，请先入会'] },
  'packages/messages/index': (m) =>
    m ? { shows: ['微信提醒', '积分到期提醒', '添加提醒'] } : { shows: ['还不是会员，请先入会'] },
  // The member's code, what sharing did and every invitation; a visitor is asked to join first.
  'packages/invite/index': (m) =>
    m ? { shows: ['我的邀请码', '发给微信好友', '我的影响力', '我的邀请'] } : { shows: ['还不是会员，请先入会'] },
  'packages/points/index': (m) =>
    m
      ? {
          shows: [
            '当前积分',
            ...(m.points ? [m.points] : []),
            m.nickname === '小新' ? '还没有积分记录' : /店消费 ¥[\d,.]+?(\d{4}年)?\d{1,2}月\d{1,2}日 \d\d:\d\d\+[\d,]+/,
          ],
        }
      : { shows: ['还不是会员，请先入会'] },
  'packages/tier/index': (m) => (m ? { shows: ['当前等级', m.tier, '等级一览', '等级规则'] } : { join: true }),
  'packages/rewards/index': (m) =>
    m ? { shows: ['我的积分', ...(m.points ? [m.points] : []), '拿铁兑换券', '我的兑换'] } : { join: true },
  // Detail pages are opened the way a member gets there: from their list.
  'packages/coupon/index': (m) =>
    m
      ? { from: ['pages/coupons/index', { cls: 'coupon-card' }], showsTitleOf: 'coupon-card__title' }
      : { shows: ['还不是会员，请先入会'] },
  'packages/stores/index': () => ({ shows: ['按距离排序', '静安寺店', '上海市静安区南京西路 1699 号'] }),
  'packages/stores/detail': () => ({
    from: ['packages/stores/index', '静安寺店'],
    shows: ['静安寺店', '导航到店', '电话'],
  }),
}

const routes = allRoutes()

test('the build declares the pages this suite knows', () => {
  assert.deepEqual([...routes].sort(), Object.keys(EXPECT).sort())
})

const who = [...Object.keys(PERSONAS), 'visitor']

for (const route of routes) {
  for (const id of who) {
    const m = id === 'visitor' ? null : PERSONAS[id]
    test(`${route} · ${id}`, async () => {
      const query = m ? { persona: id } : {}
      const want = EXPECT[route](m)
      await scenario(`${route} · ${id}`, { query }, async (w) => {
        let page
        let titleInList = null
        if (want.from) {
          const [listRoute, target] = want.from
          const list = await w.open(listRoute, query)
          await w.run(3000)
          if (want.showsTitleOf) titleInList = list.textOf(want.showsTitleOf)
          await list.fire(target)
          const nav = w.navigations.at(-1)
          assert.equal(nav?.api, 'navigateTo', `${listRoute}: tapping opens a page`)
          const [path, qs] = nav.url.replace(/^\//, '').split('?')
          assert.equal(path, route)
          page = await w.open(route, Object.fromEntries(new URLSearchParams(qs ?? '')))
        } else {
          page = await w.open(route, query)
        }
        await w.run(3000)

        if (want.join) {
          assert.deepEqual(w.navigations.at(-1), { api: 'reLaunch', url: JOIN }, `${route}: a visitor is sent to join`)
        } else {
          assertShows(page, want.shows ?? [])
          if (titleInList) assertShows(page, titleInList)
        }
        if (want.drawn) {
          for (const id of ['member-barcode', 'member-qr'])
            assert.ok((w.canvases.get(id)?.fills ?? 0) > 0, `${id} drawn on its 2d canvas`)
        }
        // In-process mode: nothing goes to the network, and nothing asks where the phone is.
        assert.equal(w.callsOf('request').length, 0, 'no wx.request in local mode')
        assert.equal(w.callsOf('getLocation').length, 0, 'no getLocation without the member asking')
        assert.equal(w.callsOf('(prompt)').length, 0, 'no permission prompt')
      })
    })
  }
}

test('运营台 opened by its staff link: the segments, then both charts drawn on 2d canvases', async () => {
  const query = { persona: 'silver', staffKey: 'DEMO-STAFF-1' }
  await scenario('packages/staff/console/index · staff link', { query }, async (w) => {
    const page = await w.open('packages/staff/console/index', { staffKey: 'DEMO-STAFF-1' })
    await w.until(() => page.text().includes('前 20% 会员贡献'), 60_000, 'the segments')
    assertShows(page, ['会员分群', '重要唤回', '重要价值', '沉睡', '给这群会员发活动'])
    await page.fire('积分经济')
    await w.until(() => page.text().includes('未兑换积分'), 20_000, 'the economics')
    await w.run(1000)
    assertShows(page, ['年至今的积分', '发放', '兑换', '过期', '计划成本占会员销售额'])
    for (const id of ['console-months', 'console-share'])
      assert.ok((w.canvases.get(id)?.fills ?? 0) > 0, `${id} drawn on its 2d canvas`)
  })
})
