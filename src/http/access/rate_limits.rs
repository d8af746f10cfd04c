//! The rate limiter: a lock-free GCRA limiter (governor) per client, its store pruned every
//! minute and capped.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use sha2::{Digest, Sha256};

type KeyedLimiter =
    RateLimiter<Client, DefaultKeyedStateStore<Client>, DefaultClock, StateInformationMiddleware>;

/// Who a bucket belongs to: a verified API key (its hash prefix, never the key), or a client IP
/// (IPv6 by its /64, the block one subscriber usually holds). Unverified keys never get a bucket
/// of their own, so sending random keys gains nothing. `Overflow` is shared by new identities
/// while the store is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    /// A verified API key, by the first 16 bytes of its SHA-256.
    Key([u8; 16]),
    /// A client IP (the peer, or the forwarded client behind a trusted proxy).
    Ip(IpAddr),
    /// Everyone new while the store is full.
    Overflow,
}

impl Client {
    /// The bucket of a client IP.
    pub fn ip(ip: IpAddr) -> Self {
        match crate::http::limits::canonical(ip) {
            IpAddr::V6(v6) => Self::Ip(IpAddr::V6(std::net::Ipv6Addr::from(
                u128::from(v6) & (u128::MAX << 64),
            ))),
            v4 => Self::Ip(v4),
        }
    }

    /// The bucket of a verified API key.
    pub fn key(key: &str) -> Self {
        let digest: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        let mut prefix = [0u8; 16];
        prefix.copy_from_slice(&digest[..16]);
        Self::Key(prefix)
    }
}

/// How often idle clients are dropped from the limiter's store.
const PRUNE_INTERVAL_SECONDS: u64 = 60;

/// Per-client request limits, in a store that is pruned every minute and capped.
pub struct RateLimits {
    limiter: KeyedLimiter,
    pub(super) per_minute: u32,
    max_clients: usize,
    started: Instant,
    /// Seconds after `started` of the last prune.
    last_prune: AtomicU64,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RateLimits({} per minute, at most {} clients)",
            self.per_minute, self.max_clients
        )
    }
}

impl RateLimits {
    /// `per_minute` sustained requests with bursts of up to `burst`, remembering at most
    /// `max_clients` clients; `None` when `per_minute` is 0 (limits off, e.g. for load tests).
    pub fn new(per_minute: u32, burst: u32, max_clients: usize) -> Option<Arc<Self>> {
        let rate = NonZeroU32::new(per_minute)?;
        let burst = NonZeroU32::new(burst.max(1)).expect("at least 1");
        let limiter =
            RateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst)).with_middleware();
        Some(Arc::new(Self {
            limiter,
            per_minute,
            max_clients: max_clients.max(1),
            started: Instant::now(),
            last_prune: AtomicU64::new(0),
        }))
    }

    /// Takes one request from `client`'s bucket. Prunes idle clients once a minute (or at once,
    /// at most once a second, when the store is full); while the store is still full, client IPs
    /// share the overflow bucket, so the store never holds more than `max_clients` + 1 entries
    /// besides the verified keys (at most one per configured key).
    ///
    /// # Errors
    /// When the bucket is empty: the earliest time the next request is allowed.
    pub fn check(
        &self,
        client: Client,
    ) -> Result<
        governor::middleware::StateSnapshot,
        governor::NotUntil<<DefaultClock as Clock>::Instant>,
    > {
        let now = self.started.elapsed().as_secs();
        let last = self.last_prune.load(Ordering::Relaxed);
        let full = self.limiter.len() >= self.max_clients;
        if (now.saturating_sub(last) >= PRUNE_INTERVAL_SECONDS || (full && now > last))
            && self
                .last_prune
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        // Verified keys keep their own buckets (there are only as many as configured keys).
        let client = match client {
            Client::Ip(_) if self.limiter.len() >= self.max_clients => Client::Overflow,
            client => client,
        };
        self.limiter.check_key(&client)
    }

    /// How many clients the store holds.
    pub fn len(&self) -> usize {
        self.limiter.len()
    }

    /// Whether the store holds no client.
    pub fn is_empty(&self) -> bool {
        self.limiter.is_empty()
    }

    /// Whether the store is full, so new client IPs share the overflow bucket.
    pub(super) fn is_full(&self) -> bool {
        self.limiter.len() >= self.max_clients
    }
}
