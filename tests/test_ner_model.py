"""The shipped NER model (models/ner): finds obvious entities, never raises, and keeps its
MSRA quality on a quick sample. Skipped only when the shared corpora are missing."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from pipeline.corpora import bio_spans, read_char_bio, read_uner
from pipeline.ner.model import CharNER
from pipeline.paths import project_root
from pipeline.train.ner import evaluate_sentences

MODEL_DIR = project_root() / "models" / "ner"
DATA = project_root().parent / "shared" / "data"
MSRA_TEST = DATA / "ner" / "msra" / "test.bio.gz"

pytestmark = pytest.mark.skipif(not DATA.exists(), reason="../shared/data is missing")


@pytest.fixture(scope="module")
def model() -> CharNER:
    return CharNER.from_disk(MODEL_DIR)


def _texts(model: CharNER, text: str) -> set[tuple[str, str]]:
    return {(text[s:e], lab) for s, e, lab in model.predict(text)}


def test_labels(model: CharNER) -> None:
    assert model.labels == ("PERSON", "ORG", "LOC")


def test_obvious_entities(model: CharNER) -> None:
    found = _texts(model, "中国电信集团有限公司董事长王晓明昨天在北京宣布了这一消息。")
    assert ("中国电信集团有限公司", "ORG") in found
    assert ("王晓明", "PERSON") in found
    assert ("北京", "LOC") in found
    found = _texts(model, "国务院总理李强在上海会见了美国国务卿。")
    assert ("李强", "PERSON") in found
    assert ("上海", "LOC") in found
    assert ("美国", "LOC") in found
    found = _texts(model, "四川省凉山州木里县发生森林火灾。")
    assert any(lab == "LOC" and "四川" in t for t, lab in found)
    # (after a comma, …火灾，国家统计局派出工作组 is one ORG for model 0.3.0: models/README.md)
    found = _texts(model, "国家统计局派出工作组赴四川省凉山州木里县调研。")
    assert ("国家统计局", "ORG") in found
    found = _texts(model, "清华大学和北京大学的学生参加了比赛。")
    assert {("清华大学", "ORG"), ("北京大学", "ORG")} <= found


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n\t",
        "😀🎉👍",
        "Hello, world! Apple Inc. and Microsoft",
        "，。！？",
        "a",
        "中",
        "\ud800孤立代理",
        "2024年3月5日，ＡＢＣ公司在１２３号大楼",
        "北京" * 5000 + "，" + "张三" * 3000,
        "中国电信😀集团\u3000有限公司\r\n李明 在 北京",
    ],
)
def test_odd_strings_never_raise(model: CharNER, text: str) -> None:
    spans = model.predict(text)
    for s, e, lab in spans:
        assert 0 <= s < e <= len(text)
        assert lab in model.labels
        assert "\n" not in text[s:e]


def test_predict_many_matches_predict(model: CharNER) -> None:
    texts = ["", "李明在北京工作。", "😀", "新华社北京三月五日电", "中国电信集团有限公司"]
    many = model.predict_many(texts)
    assert len(many) == len(texts)
    assert many[0] == [] and many[2] == []
    for text, spans in zip(texts, many, strict=True):
        for s, e, _ in spans:
            assert 0 <= s < e <= len(text)
    assert many[1] == model.predict(texts[1])


def test_round_trip(model: CharNER, tmp_path: Path) -> None:
    model.to_disk(tmp_path / "ner")
    again = CharNER.from_disk(tmp_path / "ner")
    text = "中国电信集团有限公司董事长王晓明昨天在北京宣布。"
    assert again.predict(text) == model.predict(text)


def test_a_model_averaged_with_itself_is_itself(model: CharNER) -> None:
    same = CharNER.average([model, model], [1.0, 3.0])
    texts = [line for line, _ in itertools.islice(read_char_bio(MSRA_TEST), 200)]
    assert same.predict_many(texts) == model.predict_many(texts)


def test_averaging_takes_the_mean_of_each_weight(model: CharNER) -> None:
    # a copy with every weight doubled and one key of its own: the mean is 1.5 times the
    # model's weight, and half the extra key's
    keys = [k.copy() for k in model._keys]
    weights = [w.reshape(len(k), -1) * 2 for k, w in zip(keys, model._weights, strict=True)]
    extra = int(keys[0].max()) + 1
    keys[0] = np.append(keys[0], extra)
    weights[0] = np.vstack([weights[0], np.ones((1, weights[0].shape[1]), np.float32)])
    other = CharNER(model.extractor, list(zip(keys, weights, strict=True)),
                    model.transitions * 2, model.labels)  # fmt: skip
    mean = CharNER.average([model, other])
    row = np.searchsorted(mean._keys[0], model._keys[0][0])
    assert np.allclose(mean._weights[0][row], 1.5 * model._weights[0].reshape(
        len(model._keys[0]), -1)[0])  # fmt: skip
    assert np.allclose(mean._weights[0][-1], 0.5)
    assert np.allclose(mean.transitions, 1.5 * model.transitions)


def test_averaging_refuses_models_of_other_features(model: CharNER) -> None:
    from copy import copy
    from dataclasses import replace

    extractor = copy(model.extractor)
    extractor.s = replace(extractor.s, window=1)
    other = CharNER(extractor, list(zip(model._keys, model._weights, strict=True)),
                    model.transitions, model.labels)  # fmt: skip
    with pytest.raises(ValueError, match="share"):
        CharNER.average([model, other])


def test_the_shipped_model_is_the_soup_its_config_names() -> None:
    import json

    from pipeline.paths import config_path
    from pipeline.train.script import load_settings

    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    settings = load_settings(config_path("train_ner.cfg"), {"paths.data": str(DATA)})
    assert [m["overrides"] for m in meta["soup"]["members"]] == settings["soup"]["members"]
    assert meta["soup"]["weights"] == settings["soup"]["weights"]


def test_the_array_trainer_learns_from_the_trainers_key_rows(model: CharNER) -> None:
    """The ``owlqn_arrays`` path of ``zhkg train ner`` on 150 MSRA sentences (the shipped
    extractor, the trainer's featurisation): a CPU run of 40 iterations tags what it saw."""
    from pipeline.ner.model import LABELS
    from pipeline.train import crf_arrays
    from pipeline.train.ner import iter_key_rows

    data = list(itertools.islice(read_char_bio(MSRA_TEST), 150))
    rows = iter_key_rows(model.extractor, data)
    tables, transitions, facts = crf_arrays.train(rows, LABELS, 0.1, 0.01, 40, device="cpu")
    assert facts["device"] == "cpu" and 0 < facts["active_features"]
    learnt = CharNER(model.extractor, tables, transitions, LABELS)
    assert evaluate_sentences(learnt, data)["overall"]["f"] >= 0.9


def test_bio_spans() -> None:
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG"),
    ]  # fmt: skip
    assert bio_spans(["B-LOC", "E-LOC", "S-PER"]) == [(0, 2, "LOC"), (2, 3, "PER")]


def test_uner_reader_is_simplified_and_aligned() -> None:
    path = DATA / "ner" / "uner_zh_gsd" / "zh_gsd-ud-test.iob2"
    for text, tags in itertools.islice(read_uner(path), 50):
        assert len(text) == len(tags)
    text, tags = next(itertools.islice(read_uner(path), 1, 2))
    assert "兴建人文大楼" in text  # 興建人文大樓, converted
    assert (12, 16, "LOC") in bio_spans(tags)


def test_msra_quick_f1(model: CharNER) -> None:
    data = list(itertools.islice(read_char_bio(MSRA_TEST), 300))
    scores = evaluate_sentences(model, data)
    assert scores["overall"]["f"] >= 0.8, scores["overall"]


def test_ner_scores_say_what_kind_of_errors(model: CharNER) -> None:
    """The overall NER scores count a gold name no prediction touches, one found with other
    bounds or another label, and predictions that touch no gold name."""
    text = "王小明和李华在北京见到了张三。"
    tags = ["O"] * len(text)
    names = {(0, 3): "PERSON", (4, 6): "PERSON", (7, 9): "LOC", (12, 14): "PERSON"}
    for (s, e), lab in names.items():
        tags[s] = f"B-{lab}"
        tags[s + 1 : e] = [f"I-{lab}"] * (e - s - 1)

    class Fixed:  # what a tagger returned for the sentence, to score it
        @staticmethod
        def predict_many(texts: list[str]) -> list[list[tuple[int, int, str]]]:
            # 王小明 right; 李 cut short; 北京 as an ORG; 张三 not found; 见到 spurious
            return [[(0, 3, "PERSON"), (4, 5, "PERSON"), (7, 9, "ORG"), (10, 12, "ORG")]]

    errors = evaluate_sentences(Fixed(), [(text, tags)])["overall"]["errors"]
    assert errors == {"missed": 1, "bounds": 1, "label": 1, "spurious": 1}
    real = evaluate_sentences(model, [(text, tags)])["overall"]
    fn = real["gold"] - real["tp"]
    assert sum(real["errors"][k] for k in ("missed", "bounds", "label")) == fn


def test_hash_index_finds_every_key_and_only_those() -> None:
    from pipeline.ner.model import _HashIndex

    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 2**63, 5000).astype(np.uint64))
    # keys sharing their low bits force probing past the first slot
    keys = np.unique(np.concatenate([keys, (np.arange(50, dtype=np.uint64) << np.uint64(40))]))
    index = _HashIndex(keys)
    assert (index.rows(keys) == np.arange(len(keys))).all()
    others = rng.integers(0, 2**63, 5000).astype(np.uint64)
    others = others[~np.isin(others, keys)]
    assert (index.rows(others) == len(keys)).all()


def test_key_lookup_answers_as_sorted_lookup() -> None:
    from pipeline.arrays import KeyLookup, sorted_lookup

    rng = np.random.default_rng(1)
    # int64 keys as the segmenter packs them (template, char id, char id): dense, small
    keys = np.unique(rng.integers(0, 5_000_000, 20_000))
    values = rng.integers(0, 400_000, len(keys))
    query = np.concatenate([rng.choice(keys, 3000), rng.integers(0, 6_000_000, 3000)])
    query = query.reshape(2, -1)  # any shape, as sorted_lookup takes
    lookup = KeyLookup(keys, values)
    assert (lookup.get(query, -1) == sorted_lookup(keys, values, query, -1)).all()
    assert (lookup.get(keys, -1) == values).all()


def test_latin_shape_keeps_case_and_digits() -> None:
    from pipeline.ner.features import codepoints, latin_shape

    caps, title = latin_shape(codepoints("CAPCOM")), latin_shape(codepoints("Capcom"))
    assert caps[0] != title[0] and caps[1] != title[1]  # the case pattern survives
    mixed = latin_shape(codepoints("A380客机"))
    assert (mixed[:4] > 0).all() and (mixed[4:] == 0).all()


def _reference_viterbi(
    emissions: np.ndarray, boundary: np.ndarray, clause: np.ndarray, trans: np.ndarray
) -> list[int]:
    """The textbook Viterbi in plain Python, float32 scalar by scalar: O (tag 0) at every
    boundary char, each run of other chars decoded alone, with a transition from (and to)
    an O only where a clause char precedes (follows) it, the first maximum kept on ties."""
    tags = [0] * len(emissions)
    num_tags = emissions.shape[1]
    emissions = emissions.copy()
    i = 0
    while i < len(emissions):
        if boundary[i]:
            i += 1
            continue
        j = i
        while j < len(emissions) and not boundary[j]:
            j += 1
        if i > 0 and clause[i - 1]:
            emissions[i] = [np.float32(emissions[i, t]) + np.float32(trans[0, t])
                            for t in range(num_tags)]  # fmt: skip
        if j < len(emissions) and clause[j]:
            emissions[j - 1] = [np.float32(emissions[j - 1, t]) + np.float32(trans[t, 0])
                                for t in range(num_tags)]  # fmt: skip
        score = [np.float32(emissions[i, t]) for t in range(num_tags)]
        back: list[list[int]] = []
        for k in range(i + 1, j):
            new, ptr = [], []
            for to in range(num_tags):
                best, arg = None, 0
                for fr in range(num_tags):
                    cand = score[fr] + np.float32(trans[fr, to])
                    if best is None or cand > best:
                        best, arg = cand, fr
                new.append(best + np.float32(emissions[k, to]))
                ptr.append(arg)
            score = new
            back.append(ptr)
        cur = max(range(num_tags), key=lambda t: (score[t], -t))  # first maximum
        path = [cur]
        for ptr in reversed(back):
            cur = ptr[cur]
            path.append(cur)
        tags[i:j] = path[::-1]
        i = j
    return tags


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_equals_plain_reference(model: CharNER, seed: int) -> None:
    """The batched decoder (segments time-major, longest first) against the plain one on
    random scores: small integers, so that ties are frequent and the first-maximum rule is
    exercised, then continuous ones; boundaries anywhere, runs of every length."""
    rng = np.random.default_rng(seed)
    num_tags = len(model.tags)
    n = int(rng.integers(1, 120))
    if seed % 2 == 0:
        emissions = rng.integers(-3, 4, (n, num_tags)).astype(np.float32)
        trans = rng.integers(-2, 3, (num_tags, num_tags)).astype(np.float32)
    else:
        emissions = rng.normal(0, 2, (n, num_tags)).astype(np.float32)
        trans = rng.normal(0, 1, (num_tags, num_tags)).astype(np.float32)
    boundary = rng.random(n) < [0.0, 0.05, 0.2, 0.5, 0.9, 0.3][seed]
    clause = boundary & (rng.random(n) < 0.5)
    saved = model.transitions
    model.transitions = trans
    try:
        got = model._viterbi(emissions, boundary, clause)
    finally:
        model.transitions = saved
    assert got.tolist() == _reference_viterbi(emissions, boundary, clause, trans)


def test_viterbi_equals_plain_reference_on_real_scores(model: CharNER) -> None:
    from pipeline.ner.features import boundary_mask, clause_mask, codepoints

    texts = [t for t, _ in itertools.islice(read_char_bio(MSRA_TEST), 40)]
    cp = codepoints("\n".join(texts))
    emissions = model._emissions(model.extractor.columns_many([cp]))
    boundary, clause = boundary_mask(cp), clause_mask(cp)
    want = _reference_viterbi(emissions, boundary, clause, model.transitions)
    assert model._viterbi(emissions, boundary, clause).tolist() == want


def test_names_that_open_a_sentence_are_found_as_after_a_comma(model: CharNER) -> None:
    """crfsuite scores no transition into a training sentence's first tag, so the decoder
    adds none at a text's start. With the O-to-tag transition there, the names opening one
    of the first 1,500 MSRA test sentences were found 240 times, against 311 with a comma
    before them; now 283 against 312 (the rest: the padding features, trained on sentences
    joined by newlines)."""
    found = {"": 0, "，": 0}
    total = 0
    for text, tags in itertools.islice(read_char_bio(MSRA_TEST), 1500):
        first = [s for s in bio_spans(tags) if s[0] == 0]
        total += len(first)
        for prefix in found:
            shift = len(prefix)
            pred = {(s - shift, e - shift, lab) for s, e, lab in model.predict(prefix + text)}
            found[prefix] += len(set(first) & pred)
    assert total > 100
    assert found[""] >= 0.85 * found["，"]


@pytest.mark.parametrize("before", ["他说：“好。”", "他說：「好。」", "（记者王明）。）"])
def test_a_closing_mark_ends_the_sentence_before(model: CharNER, before: str) -> None:
    """No training sentence starts with a closing quote or bracket; one left at the start of
    the next sentence cost the names after it (」顏清標說 found nothing). The closing marks
    now end the sentence they close, so a sentence is tagged alike after any of them."""
    changed = 0
    for text, _ in itertools.islice(read_char_bio(MSRA_TEST), 400):
        shift = len(before)
        alone = model.predict(text)
        spans = model.predict(before + text)
        after = [(s - shift, e - shift, lab) for s, e, lab in spans if s >= shift]
        changed += after != alone
    assert changed == 0
    assert model.predict("」颜清标曾经营廿年的砂石生意。") == [(1, 4, "PERSON")]


def test_emissions_equal_plain_sum_in_template_order(model: CharNER) -> None:
    """Weight rows looked up through dense tables, direct weight tables and the shared hash
    table (keys of every size), summed in template order, against a dict lookup per key."""
    rng = np.random.default_rng(5)
    num_tags = len(model.tags)
    tables, columns = [], []
    for top in (20, 300, 70_000, 1 << 21, 1 << 40, 1 << 62):
        keys = np.unique(rng.integers(0, top, 200)).astype(np.int64)
        weights = rng.normal(0, 1, (len(keys), num_tags)).astype(np.float16).astype(np.float32)
        tables.append((keys, weights))
        # half known keys, half anything (past the table's largest key too)
        columns.append(np.where(rng.random(500) < 0.5, rng.choice(keys, 500),
                                rng.integers(0, top * 2, 500)).astype(np.int64))  # fmt: skip
    small = CharNER(model.extractor, tables, model.transitions, model.labels)
    assert small._direct and any(t is None for t in small._dense)  # every lookup path
    want = np.zeros((500, num_tags), dtype=np.float32)
    for (keys, weights), col in zip(tables, columns, strict=True):
        row_of = {int(k): r for r, k in enumerate(keys)}
        zero = np.zeros(num_tags, dtype=np.float32)
        want += np.stack([weights[row_of[int(k)]] if int(k) in row_of else zero for k in col])
    got = small._emissions(columns)
    assert got.tobytes() == want.tobytes()
    assert small._emissions(np.stack(columns, axis=1)).tobytes() == want.tobytes()


def test_lexicon_matches_equal_a_search_per_length(model: CharNER) -> None:
    from pipeline.arrays import sorted_lookup
    from pipeline.ner.features import codepoints, normalise, substring_hashes

    lex = model.extractor.lex
    text = "".join(t for t, _ in itertools.islice(read_char_bio(MSRA_TEST), 30))
    cp = normalise(codepoints(text))
    hashes = substring_hashes(cp, lex.max_len)
    found = lex.matches(cp)
    assert found  # the test text holds dictionary words
    for length, (keys, vals) in lex.tables.items():
        want = sorted_lookup(keys, vals, hashes[length], 0)
        assert np.array_equal(found.get(length, np.zeros_like(want)), want), length
