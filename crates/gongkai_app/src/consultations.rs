//! 意见征集 (issue 16): an agency opens a consultation on a draft for at least the minimum
//! period of its kind, the public comments while it is open, staff decide each comment
//! (采纳/部分采纳/未采纳, with reasons), and the feedback is published matched to the comments and
//! linked to the final document in the catalog (whose 政策解读 links to it there).

use crate::App;
use crate::error::{Error, Refusal, RefusalKind};
use gongkai_domain::agency::FieldError;
use gongkai_domain::public_consultation::{
    Adoption, PublicConsultationKind, PublicConsultationRules, PublicConsultationState, check_comment,
    duplicate_key,
};
use gongkai_domain::role::Role;
use gongkai_store::{
    Actor, NewPublicConsultation, PublicConsultation, PublicConsultationComment, StoreError, User,
};

/// The rules in force (a setting: `AppSettings::consultation_rules`).
pub fn rules(app: &App) -> PublicConsultationRules {
    app.settings.consultation_rules
}

/// Who may open consultations and decide comments: editor, approver or admin of the agency.
pub fn may_manage(user: &User) -> bool {
    user.roles.iter().any(|r| matches!(r, Role::Editor | Role::Approver | Role::Admin))
}

/// Who may publish the feedback: approver or admin.
pub fn may_publish(user: &User) -> bool {
    user.roles.iter().any(|r| matches!(r, Role::Approver | Role::Admin))
}

/// What the staff form posts.
#[derive(Debug, Clone, Default)]
pub struct PublicConsultationForm {
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub opens_on: String,
    pub closes_on: String,
}

fn refused(code: &'static str, message: impl Into<String>) -> Error {
    Error::Refused(Refusal { kind: RefusalKind::Rule, code, message: message.into() })
}

fn state_refused(code: &'static str, message: impl Into<String>) -> Error {
    Error::Refused(Refusal { kind: RefusalKind::State, code, message: message.into() })
}

/// Where `c` stands today.
pub fn state(app: &App, c: &PublicConsultation) -> PublicConsultationState {
    PublicConsultationState::on(c.opens_on, c.closes_on, crate::requests::today(app))
}

/// Opens a consultation of the user's agency: every field error at once, nothing written.
pub async fn create(
    app: &App,
    user: &User,
    form: &PublicConsultationForm,
) -> Result<Result<PublicConsultation, Vec<FieldError>>, Error> {
    if !may_manage(user) {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    let kind = PublicConsultationKind::from_key(form.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new("kind", "required", "请选择草案类型"));
    }
    let title = gongkai_domain::text::strip_xml_invalid(form.title.trim());
    if title.is_empty() {
        errors.push(FieldError::new("title", "required", "请填写标题"));
    } else if title.chars().count() > 200 {
        errors.push(FieldError::new("title", "too_long", "标题不超过 200 字"));
    }
    let body = gongkai_domain::text::strip_xml_invalid(form.body.replace("\r\n", "\n").trim());
    if body.chars().count() < 10 {
        errors.push(FieldError::new("body", "required", "请填写征求意见稿全文（至少 10 个字）"));
    } else if body.chars().count() > 200_000 {
        errors.push(FieldError::new("body", "too_long", "征求意见稿全文不超过 20 万字"));
    }
    let summary = gongkai_domain::text::strip_xml_invalid(form.summary.replace("\r\n", "\n").trim());
    if summary.chars().count() > 5_000 {
        errors.push(FieldError::new("summary", "too_long", "起草说明不超过 5000 字"));
    }
    let day = |s: &str, field: &'static str, errors: &mut Vec<FieldError>| {
        let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        if d.is_none() {
            errors.push(FieldError::new(field, "invalid_date", "请按 YYYY-MM-DD 填写日期"));
        }
        d
    };
    let opens_on = day(&form.opens_on, "opens_on", &mut errors);
    let closes_on = day(&form.closes_on, "closes_on", &mut errors);
    let today = crate::requests::today(app);
    if let Some(o) = opens_on.filter(|o| *o < today) {
        errors.push(FieldError::new("opens_on", "in_the_past", format!("开始日期（{o}）不能早于今天")));
    }
    if let (Some(k), Some(o), Some(c)) = (kind, opens_on, closes_on) {
        let cal = crate::requests::current_calendar(app).await?;
        if let Err(e) = rules(app).check_period(k, o, c, &cal) {
            errors.push(e);
        }
    }
    let (Some(kind), Some(opens_on), Some(closes_on), true) = (kind, opens_on, closes_on, errors.is_empty())
    else {
        return Ok(Err(errors));
    };
    let new =
        NewPublicConsultation { agency_id: user.agency_id, kind, title, summary, body, opens_on, closes_on };
    Ok(Ok(app.store.create_consultation(&Actor::user(user), new).await?))
}

/// A consultation the public may see (its agency active or not: the record stays).
pub async fn public(app: &App, id: i64) -> Result<PublicConsultation, Error> {
    app.store.get_consultation(id).await?.ok_or(Error::NotFound)
}

/// A consultation of the user's agency (or below, read-only, for a supervisor).
pub async fn readable(app: &App, user: &User, id: i64) -> Result<PublicConsultation, Error> {
    let c = app.store.get_consultation(id).await?.ok_or(Error::NotFound)?;
    let all = app.store.list_agencies().await?;
    crate::access::require_read(&all, user, c.agency_id)?;
    Ok(c)
}

/// A comment from the public, while the consultation is open.
pub async fn comment(app: &App, id: i64, name: &str, body: &str) -> Result<PublicConsultationComment, Error> {
    let c = public(app, id).await?;
    match state(app, &c) {
        PublicConsultationState::Upcoming => {
            return Err(state_refused(
                "consultation_not_open",
                format!("本次意见征集自{}开始，请届时提交。", c.opens_on),
            ));
        }
        PublicConsultationState::Closed => {
            return Err(state_refused(
                "consultation_closed",
                format!("本次意见征集已于{}结束，不再接收意见。", c.closes_on),
            ));
        }
        PublicConsultationState::Open => {}
    }
    let (name, body) = check_comment(name, body).map_err(|e| Error::invalid(e.field, e.code, e.message))?;
    match app.store.add_comment(c.id, &name, &body, &duplicate_key(&body)).await {
        Ok(m) => Ok(m),
        Err(StoreError::Conflict(_)) => {
            Err(refused("comment_duplicate", "相同内容的意见已经提交过，无需重复提交。"))
        }
        Err(e) => Err(e.into()),
    }
}

/// Decides one comment (before the feedback is published).
pub async fn decide(
    app: &App,
    user: &User,
    consultation_id: i64,
    comment_id: i64,
    decision: &str,
    reason: &str,
) -> Result<PublicConsultationComment, Error> {
    let c = readable(app, user, consultation_id).await?;
    if c.agency_id != user.agency_id || !may_manage(user) {
        return Err(Error::Forbidden);
    }
    if !app.store.list_comments(c.id).await?.iter().any(|m| m.id == comment_id) {
        return Err(Error::NotFound);
    }
    let decision = Adoption::from_key(decision.trim())
        .ok_or_else(|| Error::invalid("decision", "required", "请选择采纳、部分采纳或未采纳"))?;
    let reason = reason.replace("\r\n", "\n").trim().to_owned();
    if decision.needs_reason() && reason.chars().count() < 2 {
        return Err(Error::invalid("reason", "reason_required", format!("“{}”须说明理由", decision.label())));
    }
    if reason.chars().count() > 2_000 {
        return Err(Error::invalid("reason", "too_long", "理由不超过 2000 字"));
    }
    match app.store.decide_comment(&Actor::user(user), comment_id, decision, &reason).await {
        Err(StoreError::Conflict(_)) => {
            Err(state_refused("feedback_published", "采纳情况已经发布，不能再修改。"))
        }
        other => Ok(other?),
    }
}

/// Publishes the feedback: the consultation is closed, every comment decided; the final
/// document, when named, is a published item of the agency.
pub async fn publish_feedback(
    app: &App,
    user: &User,
    id: i64,
    feedback: &str,
    final_publication_id: Option<i64>,
) -> Result<PublicConsultation, Error> {
    let c = readable(app, user, id).await?;
    if c.agency_id != user.agency_id || !may_publish(user) {
        return Err(Error::Forbidden);
    }
    if state(app, &c) != PublicConsultationState::Closed {
        return Err(state_refused(
            "consultation_open",
            format!("意见征集至{}结束，结束后才能发布采纳情况。", c.closes_on),
        ));
    }
    let open = app.store.list_comments(c.id).await?.iter().filter(|m| m.decision.is_none()).count();
    if open > 0 {
        return Err(refused("comments_undecided", format!("还有 {open} 条意见没有作出采纳决定。")));
    }
    let feedback = feedback.replace("\r\n", "\n").trim().to_owned();
    if feedback.chars().count() < 5 {
        return Err(Error::invalid("feedback", "required", "请填写采纳情况说明（至少 5 个字）"));
    }
    if let Some(p) = final_publication_id {
        let ok = app.store.get_publication(p).await?.is_some_and(|r| {
            r.agency_id == c.agency_id
                && r.facts.state == gongkai_domain::catalog::PublicationState::Published
        });
        if !ok {
            return Err(Error::invalid(
                "final_publication_id",
                "invalid_publication",
                "请选择本机关已发布的正式文件",
            ));
        }
    }
    let today = crate::requests::today(app);
    match app.store.publish_feedback(&Actor::user(user), c.id, &feedback, final_publication_id, today).await {
        Err(StoreError::Conflict(_)) => Err(state_refused("feedback_published", "采纳情况已经发布。")),
        other => Ok(other?),
    }
}

/// Counts for one agency's year (received comments, consultations held, feedback published):
/// for the annual report's narrative.
pub async fn year_counts(app: &App, agency_id: i64, year: i32) -> Result<(usize, usize, usize), Error> {
    let mut held = 0;
    let mut comments = 0;
    let mut fed_back = 0;
    for c in app.store.list_consultations(&[agency_id]).await? {
        if chrono::Datelike::year(&c.opens_on) != year {
            continue;
        }
        held += 1;
        comments += app.store.list_comments(c.id).await?.len();
        fed_back += usize::from(c.feedback_published_on.is_some());
    }
    Ok((held, comments, fed_back))
}
