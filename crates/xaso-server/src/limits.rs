//! Every bound the server puts on what one client may hold, in one place, with why it is
//! what it is (ARCHITECTURE.md, "The server holds under abuse", says the same for admins).
//!
//! A ward's laptop syncs over links as slow as a 3G modem, in bursts a minute apart: a
//! request head is a few hundred bytes, an enrolment a few hundred, a push at most
//! [`MAX_BODY`] before compression, a file chunk [`xaso_proto::CHUNK_SIZE`].
//! The bounds leave such a laptop ten times its need, and leave an attacker nothing that
//! lasts: every connection either makes progress or is closed.

use std::time::Duration;

use crate::throttle::SignInLimits;

/// The largest enrolment body (after decompression). A real one — a user name, a
/// password, a device name — is under 1 KiB; without its own bound an unauthenticated
/// client could make the server hold [`MAX_BODY`] per unfinished enrolment
/// (100 of them held ~760 MiB).
pub const MAX_ENROLL_BODY: usize = 4 * 1024;

/// Password checks waiting for the two checker threads. Each check takes ~40 ms of one
/// core (Argon2id, 19 MiB), so a full queue is ~0.7 s of work: a real enrolment that
/// finds room answers within a second, and a burst beyond that is told `503` with
/// `Retry-After` instead of waiting behind it (the queue was unbounded, and a flood of
/// abandoned checks delayed real enrolments by seconds).
pub const PASSWORD_QUEUE: usize = 32;

/// What `503 Busy` asks a client to wait before trying again: long enough for a full
/// queue to drain ([`PASSWORD_QUEUE`] × 40 ms / 2 threads < 1 s), short enough that a
/// person at the enrolment screen barely notices.
pub const BUSY_RETRY_AFTER: Duration = Duration::from_secs(2);

/// The bounds of connections and sign-ins, passed in [`crate::ServeOptions`] (tests
/// shorten them; a city keeps the defaults).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Open connections (plain or TLS), however far along. Beyond it the longest-idle
    /// connection — one with no request in flight, a half-sent head included — is closed
    /// to make room; if every one is busy, a new one waits in the accept queue. 512:
    /// the city's 168 wards and its own offices hold one or two each while they sync,
    /// and the server also needs descriptors for the database and files; it is lowered
    /// further at start to stay under the process's open-file limit (see
    /// [`crate::connections`]).
    pub max_connections: usize,
    /// The TLS handshake, from accept. 10 s: a handshake is two round trips of a few
    /// KiB; even a 3G link with a second of latency finishes in under 3 s.
    pub tls_handshake: Duration,
    /// A request head, from when the connection starts waiting for it: after accept (and
    /// handshake) for the first request, after the previous answer for the next. So it is
    /// also the keep-alive idle timeout. 10 s: a head is under 1 KiB; the laptop's
    /// requests within a round follow each other at once, and rounds are a minute apart,
    /// so a connection kept longer would never be reused anyway.
    pub request_head: Duration,
    /// A whole request body, from when its head arrived. 120 s: the laptop's own timeout
    /// for a whole request; a 4 MiB file chunk at 512 kbit/s takes ~65 s.
    pub request_body: Duration,
    /// Failed sign-ins: delays and lockouts, per account and per address.
    pub sign_in: SignInLimits,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 512,
            tls_handshake: Duration::from_secs(10),
            request_head: Duration::from_secs(10),
            request_body: Duration::from_secs(120),
            sign_in: SignInLimits::default(),
        }
    }
}

/// The largest request body, counted after decompression.
pub const MAX_BODY: usize = 8 * 1024 * 1024;
