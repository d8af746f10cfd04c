//! What the server believes about the connection: which peers are trusted proxies (and so may
//! say, in `Forwarded` / `X-Forwarded-*`, who the client is and which host it called), the
//! public base URL of absolute links, and the deadline on reading a request body.
//!
//! Forwarded headers are client input: from any peer that is not a configured trusted proxy
//! they are removed before anything reads them, so they change neither links nor the client IP
//! the rate limiter uses. When a public base URL is configured, it replaces them altogether.

use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;

use actix_web::HttpMessage;
use actix_web::dev::{Payload, ServiceRequest};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::web::Bytes;
use anyhow::{Context, bail};
use futures_core::Stream;

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

/// An IP network in CIDR notation (`10.0.0.0/8`, `::1/128`; a bare address is a single host).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `addr/prefix` or a bare address.
    ///
    /// # Errors
    /// When the address or the prefix length is not valid.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr: IpAddr = addr.trim().parse().context("not an IP address")?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().context("not a prefix length")?,
            None => max,
        };
        if prefix > max {
            bail!("prefix length {prefix} is longer than {max}");
        }
        Ok(Self { addr, prefix })
    }

    /// Whether `ip` lies in this network (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) as the IPv4 address they are.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The network policy shared by every request.
#[derive(Debug, Clone, Default)]
pub struct NetPolicy {
    /// Peers whose forwarded headers are believed.
    pub trusted_proxies: Vec<Cidr>,
    /// `scheme://host[:port]`: when set, the only base of absolute links.
    pub public_base_url: Option<String>,
    /// How long a request body may take to arrive, counted from its header section.
    pub body_timeout: Option<Duration>,
}

/// The client's IP as the rate limiter sees it: the peer, or, when the peer is a trusted proxy,
/// the nearest untrusted address in its forwarded headers.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

/// Set on a request whose body did not arrive within the deadline.
#[derive(Debug, Clone, Default)]
pub struct BodyTimedOut(Arc<AtomicBool>);

impl BodyTimedOut {
    /// Whether the deadline passed while the body was being read.
    pub fn fired(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl NetPolicy {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|c| c.contains(ip))
    }

    /// Resolves the client IP, then makes the forwarded headers say only what may be believed:
    /// none of them from an untrusted peer, and the public base URL's scheme and host when one
    /// is configured. Runs before anything reads the connection info.
    pub fn apply(&self, req: &mut ServiceRequest) -> ClientIp {
        let peer = req
            .peer_addr()
            .map_or(IpAddr::from([0, 0, 0, 0]), |a| canonical(a.ip()));
        let trusted = self.trusts(peer);
        let client = if trusted {
            self.forwarded_client(req).unwrap_or(peer)
        } else {
            peer
        };
        if !trusted || self.public_base_url.is_some() {
            let headers = req.headers_mut();
            for name in [
                header::FORWARDED,
                X_FORWARDED_FOR,
                X_FORWARDED_HOST,
                X_FORWARDED_PROTO,
            ] {
                headers.remove(name);
            }
        }
        if let Some((scheme, host)) = self
            .public_base_url
            .as_deref()
            .and_then(|b| b.split_once("://"))
        {
            let forwarded = format!("proto={scheme};host=\"{host}\"");
            if let Ok(value) = HeaderValue::from_str(&forwarded) {
                req.headers_mut().insert(header::FORWARDED, value);
            }
            if let Ok(value) = HeaderValue::from_str(host) {
                req.headers_mut().insert(header::HOST, value);
            }
        }
        ClientIp(client)
    }

    /// The nearest address, walking the proxy chain from this server outwards, that is not a
    /// trusted proxy (`X-Forwarded-For`, else `Forwarded: for=`).
    fn forwarded_client(&self, req: &ServiceRequest) -> Option<IpAddr> {
        let chain: Vec<IpAddr> = if let Some(xff) = joined(req, &X_FORWARDED_FOR) {
            xff.split(',').filter_map(|a| parse_ip(a.trim())).collect()
        } else {
            joined(req, &header::FORWARDED)?
                .split(',')
                .flat_map(|element| element.split(';'))
                .filter_map(|pair| {
                    let (k, v) = pair.trim().split_once('=')?;
                    k.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| parse_ip(v.trim().trim_matches('"')))
                        .flatten()
                })
                .collect()
        };
        let last_untrusted = chain.iter().rev().find(|ip| !self.trusts(**ip)).copied();
        last_untrusted.or_else(|| chain.first().copied())
    }

    /// Puts a deadline on the body of `req` (when it has one), and returns the flag that says
    /// whether it fired.
    pub fn limit_body(&self, req: &mut ServiceRequest) -> Option<BodyTimedOut> {
        let timeout = self.body_timeout?;
        let has_body = req.headers().contains_key(header::TRANSFER_ENCODING)
            || req
                .headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim() != "0");
        if !has_body {
            return None;
        }
        let flag = BodyTimedOut::default();
        let inner = req.take_payload();
        let stream = Deadline {
            inner,
            sleep: Box::pin(tokio::time::sleep(timeout)),
            flag: flag.clone(),
        };
        req.set_payload(Payload::from(
            Box::pin(stream) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>
        ));
        Some(flag)
    }
}

/// The values of every `name` header, comma-joined (repeated headers are one list).
fn joined(req: &ServiceRequest, name: &HeaderName) -> Option<String> {
    let values: Vec<&str> = req
        .headers()
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

/// An address as forwarded headers write it: `1.2.3.4`, `1.2.3.4:5678`, `[::1]`, `[::1]:80`.
fn parse_ip(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok().map(canonical);
    }
    text.rsplit_once(':')?.0.parse().ok().map(canonical)
}

/// A request body that fails with a timeout once its deadline passes.
struct Deadline {
    inner: Payload,
    sleep: Pin<Box<tokio::time::Sleep>>,
    flag: BodyTimedOut,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Self::Item>> {
        if let Poll::Ready(item) = Pin::new(&mut self.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.flag.0.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            )))));
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_match_their_networks_only() {
        let net = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.255.3".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.0.9".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        assert!(Cidr::parse("::1").unwrap().contains("::1".parse().unwrap()));
        assert!(
            Cidr::parse("fd00::/8")
                .unwrap()
                .contains("fd12::1".parse().unwrap())
        );
        for bad in ["10.0.0.0/33", "nope", "::/129", "1.2.3.4/x"] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_addresses_are_read_in_every_spelling() {
        for (text, ip) in [
            ("1.2.3.4", "1.2.3.4"),
            ("1.2.3.4:80", "1.2.3.4"),
            ("[::1]", "::1"),
            ("[2001:db8::1]:443", "2001:db8::1"),
            ("2001:db8::1", "2001:db8::1"),
        ] {
            assert_eq!(parse_ip(text), Some(ip.parse().unwrap()), "{text}");
        }
        assert_eq!(parse_ip("unknown"), None);
    }
}
