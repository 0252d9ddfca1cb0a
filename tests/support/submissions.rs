//! Member submissions stored directly, for tests that need one waiting for staff.

use chrono::Utc;
use ketenwacht::domain::{Language, Platform, Tier, Tlp};
use ketenwacht::store::Store;
use ketenwacht::submissions::{DataKey, Decision, NewSubmission, SendChoice, SubmissionContent, Submitter};

/// Base64 of the bytes 0 to 31, the tests' data key.
pub const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// Returns `store` with the tests' data key, so that it stores submissions.
pub fn with_key(store: Store) -> Store {
    store.with_data_key(DataKey::parse(KEY).expect("valid test key"))
}

/// Stores a TLP:GREEN basic report of `user` on `platform` as sent to staff, without cards,
/// and returns its id. `store` needs a data key.
pub async fn pending_submission(store: &Store, platform: Platform, user: &str) -> i64 {
    let now = Utc::now();
    let submission = NewSubmission {
        platform,
        language: Language::Nl,
        content: SubmissionContent { text: format!("Melding van {user}"), link: None, indicators: Vec::new() },
        submitter: Submitter { user_id: user.to_owned(), chat_id: Some(user.to_owned()), display_name: None },
        created_at: now,
    };
    let id = store.create_submission(&submission).await.expect("store the draft");
    let choice = SendChoice { tlp: Tlp::Green, tier: Tier::Basic, anonymous: false };
    let decision = store.send_submission(id, platform, user, choice, &[], now).await.expect("send the draft");
    assert_eq!(decision, Decision::Done);
    id
}
