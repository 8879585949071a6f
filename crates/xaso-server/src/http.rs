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

use axum::extract::{ConnectInfo, FromRef, FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tracing::Instrument;
use xaso_proto::{
    Account, EnrollRequest, EnrollResponse, Health, MAX_BATCH, MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER, PROTOCOL_VERSION, PullRequest, PullResponse, PushRequest, PushResponse,
};

use crate::auth::{self, Refusal};
use crate::blobs::{self, BlobStore};
use crate::connections::{self, Transport};
use crate::extract::content_length;
pub(crate) use crate::extract::{ApiError, Authed, JsonBody};
use crate::limits::{Limits, MAX_ENROLL_BODY};
use crate::storage::{Access, Storage};
use crate::throttle::{self, SignInLimits};
use crate::{pull, push};

pub use crate::limits::MAX_BODY;

/// What the handlers share: the database, the files, and the sign-in rules.
#[derive(Clone, Debug)]
pub(crate) struct AppState {
    pub(crate) storage: Storage,
    pub(crate) blobs: BlobStore,
    pub(crate) sign_in: SignInLimits,
}

impl FromRef<AppState> for BlobStore {
    fn from_ref(state: &AppState) -> BlobStore {
        state.blobs.clone()
    }
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
