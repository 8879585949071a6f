//! Which backend a database target names, and opening it: `postgres://…` is PostgreSQL,
//! anything else a SQLite file. Apart from `storage` (the trait and the worker threads,
//! which know no backend) so that the backends depend on the storage and not the reverse.

use crate::storage::{Result, Storage};

impl Storage {
    /// Opens (creating and migrating if needed) the database at `target`: a
    /// `postgres://…` or `postgresql://…` URL, or else the path of a SQLite file
    /// (an optional `sqlite://` prefix is dropped). Refuses a database whose schema is
    /// newer than this build knows. Blocks while connecting; safe to call from async code
    /// (nothing here drives a runtime on the caller's thread).
    pub fn open(target: &str) -> Result<Storage> {
        let storage = if target.starts_with("postgres://") || target.starts_with("postgresql://") {
            crate::postgres::open(target)?
        } else {
            let path = target.strip_prefix("sqlite://").unwrap_or(target);
            crate::sqlite::open(std::path::Path::new(path))?
        };
        crate::history::ensure(&storage)?;
        Ok(storage)
    }

    /// Where the files (training materials) go when no folder is named: beside the
    /// SQLite file, or `./xaso-server-blobs` with PostgreSQL.
    pub fn default_blob_dir(&self) -> std::path::PathBuf {
        match self.description().strip_prefix("sqlite:") {
            Some(path) => crate::blobs::default_blob_dir(path),
            None => crate::blobs::default_blob_dir("postgres://"),
        }
    }
}
