//! `local_meta`: settings of this installation. Local only, never synced, so written
//! directly rather than through the outbox.

use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension, params};
use xaso_domain::{DeviceId, Hlc};

use crate::{Result, StoreError};

const DEVICE_ID: &str = "device_id";
const HLC: &str = "hlc";

#[derive(Debug)]
pub struct Meta<'c> {
    conn: &'c Connection,
}

impl<'c> Meta<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Self { conn }
    }

    pub fn get(&self, key: &str) -> Result<Option<String>> {
        get(self.conn, key)
    }

    pub fn set(&self, key: &str, value: &str) -> Result<()> {
        set(self.conn, key, value)
    }

    /// Forgets `key` (nothing happens if it was not set).
    pub fn remove(&self, key: &str) -> Result<()> {
        remove(self.conn, key)
    }

    pub fn device_id(&self) -> Result<DeviceId> {
        device_id(self.conn)
    }
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM local_meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO local_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn remove(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM local_meta WHERE key = ?1")?.execute([key])?;
    Ok(())
}

/// This installation's device id, created on first use and replaced by the one the city
/// server assigns at each enrolment (`sync::settings::save_enrolment`); the next
/// enrolment names it, so the server retires that device. A folder found copied gets a
/// fresh one (`Store::enrolment_device_id`), so a copy never names the original's device.
pub(crate) fn device_id(conn: &Connection) -> Result<DeviceId> {
    match get(conn, DEVICE_ID)? {
        Some(s) => {
            DeviceId::from_str(&s).map_err(|e| StoreError::Invalid(format!("device id: {e}")))
        }
        None => {
            let id = DeviceId::new();
            set(conn, DEVICE_ID, &id.to_string())?;
            Ok(id)
        }
    }
}

pub(crate) fn hlc(conn: &Connection) -> Result<Hlc> {
    match get(conn, HLC)? {
        Some(s) => s.parse().map_err(|e| StoreError::Invalid(format!("{e}"))),
        None => Ok(Hlc::ZERO),
    }
}

pub(crate) fn set_hlc(conn: &Connection, hlc: Hlc) -> Result<()> {
    set(conn, HLC, &hlc.to_string())
}
