//! Configuration: defaults → a TOML file → `XASO_*` environment variables → arguments.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;
use xaso_domain::time::DisplayZone;

/// Where the app keeps its data and files, and how it runs: built once at start by
/// [`Config::load`] (defaults, then the TOML file, then `XASO_*` variables, then `--demo`)
/// and passed to [`App::open`](crate::App::open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where the database (`xaso.sqlite3`) and its `backups/` live.
    pub data_dir: PathBuf,
    /// A throw-away database filled with sample data for one unit.
    pub demo: bool,
    /// Where exported files (XLSX) are written: somewhere an official finds them,
    /// `~/Documents/Xã Số` by default.
    pub exports_dir: PathBuf,
    /// Where the device token is kept (see `crate::secrets`).
    pub secret_store: SecretStoreChoice,
    /// The folder of the file store (the fallback, or the choice): outside the data
    /// folder, `$XDG_STATE_HOME/xaso/secrets` (`~/.local/state/xaso/secrets`) by default.
    pub secrets_dir: PathBuf,
    /// How long the sync worker waits between successful rounds (`sync_period_secs`,
    /// `XASO_SYNC_PERIOD_SECS`; 60 s by default, from 5 s to an hour). What other devices
    /// did reaches open screens at most this long after it reached the city server.
    pub sync_period: Duration,
    /// The zone every time is typed and shown in, the same on every device whatever the
    /// machine's own (`display_zone`, `XASO_DISPLAY_ZONE`: an IANA name; Asia/Ho_Chi_Minh
    /// by default).
    pub display_zone: DisplayZone,
}

/// The default [`Config::sync_period`].
pub const DEFAULT_SYNC_PERIOD: Duration = Duration::from_secs(60);

/// The allowed [`Config::sync_period`], in seconds: a shorter one would make the city
/// server answer 168 wards for little gain; a longer one leaves screens stale.
const SYNC_PERIOD_SECS: std::ops::RangeInclusive<u64> = 5..=3600;

/// Where the device token is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretStoreChoice {
    /// The system keyring when it answers, else files in `secrets_dir` (the default).
    Auto,
    /// The system keyring only (a locked one means no sync until it is unlocked).
    Keyring,
    /// Files in `secrets_dir` only (CI, tests, machines without a desktop session).
    File,
}

impl SecretStoreChoice {
    fn parse(text: &str) -> Option<SecretStoreChoice> {
        match text {
            "auto" => Some(SecretStoreChoice::Auto),
            "keyring" => Some(SecretStoreChoice::Keyring),
            "file" => Some(SecretStoreChoice::File),
            _ => None,
        }
    }
}

/// The TOML file's shape: every key optional, unknown keys refused (a typo should not be
/// silently ignored).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    demo: Option<bool>,
    exports_dir: Option<PathBuf>,
    secret_store: Option<SecretStoreChoice>,
    secrets_dir: Option<PathBuf>,
    sync_period_secs: Option<u64>,
    display_zone: Option<String>,
}

impl Config {
    /// The file name of the database inside [`Config::data_dir`].
    pub const DB_FILE: &'static str = "xaso.sqlite3";

    /// The database file: `<data_dir>/xaso.sqlite3`.
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(Self::DB_FILE)
    }

    /// Where backups are written and listed: `<data_dir>/backups`.
    pub fn backups_dir(&self) -> PathBuf {
        self.data_dir.join("backups")
    }

    /// Everything in one folder (`exports/` inside it), the device token in files beside
    /// it (`<data_dir>.secrets`: outside the data folder, as a copy of the folder must not
    /// carry it): for tests and embedding.
    pub fn at(data_dir: impl Into<PathBuf>) -> Config {
        let data_dir = data_dir.into();
        let mut secrets = data_dir.clone().into_os_string();
        secrets.push(".secrets");
        Config {
            exports_dir: data_dir.join("exports"),
            data_dir,
            demo: false,
            secret_store: SecretStoreChoice::File,
            secrets_dir: PathBuf::from(secrets),
            sync_period: DEFAULT_SYNC_PERIOD,
            display_zone: DisplayZone::default(),
        }
    }

    /// Loads the configuration from the real environment.
    ///
    /// The file is `$XASO_CONFIG`, else `$XDG_CONFIG_HOME/xaso/config.toml` (or
    /// `~/.config/xaso/config.toml`); a missing file is fine, a malformed one is an error.
    pub fn load(args: &[String]) -> anyhow::Result<Config> {
        let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        Self::from_sources(args, &env)
    }

    fn from_sources(
        args: &[String],
        env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    ) -> anyhow::Result<Config> {
        let home = env("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
        let xdg = |var: &str, fallback: &str| {
            env(var).map(PathBuf::from).unwrap_or_else(|| home.join(fallback))
        };
        let mut config = Config {
            data_dir: xdg("XDG_DATA_HOME", ".local/share").join("xaso"),
            demo: false,
            exports_dir: xdg("XDG_DOCUMENTS_DIR", "Documents").join("Xã Số"),
            secret_store: SecretStoreChoice::Auto,
            secrets_dir: xdg("XDG_STATE_HOME", ".local/state").join("xaso").join("secrets"),
            sync_period: DEFAULT_SYNC_PERIOD,
            display_zone: DisplayZone::default(),
        };

        let file = env("XASO_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| xdg("XDG_CONFIG_HOME", ".config").join("xaso").join("config.toml"));
        if let Some(from_file) = read_file(&file)? {
            if let Some(dir) = from_file.data_dir {
                config.data_dir = dir;
            }
            if let Some(demo) = from_file.demo {
                config.demo = demo;
            }
            if let Some(dir) = from_file.exports_dir {
                config.exports_dir = dir;
            }
            if let Some(choice) = from_file.secret_store {
                config.secret_store = choice;
            }
            if let Some(dir) = from_file.secrets_dir {
                config.secrets_dir = dir;
            }
            if let Some(name) = from_file.display_zone {
                config.display_zone = DisplayZone::parse(&name)
                    .map_err(anyhow::Error::msg)
                    .with_context(|| format!("display_zone in {}", file.display()))?;
            }
            if let Some(secs) = from_file.sync_period_secs {
                config.sync_period = sync_period(secs)
                    .with_context(|| format!("sync_period_secs in {}", file.display()))?;
            }
        }

        if let Some(dir) = env("XASO_DATA_DIR") {
            config.data_dir = PathBuf::from(dir);
        }
        if let Some(dir) = env("XASO_EXPORTS_DIR") {
            config.exports_dir = PathBuf::from(dir);
        }
        if let Some(choice) = env("XASO_SECRET_STORE") {
            let text = choice.to_string_lossy();
            config.secret_store = SecretStoreChoice::parse(&text).with_context(|| {
                format!("XASO_SECRET_STORE={text}: expected auto, keyring or file")
            })?;
        }
        if let Some(dir) = env("XASO_SECRETS_DIR") {
            config.secrets_dir = PathBuf::from(dir);
        }
        if let Some(secs) = env("XASO_SYNC_PERIOD_SECS") {
            let text = secs.to_string_lossy();
            config.sync_period =
                text.parse().ok().and_then(|s| sync_period(s).ok()).with_context(|| {
                    format!(
                        "XASO_SYNC_PERIOD_SECS={text}: expected whole seconds from {} to {}",
                        SYNC_PERIOD_SECS.start(),
                        SYNC_PERIOD_SECS.end()
                    )
                })?;
        }
        if let Some(name) = env("XASO_DISPLAY_ZONE") {
            let text = name.to_string_lossy();
            config.display_zone = DisplayZone::parse(&text)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("XASO_DISPLAY_ZONE={text}"))?;
        }
        if let Some(demo) = env("XASO_DEMO") {
            config.demo = matches!(demo.to_str(), Some("1" | "true" | "yes"));
        }
        if args.iter().skip(1).any(|a| a == "--demo") {
            config.demo = true;
        }
        Ok(config)
    }
}

fn sync_period(secs: u64) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        SYNC_PERIOD_SECS.contains(&secs),
        "{secs} s: the sync period must be from {} to {} seconds",
        SYNC_PERIOD_SECS.start(),
        SYNC_PERIOD_SECS.end()
    );
    Ok(Duration::from_secs(secs))
}

fn read_file(path: &Path) -> anyhow::Result<Option<FileConfig>> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .map(Some)
            .with_context(|| format!("while reading the configuration file {}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e)
            .with_context(|| format!("while reading the configuration file {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::ffi::OsString;

    fn load(args: &[&str], vars: &[(&str, &str)]) -> anyhow::Result<Config> {
        let vars: HashMap<String, OsString> =
            vars.iter().map(|(k, v)| (k.to_string(), OsString::from(v))).collect();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        Config::from_sources(&args, &|k| vars.get(k).cloned())
    }

    #[test]
    fn layers_override_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let file_s = file.to_str().unwrap();

        let c = load(&["app"], &[("HOME", "/home/lan")]).unwrap();
        assert_eq!(
            c,
            Config {
                data_dir: "/home/lan/.local/share/xaso".into(),
                demo: false,
                exports_dir: "/home/lan/Documents/Xã Số".into(),
                secret_store: SecretStoreChoice::Auto,
                secrets_dir: "/home/lan/.local/state/xaso/secrets".into(),
                sync_period: DEFAULT_SYNC_PERIOD,
                display_zone: DisplayZone::default(),
            }
        );

        std::fs::write(&file, "data_dir = \"/srv/xaso\"\n").unwrap();
        let c = load(&["app"], &[("HOME", "/home/lan"), ("XASO_CONFIG", file_s)]).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/srv/xaso"));

        let c = load(
            &["app", "--demo"],
            &[("XASO_CONFIG", file_s), ("XASO_DATA_DIR", "/tmp/x"), ("XASO_EXPORTS_DIR", "/tmp/e")],
        )
        .unwrap();
        assert_eq!((c.data_dir, c.demo, c.exports_dir), ("/tmp/x".into(), true, "/tmp/e".into()));

        std::fs::write(&file, "secret_store = \"keyring\"\nsecrets_dir = \"/srv/s\"\n").unwrap();
        let c = load(&["app"], &[("XASO_CONFIG", file_s)]).unwrap();
        assert_eq!((c.secret_store, c.secrets_dir), (SecretStoreChoice::Keyring, "/srv/s".into()));
        let c = load(
            &["app"],
            &[("XASO_CONFIG", file_s), ("XASO_SECRET_STORE", "file"), ("XASO_SECRETS_DIR", "/t")],
        )
        .unwrap();
        assert_eq!((c.secret_store, c.secrets_dir), (SecretStoreChoice::File, "/t".into()));
        assert!(load(&["app"], &[("XASO_SECRET_STORE", "vault")]).is_err());

        std::fs::write(&file, "sync_period_secs = 30\n").unwrap();
        let c = load(&["app"], &[("XASO_CONFIG", file_s)]).unwrap();
        assert_eq!(c.sync_period, Duration::from_secs(30));
        let c = load(&["app"], &[("XASO_CONFIG", file_s), ("XASO_SYNC_PERIOD_SECS", "5")]).unwrap();
        assert_eq!(c.sync_period, Duration::from_secs(5));
        for bad in ["1", "4000", "soon", "-5"] {
            let err = load(&["app"], &[("XASO_SYNC_PERIOD_SECS", bad)]).unwrap_err();
            assert!(format!("{err:#}").contains("XASO_SYNC_PERIOD_SECS"), "{err:#}");
        }
        std::fs::write(&file, "display_zone = \"Europe/Paris\"\n").unwrap();
        let c = load(&["app"], &[("XASO_CONFIG", file_s)]).unwrap();
        assert_eq!(c.display_zone.name(), "Europe/Paris");
        let c = load(&["app"], &[("XASO_DISPLAY_ZONE", "UTC")]).unwrap();
        assert_eq!(c.display_zone.name(), "UTC");
        let err = load(&["app"], &[("XASO_DISPLAY_ZONE", "Sao Hỏa")]).unwrap_err();
        assert!(format!("{err:#}").contains("XASO_DISPLAY_ZONE"), "{err:#}");

        std::fs::write(&file, "sync_period_secs = 1\n").unwrap();
        let err = load(&["app"], &[("XASO_CONFIG", file_s)]).unwrap_err();
        assert!(format!("{err:#}").contains("sync_period_secs"), "{err:#}");
    }

    #[test]
    fn a_typo_in_the_file_is_an_error_that_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "data_dri = \"/srv\"\n").unwrap();
        let err = load(&["app"], &[("XASO_CONFIG", file.to_str().unwrap())]).unwrap_err();
        assert!(format!("{err:#}").contains("config.toml"), "{err:#}");
    }
}
