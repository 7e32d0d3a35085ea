"""Chinese place names: which a text names, how official names shorten (安徽省 → 安徽), and their level."""
from __future__ import annotations

import re
from functools import lru_cache

PROVINCES = {  # short name → official name, for the 34 provincial-level divisions
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "河北": "河北省", "山西": "山西省",
    "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省", "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省",
    "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省", "湖北": "湖北省", "湖南": "湖南省",
    "广东": "广东省", "海南": "海南省", "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省", "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区",
    "西藏": "西藏自治区", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区",
    "澳门": "澳门特别行政区"}
# Prefecture-level cities and other places questions name; with the provinces, enough to notice a place
# that no report in the library is about.
_CITIES = """
石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 雄安 太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁
呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳
盘锦 铁岭 朝阳 葫芦岛 长春 四平 辽源 通化 白山 松原 白城 延边 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯
七台河 牡丹江 黑河 绥化 大兴安岭 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 杭州 宁波 温州
嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安
亳州 池州 宣城 福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州
上饶 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳
鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州
黄冈 咸宁 随州 恩施 仙桃 潜江 天门 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西 广州
韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林
梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 海口 三亚 三沙 儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元
遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山 贵阳 六盘水 遵义 安顺 毕节 铜仁 黔东南 黔南
黔西南 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆 拉萨 日喀则 昌都 林芝
山南 那曲 阿里 西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉
庆阳 定西 陇南 临夏 甘南 西宁 海东 海西 玉树 果洛 银川 石嘴山 吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉
博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 塔城 阿勒泰 石河子
万州 黔江 涪陵 渝中 大渡口 江北 沙坪坝 九龙坡 南岸 北碚 綦江 大足 渝北 巴南 长寿 江津 合川 永川 南川 璧山 铜梁
潼南 荣昌 开州 梁平 武隆 城口 丰都 垫江 忠县 云阳 奉节 巫山 巫溪 石柱 秀山 酉阳 彭水 两江新区 西部科学城 浦东
"""
PLACES = frozenset(PROVINCES) | frozenset(_CITIES.split())
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "区", "县", "州", "盟")
SUFFIX = re.compile(r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市|区|县|州|盟)$")


INSTITUTION = re.compile(r"^(?:医科|师范|理工|工商|交通|大学|学院|医院|银行|集团|公司|机场|港务|日报|卫视)")


@lru_cache(maxsize=4096)
def _places(text: str) -> tuple[str, ...]:
    return tuple(_find_places(text))


def places_in(text: str) -> list[str]:
    """Known place names in `text`, longest first, each with the suffix the text gives it; a place that only
    names an institution (重庆医科大学) does not count."""
    return list(_places(text))


def _find_places(text: str) -> list[str]:
    """Known place names in `text`, longest first, each with the suffix the text gives it; a place that only
    names an institution (重庆医科大学) does not count."""
    found: list[str] = []
    for name in sorted(PLACES, key=len, reverse=True):
        pos = text.find(name)
        while pos >= 0 and INSTITUTION.match(text[pos + len(name):]):
            pos = text.find(name, pos + 1)
        if pos < 0 or any(name in f for f in found):
            continue
        rest = text[pos + len(name):]
        suffix = next((s for s in SUFFIXES if rest.startswith(s)), "")
        found.append(name + suffix)
    return found


def short(place: str) -> str:
    """安徽省 → 安徽, 广西壮族自治区 → 广西, 重庆市大足区 → 大足 (the last level, as people say it); the State
    Council's report is 全国."""
    if national(place):
        return NATIONAL
    parts = re.findall(r"[\u4e00-\u9fff]+?"
                       r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市|区|县|州|盟)",
                       place) or [place]
    name = SUFFIX.sub("", parts[-1])
    return name if len(name) >= 2 else parts[-1]


NATIONAL = "全国"
NATIONAL_NAMES = ("全国", "国家", "中国", "我国", "中华人民共和国", "国务院")
NATIONAL_PLACE = re.compile(r"^(?:中华人民共和国)?(?:国务院)?$|^全国$|^中国$")


def national(place: str) -> bool:
    """The State Council's report: its title names 中华人民共和国 or 国务院, not a province or a city."""
    return bool(place) and bool(NATIONAL_PLACE.match(place))


def level_of(place: str) -> str:
    """全国 for the State Council's report, 省 for provincial-level divisions (municipalities included), 市 for
    cities and prefectures, 区县 below."""
    if not place:
        return ""
    if national(place):
        return NATIONAL
    parts = re.findall(r"[\u4e00-\u9fff]+?(?:特别行政区|自治区|自治州|省|市|区|县|州|盟)", place) or [place]
    last = parts[-1]
    if len(parts) == 1 and (short(last) in PROVINCES or last in PROVINCES.values() or last.endswith(("省", "自治区"))):
        return "省"
    if last.endswith(("区", "县")) and not last.endswith("自治区"):
        return "区县"
    return "市"


def names(place: str) -> set[str]:
    """The ways a question names this place: 重庆市大足区, 大足区, 大足 (never the parent, 重庆 alone)."""
    if not place:
        return set()
    if national(place):
        return set(NATIONAL_NAMES)
    parts = re.findall(r"[\u4e00-\u9fff]+?"
                       r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市|区|县|州|盟)",
                       place) or [place]
    last = parts[-1]
    out = {place, last, short(place)}
    full = PROVINCES.get(short(place))
    if full and len(parts) == 1:
        out.add(full)
    return {n for n in out if len(n) >= 2}
