//! Gongkai's use cases: what the portal, the staff console, the JSON API, the CLI and the demo
//! seeder all do, in one place and without HTTP.
//!
//! Invariants:
//! - no HTTP crate (axum, tower, hyper) is a dependency: a use case takes an [`App`] and plain
//!   values and answers with its result or an [`Error`]; the web layer maps [`Error`] to a
//!   status and a page or JSON envelope (one table, `gongkai_web::error`);
//! - one module per area, one function per use case (`requests::submit`, `catalog::perform`,
//!   `annual::compute`, …); rules themselves live in `gongkai_domain`, persistence behind
//!   `gongkai_store::Store`;
//! - letters are documents: their templates are rendered here (`letters`), page templates stay
//!   in the web crate.
//!
//! To add a use case: a function in the area's module taking `&App`; errors as [`Error`]
//! variants, never as strings for kinds.

pub mod access;
pub mod accounts;
pub mod agencies;
pub mod annual;
pub mod calendar;
pub mod catalog;
pub mod consultations;
pub mod error;
pub mod ledger;
pub mod letters;
pub mod mail;
pub mod messages;
pub mod requests;
pub mod sandbox;
pub mod scanner;

pub use error::{Conflict, Error, Refusal, RefusalKind, Rejection};

use gongkai_store::Store;
use std::sync::Arc;

/// Deployment settings the use cases read.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// A fixed "today" (tests and reproducible demos); `None` = Beijing time now.
    pub fixed_today: Option<chrono::NaiveDate>,
    /// Whether the fee payment period stops the reply clock (`ClockSettings`; default true).
    pub fee_period_pauses_clock: bool,
    /// Outgoing e-mail; `None`: no e-mail is queued or sent.
    pub mail: Option<mail::MailSettings>,
    /// Minimum consultation periods by kind of draft (意见征集).
    pub consultation_rules: gongkai_domain::public_consultation::PublicConsultationRules,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            fixed_today: None,
            fee_period_pauses_clock: true,
            mail: None,
            consultation_rules: Default::default(),
        }
    }
}

/// What every use case needs: the store, the settings and the catalog's search index.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub settings: Arc<AppSettings>,
    /// The catalog's search index (`catalog::search_index`).
    pub search: Arc<catalog::SearchHandle>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl App {
    pub fn new(store: Arc<dyn Store>, settings: AppSettings) -> Self {
        Self { store, settings: Arc::new(settings), search: Arc::default() }
    }

    /// Today in Beijing time (or the configured fixed day).
    pub fn today(&self) -> chrono::NaiveDate {
        requests::today(self)
    }
}
