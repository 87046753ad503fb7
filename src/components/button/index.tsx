import { Button as TaroButton } from '@tarojs/components'
import type { ButtonProps as TaroButtonProps } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

export interface ButtonProps {
  /** Filled in the brand colour (the page's main action) or outlined (a second choice). @default 'filled' */
  variant?: 'filled' | 'outlined'
  /** `small` looks 32 px tall at the end of a row yet takes taps over 44 px. @default 'large' */
  size?: 'large' | 'small'
  /** Red: only for an action that loses something (sign out, delete). @default false */
  danger?: boolean
  disabled?: boolean
  loading?: boolean
  /** Places it on the page (width, margin); the look comes from the variant. */
  className?: string
  /** WeChat's open abilities (e.g. getPhoneNumber); ignored in H5. */
  openType?: TaroButtonProps['openType']
  onGetPhoneNumber?: TaroButtonProps['onGetPhoneNumber']
  onClick?: TaroButtonProps['onClick']
  children?: ReactNode
}

/** The app's one button: label centred, at least 44 × 44 px to tap, filled or outlined. */
export function Button({
  variant = 'filled',
  size = 'large',
  danger = false,
  className,
  children,
  ...rest
}: ButtonProps) {
  const classes = ['mc-button', `mc-button--${variant}`, `mc-button--${size}`]
  if (danger) classes.push('mc-button--danger')
  if (className) classes.push(className)
  return (
    <TaroButton className={classes.join(' ')} {...rest}>
      {children}
    </TaroButton>
  )
}
