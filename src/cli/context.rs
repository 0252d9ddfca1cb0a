//! Shared state of every subcommand: configuration, storage, the classifier and the language.

use std::path::PathBuf;

use anyhow::Context as _;
use ketenwacht::classify::Classifier;
use ketenwacht::config::Config;
use ketenwacht::domain::Language;
use ketenwacht::ingest::Ingestor;
use ketenwacht::sources::Fetcher;
use ketenwacht::store::Store;
use ketenwacht::submissions::DataKey;

const DEFAULT_CONFIG: &str = "ketenwacht.toml";

pub struct Context {
    pub config: Config,
    /// The classification rules, which ingest and the approval of submissions share.
    pub classifier: Classifier,
    pub store: Store,
    pub language: Language,
    pub ingestor: Ingestor,
}

impl Context {
    /// Reads the configuration and opens the database (running migrations). With
    /// `sync_sources`, the configured sources are written into the database; only commands that
    /// poll or manage sources ask for that, so reading a database never adds sources to it.
    pub async fn open(
        config_path: Option<PathBuf>,
        database: Option<String>,
        language: Option<Language>,
        sync_sources: bool,
    ) -> anyhow::Result<Context> {
        let required = config_path.is_some();
        let path = config_path.unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG));
        let mut config = Config::load(&path, required)?;
        if let Some(url) = database {
            config.database_url = url;
        }
        let language = language.unwrap_or(config.language);
        let classifier = match &config.rules_file {
            Some(path) => Classifier::load(path)?,
            None => Classifier::builtin(),
        };
        // A wrong key stops every command, so that it is noticed before anything is stored.
        let data_key = DataKey::from_env()?;
        let mut store = Store::connect(&config.database_url).await?.with_submission_settings(config.submissions);
        if let Some(key) = data_key {
            store = store.with_data_key(key);
        }
        for source in config.sources.iter().filter(|_| sync_sources) {
            store
                .upsert_source(source)
                .await
                .with_context(|| format!("failed to store configured source {:?}", source.name))?;
        }
        let fetcher = Fetcher::new(config.fetch.limits())?;
        let ingestor = Ingestor::new(store.clone(), fetcher, classifier.clone(), config.fetch.max_backoff);
        Ok(Context { config, classifier, store, language, ingestor })
    }

    /// Returns the localised text `id` with `args` filled in.
    pub fn text(&self, id: &str, args: &[(&str, String)]) -> String {
        super::output::text(self.language, id, args)
    }

    /// Returns the database URL with any password masked, for messages.
    pub fn database_label(&self) -> String {
        redact_url(&self.config.database_url)
    }
}

fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}
