//! The request service shared by the portal, the staff console and the API: filing a request,
//! performing an action (domain state machine → letter → store, in that order), the tracking
//! view, uploads, and the JSON shapes. Handlers only parse input and render output.

use crate::App;
use crate::error::Error;
use crate::error::{Conflict, Rejection};
use crate::letters::{self, LetterDates};
use chrono::{Datelike, NaiveDate};
use gongkai_domain::calendar::{WorkCalendar, parse_arrangements};
use gongkai_domain::clock::{Channel, Clock, ClockSettings, ClockStatus};
use gongkai_domain::request::{
    self, Action, ActionContext, ActionKind, Application, DisclosureRequest, EventRecord, LetterKind,
    Refusal, looks_repeated,
};
use gongkai_store::{
    Actor, Agency, FileRole, NewFile, NewLetter, NewRequest, RequestEvent, RequestListItem, RequestRecord,
    RequestUpdate, StoredFile, User,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Largest single upload (bytes).
pub const MAX_FILE_BYTES: usize = 10 << 20;
/// Most files per submission.
pub const MAX_FILES: usize = 5;
/// Body limit of upload forms: the files plus the form fields.
pub const UPLOAD_BODY_LIMIT: usize = MAX_FILES * MAX_FILE_BYTES + (1 << 20);

/// Today in Beijing time (or the configured fixed day, for tests and demos).
pub fn today(app: &App) -> NaiveDate {
    app.settings.fixed_today.unwrap_or_else(|| {
        let now = chrono::Utc::now();
        chrono::FixedOffset::east_opt(8 * 3600)
            .map(|o| now.with_timezone(&o).date_naive())
            .unwrap_or_else(|| now.date_naive())
    })
}

/// The clock settings of the deployment.
pub fn clock_settings(app: &App) -> ClockSettings {
    ClockSettings { fee_period_pauses_clock: app.settings.fee_period_pauses_clock }
}

const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A new 查询码: 10 characters from an alphabet without look-alikes (≈ 50 bits).
pub fn new_tracking_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..10).map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char).collect()
}

pub fn hash_code(code: &str) -> String {
    let normalised: String =
        code.trim().to_uppercase().chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    hex::encode(Sha256::digest(normalised.as_bytes()))
}

/// A stored file name without directories, control characters, bidirectional controls,
/// characters XML cannot hold or leading dots; at most 120 characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !c.is_control()
                && !gongkai_domain::text::is_bidi_control(*c)
                && gongkai_domain::text::xml_char(*c)
                && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let cleaned: String = cleaned.chars().take(120).collect();
    if cleaned.is_empty() { "附件".into() } else { cleaned }
}

/// One type a request file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadType {
    pub content_type: &'static str,
    /// The extension the stored name gets.
    pub extension: &'static str,
    /// Extensions an uploaded name may carry for this type.
    pub accepted: &'static [&'static str],
}

const PDF: UploadType = UploadType { content_type: "application/pdf", extension: "pdf", accepted: &["pdf"] };
const JPEG: UploadType =
    UploadType { content_type: "image/jpeg", extension: "jpg", accepted: &["jpg", "jpeg", "jpe", "jfif"] };
const PNG: UploadType = UploadType { content_type: "image/png", extension: "png", accepted: &["png"] };
const DOCX: UploadType = UploadType {
    content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
    accepted: &["docx"],
};

/// The allowed types, as the messages name them.
const ALLOWED_ZH: &str = "只接受 PDF、JPG、PNG 或 DOCX 文件";

/// The type of a request file by its content, with `gongkai_search::extract::sniff` (the one
/// sniffer of every upload path): a PDF with its trailer, a JPEG or PNG by magic, a DOCX only
/// with `word/document.xml`. Anything else is refused with what it is (“ZIP 压缩包”, “可执行程序”).
pub fn sniff_upload(data: &[u8]) -> Result<UploadType, String> {
    use gongkai_search::extract::{AttachmentKind, Sniffed, sniff};
    match sniff(data) {
        Sniffed::Known(AttachmentKind::Pdf) => Ok(PDF),
        Sniffed::Known(AttachmentKind::Docx) => Ok(DOCX),
        Sniffed::Known(AttachmentKind::Image) if data.starts_with(&[0xFF, 0xD8, 0xFF]) => Ok(JPEG),
        Sniffed::Known(AttachmentKind::Image) if data.starts_with(b"\x89PNG\r\n\x1a\n") => Ok(PNG),
        Sniffed::Known(AttachmentKind::Image) => Err("其他格式的图片".to_owned()),
        other => Err(other.label_zh()),
    }
}

/// The lower-case extension of a file name (“” when it has none).
fn extension_of(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.trim().rsplit_once('.') {
        Some((stem, ext)) if !stem.trim().is_empty() => ext.trim().to_lowercase(),
        _ => String::new(),
    }
}

/// The name a file is stored and offered under: the uploader's name cleaned
/// ([`clean_file_name`]), its extension replaced by the sniffed type's.
pub fn stored_file_name(name: &str, t: UploadType) -> String {
    let cleaned = clean_file_name(name);
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem.trim_end(),
        _ => cleaned.as_str(),
    };
    let stem: String = stem.chars().take(100).collect();
    format!("{stem}.{}", t.extension)
}

/// Checks one upload: size, type by content, and an extension that agrees with the content
/// (`setup.exe`, `page.html`, a ZIP named `.docx` are refused). Errors are 413 / 415 with a
/// Chinese message naming the allowed types.
pub fn check_upload(role: FileRole, name: &str, data: Vec<u8>) -> Result<NewFile, Error> {
    let shown = clean_file_name(name);
    if data.len() > MAX_FILE_BYTES {
        return Err(Error::Rejected {
            kind: Rejection::TooLarge,
            code: "file_too_large",
            message: format!("文件“{shown}”超过 {} MB 的大小限制。", MAX_FILE_BYTES >> 20),
        });
    }
    let t = sniff_upload(&data).map_err(|what| Error::Rejected {
        kind: Rejection::UnsupportedType,
        code: "unsupported_file_type",
        message: format!("文件“{shown}”的类型不受支持（实为{what}）：{ALLOWED_ZH}。"),
    })?;
    let ext = extension_of(name);
    if !ext.is_empty() && !t.accepted.contains(&ext.as_str()) {
        return Err(Error::Rejected {
            kind: Rejection::UnsupportedType,
            code: "file_type_mismatch",
            message: format!(
                "文件“{shown}”的扩展名 .{ext} 与内容（{}）不符：{ALLOWED_ZH}，扩展名须与文件内容一致。",
                t.extension.to_uppercase()
            ),
        });
    }
    Ok(NewFile { role, name: stored_file_name(name, t), content_type: t.content_type.into(), data })
}

/// What a filing needs besides the application.
pub struct Intake {
    pub agency: Agency,
    pub application: Application,
    pub channel: Channel,
    pub submitted_on: NaiveDate,
    /// Staff intake: the 收到申请之日 per 第三十一条 if already known (signing date, confirmation).
    pub received_on: Option<NaiveDate>,
    pub files: Vec<NewFile>,
}

fn agency_of(agencies: &[Agency], id: i64) -> Option<&Agency> {
    agencies.iter().find(|a| a.id == id)
}

/// The body that hears 行政复议 against this agency's replies: the agency's own setting, else
/// the agency above it (本级人民政府 for a department, 县级人民政府 for a township: 行政复议法
/// (2023) 第二十四条), else the generic wording.
pub fn reconsideration_body(agencies: &[Agency], agency: &Agency) -> String {
    if !agency.letters.reconsideration_body.is_empty() {
        return agency.letters.reconsideration_body.clone();
    }
    agency
        .parent_id
        .and_then(|p| agency_of(agencies, p))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "上一级行政机关".into())
}

/// Fills the letter of `kind` for the request as it now stands.
async fn make_letter(
    app: &App,
    cal: &WorkCalendar,
    agency: &Agency,
    number: &str,
    facts: &DisclosureRequest,
    kind: LetterKind,
    letter_date: NaiveDate,
) -> Result<NewLetter, Error> {
    let agencies = app.store.list_agencies().await?;
    let clock = facts.clock(cal, &clock_settings(app), letter_date, false).and_then(Result::ok);
    let dates = LetterDates {
        due_on: clock.as_ref().and_then(|c| c.due_on),
        extended_due_on: clock.as_ref().and_then(|c| c.extended_due_on.or(c.final_due_on)),
        consultation_reply_by: facts
            .consultations
            .last()
            .and_then(|c| cal.add_workdays(c.sent_on, request::CONSULTATION_WORKDAYS).ok().map(|w| w.date)),
        base_days: facts.rules().base_workdays(),
    };
    let ctx = letters::context(
        agency,
        &reconsideration_body(&agencies, agency),
        number,
        facts,
        letter_date,
        &dates,
    );
    // Rendering runs on a blocking thread under a fuel budget (letters::fill_off_runtime): an
    // agency-edited template can neither stall the runtime nor run without end.
    // An agency's own templates are written for the 2019 条例; a request under the 2008 条例 gets
    // the built-in letter of its regime.
    let rules = facts.rules();
    let builtin = letters::default_template_for(kind, rules);
    let custom = match app.store.letter_template(agency.id, kind).await? {
        Some(t) if rules == gongkai_domain::clock::Rules::R2019 => {
            Some(letters::fill_off_runtime(t, ctx.clone()).await)
        }
        _ => None,
    };
    let body = match custom {
        Some(Ok(b)) => b,
        Some(Err(e)) => {
            // Saved templates were filled with a sample at save time; one that fails now (e.g.
            // out of fuel on this request's longer text) falls back to the built-in letter.
            tracing::warn!(agency = agency.id, kind = kind.key(), error = %e, "custom letter template failed; using the default");
            letters::fill_off_runtime(builtin.to_owned(), ctx).await.map_err(|_| Error::internal())?
        }
        None => letters::fill_off_runtime(builtin.to_owned(), ctx).await.map_err(|e| {
            tracing::error!(kind = kind.key(), error = %e, "default letter template failed");
            Error::internal()
        })?,
    };
    Ok(NewLetter { kind, title: kind.label_zh().into(), body })
}

/// The one-time key of a portal apply form (issue 13: one form → at most one request). It is
/// made when the form is shown, kept across re-renders, and sent back with the post. The
/// request stores only [`SubmissionKey::hash`]; the 查询码 of a request filed with a key is
/// derived from the key, so a repeated post of the same form (a double click, a browser retry)
/// can show the first receipt again, 查询码 included, without the code ever being stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionKey(String);

impl SubmissionKey {
    /// A fresh random key (128 bits, hex).
    pub fn generate() -> Self {
        use rand::Rng;
        let bytes: [u8; 16] = rand::rng().random();
        SubmissionKey(hex::encode(bytes))
    }

    /// The key as posted, if it is one (32 hex digits); anything else is ignored.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        (s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| SubmissionKey(s.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the request stores (never the key itself).
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(format!("gongkai/submission-key/{}", self.0).as_bytes()))
    }

    /// The 查询码 of the request this form files: ten characters of [`CODE_ALPHABET`] taken from a
    /// hash of the key (32 symbols, so each byte mod 32 is unbiased).
    pub fn tracking_code(&self) -> String {
        let digest = Sha256::digest(format!("gongkai/tracking-code/{}", self.0).as_bytes());
        digest.iter().take(10).map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char).collect()
    }
}

/// Files a request; returns it and its 查询码 (shown once, stored only as a hash).
pub async fn submit(app: &App, actor: &Actor, intake: Intake) -> Result<(RequestRecord, String), Error> {
    submit_inner(app, actor, intake, None).await
}

/// Files a request from a portal form with its one-time key: a key already used at the agency
/// files nothing and returns the request it filed (`true`: this was a repeat).
pub async fn submit_once(
    app: &App,
    actor: &Actor,
    intake: Intake,
    key: &SubmissionKey,
) -> Result<(RequestRecord, String, bool), Error> {
    let agency_id = intake.agency.id;
    if let Some(rec) = app.store.find_request_by_submission(agency_id, &key.hash()).await? {
        return Ok((rec, key.tracking_code(), true));
    }
    match submit_inner(app, actor, intake, Some(key)).await {
        Ok((rec, code)) => Ok((rec, code, false)),
        // Posted twice at once (or on two nodes): the other post filed it.
        Err(e) if e.is_conflict() => {
            match app.store.find_request_by_submission(agency_id, &key.hash()).await? {
                Some(rec) => Ok((rec, key.tracking_code(), true)),
                None => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

async fn submit_inner(
    app: &App,
    actor: &Actor,
    intake: Intake,
    key: Option<&SubmissionKey>,
) -> Result<(RequestRecord, String), Error> {
    // A deactivated agency (撤销/合并) takes no new applications (issue 14).
    if !intake.agency.active {
        return Err(Error::Refused(crate::Refusal {
            kind: crate::RefusalKind::Rule,
            code: "agency_inactive",
            message: format!(
                "{}已停用，不再受理政府信息公开申请，请向承接其职能的机关提出申请。",
                intake.agency.name
            ),
        }));
    }
    let cal = current_calendar(app).await?;
    let today = today(app);
    let facts =
        DisclosureRequest::new(intake.application, intake.channel, intake.submitted_on, intake.received_on);
    let code = key.map_or_else(new_tracking_code, SubmissionKey::tracking_code);
    let public = match facts.received_on {
        Some(d) => format!(
            "通过{}提交政府信息公开申请，收到申请之日为{}",
            intake.channel.label_zh(),
            letters::zh_date(d)
        ),
        None => format!("通过{}提交政府信息公开申请，待本机关确认收到", intake.channel.label_zh()),
    };
    // A request received at intake gets its receipt at once.
    let letter = match facts.received_on {
        Some(d) => Some(
            make_letter(
                app,
                &cal,
                &intake.agency,
                gongkai_store::NUMBER_PLACEHOLDER,
                &facts,
                LetterKind::Receipt,
                d,
            )
            .await?,
        ),
        None => None,
    };
    let new = NewRequest {
        agency_id: intake.agency.id,
        due_on: facts.current_due_on(&cal, &clock_settings(app), today),
        facts,
        tracking_hash: hash_code(&code),
        event: EventRecord {
            kind: ActionKind::Submit,
            on: Some(intake.submitted_on),
            summary_zh: public.clone(),
            public_zh: Some(public),
        },
        letter,
        files: intake.files,
        submission_key: key.map(SubmissionKey::hash),
    };
    let rec = app.store.create_request(actor, new).await?;
    // Written after the request: the request stands whatever happens to the e-mail.
    crate::mail::queue_request_receipt(app, &intake.agency.name, &rec).await;
    Ok((rec, code))
}

/// What the sensitive-content scan finds in the files released to the applicant, one line each
/// (issue 13: released files go through the same scanner as the catalog). A file whose text
/// cannot be read (an image, a scan) is listed too: nobody has looked at it.
pub async fn released_file_findings(app: &App, rec: &RequestRecord) -> Result<Vec<String>, Error> {
    let settings = crate::scanner::scan_settings(&app.store.catalog_settings(rec.agency_id).await?);
    let mut lines = Vec::new();
    for meta in app.store.list_files(&format!("request:{}", rec.id)).await? {
        if meta.role != FileRole::Released {
            continue;
        }
        let Some((meta, data)) = app.store.get_file(meta.id).await? else { continue };
        match crate::sandbox::extract(meta.name.clone(), data).await {
            Ok(x) if !x.text.trim().is_empty() => {
                let found = gongkai_domain::pii::scan(&x.text, &settings);
                if !found.is_empty() {
                    let shown: Vec<String> = found
                        .iter()
                        .take(3)
                        .map(|f| format!("{}“{}”", f.kind.label_zh(), f.masked))
                        .collect();
                    let more =
                        if found.len() > 3 { format!("等 {} 处", found.len()) } else { String::new() };
                    lines.push(format!("《{}》：{}{more}", meta.name, shown.join("、")));
                }
            }
            Ok(_) => lines.push(format!("《{}》：没有可读取的文字（图片或扫描件），请人工核对", meta.name)),
            Err(e) => lines.push(format!("《{}》：{}", meta.name, e.message)),
        }
    }
    Ok(lines)
}

/// 送达 sends the released files out: refused while the scan flags any of them, unless a reason
/// to release them as they are is given (the catalog's “保留并说明理由”). Remove a flagged file
/// and upload a masked copy instead, or give the reason.
async fn check_released_files(app: &App, rec: &RequestRecord, reason: Option<&str>) -> Result<(), Error> {
    let findings = released_file_findings(app, rec).await?;
    if findings.is_empty() {
        return Ok(());
    }
    let reason = reason.map(str::trim).unwrap_or_default();
    if reason.chars().count() >= 4 {
        return Ok(());
    }
    Err(Error::invalid(
        "sensitive_override",
        "sensitive_content",
        format!(
            "提供给申请人的文件中可能含有个人信息，暂不能送达：{}。请删除该文件并上传去除个人信息后的文件，或在“保留理由”中说明依法可以提供的理由（不少于4个字）。",
            findings.join("；")
        ),
    ))
}

/// Confirms online applications of agencies that opted in (`auto_confirm_online`) on the
/// first working day after filing (条例 第三十一条第三项: 收到申请之日 = 双方确认之日). Returns
/// how many were confirmed. Run at start-up and every few minutes by `gongkai serve`.
pub async fn auto_confirm_sweep(app: &App) -> Result<usize, Error> {
    let today = today(app);
    let cal = current_calendar(app).await?;
    let mut done = 0;
    for agency in app.store.list_agencies().await?.into_iter().filter(|a| a.auto_confirm_online) {
        let filter = gongkai_store::RequestFilter {
            agency_ids: vec![agency.id],
            states: vec![request::RequestState::Submitted],
            channel: Some(Channel::Online),
            limit: 1000,
            ..Default::default()
        };
        let (_, items) = app.store.list_requests(&filter).await?;
        let system = User {
            id: 0,
            agency_id: agency.id,
            username: "system:auto_confirm".into(),
            display_name: "系统（自动确认）".into(),
            roles: vec![gongkai_domain::role::Role::Editor],
            active: true,
            created_at: chrono::Utc::now(),
            must_change_password: false,
            via_token: None,
        };
        for item in items {
            let Ok(next) = cal.add_workdays(item.submitted_on, 1) else { continue };
            if next.date > today {
                continue;
            }
            let Some(rec) = app.store.get_request(item.id).await? else { continue };
            match perform(app, &system, rec.id, rec.version, Action::ConfirmReceipt { on: next.date }).await {
                Ok(_) => done += 1,
                // A person acted meanwhile: nothing to do.
                Err(e) if e.is_conflict() => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(done)
}

/// A domain refusal as an error (its kind from the one table, [`crate::RefusalKind::of`]).
pub fn refusal_error(r: Refusal) -> Error {
    r.into()
}

/// Loads a request `user` may read (own agency; supervisors also subordinates), else 404.
/// A letter of a request the user may read (the page and the API).
pub async fn readable_letter(
    app: &App,
    user: &User,
    id: i64,
    letter_id: i64,
) -> Result<(RequestRecord, gongkai_store::Letter), Error> {
    let rec = readable_request(app, user, id).await?;
    let letter =
        app.store.get_letter(letter_id).await?.filter(|l| l.request_id == rec.id).ok_or(Error::NotFound)?;
    Ok((rec, letter))
}

pub async fn readable_request(app: &App, user: &User, id: i64) -> Result<RequestRecord, Error> {
    let rec = app.store.get_request(id).await?.ok_or(Error::NotFound)?;
    let agencies = app.store.list_agencies().await?;
    crate::access::require_read(&agencies, user, rec.agency_id)?;
    Ok(rec)
}

/// Performs `action` on request `id` as `user`, computed from version `expected_version`.
/// Returns the stored request and the handler's warnings.
pub async fn perform(
    app: &App,
    user: &User,
    id: i64,
    expected_version: i64,
    action: Action,
) -> Result<(RequestRecord, Vec<String>), Error> {
    let rec = readable_request(app, user, id).await?;
    if rec.agency_id != user.agency_id {
        // Supervisors read subordinates' requests; only the agency itself acts on them.
        return Err(Error::Forbidden);
    }
    if rec.version != expected_version {
        return Err(conflict());
    }
    let cal = current_calendar(app).await?;
    let today = today(app);
    let mut action = checked_action(action, today)?;
    if let Action::Assign { handler_id, handler_name } = &mut action {
        *handler_name = assignable_handler(app, &rec, *handler_id).await?.display_name;
    }
    if let Action::Deliver { sensitive_override, .. } = &action {
        check_released_files(app, &rec, sensitive_override.as_deref()).await?;
    }
    let ctx = ActionContext { roles: &user.roles, actor_name: &user.display_name, today, calendar: &cal };
    let applied = request::apply(&rec.facts, &action, &ctx).map_err(refusal_error)?;
    let agency = app.store.get_agency(rec.agency_id).await?.ok_or(Error::NotFound)?;
    let letter = match applied.letter {
        Some(kind) => {
            let date = applied.event.on.unwrap_or(today);
            Some(make_letter(app, &cal, &agency, &rec.number, &applied.request, kind, date).await?)
        }
        None => None,
    };
    // A letter for the applicant is also mailed when they chose e-mail (issue 16).
    let mailed = letter.as_ref().filter(|l| l.kind.to_applicant()).map(|l| (l.title.clone(), l.body.clone()));
    let update = RequestUpdate {
        id,
        expected_version,
        due_on: applied.request.current_due_on(&cal, &clock_settings(app), today),
        facts: applied.request,
        event: applied.event,
        letter,
        files: Vec::new(),
    };
    let stored = app.store.update_request(&Actor::user(user), update).await.map_err(|e| match e {
        gongkai_store::StoreError::Conflict("version") => conflict(),
        e => e.into(),
    })?;
    if let Some((title, body)) = mailed {
        crate::mail::queue_request_letter(app, &agency.name, &stored, &title, &body).await;
    }
    Ok((stored, applied.warnings))
}

/// The action as the service accepts it from any edge (form or API): its text without
/// characters XML cannot hold (they would break the letters' DOCX), and each of its dates
/// (`on`, `deadline`) within the plausible range of [`gongkai_domain::dates`].
fn checked_action(action: Action, today: NaiveDate) -> Result<Action, Error> {
    /// The dates an action may carry (every variant names them `on`, and `deadline`).
    #[derive(serde::Deserialize)]
    struct Dates {
        on: Option<NaiveDate>,
        deadline: Option<NaiveDate>,
    }
    let mut v = serde_json::to_value(&action).map_err(|_| Error::internal())?;
    gongkai_domain::text::strip_xml_invalid_json(&mut v);
    let dates: Dates = serde_json::from_value(v.clone()).map_err(|_| Error::internal())?;
    for (field, what, d) in [("on", "日期", dates.on), ("deadline", "补正期限", dates.deadline)] {
        if let Some(d) = d {
            gongkai_domain::dates::check(what, d, today).map_err(|e| {
                Error::invalid(field, gongkai_domain::dates::ImplausibleDate::CODE, e.message)
            })?;
        }
    }
    serde_json::from_value(v).map_err(|_| Error::internal())
}

/// The user a request may be assigned to: an active member of the request's own agency who
/// handles requests (信息员, 审签人 or 管理员). The handler's name always comes from this record,
/// never from the client. Anyone else is refused with `invalid_handler` (422).
async fn assignable_handler(app: &App, rec: &RequestRecord, handler_id: i64) -> Result<User, Error> {
    use gongkai_domain::role::Role;
    app.store
        .get_user(handler_id)
        .await?
        .filter(|u| {
            u.agency_id == rec.agency_id
                && u.active
                && u.roles.iter().any(|r| matches!(r, Role::Editor | Role::Approver | Role::Admin))
        })
        .ok_or_else(|| {
            Error::invalid("handler_id", "invalid_handler", "请选择本机关负责办理申请的工作人员作为承办人")
        })
}

pub fn conflict() -> Error {
    Error::Conflict(Conflict::RequestVersion)
}

/// "剩余 N 个工作日 / 今日到期 / 已逾期 N 个工作日 / 暂停计时 …" for lists and pages.
pub fn urgency(clock: Option<&Clock>, facts: &DisclosureRequest) -> (String, &'static str) {
    if !facts.state.is_open() {
        return ("—".into(), "done");
    }
    let Some(c) = clock else {
        // Only a request whose receipt is not confirmed has no clock; a received one whose clock
        // cannot be computed must not pass for unconfirmed (issue 13).
        return if facts.received_on.is_none() {
            ("待确认收到".into(), "pending")
        } else {
            ("答复期限无法计算".into(), "overdue")
        };
    };
    match c.status {
        ClockStatus::AwaitingCorrection => ("待补正（不计时）".into(), "paused"),
        ClockStatus::DeemedWithdrawn => ("补正期限已过".into(), "overdue"),
        ClockStatus::DeemedAbandoned => ("缴费期限已过".into(), "overdue"),
        ClockStatus::Overdue => (format!("已逾期 {} 个工作日", c.overdue.unwrap_or(0)), "overdue"),
        ClockStatus::Paused => (format!("暂停计时（剩余 {} 个工作日）", c.days_left.unwrap_or(0)), "paused"),
        ClockStatus::Running => match c.days_left {
            Some(0) => ("今日到期".into(), "today"),
            Some(n) if n <= 3 => (format!("剩余 {n} 个工作日"), "soon"),
            Some(n) => (format!("剩余 {n} 个工作日"), "ok"),
            None => ("—".into(), "ok"),
        },
    }
}

fn date_str(d: Option<NaiveDate>) -> Value {
    d.map(|d| Value::String(d.to_string())).unwrap_or(Value::Null)
}

/// A list row with its live urgency.
/// Characters of the request's description shown in lists.
const ASKS_CHARS: usize = 40;

pub fn list_item_json(
    item: &RequestListItem,
    facts: Option<&DisclosureRequest>,
    cal: &WorkCalendar,
    settings: &ClockSettings,
    today: NaiveDate,
    handler: Option<&str>,
    agency: Option<&str>,
) -> Value {
    let clock = facts.and_then(|f| f.clock(cal, settings, today, false)).and_then(Result::ok);
    let (label, class) = match facts {
        Some(f) => urgency(clock.as_ref(), f),
        None => ("—".into(), "done"),
    };
    json!({
        "id": item.id,
        "number": item.number,
        "agency_id": item.agency_id,
        "agency": agency,
        "state": item.state.key(),
        "state_label": item.state.label_zh(),
        "waiting_on": item.waiting_on.key(),
        "waiting_label": item.waiting_on.label_zh(),
        "applicant_kind": item.applicant_kind.key(),
        "applicant_kind_label": item.applicant_kind.label_zh(),
        "applicant_name": item.applicant_name,
        "channel": item.channel.as_str(),
        "channel_label": item.channel.label_zh(),
        "handler": handler,
        "submitted_on": item.submitted_on.to_string(),
        "received_on": date_str(item.received_on),
        "due_on": date_str(clock.as_ref().and_then(|c| c.final_due_on).or(item.due_on)),
        "decided_on": date_str(item.decided_on),
        "outcome": item.outcome.map(|o| o.key()),
        "outcome_label": item.outcome.map(|o| o.short_zh()),
        "urgency": label,
        "urgency_class": class,
        // What the request asks for, so a list says more than a number (issue 13).
        "asks": facts.map(|f| f.application.description.chars().take(ASKS_CHARS).collect::<String>()),
        "asks_cut": facts.is_some_and(|f| f.application.description.chars().count() > ASKS_CHARS),
        "days_left": clock.as_ref().and_then(|c| c.days_left),
        "overdue": clock.as_ref().and_then(|c| c.overdue),
    })
}

pub fn event_json(e: &RequestEvent) -> Value {
    json!({
        "kind": e.kind,
        "label": ActionKind::from_key(&e.kind).map(|k| k.label_zh()).unwrap_or(""),
        "on": date_str(e.on),
        "actor": e.actor,
        "summary": e.summary,
        "public_summary": e.public_summary,
        "at": e.at.to_rfc3339(),
    })
}

pub fn file_json(f: &StoredFile) -> Value {
    json!({
        "id": f.id, "name": f.name, "role": f.role.key(), "role_label": f.role.label_zh(),
        "content_type": f.content_type, "size": f.size, "size_label": size_label(f.size),
        "created_at": f.created_at.to_rfc3339(),
    })
}

pub fn size_label(n: i64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", (n + 1023) / 1024)
    }
}

/// The applicant-facing view of a request: no internal notes, no staff names, no third
/// parties (条例 第三十二条 letters are not the applicant's).
pub async fn tracking_view(app: &App, rec: &RequestRecord) -> Result<Value, Error> {
    let cal = current_calendar(app).await?;
    let today = today(app);
    let f = &rec.facts;
    let clock = f.clock(&cal, &clock_settings(app), today, false).and_then(Result::ok);
    let (urgency_label, urgency_class) = urgency(clock.as_ref(), f);
    let events: Vec<Value> = app
        .store
        .request_events(rec.id)
        .await?
        .iter()
        .filter_map(|e| e.public_summary.as_ref().map(|p| json!({"on": date_str(e.on), "text": p})))
        .collect();
    let letters: Vec<Value> = app
        .store
        .request_letters(rec.id)
        .await?
        .iter()
        .filter(|l| l.kind.to_applicant())
        .map(|l| json!({"id": l.id, "title": l.title, "kind": l.kind.key(), "created_at": l.created_at.to_rfc3339()}))
        .collect();
    let files: Vec<Value> = app
        .store
        .list_files(&format!("request:{}", rec.id))
        .await?
        .iter()
        .filter(|f| f.role == FileRole::Released)
        .map(file_json)
        .collect();
    let agency = app.store.get_agency(rec.agency_id).await?;
    Ok(json!({
        "number": rec.number,
        "agency": agency.map(|a| a.name),
        "status": f.state.key(),
        "status_label": f.state.label_zh(),
        "submitted_on": f.submitted_on.to_string(),
        "received_on": date_str(f.received_on),
        "due_on": date_str(clock.as_ref().and_then(|c| c.final_due_on)),
        "urgency": urgency_label,
        "urgency_class": urgency_class,
        "outcome": f.outcome().map(|o| o.key()),
        "outcome_label": f.outcome().map(|o| o.short_zh()),
        "description": f.application.description,
        "events": events,
        "letters": letters,
        "files": files,
    }))
}

/// Earlier requests of the same applicant at this agency that look like the same request
/// (重复申请, 条例 第三十六条第六项) — shown to the handler, who decides.
pub async fn repeat_candidates(app: &App, rec: &RequestRecord) -> Result<Vec<Value>, Error> {
    let a = &rec.facts.application;
    let history = app.store.applicant_history(rec.agency_id, &a.applicant.id_number, 50).await?;
    Ok(history
        .iter()
        .filter(|(item, desc)| {
            item.id != rec.id
                && item.submitted_on <= rec.facts.submitted_on
                && looks_repeated(desc, &a.description)
        })
        .map(|(item, desc)| {
            json!({"id": item.id, "number": item.number, "submitted_on": item.submitted_on.to_string(),
                   "description": desc, "state_label": item.state.label_zh(),
                   "outcome_label": item.outcome.map(|o| o.short_zh()),
                   "similarity": (request::similarity(desc, &a.description) * 100.0).round()})
        })
        .collect())
}

/// How many requests this applicant filed at this agency in the request's natural month, up to
/// and including it — the k of 按件计收 (国办函〔2020〕109号 第四条).
pub async fn month_count(app: &App, rec: &RequestRecord) -> Result<i64, Error> {
    let d = rec.facts.submitted_on;
    let first = d.with_day(1).unwrap_or(d);
    let a = &rec.facts.application;
    Ok(app.store.count_applicant_requests(rec.agency_id, &a.applicant.id_number, first, d).await?)
}

/// Choices for the form's selects.
pub fn form_choices() -> Value {
    use gongkai_domain::request::{ApplicantKind, Delivery, IdType, InfoForm};
    let opts = |v: Vec<(&'static str, &'static str)>| {
        v.into_iter().map(|(k, l)| json!({"key": k, "label": l})).collect::<Vec<_>>()
    };
    json!({
        "kinds": opts(ApplicantKind::ALL.iter().map(|k| (k.key(), k.label_zh())).collect()),
        "id_types": opts(IdType::ALL.iter().map(|k| (k.key(), k.label_zh())).collect()),
        "forms": opts(InfoForm::ALL.iter().map(|k| (k.key(), k.label_zh())).collect()),
        "deliveries": opts(Delivery::ALL.iter().map(|k| (k.key(), k.label_zh())).collect()),
        "channels": opts(Channel::ALL.iter().map(|c| (c.as_str(), c.label_zh())).collect()),
    })
}

/// The official calendar merged with the years imported into the database.
pub async fn current_calendar(app: &App) -> Result<WorkCalendar, Error> {
    let mut extra = Vec::new();
    for y in app.store.list_calendar_years().await? {
        match parse_arrangements(&y.source) {
            Ok(v) => extra.extend(v),
            Err(e) => tracing::error!(year = y.year, error = %e, "stored calendar year does not parse"),
        }
    }
    WorkCalendar::with_years(extra).map_err(|e| {
        tracing::error!(error = %e, "stored calendar years conflict");
        Error::internal()
    })
}
