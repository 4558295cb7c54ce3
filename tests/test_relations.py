"""Relation matching on probes of the shapes news takes, through the real pipeline: who the
subject is (never the speaker, reporter or agency; places and anaphors can be), lists and
ranges, and that no verb list decides whether a quantity is linked."""

from __future__ import annotations

import pytest

from .conftest import SHARED, needs_shared

DEV = SHARED / "gold" / "dev"


def _statements(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(s["subject"]["text"], s["value"], s["unit"]) for s in doc._.statements]


def _subjects(nlp, text: str) -> list[str]:
    """The subjects of ``text``'s statements, in order."""
    return [s[0] for s in _statements(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place is the subject of its own action or statistic
        ("镇雄县共投入财政衔接资金12.6亿元。", ("镇雄县", "1260000000", "元")),
        ("广州市去年接待游客5000万人次。", ("广州市", "50000000", "人次")),
        # an anaphor resolves to the named place of its level
        (
            "镇雄县位于云南东北部。全县农村居民人均可支配收入达到14560元。",
            ("镇雄县", "14560", "元"),
        ),
        # a verb no list names still links its quantity (traditional script)
        ("香港特區政府計劃興建約10萬個公營房屋單位。", None),
        # 宣布 followed by its object is an action, not reported speech
        ("（新华社电）中国石油昨天宣布投资50亿元。", ("中国石油", "5000000000", "元")),
        # the names in a bracket right after a dateline are its reporters, with 记者 before
        # the first name only or none at all
        (
            "新华社乌鲁木齐１月１４日电（记者汪有富、段芝璞）新疆上万名机关党员连日来走进农村。",
            ("新疆", "10000", "名"),
        ),
        (
            "新华社天津２月４日电（栗建昌、葛素红）平津战役纪念馆开馆半年来接待参观者达３５万人次。",
            ("平津战役纪念馆", "350000", "人次"),
        ),
        # a dateline's place is not what the text is about (北京, twice named, had been the
        # main entity and the person's age went to no one), nor does it open the sentence
        # after it (京 later in it is no topic)
        (
            "新华社北京２月６日电原第三机械工业部飞机局局长金生同志因病医治无效，"
            "于２月６日在北京逝世，享年８３岁。",
            ("金生", "83", "岁"),
        ),
        (
            "本报北京１月２２日讯日前国家环保局在京授予北京化工四厂等７６家企业环保先进称号。",
            ("国家环保局", "76", "家"),
        ),
    ],
)
def test_subject_choice(nlp, text: str, expected: tuple | None) -> None:
    found = _statements(nlp, text)
    if expected is None:
        assert [v for _, v, _ in found] == ["100000"], found
    else:
        assert found == [expected]


def test_a_demonstrative_phrase_stands_for_the_name_of_its_kind(nlp) -> None:
    # 这家私营商业银行 is 京华银行, named before it, not the government that reshuffled it
    text = "泰国政府最近对京华银行董事会进行了改组，将这家私营商业银行董事会成员精减至１２人。"
    assert _statements(nlp, text) == [("京华银行", "12", "人")]
    # only where its head ends a word: 这个市 stands for 郑州市 (the evidence shows it), 这个市场
    # is a market
    def evidence(text: str) -> list[str]:
        return [s["evidence"] for s in nlp(text)._.statements]

    assert evidence("郑州市的商业发达。这个市去年的销售额达３０００万元。") == [
        "这个市去年的销售额达３０００万元"]
    assert evidence("郑州市的商业发达。这个市场去年的销售额达３０００万元。") == [
        "销售额达３０００万元"]


def test_a_chain_of_places_gives_its_last_place_the_figure(nlp) -> None:
    # 云南省景洪市: the most specific place is the subject, though it stands right before the
    # count; a place alone there is the count's scope (全省56个县)
    text = "春耕时节，云南省景洪市３００多名农科人员深入田间地头。"
    assert _statements(nlp, text) == [("景洪市", "300", "名")]
    # so does a place that 的 names inside another, linked or not (夏威夷的瓦胡岛); a country
    # after 的 is no place inside the first (旅居德国的中国艺术家)
    text = "背景设定在夏威夷的瓦胡岛，面积约596平方公里。"
    assert _subjects(nlp, text) == ["瓦胡岛"]
    text = "迪庆藏族自治州的中甸县，海拔３２００多米。"
    assert _subjects(nlp, text) == ["中甸县"]
    # or that follows it as an area of it the gazetteer does not link (金坛市, now a
    # district) or a country's state; not a landform or a word taken for a place
    text = "江苏省金坛市现有４万多名建筑工人在外地施工。"
    assert _statements(nlp, text) == [("金坛市", "40000", "名")]
    text = "多起龙卷风袭击了美国佛罗里达州中部，至少造成３８人死亡。"
    assert _statements(nlp, text) == [("佛罗里达州", "38", "人")]
    text = "位于武陟县黄河岸边的国家农业开发园区，占地近万亩。"
    assert _subjects(nlp, text) == ["武陟县"]
    # a direction word between says the same (伊朗西北部的东阿塞拜疆省, 河西走廊中部的临泽县)
    text = "伊朗《市民报》报道说，伊朗西北部的东阿塞拜疆省因冰雪造成的事故已造成１５人死亡。"
    assert _subjects(nlp, text) == ["东阿塞拜疆省"]
    # the chain stands in an earlier sentence than the figure: the same
    text = ("晋中地区平遥县朱坑乡建起一座农民技术学校。"
            "平常容纳２００人的教室，有时来了五六百个农民。")
    assert set(_subjects(nlp, text)) == {"朱坑乡"}


def test_small_and_vertical_punctuation_breaks_clauses_and_sentences(nlp) -> None:
    # Taiwan's and Hong Kong's ﹔ ﹖ ︰ are the ordinary marks (resources/script/variants.json)
    text = "希望列夏格當下任國家隊教練﹔另一熱門人選達姆以14％居次。"
    assert ("達姆", "14", "%") in _statements(nlp, text)
    doc = nlp("他說︰今年增加三成﹖我們不知道﹗明年再說。")
    assert [s.text for s in doc.sents] == ["他說︰今年增加三成﹖", "我們不知道﹗", "明年再說。"]
    # the corner quotes are the curly ones the segmenter knows: no word takes in 「 or 」
    doc = nlp("山和黃花崗七十二烈士所締建的「中華民國」，沒有人再談。")
    assert "中華民國" in [t.text for t in doc] and ("中華民國", "GPE") in [
        (e.text, e.label_) for e in doc.ents]


def test_a_run_without_sentence_marks_is_cut_into_sentences(nlp) -> None:
    # a page that lost its punctuation: past 1,000 characters a sentence ends at a clause
    # mark, at 2,000 anywhere, so that each quantity reads a bounded sentence
    commas = nlp("中国移动投资了一百亿元，" * 200)
    assert [len(s.text) for s in commas.sents][:2] == [1008, 1008]
    bare = nlp("中国移动投资了一百亿元" * 400)
    lengths = [len(s.text) for s in bare.sents]
    assert len(lengths) == 3 and max(lengths) < 2010  # ends after the token reaching 2,000
    assert len(bare._.statements) == 400
    # a long sentence of news stays one
    assert len(list(nlp("国家投资了一百亿元，" * 90 + "。").sents)) == 1


def test_reporter_and_speaker_are_never_subjects(nlp) -> None:
    text = "中国移动贵州公司总经理陈中表示，到2025年，全省行政村5G通达率将达到90%以上。"
    (found,) = _statements(nlp, text)
    assert found[1:] == ("90", "%") and found[0] != "陈中"  # the speaker's organisation
    text = "本报北京12月31日讯记者王明报道：中国石化去年投资300亿元建设新炼厂。"
    assert _statements(nlp, text) == [("中国石化", "30000000000", "元")]
    text = "局长李明华介绍，截至12月底，全县已有1200余户脱贫。"
    assert all(s != "李明华" for s, _, _ in _statements(nlp, text))
    # nor the body through whose approval or inspection a figure comes (经X批准, 经X审验)
    text = "经国务院批准，中国石化今年投资３００亿元建设新炼厂。"
    assert _statements(nlp, text) == [("中国石化", "30000000000", "元")]
    assert _statements(nlp, "经国家验收委员会审验，认定工程质量优良。跑道全长３４００米。") == []
    # nor an intern of the byline (实习生X), as 记者X
    text = "本报讯（记者郑军实习生李雪琴）昨日，30岁男子付某纵身跳下近30米高的石门大桥。"
    assert all(s != "李雪琴" for s, _, _ in _statements(nlp, text))
    # nor a person who tells the reporter (X告诉记者，…); the body whose manager tells it
    # holds its own figures
    text = "春节值班的张耀臣大夫告诉记者，１８病房有２３张病床，有１８个病人。"
    assert all(s != "张耀臣" for s, _, _ in _statements(nlp, text))
    text = "西单商场的经理告诉记者，今年商场销售额达到５０００万元。"
    assert _statements(nlp, text) == [("西单商场", "50000000", "元")]
    # nor a person whose turn of an interview opens the sentence (X：…), as after X表示
    assert _statements(nlp, "陈昌本：这次评出的四部作品，都不是浮躁之作。") == []
    # nor the agency or place of a dateline
    text = "新华社北京２月１２日电（记者刘思扬）１．３万名纪检监察干部从今天起开始接受培训。"
    assert _statements(nlp, text) == []


def test_a_reporting_body_is_the_subject_only_when_nothing_else_is(nlp) -> None:
    # the source itself when no other name is about the number; never a speaking person
    text = "据中国民航局统计，去年共有七十八次航班延误。"
    assert _statements(nlp, text) == [("中国民航局", "78", "次")]
    text = "据国家统计局统计，上海市去年接待游客5000万人次。"
    assert _statements(nlp, text) == [("上海市", "50000000", "人次")]
    assert _statements(nlp, "王明表示，去年共有七十八次航班延误。") == []
    # its report goes on in the next sentence, where the figure before was its own
    text = ("国际金融协会指出，去年流入２９个新兴市场的私人资本仅为１９９６亿美元。"
            "预计今年将进一步降至１７１５亿美元。")
    assert ("国际金融协会", "171500000000", "美元") in _statements(nlp, text)


def test_a_list_of_names_shares_a_quantity(nlp) -> None:
    found = _statements(nlp, "教育部、卫生部各派出20名专家赴灾区。")
    assert sorted(found) == [("卫生部", "20", "名"), ("教育部", "20", "名")]


def test_a_list_of_an_earlier_clause_shares_no_figure_of_others(nlp) -> None:
    # 各 of 各界 and 都 of 首都 are no 各 and 都 that hand each name the figure
    text = "晚会邀请了李谷一、吴雁泽、关牧村，首都各界群众1000多人观看了演出。"
    assert _statements(nlp, text) == []
    # a list that owns a noun (等有关部门的负责同志) is not the topic the clauses go on about
    text = ("中宣部、国家教委、民政部等有关部门的负责同志出席了开幕式，"
            "首都群众１０００多人参观了展览。")
    assert _statements(nlp, text) == []
    # a list that is the topic still shares its clauses' figures
    text = "市广电局和公安局根据群众举报，抓获当事人１０名。"
    assert sorted(_statements(nlp, text)) == [("公安局", "10", "名"), ("市广电局", "10", "名")]


def test_a_span_of_time_is_no_landform_or_buildings(nlp) -> None:
    # relations.json duration_units: a walk or a drive to a place is not the place's figure
    assert _statements(nlp, "在泸沽湖开车游览至少需要4个小时。") == []
    assert ("狮子峰", "20", "分钟") not in _statements(nlp, "酒店背依狮子峰，步行大概20分钟。")
    # a body's years stay its own
    assert _statements(nlp, "舞阳钢铁公司从１９９４年起连续四年巨额亏损。") == [
        ("舞阳钢铁公司", "4", "年")]


def test_names_and_figures_listed_with_fenbie_pair_up_in_order(nlp) -> None:
    text = "联合国儿童基金会与香港委员会分别拨出４０万和３００万港元购买救灾物资。"
    assert _statements(nlp, text) == [
        ("联合国儿童基金会", "400000", "港元"), ("香港委员会", "3000000", "港元")]


def test_a_list_of_places_shares_a_later_sentences_figure_only_when_named_again(nlp) -> None:
    # where the text went is not what a later figure is about
    assert _statements(nlp, "顺流而下可以漂到广州、珠海。普者黑共有湖泊六十多个。") == []
    text = "中国和南非经贸往来频繁。今年两国直接贸易额预计将超过１６亿美元。"
    assert {s for s, _, _ in _statements(nlp, text)} == {"中国", "南非"}


def test_a_list_of_an_earlier_clause_shares_a_figure_only_as_its_topic(nlp) -> None:
    # the list opens the clauses that go on about it: each of its names did it
    found = _statements(nlp, "市工商局和公安局根据群众举报端掉一个窝点，抓获当事人10名。")
    assert sorted(found) == [("公安局", "10", "名"), ("市工商局", "10", "名")]
    # owning what the figure is about (的): no one name's
    text = "英国、法国和荷兰的客商在这里投资，投资总额超过5亿美元。"
    assert _statements(nlp, text) == []
    # an item before its first name that is no recognised name (联电): the list may not
    # open its clause
    text = "跌幅超过三成的包括联电、华通、友达、华邦电等八档，联电跌幅达39.22%。"
    assert not [s for s in _statements(nlp, text) if s[1] == "39.22"]


def test_a_list_after_a_preposition_is_where_not_who(nlp) -> None:
    text = "已有５００多所培训学校在北京、上海、天津、深圳等大中城市相继建立，培训了４５万多人次。"
    assert not [s for s in _statements(nlp, text) if s[1] == "450000"]
    # two names as well: whence the machines came, or who organised what 15 countries attended
    text = "由世界银行和贝宁政府共同组织的会议昨天在科托努开幕，15个非洲国家的代表出席了会议。"
    assert _statements(nlp, text) == []
    assert _statements(nlp, "他们先后从美国和意大利引进了两部性能先进的设备。") == []


def test_a_count_that_sums_a_list_up_is_skipped(nlp) -> None:
    found = _statements(nlp, "农业银行、中国银行等2家银行参与了贷款。")
    assert not [f for f in found if f[2] == "家"]
    # the list's last item is no recognised name (a quoted short name): still a sum
    found = _statements(nlp, "农业银行、中国银行、“上海农商”等3家银行参与了贷款。")
    assert not [f for f in found if f[2] == "家"]
    # without 等: the list right before the count
    found = _statements(nlp, "贫困面较大的河池、百色、南宁、柳州4个地区投入资金3亿元。")
    assert ("柳州", "4", "个") not in found and ("柳州", "300000000", "元") in found
    # the list's last items need not be recognised names
    text = "六市所辖的望江、宿松、枞阳、桐城、怀宁、东至、繁昌、无为、和县、当涂12个县市。"
    assert not [f for f in _statements(nlp, text) if f[1] == "12"]
    # so need those before 等 and a word of their kind (复旦 is no recognised name)
    text = "邀请北大、清华、南大、复旦等全国39所高校的专家进行了评审。"
    assert not [f for f in _statements(nlp, text) if f[1] == "39"]
    # a name with a verb after it ends the list: the count is what that body did
    text = "中国电信计划在山西、甘肃、湖北、云南捐建10所智能教室。"
    assert [f for f in _statements(nlp, text) if f[1] == "10"]
    # 等地的, 等国: the things counted are the listed places', no one place's
    text = "来自北京、上海、重庆、沈阳等地的二十多位雕塑工作者参加了研习班。"
    assert _statements(nlp, text) == []
    text = "由墨西哥、阿根廷和巴西等国８家企业组成的亚马孙钢铁集团公司以２３亿美元中标。"
    assert _statements(nlp, text) == [("亚马孙钢铁集团公司", "2300000000", "美元")]
    # 等 and the kind of the listed names, before the count: the count is the list's
    text = "已有美国、日本、英国等国家和地区的30多家客商在这里投资。"
    assert _statements(nlp, text) == []
    text = "党和国家领导人江泽民、李鹏、乔石等与万名首都各界群众一起观看了演出。"
    assert _statements(nlp, text) == []
    # the count of the list's things after the count that sums it up is the list's too
    text = "来自英国、德国、澳大利亚、法国等１９个国家和地区的２００多名选手将参加比赛。"
    assert _statements(nlp, text) == []
    # a list of things, not of names, before 等: the body's figure
    text = "宝安区某塑料厂申报出口的塑胶粒、ABS等共1253吨。"
    assert _statements(nlp, text) == [("宝安区某塑料厂", "1253", "吨")]
    # 这 closes the list too: 河南、广东、河北这3个省
    text = "出生率都在２０‰以上的河南、广东、河北这３个省中，河南下降最快。"
    assert not [f for f in _statements(nlp, text) if f[1] == "3"]
    # a count of as many as the list has names is the list's, wherever it stands
    text = "来自俄罗斯、加拿大、美国、澳大利亚、法国、德国和中国的７对选手参加了角逐。"
    assert _statements(nlp, text) == []
    # two names and a count of two: each may hold it (两次会晤 is both men's)
    found = _statements(nlp, "克林顿与阿拉法特于２２日进行了两次会晤。")
    assert sorted(found) == [("克林顿", "2", "次"), ("阿拉法特", "2", "次")]


def test_the_size_of_a_set_the_subject_is_one_of_is_no_statement(nlp) -> None:
    assert _statements(nlp, "湘西土家族苗族自治州是全国１８个贫困片之一。") == []
    assert _statements(nlp, "莱切也是7支主场不败的球队之一。") == []
    # a rank within the set says the same (名列第十 of 23 skaters)
    assert _statements(nlp, "中国选手郭正新在２３位参赛者中名列第十。") == []
    text = "2008年广发行的融资在与中国出口信用保险公司合作的56家银行中居第六。"
    assert _statements(nlp, text) == []
    # the subject's own count, and a fraction before 之一, still are
    assert _statements(nlp, "湘西土家族苗族自治州有１８个贫困县。") == [
        ("湘西土家族苗族自治州", "18", "个")]
    assert ("彭州", "10000", "亩") in _statements(nlp, "彭州万亩林场被毁三分之一。")


def test_a_count_joined_to_persons_is_of_others(nlp) -> None:
    # 卡特、福特以及１００多名官员: the hundred officials are others who sign with them, no
    # figure of either president
    text = "美国前总统卡特、福特以及１００多名历届政府高级官员联名发表公开信。"
    assert not [s for s in _statements(nlp, text) if s[0] in ("卡特", "福特")]
    text = "１９９４年底，孔秀霞和近百名职工在重组中下岗。"
    assert not [s for s in _statements(nlp, text) if s[0] == "孔秀霞"]
    # 同 of 同志 joins nothing: the person's own years stay his
    text = "王平同志在他７０多年的革命生涯中，始终坚信马列主义、毛泽东思想，无限忠诚于党和人民。"
    assert ("王平", "70", "年") in _statements(nlp, text)
    # an organisation with 同 / 与 and a count holds it: 同 governs the countries
    text = "迄今，对外友协同100多个国家的民间团体建立了联系。"
    assert ("对外友协", "100", "个") in _statements(nlp, text)


def test_a_figure_of_a_list_of_label_figure_pairs_is_its_own_labels(nlp) -> None:
    # 友達 and 茂矽 are no names the NER finds: their figures are not 華邦電's
    text = "友達三五．四五％、華邦電三三．八％、茂矽三三．三三％。"
    assert _statements(nlp, text) == [("華邦電", "33.8", "%")]
    text = "尽管我们以年均２６％的速度增长，高于日本６．８％、韩国１２．７％的增长速度。"
    found = _statements(nlp, text)
    assert ("韩国", "12.7", "%") in found and ("日本", "12.7", "%") not in found
    # a verb makes the next part a clause of the same subject, not an item of a list
    text = "国有企业沈阳抗生素厂２３００多人，拥有资产５．６亿元。"
    assert ("沈阳抗生素厂", "560000000", "元") in _statements(nlp, text)


def test_a_name_in_a_later_clause_with_its_own_figure_holds_no_earlier_one(nlp) -> None:
    # 大江 is no entity: 葛洲坝, after 而 with a figure of its own, is not what 0.7-0.8 is of
    text = "据分析，大江截流落差在０.７-０.８米之间，而葛洲坝截流落差为３.２３米。"
    assert _statements(nlp, text) == [("葛洲坝", "3.23", "米")]
    text = "本届冬奥会共设置６８个项目的比赛，德国队以１２枚金牌夺回了头把交椅。"
    assert _statements(nlp, text) == [("德国队", "12", "枚")]
    # a later clause without a figure of its own still may be the subject
    assert _statements(nlp, "共投入资金３亿元，宁城集团建成了新厂房。") == [
        ("宁城集团", "300000000", "元")]


def test_a_surname_alone_is_no_subject(nlp) -> None:
    # 陳 of 陳小姐: the NER tags the surname alone, as MSRA does; it names no one
    text = "自成為超額教師後，陳小姐寄出約400封求職信，但只獲寥寥的面試機會。"
    assert ("陳", "PERSON") in [(e.text, e.label_) for e in nlp(text).ents]
    assert _statements(nlp, text) == []


def test_of_names_mentioned_as_often_the_person_is_the_main_entity(nlp) -> None:
    # each name once: the person is what the text is about, not the shortest name (中國 of
    # 中國運動員), whose bonus had taken the athlete's records from him
    text = ("吳數德成為第一個在世界舉重錦標賽上奪得冠軍的中國運動員，1984年獲得洛杉磯奧運會"
            "舉重冠軍，9次打破世界紀錄。")
    assert ("吳數德", "9", "次") in _statements(nlp, text)
    # but not a person who is the source of the figures (仲跻伟估计): they are nobody's here
    text = "仲跻伟估计，国内的发卡量目前已达到1亿张，未来还有7倍的扩张量。招行在北京、上海发卡。"
    assert _statements(nlp, text) == []


def test_one_name_before_deng_is_an_example_of_what_is_counted(nlp) -> None:
    # 刘力等35名同志: 刘力 is one of the 35, neither their subject nor a list they sum up;
    # the count is the awarding body's
    found = _statements(nlp, "国家统计局决定，授予刘力等35名同志先进工作者称号。")
    assert found == [("国家统计局", "35", "名")]
    # two names and 等: a list, its count still skipped
    assert _statements(nlp, "北京和上海等5个城市开通了地铁。") == []
    # the names of a list that 等 and a count close are examples of the counted set, too:
    # the figures after them are the set's (the dev gold gives them nothing)
    text = "到１９９６年，全国已有大庆、胜利等２４个油气生产基地，原油产量达到１.５７亿吨。"
    assert _statements(nlp, text) == []


def test_a_small_count_in_passing_is_no_statement(nlp) -> None:
    # 两个孩子 is mentioned in passing; a larger count, a count of areas and a count of
    # times are figures
    text = "张华与两个孩子来到北京，北京市去年新建学校20所。"
    assert _statements(nlp, text) == [("北京市", "20", "所")]
    found = _statements(nlp, "中国电信承接了西藏边坝县、青海久治县2个对口支援县。")
    assert ("中国电信", "2", "个") in found
    assert _statements(nlp, "陕西移动新建了12个营业厅。") == [("陕西移动", "12", "个")]
    assert _statements(nlp, "李岚清做过四次专门批示。") == [("李岚清", "4", "次")]
    # a small count that is an item of a list of counts is a statistic like the others
    found = _statements(nlp, "亨利还创建了贵族等级制度，册封了4个亲王、8个公爵和22个伯爵。")
    assert [f[1] for f in found] == ["4", "8", "22"]


def test_the_items_of_a_list_of_counts_share_the_first_ones_predicate(nlp) -> None:
    doc = nlp("陕西移动新建了4个营业厅、8个基站和22个机房。")
    assert [s["predicate"] for s in doc._.statements] == ["新建"] * 3


def test_the_most_specific_place_named_is_the_subject(nlp) -> None:
    # a place named with its parents (云南省昭通市镇雄县) is the subject, not the province;
    # a province alone in its own clause keeps its figure
    found = _statements(nlp, "云南省昭通市镇雄县投入资金3亿元。")
    assert found == [("镇雄县", "300000000", "元")]
    found = _statements(nlp, "河南省商丘市王集乡所辖18个行政村。")
    assert found == [("王集乡", "18", "个")]
    found = _statements(nlp, "云南省投入资金3亿元，镇雄县新建学校20所。")
    assert found == [("云南省", "300000000", "元"), ("镇雄县", "20", "所")]


def test_a_person_holds_the_figures_of_their_own_clause(nlp) -> None:
    # in another clause or sentence, a person gives way to their organisation
    found = _statements(nlp, "中国石化董事长王明来到工地。该工程共投资三亿元。")
    assert found == [("中国石化", "300000000", "元")]
    assert _statements(nlp, "王明每月收入三千元。") == [("王明", "3000", "元")]


def test_a_province_or_county_level_city_is_what_quanshi_stands_for(nlp) -> None:
    # 北京 and 上海 are provinces in the gazetteer's codes and cities in the text's words
    assert _statements(nlp, "张华在北京工作，全市共有两千家企业。") == [("北京", "2000", "家")]
    # 汨罗市 is a county in the codes and a city (县级市) in the text's words: 全市 is it,
    # not the prefecture-level 长沙 named before it
    text = "长沙的专家来到汨罗市调研。去年，全市国民经济总产值达19.22亿元。"
    assert _statements(nlp, text) == [("汨罗市", "1922000000", "元")]
    # a province named only inside a body's name: 全省 is that body's, as the gold gives
    # 全市 to 济南市卫生局, not the province's other body named nearer
    text = "浙江省委召开扶贫工作会议，省广电厅参加了会议。到去年底，全省共减少贫困人口约６０万。"
    assert _statements(nlp, text) == [("浙江省委", "600000", "人")]
    # 全省 is the whole province, not the cities named in it before
    text = "山西省晋中、运城和长治积极利用水利资源，力保全省６３０万亩水地小麦丰收。"
    assert _statements(nlp, text) == [("山西省", "6300000", "亩")]
    # 全区 is a 自治区, 地区 or 区, never the 省 named before it
    text = "山西省吕梁地区是个贫困大区。全区１３个县市中有９个是贫困县。"
    assert {f[0] for f in _statements(nlp, text)} == {"吕梁地区"}
    assert _statements(nlp, "西藏的牧民很多。全区牧业总产值达到２０亿元。") == [
        ("西藏", "2000000000", "元")]


def test_a_range_gives_one_statement_per_bound(nlp) -> None:
    found = _statements(nlp, "中国石化去年利润增长3至5倍。")
    assert sorted(v for _, v, _ in found) == ["3", "5"]


def test_statistics_source_is_not_the_subject(nlp) -> None:
    found = _statements(nlp, "据国家统计局统计，浙江省去年生产总值增长8%。")
    assert found == [("浙江省", "8", "%")]
    # X's survey (report, figures) shows: X is the source, a few words may stand between
    found = _statements(nlp, "日本有九成家庭拥有汽车。日本汽车工业协会最新统计显示，"
                             "国内汽车平均使用年限为八年。")
    assert found == [("日本", "90", "%"), ("日本", "8", "年")]


def test_a_place_right_before_a_count_is_its_scope_only_in_a_text_about_a_body(nlp) -> None:
    # a text about an organisation: the place is the scope of what it did there
    text = "陕西移动今年投资6.9亿元建设光纤网络。陕西移动将覆盖全省56个国定贫困县。"
    assert ("陕西移动", "56", "个") in _statements(nlp, text)
    # a text about a place: the place holds the count (the guide: 河北２６个贫困县 is 河北省's)
    text = ("新年过后，喀什迎来第一场大雪。服务队开赴英吉沙县乌恰乡、伽师县夏普吐勒乡进行示范"
            "活动，以此带动全区１２个县（市）的活动。")
    assert ("喀什", "12", "个") in _statements(nlp, text)
    # a place with its figure after it is the place's: 美国，489.9亿美元, 马来西亚为5.5%
    text = "去年的贸易额：香港，507.7亿美元；美国，489.9亿美元；欧盟，430亿美元。"
    assert ("美国", "48990000000", "美元") in _statements(nlp, text)
    text = "泰国的经济增长率约为1.6%，印尼为5%，马来西亚为5.5%。"
    assert ("马来西亚", "5.5", "%") in _statements(nlp, text)


def test_what_a_figure_is_compared_with_is_not_its_subject(nlp) -> None:
    found = _statements(nlp, "台湾地区的人口密度为每平方公里592人，为美国的21倍、德国的2.6倍。")
    assert found == [("台湾", "592", "人"), ("台湾", "21", "倍"), ("台湾", "2.6", "倍")]
    assert _statements(nlp, "日本企业的研发人员平均要比欧盟多4倍。") == [("日本", "4", "倍")]
    # a figure right after the name is its own (比起加拿大9%的失业率), and a name said
    # before in the clause stays the subject (西藏…比西藏和平解放前)
    found = _statements(nlp, "我国的失业率比起加拿大9%的整体失业率低得多。")
    assert found == [("加拿大", "9", "%")]
    # a share after 是 is the name's own (最高的是招行2.6%)
    found = _statements(nlp, "分3期手续费最高的是招行2.6%，最低的是工行的1.65%。")
    assert found == [("招行", "2.6", "%"), ("工行", "1.65", "%")]
    found = _statements(nlp, "西藏青壮年文盲率比西藏和平解放前下降41个百分点。")
    assert found == [("西藏", "41", "个百分点")]
    # so is a name after 仅次于 (second only to X)
    text = "巴拿马的科隆自由贸易区是世界上仅次于香港的第二大自由贸易区，年进出口额曾超过百亿美元。"
    assert _subjects(nlp, text) == ["科隆"]


def test_a_name_inside_an_event_name_or_a_region_named_from_it_is_not_the_subject(nlp) -> None:
    found = _statements(nlp, "统领着世界泳坛的美国，在亚特兰大奥运会上曾以13块金牌独步天下。")
    assert found == [("美国", "13", "块")]
    assert _statements(nlp, "本旬长江以南大部地区持续降温，气温比常年同期偏低３摄氏度。") == []
    # nor is an event itself (奥运会, 联赛, 联盟杯), which the guide never makes a subject
    found = _statements(nlp, "在奥运会项目的１２块奖牌中，俄罗斯队获得５块。")
    assert found == [("俄罗斯队", "5", "块")]
    found = _statements(nlp, "不过加拉塔萨雷的魔鬼主场更是名不虚传，联赛6场比赛5胜1负。")
    assert found == [("加拉塔萨雷", "6", "场")]
    # a party congress by its number and a plenary session are meetings too
    assert _statements(nlp, "党的十五大报告在讲到党员保持先进性时提出四条要求。") == []
    found = _statements(nlp, "参加十五大后，李国安在北京自费买了６００多册十五大精神学习材料。")
    assert found == [("李国安", "600", "册")]
    # a football league by its short name is a competition; a team before it stays the team
    assert _statements(nlp, "相对于欧冠已有13支球队出线。") == []
    assert _statements(nlp, "凯尔特人欧冠近10场客场均告失利。") == [("凯尔特人", "10", "场")]
    # the Games by their short names too (雅典奧運, 长野冬奥会): no figure of the city
    assert _statements(nlp, "今天距长野冬奥会开幕还有整整一个月。") == []
    found = _statements(nlp, "有了雅典奧運的推波助瀾，象隊已將廣告業務目標，提高到6000萬元。")
    assert ("雅典", "60000000", "元") not in found


def test_a_peoples_name_is_no_place_subject(nlp) -> None:
    # 中华|民族: the nation, whose millennia are no figure of a place
    assert _statements(nlp, "春节是中华民族延续千余年的传统节日。") == []
    # a province's ethnic areas are still the province's
    found = _statements(nlp, "1996年，湖南省民族自治地方国内生产总值达119.06亿元。")
    assert found == [("湖南省", "11906000000", "元")]


def test_a_bare_organ_of_government_names_no_subject(nlp) -> None:
    # 市委, 县委, 村委会 alone name no body: the figure is about nothing named
    assert _statements(nlp, "县委、县政府多方筹集资金８００多万元，建起了一座水厂。") == []
    # the province whose 省委 decided is named: its figures are the province's
    text = "湖北省仍有数十万人没有脱贫。省委、省政府确立今年重点帮助１２个特困县脱贫。"
    found = _statements(nlp, text)
    assert ("湖北省", "12", "个") in found


def test_the_name_of_a_circumstance_phrase_is_not_the_subject(nlp) -> None:
    # 在X的指导下 / 在X的配合下: X helped or guided; the clause after it counts what another did
    text = "在县审计局的指导下，乡审计站对这８个村的财务收支进行了审计，发现有问题资金１５万元。"
    assert _statements(nlp, text) == []
    text = "肥乡县工商局根据群众投诉线索，在县消费者协会的配合下，当场扣留柿子皮５００公斤。"
    assert _statements(nlp, text) == [("肥乡县工商局", "500", "公斤")]


def test_a_person_who_opens_a_later_clause_is_the_actor_of_what_follows(nlp) -> None:
    # the student and his college open the sentence; 杨朝明, named in a later clause, gave
    text = "小张考上宜昌财校后因生活困难想退学，他找到杨朝明，先后资助了600元。"
    assert _statements(nlp, text) == [("杨朝明", "600", "元")]
    # a body that opens a later clause leaves the subject where it was
    text = "中信银行u盾分别为42元和40元，兴业银行u盾分国产和进口，价格为37元。"
    assert ("中信银行", "42", "元") in _statements(nlp, text)


def test_a_pronoun_stays_the_topic_over_a_name_a_preposition_governs(nlp) -> None:
    # 给西安动物园: the zoo receives; 他, the man named before, gave
    found = _statements(nlp, "李六金是一家制药厂的厂长。去年冬天，"
                             "他特意给西安动物园送去了价值一万元的药品。")
    assert found == [("李六金", "10000", "元")]


def test_with_opening_its_clause_governs_the_names_after_it(nlp) -> None:
    # 与 opening the clause is a preposition (with Germany, Japan…), not 和 between subjects
    text = "去年，与德国、日本、美国等十几个国家有业务来往的这家工厂年创汇1600多万美元。"
    assert _statements(nlp, text) == []
    assert _statements(nlp, "中国与日本去年的贸易额达到600亿美元。") == [
        ("中国", "60000000000", "美元"), ("日本", "60000000000", "美元")]


def test_with_after_a_word_that_is_no_name_governs_the_name_after_it(nlp) -> None:
    # 通过与X联机: X is whom they linked up with; 他们 are the centre named before
    text = ("莱州市科委信息检索中心今年开通，他们通过与山东省科委情报所联机，"
            "每天接收近万条科技信息。")
    assert _statements(nlp, text) == [("莱州市科委信息检索中心", "10000", "条")]


def test_rules_are_selectable_and_weights_replaceable(tmp_path) -> None:
    import srsly

    import pipeline

    weights = tmp_path / "weights.json"
    srsly.write_json(weights, {"null": 100.0})  # nothing beats the null score
    nlp = pipeline.load(overrides={"components.relations.weights": str(weights)})
    assert nlp("镇雄县共投入财政衔接资金12.6亿元。")._.statements == []


@needs_shared()
def test_train_subjects_cross_validates_and_writes_weights(tmp_path) -> None:
    import srsly

    from pipeline.relations.subjects import FEATURES
    from pipeline.train.subjects import cross_validate

    gold = [g for g in srsly.read_jsonl(DEV / "dev.gold.jsonl") if g["relations"]][:8]
    srsly.write_jsonl(tmp_path / "gold.jsonl", gold)
    out = tmp_path / "weights.json"
    report = cross_validate(DEV / "texts", tmp_path / "gold.jsonl", "configs/relations.json",
                            folds=2, output=out)
    assert report["documents"] == 8
    for scorer in ("rules", "learned", "learned_ranking"):
        r = report[scorer]
        assert r["tp"] + r["fn"] == sum(len(g["relations"]) for g in gold)
        assert 0.0 <= r["f1"] <= 1.0
    weights = srsly.read_json(out)
    assert set(FEATURES) | {"null"} <= set(weights)


@pytest.mark.parametrize(
    ("text", "predicate", "obj"),
    [
        # the verb among the words before the number is the predicate, the rest its object
        ("太原市已发放保障金50万元。", "发放", "保障金"),
        ("中国石化的利润比上年增长10%。", "增长", "利润"),
        ("美国国防部计划花费11亿美元。", "花费", None),
        # no verb: the attribute noun, whole
        ("中国银行的每股税后盈余为0.5元。", "每股税后盈余", None),
        # before a copula, whatever verb it holds, even where the segmenter cut a verb from
        # the copula (高|达, 降|到): 发射, 高 and 降 are no predicates here
        ("亚利安公司的发射成功率高达96.9%。", "发射成功率", None),
        ("日本银行预计，通胀率将降到0.7%。", "通胀率", None),
        ("西藏自治区还办有4所高等院校。", "办有", "高等院校"),
        # the counted thing ends where a verb starts; with no verb before the number, that
        # verb is the predicate: the quantity is what acts
        ("太原市有2万名干部开进特困村。", "开进", "干部"),
        ("安徽省共有340个企业治污工程开工。", "开工", "企业治污工程"),
        ("太原市已有3000多人受益。", "受益", None),
        # the object ends at a function or time word after it (地市|又, 三千户|后)
        ("安徽省沿淮7个地市又成立了环保局。", None, "地市"),
        # and at a time expression (志愿者|今天: the object was 志愿者今天 until the
        # forty-fifth session)
        ("上海１５万名志愿者今天走上街头。", "走", "志愿者"),
        ("北京市的贷款户数增加三千户后，中签率将上升。", "增加", "贷款户数"),
        # an attribute in Latin letters is the predicate as written (the segmenter cuts CP|I),
        # a letter after a digit is part of a code (5G)
        ("国家统计局公布，8月份全国CPI为6.2%。", "CPI", None),
        ("中国移动5G用户达到7.9亿户。", "用户", None),
        # an adverb and 有 made one word (现有, 原有) is a verb, its object after it
        ("西藏现有中学９０所。", "现有", "中学"),
        # after 实现 the noun says what reached the value (the dev gold's 实现工农业总产值)
        ("华西村实现总产值２３亿元。", "总产值", "总产值"),
        # a one-character preposition is no predicate: the verb after the amount is
        ("太原钢铁公司以450万元购买了一台中空成型机。", "购买", None),
        # a complement the segmenter cut from its verb joins it again (拿|出, 建|起)
        ("大庆市委拿出６２万元。", "拿出", None),
        ("济南市已建起２１个社区卫生服务中心。", "建起", "社区卫生服务中心"),
        # a verb further back than an attribute noun reaches, its object between
        ("东宝集团公司先后引进各类专业人员３００余人。", "引进", "专业人员"),
        # a share with no predicate before it: the verb after the noun phrase it is a share of
        ("新疆全区６９％的农户受益。", "受益", "农户"),
        # a share of the noun phrase before its 的: the copula before that phrase
        ("北京市的销售额占总数的１８·５％。", "占", "总数"),
        # 每吨 before an amount says what it is per: neither predicate nor object
        ("中国进口大豆成本已达到每吨4000元。", "进口大豆成本", None),
        # 中 ends an object only as a word of its own (其中, X中), not inside 中小学校 or 中心
        ("江山市有１１所中小学校。", "有", "中小学校"),
        ("四川省建成２０个中心劳务市场。", "建成", "中心劳务市场"),
        # a nominal that stands for a place (全省, 全国) is no part of the predicate
        ("吉林省全省增产玉米１０．２３亿公斤。", "增产玉米", None),
        ("新疆占全国面积１／６。", "面积", None),
        # a word an aspect particle follows acts as a verb, listed or not
        ("台北市的公立大學調漲了十一％。", "调涨", "公立大学"),
        # the noun phrase after the quantity's 的 is what it is a share or the value of
        ("太原市有６９％的农户受益。", None, "农户"),
        ("中国石化签下价值数百万美元的合约。", None, "合约"),
        ("中国石化的利润增长了５％之多。", None, "利润"),
        # an adverb (counted in People's Daily 1998) is no predicate, before the verb or the
        # quantity: the verb is (先后 and 纷纷 had been, as a modal marked them as verbs)
        ("华泰集团先后投资１．３亿元。", "投资", None),
        ("埃及全国有６０００多家商店纷纷推出降价活动。", "推出", "商店"),
        ("华泰集团先后１１次举办过大型活动。", "举办", None),
        # with no object after the verb, the topic before it after a 的, a time or a place
        # nominal: what the figure measures (a comparison before the verb passed over)
        ("泰国去年的私人资本比一年前减少了1000多亿美元。", "减少", "私人资本"),
        ("上海市去年国民生产总值实现６４.５３亿元。", "实现", "国民生产总值"),
        ("济南市全市国内生产总值完成１０７亿元。", "完成", "国内生产总值"),
        # right after the subject a word is as often its title or a part of its name
        ("李嘉诚先生捐款５００万港元。", "捐款", None),
        ("莫斯科地区提供了数千次。", "提供", None),
    ],
)
def test_the_predicate_is_the_verb_and_the_object_what_it_counts(
    nlp, text: str, predicate: str | None, obj: str
) -> None:
    (st,) = nlp(text)._.statements
    assert st["object"] == obj
    if predicate is not None:
        assert st["predicate"] == predicate


def test_another_figure_and_what_it_counts_are_no_predicate(nlp) -> None:
    # 万 of the next 万亩, 县 that ３４个 counts: read as predicates until the twenty-third session
    first, _ = nlp("田阳县的万亩菜田和万亩芒果园已初具规模。")._.statements
    assert first["predicate"] != "万"
    _, second = nlp("沿淮３４个县已有２１个县环保局升格。")._.statements
    assert second["predicate"] == "有"


@pytest.mark.parametrize(
    ("text", "predicate"),
    [
        # the word before the names a 等 closes, though no verb of the list (was 等)
        ("国家环保局在京授予北京化工四厂等７６家企业“环境友好企业”称号。", "授予"),
        ("全国妇联决定，授予王淑敏等８０位同志“三八红旗手”荣誉称号。", "授予"),
        # a title between a body and a person is none (was 秘书长, 局长 before this rule)
        ("出席开幕式的有联合国秘书长安南等数百名贵宾。", None),
        ("今天获奖的是宜昌市公安局局长黄洪等１７４名民警。", None),
        # determiners and pronouns are no predicates (全部, 全部外债, 自己 before this rule)
        ("浙江省８个贫困县全部脱贫。", "脱贫"),
        ("印尼的全部外债已达１１９０亿美元。", "外债"),
        ("郭铁锋又拿出自己的１０００元。", "拿出"),
        # a negation takes the word it negates (the predicate was 没有, 不)
        ("鲁山县仍有２６万人没有解决温饱问题。", "没有解决"),
        ("维冈队在英超中已经5轮不败。", "不败"),
    ],
)
def test_list_names_determiners_and_negations_around_a_count(
    nlp, text: str, predicate: str | None
) -> None:
    (st,) = nlp(text)._.statements
    assert st["predicate"] == predicate


def test_a_word_after_what_is_counted_is_a_predicate_only_as_a_verb(nlp) -> None:
    # 会员|在: the first word after the object was the predicate until the forty-fifth session
    (st,) = nlp("香港舞蹈团体联合会４００多名会员在维多利亚公园表演。")._.statements
    assert (st["predicate"], st["object"]) == (None, "会员")
    (st,) = nlp("北京市８个空气监测点位的数据显示。")._.statements
    assert st["predicate"] is None


@pytest.mark.parametrize(
    ("text", "predicate", "obj"),
    [
        # a verb of the list right after a classifier modifies the noun it counts (the
        # predicate was 下岗, 大, 小 until the forty-fifth session, the object none)
        ("合肥市去年有４万多名下岗职工实现了再就业。", "实现", "下岗职工"),
        ("韩国今年已有３０家大企业宣布裁员。", "宣布", "大企业"),
        ("猴岛由两座小岛组成。", "组成", "小岛"),
        # with only a function word before it (最大企业 was 最)
        ("韩国今年已有４９家最大企业宣布裁员。", "宣布", "最大企业"),
        # after a noun unit the verb acts (人 is no classifier)
        ("北京市近百人参加了座谈会。", "参加", None),
        # a verb whose object is a noun, then a verb that modifies that noun
        ("河北省工会多渠道安置下岗职工33.24万人。", "安置", "下岗职工"),
        ("四川省去年资助失学儿童６万多名。", "资助", "失学儿童"),
        # an adverb or auxiliary before the verb is no such verb (直接 46% before a verb)
        ("四川省直接救助困难职工近４０万人次。", "救助", "困难职工"),
    ],
)
def test_a_verb_modifies_what_a_count_counts(
    nlp, text: str, predicate: str, obj: str | None
) -> None:
    (st,) = nlp(text)._.statements
    assert (st["predicate"], st["object"]) == (predicate, obj)


def test_the_evidence_reaches_a_predicate_after_the_quantity(nlp) -> None:
    text = "据介绍，太原市已有3000多人受益，其余的还在排队。"
    (st,) = nlp(text)._.statements
    assert st["predicate"] == "受益" and st["evidence"].endswith("3000多人受益")
    assert text[st["start"] : st["end"]] == st["evidence"]


def test_the_evidence_reaches_what_the_quantity_counts(nlp) -> None:
    # ４所|高等院校: the evidence ended at the count until the forty-fifth session
    text = "西藏自治区还办有４所高等院校，在校学生增加了。"
    (st,) = nlp(text)._.statements
    assert st["object"] == "高等院校" and st["evidence"] == "西藏自治区还办有４所高等院校"
    assert text[st["start"] : st["end"]] == st["evidence"]


def test_coordinated_quantities_share_their_predicate(nlp) -> None:
    # 增加１６.３％和１４.７％: the second figure's predicate is the first's, not 和
    doc = nlp("太原市的出口和进口分别比上年增加１６.３％和１４.７％。")
    assert [s["predicate"] for s in doc._.statements] == ["增加", "增加"]
    # a conjunction is no predicate either (万亩菜田和万亩芒果园)
    (st,) = nlp("田阳县建成万亩菜田和万亩芒果园。")._.statements[1:]
    assert st["predicate"] != "和"


def test_the_time_of_the_figure_a_change_starts_from_is_that_figures_only(nlp) -> None:
    # 由１９９５年的１５０亿美元增加到３００亿美元: 300亿 is not set in 1995 (it was until the
    # forty-fifth session), but in the time before the phrase, if any
    doc = nlp("越南外债由１９９５年的１５０亿美元增加到３００亿美元。")
    assert [(s["value"], s["time"]) for s in doc._.statements] == [
        ("15000000000", "１９９５年"), ("30000000000", None)]
    doc = nlp("2008年，越南外债由１９９５年的１５０亿美元增加到３００亿美元。")
    assert [s["time"] for s in doc._.statements] == ["１９９５年", "2008年"]
    # a time that opens a span (从去年7月开始) is no figure's own: it scopes the clause
    doc = nlp("从去年７月开始，越南已有３０００多人受益。")
    assert [s["time"] for s in doc._.statements] == ["从去年７月开始"]


def test_a_recurring_period_is_the_time_of_its_own_sentence_only(nlp) -> None:
    # 每天 sets the first figure's period; the next sentence's annual figure is not daily
    doc = nlp("北京市每天接待游客３万人次。北京市全年旅游收入达到５００亿元。")
    assert [(s["value"], s["time"]) for s in doc._.statements] == [
        ("30000", "每天"), ("50000000000", "全年")]
    doc = nlp("北京市每天接待游客３万人次。北京市的旅游收入达到５００亿元。")
    assert [s["time"] for s in doc._.statements] == ["每天", None]


def test_a_time_after_the_figure_in_its_clause_is_its_time(nlp) -> None:
    # none before it in its sentence: the time after it in its clause (the dev gold's
    # 旧币将在１月份退出流通), not the sentence before's
    doc = nlp("俄罗斯１９９８年１月的通胀率将降到０．７％。俄罗斯９０％的旧币将在３月份退出流通。")
    assert [(s["value"], s["time"]) for s in doc._.statements] == [
        ("0.7", "１９９８年１月"), ("90", "３月份")]
    # a time of the next clause is not the figure's
    doc = nlp("俄罗斯１９９８年１月的通胀率将降到０．７％。"
              "俄罗斯９０％的旧币，将在３月份退出流通。")
    assert [s["time"] for s in doc._.statements] == ["１９９８年１月", "１９９８年１月"]


def test_a_time_of_its_figure_alone_scopes_no_other(nlp) -> None:
    # 现年 is the time of the age it opens, not of the figures after it (kind own)
    doc = nlp("张学峰，现年４５岁，受贿４５起。")
    assert [(s["value"], s["time"]) for s in doc._.statements] == [("45", "现年"), ("45", None)]


def test_each_place_of_a_list_scopes_its_own_statement(nlp) -> None:
    doc = nlp("泰国、印尼和韩国去年的私人资本减少了1000多亿美元。")
    assert {(s["subject"]["text"], s["place"]["text"]) for s in doc._.statements} == {
        ("泰国", "泰国"), ("印尼", "印尼"), ("韩国", "韩国")}


def test_a_time_compared_with_is_no_statements_time(nlp) -> None:
    # 比1991年提高: 1991 is the base; 比去年的2.5%: the base figure keeps the base's time
    doc = nlp("1997年，西藏适龄儿童入学率比1991年提高32.6个百分点。")
    assert [(s["value"], s["time"]) for s in doc._.statements] == [("32.6", "1997年")]
    doc = nlp("欧洲今年的经济成长率为2.8%，比去年的2.5%略高。")
    assert [(s["value"], s["time"]) for s in doc._.statements] == [
        ("2.8", "今年"), ("2.5", "去年")]


def test_an_age_is_a_persons_or_nobodys(nlp) -> None:
    # 岁 takes a PERSON subject: the person the age describes, never the body around them
    doc = nlp("北京市颐和园邮局３０岁的投递员许国富，却干得有声有色。")
    assert [(s["subject"]["text"], s["value"]) for s in doc._.statements] == [("许国富", "30")]
    doc = nlp("中国电信在边坝县为１５岁以下的儿童投入资金２００万元。")
    assert {s["unit"] for s in doc._.statements} == {"元"}
    # whatever words stand before it, a person's age has the guide's predicate 年龄
    doc = nlp("年过38岁的女明星金佳妍出席了活动。")
    assert [(s["subject"]["text"], s["predicate"]) for s in doc._.statements] == [
        ("金佳妍", "年龄")]


def test_a_name_named_before_is_still_described_after(nlp) -> None:
    # 宋新启 is named before the age (as the object of a visit) and described after it
    doc = nlp("李鹏又来到村民宋新启家。这家的主人利利索索。36岁的宋新启以养猪为主业，妻子种菜。")
    assert [(s["subject"]["text"], s["value"]) for s in doc._.statements] == [("宋新启", "36")]


def test_a_bare_amount_takes_the_unit_of_its_attribute_noun(nlp) -> None:
    # 人口1800万 has no unit word: the attribute noun counts persons
    doc = nlp("澳大利亚人口仅１８００万，却发行了２００万枚邮票。")
    assert ("18000000", "人") in {(s["value"], s["unit"]) for s in doc._.statements}


def test_a_bare_amount_takes_the_unit_of_the_noun_it_counts(nlp) -> None:
    # the noun ends a word and the phrase goes on (增收 and 就业 are no verbs of the list; 下岗
    # is one): the noun gives the unit and is the object
    found = nlp("京东集团帮助超过1000万农户增收。")._.statements
    assert [(s["value"], s["unit"], s["object"]) for s in found] == [("10000000", "户", "农户")]
    found = nlp("南昌市去年以来已安置５万下岗职工重新就业。")._.statements
    assert [(s["value"], s["unit"], s["predicate"], s["object"]) for s in found] == [
        ("50000", "人", "安置", "下岗职工")
    ]


@pytest.mark.parametrize(
    ("text", "value", "obj"),
    [
        # the nouns coordinated after the counted one are counted with it
        ("河北省３１１５个机关、企事业单位的２万名干部开进特困村。", "3115", "机关、企事业单位"),
        ("中国电信在全国３１个省、市、自治区的大中城市率先开通。", "31", "省、市、自治区"),
        ("周恩来纪念馆展出近２００件图片和实物。", "200", "图片和实物"),
        ("河北省有５０名工人和干部参加。", "50", "工人和干部"),
        # and a bracket of what else the noun covers
        ("内蒙古带动全区１２个县（市）发展。", "12", "县（市）"),
        ("河北省建成２０个乡（镇）、５０个村。", "20", "乡（镇）"),
        # 以上 bounds a rank inside the noun, not the figure (a hedge right after it)
        ("河北省４３名副省级以上领导干部开进特困村。", "43", "副省级以上领导干部"),
        ("河北省有５０名以上干部参加。", "50", "干部"),
        # a determiner that opens it is no part of what is counted
        ("天津海关去年查获各类文物共计５６７５件。", "5675", "文物"),
        # not a verb's clause, a count, or the noun of the next figure
        ("河北省建成３０个基地、改造２０个车间。", "30", "基地"),
        ("河北省有３个直辖市和２１个省会城市。", "3", "直辖市"),
        ("河北省种植３０亩小麦、玉米２０亩。", "30", "小麦"),
        ("河北省援建了２所中学、一家医院。", "2", "中学"),
        # where or over what span a figure holds is no object, nor an adverb before a verb
        ("阜平县十年间发放贷款５亿元，海口市在短短１０年间就建成新区。", "10", None),
        ("河北省希望工程办公室组织学生去１００公里外的地方。", "100", None),
        ("民生银行u盾价值30-70元不等。", "30", None),
        ("中国电信花３个月才完成改造。", "3", None),
        # but a noun that the segmenter cut stays, and so does 地 (land)
        ("司法部已批准６７家外国律师事务所。", "67", "外国律师事务所"),
        ("河北省有４亩地没有劳力耕种。", "4", "地"),
    ],
)
def test_the_object_after_a_figure(nlp, text: str, value: str, obj: str | None) -> None:
    found = {s["value"]: s["object"] for s in nlp(text)._.statements}
    assert found[value] == obj


def test_ba_puts_the_object_before_its_verb(nlp) -> None:
    # 把 right before the figure: the verb after the figure's object is the predicate
    found = nlp("内蒙古自治区决定把３０００名内地孤儿接到草原。")._.statements
    assert [(s["value"], s["predicate"]) for s in found] == [("3000", "接到")]


def test_the_winds_direction_is_no_predicate(nlp) -> None:
    # ４—５级|偏|北风: 偏 (a verb of the list) opens the noun; the existential is the predicate
    found = nlp("北京市明天有４—５级偏北风。")._.statements
    assert {(s["value"], s["predicate"]) for s in found} == {("4", "有"), ("5", "有")}


def test_the_narrators_figures_go_to_no_name(nlp) -> None:
    # a first-person pronoun is the topic the figure is about, not the place or company
    # named before or after it
    assert nlp("迁到上海浦东后，我们投资1000万元，建起了新工厂。")._.statements == []
    text = "在一个激烈的应征场合中，我凭着多年的设计作品，挤下数十位应征者，接下华新公司的业务。"
    assert nlp(text)._.statements == []
    # 我省, 我国 are anaphors of a named place, not the narrator
    found = nlp("云南省去年接待游客5000万人次，我省今年将投入资金500亿元。")._.statements
    assert [(s["subject"]["text"], s["value"]) for s in found] == [
        ("云南省", "50000000"), ("云南省", "50000000000")
    ]


def test_our_country_is_the_writers_and_never_a_foreign_one(nlp) -> None:
    # 我国 is China where the text names it, never 美国 or 韩国 named before it; with no home
    # country named, the figure of a clause it opens is nobody's named
    text = "美国去年的国内生产总值为8万亿美元。1999年我国失业率为3.5%。"
    assert _statements(nlp, text) == [("美国", "8000000000000", "美元")]
    text = "中国的造船业发展很快。韩国连续4年居第二。去年我国造船产量达到229万吨。"
    assert ("中国", "2290000", "吨") in _statements(nlp, text)
    # so is 全国: a country the text does not name is nobody's named, not the body before
    text = "公安部消防局昨天召开会议。去年全国公安消防部队共出动灭火１４万余起。"
    assert _statements(nlp, text) == []
    text = "中国防伪行业协会已在全国３１个省、市、自治区率先开通查询终端。"
    assert _statements(nlp, text) == [("中国防伪行业协会", "31", "个")]
    # 我国 as the object of a verb is no topic: the body before it keeps its figures
    text = "四川原为我国第一人口大省，仍拥有人口8357万。"
    assert _statements(nlp, text) == [("四川", "83570000", "人")]


def test_they_are_an_organisation_named_before_or_nobody_named(nlp) -> None:
    text = "1996年南昌博览会上李宁集团推出全封闭式展区，1997年武汉博览会，他们投资200万元搭建展台。"
    assert ("李宁集团", "2000000", "元") in _statements(nlp, text)
    # a place before them is no group that acts (the factory of the text is unnamed)
    text = "引进的意大利蒸化机用汽量极大，他们大胆采用叠蒸工艺，节约投资40万美元。"
    assert _statements(nlp, text) == []


def test_he_is_a_person_named_before_or_nobody_named(nlp) -> None:
    text = "孔泽尔还先后指挥过一些著名的乐团及歌剧院。他指挥、演奏的五十七张唱片中有四十五张获奖。"
    found = _statements(nlp, text)
    assert ("孔泽尔", "57", "张") in found and not [f for f in found if f[0] == "歌剧院"]
    # 他 is no topic when a nominal (全市) follows it: the city's figures stay the city's
    text = "李建恒来到商州市后，一头扎到基层调查研究。他在调研中了解到，全市还有15个特困乡。"
    assert _statements(nlp, text) == [("商州市", "15", "个")]


def test_an_unresolved_organisation_anaphor_keeps_its_figures(nlp) -> None:
    # 该厂 names a factory the text does not name (洞纺 is no recognised name): its figures
    # are nobody's named; resolved, they are the factory's
    text = "今年华升集团以承担债务方式将洞纺兼并。去年该厂产销同步增长，实现利税2070万元。"
    assert _statements(nlp, text) == []
    text = "华北制药厂去年投产。去年该厂产销同步增长，实现利税2070万元。"
    assert _statements(nlp, text) == [("华北制药厂", "20700000", "元")]


def test_a_team_anaphor_stands_for_the_club_named_before(nlp) -> None:
    # 该队: clubs are named without 队 (利物浦), so any organisation named before it
    text = "托雷斯的受伤让利物浦十分头疼，近来该队攻击力迅速下滑，最近3场比赛都是在主场进行。"
    assert _statements(nlp, text) == [("利物浦", "3", "场")]


def test_a_person_an_anniversary_or_a_theory_is_named_after_is_no_subject(nlp) -> None:
    # 周恩来诞辰１００周年: the two months are the anniversary's, not 周恩来's
    text = ("从今天开始到３月５日周恩来诞辰１００周年的两个月里，江苏省将在淮安市举办十多项"
            "纪念活动。")
    assert "周恩来" not in _subjects(nlp, text)


def test_a_bare_foundation_or_hospital_stands_for_the_one_named(nlp) -> None:
    # 基金会 and 医院 opening a clause are the foundation and the hospital the text named, as
    # 公司 and 集团 are; a bare 银行 is as often banks in general, so only 该银行 is one
    text = "中国儿童少年基金会发布了年度报告。１９９７年，基金会共募集基金和专款１１７４．８万元。"
    assert _statements(nlp, text) == [("中国儿童少年基金会", "11748000", "元")]
    text = "３０２医院坚持为官兵服务，在北京很有名。两年来，医院先后２０多次邀请京津名医会诊。"
    assert ("３０２医院", "20", "次") in _statements(nlp, text)


def test_a_figure_that_describes_the_name_after_it_is_its_own(nlp) -> None:
    # 三十岁的王小明 (GUIDE): the name the figure describes through 的, not a place before
    text = "在北京时间7月4日凌晨结束的决赛中，17岁的俄罗斯新人莎拉波娃以2比0战胜对手。"
    assert ("莎拉波娃", "17", "岁") in _statements(nlp, text)
    text = "湖南省永兴县城关镇居民，63岁的叶莲美，去年捐出积蓄。"
    assert _statements(nlp, text) == [("叶莲美", "63", "岁")]
    # an age before 的 is the described person's, however strong the person before it
    assert _statements(nlp, "周总理见到３４岁的荣毅仁，诙谐地说。") == [("荣毅仁", "34", "岁")]
    # the person it describes keeps the figure though he speaks (the guide: the source's own)
    assert _statements(nlp, "李鹏笑着对７５岁的赵增说：“好啊。”") == [("赵增", "75", "岁")]
    # a span of time before 的 is how long the person it describes did what the phrase says
    text = "擔任新加坡總理三十一年的李光耀，昨天表示。"
    assert _statements(nlp, text) == [("李光耀", "31", "年")]
    # the phrase a figure describes ends where a coordinated one begins (８４岁的A老人和７２岁的B)
    text = "汝阳县城东村８４岁的赵花点老人和７２岁的董风英老人参加通车仪式。"
    assert _statements(nlp, text) == [("赵花点", "84", "岁"), ("董风英", "72", "岁")]


def test_an_age_that_describes_an_unnamed_person_is_no_statement(nlp) -> None:
    # ６岁的儿子: the age is the son's, whom the text does not name, not the mother's
    assert _statements(nlp, "那天晚上，王桂云正在给６岁的儿子讲故事。") == []
    assert _statements(nlp, "６４岁的陈玉英老太太在商店门前说。") == [("陈玉英", "64", "岁")]
    # 周岁 is an age too: only a person's
    assert _statements(nlp, "在西藏，年满１８周岁的公民都有选举权。") == []


def test_a_place_that_is_the_subject_scopes_its_own_statement(nlp) -> None:
    found = nlp("广西壮族自治区恭城瑶族自治县共有117个行政村。")._.statements
    assert [(s["subject"]["text"], s["place"]["text"]) for s in found] == [
        ("恭城瑶族自治县", "恭城瑶族自治县")
    ]
    # an organisation's statement is scoped to the place named before the quantity
    (st,) = nlp("中国电信在云南省镇雄县投入资金3亿元。")._.statements
    assert st["place"]["text"] == "镇雄县"
    # a place after the quantity in its clause scopes it before one of an earlier clause
    (st,) = nlp("在云南，中国电信投资3亿元在镇雄县修建光缆。")._.statements
    assert st["place"]["text"] == "镇雄县"
    (st,) = nlp("中国电信在云南投资3亿元，在镇雄县修建光缆。")._.statements
    assert st["place"]["text"] == "云南"
    # a one-character place inside a word (援|疆) modifies that word: no scope
    (st,) = nlp("中国电信在产业援疆工作中投入资金5亿元。")._.statements
    assert st["place"] is None


def test_a_one_character_place_inside_a_word_is_no_subject(nlp) -> None:
    # 台 of 台商 is a modifier inside a noun (the segmenter's word 台商): the figures are 深圳's
    doc = nlp("截至目前，在深圳投资的台商已达到２４００多家。")
    assert [(e.text, e._.in_word) for e in doc.ents] == [("深圳", False), ("台", True)]
    assert _statements(nlp, "截至目前，在深圳投资的台商已达到２４００多家。") == [
        ("深圳", "2400", "家")
    ]
    # an abbreviation that is a word of its own stays a subject (罗 = Romania)
    assert _statements(nlp, "罗外贸赤字为１９亿美元。") == [("罗", "1900000000", "美元")]
    # nor is it a modifier in 全港, 全美: the word names the whole place
    text = "美國落實加息後的首個周末，全港主要新盤昨天合共售出67伙。"
    assert _statements(nlp, text) == [("港", "67", "伙")]
    # a destination right after a verb of motion (赴美, 进京) is no subject either
    assert _statements(nlp, "不過去年仍有將近三萬人赴美留學。") == []
    assert _statements(nlp, "全省进京上访比１９９５年下降了５７％。") == []
    # nor does it hide the name's own mention before it (台灣 … 來台下單: the same place)
    text = "今年台灣的手機產業有所斬獲，來台下單的外商增加，產量總計有二百二十萬台。"
    assert _statements(nlp, text) == [("台灣", "2200000", "台")]


def test_quoted_spans_stay_inside_a_sentence() -> None:
    from pipeline.punctuation import quoted_spans

    text = "《黄山小记》与“雷锋车”。他说“好，"
    assert [text[a:b] for a, b in quoted_spans(text)] == ["《黄山小记》", "“雷锋车”"]
    assert quoted_spans("“" + "长" * 41 + "”") == []  # a stray mark swallows nothing


def test_a_name_inside_a_title_or_another_quoted_name_is_no_subject(nlp) -> None:
    # a word of a book title, of a nickname, of a stock's name: the figure is not the place's
    assert _statements(nlp, "《中华人民共和国地形全图》以幅面为４４厘米乘５５厘米。") == []
    text = "３５年来，“雷锋车”已无偿接送旅客９万人次。"
    assert not [s for s in _statements(nlp, text) if s[0] == "雷锋"]
    text = "安徽合肥号称“安徽第一路”的长江路，如今再添上数千盏大红灯笼。"
    assert _subjects(nlp, text) == ["长江路"]
    # quotes around the name alone leave it a name
    assert _statements(nlp, "“深圳”去年接待游客５０００万人次。") == [("深圳", "50000000", "人次")]


def test_the_body_before_a_persons_title_is_the_persons_affiliation(nlp) -> None:
    # 省委书记徐有芳两次批示: the person is the actor, the body only says whose secretary he is
    text = "黑龙江省委书记徐有芳两次批示，要求尽快落实。"
    assert _statements(nlp, text) == [("徐有芳", "2", "次")]
    text = "四川泸州惠川酿酒集团总经理彭益从偏僻的山村把六位孤儿接到泸州。"
    assert _statements(nlp, text) == [("彭益", "6", "位")]
    # also where other names stand between the person and the quantity: the titled person
    # opens the clause, the body before the title does not
    text = "巴基斯坦总理纳瓦兹·谢里夫在结束了对中国为期一周的正式友好访问后回国。"
    assert _subjects(nlp, text) == ["纳瓦兹·谢里夫"]
    text = "安徽茶商楊德余今年3月從貴州採購近1500公斤茶葉。"
    assert _subjects(nlp, text) == ["楊德余"]
    # a dateline and its byline end a clause though no punctuation does: the body's first
    # names open their clause
    text = "新华社华盛顿２月２日电（记者肖成林）美国总统克林顿向国会递交了２７０６亿美元的预算。"
    assert _subjects(nlp, text) == ["克林顿"]
    # though the nearest name is a titled person too
    text = "乌克兰总统库奇马与正在基辅进行访问的乌兹别克斯坦总统卡里莫夫签署了１１项文件。"
    assert _subjects(nlp, text) == ["库奇马"]
    # adverbs and prepositions make a clause, not a title: the body is the agent
    text = "大考中心已於前晚將馬祖和金門兩個離島考區的試卷送達。"
    assert _subjects(nlp, text) == ["大考中心"]


def test_layout_lazy_readers_answer_as_the_lists(nlp) -> None:
    # the lazy readers keep a long unpunctuated page linear; they must say what the lists say
    from pipeline.relations.layout import Layout

    text = "中国电信在四川省投入资金五百万元，陕西移动在西安市共有八十二个定点扶贫村。" * 3
    doc = nlp(text)
    component = nlp.get_pipe("relations")
    component.ensure_read()
    matcher = component.matcher
    lay = Layout.build(doc, text, matcher.mentions(doc, text), matcher.rules.clause_split, [])
    assert len(lay.mentions) >= 6
    for a in range(0, len(text) + 1, 3):
        for b in range(a, len(text) + 1, 5):
            assert list(lay.iter_tokens(a, b)) == lay.tokens_in(a, b)
            inside = lay.mentions_in(a, b)
            assert list(lay.mentions_back(a, b)) == inside[::-1]
            assert lay.first_mention(a, b) == (inside[0] if inside else None)
