"""What the NER trainer builds must stay what the shipped model (models/ner) was trained with:
the feature character sets, the lexicons and the score records. The lexicon rebuild needs the
shared data and skips without it; the rest always runs."""

from __future__ import annotations

import pytest

from pipeline.evaluate.scoring import prf, span_prf
from pipeline.ner.features import (
    BOUNDARY_CHARS,
    CN_NUMERALS,
    boundary_mask,
    clause_mask,
    codepoints,
    sentence_bounds,
)
from pipeline.paths import config_path, project_root
from pipeline.punctuation import CLAUSE_END
from pipeline.quantities.rules import load_rules
from pipeline.train.places import lexicon_places, short_forms, suffix_short_forms

LEXICON_DIR = project_root() / "models" / "ner" / "lexicons"
DATA = project_root().parent / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is missing")


def test_boundary_chars_are_clause_ends_less_ascii_comma_and_colon() -> None:
    """The model's boundary set is pinned to the shared punctuation: an edit to either fails
    here, and the model's set may only change with a retrain."""
    assert set(BOUNDARY_CHARS) == (set(CLAUSE_END) - {",", ":"}) | set("\n\r\t")
    text = "北京，上海,广州：深圳:香港。"
    mask = boundary_mask(codepoints(text)).tolist()
    assert [c for c, m in zip(text, mask, strict=True) if m] == ["，", "：", "。"]


def test_spaces_between_phrases_are_clause_boundaries() -> None:
    """A space (or no-break, ideographic space) sets phrases apart, except between Latin
    letters or digits, and ends no sentence; text without spaces keeps the trained masks."""
    text = "助力脫貧攻堅 中國電信，\u00a0國際金融協會和Johns Hopkins的3 000人"
    cp = codepoints(text)
    marked = [i for i, m in enumerate(boundary_mask(cp).tolist()) if m]
    assert marked == [6, 11, 12]  # the space, the comma, the no-break space
    assert [i for i, m in enumerate(clause_mask(cp).tolist()) if m] == marked
    assert sentence_bounds(cp) == [(0, len(text))]


def test_cn_numerals_are_the_quantity_numerals_less_nine() -> None:
    """The model's numeral char type against the quantity rules' numeral characters."""
    assert set(CN_NUMERALS) == set(load_rules().numeral_chars) - set("○洞幺俩参廿卅卌兆")
    assert len(CN_NUMERALS) == len(set(CN_NUMERALS))


def test_suffix_short_forms_differ_from_the_gazetteers() -> None:
    """The shipped lexicon's recipe (place_forms = "suffixes") next to the gazetteer's."""
    assert suffix_short_forms("四川省") == ["四川"]
    assert set(suffix_short_forms("凉山彝族自治州")) == {"凉山州", "凉山", "凉山彝族"}
    assert set(short_forms("凉山彝族自治州", "city")) == {"凉山州", "凉山"}
    # no 族 after 维吾尔: the pattern misses it, the gazetteer's ethnic list does not
    assert suffix_short_forms("新疆维吾尔自治区") == ["新疆维吾尔"]
    assert short_forms("新疆维吾尔自治区", "province") == ["新疆"]


def test_span_prf_is_prf_in_the_ner_score_shape() -> None:
    """Keys and order as models/ner/meta.json has them; values those of :func:`prf`."""
    scores = span_prf(3, 4, 6)
    assert list(scores) == ["p", "r", "f", "tp", "pred", "gold"]
    assert scores == {"p": 0.75, "r": 0.5, "f": 0.6, "tp": 3, "pred": 4, "gold": 6}
    full = prf(2, 1, 5)
    assert span_prf(2, 3, 7)["f"] == round(full["f1"], 4)
    assert span_prf(0, 0, 0) == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "pred": 0, "gold": 0}
    assert span_prf(0, 5, 0)["p"] == 0.0


@needs_data
def test_lexicons_rebuild_the_shipped_ones() -> None:
    """A retrain with the shipped config rebuilds every lexicon the model stores (set for
    set), the training-entity ones (eP, eO) aside."""
    from pipeline.train.ner import build_lexicons
    from pipeline.train.script import load_settings

    settings = load_settings(config_path("train_ner.cfg"))
    words, suffix_dicts = build_lexicons(settings)
    assert suffix_dicts == ["os", "ps"]
    assert set(words) == {"w", "p", "o", "sn", "os", "ps"}
    for name, items in words.items():
        shipped = (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        assert set(items) == set(shipped) - {""}, name


@needs_data
def test_traditional_org_words_rebuild_the_shipped_list() -> None:
    """``python -m pipeline.train.script_orgs`` with its defaults writes the shipped list."""
    from pipeline.ner.features import read_word_list
    from pipeline.train.script_orgs import OUTPUT, derive

    kept, _ = derive(DATA.parent)
    assert kept == read_word_list(OUTPUT)
    assert {"立法院", "劳委会", "卫生署"} <= set(kept) and "研讨会" not in kept


@needs_data
def test_bare_heads_rebuild_the_shipped_list() -> None:
    """``python -m pipeline.train.heads`` with its defaults writes the shipped list."""
    from pipeline.ner.features import read_word_list
    from pipeline.train.heads import OUTPUT, derive

    kept, _ = derive(DATA.parent)
    assert kept == read_word_list(OUTPUT)
    assert "公司" in kept and "国务院" not in kept


@needs_data
def test_corpus_orgs_rebuild_the_shipped_list() -> None:
    """``python -m pipeline.train.corpus_orgs`` with its defaults writes the shipped list."""
    from pipeline.ner.features import read_word_list
    from pipeline.train.corpus_orgs import OUTPUT, derive

    kept, _ = derive(DATA.parent)
    assert kept == read_word_list(OUTPUT)
    # a name the corpora tag nearly always; a bare head they rarely do; a club named after
    # its city, which has no organisation ending
    assert {"新华社", "国务院"} <= set(kept) and not {"公司", "利物浦"} & set(kept)


@needs_data
def test_short_orgs_rebuild_the_shipped_list() -> None:
    """``python -m pipeline.train.short_orgs`` with its defaults writes the shipped list."""
    from pipeline.ner.features import read_word_list
    from pipeline.train.short_orgs import OUTPUT, derive

    kept, _ = derive(DATA.parent)
    assert kept == read_word_list(OUTPUT)
    # names the corpora tag as names; words they tag now and then (人大代表, 民生问题)
    assert {"招行", "央行", "欧盟"} <= set(kept) and not {"人大", "民生", "群众"} & set(kept)


def test_corpus_orgs_keep_the_names_tagged_nearly_always() -> None:
    from pipeline.train.corpus_orgs import always_tagged

    counts = {"新华社": (377, 2), "人大": (35, 54), "某某会": (3, 0)}
    assert always_tagged(counts, min_count=5, min_share=0.9) == ["新华社"]


@needs_data
def test_name_tails_rebuild_the_shipped_lists() -> None:
    """``python -m pipeline.train.name_tails`` with its defaults writes the shipped lists."""
    import srsly

    from pipeline.train.name_tails import OUTPUT, derive

    lists = derive(DATA.parent)
    shipped = srsly.read_json(OUTPUT)
    assert lists["tails"] == shipped["tails"] and lists["inner"] == shipped["inner"]
    assert lists["tails"]["委员会"] == "ORG" and "房地产" in lists["inner"]


@needs_data
def test_gazetteer_place_forms_change_the_place_lexicon() -> None:
    """place_forms = "gazetteer" is the gazetteer's derivation: a different lexicon, so the
    switch waits for a retrain (models/README.md, NER lexicons)."""
    folder = DATA / "gazetteer"
    shipped = lexicon_places(folder, False, 2, "suffixes")
    gazetteer = set(lexicon_places(folder, False, 2, "gazetteer"))
    assert {"凉山", "凉山州", "新疆", "伊犁州", "木里县"} <= gazetteer
    assert "凉山彝族" in shipped and "凉山彝族" not in gazetteer
    with pytest.raises(ValueError):
        lexicon_places(folder, False, 2, "other")


def test_traditional_sentences_are_copied_within_their_part() -> None:
    from pipeline.train.ner import extra_copies

    part = [("台灣銀行", ["B-ORG"] * 4), ("中国", ["B-LOC", "E-LOC"]), ("香港", ["O", "O"])]
    marked = {id(part[0]), id(part[2])}
    assert extra_copies(part, marked, 1) == []
    assert extra_copies(part, marked, 3) == [part[0], part[2]] * 2
    assert extra_copies(part, {id(("other", []))}, 3) == []


@needs_data
def test_segmentation_word_lists_give_the_vocabulary_people_daily_lacks() -> None:
    """``[lexicons] word_lists`` (off in the shipped config): the AS and CityU training words,
    simplified, Han only, less the People's Daily words: Taiwan's bank and agency short
    names that the model's word lexicon does not know."""
    from pipeline.train.ner import pd1998_words, segmentation_words

    known = set(pd1998_words(str(DATA / "cws" / "pd1998" / "fold-{fold}.txt.gz"), [1], 2, 8))
    lists = [str(DATA / "cws" / "icwb2" / "gold" / "as_training_words.utf8")]
    words = set(segmentation_words(lists, 8, known))
    assert {"台银", "土银", "主计处"} <= words  # 臺銀, 土銀, 主計處 in the list
    assert not words & known
    assert all(2 <= len(w) <= 8 and "\u4e00" <= min(w) and max(w) <= "\u9fff" for w in words)
