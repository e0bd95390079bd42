//! Handlers, one module per audience: the public portal, the staff console, the JSON API.

pub mod accounts;
pub mod admin_api;
pub mod agencies;
pub mod api;
pub mod calendar;
pub mod catalog_api;
pub mod catalog_portal;
pub mod catalog_staff;
pub mod check;
pub mod consultations;
pub mod dashboard;
pub mod messages_api;
pub mod messages_portal;
pub mod messages_staff;
pub mod portal;
pub mod reports;
pub mod requests_api;
pub mod requests_portal;
pub mod requests_staff;
pub mod setup;
pub mod staff;
