"""The shipped word segmenter (models/segmenter): real model, no mocks.

Scoring needs the gold files under ../shared/data; those tests skip only when it is missing.
"""

from __future__ import annotations

import pytest

from pipeline.paths import resolve_model_path
from pipeline.segment.segmenters import make_fast_pkuseg_segmenter
from pipeline.train.places import short_forms
from pipeline.train.segmenter import (
    MODEL_FILES,
    USER_DICT_NAME,
    evaluate_segmenter,
    load_segmenter,
    word_spans,
)

MODEL_DIR = resolve_model_path("models/segmenter")
USER_DICT = MODEL_DIR / USER_DICT_NAME
DATA = resolve_model_path("../shared/data")
PKU_GOLD = DATA / "cws" / "icwb2" / "gold" / "pku_test_gold.utf8"

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is missing")


@pytest.fixture(scope="module")
def seg_plain():
    return load_segmenter(MODEL_DIR)


@pytest.fixture(scope="module")
def seg_pipeline():
    """The segmenter as configs/default.cfg loads it (user dictionary, merge mode)."""
    return make_fast_pkuseg_segmenter(str(MODEL_DIR), str(USER_DICT), dict_mode="merge")


def test_model_files_are_shipped_and_small() -> None:
    for name in (*MODEL_FILES, USER_DICT_NAME, "meta.json"):
        assert (MODEL_DIR / name).is_file(), name
    size = sum((MODEL_DIR / name).stat().st_size for name in MODEL_FILES)
    assert size <= 25 * 1024 * 1024


def test_plain_model_segments_news_text(seg_plain) -> None:
    words = seg_plain.cut("中国的改革开放和现代化建设继续向前迈进。")
    assert "".join(words) == "中国的改革开放和现代化建设继续向前迈进。"
    for word in ("中国", "改革", "现代化", "建设", "继续", "。"):
        assert word in words
    assert seg_plain.cut("我爱北京天安门") == ["我", "爱", "北京", "天安门"]


def test_a_latin_word_and_a_decimal_number_are_one_word(seg_pipeline) -> None:
    # the model cuts such runs anywhere (iP|ho|ne, CA|PC|OM, 55|.|6亿)
    words = seg_pipeline("他用iPhone和ＩＢＭ的CAPCOM游戏，增长55.6亿元和２﹒５％，设计师Ron")
    for word in ("iPhone", "ＩＢＭ", "CAPCOM", "Ron", "55.6亿", "２﹒５％"):
        assert word in words, words
    # a point that stands between no two digits is a word of its own
    assert seg_pipeline("第1.")[-1] == "."


def test_user_dict_keeps_places_and_orgs_whole(seg_pipeline) -> None:
    words = seg_pipeline("四川省凉山彝族自治州木里藏族自治县发生森林火灾")
    assert "木里藏族自治县" in words
    # the training corpus splits this official name, so the dictionary leaves it out
    assert words[1:4] == ["凉山", "彝族", "自治州"]
    words = seg_pipeline("凉山州木里县的救援队伍已经出发")
    assert "凉山州" in words and "木里县" in words
    words = seg_pipeline("中国核工业集团有限公司发布公告")
    assert "中国核工业集团有限公司" in words


def test_merged_names_never_cut_through_a_model_word(seg_plain, seg_pipeline) -> None:
    texts = ["北京市委召开会议", "凉山州木里县的救援队伍已经出发", "中国核工业集团有限公司发布公告"]
    for text in texts:
        plain = word_spans(seg_plain.cut(text))
        merged = word_spans(seg_pipeline(text))
        plain_bounds = {b for span in plain for b in span}
        assert {b for span in merged for b in span} <= plain_bounds, text
    # pkuseg's own way (split) forces the dictionary word and cuts 市委
    split = make_fast_pkuseg_segmenter(str(MODEL_DIR), str(USER_DICT), dict_mode="split")
    assert split("北京市委召开会议")[:2] == ["北京市", "委"]
    assert seg_pipeline("北京市委召开会议")[:2] == ["北京", "市委"]


def test_user_dict_has_short_forms() -> None:
    words = set(USER_DICT.read_text(encoding="utf-8").split("\n"))
    expected = {"凉山州", "凉山", "木里县", "木里藏族自治县", "四川", "内蒙古", "香港", "中核集团"}
    assert expected <= words
    assert "凉山彝族自治州" not in words  # pd1998 writes 凉山 彝族 自治州
    assert all(len(w) >= 2 for w in words if w)


def test_short_forms_and_spans() -> None:
    assert set(short_forms("凉山彝族自治州", "city")) == {"凉山州", "凉山"}
    assert short_forms("新疆维吾尔自治区", "province") == ["新疆"]
    assert short_forms("四川省", "province") == ["四川"]
    assert short_forms("内蒙古自治区", "province") == ["内蒙古"]
    assert short_forms("木里藏族自治县", "county") == ["木里县", "木里"]
    assert short_forms("大河彝族乡", "township") == ["大河乡", "大河"]
    assert short_forms("西秋乡", "township") == ["西秋"]
    assert word_spans(["我", "爱", "北京"]) == {(0, 1), (1, 2), (2, 4)}


@needs_data
def test_f1_on_pku_test_head() -> None:
    scores = evaluate_segmenter(MODEL_DIR, PKU_GOLD, USER_DICT, max_lines=200)
    assert scores["lines"] == 200
    assert scores["f1"] >= 0.9


@needs_data
def test_merge_mode_costs_pku_less_than_pkusegs_split() -> None:
    split = evaluate_segmenter(MODEL_DIR, PKU_GOLD, USER_DICT, use="user_dict_only")
    merge = evaluate_segmenter(MODEL_DIR, PKU_GOLD, USER_DICT, use="user_dict_merge")
    assert merge["f1"] >= 0.95 > split["f1"]


def test_merge_mode_decodes_clause_by_clause(seg_pipeline) -> None:
    text = "凉山州木里县，中国核工业集团有限公司；北京市委召开会议。2016年12月底,四川“悬崖村”通网!"
    words = seg_pipeline(text)
    assert "".join(words) == text
    marks = set("，。！？；：,!?;:")
    assert all(len(w) == 1 for w in words if marks & set(w))
    assert {"凉山州", "木里县", "中国核工业集团有限公司"} <= set(words)


def test_unknown_dict_mode_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="dict_mode must be one of"):
        make_fast_pkuseg_segmenter(str(MODEL_DIR), str(USER_DICT), dict_mode="forced")
