/**
 * @jest-environment node
 *
 * How the project's Babel config compiles a page's component imports for each bundle: the H5 one
 * imports each component from its own copy of Taro's wrappers module (so a page chunk carries only
 * the components it uses); WeChat's and Jest's keep the one import Taro resolves by name.
 */
import { join } from 'node:path'
import { transformSync } from '@babel/core'

const root = join(__dirname, '../..')
const PAGE = [
  "import type { ButtonProps } from '@tarojs/components'",
  "import { View, Text as Label, type TextProps } from '@tarojs/components'",
  'export const page = (p: ButtonProps, t: TextProps) => [View, Label, p, t]',
].join('\n')

function compile(code: string, taroEnv: typeof process.env.TARO_ENV, caller: string): string {
  const before = process.env.TARO_ENV
  process.env.TARO_ENV = taroEnv
  try {
    const out = transformSync(code, {
      filename: join(root, 'src/pages/example/index.tsx'),
      cwd: root,
      caller: { name: caller, supportsStaticESM: true },
    })
    if (!out?.code) throw new Error('Babel produced nothing')
    return out.code
  } finally {
    if (before === undefined) Reflect.deleteProperty(process.env, 'TARO_ENV')
    else process.env.TARO_ENV = before
  }
}

/** The modules the compiled page loads (under Jest, Taro's preset writes them as `require`s). */
const imports = (code: string) =>
  [...code.matchAll(/(?:from |require\()"([^"]+)"/g)]
    .map((m) => m[1])
    .filter((name) => !name.startsWith('@babel/runtime/'))

/**
 * Runs the compiled page with each module it loads standing in as `{ View, Text }` named by where they
 * came from: what `page` returns is what each local name is bound to.
 */
function bindings(code: string): unknown[] {
  const load = (source: string) =>
    source.startsWith('@babel/runtime/')
      ? require(source)
      : { View: `View from ${source}`, Text: `Text from ${source}` }
  const mod = { exports: {} as { page: (p: unknown, t: unknown) => unknown[] } }
  new Function('module', 'exports', 'require', code)(mod, mod.exports, load)
  return mod.exports.page('p', 't')
}

test('the H5 bundle imports each component from its own module, renamed imports kept', () => {
  const code = compile(PAGE, 'h5', 'babel-loader')
  expect(imports(code)).toEqual([
    '@tarojs/components/lib/react/components.js?View',
    '@tarojs/components/lib/react/components.js?Text',
  ])
  expect(bindings(code)).toEqual([
    'View from @tarojs/components/lib/react/components.js?View',
    'Text from @tarojs/components/lib/react/components.js?Text',
    'p',
    't',
  ])
})

test('a default or namespace import of the library is left whole', () => {
  const code = "import * as C from '@tarojs/components'\nexport const v = C.View"
  expect(imports(compile(code, 'h5', 'babel-loader'))).toEqual(['@tarojs/components'])
})

test('the WeChat bundle and Jest keep the one import', () => {
  const bundles: Array<[typeof process.env.TARO_ENV, string]> = [
    ['weapp', 'babel-loader'],
    ['h5', 'babel-jest'],
  ]
  for (const [env, caller] of bundles) {
    const code = compile(PAGE, env, caller)
    expect(imports(code)).toEqual(['@tarojs/components'])
    expect(bindings(code)).toEqual(['View from @tarojs/components', 'Text from @tarojs/components', 'p', 't'])
  }
})
