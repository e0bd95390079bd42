//! Behaviour of the search index: Chinese recall, boosts, exact identifiers, filters, paging,
//! ordering, removal, highlighting and recovery from a damaged index directory.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use gongkai_search::{OpenOutcome, Query, SearchDoc, SearchIndex, corpus};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn doc(id: i64, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        id,
        index_number: format!("11350421MB0001234X/2024-{id:05}"),
        title: title.to_owned(),
        doc_number: None,
        agency_id: 1,
        agency_name: "示例县人民政府办公室".to_owned(),
        category: "综合政务\\政务公开".to_owned(),
        genre: "通知".to_owned(),
        validity: "有效".to_owned(),
        published_on: date(2024, 1, 1) + chrono::Days::new(id as u64),
        body: body.to_owned(),
        attachments_text: String::new(),
        url: format!("/xxgk/1/{id}.html"),
    }
}

fn q(text: &str) -> Query {
    Query { q: Some(text.to_owned()), page: 1, per_page: 20, ..Query::default() }
}

fn ids(index: &SearchIndex, query: &Query) -> Vec<i64> {
    index.search(query).unwrap().items.iter().map(|h| h.id).collect()
}

fn index_with(docs: Vec<SearchDoc>) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(docs).unwrap();
    index
}

fn sample() -> SearchIndex {
    index_with(vec![
        doc(1, "关于进一步优化营商环境的若干措施", "为持续优化营商环境，激发市场主体活力，制定本措施。"),
        doc(2, "关于做好2024年耕地地力保护补贴发放工作的通知", "补贴资金通过“一卡通”发放到户。"),
        doc(3, "示例县政府信息公开工作年度报告", "根据《中华人民共和国政府信息公开条例》要求，编制本报告。"),
        doc(4, "关于开展森林防火专项检查的通知", "各乡镇要加强巡山护林，严防森林火灾。"),
    ])
}

#[test]
fn words_inside_longer_phrases_are_found() {
    let index = sample();
    assert_eq!(ids(&index, &q("营商")), vec![1]);
    assert_eq!(ids(&index, &q("补贴")), vec![2]);
    assert_eq!(ids(&index, &q("地力保护")), vec![2]);
    assert_eq!(ids(&index, &q("中华人民共和国")), vec![3]);
    assert_eq!(ids(&index, &q("政府信息公开条例")), vec![3]);
    assert_eq!(ids(&index, &q("巡山")), vec![4]);
    assert!(ids(&index, &q("高铁")).is_empty());
}

#[test]
fn words_are_anded() {
    let index = sample();
    assert_eq!(ids(&index, &q("森林防火 检查")), vec![4]);
    assert!(ids(&index, &q("森林防火 补贴")).is_empty());
}

#[test]
fn title_outranks_body() {
    let filler = "本通知涉及多项工作。".repeat(5);
    let index = index_with(vec![
        doc(1, "关于做好秋季工作的通知", &format!("{filler}其中包括垃圾分类宣传。{filler}")),
        doc(2, "关于推进生活垃圾分类的通知", &filler),
    ]);
    assert_eq!(ids(&index, &q("垃圾分类")), vec![2, 1]);
}

#[test]
fn exact_index_number_comes_first() {
    let docs: Vec<SearchDoc> = corpus::generate(42, 300).collect();
    let target = docs[123].clone();
    let index = index_with(docs);
    let hits = index.search(&q(&target.index_number)).unwrap();
    assert_eq!(hits.items[0].id, target.id);
    // Lower case and stray spaces still match.
    let sloppy = format!(" {} ", target.index_number.to_lowercase());
    assert_eq!(index.search(&q(&sloppy)).unwrap().items[0].id, target.id);
}

#[test]
fn exact_doc_number_comes_first_whatever_the_brackets() {
    let docs: Vec<SearchDoc> = corpus::generate(42, 300).collect();
    let target = docs.iter().find(|d| d.doc_number.is_some()).unwrap().clone();
    let number = target.doc_number.clone().unwrap();
    let index = index_with(docs);
    assert_eq!(index.search(&q(&number)).unwrap().items[0].id, target.id);
    let square = number.replace('〔', "[").replace('〕', "]");
    assert_eq!(index.search(&q(&square)).unwrap().items[0].id, target.id);
    assert_eq!(index.search(&q(&square)).unwrap().items[0].doc_number.as_deref(), Some(number.as_str()));
}

#[test]
fn filters_agency_set_category_year_validity() {
    let mut docs = Vec::new();
    for id in 1..=12 {
        let mut d = doc(id, "关于做好补贴发放工作的通知", "补贴按时发放。");
        d.agency_id = id % 4;
        d.category = if id % 2 == 0 {
            "农业、林业、水利\\农业、畜牧业、渔业"
        } else {
            "财政、金融、审计\\财政"
        }
        .to_owned();
        d.published_on = date(2020 + (id % 3) as i32, 5, 1);
        d.validity = if id % 5 == 0 { "废止" } else { "有效" }.to_owned();
        docs.push(d);
    }
    let index = index_with(docs);
    let mut by_agency = Query { agencies: Some(vec![1, 2]), ..q("补贴") };
    let mut got = ids(&index, &by_agency);
    got.sort_unstable();
    assert_eq!(got, vec![1, 2, 5, 6, 9, 10]);
    by_agency.agencies = Some(vec![]);
    assert!(ids(&index, &by_agency).is_empty());

    let parent = Query { category: Some("农业、林业、水利".to_owned()), ..q("补贴") };
    assert_eq!(index.search(&parent).unwrap().total, 6);
    let child = Query {
        category: Some("农业、林业、水利\\农业、畜牧业、渔业".to_owned()), ..q("补贴")
    };
    assert_eq!(index.search(&child).unwrap().total, 6);

    let year = Query { year: Some(2021), ..q("补贴") };
    let mut got = ids(&index, &year);
    got.sort_unstable();
    assert_eq!(got, vec![1, 4, 7, 10]);

    let repealed =
        Query { validity: Some("废止".to_owned()), ..Query { page: 1, per_page: 20, ..Query::default() } };
    let mut got = ids(&index, &repealed);
    got.sort_unstable();
    assert_eq!(got, vec![5, 10]);
}

#[test]
fn paging_with_total() {
    let docs: Vec<SearchDoc> =
        (1..=25).map(|i| doc(i, &format!("关于第{i}批补贴的公示"), "公示期五个工作日。")).collect();
    let index = index_with(docs);
    let mut seen = Vec::new();
    for page in 1..=3 {
        let hits = index.search(&Query { page, per_page: 10, ..q("补贴") }).unwrap();
        assert_eq!(hits.total, 25);
        assert_eq!(hits.items.len(), if page < 3 { 10 } else { 5 });
        seen.extend(hits.items.iter().map(|h| h.id));
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 25);
    assert!(index.search(&Query { page: 4, per_page: 10, ..q("补贴") }).unwrap().items.is_empty());
}

#[test]
fn newest_first_without_words() {
    let mut docs: Vec<SearchDoc> = (1..=6).map(|i| doc(i, "通知", "内容")).collect();
    docs[0].published_on = date(2026, 1, 1);
    docs[3].published_on = date(2025, 6, 1);
    let index = index_with(docs);
    for blank in [None, Some("   ".to_owned())] {
        let hits = index.search(&Query { q: blank, page: 1, per_page: 3, ..Query::default() }).unwrap();
        assert_eq!(hits.total, 6);
        assert_eq!(hits.items.iter().map(|h| h.id).collect::<Vec<_>>(), vec![1, 4, 6]);
    }
}

#[test]
fn upsert_remove_and_commit() {
    let index = sample();
    assert_eq!(index.doc_count(), 4);
    index.remove(1).unwrap();
    // Buffered: still visible until commit.
    assert_eq!(ids(&index, &q("营商")), vec![1]);
    index.commit().unwrap();
    assert!(ids(&index, &q("营商")).is_empty());

    let mut changed = doc(2, "关于调整农机购置补贴标准的通知", "农机补贴。");
    changed.validity = "失效".to_owned();
    index.upsert(&changed).unwrap();
    index.commit().unwrap();
    assert!(ids(&index, &q("地力")).is_empty());
    assert_eq!(ids(&index, &q("农机")), vec![2]);
    assert_eq!(index.doc_count(), 3);
}

#[test]
fn highlights_are_escaped_and_marked() {
    let index = index_with(vec![doc(
        1,
        "关于<script>优化营商环境</script>的通知",
        &format!("{}为持续优化营商环境，A&B 公司……{}", "前文".repeat(100), "后文".repeat(100)),
    )]);
    let hit = &index.search(&q("营商")).unwrap().items[0];
    assert_eq!(hit.title_html, "关于&lt;script&gt;优化<mark>营商</mark>环境&lt;/script&gt;的通知");
    assert!(hit.snippet_html.contains("<mark>营商</mark>"), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("A&amp;B"));
    assert!(hit.snippet_html.starts_with('…'));
    assert!(!hit.snippet_html.contains("<script>"));
}

#[test]
fn attachments_are_searched_and_snippeted() {
    let mut d = doc(1, "关于下达资金的通知", "详见附件。");
    d.attachments_text = "【工作表：明细】\n序号\t乡镇\t项目\n1\t青山镇\t秸秆综合利用".to_owned();
    let index = index_with(vec![d, doc(2, "其他通知", "无")]);
    let hits = index.search(&q("秸秆")).unwrap();
    assert_eq!(hits.items.iter().map(|h| h.id).collect::<Vec<_>>(), vec![1]);
    assert!(hits.items[0].snippet_html.starts_with("附件："), "{}", hits.items[0].snippet_html);
}

#[test]
fn search_index_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
}

fn files_with_ext(dir: &std::path::Path, ext: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

#[test]
fn opens_creates_and_recovers_from_damage() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("search");
    let docs: Vec<SearchDoc> = corpus::generate(1, 50).collect();

    let (index, outcome) = SearchIndex::open(&dir).unwrap();
    assert_eq!(outcome, OpenOutcome::Created);
    assert!(outcome.needs_rebuild());
    index.rebuild(docs.clone()).unwrap();
    index.commit_with_marker("audit:50").unwrap();
    drop(index);

    let (index, outcome) = SearchIndex::open(&dir).unwrap();
    assert_eq!(outcome, OpenOutcome::Opened);
    assert_eq!(index.doc_count(), 50);
    assert_eq!(index.committed_marker().unwrap().as_deref(), Some("audit:50"));
    drop(index);

    // Garbage in meta.json.
    std::fs::write(dir.join("meta.json"), b"{not json").unwrap();
    let (index, outcome) = SearchIndex::open(&dir).unwrap();
    assert!(matches!(outcome, OpenOutcome::Recreated { .. }), "{outcome:?}");
    assert_eq!(index.doc_count(), 0);
    assert_eq!(index.rebuild(docs.clone()).unwrap(), 50);
    assert_eq!(index.search(&q(&docs[7].index_number)).unwrap().items[0].id, docs[7].id);
    drop(index);

    // Segment files deleted.
    let segment_files = files_with_ext(&dir, "idx");
    assert!(!segment_files.is_empty());
    for f in segment_files {
        std::fs::remove_file(f).unwrap();
    }
    let (index, outcome) = SearchIndex::open(&dir).unwrap();
    assert!(matches!(outcome, OpenOutcome::Recreated { .. }), "{outcome:?}");
    index.rebuild(docs.clone()).unwrap();
    drop(index);

    // A segment file overwritten with garbage.
    let store = files_with_ext(&dir, "store");
    std::fs::write(&store[0], vec![0xAB; 100]).unwrap();
    let (index, outcome) = SearchIndex::open(&dir).unwrap();
    assert!(matches!(outcome, OpenOutcome::Recreated { .. }), "{outcome:?}");
    index.rebuild(docs.clone()).unwrap();
    drop(index);

    // Directory missing altogether.
    std::fs::remove_dir_all(&dir).unwrap();
    let (index, outcome) = SearchIndex::open(&dir).unwrap();
    assert_eq!(outcome, OpenOutcome::Created);
    index.rebuild(docs).unwrap();
    assert_eq!(index.doc_count(), 50);
}

#[test]
fn never_wipes_a_directory_holding_other_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("meta.json"), b"garbage").unwrap();
    std::fs::write(tmp.path().join("gongkai.sqlite"), b"precious").unwrap();
    let err = SearchIndex::open(tmp.path()).unwrap_err();
    assert!(err.message_zh().contains("索引目录"));
    assert_eq!(std::fs::read(tmp.path().join("gongkai.sqlite")).unwrap(), b"precious");
}

#[test]
fn corpus_queries_behave() {
    let docs: Vec<SearchDoc> = corpus::generate(2026, 1500).collect();
    let with_topic = docs.iter().filter(|d| d.title.contains("耕地地力保护补贴")).count();
    let index = index_with(docs);
    let hits = index.search(&Query { per_page: 5, ..q("耕地地力保护补贴") }).unwrap();
    assert!(hits.total >= with_topic, "{} < {with_topic}", hits.total);
    assert!(hits.items[0].title.contains("耕地地力保护补贴"));
    let business = index.search(&q("营商")).unwrap();
    assert!(business.total > 0);
}
