"""Corpus store, similarity index and cross-document rules, on records built here."""
from __future__ import annotations

import sqlite3

import pytest

from corpus import similarity
from corpus.cross_rules import agree, cross_findings
from corpus.store import MIGRATIONS, SCHEMA_VERSION, CorpusError, CorpusStore, IndexedText, indexable_texts
from jixiao.model import DocumentResult, Evidence, Finding, Location

DUTIES = (
    "贯彻执行党和国家关于档案工作的方针政策和法律法规，拟订全区档案事业发展规划并组织实施；"
    "负责全区档案工作的统筹规划、组织协调、监督指导；负责收集、整理、保管和利用本区重要档案资料；"
    "组织开展档案信息化建设和数字档案馆建设，推进档案资源共享；负责档案安全保护和应急管理工作；"
    "承办区委、区政府交办的其他事项。"
)
OTHER_DUTIES = (
    "负责处理上级领导机关统转信件，接待人民群众来信来访；向乡镇、街道和区直部门交办信访事项，"
    "督促检查交办事项的处理落实情况；研究分析信访形势，向区委区政府提出改进工作的建议；"
    "协调处理跨地区、跨部门的重要信访问题，参与调处重大群体性事件。"
)
NARRATIVE = (
    "本年度我单位严格按照预算批复执行，加强资金管理，规范支出程序，确保各项经费使用合规有效，"
    "全年未发生违规使用资金的情况，各项绩效目标基本完成，社会效益和经济效益明显。"
)


def add(store: CorpusStore, path: str, unit: str | None, year: int | None, duties: str = "",
        paragraphs: list[tuple[str, str]] | None = None, facts: list[dict] | None = None,
        findings: list[Finding] | None = None, error: str | None = None) -> int:
    result = DocumentResult(path=path, unit=unit, year=year, error=error, findings=findings or [])
    return store.record(result, sha256=f"sha-{path}", facts=facts or [],
                        texts=indexable_texts(duties, paragraphs or []))


@pytest.fixture
def store(tmp_path):
    with CorpusStore(tmp_path / "c.sqlite") as s:
        yield s


def _rules(found, doc_id, rule="duties.copied"):
    return [f for f in found.get(doc_id, []) if f.rule == rule]


def test_copied_duties_flagged_on_both_documents_naming_the_other(store):
    a = add(store, "in/dangan-2020.docx", "区档案馆", 2020, DUTIES)
    copied = DUTIES.replace("全区", "全县").replace("区委、区政府", "县委、县政府")
    b = add(store, "in/shiyan-2020.docx", "县实验中学", 2020, copied)
    found = cross_findings(store, [b])
    (fa,), (fb,) = _rules(found, a), _rules(found, b)
    assert fa.severity == fb.severity == "warning"
    assert "「in/shiyan-2020.docx」（县实验中学）" in fa.message and fa.message.startswith("主要职能与")
    assert "「in/dangan-2020.docx」（区档案馆）" in fb.message
    assert "相似度" in fb.message
    assert fb.evidence[0].text.startswith(copied[:20]) and fb.evidence[0].location.label() == "主要职能"
    assert fb.evidence[0].location.file == "in/shiyan-2020.docx"


def test_same_unit_in_another_year_is_not_flagged(store):
    add(store, "in/dangan-2019.docx", "区档案馆", 2019, DUTIES, [(NARRATIVE, "附件3 · 第2段")])
    b = add(store, "in/dangan-2020.docx", "区档案馆", 2020, DUTIES, [(NARRATIVE, "附件3 · 第2段")])
    assert store.matches(b), "the texts are near-duplicates, so the index must have matched them"
    assert not any(f.rule == "duties.copied" for fs in cross_findings(store, [b]).values() for f in fs)


def test_unrelated_duties_are_not_flagged(store):
    add(store, "in/dangan-2020.docx", "区档案馆", 2020, DUTIES)
    b = add(store, "in/xinfang-2020.docx", "区信访局", 2020, OTHER_DUTIES)
    assert cross_findings(store, [b]) == {}


def test_copied_narrative_paragraph_is_flagged(store):
    a = add(store, "a.docx", "区档案馆", 2020, DUTIES, [(NARRATIVE, "附件3 · 二、 · 第2段")])
    b = add(store, "b.docx", "区信访局", 2020, OTHER_DUTIES, [(NARRATIVE.replace("我单位", "我局"), "附件3 · 第4段")])
    found = cross_findings(store, [b])
    (fb,) = _rules(found, b)
    assert fb.message.startswith("1 段叙述与「a.docx」（区档案馆）") and fb.severity == "warning"
    assert fb.evidence[0].location.label() == "附件3 · 第4段"
    assert _rules(found, a)


def test_boilerplate_shared_by_five_units_is_info(store):
    ids = [add(store, f"u{i}.docx", f"单位{i}", 2020, "", [(NARRATIVE, "第1段")]) for i in range(5)]
    found = cross_findings(store, [ids[-1]])
    (own,) = _rules(found, ids[-1])
    assert own.severity == "info" and "至少 4 个其他单位" in own.message and "通用表述" in own.message
    assert own.evidence[0].location.label() == "第1段"


def test_form_notes_are_not_indexed():
    note = "说明：“项目支出”需要填报除专项资金和基本支出以外的所有项目情况，包括业务工作项目、运行维护项目等；“公用经费”填报基本支出中的一般商品和服务支出。"
    kinds = [t.kind for t in indexable_texts(DUTIES, [(note, "附件2"), (NARRATIVE, "附件3"), ("短句。", "附件3")])]
    assert kinds == ["duties", "paragraph"]


def test_unknown_unit_is_not_flagged(store):
    add(store, "a.docx", "区档案馆", 2020, DUTIES)
    b = add(store, "b.docx", None, 2020, DUTIES)
    assert cross_findings(store, [b]) == {}


def test_lsh_buckets_are_looked_up_through_an_index(store):
    plan = " ".join(str(r) for r in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT text_id FROM lsh_buckets WHERE bucket = ? LIMIT 64", (1,)))
    assert "USING" in plan and ("PRIMARY KEY" in plan or "INDEX" in plan), plan


def test_near_duplicates_share_a_band_and_unrelated_texts_do_not():
    keys = set(similarity.text_keys(DUTIES))
    assert keys & set(similarity.text_keys(DUTIES.replace("全区", "全县")))
    assert not keys & set(similarity.text_keys(OTHER_DUTIES))
    assert len(similarity.minhash(similarity.normalise(DUTIES))) == similarity.NUM_PERM


# --------------------------------------------------------------------------- figure.mismatch across years

def _final(subject: str, period: str, value: float, text: str, decimals: int, measure: str) -> dict:
    return {"subject": subject, "measure": measure, "period": period, "value": value, "text": text,
            "decimals": decimals, "location": "附件2 · 表1 · 第3行第4列"}


def test_prior_year_final_differs_from_last_years_report(store):
    old = add(store, "in/xinfang-2019.docx", "区信访局", 2019,
              facts=[_final("sangong", "2019决算", 0.35, "0.35", 2, "final_cur")])
    new = add(store, "in/xinfang-2020.docx", "区信访局", 2020,
              facts=[_final("sangong", "2019决算", 0.28, "0.28", 2, "final_prev"),
                     _final("sangong", "2020决算", 0.20, "0.20", 2, "final_cur")])
    for seeds in ([new], [old]):  # whichever year is screened second
        found = cross_findings(store, seeds)
        assert list(found) == [new]
        (f,) = found[new]
        assert f.rule == "figure.mismatch" and f.severity == "error"
        assert "「in/xinfang-2019.docx」" in f.message and "0.28万元" in f.message and "0.35万元" in f.message
        assert "三公经费" in f.message
        assert [e.location.file for e in f.evidence] == ["in/xinfang-2020.docx", "in/xinfang-2019.docx"]


@pytest.mark.parametrize("stated,previous", [
    (("0.28", 0.28, 2), ("0.280", 0.28, 3)),
    (("2800元", 0.28, 0), ("0.28", 0.28, 2)),
    (("0.3", 0.3, 1), ("0.28", 0.28, 2)),  # 0.3 written to one decimal covers 0.25–0.35
])
def test_prior_year_finals_agreeing_at_written_precision_are_not_flagged(store, stated, previous):
    add(store, "a-2019.docx", "区信访局", 2019, facts=[_final("public_funds", "2019决算", previous[1], previous[0],
                                                             previous[2], "final_cur")])
    new = add(store, "a-2020.docx", "区信访局", 2020, facts=[_final("public_funds", "2019决算", stated[1], stated[0],
                                                                stated[2], "final_prev")])
    assert cross_findings(store, [new]) == {}


def test_agree_is_strict_beyond_half_a_unit():
    assert not agree({"value": 0.28, "text": "0.28", "decimals": 2}, {"value": 0.29, "text": "0.29", "decimals": 2})
    assert agree({"value": 0.28, "text": "0.28", "decimals": 2}, {"value": 0.285, "text": "0.285", "decimals": 3})


def test_other_units_years_are_not_compared(store):
    add(store, "a-2019.docx", "区档案馆", 2019, facts=[_final("sangong", "2019决算", 0.35, "0.35", 2, "final_cur")])
    new = add(store, "b-2020.docx", "区信访局", 2020, facts=[_final("sangong", "2019决算", 0.28, "0.28", 2, "final_prev")])
    assert cross_findings(store, [new]) == {}


# --------------------------------------------------------------------------- groups

def test_files_of_one_submission_are_grouped_and_totals_compared(store):
    total = lambda v: [{"subject": "total_score", "measure": "score", "period": None, "value": v,  # noqa: E731
                        "text": f"{v:g}分", "decimals": 0, "location": "附件3"}]
    a = add(store, "sub/main.docx", "区信访局", 2020, facts=total(96))
    b = add(store, "sub/attachment5.docx", "区信访局", 2020, facts=total(86))
    found = cross_findings(store, [a])
    for doc in (a, b):
        (g,) = _rules(found, doc, "submission.group")
        assert g.severity == "info" and "main.docx" in g.message and "attachment5.docx" in g.message
        assert _rules(found, doc, "score.total_mismatch")
    assert cross_findings(store, [a], ignore=["submission", "score"]) == {}


# --------------------------------------------------------------------------- store

def test_record_is_one_transaction(store):
    bad = IndexedText("bogus", DUTIES, "x", similarity.text_keys(DUTIES))  # violates the kind CHECK
    with pytest.raises(sqlite3.IntegrityError):
        store.record(DocumentResult(path="a.docx", unit="u", year=2020), "sha-a", texts=[bad],
                     facts=[{"subject": "sangong", "value": 1.0}])
    assert store.count() == 0
    assert store.conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0] == 0


def test_findings_round_trip_with_locations(store):
    loc = Location(file="a.docx", attachment="附件3", table=2, table_title="评分表", row=3, col=4)
    f = Finding("score.sum_mismatch", "error", "合计不符", (Evidence("86", loc),))
    doc = add(store, "a.docx", "区信访局", 2020, findings=[f])
    assert store.load_result(doc).findings == [f]


def test_replace_keeps_one_row_per_file(store):
    add(store, "a.docx", "区档案馆", 2020, DUTIES)
    store.record(DocumentResult(path="a.docx", unit="区档案馆", year=2021), "sha-a.docx", replace=True)
    assert store.count() == 1 and store.lookup("sha-a.docx").year == 2021
    assert store.conn.execute("SELECT COUNT(*) FROM lsh_buckets").fetchone()[0] == 0


def test_migration_from_version_1_backfills_the_similarity_index(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    for i, (unit, text) in enumerate([("区档案馆", DUTIES), ("县实验中学", DUTIES.replace("全区", "全县"))]):
        conn.execute("INSERT INTO documents(id, path, sha256, unit, year, checked_at) VALUES (?, ?, ?, ?, 2020, 'x')",
                     (i + 1, f"{i}.docx", f"s{i}", unit))
        conn.execute("INSERT INTO texts(document_id, kind, text, location) VALUES (?, 'duties', ?, '主要职能')",
                     (i + 1, text))
    conn.close()
    with CorpusStore(path) as store:
        assert store.version == SCHEMA_VERSION > 1
        assert store.count() == 2
        found = cross_findings(store, [2])
        assert _rules(found, 1) and _rules(found, 2)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(CorpusError, match="更新版本"):
        CorpusStore(path)


def test_database_is_in_wal_mode(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_template_in_many_reports_keeps_matches_bounded(store):
    from corpus.store import MAX_MATCHES

    n = 40
    ids = [add(store, f"u{i}.docx", f"单位{i}", 2020, "", [(NARRATIVE, "第1段")]) for i in range(n)]
    rows = store.conn.execute("SELECT COUNT(*) FROM text_matches").fetchone()[0]
    assert rows <= 2 * MAX_MATCHES * n
    found = cross_findings(store, ids)
    assert all(len(found[d]) == 1 and found[d][0].severity == "info" for d in ids)


def test_documents_remember_the_tool_version(store):
    store.record(DocumentResult(path="a.docx", unit="区档案馆", year=2020), "sha-a", tool_version="0.1.0+abc")
    assert store.lookup("sha-a").tool_version == "0.1.0+abc"


def test_migration_from_version_2_keeps_rows_with_unknown_tool_version(tmp_path):
    from corpus.store import _index_text

    path = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](conn)
    MIGRATIONS[1](conn)
    conn.execute("PRAGMA user_version = 2")
    for i, (unit, text) in enumerate([("区档案馆", DUTIES), ("县实验中学", DUTIES.replace("全区", "全县"))]):
        conn.execute("INSERT INTO documents(id, path, sha256, unit, year, checked_at) VALUES (?, ?, ?, ?, 2020, 'x')",
                     (i + 1, f"{i}.docx", f"s{i}", unit))
        conn.execute("INSERT INTO findings VALUES (?, 'score.sum_mismatch', 'error', '合计不符', '[]')", (i + 1,))
        text_id = conn.execute("INSERT INTO texts(document_id, kind, text, location) VALUES (?, 'duties', ?, '主要职能')",
                               (i + 1, text)).lastrowid
        _index_text(conn, text_id, i + 1, text, similarity.text_keys(text))
    conn.close()
    with CorpusStore(path) as store:
        assert store.version == SCHEMA_VERSION >= 3
        assert store.count() == 2
        assert store.lookup("s0").tool_version is None and store.lookup("s1").unit == "县实验中学"
        assert [f.rule for f in store.load_result(1).findings] == ["score.sum_mismatch"]
        found = cross_findings(store, [2])
        assert _rules(found, 1) and _rules(found, 2)


def test_tool_version_names_the_package_and_hashes_rules_and_data():
    from corpus.version import package_version, tool_version

    v = tool_version()
    assert v.startswith(package_version() + "+") and len(v.split("+")[1]) == 12
    assert v == tool_version()


def test_duties_with_a_tenth_of_the_characters_changed_are_still_found(store):
    # 13 of 137 normalised characters replaced in seven places: fuzz.ratio 90.5, shingle Jaccard 0.55.
    # At that Jaccard 20 bands of 3 rows make it a candidate with probability 0.98 (10 × 5 would: 0.41).
    edited = (DUTIES.replace("全区", "全县").replace("区委、区政府", "县委、县政府").replace("数字档案馆", "智慧档案馆")
              .replace("应急管理", "风险防控").replace("统筹规划", "总体谋划"))
    a, b = similarity.normalise(DUTIES), similarity.normalise(edited)
    assert 0.09 <= sum(x != y for x, y in zip(a, b)) / len(a) <= 0.11 and len(a) == len(b)
    assert similarity.similar(a, b) >= similarity.MATCH_RATIO
    first = add(store, "in/dangan-2020.docx", "区档案馆", 2020, DUTIES)
    second = add(store, "in/wenshu-2020.docx", "县文书档案中心", 2020, edited)
    found = cross_findings(store, [second])
    (fa,), (fb,) = _rules(found, first), _rules(found, second)
    assert fb.message.startswith("主要职能与「in/dangan-2020.docx」") and fa.severity == fb.severity == "warning"


def test_bucket_keys_are_stable_on_disk():
    # Keys are stored in corpora: a change of shingling, hashing or BANDS × ROWS needs a migration.
    assert (similarity.BANDS, similarity.ROWS) == (20, 3)
    assert similarity.text_keys(DUTIES)[:3] == [8485878908909702259, 4715202632524328380, 7696527685269770433]


def test_full_buckets_are_not_joined_and_templates_are_not_pointed_back_at_forever(store):
    from corpus.store import BUCKET_LIMIT, MAX_REVERSE

    n = BUCKET_LIMIT + 8
    ids = [add(store, f"u{i}.docx", f"单位{i}", 2020, "", [(NARRATIVE, "第1段")]) for i in range(n)]
    per_bucket = store.conn.execute("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM lsh_buckets GROUP BY bucket)")
    assert per_bucket.fetchone()[0] == BUCKET_LIMIT
    per_text = store.conn.execute("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM text_matches GROUP BY text_id)")
    assert per_text.fetchone()[0] == MAX_REVERSE
    found = cross_findings(store, [ids[0], ids[-1]])
    assert all(len(found[d]) == 1 and found[d][0].severity == "info" for d in (ids[0], ids[-1]))


def _index_rows(store: CorpusStore) -> tuple[list, list]:
    buckets = store.conn.execute("SELECT bucket, text_id FROM lsh_buckets ORDER BY 1, 2").fetchall()
    matches = store.conn.execute("SELECT text_id, other_text_id, round(ratio, 6) FROM text_matches ORDER BY 1, 2")
    return buckets, matches.fetchall()


def _many_reports(store: CorpusStore, forget: bool) -> None:
    """Templates (full buckets), copies between two units, unique texts, and a forced re-check."""
    from corpus.store import BUCKET_LIMIT

    copy = DUTIES.replace("全区", "全县")
    for i in range(BUCKET_LIMIT + 12):
        if forget:
            store._memory.forget()
        own = f"第{i}号单位负责本辖区第{i}类专项事务的组织实施、监督检查和考核评价工作，并承担相关统计分析与信息报送任务。" * 2
        paragraphs = [(NARRATIVE, "第1段"), (own, "第2段")]
        add(store, f"u{i}.docx", f"单位{i}", 2020, DUTIES if i % 3 else copy, paragraphs)
    if not forget:
        assert store._memory.full and store._memory.holding and store._memory.texts
    result = DocumentResult(path="u5.docx", unit="单位5", year=2020)
    store.record(result, "sha-u5.docx", texts=indexable_texts(copy, [(NARRATIVE, "第1段")]), replace=True)


def test_what_the_writer_remembers_never_changes_what_is_stored(tmp_path):
    # IndexMemory answers look-ups for full buckets and known texts; a store forgetting it before
    # every document must write exactly the same buckets and matches.
    with CorpusStore(tmp_path / "remembering.sqlite") as remembering, \
            CorpusStore(tmp_path / "forgetting.sqlite") as forgetting:
        _many_reports(remembering, forget=False)
        _many_reports(forgetting, forget=True)
        assert _index_rows(remembering) == _index_rows(forgetting)
        assert len(_index_rows(remembering)[1]) > 100


def test_a_forced_recheck_forgets_what_the_writer_remembered(store):
    add(store, "a.docx", "区档案馆", 2020, DUTIES)
    assert store._memory.holding
    store.record(DocumentResult(path="a.docx", unit="区档案馆", year=2020), "sha-a.docx", replace=True)
    assert not store._memory.holding and not store._memory.texts


def test_evidence_roles_and_spans_survive_the_corpus(store):
    ev = (Evidence("合计 100", Location(file="a.docx", table=2, row=3, col=4), role="total", span=(3, 6)),
          Evidence("分项 90", Location(file="a.docx", section="五、", paragraph=2)))
    doc = store.record(DocumentResult(path="a.docx", findings=[Finding("sum.mismatch", "error", "不符", ev)]),
                       "sha-a")
    (loaded,) = store.load_result(doc).findings
    assert loaded.evidence == ev


def test_a_documents_own_texts_fill_a_bucket_in_turn(store):
    from corpus.store import BUCKET_LIMIT

    for i in range(BUCKET_LIMIT - 1):
        add(store, f"u{i}.docx", f"单位{i}", 2020, "", [(NARRATIVE, "第1段")])
    variant = NARRATIVE.replace("社会效益", "社会影响")
    assert set(similarity.text_keys(NARRATIVE)) & set(similarity.text_keys(variant))
    add(store, "last.docx", "末位单位", 2020, "", [(NARRATIVE, "第1段"), (variant, "第5段")])
    per_bucket = store.conn.execute("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM lsh_buckets GROUP BY bucket)")
    assert per_bucket.fetchone()[0] == BUCKET_LIMIT
