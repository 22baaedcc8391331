/// The 31 one-character abbreviations of mainland China's provinces, autonomous regions and
/// municipalities that open a Chinese plate (GA 36-2018), e.g. 桂 for Guangxi across the border.
enum ChinesePlateProvinces {
    static let all: Set<Character> = Set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")
}
