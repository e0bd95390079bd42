//! The staff side of 依申请公开: the dashboard (open requests by urgency, filters, counters,
//! subordinates' overdue counts), staff intake, the request page with its history, 计算说明,
//! letters and the forms of the actions allowed now, letter templates, and the
//! reconsideration and litigation register.

use crate::AppState;
use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::routes::requests_api::{CaseBody, ListQuery, case_input, filter_from};
use crate::view::{console_context, merge};
use crate::view::{file_response, letter_response};
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_app::access::readable_agencies;
use gongkai_app::letters;
use gongkai_app::requests::current_calendar;
use gongkai_app::requests::{self as svc, Intake};
use gongkai_domain::agency::FieldError;
use gongkai_domain::clock::{Channel, ConsultationKind};
use gongkai_domain::request::{
    Action, ActionKind, ApplicantKind, ConsultationResult, FeeMethod, LetterKind, Outcome, RequestState,
    WaitingOn, allowed_actions, quote, validate,
};
use gongkai_domain::role::Role;
use gongkai_store::{Actor, CaseKind, CaseResult, FileRole, RequestFilter, User};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

fn may_handle(user: &User) -> bool {
    user.roles.iter().any(|r| matches!(r, Role::Editor | Role::Approver | Role::Admin))
}

async fn user_names(state: &AppState, agency_ids: &[i64]) -> Result<HashMap<i64, String>, AppError> {
    let mut m = HashMap::new();
    for a in agency_ids {
        for u in state.store.list_users(*a).await? {
            m.insert(u.id, u.display_name);
        }
    }
    Ok(m)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The dashboard: open requests by urgency with filters and counters.
pub async fn dashboard(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let user = staff.user();
    let agencies = state.store.list_agencies().await?;
    let readable = readable_agencies(&agencies, user);
    let filter = filter_from(&q, &readable, user.agency_id);
    let (total, items) = state.store.list_requests(&filter).await?;
    let cal = current_calendar(&state).await?;
    let settings = svc::clock_settings(&state);
    let today = svc::today(&state);
    let names = user_names(&state, &filter.agency_ids).await?;
    let agency_name = |id: i64| agencies.iter().find(|a| a.id == id).map(|a| a.name.clone());
    let mut rows = Vec::with_capacity(items.len());
    for item in &items {
        let facts = state.store.get_request(item.id).await?.map(|r| r.facts);
        let handler = item.handler_id.and_then(|h| names.get(&h)).map(String::as_str);
        rows.push(svc::list_item_json(
            item,
            facts.as_ref(),
            &cal,
            &settings,
            today,
            handler,
            agency_name(item.agency_id).as_deref(),
        ));
    }
    // Counters over the shown agency's open requests (stored due dates; the rows are live).
    let shown = filter.agency_ids.clone();
    let dues = state.store.open_due_dates(&shown).await?;
    let overdue = dues.iter().filter(|(_, d)| d.is_some_and(|d| d < today)).count();
    let due_today = dues.iter().filter(|(_, d)| *d == Some(today)).count();
    let count = |f: RequestFilter| {
        let store = state.store.clone();
        async move { store.list_requests(&RequestFilter { limit: 0, ..f }).await.map(|(n, _)| n) }
    };
    let base = RequestFilter {
        agency_ids: shown.clone(),
        states: RequestState::OPEN.to_vec(),
        limit: 1,
        ..Default::default()
    };
    let counters = json!({
        "open": dues.len(),
        "overdue": overdue,
        "due_today": due_today,
        "unconfirmed": count(RequestFilter { states: vec![RequestState::Submitted], ..base.clone() }).await?,
        "waiting_applicant": count(RequestFilter { waiting_on: Some(WaitingOn::Applicant), ..base.clone() }).await?,
        "waiting_third_party": count(RequestFilter { waiting_on: Some(WaitingOn::ThirdParty), ..base.clone() }).await?,
        "waiting_payment": count(RequestFilter { states: vec![RequestState::AwaitingPayment], ..base.clone() }).await?,
    });
    // Supervisors: every subordinate agency's open and overdue counts.
    let mut subordinates = Vec::new();
    if user.has(Role::Supervisor) {
        let others: Vec<i64> = readable.iter().copied().filter(|a| *a != user.agency_id).collect();
        let all = state.store.open_due_dates(&others).await?;
        for a in others {
            let open: Vec<_> = all.iter().filter(|(id, _)| *id == a).collect();
            subordinates.push(json!({
                "id": a,
                "name": agency_name(a),
                "open": open.len(),
                "overdue": open.iter().filter(|(_, d)| d.is_some_and(|d| d < today)).count(),
            }));
        }
        subordinates.sort_by_key(|s| std::cmp::Reverse(s["overdue"].as_u64().unwrap_or(0)));
    }
    let page = crate::edge::page_clamped(q.page.as_deref());
    let handlers: Vec<Value> = names.iter().map(|(id, n)| json!({"id": id, "name": n})).collect();
    let years: Vec<i32> = ((today.format("%Y").to_string().parse::<i32>().unwrap_or(2026) - 6)
        ..=today.format("%Y").to_string().parse::<i32>().unwrap_or(2026))
        .rev()
        .collect();
    let waitings: Vec<Value> =
        [WaitingOn::Agency, WaitingOn::Applicant, WaitingOn::ThirdParty, WaitingOn::OtherAgency]
            .iter()
            .map(|w| json!({"key": w.key(), "label": w.label_zh()}))
            .collect();
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({
            "nav": "requests",
            "rows": rows,
            "total": total,
            "page": page,
            "pages": (total + 49) / 50,
            "q": {
                "state": q.state.clone().unwrap_or_else(|| "open".into()),
                "waiting": q.waiting, "kind": q.kind, "channel": q.channel, "handler": q.handler,
                "year": q.year, "q": q.q, "agency": q.agency,
            },
            "counters": counters,
            "subordinates": subordinates,
            "shown_agency": filter.agency_ids.first().and_then(|a| agency_name(*a)),
            "states": RequestState::ALL.iter().map(|s| json!({"key": s.key(), "label": s.label_zh()})).collect::<Vec<_>>(),
            "waitings": waitings,
            "kinds": ApplicantKind::ALL.iter().map(|k| json!({"key": k.key(), "label": k.label_zh()})).collect::<Vec<_>>(),
            "channels": Channel::ALL.iter().map(|c| json!({"key": c.as_str(), "label": c.label_zh()})).collect::<Vec<_>>(),
            "handlers": handlers,
            "years": years,
            "today": letters::zh_date(today),
            "may_handle": may_handle(user),
        }),
    );
    Ok(state.templates.render("staff_requests.html", ctx)?)
}

async fn render_new(
    state: &AppState,
    staff: &Staff,
    values: Value,
    errors: &[FieldError],
    top_error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let mut err_map = HashMap::new();
    for e in errors {
        err_map.entry(e.field).or_insert_with(|| e.message.clone());
    }
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "requests",
            "v": values,
            "errors": err_map,
            "error_list": errors.iter().map(|e| json!({"field": e.field, "label": gongkai_domain::request::field_label_zh(e.field), "message": e.message})).collect::<Vec<_>>(),
            "top_error": top_error,
            "choices": svc::form_choices(),
            "today": svc::today(state).to_string(),
            "max_mb": svc::MAX_FILE_BYTES >> 20,
        }),
    );
    Ok((status, state.templates.render("staff_request_new.html", ctx)?).into_response())
}

pub async fn new_form(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    if !may_handle(staff.user()) {
        return Err(AppError::forbidden().into());
    }
    let today = svc::today(&state).to_string();
    let v = json!({"kind": "natural_person", "id_type": "resident_id", "form": "paper", "delivery": "pickup",
                   "channel": "in_person", "submitted_on": today, "received_on": today});
    render_new(&state, &staff, v, &[], None, StatusCode::OK).await
}

/// Staff intake of a request that came in person, by mail or by fax (条例 第三十一条).
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let user = staff.user().clone();
    if !may_handle(&user) {
        return Err(AppError::forbidden().into());
    }
    let mp = multipart
        .map_err(|_| AppError::new(StatusCode::BAD_REQUEST, "bad_form", "表单数据不完整，请重新提交。"))?;
    let form = crate::multipart::read_multipart(mp, |t| staff.verify_csrf(t)).await?;
    let values = json!(form.fields);
    let mut errors = match validate(&crate::multipart::application_input(&form)) {
        Ok(_) => vec![],
        Err(e) => e,
    };
    let today = svc::today(&state);
    let channel = form.get("channel").parse::<Channel>().ok();
    if channel.is_none() {
        errors.push(FieldError::new("channel", "required", "请选择提交渠道"));
    }
    let submitted_on = parse_date(&form.get("submitted_on"));
    match submitted_on {
        None => errors.push(FieldError::new("submitted_on", "required", "请填写提交（寄达）日期")),
        Some(d) if d > today => {
            errors.push(FieldError::new("submitted_on", "future_date", "日期不能晚于今天"))
        }
        Some(d) => {
            if let Err(e) = gongkai_domain::dates::check("提交（寄达）日期", d, today) {
                errors.push(FieldError::new(
                    "submitted_on",
                    gongkai_domain::dates::ImplausibleDate::CODE,
                    e.message,
                ));
            }
        }
    }
    let received_raw = form.get("received_on");
    let received_on = if received_raw.trim().is_empty() { None } else { parse_date(&received_raw) };
    if !received_raw.trim().is_empty() && received_on.is_none() {
        errors.push(FieldError::new("received_on", "invalid_date", "日期格式应为 年-月-日"));
    }
    if let (Some(r), Some(s)) = (received_on, submitted_on) {
        if r < s {
            errors.push(FieldError::new("received_on", "before_submitted", "收到申请之日不能早于提交日期"));
        }
        if r > today {
            errors.push(FieldError::new("received_on", "future_date", "日期不能晚于今天"));
        }
    }
    if channel == Some(Channel::RegisteredMail) && received_on.is_none() {
        errors.push(FieldError::new(
            "received_on",
            "required",
            "邮寄（需签收）的申请以签收之日为收到申请之日，请填写签收日期",
        ));
    }
    if !errors.is_empty() {
        return render_new(&state, &staff, values, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let application =
        validate(&crate::multipart::application_input(&form)).map_err(|_| AppError::internal())?;
    let mut files = Vec::new();
    for (_, name, data) in form.files {
        match svc::check_upload(FileRole::Scan, &name, data) {
            Ok(f) => files.push(f),
            Err(e) => {
                let e = AppError::from(e);
                return render_new(&state, &staff, values, &[], Some(e.message), e.status).await;
            }
        }
    }
    let agency = state.store.get_agency(user.agency_id).await?.ok_or_else(AppError::not_found)?;
    let (Some(channel), Some(submitted_on)) = (channel, submitted_on) else {
        return Err(AppError::internal().into());
    };
    let intake = Intake { agency, application, channel, submitted_on, received_on, files };
    let (rec, code) = svc::submit(&state, &Actor::user(&user), intake).await?;
    // The 查询码 is shown once, to be handed to the applicant with the receipt: the printable
    // receipt carries it (issue 13); the stored letter does not (only a digest of the code is kept).
    let receipt =
        state.store.request_letters(rec.id).await?.into_iter().find(|l| l.kind == LetterKind::Receipt);
    let receipt = receipt.map(|l| {
        let mut paras = letters::paragraphs(&l.body);
        let line = format!("查询码：{code}。请妥善保存，凭受理编号和查询码可在本机关门户网站查询办理进度、下载答复文书。");
        let at = if paras.len() > 1 { paras.len() - 1 } else { paras.len() };
        paras.insert(at, vec![line]);
        let n = paras.len();
        json!({"title": l.title, "paragraphs": paras.iter().enumerate().map(|(i, p)| json!({"lines": p, "signature": i + 1 == n && n > 1, "salutation": i == 0})).collect::<Vec<_>>()})
    });
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({"nav": "requests", "number": rec.number, "code": code, "id": rec.id,
               "applicant_name": rec.facts.application.applicant.name, "receipt": receipt}),
    );
    let mut resp = state.templates.render("staff_request_created.html", ctx)?.into_response();
    resp.headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// The outcomes by group, each with the default basis under the request's regime.
fn outcome_groups(rules: gongkai_domain::clock::Rules) -> Vec<Value> {
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for o in Outcome::ALL {
        if matches!(
            o,
            Outcome::Other(
                gongkai_domain::request::OtherReason::CorrectionLapsed
                    | gongkai_domain::request::OtherReason::FeeUnpaid
            )
        ) {
            continue;
        }
        let g = o.group_zh().to_owned();
        let item = json!({"key": o.key(), "label": o.label_zh(), "basis": o.default_basis_for(rules)});
        match groups.last_mut() {
            Some((name, items)) if *name == g => items.push(item),
            _ => groups.push((g, vec![item])),
        }
    }
    groups.into_iter().map(|(g, items)| json!({"group": g, "items": items})).collect()
}

/// The request page; `flash`, `warnings` and `error` come from an action just performed.
async fn render_detail(
    state: &AppState,
    staff: &Staff,
    id: i64,
    flash: Option<String>,
    warnings: Vec<String>,
    error: Option<(String, Option<String>)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = staff.user();
    let rec = svc::readable_request(state, user, id).await?;
    let cal = current_calendar(state).await?;
    let today = svc::today(state);
    let settings = svc::clock_settings(state);
    let clock = rec.facts.clock(&cal, &settings, today, true).and_then(Result::ok);
    let (urgency, urgency_class) = svc::urgency(clock.as_ref(), &rec.facts);
    let own = rec.agency_id == user.agency_id;
    let allowed: Vec<&'static str> =
        if own { allowed_actions(&rec.facts, &user.roles).iter().map(|k| k.key()).collect() } else { vec![] };
    let events = state.store.request_events(rec.id).await?;
    let letters = state.store.request_letters(rec.id).await?;
    let mails = state.store.outbox_for(&format!("request:{}", rec.id)).await?;
    let files = state.store.list_files(&format!("request:{}", rec.id)).await?;
    let users = state.store.list_users(rec.agency_id).await?;
    // 经办 shows people's names (issue 13), not login names.
    let names: HashMap<&str, &str> =
        users.iter().map(|u| (u.username.as_str(), u.display_name.as_str())).collect();
    let events: Vec<Value> = events
        .iter()
        .map(|e| {
            let mut v = svc::event_json(e);
            let shown = match e.actor.as_str() {
                a if names.contains_key(a) => names[a].to_owned(),
                "system" => "系统".to_owned(),
                "public:portal" => "申请人（门户网站）".to_owned(),
                "public:api" => "申请人（接口）".to_owned(),
                a => a.strip_prefix("cli:").map_or_else(|| a.to_owned(), |w| format!("命令行（{w}）")),
            };
            v["actor"] = json!(shown);
            v
        })
        .collect();
    let staff_list: Vec<Value> = users
        .iter()
        .filter(|u| u.active && u.roles.iter().any(|r| matches!(r, Role::Editor | Role::Approver)))
        .map(|u| json!({"id": u.id, "name": u.display_name}))
        .collect();
    let k = svc::month_count(state, &rec).await?;
    let repeats = svc::repeat_candidates(state, &rec).await?;
    let agency = state.store.get_agency(rec.agency_id).await?.ok_or_else(AppError::not_found)?;
    let open_consultations: Vec<Value> = rec
        .facts
        .consultations
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_open())
        .map(|(i, c)| {
            let by = cal
                .add_workdays(c.sent_on, gongkai_domain::request::CONSULTATION_WORKDAYS)
                .ok()
                .map(|w| w.date.to_string());
            json!({"index": i, "party": c.party, "sent_on": c.sent_on.to_string(), "reply_by": by})
        })
        .collect();
    let a = &rec.facts.application;
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "requests",
            "r": {
                "id": rec.id, "number": rec.number, "version": rec.version, "agency": agency.name,
                "state": rec.facts.state.key(), "state_label": rec.facts.state.label_zh(),
                "waiting_label": rec.facts.waiting_on().label_zh(),
                "channel_label": rec.facts.channel.label_zh(),
                "submitted_on": rec.facts.submitted_on.to_string(),
                "received_on": rec.facts.received_on.map(|d| d.to_string()),
                "handler": rec.facts.handler.as_ref().map(|h| h.name.clone()),
                "handler_id": rec.facts.handler.as_ref().map(|h| h.id),
                "applicant": {
                    "kind_label": a.applicant.kind.label_zh(), "name": a.applicant.name,
                    "id_type_label": a.applicant.id_type.label_zh(), "id_masked": a.applicant.id_masked(),
                    "phone": a.applicant.phone, "email": a.applicant.email, "address": a.applicant.address,
                    "contact_person": a.applicant.contact_person,
                },
                "info_title": a.info_title, "doc_number": a.doc_number, "description": a.description, "purpose": a.purpose, "suggest_publication": a.suggest_publication,
                "form_label": a.form.label_zh(), "delivery_label": a.delivery.label_zh(),
                "correction": rec.facts.correction, "consultations": rec.facts.consultations.iter().map(|c| json!({
                    "party": c.party, "matter": c.matter, "kind": if c.kind == ConsultationKind::ThirdParty { "第三方" } else { "其他机关" },
                    "sent_on": c.sent_on.to_string(), "answered_on": c.answered_on.map(|d| d.to_string()),
                    "result": c.result.map(|r| r.label_zh()), "opinion": c.opinion,
                })).collect::<Vec<_>>(),
                "extension": rec.facts.extension, "fee": rec.facts.fee.as_ref().map(|f| json!({
                    "method": f.quote.method.label_zh(), "quantity": f.quote.quantity, "amount": f.quote.amount_yuan,
                    "notice_on": f.notice_on.to_string(), "pay_by": f.pay_by.to_string(),
                    "paid_on": f.paid_on.map(|d| d.to_string()), "lapsed_on": f.lapsed_on.map(|d| d.to_string()),
                })),
                "decision": rec.facts.decision.as_ref().map(|d| json!({
                    "on": d.on.to_string(), "outcome": d.outcome.label_zh(), "short": d.outcome.short_zh(),
                    "basis": d.basis, "reasoning": d.reasoning, "by": d.decided_by,
                })),
                "delivery": rec.facts.delivery,
            },
            "clock": clock,
            "explanation": clock.as_ref().map(|c| c.steps.iter().map(|s| json!({"rule": s.rule, "text": s.text})).collect::<Vec<_>>()),
            "urgency": urgency, "urgency_class": urgency_class,
            "own": own,
            "allowed": allowed,
            "events": events,
            "letters": letters.iter().map(|l| json!({"id": l.id, "title": l.title, "kind": l.kind.key(), "to_applicant": l.kind.to_applicant(), "created_by": l.created_by, "created_at": l.created_at.to_rfc3339()})).collect::<Vec<_>>(),
            "files": files.iter().map(svc::file_json).collect::<Vec<_>>(),
            "mails": mails.iter().map(|m| json!({
                "subject": m.subject, "to": m.recipient, "created_at": m.created_at.to_rfc3339(),
                "status": match (m.sent_at, m.failed_at) {
                    (Some(_), _) => "已发送".to_owned(),
                    (None, Some(_)) => format!("发送失败，已停止重试（{}）", m.last_error),
                    (None, None) if m.attempts > 0 => format!("发送未成功，将自动重试（已尝试 {} 次）", m.attempts),
                    (None, None) => "等待发送".to_owned(),
                },
            })).collect::<Vec<_>>(),
            "staff_list": staff_list,
            "outcome_groups": outcome_groups(rec.facts.rules()),
            "month_count": k,
            "per_request_quote": quote(FeeMethod::PerRequest, u32::try_from(k).unwrap_or(u32::MAX)).amount_yuan,
            "repeats": repeats,
            "open_consultations": open_consultations,
            "today": today.to_string(),
            "max_extension": rec.facts.rules().max_extension(),
            "flash": flash, "warnings": warnings,
            "error": error.as_ref().map(|e| e.0.clone()),
            "error_action": error.and_then(|e| e.1),
            "max_mb": svc::MAX_FILE_BYTES >> 20,
        }),
    );
    Ok((status, state.templates.render("staff_request.html", ctx)?).into_response())
}

pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    render_detail(&state, &staff, id, None, vec![], None, StatusCode::OK).await
}

/// Builds the action from the submitted form fields.
fn action_from_form(f: &HashMap<String, String>, user: &User) -> Result<Action, AppError> {
    let get = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let date = |k: &str| {
        parse_date(&get(k))
            .ok_or_else(|| AppError::invalid("on", "invalid_date", "请填写正确的日期（年-月-日）"))
    };
    let kind = ActionKind::from_key(&get("action"))
        .ok_or_else(|| AppError::invalid("action", "unknown_action", "未知的操作"))?;
    let num = |k: &str, what: &str| {
        get(k)
            .parse::<u64>()
            .map_err(|_| AppError::invalid("quantity", "invalid_number", format!("请填写{what}（正整数）")))
    };
    Ok(match kind {
        ActionKind::Submit => return Err(AppError::invalid("action", "unknown_action", "未知的操作")),
        ActionKind::Assign => {
            let id: i64 = get("handler_id")
                .parse()
                .map_err(|_| AppError::invalid("handler_id", "required", "请选择承办人"))?;
            let _ = user;
            // The name is taken from the user record by the service.
            Action::Assign { handler_id: id, handler_name: String::new() }
        }
        ActionKind::ConfirmReceipt => Action::ConfirmReceipt { on: date("on")? },
        ActionKind::RequestCorrection => Action::RequestCorrection {
            on: date("on")?,
            deadline: parse_date(&get("deadline"))
                .ok_or_else(|| AppError::invalid("deadline", "invalid_date", "请填写补正期限"))?,
            items: get("items"),
        },
        ActionKind::RecordCorrection => Action::RecordCorrection { on: date("on")?, note: get("note") },
        ActionKind::CorrectionLapsed => Action::CorrectionLapsed { on: date("on")? },
        ActionKind::StartConsultation => Action::StartConsultation {
            kind: if get("consultation_kind") == "agency" {
                ConsultationKind::Agency
            } else {
                ConsultationKind::ThirdParty
            },
            party: get("party"),
            matter: get("matter"),
            on: date("on")?,
        },
        ActionKind::EndConsultation => Action::EndConsultation {
            index: get("index")
                .parse()
                .map_err(|_| AppError::invalid("index", "required", "请选择征求意见"))?,
            on: date("on")?,
            result: ConsultationResult::from_key(&get("result"))
                .ok_or_else(|| AppError::invalid("result", "required", "请选择意见结果"))?,
            opinion: get("opinion"),
        },
        ActionKind::Extend => Action::Extend {
            on: date("on")?,
            workdays: u32::try_from(num("workdays", "延长的工作日数")?).unwrap_or(u32::MAX),
            reason: get("reason"),
        },
        ActionKind::IssueFeeNotice => Action::IssueFeeNotice {
            on: date("on")?,
            method: FeeMethod::from_key(&get("method"))
                .ok_or_else(|| AppError::invalid("method", "required", "请选择收费方式"))?,
            quantity: u32::try_from(num("quantity", "计费数量")?).unwrap_or(u32::MAX),
        },
        ActionKind::RecordPayment => {
            Action::RecordPayment { on: date("on")?, amount_yuan: num("amount", "缴费金额")? }
        }
        ActionKind::FeeLapsed => Action::FeeLapsed { on: date("on")? },
        ActionKind::Decide => Action::Decide {
            on: date("on")?,
            outcome: Outcome::from_key(&get("outcome"))
                .ok_or_else(|| AppError::invalid("outcome", "required", "请选择答复结果"))?,
            basis: get("basis"),
            reasoning: get("reasoning"),
        },
        ActionKind::Deliver => Action::Deliver {
            on: date("on")?,
            method: get("method"),
            sensitive_override: Some(get("sensitive_override")).filter(|r| !r.trim().is_empty()),
        },
        ActionKind::Close => Action::Close { on: date("on")? },
        ActionKind::Withdraw => Action::Withdraw { on: date("on")?, reason: get("reason") },
    })
}

pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    let action_key = f.get("action").cloned();
    let version: i64 = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let action = match action_from_form(&f, &user) {
        Ok(a) => a,
        Err(e) => {
            let status = e.status;
            return render_detail(&state, &staff, id, None, vec![], Some((e.message, action_key)), status)
                .await;
        }
    };
    // The handler of an assignment is checked (and named) by the service, as for the API.
    let label = action.kind().label_zh();
    match svc::perform(&state, &user, id, version, action).await {
        Ok((_, warnings)) => {
            render_detail(
                &state,
                &staff,
                id,
                Some(format!("已完成：{label}")),
                warnings,
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            let e = AppError::from(e);
            if e.status == StatusCode::NOT_FOUND {
                return Err(e.into());
            }
            render_detail(&state, &staff, id, None, vec![], Some((e.message, action_key)), e.status).await
        }
    }
}

/// Adds files to a request: information released to the applicant, or scans.
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let user = staff.user().clone();
    let rec = svc::readable_request(&state, &user, id).await?;
    if rec.agency_id != user.agency_id || !may_handle(&user) {
        return Err(AppError::forbidden().into());
    }
    let mp = multipart
        .map_err(|_| AppError::new(StatusCode::BAD_REQUEST, "bad_form", "表单数据不完整，请重新提交。"))?;
    let files = match read_upload(&staff, mp).await {
        Ok(files) => files,
        Err(e) if e.code == "csrf_failed" => return Err(e.into()),
        Err(e) => {
            let status = e.status;
            let error = Some((e.message, Some("upload".to_owned())));
            return render_detail(&state, &staff, id, None, vec![], error, status).await;
        }
    };
    let n = files.len();
    let released = files.iter().any(|f| f.role == FileRole::Released);
    state.store.add_files(&Actor::user(&user), &format!("request:{id}"), rec.agency_id, files).await?;
    // Files for the applicant are scanned at once, so a problem shows before delivery (issue 13).
    let warnings = if released {
        svc::released_file_findings(&state, &rec)
            .await?
            .into_iter()
            .map(|f| format!("提供给申请人的文件可能含有个人信息，送达前请处理：{f}"))
            .collect()
    } else {
        vec![]
    };
    render_detail(&state, &staff, id, Some(format!("已上传 {n} 个文件")), warnings, None, StatusCode::OK)
        .await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CsrfOnlyForm {
    csrf_token: String,
}

/// Removes a file meant for the applicant before it is delivered (e.g. to upload a masked copy
/// instead); application materials and delivered files stay.
pub async fn delete_file(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, file_id)): Path<(i64, i64)>,
    axum::Form(f): axum::Form<CsrfOnlyForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let user = staff.user().clone();
    let rec = svc::readable_request(&state, &user, id).await?;
    if rec.agency_id != user.agency_id || !may_handle(&user) {
        return Err(AppError::forbidden().into());
    }
    let owner = format!("request:{id}");
    let meta = state
        .store
        .list_files(&owner)
        .await?
        .into_iter()
        .find(|m| m.id == file_id)
        .ok_or_else(AppError::not_found)?;
    if meta.role != FileRole::Released
        || matches!(rec.facts.state, RequestState::Delivered | RequestState::Closed)
    {
        let error = Some(("只有尚未送达的“提供给申请人”的文件可以删除。".to_owned(), None));
        return render_detail(&state, &staff, id, None, vec![], error, StatusCode::CONFLICT).await;
    }
    state.store.delete_file(&Actor::user(&user), &owner, rec.agency_id, file_id).await?;
    render_detail(
        &state,
        &staff,
        id,
        Some(format!("已删除文件《{}》", meta.name)),
        vec![],
        None,
        StatusCode::OK,
    )
    .await
}

/// The files of the request page's upload form, checked (CSRF, size, type, at least one).
async fn read_upload(staff: &Staff, mp: Multipart) -> Result<Vec<gongkai_store::NewFile>, AppError> {
    let form = crate::multipart::read_multipart(mp, |t| staff.verify_csrf(t)).await?;
    let role = if form.get("role") == "scan" { FileRole::Scan } else { FileRole::Released };
    let files = form
        .files
        .into_iter()
        .map(|(_, name, data)| svc::check_upload(role, &name, data))
        .collect::<Result<Vec<_>, _>>()?;
    if files.is_empty() {
        return Err(AppError::invalid("files", "required", "请选择要上传的文件"));
    }
    Ok(files)
}

#[derive(Debug, Default, Deserialize)]
pub struct LetterQuery {
    format: Option<String>,
}

pub async fn letter(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, lid)): Path<(i64, i64)>,
    Query(q): Query<LetterQuery>,
) -> Result<Response, PageError> {
    let (rec, letter) = svc::readable_letter(&state, staff.user(), id, lid).await?;
    let agency = state.store.get_agency(rec.agency_id).await?.ok_or_else(AppError::not_found)?;
    letter_response(
        &state,
        &agency.name,
        &rec.number,
        &letter,
        crate::view::LetterFormat::from_param(q.format.as_deref().unwrap_or("")),
        Some(format!("/staff/requests/{id}")),
    )
    .await
}

pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (meta, data) = state.store.get_file(id).await?.ok_or_else(AppError::not_found)?;
    let agencies = state.store.list_agencies().await?;
    let agency_id = match meta.owner.split_once(':') {
        Some(("request", rid)) => {
            let rid: i64 = rid.parse().map_err(|_| AppError::not_found())?;
            state.store.get_request(rid).await?.map(|r| r.agency_id)
        }
        Some(("case", cid)) => {
            let cid: i64 = cid.parse().map_err(|_| AppError::not_found())?;
            state.store.get_case(cid).await?.map(|c| c.agency_id)
        }
        _ => None,
    }
    .ok_or_else(AppError::not_found)?;
    gongkai_app::access::require_read(&agencies, staff.user(), agency_id)?;
    Ok(file_response(&meta, data))
}

#[derive(Debug, Default, Deserialize)]
pub struct TemplateQuery {
    kind: Option<String>,
}

async fn render_templates(
    state: &AppState,
    staff: &Staff,
    kind: LetterKind,
    body: Option<String>,
    flash: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = staff.user();
    let custom = state.store.letter_template(user.agency_id, kind).await?;
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "templates",
            "kinds": LetterKind::ALL.iter().map(|k| json!({"key": k.key(), "label": k.label_zh()})).collect::<Vec<_>>(),
            "kind": kind.key(), "kind_label": kind.label_zh(),
            // Staff read and write the placeholders by their Chinese names (issue 13).
            "body": body.unwrap_or_else(|| letters::to_chinese_placeholders(&custom.clone().unwrap_or_else(|| letters::default_template(kind).to_owned()))),
            "is_custom": custom.is_some(),
            "default_body": letters::to_chinese_placeholders(letters::default_template(kind)),
            "placeholders": letters::CHINESE_NAMES.iter().map(|(k, zh)| json!({
                "name": format!("{{{{{zh}}}}}"),
                "label": letters::PLACEHOLDERS.iter().find(|(p, _)| p == k).map_or(*zh, |(_, l)| *l),
            })).collect::<Vec<_>>(),
            "flash": flash, "error": error,
            "may_edit": user.has(Role::Admin) || user.has(Role::Approver),
        }),
    );
    Ok((status, state.templates.render("staff_letter_templates.html", ctx)?).into_response())
}

pub async fn templates_page(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<TemplateQuery>,
) -> Result<Response, PageError> {
    let kind = q.kind.as_deref().and_then(LetterKind::from_key).unwrap_or(LetterKind::Reply);
    render_templates(&state, &staff, kind, None, None, None, StatusCode::OK).await
}

/// Saves (or resets) the agency's template; a template that does not fill with a sample
/// request is refused with the reason, and the text kept.
pub async fn save_template(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    if !(user.has(Role::Admin) || user.has(Role::Approver)) {
        return Err(AppError::forbidden().into());
    }
    let kind = f.get("kind").and_then(|k| LetterKind::from_key(k)).ok_or_else(AppError::not_found)?;
    if f.contains_key("reset") {
        state.store.put_letter_template(&Actor::user(&user), user.agency_id, kind, None).await?;
        return render_templates(
            &state,
            &staff,
            kind,
            None,
            Some("已恢复为系统默认模板".into()),
            None,
            StatusCode::OK,
        )
        .await;
    }
    let body = gongkai_domain::text::strip_xml_invalid(
        &f.get("body").cloned().unwrap_or_default().replace("\r\n", "\n"),
    );
    if body.trim().is_empty() || body.chars().count() > letters::MAX_TEMPLATE_CHARS {
        return render_templates(
            &state,
            &staff,
            kind,
            Some(body),
            None,
            Some("模板不能为空，且不超过 20000 字".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    // Typed with Chinese placeholder names; stored with the stable English ones.
    let typed = body;
    let body = match letters::from_chinese_placeholders(&typed) {
        Ok(b) => b,
        Err(e) => {
            return render_templates(
                &state,
                &staff,
                kind,
                Some(typed),
                None,
                Some(e),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    // The sample fill runs under the fuel budget, off the runtime: a template that runs out
    // (nested loops, huge repetitions) is refused here with the reason.
    if let Err(e) = letters::fill_off_runtime(body.clone(), sample_context()).await {
        return render_templates(
            &state,
            &staff,
            kind,
            Some(typed.clone()),
            None,
            Some(e),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    state.store.put_letter_template(&Actor::user(&user), user.agency_id, kind, Some(body)).await?;
    render_templates(
        &state,
        &staff,
        kind,
        None,
        Some("模板已保存，之后生成的文书将使用新模板".into()),
        None,
        StatusCode::OK,
    )
    .await
}

/// Every placeholder with a sample value, to check an edited template.
fn sample_context() -> Value {
    let mut m = serde_json::Map::new();
    for (k, _) in letters::PLACEHOLDERS {
        m.insert((*k).to_owned(), Value::String(format!("〔{k}〕")));
    }
    for k in [
        "office_name",
        "applicant_kind",
        "info_title",
        "doc_number",
        "form",
        "delivery",
        "submitted_on",
        "consultation_article",
        "consultation_lapse_rule",
        "fee_method",
        "reconsideration_body",
    ] {
        m.insert(k.to_owned(), Value::String(format!("〔{k}〕")));
    }
    Value::Object(m)
}

// --- reconsideration and litigation register ---

async fn render_cases(
    state: &AppState,
    staff: &Staff,
    values: Value,
    editing: Option<Value>,
    flash: Option<String>,
    error: Option<(String, Option<&'static str>)>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = staff.user();
    let agencies = state.store.list_agencies().await?;
    let readable = readable_agencies(&agencies, user);
    let cases = state.store.list_cases(&readable).await?;
    let rows: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({"id": c.id, "kind_label": c.kind.label_zh(), "body": c.body, "case_number": c.case_number,
                   "applicant": c.applicant, "filed_on": c.filed_on.to_string(), "closed_on": c.closed_on.map(|d| d.to_string()),
                   "result_label": c.result.label_zh(), "request_id": c.request_id, "summary": c.summary,
                   "own": c.agency_id == user.agency_id,
                   "agency": agencies.iter().find(|a| a.id == c.agency_id).map(|a| a.name.clone())})
        })
        .collect();
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "cases",
            "cases": rows,
            "v": values,
            "editing": editing,
            "kinds": CaseKind::ALL.iter().map(|k| json!({"key": k.key(), "label": k.label_zh()})).collect::<Vec<_>>(),
            "results": CaseResult::ALL.iter().map(|k| json!({"key": k.key(), "label": k.label_zh()})).collect::<Vec<_>>(),
            "flash": flash,
            "error": error.as_ref().map(|e| e.0.clone()),
            "error_field": error.and_then(|e| e.1),
            "may_handle": may_handle(user),
            "today": svc::today(state).to_string(),
        }),
    );
    Ok((status, state.templates.render("staff_cases.html", ctx)?).into_response())
}

pub async fn cases(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let flash = q.contains_key("saved").then(|| "已保存".to_owned());
    render_cases(
        &state,
        &staff,
        json!({"kind": "reconsideration", "result": "pending"}),
        None,
        flash,
        None,
        StatusCode::OK,
    )
    .await
}

fn case_body_from(f: &HashMap<String, String>) -> Result<CaseBody, AppError> {
    let get = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let request_id = match get("request_number").as_str() {
        "" => None,
        s => Some(s.parse::<i64>().map_err(|_| {
            AppError::invalid("request_number", "invalid", "关联申请请填写申请的编号（数字）")
        })?),
    };
    let closed = get("closed_on");
    Ok(CaseBody {
        request_id,
        kind: get("kind"),
        body: get("body"),
        case_number: get("case_number"),
        applicant: get("applicant"),
        filed_on: parse_date(&get("filed_on"))
            .ok_or_else(|| AppError::invalid("filed_on", "required", "请填写立案（申请）日期"))?,
        closed_on: if closed.is_empty() {
            None
        } else {
            Some(
                parse_date(&closed).ok_or_else(|| {
                    AppError::invalid("closed_on", "invalid_date", "审结日期格式应为 年-月-日")
                })?,
            )
        },
        result: get("result"),
        summary: get("summary"),
    })
}

async fn save_case(
    state: &AppState,
    user: &User,
    id: Option<i64>,
    f: &HashMap<String, String>,
) -> Result<(), AppError> {
    if !may_handle(user) {
        return Err(AppError::forbidden());
    }
    let body = case_body_from(f)?;
    if let Some(rid) = body.request_id {
        let r = state.store.get_request(rid).await?;
        if r.map(|r| r.agency_id) != Some(user.agency_id) {
            return Err(AppError::invalid("request_number", "unknown_request", "找不到本机关的该申请"));
        }
    }
    let input = case_input(user.agency_id, body, svc::today(state))?;
    match id {
        None => {
            state.store.create_case(&Actor::user(user), input).await?;
        }
        Some(id) => {
            let existing = state
                .store
                .get_case(id)
                .await?
                .filter(|c| c.agency_id == user.agency_id)
                .ok_or_else(AppError::not_found)?;
            let version = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(existing.version);
            state.store.update_case(&Actor::user(user), id, version, input).await?;
        }
    }
    Ok(())
}

pub async fn create_case(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    match save_case(&state, &user, None, &f).await {
        Ok(()) => Ok(Redirect::to("/staff/cases?saved=1").into_response()),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            render_cases(&state, &staff, json!(f), None, None, Some((e.message, e.field)), e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_case(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let user = staff.user();
    let c = state
        .store
        .get_case(id)
        .await?
        .filter(|c| c.agency_id == user.agency_id)
        .ok_or_else(AppError::not_found)?;
    let v = json!({"id": c.id, "version": c.version, "kind": c.kind.key(), "body": c.body, "case_number": c.case_number,
                   "applicant": c.applicant, "filed_on": c.filed_on.to_string(), "closed_on": c.closed_on.map(|d| d.to_string()),
                   "result": c.result.key(), "summary": c.summary, "request_number": c.request_id});
    let files: Vec<Value> =
        state.store.list_files(&format!("case:{}", c.id)).await?.iter().map(svc::file_json).collect();
    let mut editing = v.clone();
    editing["files"] = json!(files);
    render_cases(&state, &staff, v, Some(editing), None, None, StatusCode::OK).await
}

/// Adds documents (decisions, judgments, replies) to a case of the register.
pub async fn upload_case_files(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let user = staff.user().clone();
    let case = state
        .store
        .get_case(id)
        .await?
        .filter(|c| c.agency_id == user.agency_id)
        .ok_or_else(AppError::not_found)?;
    if !may_handle(&user) {
        return Err(AppError::forbidden().into());
    }
    let mp = multipart
        .map_err(|_| AppError::new(StatusCode::BAD_REQUEST, "bad_form", "表单数据不完整，请重新提交。"))?;
    let form = crate::multipart::read_multipart(mp, |t| staff.verify_csrf(t)).await?;
    let mut files = Vec::new();
    for (_, name, data) in form.files {
        files.push(svc::check_upload(FileRole::CaseDocument, &name, data)?);
    }
    if files.is_empty() {
        return Err(AppError::invalid("files", "required", "请选择要上传的文件").into());
    }
    state.store.add_files(&Actor::user(&user), &format!("case:{}", case.id), case.agency_id, files).await?;
    Ok(Redirect::to(&format!("/staff/cases/{}", case.id)).into_response())
}

pub async fn update_case(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    match save_case(&state, &user, Some(id), &f).await {
        Ok(()) => Ok(Redirect::to("/staff/cases?saved=1").into_response()),
        Err(e) if matches!(e.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT) => {
            let mut v = json!(f);
            v["id"] = json!(id);
            render_cases(&state, &staff, v.clone(), Some(v), None, Some((e.message, e.field)), e.status).await
        }
        Err(e) => Err(e.into()),
    }
}
