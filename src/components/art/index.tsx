import { Image } from '@tarojs/components'
import { pictureSrc } from './pictures'

export interface ArtProps {
  /** What the backend served: a picture key ('latte') or an image URL; nothing shows for null or an unknown key. */
  image: string | null | undefined
  /**
   * Sizes and rounds it. The component has no stylesheet of its own: shared by tab pages and
   * subpackages, its CSS would have to come in the same order on every page that uses it.
   */
  className?: string
}

/** A served picture for a product, reward or coupon. */
export function Art({ image, className }: ArtProps) {
  const src = pictureSrc(image)
  if (!src) return null
  return <Image className={`art${className ? ` ${className}` : ''}`} src={src} mode='aspectFill' />
}

export { pictureSrc }
