//! Opening a database from its URL and running the migrations.

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

use super::{Backend, Store, StoreError};
use crate::config::SubmissionSettings;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Settings applied to every SQLite connection. WAL lets readers work while a poll writes, and
/// `synchronous = NORMAL` is durable in WAL mode except for the last transactions before a
/// power loss. The busy timeout makes a second writer wait instead of failing at once.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = NORMAL; \
     PRAGMA busy_timeout = 10000; \
     PRAGMA foreign_keys = ON;";

/// Connections per pool. SQLite serialises writers anyway, so a few connections suffice.
const SQLITE_MAX_CONNECTIONS: u32 = 4;
const POSTGRES_MAX_CONNECTIONS: u32 = 10;

/// The database a URL selects.
enum Target {
    /// A file, created when missing. `any_url` is the URL sqlx's Any driver opens.
    SqliteFile {
        any_url: String,
    },
    /// A private in-memory database, lost when the store closes.
    SqliteMemory,
    Postgres,
}

impl Store {
    /// Opens `url` (`sqlite://...` or `postgres://...`), creating a SQLite file if needed, and
    /// runs the migrations.
    ///
    /// Accepted forms: `sqlite://PATH` (also `sqlite:PATH`; `sqlite:///abs/path` for an
    /// absolute path), `sqlite::memory:`, and `postgres://` or `postgresql://` URLs. The folder
    /// of a SQLite file must exist.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let redacted_url = redact_url(url);
        let target = parse_target(url, &redacted_url)?;

        let (backend, pool) = match target {
            Target::SqliteFile { any_url } => {
                (Backend::Sqlite, open_sqlite(&any_url, SQLITE_MAX_CONNECTIONS, &redacted_url).await?)
            }
            // Every connection to `:memory:` sees its own database, so the pool keeps exactly one
            // connection open for the store's lifetime.
            Target::SqliteMemory => (Backend::Sqlite, open_sqlite(url, 1, &redacted_url).await?),
            Target::Postgres => (Backend::Postgres, open_postgres(url, &redacted_url).await?),
        };

        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        if let Err(cause) = migrator.run(&pool).await {
            pool.close().await;
            return Err(StoreError::Migrate { url: redacted_url, cause });
        }

        tracing::info!(database = %redacted_url, ?backend, "database opened and migrated");
        Ok(Store { pool, backend, data_key: None, submission_settings: SubmissionSettings::default() })
    }

    /// Returns which database this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection; later calls on this store or its clones fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn parse_target(url: &str, redacted_url: &str) -> Result<Target, StoreError> {
    let scheme = url.split(':').next().unwrap_or_default();
    match scheme {
        "sqlite" => parse_sqlite(url, redacted_url),
        "postgres" | "postgresql" => Ok(Target::Postgres),
        _ => Err(StoreError::UnsupportedUrl { url: redacted_url.to_owned() }),
    }
}

fn parse_sqlite(url: &str, redacted_url: &str) -> Result<Target, StoreError> {
    let open_error = |cause| StoreError::Open { url: redacted_url.to_owned(), cause };
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    if path.is_empty() || path.starts_with('?') {
        return Err(StoreError::UnsupportedUrl { url: redacted_url.to_owned() });
    }

    let options = SqliteConnectOptions::from_str(url).map_err(open_error)?;
    if path.starts_with(":memory:") {
        return Ok(Target::SqliteMemory);
    }

    if let Some(folder) = options.get_filename().parent() {
        if !folder.as_os_str().is_empty() && !folder.is_dir() {
            return Err(StoreError::MissingFolder {
                url: redacted_url.to_owned(),
                folder: folder.to_path_buf(),
            });
        }
    }
    Ok(Target::SqliteFile { any_url: with_create_mode(url) })
}

/// Adds `mode=rwc` to a SQLite URL, so that the file is created when missing, unless the URL
/// already sets a mode such as `ro`.
fn with_create_mode(url: &str) -> String {
    match url.split_once('?') {
        None => format!("{url}?mode=rwc"),
        Some((_, query)) if query.split('&').any(|pair| pair.starts_with("mode=")) => url.to_owned(),
        Some(_) => format!("{url}&mode=rwc"),
    }
}

async fn open_sqlite(any_url: &str, max_connections: u32, redacted_url: &str) -> Result<AnyPool, StoreError> {
    let open_error = |cause| StoreError::Open { url: redacted_url.to_owned(), cause };
    let options = AnyConnectOptions::from_str(any_url).map_err(open_error)?;
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .idle_timeout(None)
        .max_lifetime(None)
        .after_connect(|connection, _| {
            Box::pin(async move {
                connection.execute(SQLITE_PRAGMAS).await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(open_error)
}

async fn open_postgres(url: &str, redacted_url: &str) -> Result<AnyPool, StoreError> {
    let open_error = |cause| StoreError::Open { url: redacted_url.to_owned(), cause };
    let options = AnyConnectOptions::from_str(url).map_err(open_error)?;
    // One attempt before the pool: the pool retries a refused connection until its acquire
    // timeout (30 seconds) and then reports only the timeout, not the cause.
    let first = AnyConnection::connect_with(&options).await.map_err(open_error)?;
    let _ = first.close().await;
    AnyPoolOptions::new()
        .max_connections(POSTGRES_MAX_CONNECTIONS)
        .connect_with(options)
        .await
        .map_err(open_error)
}

/// Returns `url` with any password replaced by `REDACTED`, for errors and logs.
pub fn redact_url(url: &str) -> String {
    if let Ok(mut parsed) = url::Url::parse(url) {
        if parsed.password().is_some() && parsed.set_password(Some("REDACTED")).is_ok() {
            return parsed.to_string();
        }
        if parsed.password().is_none() {
            return url.to_owned();
        }
    }
    redact_unparsed(url)
}

/// Redacts the text between `user:` and `@` in a URL the `url` crate cannot parse.
fn redact_unparsed(url: &str) -> String {
    let Some(authority_start) = url.find("://").map(|at| at + 3) else {
        return url.to_owned();
    };
    let rest = &url[authority_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_owned();
    };
    match rest[..at].find(':') {
        Some(colon) => format!("{}{}:REDACTED{}", &url[..authority_start], &rest[..colon], &rest[at..]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_url_hides_password() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db.example/kw"),
            "postgres://app:REDACTED@db.example/kw"
        );
        assert_eq!(redact_url("postgres://app@db.example/kw"), "postgres://app@db.example/kw");
        assert_eq!(redact_url("sqlite://data/kw.db"), "sqlite://data/kw.db");
    }

    #[test]
    fn redact_url_hides_password_in_unparsable_url() {
        let redacted = redact_url("postgres://app:s3 cret@[bad/kw");
        assert!(!redacted.contains("s3 cret"), "{redacted}");
        assert!(redacted.starts_with("postgres://app:REDACTED@"), "{redacted}");
    }

    #[test]
    fn unknown_scheme_is_rejected() {
        for url in ["mysql://root@localhost/kw", "kw.db", "", "http://example.com"] {
            let error = parse_target(url, url).err().expect("accepted");
            assert!(error.to_string().contains("use sqlite://PATH"), "{error}");
        }
    }

    #[test]
    fn sqlite_file_urls_open_in_create_mode() {
        let cases = [
            ("sqlite://src/kw.db", "sqlite://src/kw.db?mode=rwc"),
            ("sqlite:kw.db", "sqlite:kw.db?mode=rwc"),
            ("sqlite://../kw.db", "sqlite://../kw.db?mode=rwc"),
            ("sqlite:///tmp/kw%20data.db?cache=shared", "sqlite:///tmp/kw%20data.db?cache=shared&mode=rwc"),
            ("sqlite:///tmp/kw.db?mode=ro", "sqlite:///tmp/kw.db?mode=ro"),
        ];
        for (url, expected) in cases {
            // Relative paths are read from the crate root, where `cargo test` runs.
            let Ok(Target::SqliteFile { any_url }) = parse_target(url, url) else {
                panic!("{url} was not read as a SQLite file");
            };
            assert_eq!(any_url, expected);
            sqlx::any::install_default_drivers();
            assert!(AnyConnectOptions::from_str(&any_url).is_ok(), "{any_url} does not parse");
        }
    }

    #[test]
    fn sqlite_without_path_is_rejected() {
        assert!(matches!(parse_target("sqlite://", "sqlite://"), Err(StoreError::UnsupportedUrl { .. })));
    }

    #[test]
    fn sqlite_in_missing_folder_is_rejected() {
        let url = "sqlite:///nonexistent-ketenwacht-folder/kw.db";
        let error = parse_target(url, url).err().expect("accepted");
        assert!(matches!(error, StoreError::MissingFolder { .. }), "{error}");
        assert!(error.to_string().contains("/nonexistent-ketenwacht-folder"), "{error}");
    }
}
