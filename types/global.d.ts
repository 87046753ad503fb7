/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    /** Which platform this build targets. */
    TARO_ENV: 'weapp' | 'h5'
    /** `local` (in-process mock backend, the default) or `http` (Taro.request to TARO_APP_API_BASE). */
    TARO_APP_API_MODE?: 'local' | 'http'
    /** Base URL of the backend in http mode, e.g. http://127.0.0.1:3100 */
    TARO_APP_API_BASE?: string
  }
}

/** Taro's React runtime entry (used by the page-test harness); it ships no declarations. */
declare module '@tarojs/plugin-framework-react/dist/runtime' {
  export function createReactApp(...args: unknown[]): import('@tarojs/runtime').AppInstance
  export function createH5NativeComponentConfig(...args: unknown[]): unknown
}
