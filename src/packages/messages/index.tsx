import { useCallback, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { InboxMessage } from '@/api/contract'
import { askForReminders } from '@/adapters/subscribe'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { formatDayTime } from '@/domain/format'
import { serverNow } from '@/stores/api'
import { describeError } from '@/stores/errors'
import { useInbox } from '@/stores/inbox'
import { TAB_ROUTES } from '@/pages/routes'
import './index.scss'

/** Tab pages open with switchTab; every other link with navigateTo. */
function open(link: string) {
  const path = link.split('?')[0]
  if (TAB_ROUTES.includes(path)) void Taro.switchTab({ url: path })
  else void Taro.navigateTo({ url: link })
}

/** 消息: notices and reminders, each with why it came and a button to act on it; the WeChat reminders granted. */
export default function MessagesPage() {
  const messages = useInbox((s) => s.messages)
  const unread = useInbox((s) => s.unread)
  const answered = useInbox((s) => s.answered)
  const error = useInbox((s) => s.error)
  const subscriptions = useInbox((s) => s.subscriptions)
  const [asking, setAsking] = useState(false)

  const load = useCallback(
    () => Promise.all([useInbox.getState().load(), useInbox.getState().loadSubscriptions()]).then(() => undefined),
    [],
  )
  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const act = (m: InboxMessage) => {
    if (m.read === false) void useInbox.getState().markRead(m.id)
    if (m.link) open(m.link)
  }

  const remove = async (m: InboxMessage) => {
    const { confirm } = await Taro.showModal({
      title: '删除这条消息？',
      content: m.title,
      confirmText: '删除',
      cancelText: '保留',
    })
    if (!confirm) return
    try {
      await useInbox.getState().remove(m.id)
    } catch (e) {
      await Taro.showModal({ title: '未能删除', content: describeError(e), showCancel: false, confirmText: '知道了' })
    }
  }

  const readAll = async () => {
    try {
      await useInbox.getState().markAllRead()
    } catch (e) {
      void Taro.showToast({ title: describeError(e), icon: 'none' })
    }
  }

  const addReminders = async () => {
    const kinds = subscriptions?.kinds ?? []
    if (asking || kinds.length === 0) return
    setAsking(true)
    try {
      let accepted = await askForReminders(kinds.map((k) => k.templateId))
      // H5 has no subscribe sheet: say what a tap stands for, and count it as accepting them all.
      if (accepted === null) {
        const { confirm } = await Taro.showModal({
          title: '演示：微信订阅消息',
          content: `在微信里，这里会弹出订阅确认：每允许一次，可收到 1 条对应提醒。演示中视为全部允许：${kinds.map((k) => k.name).join('、')}。`,
          confirmText: '允许',
          cancelText: '取消',
        })
        accepted = confirm ? kinds.map((k) => k.templateId) : []
      }
      const chosen = kinds.filter((k) => accepted.includes(k.templateId)).map((k) => k.kind)
      if (chosen.length === 0) return
      await useInbox.getState().addReminders(chosen)
      void Taro.showToast({ title: '已添加提醒', icon: 'success' })
    } catch (e) {
      await Taro.showModal({
        title: '未能添加提醒',
        content: describeError(e),
        showCancel: false,
        confirmText: '知道了',
      })
    } finally {
      setAsking(false)
    }
  }

  if (!answered)
    return (
      <View className='page messages-page'>
        <CardSkeleton lines={4} />
      </View>
    )
  if (error && messages.length === 0)
    return (
      <View className='page messages-page'>
        <ErrorState message={error} onRetry={() => void load()} />
      </View>
    )

  const now = serverNow()
  const sent = subscriptions?.outbox[0] ?? null
  return (
    <View className='page messages-page'>
      <View className='messages-page__head'>
        <Text className='messages-page__count'>{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
        {unread > 0 ? (
          <Button className='btn-plain messages-page__read-all' onClick={() => void readAll()}>
            全部已读
          </Button>
        ) : null}
      </View>
      {error ? <RetryNotice className='messages-page__error' message={error} onRetry={() => void load()} /> : null}

      {messages.length === 0 ? (
        <View className='section messages-page__empty'>
          <Text className='messages-page__empty-title'>暂无消息</Text>
          <Text className='muted'>积分到期、优惠券快过期、会员日前一天，都会在这里提醒你</Text>
        </View>
      ) : (
        messages.map((m) => (
          <View key={m.id} className={`section message${m.read === false ? ' message--unread' : ''}`}>
            <View
              className='message__head'
              onClick={() => {
                if (m.read === false) void useInbox.getState().markRead(m.id)
              }}
            >
              {m.read === false ? <View className='message__dot' aria-label='未读' /> : null}
              <Text className='message__title'>{m.title}</Text>
              <Text className='message__time'>{formatDayTime(m.at, now)}</Text>
            </View>
            <Text className='message__body'>{m.body}</Text>
            {m.why ? <Text className='message__why'>{m.why}</Text> : null}
            <View className='message__actions'>
              <Button className='btn-plain message__delete' onClick={() => void remove(m)}>
                删除
              </Button>
              {m.link && m.action ? (
                <Button className='btn-primary message__action' onClick={() => act(m)}>
                  {m.action}
                </Button>
              ) : null}
            </View>
          </View>
        ))
      )}

      {subscriptions ? (
        <View className='section reminders'>
          <Text className='section__title'>微信提醒</Text>
          <Text className='muted'>每允许一次，微信会在对应时刻提醒你 1 次，用完可再添加</Text>
          <View className='reminders__kinds'>
            {subscriptions.kinds.map((k) => (
              <View key={k.kind} className='reminders__kind'>
                <Text className='reminders__name'>{k.name}</Text>
                <Text className='reminders__count'>×{k.granted}</Text>
              </View>
            ))}
          </View>
          {sent ? (
            <Text className='reminders__sent'>
              已通过微信提醒你：{sent.title}（{formatDayTime(sent.at, now)}）
            </Text>
          ) : null}
          <Button className='btn-primary reminders__add' disabled={asking} onClick={() => void addReminders()}>
            {asking ? '请稍候…' : '添加提醒'}
          </Button>
        </View>
      ) : null}
    </View>
  )
}
