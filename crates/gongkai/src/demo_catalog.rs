//! Demo catalog: a few hundred realistic published items across the demo agencies (from
//! `gongkai_search::corpus`, deterministic), plus the cases a reviewer should see — a list
//! whose attachment contains 身份证号码 waiting for 保密审查, a 失效 document replaced by a newer
//! one, a 政策解读 linked to its policy, township items (条例 第二十一条), a draft past its
//! 第二十六条 date, an item awaiting 审签, a scheduled one and a withdrawn one. Loaded once (when
//! the county has no publications).

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::catalog::{
    self as dom, DEFAULT_INDEX_TEMPLATE, Genre, Publication, PublicationContent, PublicationState,
    StepRecord, Validity, topic_main, topic_valid,
};
use gongkai_store::{
    Actor, Agency, IndexPlan, NewAttachment, NewPublication, PublicationFilter, PublicationRecord,
    PublicationUpdate, Store,
};
use std::sync::Arc;

/// How many generated items are published.
pub const GENERATED: usize = 300;

fn actor(name: &str, agency: &Agency) -> Actor {
    Actor { name: name.into(), user_id: None, agency_id: Some(agency.id) }
}

fn step(kind: dom::ActionKind, by: &str, on: NaiveDate, note: &str) -> StepRecord {
    StepRecord { kind, by: by.into(), at: format!("{on}T09:30:00+08:00"), note: note.into() }
}

fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut para = String::new();
    for (i, sentence) in text.split_inclusive('。').enumerate() {
        para.push_str(sentence);
        if i % 2 == 1 {
            out.push_str(&format!("<p>{}</p>\n", gongkai_app::catalog::escape(para.trim())));
            para.clear();
        }
    }
    if !para.trim().is_empty() {
        out.push_str(&format!("<p>{}</p>\n", gongkai_app::catalog::escape(para.trim())));
    }
    out
}

fn statutory_for(topic: &str, township: bool) -> Vec<String> {
    let main = topic_main(topic);
    let mut v = vec![
        match main {
            "财政、金融、审计" => "art20_07",
            "国民经济管理、国有资产监管" => "art20_10",
            "民政、扶贫、救灾" | "劳动、人事、监察" | "科技、教育" | "卫生、体育" => {
                "art20_11"
            }
            "市场监管、安全生产监管" | "城乡建设、环境保护" => "art20_13",
            "综合政务" => "art20_05",
            "公安、安全、司法" => "art20_06",
            _ => "art20_15",
        }
        .to_owned(),
    ];
    if township && main == "农业、林业、水利" {
        v.push("art21t_rural_policy".into());
    }
    v
}

struct Item {
    agency: usize,
    content: PublicationContent,
    published_on: NaiveDate,
    validity: Validity,
    attachment: Option<(String, String)>,
}

async fn create(
    store: &dyn Store,
    cal: &WorkCalendar,
    agency: &Agency,
    facts: Publication,
    attachment: Option<(String, String)>,
) -> anyhow::Result<PublicationRecord> {
    let due_on = dom::due_on(facts.content.formed_on, cal);
    let attachments = attachment
        .into_iter()
        .map(|(name, text)| NewAttachment {
            content_type: if name.ends_with(".csv") {
                "text/csv; charset=utf-8"
            } else {
                "text/plain; charset=utf-8"
            }
            .into(),
            data: text.clone().into_bytes(),
            text,
            name,
        })
        .collect();
    Ok(store
        .create_publication(
            &actor("editor", agency),
            NewPublication { agency_id: agency.id, facts, due_on, attachments },
        )
        .await?)
}

async fn publish(
    store: &dyn Store,
    cal: &WorkCalendar,
    agency: &Agency,
    rec: &PublicationRecord,
    on: NaiveDate,
) -> anyhow::Result<PublicationRecord> {
    let mut facts = rec.facts.clone();
    facts.state = PublicationState::Published;
    facts.published_on = Some(on);
    facts.history.push(step(dom::ActionKind::Submit, "李信息", on, ""));
    facts.history.push(step(
        dom::ActionKind::PassReview,
        "赵审查",
        on,
        "经审查，不涉及国家秘密、商业秘密和个人隐私",
    ));
    facts.history.push(step(dom::ActionKind::Publish, "钱审签", on, &format!("发布日期 {on}")));
    let due_on = dom::due_on(facts.content.formed_on, cal);
    Ok(store
        .update_publication(
            &actor("approver", agency),
            PublicationUpdate {
                id: rec.id,
                expected_version: rec.version,
                facts,
                due_on,
                published_late: on > due_on,
                assign_index: Some(IndexPlan {
                    template: DEFAULT_INDEX_TEMPLATE.into(),
                    code: agency.code.clone().unwrap_or_default(),
                    year: on.year(),
                }),
                add: vec![],
                remove: vec![],
                audit_action: "publication.publish".into(),
            },
        )
        .await?)
}

fn content(
    title: &str,
    doc: &str,
    formed_on: NaiveDate,
    topic: &str,
    genre: Genre,
    body: &str,
) -> PublicationContent {
    PublicationContent {
        title: title.into(),
        document_number: doc.into(),
        formed_on,
        topic: topic.into(),
        genre,
        summary: String::new(),
        keywords: vec![],
        statutory: statutory_for(topic, false),
        body_html: body.into(),
        interprets: None,
        effective_on: None,
    }
}

/// Loads the demo catalog unless the county already has publications.
pub async fn load(store: Arc<dyn Store>) -> anyhow::Result<()> {
    let county = store.find_agency_by_name(crate::demo::COUNTY).await?.context("demo county missing")?;
    let agencies = store.list_agencies().await?;
    let existing = store
        .list_publications(&PublicationFilter { agency_ids: vec![county.id], limit: 1, ..Default::default() })
        .await?;
    if existing.0 > 0 {
        return Ok(());
    }
    let by_name = |n: &str| agencies.iter().position(|a| a.name == n);
    let fgj = by_name("示例县发展和改革局").unwrap_or(0);
    let jyj = by_name("示例县教育局").unwrap_or(0);
    let towns: Vec<usize> =
        agencies.iter().enumerate().filter(|(_, a)| a.level.as_str() == "township").map(|(i, _)| i).collect();
    let county_i = by_name(crate::demo::COUNTY).unwrap_or(0);
    let cal = WorkCalendar::official();
    let today = {
        let now = chrono::Utc::now() + chrono::Duration::hours(8);
        now.date_naive()
    };
    // Generated items, published in date order so 索引号 run in sequence.
    let mut items: Vec<Item> = gongkai_search::corpus::generate(2026, GENERATED * 2)
        .filter(|d| d.published_on <= today && d.published_on.year() >= 2019)
        .take(GENERATED)
        .map(|d| {
            let agency = if d.agency_name.contains("教育") {
                jyj
            } else if d.agency_name.contains("发展和改革") {
                fgj
            } else if d.agency_name.ends_with("镇人民政府") || d.agency_name.ends_with("乡人民政府")
            {
                towns.get(d.id as usize % towns.len().max(1)).copied().unwrap_or(county_i)
            } else if d.id % 5 == 0 {
                fgj
            } else {
                county_i
            };
            let topic = if topic_valid(&d.category) {
                d.category.clone()
            } else {
                topic_main(&d.category).to_owned()
            };
            let genre = Genre::from_label(&d.genre).unwrap_or(Genre::Other);
            // Formed 1–30 calendar days before publication: most on time, a few late.
            let formed_on = d.published_on - Days::new(1 + (d.id as u64 * 7) % 30);
            let township = towns.contains(&agency);
            // The corpus names its own 40 agencies; speak of the demo agency the item is filed under.
            let name = &agencies[agency].name;
            let (mut title, mut body) = (d.title.clone(), d.body.clone());
            for (other, _) in gongkai_search::corpus::AGENCIES {
                title = title.replace(other, name);
                body = body.replace(other, name);
            }
            let doc_number = d.doc_number.as_deref().unwrap_or("");
            let mut c = content(&title, doc_number, formed_on, &topic, genre, &paragraphs(&body));
            c.statutory = statutory_for(&topic, township);
            c.summary = body.chars().take(60).collect::<String>() + "……";
            let attachment = (!d.attachments_text.is_empty())
                .then(|| ("明细表.txt".to_owned(), d.attachments_text.clone()));
            Item {
                agency,
                content: c,
                published_on: d.published_on,
                validity: Validity::from_label(&d.validity).unwrap_or_default(),
                attachment,
            }
        })
        .collect();
    items.sort_by_key(|i| i.published_on);
    for it in items {
        let agency = &agencies[it.agency];
        let mut facts = Publication::new(it.content);
        facts.history.push(step(dom::ActionKind::Create, "李信息", facts.content.formed_on, ""));
        let rec = create(store.as_ref(), &cal, agency, facts, it.attachment).await?;
        let rec = publish(store.as_ref(), &cal, agency, &rec, it.published_on).await?;
        if it.validity != Validity::InForce {
            let mut f = rec.facts.clone();
            f.validity.status = it.validity;
            f.validity.ended_on =
                Some(it.published_on.checked_add_days(Days::new(365)).unwrap_or(it.published_on).min(today));
            store
                .update_publication(
                    &actor("editor", agency),
                    PublicationUpdate {
                        id: rec.id,
                        expected_version: rec.version,
                        facts: f,
                        due_on: rec.due_on,
                        published_late: rec.published_late,
                        assign_index: None,
                        add: vec![],
                        remove: vec![],
                        audit_action: "publication.set_validity".into(),
                    },
                )
                .await?;
        }
    }
    special(store.as_ref(), &cal, &agencies[county_i], towns.first().map(|i| &agencies[*i]), today).await
}

fn workdays_before(cal: &WorkCalendar, day: NaiveDate, n: i64) -> NaiveDate {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d = d.pred_opt().unwrap_or(d);
        if cal.is_workday(d) {
            left -= 1;
        }
    }
    d
}

/// The hand-written cases.
async fn special(
    store: &dyn Store,
    cal: &WorkCalendar,
    county: &Agency,
    town: Option<&Agency>,
    today: NaiveDate,
) -> anyhow::Result<()> {
    replaced_measure(store, cal, county, today).await?;
    awaiting_review(store, cal, county, today).await?;
    workflow_states(store, cal, county, today).await?;
    township_items(store, cal, town, today).await
}

/// A 失效 measure replaced by a newer one, and the newer one's 政策解读.
async fn replaced_measure(
    store: &dyn Store,
    cal: &WorkCalendar,
    county: &Agency,
    today: NaiveDate,
) -> anyhow::Result<()> {
    // A 失效 measure replaced by a newer one, and the newer one's 政策解读.
    let old_body = "<p>第一条　为规范城乡居民最低生活保障工作，根据《社会救助暂行办法》，结合本县实际，制定本办法。</p>\n<p>第二条　城乡居民最低生活保障标准由县人民政府确定并向社会公布。</p>";
    let old = create(
        store,
        cal,
        county,
        Publication::new(content(
            "示例县城乡居民最低生活保障实施办法（2019年修订）",
            "示政规〔2019〕2号",
            NaiveDate::from_ymd_opt(2019, 6, 3).unwrap_or(today),
            "民政、扶贫、救灾\\社会福利",
            Genre::Measures,
            old_body,
        )),
        None,
    )
    .await?;
    let old =
        publish(store, cal, county, &old, NaiveDate::from_ymd_opt(2019, 6, 12).unwrap_or(today)).await?;
    let new_body = "<p>第一条　为进一步规范城乡居民最低生活保障工作，保障困难群众基本生活，根据《社会救助暂行办法》，制定本办法。</p>\n<p>第二条　本县城乡低保标准统一为每人每月 780 元，每年根据经济社会发展水平调整一次。</p>\n<p>第三条　低保审核确认结果在申请人所在村（社区）公示，公示内容不得包含身份证号码、银行账号等个人信息。</p>\n<p>第四条　本办法自2025年3月1日起施行，《示例县城乡居民最低生活保障实施办法（2019年修订）》同时废止。</p>";
    let new_on = NaiveDate::from_ymd_opt(2025, 2, 20).unwrap_or(today);
    let mut new_c = content(
        "示例县城乡居民最低生活保障实施办法",
        "示政规〔2025〕1号",
        NaiveDate::from_ymd_opt(2025, 2, 10).unwrap_or(today),
        "民政、扶贫、救灾\\社会福利",
        Genre::Measures,
        new_body,
    );
    new_c.statutory = vec!["art20_01".into(), "art20_11".into(), "art21c_social_assistance".into()];
    new_c.keywords = vec!["最低生活保障".into(), "社会救助".into()];
    new_c.summary = "明确城乡低保标准、审核确认程序和公示要求。".into();
    let newer = create(store, cal, county, Publication::new(new_c), None).await?;
    let newer = publish(store, cal, county, &newer, new_on).await?;
    let mut f = old.facts.clone();
    f.validity = dom::ValidityRecord {
        status: Validity::Expired,
        effective_on: None,
        ended_on: NaiveDate::from_ymd_opt(2025, 3, 1),
        replaced_by: Some(newer.id),
        note: "已被《示例县城乡居民最低生活保障实施办法》（示政规〔2025〕1号）替代".into(),
    };
    f.history.push(step(dom::ActionKind::SetValidity, "李信息", new_on, "自 2025年3月1日 起失效"));
    store
        .update_publication(
            &actor("editor", county),
            PublicationUpdate {
                id: old.id,
                expected_version: old.version,
                facts: f,
                due_on: old.due_on,
                published_late: old.published_late,
                assign_index: None,
                add: vec![],
                remove: vec![],
                audit_action: "publication.set_validity".into(),
            },
        )
        .await?;
    let mut interp = content(
        "《示例县城乡居民最低生活保障实施办法》政策解读",
        "",
        new_on,
        "民政、扶贫、救灾\\社会福利",
        Genre::Interpretation,
        "<p>一、制定背景。为贯彻落实《社会救助暂行办法》，进一步规范低保工作，县民政部门起草了本办法。</p>\n<p>二、主要变化。城乡低保标准统一为每人每月 780 元；审核确认时限缩短为 20 个工作日；明确公示中不得出现身份证号码等个人信息。</p>\n<p>三、施行时间。本办法自2025年3月1日起施行。</p>",
    );
    interp.interprets = Some(newer.id);
    let i = create(store, cal, county, Publication::new(interp), None).await?;
    publish(store, cal, county, &i, new_on).await?;

    Ok(())
}

/// An item waiting for 保密审查 whose attachment lists ID numbers and a mobile number.
async fn awaiting_review(
    store: &dyn Store,
    cal: &WorkCalendar,
    county: &Agency,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let ago = |n: i64| workdays_before(cal, today, n);
    // Waiting for 保密审查: the attachment lists ID numbers and a mobile number.
    let csv = "序号,姓名,身份证号码,家庭人口,保障金额（元/月）,联系电话\n1,张某某,350102198001011233,3,2340,13905981234\n2,李某某,350124197506154022,1,780,\n3,王某某,350105199003203312,2,1560,\n";
    let mut list = content(
        &format!("{}年第四季度城乡低保对象名单公示", today.year()),
        "",
        ago(3),
        "民政、扶贫、救灾\\社会福利",
        Genre::Announcement,
        "<p>根据《社会救助暂行办法》和《示例县城乡居民最低生活保障实施办法》，现将本季度新增城乡低保对象名单予以公示，公示期为 7 个工作日。</p>\n<p>如有异议，请在公示期内向县民政局反映。联系电话：0999-1234560。</p>",
    );
    list.statutory = vec!["art20_11".into(), "art21c_social_assistance".into()];
    let mut facts = Publication::new(list);
    facts.state = PublicationState::InReview;
    facts.history.push(step(dom::ActionKind::Create, "李信息", ago(2), ""));
    facts.history.push(step(dom::ActionKind::Submit, "李信息", ago(1), ""));
    create(store, cal, county, facts, Some(("低保对象名单.csv".into(), csv.into()))).await?;

    Ok(())
}

/// Items in each workflow state: late, awaiting 审签, scheduled, withdrawn.
async fn workflow_states(
    store: &dyn Store,
    cal: &WorkCalendar,
    county: &Agency,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let ago = |n: i64| workdays_before(cal, today, n);
    // A draft already past its 第二十六条 date, one awaiting 审签, one scheduled, one withdrawn.
    let mut late = Publication::new(content(
        "示例县2026年秋季学期义务教育阶段学生资助政策",
        "",
        ago(24),
        "科技、教育\\教育",
        Genre::Notice,
        "<p>为确保家庭经济困难学生顺利完成学业，现将本学期义务教育阶段学生资助政策公布如下。</p>",
    ));
    late.history.push(step(dom::ActionKind::Create, "李信息", ago(20), ""));
    create(store, cal, county, late, None).await?;
    let mut waiting = Publication::new(content(
        "示例县2027年部门预算公开说明",
        "",
        ago(6),
        "财政、金融、审计\\财政",
        Genre::Report,
        "<p>根据《中华人民共和国预算法》，现将本部门预算及相关说明公开如下。</p>",
    ));
    waiting.state = PublicationState::AwaitingApproval;
    waiting.history.push(step(dom::ActionKind::Create, "李信息", ago(5), ""));
    waiting.history.push(step(dom::ActionKind::Submit, "李信息", ago(4), ""));
    waiting.history.push(step(
        dom::ActionKind::PassReview,
        "赵审查",
        ago(2),
        "经审查，不涉及国家秘密、商业秘密和个人隐私",
    ));
    create(store, cal, county, waiting, None).await?;
    let mut scheduled = Publication::new(content(
        "关于元旦期间政务服务大厅办公时间调整的公告",
        "",
        ago(2),
        "综合政务\\政务公开",
        Genre::Announcement,
        "<p>元旦假期期间，县政务服务大厅暂停现场办理业务，网上办事大厅正常受理。</p>",
    ));
    scheduled.state = PublicationState::Scheduled;
    scheduled.scheduled_on = today.checked_add_days(Days::new(3));
    scheduled.history.push(step(dom::ActionKind::Schedule, "钱审签", ago(1), "定时发布"));
    create(store, cal, county, scheduled, None).await?;
    let wd = create(
        store,
        cal,
        county,
        Publication::new(content(
            "关于调整县城区部分公交线路的通告",
            "示交通〔2026〕5号",
            ago(30),
            "工业、交通\\公路",
            Genre::Circular,
            "<p>因道路施工，县城区 3 路、5 路公交线路临时调整。</p>",
        )),
        None,
    )
    .await?;
    let wd = publish(store, cal, county, &wd, ago(25)).await?;
    let mut f = wd.facts.clone();
    f.state = PublicationState::Withdrawn;
    f.withdrawal = Some(dom::WithdrawalRecord {
        on: ago(20),
        reason: "线路调整方案有变，以《关于县城区公交线路恢复运行的通告》为准".into(),
        by: "钱审签".into(),
    });
    f.history.push(step(dom::ActionKind::Withdraw, "钱审签", ago(20), "线路调整方案有变"));
    store
        .update_publication(
            &actor("approver", county),
            PublicationUpdate {
                id: wd.id,
                expected_version: wd.version,
                facts: f,
                due_on: wd.due_on,
                published_late: wd.published_late,
                assign_index: None,
                add: vec![],
                remove: vec![],
                audit_action: "publication.withdraw".into(),
            },
        )
        .await?;

    Ok(())
}

/// Township items (条例 第二十一条).
async fn township_items(
    store: &dyn Store,
    cal: &WorkCalendar,
    town: Option<&Agency>,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let ago = |n: i64| workdays_before(cal, today, n);
    // Township items (条例 第二十一条).
    if let Some(town) = town {
        let y = today.year();
        for (title, topic, key, body, days) in [
            (
                format!("城关镇{y}年第三批农村宅基地使用审核结果公示"),
                "国土资源、能源\\土地",
                "art21t_homestead",
                "<p>经村民小组讨论、村委会审查和镇人民政府审核，以下农户的宅基地申请符合条件，现予以公示。公示期为 10 个工作日。</p>\n<p>如有异议，请在公示期内向城关镇自然资源所反映。</p>",
                40,
            ),
            (
                format!("城关镇{}年度筹资筹劳情况公开", y - 1),
                "财政、金融、审计\\财政",
                "art21t_fundraising",
                "<p>根据村民一事一议筹资筹劳有关规定，现将上年度全镇筹资筹劳项目、金额和使用情况公开如下。</p>",
                90,
            ),
            (
                format!("城关镇{y}年农村土地承包经营权流转情况"),
                "农业、林业、水利\\农业、畜牧业、渔业",
                "art21t_land_contract",
                "<p>本年度全镇新增土地承包经营权流转面积 1260 亩，流转合同均已备案。</p>",
                15,
            ),
        ] {
            let mut c = content(&title, "", ago(days + 5), topic, Genre::Announcement, body);
            c.statutory = vec![key.into()];
            let r = create(store, cal, town, Publication::new(c), None).await?;
            publish(store, cal, town, &r, ago(days)).await?;
        }
    }
    Ok(())
}
