//! The Excel 台账 (issue 19): one workbook per agency and year with every record behind its
//! annual report — requests (one row each, with the 表三 rows it counts in), reconsideration and
//! litigation cases, publications, 留言, 意见征集 and the registers — Chinese headers, print
//! setup (landscape, fit to width, header row repeated), the header row frozen.

use crate::App;
use crate::error::Error;
use gongkai_domain::report::RequestRow;
use gongkai_store::{Agency, MessageFilter, PublicationFilter, RequestFilter};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet};
use std::collections::{BTreeMap, BTreeSet};

/// A sheet: its name, column headers with widths, and rows of text.
struct Sheet {
    name: &'static str,
    columns: Vec<(&'static str, f64)>,
    rows: Vec<Vec<String>>,
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The 表三 rows each request counts in for `year` (from the same provenance as the report).
fn table3_rows(prov: &gongkai_domain::report::records::Provenance) -> BTreeMap<i64, Vec<String>> {
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (key, ids) in &prov.0 {
        let Some(row) = key.strip_prefix("table3.").and_then(|k| k.strip_suffix(".total")) else { continue };
        let Ok(row) = row.parse::<RequestRow>() else { continue };
        for id in ids {
            out.entry(*id).or_default().push(row.label_zh().to_owned());
        }
    }
    out
}

async fn requests_sheet(app: &App, agency: &Agency, year: i32) -> Result<Sheet, Error> {
    let (_, prov) = crate::annual::tables(app.store.as_ref(), &agency.name, &[agency.id], year).await?;
    let rows_of = table3_rows(&prov);
    let counted: BTreeSet<i64> = rows_of.keys().copied().collect();
    let mut items = Vec::new();
    let mut offset = 0;
    loop {
        let filter = RequestFilter { agency_ids: vec![agency.id], limit: 500, offset, ..Default::default() };
        let (_, page) = app.store.list_requests(&filter).await?;
        let n = page.len();
        items.extend(
            page.into_iter()
                .filter(|r| counted.contains(&r.id) || chrono::Datelike::year(&r.submitted_on) == year),
        );
        if n < 500 {
            break;
        }
        offset += 500;
    }
    items.sort_by(|a, b| a.number.cmp(&b.number));
    let rows = items
        .iter()
        .map(|r| {
            vec![
                r.number.clone(),
                r.applicant_kind.label_zh().to_owned(),
                r.applicant_name.clone(),
                r.channel.label_zh().to_owned(),
                r.submitted_on.to_string(),
                date(r.received_on),
                date(r.due_on),
                date(r.decided_on),
                r.outcome.map(|o| o.label_zh().to_owned()).unwrap_or_default(),
                r.state.label_zh().to_owned(),
                rows_of.get(&r.id).map(|v| v.join("；")).unwrap_or_else(|| "（不计入本年度）".into()),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "依申请公开",
        columns: vec![
            ("受理编号", 18.0),
            ("申请人类型", 12.0),
            ("申请人", 16.0),
            ("申请方式", 10.0),
            ("提交日期", 11.0),
            ("收到申请之日", 12.0),
            ("答复期限", 11.0),
            ("答复日期", 11.0),
            ("办理结果", 24.0),
            ("状态", 10.0),
            ("计入表三", 40.0),
        ],
        rows,
    })
}

async fn cases_sheet(app: &App, agency: &Agency, year: i32) -> Result<Sheet, Error> {
    let in_year = |d: chrono::NaiveDate| chrono::Datelike::year(&d) == year;
    let rows = app
        .store
        .list_cases(&[agency.id])
        .await?
        .iter()
        .filter(|c| in_year(c.filed_on) || c.closed_on.is_none_or(in_year))
        .map(|c| {
            vec![
                c.kind.label_zh().to_owned(),
                c.case_number.clone(),
                c.body.clone(),
                c.applicant.clone(),
                c.filed_on.to_string(),
                date(c.closed_on),
                c.result.label_zh().to_owned(),
                c.summary.clone(),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "复议诉讼",
        columns: vec![
            ("类型", 14.0),
            ("案号", 20.0),
            ("复议机关或法院", 20.0),
            ("申请人或原告", 14.0),
            ("立案日期", 11.0),
            ("结案日期", 11.0),
            ("结果", 10.0),
            ("摘要", 40.0),
        ],
        rows,
    })
}

async fn publications_sheet(app: &App, agency: &Agency, year: i32) -> Result<Sheet, Error> {
    let filter = PublicationFilter {
        agency_ids: vec![agency.id],
        year: Some(year),
        limit: 100_000,
        ..Default::default()
    };
    let (_, items) = app.store.list_publications(&filter).await?;
    let rows = items
        .iter()
        .map(|p| {
            vec![
                p.index_number.clone().unwrap_or_default(),
                p.title.clone(),
                p.document_number.clone(),
                p.topic.clone(),
                p.genre.label_zh().to_owned(),
                p.formed_on.to_string(),
                date(p.published_on),
                if p.published_late { "是".into() } else { "否".into() },
                p.state.label_zh().to_owned(),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "主动公开",
        columns: vec![
            ("索引号", 22.0),
            ("标题", 44.0),
            ("文号", 18.0),
            ("主题分类", 18.0),
            ("体裁", 10.0),
            ("成文日期", 11.0),
            ("发布日期", 11.0),
            ("超过第二十六条期限", 10.0),
            ("状态", 10.0),
        ],
        rows,
    })
}

async fn messages_sheet(app: &App, agency: &Agency, year: i32) -> Result<Sheet, Error> {
    let filter = MessageFilter { agency_ids: vec![agency.id], limit: 100_000, ..Default::default() };
    let (_, items) = app.store.list_messages(&filter).await?;
    let rows = items
        .iter()
        .filter(|m| chrono::Datelike::year(&m.facts.received_on) == year)
        .map(|m| {
            let s = &m.facts.submission;
            let hop = m.facts.hops.last();
            vec![
                m.number.clone(),
                s.kind.label_zh().to_owned(),
                s.subject.clone(),
                m.facts.received_on.to_string(),
                hop.map(|h| h.agency_name.clone()).unwrap_or_default(),
                hop.map(|h| h.due_on.to_string()).unwrap_or_default(),
                hop.and_then(|h| h.closed_on).map(|d| d.to_string()).unwrap_or_default(),
                m.facts.state.label_zh().to_owned(),
                (m.facts.hops.len().saturating_sub(1)).to_string(),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "留言找错",
        columns: vec![
            ("留言编号", 20.0),
            ("类型", 8.0),
            ("标题", 36.0),
            ("收到日期", 11.0),
            ("办理机关", 20.0),
            ("答复期限", 11.0),
            ("办结日期", 11.0),
            ("状态", 12.0),
            ("转办次数", 8.0),
        ],
        rows,
    })
}

async fn consultations_sheet(app: &App, agency: &Agency, year: i32) -> Result<Sheet, Error> {
    let mut rows = Vec::new();
    for c in app.store.list_consultations(&[agency.id]).await? {
        if chrono::Datelike::year(&c.opens_on) != year {
            continue;
        }
        let comments = app.store.list_comments(c.id).await?;
        let count = |a: gongkai_domain::public_consultation::Adoption| {
            comments.iter().filter(|m| m.decision == Some(a)).count()
        };
        use gongkai_domain::public_consultation::Adoption;
        rows.push(vec![
            c.title.clone(),
            c.kind.label().to_owned(),
            c.opens_on.to_string(),
            c.closes_on.to_string(),
            comments.len().to_string(),
            count(Adoption::Adopted).to_string(),
            count(Adoption::PartlyAdopted).to_string(),
            count(Adoption::NotAdopted).to_string(),
            date(c.feedback_published_on),
        ]);
    }
    Ok(Sheet {
        name: "意见征集",
        columns: vec![
            ("标题", 40.0),
            ("草案类型", 14.0),
            ("开始日期", 11.0),
            ("截止日期", 11.0),
            ("收到意见", 8.0),
            ("采纳", 6.0),
            ("部分采纳", 8.0),
            ("未采纳", 6.0),
            ("公布采纳情况日期", 12.0),
        ],
        rows,
    })
}

async fn registers_sheet(app: &App, agency: &Agency, year: i32) -> Result<Sheet, Error> {
    let rows = app
        .store
        .register_entries(agency.id, year)
        .await?
        .iter()
        .map(|e| {
            let kind = crate::annual::register_kind(&e.kind);
            let data = crate::annual::register_strings(&e.data);
            let fields: Vec<String> = kind
                .map(|k| {
                    k.fields
                        .iter()
                        .filter_map(|f| {
                            data.get(f.name).filter(|v| !v.is_empty()).map(|v| format!("{}：{v}", f.label))
                        })
                        .collect()
                })
                .unwrap_or_else(|| data.iter().map(|(k, v)| format!("{k}：{v}")).collect());
            vec![kind.map_or(e.kind.clone(), |k| k.label.to_owned()), date(e.on), fields.join("；")]
        })
        .collect();
    Ok(Sheet {
        name: "登记簿", columns: vec![("登记簿", 16.0), ("日期", 11.0), ("内容", 80.0)], rows
    })
}

/// The workbook for `agency` and `year`.
pub async fn export(app: &App, agency: &Agency, year: i32) -> Result<Vec<u8>, Error> {
    crate::annual::check_year(year)?;
    let sheets = vec![
        requests_sheet(app, agency, year).await?,
        cases_sheet(app, agency, year).await?,
        publications_sheet(app, agency, year).await?,
        messages_sheet(app, agency, year).await?,
        consultations_sheet(app, agency, year).await?,
        registers_sheet(app, agency, year).await?,
    ];
    let title = format!("{}{year}年政府信息公开工作台账", agency.name);
    tokio::task::spawn_blocking(move || write(&title, &sheets)).await.map_err(|_| Error::internal())?
}

fn write(title: &str, sheets: &[Sheet]) -> Result<Vec<u8>, Error> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        tracing::error!(error = %e, "ledger workbook");
        Error::internal()
    };
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xEFE8E0)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let caption = Format::new().set_bold().set_font_size(14);
    for s in sheets {
        let ws: &mut Worksheet = wb.add_worksheet();
        ws.set_name(s.name).map_err(fail)?;
        ws.write_with_format(0, 0, format!("{title}——{}（共 {} 条）", s.name, s.rows.len()), &caption)
            .map_err(fail)?;
        for (c, (label, width)) in s.columns.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.set_column_width(c, *width).map_err(fail)?;
            ws.write_with_format(1, c, *label, &head).map_err(fail)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = u32::try_from(r + 2).unwrap_or(u32::MAX);
            for (c, v) in row.iter().enumerate() {
                ws.write_with_format(r, u16::try_from(c).unwrap_or(u16::MAX), v.as_str(), &cell)
                    .map_err(fail)?;
            }
        }
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(1, 1).map_err(fail)?;
        ws.set_freeze_panes(2, 0).map_err(fail)?;
        ws.set_header(format!("&C{}", s.name));
        ws.set_footer("&C第 &P 页，共 &N 页");
    }
    wb.save_to_buffer().map_err(fail)
}
