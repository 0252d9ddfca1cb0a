//! The redirect policy: a bounded number of hops, no loops, no scheme changes downwards.

use reqwest::redirect::Policy;
use url::Url;

/// The reason a redirect was not followed, carried inside the reqwest error and mapped to
/// [`SourceError`](super::SourceError) by the fetcher.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RedirectRejection {
    #[error("redirect loop: {target} was already requested")]
    Loop { target: Url },
    #[error("more than {max} redirects")]
    TooMany { max: usize },
    #[error("redirect to {target}: only http and https targets are followed")]
    Scheme { target: Url },
    #[error("redirect from https to plain http {target}")]
    Downgrade { target: Url },
}

/// Builds a reqwest policy that follows at most `max` redirects and applies [`check`].
pub(crate) fn policy(max: usize) -> Policy {
    Policy::custom(move |attempt| match check(attempt.url(), attempt.previous(), max) {
        Ok(()) => attempt.follow(),
        Err(rejection) => attempt.error(rejection),
    })
}

/// Decides whether to follow a redirect to `next`. `previous` contains the first URL and every
/// redirect target already requested, as reqwest passes it.
pub(crate) fn check(next: &Url, previous: &[Url], max: usize) -> Result<(), RedirectRejection> {
    if previous.contains(next) {
        return Err(RedirectRejection::Loop { target: next.clone() });
    }
    if !matches!(next.scheme(), "http" | "https") {
        return Err(RedirectRejection::Scheme { target: next.clone() });
    }
    let from_https = previous.last().is_some_and(|url| url.scheme() == "https");
    if from_https && next.scheme() == "http" {
        return Err(RedirectRejection::Downgrade { target: next.clone() });
    }
    if previous.len() > max {
        return Err(RedirectRejection::TooMany { max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(texts: &[&str]) -> Vec<Url> {
        texts.iter().map(|text| Url::parse(text).unwrap()).collect()
    }

    #[test]
    fn follows_within_limit() {
        let previous = urls(&["https://a.example/1", "https://a.example/2"]);
        let next = Url::parse("https://a.example/3").unwrap();
        assert_eq!(check(&next, &previous, 2), Ok(()));
    }

    #[test]
    fn rejects_hop_past_limit() {
        let previous = urls(&["https://a.example/1", "https://a.example/2", "https://a.example/3"]);
        let next = Url::parse("https://a.example/4").unwrap();
        assert_eq!(check(&next, &previous, 2), Err(RedirectRejection::TooMany { max: 2 }));
    }

    #[test]
    fn zero_limit_rejects_first_redirect() {
        let previous = urls(&["https://a.example/1"]);
        let next = Url::parse("https://a.example/2").unwrap();
        assert_eq!(check(&next, &previous, 0), Err(RedirectRejection::TooMany { max: 0 }));
    }

    #[test]
    fn detects_loop_before_limit() {
        let previous = urls(&["https://a.example/a", "https://a.example/b"]);
        let next = Url::parse("https://a.example/a").unwrap();
        assert_eq!(check(&next, &previous, 10), Err(RedirectRejection::Loop { target: next.clone() }));
    }

    #[test]
    fn rejects_other_schemes() {
        let previous = urls(&["https://a.example/a"]);
        let next = Url::parse("file:///etc/passwd").unwrap();
        assert_eq!(check(&next, &previous, 10), Err(RedirectRejection::Scheme { target: next.clone() }));
    }

    #[test]
    fn rejects_https_to_http() {
        let previous = urls(&["https://a.example/a"]);
        let next = Url::parse("http://a.example/a").unwrap();
        assert_eq!(check(&next, &previous, 10), Err(RedirectRejection::Downgrade { target: next.clone() }));
    }

    #[test]
    fn allows_http_to_https() {
        let previous = urls(&["http://a.example/a"]);
        let next = Url::parse("https://a.example/a").unwrap();
        assert_eq!(check(&next, &previous, 10), Ok(()));
    }
}
