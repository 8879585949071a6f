//! TLS between the city server and PostgreSQL, configured the way every PostgreSQL tool
//! is: `sslmode` and `sslrootcert` in the `postgres://` URL, with libpq's meanings.
//!
//! | `sslmode`     | encrypted            | certificate checked                      |
//! |---------------|----------------------|------------------------------------------|
//! | `disable`     | never                | —                                        |
//! | `prefer` (default) | when offered    | no (as libpq; with `sslrootcert`: chain) |
//! | `require`     | always               | no, or the chain when `sslrootcert` is given (as libpq) |
//! | `verify-ca`   | always               | chain to `sslrootcert` (else Mozilla's roots) |
//! | `verify-full` | always               | chain and host name                      |
//!
//! The `postgres` crate knows only `disable | prefer | require` and no CA file, so the two
//! parameters are taken off the URL here and turned into a rustls configuration (the
//! workspace's one TLS stack, *ring* provider named explicitly); everything else in the
//! URL is the crate's. `prefer` stays the default so that an existing
//! `postgres://…@127.0.0.1/…` keeps working; a database on another host should be
//! `verify-full` (README), and the server says so in its log when it is not.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error as TlsError, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

/// libpq's `sslmode`, all five of the ones that matter (`allow` is read as `prefer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(text: &str) -> Option<SslMode> {
        Some(match text {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    /// Whether the certificate is checked at all (the connection cannot be intercepted).
    pub(crate) fn verifies(self) -> bool {
        matches!(self, SslMode::VerifyCa | SslMode::VerifyFull)
    }
}

/// How to reach the database: the `postgres` crate's configuration and the TLS connector.
pub(crate) struct PgTarget {
    pub(crate) config: postgres::Config,
    pub(crate) tls: MakeRustlsConnect,
    /// The mode in effect (`require` with a CA file is `verify-ca`, as in libpq).
    pub(crate) mode: SslMode,
}

impl std::fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The configuration holds the password: never printed.
        f.debug_struct("PgTarget").field("mode", &self.mode).finish_non_exhaustive()
    }
}

/// Why a database URL cannot be used; the text is shown to the admin as it is.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TargetError {
    #[error(
        "sslmode={0:?} không hợp lệ (disable, prefer, require, verify-ca, verify-full) / \
         sslmode={0:?} is not one of disable, prefer, require, verify-ca, verify-full"
    )]
    BadMode(String),
    #[error("địa chỉ cơ sở dữ liệu không hợp lệ / the database URL is not valid: {0}")]
    BadUrl(String),
    #[error(
        "không đọc được tệp chứng chỉ {0} (sslrootcert) / cannot read the certificate file {0} \
         (sslrootcert): {1}"
    )]
    CaFile(PathBuf, String),
    #[error(
        "tệp {0} (sslrootcert) không có chứng chỉ PEM nào / the file {0} (sslrootcert) holds no \
         PEM certificate"
    )]
    NoCertificate(PathBuf),
    #[error("không thiết lập được TLS / cannot set up TLS: {0}")]
    Tls(String),
}

/// Reads `sslmode` and `sslrootcert` off `url` and builds the connector they ask for.
pub(crate) fn target(url: &str) -> Result<PgTarget, TargetError> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut mode = None;
    let mut root_cert = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => {
                let value = percent_decode(value);
                mode = Some(SslMode::parse(&value).ok_or(TargetError::BadMode(value))?);
            }
            "sslrootcert" => root_cert = Some(PathBuf::from(percent_decode(value))),
            _ => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
    let mut config =
        postgres::Config::from_str(&rest).map_err(|e| TargetError::BadUrl(e.to_string()))?;
    let mode = match (mode.unwrap_or(SslMode::Prefer), &root_cert) {
        (SslMode::Require, Some(_)) => SslMode::VerifyCa,
        (mode, _) => mode,
    };
    config.ssl_mode(match mode {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
            postgres::config::SslMode::Require
        }
    });
    let tls = MakeRustlsConnect::new(client_config(mode, root_cert.as_ref())?);
    Ok(PgTarget { config, tls, mode })
}

fn client_config(
    mode: SslMode,
    root_cert: Option<&PathBuf>,
) -> Result<rustls::ClientConfig, TargetError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| TargetError::Tls(e.to_string()))?;
    let verifier: Arc<dyn ServerCertVerifier> = match (mode, root_cert) {
        (SslMode::Disable | SslMode::Prefer | SslMode::Require, None) => {
            Arc::new(EncryptOnly(Arc::clone(&provider)))
        }
        (mode, root_cert) => {
            let mut roots = rustls::RootCertStore::empty();
            match root_cert {
                Some(path) => {
                    let pem = std::fs::read(path)
                        .map_err(|e| TargetError::CaFile(path.clone(), e.to_string()))?;
                    for cert in CertificateDer::pem_slice_iter(&pem) {
                        let cert =
                            cert.map_err(|e| TargetError::CaFile(path.clone(), e.to_string()))?;
                        roots
                            .add(cert)
                            .map_err(|e| TargetError::CaFile(path.clone(), e.to_string()))?;
                    }
                    if roots.is_empty() {
                        return Err(TargetError::NoCertificate(path.clone()));
                    }
                }
                None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
            }
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| TargetError::Tls(e.to_string()))?;
            if mode == SslMode::VerifyFull { webpki } else { Arc::new(ChainOnly(webpki)) }
        }
    };
    Ok(builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth())
}

/// `verify-ca`: the chain must lead to a trusted root; the name is not checked (libpq's
/// meaning: a cluster reached by an address its certificate does not name).
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        // webpki checks the chain before the name: a name error means the chain was good.
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(TlsError::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer` and `require` without a CA file: encrypted, certificate not checked (libpq's
/// meaning; it protects against listening, not against a machine in the middle). The
/// handshake's signatures are still verified.
#[derive(Debug)]
struct EncryptOnly(Arc<CryptoProvider>);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `%XX` sequences of a URL parameter (a path with spaces, say); anything else as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_and_ca_files_are_read_off_the_url() {
        let cases = [
            ("postgres://u:p@h/db", SslMode::Prefer),
            ("postgres://u:p@h/db?sslmode=disable", SslMode::Disable),
            ("postgres://u:p@h/db?sslmode=require", SslMode::Require),
            ("postgres://u:p@h/db?sslmode=verify-full&application_name=x", SslMode::VerifyFull),
            ("postgres://u:p@h/db?sslmode=allow", SslMode::Prefer),
        ];
        for (url, want) in cases {
            assert_eq!(target(url).unwrap().mode, want, "{url}");
        }
        let target = target("postgres://u:p@h/db?application_name=x").unwrap();
        assert_eq!(target.config.get_application_name(), Some("x"), "other parameters stay");
    }

    #[test]
    fn a_wrong_mode_or_ca_file_is_said_in_words() {
        let err = target("postgres://h/db?sslmode=verify").unwrap_err().to_string();
        assert!(err.contains("verify-full"), "{err}");
        let err = target("postgres://h/db?sslmode=verify-full&sslrootcert=/no/such.pem")
            .unwrap_err()
            .to_string();
        assert!(err.contains("/no/such.pem"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate").unwrap();
        let url = format!("postgres://h/db?sslmode=verify-ca&sslrootcert={}", empty.display());
        assert!(matches!(target(&url), Err(TargetError::NoCertificate(_))));
    }

    #[test]
    fn require_with_a_ca_file_checks_the_chain_as_libpq_does() {
        let cert = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cert.pem");
        let url = format!("postgres://h/db?sslmode=require&sslrootcert={cert}");
        assert_eq!(target(&url).unwrap().mode, SslMode::VerifyCa);
        let spaced = "postgres://h/db?sslrootcert=%2Fa%20b.pem";
        assert!(
            matches!(target(spaced), Err(TargetError::CaFile(p, _)) if p == std::path::Path::new("/a b.pem"))
        );
    }
}
