//! The replay cache: each `(iss, jti)` pair is accepted once until its token expires. Bounded:
//! entries are 16-byte hashes, expired ones are pruned when the cache fills, and a full cache
//! of live tokens refuses new ones rather than forgetting old ones (forgetting would let them
//! be replayed).

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// Why a token could not be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReplayError {
    /// This `(iss, jti)` was seen before and has not expired.
    Replayed,
    /// The cache holds `capacity` live tokens.
    Full,
}

/// Seen `(iss, jti)` pairs and when each may be forgotten.
#[derive(Debug)]
pub(crate) struct ReplayCache {
    seen: Mutex<Seen>,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Seen {
    /// First 16 bytes of SHA-256(iss NUL jti) → Unix second after which it may be forgotten.
    until: HashMap<[u8; 16], u64>,
    /// Unix second of the last prune (pruning a full cache at most once a second keeps a
    /// flood of tokens from making every call walk the whole map).
    last_prune: u64,
}

impl ReplayCache {
    /// A cache remembering at most `capacity` live tokens.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            seen: Mutex::new(Seen::default()),
            capacity: capacity.max(1),
        }
    }

    /// Records `(iss, jti)` until `until` (Unix seconds), at time `now`.
    ///
    /// # Errors
    /// [`ReplayError::Replayed`] when the pair is already recorded and not yet forgettable;
    /// [`ReplayError::Full`] when the cache holds `capacity` live tokens.
    pub(crate) fn record(
        &self,
        iss: &str,
        jti: &str,
        until: u64,
        now: u64,
    ) -> Result<(), ReplayError> {
        let key = fingerprint(iss, jti);
        // A poisoned lock only means another request panicked mid-insert; the map is still
        // a valid map.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.until.get(&key).is_some_and(|&t| t >= now) {
            return Err(ReplayError::Replayed);
        }
        if seen.until.len() >= self.capacity && now > seen.last_prune {
            seen.until.retain(|_, t| *t >= now);
            seen.last_prune = now;
        }
        if seen.until.len() >= self.capacity && !seen.until.contains_key(&key) {
            return Err(ReplayError::Full);
        }
        seen.until.insert(key, until);
        Ok(())
    }

    /// How many tokens are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.seen.lock().unwrap().until.len()
    }
}

fn fingerprint(iss: &str, jti: &str) -> [u8; 16] {
    let digest = Sha256::new()
        .chain_update(iss.as_bytes())
        .chain_update([0])
        .chain_update(jti.as_bytes())
        .finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jti_is_accepted_once_until_it_expires() {
        let cache = ReplayCache::new(10);
        assert_eq!(cache.record("https://ehr", "a", 100, 50), Ok(()));
        assert_eq!(
            cache.record("https://ehr", "a", 100, 60),
            Err(ReplayError::Replayed)
        );
        // Another issuer may use the same jti.
        assert_eq!(cache.record("https://other", "a", 100, 60), Ok(()));
        // Once forgettable, the pair is a new token (its own exp check refuses old ones).
        assert_eq!(cache.record("https://ehr", "a", 200, 101), Ok(()));
    }

    #[test]
    fn the_cache_is_bounded_and_prunes_expired_entries_when_full() {
        let cache = ReplayCache::new(3);
        for jti in ["a", "b", "c"] {
            cache.record("i", jti, 100, 10).unwrap();
        }
        assert_eq!(cache.record("i", "d", 100, 10), Err(ReplayError::Full));
        assert_eq!(cache.len(), 3);
        // At 101 every entry has expired: pruned, and the new token fits.
        assert_eq!(cache.record("i", "d", 200, 101), Ok(()));
        assert_eq!(cache.len(), 1);
    }
}
