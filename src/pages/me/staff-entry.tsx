import { useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { apiMode } from '@/stores/api'
import { useStaff } from '@/stores/staff'
import { ROUTES } from '@/pages/routes'

interface Props {
  /** The demo kit (演示身份, 演示时间, 模拟定位) in a demo build; null in a store-device build. */
  children?: ReactNode
}

/**
 * 员工入口 on 我的: one discreet row a shopper passes by. Staff open it and type the staff key; the
 * staff tools (the demo kit, the till) show only while a key is kept on this phone. The page
 * requires this module only in builds that carry staff tools (demo and store-device builds).
 */
export function StaffEntry({ children }: Props) {
  const staffKey = useStaff((s) => s.key)
  const [open, setOpen] = useState(false)
  const [keyDraft, setKeyDraft] = useState('')

  if (!staffKey) {
    return open ? (
      <View className='section me-page__staff-key'>
        <Text className='section__title'>员工入口</Text>
        <Text className='muted'>员工密钥由门店管理员提供，只保存在本机，仅供门店员工使用。</Text>
        <Input
          className='me-page__staff-key-input'
          placeholder='员工密钥'
          value={keyDraft}
          onInput={(e) => setKeyDraft(e.detail.value)}
        />
        <View className='me-page__actions'>
          <Button className='btn-plain me-page__action' onClick={() => setOpen(false)}>
            取消
          </Button>
          <Button
            className='btn-primary me-page__action me-page__staff-key-save'
            disabled={!keyDraft.trim()}
            onClick={() => {
              // The form goes with the key saved; clearing the field first would update an input on its way out.
              useStaff.getState().setKey(keyDraft)
              setOpen(false)
            }}
          >
            保存
          </Button>
        </View>
      </View>
    ) : (
      <Text
        className='me-page__staff-entry'
        onClick={() => {
          setKeyDraft('')
          setOpen(true)
        }}
      >
        员工入口
      </Text>
    )
  }

  return (
    <>
      {children}
      <View className='section'>
        <Text className='section__title'>员工工具</Text>
        <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.till })}>
          <View className='me-page__persona-text'>
            <Text className='me-page__persona-title'>门店收银台（演示）</Text>
            <Text className='muted'>扫描会员码结账、退款，需要收银台密钥</Text>
          </View>
          <Text className='me-page__persona-state'>打开</Text>
        </View>
        <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.staffConsole })}>
          <View className='me-page__persona-text'>
            <Text className='me-page__persona-title'>运营台</Text>
            <Text className='muted'>会员分群、定向发券、积分成本与负债</Text>
          </View>
          <Text className='me-page__persona-state'>打开</Text>
        </View>
        <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.staffTrials })}>
          <View className='me-page__persona-text'>
            <Text className='me-page__persona-title'>体验官管理</Text>
            <Text className='muted'>提前截止报名、回复体验反馈</Text>
          </View>
          <Text className='me-page__persona-state'>打开</Text>
        </View>
        <View className='me-page__persona' onClick={() => useStaff.getState().setKey(null)}>
          <View className='me-page__persona-text'>
            <Text className='me-page__persona-title'>员工密钥已保存</Text>
            <Text className='muted'>
              用于调整演示时间和恢复演示身份 · {apiMode === 'local' ? '演示数据（本机模拟后端）' : '联网后端'}
            </Text>
          </View>
          <Text className='me-page__persona-state'>清除</Text>
        </View>
      </View>
    </>
  )
}
