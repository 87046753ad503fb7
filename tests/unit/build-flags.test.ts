import { buildFlagEnv, resolveBuildFlags } from '../../config/build-flags'

const flags = (env: Record<string, string>) => buildFlagEnv(resolveBuildFlags(env))

test('npm start and local mode carry the demo kit and the till', () => {
  expect(flags({})).toEqual({ TARO_APP_DEMO: '1', TARO_APP_STAFF: '1' })
  expect(flags({ TARO_APP_API_MODE: 'local' })).toEqual({ TARO_APP_DEMO: '1', TARO_APP_STAFF: '1' })
})

test('an http build is a brand build unless the demo is asked for', () => {
  expect(flags({ TARO_APP_API_MODE: 'http' })).toEqual({ TARO_APP_DEMO: '0', TARO_APP_STAFF: '0' })
  expect(flags({ TARO_APP_API_MODE: 'http', TARO_APP_DEMO: '' })).toEqual({ TARO_APP_DEMO: '0', TARO_APP_STAFF: '0' })
  expect(flags({ TARO_APP_API_MODE: 'http', TARO_APP_DEMO: '1' })).toEqual({ TARO_APP_DEMO: '1', TARO_APP_STAFF: '1' })
})

test('TARO_APP_DEMO=0 turns the demo off in local mode too; TARO_APP_STAFF=1 brings back only the till', () => {
  expect(flags({ TARO_APP_DEMO: '0' })).toEqual({ TARO_APP_DEMO: '0', TARO_APP_STAFF: '0' })
  expect(flags({ TARO_APP_API_MODE: 'http', TARO_APP_STAFF: '1' })).toEqual({ TARO_APP_DEMO: '0', TARO_APP_STAFF: '1' })
})
