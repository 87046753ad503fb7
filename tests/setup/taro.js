// Order matters: platform first, then @tarojs/taro, then the React runtime hooks.
// Suites with `@jest-environment node` (engine, server, client) need none of it.
// Every engine transaction also checks, against a whole copy, that its journal names all it changed.
require('../../mock/engine/journal').Journal.checkEveryTransaction = true
if (typeof window !== 'undefined') {
  process.env.TARO_PLATFORM = 'web'
  process.env.TARO_ENV = 'h5'
  const React = require('react')
  const ReactDOM = require('react-dom')
  global.React = React
  // Page tests wait on what the page shows (polling), not on act(): React renders as it would in the app.
  global.IS_REACT_ACT_ENVIRONMENT = false
  require('@tarojs/taro')
  const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime')
  createH5NativeComponentConfig(() => null, React, ReactDOM)
}
