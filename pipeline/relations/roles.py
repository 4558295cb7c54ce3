"""What the text around a mention says about its role in its clause, whatever quantity asks.

A mention governed by a preposition (在X, 向X), followed by a speech verb (X表示), in a byline
or a dateline (记者X, 新华社北京…电), named as a source (据X统计), in a list (A、B), compared
with (比X), inside an event's name (亚特兰大|奥运会) or an example before 等 and a count: each
is a feature of the candidate subjects (pipeline/relations/subjects.py lists them all), read
once per mention by :class:`Roles` and shared by every quantity of the document. The cue
words are data: ``cues`` of configs/relations.json.
"""

from __future__ import annotations

import re

from ..punctuation import CLAUSE_END, ENUMERATION_COMMA
from .layout import Layout, Mention, is_han
from .rules import RelationRules, word_at

# the roles of a mention that make it no agent of its clause (Roles._roles)
NOT_AGENT_ROLES = ("preposition", "speaker", "reporter", "agency", "dateline", "source")
# the roles of a source of words or figures, which the guide lifts where the number describes
# that source itself (７５岁的赵增说: his age, though he speaks)
SOURCE_ROLES = ("speaker", "reporter", "source")

PUNCT = re.compile("[" + re.escape(CLAUSE_END) + "\n“”「」（）()]")


def title_between(layout: Layout, rules: RelationRules, body: Mention, person: Mention) -> bool:
    """A title stands between ``body`` and ``person`` right after it (省委书记张德江,
    巴基斯坦总理谢里夫): the body only says whose title the person holds."""
    if body.label == "PERSON" or person.label != "PERSON":
        return False
    title = layout.text[body.end : person.start]
    if not (len(title) <= rules.cues.title_gap_chars and is_han(title)
            and not title.startswith(rules.cues.coordination)):
        return False
    # no adverb, preposition or copula: 大考中心已於前晚將馬祖… is a clause, not a title
    return not any(
        word in rules.copulas or word in rules.cues.prepositions
        or (word in rules.predicate_skip and word not in rules.cues.possessive)
        for _, _, word in layout.iter_tokens(body.end, person.start)
    )


class Roles:
    """What the text around each mention says about its role (speaker, source ...), computed
    once per mention and shared by every quantity that considers it."""

    def __init__(self, layout: Layout, rules: RelationRules) -> None:
        self.layout, self.rules, self.cues = layout, rules, rules.cues
        self._cache: dict[int, dict[str, float]] = {}
        self._datelines: dict[int, tuple[bool, bool]] = {}

    def of(self, m: Mention) -> dict[str, float]:
        hit = self._cache.get(id(m))
        if hit is None:
            hit = self._cache[id(m)] = self._roles(m)
        return hit

    def _roles(self, m: Mention) -> dict[str, float]:
        text, cues = self.layout.text, self.cues
        before = text[max(0, m.start - 6) : m.start]
        after = text[m.end : m.end + 16]
        gap = PUNCT.search(after)
        tail = after[: gap.start()] if gap else after
        out: dict[str, float] = {}
        prev_tok = self.layout.token_before(m.start)
        if (
            prev_tok in cues.prepositions
            or (not prev_tok and before.endswith(cues.prepositions))
            or (prev_tok in cues.opening_prepositions
                and self._governs(m.start - len(prev_tok)))
        ):
            out["preposition"] = 1.0
        if after.startswith(cues.possessive):
            out["possessor"] = 1.0
        verb = cues.speech_verbs.search(after[: len(tail) + 1], 0)
        if verb is None and m.label == "PERSON":
            verb = cues.addressed_speech.search(after[: len(tail) + 1], 0)
        if verb is not None and verb.start() > cues.speaker_gap_chars:
            verb = None
        nxt = self.layout.mentions_in(m.end, m.end + len(tail))
        if nxt and m.label != "PERSON" and nxt[0].label == "PERSON":
            if self.of(nxt[0]).get("speaker"):
                out["speaker_affiliation"] = 1.0  # 某公司总经理X表示: the speaker's body
        elif verb is not None or self._turn(m):
            out["speaker"] = 1.0
        if before.endswith(cues.reporter_before) or (
                m.label == "PERSON" and cues.byline.search(text, max(0, m.start - 24), m.start)):
            out["reporter"] = 1.0
        dateline, agency = self._dateline_agency(m)
        if agency:
            out["agency"] = 1.0
        if dateline:
            out["dateline"] = 1.0  # 新华社北京２月１２日电: never what a figure is about
        if (
            before.endswith(cues.source_before)
            or prev_tok in cues.source_words
            or tail.startswith(cues.source_after)
            or cues.source_finding.search(tail, 0, cues.source_finding_end) is not None
        ):
            out["source"] = 1.0
        if text[m.end : m.end + 1] in ("、",) or text[max(0, m.start - 1) : m.start] == "、":
            out["inside_enumeration"] = 1.0
        if self._compared(m):
            out["compared"] = 1.0
        norm = m.record["norm"]
        if (after.startswith(cues.phrase_heads) or norm.endswith(cues.event_heads)
                or cues.event_names.fullmatch(norm)
                or (m.label == "PERSON" and after.startswith(cues.named_after_heads))
                or (after.startswith(cues.people_heads)
                    and not norm.endswith(self.rules.level_suffixes))):
            # 中华|民族: a people's name; 湖南省|民族自治地方: the province's own (no people is
            # named from an administrative place)
            out["in_phrase"] = 1.0
        if cues.unnamed_organs.fullmatch(norm):
            out["unnamed_organ"] = 1.0  # 市委, 县委: a bare organ, no name
        if self._exemplar(m):
            out["exemplar"] = 1.0
        if (
            (prev_tok or before[-1:]) in cues.circumstance_open
            and tail.startswith(cues.possessive)
            and tail.endswith(cues.circumstance_close)
            and len(tail) <= cues.circumstance_chars
        ):
            out["circumstance"] = 1.0  # 在村委会的帮助下: who helped, not who did
        return out

    def _governs(self, pos: int) -> bool:
        """The word joining two names (与, 和) at ``pos`` is a preposition that governs the
        name after it: where it opens its clause (，与美、日、德等国的机构一起) or, for the
        ``governing_prepositions`` (与), where it follows a word that is neither a name nor a
        pronoun (还与省农大联办, 先后与贵州省签订, 通过与山东省科委情报所联机); after a name or
        a pronoun it joins the two (中国与日本, 他与巴金)."""
        layout, cues = self.layout, self.cues
        if layout.opens_clause(pos):
            return True
        if (layout.token_after(pos) not in cues.governing_prepositions
                or layout.mention_at(pos - 1) is not None):
            return False
        word = layout.token_before(pos)
        return not (word in cues.first_person or word in cues.third_plural
                    or word in cues.third_person)

    def _turn(self, m: Mention) -> bool:
        """``m`` is a person whose turn of an interview or talk opens its sentence
        (陈昌本：这次评出的四部作品…): what follows is his speech, as after X表示."""
        layout = self.layout
        return (
            m.label == "PERSON"
            and layout.text.startswith(self.cues.turn_marks, m.end)
            and layout.sentence_starts[layout.sentence_of(m.start)] == m.start
        )

    def _exemplar(self, m: Mention) -> bool:
        """``m``, alone or an item of a list, right before the 等 and the count that close
        it: an example of what is counted (汪攀登等４９７名职工; 大庆、胜利等２４个油气生产基地,
        whose count sums the list up), no subject of that count or of the figures after it,
        which are the counted set's."""
        text, cues = self.layout.text, self.cues
        end = self._list_end(m)
        if not text.startswith(cues.list_close, end):
            return False
        k = end + len(cues.list_close)
        return self.layout.quantity_in(k, k + cues.exemplar_gap_chars) is not None

    def joined_at(self, m: Mention) -> int | None:
        """Where the count may start that a coordinating word joins to ``m`` and the names
        listed with it (卡特、福特以及|１００多名官员, 孔秀霞和|近百名职工): the position right
        after that word, or None. The count is of the others who join the names, no figure
        of theirs (the joined feature)."""
        layout, joiners = self.layout, self.cues.coordination
        text = layout.text
        end = m.end
        while True:
            joiner = word_at(joiners, text, end)
            if not joiner or layout.token_after(end) != joiner:
                return None  # 王平同志在他７０多年的: 同 of 同志 is no joiner
            k = end + len(joiner)
            nxt = layout.mention_at(k)
            if nxt is None or nxt.start != k:
                return k
            end = nxt.end

    def _list_end(self, m: Mention) -> int:
        """The end of the list ``m`` is an item of (``m.end`` when it is none): the names after
        it joined by a coordinating word, and up to ``unnamed_list_items`` short items that are
        no recognised names (大庆、胜利等)."""
        text, cues, layout = self.layout.text, self.cues, self.layout
        end, unnamed = m.end, 0
        while True:
            joiner = word_at(cues.coordination, text, end)
            if not joiner:
                return end
            k = end + len(joiner)
            nxt = layout.mention_at(k)
            if nxt is not None and nxt.start == k:
                end = nxt.end
                continue
            j = k
            while (j < len(text) and j - k < cues.list_item_chars and is_han(text[j])
                   and not text.startswith(cues.list_close, j)):
                j += 1
            if j == k or unnamed >= cues.unnamed_list_items:
                return end
            end, unnamed = j, unnamed + 1

    def agency(self, m: Mention) -> bool:
        """A news agency or paper (新华社, 本报), or the agency or place of a dateline
        (北京1月5日电): the cheap part of the roles, read for every mention of a text to tell
        what the text is about."""
        return self._dateline_agency(m)[1]

    def _dateline_agency(self, m: Mention) -> tuple[bool, bool]:
        """Whether ``m`` opens a dateline, and whether it is an agency (one that does, or a
        news agency or paper by name); read once a mention, for what the text is about, for
        the opening of each quantity's sentence and for the roles."""
        hit = self._datelines.get(id(m))
        if hit is None:
            cues = self.cues
            dateline = cues.dateline_end(self.layout.text, m.end) is not None
            hit = self._datelines[id(m)] = (dateline, dateline or m.record["norm"] in cues.agencies)
        return hit

    def _compared(self, m: Mention) -> bool:
        """Whether ``m`` is what figures are compared with: after 比 (比美国高３倍; not with a
        figure right after it, its own: 比起加拿大９％的失业率); after a word of measuring
        against (为, 相当于, 只有) and before a multiple, 的 maybe between (为美国的１７倍, 为美国
        ４９倍; not 是英国皇家空军的两架, 最高的是招行２.６％: the name's own); after 占 and
        before 的 and a share (占全区的３３％); or the next name of such a list (为美国的２１倍、
        德国的２.６倍)."""
        text, cues, lay = self.layout.text, self.cues, self.layout
        if text.endswith(cues.compared_before, 0, m.start):
            return not lay.in_quantity(m.end, m.end + 1)
        of = cues.possessive_at(text, m.end)
        figure = lay.quantity_in(m.end + len(of), m.end + len(of) + cues.compared_gap_chars)
        unit = lay.units.get(figure[0]) if figure is not None else None
        if unit in cues.compared_units:
            against = cues.measured_against
        elif unit in self.rules.share_units and of:
            against = cues.share_against
        else:
            return False
        if text.endswith(against, 0, m.start):
            return True
        if not text.endswith(ENUMERATION_COMMA, 0, m.start):
            return False
        prev = lay.mentions_in(max(0, m.start - cues.compared_item_chars), m.start)
        return bool(prev) and self.of(prev[-1]).get("compared", 0.0) > 0
