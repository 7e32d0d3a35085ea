"""Chinese place names a question may ask about, to notice places a report never mentions."""
from __future__ import annotations

# Provincial-level divisions, provincial capitals and large cities, Chongqing's districts and
# counties, and Sichuan's prefecture-level cities: the places a Chongqing/Sichuan reader names most.
_NAMES = """
北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南
四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门
石家庄 太原 沈阳 长春 哈尔滨 南京 杭州 合肥 福州 南昌 济南 郑州 武汉 长沙 广州 海口 成都 贵阳 昆明
西安 兰州 西宁 呼和浩特 南宁 拉萨 银川 乌鲁木齐 深圳 厦门 青岛 大连 宁波 苏州 无锡 东莞 佛山 温州
万州 黔江 涪陵 渝中 大渡口 江北 沙坪坝 九龙坡 南岸 北碚 綦江 渝北 巴南 长寿 江津 合川 永川
南川 璧山 铜梁 潼南 荣昌 开州 梁平 武隆 城口 丰都 垫江 忠县 云阳 奉节 巫山 巫溪 石柱 秀山 酉阳 彭水
两江新区 西部科学城
自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山
"""
PLACES = frozenset(_NAMES.split())
SUFFIXES = ("特别行政区", "自治区", "省", "市", "区", "县")


def places_in(text: str) -> list[str]:
    """Known place names in `text`, longest first, each with the suffix the text gives it."""
    found = []
    for name in sorted(PLACES, key=len, reverse=True):
        pos = text.find(name)
        if pos < 0 or any(name in f for f in found):
            continue
        rest = text[pos + len(name):]
        suffix = next((s for s in SUFFIXES if rest.startswith(s)), "")
        found.append(name + suffix)
    return found
