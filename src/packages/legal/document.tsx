import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import type { Programme } from '@/api/contract'
import { useCard } from '@/stores/card'
import './document.scss'

export interface Section {
  title: string
  paragraphs: string[]
}

/** What the documents name: the brand and its service line, as the backend serves them. */
export interface Operator {
  brand: string
  phone: string
  hours: string
}

/** The programme's brand and service line; until the programme has come, words that name no one wrongly. */
export function useOperator(): Operator {
  const programme: Programme | null = useCard((s) => s.programme)
  useEffect(() => {
    useCard
      .getState()
      .ensureProgramme()
      .catch(() => undefined) // offline: the document reads with the fallback words below
  }, [])
  return {
    brand: programme?.brand ?? '本品牌',
    phone: programme?.service.phone ?? '会员中心「我的」页所示的客服电话',
    hours: programme?.service.hours ?? '客服工作时间',
  }
}

/** A legal document: its title, when it takes effect, and numbered sections of plain paragraphs. */
export function LegalDocument({
  title,
  effective,
  sections,
}: {
  title: string
  effective: string
  sections: Section[]
}) {
  return (
    <View className='page legal'>
      <View className='section'>
        <Text className='legal__title'>{title}</Text>
        <Text className='muted'>{effective}</Text>
        {sections.map((s, i) => (
          <View key={s.title} className='legal__section'>
            <Text className='legal__heading'>
              {i + 1}. {s.title}
            </Text>
            {s.paragraphs.map((p) => (
              <Text key={p} className='legal__para'>
                {p}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}
