//! `aima keygen -o NAME`: an Ed25519 key pair, `NAME.pem` (PKCS#8, mode 0600) and
//! `NAME.pub.pem` (SubjectPublicKeyInfo). Existing files are never replaced.

use std::path::PathBuf;

use super::Outcome;
use crate::attest::{keyid, keys};
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::cli::KeygenArgs;

pub fn run(args: &KeygenArgs) -> Result<Outcome> {
    let base = args.output.display().to_string();
    let base = base.strip_suffix(".pem").unwrap_or(&base).to_string();
    let private = PathBuf::from(format!("{base}.pem"));
    let public = PathBuf::from(format!("{base}.pub.pem"));
    for path in [&private, &public] {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(Error::Usage(format!(
                "{} exists: aima keygen never replaces a key; choose another NAME",
                terminal_line(&path.display().to_string())
            )));
        }
    }
    super::output_folder(&private)?;
    let key = keys::generate().map_err(Error::Output)?;
    let private_pem = keys::private_pem(&key).map_err(Error::Output)?;
    let public_pem = keys::public_pem(&key.verifying_key()).map_err(Error::Output)?;
    crate::base::save::write_private(&private, private_pem.as_bytes()).map_err(|e| {
        Error::io(
            format!("cannot write {}", terminal_line(&private.display().to_string())),
            e,
        )
    })?;
    if let Err(e) = crate::base::save::write_atomic(&public, public_pem.as_bytes()) {
        let _ = std::fs::remove_file(&private);
        return Err(Error::io(
            format!("cannot write {}", terminal_line(&public.display().to_string())),
            e,
        ));
    }
    Ok(Outcome::output(format!(
        "wrote {} (private key, mode 600: keep it secret) and {} (public key, for verifiers)\nkey id {}\n",
        terminal_line(&private.display().to_string()),
        terminal_line(&public.display().to_string()),
        keyid(&key.verifying_key())
    )))
}
