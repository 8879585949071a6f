//! What every endpoint shares, apart from the routes (`http`) so that the file endpoints
//! (`blobs`) and the row endpoints use it without importing each other: the error answer
//! ([`ApiError`], an [`ErrorBody`] in Vietnamese and English), a bounded JSON body
//! ([`JsonBody`]) and the signed-in device ([`Authed`]).

use std::time::Duration;

use axum::Json;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use xaso_proto::{ErrorBody, ErrorCode};

use crate::auth::{self, NoSession, Session};
use crate::connections;
use crate::limits::{BUSY_RETRY_AFTER, MAX_BODY};
use crate::storage::{Storage, StoreError};
use crate::throttle;

/// An error answer: a status and an [`ErrorBody`], or an internal error that is logged
/// and answered without its details.
#[derive(Debug)]
pub(crate) enum ApiError {
    Status(StatusCode, ErrorBody),
    /// With `Retry-After`, in seconds.
    Retry(StatusCode, ErrorBody, Duration),
    Internal(String),
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        code: ErrorCode,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        ApiError::Status(status, ErrorBody::new(code, vi, en))
    }

    pub(crate) fn too_old() -> Self {
        ApiError::new(
            StatusCode::UPGRADE_REQUIRED,
            ErrorCode::ClientTooOld,
            "Phiên bản ứng dụng đã cũ, vui lòng cập nhật. Các thay đổi chưa đồng bộ vẫn được giữ.",
            "This app is too old for the city server; please update. Unsynced changes are kept.",
        )
    }

    pub(crate) fn unauthorized() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "Thiết bị chưa đăng nhập hoặc đã bị thu hồi; vui lòng đăng nhập lại.",
            "This device is not signed in, or was revoked; please sign in again.",
        )
    }

    /// A token that no longer works, with why and what to do.
    pub(crate) fn no_session(why: NoSession) -> Self {
        use crate::storage::Revocation;
        let (vi, en) = match why {
            NoSession::Unknown => return ApiError::unauthorized(),
            NoSession::AccountDisabled => return ApiError::account_disabled(),
            NoSession::Revoked(Revocation::Device) => (
                "Quản trị viên thành phố đã thu hồi máy này; máy không tự đăng nhập lại được. Các thay đổi chưa gửi vẫn được giữ trên máy; hãy liên hệ quản trị viên thành phố.",
                "The city admin revoked this computer; it cannot sign in again by itself. Unsent changes are kept on it; ask the city admin.",
            ),
            NoSession::Revoked(Revocation::PasswordReset) => (
                "Quản trị viên thành phố đã đặt lại mật khẩu của tài khoản này; hãy đăng nhập lại bằng mật khẩu mới (hỏi quản trị viên thành phố). Các thay đổi chưa gửi vẫn được giữ trên máy.",
                "The city admin reset this account's password; sign in again with the new password (ask the city admin for it). Unsent changes are kept on this computer.",
            ),
            NoSession::Revoked(Revocation::AccountDisabled) => (
                "Tài khoản này đã bị khoá rồi được mở lại; hãy đăng nhập lại. Các thay đổi chưa gửi vẫn được giữ trên máy.",
                "This account was disabled and enabled again; sign in again. Unsent changes are kept on this computer.",
            ),
            NoSession::Revoked(Revocation::Replaced) => (
                "Tài khoản này đã đăng nhập lại trên máy này (hoặc trên một bản sao dữ liệu của nó), nên lần đăng nhập cũ không còn dùng được; hãy đăng nhập lại, hoặc hỏi quản trị viên thành phố.",
                "This account signed in again on this computer (or on a copy of its data), so this older sign-in no longer works; sign in again, or ask the city admin.",
            ),
        };
        ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, vi, en)
    }

    pub(crate) fn account_disabled() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::AccountDisabled,
            "Quản trị viên thành phố đã khoá tài khoản này: không đăng nhập hay đồng bộ được. Các thay đổi chưa gửi vẫn được giữ trên máy; hãy liên hệ quản trị viên thành phố để mở lại tài khoản.",
            "The city admin disabled this account: it cannot sign in or sync. Unsent changes are kept on this computer; ask the city admin to enable the account.",
        )
    }

    pub(crate) fn bad_credentials() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::BadCredentials,
            "Sai tên đăng nhập hoặc mật khẩu.",
            "Wrong user name or password.",
        )
    }

    pub(crate) fn forbidden(vi: &str, en: &str) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, vi, en)
    }

    pub(crate) fn bad_request(detail: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            format!("Yêu cầu không hợp lệ: {detail}"),
            format!("The request is not valid: {detail}"),
        )
    }

    pub(crate) fn too_large(vi: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge, vi, en)
    }

    pub(crate) fn body_too_large(limit: usize) -> Self {
        let size = if limit >= 1 << 20 {
            format!("{} MiB", limit >> 20)
        } else {
            format!("{} KiB", limit >> 10)
        };
        ApiError::too_large(
            format!("Dữ liệu gửi lên quá lớn (tối đa {size})."),
            format!("The request body is too large (at most {size})."),
        )
    }

    pub(crate) fn body_too_slow() -> Self {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            ErrorCode::BadRequest,
            "Dữ liệu gửi lên quá chậm nên máy chủ đã ngừng chờ; vui lòng thử lại.",
            "The request body came too slowly and the server stopped waiting; please try again.",
        )
    }

    pub(crate) fn too_many_attempts(refused: throttle::Refused) -> Self {
        let body = |vi: String, en: String| ErrorBody::new(ErrorCode::TooManyAttempts, vi, en);
        match refused {
            throttle::Refused::Wait(wait) => {
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                ApiError::Retry(
                    StatusCode::TOO_MANY_REQUESTS,
                    body(
                        format!("Đăng nhập sai quá nhiều lần; vui lòng thử lại sau {secs} giây."),
                        format!("Too many failed sign-ins; please try again in {secs} s."),
                    ),
                    Duration::from_secs(secs),
                )
            }
            throttle::Refused::Locked => ApiError::Status(
                StatusCode::TOO_MANY_REQUESTS,
                body(
                    "Đăng nhập sai quá nhiều lần nên đã bị khóa; vui lòng liên hệ quản trị viên \
                     thành phố để mở khóa."
                        .into(),
                    "Too many failed sign-ins: signing in is locked; please ask the city admin \
                     to unlock it."
                        .into(),
                ),
            ),
        }
    }

    pub(crate) fn busy() -> Self {
        let secs = BUSY_RETRY_AFTER.as_secs();
        ApiError::Retry(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorBody::new(
                ErrorCode::Busy,
                format!("Máy chủ đang bận; vui lòng thử lại sau {secs} giây."),
                format!("The server is busy; please try again in {secs} s."),
            ),
            BUSY_RETRY_AFTER,
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Status(status, body) => (status, Json(body)).into_response(),
            ApiError::Retry(status, body, after) => {
                let after = after.as_secs().max(1).to_string();
                (status, [(header::RETRY_AFTER, after)], Json(body)).into_response()
            }
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                let body = ErrorBody::new(
                    ErrorCode::Internal,
                    "Máy chủ gặp lỗi; vui lòng thử lại sau.",
                    "The server failed; please try again later.",
                );
                (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
            }
        }
    }
}

/// A JSON body, read (decompressed) up to `LIMIT` bytes ([`MAX_BODY`] unless said);
/// anything else is an [`ApiError`] with an [`ErrorBody`], not axum's plain-text
/// rejection.
pub(crate) struct JsonBody<T, const LIMIT: usize = MAX_BODY>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned, const LIMIT: usize> FromRequest<S>
    for JsonBody<T, LIMIT>
{
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        // An honest client that announces a body over the limit is stopped before sending
        // it.
        if content_length(&req).is_some_and(|n| n > LIMIT) {
            return Err(ApiError::body_too_large(LIMIT));
        }
        let mut body = req.into_body();
        let mut bytes = Vec::new();
        let mut too_large = false;
        let mut drained = 0;
        while let Some(frame) = body.frame().await {
            let Ok(data) = frame.map_err(bad_body(too_large, LIMIT))?.into_data() else { continue };
            if too_large {
                // Read on (up to a bound) rather than close on an unread body: a client
                // still sending would see the connection reset instead of our answer.
                drained += data.len();
                if drained > MAX_DRAIN {
                    break;
                }
            } else if bytes.len() + data.len() > LIMIT {
                too_large = true;
                bytes = Vec::new();
            } else {
                bytes.extend_from_slice(&data);
            }
        }
        if too_large {
            return Err(ApiError::body_too_large(LIMIT));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(ApiError::bad_request)
    }
}

/// How much of an oversized body is read (decompressed) and thrown away before answering.
const MAX_DRAIN: usize = 64 * 1024 * 1024;

/// The answer to a body that cannot be read (a broken compressed stream, a dropped
/// connection, one too slow).
fn bad_body(too_large: bool, limit: usize) -> impl Fn(axum::Error) -> ApiError {
    move |e| {
        if too_large {
            ApiError::body_too_large(limit)
        } else if connections::is_body_timeout(&e) {
            ApiError::body_too_slow()
        } else {
            ApiError::bad_request(format!("the body cannot be read ({e})"))
        }
    }
}

/// The session of the request's bearer token; `401` without a valid one.
pub(crate) struct Authed(pub(crate) Session);

impl<S: Send + Sync> FromRequestParts<S> for Authed
where
    Storage: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let storage = &Storage::from_ref(state);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthorized)?;
        let session = auth::session(storage, token).await?.map_err(ApiError::no_session)?;
        tracing::Span::current().record("device", tracing::field::display(session.device_id));
        Ok(Authed(session))
    }
}

pub(crate) fn content_length(req: &Request) -> Option<usize> {
    req.headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
}
