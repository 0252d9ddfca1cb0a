//! The NCSC item title: `NCSC-2025-0268 [1.02] [H/H] Kwetsbaarheden verholpen in Citrix ...`.

use crate::domain::{AdvisoryId, NcscRating, Rating, Urgency, Version};

/// What an NCSC title states besides its free text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NcscTitle {
    pub id: Option<AdvisoryId>,
    pub version: Option<Version>,
    pub rating: Option<NcscRating>,
    /// The Dutch description after the bracketed fields.
    pub description: String,
}

/// Reads the id and the bracketed version and rating that follow it. Brackets may come in any
/// order; the first bracket that is neither ends the fields and starts the description.
pub(crate) fn parse_title(title: &str) -> NcscTitle {
    let title = title.trim();
    let id = AdvisoryId::find_ncsc(title).filter(|id| starts_with_ignore_case(title, id.as_str()));
    let mut rest = match &id {
        Some(id) => &title[id.as_str().len()..],
        None => title,
    };
    let mut version = None;
    let mut rating = None;
    while let Some((inner, after)) = leading_bracket(rest) {
        if version.is_none() {
            if let Ok(parsed) = inner.parse::<Version>() {
                version = Some(parsed);
                rest = after;
                continue;
            }
        }
        match (rating, parse_rating(inner)) {
            (None, Some(parsed)) => {
                rating = Some(parsed);
                rest = after;
            }
            _ => break,
        }
    }
    NcscTitle { id, version, rating, description: rest.trim().to_owned() }
}

/// Reads the version written in a guid such as `NCSC-2025-0271 [1.00]`.
pub(crate) fn version_in_brackets(text: &str) -> Option<Version> {
    let open = text.find('[')?;
    let close = open + text[open..].find(']')?;
    text[open + 1..close].parse().ok()
}

/// The product named after "verholpen in" ("fixed in"), without a closing full stop.
pub(crate) fn product(description: &str) -> Option<String> {
    const MARKER: &str = "verholpen in ";
    let at = (0..description.len())
        .filter(|&at| description.is_char_boundary(at))
        .find(|&at| starts_with_ignore_case(&description[at..], MARKER))?;
    let product = description[at + MARKER.len()..].trim().trim_end_matches('.').trim_end();
    (!product.is_empty()).then(|| product.to_owned())
}

/// Splits `[inner] rest` off the start of `text`.
fn leading_bracket(text: &str) -> Option<(&str, &str)> {
    let body = text.trim_start().strip_prefix('[')?;
    let close = body.find(']')?;
    Some((body[..close].trim(), &body[close + 1..]))
}

/// Parses `M/H` (kans/schade) or the newer `Urgent` / `Normaal` label.
fn parse_rating(text: &str) -> Option<NcscRating> {
    if let Some((kans, schade)) = text.split_once('/') {
        let kans = Rating::parse(kans)?;
        let schade = Rating::parse(schade)?;
        return Some(NcscRating::KansSchade { kans, schade });
    }
    text.parse::<Urgency>().ok().map(|urgency| NcscRating::Label { urgency })
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kans_schade(kans: Rating, schade: Rating) -> Option<NcscRating> {
        Some(NcscRating::KansSchade { kans, schade })
    }

    #[test]
    fn title_with_kans_schade() {
        let title = parse_title("NCSC-2025-0268 [1.02] [H/H] Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway");
        assert_eq!(title.id.unwrap().as_str(), "NCSC-2025-0268");
        assert_eq!(title.version.unwrap(), Version::new(1, 0, 2));
        assert_eq!(title.rating, kans_schade(Rating::High, Rating::High));
        assert_eq!(title.description, "Kwetsbaarheden verholpen in Citrix NetScaler ADC en Gateway");
    }

    #[test]
    fn title_with_label_and_semantic_version() {
        let title = parse_title("NCSC-2026-0101 [1.0.1] [Urgent] Kwetsbaarheid verholpen in Ivanti EPMM");
        assert_eq!(title.version.unwrap(), Version::new(1, 0, 1));
        assert_eq!(title.rating, Some(NcscRating::Label { urgency: Urgency::Urgent }));
        let normaal = parse_title("NCSC-2026-0102 [1.00] [Normaal] Kwetsbaarheden verholpen in GitLab");
        assert_eq!(normaal.rating, Some(NcscRating::Label { urgency: Urgency::Normal }));
    }

    #[test]
    fn title_without_rating_or_version() {
        let title = parse_title("NCSC-2026-0103 [1.00] Kwetsbaarheden verholpen in Redis");
        assert_eq!(title.rating, None);
        assert_eq!(title.description, "Kwetsbaarheden verholpen in Redis");
        let bare = parse_title("NCSC-2026-0104 Kwetsbaarheden verholpen in Redis");
        assert_eq!(bare.version, None);
        assert_eq!(bare.description, "Kwetsbaarheden verholpen in Redis");
    }

    #[test]
    fn title_keeps_unknown_bracket_in_description() {
        let title = parse_title("NCSC-2025-0001 [1.00] [M/M] [Update] Kwetsbaarheid verholpen in X");
        assert_eq!(title.rating, kans_schade(Rating::Medium, Rating::Medium));
        assert_eq!(title.description, "[Update] Kwetsbaarheid verholpen in X");
    }

    #[test]
    fn title_without_leading_id_has_no_id() {
        assert_eq!(parse_title("Update over NCSC-2025-0001").id, None);
        assert_eq!(parse_title("").description, "");
    }

    #[test]
    fn product_follows_verholpen_in() {
        assert_eq!(product("Meerdere kwetsbaarheden verholpen in Adobe Commerce en Magento.").as_deref(), Some("Adobe Commerce en Magento"));
        assert_eq!(product("Kwetsbaarheid Verholpen in CrushFTP").as_deref(), Some("CrushFTP"));
        assert_eq!(product("Kwetsbaarheid ontdekt"), None);
        assert_eq!(product("verholpen in "), None);
    }

    #[test]
    fn guid_version_is_read() {
        assert_eq!(version_in_brackets("NCSC-2025-0271 [1.00]"), Some(Version::new(1, 0, 0)));
        assert_eq!(version_in_brackets("NCSC-2025-0271"), None);
    }
}
