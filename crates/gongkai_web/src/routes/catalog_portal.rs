//! The public side of the catalog: browse by 主题分类 / 发布机构 / year / 体裁 with paging, the
//! publication page with its gov.cn-style metadata block, attachments, the printable 政务公开栏
//! notice, the 公开指南, the annual-reports list, search (HTML and JSON), Atom feeds and the
//! sitemap.
//!
//! Only published items appear in lists, search and feeds. A withdrawn item's address shows
//! the withdrawal notice with its reason (410); drafts answer 404. A county portal shows its own
//! and every subordinate agency's items (townships publish on the county site —
//! 政府网站发展指引, 国办发〔2017〕47号).

use crate::AppState;
use crate::error::{ApiError, AppError, PageError};
use crate::view::{agency_json, site_json};
use crate::view::{attachment_response, publication_json};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::access::subtree;
use gongkai_app::catalog::{self as svc, escape, html_to_text};
use gongkai_domain::catalog::{Genre, PublicationState, TOPICS, topic_by_number};
use gongkai_store::{Agency, PublicationFilter, PublicationListItem, PublicationRecord};
use serde::Deserialize;
use serde_json::{Value, json};

/// Items per page of the browse and search pages.
pub const PER_PAGE: i64 = 20;

fn list_json(it: &PublicationListItem, agencies: &[Agency]) -> Value {
    json!({
        "id": it.id,
        "index_number": it.index_number,
        "title": it.title,
        "document_number": it.document_number,
        "topic": it.topic,
        "genre": it.genre.label_zh(),
        "validity": it.validity.label_zh(),
        "validity_key": it.validity.key(),
        "published_on": it.published_on.map(|d| d.to_string()),
        "agency": agencies.iter().find(|a| a.id == it.agency_id).map(|a| a.name.clone()),
        "url": format!("/publications/{}", it.id),
    })
}

fn portal_root(agencies: &[Agency]) -> Option<&Agency> {
    agencies.iter().find(|a| a.parent_id.is_none())
}

/// Every agency of the portal (the root and all below it).
fn portal_ids(agencies: &[Agency]) -> Vec<i64> {
    portal_root(agencies).map(|r| subtree(agencies, r.id)).unwrap_or_default()
}

/// The latest publications of the portal, for the home page.
pub async fn latest(state: &AppState, agencies: &[Agency], n: i64) -> Result<Value, AppError> {
    let (_, items) = state
        .store
        .list_publications(&PublicationFilter {
            agency_ids: portal_ids(agencies),
            states: vec![PublicationState::Published],
            limit: n,
            ..Default::default()
        })
        .await?;
    Ok(json!({
        "items": items.iter().map(|i| list_json(i, agencies)).collect::<Vec<_>>(),
        "topics": TOPICS.iter().enumerate().map(|(i, (m, _))| json!({"n": i + 1, "name": m})).collect::<Vec<_>>(),
    }))
}

#[derive(Debug, Deserialize, Default)]
pub struct BrowseQuery {
    pub agency: Option<String>,
    pub topic: Option<String>,
    pub genre: Option<String>,
    pub year: Option<String>,
    pub page: Option<String>,
}

fn num<T: std::str::FromStr>(s: &Option<String>) -> Option<T> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).and_then(|s| s.parse().ok())
}

/// `/catalog`: the 政府信息公开目录 with its filters.
pub async fn browse(
    State(state): State<AppState>,
    Query(q): Query<BrowseQuery>,
) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let all = portal_ids(&agencies);
    let agency: Option<i64> = num(&q.agency).filter(|a| all.contains(a));
    let ids = agency.map(|a| subtree(&agencies, a)).unwrap_or_else(|| all.clone());
    let topic = num::<usize>(&q.topic).and_then(topic_by_number);
    let genre = q.genre.as_deref().and_then(Genre::from_key);
    let year: Option<i32> = num(&q.year);
    let page = crate::edge::page_clamped(q.page.as_deref());
    let filter = PublicationFilter {
        agency_ids: ids,
        states: vec![PublicationState::Published],
        topic: topic.map(str::to_owned),
        genre,
        year,
        limit: PER_PAGE,
        offset: crate::edge::offset(page, PER_PAGE),
        ..Default::default()
    };
    // The annual reports are publications too (条例 第五十条): listed here as their own kind.
    let reports_view = q.genre.as_deref() == Some(ANNUAL_REPORTS);
    let (total, items) = if reports_view {
        annual_report_items(&state, &filter.agency_ids, year, page, &agencies).await?
    } else {
        let (total, items) = state.store.list_publications(&filter).await?;
        (total, items.iter().map(|i| list_json(i, &agencies)).collect())
    };
    let this_year =
        gongkai_app::requests::today(&state).format("%Y").to_string().parse::<i32>().unwrap_or(2026);
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).min(crate::edge::MAX_PAGE);
    let ctx = json!({
        "site": site_json(portal_root(&agencies)),
        "nav": "catalog",
        "items": items,
        "total": total,
        "page": page,
        "pages": pages,
        "q": {"agency": agency, "topic": num::<usize>(&q.topic),
              "genre": if reports_view { Some(ANNUAL_REPORTS) } else { genre.map(|g| g.key()) }, "year": year},
        "agency_name": agency.and_then(|a| agencies.iter().find(|x| x.id == a)).map(|a| a.name.clone()),
        "topic_name": topic,
        "agencies": agencies.iter().filter(|a| all.contains(&a.id) && a.active).map(|a| json!({"id": a.id, "name": a.name, "township": a.level.as_str() == "township"})).collect::<Vec<_>>(),
        "topics": TOPICS.iter().enumerate().map(|(i, (m, _))| json!({"n": i + 1, "name": m})).collect::<Vec<_>>(),
        "genres": Genre::ALL
            .iter()
            .map(|g| json!({"key": g.key(), "label": g.label_zh()}))
            .chain([json!({"key": ANNUAL_REPORTS, "label": "政府信息公开工作年度报告"})])
            .collect::<Vec<_>>(),
        "years": (this_year - 11..=this_year).rev().collect::<Vec<_>>(),
    });
    Ok(state.templates.render("portal_catalog.html", ctx)?)
}

/// The `genre` value that lists the published annual reports in the catalog.
const ANNUAL_REPORTS: &str = "annual_report";

/// One page of published annual reports of `ids` (report year `year` when given), newest
/// first, in the catalog list's shape.
async fn annual_report_items(
    state: &AppState,
    ids: &[i64],
    year: Option<i32>,
    page: i64,
    agencies: &[Agency],
) -> Result<(i64, Vec<Value>), AppError> {
    let mut reports = state.store.published_reports(ids).await?;
    reports.retain(|r| year.is_none_or(|y| r.year == y));
    reports.sort_by_key(|r| std::cmp::Reverse((r.published_on, r.year, r.agency_id)));
    let total = i64::try_from(reports.len()).unwrap_or(i64::MAX);
    let skip = usize::try_from(crate::edge::offset(page, PER_PAGE)).unwrap_or(usize::MAX);
    let items = reports
        .iter()
        .skip(skip)
        .take(PER_PAGE.unsigned_abs() as usize)
        .map(|r| {
            let agency = agencies.iter().find(|a| a.id == r.agency_id).map(|a| a.name.clone()).unwrap_or_default();
            let downloads: Vec<Value> = [("PDF", "report.pdf"), ("Word", "report.docx")]
                .iter()
                .map(|(label, file)| {
                    json!({"label": label, "url": format!("/agencies/{}/annual-reports/{}/{file}", r.agency_id, r.year)})
                })
                .collect();
            json!({
                "index_number": "",
                "title": format!("{agency}{}年政府信息公开工作年度报告", r.year),
                "validity_key": "in_force",
                "published_on": r.published_on.map(|d| d.to_string()),
                "agency": agency,
                "url": format!("/agencies/{}/annual-reports/{}", r.agency_id, r.year),
                "downloads": downloads,
            })
        })
        .collect();
    Ok((total, items))
}

async fn public_record(state: &AppState, id: &str) -> Result<(PublicationRecord, Vec<Agency>), AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let rec = state.store.get_publication(id).await?.ok_or_else(AppError::not_found)?;
    if !matches!(rec.facts.state, PublicationState::Published | PublicationState::Withdrawn) {
        return Err(AppError::not_found());
    }
    let agencies = state.store.list_agencies().await?;
    if !portal_ids(&agencies).contains(&rec.agency_id) {
        return Err(AppError::not_found());
    }
    Ok((rec, agencies))
}

async fn title_of(state: &AppState, id: Option<i64>) -> Result<Option<Value>, AppError> {
    let Some(id) = id else { return Ok(None) };
    Ok(state
        .store
        .get_publication(id)
        .await?
        .filter(|p| p.facts.is_public())
        .map(|p| json!({"id": p.id, "title": p.facts.content.title, "index_number": p.index_number})))
}

/// `/publications/{id}`.
pub async fn publication(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (rec, agencies) = public_record(&state, &id).await?;
    let agency = agencies.iter().find(|a| a.id == rec.agency_id);
    let withdrawn = rec.facts.state == PublicationState::Withdrawn;
    let atts = if withdrawn { vec![] } else { state.store.attachments(rec.id).await? };
    let interpretations: Vec<Value> =
        state.store.interpretations_of(rec.id).await?.iter().map(|i| list_json(i, &agencies)).collect();
    let ctx = json!({
        "site": site_json(portal_root(&agencies)),
        "nav": "catalog",
        "p": publication_json(&rec, agency, &atts),
        "withdrawn": withdrawn,
        "replaced_by": title_of(&state, rec.facts.validity.replaced_by).await?,
        "interprets": title_of(&state, rec.facts.content.interprets).await?,
        "interpretations": interpretations,
    });
    let html = state.templates.render("portal_publication.html", ctx)?;
    let status = if withdrawn { StatusCode::GONE } else { StatusCode::OK };
    Ok((status, html).into_response())
}

/// `/publications/{id}/notice`: a printable A4 notice for the 政务公开栏.
pub async fn notice(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let (rec, agencies) = public_record(&state, &id).await?;
    if !rec.facts.is_public() {
        return Err(AppError::not_found().into());
    }
    let agency = agencies.iter().find(|a| a.id == rec.agency_id);
    let ctx = json!({
        "site": site_json(portal_root(&agencies)),
        "p": publication_json(&rec, agency, &state.store.attachments(rec.id).await?),
    });
    Ok(state.templates.render("portal_notice.html", ctx)?)
}

/// `/publications/files/{id}`: a public attachment.
pub async fn file(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let (meta, data) = state.store.get_attachment(id).await?.ok_or_else(AppError::not_found)?;
    let rec = state.store.get_publication(meta.publication_id).await?.ok_or_else(AppError::not_found)?;
    if !rec.facts.is_public() {
        return Err(AppError::not_found().into());
    }
    Ok(attachment_response(&meta, data))
}

fn portal_agency<'a>(agencies: &'a [Agency], id: &str) -> Result<&'a Agency, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    agencies.iter().find(|a| a.id == id).ok_or_else(AppError::not_found)
}

/// `/agencies/{id}/guide`: the 政府信息公开指南 (条例 第十二条).
pub async fn guide(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let agency = portal_agency(&agencies, &id)?;
    let settings = state.store.catalog_settings(agency.id).await?;
    let text = if settings.guide.trim().is_empty() {
        gongkai_app::catalog::default_guide_text().to_owned()
    } else {
        settings.guide.clone()
    };
    let paragraphs: Vec<Value> = text
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let heading = p.chars().next().is_some_and(|c| "一二三四五六七八九十".contains(c))
                && p.contains('、')
                && p.chars().count() < 30;
            json!({"text": p, "heading": heading})
        })
        .collect();
    let ctx = json!({
        "site": site_json(portal_root(&agencies)),
        "nav": "guide",
        "agency": agency_json(agency),
        "paragraphs": paragraphs,
        "topics": TOPICS.iter().enumerate().map(|(i, (m, _))| json!({"n": i + 1, "name": m})).collect::<Vec<_>>(),
        "updated": settings.updated_at.map(|t| t.to_rfc3339()),
    });
    Ok(state.templates.render("portal_guide.html", ctx)?)
}

/// `/agencies/{id}/annual-reports`: the 年度报告 list (filled by the annual-report feature).
pub async fn annual_reports(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let agency = portal_agency(&agencies, &id)?;
    let ctx = json!({
        "site": site_json(portal_root(&agencies)),
        "agency": agency_json(agency),
        "reports": crate::routes::reports::published_list(&state, agency.id)
            .await?
            .into_iter()
            .map(|mut r| {
                r["title"] = json!(format!("{}{}年政府信息公开工作年度报告", agency.name, r["year"]));
                r
            })
            .collect::<Vec<Value>>(),
    });
    Ok(state.templates.render("portal_annual_reports.html", ctx)?)
}

#[derive(Debug, Deserialize, Default)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub agency: Option<String>,
    pub topic: Option<String>,
    pub year: Option<String>,
    pub validity: Option<String>,
    pub page: Option<String>,
}

/// `/search`: full-text search with highlighted snippets and filters.
pub async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let all = portal_ids(&agencies);
    let agency: Option<i64> = num(&q.agency).filter(|a| all.contains(a));
    let topic = num::<usize>(&q.topic).and_then(topic_by_number);
    let validity = q.validity.as_deref().filter(|v| ["有效", "失效", "废止"].contains(v));
    let year: Option<i32> = num(&q.year);
    let page = crate::edge::page_clamped(q.page.as_deref()) as usize;
    let words = q.q.clone().unwrap_or_default().trim().chars().take(100).collect::<String>();
    let index = svc::search_index(&state).await?;
    let hits = index
        .search(&gongkai_search::Query {
            q: Some(words.clone()).filter(|w| !w.is_empty()),
            agencies: Some(agency.map(|a| subtree(&agencies, a)).unwrap_or_else(|| all.clone())),
            category: topic.map(str::to_owned),
            year,
            validity: validity.map(str::to_owned),
            page,
            per_page: PER_PAGE as usize,
        })
        .map_err(|e| {
            tracing::error!(error = %e, "search failed");
            AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "search_unavailable",
                "检索服务暂时不可用，请稍后再试。",
            )
        })?;
    let this_year =
        gongkai_app::requests::today(&state).format("%Y").to_string().parse::<i32>().unwrap_or(2026);
    let ctx = json!({
        "site": site_json(portal_root(&agencies)),
        "nav": "search",
        "q": {"q": words, "agency": agency, "topic": num::<usize>(&q.topic), "year": year, "validity": validity},
        "searched": q.q.is_some(),
        "total": hits.total,
        "page": page,
        "pages": hits.total.div_ceil(PER_PAGE as usize).min(crate::edge::MAX_PAGE as usize),
        "hits": hits.items,
        "agencies": agencies.iter().filter(|a| all.contains(&a.id)).map(|a| json!({"id": a.id, "name": a.name})).collect::<Vec<_>>(),
        "topics": TOPICS.iter().enumerate().map(|(i, (m, _))| json!({"n": i + 1, "name": m})).collect::<Vec<_>>(),
        "years": (this_year - 11..=this_year).rev().collect::<Vec<_>>(),
    });
    Ok(state.templates.render("portal_search.html", ctx)?)
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
pub struct ApiQuery {
    /// Words, a 索引号 or a 文号; without it, newest first.
    pub q: Option<String>,
    /// An agency id: that agency and every agency below it.
    pub agency: Option<String>,
    /// 1-based page of 20 items, at most 1000 (`invalid_page` beyond).
    pub page: Option<String>,
}

/// Published catalog items: search with `q`, newest first without it.
#[utoipa::path(get, path = "/api/v1/publications", params(ApiQuery), responses(
    (status = 200, description = "{\"total\", \"items\": [{\"index_number\", \"title\", \"agency\", \"published_on\", \"url\"}]}")
))]
pub async fn api_list(
    State(state): State<AppState>,
    crate::edge::ApiQuery(q): crate::edge::ApiQuery<ApiQuery>,
) -> Result<Json<Value>, ApiError> {
    let page = crate::edge::api_page(q.page.as_deref())?;
    let agencies = state.store.list_agencies().await?;
    let all = portal_ids(&agencies);
    let ids = match num::<i64>(&q.agency) {
        Some(a) if all.contains(&a) => subtree(&agencies, a),
        Some(_) => vec![],
        None => all,
    };
    let words = q.q.as_deref().map(str::trim).filter(|w| !w.is_empty());
    let name = |id: i64| agencies.iter().find(|a| a.id == id).map(|a| a.name.clone()).unwrap_or_default();
    let (total, items): (i64, Vec<Value>) = match words {
        Some(w) => {
            let index = svc::search_index(&state).await?;
            let hits = index
                .search(&gongkai_search::Query {
                    q: Some(w.chars().take(100).collect()),
                    agencies: Some(ids),
                    page: page as usize,
                    per_page: PER_PAGE as usize,
                    ..Default::default()
                })
                .map_err(|e| {
                    tracing::error!(error = %e, "search failed");
                    AppError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "search_unavailable",
                        "检索服务暂时不可用，请稍后再试。",
                    )
                })?;
            let items = hits
                .items
                .iter()
                .map(|h| json!({"index_number": h.index_number, "title": h.title, "agency": h.agency_name, "published_on": h.published_on.to_string(), "url": h.url}))
                .collect();
            (hits.total as i64, items)
        }
        None => {
            let (total, list) = state
                .store
                .list_publications(&PublicationFilter {
                    agency_ids: ids,
                    states: vec![PublicationState::Published],
                    limit: PER_PAGE,
                    offset: crate::edge::offset(page, PER_PAGE),
                    ..Default::default()
                })
                .await?;
            let items = list
                .iter()
                .map(|i| json!({"index_number": i.index_number, "title": i.title, "agency": name(i.agency_id), "published_on": i.published_on.map(|d| d.to_string()), "url": format!("/publications/{}", i.id)}))
                .collect();
            (total, items)
        }
    };
    Ok(Json(json!({"total": total, "items": items})))
}

/// The site's absolute base URL for feeds and the sitemap (which need absolute links): the
/// configured `base_url` when set. Otherwise it is derived from the request's `Host` (and
/// `X-Forwarded-Proto`; otherwise https when cookies are `Secure`), and such an answer must not
/// be cached publicly ([`cache_control`]): a forged `Host` would otherwise poison shared caches
/// (issue 11). A malformed host yields an empty base, i.e. site-relative links.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(base) = &state.config.base_url {
        return base.trim_end_matches('/').to_string();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let ok = !host.is_empty()
        && host.len() <= 253
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !ok {
        return String::new();
    }
    let proto = match headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) {
        Some("https") => "https",
        Some("http") => "http",
        _ if state.config.cookie_secure => "https",
        _ => "http",
    };
    format!("{proto}://{host}")
}

/// Caching of an answer with absolute links: public with a configured `base_url`; private
/// (browsers only, never a shared cache) and varying by `Host` when the links come from it.
fn cache_control(state: &AppState) -> [(header::HeaderName, HeaderValue); 2] {
    if state.config.base_url.is_some() {
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
            (header::VARY, HeaderValue::from_static("Accept-Encoding")),
        ]
    } else {
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300")),
            (header::VARY, HeaderValue::from_static("Host, X-Forwarded-Proto")),
        ]
    }
}

async fn feed(
    state: &AppState,
    base: &str,
    title: &str,
    self_path: &str,
    filter: PublicationFilter,
) -> Result<Response, AppError> {
    let agencies = state.store.list_agencies().await?;
    let (_, items) = state.store.list_publications(&filter).await?;
    let site = portal_root(&agencies).map(|a| a.name.clone()).unwrap_or_else(|| "政府信息公开平台".into());
    let updated = items
        .iter()
        .map(|i| i.updated_at)
        .max()
        .map(|t| t.to_rfc3339())
        .unwrap_or_else(|| "2000-01-01T00:00:00+00:00".into());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>tag:gongkai,2026:{}</id>\n<link rel=\"self\" href=\"{base}{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}/catalog\"/>\n<updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        escape(title),
        escape(self_path),
        escape(self_path),
        escape(&site)
    );
    for it in &items {
        let Some(rec) = state.store.get_publication(it.id).await? else { continue };
        let c = &rec.facts.content;
        let summary = if c.summary.is_empty() {
            html_to_text(&c.body_html).chars().take(200).collect::<String>()
        } else {
            c.summary.clone()
        };
        let agency = agencies.iter().find(|a| a.id == rec.agency_id).map(|a| a.name.as_str()).unwrap_or("");
        let published = it.published_on.map(|d| format!("{d}T00:00:00+08:00")).unwrap_or_default();
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>tag:gongkai,2026:publication:{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}/publications/{}\"/>\n<published>{published}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<category term=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            escape(&c.title),
            rec.id,
            rec.id,
            it.updated_at.to_rfc3339(),
            escape(agency),
            escape(&c.topic),
            escape(&format!("索引号：{}　{}", rec.index_number.clone().unwrap_or_default(), summary))
        ));
    }
    xml.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"))],
        cache_control(state),
        xml,
    )
        .into_response())
}

fn feed_filter(ids: Vec<i64>, topic: Option<&str>) -> PublicationFilter {
    PublicationFilter {
        agency_ids: ids,
        states: vec![PublicationState::Published],
        topic: topic.map(str::to_owned),
        limit: 30,
        ..Default::default()
    }
}

/// `/feed.atom`: the portal's latest publications.
pub async fn site_feed(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    let agencies = state.store.list_agencies().await?;
    let name = portal_root(&agencies).map(|a| a.name.clone()).unwrap_or_default();
    Ok(feed(
        &state,
        &base_url(&state, &headers),
        &format!("{name}政府信息公开目录"),
        "/feed.atom",
        feed_filter(portal_ids(&agencies), None),
    )
    .await?)
}

/// `/agencies/{id}/feed.atom`: one agency's (and its subordinates') publications.
pub async fn agency_feed(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let agencies = state.store.list_agencies().await?;
    let agency = portal_agency(&agencies, &id)?;
    let path = format!("/agencies/{}/feed.atom", agency.id);
    Ok(feed(
        &state,
        &base_url(&state, &headers),
        &format!("{}主动公开信息", agency.name),
        &path,
        feed_filter(subtree(&agencies, agency.id), None),
    )
    .await?)
}

/// `/topics/{n}/feed.atom`: one 主题分类 (1–22, in taxonomy order).
pub async fn topic_feed(
    State(state): State<AppState>,
    Path(n): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let n: usize = n.trim_end_matches(".atom").parse().map_err(|_| AppError::not_found())?;
    let topic = topic_by_number(n).ok_or_else(AppError::not_found)?;
    let agencies = state.store.list_agencies().await?;
    let path = format!("/topics/{n}/feed.atom");
    let base = base_url(&state, &headers);
    Ok(feed(
        &state,
        &base,
        &format!("主题分类：{topic}"),
        &path,
        feed_filter(portal_ids(&agencies), Some(topic)),
    )
    .await?)
}

/// `/sitemap.xml`: the portal's pages and every published item.
pub async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    let agencies = state.store.list_agencies().await?;
    let ids = portal_ids(&agencies);
    let base = escape(&base_url(&state, &headers));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<url><loc>{base}/</loc></url>\n<url><loc>{base}/catalog</loc></url>\n<url><loc>{base}/search</loc></url>\n",
    );
    for a in agencies.iter().filter(|a| ids.contains(&a.id)) {
        for p in ["", "/guide", "/annual-reports", "/apply"] {
            xml.push_str(&format!("<url><loc>{base}/agencies/{}{p}</loc></url>\n", a.id));
        }
    }
    let mut offset = 0;
    loop {
        let (_, items) = state
            .store
            .list_publications(&PublicationFilter {
                agency_ids: ids.clone(),
                states: vec![PublicationState::Published],
                limit: 1000,
                offset,
                ..Default::default()
            })
            .await?;
        if items.is_empty() || offset >= 49_000 {
            break;
        }
        offset += items.len() as i64;
        for it in items {
            let lastmod = it.updated_at.date_naive();
            xml.push_str(&format!(
                "<url><loc>{base}/publications/{}</loc><lastmod>{lastmod}</lastmod></url>\n",
                it.id
            ));
        }
    }
    xml.push_str("</urlset>\n");
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8"))],
        cache_control(&state),
        xml,
    )
        .into_response())
}
