//! The one error type of the use cases.
//!
//! Kinds are enum variants, never strings: the web layer maps each variant to a status in one
//! table (`gongkai_web::error`). Codes are stable snake_case strings for the API and logs;
//! messages are Chinese, for people.

use gongkai_store::StoreError;

/// Why a use case did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing does not exist, or the caller may not know that it does.
    #[error("not found")]
    NotFound,
    /// The caller may see the thing but not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// Someone else changed the thing first, or it clashes with an existing record.
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// A rule of the regulation (or of the workflow) refuses the action.
    #[error("refused: {0}")]
    Refused(Refusal),
    /// The input is wrong; `field` names the input concerned where there is one.
    #[error("invalid {field:?}: {message}")]
    Invalid { field: Option<&'static str>, code: &'static str, message: String },
    /// An uploaded file is refused (size or type).
    #[error("rejected file: {message}")]
    Rejected { kind: Rejection, code: &'static str, message: String },
    /// The search index cannot answer.
    #[error("search unavailable")]
    SearchUnavailable,
    /// The store failed or refused.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A bug or an impossible state; `code` names it, the detail is logged where it arose.
    #[error("internal error: {code}: {message}")]
    Internal { code: &'static str, message: String },
}

/// What a conflict is about (the message differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// A request changed since the caller's version.
    RequestVersion,
    /// A publication changed since the caller's version.
    PublicationVersion,
    /// A sensitive-content finding was resolved or its text changed meanwhile.
    FindingGone,
    /// The annual report's version is locked (published): correct it with a new version.
    ReportLocked,
    /// A 留言 changed since the caller's version.
    MessageVersion,
}

impl Conflict {
    pub fn code(self) -> &'static str {
        match self {
            Conflict::RequestVersion | Conflict::PublicationVersion | Conflict::MessageVersion => "conflict",
            Conflict::FindingGone => "finding_gone",
            Conflict::ReportLocked => "report_locked",
        }
    }
    pub fn message(self) -> &'static str {
        match self {
            Conflict::RequestVersion => "该申请已被其他工作人员更新，请刷新页面查看最新状态后再操作。",
            Conflict::PublicationVersion => {
                "该信息已被其他工作人员更新，请刷新页面后再操作，您的操作未执行。"
            }
            Conflict::FindingGone => "该处敏感信息已处理或内容已变化，请刷新页面。",
            Conflict::ReportLocked => "该版本已经锁定发布。",
            Conflict::MessageVersion => "该留言已被其他工作人员办理，请刷新页面查看最新状态后再操作。",
        }
    }
}

/// How a refused file is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    TooLarge,
    UnsupportedType,
}

/// A domain refusal with its kind decided once, here, from the domain's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

/// The three kinds of refusal: the thing is in the wrong state (409), the person lacks the role
/// (403), or a rule of the regulation says no (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    State,
    Permission,
    Rule,
}

impl RefusalKind {
    /// The one table of refusal codes (requests and catalog share it).
    pub fn of(code: &str) -> Self {
        match code {
            "invalid_state" | "correction_once" | "extension_once" | "fee_once" => RefusalKind::State,
            "forbidden" | "approver_required" => RefusalKind::Permission,
            _ => RefusalKind::Rule,
        }
    }
}

impl From<gongkai_domain::request::Refusal> for Error {
    fn from(r: gongkai_domain::request::Refusal) -> Self {
        Error::Refused(Refusal { kind: RefusalKind::of(r.code), code: r.code, message: r.message })
    }
}

impl From<gongkai_domain::catalog::Refusal> for Error {
    fn from(r: gongkai_domain::catalog::Refusal) -> Self {
        Error::Refused(Refusal { kind: RefusalKind::of(r.code), code: r.code, message: r.message })
    }
}

impl Error {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field: Some(field), code, message: message.into() }
    }
    /// Invalid input not tied to one field.
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field: None, code, message: message.into() }
    }
    pub fn internal() -> Self {
        Error::Internal { code: "internal_error", message: "系统内部错误，请稍后再试。".into() }
    }
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound => "not_found",
            Error::Forbidden => "forbidden",
            Error::Conflict(c) => c.code(),
            Error::Refused(r) => r.code,
            Error::Invalid { code, .. } | Error::Rejected { code, .. } | Error::Internal { code, .. } => code,
            Error::SearchUnavailable => "search_unavailable",
            Error::Store(_) => "store",
        }
    }
    /// The message for people (Chinese), as the CLI prints it.
    pub fn message(&self) -> String {
        match self {
            Error::NotFound => "所查找的记录不存在。".into(),
            Error::Forbidden => "没有权限执行此操作。".into(),
            Error::Conflict(c) => c.message().into(),
            Error::Refused(r) => r.message.clone(),
            Error::Invalid { message, .. } | Error::Rejected { message, .. } => message.clone(),
            Error::SearchUnavailable => "检索服务暂时不可用，请稍后再试。".into(),
            Error::Store(e) => format!("数据库错误：{e}"),
            Error::Internal { message, .. } => message.clone(),
        }
    }
    /// Whether this is a version conflict (another person acted first).
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict(_) | Error::Store(StoreError::Conflict(_)))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
