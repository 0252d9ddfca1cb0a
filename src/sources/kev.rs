//! The CISA Known Exploited Vulnerabilities catalog.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::KevEntry;

use super::feed::json_error;
use super::parse_error::ParseError;

/// The members of the catalog that Ketenwacht reads; the rest (vendor, notes, CWEs) is ignored.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Catalog {
    count: usize,
    vulnerabilities: Vec<CatalogEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogEntry {
    #[serde(rename = "cveID")]
    cve_id: String,
    date_added: NaiveDate,
    known_ransomware_campaign_use: String,
}

/// Parses the whole catalog, checking that `count` matches the number of entries.
///
/// Malformed JSON or a field of the wrong type is [`ParseError::Json`]. A catalog whose count
/// disagrees, or an entry whose CVE id or ransomware flag is not one CISA writes, is
/// [`ParseError::Kev`], and no entry is returned.
pub fn parse(bytes: &[u8]) -> Result<Vec<KevEntry>, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    let catalog: Catalog = serde_json::from_slice(bytes).map_err(|err| json_error(&err))?;
    if catalog.count != catalog.vulnerabilities.len() {
        return Err(ParseError::Kev(format!(
            "catalog states count {} but lists {} vulnerabilities; it may be truncated",
            catalog.count,
            catalog.vulnerabilities.len()
        )));
    }
    catalog.vulnerabilities.into_iter().enumerate().map(|(index, entry)| kev_entry(index, entry)).collect()
}

fn kev_entry(index: usize, entry: CatalogEntry) -> Result<KevEntry, ParseError> {
    let cve = entry.cve_id.trim().to_ascii_uppercase();
    if !is_cve_id(&cve) {
        return Err(ParseError::Kev(format!("vulnerabilities[{index}].cveID {:?} is not a CVE id", entry.cve_id)));
    }
    let known_ransomware = match entry.known_ransomware_campaign_use.as_str() {
        "Known" => true,
        "Unknown" => false,
        other => {
            return Err(ParseError::Kev(format!(
                "vulnerabilities[{index}].knownRansomwareCampaignUse of {cve} is {other:?}, expected \"Known\" or \"Unknown\""
            )))
        }
    };
    Ok(KevEntry { cve, date_added: entry.date_added, known_ransomware })
}

/// Whether `id` has the form `CVE-YYYY-NNNN`, with four or more digits at the end.
fn is_cve_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("CVE-") else {
        return false;
    };
    let Some((year, number)) = rest.split_once('-') else {
        return false;
    };
    year.len() == 4 && number.len() >= 4 && (year.bytes().chain(number.bytes())).all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &[u8] =
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources/cisa/known_exploited_vulnerabilities.json"));

    fn catalog(entries: &str, count: usize) -> String {
        format!(r#"{{"title": "t", "catalogVersion": "1", "count": {count}, "vulnerabilities": [{entries}]}}"#)
    }

    const ENTRY: &str = r#"{"cveID": "CVE-2025-1234", "dateAdded": "2025-08-25", "knownRansomwareCampaignUse": "Known"}"#;

    #[test]
    fn real_catalog_has_all_entries() {
        let entries = parse(CATALOG).unwrap();
        assert_eq!(entries.len(), 1404);
        assert!(entries.iter().all(|entry| entry.cve.starts_with("CVE-")));
        assert!(entries.iter().any(|entry| entry.known_ransomware));
        assert!(entries.iter().any(|entry| !entry.known_ransomware));
    }

    #[test]
    fn real_catalog_oldest_entry() {
        let entries = parse(CATALOG).unwrap();
        let oldest = entries.iter().map(|entry| entry.date_added).min().unwrap();
        assert_eq!(oldest, NaiveDate::from_ymd_opt(2021, 11, 3).unwrap());
        let newest = entries.iter().map(|entry| entry.date_added).max().unwrap();
        assert_eq!(newest, NaiveDate::from_ymd_opt(2025, 8, 25).unwrap());
    }

    #[test]
    fn entry_fields_are_mapped() {
        let entries = parse(catalog(ENTRY, 1).as_bytes()).unwrap();
        assert_eq!(
            entries,
            [KevEntry { cve: "CVE-2025-1234".into(), date_added: NaiveDate::from_ymd_opt(2025, 8, 25).unwrap(), known_ransomware: true }]
        );
    }

    #[test]
    fn count_mismatch_is_rejected() {
        assert!(matches!(parse(catalog(ENTRY, 2).as_bytes()), Err(ParseError::Kev(reason)) if reason.contains("count 2")));
    }

    #[test]
    fn bad_entries_are_rejected() {
        let bad_flag = ENTRY.replace("\"Known\"", "\"Maybe\"");
        assert!(matches!(parse(catalog(&bad_flag, 1).as_bytes()), Err(ParseError::Kev(reason)) if reason.contains("Maybe")));
        let bad_cve = ENTRY.replace("CVE-2025-1234", "GHSA-xxxx");
        assert!(matches!(parse(catalog(&bad_cve, 1).as_bytes()), Err(ParseError::Kev(reason)) if reason.contains("GHSA")));
        let bad_date = ENTRY.replace("2025-08-25", "25-08-2025");
        assert!(matches!(parse(catalog(&bad_date, 1).as_bytes()), Err(ParseError::Json { .. })));
    }

    #[test]
    fn malformed_json_is_rejected() {
        assert!(matches!(parse(b""), Err(ParseError::Empty)));
        assert!(matches!(parse(&CATALOG[..5000]), Err(ParseError::Json { .. })));
        assert!(matches!(parse(b"{\"count\": 0}"), Err(ParseError::Json { .. })));
        assert!(matches!(parse(b"<html></html>"), Err(ParseError::Json { line: 1, column: 1, .. })));
    }

    #[test]
    fn cve_id_form() {
        assert!(is_cve_id("CVE-2021-44228"));
        assert!(is_cve_id("CVE-2024-123456"));
        assert!(!is_cve_id("CVE-21-44228"));
        assert!(!is_cve_id("CVE-2021-442"));
        assert!(!is_cve_id("CVE-2021-44228x"));
    }
}
