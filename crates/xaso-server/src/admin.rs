//! What the city admin does from the command line: load the units, create users, reset
//! passwords, disable and enable users, list and revoke devices. The same functions serve
//! tests and the end-to-end suite. They block the calling thread (hashing, the database
//! worker) but never drive an async runtime, so async code may call them too.
//!
//! Stopping someone: `device revoke` stops one laptop for good (it may not enrol again by
//! itself), but the user's password still enrols a new one; `user reset-password` stops
//! every laptop of the user and the old password; `user disable` stops the user
//! altogether until `user enable`.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use xaso_domain::{Role, Unit, UnitCode, UnitKind};

use crate::auth::{HashError, hash_password};
use crate::storage::{Access, DeviceInfo, Revocation, Storage, StoreError, UserRecord};

/// The 168 commune-level units of Ho Chi Minh City (2025), as bundled with the app.
pub const BUNDLED_UNITS: &str = include_str!("../../../data/hcm-units-2025.csv");

/// The shortest password an admin may set.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Why an admin command failed; every message is in Vietnamese and English.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hash(#[from] HashError),
    #[error("tệp đơn vị không hợp lệ / the units file is not valid: {0}")]
    BadUnits(String),
    #[error(
        "không có đơn vị mã {0} (hãy chạy import-units) / no unit with code {0} (run import-units)"
    )]
    UnknownUnit(String),
    #[error("vai trò {0} cần --unit / role {0} needs --unit")]
    UnitRequired(&'static str),
    #[error("vai trò {0} không thuộc đơn vị nào, bỏ --unit / role {0} has no unit, drop --unit")]
    UnitNotAllowed(&'static str),
    #[error("tên đăng nhập {0:?} đã có / user name {0:?} is taken")]
    UserExists(String),
    #[error("không có người dùng {0:?} / no user {0:?}")]
    NoSuchUser(String),
    #[error("không có thiết bị {0} / no device {0}")]
    NoSuchDevice(Uuid),
    #[error(
        "tên đăng nhập và tên hiển thị không được để trống / user and display names may not be empty"
    )]
    EmptyName,
    #[error(
        "mật khẩu cần ít nhất {MIN_PASSWORD_CHARS} ký tự / a password needs at least \
         {MIN_PASSWORD_CHARS} characters"
    )]
    WeakPassword,
}

/// A user as `user list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When it was disabled (`None`: it may enrol and sync).
    pub disabled_at: Option<DateTime<Utc>>,
}

/// Loads units from CSV text with the header `code,name,kind` (kind: `phuong`, `xa`,
/// `dac_khu`), inserting new ones and updating renamed ones; answers how many changed.
pub fn import_units(storage: &Storage, csv_text: &str) -> Result<usize, AdminError> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().map_err(|e| AdminError::BadUnits(e.to_string()))?.clone();
    if headers.iter().collect::<Vec<_>>() != ["code", "name", "kind"] {
        return Err(AdminError::BadUnits(format!("header {headers:?}, expected code,name,kind")));
    }
    let mut units = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| AdminError::BadUnits(format!("line {line}: {e}")))?;
        let code = UnitCode::parse(&record[0])
            .map_err(|e| AdminError::BadUnits(format!("line {line}: {e}")))?;
        let kind = UnitKind::parse(record[2].trim())
            .ok_or_else(|| AdminError::BadUnits(format!("line {line}: kind {:?}", &record[2])))?;
        let name = record[1].trim().to_owned();
        if name.is_empty() {
            return Err(AdminError::BadUnits(format!("line {line}: empty name")));
        }
        units.push(Unit { code, name, kind });
    }
    Ok(storage.run_blocking(Access::Write, move |tx| tx.upsert_units(&units))?)
}

/// Creates a user. A unit role (`unit_official`, `unit_lead`) needs an existing unit code;
/// a city role (`city_reviewer`, `city_admin`) has none.
pub fn add_user(
    storage: &Storage,
    name: &str,
    display_name: &str,
    role: Role,
    unit: Option<&str>,
    password: &str,
) -> Result<(), AdminError> {
    let (name, display_name) = (name.trim().to_owned(), display_name.trim().to_owned());
    if name.is_empty() || display_name.is_empty() {
        return Err(AdminError::EmptyName);
    }
    let unit = match (role.is_unit(), unit.map(str::trim)) {
        (true, None) => return Err(AdminError::UnitRequired(role.as_str())),
        (false, Some(_)) => return Err(AdminError::UnitNotAllowed(role.as_str())),
        (true, Some(code)) => Some(code.to_owned()),
        (false, None) => None,
    };
    check_password(password)?;
    let password_hash = hash_password(password)?;
    let user = UserRecord {
        id: Uuid::now_v7(),
        name,
        display_name,
        role,
        unit,
        password_hash,
        created_at: Utc::now(),
        disabled_at: None,
    };
    storage.run_blocking(Access::Write, move |tx| {
        if let Some(code) = &user.unit
            && !tx.unit_exists(code)?
        {
            return Ok(Err(AdminError::UnknownUnit(code.clone())));
        }
        if tx.user_by_name(&user.name)?.is_some() {
            return Ok(Err(AdminError::UserExists(user.name.clone())));
        }
        tx.insert_user(&user)?;
        Ok(Ok(()))
    })?
}

/// Sets a new password and, unless `keep_devices`, revokes every signed-in device of the
/// user (a password is reset because it may be known to someone else, who may have
/// enrolled with it); answers how many were revoked. The user enrols each laptop again
/// with the new password.
pub fn reset_password(
    storage: &Storage,
    name: &str,
    password: &str,
    keep_devices: bool,
) -> Result<usize, AdminError> {
    check_password(password)?;
    let hash = hash_password(password)?;
    let name = name.trim().to_owned();
    storage.run_blocking(Access::Write, move |tx| {
        let Some(user) = tx.user_by_name(&name)? else {
            return Ok(Err(AdminError::NoSuchUser(name.clone())));
        };
        tx.set_password_hash(&name, &hash)?;
        if keep_devices {
            return Ok(Ok(0));
        }
        Ok(Ok(tx.revoke_devices(user.id, Utc::now(), Revocation::PasswordReset)?))
    })?
}

/// Disables a user: no enrolment, no token of theirs works (403 `account_disabled`), and
/// every signed-in device is revoked at once; answers how many. Disabling again keeps the
/// first time and revokes whatever device is left.
pub fn disable_user(storage: &Storage, name: &str) -> Result<usize, AdminError> {
    let name = name.trim().to_owned();
    storage.run_blocking(Access::Write, move |tx| {
        let Some(user) = tx.user_by_name(&name)? else {
            return Ok(Err(AdminError::NoSuchUser(name.clone())));
        };
        let now = Utc::now();
        if user.disabled_at.is_none() {
            tx.set_disabled(user.id, Some(now))?;
        }
        Ok(Ok(tx.revoke_devices(user.id, now, Revocation::AccountDisabled)?))
    })?
}

/// Enables a disabled user: they may enrol again (each laptop as a new device; the old
/// devices stay revoked). Answers whether the user was disabled.
pub fn enable_user(storage: &Storage, name: &str) -> Result<bool, AdminError> {
    let name = name.trim().to_owned();
    storage.run_blocking(Access::Write, move |tx| {
        let Some(user) = tx.user_by_name(&name)? else {
            return Ok(Err(AdminError::NoSuchUser(name.clone())));
        };
        if user.disabled_at.is_some() {
            tx.set_disabled(user.id, None)?;
        }
        Ok(Ok(user.disabled_at.is_some()))
    })?
}

pub fn list_users(storage: &Storage) -> Result<Vec<UserInfo>, AdminError> {
    let users = storage.run_blocking(Access::Read, |tx| tx.users())?;
    Ok(users
        .into_iter()
        .map(|u| UserInfo {
            name: u.name,
            display_name: u.display_name,
            role: u.role,
            unit: u.unit,
            created_at: u.created_at,
            disabled_at: u.disabled_at,
        })
        .collect())
}

/// Devices, oldest first; of one user only when `user` is given.
pub fn list_devices(storage: &Storage, user: Option<&str>) -> Result<Vec<DeviceInfo>, AdminError> {
    let user = user.map(str::to_owned);
    Ok(storage.run_blocking(Access::Read, move |tx| tx.devices(user.as_deref()))?)
}

/// Revokes a device: its token stops working at once (401, "revoked by the city admin")
/// and the installation may not enrol again by itself. Its user's password still enrols
/// another laptop: to stop the person, reset the password or disable the user.
pub fn revoke_device(storage: &Storage, id: Uuid) -> Result<(), AdminError> {
    let found = storage.run_blocking(Access::Write, move |tx| {
        let Some(mut device) = tx.device(id)? else { return Ok(false) };
        // Whatever ended it before (a reset, a replacement), the admin's word is final.
        device.revoked_at.get_or_insert_with(Utc::now);
        device.revoked_reason = Some(Revocation::Device);
        tx.save_device(&device)?;
        Ok(true)
    })?;
    if found { Ok(()) } else { Err(AdminError::NoSuchDevice(id)) }
}

fn check_password(password: &str) -> Result<(), AdminError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AdminError::WeakPassword);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage() -> (tempfile::TempDir, Storage) {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::open(dir.path().join("a.sqlite3").to_str().unwrap()).unwrap();
        (dir, s)
    }

    #[test]
    fn the_bundled_units_load_once() {
        let (_dir, s) = storage();
        assert_eq!(import_units(&s, BUNDLED_UNITS).unwrap(), 168);
        assert_eq!(import_units(&s, BUNDLED_UNITS).unwrap(), 0, "nothing changed the second time");
        let err = import_units(&s, "code,name\n26743,X\n").unwrap_err();
        assert!(matches!(err, AdminError::BadUnits(_)), "{err}");
    }

    #[test]
    fn users_need_the_right_unit() {
        let (_dir, s) = storage();
        import_units(&s, BUNDLED_UNITS).unwrap();
        let pw = "mật khẩu dài";
        add_user(&s, "an", "Nguyễn Văn An", Role::UnitOfficial, Some("26743"), pw).unwrap();
        add_user(&s, "binh", "Trần Bình", Role::CityReviewer, None, pw).unwrap();
        let cases = [
            add_user(&s, "an", "Khác", Role::UnitLead, Some("26743"), pw),
            add_user(&s, "c", "C", Role::UnitLead, None, pw),
            add_user(&s, "d", "D", Role::CityAdmin, Some("26743"), pw),
            add_user(&s, "e", "E", Role::UnitLead, Some("99999"), pw),
            add_user(&s, "f", "F", Role::UnitLead, Some("26743"), "ngắn"),
            add_user(&s, " ", "G", Role::CityAdmin, None, pw),
        ];
        let errs: Vec<String> = cases.into_iter().map(|r| r.unwrap_err().to_string()).collect();
        for (err, want) in
            errs.iter().zip(["taken", "needs --unit", "drop --unit", "99999", "8", "empty"])
        {
            assert!(err.contains(want), "{err}");
        }
        let names: Vec<_> = list_users(&s).unwrap().into_iter().map(|u| u.name).collect();
        assert_eq!(names, ["an", "binh"]);
        assert_eq!(reset_password(&s, "an", "mật khẩu mới dài", false).unwrap(), 0);
        assert!(matches!(
            reset_password(&s, "ai", "mật khẩu mới dài", false),
            Err(AdminError::NoSuchUser(_))
        ));
        assert!(matches!(disable_user(&s, "ai"), Err(AdminError::NoSuchUser(_))));
        assert!(matches!(enable_user(&s, "ai"), Err(AdminError::NoSuchUser(_))));
        assert!(matches!(revoke_device(&s, Uuid::nil()), Err(AdminError::NoSuchDevice(_))));
    }
}
