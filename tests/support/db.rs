//! Fresh databases for integration tests: a SQLite file in a temporary folder, or a uniquely
//! named PostgreSQL database that is dropped after the test.
//!
//! PostgreSQL is reached through `KETENWACHT_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`), whose user may create databases. When it is
//! unreachable the test fails, unless `KETENWACHT_SKIP_POSTGRES=1` skips PostgreSQL runs.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU32, Ordering};

use futures_util::FutureExt;
use ketenwacht::store::{redact_url, Backend, Store};
use sqlx::{Connection, Executor, PgConnection};

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

/// Runs `test` with the URL of a fresh database of `backend`, then removes the database, also
/// when `test` panics. Returns without running `test` when PostgreSQL runs are skipped.
pub async fn with_database<F, Fut>(backend: TestBackend, test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()>,
{
    match backend {
        TestBackend::Sqlite => {
            let folder = tempfile::tempdir().expect("create a temporary folder");
            let url = format!("sqlite://{}", folder.path().join("ketenwacht.db").display());
            test(url).await;
        }
        TestBackend::Postgres => {
            let Some(database) = PostgresDatabase::create().await else {
                return;
            };
            let outcome = AssertUnwindSafe(test(database.url.clone())).catch_unwind().await;
            database.drop_database().await;
            if let Err(panic) = outcome {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

/// Runs `scenario` on a store connected to a fresh database of `backend`, then closes it.
pub async fn run_with_store<F, Fut>(backend: TestBackend, scenario: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    with_database(backend, |url| async move {
        let store = Store::connect(&url).await.expect("connect to the test database");
        let expected = match backend {
            TestBackend::Sqlite => Backend::Sqlite,
            TestBackend::Postgres => Backend::Postgres,
        };
        assert_eq!(store.backend(), expected);
        scenario(store.clone()).await;
        store.close().await;
    })
    .await;
}

/// Defines one test per database for each scenario: `name::sqlite` and `name::postgres`.
/// Scenarios listed under `store` take a connected [`Store`]; those under `url` take the URL
/// of the fresh database and connect themselves. The scenarios are functions at the root of
/// the test file that invokes the macro, which must declare `mod support;`.
#[macro_export]
macro_rules! on_both_databases {
    (store: [$($store_scenario:ident),* $(,)?] $(, url: [$($url_scenario:ident),* $(,)?])? $(,)?) => {
        $(
            mod $store_scenario {
                #[tokio::test]
                async fn sqlite() {
                    $crate::support::db::run_with_store(
                        $crate::support::db::TestBackend::Sqlite,
                        super::$store_scenario,
                    )
                    .await;
                }

                #[tokio::test]
                async fn postgres() {
                    $crate::support::db::run_with_store(
                        $crate::support::db::TestBackend::Postgres,
                        super::$store_scenario,
                    )
                    .await;
                }
            }
        )*
        $($(
            mod $url_scenario {
                #[tokio::test]
                async fn sqlite() {
                    $crate::support::db::with_database($crate::support::db::TestBackend::Sqlite, super::$url_scenario)
                        .await;
                }

                #[tokio::test]
                async fn postgres() {
                    $crate::support::db::with_database($crate::support::db::TestBackend::Postgres, super::$url_scenario)
                        .await;
                }
            }
        )*)?
    };
}

struct PostgresDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PostgresDatabase {
    /// Creates a uniquely named database; `None` when PostgreSQL runs are skipped.
    async fn create() -> Option<Self> {
        if std::env::var("KETENWACHT_SKIP_POSTGRES").is_ok_and(|value| value == "1") {
            eprintln!("note: KETENWACHT_SKIP_POSTGRES=1, so this test skips its PostgreSQL run");
            return None;
        }
        let admin_url =
            std::env::var("KETENWACHT_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let mut admin = connect_admin(&admin_url).await;

        let name = unique_name();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|error| panic!("cannot create test database {name}: {error}"));
        let _ = admin.close().await;

        let mut url = url::Url::parse(&admin_url).expect("KETENWACHT_TEST_POSTGRES_URL is a valid URL");
        url.set_path(&format!("/{name}"));
        Some(Self { admin_url, name, url: url.to_string() })
    }

    /// Drops the database, closing connections a failed test left open.
    async fn drop_database(self) {
        let mut admin = connect_admin(&self.admin_url).await;
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(error) = admin.execute(sql.as_str()).await {
            eprintln!("warning: cannot drop test database {}: {error}", self.name);
        }
        let _ = admin.close().await;
    }
}

async fn connect_admin(admin_url: &str) -> PgConnection {
    match PgConnection::connect(admin_url).await {
        Ok(connection) => connection,
        Err(error) => panic!(
            "PostgreSQL is not reachable at {}: {error}\n\
             Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, \
             point KETENWACHT_TEST_POSTGRES_URL at a server whose user may create databases, \
             or set KETENWACHT_SKIP_POSTGRES=1 to skip the PostgreSQL runs.",
            redact_url(admin_url)
        ),
    }
}

/// Returns a database name that no other test of any concurrent run uses: process id, counter
/// and time.
fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or_default();
    format!("ketenwacht_test_{}_{count}_{nanos}", std::process::id())
}
