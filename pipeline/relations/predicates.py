"""The predicate and the object of a quantity statement, read from the words around it.

No verb list decides whether a quantity is linked: the predicate is read from the content
words right before the quantity in its clause (after the subject), skipping the closed class
of function words, hedges and copulas in ``predicate_skip`` and the adverbs counted in People's
Daily 1998 (``RelationRules.adverbs``: 先后投资 -> 投资). Of those words, the one nearest
the quantity that acts as a verb (``RelationRules.verbs``, counted in People's Daily 1998 by
``pipeline.train.verbs``) is the predicate and the words after it its object (发放保障金50万元
-> 发放, 保障金; 比上年增长10% -> 增长), with a complement the segmenter cut from it (拿|出
-> 拿出). Without one, a verb right after the quantity's object is: the quantity is then
what acts (已有3000多人受益 -> 受益, 两三条船停靠 -> 停靠, 企事业单位的2万名干部开进 ->
开进). Else the words before are an attribute noun, which also wins over a copula after it
(不良贷款率为2.1% -> 不良贷款率). A count right after a list of names that 等 closes takes
the word before the list (授予刘力等35名同志 -> 授予); the items of a list are no predicate.
With none of these the statement has no predicate: the first word after the object, a verb
or not, had been it until the forty-fifth session (会员|在, 点位的|数据: on the silver texts
about one in seven of some 700 was right, none on the dev gold). The object is the noun
phrase right after the quantity, or the one between predicate and quantity (帮扶项目34个),
else the topic a verb predicate follows (去年国民生产总值实现64.53亿元).
"""

from __future__ import annotations

import re

from ..tokens import is_word
from .layout import Layout, is_han
from .roles import title_between
from .rules import RelationRules, word_at

# a word in Latin letters, an abbreviation that may be the attribute (CPI为6.2%, GDP增长5%)
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]+")


def _latin_runs(
    lay: Layout, tokens: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """``tokens`` with each run of adjacent Latin-letter tokens joined into one word as the
    text writes it (the segmenter cuts CPI into CP|I, and the norms are lower-cased)."""
    out: list[tuple[int, int, str]] = []
    for start, end, word in tokens:
        if _LATIN.fullmatch(word):
            if out and out[-1][1] == start and _LATIN.fullmatch(out[-1][2]):
                start = out.pop()[0]
            word = lay.text[start:end]
        out.append((start, end, word))
    return out


def _capped(run: list[tuple[int, int, str]], chars: int) -> list[tuple[int, int, str]]:
    """The words of ``run`` (nearest the quantity first) up to the one that reaches ``chars``
    characters."""
    out, reach = [], 0
    for tok in run:
        out.append(tok)
        reach += tok[1] - tok[0]
        if reach >= chars:
            break
    return out


def _joined(run: list[tuple[int, int, str]]) -> tuple[str, int, int]:
    """The words of ``run`` (collected nearest the quantity first) as one attribute noun,
    in text order, with its offsets."""
    words = run[::-1]
    return "".join(w for _, _, w in words), words[0][0], words[-1][1]


class PredicateReader:
    def __init__(self, rules: RelationRules) -> None:
        self.rules = rules
        # longest first: 客户 before 户
        self._unit_nouns = sorted(rules.object_unit_map.items(), key=lambda kv: -len(kv[0]))
        # 全国, 全区, 该市: a nominal that stands for a place is no predicate (全区三资项目 ->
        # 三资项目); an organisation's (企业, 公司) may head an attribute noun (外商投资企业)
        self._place_nominals = frozenset(
            w for w, (label, _) in rules.anaphor_kinds.items() if label == "GPE"
        )
        self._skip = rules.predicate_skip | rules.adverbs  # the words no predicate is

    def predicate(
        self, lay: Layout, lo: int, q0: int, q1: int, hi: int, after: str, share: bool = False
    ) -> tuple[str, int, int]:
        """(word, start, end) of the predicate of the quantity ``[q0, q1)`` whose clause, from
        its subject on, is ``[lo, hi)``, ``after`` being its ``object_after``; ("", q0, q0)
        when there is none. The predicate may follow the quantity (``end > q1``); ``share``:
        the quantity is a share (６９％), whose noun phrase after 的 a verb may follow. A
        negation takes the word it negates (11轮|不|胜 -> 不胜, 没有|超过|一千元 -> 没有超过)."""
        word, start, end = self._read(lay, lo, q0, q1, hi, after, share)
        if word in self.rules.negations and end != q0:
            nxt = lay.token_after(end)
            if (is_han(nxt) and lay.mention_at(end) is None
                    and not lay.in_quantity(end, end + len(nxt)) and nxt not in self._skip):
                return word + nxt, start, end + len(nxt)
        return word, start, end

    def _read(
        self, lay: Layout, lo: int, q0: int, q1: int, hi: int, after: str, share: bool
    ) -> tuple[str, int, int]:
        """The predicate as read before and after the quantity: :meth:`predicate`."""
        skip, copulas = self._skip, self.rules.copulas
        tokens = _latin_runs(lay, lay.tokens_in(lo, q0))
        tokens = self._less_per_unit(tokens)  # 达到每吨4000元: 每吨 is no verb
        base = self._copula_of_base(lay, tokens)
        if base is not None:
            return base
        copula = None
        words: list[tuple[int, int, str]] = []  # the content words read back, nearest first
        for i in range(len(tokens) - 1, -1, -1):
            start, end, word = tokens[i]
            if word in self.rules.cues.enumeration_end:
                # 授予|汪攀登|等|497名职工: what a 等 closes is what is counted, no predicate
                verb = None if words else self._verb_before_list(lay, tokens[:i])
                if verb is not None:
                    words.append(verb)
                break
            if (not (is_han(word) or _LATIN.fullmatch(word)) or lay.mention_at(start) is not None
                    or lay.in_time(start) or self._of_another_figure(lay, start, end, word)):
                break
            if not is_han(word) and start and lay.text[start - 1].isdigit():
                break  # the G of 5G: part of a code, no word
            if word in copulas or word in skip or word in self._place_nominals:
                if words:
                    break
                if word in copulas and copula is None:
                    copula = (word, start, end)
                continue
            if copula is not None and not words and self._cut_from(word, end, copula[1]):
                copula = (word + copula[0], start, copula[2])
                continue
            words.append((start, end, word))
            if sum(e - s for s, e, _ in words) >= self.rules.max_object_chars:
                break
        # a verb may stand as far back as an object reaches (引进|各类专业人员300余人); an
        # attribute noun is at most max_predicate_chars long
        run = _capped(words, self.rules.max_predicate_chars)
        if (copula is not None and run and not self._acts(lay, *run[0])
                and not copula[0].endswith(self.rules.existential_copulas)):
            # X + copula + number (发射成功率高达96.9%): the noun phrase X is the attribute,
            # whatever verb it holds
            return _joined(run)
        k = next((i for i, tok in enumerate(words) if self._acts(lay, *tok)), None)
        if k == 0 and self._existential(words[0][2]):
            # 共有340个企业治污工程开工: right before the amount, an existential gives way to
            # the verb after the quantity's object, as 有 does
            later = self._verb_after(lay, q1 + len(after), hi)
            if later is not None:
                return later
        if k == 0 and words[0][2] in self.rules.disposal_markers:
            # 把３０００名内地孤儿|接到: the marker puts the object before its verb
            return self._verb_after(lay, q1 + len(after), hi) or ("", q0, q0)
        if k is not None and k > 0 and words[k][2] in self.rules.light_verbs:
            # 实现|营业收入|3391亿元: the noun says what reached the value, and stays the
            # object (the dev gold's 实现工农业总产值3.4亿元: predicate and object both
            # 工农业总产值); the span is the verb's, so that the object is read after it
            noun = _joined(_capped(words[:k], self.rules.max_predicate_chars))[0]
            return noun, words[k][0], words[k][1]
        if (k is not None and 0 < k < len(words) - 1 and words[k + 1][1] == words[k][0]
                and words[k + 1][2] in self.rules.object_verbs
                and self._modifies(words[k][2], words[k - 1][2])):
            # 安置|下岗|职工|33.24万人: a verb whose object is a noun, right before another
            # verb and a noun: the other verb modifies that noun, which is the object
            k += 1
        if k is not None:
            start, end, word = words[k]
            if (word in self.rules.complements and k + 1 < len(words)
                    and words[k + 1][1] == start and words[k + 1][2] in self.rules.verbs):
                # a one-character complement joins the verb before it (拿|出, 建|起, 开|进)
                start, word = words[k + 1][0], words[k + 1][2] + word
            return word, start, end  # the words after it are its object
        later = self._verb_after(lay, q1 + len(after), hi)
        if later is None and not after and share:
            # ６９％的农户受益: the verb after the noun phrase the figure is a share of
            of = self.object_of(lay, q1, hi)
            if of:
                later = self._verb_after(lay, q1 + len(lay.token_after(q1)) + len(of), hi)
                if later is not None and len(later[0]) < 2:
                    later = None  # 国土|辟, 时间|蹲: a character of a longer verb
        if later is not None:
            return later
        if run:
            return _joined(run)
        if copula is not None:
            return copula
        return "", q0, q0

    def _copula_of_base(
        self, lay: Layout, tokens: list[tuple[int, int, str]]
    ) -> tuple[str, int, int] | None:
        """占总数的18.5%, 超过平时的三个月: a figure right after 的 is a share or a multiple of
        the noun phrase before it, and the copula before that phrase (占, 超过, 相当于) is the
        predicate; None where none opens the phrase (the counted verbs are too noisy to say
        where a noun phrase begins: 市区, 汉族 are among them)."""
        if not tokens or tokens[-1][2] not in self.rules.cues.possessive:
            return None
        for start, end, word in reversed(tokens[:-1]):
            if not is_han(word) and lay.mention_at(start) is None:
                return None
            if lay.in_time(start):
                return None
            if word in self.rules.copulas and word not in self.rules.cues.prepositions:
                return word, start, end  # not 为, 在: 为灾区提供的600万元 is what 提供 gave
        return None

    def _verb_before_list(
        self, lay: Layout, tokens: list[tuple[int, int, str]]
    ) -> tuple[int, int, str] | None:
        """The word right before the names that a 等 closes (授予|刘力|等35名同志, 授予|北京化工四厂
        |等76家企业), with only names and coordinating words (、, 和) between: the count's
        predicate (授予 is no verb of the list: what stands before a list of names is one,
        unless it is a title between a body and a person: 联合国|秘书长|安南等). None where
        the list does not end with a name (改进|中央门锁、电动摇窗|等12项: items that are no
        names may hold words of the verb list) or a function word opens it."""
        if not tokens or lay.mention_at(tokens[-1][0]) is None:
            return None
        for start, end, word in reversed(tokens):
            if lay.mention_at(start) is not None or word in self.rules.cues.coordination:
                continue
            if not is_han(word) or word in self._skip:
                return None
            first, body = lay.mention_at(end), next(lay.mentions_back(0, start), None)
            if first is not None and body is not None and title_between(
                    lay, self.rules, body, first):
                return None  # 联合国|秘书长|安南等: a title (title_between bounds the gap)
            return start, end, word
        return None

    def _of_another_figure(self, lay: Layout, start: int, end: int, word: str) -> bool:
        """``word`` is part of another quantity (万 of 万亩) or, unless it acts as a verb,
        what one counts (共有６个项目|１７个): no predicate of this one."""
        return lay.in_quantity(start, end, counted=True) and (
            lay.in_quantity(start, end) or not self._acts(lay, start, end, word))

    def _acts(self, lay: Layout, start: int, end: int, word: str) -> bool:
        """Whether ``word`` acts as a verb here: a verb of the counted list, or any word an
        aspect particle follows (調漲|了十一％, 标购|了: the sentence itself says so)."""
        return (word in self.rules.verbs or lay.token_after(end) in self.rules.aspect_particles
                or self._existential(word))

    def _existential(self, word: str) -> bool:
        """An adverb and an existential copula made one word by the segmenter (现有, 共有,
        已有, 原有): a verb, whose object follows (西藏现有中学９０所); 所有, 国有, 特有 are
        adjectives."""
        rules = self.rules
        return (len(word) == 2 and word.endswith(rules.existential_copulas)
                and (word[0] in rules.predicate_skip or word[0] in rules.existential_adverbs))

    def _verb_after(self, lay: Layout, start: int, hi: int) -> tuple[str, int, int] | None:
        """The verb that follows the quantity's object, with only function words between
        (3000多人受益, 两三条船停靠), or None: the first other word ends the search."""
        rules = self.rules
        for s, e, word in lay.iter_tokens(start, hi):
            if not is_han(word) or lay.mention_at(s) is not None:
                return None
            if self._function_word(word):
                continue
            if word in rules.noun_openers and is_han(lay.token_after(e)):
                return None  # ４—６级|偏|北风: the wind's direction, no verb
            return (word, s, e) if word in rules.verbs else None
        return None

    def counted_after(self, lay: Layout, q1: int, hi: int) -> str:
        """The Han characters right after the quantity, up to a stop word, the clause's end or
        ``max_object_chars``: what it counts, and what may follow (对口支援县帮扶任务)."""
        text = lay.text
        limit = min(hi, q1 + self.rules.max_object_chars)
        end = q1
        while end < limit and "\u4e00" <= text[end] <= "\u9fff":
            end += 1
        counted = text[q1:end]
        stop = self._stop(lay, q1, counted)
        return counted[:stop] if stop is not None else counted

    def object_after(self, lay: Layout, q1: int, counted: str, unit: str = "") -> str:
        """The noun phrase right after the quantity: of the phrase ``counted_after`` read,
        what it counts, up to a verb (２万名干部开进特困村 -> 干部; ３４０个企业治污工程开工 ->
        企业治污工程). After a classifier (``unit``, of ``RelationRules.classifiers``) a verb
        of the list that a content word follows opens the noun instead, after function words
        at most (４万多名|下岗|职工|通过, 两座|小|岛|组成, ３０家|最|大|企业: 下岗职工, 小岛,
        最大企业)."""
        end = q1 + len(counted)
        tokens = lay.tokens_in(q1, end)
        for k, (start, _, word) in enumerate(tokens):
            if word not in self.rules.verbs:
                continue
            nxt = tokens[k + 1][2] if k + 1 < len(tokens) else ""
            if (unit in self.rules.classifiers and self._modifies(word, nxt)
                    and all(self._function_word(w) for _, _, w in tokens[:k])):
                continue  # 名|下岗|职工, 家|最|大|企业: at most function words before it
            end = start
            break
        return lay.text[q1:end]

    def _modifies(self, word: str, nxt: str) -> bool:
        """``word``, right after a classifier, modifies the content word ``nxt`` after it
        (none: ""): the head of the counted noun (下岗|职工), no verb (代表|参加) nor function
        word."""
        return (not self._function_word(word) and is_han(nxt) and nxt not in self.rules.verbs
                and not self._function_word(nxt))

    def trimmed(self, lay: Layout, q1: int, after: str) -> str:
        """``object_after`` without what follows a function or time word in it (7个地市|又,
        三千户|后, 5%至70%|之间: the object is 地市, then nothing) or a time expression
        (最低25元|每天|收取: nothing); nothing where it opens with a word of ``position_ends``
        (5公里|外, 30-70元|不等) or is a lone function word before a verb (２０天|才|完成).
        The first word stays even when it is a function word's character (地|市: 地 heads
        地市). The predicate reader still reads the whole phrase, so the predicate does not
        move."""
        rules = self.rules
        for start, end, word in lay.iter_tokens(q1, q1 + len(after)):
            if (word in rules.object_ends or (start > q1 and word in rules.predicate_skip)
                    or lay.in_time(start)):
                return lay.text[q1:start]
            if start == q1 and word in rules.position_ends and (
                    self._phrase_ends(lay, end) or self._function_word(lay.token_after(end))):
                return ""  # ５公里|外, ２０年|间, 30-70元|不等: where or over what, no object
            if (start == q1 and end == q1 + len(after) and self._function_word(word)
                    and word not in rules.object_nouns and lay.token_after(end) in rules.verbs):
                return ""  # ７２分钟|便|完成, 两个月|才|发: the adverb of the verb after it
        return after

    def coordinated(self, lay: Layout, q1: int, obj: str, hi: int) -> str:
        """``obj``, the noun right after the quantity, with the nouns coordinated after it
        (３１１５个机关、企事业单位, ３１个省、市、自治区, 近２００件图片和实物): the count is of
        them all. The joiner is a word of its own (埃|及, 参|与 are no joiners), each item a
        noun of at most ``max_coordinated_words`` words after which a phrase may end
        (:meth:`_phrase_ends`), and the whole at most ``max_object_chars`` long; the list ends
        before an item that is no noun (、改造|…: a verb opens the next clause), that a
        function word, a name, a time, a count or a quantity opens, or that a quantity
        follows (３０亩小麦、玉米|２０亩: 玉米 is the next figure's)."""
        rules, text = self.rules, lay.text
        end = q1 + len(obj)
        if not obj or not text.startswith(obj, q1):
            return obj
        while end < hi:
            alternative = self._alternative(lay, end, hi)
            if alternative:  # １２个县（市、区）: the names the count also covers
                end += alternative
                continue
            joiner = word_at(rules.cues.coordination, text, end)
            if not joiner or not is_word(lay.doc, end, end + len(joiner)):
                break
            start = end + len(joiner)
            item = self.trimmed(
                lay, start, self.object_after(lay, start, self.counted_after(lay, start, hi)))
            last = start + len(item)
            words = [w for _, _, w in lay.tokens_in(start, last)]
            if (not words or last - q1 > rules.max_object_chars
                    or self._function_word(words[0]) or len(words) > rules.max_coordinated_words
                    or (len(words) > 1 and words[1] in rules.classifiers)  # 和|一|张: a count
                    or not is_word(lay.doc, start, last) or not self._phrase_ends(lay, last)
                    or lay.mention_at(start) is not None or lay.in_time(start)
                    or lay.in_quantity(start, last) or lay.in_quantity(last, last + 1)):
                break
            end = last
        return text[q1:end]

    def _alternative(self, lay: Layout, pos: int, hi: int) -> int:
        """The length of the bracket at ``pos`` that names what else a count's noun covers
        (县（市、区）, 乡（镇）, 厂长（经理）: ``alternative_brackets``): nouns of at most
        ``alternative_item_chars`` joined by 、, no verb of the list, no figure; 0 where there
        is none."""
        rules, text = self.rules, lay.text
        if pos >= hi or text[pos] not in rules.alternative_brackets:
            return 0
        limit = min(hi, pos + 2 + rules.alternative_chars)
        close = text.find(rules.alternative_brackets[text[pos]], pos + 1, limit)
        items = text[pos + 1 : close].split("、") if close > 0 else []
        if not items or lay.in_quantity(pos, close) or any(
            not is_han(item) or len(item) > rules.alternative_item_chars or item in rules.verbs
            for item in items
        ):
            return 0
        return close + 1 - pos

    def _phrase_ends(self, lay: Layout, pos: int) -> bool:
        """Whether a noun phrase may end at ``pos``: a mark, a stop or end of an object, a
        preposition (图片和实物|以), a verb of the list of two characters or more (one
        character is as often a noun's: 一|车) or 等 follows (和|一|车, 林网示范片、百|…,
        作文和旅|… do not end)."""
        rules, nxt = self.rules, lay.token_after(pos)
        return (not is_han(nxt) or rules.object_stops.fullmatch(nxt) is not None
                or nxt in rules.object_ends or (len(nxt) > 1 and nxt in rules.verbs)
                or nxt in rules.cues.prepositions
                or nxt in rules.cues.enumeration_end)

    def object_of(self, lay: Layout, q1: int, hi: int) -> str:
        """The noun phrase after the quantity's 的 (６９％的农户, 数百万美元的合约: what the
        figure is a share or the value of), where the mark is a word of its own (not 之 of
        之间) and no name stands in the phrase (三十岁的女明星金佳妍: the figure describes
        that name, its subject)."""
        mark = lay.token_after(q1)
        if mark not in self.rules.cues.possessive:
            return ""
        start = q1 + len(mark)
        phrase = self.trimmed(
            lay, start, self.object_after(lay, start, self.counted_after(lay, start, hi)))
        if lay.mentions_in(start, start + len(phrase)):
            return ""
        return phrase

    def object_before(self, lay: Layout, p1: int, q0: int) -> str:
        """The noun phrase between predicate and quantity (直接帮扶项目34个), without the
        function words around it (降到0.7% has none)."""
        words = [t for t in lay.tokens_in(p1, q0) if t[2].strip()]
        words = self._less_per_unit(words)  # 每吨 is not what the amount counts
        while words and self._function_word(words[0][2]):
            words.pop(0)
        while words and self._function_word(words[-1][2]):
            last = words.pop()
            if (words and last[2] in self.rules.copulas
                    and self._cut_from(words[-1][2], words[-1][1], last[0])):
                words.pop()  # 资金已高|达: 高 is the copula's
        if not words:
            return ""
        between = lay.text[words[0][0] : words[-1][1]]
        stop = self._stop(lay, words[0][0], between)
        if stop is not None:
            between = between[:stop]
        if 0 < len(between) <= self.rules.max_object_chars and is_han(between):
            return between
        return ""

    def object_topic(self, lay: Layout, lo: int, p0: int, predicate: str) -> str:
        """The noun phrase that a verb predicate follows as its topic, where no noun follows
        the quantity or stands between verb and quantity: what the figure measures
        (东大阿尔派公司的产值|比去年同期|增长230%, 去年国民生产总值|实现64.53亿元; a comparison
        before the verb is passed over). Only after a 的 (not a figure's: 两张18万元的|货款),
        a time or a place nominal (全市) does the phrase open the topic; right after the
        subject or a verb it is as often a title, a part of a name or an auxiliary
        (李嘉诚|先生|捐款, 莫斯科|地区|提供, 美国国防部|计划|花费), and gives none."""
        if not predicate or not self._acts(lay, p0, p0 + len(predicate), predicate):
            return ""
        tokens = lay.tokens_in(lo, p0)
        marks = [i for i, t in enumerate(tokens) if t[2] in self.rules.comparison_before]
        if marks:
            tokens = tokens[: marks[-1]]
        words: list[tuple[int, int, str]] = []
        # the subject itself may be the place nominal (全市|国内生产总值)
        opened = bool(tokens) and lay.token_before(tokens[0][0]) in self._place_nominals
        for start, end, word in reversed(tokens):
            if lay.in_time(start) or word in self._place_nominals:
                opened = True
                break
            if word in self.rules.cues.possessive:
                opened = not lay.in_quantity(start - 1, start)
                break
            if (not is_han(word) or len(word) < 2 or lay.mention_at(start) is not None
                    or lay.in_quantity(start, end) or word in self.rules.verbs
                    or self._function_word(word)):
                opened = False
                break
            words.append((start, end, word))
        if not words or not opened:
            return ""
        phrase = lay.text[words[-1][0] : words[0][1]]
        return phrase if len(phrase) <= self.rules.max_object_chars else ""

    def _less_per_unit(
        self, tokens: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """``tokens`` (those before a quantity) less a closing 每 and the unit after it, which
        say what the amount is per (每吨4000元)."""
        if len(tokens) > 1 and tokens[-2][2] in self.rules.per_unit:
            return tokens[:-2]
        return tokens

    def _stop(self, lay: Layout, start: int, phrase: str) -> int | None:
        """Where the first of ``object_stops`` in ``phrase`` (which begins at ``start``)
        stands, else None; those of ``object_word_stops`` only as words of their own (中 of
        中等, 中心, 中小学校, 都 of 首都, 均 of 平均 are no stops), those of ``rank_bounds``
        only at either end (副科级以上干部 is one noun)."""
        rules = self.rules
        for m in rules.object_stops.finditer(phrase):
            if m.group() in rules.rank_bounds and 0 < m.start() and m.end() < len(phrase):
                continue  # １５００名副科级|以上|干部: the bound of a rank inside the noun
            if m.group() not in rules.object_word_stops or is_word(
                    lay.doc, start + m.start(), start + m.end()):
                return m.start()
        return None

    def _cut_from(self, word: str, end: int, copula_start: int) -> bool:
        """A one-character verb that the segmenter cut from the copula right after it (高|达,
        降|到, 升|至, 办|有): part of that copula, so that the predicate is the noun before
        it (发射成功率高达96.9% -> 发射成功率)."""
        return len(word) == 1 and end == copula_start and word in self.rules.verbs

    def _function_word(self, word: str) -> bool:
        return word in self._skip or word in self.rules.copulas

    def undetermined(self, obj: str | None) -> str | None:
        """``obj`` without a determiner that opens it (各类|信用卡, 各种|荣誉称号: what is counted
        is 信用卡): ``object_determiners``."""
        det = word_at(self.rules.object_determiners, obj, 0) if obj else ""
        return obj[len(det):] if det and len(obj) > len(det) else obj

    def unit_from_object(self, obj: str) -> str:
        for noun, unit in self._unit_nouns:
            if obj.endswith(noun):
                return unit
        return ""

    def unit_of_counted(self, lay: Layout, q1: int, counted: str) -> tuple[str, str]:
        """(unit, noun) of a bare amount: the unit that the noun right after it gives, where
        that noun ends a word and the phrase goes on past it (１０００万|农户|增收 -> 户,
        农户: the object stops only at a verb of the list); the longest such noun first."""
        for _, end, _ in reversed(lay.tokens_in(q1, q1 + len(counted))):
            noun = lay.text[q1:end]
            unit = self.unit_from_object(noun)
            if unit:
                return unit, noun
        return "", ""
