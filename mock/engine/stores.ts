import type { StoreRecord, TillRecord } from './db'

/** The brand's stores in the demo. */
export const DEFAULT_STORES: StoreRecord[] = [
  { id: 's-xuhui', name: '徐汇滨江店', city: '上海' },
  { id: 's-jingan', name: '静安寺店', city: '上海' },
  { id: 's-pudong', name: '陆家嘴店', city: '上海' },
  { id: 's-hangzhou', name: '西湖店', city: '杭州' },
  { id: 's-beijing', name: '三里屯店', city: '北京' },
]

/** Demo tills and their keys (a real backend provisions these per device). */
export function defaultTills(): TillRecord[] {
  return [
    { id: 't-demo-1', name: '演示收银台 1', key: 'DEMO-TILL-1', failures: [], lockedUntil: 0 },
    { id: 't-demo-2', name: '演示收银台 2', key: 'DEMO-TILL-2', failures: [], lockedUntil: 0 },
  ]
}
