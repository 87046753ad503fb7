/**
 * @jest-environment node
 *
 * The app's errors as the production build compiles them (the project's Babel config, production
 * env), not as jest's own transform does: Babel once defined ApiError's abstract `userMessage` on
 * every instance as undefined, hiding HttpError's message, and every refusal from the backend showed
 * as empty text in the built app while these tests stayed green.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { transformSync } from '@babel/core'

type ErrorsModule = typeof import('@/api/errors')

function compiledErrors(): ErrorsModule {
  const root = join(__dirname, '../..')
  const filename = join(root, 'src/api/errors.ts')
  const out = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    cwd: root,
    envName: 'production',
    plugins: ['@babel/plugin-transform-modules-commonjs'],
  })
  if (!out?.code) throw new Error('Babel produced nothing')
  const mod = { exports: {} as ErrorsModule }
  // Evaluated as the bundle would run it (a CommonJS wrapper around Babel's output).
  new Function('module', 'exports', 'require', out.code)(mod, mod.exports, require)
  return mod.exports
}

test('every error keeps its Chinese message in the production build', () => {
  const e = compiledErrors()
  expect(new e.HttpError(409, 'coupon_used', '该券已于 1月18日 10:00 在徐汇滨江店使用').userMessage).toBe(
    '该券已于 1月18日 10:00 在徐汇滨江店使用',
  )
  expect(new e.HttpError(503, 'internal', null).userMessage).toBe('服务暂时不可用，请稍后重试')
  expect(new e.HttpError(429, 'too_many', null).userMessage).toBe('操作太频繁，请稍后再试')
  expect(new e.NetworkError('offline').userMessage).toBe('网络不可用，请检查网络后重试')
  expect(new e.TimeoutError('slow').userMessage).toBe('服务器响应超时，请稍后重试')
  expect(new e.UnauthorizedError('401').userMessage).toBe('登录已失效，请重新进入小程序')
  expect(new e.ValidationError('getMe', ['x']).userMessage).toBe('服务器返回的数据异常，请稍后重试')
  expect(e.describeError(new e.HttpError(403, 'tier_too_low', '金卡及以上会员才能领取，你目前是银卡'))).toBe(
    '金卡及以上会员才能领取，你目前是银卡',
  )
})
