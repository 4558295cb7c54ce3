"""Gazetteer of administrative divisions: lookups, short forms, matching rules, linking, speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.gazetteer import Area, Gazetteer, PlaceMatch
from pipeline.gazetteer.build import build_gazetteer, derive_forms, strip_ethnic
from pipeline.paths import RESOURCES

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "gazetteer"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.area) for m in gaz.find(text)]


def test_packaged_resource_is_small_and_complete() -> None:
    # load time is measured by make bench (docs/benchmarks.md), not asserted here
    path = RESOURCES / "gazetteer" / "areas.msgpack.gz"
    assert path.stat().st_size < 3_000_000
    assert len(Gazetteer.load()) > 40_000


def test_lookup_and_chain(gaz: Gazetteer) -> None:
    (yanyuan,) = gaz.lookup("盐源县")
    assert yanyuan == Area("513423", "盐源县", "county", "513400")
    assert [(a.code, a.name) for a in gaz.chain("513423")] == [
        ("513400", "凉山彝族自治州"),
        ("510000", "四川省"),
    ]
    assert gaz.area("51") == gaz.area("510000") == Area("510000", "四川省", "province", None)
    assert gaz.area("5134").name == "凉山彝族自治州"
    assert gaz.area("999999") is None
    # townships keep their 9-digit NBS code
    (xiqiu,) = [a for a in gaz.lookup("西秋乡") if a.parent == "513422"]
    assert len(xiqiu.code) == 9 and gaz.chain(xiqiu.code)[0].name == "木里藏族自治县"


def test_short_forms(gaz: Gazetteer) -> None:
    def codes(name: str) -> list[str]:
        return [a.code for a in gaz.lookup(name)]

    assert codes("凉山州") == codes("凉山") == ["513400"]
    assert codes("木里县") == ["513422"]
    assert codes("新疆") == ["650000"]
    assert codes("内蒙古") == ["150000"]
    assert codes("北京") == ["110000"]
    assert codes("盐源") == ["513423"]  # bare form: lookup knows it, find needs the province
    assert codes("涼山彝族自治州") == ["513400"]  # traditional input
    assert gaz.lookup("川") == []  # abbreviations are not names
    assert gaz.abbreviation("川").code == "510000"
    assert gaz.abbreviation("陕").name == "陕西省"
    assert gaz.abbreviation("x") is None


def test_ethnic_stripping() -> None:
    groups = ["蒙古", "彝", "藏", "土家", "苗", "水", "维吾尔", "鄂温克", "保安", "东乡", "撒拉"]
    assert strip_ethnic("凉山彝族", groups, 2) == "凉山"
    assert strip_ethnic("内蒙古", groups, 2) == "内蒙古"
    assert strip_ethnic("三都水族", groups, 2) == "三都"
    assert strip_ethnic("积石山保安族东乡族撒拉族", groups, 2) == "积石山"
    assert strip_ethnic("鄂温克族", groups, 2) == "鄂温克"


def test_full_and_short_names_in_text(gaz: Gazetteer) -> None:
    text = "四川省凉山彝族自治州木里藏族自治县西秋乡，新疆、广西、凉山州、临夏州、怒江州、木里县"
    got = found(gaz, text)
    assert [t for t, _ in got] == [
        "四川省",
        "凉山彝族自治州",
        "木里藏族自治县",
        "西秋乡",
        "新疆",
        "广西",
        "凉山州",
        "临夏州",
        "怒江州",
        "木里县",
    ]
    assert dict(got)["新疆"] == "650000" and dict(got)["临夏州"] == "622900"
    assert found(gaz, "陕西省")[0] == ("陕西省", "610000")  # longest match, one span


def test_fused_phrases_split(gaz: Gazetteer) -> None:
    assert found(gaz, "四川盐源县") == [("四川", "510000"), ("盐源县", "513423")]
    assert found(gaz, "安徽金寨") == [("安徽", "340000"), ("金寨", "341524")]
    assert found(gaz, "湖北利川") == [("湖北", "420000"), ("利川", "422802")]
    assert found(gaz, "恩施利川") == [("恩施", "422800"), ("利川", "422802")]
    assert found(gaz, "济南市中区") == [("济南", "370100"), ("市中区", "370103")]
    m = gaz.find("在湖北利川调研")[1]
    assert isinstance(m, PlaceMatch) and (m.start, m.end, m.text) == (3, 5, "利川")


def test_bare_county_names_need_their_province(gaz: Gazetteer) -> None:
    assert found(gaz, "金寨的茶叶") == []
    assert found(gaz, "利川和光山") == []
    assert found(gaz, "四川金寨") == [("四川", "510000")]  # 金寨 is in Anhui
    assert found(gaz, "赵县长说") == []  # 2-character county names are bare too
    assert found(gaz, "河北赵县") == [("河北", "130000"), ("赵县", "130133")]


def test_stop_list_and_blockers(gaz: Gazetteer) -> None:
    assert found(gaz, "朝阳升起，日照充足") == []
    assert found(gaz, "辽宁朝阳") == [("辽宁", "210000"), ("朝阳", "211300")]
    assert found(gaz, "孙中山先生与重大理论问题，维护长治久安") == []
    assert found(gaz, "湖北省公安厅") == [("湖北省", "420000")]
    assert found(gaz, "和平与发展") == []
    assert found(gaz, "南海北部有大风") == []
    # the seas, not the county and the district named after them; the full names still link
    assert gaz.lookup("东海") == gaz.lookup("南海") == []
    # the lake, the hills, the region west of the Yellow River, the revolutionary base
    assert [gaz.lookup(w) for w in ("太湖", "西山", "河西", "井冈山")] == [[], [], [], []]
    assert [a.code for a in gaz.lookup("太湖县")] == ["340825"]
    # words: a footbridge, a sweet spring, a riverbank, a dam's closure gap, long life, an opera
    assert [gaz.lookup(w) for w in ("天桥", "甘泉", "江岸", "龙口", "长寿", "黄梅")] == [[]] * 6
    assert [a.code for a in gaz.lookup("龙口市")] == ["370681"]
    assert [a.code for a in gaz.lookup("东海县")] == ["320722"]
    assert found(gaz, "江苏东海县") == [("江苏", "320000"), ("东海县", "320722")]
    assert found(gaz, "本·阿里") == []


def test_tail_words_give_back_the_suffix(gaz: Gazetteer) -> None:
    assert found(gaz, "上海市委书记") == [("上海", "310000")]
    assert found(gaz, "河北部分地区") == [("河北", "130000")]  # province kept
    assert found(gaz, "广东省委员会") == [("广东省", "440000")]


def test_disambiguation_by_context(gaz: Gazetteer) -> None:
    assert found(gaz, "北京朝阳区") == [("北京", "110000"), ("朝阳区", "110105")]
    assert found(gaz, "长春朝阳区") == [("长春", "220100"), ("朝阳区", "220104")]
    assert found(gaz, "北京朝阳") == [("北京", "110000"), ("朝阳", "110105")]
    # nearest preceding province/city first
    got = found(gaz, "石家庄市的企业来到沧州，新华区")
    assert got[-1] == ("新华区", "130902")
    (m,) = gaz.find("新华区")
    assert m.area is None and set(m.candidates) >= {"130105", "130902", "410402"}
    # two 新华区 in Hebei: the province alone does not decide
    assert found(gaz, "河北新华区")[-1] == ("新华区", None)
    assert gaz.link("新华区", ["410400"]).code == "410402"
    assert gaz.link("新华区", ["130000", "130900"]).code == "130902"
    assert gaz.link("新华区") is None
    assert gaz.link("吉林").code == "220000"  # a province beats a same-named city
    assert gaz.link("盐源").code == "513423"


def test_derive_forms() -> None:
    import json

    rules = json.loads((RESOURCES / "gazetteer" / "rules.json").read_text(encoding="utf-8"))
    assert derive_forms("凉山彝族自治州", "city", rules) == [
        ("凉山彝族自治州", "full"),
        ("凉山", "short"),
        ("凉山州", "short"),
    ]
    assert derive_forms("木里藏族自治县", "county", rules) == [
        ("木里藏族自治县", "full"),
        ("木里县", "short"),
        ("木里", "bare"),
    ]
    assert derive_forms("新疆维吾尔自治区", "province", rules)[1] == ("新疆", "short")
    assert derive_forms("赵县", "county", rules) == [("赵县", "bare")]


@pytest.mark.skipif(not DATA.exists(), reason="../shared/data/gazetteer not present")
def test_build_is_deterministic(tmp_path: Path) -> None:
    summary = build_gazetteer(DATA, tmp_path)
    assert summary["areas"]["province"] == 34 and summary["areas"]["city"] == 333
    shipped = RESOURCES / "gazetteer" / "areas.msgpack.gz"
    assert (tmp_path / "areas.msgpack.gz").read_bytes() == shipped.read_bytes()
