"""Quantities: numbers, units, hedges, ranges, exclusions, invariants and the spaCy component."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from pipeline.quantities import find_quantities, parse_number, parse_range
from pipeline.quantities.component import QuantityRecognizer  # noqa: F401 - registers factory
from pipeline.quantities.parser import Quantity
from pipeline.quantities.rules import load_rules
from pipeline.script.invisible import analysis_view


def one(text: str) -> Quantity:
    qs = find_quantities(text)
    assert len(qs) == 1, [q.text for q in qs]
    return qs[0]


def texts(text: str) -> list[str]:
    return [q.text for q in find_quantities(text)]


# -- parse_number --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("2.3万", "23000"),
        ("三千一百", "3100"),
        ("二百", "200"),
        ("两", "2"),
        ("兩", "2"),
        ("１２３", "123"),
        ("1,234.5", "1234.5"),
        ("1,234.5万", "12345000"),
        ("10.23萬", "102300"),
        ("3.5億", "350000000"),
        ("百分之八十", "80"),
        ("百分之三点五", "3.5"),
        ("十六", "16"),
        ("十", "10"),
        ("一百零五", "105"),
        ("一千零一", "1001"),
        ("二〇一七", "2017"),
        ("〇", "0"),
        ("零", "0"),
        ("一万五", "15000"),
        ("三千五", "3500"),
        ("三点五亿", "350000000"),
        ("2万亿", "2000000000000"),
        ("一万亿", "1000000000000"),
        ("三亿五千万", "350000000"),
        ("5千万", "50000000"),
        ("100余万", "1000000"),
        ("-5", "-5"),
        ("壹佰", "100"),
    ],
)
def test_parse_number(s: str, value: str) -> None:
    assert parse_number(s) == Decimal(value)


@pytest.mark.parametrize("s", ["", "abc", "十三五", "五六", "万一", "1.2.3", "3至5", "二百五十百"])
def test_parse_number_rejects(s: str) -> None:
    assert parse_number(s) is None


def test_parse_number_never_raises_on_non_str() -> None:
    assert parse_number(None) is None  # type: ignore[arg-type]


def test_parse_range() -> None:
    assert parse_range("3至5万") == (Decimal(30000), Decimal(50000))
    assert parse_range("3-5") == (Decimal(3), Decimal(5))
    assert parse_range("3万") is None


def test_values_have_no_exponent() -> None:
    q = one("投入869万元")
    assert str(q.value) == "8690000"
    assert str(one("增加2.3万个").value) == "23000"


# -- units, money, percentages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "currency"),
    [
        ("投入869万元用于建设", "8690000", "元", "CNY"),
        ("投资24.6亿元", "2460000000", "元", "CNY"),
        ("投资24.6億元", "2460000000", "元", "CNY"),
        ("融资3亿美元", "300000000", "美元", "USD"),
        ("損失5萬日圓", "50000", "日元", "JPY"),
        ("提供了创纪录的２３０亿埃居贷款", "23000000000", "埃居", "XEU"),
        ("集训了三个星期", "3", "周", None),
        ("整整６６个春秋", "66", "年", None),
        ("离开部队已六个年头了", "6", "年", None),
        ("他身高１８５公分", "185", "公分", None),
        ("昨天合共售出67伙", "67", "伙", None),
        ("平均年產量約九萬公噸", "90000", "公吨", None),
        ("采用５·８英寸液晶显示器", "5.8", "英寸", None),
        ("所占的席位从６６席减少", "66", "席", None),
        ("查获案件３００多宗", "300", "宗", None),
        ("總額2兆8000億元", "2800000000000", "元", "CNY"),
        ("損失1億2000萬元", "120000000", "元", "CNY"),
        ("共有3萬5000人", "35000", "人", None),
        ("投资3亿5千万元", "350000000", "元", "CNY"),
        ("捐出８萬５千５００美元", "85500", "美元", "USD"),
        ("捐款5000元人民币", "5000", "元", "CNY"),
        ("发生率23.6%", "23.6", "%", None),
        ("覆盖率８０％", "80", "%", None),
        ("提高了百分之八十", "80", "%", None),
        ("提高2.5个百分点", "2.5", "个百分点", None),
        ("帮助2.3萬個贫困户", "23000", "个", None),
        ("惠及3400户", "3400", "户", None),
        ("培训78场次", "78", "场次", None),
        ("培训3100人次", "3100", "人次", None),
        ("资助500名学生", "500", "名", None),
        ("建设2所学校", "2", "所", None),
        ("上线6.5万家", "65000", "家", None),
        ("捐赠大米3100吨", "3100", "吨", None),
        ("交易2.1万笔", "21000", "笔", None),
        ("产品114款", "114", "款", None),
        ("赠送500万份", "5000000", "份", None),
        ("信息1600条", "1600", "条", None),
        ("签约10省", "10", "省", None),
        ("覆盖86市", "86", "市", None),
        ("推进四方面工作", "4", "方面", None),
        ("前往新疆两次", "2", "次", None),
        ("接入能力达到100M。", "100", "M", None),
        ("速率50Mbps", "50", "Mbps", None),
        ("修路12公里", "12", "公里", None),
        ("三千一百人", "3100", "人", None),
        ("十六个村", "16", "个", None),
        ("一百零五户", "105", "户", None),
        ("服务1,234.5万元", "12345000", "元", "CNY"),
        ("用户110万", "1100000", "", None),
        ("长度5千米", "5", "千米", None),
    ],
)
def test_units(text: str, value: str, unit: str, currency: str | None) -> None:
    q = one(text)
    assert q.value == Decimal(value)
    assert q.unit == unit
    assert q.currency == currency


# -- hedges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qtext", "value", "approx", "lo", "hi"),
    [
        ("累计培训超过3100人次", "超过3100人次", "3100", "more_than", "3100", None),
        ("销售100余万元", "100余万元", "1000000", "more_than", "1000000", None),
        ("都在5000万元以上", "5000万元以上", "50000000", "more_than", "50000000", None),
        ("建立了40余万个站点", "40余万个", "400000", "more_than", "400000", None),
        ("互动2.8亿多次", "2.8亿多次", "280000000", "more_than", "280000000", None),
        ("惠及3400余万贫困人口", "3400余万", "34000000", "more_than", "34000000", None),
        ("安排项目1700余个", "1700余个", "1700", "more_than", "1700", None),
        ("让7000多万人", "7000多万人", "70000000", "more_than", "70000000", None),
        ("投资近8000万元", "近8000万元", "80000000", "about", None, None),
        ("其中约80%都用于", "约80%", "80", "about", None, None),
        ("大约300人左右", "大约300人左右", "300", "about", None, None),
        ("将近两千人", "将近两千人", "2000", "about", None, None),
        ("逾百余家企业", "逾百余家", "100", "more_than", "100", None),
        ("至少70个村", "至少70个", "70", "at_least", "70", None),
        ("不少于50人", "不少于50人", "50", "at_least", "50", None),
        ("最多5次", "最多5次", "5", "up_to", None, "5"),
        ("不超过3万元", "不超过3万元", "30000", "up_to", None, "30000"),
        ("15岁以下青少年", "15岁以下", "15", "up_to", None, "15"),
        ("十多位委员", "十多位", "10", "more_than", "10", None),
        ("十几个村", "十几个", "10", "more_than", "10", None),
        ("超過200萬元", "超過200萬元", "2000000", "more_than", "2000000", None),
        ("100餘萬元", "100餘萬元", "1000000", "more_than", "1000000", None),
    ],
)
def test_hedges(text: str, qtext: str, value: str, approx: str, lo: str | None, hi: str | None):
    q = one(text)
    assert q.text == qtext
    assert q.value == Decimal(value)
    assert q.approx == approx
    assert q.min_value == (Decimal(lo) if lo else None)
    assert q.max_value == (Decimal(hi) if hi else None)


def test_hedge_blocked_by_context() -> None:
    assert [q.approx for q in find_quantities("经过3年努力，建成5个基站")] == [None, None]
    assert one("最近建成5个基站").approx is None
    # 透过 is a word: 一群 stays the article, not a count of more than one group
    assert texts("透过一群改革者面对权与法") == []
    assert one("掠过3架飞机").approx is None
    assert one("纽约3家银行").approx is None and one("新近5年").approx is None


# -- ranges and signs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lo", "hi", "unit"),
    [
        ("每户补贴3至5万元", "30000", "50000", "元"),
        ("投资3-5万", "30000", "50000", ""),
        ("投资3～5万", "30000", "50000", ""),
        ("3万元至5万元", "30000", "50000", "元"),
        ("增长3%-5%", "3", "5", "%"),
        ("1到2个", "1", "2", "个"),
        ("三至五万元", "30000", "50000", "元"),
        # two 4-digit numbers are a range of years only as years (１９９１—１９９５)
        ("远期２０００-３０００万吨", "20000000", "30000000", "吨"),
        ("投资1000-2000万元", "10000000", "20000000", "元"),
        ("２０００～３０００人", "2000", "3000", "人"),
    ],
)
def test_ranges(text: str, lo: str, hi: str, unit: str) -> None:
    q = one(text)
    assert (q.min_value, q.max_value) == (Decimal(lo), Decimal(hi))
    assert q.value == q.min_value  # documented: the value of a range is its lower bound
    assert q.unit == unit
    assert q.approx is None


def test_a_rise_and_the_level_it_reached_are_two_quantities() -> None:
    # 增长20%至500亿元: the numbers around 至 carry different units, so no range
    found = [(q.value, q.unit) for q in find_quantities("净利润增长20%至500亿元")]
    assert found == [(Decimal("20"), "%"), (Decimal("50000000000"), "元")]
    found = [(q.value, q.unit) for q in find_quantities("乘客量按年增加31.4%至17.15億人次")]
    assert found == [(Decimal("31.4"), "%"), (Decimal("1715000000"), "人次")]
    assert texts("增长3%至5%") == ["3%至5%"]


def test_the_full_width_zero_inside_chinese_digits_is_a_zero_digit() -> None:
    # Taiwan's Big5-era text: 一０％ is 10 %, 六五０萬 650万; Arabic runs stay as they are
    found = find_quantities("新航計畫持有華航五％至一０％股權")
    assert [(q.text, str(q.min_value), str(q.max_value)) for q in found] == [
        ("五％至一０％", "5", "10")]
    assert str(one("原條文之六五０萬人").value) == "6500000"
    assert str(one("共有１０萬人").value) == "100000"
    # and before the point of Chinese decimals: ０．四五％ is 0.45 %, not 四五％
    assert str(one("中華電股價還逆勢上揚０．四五％").value) == "0.45"
    assert str(one("價格為０．５元").value) == "0.5"


def test_metres_and_their_hundredths_written_without_a_unit_are_one_length() -> None:
    # athletes' marks and heights: 五米八〇 is 5.80 米, not 5 米
    assert [(q.text, str(q.value)) for q in find_quantities("布勃卡仅以五米八○的成绩夺魁")] == [
        ("五米八○", "5.8")]
    assert str(one("身高１米７２的广东小伙").value) == "1.72"
    assert str(one("成绩是十七米二三。").value) == "17.23"
    assert str(one("长颈鹿身高已近一米九。").value) == "1.9"  # 一 counts here
    # a noun after the digits makes them another number
    assert [(q.text, str(q.value)) for q in find_quantities("郑大北门西20米二楼")] == [
        ("20米", "20")]
    assert find_quantities("一米阳光") == []


def test_numbers_listed_with_fenbie_share_the_unit_of_the_last() -> None:
    def found(text: str) -> list[tuple[str, str, str]]:
        return [(q.text, str(q.value), q.unit) for q in find_quantities(text)]

    assert found("分别拨出４０万和３００万港元") == [
        ("４０万", "400000", "港元"), ("３００万港元", "3000000", "港元")]
    assert found("奖金分别为１万、５０００和３０００元") == [
        ("１万", "10000", "元"), ("５０００", "5000", "元"), ("３０００元", "3000", "元")]
    assert found("分別回落５．３和５．５個百分點")[0] == ("５．３", "5.3", "个百分点")
    # without 分别 a number before a figure may be a model's (波音７７７和４８％); a
    # magnitude the last number has may be the others' too (2000万 or 2000?)
    assert texts("５２％的波音７７７和４８％的波音") == ["５２％", "４８％"]
    assert texts("分别投资2000和3000万元") == ["3000万元"]


def test_signed() -> None:
    assert one("增长-3%").value == Decimal(-3)
    assert one("同比-5.2%，").value == Decimal("-5.2")


# -- what is not a quantity ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2017年",
        "2016年12月底",
        "截至8月底",
        "9月28日",
        "2018-08-07来源",
        "2017-09-29 07:08",
        "2018年10月前",
        "十六年来",
        "12年来",
        "十年来",
        "第12个年头",
        "在前三批试点项目中",
        "第一",
        "12582热线语音",
        "开通6995治安联防电话",
        "宽带和4G终端",
        "5G网络",
        "“爱心100”助学行动",
        "“十三五”以来",
        "十三五规划",
        "一名受助学生",
        "带了一个好头",
        "三位一体的整村脱贫",
        "一对一调查",
        "一体化的驻村管理体系",
        "千方百计",
        "在世界上占有一席之地",
        "党的唯一宗旨",
        "千家万户",
        "方兆本、俞祖彭",
        "电路板零部件锈蚀",
        "他四处奔走",
        "站在四周",
        "减少二次污染",
        "第九个五年计划",
        "一辆三轮车",
        "百年不遇的洪水",
        "仅去年一年就吸引外资",
        "十年内乱，由于林彪",
        "二次大战",
        "千万不要",
        "老百姓",
        "G20峰会",
        "A380客机",
        "发展2000多",
        "一次性",
        "统一",
        "六盘水市",
        "五期二阶段",
        "省十二届人大",
        "第三十七次会议",
        "三级医院",
    ],
)
def test_not_quantities(text: str) -> None:
    assert texts(text) == []


def test_two_digit_years_of_hong_kong_and_taiwan_news_are_no_amounts() -> None:
    # 89年北京民运, 07、08年「双普选」: years written short; durations that long keep 的, 来 …
    assert texts("重演89年北京民運的悲劇；重新審視07、08年「雙普選」") == []
    # a leading zero writes a year, whatever follows (09年的发展机会)
    assert texts("中房协秘书长：中国地产09年的发展机会") == []
    assert texts("與他相交50年的好友，当了45年教师，已安全飛行42年無事故") == [
        "50年", "45年", "42年"]


def test_quantities_do_not_share_the_hedge_between_them() -> None:
    # 上 closes the 以上 of the first amount: the second is up to 100000, not "more than"
    found = find_quantities("可以处五千元以上十万元以下的罚款")
    assert [(q.value, q.approx) for q in found] == [(5000, "more_than"), (100000, "up_to")]
    assert found[0].end <= found[1].start
    # a table's unit header is no amount
    assert texts("小型拖拉机（万台）５０３．８") == []


def test_years_up_to_now_are_a_time_with_a_hedge_too() -> None:
    # 三年来 is a time expression (since three years), and so is 三年多来
    assert texts("三年多来，当阳市政协在全市开展调研；十年来投资5亿元") == ["5亿元"]
    # after the unit, 多 is more than so many years (was 三年, with no hedge)
    assert texts("他在这里工作了三年多") == ["三年多"]


def test_a_word_idiom_inside_a_count_leaves_the_count() -> None:
    # 二次 is no count (二次污染), but 十二次 and 二十二次 are
    assert texts("召开了十二次会议，发射了二十二次") == ["十二次", "二十二次"]
    # 二套 is second (二套房贷), 两套 two
    assert texts("央行：二套房贷政策未放松，他买了两套房") == ["两套"]


def test_a_length_or_weight_after_men_or_women_names_an_event() -> None:
    # 男子500米, 女子3米跳板, 男子62公斤级 are events; the same units elsewhere are amounts
    assert texts("安玉龙、杨阳分获男子５００米、女子１０００米银牌") == []
    assert texts("郭晶晶获得女子3米跳板的银牌，他在男子62公斤级夺冠") == []
    assert texts("新建公路5000米，一名男子3天走了80公里") == ["5000米", "3天", "80公里"]
    # a length before a stroke, a round or a record, and a relay's laps, name events too
    assert texts("她夺得１００米蝶泳、４×２００米自由泳接力金牌，打破６０米世界纪录") == []
    assert texts("在十米跳台和３米板比赛中，他在６３公斤级夺冠") == []
    # the longest listed word is read whole after the unit (个人混合泳, five characters)
    assert texts("她在２００米个人混合泳项目上夺冠") == []
    assert texts("全长１００米的大桥，他跑了５公里") == ["１００米", "５公里"]


def test_minguo_years_of_taiwan_news_are_no_durations() -> None:
    # in a traditional-script document 八十一年 is 1992; mainland news counts years so (话剧九十年)
    text = "與八十年的１６.２５％、八十一年的１１.３２％，設計年限是一百年，八十多年"
    assert [q.text for q in find_quantities(text, minguo=True)] == [
        "１６.２５％", "１１.３２％", "一百年", "八十多年"]
    assert "八十年" in [q.text for q in find_quantities(text)]
    # two Minguo years, each with its 年, are no range of durations; 三至五年 stays one
    text = "從八十一年到八十六年，每年經審查；工期三至五年"
    assert [q.text for q in find_quantities(text, minguo=True)] == ["三至五年"]


def test_a_span_of_time_from_or_up_to_now_is_no_amount() -> None:
    # 今后3年, 过去的5年: the time the figure is set in; 用了近3年 is an amount of years
    assert texts("巴政府今后３年将筹措约１０００亿卢比，过去的５年中投资２０亿") == [
        "约１０００亿卢比", "２０亿"]
    assert texts("在今后的几十年时间里，未來3到4天台灣仍有豪雨") == []
    assert texts("工程用了近3年时间") == ["近3年"]
    # the span since an event: 十四大以来的五年, 以来近２０年的历史经验
    assert texts("党的十四大以来的五年，以来近２０年的历史经验") == []
    # 头 + a span: the first years or days of a period (下个世纪头５年内, 执行头２０天)
    assert texts("在下个世纪头５年内，禁鸣规定执行头２０天，共查处１０００起") == ["１０００起"]


def test_days_and_months_before_or_after_are_times() -> None:
    # 两天后, 10天前, 八个月来 are times; 训练八九个小时 and 用了３个月 are amounts
    assert texts("两天后，科雷回话；１０天前他讲话；特区成立八个月来情况良好") == []
    assert texts("每天要训练八九个小时，工程用了３个月时间") == ["八九个小时", "３个月"]


def test_one_day_of_a_story_is_the_article() -> None:
    # 一天，… and 一天晚上 tell a story; 用了一天 is an amount of time
    assert texts("战后回到上海。一天，我在公园散步；一天晚上修车") == []
    assert texts("工程用了一天，就完成了") == ["一天"]


def test_slogans_and_year_by_year_are_no_counts() -> None:
    # programme names and slogans keep their number; 一年比一年 is "year by year"
    text = "坚持四项基本原则，贯彻八项主张，扶贫力度一年比一年加大，进入四分之一决赛"
    assert texts(text) == []
    assert texts("两个文明建设取得成绩，投资５项工程") == ["５项"]
    # a picture credit is no figure of the story
    assert texts("在和平共处五项原则的基础上发展关系（附图片１张）") == []


def test_a_number_after_a_demonstrative_or_an_anniversary_is_no_amount() -> None:
    # 这两年, 那八年间: the time of the statement; 有一天: one day; 百年诞辰: an anniversary
    assert texts("这两年，国际环境变化；这１３年，是父亲生活的写照；他在那八年間浪跡") == []
    assert texts("总有一天要枯竭；纪念周恩来同志百年诞辰，在纪念１００年诞辰之际") == []
    assert texts("该厂这两年用了３年时间，投资５０万元") == ["３年", "５０万元"]
    # 这两本书, 这６人中: things the text has named, counted again
    assert texts("这两本书已经成为藏书；这６人中，４人落户") == ["４人"]
    # a year of an emperor's reign is a date
    assert texts("故居建于清同治十年，明洪武三年开始扩建，他工作了十年") == ["十年"]


def test_floors_and_blocks_of_an_address_are_no_counts() -> None:
    # 大厦8层, B座2层, 名苑12幢7单元 say where; 共102层 and 住宅楼12幢 count
    assert texts("北四环西路58号理想国际大厦8层，B座2层，蓝桥名苑12幢7单元") == []
    assert texts("帝国大厦共102层，新建住宅楼12幢") == ["102层", "12幢"]


def test_a_voltage_class_is_no_amount_and_kva_is_a_unit() -> None:
    # 10千伏线路 and ３．５万千伏的变电站 say what class of line or substation; 千伏安 measures a
    # transformer's capacity, not 千伏 with 安 left over
    assert texts("新建和改造10千伏线路1.2万公里，建成３．５万千伏的变电站") == ["1.2万公里"]
    assert texts("发电机电压达到１５千伏") == ["１５千伏"]
    assert [(q.value, q.unit) for q in find_quantities("户均配变容量2.6千伏安")] == [
        (Decimal("2.6"), "千伏安")
    ]


def test_session_and_train_numbers_are_no_counts() -> None:
    # 六届七次全会 numbers a session, ４７４次列车 a train; 召开两次常委会 counts meetings
    assert texts("省委六届七次全会后，沈某状告４７４次列车的经营单位") == []
    assert texts("市委召开两次常委会，他先后三次访华") == ["两次", "三次"]
    # so does N次 after the body that sits or before a congress's name
    assert texts("八届全国人大五次会议批准设立重庆直辖市，中纪委二次全会召开") == []
    assert texts("学习江泽民同志在六次文代会和五次作代会上的讲话") == []
    assert texts("常委会先后召开了三次会议") == ["三次"]


def test_the_sides_of_an_exchange_rate_are_no_amounts() -> None:
    # 兑 and 兑换 between two amounts of money make a rate, the price of a currency; an
    # amount converted with 折合 stays a figure
    assert texts("形成了１美元兑７·８港元的固定汇率") == []
    assert texts("一度跌至１３４·３８日元兑换１美元的新低点") == []
    assert texts("投资１００万美元（折合人民币８３０万元）") == ["１００万美元", "人民币８３０万元"]
    # so do one unit of a currency and 约合 or 合 with an amount after them, in passing
    assert texts("耗资7.58亿英镑（1英镑约合1.45美元）兴建") == ["7.58亿英镑"]
    assert texts("节省了２５亿坚戈（１美元约合７５·５坚戈）的开支") == ["２５亿"]
    assert texts("人民币汇率为１美元合８．０９元人民币") == []
    assert texts("损失约四亿英镑，约合六亿美元") == ["约四亿英镑", "约合六亿美元"]


def test_a_count_an_amount_is_compared_with_is_no_count() -> None:
    # 相当于 and 等于 before a count: what the amount is the size of, no count of anything
    assert texts("该厂的面积相当于47个足球场大") == []
    assert texts("其甲板面積相當於三個足球場那麼大") == []
    # money (a conversion), shares and multiples after them stay
    assert texts("骤跌２６０亿英镑（相当于４２０亿美元）") == ["２６０亿英镑", "４２０亿美元"]
    assert texts("产值相当于全国的97%，相当于３倍") == ["97%", "３倍"]


def test_an_approximate_pair_may_be_written_apart() -> None:
    # 四、五百 says 四五百 (400 to 500); 一、三十人 is no pair, so 三十人 stays alone
    q = one("致四、五百名放空的投資人")
    assert (q.text, q.min_value, q.max_value) == ("四、五百名", Decimal(400), Decimal(500))
    assert texts("一、三十人") == ["三十人"]


def test_a_bound_before_a_copula_sets_the_approx_outside_the_span() -> None:
    # 最低为3000元, 最高为5万元: at least / up to, and 最低 / 最高 stay the predicate's words
    lo, hi = find_quantities("最低為三千元，最高為五萬元")
    assert (lo.text, lo.approx, lo.min_value) == ("三千元", "at_least", Decimal(3000))
    assert (hi.text, hi.approx, hi.max_value) == ("五萬元", "up_to", Decimal(50000))


def test_below_zero_makes_the_number_negative() -> None:
    q = one("哈尔滨气温降到零下３０多摄氏度")
    assert (q.text, q.value, q.approx, q.min_value, q.max_value) == (
        "零下３０多摄氏度", Decimal(-30), "more_than", None, Decimal(-30))
    q = one("沈阳市气温有时达零下一二十摄氏度")
    assert (q.value, q.min_value, q.max_value) == (Decimal(-20), Decimal(-20), Decimal(-10))
    assert one("零点五米").value == Decimal("0.5")  # 零 alone is no sign


def test_bare_number_without_unit_or_magnitude_is_skipped() -> None:
    assert texts("平台注册用户110万，编号6995") == ["110万"]


# -- quotes -------------------------------------------------------------------------------


def test_quoted_arabic_with_unit_is_found() -> None:
    q = one("实现光宽和4G总体“双75%”覆盖")
    assert (q.value, q.unit, q.quoted) == (Decimal(75), "%", True)


def test_quoted_chinese_names_are_flagged() -> None:
    qs = find_quantities("实施“一个门户”“两个中心”“三个平台”“十大项目”的智慧建设")
    assert [(q.text, q.quoted) for q in qs] == [("两个", True), ("三个", True)]


def test_long_quotation_is_not_a_name() -> None:
    q = one("他说：“我们今年一共帮助了很多很多很多贫困户，总共投入了三千万元资金用于扶贫。”")
    assert q.value == Decimal(30000000)
    assert not q.quoted


# -- traditional script -------------------------------------------------------------------


def test_traditional_matches_simplified() -> None:
    trad = "扶貧工作惠及全國684個貧困縣、10.23萬貧困人口，累計捐款800餘萬元，兩次前往新疆"
    simp = "扶贫工作惠及全国684个贫困县、10.23万贫困人口，累计捐款800余万元，两次前往新疆"
    a, b = find_quantities(trad), find_quantities(simp)
    assert [(q.start, q.end, q.value, q.unit) for q in a] == [
        (q.start, q.end, q.value, q.unit) for q in b
    ]
    assert [q.value for q in a] == [Decimal(684), Decimal(102300), Decimal(8000000), Decimal(2)]


# -- a realistic paragraph -----------------------------------------------------------------

PARAGRAPH = (
    "截至8月底，陕西移动扶贫直接投入284.7万元，帮助引进的项目金额达到779.2万元，"
    "累计捐赠物资59.5万元。全省驻村工作队帮助当地政府举办培训达到78场次，累计培训超过"
    "3100人次，组织劳务输出达到1280人。2017年以来，中国电信直接帮助2.3万个建档立卡贫困户"
    "脱贫，在前三批电信普遍服务试点项目中已完成5万个行政村通光建设，完成率94%。"
)


def test_paragraph() -> None:
    got = [(q.text, q.value, q.unit) for q in find_quantities(PARAGRAPH)]
    assert got == [
        ("284.7万元", Decimal(2847000), "元"),
        ("779.2万元", Decimal(7792000), "元"),
        ("59.5万元", Decimal(595000), "元"),
        ("78场次", Decimal(78), "场次"),
        ("超过3100人次", Decimal(3100), "人次"),
        ("1280人", Decimal(1280), "人"),
        ("2.3万个", Decimal(23000), "个"),
        ("5万个", Decimal(50000), "个"),
        ("94%", Decimal(94), "%"),
    ]


def test_component_on_paragraph() -> None:
    nlp = spacy.blank("xx")
    nlp.add_pipe("zhkg_quantities")
    # segmented into coarse tokens so that quantities sit inside tokens (投入284.7万元)
    words, i = [], 0
    while i < len(PARAGRAPH):
        words.append(PARAGRAPH[i : i + 7])
        i += 7
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc._.simplified = PARAGRAPH
    doc._.content_ranges = [(0, PARAGRAPH.index("2017年"))]
    doc = nlp(doc)
    quantities = doc.spans["quantities"]
    assert [s.text for s in quantities] == [
        "284.7万元", "779.2万元", "59.5万元", "78场次", "超过3100人次", "1280人",
    ]
    for span in quantities:
        q = span._.quantity
        assert (span.start_char, span.end_char) == (q.start, q.end)
        assert span.label_ == "QUANTITY"
    assert [(s.text, s._.time.kind) for s in doc.spans["times"]] == [("截至8月底", "until")]
    assert doc.text == PARAGRAPH  # splitting tokens never changes the text


# -- properties -----------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("0123456789０１２３.,，%％-~至到余多万亿萬億")
    + list("十百千零〇一二两三四五六七八九个元人次")
    + list("年月日第前约超过以上左右下男女子米“”\"「」 ")
)
_TEXT = st.one_of(st.text(max_size=60), st.text(_ALPHABET, max_size=40))


def _check_invariants(text: str, q: Quantity) -> None:
    assert 0 <= q.start <= q.number_start < q.number_end <= q.end <= len(text)
    assert text[q.start : q.end] == q.text
    # the invariant: the numeral re-reads to the value (magnitude and infix hedge included,
    # 100余万 -> 1000000); a range re-reads to (min, max) and its value is the minimum; the
    # rules read the text without its invisible characters (8\u200b69万 is 869万)
    number = analysis_view(text[q.number_start : q.number_end]).text
    rules = load_rules()
    written = rules.variants.simplify(analysis_view(text[q.number_start : q.end]).text)
    factor = next((f for w, (_, f) in rules.scaled.items() if w in written), Decimal(1))
    if any(written.startswith(w) for w, u in rules.percent_words.items() if u in rules.scaled):
        factor = rules.scaled["‰"][1]
    half = Decimal("0.5") if q.text.endswith(rules.half) and q.unit in rules.article_exempt else 0
    # 五米八〇 = 5.80 米: the hundredths written after a length's unit (subunit_digits)
    rest = written.rpartition(q.unit)[2] if q.unit in rules.subunit_units else ""
    if rest:
        whole = "".join(str(rules.digits.get(c, c)) for c in rest)
        half = Decimal(int(unicodedata.normalize("NFKC", whole))).scaleb(-len(rest))
    # 零下 before the number negates it (零下3至10度: -10 to -3)
    lead = rules.variants.simplify(text[q.start : q.number_start])
    sign = -1 if lead.endswith(rules.below_zero) else 1
    rng = parse_range(number)
    if rng is not None and q.is_range:
        bounds = sorted((sign * rng[0] * factor, sign * rng[1] * factor))
        assert tuple(bounds) == (q.min_value, q.max_value)
        assert q.value == q.min_value
    elif rng is not None:  # two rising digits read one by one before % or MHz (一九%)
        digits = rules.variants.simplify(number)
        assert q.value == sign * Decimal("".join(str(rules.digits[c]) for c in digits))
    else:
        assert sign * (parse_number(number) * factor + half) == q.value
    assert str(q.value) == format(q.value, "f")  # never an exponent


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_find_quantities_never_raises_and_spans_hold(text: str) -> None:
    for q in find_quantities(text):
        _check_invariants(text, q)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parse_number_never_raises(s: str) -> None:
    v = parse_number(s)
    assert v is None or isinstance(v, Decimal)


@pytest.mark.parametrize("text", [PARAGRAPH, "投入869万元，百分之八十，3至5万元，-5%，２.８億多次"])
def test_invariants_on_examples(text: str) -> None:
    for q in find_quantities(text):
        _check_invariants(text, q)


# -- issue 13: the gaps found on unseen news (dev gold GUIDE.md conventions) ----------------


@pytest.mark.parametrize(
    ("text", "qtext", "value", "unit", "currency", "approx"),
    [
        # 兆 = 10^12 (Taiwan usage); as the SI prefix it only occurs in unit words
        ("外汇存底达1.2兆元", "1.2兆元", "1200000000000", "元", "CNY", None),
        ("装机容量300兆瓦", "300兆瓦", "300", "兆瓦", None, None),
        # 千伏 is a unit as 千瓦 is (People's Daily writes it as one word after a number)
        ("第二条500千伏环网", "500千伏", "500", "千伏", None, None),
        ("开发６４兆位动态随机存储器", "６４兆位", "64", "兆位", None, None),
        ("减税２兆日元", "２兆日元", "2000000000000", "日元", "JPY", None),
        # the world's currencies of People's Daily, with a code where the name has one
        ("菲律宾共吸引投资７０００亿比索", "７０００亿比索", "700000000000", "比索", None, None),
        ("达到２２１４亿林吉特", "２２１４亿林吉特", "221400000000", "林吉特", "MYR", None),
        ("节省开支七千七百万兰特", "七千七百万兰特", "77000000", "兰特", "ZAR", None),
        # a currency named before the number gives unit and currency
        ("投资新臺幣5000億元", "新臺幣5000億元", "500000000000", "新台币", "TWD", None),
        ("新台币3亿", "新台币3亿", "300000000", "新台币", "TWD", None),
        ("捐款人民币100万元", "人民币100万元", "1000000", "元", "CNY", None),
        # or right after the 元
        ("投資逾5000億元新台幣", "逾5000億元新台幣", "500000000000", "新台币", "TWD", "more_than"),
        ("捐出300萬元港幣", "300萬元港幣", "3000000", "港元", "HKD", None),
        ("售价100元人民币", "100元人民币", "100", "元", "CNY", None),
        # or by its sign, before the number or (＄, $) right after it
        ("投资US$5亿", "US$5亿", "500000000", "美元", "USD", None),
        ("投资$100万", "$100万", "1000000", "美元", "USD", None),
        ("售价$150", "$150", "150", "美元", "USD", None),
        ("投资HK$30亿", "HK$30亿", "3000000000", "港元", "HKD", None),
        ("投資NT$200億", "NT$200億", "20000000000", "新台币", "TWD", None),
        ("捐款￥500万", "￥500万", "5000000", "元", "CNY", None),
        ("捐款¥500万元", "¥500万元", "5000000", "元", "CNY", None),
        ("投资€20万", "€20万", "200000", "欧元", "EUR", None),
        ("票房5034万＄", "5034万＄", "50340000", "美元", "USD", None),
        # fractions and percentages written out
        ("９／１０的旧币将退出流通", "９／１０", "90", "%", None, None),
        ("占3/4", "3/4", "75", "%", None, None),
        ("约三分之一的农户", "约三分之一", "33.33", "%", None, "about"),
        ("增长百分之十五", "百分之十五", "15", "%", None, None),
        ("以资本额千分之一计算", "千分之一", "0.1", "%", None, None),
        # a small share keeps two significant digits rather than rounding to nothing
        ("几率是百万分之一", "百万分之一", "0.0001", "%", None, None),
        ("三百万分之一的机会", "三百万分之一", "0.000033", "%", None, None),
        ("超过二成", "超过二成", "20", "%", None, "more_than"),
        ("完成八成", "八成", "80", "%", None, None),
        ("提高5.5个百分点", "5.5个百分点", "5.5", "个百分点", None, None),
        # 廿, 卅, digits read one by one, dots as decimal points
        ("平均有卅四名性伴侣", "卅四名", "34", "名", None, None),
        ("经营廿年", "廿年", "20", "年", None, None),
        ("招考七五名导游", "七五名", "75", "名", None, None),
        ("中签率一九％", "一九％", "19", "%", None, None),
        ("接替Pentium2四五MHz", "四五MHz", "45", "MHz", None, None),
        ("二九億元個人減稅", "二九億元", "2900000000", "元", "CNY", None),
        ("P3（一GHz）", "一GHz", "1", "GHz", None, None),
        ("盈余一‧四七元", "一‧四七元", "1.47", "元", "CNY", None),
        ("成长率为二.八％", "二.八％", "2.8", "%", None, None),
        ("占总数的１８·５％", "１８·５％", "18.5", "%", None, None),
        ("持股５６８７﹒５萬股", "５６８７﹒５萬股", "56875000", "股", None, None),
        ("价值一億一千餘萬元", "一億一千餘萬元", "110000000", "元", "CNY", "more_than"),
        # vague amounts
        ("价值数百万美元的合约", "数百万美元", "1000000", "美元", "USD", "more_than"),
        ("上千人参加", "上千人", "1000", "人", None, "more_than"),
        ("还有几千家", "几千家", "1000", "家", None, "more_than"),
        ("数十万人", "数十万人", "100000", "人", None, "more_than"),
        ("十几个村", "十几个", "10", "个", None, "more_than"),
        ("资金不足万元", "不足万元", "10000", "元", "CNY", "up_to"),
        ("15岁以下", "15岁以下", "15", "岁", None, "up_to"),
        ("约50多人", "约50多人", "50", "人", None, "about"),
        ("造田近千亩", "近千亩", "1000", "亩", None, "about"),
        ("田阳县的万亩菜田", "万亩", "10000", "亩", None, None),
        # full-width digits, magnitudes before a unit that starts with a magnitude character
        ("装机１２３万千瓦", "１２３万千瓦", "1230000", "千瓦", None, None),
        ("百万千瓦级核电站", "百万千瓦", "1000000", "千瓦", None, None),
        # prices per unit, ages, durations
        ("每吨2000元", "2000元", "2000", "元", "CNY", None),
        ("三十岁的王小明", "三十岁", "30", "岁", None, None),
        ("仅仅用了两年", "两年", "2", "年", None, None),
        ("经过十几年艰苦努力", "十几年", "10", "年", None, "more_than"),
        ("百年开采", "百年", "100", "年", None, None),
        ("票据期限1年", "1年", "1", "年", None, None),
        ("为期一个月", "一个月", "1", "个月", None, None),
        # "，" between ASCII digits is a thousands separator before a group opening with 0
        ("成本已达到每吨4，000元", "4，000元", "4000", "元", "CNY", None),
        ("年产1，000，000吨", "1，000，000吨", "1000000", "吨", None, None),
        # 半 inside a unit that starts with its measure word: 两个半月 = 2.5 个月
        ("征订期为两个半月", "两个半月", "2.5", "个月", None, None),
        ("会议开了一个半小时", "一个半小时", "1.5", "小时", None, None),
        # 一 counts after a focus or sum adverb
        ("只剩一家", "一家", "1", "家", None, None),
    ],
)
def test_issue13_gaps(text: str, qtext: str, value: str, unit: str, currency: str | None,
                      approx: str | None) -> None:
    q = one(text)
    assert (q.text, q.value, q.unit, q.currency, q.approx) == (
        qtext, Decimal(value), unit, currency, approx)


@pytest.mark.parametrize(
    ("text", "lo", "hi", "unit"),
    [
        ("3至5倍", "3", "5", "倍"),
        ("1%至2%", "1", "2", "%"),
        ("０．７％至０．８％", "0.7", "0.8", "%"),
        ("两三条船", "2", "3", "条"),
        ("一两个国家", "1", "2", "个"),  # one or two, not 12
        ("五六个", "5", "6", "个"),
        ("三四万人", "30000", "40000", "人"),
        ("两三千元", "2000", "3000", "元"),
        ("3至5年", "3", "5", "年"),
    ],
)
def test_ranges_expose_both_bounds(text: str, lo: str, hi: str, unit: str) -> None:
    """A range gives one relation per bound in the gold; the quantity holds both."""
    q = one(text)
    assert (q.min_value, q.max_value, q.unit) == (Decimal(lo), Decimal(hi), unit)
    assert q.value == q.min_value


@pytest.mark.parametrize(
    "text",
    [
        "1998年",  # years, in digits or read digit by digit
        "一九九八年",
        "九七年",
        "二〇〇一年",
        "十年来",  # time expressions around N年
        "3年前",
        "80年代",
        "三年级",
        "1998年度",
        "下午3点",  # times of day
        "07:30",
        "第三",  # ordinals and ranks
        "首家",
        "名列第五位",
        "九五计划",  # plan names
        "“十三五”",
        "4G网络",  # codes
        "A股",
        "电话12345678",
        "一汽集团",  # names that contain numbers
        "三峡工程",
        "一台机器",  # 一 as the article
        "一条路",
        "大陆人士",  # financial digits alone are words
        "伍家岭",
        "参加会议",
        "毛主席万岁",
        "十字路口",
        "一成不变",
        "千万不要",
        "一条２兆的专线",  # bare 兆 may be the SI mega
    ],
)
def test_issue13_not_quantities(text: str) -> None:
    assert texts(text) == []


def test_range_values_and_hedged_bounds() -> None:
    r = one("增长3至5倍")
    assert r.is_range and r.values() == (Decimal(3), Decimal(5))
    single = one("超过3100人次")
    assert not single.is_range and single.values() == (Decimal(3100),)
    assert (single.min_value, single.max_value) == (Decimal(3100), None)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("过了一年半", "1.5", "年"), ("用了三天半", "3.5", "天")],
)
def test_half_after_a_unit_of_time(text: str, value: str, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit) == (Decimal(value), unit)


@pytest.mark.parametrize(
    "text",
    ["第一百二十四条", "６７１／６７２次列车", "九段棋手", "比上一年同期", "这一天", "不寻常的一年",
     "九年制义务教育", "五年期国库券", "偽造八十六年九月六日", "从八十七年開始",
     "逝世一周年之际", "建交40周年", "民國八十三年開辦", "民国五十六年，", "１９９７年的最后一天",
     "上半时最后５分钟", "季尾最後3周", "分列第二、三名", "對第一六一、一六三條修正案", "第2及3年",
     "夏练三伏", "危机四伏",
     # how rare an event is (N年一遇), not a span of years
     "一场３０年不遇的大雪", "达到五十年一遇的防洪标准", "遭受百年未遇的特大洪水",
     # drought nine years in ten, no span of ten years
     "土地贫瘠，十年九旱",
     # how long a journey takes, no figure of the place it leads to
     "30分钟车程就能抵达鳄鱼岛", "需要乘船一个小时", "约3个小时的车程便到达了",
     # a year that is key or important, the article
     "今年是完成“九五”计划的关键一年。", "是我国历史发展上的重要一年",
     # the time frame of a statement, no span of anything
     "争取两三年内彻底脱贫", "这家商场竟然在一周内卖完", "两天之内，就有大量资金外逃",
     "應當在四十八小時內安排會見",
     # a point that far away, a position
     "拉萨以北９０公里处的羊八井", "在距终线不到一米处", "走到３０多米处，他",
     "位于哈尔滨以东二百公里的冰雪胜地", "西村位于翼城县城东北２０公里的山上",
     "特拉维夫北部约30公里的海滨城市", "从铜像广场往北一百多米就是炭子冲",
     # the two sides of an exchange rate, either way round
     "（约３·８５林吉特合１美元）", "（１美元约合７５·５坚戈）",
     # a round of a tournament
     "在法国网球公开赛１／４决赛败北后",
     # a plan in steps, a slogan by its length
     "决定电力体制改革分两步走", "实现我国的三步走发展战略", "从严治党”的１６字方针",
     # a century or a millennium that qualifies a noun, no amount of years
     "一洗香港被侵占的百年耻辱", "这家百年老店正准备", "出席联合国千年首脑会议", "花盆难养万年松"],
)
def test_more_non_quantities_seen_in_peoples_daily(text: str) -> None:
    assert texts(text) == []


def test_a_distance_counts_elsewhere() -> None:
    assert texts("全长３０公里，用了两年一次性付清") == ["３０公里", "两年"]
    # a limit reached is a figure (以内), and a weight class stays an event after its hedge
    assert texts("等候时间由30分钟缩短到两分钟以内") == ["30分钟", "两分钟以内"]
    assert texts("散打王85公斤以上级冠军") == []
    # the extent of a region, east to west and north to south, is a figure
    assert texts("散布在东西１０００公里、南北４００公里的海域上") == ["１０００公里", "４００公里"]
    # a bare 百年 stays a span before 的, 之, 历史 or after 经过了, and 数百年 is vague
    assert texts("已有百年历史，有着千年的悠久历史，经过了百年奋斗，上千年的古树") == [
        "百年", "千年", "百年", "上千年"]


def test_full_width_comma_between_ascii_digits_stays_a_list_comma() -> None:
    # 分别为3，500吨: two numbers, of which only the second has a unit
    assert one("产量分别为3，500吨").value == Decimal("500")


def _quantities_of(words: list[str]) -> list[tuple[str, str]]:
    """(text, unit) of the quantities the component finds in ``words`` as the segmenter's
    tokens."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("zhkg_quantities")
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc._.simplified = doc.text
    return [(s.text, s._.quantity.unit) for s in nlp(doc).spans["quantities"]]


def test_a_measure_word_that_begins_a_word_measures_nothing() -> None:
    # 部 of 部分, 步 of 步枪: the word is what is counted or named, so no quantity
    assert _quantities_of(["黄金", "水道", "分成", "三", "部分"]) == []
    assert _quantities_of(["端起", "ＡＫ", "４７", "步枪"]) == []
    # the nouns of noun_units give the unit the count is in
    assert _quantities_of(["２００多万", "市民", "一起", "上阵"]) == [("２００多万市民", "人")]
    assert _quantities_of(["１４００万", "人口"]) == [("１４００万人口", "人")]
    # a measure word that is a word of its own, or glued to a mark, stays a measure word
    assert _quantities_of(["三", "部", "电影"]) == [("三部", "部")]
    assert _quantities_of(["产品", "114", "款,", "平台"]) == [("114款", "款")]
    # units of time are left alone (两年间: a span the gold counts)
    assert _quantities_of(["在", "短短", "的", "４", "年间"]) == [("４年", "年")]


def test_measure_words_in_words_as_the_pipeline_segments_them(nlp) -> None:
    doc = nlp("伊斯坦布尔被海峡分成三部分。北京市２００多万市民一起上阵，共３部电影上映。")
    assert [(s.text, s._.quantity.unit) for s in doc.spans["quantities"]] == [
        ("２００多万市民", "人"), ("３部", "部"),
    ]


def test_a_time_that_opens_inside_a_word_is_no_time(nlp) -> None:
    # 表|现在, 大年初一, 项目|前期, 日元: pieces of words the time rules read as 现在, 年初,
    # 目前 and a day (times until the forty-fifth session); 截至目前 opens a word
    doc = nlp("问题主要表现在三个方面。大年初一，各项目前期工作完成，日元兑美元为１·８４日元。")
    assert [s.text for s in doc.spans["times"]] == []
    doc = nlp("截至目前，全市完成投资３亿元。")
    assert [s.text for s in doc.spans["times"]] == ["截至目前"]


@pytest.mark.parametrize(
    ("text", "times"),
    [
        # a time that ends inside a word ends at the last word it holds where that reads as
        # one time, or is none; the rest of a word that is a position word (年间) stays out
        ("去年初步实现投资５亿元。", ["去年"]),
        ("１９９８年前景可观，投资５亿元。", ["１９９８年"]),
        ("这些年轻人投资５亿元。", []),
        ("周一清说，公司投资５亿元。", []),
        ("在过去的１５年间，该组织投资５亿元。", ["过去的１５年"]),
        # a day of the week is a time, with what comes before it
        ("中国电信上周五投资５亿元。", ["上周五"]),
        ("中国电信每周四上午投资５亿元。", ["每周四上午"]),
    ],
)
def test_a_time_ends_where_a_word_ends(nlp, text: str, times: list[str]) -> None:
    doc = nlp(text)
    assert [s.text for s in doc.spans["times"]] == times


@pytest.mark.parametrize(
    ("text", "quantities", "times"),
    [
        # a span of time inside a time expression says when the figures hold: no figure
        ("近两年，河南清理小汽车１４７４辆。", ["１４７４辆"], ["近两年"]),
        ("江苏省今年前5个月投资5亿元。", ["5亿元"], ["今年前5个月"]),
        ("江苏省决定：今明两年共压缩产量１０１万吨。", ["１０１万吨"], ["今明两年"]),
        ("江苏省计划三年内投资５亿元。", ["５亿元"], ["三年内"]),
        # unless a verb lasted it: 经过, 了, 为期, 有 … right before the expression
        ("该集团经过近２０年的努力，年产值达１．５亿元。", ["近２０年", "１．５亿元"],
         ["近２０年"]),
        ("在仪征链条厂干了近２０年的吴习洲下岗了。", ["近２０年"], ["近２０年"]),
        ("该校与驻军结成共建对子已有近６年的历史。", ["近６年"], ["近６年"]),
    ],
)
def test_a_span_of_time_that_a_time_holds_is_no_figure(
    nlp, text: str, quantities: list[str], times: list[str]
) -> None:
    doc = nlp(text)
    assert [s.text for s in doc.spans["quantities"]] == quantities
    assert [s.text for s in doc.spans["times"]] == times


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a hedge of more inside a unit that opens with the measure word, or after a unit of
        # time: more than so many (两个多月 had been 2 个, 一年多 1 年 with no hedge)
        ("持续了两个多月", [("两个多月", "2", "个月", "more_than")]),
        ("用了３个多小时", [("３个多小时", "3", "小时", "more_than")]),
        ("历时一年多的谈判", [("一年多", "1", "年", "more_than")]),
        ("一个多星期", [("一个多星期", "1", "周", "more_than")]),
        ("比前年增加1倍多", [("1倍多", "1", "倍", "more_than")]),
        ("同比增长了四成多", [("四成多", "40", "%", "more_than")]),
        # a time, or 多 a word of its own: no hedge
        ("两个多月来，全市", []),
        ("连续３年多次获奖", [("３年", "3", "年", None)]),
        ("１９９６年多４４９人", [("４４９人", "449", "人", None)]),
    ],
)
def test_a_hedge_inside_or_after_a_unit(text: str, found: list) -> None:
    assert [(q.text, str(q.value), q.unit, q.approx) for q in find_quantities(text)] == found


@pytest.mark.parametrize(
    "text, found",
    [
        # the number after 每 is what a rate is counted over; the figure is the one after it
        ("全市平均每百人拥有移动电话６部", [("６部", "6", "部")]),
        ("每千顆單價五百六十二美元", [("五百六十二美元", "562", "美元")]),
        ("每10万人口中有医生50名", [("50名", "50", "名")]),
        # no figure after it in its clause: a figure of its own
        ("每两年颁发一次，每次不超过５０人", [("两年", "2", "年"), ("不超过５０人", "50", "人")]),
        # 每 with no number before the figure: a price per unit, as the guide has it
        ("每吨2000元，共3000吨", [("2000元", "2000", "元"), ("3000吨", "3000", "吨")]),
    ],
)
def test_the_base_of_a_rate_is_no_figure(text: str, found: list[tuple[str, str, str]]) -> None:
    assert [(q.text, str(q.value), q.unit) for q in find_quantities(text)] == found
