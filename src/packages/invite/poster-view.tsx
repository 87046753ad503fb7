import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { CodeCanvas } from '@/components/code-canvas'
import { textQr } from '@/components/code-canvas/text-qr'
import { useInvite } from '@/stores/invite'
import { drawPoster, POSTER_CSS, type PosterContext, type PosterSpec } from './poster'

const isH5 = process.env.TARO_ENV === 'h5'

/** Draw the poster on a canvas of its own and hand it back as a PNG: a picture can be long-pressed and saved, a canvas cannot. */
function posterImage(spec: PosterSpec): string | null {
  if (typeof document === 'undefined') return null
  const ratio = Math.min(3, Math.max(2, Math.round(window.devicePixelRatio || 2)))
  const canvas = document.createElement('canvas')
  canvas.width = POSTER_CSS.width * ratio
  canvas.height = POSTER_CSS.height * ratio
  const ctx = canvas.getContext('2d') as unknown as PosterContext | null
  if (!ctx) return null
  try {
    drawPoster(ctx, spec, ratio)
    return canvas.toDataURL('image/png')
  } catch {
    return null
  }
}

/** H5: the poster as one picture to save or long-press. */
function H5Poster({ spec }: { spec: PosterSpec }) {
  const [src, setSrc] = useState<string | null | undefined>(undefined)
  useEffect(() => setSrc(posterImage(spec)), [spec])
  if (src === undefined) return null
  if (!src) return <Text className='invite-poster__failed'>海报未能生成，可复制邀请链接发给好友</Text>
  return (
    <View className='invite-poster__frame'>
      <Image className='invite-poster__image' src={src} mode='scaleToFill' showMenuByLongpress />
      <Text className='invite-poster__hint'>长按图片保存，或截图分享给好友</Text>
    </View>
  )
}

/** WeChat: the poster's words with the invite's mini-program code (the backend's; a QR of the join link when it has none). */
function WeappPoster({ spec }: { spec: PosterSpec }) {
  const wxacode = useInvite((s) => s.wxacode)
  useEffect(() => {
    void useInvite.getState().loadWxacode()
  }, [])
  return (
    <View className='invite-poster__card'>
      <View className='invite-poster__band' style={{ backgroundColor: spec.color }}>
        <Text className='invite-poster__brand'>{spec.brand}</Text>
        <Text className='invite-poster__kind'>会员邀请</Text>
      </View>
      <Text className='invite-poster__who'>
        {spec.nickname} 邀请你加入{spec.brand}会员
      </Text>
      <Text className='invite-poster__gets'>{spec.friendGets}</Text>
      {wxacode?.image ? (
        <Image className='invite-poster__wxacode' src={wxacode.image} mode='aspectFit' showMenuByLongpress />
      ) : wxacode ? (
        <CodeCanvas kind='qr' value={wxacode.fallbackText} qr={textQr} canvasId='invite-qr' width={180} height={180} />
      ) : (
        <View className='invite-poster__wxacode' />
      )}
      <Text className='invite-poster__code'>邀请码 {spec.code}</Text>
      <Text className='invite-poster__hint'>截图保存，好友微信扫码即可入会</Text>
    </View>
  )
}

/** The invitation poster: drawn as a picture in H5, laid out with the mini-program code in WeChat. */
export function InvitePoster({ spec }: { spec: PosterSpec }) {
  return <View className='invite-poster'>{isH5 ? <H5Poster spec={spec} /> : <WeappPoster spec={spec} />}</View>
}
