//! [`HttpRemote`]: the city server over HTTPS (reqwest with rustls).
//!
//! Every request carries the protocol version; bodies go gzip-compressed and answers may
//! come compressed. Certificates are checked against the Mozilla roots (webpki-roots)
//! plus, if configured, the city's own certificate authority. The token is sent as a
//! bearer header that reqwest marks sensitive, and this module never logs it.
//!
//! Where requests may go (decisions):
//! - **No redirect leaves the server's origin** (scheme, host and port of the configured
//!   URL), and enrolment follows none at all: a redirect answered to a `POST` can make a
//!   client send the body again to wherever it points, and the enrolment body is the
//!   person's password. A refused redirect is [`RemoteError::Redirected`].
//! - **Plain `http://` only to this computer** (127.0.0.0/8, `::1`, `localhost`), where
//!   no one else is on the wire, unless the person confirmed it
//!   ([`ServerConfig::allow_insecure_http`], kept with the sync settings).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};
use reqwest::{Method, StatusCode, Url, redirect};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xaso_proto::{
    Account, EnrollRequest, EnrollResponse, ErrorBody, ErrorCode, Health, PROTOCOL_HEADER,
    PROTOCOL_VERSION, PullRequest, PullResponse, PushRequest, PushResponse,
};
use xaso_store::sync::DeviceToken;

use crate::remote::{BoxFuture, Message, Remote, RemoteError};

/// Where the city server is and which extra CA to trust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerConfig {
    /// `https://…` (or `http://…` on a test machine); paths `/v1/…` are appended.
    pub url: String,
    /// A PEM file of certificate authorities trusted besides the usual ones.
    pub ca_pem: Option<PathBuf>,
    /// The person confirmed a plain `http://` server that is not this computer (the
    /// password and the data then cross the network unencrypted).
    #[serde(default)]
    pub allow_insecure_http: bool,
}

impl ServerConfig {
    /// An address, with neither a CA nor plain HTTP allowed beyond this computer.
    pub fn new(url: impl Into<String>) -> ServerConfig {
        ServerConfig { url: url.into(), ca_pem: None, allow_insecure_http: false }
    }
}

/// Why an [`HttpRemote`] could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("not a server address: {0:?}")]
    BadUrl(String),
    /// `http://` to another computer, not confirmed by the person.
    #[error("{0} is plain http:// to another computer; use https:// or allow it explicitly")]
    InsecureHttp(String),
    #[error("cannot read the certificate file {0}: {1}")]
    CaFile(PathBuf, #[source] std::io::Error),
    #[error("the certificate file {0} holds no usable certificate")]
    NoCertificate(PathBuf),
    #[error("cannot set up HTTPS: {0}")]
    Tls(String),
}

impl ConfigError {
    pub fn message(&self) -> Message {
        match self {
            ConfigError::BadUrl(url) => Message::new(
                "bad_server_url",
                format!("Địa chỉ máy chủ không hợp lệ: {url}"),
                format!("Not a valid server address: {url}"),
            ),
            ConfigError::InsecureHttp(url) => Message::new(
                "insecure_http",
                format!(
                    "{url} dùng http:// không mã hóa tới một máy khác: mật khẩu và dữ liệu có thể bị đọc trộm trên đường truyền. \
                     Hãy dùng địa chỉ https://, hoặc đánh dấu ô «Cho phép kết nối không mã hóa» \
                     (lệnh xaso: --allow-insecure-http) nếu quản trị viên yêu cầu."
                ),
                format!(
                    "{url} is plain http:// to another computer: the password and the data could be read on the way. \
                     Use an https:// address, or tick «Allow an unencrypted connection» \
                     (xaso command: --allow-insecure-http) if your administrator says so."
                ),
            ),
            ConfigError::CaFile(path, _) | ConfigError::NoCertificate(path) => Message::new(
                "bad_ca_file",
                format!("Không đọc được tệp chứng chỉ {}", path.display()),
                format!("Cannot read the certificate file {}", path.display()),
            ),
            ConfigError::Tls(e) => Message::new(
                "tls",
                "Không thiết lập được kết nối bảo mật.",
                format!("Cannot set up a secure connection: {e}"),
            ),
        }
    }
}

/// How long to wait for the server to accept a connection, and for a whole answer (a
/// pull page of [`xaso_proto::MAX_BATCH`] changes on a slow ward connection).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// How much of an unexpected answer is kept for the error message.
const BODY_EXCERPT: usize = 300;

#[derive(Debug, Clone)]
pub struct HttpRemote {
    client: reqwest::Client,
    base: Url,
}

impl HttpRemote {
    pub fn new(config: &ServerConfig) -> Result<HttpRemote, ConfigError> {
        let (builder, base) = client_builder(config)?;
        let client = builder
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| ConfigError::Tls(e.to_string()))?;
        Ok(HttpRemote { client, base })
    }

    async fn call<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&DeviceToken>,
        body: Option<&(dyn ErasedBody + Sync)>,
    ) -> Result<R, RemoteError> {
        let (status, bytes) = self.send(method, path, token, body).await?;
        serde_json::from_slice(&bytes)
            .map_err(|e| RemoteError::Server(status.as_u16(), format!("unreadable answer: {e}")))
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&DeviceToken>,
        body: Option<&(dyn ErasedBody + Sync)>,
    ) -> Result<(StatusCode, Vec<u8>), RemoteError> {
        let url = self
            .base
            .join(path)
            .map_err(|e| RemoteError::Server(0, format!("bad path {path}: {e}")))?;
        let mut request =
            self.client.request(method, url).header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
        if let Some(token) = token {
            request = request.bearer_auth(token.expose());
        }
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .header(CONTENT_ENCODING, "gzip")
                .body(body.gzipped_json().map_err(|e| RemoteError::Server(0, e))?);
        }
        let response = request.send().await.map_err(offline)?;
        let status = response.status();
        let wait = retry_after(response.headers());
        let bytes = response.bytes().await.map_err(offline)?.to_vec();
        if status.is_success() {
            Ok((status, bytes))
        } else {
            Err(error_for(status, &bytes).with_retry_after(wait))
        }
    }
}

/// The server's base URL (ending in `/`) and a client builder with what every client of
/// it needs: the TLS roots and CA, the connect timeout, the user agent, the redirect
/// policy. Callers add their own timeouts (and, for files, turn compression off).
pub(crate) fn client_builder(
    config: &ServerConfig,
) -> Result<(reqwest::ClientBuilder, Url), ConfigError> {
    let mut base =
        Url::parse(config.url.trim()).map_err(|_| ConfigError::BadUrl(config.url.clone()))?;
    if !matches!(base.scheme(), "https" | "http") || base.host().is_none() {
        return Err(ConfigError::BadUrl(config.url.clone()));
    }
    if base.scheme() == "http" && !is_loopback(&base) && !config.allow_insecure_http {
        return Err(ConfigError::InsecureHttp(config.url.trim().to_owned()));
    }
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    let tls = tls_config(config.ca_pem.as_ref())?;
    let enroll = base.join(ENROLL_PATH).map_err(|_| ConfigError::BadUrl(config.url.clone()))?;
    let builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(redirect_policy(base.origin(), enroll))
        .user_agent(concat!("xaso/", env!("CARGO_PKG_VERSION")));
    Ok((builder, base))
}

const ENROLL_PATH: &str = "v1/enroll";
/// Redirects followed within the server's origin before giving up.
const MAX_REDIRECTS: usize = 5;

/// 127.0.0.0/8, `::1` or `localhost`: this computer, where plain HTTP crosses no network.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.strip_suffix('.').unwrap_or(name);
            name.eq_ignore_ascii_case("localhost")
        }
        None => false,
    }
}

/// A redirect this client does not follow (see the module doc).
#[derive(Debug, thiserror::Error)]
#[error("refused to follow a redirect to {0}")]
struct RedirectRefused(String);

fn redirect_policy(origin: url::Origin, enroll: Url) -> redirect::Policy {
    redirect::Policy::custom(move |attempt| {
        let refuse = attempt.previous().first() == Some(&enroll)
            || attempt.url().origin() != origin
            || attempt.previous().len() > MAX_REDIRECTS;
        if refuse {
            let to = attempt.url().to_string();
            tracing::warn!(to = %to, "refused a redirect from the city server");
            attempt.error(RedirectRefused(to))
        } else {
            attempt.follow()
        }
    })
}

/// A request body: serialised to JSON, then gzip-compressed.
trait ErasedBody {
    fn gzipped_json(&self) -> Result<Vec<u8>, String>;
}

impl<T: Serialize> ErasedBody for T {
    fn gzipped_json(&self) -> Result<Vec<u8>, String> {
        let json = serde_json::to_vec(self).map_err(|e| e.to_string())?;
        gzip(&json).map_err(|e| e.to_string())
    }
}

pub(crate) fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4 + 64), Compression::fast());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// The roots every HTTPS client trusts, plus the configured CA. The crypto provider is
/// named here rather than taken from the process default, so another crate enabling a
/// different one cannot make this fail.
fn tls_config(ca_pem: Option<&PathBuf>) -> Result<rustls::ClientConfig, ConfigError> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    if let Some(path) = ca_pem {
        let pem = std::fs::read(path).map_err(|e| ConfigError::CaFile(path.clone(), e))?;
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|_| ConfigError::NoCertificate(path.clone()))?;
            roots.add(cert).map_err(|_| ConfigError::NoCertificate(path.clone()))?;
            added += 1;
        }
        if added == 0 {
            return Err(ConfigError::NoCertificate(path.clone()));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ConfigError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// A request that got no answer: the server is out of reach (or the connection broke),
/// or it answered with a redirect this client does not follow.
pub(crate) fn offline(e: reqwest::Error) -> RemoteError {
    if e.is_redirect() {
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            if let Some(refused) = s.downcast_ref::<RedirectRefused>() {
                return RemoteError::Redirected(refused.0.clone());
            }
            source = s.source();
        }
        return RemoteError::Redirected(e.url().map(ToString::to_string).unwrap_or_default());
    }
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    RemoteError::Offline(detail)
}

/// An error answer, by status, with the server's [`ErrorBody`] when it sent one.
pub(crate) fn error_for(status: StatusCode, bytes: &[u8]) -> RemoteError {
    let parsed: Option<ErrorBody> = serde_json::from_slice(bytes).ok();
    let body = |code, en: &str| {
        parsed.clone().unwrap_or_else(|| ErrorBody::new(code, String::new(), en.to_owned()))
    };
    if parsed.as_ref().is_some_and(|b| b.code == ErrorCode::ClientTooOld) {
        return RemoteError::ClientTooOld(body(ErrorCode::ClientTooOld, ""));
    }
    match status {
        StatusCode::UPGRADE_REQUIRED => {
            RemoteError::ClientTooOld(body(ErrorCode::ClientTooOld, "upgrade required"))
        }
        StatusCode::UNAUTHORIZED => {
            RemoteError::Unauthorized(body(ErrorCode::Unauthorized, "unauthorized"))
        }
        StatusCode::FORBIDDEN => RemoteError::Forbidden(body(ErrorCode::Forbidden, "forbidden")),
        StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE => {
            RemoteError::BadRequest(body(ErrorCode::BadRequest, "bad request"))
        }
        // Without the server's words (a proxy's bare 429/503), ours in both languages.
        StatusCode::TOO_MANY_REQUESTS => {
            RemoteError::TooManyAttempts(body(ErrorCode::TooManyAttempts, ""), None)
        }
        StatusCode::SERVICE_UNAVAILABLE => RemoteError::Busy(body(ErrorCode::Busy, ""), None),
        _ => {
            let text = String::from_utf8_lossy(bytes);
            let excerpt: String = text.chars().take(BODY_EXCERPT).collect();
            RemoteError::Server(status.as_u16(), excerpt)
        }
    }
}

/// `Retry-After` in seconds (the server never sends the date form), bounded to an hour so
/// a wrong header cannot park the laptop.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let secs =
        headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim().parse::<u64>().ok()?;
    Some(Duration::from_secs(secs.min(3600)))
}

impl Remote for HttpRemote {
    fn health(&self) -> BoxFuture<'_, Result<Health, RemoteError>> {
        Box::pin(self.call(Method::GET, "v1/health", None, None))
    }

    fn enroll<'a>(
        &'a self,
        request: &'a EnrollRequest,
    ) -> BoxFuture<'a, Result<EnrollResponse, RemoteError>> {
        Box::pin(self.call(Method::POST, ENROLL_PATH, None, Some(request)))
    }

    fn me<'a>(&'a self, token: &'a DeviceToken) -> BoxFuture<'a, Result<Account, RemoteError>> {
        Box::pin(self.call(Method::GET, "v1/me", Some(token), None))
    }

    fn push<'a>(
        &'a self,
        token: &'a DeviceToken,
        request: &'a PushRequest,
    ) -> BoxFuture<'a, Result<PushResponse, RemoteError>> {
        Box::pin(self.call(Method::POST, "v1/push", Some(token), Some(request)))
    }

    fn pull<'a>(
        &'a self,
        token: &'a DeviceToken,
        request: &'a PullRequest,
    ) -> BoxFuture<'a, Result<PullResponse, RemoteError>> {
        Box::pin(self.call(Method::POST, "v1/pull", Some(token), Some(request)))
    }

    fn sign_out<'a>(&'a self, token: &'a DeviceToken) -> BoxFuture<'a, Result<(), RemoteError>> {
        Box::pin(async move {
            self.send(Method::POST, "v1/sign-out", Some(token), None).await.map(|_| ())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BlobClient;

    #[test]
    fn error_answers_map_to_what_the_engine_does_next() {
        let too_old =
            serde_json::to_vec(&ErrorBody::new(ErrorCode::ClientTooOld, "Cập nhật", "Update"))
                .unwrap();
        let cases: Vec<(u16, Vec<u8>, &str)> = vec![
            (426, too_old.clone(), "client_too_old"),
            (426, b"".to_vec(), "client_too_old"),
            (400, too_old, "client_too_old"),
            (401, b"{}".to_vec(), "unauthorized"),
            (403, b"".to_vec(), "forbidden"),
            (413, b"".to_vec(), "bad_request"),
            (500, b"boom".to_vec(), "server"),
            (429, b"".to_vec(), "too_many_attempts"),
            (503, b"".to_vec(), "busy"),
            (404, b"".to_vec(), "server"),
        ];
        for (status, body, code) in cases {
            let e = error_for(StatusCode::from_u16(status).unwrap(), &body);
            assert_eq!(e.message().code, code, "{status} {e:?}");
        }
        let e = error_for(StatusCode::UPGRADE_REQUIRED, b"");
        assert!(!e.message().vi.is_empty(), "a message of our own when the server sent none");
        // 429 and 503 say what to do, in our words when the server sent none, and keep
        // the server's Retry-After for the worker.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        let wait = retry_after(&headers);
        assert_eq!(wait, Some(Duration::from_secs(7)));
        let e = error_for(StatusCode::TOO_MANY_REQUESTS, b"").with_retry_after(wait);
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert!(e.message().vi.contains("7 giây"), "{:?}", e.message());
        let locked = error_for(StatusCode::TOO_MANY_REQUESTS, b"");
        assert!(locked.message().en.contains("city admin"), "{:?}", locked.message());
        let busy = error_for(StatusCode::SERVICE_UNAVAILABLE, b"").with_retry_after(wait);
        assert!(busy.message().en.contains("busy"), "{:?}", busy.message());
        headers
            .insert(reqwest::header::RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn bad_addresses_and_ca_files_are_refused_with_a_reason() {
        let config =
            |url: &str, ca: Option<PathBuf>| ServerConfig { ca_pem: ca, ..ServerConfig::new(url) };
        assert!(matches!(HttpRemote::new(&config("xaso.vn", None)), Err(ConfigError::BadUrl(_))));
        assert!(matches!(
            HttpRemote::new(&config("ftp://xaso.vn", None)),
            Err(ConfigError::BadUrl(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.pem");
        assert!(matches!(
            HttpRemote::new(&config("https://xaso.vn", Some(missing))),
            Err(ConfigError::CaFile(..))
        ));
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate").unwrap();
        assert!(matches!(
            HttpRemote::new(&config("https://xaso.vn", Some(empty))),
            Err(ConfigError::NoCertificate(_))
        ));
        let remote = HttpRemote::new(&config("https://xaso.vn/city", None)).unwrap();
        assert_eq!(remote.base.join("v1/push").unwrap().as_str(), "https://xaso.vn/city/v1/push");
    }

    #[test]
    fn bodies_are_gzip() {
        let body = PullRequest::default().gzipped_json().unwrap();
        assert_eq!(&body[..2], &[0x1f, 0x8b], "gzip magic");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut text)
            .unwrap();
        assert_eq!(text, r#"{"cursors":{},"limit":0}"#);
    }

    /// Reads one HTTP/1.1 request off `socket`: its head (in lower case) and its body (as
    /// long as its `content-length` says).
    async fn read_request(socket: &mut tokio::net::TcpStream) -> (String, Vec<u8>) {
        use tokio::io::AsyncReadExt;
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = socket.read(&mut buf).await.unwrap();
            raw.extend_from_slice(&buf[..n]);
            if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                let mut body = raw.split_off(end + 4);
                while body.len() < length {
                    let n = socket.read(&mut buf).await.unwrap();
                    body.extend_from_slice(&buf[..n]);
                }
                return (head, body);
            }
        }
    }

    /// A one-shot HTTP server on 127.0.0.1: reads one request, answers `status` with
    /// `body`, and hands back the request's head and (decompressed) body.
    async fn answer_once(
        status: &'static str,
        body: &'static str,
    ) -> (String, tokio::task::JoinHandle<(String, String)>) {
        use tokio::io::AsyncWriteExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let served = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let (head, raw) = read_request(&mut socket).await;
            let mut text = String::new();
            if !raw.is_empty() {
                std::io::Read::read_to_string(
                    &mut flate2::read::GzDecoder::new(&raw[..]),
                    &mut text,
                )
                .unwrap();
            }
            let answer = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(answer.as_bytes()).await.unwrap();
            (head, text)
        });
        (url, served)
    }

    #[tokio::test]
    async fn a_push_carries_the_protocol_the_token_and_a_gzip_body() {
        let (url, served) = answer_once("200 OK", r#"{"results":[]}"#).await;
        let remote = HttpRemote::new(&ServerConfig::new(url)).unwrap();
        let token = DeviceToken::new("s3cret");
        let answer = remote.push(&token, &PushRequest { ops: vec![] }).await.unwrap();
        assert_eq!(answer, PushResponse { results: vec![], server_ms: None });
        let (head, body) = served.await.unwrap();
        assert!(head.starts_with("post /v1/push http/1.1"), "{head}");
        assert!(head.contains(&format!("x-xaso-protocol: {PROTOCOL_VERSION}")), "{head}");
        assert!(head.contains("authorization: bearer s3cret"), "{head}");
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(head.contains("accept-encoding: gzip"), "answers may come compressed: {head}");
        assert_eq!(body, r#"{"ops":[]}"#);
    }

    #[tokio::test]
    async fn a_426_answer_is_client_too_old_with_the_servers_words() {
        let (url, _served) = answer_once(
            "426 Upgrade Required",
            r#"{"code":"client_too_old","vi":"Hãy cập nhật","en":"Please update"}"#,
        )
        .await;
        let remote = HttpRemote::new(&ServerConfig::new(url)).unwrap();
        match remote.health().await {
            Err(RemoteError::ClientTooOld(body)) => assert_eq!(body.vi, "Hãy cập nhật"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn an_unreachable_server_is_offline() {
        // A port nothing listens on: bind one, note it, close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let remote =
            HttpRemote::new(&ServerConfig::new(format!("http://127.0.0.1:{port}"))).unwrap();
        let err = remote.health().await.unwrap_err();
        assert!(matches!(err, RemoteError::Offline(_)), "{err:?}");
        assert_eq!(err.unreachable(), Some(crate::Unreachable::Refused), "{err:?}");
        // A round says it calmly (being offline is normal); enrolling names the cause.
        assert_eq!(err.message().code, "offline");
        assert_eq!(err.enrolment_message().code, "offline_refused");
        assert!(err.enrolment_message().vi.contains("sai cổng"), "{}", err.enrolment_message().vi);
    }

    /// Enrolling, each cause of an unreachable server is told apart, so the person knows
    /// what to check: a name that does not resolve, https:// to a plain server, something
    /// that answers but is not a Xã Số server.
    #[tokio::test]
    async fn why_a_server_cannot_be_reached_is_said_per_cause() {
        let unknown = ServerConfig {
            allow_insecure_http: true,
            ..ServerConfig::new("http://khong-co-may-chu-nay.invalid:8443")
        };
        let err = HttpRemote::new(&unknown).unwrap().health().await.unwrap_err();
        assert_eq!(err.enrolment_message().code, "offline_dns", "{err:?}");

        // A plain HTTP server reached with https://: it answers the TLS greeting in clear text.
        let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = plain.local_addr().unwrap().port();
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            if let Ok((mut socket, _)) = plain.accept().await {
                let _ = socket
                    .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                    .await;
            }
        });
        let tls = HttpRemote::new(&ServerConfig::new(format!("https://127.0.0.1:{port}"))).unwrap();
        let err = tls.health().await.unwrap_err();
        assert_eq!(err.enrolment_message().code, "offline_tls", "{err:?}");

        // A web server that is not ours.
        let (port, _) =
            scripted(vec!["HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\n\r\nnot found".into()])
                .await;
        let other =
            HttpRemote::new(&ServerConfig::new(format!("http://127.0.0.1:{port}"))).unwrap();
        let err = other.health().await.unwrap_err();
        assert_eq!(err.enrolment_message().code, "not_a_city_server", "{err:?}");

        let slow = RemoteError::Offline("operation timed out".into());
        assert_eq!(slow.enrolment_message().code, "offline_timeout");
        assert_eq!(
            RemoteError::Offline("connection reset by peer".into()).enrolment_message().code,
            "offline"
        );
    }

    /// A tiny HTTP/1.1 listener on 127.0.0.1 that answers each connection in turn with the
    /// next of `answers` (`{port}` in them is its own port) and records every request it
    /// received (head and raw body, as text).
    async fn scripted(answers: Vec<String>) -> (u16, tokio::task::JoinHandle<Vec<String>>) {
        use tokio::io::AsyncWriteExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let served = tokio::spawn(async move {
            let mut seen = Vec::new();
            for answer in answers {
                let (mut socket, _) = listener.accept().await.unwrap();
                let (head, body) = read_request(&mut socket).await;
                seen.push(format!("{head}\r\n\r\n{}", String::from_utf8_lossy(&body)));
                let answer = answer.replace("{port}", &port.to_string());
                socket.write_all(answer.as_bytes()).await.unwrap();
                let _ = socket.shutdown().await;
            }
            seen
        });
        (port, served)
    }

    fn redirect_to(location: &str) -> String {
        format!(
            "HTTP/1.1 307 Temporary Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
    }

    /// A listener that records whether anything connected to it at all.
    fn elsewhere() -> (std::net::TcpListener, String) {
        let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        other.set_nonblocking(true).unwrap();
        let url = format!("http://{}", other.local_addr().unwrap());
        (other, url)
    }

    fn nothing_arrived(other: &std::net::TcpListener) -> bool {
        // The client has answered already, so a connection it made would be queued.
        matches!(other.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
    }

    #[tokio::test]
    async fn enrolment_follows_no_redirect_and_the_other_origin_never_gets_the_password() {
        let (other, other_url) = elsewhere();
        let (port, served) = scripted(vec![redirect_to(&format!("{other_url}/v1/enroll"))]).await;
        let remote =
            HttpRemote::new(&ServerConfig::new(format!("http://127.0.0.1:{port}"))).unwrap();
        let request = EnrollRequest {
            user: "lan".into(),
            password: "mật khẩu bí mật".into(),
            device_id: uuid::Uuid::nil(),
            device_name: "Laptop".into(),
        };
        let refused = remote.enroll(&request).await.unwrap_err();
        assert!(
            matches!(&refused, RemoteError::Redirected(to) if to.starts_with(&other_url)),
            "{refused:?}"
        );
        let message = refused.message();
        assert_eq!(message.code, "redirect_refused");
        assert!(
            message.vi.contains("không đi theo") && message.en.contains("does not follow"),
            "{message:?}"
        );
        assert_eq!(served.await.unwrap().len(), 1, "the server itself was asked once");
        assert!(nothing_arrived(&other), "the other origin received a connection");

        // Not even to the same origin: the enrolment body goes to the address entered only.
        let (port, served) =
            scripted(vec![redirect_to("http://127.0.0.1:{port}/elsewhere/v1/enroll")]).await;
        let remote =
            HttpRemote::new(&ServerConfig::new(format!("http://127.0.0.1:{port}"))).unwrap();
        assert!(matches!(remote.enroll(&request).await, Err(RemoteError::Redirected(_))));
        assert_eq!(served.await.unwrap().len(), 1, "the redirect was not followed");
    }

    #[tokio::test]
    async fn sync_requests_follow_redirects_within_the_origin_only() {
        let health = r#"{"protocol":3,"min_protocol":2}"#;
        let ok = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{health}",
            health.len()
        );
        let (port, served) =
            scripted(vec![redirect_to("http://127.0.0.1:{port}/moved/v1/health"), ok]).await;
        let remote =
            HttpRemote::new(&ServerConfig::new(format!("http://127.0.0.1:{port}"))).unwrap();
        assert_eq!(remote.health().await.unwrap().protocol, 3, "followed within the origin");
        let seen = served.await.unwrap();
        assert!(seen[1].starts_with("get /moved/v1/health"), "{seen:?}");

        // A push (token and data) redirected to another port is another origin: refused.
        let (other, other_url) = elsewhere();
        let (port, served) = scripted(vec![redirect_to(&format!("{other_url}/v1/push"))]).await;
        let remote =
            HttpRemote::new(&ServerConfig::new(format!("http://127.0.0.1:{port}"))).unwrap();
        let token = DeviceToken::new("s3cret");
        let push = remote.push(&token, &PushRequest { ops: vec![] }).await;
        assert!(matches!(push, Err(RemoteError::Redirected(_))), "{push:?}");
        served.await.unwrap();
        assert!(nothing_arrived(&other), "the token went to another origin");
    }

    #[test]
    fn plain_http_only_to_this_computer_unless_confirmed() {
        for url in [
            "http://127.0.0.1:8080",
            "http://127.8.9.1",
            "http://[::1]:9000",
            "http://localhost:3000",
            "https://xaso.vn",
        ] {
            assert!(HttpRemote::new(&ServerConfig::new(url)).is_ok(), "{url}");
            assert!(BlobClient::new(&ServerConfig::new(url)).is_ok(), "{url} (files)");
        }
        for url in [
            "http://xaso.tphcm.gov.vn",
            "http://10.0.0.5:8080",
            "http://[fe80::1]",
            "http://localhost.evil.vn",
        ] {
            let refused = HttpRemote::new(&ServerConfig::new(url)).unwrap_err();
            assert!(matches!(refused, ConfigError::InsecureHttp(_)), "{url}: {refused:?}");
            let message = refused.message();
            assert_eq!(message.code, "insecure_http");
            assert!(
                message.vi.contains("https://") && message.en.contains("https://"),
                "{message:?}"
            );
            assert!(message.en.contains("tick"), "says how to allow it: {message:?}");
            assert!(matches!(
                BlobClient::new(&ServerConfig::new(url)),
                Err(ConfigError::InsecureHttp(_))
            ));
            let confirmed = ServerConfig { allow_insecure_http: true, ..ServerConfig::new(url) };
            assert!(HttpRemote::new(&confirmed).is_ok(), "{url} once confirmed");
        }
    }
}
