"""The numpy pkuseg decoder (zhkg.pkuseg_segmenter.v2) against spacy-pkuseg itself (v1).

Real model and user dictionary, no mocks: v2 only replaces v1 if it segments every text word
for word the same. Corpus samples need ../shared/data; those tests skip only when it is missing.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import numpy as np
import pytest

from pipeline.corpora import read_char_bio
from pipeline.paths import resolve_model_path
from pipeline.segment.fast_pkuseg import TABLE_ARRAYS, FastPkuseg, UserDict
from pipeline.segment.segmenters import make_fast_pkuseg_segmenter, make_pkuseg_segmenter
from pipeline.segment.tokenizer import ZhkgTokenizer

MODEL = "models/segmenter"
USER_DICT = "models/segmenter/user_dict.txt"
DATA = resolve_model_path("../shared/data")

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is missing")

EDGE_CASES = [
    "",
    "中",
    "，",
    "a",
    "１９９８年１２月３１日",  # full-width digits: pkuseg's **Num
    "ＡＢＣ公司和ａｂｃ，ｊ不在字母表里",  # full-width letters (ｊ is missing from pkuseg's set)
    "iPhone15发布",
    "2024年GDP增长5.2%",
    "a-b_c.d,e|f/g*h:i",  # pkuseg renames these to & before features
    "——“”《》（）！？。，、；：",
    "😀😀中国𠀀𠀁",  # astral code points
    "中\ud800国",  # a lone surrogate
    "四川省凉山彝族自治州木里藏族自治县",
    "凉山彝族自治",  # a user-dict prefix that is no word: pkuseg's trie walk quirk
    "中国核工业集团有限公司发布公告",
    "的的的的的的的的的的",
    " 中 国\t人\n",  # whitespace: pkuseg splits on it (and v1/v2 then fall back to chars)
]


@pytest.fixture(scope="module")
def v1():
    return make_pkuseg_segmenter(MODEL, USER_DICT)


@pytest.fixture(scope="module")
def v2():
    return make_fast_pkuseg_segmenter(MODEL, USER_DICT)


def _assert_same(v1, v2, texts: list[str]) -> None:
    expected = [v1(t) for t in texts]
    assert v2.cut_many(texts) == expected
    assert [v2(t) for t in texts[:50]] == expected[:50]


def test_edge_cases(v1, v2) -> None:
    _assert_same(v1, v2, EDGE_CASES)
    assert v2("") == [] and v2("中") == ["中"]


def test_random_mixtures_of_dictionary_words_and_odd_characters(v1, v2) -> None:
    words = [w.strip() for w in resolve_model_path(USER_DICT).read_text("utf-8").split("\n")]
    fragments = [f for w in words[:4000:9] if w for f in (w, w[:-1], w[1:], w[: len(w) // 2])]
    alphabet = list("中国人民的了在是北京市四川省凉山１２Ａａｊ1a-./*:&😀，。《》")
    rng = random.Random(0)
    texts = [
        "".join(
            rng.choice(fragments)
            if rng.random() < 0.4
            else "".join(rng.choices(alphabet, k=rng.randint(1, 6)))
            for _ in range(rng.randint(1, 10))
        )
        for _ in range(500)
    ]
    _assert_same(v1, v2, texts)


@needs_data
def test_corpus_samples(v1, v2) -> None:
    pku = (DATA / "cws" / "icwb2" / "gold" / "pku_test_gold.utf8").read_text("utf-8")
    texts = ["".join(line.split()) for line in pku.splitlines()[:400]]
    texts += [t for t, _ in read_char_bio(DATA / "ner" / "msra" / "test.bio.gz")][:600]
    with gzip.open(DATA / "cws" / "pd1998" / "fold-5.txt.gz", "rt", encoding="utf-8") as fh:
        texts += ["".join(next(fh).split()) for _ in range(300)]
    _assert_same(v1, v2, texts)
    # a long chunk with many user-dict pieces, decoded in one batch
    _assert_same(v1, v2, ["".join(texts[400:440])])


def test_scores_are_bit_identical_to_pkuseg(v2) -> None:
    """The design guarantee: pkuseg's node and edge scores, to the last bit."""
    from spacy_pkuseg import inference, pkuseg

    seg = pkuseg(model_name=str(resolve_model_path(MODEL)), user_dict=None)
    fe, model = seg.feature_extractor, seg.model
    fast = v2.model
    for text in ["中华人民共和国成立了", "１９９８年ＡＢＣ公司在北京市开会。", "a-b.c😀的的"]:
        nodes = list(fe.normalize_text(text))
        feats = [fe.get_node_features_idx(i, nodes) for i in range(len(nodes))]
        node, edge = inference.getLogYY(
            feats, model.n_tag, model.n_feature * model.n_tag, model.w, 1.0
        )
        assert np.array_equal(fast._emissions(*fast._layout([text])), node)
        assert np.array_equal(fast.edges, edge)


def test_tokenizer_segments_a_text_in_one_call(nlp, v1) -> None:
    text = "中華人民共和國成立了。\n\n四川省凉山彝族自治州 木里藏族自治县发生森林火灾"
    assert hasattr(nlp.tokenizer.segmenter, "cut_many")  # the configs use v2
    fast_doc = nlp.tokenizer(text)
    ref_doc = ZhkgTokenizer(nlp.vocab, nlp.tokenizer.converter, v1)(text)
    assert [t.text for t in fast_doc] == [t.text for t in ref_doc]
    assert fast_doc.text == text


def test_tables_are_cached_and_a_damaged_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load keeps its lookup tables; the next load reads them instead of parsing the
    feature strings, and segments the same. A damaged file is rebuilt, an unwritable cache
    folder only costs the speed."""
    model_dir, user_dict = resolve_model_path(MODEL), str(resolve_model_path(USER_DICT))
    texts = EDGE_CASES + ["北京市委书记在四川省凉山彝族自治州木里藏族自治县调研"]
    built = FastPkuseg(model_dir, user_dict, "merge", cache_dir=tmp_path)
    (cached_file,) = (tmp_path / "segmenter").iterdir()

    def no_build(self: FastPkuseg, model_dir: Path) -> None:
        raise AssertionError("tables rebuilt although cached")

    with monkeypatch.context() as patch:
        patch.setattr(FastPkuseg, "_build", no_build)
        cached = FastPkuseg(model_dir, user_dict, "merge", cache_dir=tmp_path)
    for name in TABLE_ARRAYS:
        assert np.array_equal(getattr(cached, name), getattr(built, name)), name
    assert cached.cut_many(texts) == built.cut_many(texts)

    cached_file.write_bytes(b"not a zip file")
    rebuilt = FastPkuseg(model_dir, user_dict, "merge", cache_dir=tmp_path)
    assert rebuilt.cut_many(texts) == built.cut_many(texts)
    with np.load(cached_file) as data:  # replaced by a good one
        assert np.array_equal(data["bi_keys"], built.bi_keys)

    blocked = tmp_path / "a_file"
    blocked.write_text("")
    assert FastPkuseg(model_dir, user_dict, "merge", cache_dir=blocked).cut_many(texts) == (
        built.cut_many(texts)
    )


def test_user_dict_merges_only_on_model_boundaries(tmp_path) -> None:
    # the words and their prefixes in sets for merging (no trie built), pkuseg's trie for split
    path = tmp_path / "dict.txt"
    path.write_text("北京市\n北京\t地名\n\n市中区\n", encoding="utf-8")
    d = UserDict(str(path))
    assert d.words == {"北京市", "北京", "市中区"} and "trie" not in vars(d)
    assert d.merge(["北京", "市", "的"]) == ["北京市", "的"]
    assert d.merge(["北京", "市委"]) == ["北京", "市委"]  # 北京市 would cut through 市委
    assert d.merge(["北", "京", "市", "中", "区"]) == ["北京市", "中", "区"]
    assert d.split("在北京市中区") == [("在", False), ("北京市", True), ("中区", False)]
