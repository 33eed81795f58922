"""duties.foreign, the duties section extractor and the unit-type profiles."""
from __future__ import annotations

from pathlib import Path


from checks.context import CheckContext
from checks.profiles import score_duties, unit_type
from checks.rules.duties import duties_foreign, foreign_type
from extract.understand.duties import duties_text
from jixiao.model import Document, Location, Paragraph

FIXTURES = Path(__file__).parent / "fixtures"


def test_duties_text_xuanchuan_ten_items(xuanchuan_ctx: CheckContext) -> None:
    found = duties_text(xuanchuan_ctx.doc)
    assert found is not None
    text, loc = found
    assert text.startswith("（一）开展救援、救灾的相关工作")
    assert text.rstrip().endswith("县红十字会监事会履行对理事会、执委会的监督职责。")
    assert "年度绩效目标" not in text
    assert loc.attachment == "附件4"


def test_duties_text_xinfang_inline(xinfang_ctx: CheckContext) -> None:
    found = duties_text(xinfang_ctx.doc)
    assert found is not None
    text, loc = found
    assert text.startswith("1、负责处理上级领导机关统转信件")
    assert text.endswith("6、承办区委、区政府交办的其他事项。")
    assert loc.attachment == "附件3"


def test_unit_type_from_name() -> None:
    assert unit_type("中共麻阳苗族县委宣传部") == "xuanchuan"
    assert unit_type("区信访局") == "xinfang"
    assert unit_type("麻阳苗族自治县红十字会") == "hongshizi"
    assert unit_type("某某有限公司") is None


def test_xuanchuan_duties_are_red_cross(xuanchuan_ctx: CheckContext) -> None:
    found = list(duties_foreign(xuanchuan_ctx))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert "红十字会" in f.message and "宣传部" in f.message
    assert any("无偿献血" in e.text for e in f.evidence)


def test_xinfang_duties_fit(xinfang_ctx: CheckContext) -> None:
    assert list(duties_foreign(xinfang_ctx)) == []
    text, _ = duties_text(xinfang_ctx.doc)
    assert score_duties(text)[0][0] == "xinfang"


def test_own_duties_with_a_few_foreign_words_not_flagged() -> None:
    text = "负责全县宣传思想文化工作，指导意识形态、精神文明建设和新闻出版，组织开展志愿服务和应急救护知识宣传。"
    assert foreign_type("县委宣传部", text) is None


def test_unknown_unit_type_is_silent() -> None:
    loc = Location(attachment="附件3")
    doc = Document("t.docx", "docx", [
        Paragraph("填报单位：某某有限公司", loc.at(paragraph=1)),
        Paragraph("（二）主要职责", loc.at(paragraph=2), heading_level=2),
        Paragraph("开展应急救护培训，推动无偿献血、遗体和人体器官捐献，组织红十字志愿服务，参加国际人道主义救援。", loc.at(paragraph=3)),
    ])
    assert list(duties_foreign(CheckContext(doc))) == []


def test_culture_and_tourism_bureau_with_a_librarys_duties() -> None:
    own = ("贯彻落实文化和旅游工作方针政策，拟订全县文化和旅游发展规划并组织实施；统筹推进公共文化服务体系建设和旅游业发展；"
           "负责非物质文化遗产保护和文物保护工作；指导文化和旅游市场综合执法；开发旅游资源，推进全域旅游和景区创建。")
    assert unit_type("某县文化和旅游局") == "wenlv" and foreign_type("某县文化和旅游局", own) is None
    library = ("收集、整理和保存文献信息资源；提供图书借阅、文献检索和参考咨询服务，实行免费开放；开展全民阅读推广和公益讲座等读者活动；"
               "指导乡镇综合文化站和村图书室业务工作。")
    hit = foreign_type("某县文化和旅游局", library)
    assert hit is not None and hit[0] == "tushuguan"
