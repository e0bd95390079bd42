//! Errors of the deadline clock: each names the problem in Chinese and in English.

use crate::calendar::CalendarError;
use chrono::NaiveDate;
use thiserror::Error;

/// Bad input to [`super::compute`] or to the CLI helpers. Never a panic.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClockError {
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(
        "提交渠道“{input}”无效，应为 in_person、registered_mail、ordinary_mail、online 或 fax / unknown channel '{input}' (expected in_person, registered_mail, ordinary_mail, online or fax)"
    )]
    BadChannel { input: String },
    #[error(
        "期间“{input}”格式错误，应为 FROM:TO（可加前缀 third-party: 或 agency:） / malformed range '{input}' (expected FROM:TO, optionally prefixed third-party: or agency:)"
    )]
    BadRange { input: String },
    #[error("期间的结束日 {to} 早于开始日 {from} / the range ends ({to}) before it starts ({from})")]
    ReversedRange { from: NaiveDate, to: NaiveDate },
    #[error(
        "{date} 早于2008年5月1日《政府信息公开条例》施行之日，无法计算答复期限 / {date} is before the Regulation took effect (2008-05-01); no deadline applies"
    )]
    BeforeRegulation { date: NaiveDate },
    #[error(
        "确认日 {confirmed} 早于收到日 {submitted} / the confirmation date {confirmed} is before the arrival date {submitted}"
    )]
    ConfirmedBeforeArrival { submitted: NaiveDate, confirmed: NaiveDate },
    #[error(
        "补正告知日 {notice} 早于收到申请之日 {received} / the correction notice ({notice}) is dated before the application was received ({received})"
    )]
    CorrectionNoticeBeforeReceipt { received: NaiveDate, notice: NaiveDate },
    #[error(
        "补正日 {corrected} 早于补正告知日 {notice} / the corrected application ({corrected}) arrived before the correction notice ({notice})"
    )]
    CorrectedBeforeNotice { notice: NaiveDate, corrected: NaiveDate },
    #[error(
        "{what}开始于 {from}，早于答复期限起算日 {start} / {what_en} starts on {from}, before the reply clock starts ({start})"
    )]
    PauseBeforeStart { what: &'static str, what_en: &'static str, from: NaiveDate, start: NaiveDate },
    #[error(
        "{what}开始于 {from}，晚于答复期限 {due}，不能再中止计算 / {what_en} starts on {from}, after the reply was already due ({due}); it cannot stop the clock"
    )]
    PauseAfterDue { what: &'static str, what_en: &'static str, from: NaiveDate, due: NaiveDate },
    #[error("延长答复期限只能一次（条例第三十三条） / the reply period may be extended only once (Art. 33)")]
    ExtensionTwice,
    #[error(
        "延长 {days} 个工作日超过上限 {max} 个工作日 / an extension of {days} working days exceeds the limit of {max}"
    )]
    ExtensionTooLong { days: u32, max: u32 },
    #[error(
        "延期决定日 {decided} 晚于原答复期限 {due}，期限届满后不能再延长 / the extension ({decided}) was decided after the original due date ({due})"
    )]
    ExtensionAfterDue { decided: NaiveDate, due: NaiveDate },
    #[error(
        "2008年条例下不存在信息处理费（国办函〔2020〕109号仅适用于2019年条例） / processing fees do not exist under the 2008 Regulation"
    )]
    FeeUnder2008,
    #[error(
        "缴费日 {paid} 早于收到收费通知之日 {notice} / payment ({paid}) is dated before the fee notice was received ({notice})"
    )]
    PaidBeforeNotice { notice: NaiveDate, paid: NaiveDate },
    #[error(
        "2008年条例没有“延迟答复的合理期限”（2019年条例第三十五条） / the 2008 Regulation has no reasonable-delay period (2019 Art. 35)"
    )]
    DelayUnder2008,
    #[error(
        "合理延迟期限 {date} 早于已有的答复期限 {due} / the reasonable-delay date {date} is before the existing due date {due}"
    )]
    DelayBeforeDue { date: NaiveDate, due: NaiveDate },
    #[error(
        "计算基准日 {as_of} 早于收到申请之日 {received} / the as-of date {as_of} is before the application was received ({received})"
    )]
    AsOfBeforeReceipt { as_of: NaiveDate, received: NaiveDate },
}
