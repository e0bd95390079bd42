//! (placeholder: filled by the report work)
