//! (placeholder: filled by the clock work)
