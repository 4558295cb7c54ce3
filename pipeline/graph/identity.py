"""Canonical names and deterministic IRIs.

Identity decides which mentions become one graph node. The rule is deliberately simple and
stateless, so the same entity gets the same IRI in every run and in every document without
any registry shared between runs:

* canonical name = the simplified (OpenCC t2s) surface; for ORG, legal-form suffixes listed in
  ``resources/org_suffixes.json`` are stripped (中國電信集團有限公司 → 中国电信), so full and
  short names, traditional and simplified, meet in one node. A ``canonical`` given by the NLP
  stages (gazetteer names, resolved short forms) wins over this computation.
* linked administrative areas (GPE with a GB/T 2260 code) are identified by the code, not by
  the name: 四川 and 四川省 are one place.
* everything else is identified by (label, canonical name): the IRI is a hash of that pair.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import srsly

from . import vocab

_RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ORG_SUFFIXES_PATH = _RESOURCES / "org_suffixes.json"
IDENTITY_PATH = _RESOURCES / "graph_identity.json"
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@lru_cache(maxsize=1)
def _t2s():  # opencc.OpenCC
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def simplify(text: str) -> str:
    """Simplified-script form of ``text`` (phrase-level OpenCC t2s; idempotent on simplified).

    Cached because entity names repeat across documents far more than they vary.
    """
    return _t2s().convert(text) if text else text


@lru_cache(maxsize=8)
def load_org_suffixes(path: Path = ORG_SUFFIXES_PATH) -> tuple[tuple[str, ...], int]:
    """Legal suffixes (longest first, so 集团有限公司 beats 有限公司) and the minimum remainder."""
    data = srsly.read_json(path)
    suffixes = sorted({simplify(s) for s in data["suffixes"] if s}, key=lambda s: (-len(s), s))
    return tuple(suffixes), int(data.get("min_remainder", 2))


def strip_org_suffix(name: str, path: Path = ORG_SUFFIXES_PATH) -> str:
    """``name`` without its legal-form suffixes, as long as a real name (≥ 2 chars) remains.

    Stripping repeats because suffixes stack (XX集团股份有限公司 → XX集团 → XX); it stops rather
    than reduce 集团公司 or 有限公司 alone to nothing, since those are nominal mentions.
    """
    suffixes, min_remainder = load_org_suffixes(path)
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) - len(suffix) >= min_remainder:
                name = name[: -len(suffix)].rstrip(" ·・")
                changed = True
                break
    return name


def canonical_name(label: str, surface: str, canonical: str | None = None) -> str:
    """The canonical simplified name of an entity mention (see the module docstring)."""
    if canonical:
        return simplify(canonical.strip())
    name = simplify(surface.strip())
    if label == "ORG":
        name = strip_org_suffix(name)
    return name


@lru_cache(maxsize=8)
def _min_name_chars(path: Path = IDENTITY_PATH) -> dict[str, int]:
    return {str(k): int(n) for k, n in srsly.read_json(path)["min_name_chars"].items()}


def names_someone(label: str, canonical: str) -> bool:
    """Whether a mention's canonical name is long enough to identify one entity: a person of
    one character is a surname tagged alone (陳 of 陳小姐), which as a node would be every
    Chen of every document (``resources/graph_identity.json``)."""
    return len(canonical) >= _min_name_chars().get(label, 1)


def record_canonical(record: Mapping) -> str:
    """Canonical name of an ``EntityRecord`` (its ``canonical`` key when the NLP gave one)."""
    return canonical_name(
        record.get("label", ""),
        record.get("text") or record.get("norm") or "",
        record.get("canonical"),
    )


def record_code(record: Mapping) -> str | None:
    """The GB/T 2260 code that identifies a linked GPE, or ``None`` (codes only identify GPEs)."""
    code = record.get("code")
    if code and record.get("label") == "GPE":
        return str(code)
    return None


# -- IRIs -------------------------------------------------------------------------------------
def normalise_base(base_iri: str | None) -> str:
    """The configured base IRI, defaulted, and ending in ``/`` or ``#`` so paths can be appended."""
    base = (base_iri or vocab.DEFAULT_BASE_IRI).strip()
    return base if base.endswith(("/", "#")) else base + "/"


def digest(*parts: object) -> str:
    """First 16 hex digits of the SHA-1 of the parts joined by ``|``: short, stable, no clashes
    in practice at the scale of a news corpus (64 bits)."""
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def document_iri(base: str, doc_id: str) -> str:
    return f"{base}{vocab.SEG_DOCUMENT}/{digest(doc_id)}"


def place_iri(base: str, code: str) -> str:
    """Administrative areas are named by their code, readable and stable across name changes."""
    segment = code if _SAFE_SEGMENT.match(code) else digest(code)
    return f"{base}{vocab.SEG_PLACE}/{segment}"


def entity_iri(base: str, label: str, canonical: str) -> str:
    return f"{base}{label.lower()}/{digest(label, canonical)}"


def statement_iri(
    base: str,
    doc_id: str,
    begin: int | None,
    end: int | None,
    subject_iri: str,
    value: str,
    unit: str | None,
    obj: str | None = None,
    predicate: str | None = None,
    evidence: str | None = None,
) -> str:
    """Hash of what makes a statement distinct. Beyond document, evidence offsets, subject,
    value and unit: ``obj`` and ``predicate`` separate list items that share all of those but
    say different things, and the evidence text separates statements that have no offsets."""
    key = digest(doc_id, begin, end, subject_iri, value, unit, obj, predicate, evidence)
    return f"{base}{vocab.SEG_STATEMENT}/{key}"


def evidence_iri(doc: str, begin: int, end: int) -> str:
    """NIF-style offset IRI (RFC 5147 ``#char=``) under the document: statements that cite the
    same substring share one evidence node."""
    return f"{doc}#char={begin},{end}"


def mention_iri(doc: str, surface: str, label: str) -> str:
    return f"{doc}#mention-{digest(label, surface)}"
