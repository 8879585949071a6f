//! The city server as the engine sees it: six calls, and what can go wrong with them.
//!
//! A trait so the engine can be tested against an in-memory server and so the app can
//! hold any implementation as `Arc<dyn Remote>`; [`crate::HttpRemote`] is the real one.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use xaso_proto::{
    Account, EnrollRequest, EnrollResponse, ErrorBody, ErrorCode, Health, PullRequest,
    PullResponse, PushRequest, PushResponse,
};
use xaso_store::sync::DeviceToken;

/// A boxed future: what an object-safe async method returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The endpoints of `xaso_proto`, one method each. The token is passed per call: the
/// engine reads it from the database each round, so enrolling again or signing out takes
/// effect without rebuilding the remote.
pub trait Remote: Send + Sync + fmt::Debug {
    /// `GET /v1/health` (no token): is the server there, and which protocols it serves.
    fn health(&self) -> BoxFuture<'_, Result<Health, RemoteError>>;
    fn enroll<'a>(
        &'a self,
        request: &'a EnrollRequest,
    ) -> BoxFuture<'a, Result<EnrollResponse, RemoteError>>;
    fn me<'a>(&'a self, token: &'a DeviceToken) -> BoxFuture<'a, Result<Account, RemoteError>>;
    fn push<'a>(
        &'a self,
        token: &'a DeviceToken,
        request: &'a PushRequest,
    ) -> BoxFuture<'a, Result<PushResponse, RemoteError>>;
    fn pull<'a>(
        &'a self,
        token: &'a DeviceToken,
        request: &'a PullRequest,
    ) -> BoxFuture<'a, Result<PullResponse, RemoteError>>;
    fn sign_out<'a>(&'a self, token: &'a DeviceToken) -> BoxFuture<'a, Result<(), RemoteError>>;
}

/// Why a call to the server did not give an answer to use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemoteError {
    /// The server could not be reached (no network, refused, timed out, TLS failed).
    #[error("the city server cannot be reached: {0}")]
    Offline(String),
    /// 426: this app is too old for the server. Unsynced changes are kept.
    #[error("this version of Xã Số is too old for the city server: {}", .0.en)]
    ClientTooOld(ErrorBody),
    /// 401: wrong user or password (enrolling), or a token unknown or revoked.
    #[error("not authorized: {}", .0.en)]
    Unauthorized(ErrorBody),
    /// 403: the account may not do this; code `account_disabled`: the city admin disabled
    /// the account ([`RemoteError::is_account_disabled`]).
    #[error("forbidden: {}", .0.en)]
    Forbidden(ErrorBody),
    /// 400 or 413: the server could not read what was sent.
    #[error("the server refused the request: {}", .0.en)]
    BadRequest(ErrorBody),
    /// 429: too many failed sign-ins for this account name or from this address; wait
    /// (the server's `Retry-After`, when it gave one) or ask the city admin to unlock it.
    #[error("too many failed sign-ins: {}", .0.en)]
    TooManyAttempts(ErrorBody, Option<Duration>),
    /// 503: the server is busy; try again after its `Retry-After`.
    #[error("the city server is busy: {}", .0.en)]
    Busy(ErrorBody, Option<Duration>),
    /// The server answered with a redirect to another origin (or, for enrolment, to
    /// anywhere), which is not followed: where it pointed.
    #[error("the city server redirected to {0}, which is not followed")]
    Redirected(String),
    /// Any other answer, or one that could not be read: status and what came with it.
    #[error("the city server failed (HTTP {0}): {1}")]
    Server(u16, String),
}

/// Why a server could not be reached ([`RemoteError::unreachable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// The name does not resolve (a typo, no network, no DNS).
    Dns,
    /// Nothing listens there (the server is not running, a wrong port).
    Refused,
    /// No answer in time.
    Timeout,
    /// The secure connection failed (certificate, or https:// to a plain server).
    Tls,
    /// Anything else (the connection broke).
    Other,
}

/// What the UI shows for an error: a stable code to branch on, and the message in
/// Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub code: String,
    pub vi: String,
    pub en: String,
}

impl Message {
    pub fn new(code: &str, vi: impl Into<String>, en: impl Into<String>) -> Message {
        Message { code: code.to_owned(), vi: vi.into(), en: en.into() }
    }
}

fn code_name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::ClientTooOld => "client_too_old",
        ErrorCode::BadCredentials => "bad_credentials",
        ErrorCode::Unauthorized => "unauthorized",
        ErrorCode::Forbidden => "forbidden",
        ErrorCode::BadRequest => "bad_request",
        ErrorCode::TooLarge => "too_large",
        ErrorCode::Internal => "internal",
        ErrorCode::NotFound => "not_found",
        ErrorCode::RangeNotSatisfiable => "range_not_satisfiable",
        ErrorCode::TooManyAttempts => "too_many_attempts",
        ErrorCode::Busy => "busy",
        ErrorCode::AccountDisabled => "account_disabled",
    }
}

/// The server's own words if it sent any, else ours.
fn from_body(body: &ErrorBody, vi: &str, en: &str) -> Message {
    let pick = |theirs: &str, ours: &str| {
        if theirs.trim().is_empty() { ours.to_owned() } else { theirs.to_owned() }
    };
    Message::new(code_name(body.code), pick(&body.vi, vi), pick(&body.en, en))
}

impl RemoteError {
    /// How long the server asked to wait before trying again (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            RemoteError::TooManyAttempts(_, after) | RemoteError::Busy(_, after) => *after,
            _ => None,
        }
    }

    /// The same error with the server's `Retry-After` (kept by the kinds that use it).
    pub fn with_retry_after(self, after: Option<Duration>) -> RemoteError {
        match self {
            RemoteError::TooManyAttempts(body, _) => RemoteError::TooManyAttempts(body, after),
            RemoteError::Busy(body, _) => RemoteError::Busy(body, after),
            other => other,
        }
    }

    /// The city admin disabled the account: only a person can help (the admin enables it,
    /// then the laptop enrols again).
    pub fn is_account_disabled(&self) -> bool {
        matches!(self, RemoteError::Forbidden(body) if body.code == ErrorCode::AccountDisabled)
    }

    /// Why the server could not be reached, as far as the error says: what the person
    /// can check differs (the address, the server, the certificate, the network).
    pub fn unreachable(&self) -> Option<Unreachable> {
        let RemoteError::Offline(detail) = self else { return None };
        let d = detail.to_lowercase();
        let any = |words: &[&str]| words.iter().any(|w| d.contains(w));
        Some(
            if any(&[
                "dns error",
                "failed to lookup address",
                "name or service not known",
                "no such host",
                "nodename nor servname",
            ]) {
                Unreachable::Dns
            } else if any(&["connection refused", "actively refused"]) {
                Unreachable::Refused
            } else if any(&["timed out", "timeout", "deadline has elapsed"]) {
                Unreachable::Timeout
            } else if any(&[
                "certificate",
                "tls",
                "handshake",
                "invalidcontenttype",
                "corrupt message",
                "unknownissuer",
            ]) {
                Unreachable::Tls
            } else {
                Unreachable::Other
            },
        )
    }

    /// The message when enrolling: the cause said precisely, since the person is typing
    /// the address and can fix it (a name that does not resolve, nothing listening, a
    /// certificate, no answer, something that is not a Xã Số server). A sync round keeps
    /// the calm "cannot be reached" of [`RemoteError::message`]: being offline is normal.
    pub fn enrolment_message(&self) -> Message {
        match self {
            RemoteError::Offline(_) => match self.unreachable() {
                Some(Unreachable::Dns) => Message::new(
                    "offline_dns",
                    "Không tìm thấy máy chủ theo địa chỉ này: kiểm tra lại địa chỉ (có gõ nhầm không?) và kết nối mạng. Các thay đổi vẫn được lưu trên máy.",
                    "No server is found at this address: check the address (a typo?) and the network. Changes stay on this computer.",
                ),
                Some(Unreachable::Refused) => Message::new(
                    "offline_refused",
                    "Máy ở địa chỉ này từ chối kết nối: máy chủ chưa chạy, hoặc sai cổng. Các thay đổi vẫn được lưu trên máy.",
                    "The computer at this address refused the connection: the server is not running, or the port is wrong. Changes stay on this computer.",
                ),
                Some(Unreachable::Timeout) => Message::new(
                    "offline_timeout",
                    "Máy chủ không trả lời kịp (quá thời gian chờ): mạng chậm hoặc máy chủ bận. Hãy thử lại sau; các thay đổi vẫn được lưu trên máy.",
                    "The server did not answer in time: a slow network or a busy server. Try again later; changes stay on this computer.",
                ),
                Some(Unreachable::Tls) => Message::new(
                    "offline_tls",
                    "Không lập được kết nối bảo mật (TLS) với máy chủ: chứng chỉ không hợp lệ, không được tin cậy, hoặc địa chỉ https:// trỏ tới máy không dùng https. Nếu Sở dùng chứng chỉ riêng, hãy chọn tệp chứng chỉ (CA).",
                    "No secure (TLS) connection with the server: its certificate is invalid or not trusted, or the https:// address points to a server without https. If the city uses its own certificate, choose its CA file.",
                ),
                _ => Message::new(
                    "offline",
                    "Không kết nối được với máy chủ thành phố. Các thay đổi vẫn được lưu trên máy này và sẽ đồng bộ khi kết nối lại.",
                    "The city server cannot be reached. Changes stay on this computer and sync when it is back.",
                ),
            },
            // Something answers, but not as a Xã Số server would: a wrong address or path.
            RemoteError::Server(status @ (404 | 405), _) => Message::new(
                "not_a_city_server",
                format!(
                    "Địa chỉ này có máy trả lời nhưng không phải máy chủ Xã Số (mã {status}): kiểm tra lại địa chỉ máy chủ của Sở."
                ),
                format!(
                    "Something answers at this address, but not a Xã Số server (HTTP {status}): check the city server's address."
                ),
            ),
            other => other.message(),
        }
    }

    pub fn message(&self) -> Message {
        match self {
            RemoteError::Offline(_) => Message::new(
                "offline",
                "Không kết nối được với máy chủ thành phố. Các thay đổi vẫn được lưu trên máy này và sẽ đồng bộ khi kết nối lại.",
                "The city server cannot be reached. Changes stay on this computer and sync when it is back.",
            ),
            RemoteError::ClientTooOld(body) => from_body(
                body,
                "Phiên bản Xã Số này đã cũ, máy chủ thành phố không còn nhận. Hãy cập nhật ứng dụng; các thay đổi chưa đồng bộ vẫn được giữ.",
                "This version of Xã Số is too old for the city server. Please update the app; unsynced changes are kept.",
            ),
            RemoteError::Unauthorized(body) => from_body(
                body,
                "Thiết bị chưa được cấp quyền hoặc đã bị thu hồi. Hãy đăng ký lại thiết bị.",
                "This device is not authorized or was revoked. Please enroll it again.",
            ),
            RemoteError::Forbidden(body) if body.code == ErrorCode::AccountDisabled => from_body(
                body,
                "Quản trị viên thành phố đã khoá tài khoản này: không đăng nhập hay đồng bộ được. Các thay đổi chưa gửi vẫn được giữ trên máy; hãy liên hệ quản trị viên thành phố để mở lại tài khoản.",
                "The city admin disabled this account: it cannot sign in or sync. Unsent changes are kept on this computer; ask the city admin to enable the account.",
            ),
            RemoteError::Forbidden(body) => from_body(
                body,
                "Tài khoản không có quyền thực hiện thao tác này.",
                "The account may not do this.",
            ),
            RemoteError::BadRequest(body) => from_body(
                body,
                "Máy chủ thành phố không đọc được yêu cầu.",
                "The city server could not read the request.",
            ),
            RemoteError::TooManyAttempts(body, after) => from_body(
                body,
                &match after {
                    Some(after) => format!(
                        "Đăng nhập sai quá nhiều lần. Hãy thử lại sau {} giây, hoặc nhờ quản trị viên thành phố mở khóa.",
                        after.as_secs().max(1)
                    ),
                    None => "Đăng nhập sai quá nhiều lần nên đã bị khóa. Hãy nhờ quản trị viên thành phố mở khóa.".into(),
                },
                &match after {
                    Some(after) => format!(
                        "Too many failed sign-ins. Try again in {} s, or ask the city admin to unlock it.",
                        after.as_secs().max(1)
                    ),
                    None => "Too many failed sign-ins: signing in is locked. Ask the city admin to unlock it.".into(),
                },
            ),
            RemoteError::Busy(body, after) => {
                let secs = after.map_or(5, |a| a.as_secs().max(1));
                from_body(
                    body,
                    &format!("Máy chủ thành phố đang bận. Hãy thử lại sau {secs} giây."),
                    &format!("The city server is busy. Try again in {secs} s."),
                )
            }
            RemoteError::Redirected(to) => Message::new(
                "redirect_refused",
                format!(
                    "Máy chủ trả lời bằng lệnh chuyển hướng sang {to}. Xã Số không đi theo: mật khẩu và dữ liệu \
                     chỉ được gửi tới đúng địa chỉ đã nhập. Hãy kiểm tra lại địa chỉ máy chủ (https://, đường dẫn) \
                     hoặc hỏi quản trị viên."
                ),
                format!(
                    "The server answered with a redirect to {to}. Xã Số does not follow it: the password and \
                     the data go only to the address entered. Check the server address (https://, the path) \
                     or ask your administrator."
                ),
            ),
            RemoteError::Server(status, _) => Message::new(
                "server",
                format!("Máy chủ thành phố đang gặp lỗi (mã {status}). Sẽ thử lại sau."),
                format!("The city server failed (HTTP {status}). Will try again later."),
            ),
        }
    }
}
