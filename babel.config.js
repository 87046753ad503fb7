// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
module.exports = (api) => {
  // The H5 bundle alone splits component imports (config/babel-h5-components.js): the weapp build
  // resolves components by name, and Jest runs the modules unbundled.
  const h5Bundle =
    api.cache.using(() => process.env.TARO_ENV) === 'h5' && api.caller((caller) => caller?.name === 'babel-loader')
  return {
    presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
    plugins: h5Bundle ? [require('./config/babel-h5-components')] : [],
  }
}
