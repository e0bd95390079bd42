//! Handlers, one module per audience: the public portal, the staff console, the JSON API.

pub mod api;
pub mod calendar;
pub mod check;
pub mod portal;
pub mod staff;
