//! The web layer's tests: one test binary (one link on 2 cores), one harness (`common`), one
//! module per area. Each test builds its own server over a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod accounts;
mod admin_api;
mod agencies;
mod catalog;
mod check_pages;
mod consultations;
mod hardening_http;
mod hardening_input;
mod mail;
mod messages;
mod requests;
mod snapshots;
