"""The post-model rules over a whole document, after every chunk's spans and places are
merged (:mod:`pipeline.ner.merger`): names found once tagged at their other occurrences,
names taking in the words that end them, a list's names kept to one kind, places linked to
the gazetteer with the document's other places as context. Each is a switchable rule of
``RULES``, run by :meth:`DocumentRules.__call__` in a fixed order."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc

from ..extensions import in_ranges
from ..gazetteer.gazetteer import Gazetteer
from ..patterns import alternation
from ..tokens import is_word, token_starts
from .rules import HAN_RE, Ent, EntityRules, PlaceRules

TAIL_LOOKBACK = 6  # chars before a place searched for a longer place ending with it


def _taken(ents: list[Ent], s: int, e: int) -> bool:
    """Whether an entity of ``ents`` covers any of ``[s, e)``: a rule that adds a name adds it
    only where no other stands."""
    return any(x.start < e and s < x.end for x in ents)


def _kind(label: str) -> str | None:
    """PERSON, "place" (GPE or LOC) or None (ORG): the kinds a list keeps to one of."""
    if label == "PERSON":
        return label
    return "place" if label in ("GPE", "LOC") else None


@dataclass
class DocumentRules:
    """The document-level rules of ``on`` (a subset of ``RULES``), with the gazetteer and the
    word lists they read."""

    gazetteer: Gazetteer | None
    rules: PlaceRules
    erules: EntityRules
    on: frozenset[str]

    def __call__(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """The rules over the whole document (``ents``: every chunk's entities, in order),
        then linking: ``text`` is the tagged (simplified) text, ``ranges`` its main content."""
        if "traditional_orgs" in self.on and doc._.script == "traditional":
            ents = self._traditional_orgs(doc, ranges, ents)
        if "name_tails" in self.on:
            ents = self._name_tails(doc, text, ranges, ents)
        if "list_labels" in self.on:
            ents = self._list_labels(text, ents)
        if "list_members" in self.on:
            ents = self._list_members(text, ranges, ents)
        if "person_trims" in self.on:
            ents = self._person_trims(text, ents)
        if "propagate" in self.on:
            ents = self._propagate(doc, text, ranges, ents)
        ents = self._link(text, ents)
        if "traditional_links" in self.on and doc._.script == "traditional":
            ents = self._traditional_links(text, ents)
        if "mainland" in self.on and doc._.script == "traditional":
            ents = self._mainland(doc, ranges, ents)
        if "country_forms" in self.on:
            ents = self._country_forms(doc, text, ranges, ents)
        if "region_words" in self.on:
            ents = self._region_words(text, ents)
        if "landforms" in self.on:
            ents = self._landforms(text, ents)
        if "time_zones" in self.on:
            words = self.erules.time_zone_words
            ents = [e for e in ents
                    if e.label not in ("GPE", "LOC") or not text.startswith(words, e.end)]
        if "event_places" in self.on:
            ents = [e for e in ents if not self._event_character(text, e)]
        return ents

    def _event_character(self, text: str, ent: Ent) -> bool:
        """A one-character place that is a character of a short name of the Games (奥 of
        奥运会 or 冬奥会, 亚 of 亚运会) names the event: MSRA tags it LOC, the model follows,
        and the gazetteer would link it to Austria or Asia."""
        if ent.label not in ("GPE", "LOC") or ent.end - ent.start != 1:
            return False
        return any(ent.start >= k and text.startswith(word, ent.start - k)
                   for word, k in self.erules.event_chars.get(text[ent.start], ()))

    def _plausible_place(self, name: str) -> bool:
        """A known name, or a place-like ending."""
        if self.gazetteer and self.gazetteer.lookup(name):
            return True
        if name in self.rules.countries or name in self.rules.regions:
            return True
        return name.endswith(self.rules.place_endings)

    @staticmethod
    def _person_trims(text: str, ents: list[Ent]) -> list[Ent]:
        """A person's name that is another person's name of the document and one character
        after it, written once in the text, is that name: the model ran it on into the word
        after it (吕布|共诛董卓, 梁军|一见到记者, 阿尔希波夫|拉着, 胡忠友|家); the text names
        the person alone elsewhere. A longer name written twice or more is the name
        (威尔第, 貝克漢: the shorter one is cut short)."""
        persons = {text[e.start : e.end] for e in ents if e.label == "PERSON"}
        return [
            Ent(e.start, e.end - 1, e.label, e.code, e.canonical)
            if e.label == "PERSON" and e.end - e.start >= 3
            and text[e.start : e.end - 1] in persons and text.count(text[e.start : e.end]) == 1
            else e
            for e in ents
        ]

    def _propagate(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """One sense per document: an ORG or PERSON name found once is tagged at its other
        occurrences too, replacing shorter places inside it (陕西|移动 → 陕西移动). With
        ``propagate_places``, a person's name also replaces a place of exactly its text that
        only the model's guess made a place (戈尔巴乔夫 tagged PERSON once and GPE twice).
        Names shorter than ``propagate_min_length`` are as often words (人大代表, 建行以来);
        with ``short_orgs``, the organisations among them that the training corpora treat as
        names (招行, 欧盟: ``short_orgs.txt``) are carried too; with ``org_stems``, a company's
        name without its legal ending (万德莱公司 … 万德莱), over a model PERSON of its span."""
        erules = self.erules
        short = erules.short_orgs if "short_orgs" in self.on else frozenset()
        names = {
            text[e.start : e.end]: e.label
            for e in ents
            if e.label in erules.propagate_labels
            and (e.end - e.start >= erules.propagate_min.get(e.label, 2)
                 or (e.label == "ORG" and text[e.start : e.end] in short))
        }
        stems = self._company_stems(names) if "org_stems" in self.on else frozenset()
        names.update(dict.fromkeys(stems, "ORG"))
        if all(text.count(name) == 1 for name in names):  # nowhere else: nothing to add
            return sorted(ents, key=lambda x: x.start)
        pattern = alternation(names)
        relabel = "propagate_places" in self.on
        added: list[Ent] = []
        # sorted by start (stable, so the final order is unchanged) and bisected: scanning
        # every entity for every match is quadratic in a long document
        ents = sorted(ents, key=lambda x: x.start)
        starts = [x.start for x in ents]
        longest = max(x.end - x.start for x in ents)
        for a, b in ranges:
            for m in pattern.finditer(text, a, b):
                s, e = m.span()
                if names[m.group()] == "ORG" and not is_word(doc, s, e):
                    continue  # 林业部|门, 共产党|人: a piece of the segmenter's word
                lo, hi = bisect_left(starts, s - longest), bisect_left(starts, e)
                overlapping = [x for x in ents[lo:hi] if x.start < e and s < x.end]
                # the same text as a bare place takes the name's label; else a name as long
                # or longer wins
                weak = (
                    relabel
                    and names[m.group()] in self.erules.propagate_place_labels
                    and all(self._weak_place(x, s, e, m.group()) for x in overlapping)
                )
                if m.group() in stems and all(
                        (x.start, x.end) == (s, e) and x.label == "PERSON" for x in overlapping):
                    weak = True  # the model's PERSON of the stem's very span gives way
                if not weak and any(x.end - x.start >= e - s for x in overlapping):
                    continue
                if any(x.start < s or x.end > e for x in overlapping):
                    continue
                keep = [x for x in ents[lo:hi] if x not in overlapping]
                ents[lo:hi], starts[lo:hi] = keep, [x.start for x in keep]
                added.append(Ent(s, e, names[m.group()]))
        return sorted(ents + added, key=lambda x: x.start)

    def _company_stems(self, names: dict[str, str]) -> frozenset[str]:
        """The short names that the companies of ``names`` (name -> label) give: a name
        without its legal ending (``company_endings``: 万德莱公司 -> 万德莱, 镇海炼化公司 ->
        镇海炼化), long enough to propagate and no place (北京公司 gives none). A stem the
        model tagged PERSON is one too: the company named in full says what it is."""
        erules = self.erules
        out = set()
        for name, label in names.items():
            if label != "ORG":
                continue
            stem = next((name[: -len(t)] for t in erules.company_endings if name.endswith(t)), "")
            if (len(stem) >= erules.propagate_min.get("ORG", 2)
                    and names.get(stem) in (None, "PERSON")
                    and not self._plausible_place(stem)):
                out.add(stem)
        return frozenset(out)

    def _weak_place(self, x: Ent, s: int, e: int, name: str) -> bool:
        """A place with exactly the span of a propagated name that nothing but the model's
        guess makes a place: not linked, not a known name, no place ending (陈州 stays)."""
        return (
            (x.start, x.end) == (s, e)
            and x.label in ("GPE", "LOC")
            and x.code is None
            and not self._plausible_place(name)
        )

    def _traditional_orgs(
        self, doc: Doc, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """Organisations of a traditional-script text that its word lexicon names.

        The model learnt mostly from mainland news and misses Taiwan's and Hong Kong's
        bodies (立法院, 勞委會, 衛生署), which the traditional segmentation corpora have as
        words; ``traditional_orgs.txt`` holds those of them with an organisation ending that
        the NER corpora do not use as common nouns (``pipeline/train/script_orgs.py``). A
        run of adjacent such words is one name (交通部|觀光局), which takes in the model's
        ORG just before it; it replaces entities inside it and gives way to any other. The
        segmenter often cuts such a name's last character off into its head's title
        (法務|部長, 行政|院長: ``title_ending``); the word before and that character are the
        name then."""
        words, title = self.erules.traditional_orgs, self.erules.title_ending
        runs: list[list[int]] = []
        prev = None
        for tok in doc:
            norm, start = tok.norm_, tok.idx
            if (prev is not None and len(norm) == 2 and norm[1] == title
                    and prev.norm_ + norm[0] in words):
                runs.append([prev.idx, start + 1])  # 法務|部長 -> 法務部
            prev = tok
            if norm not in words:
                continue
            if runs and runs[-1][1] == start:
                runs[-1][1] = start + len(tok)
            else:
                runs.append([start, start + len(tok)])
        if not runs:
            return ents
        for s, e in runs:
            if not in_ranges(ranges, s, e):
                continue
            before = next((x for x in ents if x.end == s and x.label == "ORG"), None)
            if before is not None:
                s = before.start
            over = [x for x in ents if x.start < e and s < x.end]
            if any(x.start < s or x.end > e or (x.start, x.end) == (s, e) for x in over):
                continue
            ents = [x for x in ents if x not in over] + [Ent(s, e, "ORG")]
        return sorted(ents, key=lambda x: x.start)

    def _name_tails(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """A name followed, within ``name_tail_words`` words, by a word that ends names
        (周恩来|纪念馆, 中国房地产|协会, 北京|印刷学院) becomes the longer name, with the label such
        names mostly have, when every word between is one that names are made of and no
        other name or mark comes first. Both lists are counts over the NER corpora
        (``name_tails.json``, ``pipeline/train/name_tails.py``): the model often stops a
        long name at its first part. A one-character place takes no tail: on People's Daily
        1998 and the SIGHAN tests 13 of the 16 names it made were wrong (驻华使馆, 中俄友协)."""
        rules = self.erules
        tails, inner, reach = rules.name_tails, rules.name_inner, rules.name_tail_words
        organs = rules.party_organs if "party_organs" in self.on else ()
        ents = sorted(ents, key=lambda x: x.start)
        starts = token_starts(doc)
        for k, ent in enumerate(ents):
            if ent.end - ent.start == 1:
                continue  # 驻华|使馆, 中俄|友协: an abbreviation modifies the name, opens none
            i = bisect_left(starts, ent.end)
            if i == len(starts) or starts[i] != ent.end:
                continue
            # len(text), not len(doc.text): spaCy joins every token for doc.text
            limit = ents[k + 1].start if k + 1 < len(ents) else len(text)
            for tok in doc[i : i + reach]:
                end = tok.idx + len(tok)
                if end > limit or not HAN_RE.fullmatch(tok.text):
                    break
                label = tails.get(tok.norm_)
                if label is not None:
                    if organs and ent.label == "ORG" and tok.norm_ in organs:
                        break  # 某公司|党组: the committee (party_organs) is no part of the name
                    if in_ranges(ranges, ent.start, end):
                        ents[k] = Ent(ent.start, end, label)
                    break
                if tok.norm_ not in inner:
                    break
        return ents

    def _region_words(self, text: str, ents: list[Ent]) -> list[Ent]:
        """A region (LOC) or an area of a ``region_word_levels`` level (prefectures, once
        named 地区) followed by a region word takes it into its name (淮河流域, 西北地区,
        抚州地区: the annotation guide's names); a province or a country keeps its own
        (北京地区 → 北京)."""
        words, levels = self.erules.region_words, self.erules.region_word_levels
        for k, ent in enumerate(ents):  # sorted by start: ents[k + 1] is the next one
            after = next((w for w in words if text.startswith(w, ent.end)), None)
            if (after is None or ent.end - ent.start == 1
                    or (k + 1 < len(ents) and ents[k + 1].start < ent.end + len(after))):
                # nothing to take, an abbreviation (江淮|地区: 淮 stands for 淮河), or part
                # of the next name (抚州|地区医院)
                continue
            area = self.gazetteer.area(ent.code) if ent.code and self.gazetteer else None
            if ent.label == "LOC" or (area is not None and area.level in levels):
                ent.end += len(after)
        return ents

    def _list_labels(self, text: str, ents: list[Ent]) -> list[Ent]:
        """The names of a list (joined by ``list_separator`` alone, at least
        ``list_min_items`` of them) are of one kind: where all but one are people, or all but
        one places, the odd one takes their kind (武威 PERSON among 张掖、金昌、酒泉 → a place;
        刘来村 GPE among 刘志强、刘彩木 → a person); where all but one are organisations, an odd
        person or a place that nothing makes a place (no gazetteer, list or place ending) is
        one too (鴻海 among 台積電、華碩). An odd organisation stays: a list may well name
        bodies with people or places (中央统战部、国家民委、北京市)."""
        ents = sorted(ents, key=lambda x: x.start)
        sep, bare_gpe = self.erules.list_separator, "bare_places_gpe" in self.on
        i = 0
        while i < len(ents):
            j = i
            while j + 1 < len(ents) and text[ents[j].end : ents[j + 1].start] == sep:
                j += 1
            group, i = ents[i : j + 1], j + 1
            if len(group) < self.erules.list_min_items:
                continue
            kinds = [_kind(x.label) for x in group]
            people = kinds.count("PERSON")
            places = kinds.count("place")
            orgs = len(group) - people - places
            if people == len(group) - 1 and places == 1:
                odd = group[kinds.index("place")]
                odd.label, odd.code = "PERSON", None
            elif places == len(group) - 1 and people == 1:
                odd = group[kinds.index("PERSON")]
                odd.label = self.rules.label(text[odd.start : odd.end], False, bare_gpe)
            elif orgs == len(group) - 1:
                odd = next(x for x, k in zip(group, kinds, strict=True) if k is not None)
                if odd.label == "PERSON" or not self._plausible_place(text[odd.start : odd.end]):
                    odd.label, odd.code = "ORG", None
        return ents

    def _list_members(
        self, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """The items of a list (joined by ``list_separator``) that the model left untagged are
        names of the list's kind where at least ``list_min_names`` of its items are names of
        one kind (people, places or organisations) and no fewer than the untagged ones: an
        item between two separators, of the shape ``list_item``, that no name touches and
        that is no common word of the model's training corpus (人民社、文艺社、教育社、科技社;
        聯電、華通、友達、華邦電、茂矽: the model knows some members of such lists, and
        ``propagate`` then finds the new ones elsewhere in the text). A part of another shape
        ends the list (劳动纪律 after 总公司等部门从抓 starts a list of its own, of no names).
        The first item must end at its separator and the last begin at its own, as names."""
        sep, common = self.erules.list_separator, self.erules.common_words
        if not common or sep not in text:
            return ents
        ents = sorted(ents, key=lambda x: x.start)
        exact = {(x.start, x.end): x for x in ents}
        ending = {x.end: x for x in ents}
        starting = {x.start: x for x in ents}
        seps = [m.start() for m in re.finditer(re.escape(sep), text)]
        item, bare_gpe = self.erules.list_item, "bare_places_gpe" in self.on
        added: list[Ent] = []
        names: list[Ent] = []  # the list's items that are names
        unknown: list[tuple[int, int]] = []  # its untagged items of a name's shape

        def free(s: int, e: int) -> bool:
            name = text[s:e]
            return bool(
                item.fullmatch(name) and name not in common and in_ranges(ranges, s, e)
                and not _taken(ents, s, e)
            )

        def close() -> None:
            kinds = {_kind(x.label) for x in names}
            if (unknown and len(kinds) == 1 and len(names) >= self.erules.list_min_names
                    and len(names) >= len(unknown)):
                kind = names[0].label if names[0].label in ("ORG", "PERSON") else None
                for s, e in unknown:
                    label = kind or self.rules.label(text[s:e], False, bare_gpe)
                    added.append(Ent(s, e, label))
            names.clear()
            unknown.clear()

        for k, p in enumerate(seps):
            if not names and not unknown and p in ending:
                names.append(ending[p])  # the first item, before the separator
            q = seps[k + 1] if k + 1 < len(seps) else None
            part = text[p + 1 : q] if q is not None else ""
            if part:
                named = exact.get((p + 1, q))
                if named is not None:
                    names.append(named)
                    continue
                if free(p + 1, q):
                    unknown.append((p + 1, q))
                    continue
            if p + 1 in starting:
                names.append(starting[p + 1])  # the last item, after the separator
            close()
        return sorted(ents + added, key=lambda x: x.start)

    def _landforms(self, text: str, ents: list[Ent]) -> list[Ent]:
        """Places right before a landform word (高原, 盆地) and the word are one LOC, the
        guide's name of the landform (青藏高原, 四川盆地, 华北平原): the model learnt MSRA's
        habit of tagging only the places in them (青|藏 高原), which made them GPEs and took
        figures of the landform (海拔, 面积) to a province."""
        words = self.erules.landform_words
        out: list[Ent] = []
        for i, ent in enumerate(ents):  # sorted by start
            after = next((w for w in words if text.startswith(w, ent.end)), None)
            nxt = ents[i + 1].start if i + 1 < len(ents) else len(text)
            if after is None or ent.label not in ("GPE", "LOC") or nxt < ent.end + len(after):
                out.append(ent)  # 山东省|平原县: the word begins the next name
                continue
            start = ent.start
            while (ent.end - ent.start == 1 and out and out[-1].end == start
                   and out[-1].end - out[-1].start == 1 and out[-1].label in ("GPE", "LOC")):
                start = out.pop().start  # 青|藏 高原: the abbreviations before it
            out.append(Ent(start, ent.end + len(after), "LOC"))
        return out

    def _link(self, text: str, ents: list[Ent]) -> list[Ent]:
        """Link unlinked GPEs by name, using the document's other places as context, the
        nearest one before first (昭通市 for 镇雄县 in 昭通市镇雄县), then those after. A name
        that is the tail of a longer place in the text (雄县 in 镇雄县) is not linked: it
        would name another area."""
        if not self.gazetteer:
            return ents
        ents = sorted(ents, key=lambda x: x.start)
        for k, ent in enumerate(ents):
            if ent.label not in ("GPE", "LOC") or ent.code:
                continue
            name = text[ent.start : ent.end]
            if name in self.rules.regions or self._tail_of_place(text, ent.start, ent.end):
                continue
            before = [x.code for x in reversed(ents[:k]) if x.code]
            after = [x.code for x in ents[k + 1 :] if x.code]
            if len(name) == 1:  # 川, 港: a province's abbreviation
                area = self.gazetteer.abbreviation(name)
            else:
                area = self.gazetteer.link(name, before + after)
            if area:
                ent.code, ent.label = area.code, "GPE"
        return ents

    def _traditional_links(self, text: str, ents: list[Ent]) -> list[Ent]:
        """In a traditional-script text (Taiwan's, Hong Kong's news), a county's or township's
        short form whose province no other place of the text lies in is left unlinked, a GPE:
        the gazetteer holds the mainland's areas only, and such a name is as a rule one of
        Taiwan's (台中縣清水、梧棲及龍井: not 龙井市 of Jilin; 白河收費站, 松山區)."""
        if not self.gazetteer:
            return ents
        # the names written for each province's places (湄潭縣 supports a later 湄潭; the same
        # short form twice supports nothing)
        written: dict[str, set[str]] = {}
        for e in ents:
            if e.code:
                written.setdefault(e.code[:2], set()).add(text[e.start : e.end])
        for ent in ents:
            area = self.gazetteer.area(ent.code) if ent.code else None
            name = text[ent.start : ent.end]
            if (area is None or area.level not in ("county", "township") or name == area.name
                    or len(written[ent.code[:2]]) > 1):
                continue
            ent.code, ent.label = None, "GPE"
        return ents

    def _mainland(self, doc: Doc, ranges: list[tuple[int, int]], ents: list[Ent]) -> list[Ent]:
        """In a traditional-script text, 大陸 as a word of its own that no name covers is the
        mainland, a GPE (赴大陸留學, 台灣和大陸): Taiwan's and Hong Kong's news name it so, and
        the model, which learnt it from mainland news, seldom tags it. Not after a place or a
        word of ``mainland_not_after`` (非洲大陸, 新大陸: a continent), nor before a word that
        ends organisations' names (大陸|議會: the Continental Congress)."""
        words, not_after = self.erules.mainland_words, self.erules.mainland_not_after
        added: list[Ent] = []
        for tok in doc:
            if tok.norm_ not in words:
                continue
            s, e = tok.idx, tok.idx + len(tok)
            if not in_ranges(ranges, s, e) or _taken(ents, s, e):
                continue
            if tok.i > 0 and doc[tok.i - 1].norm_ in not_after:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].norm_ in self.erules.org_suffixes:
                continue  # 大陸|議會, 大陸|委員會: the opening of a body's name
            if any(x.end == s and x.label in ("GPE", "LOC") for x in ents):
                continue
            added.append(Ent(s, e, "GPE"))
        return sorted(ents + added, key=lambda x: x.start) if added else ents

    def _country_forms(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """Taiwan's names of countries (义大利, 肯亚, 纽西兰: ``country_forms.json``) are GPEs
        known by the mainland name they stand for, one graph node with it; a traditional-script
        text is searched for those the model missed, as words of their own (Taiwan's news
        writes them; in mainland text the same strings are rarely countries: 尼日葵)."""
        forms = self.rules.country_forms
        for e in ents:
            if e.label == "GPE" and not e.code:
                e.canonical = forms.get(text[e.start : e.end], e.canonical)
        if doc._.script != "traditional":
            return ents
        added = [
            Ent(m.start(), m.end(), "GPE", canonical=forms[m.group()])
            for m in self.rules.country_form_re.finditer(text)
            if in_ranges(ranges, m.start(), m.end()) and is_word(doc, m.start(), m.end())
            and not _taken(ents, m.start(), m.end())
        ]
        return sorted(ents + added, key=lambda x: x.start) if added else ents

    def _tail_of_place(self, text: str, start: int, end: int) -> bool:
        """Is ``text[start:end]`` the end of a longer gazetteer place (镇|雄县)?"""
        left = max(0, start - TAIL_LOOKBACK)
        return any(
            p.end == end - left and p.start < start - left
            for p in self.gazetteer.find(text[left:end])
        )
