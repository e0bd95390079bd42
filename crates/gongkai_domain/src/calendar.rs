//! (placeholder: filled by the calendar work)
