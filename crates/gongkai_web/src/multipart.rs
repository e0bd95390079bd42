//! Multipart forms as they stream in (issue 11): the CSRF token first, then fields and files
//! under their limits, refused as soon as a limit is passed; and the application fields of a
//! form. HTTP only — the use cases in `requests` get plain values.

use crate::error::AppError;
use axum::http::StatusCode;
use gongkai_app::requests::{MAX_FILE_BYTES, MAX_FILES, clean_file_name};

/// A parsed upload form: its text fields and its files (`(field, file name, bytes)`).
#[derive(Debug, Default)]
pub struct UploadForm {
    pub fields: std::collections::HashMap<String, String>,
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl UploadForm {
    pub fn get(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

fn too_large() -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("上传的内容过大：每个文件不超过 {} MB，每次最多 {MAX_FILES} 个文件。", MAX_FILE_BYTES >> 20),
    )
}

/// Reads a multipart form as it streams in. The first field must be `csrf_token` and is given
/// to `verify` before anything else is read: a forged or missing token is refused (403) with the
/// rest of the body unread, so no file is ever buffered for it (issue 11). Then a file over
/// [`MAX_FILE_BYTES`], more than [`MAX_FILES`] files (413) or a text field over
/// [`crate::edge::MAX_FORM_FIELD`] (422) is refused as soon as it is seen. Empty file inputs are
/// skipped.
pub async fn read_multipart(
    mut mp: axum::extract::Multipart,
    verify: impl FnOnce(&str) -> Result<(), AppError>,
) -> Result<UploadForm, AppError> {
    let mut out = UploadForm::default();
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else if crate::edge::is_over_budget(&e) {
            crate::edge::busy()
        } else {
            AppError::new(StatusCode::BAD_REQUEST, "bad_form", "表单数据不完整，请重新提交。")
        }
    };
    let token = read_csrf_field(&mut mp).await?;
    verify(&token)?;
    out.fields.insert("csrf_token".into(), token);
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let mut data = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if data.len() + chunk.len() > MAX_FILE_BYTES {
                        return Err(AppError::new(
                            StatusCode::PAYLOAD_TOO_LARGE,
                            "file_too_large",
                            format!(
                                "文件“{}”超过 {} MB 的大小限制。",
                                clean_file_name(&file_name),
                                MAX_FILE_BYTES >> 20
                            ),
                        ));
                    }
                    data.extend_from_slice(&chunk);
                }
                if file_name.is_empty() && data.is_empty() {
                    continue;
                }
                if out.files.len() >= MAX_FILES {
                    return Err(too_large());
                }
                out.files.push((name, file_name, data));
            }
            None => {
                let text = read_text_field(field, crate::edge::MAX_FORM_FIELD).await?;
                out.fields.insert(name, text);
            }
        }
    }
    Ok(out)
}

/// The first field of a multipart form, which must be `csrf_token` (every upload template puts
/// it first); anything else is refused as a CSRF failure without reading further.
pub async fn read_csrf_field(mp: &mut axum::extract::Multipart) -> Result<String, AppError> {
    let field = match mp.next_field().await {
        Ok(Some(f)) if f.name() == Some("csrf_token") && f.file_name().is_none() => f,
        Ok(_) => {
            tracing::warn!("refused a multipart form whose first field is not the CSRF token");
            return Err(AppError::csrf());
        }
        Err(_) => {
            return Err(AppError::new(StatusCode::BAD_REQUEST, "bad_form", "表单数据不完整，请重新提交。"));
        }
    };
    read_text_field(field, 256).await.map_err(|_| AppError::csrf())
}

/// A text field, read chunk by chunk and refused (422 `field_too_long`) past `max` bytes.
pub async fn read_text_field(
    mut field: axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<String, AppError> {
    let name = field.name().unwrap_or("").to_owned();
    let mut buf = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if buf.len() + chunk.len() > max {
                    return Err(field_too_long(&name, max));
                }
                buf.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(e) if crate::edge::is_over_budget(&e) => return Err(crate::edge::busy()),
            Err(_) => {
                return Err(AppError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_form",
                    "表单数据不完整，请重新提交。",
                ));
            }
        }
    }
    String::from_utf8(buf).map_err(|_| {
        AppError::new(StatusCode::BAD_REQUEST, "bad_form", "表单中有无法识别的文字编码，请重新提交。")
    })
}

/// A text field over its limit: said as such, not as "files too large" (issue 11).
pub fn field_too_long(name: &str, max: usize) -> AppError {
    let shown: String = name.chars().filter(|c| !c.is_control()).take(40).collect();
    AppError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "field_too_long",
        format!("填写的内容过长：字段“{shown}”不能超过 {} KB，请删减后再提交。", max >> 10),
    )
}

/// The application fields of a form.
pub fn application_input(f: &UploadForm) -> gongkai_domain::request::ApplicationInput {
    gongkai_domain::request::ApplicationInput {
        kind: f.get("kind"),
        name: f.get("name"),
        id_type: f.get("id_type"),
        id_number: f.get("id_number"),
        phone: f.get("phone"),
        email: f.get("email"),
        address: f.get("address"),
        contact_person: f.get("contact_person"),
        info_title: f.get("info_title"),
        doc_number: f.get("doc_number"),
        description: f.get("description"),
        purpose: f.get("purpose"),
        form: f.get("form"),
        delivery: f.get("delivery"),
        suggest_publication: f.get("suggest_publication") == "1",
    }
}
