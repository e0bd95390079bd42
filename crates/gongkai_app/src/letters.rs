//! Letters (告知书) of a disclosure request: built-in templates, the agency's edited ones, the
//! facts they are filled with, and the two outputs (printable HTML and DOCX).
//!
//! A template is plain text with `{{ name }}` placeholders (minijinja, no HTML). The stored
//! letter is the filled-in text: paragraphs separated by blank lines, the LAST paragraph being
//! the signature block (agency and date, printed right-aligned). Every renderer escapes the
//! text, so whatever an applicant typed is shown as text, never as markup.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::request::{DisclosureRequest, LetterKind};
use gongkai_store::Agency;
use minijinja::Environment;
use serde_json::{Value, json};
use std::io::Write;

/// The built-in template of each letter kind.
pub fn default_template(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Receipt => RECEIPT,
        LetterKind::CorrectionNotice => CORRECTION,
        LetterKind::ExtensionNotice => EXTENSION,
        LetterKind::ConsultationLetter => CONSULTATION,
        LetterKind::FeeNotice => FEE,
        LetterKind::Reply => REPLY,
    }
}

/// The built-in letter for a request under `rules`. Requests received before 2019-05-15 are
/// handled under the 2008 条例 (国务院令第492号): their receipt, correction, extension and
/// consultation letters cite its articles (issue 13: a 2018 request must not cite 2019's 第三十一条).
/// An agency's own templates are written for the 2019 条例 and apply to those requests only.
pub fn default_template_for(kind: LetterKind, rules: gongkai_domain::clock::Rules) -> &'static str {
    use gongkai_domain::clock::Rules;
    match (rules, kind) {
        (Rules::R2008, LetterKind::Receipt) => RECEIPT_2008,
        (Rules::R2008, LetterKind::CorrectionNotice) => CORRECTION_2008,
        (Rules::R2008, LetterKind::ExtensionNotice) => EXTENSION_2008,
        (Rules::R2008, LetterKind::ConsultationLetter) => CONSULTATION_2008,
        _ => default_template(kind),
    }
}

// 2008 条例 第二十四条: 15 working days, an extension of at most 15 with the office head's consent,
// third-party consultation time not counted.
const RECEIPT_2008: &str = "{{ applicant_name }}：

本机关于{{ received_on }}收到您提交的政府信息公开申请（受理编号：{{ number }}），申请获取的信息为：“{{ description }}”。

根据《中华人民共和国政府信息公开条例》（2007年4月5日国务院令第492号公布）第二十四条的规定，本机关将自收到申请之日起{{ base_days }}个工作日内予以答复，即不晚于{{ due_on }}；如需延长答复期限，经政府信息公开工作机构负责人同意，将另行告知，延长答复的期限最长不超过15个工作日。申请公开的政府信息涉及第三方权益的，征求第三方意见所需时间不计算在上述期限内。

您可以凭受理编号和查询码在本机关门户网站“依申请公开 · 办理进度查询”页面查询办理情况。

联系电话：{{ office_phone }}

{{ agency_name }}
{{ letter_date }}";

// 2008 条例 第二十一条第（四）项: an unclear application is answered by asking for a change or addition.
const CORRECTION_2008: &str = "{{ applicant_name }}：

本机关于{{ received_on }}收到您提交的政府信息公开申请（受理编号：{{ number }}）。经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》（2007年4月5日国务院令第492号公布）第二十一条第（四）项的规定，请您对申请作出如下更改、补充：

{{ correction_items }}

请您于{{ correction_deadline }}前将更改、补充后的申请提交本机关。

联系电话：{{ office_phone }}

{{ agency_name }}
{{ letter_date }}";

const EXTENSION_2008: &str = "{{ applicant_name }}：

本机关于{{ received_on }}收到您提交的政府信息公开申请（受理编号：{{ number }}）。因{{ extension_reason }}，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》（2007年4月5日国务院令第492号公布）第二十四条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ extension_days }}个工作日，本机关将不晚于{{ extended_due_on }}作出答复。

特此告知。

{{ agency_name }}
{{ letter_date }}";

// 2008 条例 第二十三条: third parties are asked in writing (no time limit in the text; the letter
// asks for an answer by the date the request's clock allows).
const CONSULTATION_2008: &str = "{{ consultation_party }}：

本机关于{{ received_on }}收到政府信息公开申请（受理编号：{{ number }}），申请公开的信息涉及贵方：{{ consultation_matter }}。

根据《中华人民共和国政府信息公开条例》（2007年4月5日国务院令第492号公布）第二十三条的规定，现书面征求贵方意见。请贵方于{{ consultation_reply_by }}前提出是否同意公开的书面意见；不同意公开的，请说明理由。

联系电话：{{ office_phone }}

{{ agency_name }}
{{ letter_date }}";

const RECEIPT: &str = "{{ applicant_name }}：

本机关于{{ received_on }}收到您提交的政府信息公开申请（受理编号：{{ number }}），申请获取的信息为：“{{ description }}”。

根据《中华人民共和国政府信息公开条例》第三十一条，{{ received_on }}为收到申请之日。本机关将依照该条例第三十三条的规定，自收到申请之日起{{ base_days }}个工作日内予以答复，即不晚于{{ due_on }}；如需延长答复期限，将另行书面告知。征求第三方或者其他机关意见所需时间不计算在上述期限内。

您可以凭受理编号和查询码在本机关门户网站“依申请公开 · 办理进度查询”页面查询办理情况。

联系电话：{{ office_phone }}

{{ agency_name }}
{{ letter_date }}";

const CORRECTION: &str = "{{ applicant_name }}：

本机关于{{ received_on }}收到您提交的政府信息公开申请（受理编号：{{ number }}）。经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，现一次性告知您需要补正的事项如下：

{{ correction_items }}

请您于{{ correction_deadline }}前按上述事项补正申请。答复期限自本机关收到补正的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。

联系电话：{{ office_phone }}

{{ agency_name }}
{{ letter_date }}";

const EXTENSION: &str = "{{ applicant_name }}：

本机关于{{ received_on }}收到您提交的政府信息公开申请（受理编号：{{ number }}）。因{{ extension_reason }}，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ extension_days }}个工作日，本机关将不晚于{{ extended_due_on }}作出答复。

特此告知。

{{ agency_name }}
{{ letter_date }}";

const CONSULTATION: &str = "{{ consultation_party }}：

本机关于{{ received_on }}收到政府信息公开申请（受理编号：{{ number }}），申请公开的信息涉及贵方：{{ consultation_matter }}。

根据《中华人民共和国政府信息公开条例》{{ consultation_article }}的规定，现书面征求贵方意见。请贵方自收到本征求意见书之日起15个工作日内（即不晚于{{ consultation_reply_by }}）提出是否同意公开的书面意见；不同意公开的，请说明理由。{{ consultation_lapse_rule }}

联系电话：{{ office_phone }}

{{ agency_name }}
{{ letter_date }}";

const FEE: &str = "{{ applicant_name }}：

本机关于{{ received_on }}收到您提交的政府信息公开申请（受理编号：{{ number }}）。根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关依法收取信息处理费。

收费依据和标准：{{ fee_basis }}

收费方式：{{ fee_method }}；应缴金额：人民币{{ fee_amount }}元。

缴纳方式：{{ fee_payment }}

请您自收到本通知次日起20个工作日内，即不晚于{{ fee_pay_by }}，缴纳上述费用。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。收到本通知至缴费之日的期间不计算在答复期限内。

联系电话：{{ office_phone }}

{{ agency_name }}
{{ letter_date }}";

const REPLY: &str = "{{ applicant_name }}：

本机关于{{ received_on }}收到您提交的政府信息公开申请（受理编号：{{ number }}），申请获取的信息为：“{{ description }}”。现答复如下：

经审查，{{ outcome_text }}

{{ reasoning }}

依据：{{ basis }}。

{{ remedies }}

{{ agency_name }}
{{ letter_date }}";

/// The sentence stating the decision, per outcome group.
fn outcome_text(kind: &str) -> &'static str {
    match kind {
        "granted" => "您申请获取的政府信息属于公开范围，本机关予以公开。",
        "partly_granted" => {
            "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。本机关向您提供可以公开的部分，对不予公开的部分说明理由如下。"
        }
        k if k.starts_with("withheld") => {
            "您申请获取的政府信息属于不予公开的范围，本机关决定不予公开，理由如下。"
        }
        "unavailable_not_held" => "经检索，本机关不掌握您申请获取的政府信息。",
        "unavailable_needs_creation" => {
            "您申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。"
        }
        "unavailable_still_unclear" => "您补正后的申请内容仍不明确，本机关无法提供。",
        k if k.starts_with("not_processed") => {
            "您的申请不属于本机关应当作为政府信息公开申请处理的情形，本机关不予处理。"
        }
        _ => "本机关对您的申请作如下处理。",
    }
}

/// The applicant's remedies. From 2024-01-01 a refusal to disclose must go to 行政复议 first
/// (行政复议法 2023 第二十三条第一款第四项, 第二款: the agency must say so).
pub fn remedies(reconsideration_body: &str, decided_on: NaiveDate, refusal: bool) -> String {
    let strict = decided_on >= NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(NaiveDate::MIN);
    if refusal && strict {
        format!(
            "如对本答复不服，可以自收到本答复之日起六十日内向{reconsideration_body}申请行政复议。根据《中华人民共和国行政复议法》第二十三条第一款第四项，申请政府信息公开、行政机关不予公开的，应当先向行政复议机关申请行政复议；对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
        )
    } else {
        format!(
            "如对本答复不服，可以自收到本答复之日起六十日内向{reconsideration_body}申请行政复议，或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
        )
    }
}

/// A date as letters print it: 2025年3月4日.
pub fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(zh_date).unwrap_or_else(|| "（待确定）".into())
}

/// Facts a letter can use, computed by the caller (dates from the clock).
#[derive(Debug, Clone, Default)]
pub struct LetterDates {
    pub due_on: Option<NaiveDate>,
    pub extended_due_on: Option<NaiveDate>,
    pub consultation_reply_by: Option<NaiveDate>,
    pub base_days: u32,
}

/// The placeholders available to every template, with their values for this request.
pub fn context(
    agency: &Agency,
    reconsideration_body: &str,
    number: &str,
    req: &DisclosureRequest,
    letter_date: NaiveDate,
    dates: &LetterDates,
) -> Value {
    let a = &req.application;
    let consultation = req.consultations.last();
    let fee = req.fee.as_ref();
    let decision = req.decision.as_ref();
    json!({
        "agency_name": agency.name,
        "office_name": agency.contact.office_name,
        "office_phone": if agency.contact.phone.is_empty() { "（见本机关政府信息公开指南）".to_owned() } else { agency.contact.phone.clone() },
        "office_address": agency.contact.address,
        "number": number,
        "applicant_name": a.applicant.name,
        "applicant_kind": a.applicant.kind.label_zh(),
        // Quoted as “…”。 in the letters: the applicant's own final full stop would double it.
        "description": a.description.trim_end_matches(['。', '.']),
        "info_title": a.info_title,
        "doc_number": a.doc_number,
        "form": a.form.label_zh(),
        "delivery": a.delivery.label_zh(),
        "submitted_on": zh_date(req.submitted_on),
        "received_on": opt_date(req.received_on),
        "base_days": dates.base_days,
        "due_on": opt_date(dates.due_on),
        "extended_due_on": opt_date(dates.extended_due_on),
        "letter_date": zh_date(letter_date),
        "correction_items": req.correction.as_ref().map(|c| c.items.clone()).unwrap_or_default(),
        "correction_deadline": opt_date(req.correction.as_ref().map(|c| c.deadline)),
        "extension_days": req.extension.as_ref().map(|e| e.workdays).unwrap_or(0),
        "extension_reason": req.extension.as_ref().map(|e| e.reason.clone()).unwrap_or_default(),
        "consultation_party": consultation.map(|c| c.party.clone()).unwrap_or_default(),
        "consultation_matter": consultation.map(|c| c.matter.clone()).unwrap_or_default(),
        "consultation_reply_by": opt_date(dates.consultation_reply_by),
        "consultation_article": match consultation.map(|c| c.kind) {
            Some(gongkai_domain::clock::ConsultationKind::Agency) => "第三十四条",
            _ => "第三十二条",
        },
        "consultation_lapse_rule": match consultation.map(|c| c.kind) {
            Some(gongkai_domain::clock::ConsultationKind::Agency) => "逾期未提出意见的，视为同意公开。",
            _ => "逾期未提出意见的，由本机关依照条例的规定决定是否公开。",
        },
        "fee_basis": fee.map(|f| f.quote.basis.clone()).unwrap_or_default(),
        "fee_method": fee.map(|f| f.quote.method.label_zh()).unwrap_or_default(),
        "fee_amount": fee.map(|f| f.quote.amount_yuan).unwrap_or(0),
        "fee_pay_by": opt_date(fee.map(|f| f.pay_by)),
        "fee_payment": fee_payment(agency),
        "outcome": decision.map(|d| d.outcome.short_zh()).unwrap_or_default(),
        "outcome_text": decision.map(|d| outcome_text(d.outcome.key())).unwrap_or_default(),
        "basis": decision.map(|d| d.basis.trim_end_matches('。').to_owned()).unwrap_or_default(),
        "reasoning": decision.map(|d| d.reasoning.clone()).unwrap_or_default(),
        "remedies": decision.map(|d| remedies(reconsideration_body, d.on, d.outcome.is_refusal())).unwrap_or_default(),
        "reconsideration_body": reconsideration_body,
    })
}

/// 缴纳方式 of the 收费通知 (国办函〔2020〕109号): the agency's setting, else where to ask.
fn fee_payment(agency: &Agency) -> String {
    let set = agency.letters.fee_payment.trim();
    if !set.is_empty() {
        return set.trim_end_matches('。').to_owned() + "。";
    }
    let phone = if agency.contact.phone.is_empty() {
        String::new()
    } else {
        format!("（联系电话：{}）", agency.contact.phone)
    };
    format!("按本机关政府信息公开工作机构告知的非税收入缴款方式缴纳{phone}。")
}

/// The Chinese name staff see and type for each placeholder (issue 13: `{{申请人}}`, not
/// `{{ applicant_name }}`). Templates are stored with the stable English names; the editor shows
/// and accepts the Chinese ones ([`to_chinese_placeholders`], [`from_chinese_placeholders`]).
pub const CHINESE_NAMES: &[(&str, &str)] = &[
    ("agency_name", "本机关"),
    ("office_name", "工作机构"),
    ("office_phone", "联系电话"),
    ("office_address", "办公地址"),
    ("number", "受理编号"),
    ("applicant_name", "申请人"),
    ("applicant_kind", "申请人类型"),
    ("description", "申请内容"),
    ("info_title", "信息名称"),
    ("doc_number", "文号"),
    ("form", "信息形式"),
    ("delivery", "获取方式"),
    ("submitted_on", "提交日期"),
    ("received_on", "收到申请日期"),
    ("due_on", "答复期限"),
    ("base_days", "答复工作日数"),
    ("extended_due_on", "延长后答复期限"),
    ("letter_date", "落款日期"),
    ("correction_items", "补正事项"),
    ("correction_deadline", "补正期限"),
    ("extension_days", "延长工作日数"),
    ("extension_reason", "延期理由"),
    ("consultation_party", "被征求意见方"),
    ("consultation_matter", "征求意见事项"),
    ("consultation_reply_by", "提出意见期限"),
    ("consultation_article", "征求意见条款"),
    ("consultation_lapse_rule", "逾期未提意见的处理"),
    ("fee_basis", "收费依据"),
    ("fee_method", "收费方式"),
    ("fee_amount", "收费金额"),
    ("fee_pay_by", "缴费期限"),
    ("fee_payment", "缴纳方式"),
    ("outcome", "答复结果"),
    ("outcome_text", "答复结论"),
    ("reasoning", "答复理由"),
    ("basis", "法律依据"),
    ("remedies", "救济途径"),
    ("reconsideration_body", "复议机关"),
];

/// Every `{{ name }}` placeholder of a template, with its byte range and trimmed name.
fn placeholders(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let start = from + i;
        let Some(j) = text[start + 2..].find("}}") else { break };
        let end = start + 2 + j + 2;
        out.push((start..end, text[start + 2..end - 2].trim()));
        from = end;
    }
    out
}

/// `text` with each placeholder `map` knows written as `{{…}}` around what it returns.
fn rename(text: &str, map: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, name) in placeholders(text) {
        if let Some(to) = map(name) {
            out.push_str(&text[last..range.start]);
            out.push_str("{{");
            out.push_str(&to);
            out.push_str("}}");
            last = range.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A stored template as the editor shows it: `{{ applicant_name }}` → `{{申请人}}`.
pub fn to_chinese_placeholders(text: &str) -> String {
    rename(text, |n| CHINESE_NAMES.iter().find(|(k, _)| *k == n).map(|(_, zh)| (*zh).to_owned()))
}

/// What an editor typed, as stored: `{{申请人}}` or `{{ 申请人 }}` → `{{ applicant_name }}`. A
/// Chinese name that is not a placeholder is refused with the names to use.
pub fn from_chinese_placeholders(text: &str) -> Result<String, String> {
    if let Some((_, n)) = placeholders(text)
        .into_iter()
        .find(|(_, n)| !n.is_ascii() && !CHINESE_NAMES.iter().any(|(_, zh)| zh == n))
    {
        return Err(format!(
            "模板中的“{{{{{n}}}}}”不是可用的占位符，请使用页面下方列出的名称（如“{{{{申请人}}}}”）。"
        ));
    }
    Ok(rename(text, |n| CHINESE_NAMES.iter().find(|(_, zh)| *zh == n).map(|(k, _)| format!(" {k} "))))
}

/// The placeholder names an editor may use (for the template page).
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("agency_name", "本机关名称"),
    ("office_phone", "信息公开工作机构电话"),
    ("office_address", "办公地址"),
    ("number", "受理编号"),
    ("applicant_name", "申请人姓名或名称"),
    ("description", "所需信息的内容描述"),
    ("received_on", "收到申请之日"),
    ("due_on", "答复期限"),
    ("base_days", "法定答复期限（工作日）"),
    ("fee_payment", "信息处理费缴纳方式"),
    ("reconsideration_body", "行政复议机关"),
    ("extended_due_on", "延长后的答复期限"),
    ("letter_date", "落款日期"),
    ("correction_items", "补正事项"),
    ("correction_deadline", "补正期限"),
    ("extension_days", "延长的工作日数"),
    ("extension_reason", "延期理由"),
    ("consultation_party", "被征求意见方"),
    ("consultation_matter", "征求意见事项"),
    ("consultation_reply_by", "提出意见的期限"),
    ("fee_basis", "收费依据和标准"),
    ("fee_amount", "收费金额（元）"),
    ("fee_pay_by", "缴费期限"),
    ("outcome", "答复结果"),
    ("outcome_text", "答复结论句"),
    ("reasoning", "答复理由"),
    ("basis", "法律依据"),
    ("remedies", "救济途径（复议、诉讼）"),
];

/// Largest letter template (characters) an editor may save.
pub const MAX_TEMPLATE_CHARS: usize = 20_000;

/// The work one letter may cost (minijinja fuel: about one unit per instruction and per 64 bytes
/// of data created). A built-in letter needs about a thousand; the budget bounds both time and
/// memory (about 6 MB) of an agency-edited template, e.g. nested `range(100000)` loops.
pub const TEMPLATE_FUEL: u64 = 100_000;

/// Largest filled-in letter (bytes); fuel bounds it too, this is a plain second guard.
const MAX_LETTER_BYTES: usize = 512 * 1024;

/// Fills `template` with `ctx`. Errors are reported in Chinese for the template editor.
///
/// This is CPU work bounded by [`TEMPLATE_FUEL`]; async callers use [`fill_off_runtime`].
pub fn fill(template: &str, ctx: &Value) -> Result<String, String> {
    if template.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(format!("模板过长：不超过 {MAX_TEMPLATE_CHARS} 字。"));
    }
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_recursion_limit(50);
    let t = env.template_from_str(template).map_err(|e| format!("模板语法错误：{e}"))?;
    let text = t.render(minijinja::value::Serde(ctx)).map_err(|e| match e.kind() {
        minijinja::ErrorKind::OutOfFuel => {
            "模板运算量超出限制：请删除循环或大量重复的内容，文书模板只需填写占位符。".to_owned()
        }
        _ => format!("模板无法填写：{e}"),
    })?;
    if text.len() > MAX_LETTER_BYTES {
        return Err(format!("模板生成的文书过长（超过 {} KB）。", MAX_LETTER_BYTES >> 10));
    }
    // Collapse runs of blank lines left by empty placeholders.
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank += 1;
        } else {
            if !out.is_empty() {
                out.push_str(if blank > 0 { "\n\n" } else { "\n" });
            }
            out.push_str(line.trim_end());
            blank = 0;
        }
    }
    Ok(out)
}

/// [`fill`] on a blocking thread, so a costly template never holds up the async runtime (other
/// requests, `/healthz`). The fuel bound makes sure the thread finishes.
pub async fn fill_off_runtime(template: String, ctx: Value) -> Result<String, String> {
    tokio::task::spawn_blocking(move || fill(&template, &ctx)).await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "letter template task failed");
        Err("模板无法填写：内部错误。".to_owned())
    })
}

/// Paragraphs of a stored letter; the last one is the signature block.
pub fn paragraphs(body: &str) -> Vec<Vec<String>> {
    body.split("\n\n")
        .map(|p| p.lines().map(str::to_owned).filter(|l| !l.trim().is_empty()).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect()
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 does not allow (C0 controls, U+FFFE, U+FFFF) would make the
            // whole document unreadable: dropped here whatever the input checks let through.
            c if !gongkai_domain::text::xml_char(c) || c == '\n' || c == '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// A minimal WordprocessingML document: title (黑体 二号, centred), body paragraphs (仿宋 三号,
/// 2-character first-line indent, 28-pt exact line spacing), signature right-aligned; A4 with
/// the 公文 margins (GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm).
pub fn docx(title: &str, subtitle: &str, body: &str) -> Vec<u8> {
    let paras = paragraphs(body);
    let run = |text: &str, font: &str, size_half_points: u32, bold: bool| {
        format!(
            "<w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\"/>{}<w:sz w:val=\"{size_half_points}\"/><w:szCs w:val=\"{size_half_points}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            if bold { "<w:b/>" } else { "" },
            xml_escape(text)
        )
    };
    let spacing = "<w:spacing w:line=\"560\" w:lineRule=\"exact\" w:before=\"0\" w:after=\"0\"/>";
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    xml.push_str(&format!(
        "<w:p><w:pPr><w:jc w:val=\"center\"/><w:spacing w:before=\"0\" w:after=\"240\"/></w:pPr>{}</w:p>",
        run(title, "黑体", 44, false)
    ));
    if !subtitle.is_empty() {
        xml.push_str(&format!(
            "<w:p><w:pPr><w:jc w:val=\"center\"/>{spacing}</w:pPr>{}</w:p>",
            run(subtitle, "仿宋_GB2312", 32, false)
        ));
    }
    let n = paras.len();
    for (i, p) in paras.iter().enumerate() {
        let last = i + 1 == n && n > 1;
        let first = i == 0;
        for line in p {
            let ppr = if last {
                format!("<w:pPr><w:jc w:val=\"right\"/>{spacing}<w:ind w:right=\"640\"/></w:pPr>")
            } else if first {
                format!("<w:pPr>{spacing}</w:pPr>")
            } else {
                format!("<w:pPr>{spacing}<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>")
            };
            xml.push_str(&format!("<w:p>{ppr}{}</w:p>", run(line, "仿宋_GB2312", 32, false)));
        }
    }
    xml.push_str(
        "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" \
         w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>\
         </w:body></w:document>",
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        </Relationships>";
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let parts: [(&str, &str); 3] =
            [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", &xml)];
        for (name, content) in parts {
            if z.start_file(name, opts).is_err() || z.write_all(content.as_bytes()).is_err() {
                tracing::error!(part = name, "could not write a DOCX part");
            }
        }
        if let Err(e) = z.finish() {
            tracing::error!(error = %e, "could not finish a DOCX");
        }
    }
    buf.into_inner()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_default_template_fills_with_an_empty_request() {
        let ctx = json!({});
        for k in LetterKind::ALL {
            // Strict undefined: every placeholder must exist in a real context.
            assert!(fill(default_template(k), &ctx).is_err());
        }
    }

    /// The 2008 letters use only placeholders the 2019 letters (filled in the router tests) use.
    #[test]
    fn letters_of_the_2008_regime_use_known_placeholders() {
        use gongkai_domain::clock::Rules;
        let names = |t: &str| -> std::collections::BTreeSet<String> {
            t.split("{{").skip(1).filter_map(|p| p.split("}}").next()).map(|n| n.trim().to_owned()).collect()
        };
        let known: std::collections::BTreeSet<String> =
            LetterKind::ALL.iter().flat_map(|k| names(default_template(*k))).collect();
        for k in LetterKind::ALL {
            let t = default_template_for(k, Rules::R2008);
            let unknown: Vec<_> = names(t).difference(&known).cloned().collect();
            assert!(unknown.is_empty(), "{k:?}: {unknown:?}");
            if matches!(
                k,
                LetterKind::Receipt
                    | LetterKind::CorrectionNotice
                    | LetterKind::ExtensionNotice
                    | LetterKind::ConsultationLetter
            ) {
                assert!(t.contains("国务院令第492号") && !t.contains("第三十一条"), "{k:?}");
            }
        }
    }

    /// Every built-in letter shown with Chinese names and saved back is the same template.
    #[test]
    fn chinese_placeholder_names_round_trip() {
        for k in LetterKind::ALL {
            let t = default_template(k);
            let zh = to_chinese_placeholders(t);
            assert!(!zh.contains("{{ "), "{k:?}: every placeholder has a Chinese name: {zh}");
            assert_eq!(from_chinese_placeholders(&zh).unwrap(), t, "{k:?}");
        }
        assert!(from_chinese_placeholders("{{ 不存在 }}").is_err());
        assert_eq!(
            from_chinese_placeholders("{{ x }}").unwrap(),
            "{{ x }}",
            "English names pass as they are"
        );
    }

    #[test]
    fn remedies_follow_the_2024_rule() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert!(remedies("示例县人民政府", d, true).contains("应当先向行政复议机关申请行政复议"));
        assert!(remedies("示例县人民政府", d, false).contains("六个月内"));
        let old = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
        assert!(remedies("示例县人民政府", old, true).contains("六个月内"));
    }

    #[test]
    fn fill_collapses_blank_lines_and_paragraphs_split() {
        let text = fill("甲：\n\n{{ x }}\n\n\n乙\n\n单位\n日期", &json!({"x": ""})).unwrap();
        assert_eq!(text, "甲：\n\n乙\n\n单位\n日期");
        let p = paragraphs(&text);
        assert_eq!(p.len(), 3);
        assert_eq!(p[2], vec!["单位".to_owned(), "日期".to_owned()]);
    }

    #[test]
    fn docx_is_a_zip_with_escaped_text() {
        let bytes = docx("答复书", "（受理编号：1）", "张三<script>：\n\n正文&\n\n单位\n日期");
        assert_eq!(&bytes[..2], b"PK");
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("张三&lt;script&gt;") && xml.contains("正文&amp;") && !xml.contains("<script>"));
    }
}
