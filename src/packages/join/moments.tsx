import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import './moments.scss'

/**
 * WeChat's scene for a page opened from a Moments post: a single-page preview with no sign-in,
 * no navigation and storage of its own, so nobody can join there.
 */
export const MOMENTS_SCENE = 1154

/** Whether this page runs in WeChat's single-page mode (opened from Moments). */
export function openedFromMoments(): boolean {
  try {
    const enter = Taro.getEnterOptionsSync?.() ?? Taro.getLaunchOptionsSync()
    return Number(enter?.scene) === MOMENTS_SCENE
  } catch {
    // An older base library without these calls is not the Moments preview.
    return false
  }
}

const CODE_RE = /^[A-Za-z0-9]{2,20}$/

/**
 * The invite code a link or a code carried: `?invite=MC12345` from a shared link or Moments, or
 * the mini-program code's `scene` (`invite=MC12345`, URL-encoded as WeChat hands it over).
 */
export function inviteFromQuery(params: Partial<Record<string, string | undefined>>): string {
  const direct = params.invite ? safeDecode(params.invite) : ''
  if (CODE_RE.test(direct)) return direct.toUpperCase()
  const scene = params.scene ? safeDecode(params.scene) : ''
  const fromScene = new URLSearchParams(scene.includes('=') ? scene : `invite=${scene}`).get('invite') ?? ''
  return CODE_RE.test(fromScene) ? fromScene.toUpperCase() : ''
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s).trim()
  } catch {
    return s.trim()
  }
}

/** What a friend sees in the Moments preview instead of a form: how to get into the mini-program to join. */
export function MomentsGuide({ code, inviter }: { code: string; inviter?: string | null }) {
  return (
    <View className='section moments-guide'>
      <Text className='moments-guide__title'>{inviter ? `${inviter} 邀请你加入会员` : '好友邀请你加入会员'}</Text>
      <Text className='moments-guide__body'>
        朋友圈里打开的是预览页，不能入会。请点击屏幕下方的「前往小程序」，在小程序里填写手机号即可开卡
        {code ? '，邀请码会自动带上' : ''}。
      </Text>
      {code ? <Text className='moments-guide__code'>邀请码 {code}</Text> : null}
    </View>
  )
}
