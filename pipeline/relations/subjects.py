"""Choosing the subject of a quantity: candidates proposed by structure, ranked by a scorer.

The candidates of a quantity are the entities mentioned in its sentence and the
``sentence_lookback`` sentences before it, the nominal anaphors (全省, 该公司) there resolved to
the entity they stand for, and the subject of the previous statement (adding the document's
most mentioned entity as a candidate everywhere was measured: no change on dev; it is a
feature instead). Each candidate is described by a few structural features (below); a linear
scorer sums their weights, and the quantity goes to the best candidate if it beats the null
score. The weights are data: hand-set in ``configs/relations.json``, or learned from gold by
``zhkg train subjects`` (docs/relations.md), so that rules and learned ranking share one form.
The features that depend on the mention alone, not on the quantity (preposition, possessor,
speaker … circumstance), are its roles, read once per mention in :mod:`.roles`.

Features of a candidate (the mention of it nearest to the quantity is described):
  bias                     1 for every candidate
  label_ORG ... label_LOC  its label
  same_clause              it is in the quantity's clause
  clauses_back             clause breaks between it and the quantity (capped)
  sentences_back           sentences between it and the quantity
  after                    it follows the quantity
  clause_initial           first mention of its clause, near the clause start (topic position);
                           a person after a body and a title that open the clause has it in
                           the body's stead (巴基斯坦总理谢里夫在…: the body says whose title)
  sentence_initial         first mention of its sentence, after a dateline's agency and
                           place (本报北京…讯日前国家环保局…: 国家环保局)
  nearest                  the nearest mention before the quantity
  preposition              governed by a preposition (在X, 向X, 为X): an oblique, not the agent
  possessor                followed by 的 (X的Y中有40%)
  speaker                  followed by a speech verb (X表示, X介绍), or a person whose turn of
                           an interview opens the sentence (陈昌本：这次评出的四部作品…)
  speaker_affiliation      followed by a person who is a speaker (某公司总经理X表示)
  reporter                 preceded by 记者, or a person in the bracket right after a
                           dateline (新华社天津２月４日电（栗建昌、葛素红）)
  agency                   a news agency or a dateline (新华社北京1月5日电)
  dateline                 opens a dateline (新华社北京２月１２日电（记者…）, 本报南京１月８日电):
                           the agency and the place of the dateline, which the body's first
                           clause follows without a mark; on top of ``agency``
  source                   a source of statistics (据X统计, X公布, X最新调查发现)
  anaphor                  reached through a nominal anaphor (全省 -> 贵州省)
  carry                    subject of the previous statement of the document
  salience                 log of its number of mentions in the document
  main                     the document's most mentioned entity, news agencies and the
                           places of datelines aside (新华社北京…电 … 在北京逝世: not 北京); of
                           names mentioned as often, the one person that is no source, else none
  inside_enumeration       one of a list of names (A、B、C)
  distance                 log of the characters between it and the quantity
  modifier                 a place right before the quantity in a text whose most mentioned
                           entity (a dateline's agency and place aside) is an organisation:
                           the scope of what that body did there
                           (陕西移动将覆盖全省56个国定贫困县), not its subject; in a text about a
                           place the place holds the count (带动全区12个县: 喀什's, as the
                           guide's 河北26个贫困县 is 河北省's)
  ancestor                 a linked place that contains another place named before the
                           quantity in its sentence (贵州省 in 贵州省昭通市镇雄县投入…, 商丘市
                           before 王集乡所辖18个行政村): the guide's subject is the place whose
                           statistic it is, the most specific one named; never a nominal
                           (全省, 全区), which says it is the whole; also a place whose 的
                           names a place in it (夏威夷的瓦胡岛, 迪庆藏族自治州的中甸县), or
                           that an area of it the gazetteer does not link follows (江苏省金坛
                           市, 美国佛罗里达州), but not before a country (旅居德国的中国艺术家)
  person_elsewhere         a person outside the quantity's clause: the guide's persons hold
                           the figures of their own clause (三十岁的王小明, 王小明每月收入三千元);
                           the organisations and places of a text carry on, its persons much
                           less (41 of the 49 such statements on dev were wrong, NER 0.2.0)
  described                it follows the quantity through 的 as the last name of that noun
                           phrase (17岁的俄罗斯新人莎拉波娃; the guide's 三十岁的王小明): the
                           figure describes it, whatever the names before
  unnamed_topic            an organisation anaphor (该厂, 该公司) that resolves to no name of the
                           text is the last topic before the quantity: the figure is that
                           unnamed body's
  they_topic               他们 / 她们 is the last topic before the quantity: the figure is the
                           group's, an organisation named before the pronoun (李宁集团…他们投资
                           200万元) or nobody named; every other candidate has this feature
  person_topic             他 / 她 is the last topic before the quantity: the figure is a
                           person's, one named before the pronoun (孔泽尔…他指挥、演奏的五十七张
                           唱片) or nobody named; every other candidate has this feature
  affiliation              the body named right before the title of the person who is the
                           nearest name before the quantity in its clause, or who opens that
                           clause (黑龙江省委书记徐有芳两次批示, 巴基斯坦总理谢里夫在结束了对
                           中国为期一周的访问): the person acts, the body says whose secretary
                           he is; not where the person is a speaker (the speaker's body may
                           hold it), nor where an adverb, preposition or copula stands between
                           (大考中心已於前晚將馬祖…: a clause, not a title)
  in_word                  a one-character place that the segmenter joined with its neighbours
                           into one word (台商, 京郊, 奥运会, 湘莲): a modifier inside a noun,
                           not what the number is about; a standalone abbreviation (罗|外贸赤字,
                           沿|淮) is a word of its own
  in_title                 inside quotation or title marks that hold more than the name
                           (《中华人民共和国地形全图》以幅面为４４厘米, “雷锋车”已接送９万人次,
                           盗卖“四川长虹”１．５万股): a word of a title or of another name
  unnamed_organ            a bare organ of a level of government (市委, 县委, 省政府, 村委会:
                           ``cues.unnamed_organs``) that names no one: the guide's quantity
                           about nothing named, not a subject
  compared                 what figures are compared with, not what they are about: after 比
                           (日本比美国落后10年), or after 为 / 相当于 / 占 … before a multiple
                           or share (为美国的17倍、德国的3.7倍, 占全区的33%); its
                           nearest mention does not stand for a name named before it in the
                           clause (西藏青壮年文盲率比西藏和平解放前下降)
  exemplar                 the one name before 等 and a count (铁二局一处八队等51个单位,
                           汪攀登等497名职工): one example of what is counted, neither its
                           subject nor the list the count sums up; the count goes to whoever
                           awarded, hired or counted them (铁道部决定：授予…); or a
                           name of a list that 等 and a count close (大庆、胜利等24个油气
                           生产基地): the figures after it are the counted set's
  in_phrase                right before a word that makes it part of an event's name
                           (亚特兰大|奥运会, 汤姆斯|杯: events are never subjects, the guide) or
                           of a region named from it (长江|以南, 拉萨|以北９０公里处); or
                           itself an event's name, ending like one (奥运会, 联赛, 联盟杯)
  joined                   a person (or a list of persons) that a coordinating word joins to
                           the quantity right after it (卡特、福特以及１００多名官员, 孔秀霞和
                           近百名职工): the count is of the others who join them
  other_item               the label of an earlier item of a list of label-figure pairs whose
                           later item's label is no name (華邦電三三．八％、茂矽三三．三三％:
                           the second figure is 茂矽's, which the NER did not find)
  own_later                after the quantity, in a later clause that holds a figure of its
                           own (本届冬奥会共设置６８个项目的比赛，德国队以１２枚金牌…; 落差在
                           ０.７-０.８米之间，而葛洲坝截流落差为３.２３米): that figure is its,
                           the earlier one is someone else's
  circumstance             the name of a circumstance phrase (在村委会的帮助下, 在X的指导下,
                           在X的领导下): who helped, guided or led, not who did what the
                           clause after it counts
  superseded               a person opens a later clause of the quantity's sentence as its
                           agent (湘西…，彭楚政翻山越岭，行程5000公里; 他找到杨朝明，先后资助了
                           600元): the narrative has moved to that person, whose figure it is
  narrator                 a first-person pronoun is the last topic before the quantity in its
                           sentence (迁到浦东后，我们投资1000万元; 我凭着作品，挤下数十位), or
                           我国 / 全国 that name no country of the text and open their clause
                           (1997年我国失业率为3.5%): the figure is the narrator's, and nothing
                           named is what it is about
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..graph.identity import names_someone
from .layout import Layout, Mention, is_han
from .roles import NOT_AGENT_ROLES, PUNCT, SOURCE_ROLES, Roles, title_between
from .rules import RelationRules, word_at

FEATURES = (
    "bias",
    "label_ORG",
    "label_GPE",
    "label_PERSON",
    "label_LOC",
    "same_clause",
    "clauses_back",
    "sentences_back",
    "after",
    "clause_initial",
    "sentence_initial",
    "nearest",
    "preposition",
    "possessor",
    "speaker",
    "speaker_affiliation",
    "reporter",
    "agency",
    "dateline",
    "source",
    "anaphor",
    "carry",
    "salience",
    "main",
    "inside_enumeration",
    "distance",
    "modifier",
    "ancestor",
    "person_elsewhere",
    "narrator",
    "described",
    "unnamed_topic",
    "they_topic",
    "person_topic",
    "in_word",
    "in_title",
    "unnamed_organ",
    "affiliation",
    "compared",
    "in_phrase",
    "exemplar",
    "joined",
    "other_item",
    "own_later",
    "circumstance",
    "superseded",
)

@dataclass
class Candidate:
    """One entity that a quantity may be about, with the mention that stands for it."""

    mention: Mention
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


def _most_mentioned(
    counts: Counter, protagonist: Callable[[tuple[str, str]], bool]
) -> tuple[str, str] | None:
    """The key mentioned most often; of keys mentioned as often, the one protagonist among
    them (a person who is no source of words or figures: 李六金 beside the zoo he gave to),
    else none: a text that names two entities as often as each other is about neither more
    than the other (a tie had gone to the shorter name, so 中國 of 中國運動員 took an
    athlete's records)."""
    if not counts:
        return None
    top = max(counts.values())
    tied = [key for key, n in counts.items() if n == top]
    if len(tied) == 1:
        return tied[0]
    people = [key for key in tied if key[1] == "PERSON" and protagonist(key)]
    return people[0] if len(people) == 1 else None


class SubjectChooser:
    """Proposes and ranks the candidate subjects of quantities, document by document."""

    def __init__(self, rules: RelationRules) -> None:
        self.rules = rules
        self.weights = rules.weights
        cues = rules.cues
        # pronoun -> 0 first person, 1 third person plural, 2 third person (_topic_pronouns)
        self._pronoun_kinds = {
            w: k for k, words in enumerate((cues.first_person, cues.third_plural,
                                            cues.third_person)) for w in words
        }

    def start(self, layout: Layout) -> None:
        """Per-document state: roles, salience, the main entity, the running subject."""
        self.layout = layout
        self.roles = Roles(layout, self.rules)
        counts = Counter(m.key for m in layout.mentions if not m.anaphor)
        self.salience = counts
        # what the text is about: its most mentioned entity, not the news agency or the place
        # of its dateline; a place before a count is its scope where that is an organisation
        named = [m for m in layout.mentions if not m.anaphor and not self.roles.agency(m)]

        def protagonist(key: tuple[str, str]) -> bool:  # read only where persons tie
            return not any(self.roles.of(m).get(role) for m in named if m.key == key
                           for role in SOURCE_ROLES)

        self.main = _most_mentioned(Counter(m.key for m in named), protagonist)
        self.scoped = self.main is not None and self.main[1] == "ORG"
        self.carry: Mention | None = None
        self._opening: dict[int, bool] = {}  # _opens_clause, read once a mention

    def candidates(self, q0: int, q1: int) -> list[Candidate]:
        """Every candidate subject of the quantity at ``[q0, q1)`` with its features."""
        lay, rules = self.layout, self.rules
        si = lay.sentence_of(q0)
        s_start, s_end = lay.sentences[si]
        w_start = lay.sentences[max(0, si - rules.sentence_lookback)][0]
        w_start = max(w_start, q0 - rules.max_lookback_chars)
        clause0 = lay.clause_start(q0, s_start)
        clause1 = lay.clause_end(q1, s_end)
        nearest: dict[tuple[str, str], Mention] = {}
        after: dict[tuple[str, str], Mention] = {}
        for m in lay.mentions_in(w_start, min(s_end, q1 + rules.max_lookback_chars)):
            if (m.label not in rules.subject_labels or (m.start < q1 and m.end > q0)
                    or not names_someone(m.label, lay.text[m.start : m.end])):
                continue  # 陳 of 陳小姐: a surname alone names no one
            if m.end <= q0:
                # sorted by start: the last one is the nearest, unless it is what the figure
                # is compared with and the name stands before it in its clause too
                # (西藏青壮年文盲率比西藏和平解放前下降), or it stands inside a word (台灣… 來台:
                # the destination of a verb, which must not hide the name's own mention)
                before = nearest.get(m.key)
                if before is not None and m.in_word:
                    continue
                if (before is None or before.anaphor or not self.roles.of(m).get("compared")
                        or lay.breaks_between(before.end, m.start)
                        or lay.sentence_of(before.start) != lay.sentence_of(m.start)):
                    nearest[m.key] = m
            elif m.key not in after:
                after[m.key] = m
        for key, m in after.items():
            nearest.setdefault(key, m)
        if self.carry is not None:
            nearest.setdefault(self.carry.key, self.carry)
        first_before = max((m.start for m in nearest.values() if m.end <= q0), default=-1)
        actor = next((m for m in nearest.values() if m.start == first_before), None)
        # the bodies whose titles the nearest person and the person who opens the clause hold
        # (巴基斯坦总理谢里夫在…对中国…; 乌克兰总统库奇马与…乌兹别克斯坦总统卡里莫夫签署了)
        opener = next((m for m in nearest.values() if m.label == "PERSON"
                       and clause0 <= m.start and m.end <= q0 and self._topic(m)), None)
        affiliated = {self._affiliation(actor, clause0), self._affiliation(opener, clause0)}
        out = []
        # the sentence's first mention, after a dateline's agency and place
        opening = lay.first_mention(s_start, s_end)
        while opening is not None and self.roles.agency(opening):
            opening = lay.first_mention(opening.end, s_end)
        # the pronoun or unnamed body that is the topic before the quantity, if any
        a = max(s_start, w_start)
        narrator, they, person = self._topic_pronouns(a, q0)
        unnamed = self._unnamed_topic(a, q0)
        # codes of the places that a place mentioned before the quantity in its sentence lies
        # in (within the lookback window: a sentence may be a whole unpunctuated page)
        inner = {
            p["code"]
            for m in lay.mentions_in(a, q0)
            for p in m.record.get("parents", ())
        }
        memo: dict[int, bool] = {}
        following: dict[int, int] | None = None  # items of label-figure pairs after q1

        def other_item(m: Mention) -> bool:  # the items after the quantity are read once
            nonlocal following
            if m.end <= q0:
                return self._other_item(m, q0)
            if following is None:
                following = self._items_after(q1, min(s_end, q1 + rules.max_lookback_chars))
            return m.start in following.values()

        def describes(m: Mention) -> bool:  # 17岁的莎拉波娃: read once a mention
            if id(m) not in memo:
                memo[id(m)] = self._described(q1, m)
            return memo[id(m)]

        # a name before the quantity that the quantity also describes after it (…弗雷谢特…。
        # ５１岁的弗雷谢特在…): both mentions are read, the better one stands for the name
        pairs = list(nearest.items()) + [
            (key, m) for key, m in after.items() if nearest[key] is not m and describes(m)
        ]
        # a person who opens a later clause of the sentence than a candidate is the actor the
        # narrative has moved to (…，彭楚政翻山越岭，行程5000公里)
        actors = [
            m for m in nearest.values()
            if m.label == "PERSON" and m.end <= q0 and lay.sentence_of(m.start) == si
            and self._topic(m)
        ]
        for key, m in pairs:
            f: dict[str, float] = {"bias": 1.0, f"label_{m.label}": 1.0}
            if m.end <= q0 and any(
                t.key != key and t.start >= m.end and lay.breaks_between(m.end, t.start)
                for t in actors
            ):
                f["superseded"] = 1.0
            f.update(self.roles.of(m))
            ms = lay.sentence_of(m.start)
            if m.start >= q1:
                f["after"] = 1.0
                if describes(m):
                    f["described"] = 1.0
                    for role in SOURCE_ROLES:
                        f.pop(role, None)
                f["clauses_back"] = float(lay.breaks_between(q1, m.start))
                f["same_clause"] = float(m.start < clause1)
                if m.start >= clause1 and lay.quantity_in(
                        m.end, lay.clause_end(m.end, s_end)) is not None:
                    f["own_later"] = 1.0
            else:
                f["sentences_back"] = float(min(rules.sentence_lookback + 1, max(0, si - ms)))
                f["clauses_back"] = float(min(6, lay.breaks_between(m.end, q0)))
                f["same_clause"] = float(m.start >= clause0 and ms == si)
                f["nearest"] = float(m.start == first_before)
            if self._opens_clause(m):
                f["clause_initial"] = 1.0
            if ms == si and opening is not None and opening.key == key:
                f["sentence_initial"] = 1.0
            if m.anaphor:
                f["anaphor"] = 1.0
            if self.carry is not None and key == self.carry.key:
                f["carry"] = 1.0
            f["salience"] = math.log(self.salience.get(key, 1))
            if key == self.main:
                f["main"] = 1.0
            gap = m.start - q1 if m.start >= q1 else q0 - m.end
            f["distance"] = math.log1p(max(0, gap)) / 2
            if (
                m.label in ("GPE", "LOC")
                and m.end <= q0
                and gap <= rules.cues.modifier_gap_chars
                and self.scoped
                and not self._chained(m)
            ):
                f["modifier"] = 1.0
            if (m.record.get("code") in inner and not m.anaphor) or self._holds(m, a, q0):
                f["ancestor"] = 1.0  # 全区 is the whole area, whatever is named in it
            if m.label == "PERSON" and not f.get("same_clause"):
                f["person_elsewhere"] = 1.0
            if narrator >= 0 and not m.start <= narrator < m.end:
                f["narrator"] = 1.0
            if unnamed:
                f["unnamed_topic"] = 1.0
            if they >= 0 and not (m.label == "ORG" and m.end <= they):
                f["they_topic"] = 1.0
            if person >= 0 and not (m.label == "PERSON" and m.end <= person):
                f["person_topic"] = 1.0
            if m.in_word:
                f["in_word"] = 1.0
            if m.in_title:
                f["in_title"] = 1.0
            if key in affiliated:
                f["affiliation"] = 1.0
            if other_item(m):
                f["other_item"] = 1.0  # 华邦电三三．八％、茂矽|三三．三三％: 茂矽's figure
            if m.label in rules.cues.joined_labels and m.end <= q0:
                k = self.roles.joined_at(m)
                if k is not None and k <= q0 <= k + rules.cues.exemplar_gap_chars:
                    f["joined"] = 1.0  # 孔秀霞和近百名职工: the count is of others
            out.append(Candidate(m, f, self.score(f)))
        if len(pairs) > len(nearest):
            best: dict[tuple[str, str], Candidate] = {}
            for c in out:
                if c.mention.key not in best or c.score > best[c.mention.key].score:
                    best[c.mention.key] = c
            out = list(best.values())
        return out

    def _opens_clause(self, m: Mention) -> bool:
        """``m`` is the first mention of its clause, near the clause start: its topic position.
        Every quantity of a sentence asks it of the same mentions: it is read once a mention."""
        hit = self._opening.get(id(m))
        if hit is None:
            lay = self.layout
            c0 = lay.clause_start(m.start, lay.sentences[lay.sentence_of(m.start)][0])
            before = lay.mentions_in(c0, m.start)
            hit = m.start - c0 <= 6 and not before
            if not hit and m.label == "PERSON" and len(before) == 1 and before[0].start - c0 <= 6:
                hit = title_between(self.layout, self.rules, before[0], m)
            self._opening[id(m)] = hit
        return hit

    def _topic(self, m: Mention) -> bool:
        """``m`` is a name that opens its clause as its agent, no oblique, speaker or source."""
        roles = self.roles.of(m)
        return (not m.anaphor and self._opens_clause(m)
                and not any(roles.get(r) for r in NOT_AGENT_ROLES))

    def _holds(self, m: Mention, a: int, q0: int) -> bool:
        """``m`` is a place whose 的 names a place in it in ``[a, q0)``, the quantity's sentence
        before it (菲律宾的卡加延德奥罗市, 梅克伦堡州的罗斯滕地区), or that an area of it follows
        (江苏省金坛市, 美国佛罗里达州: ``_area``), or that a direction word and a place follow
        (阿尔及利亚西部雷利赞省, 伊朗西北部的东阿塞拜疆省), which the gazetteer's codes alone
        cannot tell where it lacks the area: the guide's most specific place is that one; an
        area right after it counts in an earlier sentence too (晋中地区平遥县朱坑乡建起…。平常
        容纳２００人: 朱坑乡's, not the chain's first place, which opens the text). Not a
        country after it (旅居德国的中国艺术家: no place in 德国), nor a place the gazetteer puts
        elsewhere (浦东的上海…), nor one-character abbreviations (中美, 印巴: a pair, not a
        chain)."""
        if m.label not in ("GPE", "LOC") or m.anaphor or m.end - m.start < 2:
            return False
        lay, cues = self.layout, self.rules.cues
        k = m.end + len(word_at(cues.area_directions, lay.text, m.end))
        k += len(cues.possessive_at(lay.text, k))
        inner = lay.mention_at(k)
        if (inner is None or inner.start != k or (inner.start < a and k != m.end)
                or inner.end > q0
                or inner.anaphor or inner.label not in ("GPE", "LOC")
                or inner.end - inner.start < 2 or inner.key[0] in self.rules.countries
                or (k == m.end and not self._area(m, inner))):
            return False
        code, parents = m.record.get("code"), inner.record.get("parents")
        return code is None or parents is None or any(p["code"] == code for p in parents)

    def _area(self, m: Mention, inner: Mention) -> bool:
        """``inner``, right after the place ``m``, reads as an area of it: a GPE the gazetteer
        links, or one ending like an administrative area, or any GPE after a country's name
        (美国佛罗里达州, 德国法兰克福); not a stretch of a landform or a word the model took
        for a place (武陟县|黄河岸边, 翼城县|城东北)."""
        if inner.label != "GPE":
            return False
        rules = self.rules
        return ("code" in inner.record or inner.key[0].endswith(rules.level_suffixes)
                or m.key[0] in rules.countries)

    def _chained(self, m: Mention) -> bool:
        """``m`` ends a chain of places, its parent named right before it (云南省景洪市３００多名,
        江西永丰县千名): the chain names the most specific place, the guide's subject, whose
        parent is the ``ancestor``; no scope of the count before it (全省56个县)."""
        before = self.layout.mentions_in(max(0, m.start - 8), m.start)
        if not before or before[-1].end != m.start:
            return False
        code = before[-1].record.get("code")
        return code is not None and any(p["code"] == code for p in m.record.get("parents", ()))

    def _affiliation(self, actor: Mention | None, clause0: int) -> tuple[str, str] | None:
        """The key of the body named right before the title of ``actor``, the nearest name
        before a quantity, when that name is a person in the quantity's clause and no speaker
        (省委书记张德江两次批示: he acts; 省委 only says whose secretary he is); else None."""
        if (actor is None or actor.label != "PERSON" or actor.start < clause0
                or self.roles.of(actor).get("speaker")):
            return None
        prev = self.layout.mentions_in(clause0, actor.start)
        return (prev[-1].key
                if prev and title_between(self.layout, self.rules, prev[-1], actor) else None)

    def _described(self, q1: int, m: Mention) -> bool:
        """The quantity describes ``m`` through 的, as the last name of that noun phrase,
        which ends at a verb, copula, preposition, punctuation or a coordinating word
        (17岁的俄罗斯新人莎拉波娃以…, 14岁的崔嵩是…, 海拔5200多米的牛头山; the guide's
        三十岁的王小明; ８９岁的刘建章和８５岁的王定国: each age its own person's)."""
        lay, rules = self.layout, self.rules
        gap = rules.cues.described_gap_chars
        between = lay.text[q1 : m.start]
        if not between.startswith(rules.cues.possessive) or len(between) > gap:
            return False
        end = q1 + 2 * gap
        for start, _, word in lay.iter_tokens(q1 + 1, end):
            if start >= m.end and lay.mention_at(start) is None and (
                    PUNCT.match(word) or word in rules.verbs or word in rules.copulas
                    or word in rules.cues.prepositions or word in rules.cues.coordination):
                end = start
                break
            if start < m.start and PUNCT.match(word):
                return False
        return not lay.mentions_in(m.end, end)

    def _other_item(self, m: Mention, q0: int) -> bool:
        """``m``, before the quantity at ``q0``, labels another item than the quantity's of a
        list of label-figure pairs (友達三五．四五％、華邦電三三．八％、茂矽三三．三三％;
        中華三菱的２,３１１輛與馬自達的１,６８２輛): ``m`` is followed by its own figure (through
        的 maybe) and items of a separator, a short label and a figure, the last of them the
        quantity's. The figure is its own label's, whether or not the NER found that label; a
        name after the quantity that labels one of the items following it is no subject of it
        either (``candidates``)."""
        own = self._own_figure(m.end)
        return own is not None and own[1] < q0 and q0 in self._items_after(own[1], q0 + 1)

    def _own_figure(self, pos: int) -> tuple[int, int] | None:
        """The quantity that starts at ``pos``, or right after a 的 there (三菱的２,３１１輛)."""
        lay = self.layout
        k = pos + len(self.rules.cues.possessive_at(lay.text, pos))
        own = lay.quantity_in(k, k + 1)
        return own if own is not None and own[0] == k else None

    def _items_after(self, pos: int, limit: int) -> dict[int, int]:
        """The items of a list of label-figure pairs that follow the figure ending at ``pos``,
        up to ``limit``: the start of each item's figure -> the start of its label."""
        text, cues = self.layout.text, self.rules.cues
        items: dict[int, int] = {}
        while pos < limit:
            sep = word_at(cues.item_separators, text, pos)
            if not sep:
                break
            start = k = pos + len(sep)
            figure = None
            while (figure is None and k < len(text) and k - start < cues.item_label_chars
                   and is_han(text[k])):
                k += 1
                figure = self._own_figure(k)
            if (figure is None or self._predicates_in(start, k)
                    or text[start] in self.rules.per_unit):
                break  # 沈阳抗生素厂２３００多人，拥有资产５．６亿元: a clause, not an item;
                # 深发展2.5%，每笔最低25元: a rate per unit of the same name
            items[figure[0]] = start
            pos = figure[1]
        return items

    def _predicates_in(self, a: int, b: int) -> bool:
        """A verb or an adverb of the predicate stands in ``[a, b)``; a copula may (西班牙是
        ６．２倍 is a label and its figure, 只有６万人 and 拥有资产５．６亿元 are clauses)."""
        rules = self.rules
        return any(w not in rules.copulas and (w in rules.verbs or w in rules.predicate_skip)
                   for _, _, w in self.layout.iter_tokens(a, b))

    def _unnamed_topic(self, a: int, q0: int) -> bool:
        """该厂, 该公司 that resolves to no organisation of the text is the last topic before
        the quantity: the figure is that unnamed body's."""
        lay, rules = self.layout, self.rules
        if not any(d in lay.text[a:q0] for d in rules.cues.topic_determiners):
            return False
        last = None
        for hit in rules.anaphors.finditer(lay.text, a, q0):
            kind = rules.kind_of(hit.group())
            if hit.group().startswith(rules.cues.topic_determiners) and kind and kind[0] == "ORG":
                last = hit
        if last is None or lay.mention_at(last.start()) is not None:
            return False
        return lay.first_mention(last.end(), q0) is None

    def _topic_pronouns(self, a: int, q0: int) -> tuple[int, int, int]:
        """Where the last first-person, third-person plural and third-person pronoun of
        ``[a, q0)`` stand when no name or nominal anaphor follows them before the quantity,
        else -1 each: such a pronoun is the topic the figure is about, not a name before it
        (迁到浦东后，我们投资1000万元; 我凭着多年的作品，挤下数十位对手). 我省 is an
        anaphor (a mention), not a pronoun; 我国 and 全国 count as first person only where
        they resolve to no name and open their clause. One pass over the window's tokens for
        all three."""
        lay, kinds = self.layout, self._pronoun_kinds
        last = [(-1, -1)] * 3
        for start, end, word in lay.iter_tokens(a, q0):
            k = kinds.get(word)
            if k is not None and lay.mention_at(start) is None and (
                    word not in self.rules.anaphor_kinds or lay.opens_clause(start)):
                last[k] = (start, end)
        if max(pos for pos, _ in last) < 0:
            return -1, -1, -1
        out = []
        for pos, end in last:
            # a name or a nominal (全市) after the pronoun is the topic instead, not one a
            # preposition governs (她在２００６年用招商银行信用卡消费６０００多元)
            named = pos >= 0 and (
                any(not self.roles.of(m).get("preposition") for m in lay.mentions_in(pos, q0))
                or self.rules.anaphors.search(lay.text, end, q0))
            out.append(-1 if pos < 0 or named else pos)
        return out[0], out[1], out[2]

    def score(self, features: dict[str, float]) -> float:
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in features.items())

    def best(self, candidates: list[Candidate]) -> Candidate | None:
        """The top candidate if it beats the null score (ties: the nearer one)."""
        if not candidates:
            return None
        null = self.weights.get("null", 0.0)
        top = max(candidates, key=lambda c: (c.score, -c.features.get("distance", 0.0)))
        if top.score > null:
            return top
        return self._fallback(candidates, null)

    def _fallback(self, candidates: list[Candidate], null: float) -> Candidate | None:
        """The guide's last resort: when no candidate is what the number is about, the
        reporting body of its own sentence is (据X统计，…78次): its role's penalty is lifted;
        so is an earlier sentence's, where its report goes on and the previous figure was
        its (the running subject: 国际金融协会指出，…。预计今年将降至1715亿美元). A person who
        speaks (局长X介绍，全县…) is a reporter, never this subject."""
        roles = self.rules.fallback_roles
        best: tuple[float, Candidate] | None = None
        for c in candidates:
            f = c.features
            if f.get("after") or (f.get("sentences_back", 0.0) > 0 and not f.get("carry")):
                continue
            if c.mention.label not in self.rules.fallback_labels:
                continue
            if not any(f.get(r) for r in roles):
                continue
            score = c.score - sum(self.weights.get(r, 0.0) * f.get(r, 0.0) for r in roles)
            if score > null and (best is None or score > best[0]):
                best = (score, c)
        return best[1] if best else None
