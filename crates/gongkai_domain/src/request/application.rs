//! What an applicant submits (条例 第二十九条), and its validation. Every refusal names the
//! field, a stable code and a Chinese message, so the form re-renders with the message at the
//! field and the API answers 422 with the same field and code.

use crate::agency::FieldError;
use crate::ids::{CreditCode, ResidentId};
use crate::report::RequestColumn;
use serde::{Deserialize, Serialize};
use strum::{EnumMessage, VariantArray};

/// The wrappers every keyed enum of this module has: `key` (API and database), `from_key`,
/// `label_zh` and `ALL`, all derived by strum from the variants and their attributes.
macro_rules! keyed_wrappers {
    ($name:ident) => {
        impl $name {
            pub const ALL: &'static [$name] = <$name as VariantArray>::VARIANTS;
            /// The stable key used in the API and the database.
            pub fn key(self) -> &'static str {
                self.into()
            }
            pub fn label_zh(self) -> &'static str {
                self.get_message().unwrap_or_default()
            }
            pub fn from_key(s: &str) -> Option<Self> {
                s.trim().parse().ok()
            }
        }
    };
}

/// 申请人类型: the columns of 表三.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ApplicantKind {
    #[strum(message = "自然人")]
    NaturalPerson,
    #[strum(message = "商业企业")]
    Company,
    #[strum(message = "科研机构")]
    Research,
    #[serde(rename = "nonprofit")]
    #[strum(serialize = "nonprofit", message = "社会公益组织")]
    NonProfit,
    #[strum(message = "法律服务机构")]
    LegalService,
    #[strum(message = "其他组织")]
    OtherOrg,
}
keyed_wrappers!(ApplicantKind);

impl ApplicantKind {
    /// The 表三 column this applicant is counted in.
    pub fn column(self) -> RequestColumn {
        match self {
            ApplicantKind::NaturalPerson => RequestColumn::NaturalPerson,
            ApplicantKind::Company => RequestColumn::Company,
            ApplicantKind::Research => RequestColumn::Research,
            ApplicantKind::NonProfit => RequestColumn::NonProfit,
            ApplicantKind::LegalService => RequestColumn::LegalService,
            ApplicantKind::OtherOrg => RequestColumn::OtherOrg,
        }
    }
    pub fn is_person(self) -> bool {
        self == ApplicantKind::NaturalPerson
    }
}

/// 身份证明 type.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum IdType {
    #[strum(message = "居民身份证")]
    ResidentId,
    #[strum(message = "统一社会信用代码")]
    CreditCode,
    #[strum(message = "护照")]
    Passport,
    #[strum(message = "其他证件")]
    Other,
}
keyed_wrappers!(IdType);

/// 政府信息的形式要求 (第二十九条第二款第三项, 第四十条).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum InfoForm {
    #[strum(message = "纸质")]
    Paper,
    #[strum(message = "电子")]
    Electronic,
    #[strum(message = "查阅")]
    Inspection,
}
keyed_wrappers!(InfoForm);

/// 获取信息的方式.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Delivery {
    #[strum(message = "自行领取")]
    Pickup,
    #[strum(message = "邮寄")]
    Post,
    #[strum(message = "电子邮件")]
    Email,
    #[strum(message = "在线获取")]
    Online,
}
keyed_wrappers!(Delivery);

/// A validated applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub kind: ApplicantKind,
    pub name: String,
    pub id_type: IdType,
    /// Normalised (upper case, no spaces).
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// 联系人 of an organisation (optional).
    #[serde(default)]
    pub contact_person: String,
}

impl Applicant {
    /// The ID number masked for lists and letters (`35**************23`).
    pub fn id_masked(&self) -> String {
        mask_middle(&self.id_number, 2, 2)
    }
}

/// Keeps `head` and `tail` characters and stars the rest.
pub fn mask_middle(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// A validated application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub applicant: Applicant,
    /// 所需信息的名称 (optional).
    pub info_title: String,
    /// 文号 (optional).
    pub doc_number: String,
    /// 所需信息的内容描述.
    pub description: String,
    /// 用途 (optional; not required since 2019 — no "三需要" test).
    #[serde(default)]
    pub purpose: String,
    pub form: InfoForm,
    pub delivery: Delivery,
    /// The applicant suggests that the information be published proactively (条例 第四十四条第二款:
    /// 申请人认为涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息应当公开的，可以建议
    /// 行政机关将该信息纳入主动公开的范围).
    #[serde(default)]
    pub suggest_publication: bool,
}

/// The raw fields, as typed into the form or sent to the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationInput {
    pub kind: String,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub contact_person: String,
    pub info_title: String,
    pub doc_number: String,
    pub description: String,
    pub purpose: String,
    pub form: String,
    pub delivery: String,
    /// 建议纳入主动公开 (第四十四条第二款).
    pub suggest_publication: bool,
}

/// Length limits (characters).
pub const MAX_NAME: usize = 100;
pub const MAX_DESCRIPTION: usize = 2000;
pub const MIN_DESCRIPTION: usize = 4;
pub const MAX_ADDRESS: usize = 200;
pub const MAX_SHORT: usize = 200;

fn clean(s: &str) -> String {
    // Also drops U+FFFE/U+FFFF: they would make the letters' DOCX invalid XML (crate::text).
    s.trim().chars().filter(|c| (!c.is_control() || *c == '\n') && crate::text::xml_char(*c)).collect()
}

fn count(s: &str) -> usize {
    s.chars().count()
}

pub(crate) fn valid_phone(s: &str) -> bool {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let allowed =
        s.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')' | '（' | '）'));
    if !allowed {
        return false;
    }
    // Mobile: 11 digits starting 1[3-9]; landline with area code: 7–12 digits (+ extension).
    let mobile = digits.len() == 11 && digits.starts_with('1') && matches!(digits.as_bytes()[1], b'3'..=b'9');
    let landline = (7..=16).contains(&digits.len()) && !digits.starts_with('1');
    mobile || landline || (digits.starts_with("86") && digits.len() == 13)
}

pub(crate) fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        && !domain.contains('@')
}

fn valid_passport(s: &str) -> bool {
    (5..=20).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Validates an application (条例 第二十九条: 姓名或者名称、身份证明、联系方式; 信息的名称、文号或者
/// 特征性描述; 形式要求). Returns every field error at once.
/// The application form's field names as the form labels them (for an error summary that names
/// each field, issue 13).
#[must_use]
pub fn field_label_zh(field: &str) -> &'static str {
    match field {
        "kind" => "申请人类型",
        "name" => "姓名或名称",
        "id_type" => "身份证明类型",
        "id_number" => "证件号码",
        "phone" => "联系电话",
        "email" => "电子邮箱",
        "address" => "通信地址",
        "contact_person" => "联系人",
        "info_title" => "所需信息的名称",
        "doc_number" => "文号",
        "description" => "所需信息的内容描述",
        "purpose" => "用途",
        "form" => "所需信息的形式",
        "delivery" => "获取信息的方式",
        "submitted_on" => "提交日期",
        "received_on" => "收到申请日期",
        "channel" => "提交渠道",
        _ => "",
    }
}

pub fn validate(input: &ApplicationInput) -> Result<Application, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = ApplicantKind::from_key(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "required", "请选择申请人类型"));
    }
    let name = clean(&input.name);
    if name.is_empty() {
        errors.push(FieldError::new("name", "required", "请填写申请人姓名或名称"));
    } else if count(&name) > MAX_NAME {
        errors.push(FieldError::new("name", "too_long", format!("姓名或名称不能超过 {MAX_NAME} 个字")));
    } else if let Err(m) = crate::text::check_name(&name) {
        errors.push(FieldError::new("name", "invalid_characters", m));
    }
    let (id_type, id_number) = identity(input, kind, &mut errors);
    let (phone, email, address) = contact(input, &mut errors);
    let contact_person = clean(&input.contact_person);
    if count(&contact_person) > MAX_NAME {
        errors.push(FieldError::new("contact_person", "too_long", "联系人姓名过长"));
    } else if let Err(m) = crate::text::check_name(&contact_person) {
        errors.push(FieldError::new("contact_person", "invalid_characters", m));
    }
    let (info_title, doc_number, description, purpose) = described_information(input, &mut errors);
    let (form, delivery) = form_and_delivery(input, &address, &email, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(kind), Some(id_type), Some(form), Some(delivery)) = (kind, id_type, form, delivery) else {
        return Err(errors);
    };
    Ok(Application {
        applicant: Applicant { kind, name, id_type, id_number, phone, email, address, contact_person },
        info_title,
        doc_number,
        description,
        purpose,
        form,
        delivery,
        suggest_publication: input.suggest_publication,
    })
}

/// 身份证明 (第二十九条第二款第一项): its type, a valid number of that type, and a type that
/// fits the applicant (a person's ID for a person, a credit code for an organisation).
/// Returns the type and the normalised number.
fn identity(
    input: &ApplicationInput,
    kind: Option<ApplicantKind>,
    errors: &mut Vec<FieldError>,
) -> (Option<IdType>, String) {
    let id_type = IdType::from_key(&input.id_type);
    let raw_id: String = input.id_number.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut id_number = raw_id.to_uppercase();
    let Some(t) = id_type else {
        errors.push(FieldError::new("id_type", "required", "请选择身份证明类型"));
        return (None, id_number);
    };
    if id_number.is_empty() {
        errors.push(FieldError::new("id_number", "required", "请填写身份证明号码"));
    } else {
        match t {
            IdType::ResidentId => match ResidentId::parse(&id_number) {
                Ok(id) => id_number = id.as_str().to_owned(),
                Err(e) => errors.push(FieldError::new("id_number", e.code(), e.message())),
            },
            IdType::CreditCode => match CreditCode::parse(&id_number) {
                Ok(c) => id_number = c.as_str().to_owned(),
                Err(e) => errors.push(FieldError::new("id_number", e.code(), e.message())),
            },
            IdType::Passport => {
                if !valid_passport(&id_number) {
                    errors.push(FieldError::new(
                        "id_number",
                        "invalid_passport",
                        "护照号码应为 5–20 位字母或数字",
                    ));
                }
            }
            IdType::Other => {
                if count(&id_number) > 50 {
                    errors.push(FieldError::new("id_number", "too_long", "证件号码不能超过 50 个字符"));
                }
            }
        }
    }
    if let Some(k) = kind {
        if k.is_person() && t == IdType::CreditCode {
            errors.push(FieldError::new("id_type", "mismatch", "自然人请使用居民身份证、护照或其他个人证件"));
        }
        if !k.is_person() && matches!(t, IdType::ResidentId | IdType::Passport) {
            errors.push(FieldError::new(
                "id_type",
                "mismatch",
                "法人或其他组织请填写统一社会信用代码（或其他登记证件）",
            ));
        }
    }
    (id_type, id_number)
}

/// 联系方式 (第二十九条第二款第一项): at least one of phone, e-mail and address, each well
/// formed. Returns (phone, email, address), cleaned.
fn contact(input: &ApplicationInput, errors: &mut Vec<FieldError>) -> (String, String, String) {
    let phone = clean(&input.phone);
    let email = clean(&input.email);
    let address = clean(&input.address);
    if !phone.is_empty() && !valid_phone(&phone) {
        errors.push(FieldError::new(
            "phone",
            "invalid_phone",
            "电话号码格式不正确（手机 11 位，座机请含区号）",
        ));
    }
    if !email.is_empty() && !valid_email(&email) {
        errors.push(FieldError::new("email", "invalid_email", "电子邮箱格式不正确"));
    }
    if count(&address) > MAX_ADDRESS {
        errors.push(FieldError::new("address", "too_long", format!("通信地址不能超过 {MAX_ADDRESS} 个字")));
    }
    if phone.is_empty() && email.is_empty() && address.is_empty() {
        errors.push(FieldError::new(
            "phone",
            "contact_required",
            "请至少填写一种联系方式（电话、电子邮箱或通信地址）",
        ));
    }
    (phone, email, address)
}

/// 所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述 (第二十九条第二款第二项).
/// Returns (info_title, doc_number, description, purpose), cleaned.
fn described_information(
    input: &ApplicationInput,
    errors: &mut Vec<FieldError>,
) -> (String, String, String, String) {
    let info_title = clean(&input.info_title);
    let doc_number = clean(&input.doc_number);
    let description = clean(&input.description);
    let purpose = clean(&input.purpose);
    for (field, v) in [("info_title", &info_title), ("doc_number", &doc_number), ("purpose", &purpose)] {
        if count(v) > MAX_SHORT {
            errors.push(FieldError::new(field, "too_long", format!("不能超过 {MAX_SHORT} 个字")));
        }
    }
    if description.is_empty() {
        errors.push(FieldError::new(
            "description",
            "required",
            "请描述所需政府信息（名称、文号或者便于查询的其他特征）",
        ));
    } else if count(&description) < MIN_DESCRIPTION {
        errors.push(FieldError::new("description", "too_short", "内容描述过短，请写明所需信息的特征"));
    } else if count(&description) > MAX_DESCRIPTION {
        errors.push(FieldError::new(
            "description",
            "too_long",
            format!("内容描述不能超过 {MAX_DESCRIPTION} 个字；多项信息请分别申请"),
        ));
    }
    (info_title, doc_number, description, purpose)
}

/// 形式要求 (第二十九条第二款第三项, 第四十条): the form of the information and a way of
/// getting it that fits the form, with the address or e-mail it needs.
fn form_and_delivery(
    input: &ApplicationInput,
    address: &str,
    email: &str,
    errors: &mut Vec<FieldError>,
) -> (Option<InfoForm>, Option<Delivery>) {
    let form = InfoForm::from_key(&input.form);
    let delivery = Delivery::from_key(&input.delivery);
    if form.is_none() {
        errors.push(FieldError::new("form", "required", "请选择所需信息的形式"));
    }
    if delivery.is_none() {
        errors.push(FieldError::new("delivery", "required", "请选择获取信息的方式"));
    }
    if let (Some(f), Some(d)) = (form, delivery) {
        match (f, d) {
            (InfoForm::Inspection, d) if d != Delivery::Pickup => errors.push(FieldError::new(
                "delivery",
                "mismatch",
                "选择“查阅”时，获取方式应为“自行领取”（到机关现场查阅）",
            )),
            (InfoForm::Paper, Delivery::Email | Delivery::Online) => {
                errors.push(FieldError::new("delivery", "mismatch", "纸质信息只能自行领取或邮寄"))
            }
            _ => {}
        }
        if d == Delivery::Post && address.is_empty() {
            errors.push(FieldError::new("address", "required", "选择邮寄时请填写通信地址"));
        }
        if d == Delivery::Email && email.is_empty() {
            errors.push(FieldError::new("email", "required", "选择电子邮件时请填写电子邮箱"));
        }
    }
    (form, delivery)
}
