import type { StoreRecord, TillRecord } from './db'

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]
const WEEKDAYS = [1, 2, 3, 4, 5]
const WEEKENDS = [6, 7]

/** The brand's stores in the demo (coordinates GCJ-02, as WeChat's maps use). */
export const DEFAULT_STORES: StoreRecord[] = [
  {
    id: 's-xuhui',
    name: '徐汇滨江店',
    city: '上海',
    address: '上海市徐汇区龙腾大道 2555 号',
    phone: '021-6412 0018',
    latitude: 31.1745,
    longitude: 121.4602,
    hours: [
      { days: WEEKDAYS, open: '08:00', close: '21:00' },
      { days: WEEKENDS, open: '09:00', close: '22:00' },
    ],
  },
  {
    id: 's-jingan',
    name: '静安寺店',
    city: '上海',
    address: '上海市静安区南京西路 1699 号',
    phone: '021-6288 0018',
    latitude: 31.2235,
    longitude: 121.4455,
    hours: [{ days: EVERY_DAY, open: '07:30', close: '22:00' }],
  },
  {
    id: 's-xintiandi',
    name: '新天地店',
    city: '上海',
    address: '上海市黄浦区马当路 245 号',
    phone: '021-6386 0018',
    latitude: 31.2195,
    longitude: 121.4752,
    hours: [
      { days: [1, 2, 3, 4], open: '08:00', close: '22:00' },
      { days: [5, 6], open: '08:00', close: '01:00' },
      { days: [7], open: '09:00', close: '22:00' },
    ],
  },
  {
    id: 's-pudong',
    name: '陆家嘴店',
    city: '上海',
    address: '上海市浦东新区陆家嘴环路 1000 号',
    phone: '021-5878 0018',
    latitude: 31.2386,
    longitude: 121.5026,
    hours: [
      { days: WEEKDAYS, open: '07:00', close: '20:00' },
      { days: WEEKENDS, open: '10:00', close: '20:00' },
    ],
  },
  {
    id: 's-hangzhou',
    name: '西湖店',
    city: '杭州',
    address: '杭州市上城区湖滨路 23 号',
    phone: '0571-8706 0018',
    latitude: 30.2592,
    longitude: 120.1657,
    hours: [{ days: EVERY_DAY, open: '09:00', close: '22:00' }],
  },
  {
    id: 's-beijing',
    name: '三里屯店',
    city: '北京',
    address: '北京市朝阳区三里屯路 19 号',
    phone: '010-6416 0018',
    latitude: 39.9364,
    longitude: 116.4551,
    hours: [{ days: EVERY_DAY, open: '08:00', close: '23:00' }],
  },
]

/** Demo tills and their keys (a real backend provisions these per device). */
/** One demo till per store, in the stores' order: DEMO-TILL-1 is 徐汇滨江店's, DEMO-TILL-2 静安寺店's… */
export function defaultTills(): TillRecord[] {
  return DEFAULT_STORES.map((store, i) => ({
    id: `t-demo-${i + 1}`,
    name: `演示收银台 ${i + 1}`,
    key: `DEMO-TILL-${i + 1}`,
    storeId: store.id,
    failures: [],
    lockedUntil: 0,
  }))
}
