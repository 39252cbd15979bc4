//! Ed25519 key files: PKCS#8 private keys and SubjectPublicKeyInfo public keys in PEM, the
//! forms `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` write. A private
//! key file must not be readable by others; its bytes are never printed.

use std::path::Path;

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{
    DecodePrivateKey as _, DecodePublicKey as _, EncodePrivateKey as _, EncodePublicKey as _, KeypairBytes,
};
use ed25519_dalek::{SigningKey, VerifyingKey};

/// Why a key file cannot be used. The key's bytes never appear in a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{0}: {1}")]
    Unreadable(String, String),
    #[error(
        "{0}: the private key file is readable by others (mode {1:03o}); make it private with `chmod 600 {0}`"
    )]
    Exposed(String, u32),
    #[error("{0}: {1}")]
    Malformed(String, String),
}

/// The largest key file read (a PEM key is under 200 bytes).
const MAX_KEY_BYTES: u64 = 16 * 1024;

/// A new key from the operating system's random source.
pub fn generate() -> Result<SigningKey, String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("no random source: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    Ok(key)
}

/// The private key as PKCS#8 v1 PEM (the secret only, as OpenSSL writes it).
pub fn private_pem(
    key: &SigningKey,
) -> Result<ed25519_dalek::pkcs8::spki::der::zeroize::Zeroizing<String>, String> {
    let bytes = KeypairBytes {
        secret_key: key.to_bytes(),
        public_key: None,
    };
    bytes.to_pkcs8_pem(LineEnding::LF).map_err(|e| e.to_string())
}

/// The public key as SubjectPublicKeyInfo PEM.
pub fn public_pem(key: &VerifyingKey) -> Result<String, String> {
    key.to_public_key_pem(LineEnding::LF).map_err(|e| e.to_string())
}

/// The public key's SubjectPublicKeyInfo DER.
pub fn public_der(key: &VerifyingKey) -> Vec<u8> {
    key.to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .unwrap_or_default()
}

fn read_text(path: &Path, display: &str) -> Result<String, KeyError> {
    let bytes = crate::base::input::read_bytes(path, display, MAX_KEY_BYTES)
        .map_err(|p| KeyError::Unreadable(display.to_string(), p.message))?;
    String::from_utf8(bytes)
        .map_err(|_| KeyError::Malformed(display.to_string(), "not a PEM file (not text)".to_string()))
}

/// What the PEM's label says it is, for messages about the wrong kind of key.
fn label(text: &str) -> Option<&str> {
    let start = text.find("-----BEGIN ")? + "-----BEGIN ".len();
    let end = text[start..].find("-----")?;
    Some(&text[start..start + end])
}

/// Reads a private key (PKCS#8 PEM). A file readable by group or others is refused.
pub fn read_private(path: &Path, display: &str) -> Result<SigningKey, KeyError> {
    let text = read_text(path, display)?;
    let malformed = |m: String| KeyError::Malformed(display.to_string(), m);
    match label(&text) {
        Some("PRIVATE KEY") => {}
        Some("PUBLIC KEY") => {
            return Err(malformed(
                "a public key; --key takes the private key (NAME.pem)".to_string(),
            ));
        }
        Some("ENCRYPTED PRIVATE KEY") => {
            return Err(malformed(
                "an encrypted private key; aima reads unencrypted PKCS#8 (openssl pkey -in KEY -out PLAIN.pem)"
                    .to_string(),
            ));
        }
        Some(other) => {
            return Err(malformed(format!(
                "a PEM `{}`, not an Ed25519 private key (PKCS#8 `PRIVATE KEY`)",
                crate::base::diag::shown(other)
            )));
        }
        None => return Err(malformed("not a PEM file (no -----BEGIN line)".to_string())),
    }
    refuse_exposed(path, display)?;
    SigningKey::from_pkcs8_pem(&text).map_err(|e| malformed(key_problem(&e.to_string())))
}

/// A private key file readable by group or others is refused (say how to fix it).
fn refuse_exposed(path: &Path, display: &str) -> Result<(), KeyError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = std::fs::metadata(path)
            .map_err(|e| KeyError::Unreadable(display.to_string(), crate::base::input::io_message(&e)))?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyError::Exposed(display.to_string(), mode));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, display);
    Ok(())
}

/// Reads a public key (SubjectPublicKeyInfo PEM).
pub fn read_public(path: &Path, display: &str) -> Result<VerifyingKey, KeyError> {
    let text = read_text(path, display)?;
    let malformed = |m: String| KeyError::Malformed(display.to_string(), m);
    match label(&text) {
        Some("PUBLIC KEY") => {}
        Some("PRIVATE KEY") => {
            return Err(malformed(
                "a private key where the public key is wanted (NAME.pub.pem, or `openssl pkey -in KEY -pubout`)"
                    .to_string(),
            ));
        }
        Some(other) => {
            return Err(malformed(format!(
                "a PEM `{}`, not an Ed25519 public key (`PUBLIC KEY`)",
                crate::base::diag::shown(other)
            )));
        }
        None => return Err(malformed("not a PEM file (no -----BEGIN line)".to_string())),
    }
    VerifyingKey::from_public_key_pem(&text).map_err(|e| malformed(key_problem(&e.to_string())))
}

/// A key decoding error in words: another algorithm, or a corrupted file.
fn key_problem(error: &str) -> String {
    if error.to_ascii_lowercase().contains("algorithm") || error.contains("OID") {
        format!("not an Ed25519 key ({error})")
    } else {
        format!("a corrupted key ({error})")
    }
}
