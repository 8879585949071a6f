//! Open connections: accepting them (plain TCP or TLS), bounding how many there are and
//! how long each may take to say something, and closing them on shutdown.
//!
//! One accept loop serves both HTTP and HTTPS, on hyper's HTTP/1 connection driver, so
//! every bound of [`Limits`] holds for both:
//! - a TLS handshake must finish within `tls_handshake`;
//! - a request head must arrive within `request_head` of when the connection starts
//!   waiting for it (hyper's header-read timer): a slow-loris head is cut off, and so is
//!   a keep-alive connection left idle;
//! - a request body must arrive whole within `request_body` of its head
//!   ([`DeadlineBody`]; the JSON endpoints answer `408`);
//! - at most `max_connections` are open. A new connection over the cap closes the
//!   longest-idle one (no request in flight: a half-sent head, a handshake, a kept-alive
//!   wait); only if every connection is busy with a request does the new one wait, in the
//!   kernel's accept queue, for one to finish. So idle and slow clients can never keep
//!   `/v1/health` or a real request of someone else from being answered. The cap is
//!   lowered at start to stay below the process's open-file limit (with a reserve for the
//!   database and files), and if accepting still fails for lack of descriptors, the
//!   longest-idle connection is closed too.
//!
//! A connection closed to make room may, rarely, have just begun a request (the choice
//! and the request race): its client sees the connection drop and tries again, as after
//! any network error.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http_body_util::BodyExt;
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::{Instant, Sleep};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use crate::limits::Limits;

/// Descriptors kept for what is not a connection: the database (SQLite's file and WAL,
/// or PostgreSQL's sockets), published files being read, logs.
const RESERVED_FDS: u64 = 64;

/// How long to wait for requests in flight once shutdown begins.
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The connection cap for this process: the configured one, lowered to stay under the
/// open-file limit.
fn effective_cap(configured: usize) -> usize {
    #[cfg(unix)]
    {
        if let Ok((soft, _)) =
            nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
        {
            let room = usize::try_from(soft.saturating_sub(RESERVED_FDS)).unwrap_or(usize::MAX);
            if room < configured {
                tracing::warn!(
                    configured,
                    open_file_limit = soft,
                    cap = room.max(1),
                    "the connection cap is lowered to stay under the open-file limit \
                     (raise it with `ulimit -n` or LimitNOFILE=)"
                );
                return room.max(1);
            }
        }
    }
    configured.max(1)
}

/// What the accept loop knows of one open connection.
#[derive(Debug)]
struct Conn {
    /// Requests in flight (HTTP/1: zero or one).
    busy: AtomicUsize,
    /// When it last became idle (accepted, or its last answer sent).
    idle_since: Mutex<Instant>,
    /// Fired to close it to make room.
    evict: CancellationToken,
}

/// The open connections of one server.
#[derive(Debug)]
struct Open {
    cap: usize,
    conns: Mutex<(u64, HashMap<u64, Arc<Conn>>)>,
    /// A connection closed.
    freed: tokio::sync::Notify,
}

/// A connection's place among the open ones; given up when dropped.
struct Slot {
    open: Arc<Open>,
    id: u64,
    conn: Arc<Conn>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.open.conns.lock().unwrap_or_else(PoisonError::into_inner).1.remove(&self.id);
        self.open.freed.notify_waiters();
    }
}

impl Open {
    fn len(&self) -> usize {
        self.conns.lock().unwrap_or_else(PoisonError::into_inner).1.len()
    }

    /// Closes the longest-idle connection; answers whether there was one.
    fn evict_one(conns: &mut HashMap<u64, Arc<Conn>>) -> bool {
        let victim = conns
            .iter()
            .filter(|(_, c)| c.busy.load(Ordering::Acquire) == 0)
            .min_by_key(|(_, c)| *c.idle_since.lock().unwrap_or_else(PoisonError::into_inner))
            .map(|(id, _)| *id);
        let Some(id) = victim else { return false };
        if let Some(conn) = conns.remove(&id) {
            conn.evict.cancel();
        }
        true
    }

    /// A place for a new connection: at once if under the cap, else by closing the
    /// longest-idle one, else once a connection closes.
    async fn admit(self: &Arc<Self>) -> Slot {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            {
                let mut guard = self.conns.lock().unwrap_or_else(PoisonError::into_inner);
                let (next, conns) = &mut *guard;
                if conns.len() < self.cap || Open::evict_one(conns) {
                    let id = *next;
                    *next += 1;
                    let conn = Arc::new(Conn {
                        busy: AtomicUsize::new(0),
                        idle_since: Mutex::new(Instant::now()),
                        evict: CancellationToken::new(),
                    });
                    conns.insert(id, Arc::clone(&conn));
                    return Slot { open: Arc::clone(self), id, conn };
                }
            }
            tracing::debug!(cap = self.cap, "every connection is busy: waiting for one to end");
            freed.await;
        }
    }
}

/// Marks its connection busy while a request is in flight (until its answer's body is
/// sent or dropped).
struct Busy(Arc<Conn>);

impl Busy {
    fn new(conn: &Arc<Conn>) -> Busy {
        conn.busy.fetch_add(1, Ordering::AcqRel);
        Busy(Arc::clone(conn))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        *self.0.idle_since.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now();
        self.0.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// How connections become streams of bytes: as they are, or through TLS.
#[derive(Clone)]
pub(crate) enum Transport {
    Plain,
    Tls(tokio_rustls::TlsAcceptor),
}

/// Accepts on `listener` and serves `app` on every connection until `shutdown` resolves;
/// then stops accepting, lets requests in flight finish (at most [`SHUTDOWN_GRACE`]),
/// and returns.
pub(crate) async fn run(
    listener: tokio::net::TcpListener,
    app: Router,
    transport: Transport,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let open = Arc::new(Open {
        cap: effective_cap(limits.max_connections),
        conns: Mutex::new((0, HashMap::new())),
        freed: tokio::sync::Notify::new(),
    });
    let stopping = CancellationToken::new();
    let limits = Arc::new(limits);
    tokio::pin!(shutdown);
    loop {
        // Accepted first, placed second: room is made (an idle connection closed) only
        // for a connection that is really there.
        let (tcp, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&open, &e).await;
                    continue;
                }
            },
        };
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = open.admit() => slot,
        };
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let transport = transport.clone();
        let limits = Arc::clone(&limits);
        let stopping = stopping.clone();
        tokio::spawn(async move {
            serve_connection(tcp, peer, slot, app, transport, &limits, stopping).await;
        });
    }
    drop(listener);
    stopping.cancel();
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        loop {
            let freed = open.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            if open.len() == 0 {
                return;
            }
            freed.await;
        }
    })
    .await;
    if drained.is_err() {
        tracing::warn!(open = open.len(), "shutdown: connections still open after the grace");
    }
    Ok(())
}

/// An accept that failed: out of descriptors (close the longest-idle connection to make
/// room), or a connection that died in the queue (nothing to do).
async fn accept_failed(open: &Arc<Open>, e: &std::io::Error) {
    // EMFILE (24) and ENFILE (23) on Linux and the BSDs.
    let out_of_files = matches!(e.raw_os_error(), Some(23 | 24));
    if out_of_files {
        let evicted = {
            let mut guard = open.conns.lock().unwrap_or_else(PoisonError::into_inner);
            Open::evict_one(&mut guard.1)
        };
        tracing::warn!(error = %e, evicted, "out of file descriptors while accepting");
        // The evicted connection's task closes its socket once it runs.
        tokio::time::sleep(Duration::from_millis(if evicted { 5 } else { 100 })).await;
    } else {
        tracing::debug!(error = %e, "accept failed");
    }
}

async fn serve_connection(
    tcp: tokio::net::TcpStream,
    peer: SocketAddr,
    slot: Slot,
    app: Router,
    transport: Transport,
    limits: &Limits,
    stopping: CancellationToken,
) {
    let evict = slot.conn.evict.clone();
    match transport {
        Transport::Plain => serve_http(tcp, peer, &slot, app, limits, &evict, &stopping).await,
        Transport::Tls(acceptor) => {
            let handshake = tokio::time::timeout(limits.tls_handshake, acceptor.accept(tcp));
            let stream = tokio::select! {
                () = evict.cancelled() => return,
                () = stopping.cancelled() => return,
                done = handshake => match done {
                    Ok(Ok(stream)) => stream,
                    Ok(Err(e)) => {
                        tracing::debug!(%peer, error = %e, "TLS handshake failed");
                        return;
                    }
                    Err(_) => {
                        tracing::debug!(%peer, "TLS handshake timed out");
                        return;
                    }
                },
            };
            serve_http(stream, peer, &slot, app, limits, &evict, &stopping).await;
        }
    }
    drop(slot);
}

async fn serve_http<S>(
    stream: S,
    peer: SocketAddr,
    slot: &Slot,
    app: Router,
    limits: &Limits,
    evict: &CancellationToken,
    stopping: &CancellationToken,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let conn = Arc::clone(&slot.conn);
    let body_time = limits.request_body;
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let busy = Busy::new(&conn);
        let deadline = Instant::now() + body_time;
        let mut request = request.map(|body| Body::new(DeadlineBody::new(body, deadline)));
        request.extensions_mut().insert(ConnectInfo(peer));
        let app = app.clone();
        async move {
            let Ok(response) = app.oneshot(request).await;
            // The connection stays busy until the answer's body is sent (a file download
            // may outlast the handler by minutes).
            Ok::<_, Infallible>(response.map(|body| {
                Body::new(body.map_frame(move |frame| {
                    let _busy = &busy;
                    frame
                }))
            }))
        }
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.request_head).keep_alive(true);
    let connection = http.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        done = connection.as_mut() => {
            if let Err(e) = done {
                tracing::debug!(%peer, error = %e, "connection ended");
            }
            return;
        }
        // Closed to make room: only idle connections are chosen.
        () = evict.cancelled() => {
            tracing::debug!(%peer, "idle connection closed to make room");
            return;
        }
        () = stopping.cancelled() => connection.as_mut().graceful_shutdown(),
    }
    // Shutting down: the request in flight, if any, finishes; the caller bounds the wait.
    if let Err(e) = connection.await {
        tracing::debug!(%peer, error = %e, "connection ended during shutdown");
    }
}

/// Why a request body could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BodyError {
    #[error("{0}")]
    Read(#[from] hyper::Error),
    #[error("the request body did not arrive in time")]
    TimedOut,
}

/// A request body that must arrive whole before a deadline: a client that trickles it
/// cannot hold its connection (and what was read so far) for longer.
pub(crate) struct DeadlineBody {
    inner: Incoming,
    deadline: Instant,
    /// Made at the first wait only: a body that is already there costs no timer.
    timer: Option<Pin<Box<Sleep>>>,
}

impl DeadlineBody {
    fn new(inner: Incoming, deadline: Instant) -> DeadlineBody {
        DeadlineBody { inner, deadline, timer: None }
    }
}

impl hyper::body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(BodyError::Read)));
        }
        let deadline = this.deadline;
        let timer = this.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(BodyError::TimedOut)));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Whether a body error (as axum and the decompression layer pass it on) is a
/// [`BodyError::TimedOut`].
pub(crate) fn is_body_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(e);
    while let Some(e) = current {
        if matches!(e.downcast_ref::<BodyError>(), Some(BodyError::TimedOut)) {
            return true;
        }
        // An io::Error's `source` skips the error it wraps: look inside it.
        if let Some(inner) = e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref())
            && is_body_timeout(inner)
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// The rustls configuration of a PEM certificate chain and key: HTTP/1.1 only (the
/// laptops speak nothing else).
pub(crate) fn tls_acceptor(
    cert: &std::path::Path,
    key: &std::path::Path,
) -> std::io::Result<tokio_rustls::TlsAcceptor> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let invalid = |what: &std::path::Path, e: &dyn std::fmt::Display| {
        std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", what.display()))
    };
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| invalid(cert, &e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(cert, &e))?;
    let key_der = PrivateKeyDer::from_pem_file(key).map_err(|e| invalid(key, &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(cert, &e))?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(|e| invalid(cert, &e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}
