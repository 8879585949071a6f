//! Failed sign-ins: growing delays, then a lockout that only an admin lifts; per account
//! name and per client address.
//!
//! Every enrolment is checked against two records ([`SignInFailures`]): the account name
//! as typed (names that do not exist count the same, so the answers tell no names apart)
//! and the client's IP address. After a rule's free failures, each next attempt must wait
//! a delay that doubles with every failure (`429` `too_many_attempts` with
//! `Retry-After`, the password not even checked); at the rule's lockout threshold the key
//! is locked until `xaso-server user unlock` / `address unlock`. A success forgets the
//! account's failures, never the address's (an attacker who owns one account could
//! otherwise wash their address clean between guesses). A key with no failure for
//! [`FORGET_AFTER`] starts again from zero, unless it is locked.
//!
//! The records live in the database, so an unlock run in another process takes effect at
//! the next attempt, and a restart forgets nothing. Every failure and every refusal is
//! logged with the name and address (never the password).
//!
//! A lockout does not stop a laptop that is already enrolled: its device token keeps
//! working. Locking someone's account name thus costs them only new enrolments until the
//! admin unlocks it, which is why the account threshold can be low.
//!
//! The address is the TCP peer: the server terminates TLS itself and is meant to face the
//! network directly. Behind a reverse proxy every client would share the proxy's address.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::storage::{Access, Result, SignInFailures, Storage};

/// How long without a failure before a key's count starts again (locks excepted): a day,
/// so that a person's typos of last week do not bring them nearer a lockout, while a
/// patient attacker still meets the delays every day.
pub const FORGET_AFTER: chrono::Duration = chrono::Duration::hours(24);

/// One kind of key's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Failures in a row answered without delay.
    pub free: u32,
    /// The wait after the first failure beyond `free`; doubled after each further one.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
    /// Failures in a row that lock the key until an admin unlocks it.
    pub lock_after: u32,
}

/// The rules for account names and for client addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInLimits {
    /// Account: 5 free (typos, a caps-lock), then 1 s, 2, 4, 8, 16 s, locked at the 10th
    /// failure: an attacker gets ten guesses per account name, a person five plus a few
    /// slow ones.
    pub account: Rule,
    /// Address: 20 free (a ward office where several people mistype behind one NAT
    /// address), then 1 s doubling to 60 s, locked at 100: one machine cannot spray
    /// guesses over many account names, yet an office is not locked by its own typos.
    pub address: Rule,
}

impl Default for SignInLimits {
    fn default() -> SignInLimits {
        SignInLimits {
            account: Rule {
                free: 5,
                first_delay: Duration::from_secs(1),
                max_delay: Duration::from_secs(60),
                lock_after: 10,
            },
            address: Rule {
                free: 20,
                first_delay: Duration::from_secs(1),
                max_delay: Duration::from_secs(60),
                lock_after: 100,
            },
        }
    }
}

/// Whether an attempt may be checked now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Too soon after the last failure: try again after this long.
    Wait(Duration),
    /// Locked until an admin unlocks it.
    Locked,
}

impl Rule {
    /// The wait after `failures` failures in a row.
    pub fn delay(&self, failures: i64) -> Duration {
        let beyond = failures - i64::from(self.free);
        if beyond < 0 {
            return Duration::ZERO;
        }
        let exponent = u32::try_from(beyond).unwrap_or(u32::MAX).min(30);
        self.first_delay.saturating_mul(1 << exponent).min(self.max_delay)
    }

    /// What an attempt at `now` meets, given the key's record. Pure: tested as a table.
    pub fn verdict(&self, record: Option<&SignInFailures>, now: DateTime<Utc>) -> Verdict {
        let Some(record) = record else { return Verdict::Allowed };
        if record.locked_at.is_some() {
            return Verdict::Locked;
        }
        if now - record.last_failure_at >= FORGET_AFTER {
            return Verdict::Allowed;
        }
        // A delay is at most `max_delay`: seconds or minutes, never near chrono's range.
        let delay = chrono::Duration::from_std(self.delay(record.failures))
            .unwrap_or(chrono::Duration::days(1));
        let wait = record.last_failure_at + delay - now;
        match wait.to_std() {
            Ok(wait) if !wait.is_zero() => Verdict::Wait(wait),
            _ => Verdict::Allowed,
        }
    }

    /// The record after one more failure at `now`.
    pub fn after_failure(
        &self,
        record: Option<SignInFailures>,
        kind: Kind,
        key: &str,
        now: DateTime<Utc>,
    ) -> SignInFailures {
        let mut record = record.unwrap_or_else(|| SignInFailures {
            kind: kind.as_str().to_owned(),
            key: key.to_owned(),
            failures: 0,
            last_failure_at: now,
            locked_at: None,
        });
        if record.locked_at.is_none() && now - record.last_failure_at >= FORGET_AFTER {
            record.failures = 0;
        }
        record.failures = record.failures.saturating_add(1);
        record.last_failure_at = now;
        if record.locked_at.is_none() && record.failures >= i64::from(self.lock_after) {
            record.locked_at = Some(now);
        }
        record
    }
}

/// What a record counts failures of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Account,
    Address,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Address => "address",
        }
    }
}

/// The longest account name kept as a key: longer ones are cut (a real name is short,
/// and the enrolment body is small anyway).
const MAX_KEY: usize = 200;

/// One sign-in attempt: whose name, from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub account: String,
    pub address: Option<IpAddr>,
}

impl Attempt {
    pub fn new(account: &str, address: Option<IpAddr>) -> Attempt {
        Attempt { account: account.trim().chars().take(MAX_KEY).collect(), address }
    }

    fn keys(&self) -> Vec<(Kind, String)> {
        let mut keys = vec![(Kind::Account, self.account.clone())];
        if let Some(address) = self.address {
            keys.push((Kind::Address, address.to_canonical().to_string()));
        }
        keys
    }
}

/// Why an attempt is refused before its password is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Wait this long.
    Wait(Duration),
    /// Locked: the account name or the address (which one is not told, like a wrong
    /// password does not tell whether the name exists).
    Locked,
}

/// Whether `attempt` may have its password checked now.
pub async fn admit(
    storage: &Storage,
    limits: &SignInLimits,
    attempt: &Attempt,
) -> Result<std::result::Result<(), Refused>> {
    let keys = attempt.keys();
    let limits = *limits;
    let records = storage
        .run(Access::Read, move |tx| {
            keys.iter()
                .map(|(kind, key)| Ok((*kind, tx.sign_in_failures(kind.as_str(), key, false)?)))
                .collect::<Result<Vec<_>>>()
        })
        .await?;
    let now = Utc::now();
    let mut longest = Duration::ZERO;
    for (kind, record) in &records {
        let rule = rule(&limits, *kind);
        match rule.verdict(record.as_ref(), now) {
            Verdict::Allowed => {}
            Verdict::Locked => {
                tracing::warn!(user = %attempt.account, address = ?attempt.address,
                    locked = kind.as_str(), "sign-in refused: locked");
                return Ok(Err(Refused::Locked));
            }
            Verdict::Wait(wait) => longest = longest.max(wait),
        }
    }
    if longest.is_zero() {
        return Ok(Ok(()));
    }
    tracing::warn!(user = %attempt.account, address = ?attempt.address,
        wait_ms = longest.as_millis(), "sign-in refused: too many failures, too soon");
    Ok(Err(Refused::Wait(longest)))
}

fn rule(limits: &SignInLimits, kind: Kind) -> Rule {
    match kind {
        Kind::Account => limits.account,
        Kind::Address => limits.address,
    }
}

/// Counts a wrong password (or an unknown name) against the name and the address.
pub async fn failed(storage: &Storage, limits: &SignInLimits, attempt: &Attempt) -> Result<()> {
    let keys = attempt.keys();
    let limits = *limits;
    let now = Utc::now();
    let counted = storage
        .run(Access::Write, move |tx| {
            let mut counted = Vec::new();
            for (kind, key) in &keys {
                let record = tx.sign_in_failures(kind.as_str(), key, true)?;
                let next = rule(&limits, *kind).after_failure(record, *kind, key, now);
                tx.save_sign_in_failures(&next)?;
                counted.push((*kind, next.failures, next.locked_at.is_some()));
            }
            tx.forget_sign_in_failures(now - FORGET_AFTER)?;
            Ok(counted)
        })
        .await?;
    let account = counted.iter().find(|c| c.0 == Kind::Account);
    let address = counted.iter().find(|c| c.0 == Kind::Address);
    tracing::warn!(
        user = %attempt.account,
        address = ?attempt.address,
        account_failures = account.map(|c| c.1),
        address_failures = address.map(|c| c.1),
        account_locked = account.is_some_and(|c| c.2),
        address_locked = address.is_some_and(|c| c.2),
        "sign-in failed"
    );
    Ok(())
}

/// A right password: the account's failures are forgotten (the address's are not).
pub async fn succeeded(storage: &Storage, attempt: &Attempt) -> Result<()> {
    let key = attempt.account.clone();
    storage
        .run(Access::Write, move |tx| tx.clear_sign_in_failures(Kind::Account.as_str(), &key))
        .await?;
    Ok(())
}

/// Lifts the lock and forgets the failures of an account name (admin); answers whether
/// there was anything to forget.
pub fn unlock(storage: &Storage, kind: Kind, key: &str) -> Result<bool> {
    let key = match kind {
        Kind::Account => key.trim().to_owned(),
        // As stored: an IPv4 address given in its IPv6-mapped form is the same address.
        Kind::Address => key
            .trim()
            .parse::<IpAddr>()
            .map_or_else(|_| key.trim().to_owned(), |a| a.to_canonical().to_string()),
    };
    storage.run_blocking(Access::Write, move |tx| tx.clear_sign_in_failures(kind.as_str(), &key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
    }

    fn record(failures: i64, last: i64, locked: bool) -> SignInFailures {
        SignInFailures {
            kind: "account".into(),
            key: "an".into(),
            failures,
            last_failure_at: at(last),
            locked_at: locked.then(|| at(last)),
        }
    }

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn delays_grow_after_the_free_failures_up_to_the_cap() {
        let rule = SignInLimits::default().account;
        let cases = [(0, S(0)), (4, S(0)), (5, S(1)), (6, S(2)), (9, S(16)), (12, S(60))];
        for (failures, expected) in cases {
            assert_eq!(rule.delay(failures), expected, "{failures}");
        }
        assert_eq!(rule.delay(i64::MAX), S(60));
    }

    #[test]
    fn verdicts() {
        let rule = SignInLimits::default().account;
        // (record, now, expected)
        let cases = [
            (None, 0, Verdict::Allowed),
            (Some(record(4, 0, false)), 0, Verdict::Allowed),
            (Some(record(5, 0, false)), 0, Verdict::Wait(S(1))),
            (Some(record(5, 0, false)), 1, Verdict::Allowed),
            (Some(record(7, 0, false)), 1, Verdict::Wait(S(3))),
            (Some(record(9, 10, true)), 10 + 86_400 * 30, Verdict::Locked),
            // A quiet day: counted from zero again.
            (Some(record(9, 0, false)), 86_400, Verdict::Allowed),
        ];
        for (record, now, expected) in cases {
            assert_eq!(rule.verdict(record.as_ref(), at(now)), expected, "{record:?} at {now}");
        }
    }

    #[test]
    fn failures_count_up_to_a_lock_and_restart_after_a_quiet_day() {
        let rule = SignInLimits::default().account;
        let mut r = None;
        for i in 0..9 {
            r = Some(rule.after_failure(r, Kind::Account, "an", at(i)));
        }
        let nine = r.clone().unwrap();
        assert_eq!((nine.failures, nine.locked_at), (9, None));
        let ten = rule.after_failure(Some(nine.clone()), Kind::Account, "an", at(100));
        assert_eq!((ten.failures, ten.locked_at), (10, Some(at(100))));
        // Locked stays locked, and keeps counting.
        let later = rule.after_failure(Some(ten), Kind::Account, "an", at(86_400 * 9));
        assert_eq!((later.failures, later.locked_at), (11, Some(at(100))));
        // Not locked and quiet for a day: the count starts again.
        let fresh = rule.after_failure(Some(nine), Kind::Account, "an", at(8 + 86_400));
        assert_eq!((fresh.failures, fresh.locked_at), (1, None));
    }

    #[test]
    fn an_attempts_keys_are_its_trimmed_name_and_canonical_address() {
        let mapped: IpAddr = "::ffff:10.0.0.7".parse().unwrap();
        let attempt = Attempt::new("  an ", Some(mapped));
        assert_eq!(
            attempt.keys(),
            vec![(Kind::Account, "an".to_owned()), (Kind::Address, "10.0.0.7".to_owned())]
        );
        assert_eq!(Attempt::new(&"x".repeat(5000), None).account.len(), MAX_KEY);
    }
}
