//! Gongkai's domain: the pure rules of 政府信息公开 work.
//!
//! Invariant: this crate does no I/O, spawns nothing and knows no database. Every statutory
//! rule lives here as a plain function or type, so the portal, the staff console, the API and
//! the CLI all call the same code and it can be tested in isolation.

pub mod agency;
pub mod audit;
pub mod calendar;
pub mod catalog;
pub mod clock;
pub mod dates;
pub mod ids;
mod keys;
pub mod message;
pub mod pii;
pub mod public_consultation;
pub mod report;
pub mod request;
pub mod role;
pub mod text;
