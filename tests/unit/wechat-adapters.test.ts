/**
 * The mini-program's branches of the location and subscribe adapters (they run only in WeChat, so
 * no page test reaches them): what WeChat's answers become for the pages. Taro's WeChat APIs are
 * replaced by the answers WeChat gives (errMsg strings as documented), the adapters are real.
 */
import Taro from '@tarojs/taro'
import { askLocation, locationIfAllowed, openInMap } from '@/adapters/location'
import { askForReminders, askToSubscribe } from '@/adapters/subscribe'

const env = process.env.TARO_ENV
const taro = Taro as unknown as Record<string, unknown>
const originals = new Map<string, unknown>()
beforeEach(() => {
  process.env.TARO_ENV = 'weapp'
  localStorage.clear()
})
afterEach(() => {
  process.env.TARO_ENV = env
  for (const [api, original] of originals) taro[api] = original
  originals.clear()
})

// Taro's typings want the full WeChat answer objects; the adapters read only these fields.
type Loose = jest.Mock

function wechat(
  api: 'getSetting' | 'getLocation' | 'requestSubscribeMessage' | 'openLocation',
  impl: () => Promise<unknown>,
): Loose {
  const mock = jest.fn(impl)
  if (!originals.has(api)) originals.set(api, taro[api])
  taro[api] = mock
  return mock
}

describe('location in WeChat', () => {
  test('not authorised yet: no position and no prompt (the card never asks)', async () => {
    wechat('getSetting', async () => ({ authSetting: {} }))
    const getLocation = wechat('getLocation', async () => ({ latitude: 31.2, longitude: 121.4 }))
    await expect(locationIfAllowed()).resolves.toBeNull()
    expect(getLocation).not.toHaveBeenCalled()
  })

  test('authorised: the GCJ-02 position WeChat gives, as it is', async () => {
    wechat('getSetting', async () => ({ authSetting: { 'scope.userLocation': true } }))
    const getLocation = wechat('getLocation', async () => ({ latitude: 31.2262, longitude: 121.4455 }))
    await expect(locationIfAllowed()).resolves.toEqual({ latitude: 31.2262, longitude: 121.4455 })
    expect(getLocation).toHaveBeenCalledWith({ type: 'gcj02' })
  })

  test.each([
    ['getLocation:fail auth deny', 'denied'],
    ['getLocation:fail authorize no response', 'denied'],
    ['getLocation:fail privacy permission is not authorized', 'unavailable'],
    ['getLocation:fail system permission denied', 'denied'],
    ['getLocation:fail timeout', 'unavailable'],
  ])('asking, WeChat answers "%s" → %s', async (errMsg, reason) => {
    wechat('getLocation', async () => Promise.reject({ errMsg }))
    await expect(askLocation()).resolves.toEqual({ ok: false, reason })
  })

  test('the store opens in WeChat’s own map at its coordinates', () => {
    const open = wechat('openLocation', async () => ({ errMsg: 'openLocation:ok' }))
    openInMap({ latitude: 31.2235, longitude: 121.4455, name: '静安寺店', address: '上海市静安区南京西路 1699 号' })
    expect(open).toHaveBeenCalledWith({
      latitude: 31.2235,
      longitude: 121.4455,
      name: '静安寺店',
      address: '上海市静安区南京西路 1699 号',
      scale: 16,
    })
  })
})

describe('the member-day reminder subscription in WeChat', () => {
  test.each([
    [{ 'tmpl-1': 'accept' }, true],
    [{ 'tmpl-1': 'reject' }, false],
    [{ 'tmpl-1': 'ban' }, false],
  ])('WeChat answers %j → %s', async (answer, accepted) => {
    const ask = wechat('requestSubscribeMessage', async () => ({ errMsg: 'requestSubscribeMessage:ok', ...answer }))
    await expect(askToSubscribe('tmpl-1')).resolves.toBe(accepted)
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-1'] }))
  })

  test('a failed request (e.g. the template is not configured) is no subscription', async () => {
    wechat('requestSubscribeMessage', async () =>
      Promise.reject({ errMsg: 'requestSubscribeMessage:fail invalid template id' }),
    )
    await expect(askToSubscribe('tmpl-1')).resolves.toBe(false)
  })

  test('outside WeChat there is nothing to ask: the backend records the wish', async () => {
    process.env.TARO_ENV = 'h5'
    const ask = wechat('requestSubscribeMessage', async () => ({}))
    await expect(askToSubscribe('tmpl-1')).resolves.toBe(true)
    expect(ask).not.toHaveBeenCalled()
  })
})

describe('reminders for the 消息 page (several templates in one sheet)', () => {
  test('the accepted templates come back, at most three asked at once (WeChat shows three)', async () => {
    const ask = wechat('requestSubscribeMessage', async () => ({
      errMsg: 'requestSubscribeMessage:ok',
      't-points': 'accept',
      't-coupon': 'reject',
      't-day': 'accept',
    }))
    await expect(askForReminders(['t-points', 't-coupon', 't-day', 't-fourth'])).resolves.toEqual(['t-points', 't-day'])
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['t-points', 't-coupon', 't-day'] }))
  })

  test('a failed sheet grants nothing; outside WeChat there is no sheet (null)', async () => {
    wechat('requestSubscribeMessage', async () => Promise.reject({ errMsg: 'requestSubscribeMessage:fail cancel' }))
    await expect(askForReminders(['t-points'])).resolves.toEqual([])
    process.env.TARO_ENV = 'h5'
    await expect(askForReminders(['t-points'])).resolves.toBeNull()
  })
})
