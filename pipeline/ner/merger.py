"""The model's spans and the gazetteer's places of a document merged into its entities.

:class:`EntityMerger` merges them chunk by chunk (:meth:`EntityMerger.chunk_entities`):
1. an ORG or PERSON from the model wins over a gazetteer place inside it (陕西移动 ⊃ 陕西);
2. every place the model finds stays an entity: split into the gazetteer's areas where it
   holds several (四川盐源县 → 四川 + 盐源县), else GPE when the gazetteer knows it, it is a
   country or it ends with an administrative suffix (村, 乡, 县 ...), LOC when it ends like a
   landform or names a region, GPE otherwise (纽约);
3. gazetteer places the model missed are added;
then hands the whole document's entities to :mod:`pipeline.ner.document_rules` (names found
once tagged at their other occurrences, names taking in the words that end them, places
linked to the gazetteer with the document's other places as context).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from spacy.tokens import Doc

from ..gazetteer.gazetteer import Gazetteer, PlaceMatch
from .document_rules import DocumentRules
from .rules import HAN_RE, Ent, EntityRules, PlaceRules, Pred
from .span_rules import bracket_bounds, connector_edges, person_tails, quote_bounds


def _shifted(
    is_word: Callable[..., bool], offset: int, start: int, end: int, start_only: bool = False
) -> bool:
    """``is_word`` (document offsets) of a chunk's span ``[start, end)``."""
    return is_word(offset + start, offset + end, start_only)


def _covers(places: list[PlaceMatch], s: int, e: int) -> bool:
    """Whether ``places`` cover every character of ``[s, e)`` between them."""
    end = s
    for p in sorted(places, key=lambda p: p.start):
        if p.start > end:
            return False
        end = max(end, p.end)
    return end >= e


@dataclass
class EntityMerger:
    """The model's spans and the gazetteer's places of a document merged into its entities,
    with the switchable rules ``on`` (a subset of ``RULES``) applied."""

    gazetteer: Gazetteer | None
    rules: PlaceRules
    erules: EntityRules
    on: frozenset[str]

    def __post_init__(self) -> None:
        self.document = DocumentRules(self.gazetteer, self.rules, self.erules, self.on)

    def chunk_entities(
        self,
        offset: int,
        chunk: str,
        preds: list[Pred],
        places: list[PlaceMatch],
        is_word: Callable[..., bool] | None = None,
    ) -> list[Ent]:
        """The entities of one line (``chunk``, at ``offset`` in the document) from the
        model's spans ``preds`` and the gazetteer's ``places``, in document offsets.
        ``is_word(start, end, start_only=False)`` (document offsets): whether the segmenter's
        words begin and end there (or only begin, with ``start_only``); a country name found by
        string match must be a word (中国 inside 发展中国家 or 其中|国有 is none), a gazetteer place
        must begin one (万山区 in １４万|山区 is none; 花都 of 花都|市 may end inside one)."""
        on = self.on
        min_len = self.rules.min_length if "short_names" in on else 1
        min_place = self.rules.min_length if "short_places" in on else 1
        ents: list[Ent] = []
        taken = [False] * len(chunk)
        if "quote_bounds" in on:
            preds = quote_bounds(chunk, preds)
        if "bracket_bounds" in on:
            preds = bracket_bounds(chunk, preds)
        if "connector_edges" in on:
            preds = connector_edges(chunk, preds)
        erules = self.erules
        if "titles" in on:
            preds = person_tails(chunk, preds, erules.person_titles, 1)
        if "credits" in on:
            preds = person_tails(chunk, preds, erules.credit_marks, 2, erules.credit_ends)
        if "rosters" in on:
            preds = erules.rosters(chunk, preds)
        # the segmenter's words in the chunk's offsets (铁道部 is not in 铁道|部门)
        words = None if is_word is None else partial(_shifted, is_word, offset)
        if "adverb_cuts" in on and words is not None:
            preds = self._adverb_cuts(chunk, preds, words)
        if "inner_counts" in on and words is not None:
            preds = self._inner_counts(chunk, preds, words)
        if "country_bounds" in on and words is not None:
            preds = self._country_bounds(chunk, preds, words)
        if "place_org_join" in on:
            preds = self._place_org_join(chunk, preds)
        if "party_organs" in on:
            preds = self._party_organs(chunk, preds)
        preds = self._fix_orgs(chunk, preds, places)
        if "known_orgs" in on:
            preds = self._known_orgs(chunk, preds, self.erules.known_orgs)
        if "corpus_orgs" in on:
            preds = self._known_orgs(chunk, preds, self.erules.corpus_orgs, words)
        if "bylines" in on:
            preds = self._bylines(chunk, preds)
        if "place_orgs" in on:
            preds = self._place_orgs(chunk, preds, places)
        if "org_branches" in on:
            preds = self._org_branches(chunk, preds, places)
        if "gazetteer_bounds" in on:
            preds = self._gazetteer_bounds(preds, places)
        # 1. ORG and PERSON from the model
        bare = self.erules.bare_heads if "bare_heads" in on else frozenset()
        for s, e, label in preds:
            if label == "ORG" and chunk[s:e] in bare:
                continue
            if label == "ORG" and "counted_names" in on and self._counted(chunk, s, e, offset,
                                                                         is_word):
                continue  # １００支医疗队: a count of bodies, no name
            if label in ("ORG", "PERSON") and e - s >= min_len:
                ents.append(Ent(s, e, label))
                for i in range(s, e):
                    taken[i] = True
        # 2./3. model places, split by the gazetteer where it sees several areas
        for s, e, label in preds:
            if label in ("ORG", "PERSON") or any(taken[s:e]):
                continue
            inside = [p for p in places if s <= p.start and p.end <= e]
            exact = inside and (inside[0].start, inside[0].end) == (s, e)
            if exact or (len(inside) > 1 and "split_places" in on):
                for p in inside:
                    ents.append(Ent(p.start, p.end, "GPE", p.area))
            elif label == "GPE":
                ents.append(Ent(s, e, "GPE"))
            else:
                name = chunk[s:e]
                if e - s < min_place or not self._countable(name):
                    continue
                ents.append(Ent(s, e, self.rules.label(name, False, "bare_places_gpe" in on)))
            for i in range(s, e):
                taken[i] = True
        # 4. gazetteer places the model did not cover
        for p in places if "gazetteer_places" in on else ():
            if is_word is not None and not is_word(offset + p.start, offset + p.end, True):
                continue
            if not any(taken[p.start : p.end]):
                ents.append(Ent(p.start, p.end, "GPE", p.area))
                for i in range(p.start, p.end):
                    taken[i] = True
        # 5. country names the model missed (参加中国开放改革)
        for m in self.rules.country_re.finditer(chunk) if "known_countries" in on else ():
            if is_word is not None and not is_word(offset + m.start(), offset + m.end()):
                continue
            if not any(taken[m.start() : m.end()]):
                ents.append(Ent(m.start(), m.end(), self.rules.label(m.group(), False)))
                for i in range(m.start(), m.end()):
                    taken[i] = True
        # 6. a one-character place after a verb of going (来台, 离京): the model's own habit,
        # where it missed one; a word of its own, or one word with its verb (來|台 or 來台)
        for m in self.erules.motion_places.finditer(chunk) if "motion_places" in on else ():
            i = m.start()
            if (
                not taken[i] and not taken[i - 1]
                and (is_word is None or is_word(offset + i, offset + i + 1)
                     or is_word(offset + i - 1, offset + i + 1))
            ):
                area = self.gazetteer.abbreviation(chunk[i]) if self.gazetteer else None
                ents.append(Ent(i, i + 1, "GPE", area.code if area else None))
                taken[i] = True
        for ent in ents:
            ent.start += offset
            ent.end += offset
        return sorted(ents, key=lambda x: x.start)

    def document_entities(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """The rules over the whole document (``ents``: every chunk's entities, in order),
        then linking: :meth:`DocumentRules.__call__`."""
        return self.document(doc, text, ranges, ents)

    def _org_branches(self, chunk: str, preds: list[Pred], places: list[PlaceMatch]) -> list[Pred]:
        """A group of the shared organisation list directly followed by its branch in a place
        (a name that opens with a place and ends like a branch: 中国移动|贵州公司, 国家电网|
        江苏省电力公司) is one name. MSRA and CLUENER tag such names whole (招商银行北京分行,
        中国银行广东珠海分行: 105 and 88 names of their training sets hold a province or city
        after their first two characters, against one and two such pairs tagged apart), and
        the guide's subject is the fullest name; the model tags the branch alone, and
        ``known_orgs`` the group, which cuts them. Other organisations are left as the model
        has them (上海广播电视台|上海文广互动电视有限公司 is two)."""
        opens = {p.start for p in places}
        heads = self.erules.branch_heads
        out: list[Pred] = []
        for s, e, label in sorted(preds):
            if (out and label == "ORG" and out[-1][2] == "ORG" and out[-1][1] == s
                    and s in opens and chunk.endswith(heads, s, e)
                    and self.erules.known_orgs.fullmatch(chunk, out[-1][0], s)):
                out[-1] = (out[-1][0], e, "ORG")
            else:
                out.append((s, e, label))
        return out

    def _gazetteer_bounds(self, preds: list[Pred], places: list[PlaceMatch]) -> list[Pred]:
        """A model place whose edge falls inside a gazetteer place (昭通市镇|雄县 against
        昭通市|镇雄县), or that lies inside one (雄县 in 镇雄县), gives way to the gazetteer
        places it touches: the gazetteer reads whole official names, the model guesses edges.
        Only where those places cover the whole model place: one that leaves part of it
        uncovered has read across the words before or after a name the gazetteer lacks
        (昨|天水|林鄉: 天水 against the model's 水林鄉, a township of Taiwan)."""
        out = []
        for s, e, label in preds:
            if label in ("ORG", "PERSON"):
                out.append((s, e, label))
                continue
            touched = [p for p in places if p.start < e and s < p.end]
            cut = [p for p in touched if not (s <= p.start and p.end <= e)]
            if not cut or not _covers(touched, s, e):
                out.append((s, e, label))
                continue
            out += [(p.start, p.end, "GPE") for p in touched]
        return out

    def _fix_orgs(self, chunk: str, preds: list[Pred], places: list[PlaceMatch]) -> list[Pred]:
        """Model ORGs that are really a bare place (湖北, 陕西: ``org_is_place``) or fused
        places (贵州笃山: no organisation ending, starts with a known place:
        ``org_place_head``) become places, and so does a model PERSON that is a country's
        name (贝宁, 博茨瓦纳: ``person_is_place``). A party organ stays in its organisation's
        name (…党组, …党委), as the corpora tag it (``org_party_strip``, models/README.md)."""
        out = []
        for s, e, label in preds:
            name = chunk[s:e]
            if label == "PERSON" and name in self.rules.countries and "person_is_place" in self.on:
                out.append((s, e, "LOC"))  # 贝宁, 博茨瓦纳: a country
                continue
            if label != "ORG":
                out.append((s, e, label))
                continue
            exact = [p for p in places if (p.start, p.end) == (s, e)]
            has_suffix = name.endswith(self.erules.org_suffixes)
            country = name in self.rules.countries
            if (exact or country) and not has_suffix and "org_is_place" in self.on:
                out.append((s, e, "LOC"))  # a bare place name tagged ORG (湖北、陕西)
                continue
            head = [p for p in places if p.start == s and p.end < e]
            rest = chunk[head[0].end : e] if head else ""
            if rest.endswith(self.erules.generic_tails) and "org_place_head" in self.on:
                out.append((s, head[0].end, "LOC"))  # 成都市|公安部门: a place's office, no name
                continue
            # a fused sub-area (贵州|笃山); a brand after a place stays (青岛海尔, 大庆油田)
            if (
                rest
                and not has_suffix
                and "org_place_head" in self.on
                and (len(rest) >= 2 and self._fused_area(head[0].area, rest))
            ):
                out += [(s, head[0].end, "LOC"), (head[0].end, e, "GPE")]
                continue
            out.append((s, e, label))
        return out

    def _known_orgs(
        self,
        chunk: str,
        preds: list[Pred],
        names: re.Pattern[str],
        fits: Callable[[int, int], bool] | None = None,
    ) -> list[Pred]:
        """Organisations of a list (``names``: the shipped org list of central SOEs with
        short names, or the names the corpora always tag) that the model missed, where
        ``fits`` allows; they replace shorter model places inside them (中国|电信)."""
        out = list(preds)
        for m in names.finditer(chunk):
            s, e = m.span()
            if chunk.startswith(self.erules.industry_words, e) or (fits and not fits(s, e)):
                continue  # 中国石油|工业, 航天科技|工业: the industry, not the group
            over = [p for p in out if p[0] < e and s < p[1]]
            if any(p[2] in ("ORG", "PERSON") or p[1] - p[0] >= e - s for p in over):
                continue
            out = [p for p in out if p not in over] + [(s, e, "ORG")]
        return out

    def _bylines(self, chunk: str, preds: list[Pred]) -> list[Pred]:
        """The name of a byline (记者孟梅实习生夏冬梅）, 本报记者玺润) that the model missed is a
        person: the training corpora tag nearly every one so (``byline_roles``)."""
        out = list(preds)
        for m in self.erules.byline.finditer(chunk):
            s, e = m.span(1)
            if not any(p[0] < e and s < p[1] for p in out):
                out.append((s, e, "PERSON"))
        return out

    def _adverb_cuts(
        self, chunk: str, preds: list[Pred], is_word: Callable[..., bool]
    ) -> list[Pred]:
        """A model name ends before an adverb that is a word of its own (``name_adverbs``:
        藁城市|共|选出…, 西南革大|共 培训, 朱健|共): the model ran the name on into what the
        clause says of it. Not within a name's first two characters, where 共 abbreviates a
        communist party (越共, 俄共中央, 欧共体): the training corpora's only names holding it."""
        adverbs = self.erules.name_adverbs
        out = []
        for s, e, label in preds:
            cut = next((k for k in range(s + 2, e)
                        if chunk[k] in adverbs and is_word(k, k + 1)), None)
            out.append((s, e if cut is None else cut, label))
        return out

    def _inner_counts(
        self, chunk: str, preds: list[Pred], is_word: Callable[..., bool]
    ) -> list[Pred]:
        """A model name with a count inside it, a number and a measure word that the
        segmenter's words open, then a word of two characters or more (上海|三|家|公司,
        湖南|五|个|昆剧院团; not 边防|六|支|队, a unit's number): the model ran a name on
        into the noun phrase it modifies. The name ends before the count (上海, 伊盟化工: the
        place or body whose members are counted), where the rules after it label it, or is
        none where one character is left (某|两家基金公司). Not after 第 (第一人民医院) nor
        inside a word (万家乐, 北七家镇). A count that ends the name (南投|二|人 of 苗栗一人、
        南投二人) is cut off the same way (``trailing_count``)."""
        count, rest = self.erules.leading_count, self.erules.count_rest_chars
        trailing = self.erules.trailing_count
        out: list[Pred] = []
        for s, e, label in preds:
            m = next((m for m in count.finditer(chunk, s + 1, e)
                      if chunk[m.start() - 1] not in self.erules.ordinal_marks
                      and e - m.end() >= rest
                      and is_word(m.start(), e, True)
                      and is_word(m.end(), e, True)
                      and not is_word(m.end(), m.end() + 1)), None)
            if m is None:
                m = trailing.search(chunk, s + 2, e)
                if m is not None and (chunk[m.start() - 1] in self.erules.ordinal_marks
                                      or not is_word(m.start(), e, True)):
                    m = None
            if m is None:
                out.append((s, e, label))
            elif m.start() - s >= 2:  # 某|两家基金公司: no name before the count
                out.append((s, m.start(), label))
        return out

    def _country_bounds(
        self, chunk: str, preds: list[Pred], is_word: Callable[..., bool]
    ) -> list[Pred]:
        """A model name that is a country's name and the first character of a word running on
        past it (美国|会费, 日本|昭和, 巴西|里约, 澳大利亚|女教师) is the country: the model ran
        on into the word after it. Not where that character names a kind of place (日本|海南部
        holds 日本海), which the name may well end with."""
        countries, ends = self.rules.countries, self.rules.place_endings
        out: list[Pred] = []
        for s, e, label in preds:
            k = e - 1
            if (k - s >= 2 and chunk[s:k] in countries and not chunk[k:e].endswith(ends)
                    and is_word(k, e, True) and not is_word(k, e)):
                e = k
            out.append((s, e, label))
        return out

    def _party_organs(self, chunk: str, preds: list[Pred]) -> list[Pred]:
        """A model ORG that is an organisation's name and a party organ of it (中国电信集团有限
        公司|党组, 武警…第二支队|党委, 国务院国资委|党委) is that organisation: both golds
        name the body, not its committee, where the committee is an organisation's; a place's
        (广西壮族自治区党委, 乡党委) is an organ of its own, and stays whole. The training
        corpora tag both whole (MSRA train: 70 of the first kind; test: 1 in 1,331 ORGs)."""
        out: list[Pred] = []
        organs, suffixes = self.erules.party_organs, self.erules.org_suffixes
        for s, e, label in preds:
            if label == "ORG":  # only an ORG's ending is looked at
                organ = next((w for w in organs if chunk.endswith(w, s, e)), "")
                k = e - len(organ)
                if organ and k - s >= 3 and chunk[s:k].endswith(suffixes):
                    e = k
            out.append((s, e, label))
        return out

    def _place_org_join(self, chunk: str, preds: list[Pred]) -> list[Pred]:
        """A model place that ends where a model ORG begins opens the organisation's name
        (秦皇岛|海湾安全技术有限公司): a place inside an organisation name is no entity of its
        own (GUIDE), and the corpora tag such names whole. Not a one-character place: an
        abbreviation before an ORG is one of its own (京|系统团委, MSRA); and only an ORG
        that ends like one (成都|十五大 is a place and an event)."""
        out: list[Pred] = []
        for s, e, label in sorted(preds):
            last = out[-1] if out else None
            if (last and label == "ORG" and last[1] == s and last[2] in ("LOC", "GPE")
                    and s - last[0] >= 2 and chunk[s:e].endswith(self.erules.org_suffixes)):
                out[-1] = (out[-1][0], e, "ORG")
            else:
                out.append((s, e, label))
        return out

    def _place_orgs(self, chunk: str, preds: list[Pred], places: list[PlaceMatch]) -> list[Pred]:
        """A place name (the gazetteer's or the model's) followed by an organisation head
        word is an organisation the model may not know (陕西移动, 渭南日报, 埃及政府)."""
        out = list(preds)
        spans = [(p.start, p.end) for p in places]
        spans += [(s, e) for s, e, label in preds if label in ("LOC", "GPE")]
        for start, end in spans:
            m = self.erules.place_org_heads.match(chunk, end)
            if not m:
                continue
            if (m.group() in self.erules.generic_after_countries
                    and chunk[start:end] in self.rules.countries):
                continue  # 日本公司: a Japanese company, no name
            s, e = start, m.end()
            if any(q[0] < e and s < q[1] and q[2] in ("ORG", "PERSON") for q in out):
                continue
            out = [q for q in out if not (q[0] < e and s < q[1])] + [(s, e, "ORG")]
        return out

    def _fused_area(self, parent: str | None, name: str) -> bool:
        """``name`` names an area inside ``parent`` (a gazetteer code), as written or under
        another level's suffix (盘锦 of 辽宁盘锦, 寿光县 of 山东寿光县, now 寿光市), or opens with
        one that ends like an area (海安县|营溪乡). A word that only names an area elsewhere
        (大庆|油田: 油田镇 is no town of Daqing; 广州|火车站) or a building (北京|当代商城) is none:
        the model's ORG stays whole."""
        if not (self.gazetteer and parent) or not HAN_RE.fullmatch(name):
            return False
        if not self._countable(name):
            return False
        if self._inside(parent, name):
            return True
        return name.endswith(self.rules.gpe_suffixes) and any(
            self._inside(parent, name[:i])
            for i in range(len(name) - 1, 1, -1)
            if name[:i].endswith(self.rules.gpe_suffixes)
        )

    def _inside(self, parent: str, name: str) -> bool:
        """Some area called ``name``, or its stem with any level's suffix, lies in ``parent``."""
        gaz, suffixes = self.gazetteer, self.rules.gpe_suffixes
        if gaz is None:
            return False
        stems = {name} | {
            name[: -len(x)] for x in suffixes if name.endswith(x) and len(name) - len(x) >= 2
        }
        return any(
            parent in (p.code for p in gaz.chain(a.code))
            for stem in stems
            for form in (stem, *(stem + x for x in suffixes))
            for a in gaz.lookup(form)
        )

    def _counted(
        self, chunk: str, s: int, e: int, offset: int, is_word: Callable[..., bool] | None
    ) -> bool:
        """``chunk[s:e]`` opens with a count (１００支|医疗队, 五家|巴士股份公司) that the
        segmenter's words end, not inside a word (八家户|有限责任公司 is a name)."""
        m = self.erules.leading_count.match(chunk, s, e)
        return (
            m is not None and is_word is not None
            and e - m.end() >= self.erules.count_rest_chars
            and is_word(offset + m.end(), offset + e, True)
        )

    def _countable(self, name: str) -> bool:
        """Not a count of areas: numerals followed by an area's suffix (三州, 四地州 count
        prefectures), or with numerals further on (十里八村, 三区三州), only in a known name;
        a name that opens with numerals and goes on otherwise is a name (三峡, 八达岭, 二环路,
        三桥村)."""
        numerals = self.erules.numerals
        rest = name.lstrip(self.erules.numeral_chars)
        if rest == name:
            return True  # no numeral opens it
        counts_areas = (not rest or rest[0] in self.erules.counted_area_chars
                        or not numerals.isdisjoint(rest))
        return not counts_areas or bool(self.gazetteer and self.gazetteer.lookup(name))
