"""What a block is: the title, a part (一、), a section (（一）), a lead, an appendix heading, or body text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.ingest.blocks import Block

LEVEL1 = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
# （一） / 一是…
LEVEL2 = re.compile(r"^(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+是(?![的否])(?=[\u4e00-\u9fff“\"]))")
NUMBERED3 = re.compile(r"^\d{1,2}[.、．](?!\d)")
LOCAL_LEAD = re.compile(r"^——(?!\s*(?:19|20)\d{2}年\d)")  # 「——这一年,我们聚力…」 (not a 「——2025年1月…」 dateline)
ADDRESS = re.compile(r"^各位代表")      # 「各位代表!」 closes a sub-section: back to level 1
SENTENCE_END = re.compile(r"[。！？!?]")
PAUSE = re.compile(r"[,，、:：;；]")
# Parts named without a number (「2024年工作回顾」「2025年工作安排」「过去一年工作回顾」).
PART = re.compile(r"^(?:(?:19|20)\d{2}年|过去一年|今年|新的一年|关于)?[\u4e00-\u9fff“”\"、和的]{0,14}?"
                  r"(?:工作回顾|工作安排|工作部署|工作建议|总体要求|目标任务|主要目标|预期目标|重点工作|重点任务|主要任务|"
                  r"政府自身建设|自身建设)(?:和[\u4e00-\u9fff]{2,8})?$")
# Appendices kept as their own sections: 附件, 名词解释, the list of 民生实事.
APPENDIX = re.compile(r"^(?:附件\s*\d*|附录|附表|名词解释|注释|名词注释|(?:(?:19|20)\d{2}年)?[\u4e00-\u9fff\d]{0,8}"
                      r"(?:民生实事|惠民实事|民生项目|为民办实事)(?:项目)?(?:清单|名单)?)\s*[:：]?$")
LEAD_MAX = 24                           # a level-3 lead sentence is short and has no inner pause
HEADING_MAX = 60
STANDALONE_MAX = 30                     # a part or appendix heading stands alone on a short line


@dataclass(frozen=True)
class Kind:
    """level: 0 title, 1 part, 2 section, 3 lead; -1 body. local: heads only its own paragraph."""
    level: int
    heading: str = ""
    local: bool = False
    appendix: bool = False


BODY = Kind(-1)


def heading_text(text: str) -> str:
    """The heading a paragraph opens with: its first sentence without the end mark."""
    end = SENTENCE_END.search(text)
    head = text[:end.start()] if end else text
    if len(head) > HEADING_MAX:
        cut = max(head.rfind(",", 0, HEADING_MAX), head.rfind("，", 0, HEADING_MAX))
        head = head[:cut] if cut > 0 else head[:HEADING_MAX]
    return head.rstrip(":：;；,，")


def lead_sentence(text: str) -> str:
    """A short opening sentence such as 「推进交通互联互通。」, or '' when there is none."""
    end = text.find("。")
    head = text[:end] if end > 0 else ""
    if 4 <= len(head) <= LEAD_MAX and end + 1 < len(text) and not PAUSE.search(head):
        return head
    return ""


def _standalone(text: str) -> bool:
    return len(text) <= STANDALONE_MAX and not SENTENCE_END.search(text) and not text.endswith((":", "："))


def classify(block: Block, levels: list[int], in_front: bool, in_appendix: bool, in_run: bool = False) -> Kind:
    """`levels`: the heading levels open above this block; `in_front`: no part has started yet;
    `in_run`: a neighbouring paragraph opens with a short lead sentence too (parallel leads)."""
    text = block.text
    if in_front and not levels and not LEVEL1.match(text) and (
            _standalone(text) or block.md_level and len(text) <= HEADING_MAX):
        return Kind(0, text)                                    # the first heading-like line is the title
    if APPENDIX.match(text) and _standalone(text):
        return Kind(1, text.rstrip(":："), appendix=True)
    if in_appendix:  # numbering restarts inside an appendix: 一、 items are its sections, not new parts
        if LEVEL1.match(text) or LEVEL2.match(text):
            return Kind(2 if LEVEL1.match(text) else 3, heading_text(text))
        return BODY
    if LEVEL1.match(text) or (_standalone(text) and PART.match(text)):
        return Kind(1, heading_text(text))
    if block.md_level and not in_front:
        return Kind(2 if LEVEL2.match(text) else min(max(block.md_level - 1, 1), 3), heading_text(text))
    if in_front:
        return BODY                                             # source, dateline, speaker, 各位代表
    if LEVEL2.match(text):
        return Kind(2, heading_text(text))
    if LOCAL_LEAD.match(text):
        return Kind(2, heading_text(text), local=True)
    lead = block.bold_lead.rstrip("。.")
    if lead and not lead.endswith((":", "：")) and (len(lead) <= HEADING_MAX or lead == text):
        return Kind(3, heading_text(lead))
    if NUMBERED3.match(text):
        return Kind(3, heading_text(text))
    if (2 in levels or in_run) and not ADDRESS.match(text):
        lead = lead_sentence(text)
        if lead:
            return Kind(3, lead)
    return BODY
