//! The sensitive-content scanner's settings for an agency, shared by the catalog (before
//! publication) and requests (files released to an applicant) — its own module so that neither
//! use-case module imports the other for it.

use gongkai_domain::pii::ScanSettings;
use gongkai_store::CatalogSettings;

/// The scanner settings of an agency: its own words, one per line.
pub fn scan_settings(settings: &CatalogSettings) -> ScanSettings {
    ScanSettings {
        flag_individual_business_codes: false,
        extra_words: settings
            .scan_words
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect(),
    }
}
