"""Named platforms and hotlines as subjects: 平台“寻秦集”, “益农服务”信息平台, 12582热线.

News about companies attributes many figures to a named platform or service rather than the
company (平台注册用户110万). These names are often not in NER training data, so they are
found by shape: a quoted name next to a platform head noun, an organisation name extended
by a compound ending in a platform head, or a number + hotline head.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import PlatformRules

_QUOTED = re.compile(r"[“\"「]([\u4e00-\u9fffA-Za-z0-9]{2,10})[”\"」]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{0,10}")


@dataclass(frozen=True)
class PlatformMention:
    start: int
    end: int


def find_platforms(
    text: str, org_spans: list[tuple[int, int]], rules: PlatformRules
) -> list[PlatformMention]:
    """Platform-like names in simplified ``text`` (offsets into it)."""
    heads = rules.heads
    found: list[PlatformMention] = []
    for m in _QUOTED.finditer(text):
        before = text[max(0, m.start() - 3) : m.start()]
        after = _HAN_RUN.match(text, m.end())
        tail = after.group() if after else ""
        tails = rules.tail_heads
        if before.endswith(heads) or any(tail[:i].endswith(tails) for i in range(len(tail) + 1)):
            found.append(PlatformMention(m.start(1), m.end(1)))
    for start, end in org_spans:
        run = _HAN_RUN.match(text, end)
        tail = run.group() if run else ""
        for i in range(len(tail), 0, -1):
            follow = text[end + i : end + i + 1]
            if (
                tail[:i].endswith(rules.tail_heads)
                and i >= 2
                and (
                    not follow
                    or not "\u4e00" <= follow <= "\u9fff"
                    or follow in rules.follow
                )
            ):
                found.append(PlatformMention(start, end + i))
                break
    for m in re.finditer(r"\d{3,6}(?:" + "|".join(map(re.escape, heads)) + ")", text):
        found.append(PlatformMention(m.start(), m.end()))
    return found
