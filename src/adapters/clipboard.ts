import Taro from '@tarojs/taro'

/** Copies `data` and says `toast`; false when nothing was copied (the member dismissed WeChat's clipboard consent: nothing to say). */
export async function copyText(data: string, toast: string): Promise<boolean> {
  try {
    await Taro.setClipboardData({ data })
    void Taro.showToast({ title: toast, icon: 'success' })
    return true
  } catch {
    return false
  }
}
