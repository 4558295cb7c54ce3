"""Lists of names and the quantities they share or sum up.

A list of names (教育部、卫生部各派出20名专家) shares its quantity, one statement for each name,
or one name each in order where 分别 says so; a list governed by a preposition, one of an earlier
clause that is not its topic, or one whose count is its own length (安庆、池州…六市) is no
subject of the figure; a count right after a list or after the 等 that closes it (A、B、C等3家
银行, 河池、百色、南宁、柳州4个地区) sums the list up and is skipped. :class:`ListReader` answers
these questions for :class:`~.matcher.RelationMatcher`; the words are data (``cues`` of
configs/relations.json: ``coordination``, ``distributive``, ``list_close``, ``enumeration_end``
…).
"""

from __future__ import annotations

from bisect import bisect_left

from ..punctuation import ENUMERATION_COMMA
from ..quantities.parser import Quantity
from .layout import Layout, Mention, is_han
from .rules import RelationRules
from .subjects import SubjectChooser


class ListReader:
    """The list questions of one matcher; the roles of the chooser's current document say
    which list a preposition governs and which one owns what follows it."""

    def __init__(self, rules: RelationRules, chooser: SubjectChooser) -> None:
        self.rules = rules
        self.chooser = chooser

    def subjects(
        self,
        layout: Layout,
        quantities: list[Quantity],
        qi: int,
        m: Mention,
        group: list[Mention],
        assigned: dict[int, Mention],
    ) -> list[Mention]:
        """The subjects of quantity ``qi`` whose best candidate ``m`` is a name of the list
        ``group`` before it: every name of the list, one name each (分别), or none where the
        list is no subject of the figure."""
        q = quantities[qi]
        if len(group) > 1 and self.chooser.roles.of(group[0]).get("preposition"):
            # 在北京、上海…等大中城市相继建立，培训了４５万多人次; 从美国和意大利引进了两部: a
            # list governed by a preposition is where or whence, not what the figure is about
            # (of two names too: People's Daily folds 1-4, 34 statements, about 4 in 5 wrong)
            return []
        qs = layout.sentence_of(q.start)
        s0, s1 = layout.sentences[qs]
        cues = self.rules.cues
        if (
            m.label in ("GPE", "LOC")
            and layout.sentence_of(m.start) < qs
            and not cues.group_reference.search(layout.text, s0, q.start)
        ):
            # 漂到广州、珠海。普者黑共有湖泊六十多个: a list of places in an earlier sentence is
            # where the text went, not what a later figure is about, unless the figure's
            # sentence names the group again (两国直接贸易额, 这些国家的股市)
            return []
        # 各 and 都 as words (各派出, 都有), not inside one (各界, 首都)
        distributive = any(w in cues.distributive
                           for _, _, w in layout.iter_tokens(group[-1].end, q.start))
        if (not distributive and group[-1].end <= layout.clause_start(q.start, s0)
                and not self._topic(layout, group)):
            # 印尼、马来西亚和菲律宾的呆账总额…，占这些国家银行贷款总额的１５％; 由世界银行和贝宁
            # 政府共同组织召开的。１５个非洲国家: a list of an earlier clause shares a figure
            # only as the topic its clauses go on about (市广电局和公安局根据群众举报…，抓获
            # 当事人１０名); on People's Daily folds 1-4, 265 statements of such lists went,
            # of the 37 read 32 wrong
            return []
        if not distributive and len(group) > 2 and q.value == len(group):
            # 安庆、池州…马鞍山六市城区，以及六市所辖; …法国、德国和中国的７对选手: a count of as
            # many as the list has names is the list's (on People's Daily folds 1-4, 38
            # statements of six lists, all wrong); two names and 两次 may well be both's
            return []
        if distributive:
            # 分别: the list's names take the clause's quantities in order
            end = layout.clause_end(q.end, s1)
            same = [j for j in range(qi, len(quantities)) if quantities[j].start < end]
            units = {quantities[j].unit for j in same}
            if len(same) == len(group) and len(units) == 1:
                for j, member in zip(same, group, strict=True):
                    assigned[j] = member
                return [group[0]]
        return group

    def _topic(self, layout: Layout, group: list[Mention]) -> bool:
        """Whether a list of names (governed by no preposition: see ``subjects``) is
        the topic of its clause: opening it (a time maybe before; no item that is no
        recognised name before its first name: 包含聯電、華通、友達), owning nothing after it
        (的)."""
        start = group[0].start
        return (
            layout.opens_clause(start)
            and not layout.text.endswith(ENUMERATION_COMMA, 0, start)
            and not self.chooser.roles.of(group[-1]).get("possessor")
            and not self._owns_kind(layout, group[-1].end)
        )

    def _owns_kind(self, layout: Layout, end: int) -> bool:
        """Whether the list ending at ``end`` closes with 等, a kind and 的 (中宣部、国家教委…
        等有关部门的负责同志): the list owns what follows, as X的 does."""
        text, cues = layout.text, self.rules.cues
        if not text.startswith(cues.list_close, end):
            return False
        k = end + len(cues.list_close)
        window = text[k : k + cues.list_kind_chars + 1]
        mark = min((i for i in (window.find(p) for p in cues.possessive) if i >= 0), default=-1)
        return mark > 0 and is_han(window[:mark]) and layout.first_mention(k, k + mark) is None

    def sums(self, layout: Layout, q0: int) -> bool:
        """Whether the quantity at ``q0`` follows 等 closing a list of its clause (A、B等3家:
        the list's items need not all be recognised names) or a list of names right before it
        (河池、百色、南宁、柳州4个地区; A、B等国8家, A、B等地的20位: the things counted are
        the list's, no one name's; on 3,172 unlabelled paragraphs of People's Daily and
        CityU text 29 of the 32 statements this skips were such sums)."""
        text, cues = layout.text, self.rules.cues
        # A、B等地的20位: the list may close with a word for its kind of place and 的
        q = next((q0 - len(p) for p in cues.possessive if text.endswith(p, 0, q0)), q0)
        end = next((w for w in cues.enumeration_end if text.endswith(w, 0, q)), None)
        if end is None:
            end = self._kind(layout, q)
        if end is None:
            # 河池、百色、南宁、柳州4个地区: a list of names right before the count
            last = self._last_named(layout, q0)
            return last is not None and len(self.enumeration(layout, last)) > 1
        s0 = layout.sentences[layout.sentence_of(q0)][0]
        c0 = layout.clause_start(q0, s0)
        names = layout.mentions_in(c0, q0)
        if not names:
            return False
        if "、" in text[c0 : q - len(end)]:
            return True
        # one name right before 等 is an example of what is counted, no list the count sums
        # up (汪攀登等497名职工: the exemplar feature keeps it from being the subject)
        last = names[-1]
        return last.end == q - len(end) and len(self.enumeration(layout, last)) > 1

    def _kind(self, layout: Layout, q: int) -> str | None:
        """等 closing a list of names and the kind of its items right before ``q`` (甘肃、宁夏
        等贫困地区的, 江泽民、李鹏等与万名, 英国、法国等19个国家和地区的): a few Han characters,
        besides the count that sums the list, with no name and no verb (A、B等国家投资 is what
        they did, not what they are), else None. A list of things (塑胶粒、ABS等共1253吨) or
        of one name (与奔驰公司等50多家企业) is no list of names."""
        text, cues = layout.text, self.rules.cues
        k = text.rfind(cues.list_close, max(0, q - cues.list_window_chars), q)
        if k < 0 or layout.first_mention(k + 1, q) is not None:
            return None
        kind = "".join(c for i, c in enumerate(text[k + 1 : q], k + 1)
                       if not layout.in_quantity(i, i + 1))
        if len(kind) > cues.list_kind_chars or not is_han(kind):
            return None
        last = self._last_named(layout, k)
        if last is None or len(self.enumeration(layout, last)) < 2:
            return None
        if any(len(w) > 1 and w in self.rules.verbs for _, _, w in layout.tokens_in(k + 1, q)):
            return None
        return text[k:q]

    def _last_named(self, layout: Layout, end: int) -> Mention | None:
        """The last recognised name of a list that ends at ``end``, its last items maybe no
        recognised names (…、繁昌、无为、和县、当涂12个县市, 北大、清华、南大、复旦等39所): up to
        ``unnamed_list_items`` short Han items after it; None where the list has no name
        there, or a verb or a name followed by more ends it (从辽宁、河南调拨2万件, 在…陕西、
        云南捐建10所; one-character words are what the segmenter makes of an unknown name:
        当|涂)."""
        text, cues = layout.text, self.rules.cues
        last, item_end = layout.mention_at(end - 1), end
        for _ in range(cues.unnamed_list_items):
            if last is not None:
                break
            j = text.rfind("、", max(0, item_end - cues.list_item_chars - 1), item_end)
            if (j < 0 or not is_han(text[j + 1 : item_end])
                    or layout.first_mention(j + 1, item_end) is not None
                    or any(len(w) > 1 and w in self.rules.verbs
                           for _, _, w in layout.tokens_in(j + 1, item_end))):
                return None
            last, item_end = layout.mention_at(j - 1), j
        return last if last is not None and last.end == item_end else None

    def enumeration(self, layout: Layout, m: Mention) -> list[Mention]:
        """The list of names of one label that ``m`` belongs to (A、B和C), in text order."""
        coord = self.rules.cues.coordination
        text = layout.text
        i = bisect_left(layout.mention_starts, m.start)  # mentions never overlap
        lo = hi = i
        while lo > 0:
            prev = layout.mentions[lo - 1]
            if prev.label != m.label or text[prev.end : layout.mentions[lo].start] not in coord:
                break
            lo -= 1
        while hi + 1 < len(layout.mentions):
            nxt = layout.mentions[hi + 1]
            if nxt.label != m.label or text[layout.mentions[hi].end : nxt.start] not in coord:
                break
            hi += 1
        group = layout.mentions[lo : hi + 1]
        seen, out = set(), []
        for g in group:
            if g.key not in seen:
                seen.add(g.key)
                out.append(g)
        return out
