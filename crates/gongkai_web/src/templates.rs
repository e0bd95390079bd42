//! Page templates (minijinja), compiled into the binary, HTML auto-escaped.

use crate::error::AppError;
use axum::response::Html;
use minijinja::Environment;
use serde::Serialize;

/// Every template, by name. Adding a page = adding its file here.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("portal_base.html", include_str!("../templates/portal_base.html")),
    ("staff_base.html", include_str!("../templates/staff_base.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("portal_home.html", include_str!("../templates/portal_home.html")),
    ("portal_agency.html", include_str!("../templates/portal_agency.html")),
    ("staff_login.html", include_str!("../templates/staff_login.html")),
    ("setup.html", include_str!("../templates/setup.html")),
    ("portal_consultations.html", include_str!("../templates/portal_consultations.html")),
    ("portal_consultation.html", include_str!("../templates/portal_consultation.html")),
    ("staff_consultations.html", include_str!("../templates/staff_consultations.html")),
    ("staff_consultation.html", include_str!("../templates/staff_consultation.html")),
    ("staff_dashboard.html", include_str!("../templates/staff_dashboard.html")),
    ("staff_users.html", include_str!("../templates/staff_users.html")),
    ("staff_password.html", include_str!("../templates/staff_password.html")),
    ("staff_audit.html", include_str!("../templates/staff_audit.html")),
    ("staff_agency.html", include_str!("../templates/staff_agency.html")),
    ("staff_agencies.html", include_str!("../templates/staff_agencies.html")),
    ("staff_agency_form.html", include_str!("../templates/staff_agency_form.html")),
    ("staff_calendar.html", include_str!("../templates/staff_calendar.html")),
    ("form_macros.html", include_str!("../templates/form_macros.html")),
    ("portal_apply.html", include_str!("../templates/portal_apply.html")),
    ("portal_receipt.html", include_str!("../templates/portal_receipt.html")),
    ("portal_apply_choose.html", include_str!("../templates/portal_apply_choose.html")),
    ("portal_track.html", include_str!("../templates/portal_track.html")),
    ("letter.html", include_str!("../templates/letter.html")),
    ("staff_requests.html", include_str!("../templates/staff_requests.html")),
    ("staff_request_new.html", include_str!("../templates/staff_request_new.html")),
    ("staff_request_created.html", include_str!("../templates/staff_request_created.html")),
    ("staff_request.html", include_str!("../templates/staff_request.html")),
    ("staff_letter_templates.html", include_str!("../templates/staff_letter_templates.html")),
    ("staff_cases.html", include_str!("../templates/staff_cases.html")),
    ("staff_reports.html", include_str!("../templates/staff_reports.html")),
    ("staff_report.html", include_str!("../templates/staff_report.html")),
    ("staff_report_cell.html", include_str!("../templates/staff_report_cell.html")),
    ("staff_report_versions.html", include_str!("../templates/staff_report_versions.html")),
    ("staff_report_confirm.html", include_str!("../templates/staff_report_confirm.html")),
    ("staff_report_registers.html", include_str!("../templates/staff_report_registers.html")),
    ("portal_annual_report.html", include_str!("../templates/portal_annual_report.html")),
    ("check_findings.html", include_str!("../templates/check_findings.html")),
    ("portal_check.html", include_str!("../templates/portal_check.html")),
    ("staff_check.html", include_str!("../templates/staff_check.html")),
    // catalog (issue 5)
    ("staff_catalog.html", include_str!("../templates/staff_catalog.html")),
    ("staff_publication_edit.html", include_str!("../templates/staff_publication_edit.html")),
    ("staff_publication.html", include_str!("../templates/staff_publication.html")),
    ("staff_catalog_guide.html", include_str!("../templates/staff_catalog_guide.html")),
    ("portal_catalog.html", include_str!("../templates/portal_catalog.html")),
    ("portal_publication.html", include_str!("../templates/portal_publication.html")),
    ("portal_notice.html", include_str!("../templates/portal_notice.html")),
    ("portal_guide.html", include_str!("../templates/portal_guide.html")),
    ("portal_annual_reports.html", include_str!("../templates/portal_annual_reports.html")),
    ("portal_search.html", include_str!("../templates/portal_search.html")),
    // 留言 and 找错 (issue 16)
    ("portal_message_form.html", include_str!("../templates/portal_message_form.html")),
    ("portal_message_receipt.html", include_str!("../templates/portal_message_receipt.html")),
    ("portal_message_track.html", include_str!("../templates/portal_message_track.html")),
    ("portal_messages.html", include_str!("../templates/portal_messages.html")),
    ("staff_messages.html", include_str!("../templates/staff_messages.html")),
    ("staff_message.html", include_str!("../templates/staff_message.html")),
];

/// The site's stylesheet and its cache-busting version.
pub const SITE_CSS: &str = include_str!("../static/site.css");

pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub fn new() -> Self {
        let mut env = Environment::new();
        for (name, src) in TEMPLATES {
            // Templates are compiled in: a syntax error is a build defect caught by the tests.
            if let Err(e) = env.add_template(name, src) {
                tracing::error!(template = name, error = %e, "template does not compile");
            }
        }
        env.add_filter("datetime", |s: String| -> String {
            chrono::DateTime::parse_from_rfc3339(&s)
                .map(|d| {
                    d.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap_or(*d.offset()))
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or(s)
        });
        Self { env }
    }

    /// Renders a template; a failure is logged and answered with the generic error.
    pub fn render<S: Serialize>(&self, name: &str, ctx: S) -> Result<Html<String>, AppError> {
        let tmpl = self.env.get_template(name).map_err(|e| {
            tracing::error!(template = name, error = %e, "template missing");
            AppError::internal()
        })?;
        tmpl.render(minijinja::value::Serde(&ctx)).map(Html).map_err(|e| {
            tracing::error!(template = name, error = %e, "template failed to render");
            AppError::internal()
        })
    }
}

impl Default for Templates {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        let t = Templates::new();
        for (name, _) in TEMPLATES {
            assert!(t.env.get_template(name).is_ok(), "{name} does not compile");
        }
    }
}
