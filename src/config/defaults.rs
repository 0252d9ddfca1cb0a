//! The sources a fresh install polls.

use std::time::Duration;

use crate::domain::{SourceConfig, SourceKind};

const MINUTE: u64 = 60;

/// NCSC advisories (RSS and CSAF), Digital Trust Center news and alerts, NCSC news and the
/// CISA KEV catalog. The DTC joined the NCSC on 2026-01-01, so its addresses may move; staff
/// can change them in the config file.
pub fn default_sources() -> Vec<SourceConfig> {
    let source = |name: &str, kind, url: &str, minutes: u64| SourceConfig {
        name: name.to_owned(),
        kind,
        url: url.to_owned(),
        interval: Duration::from_secs(minutes * MINUTE),
    };
    vec![
        source("ncsc-advisories", SourceKind::NcscRss, "https://advisories.ncsc.nl/rss/advisories", 15),
        source("ncsc-csaf", SourceKind::Csaf, "https://advisories.ncsc.nl/.well-known/csaf/provider-metadata.json", 60),
        source("dtc-news", SourceKind::Rss, "https://www.digitaltrustcenter.nl/rss.xml", 60),
        source("dtc-cyberalerts", SourceKind::Rss, "https://www.digitaltrustcenter.nl/rss-cyberalerts.xml", 15),
        source("ncsc-news", SourceKind::Rss, "https://feeds.ncsc.nl/nieuws.rss", 60),
        source(
            "cisa-kev",
            SourceKind::Kev,
            "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
            6 * 60,
        ),
    ]
}
