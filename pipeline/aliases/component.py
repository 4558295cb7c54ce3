"""``zhkg_aliases``: a short name the text defines is the entity it was defined for.

News and reports name an organisation in full once and say which short name they use from
then on: 中国移动通信集团有限公司（以下简称“中国移动”）. Without this stage the full and the
short name are two graph nodes, and a figure stated of the short name is not found under the
full one. For each definition after an entity (the cues are data: ``resources/aliases.json``)
the stage tags every free occurrence of the short name in the document's main content with
the entity's label, and gives them all the full name's canonical name, the one the graph
identifies the full name by (:func:`pipeline.graph.identity.canonical_name`): the graph makes
one node of them, the short name among its alternate names (GRAPH.md), and the relation stage
sees one entity. Linked places are left alone: their code already identifies them. A short
name the text uses without defining it, the full name's beginning followed only by a legal
form or a bare head (万德莱 of 万德莱公司), joins the full name's entity the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import in_ranges, original_text
from ..graph.identity import canonical_name, strip_org_suffix
from ..paths import RESOURCES, resolve_model_path
from ..punctuation import BRACKET_PAIRS, CLAUSE_END, COLONS, ENUMERATION_COMMA, QUOTE_PAIRS, QUOTES
from ..saving import FileBacked, Files
from ..tokens import ensure_boundaries

ALIASES_FILE = RESOURCES / "aliases.json"
CUES_FILE = "aliases.json"  # its name in a saved pipeline


def definition_pattern(cues: list[str], max_chars: int) -> re.Pattern[str]:
    """The regex of a definition right after an entity; group ``short`` is the short name,
    which holds no quotation mark, bracket or clause punctuation (``pipeline.punctuation``)."""
    opening = re.escape("".join(pair[0] for pair in QUOTE_PAIRS))
    closing = re.escape("".join(pair[1] for pair in QUOTE_PAIRS))
    open_bracket = re.escape("".join(pair[0] for pair in BRACKET_PAIRS))
    close_bracket = re.escape("".join(pair[1] for pair in BRACKET_PAIRS))
    inside = re.escape(QUOTES + "".join(BRACKET_PAIRS) + CLAUSE_END + ENUMERATION_COMMA)
    cue = "|".join(map(re.escape, sorted(cues, key=len, reverse=True)))
    return re.compile(
        f"[{closing}]?\\s*[{open_bracket}]\\s*(?:{cue})[为{re.escape(COLONS)}]?\\s*"
        f"[{opening}]?(?P<short>[^{inside}\\s]{{1,{max_chars}}})[{closing}]?\\s*[{close_bracket}]"
    )


def gloss_pattern(letters: str, inner: str, max_chars: int) -> re.Pattern[str]:
    """The regex of a gloss right after an entity: a bracket holding only a name in Latin
    letters (``letters``: a regex class), which may hold ``inner`` marks between them;
    group ``short`` is the name."""
    open_bracket = re.escape("".join(pair[0] for pair in BRACKET_PAIRS))
    close_bracket = re.escape("".join(pair[1] for pair in BRACKET_PAIRS))
    middle = f"[{letters}{re.escape(inner)}]{{0,{max_chars - 2}}}"
    short = f"(?P<short>[{letters}](?:{middle}[{letters}])?)"
    return re.compile(f"\\s*[{open_bracket}]\\s*{short}\\s*[{close_bracket}]")


class AliasLinker(FileBacked):
    """Finds the short names a document defines and links their mentions (module docstring).

    ``path``: the cues file (``None``: the packaged ``resources/aliases.json``), read by
    ``initialize`` or on first use, or from the copy a saved pipeline holds
    (:mod:`pipeline.saving`)."""

    pattern: re.Pattern[str]
    gloss: re.Pattern[str]
    acronym_labels: frozenset[str]
    short_heads: tuple[str, ...]
    short_min_chars: int

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = path

    def sources(self) -> Files:
        return {CUES_FILE: ALIASES_FILE if self.path is None else resolve_model_path(self.path)}

    def read(self, files: Files) -> None:
        data = srsly.read_json(files[CUES_FILE] or ALIASES_FILE)
        self.pattern = definition_pattern(data["cues"], int(data["max_chars"]))
        self.gloss = gloss_pattern(
            data["gloss_letters"], data["gloss_inner"], int(data["gloss_max_chars"]))
        self.acronym_labels = frozenset(data["acronym_labels"])
        self.short_heads = tuple(data["short_form_heads"])
        self.short_min_chars = int(data["short_form_min_chars"])

    def _defined(self, text: str, ent: Span) -> str | None:
        """The short name defined right after ``ent`` (中国移动 of …（以下简称“中国移动”）) or
        its gloss in Latin letters (…（Fordham University）); an acronym (WTA) glosses no
        person."""
        m = self.pattern.match(text, ent.end_char)
        if m is not None:
            return m.group("short")
        m = self.gloss.match(text, ent.end_char)
        if m is None:
            return None
        short = m.group("short")
        if short.isupper() and short.isalpha() and ent.label_ not in self.acronym_labels:
            return None
        return short

    def _short_forms(self, ents: list[Span], text: str) -> None:
        """An organisation named by the beginning of another one's name in the same
        document, the rest of which is only a legal form or a bare head (万德莱 of 万德莱公司,
        野村 of 野村公司, 一汽 of 一汽集团有限公司), is that organisation: its mentions take the
        full name's canonical name, so that the graph has one node and the relation stage
        one entity, as for a short name the text defines. A longer name that goes on with
        any other word may be another body (中国银行|北京分行, 外经贸部|党组) and stays apart."""
        orgs = [(text[e.start_char : e.end_char], e) for e in ents if e.label_ == "ORG"]
        if len(orgs) < 2:
            return
        names = sorted({name for name, _ in orgs})
        for short, e in orgs:
            if len(short) < self.short_min_chars:
                continue
            # the names that begin with ``short`` follow it in sorted order
            i = bisect_right(names, short)
            longer = []
            while i < len(names) and names[i].startswith(short):
                if self._same_body(short, names[i]):
                    longer.append(names[i])
                i += 1
            if not longer:
                continue
            # read a name's extension only here: most documents have no such pair
            canon = {canonical_name("ORG", f.text, f._.canonical)
                     for name, f in orgs if name in longer}
            if len(canon) == 1:
                e._.canonical = canon.pop()

    def _same_body(self, short: str, name: str) -> bool:
        """Whether ``name`` is ``short`` with a legal form or a bare head after it."""
        base = strip_org_suffix(name)
        return base == short or any(base == short + head for head in self.short_heads)

    def __call__(self, doc: Doc) -> Doc:
        self.ensure_read()
        ents = list(doc.ents)
        if not ents:
            return doc
        ext = doc._
        text = ext.simplified or original_text(doc)
        ranges = ext.content_ranges
        self._short_forms(ents, text)
        names: dict[str, tuple[str, str]] = {}  # short name -> (label, canonical)
        for ent in ents:
            short = self._defined(text, ent)  # before ``ent._``: most names define nothing
            if short is not None and not ent._.code and short != text[ent.start_char:ent.end_char]:
                canonical = canonical_name(ent.label_, ent.text, ent._.canonical)
                ent._.canonical = canonical  # the relation stage keys entities by it
                names.setdefault(short, (ent.label_, canonical))
        if not names:
            return doc
        taken = [(e.start_char, e.end_char) for e in ents]
        edges = {o for t in doc for o in (t.idx, t.idx + len(t))}
        found: list[tuple[int, int, str, str]] = []
        for short in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(short), text):
                a, b = m.span()
                if a not in edges or b not in edges or not in_ranges(ranges, a, b):
                    continue  # inside a word (公司 in 子公司) or outside the main content
                if any(s < b and a < e and (s, e) != (a, b) for s, e in taken):
                    continue  # inside or across another name (中国移动 in 中国移动通信集团)
                found.append((a, b, *names[short]))
                taken.append((a, b))
        ensure_boundaries(doc, [o for a, b, _, _ in found for o in (a, b)])
        spans = {(e.start_char, e.end_char): e for e in doc.ents}
        for a, b, label, canonical in found:
            span = doc.char_span(a, b, label=label)
            if span is not None:
                span._.canonical = canonical
                spans[(a, b)] = span
        doc.ents = sorted(spans.values(), key=lambda s: s.start)
        return doc


@Language.factory(
    "zhkg_aliases",
    default_config={"path": None},
    assigns=["doc.ents", "span._.canonical"],
    requires=["doc.ents"],
)
def make_alias_linker(nlp: Language, name: str, path: str | None) -> AliasLinker:
    """``path``: a cues file in the shape of ``resources/aliases.json`` (null: that file)."""
    return AliasLinker(path)
