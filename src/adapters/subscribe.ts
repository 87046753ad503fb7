/** WeChat's one-time subscribe message: the member agrees, in WeChat's own sheet, to one reminder. */
import Taro from '@tarojs/taro'

/** True when the member accepted (always true outside WeChat, where the backend only records the wish). */
export async function askToSubscribe(templateId: string): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return true
  try {
    const answer = (await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] })) as unknown as Record<
      string,
      string
    >
    return answer[templateId] === 'accept'
  } catch {
    return false
  }
}
