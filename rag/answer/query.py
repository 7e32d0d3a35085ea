"""Reads a question: what kind of answer it wants, which year, which unit, which terms matter."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer import measures
from rag.ingest import numerals
from rag.search.lexicon import expansions
from rag.search.tokens import STOPWORDS, normalize, words

WHERE = re.compile(r"哪[一个]?(?:部分|节|章|块|段|个位置|板块)|(?:放在|在).{0,15}哪[一个]?(?:条|项|部分)(?:下|里)|哪[里儿](?:讲|提|说|写|谈|有讲|有提)|什么地方(?:讲|提|说|写)|在报告(?:的)?(?:哪|什么位置|什么地方)|什么位置|哪个章节|出现在哪|写在哪|讲在哪|放在哪")
COMPARE = re.compile(r"对比|相比|比较|\bvs\b|变化|分别是多少|各是多少|比去年|比上年|高吗|低吗|多了还是少了")
LIST = re.compile(r"哪些|哪几|哪[“\"]?[一二两三四五六七八九十\d]+[个大项种条类句]|分别|有什么(?:措施|举措|项目|行动|要求)|几个方面|几大|具体指|指什么|指哪|包括什么|包括哪|是哪[几两三四五六七八九十]")
NUMBER = re.compile(r"多少|金额|几[个项条家户人名座所处张次套亩元吨天件场部台辆成年月]|多大|多高|多长|多远|比重|比例|占比|增速|增幅|百分之|几个百分点|率是|率为")
PLAN = re.compile(r"怎么|怎样|如何|为什么|为何|咋|打算|举措|措施|路子|办法|思路|有什么(?:安排|新)")
PAST = re.compile(r"去年|上年|上一年|过去一年|过去的一年|一年来")
PRESENT = re.compile(r"今年|本年|明年起")
PLANNED = re.compile(r"目标|预期|计划|力争|打算|将要|要达到|要实现|工作安排|部署")  # present only when no past marker
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年|(?![\d\u4e00-\u9fff]))")
PERCENT = re.compile(r"比例|占比|比重|百分之|几成")  # a share: the answer is a percentage
MONEY = re.compile(r"多少钱|金额|花了多少|资金多少|投了多少|投入多少")  # a sum of money, in some 元
WHEN = re.compile(r"哪一年|哪年|何年|什么时候|何时|几月份|哪个月")
RELATIVE_OUT = re.compile(r"大前年|(?<![比较同])前年|明年|后年")
OFFSETS = {"大前年": -3, "前年": -2, "明年": 1, "后年": 2}  # 「比前年涨了多少」 is last year's growth
COUNT_WORD = re.compile(r"[一二两三四五六七八九十]+个")  # 「哪四个导向」: the count asked for, not a topic
COUNT = re.compile(r"([一二两三四五六七八九十]+|\d{1,2})(?:个|大|项|种|条|类|句|方面)(字)?")
UNIT = re.compile(r"(?:多少|几)(万|亿)?(个百分点|百分点|平方米|美元|万元|亿元|人次|公里|万吨|月份|[个条户座处张套亩元吨米天件台辆月]"
                  r"|项(?!目)|家(?![庭属长])|人(?![口员民均])|名(?![单称])|所(?![有在])|次(?!数)|场(?![所景])|部(?![门分]))")
# Spoken and south-western question words (重庆话 好多 = 多少), read as their standard forms.
DIALECT = [(re.compile(a), b) for a, b in [
    (r"(?<=[有是要领剩花共整卖值了到收交])好多(?!年)|好多(?=(?:钱|亿|万|人|天|个|家|户|套|名|元|块|条)?[?？]?$)", "多少"),
    (r"好多钱", "多少钱"), (r"好大", "多大"), (r"几多", "多少"), (r"几成", "多少"),
    (r"咋个整|咋整", "怎么办"), (r"咋样|咋个样", "怎么样"), (r"咋个", "怎么"),
    (r"啥时候|(?<![了等])好久(?=[能才会可开通建修完]|[?？]?$)", "什么时候"), (r"有没得|有莫得", "有没有"), (r"么子|啥子", "什么"), (r"啥", "什么")]]
# Words that carry the question's form, not its topic; they count only when nothing else is left.
SOFT_WORDS = {"今年", "去年", "目标", "预期", "主要", "情况", "内容", "方面", "工作"}
QUESTION_WORDS = STOPWORDS | SOFT_WORDS | {
    "哪部分", "部分", "哪里", "位置", "哪一部分", "具体", "分别", "对比", "相比", "大足", "大足区", "这份", "这个", "那个", "地方",
    # the whole of the report's own place, at every level: no sentence needs to repeat it
    "全区", "咱们区", "我区", "全省", "咱们省", "我省", "全市", "咱们市", "我市", "全县", "全州", "全自治区",
    "因为", "所以", "终于", "那里", "那场", "那次", "当成", "一起", "一共", "最后", "没有", "不是", "哪次", "哪家", "哪个", "几个", "哪几个",
    "几句话", "最多", "最少", "至少", "超过", "不超过", "以下", "以上", "以内", "人家", "还要", "还会", "还得", "单位", "老百姓", "百姓", "咋样", "什么样", "有没有", "能不能", "会不会", "给不给"}


@dataclass(frozen=True)
class Query:
    """A question, read once; composing and abstaining both use it."""
    text: str
    norm: str
    kind: str                          # where | compare | list | number | plan | fact
    periods: frozenset[str]            # from 去年/今年/目标: {"past"}, {"present"}, both, or empty
    years: tuple[int, ...]             # explicit years named in the question
    out_of_range: bool                 # names 前年/明年 or similar relative years
    unit: str                          # unit a number answer must carry, '' when any number will do
    count: int                         # how many items a list question expects, 0 if unsaid
    terms: dict[str, tuple[str, ...]]  # content term → the strings that count as finding it
    relative: tuple[int, ...] = ()     # 前年/明年 as offsets from the year a report plans for (前年 → -2)
    measure: str = ""                  # what a number's figure must measure: "date" | "rate" | "level" | ""


def _count(norm: str) -> int:
    m = COUNT.search(norm)
    if not m:
        return 0
    g = m.group(1)
    if m.group(2):  # 「哪十二个字」 asks for a phrase of that length, not for that many items
        return 0
    return int(g) if g.isdigit() else numerals.read(g)


def _kind(norm: str) -> str:
    if WHERE.search(norm):
        return "where"
    if LIST.search(norm) and "多少" not in norm:
        return "list"
    if (NUMBER.search(norm) or WHEN.search(norm)) and "第几" not in norm:  # 「第几个五年普法」 asks for an ordinal, not a count
        return "number"
    if PLAN.search(norm):
        return "plan"
    return "list" if _count(norm) >= 2 else "fact"  # 「2大主导产业是什么」 names a list by its size


def _terms(norm: str, known: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    terms: dict[str, tuple[str, ...]] = {t: (t,) for t in known if t in norm}  # the reports' own terms, whole
    for w in words(norm):
        if w in QUESTION_WORDS or YEAR.fullmatch(w) or len(w) < 2 and not w.isdigit() or COUNT_WORD.fullmatch(w):
            continue
        terms.setdefault(w, (w,))
    if not terms:  # 「今年主要预期目标有哪些？」: the soft words are the topic
        terms = {w: (w,) for w in words(norm) if w in SOFT_WORDS}
    for colloquial, report_words in expansions(norm).items():
        terms[colloquial] = (colloquial, *report_words)
        for w in list(terms):
            if w != colloquial and w in colloquial:
                del terms[w]  # the colloquial phrase stands for its parts
    # a longer term already carries its parts (生产总值 ⊂ 地区生产总值); it inherits a colloquial part's
    # report words (娃 ⊂ 娃娃 → 儿童)
    kept = {t: v for t, v in terms.items() if not any(t != o and t in o for o in terms)}
    for t, v in terms.items():
        if t not in kept and len(v) > 1:
            for o in kept:
                if t in o:
                    kept[o] = tuple(dict.fromkeys((*kept[o], *v[1:])))
    return kept


def plain(norm: str) -> str:
    for pattern, standard in DIALECT:
        norm = pattern.sub(standard, norm)
    return norm


def analyze(question: str, known: tuple[str, ...] = ()) -> Query:
    """Read `question`. Years stay explicit; rag.answer.periods maps them onto each report's parts.
    `known`: the reports' own quoted terms (「三攻坚一盘活」), kept whole as terms."""
    spoken = normalize(question).strip()
    norm = plain(spoken)
    years = tuple(dict.fromkeys(int(y) for y in YEAR.findall(norm)))
    periods = set()
    if PAST.search(norm):
        periods.add("past")
    if PRESENT.search(norm) or (PLANNED.search(norm) and not periods and not years):
        periods.add("present")
    unit = UNIT.search(norm) if "第几" not in norm else None
    unit_text = (unit.group(1) or "") + unit.group(2) if unit else ("元" if MONEY.search(norm) else "")
    if WHEN.search(norm):
        unit_text = "年"
    elif not unit_text and PERCENT.search(spoken):
        unit_text = "%"
    compare_like = len(periods) + len(years) >= 2 or (COMPARE.search(norm) and (periods or years))
    kind = "compare" if compare_like and not WHERE.search(norm) else _kind(norm)
    terms = {t: v for t, v in _terms(norm, known).items() if not unit_text or t != unit_text}  # the unit is no topic
    relative = tuple(dict.fromkeys(OFFSETS[m] for m in RELATIVE_OUT.findall(norm)))
    measure = measures.asked(norm) if kind in ("number", "compare") else ""
    return Query(question, norm, kind, frozenset(periods), years, bool(relative), unit_text, _count(norm), terms,
                 relative, measure)
