//! Credentials: the accepted API keys (stored only as SHA-256 hashes, compared in constant
//! time), and the one parser of bearer credentials.

use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The credential of an `Authorization: Bearer <token>` value: the scheme is matched without
/// regard to case (RFC 9110 §11.1), the token trimmed; `None` for another scheme or no token.
/// The one parser of bearer credentials (API keys, scraper tokens, CDS Hooks JWTs).
pub(crate) fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The SHA-256 hashes of the accepted API keys.
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    hashes: Vec<[u8; 32]>,
}

impl ApiKeys {
    /// Reads one lowercase hex SHA-256 hash per line (`#` comments and blank lines ignored).
    /// Create a line with `printf %s "$KEY" | sha256sum | cut -d' ' -f1`.
    ///
    /// # Errors
    /// When the file cannot be read, a line is not a 64-digit hex hash, or there is no key.
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("Failed to read API keys from {}", path.display()))?;
        let mut hashes = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let hash = decode_hex(line).with_context(|| {
                format!(
                    "{}:{}: expected a 64-digit hex SHA-256 hash",
                    path.display(),
                    number + 1
                )
            })?;
            hashes.push(hash);
        }
        anyhow::ensure!(
            !hashes.is_empty(),
            "{} holds no API key hash",
            path.display()
        );
        Ok(Self { hashes })
    }

    /// Whether `key` is one of the accepted keys. Every stored hash is compared, each in constant
    /// time, so timing reveals neither which key nor how much of it matched.
    pub fn accepts(&self, key: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        self.hashes
            .iter()
            .fold(subtle::Choice::from(0), |any, h| any | h.ct_eq(&presented))
            .into()
    }
}

fn decode_hex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_credential_is_read_whatever_the_scheme_case_and_nothing_else_is() {
        for value in ["Bearer k-1", "bearer k-1", "BEARER  k-1 ", " Bearer k-1"] {
            assert_eq!(bearer_token(value), Some("k-1"), "{value:?}");
        }
        for value in ["Basic k-1", "Bearer", "Bearer   ", "k-1", ""] {
            assert_eq!(bearer_token(value), None, "{value:?}");
        }
    }

    #[test]
    fn keys_are_matched_by_hash_and_malformed_files_are_rejected() {
        let dir = std::env::temp_dir().join(format!("cramp-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("keys");
        let hash = format!("{:x}", Sha256::digest(b"secret-key-1"));
        std::fs::write(&file, format!("# staging app\n{hash}\n\n")).unwrap();
        let keys = ApiKeys::from_file(&file).unwrap();
        assert!(keys.accepts("secret-key-1"));
        assert!(!keys.accepts("secret-key-2"));
        std::fs::write(&file, "not-a-hash\n").unwrap();
        assert!(
            ApiKeys::from_file(&file)
                .unwrap_err()
                .to_string()
                .contains(":1:")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
