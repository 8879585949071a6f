#![warn(missing_docs)]
//! The sync protocol between Xã Số clients and the city server: the JSON bodies of every
//! request and answer, and the version they speak.
//!
//! Every request carries [`PROTOCOL_VERSION`] in the [`PROTOCOL_HEADER`] header. A server
//! answers a client older than its [`MIN_PROTOCOL_VERSION`] with `426 Upgrade Required`
//! and an [`ErrorBody`] of code [`ErrorCode::ClientTooOld`]; the client then keeps every
//! unsynced change and asks its user to update.
//!
//! The endpoints (all JSON, bodies may be gzip- or zstd-compressed):
//!
//! | method and path      | body              | answer            | auth         |
//! |----------------------|-------------------|-------------------|--------------|
//! | `POST /v1/enroll`    | [`EnrollRequest`] | [`EnrollResponse`]| user+password|
//! | `POST /v1/push`      | [`PushRequest`]   | [`PushResponse`]  | device token |
//! | `POST /v1/pull`      | [`PullRequest`]   | [`PullResponse`]  | device token |
//! | `GET /v1/me`         |                   | [`Account`]       | device token |
//! | `POST /v1/sign-out`  |                   | `204`             | device token |
//! | `GET /v1/health`     |                   | [`Health`]        | none         |
//!
//! The device token travels as `Authorization: Bearer <token>`.
//!
//! Files (training materials) move by content, in verified chunks: see [`blobs`].

pub mod blobs;
pub mod schema;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use uuid::Uuid;
use xaso_domain::Role;

pub use blobs::{BlobManifest, CHUNK_SIZE, ManifestError, UploadStatus};

/// The protocol this build speaks. Bump it when a body or the meaning of a field changes,
/// or when the set of synced tables and fields (`xaso_domain::sync`) grows.
///
/// 2: training tables (programmes, sessions, materials, quizzes; trainees, attendance,
/// quiz attempts, material openings) and the file endpoints. A version-1 client still
/// syncs: it skips the tables it does not have.
///
/// 3: the server trusts no laptop. Answers carry the server's clock (`server_ms`), pull
/// answers the server's history identity and the last sequence number of every partition
/// read (`history`, `heads`); pull pages are bounded by bytes ([`MAX_PULL_BYTES`]) as well
/// as by count; enrolment assigns the device id (`Account::device_id`); 429 and 503 are
/// answers. Every addition is optional on the wire: a version-2 client still syncs.
///
/// 4: a pull names the changes the device holds already (`PullRequest::held`), and the
/// server leaves them out; a page may then carry no change but a cursor beyond them.
/// Optional on the wire both ways.
pub const PROTOCOL_VERSION: u32 = 4;
/// The oldest client protocol this build's server still serves.
pub const MIN_PROTOCOL_VERSION: u32 = 1;
/// The request header that carries the client's protocol version.
pub const PROTOCOL_HEADER: &str = "x-xaso-protocol";
/// The most changes a client sends in one push, and a server returns in one pull page.
pub const MAX_BATCH: usize = 1000;
/// A pull answer stops adding changes once their values reach this many bytes (at least
/// one change is always sent, and a value is at most `xaso_domain::sync::MAX_ROW_BYTES`),
/// so the memory a pull holds on the server is bounded whatever the rows hold.
pub const MAX_PULL_BYTES: usize = 4 * 1024 * 1024;

/// A device asks for its token with the user's name and password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrollRequest {
    /// The account's name, as the city admin created it.
    pub user: String,
    /// Its password (checked against the stored Argon2 hash; never logged).
    pub password: String,
    /// The id this installation was enrolled under before, if any (nil for a fresh one):
    /// the server refuses a revoked device's re-enrolment by it. The id the device is
    /// enrolled under is the server's, in [`Account::device_id`] of the answer.
    pub device_id: Uuid,
    /// A name people recognise in the device list ("Laptop phòng Văn hóa").
    pub device_name: String,
}

/// The answer to an enrolment: the device's token and who it speaks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// Shown to the device once; the server keeps only its hash.
    pub token: String,
    /// The account and the device id the server gave.
    pub account: Account,
}

/// Who a token speaks for: the role and unit the city granted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// The account's name (what it signs in with).
    pub user: String,
    /// What people call its owner ("Nguyễn Thị Lan").
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// The unit's code for unit roles; `None` for city roles.
    pub unit: Option<String>,
    /// The device's id, assigned by the server at enrolment.
    pub device_id: Uuid,
}

/// One local change, as the outbox recorded it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// The op's own id: sending it again gets the same answer (scoped by account).
    pub op_id: Uuid,
    /// `unit:<code>` or `city`.
    pub partition: String,
    /// A synced table (`xaso_domain::sync::SYNCED_TABLES`).
    pub table: String,
    /// The row's id (a UUID).
    pub row_id: String,
    /// A column, or `*` for a new row (then `value` is the row as an object).
    pub field: String,
    /// The new value of the field (or the whole new row).
    pub value: Json,
    /// The row's version (its partition's sequence number) when the edit was made; 0 for a
    /// row the device had not received from the server.
    pub base_version: i64,
    /// The edit's hybrid logical clock, `xaso_domain::Hlc` as text.
    pub hlc: String,
}

impl Op {
    /// A change with a fresh op id: `field` of the row `row_id` of `table` set to `value`
    /// on top of version `base_version` (`*` and 0 for a new row), stamped `hlc`.
    pub fn new(
        partition: &str,
        table: &str,
        row_id: &str,
        field: &str,
        value: Json,
        base_version: i64,
        hlc: String,
    ) -> Op {
        Op {
            op_id: Uuid::now_v7(),
            partition: partition.to_owned(),
            table: table.to_owned(),
            row_id: row_id.to_owned(),
            field: field.to_owned(),
            value,
            base_version,
            hlc,
        }
    }
}

/// A batch of local changes, oldest first (at most [`MAX_BATCH`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The changes, in the order the device made them.
    pub ops: Vec<Op>,
}

/// The answer to a push: one result per op, in the order sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    /// One answer per op sent.
    pub results: Vec<OpResult>,
    /// The server's clock when it answered (ms since the Unix epoch); absent from servers
    /// before protocol 3. A laptop compares it with its own to say when its clock is wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_ms: Option<u64>,
}

/// The answer to one op.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpResult {
    /// The op answered.
    pub op_id: Uuid,
    /// What the server did with it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What the server did with one op. Pushing the same op again gets the same answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored as the field's value, as change `seq` of its partition.
    Applied {
        /// Its sequence number in the partition.
        seq: i64,
    },
    /// The field had been changed concurrently (from the same base) by another device.
    /// `value` is the value every replica keeps (this op's or the other); the one not
    /// kept is recorded in conflict row `conflict_id`, which pulls bring to every replica.
    Conflict {
        /// The value every replica keeps.
        value: Json,
        /// The conflict row that records the value not kept.
        conflict_id: Uuid,
    },
    /// Not stored, and never will be: the reason says why, to the person who made it.
    /// `current` is what the field holds on the server, when the account may read the
    /// row: the client shows it again instead of the refused value (a pull would not, the
    /// field having been shielded by the pending op). Absent for a new row (`*`), for a
    /// row the account may not read, and from servers before it was added.
    Rejected {
        /// Why, in words, for the person who made the change.
        reason: Reason,
        /// What the field holds on the server, when the account may read it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        current: Option<Current>,
    },
}

/// A field's value on the server (a wrapper, so that a JSON `null` value is not read as
/// "no value").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Current {
    /// The value (possibly `null`).
    pub value: Json,
}

/// Why an op was rejected, in both languages, with a stable code for programs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// A stable code (`forbidden`, `bad_value`, …).
    pub code: String,
    /// The reason in Vietnamese.
    pub vi: String,
    /// The reason in English.
    pub en: String,
}

impl Reason {
    /// A reason with its code and both texts.
    pub fn new(code: &str, vi: impl Into<String>, en: impl Into<String>) -> Reason {
        Reason { code: code.to_owned(), vi: vi.into(), en: en.into() }
    }
}

/// Asks for what changed since the cursors. Partitions the device has never pulled are
/// simply absent (cursor 0): the server sends every partition the account may read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PullRequest {
    /// Partition → the last sequence number the device applied.
    pub cursors: BTreeMap<String, i64>,
    /// The most changes wanted in this answer (at most [`MAX_BATCH`]).
    pub limit: u32,
    /// Changes this device holds already, by partition: inclusive `(first, last)` ranges
    /// of sequence numbers, in order, of its own changes as the answers to its pushes
    /// numbered them. The server leaves out of the pages those it stored exactly as this
    /// device sent them (a page's `cursor` still moves past them), so a laptop's first
    /// push of 10 000 rows is not sent back to it. Absent from older clients; ignored by
    /// older servers, which send everything as before.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub held: BTreeMap<String, Vec<(i64, i64)>>,
}

/// The answer to a pull: pages of changes, and what the laptop needs to notice a
/// rolled-back server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Only partitions with changes after the cursor sent.
    pub pages: Vec<Page>,
    /// More changes wait: pull again.
    pub more: bool,
    /// The server's clock when it answered (ms since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_ms: Option<u64>,
    /// The identity of the server's history: it changes when that history is rolled back
    /// (a restore from a backup). A laptop that sees a new one reconciles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Uuid>,
    /// The last sequence number of every partition the account reads (those with none
    /// yet are absent). A cursor beyond its partition's head means the server lost
    /// changes this laptop had: it reconciles.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub heads: BTreeMap<String, i64>,
}

/// Changes of one partition, in sequence order; apply them and set the partition's cursor
/// to `cursor` in one transaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// `unit:<code>` or `city`.
    pub partition: String,
    /// Its changes after the cursor, in order (held ones left out).
    pub changes: Vec<Change>,
    /// The partition's cursor after this page (past held changes too).
    pub cursor: i64,
}

/// One stored change, as every replica of its partition applies it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Its sequence number in the partition.
    pub seq: i64,
    /// The synced table.
    pub table: String,
    /// The row's id.
    pub row_id: String,
    /// A column, or `*` for a whole new row.
    pub field: String,
    /// The field's value (or the new row as an object).
    pub value: Json,
    /// The edit's hybrid logical clock, as text.
    pub hlc: String,
    /// The device that made it (nil for the server's own changes).
    pub device_id: Uuid,
    /// The display name of who made it.
    pub actor: String,
}

/// `GET /v1/health`: which protocol versions the server speaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Its own protocol version.
    pub protocol: u32,
    /// The oldest client protocol it still serves.
    pub min_protocol: u32,
}

/// The body of every error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What a program branches on.
    pub code: ErrorCode,
    /// What a person reads, in Vietnamese.
    pub vi: String,
    /// The same in English.
    pub en: String,
}

/// The stable codes of error answers (with the HTTP status each comes with).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 426: update the app; unsynced changes are kept.
    ClientTooOld,
    /// 401: wrong user name or password.
    BadCredentials,
    /// 401: no token, an unknown token, or a revoked one: enroll again.
    Unauthorized,
    /// 403: the account may not do this.
    Forbidden,
    /// 400: the body is not a valid request.
    BadRequest,
    /// 413: the body is too large.
    TooLarge,
    /// 500: the server failed; try again later.
    Internal,
    /// 404: no such thing on the server (a file not published, or not completely).
    NotFound,
    /// 416: the byte range asked for is not in the file.
    RangeNotSatisfiable,
    /// 429: too many failed sign-ins for this account or from this address; wait (the
    /// answer's `Retry-After`) or ask the city admin to lift the lock.
    TooManyAttempts,
    /// 503: the server is busy (its password checks are all taken); try again after the
    /// answer's `Retry-After`.
    Busy,
    /// 403: the account was disabled by the city admin.
    AccountDisabled,
}

impl ErrorBody {
    /// An error body with its code and both texts.
    pub fn new(code: ErrorCode, vi: impl Into<String>, en: impl Into<String>) -> ErrorBody {
        ErrorBody { code, vi: vi.into(), en: en.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_read_as_documented() {
        let id = Uuid::nil();
        let applied = OpResult { op_id: id, outcome: Outcome::Applied { seq: 7 } };
        let text = serde_json::to_string(&applied).unwrap();
        assert_eq!(
            text,
            r#"{"op_id":"00000000-0000-0000-0000-000000000000","outcome":"applied","seq":7}"#
        );
        assert_eq!(serde_json::from_str::<OpResult>(&text).unwrap(), applied);
        let rejected = OpResult {
            op_id: id,
            outcome: Outcome::Rejected {
                reason: Reason::new("forbidden", "Không được", "No"),
                current: None,
            },
        };
        let text = serde_json::to_string(&rejected).unwrap();
        assert!(!text.contains("current"), "{text}");
        assert_eq!(serde_json::from_str::<OpResult>(&text).unwrap(), rejected);
        // With the server's value, a null one included.
        for value in [serde_json::json!("submitted"), Json::Null] {
            let with = OpResult {
                op_id: id,
                outcome: Outcome::Rejected {
                    reason: Reason::new("transition", "Không được", "No"),
                    current: Some(Current { value }),
                },
            };
            let text = serde_json::to_string(&with).unwrap();
            assert_eq!(serde_json::from_str::<OpResult>(&text).unwrap(), with, "{text}");
        }
    }

    #[test]
    fn error_codes_are_snake_case_on_the_wire() {
        let body = ErrorBody::new(ErrorCode::ClientTooOld, "Cập nhật", "Update");
        let text = serde_json::to_string(&body).unwrap();
        assert!(text.contains(r#""code":"client_too_old""#), "{text}");
    }
}
