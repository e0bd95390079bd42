//! 工作台 (issue 13): a to-do list, not a staff list. What is due soonest among the requests the
//! signed-in person handles, what waits on them in the catalog (review, sign-off, overdue
//! items), the annual report's deadline, subordinate agencies' overdue counts for supervisors,
//! and — for admins — the latest changes in plain Chinese.

use crate::AppState;
use crate::auth::Staff;
use crate::error::PageError;
use crate::view::{audit_action_zh, audit_actor_zh, audit_subject_zh, console_context, merge};
use axum::extract::State;
use axum::response::Html;
use gongkai_app::access::readable_agencies;
use gongkai_app::requests::{self as svc, current_calendar};
use gongkai_domain::catalog::PublicationState;
use gongkai_domain::request::RequestState;
use gongkai_domain::role::Role;
use gongkai_store::{AuditFilter, PublicationFilter, PublicationOrder, RequestFilter, RequestOrder};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Requests shown per list on the dashboard.
const SHOWN: i64 = 8;

/// The request list rows for a filter, with their live urgency.
async fn request_rows(state: &AppState, filter: RequestFilter) -> Result<(i64, Vec<Value>), PageError> {
    let (total, items) = state.store.list_requests(&filter).await?;
    let cal = current_calendar(state).await?;
    let settings = svc::clock_settings(state);
    let today = svc::today(state);
    let mut rows = Vec::with_capacity(items.len());
    for item in &items {
        let facts = state.store.get_request(item.id).await?.map(|r| r.facts);
        rows.push(svc::list_item_json(item, facts.as_ref(), &cal, &settings, today, None, None));
    }
    Ok((total, rows))
}

pub async fn show(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, PageError> {
    let me = staff.user().clone();
    let today = svc::today(&state);
    let handles = me.roles.iter().any(|r| matches!(r, Role::Editor | Role::Approver | Role::Admin));
    let open = RequestFilter {
        agency_ids: vec![me.agency_id],
        states: RequestState::OPEN.to_vec(),
        order: RequestOrder::Urgency,
        limit: SHOWN,
        ..Default::default()
    };
    // 依申请公开: mine first; the agency's most urgent when I handle none.
    let (mine_total, mine) =
        request_rows(&state, RequestFilter { handler_id: Some(me.id), ..open.clone() }).await?;
    let (agency_total, urgent) =
        if handles && mine_total == 0 { request_rows(&state, open.clone()).await? } else { (0, vec![]) };
    let dues = state.store.open_due_dates(&[me.agency_id]).await?;
    let count = |f: RequestFilter| {
        let store = state.store.clone();
        async move { store.list_requests(&RequestFilter { limit: 0, ..f }).await.map(|(n, _)| n) }
    };
    let heading = if !mine.is_empty() {
        Some(format!("我承办的申请（{mine_total} 件，按期限先后）"))
    } else if !urgent.is_empty() {
        Some(format!("本机关最紧迫的申请（共 {agency_total} 件办理中；您目前没有承办的申请）"))
    } else {
        None
    };
    let rows = if mine.is_empty() { urgent } else { mine };
    let requests = json!({
        "rows": rows, "heading": heading, "mine_total": mine_total,
        "open": dues.len(),
        "overdue": dues.iter().filter(|(_, d)| d.is_some_and(|d| d < today)).count(),
        "due_today": dues.iter().filter(|(_, d)| *d == Some(today)).count(),
        "unconfirmed": count(RequestFilter { states: vec![RequestState::Submitted], ..open.clone() }).await?,
    });
    // 主动公开: what waits on my roles.
    let pubs = |states: Vec<PublicationState>| PublicationFilter {
        agency_ids: vec![me.agency_id],
        states,
        order: PublicationOrder::Due,
        limit: 5,
        ..Default::default()
    };
    let mut catalog = Vec::new();
    let wants = [
        (Role::Reviewer, PublicationState::InReview, "待我保密审查", "in_review"),
        (Role::Approver, PublicationState::AwaitingApproval, "待我审签", "awaiting_approval"),
        (Role::Editor, PublicationState::Draft, "草稿（待提交审查）", "draft"),
    ];
    for (role, st, label, key) in wants {
        if !me.has(role) {
            continue;
        }
        let (n, items) = state.store.list_publications(&pubs(vec![st])).await?;
        catalog.push(json!({
            "label": label, "total": n, "state": key,
            "items": items.iter().map(|p| json!({"id": p.id, "title": p.title, "due_on": p.due_on.to_string(), "late": p.due_on < today})).collect::<Vec<_>>(),
        }));
    }
    let yesterday = today.pred_opt().unwrap_or(today);
    let (catalog_overdue, _) = state
        .store
        .list_publications(&PublicationFilter {
            agency_ids: vec![me.agency_id],
            states: PublicationState::UNPUBLISHED.to_vec(),
            due_by: Some(yesterday),
            limit: 0,
            ..Default::default()
        })
        .await?;
    // 年度报告: last year's report until it is published.
    let year = gongkai_app::annual::default_year(today);
    let agency = state.store.get_agency(me.agency_id).await?;
    let deadline = agency.as_ref().and_then(|a| gongkai_app::annual::deadline(a, year));
    let doc = state.store.annual_report(me.agency_id, year).await?;
    let report = json!({
        "year": year,
        "deadline": deadline.map(|d| d.to_string()),
        "days_left": deadline.map(|d| (d - today).num_days()),
        "status": match &doc { None => "未开始", Some(d) if d.locked => "已发布", Some(_) => "草稿" },
        "published": doc.as_ref().is_some_and(|d| d.locked),
    });
    // 留言/找错 (issue 16): due soon and overdue at my agency, the most urgent first.
    let (msg_soon, msg_overdue) = gongkai_app::messages::due_counts(&state, &[me.agency_id]).await?;
    let (msg_open, mut msg_rows) =
        gongkai_app::messages::staff_list(&state, &me, gongkai_app::messages::StaffView::Open, 1).await?;
    msg_rows.truncate(5);
    let messages = json!({"due_soon": msg_soon, "overdue": msg_overdue, "open": msg_open, "rows": msg_rows});
    // Supervisors: each agency below, with its open and overdue requests.
    let mut subordinates = Vec::new();
    if me.has(Role::Supervisor) {
        let agencies = state.store.list_agencies().await?;
        let others: Vec<i64> =
            readable_agencies(&agencies, &me).into_iter().filter(|a| *a != me.agency_id).collect();
        let all = state.store.open_due_dates(&others).await?;
        for a in others {
            let open: Vec<_> = all.iter().filter(|(id, _)| *id == a).collect();
            subordinates.push(json!({
                "id": a,
                "name": agencies.iter().find(|x| x.id == a).map(|x| x.name.clone()),
                "open": open.len(),
                "overdue": open.iter().filter(|(_, d)| d.is_some_and(|d| d < today)).count(),
            }));
        }
        subordinates.sort_by_key(|s| std::cmp::Reverse(s["overdue"].as_u64().unwrap_or(0)));
    }
    // Admins: the latest changes, in words.
    let mut recent = Vec::new();
    if me.has(Role::Admin) {
        let people: HashMap<String, String> = state
            .store
            .list_users(me.agency_id)
            .await?
            .into_iter()
            .map(|u| (u.username, u.display_name))
            .collect();
        let audit = state
            .store
            .list_audit(AuditFilter { agency_ids: Some(vec![me.agency_id]), before_seq: None, limit: 8 })
            .await?;
        recent = audit
            .iter()
            .map(|e| {
                json!({"at": e.at, "actor": audit_actor_zh(&e.actor, &people), "action": audit_action_zh(&e.action),
                       "subject": audit_subject_zh(&e.subject)})
            })
            .collect();
    }
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({
            "nav": "dashboard", "handles": handles, "requests": requests, "catalog": catalog,
            "catalog_overdue": catalog_overdue, "report": report, "messages": messages, "subordinates": subordinates, "recent": recent,
        }),
    );
    Ok(Html(state.templates.render("staff_dashboard.html", ctx)?.0))
}
