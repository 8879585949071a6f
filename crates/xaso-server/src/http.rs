//! The HTTP surface: the endpoints of `xaso_proto`, their errors, and serving them over
//! plain HTTP or HTTPS (rustls).
//!
//! Every request but `/v1/health` must name its protocol version
//! ([`PROTOCOL_HEADER`]); an older or silent client gets `426` and
//! [`ErrorCode::ClientTooOld`]. Bodies may be gzip- or zstd-compressed and are limited to
//! [`MAX_BODY`] *after* decompression, so a small zip bomb is a `413`, not a full memory;
//! an enrolment (no account needed to send one) to [`MAX_ENROLL_BODY`], and a body that
//! does not arrive in time is a `408` ([`crate::connections`]). Enrolments pass the
//! sign-in throttle first ([`crate::throttle`]: `429` with `Retry-After`), and a full
//! password-check queue is a `503` with `Retry-After`.
//! A body that is not the expected JSON is a `400`. Every error answer is an
//! [`ErrorBody`] in Vietnamese and English; internal errors are logged and answered `500`
//! without details. Each request is logged once (method, path, status, latency, device);
//! tokens and passwords never are.
//!
//! The file endpoints ([`crate::blobs`]) share the protocol check and the token, but not
//! the compression layers: their bodies are raw bytes, mostly already-compressed media,
//! and must move as fast as the disk and the network allow.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tracing::Instrument;
use xaso_proto::{
    Account, EnrollRequest, EnrollResponse, ErrorBody, ErrorCode, Health, MAX_BATCH,
    MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION, PullRequest, PullResponse,
    PushRequest, PushResponse,
};

use crate::auth::{self, NoSession, Refusal, Session};
use crate::blobs::{self, BlobStore};
use crate::connections::{self, Transport};
use crate::limits::{BUSY_RETRY_AFTER, Limits, MAX_ENROLL_BODY};
use crate::storage::{Access, Storage, StoreError};
use crate::throttle::{self, SignInLimits};
use crate::{pull, push};

/// The largest request body, counted after decompression.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// What the handlers share: the database, the files, and the sign-in rules.
#[derive(Clone, Debug)]
pub(crate) struct AppState {
    pub(crate) storage: Storage,
    pub(crate) blobs: BlobStore,
    pub(crate) sign_in: SignInLimits,
}

impl FromRef<AppState> for Storage {
    fn from_ref(state: &AppState) -> Storage {
        state.storage.clone()
    }
}

/// The endpoints, ready to serve; files under `blobs`.
pub fn router(storage: Storage, blobs: BlobStore) -> Router {
    router_with(storage, blobs, SignInLimits::default())
}

/// [`router`] with the sign-in rules of [`Limits::sign_in`].
pub fn router_with(storage: Storage, blobs: BlobStore, sign_in: SignInLimits) -> Router {
    // Files: raw bytes both ways, neither compressed nor decompressed.
    let files = Router::new()
        .route("/v1/blobs/{sha}/manifest", put(blobs::put_manifest).get(blobs::get_manifest))
        .route("/v1/blobs/{sha}/chunks/{index}", put(blobs::put_chunk))
        .route("/v1/blobs/{sha}", get(blobs::get_blob))
        .route_layer(middleware::from_fn(require_protocol));
    Router::new()
        .route("/v1/enroll", post(enroll))
        .route("/v1/push", post(push))
        .route("/v1/pull", post(pull))
        .route("/v1/me", get(me))
        .route("/v1/sign-out", post(sign_out))
        .route_layer(middleware::from_fn(require_protocol))
        // Health comes after the protocol layer: any client may ask what we speak.
        .route("/v1/health", get(health))
        .layer(RequestDecompressionLayer::new())
        // The fastest level: on a ward's link the bytes matter, but on the city's side the
        // default level cost three times the CPU for ~35 % fewer bytes (pull benchmark).
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .merge(files)
        .layer(middleware::from_fn(log_request))
        .with_state(AppState { storage, blobs, sign_in })
}

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

    fn too_old() -> Self {
        ApiError::new(
            StatusCode::UPGRADE_REQUIRED,
            ErrorCode::ClientTooOld,
            "Phiên bản ứng dụng đã cũ, vui lòng cập nhật. Các thay đổi chưa đồng bộ vẫn được giữ.",
            "This app is too old for the city server; please update. Unsynced changes are kept.",
        )
    }

    fn unauthorized() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "Thiết bị chưa đăng nhập hoặc đã bị thu hồi; vui lòng đăng nhập lại.",
            "This device is not signed in, or was revoked; please sign in again.",
        )
    }

    /// A token that no longer works, with why and what to do.
    fn no_session(why: NoSession) -> Self {
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

    fn account_disabled() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::AccountDisabled,
            "Quản trị viên thành phố đã khoá tài khoản này: không đăng nhập hay đồng bộ được. Các thay đổi chưa gửi vẫn được giữ trên máy; hãy liên hệ quản trị viên thành phố để mở lại tài khoản.",
            "The city admin disabled this account: it cannot sign in or sync. Unsent changes are kept on this computer; ask the city admin to enable the account.",
        )
    }

    fn bad_credentials() -> Self {
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

    fn too_large(vi: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge, vi, en)
    }

    fn body_too_large(limit: usize) -> Self {
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

    fn body_too_slow() -> Self {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            ErrorCode::BadRequest,
            "Dữ liệu gửi lên quá chậm nên máy chủ đã ngừng chờ; vui lòng thử lại.",
            "The request body came too slowly and the server stopped waiting; please try again.",
        )
    }

    fn too_many_attempts(refused: throttle::Refused) -> Self {
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

    fn busy() -> Self {
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

async fn require_protocol(req: Request, next: Next) -> Response {
    let version = req
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u32>().ok());
    if version.is_none_or(|v| v < MIN_PROTOCOL_VERSION) {
        return ApiError::too_old().into_response();
    }
    // An honest client that announces a huge body is stopped before sending it.
    if content_length(&req).is_some_and(|n| n > MAX_BODY) {
        return ApiError::body_too_large(MAX_BODY).into_response();
    }
    next.run(req).await
}

fn content_length(req: &Request) -> Option<usize> {
    req.headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
}

/// The client's IP address, when served by [`serve`] (a router called directly has none).
pub(crate) struct Peer(pub(crate) Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}

async fn log_request(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        device = tracing::field::Empty,
    );
    let response = next.run(req).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, latency_ms, "answered");
        } else {
            tracing::info!(status, latency_ms, "answered");
        }
    });
    response
}

async fn health() -> Json<Health> {
    Json(Health { protocol: PROTOCOL_VERSION, min_protocol: MIN_PROTOCOL_VERSION })
}

async fn enroll(
    State(state): State<AppState>,
    Peer(address): Peer,
    JsonBody(req): JsonBody<EnrollRequest, MAX_ENROLL_BODY>,
) -> Result<Json<EnrollResponse>, ApiError> {
    let storage = &state.storage;
    // Failed sign-ins slow down, then lock, the name and the address (crate::throttle).
    let attempt = throttle::Attempt::new(&req.user, address);
    if let Err(refused) = throttle::admit(storage, &state.sign_in, &attempt).await? {
        return Err(ApiError::too_many_attempts(refused));
    }
    match auth::enroll(storage, req).await? {
        Ok((token, account)) => {
            throttle::succeeded(storage, &attempt).await?;
            // The device the server made, not the one the laptop named.
            tracing::Span::current().record("device", tracing::field::display(account.device_id));
            Ok(Json(EnrollResponse { token, account }))
        }
        Err(Refusal::BadCredentials) => {
            throttle::failed(storage, &state.sign_in, &attempt).await?;
            Err(ApiError::bad_credentials())
        }
        Err(Refusal::Busy) => Err(ApiError::busy()),
        Err(Refusal::DeviceRevoked) => Err(ApiError::forbidden(
            "Thiết bị này đã bị thu hồi; vui lòng liên hệ quản trị viên thành phố.",
            "This device was revoked; please contact the city admin.",
        )),
        Err(Refusal::AccountDisabled) => Err(ApiError::account_disabled()),
    }
}

async fn push(
    State(storage): State<Storage>,
    Authed(who): Authed,
    JsonBody(req): JsonBody<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if req.ops.len() > MAX_BATCH {
        return Err(ApiError::too_large(
            format!("Mỗi lần gửi tối đa {MAX_BATCH} thay đổi."),
            format!("At most {MAX_BATCH} changes per push."),
        ));
    }
    let ops = req.ops;
    let results = storage
        .run(Access::Write, move |tx| push::push(tx, &who, &ops, chrono::Utc::now()))
        .await?;
    Ok(Json(PushResponse { results, server_ms: Some(now_ms()) }))
}

async fn pull(
    State(storage): State<Storage>,
    Authed(who): Authed,
    JsonBody(req): JsonBody<PullRequest>,
) -> Result<Json<PullResponse>, ApiError> {
    let mut answer = storage.run(Access::Read, move |tx| pull::pull(tx, &who, &req)).await?;
    answer.server_ms = Some(now_ms());
    Ok(Json(answer))
}

/// The server's clock, for laptops to compare theirs with.
fn now_ms() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0)
}

async fn me(Authed(who): Authed) -> Json<Account> {
    Json(who.account())
}

async fn sign_out(
    State(storage): State<Storage>,
    Authed(who): Authed,
) -> Result<StatusCode, ApiError> {
    auth::sign_out(&storage, who.device_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A PEM certificate chain and its private key, for HTTPS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// How to serve.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServeOptions {
    /// HTTPS with these files; plain HTTP when `None`.
    pub tls: Option<TlsFiles>,
    /// The folder of the files (training materials); when `None`,
    /// `xaso-server-blobs` beside the SQLite file, or `./xaso-server-blobs` with
    /// PostgreSQL (see [`crate::blobs::default_blob_dir`]).
    pub blobs: Option<PathBuf>,
    /// Timeouts, the connection cap and the sign-in rules ([`Limits::default`] for a city).
    pub limits: Limits,
}

/// Serves the sync endpoints on `listener` until `shutdown` resolves, then finishes the
/// requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    storage: Storage,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    let blobs = options.blobs.clone().unwrap_or_else(|| storage.default_blob_dir());
    tracing::info!(blobs = %blobs.display(), "files");
    let app = router_with(storage, BlobStore::open(blobs), options.limits.sign_in);
    let transport = match options.tls {
        None => {
            if !addr.ip().is_loopback() {
                tracing::warn!(
                    %addr,
                    "serving plain HTTP on a network address: tokens and passwords cross the \
                     network unencrypted; pass --tls-cert and --tls-key"
                );
            }
            tracing::info!(%addr, "listening (http)");
            Transport::Plain
        }
        Some(tls) => {
            tracing::info!(%addr, "listening (https)");
            Transport::Tls(connections::tls_acceptor(&tls.cert, &tls.key)?)
        }
    };
    connections::run(listener, app, transport, options.limits, shutdown).await
}

/// A server running in the background (tests, benchmarks, the end-to-end suite).
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    tls: bool,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>` (or `https://…` when serving TLS).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Stops accepting, finishes the requests in flight (at most 10 s), and returns.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let Some(task) = self.task.take() else { return Ok(()) };
        let abort = task.abort_handle();
        match tokio::time::timeout(Duration::from_secs(10), task).await {
            Ok(Ok(result)) => result,
            Ok(Err(e)) if e.is_cancelled() => Ok(()),
            Ok(Err(e)) => Err(std::io::Error::other(e)),
            Err(_) => {
                abort.abort();
                Ok(())
            }
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Binds `addr` (port 0 for any free port) and serves plain HTTP in a background task.
pub async fn spawn(storage: Storage, addr: SocketAddr) -> std::io::Result<RunningServer> {
    spawn_with(storage, addr, ServeOptions::default()).await
}

/// [`spawn`] with options (HTTPS, the folder of files).
pub async fn spawn_with(
    storage: Storage,
    addr: SocketAddr,
    options: ServeOptions,
) -> std::io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let tls = options.tls.is_some();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, storage, options, async move {
        let _ = stopped.await;
    }));
    Ok(RunningServer { addr, tls, stop: Some(stop), task: Some(task) })
}
