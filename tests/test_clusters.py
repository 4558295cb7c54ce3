"""Character and bigram clusters for the NER features: learnt from text, looked up, stored,
used as features."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.arrays import codepoints
from pipeline.ner.clusters import Clusters, clusters_from_disk, clusters_to_disk, unit_keys
from pipeline.ner.features import (
    FeatureExtractor,
    FeatureSettings,
    Lexicons,
    normalise,
)
from pipeline.train.clusters import cooccurrences, kmeans, ppmi, randomized_svd

SURNAMES = "张王李赵刘陈"
CITIES = "京沪津渝"


def _corpus() -> list[str]:
    """Surname characters only ever sit before 先生说; city characters only after 北 and
    before 市长: two context families that clusters must tell apart."""
    texts = []
    for i in range(60):
        s = SURNAMES[i % len(SURNAMES)]
        c = CITIES[i % len(CITIES)]
        texts.append(f"今天{s}先生说好。")
        texts.append(f"来到北{c}市长家。")
    return texts


def _learn(k: int, size: int = 1) -> Clusters:
    cp = normalise(codepoints("\n".join(_corpus())))
    vocab, counts = cooccurrences(cp, size, min_count=3, context_chars=30)
    rng = np.random.default_rng(0)
    vectors = randomized_svd(ppmi(counts), 8, rng)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    weights = np.log1p(np.bincount(counts.rows, counts.vals, counts.shape[0]))
    return Clusters(vocab, {k: kmeans(vectors, k, rng, weights)})


def _ids(clusters: Clusters, chars: str, k: int) -> set[int]:
    return set(clusters.lookup(codepoints(chars), k).tolist())


def test_chars_in_the_same_contexts_share_a_cluster() -> None:
    clusters = _learn(4)
    surnames, cities = _ids(clusters, SURNAMES, 4), _ids(clusters, CITIES, 4)
    assert len(surnames) == 1 and len(cities) == 1
    assert surnames != cities


def test_bigrams_in_the_same_contexts_share_a_cluster() -> None:
    clusters = _learn(8, size=2)
    keys = unit_keys(codepoints("王先赵先北京北沪"), 2)
    ids = clusters.lookup(keys, 8)
    assert ids[0] == ids[2] and ids[4] == ids[6]  # 王先 ~ 赵先, 北京 ~ 北沪
    assert ids[0] != ids[4]
    # no bigram spans the line breaks that join the texts
    assert not any(chr(key >> 21) == "\n" or chr(key & 0x1FFFFF) == "\n" for key in clusters.keys)


def test_unknown_units_get_the_extra_id() -> None:
    clusters = _learn(4)
    assert clusters.lookup(codepoints("鑫"), 4).tolist() == [4]  # never seen
    empty = Clusters(np.zeros(0, dtype=np.int64), {8: np.zeros(0, dtype=np.int64)})
    assert empty.lookup(codepoints("张三"), 8).tolist() == [8, 8]


def test_round_trip(tmp_path: Path) -> None:
    clusters = {"char": _learn(4), "bigram": _learn(4, size=2)}
    assert clusters_from_disk(tmp_path) == {}
    clusters_to_disk(clusters, tmp_path)
    again = clusters_from_disk(tmp_path)
    assert sorted(again) == ["bigram", "char"]
    for unit, size in (("char", 1), ("bigram", 2)):
        keys = unit_keys(codepoints(SURNAMES + CITIES + "鑫"), size)
        assert again[unit].lookup(keys, 4).tolist() == clusters[unit].lookup(keys, 4).tolist()


def test_cluster_templates_are_features() -> None:
    lex = Lexicons.build({"w": ["先生"]}, [], 4)
    settings = FeatureSettings(char_clusters=(4,), cluster_window=1, bigram_clusters=(4,))
    clusters = {"char": _learn(4), "bigram": _learn(4, size=2)}
    extractor = FeatureExtractor(lex, settings, clusters)
    names = extractor.template_names
    assert [n for n in names if n.startswith(("K4:", "Q4:"))] == [
        "K4:-1", "K4:0", "K4:1", "K4:-1:0", "K4:0:1", "Q4:-2", "Q4:-1", "Q4:0", "Q4:1",
    ]  # fmt: skip
    keys = extractor.extract(codepoints("王先生说，赵先生说"))
    same = [names.index(n) for n in ("K4:0", "K4:1", "K4:0:1", "Q4:0")]
    # 王 and 赵 share a cluster, and so do 王先 and 赵先: their cluster features agree where
    # their chars differ
    assert keys[0, same].tolist() == keys[5, same].tolist()
    assert keys[0, names.index("U0")] != keys[5, names.index("U0")]
    # what precedes them differs: the text's start (padding) and ，
    assert keys[0, names.index("K4:-1")] != keys[5, names.index("K4:-1")]
    with pytest.raises(ValueError, match="bigram clusters"):
        FeatureExtractor(lex, settings, {"char": clusters["char"]})


def test_cluster_columns_pad_each_text() -> None:
    """Texts through ``extract_many`` together: each text's cluster columns are those it gets
    alone, the padding ids ``k + 1`` before it and ``k + 2`` after it (also for a bigram at
    its last char, which runs past it), never a neighbour's clusters."""
    lex = Lexicons.build({"w": ["先生"]}, [], 4)
    settings = FeatureSettings(char_clusters=(4,), cluster_window=2, bigram_clusters=(4,))
    extractor = FeatureExtractor(lex, settings, {"char": _learn(4), "bigram": _learn(4, 2)})
    names = extractor.template_names
    texts = ["王先生说", "", "北", "来到北京市长家。", "赵先生"]
    cps = [codepoints(t) for t in texts]
    alone = [extractor.extract(cp) for cp in cps]
    assert np.array_equal(extractor.extract_many(cps), np.concatenate(alone))
    keys = alone[0]
    col = {name: keys[:, names.index(name)].tolist() for name in names}
    assert col["K4:-2"][:2] == [5, 5] and col["K4:-1"][0] == 5  # before the text
    assert col["K4:1"][-1] == 6 and col["K4:2"][-2:] == [6, 6]  # after it
    assert col["Q4:-1"][0] == 5 and col["Q4:0"][-1] == 6 and col["Q4:1"][-2:] == [6, 6]
    assert col["K4:0"][0] < 4 and col["Q4:0"][0] < 4  # 王, 王先: known clusters
    single = extractor.extract(codepoints("北"))
    assert single[0, names.index("K4:-1")] == 5 and single[0, names.index("K4:1")] == 6
