//! Accounts and devices: passwords (Argon2), device tokens, enrolment, sign-out.
//!
//! A token is 32 random bytes, base64url, shown to the device once; the server stores
//! only its SHA-256, so a copy of the database lets no one act as a device. Passwords are
//! Argon2id PHC strings (the crate's default parameters). Checking a password costs tens
//! of milliseconds of CPU and ~19 MiB on purpose, so it runs on two threads kept for it,
//! never on the async threads, and an unknown user name costs the same as a wrong password (no telling which
//! names exist by timing). Their queue is bounded ([`PASSWORD_QUEUE`]) and skips checks
//! whose client has gone; failed attempts are throttled before they get here
//! ([`crate::throttle`]).
//!
//! The server assigns device ids: every enrolment makes a new device (UUIDv7) with a new
//! token. The id a laptop sends (`EnrollRequest::device_id`) only says which device this
//! installation was enrolled as before. If that is a device of the same user, it is
//! retired (revoked as `replaced`: its token stops working, the device list says so); if
//! the admin revoked it (`device revoke`), the enrolment is refused, so a lost laptop does
//! not come back by itself; if it is another user's, unknown, or nil, it is ignored. So an
//! account can never take over, or retire, another user's device.
//!
//! A disabled user (`user disable`) may not enrol, and no token of theirs works, whatever
//! state a device row is in. A token that no longer works is answered with why (revoked
//! by the admin, by a password reset, replaced, the account disabled), so the laptop can
//! say what to do; a revoked device keeps its token's hash for that alone.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use xaso_domain::Role;
use xaso_proto::{Account, EnrollRequest};

use crate::limits::PASSWORD_QUEUE;
use crate::storage::{Access, DeviceRecord, Result, Revocation, Storage, StoreError, UserRecord};

/// Who a request speaks for: an enrolled, not revoked device and its user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub device_id: Uuid,
    /// The account's id: op ids are scoped by it.
    pub user_id: Uuid,
    pub user: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<String>,
}

impl Session {
    fn new(device: &DeviceRecord, user: &UserRecord) -> Session {
        Session {
            device_id: device.id,
            user_id: user.id,
            user: user.name.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            unit: user.unit.clone(),
        }
    }

    /// `unit:<code>` for a unit account.
    pub fn own_partition(&self) -> Option<String> {
        self.unit.as_ref().map(|code| format!("unit:{code}"))
    }

    pub fn account(&self) -> Account {
        Account {
            user: self.user.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            unit: self.unit.clone(),
            device_id: self.device_id,
        }
    }
}

/// Why a password could not be hashed (the system's random source failed).
#[derive(Debug, thiserror::Error)]
#[error("không tạo được mã băm mật khẩu / cannot hash the password: {0}")]
pub struct HashError(String);

/// An Argon2id PHC string for `password`.
pub fn hash_password(password: &str) -> std::result::Result<String, HashError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| HashError(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| HashError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches the PHC string `hash` (false for a malformed hash).
pub fn verify_password(password: &str, hash: &str) -> bool {
    verify_with_memory(password, hash, &mut Vec::new())
}

/// [`verify_password`] with Argon2's working memory (~19 MiB) supplied by the caller, so a
/// checker thread allocates it once instead of once per check: the allocator would keep
/// every freed copy, and a burst of enrolments would leave hundreds of MiB resident.
fn verify_with_memory(password: &str, hash: &str, blocks: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else { return false };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    let (Ok(algorithm), Ok(params)) =
        (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed))
    else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let needed = params.block_count();
    if blocks.len() < needed {
        blocks.resize(needed, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password.as_bytes(),
        salt,
        &mut out,
        &mut blocks[..needed],
    );
    // Compared without an early exit, so the time says nothing about where they differ.
    computed.is_ok()
        && out.iter().zip(expected.as_bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// A hash to check unknown users' passwords against, so they take as long as known ones.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("xaso decoy password").unwrap_or_default())
}

/// A fresh device token: 32 random bytes, base64url without padding.
pub(crate) fn new_token() -> std::result::Result<String, HashError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| HashError(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What the database keeps of a token: its SHA-256, hex.
pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A random password for `user add` without `--password-stdin`: 16 characters that read
/// unambiguously (no 0/O, 1/l/I).
pub fn generate_password() -> std::result::Result<String, HashError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| HashError(e.to_string()))?;
    // 256 is not a multiple of 56: the slight bias costs < 0.1 bit per character.
    Ok(bytes.iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect())
}

/// Why a bearer token is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NoSession {
    /// No device holds it (never given, or the device signed out).
    Unknown,
    /// Its device was revoked, for this reason.
    Revoked(Revocation),
    /// Its user is disabled.
    AccountDisabled,
}

/// The session of a bearer token if the token is valid, its device not revoked and its
/// user not disabled; otherwise why not.
pub(crate) async fn session(
    storage: &Storage,
    token: &str,
) -> Result<std::result::Result<Session, NoSession>> {
    let hash = token_hash(token);
    let found = storage.run(Access::Read, move |tx| tx.session(&hash)).await?;
    let Some((device, user)) = found else { return Ok(Err(NoSession::Unknown)) };
    // The account first: a disabled user's token stops even if a device row was left.
    if user.disabled_at.is_some() {
        return Ok(Err(NoSession::AccountDisabled));
    }
    if let Some(why) = device.revocation() {
        return Ok(Err(NoSession::Revoked(why)));
    }
    let now = Utc::now();
    if device.last_seen_at.is_none_or(|t| now - t > chrono::Duration::minutes(1)) {
        // Bookkeeping only: the request does not wait for it.
        let storage = storage.clone();
        let id = device.id;
        tokio::spawn(async move {
            if let Err(e) = storage.run(Access::Write, move |tx| tx.touch_device(id, now)).await {
                tracing::warn!(error = %e, "cannot record when the device was last seen");
            }
        });
    }
    Ok(Ok(Session::new(&device, &user)))
}

/// A password check waiting for a checker thread.
type Check = (String, Option<String>, tokio::sync::oneshot::Sender<bool>);

/// What the password checkers have done since the process started (the abuse benchmark
/// and tests read it; a check whose client left before its turn is skipped, not run).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PasswordChecks {
    /// Checks waiting for a thread now.
    pub queued: usize,
    /// Checks being computed now.
    pub running: usize,
    /// Checks computed.
    pub computed: u64,
    /// Checks dropped unrun because their request had gone.
    pub skipped: u64,
    /// Checks refused because the queue was full (`503`).
    pub refused: u64,
}

static QUEUED: AtomicUsize = AtomicUsize::new(0);
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static COMPUTED: AtomicU64 = AtomicU64::new(0);
static SKIPPED: AtomicU64 = AtomicU64::new(0);
static REFUSED: AtomicU64 = AtomicU64::new(0);

/// The password checkers' counters now.
pub fn password_checks() -> PasswordChecks {
    PasswordChecks {
        queued: QUEUED.load(Ordering::Relaxed),
        running: RUNNING.load(Ordering::Relaxed),
        computed: COMPUTED.load(Ordering::Relaxed),
        skipped: SKIPPED.load(Ordering::Relaxed),
        refused: REFUSED.load(Ordering::Relaxed),
    }
}

/// Checks a password on one of two threads kept for it. Each check holds ~19 MiB for tens
/// of milliseconds: a burst of enrolments queues here, rather than taking the memory of
/// hundreds of blocking threads at once; each checker keeps its working memory.
///
/// The queue holds [`PASSWORD_QUEUE`] checks: beyond that the answer is `None` (the
/// caller answers `503` with `Retry-After`) rather than a wait behind work that may never
/// be wanted. A check whose caller has gone (the client hung up, the request future was
/// dropped) is skipped when its turn comes, so abandoned attempts cost no CPU and delay
/// no one.
async fn check_password(password: String, hash: Option<String>) -> Result<Option<bool>> {
    static CHECKERS: OnceLock<std::sync::mpsc::SyncSender<Check>> = OnceLock::new();
    let queue = CHECKERS.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Check>(PASSWORD_QUEUE);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..2 {
            let rx = std::sync::Arc::clone(&rx);
            let spawned =
                std::thread::Builder::new().name(format!("xaso-password-{i}")).spawn(move || {
                    let mut memory = Vec::new();
                    loop {
                        let next =
                            rx.lock().unwrap_or_else(std::sync::PoisonError::into_inner).recv();
                        let Ok((password, hash, answer)) = next else { return };
                        QUEUED.fetch_sub(1, Ordering::Relaxed);
                        if answer.is_closed() {
                            SKIPPED.fetch_add(1, Ordering::Relaxed);
                            continue;
                        }
                        RUNNING.fetch_add(1, Ordering::Relaxed);
                        let hash: &str = hash.as_deref().unwrap_or_else(|| decoy_hash());
                        let ok = verify_with_memory(&password, hash, &mut memory);
                        COMPUTED.fetch_add(1, Ordering::Relaxed);
                        RUNNING.fetch_sub(1, Ordering::Relaxed);
                        let _ = answer.send(ok);
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password checker thread");
            }
        }
        tx
    });
    let (answer, answered) = tokio::sync::oneshot::channel();
    // Counted before sending, so the checker's decrement never comes first.
    QUEUED.fetch_add(1, Ordering::Relaxed);
    match queue.try_send((password, hash, answer)) {
        Ok(()) => {}
        Err(std::sync::mpsc::TrySendError::Full(_)) => {
            QUEUED.fetch_sub(1, Ordering::Relaxed);
            REFUSED.fetch_add(1, Ordering::Relaxed);
            return Ok(None);
        }
        Err(std::sync::mpsc::TrySendError::Disconnected(_)) => {
            QUEUED.fetch_sub(1, Ordering::Relaxed);
            return Err(StoreError::Closed);
        }
    }
    answered.await.map(Some).map_err(|_| StoreError::Closed)
}

/// Why an enrolment was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    BadCredentials,
    /// The device this installation was enrolled as was revoked by the admin.
    DeviceRevoked,
    /// The password checkers' queue is full: try again shortly.
    Busy,
    /// The password is right, but the user is disabled.
    AccountDisabled,
}

/// Checks the user's password and enrols a new device, with a new id and token; retires
/// the installation's previous device if it is the same user's (see the module doc).
pub(crate) async fn enroll(
    storage: &Storage,
    req: EnrollRequest,
) -> Result<std::result::Result<(String, Account), Refusal>> {
    let name = req.user.trim().to_owned();
    let user = storage.run(Access::Read, move |tx| tx.user_by_name(&name)).await?;
    // An unknown user is checked against a decoy: the same work, the same time.
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let password = req.password;
    let Some(ok) = check_password(password, hash).await? else { return Ok(Err(Refusal::Busy)) };
    let Some(user) = user.filter(|_| ok) else { return Ok(Err(Refusal::BadCredentials)) };
    // Only someone who knows the password learns that the account is disabled.
    if user.disabled_at.is_some() {
        return Ok(Err(Refusal::AccountDisabled));
    }

    let token = new_token().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let hash = token_hash(&token);
    let previous = req.device_id;
    let device_id = Uuid::now_v7();
    let device_name: String = req.device_name.trim().chars().take(200).collect();
    let checked = user.clone();
    let refused = storage
        .run(Access::Write, move |tx| {
            let now = Utc::now();
            // The account as it is now: disabled, or given a new password, while the
            // password was being checked, and this enrolment does not go through.
            match tx.user_by_name(&checked.name)? {
                Some(u) if u.id == checked.id && u.password_hash == checked.password_hash => {
                    if u.disabled_at.is_some() {
                        return Ok(Some(Refusal::AccountDisabled));
                    }
                }
                _ => return Ok(Some(Refusal::BadCredentials)),
            }
            // Another user's device (or none) is not this installation's to retire.
            if let Some(mut old) = tx.device(previous)?.filter(|d| d.user_id == checked.id) {
                match old.revocation() {
                    Some(Revocation::Device) => return Ok(Some(Refusal::DeviceRevoked)),
                    Some(_) => {} // already retired: its token no longer works
                    None => {
                        old.revoked_at = Some(now);
                        old.revoked_reason = Some(Revocation::Replaced);
                        tx.save_device(&old)?;
                    }
                }
            }
            tx.save_device(&DeviceRecord {
                id: device_id,
                user_id: checked.id,
                name: device_name.clone(),
                token_hash: Some(hash.clone()),
                created_at: now,
                last_seen_at: Some(now),
                revoked_at: None,
                revoked_reason: None,
            })?;
            Ok(None)
        })
        .await?;
    if let Some(refusal) = refused {
        return Ok(Err(refusal));
    }
    let account = Account {
        user: user.name,
        display_name: user.display_name,
        role: user.role,
        unit: user.unit,
        device_id,
    };
    Ok(Ok((token, account)))
}

/// Forgets the device's token (signed out); the device stays listed, and the installation
/// may enrol again (as a new device).
pub(crate) async fn sign_out(storage: &Storage, device_id: Uuid) -> Result<()> {
    storage
        .run(Access::Write, move |tx| {
            if let Some(mut device) = tx.device(device_id)? {
                device.token_hash = None;
                tx.save_device(&device)?;
            }
            Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("mật khẩu đúng").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("mật khẩu đúng", &hash));
        assert!(!verify_password("mật khẩu sai", &hash));
        assert!(!verify_password("anything", "not a hash"));
        // The reused working memory gives the same answers.
        let mut memory = Vec::new();
        assert!(verify_with_memory("mật khẩu đúng", &hash, &mut memory));
        assert!(!verify_with_memory("mật khẩu sai", &hash, &mut memory));
        assert!(verify_with_memory("mật khẩu đúng", &hash, &mut memory));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "32 bytes in base64url");
        let h = token_hash(&a);
        assert_eq!(h.len(), 64);
        assert!(!h.contains(&a));
        assert_eq!(h, token_hash(&a));
    }

    #[test]
    fn generated_passwords_are_long_and_unambiguous() {
        let p = generate_password().unwrap();
        assert_eq!(p.chars().count(), 16);
        assert!(!p.contains(['0', 'O', '1', 'l', 'I']));
    }
}
