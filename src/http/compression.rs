//! Response compression, as actix's `Compress` middleware (wrapped in [`crate::startup`])
//! negotiates it: only when the request's `Accept-Encoding` asks, `gzip` or `deflate`.
//!
//! Not brotli: actix's encoder sets up a 4 MiB window for every response, which cost 2.4 ms of
//! CPU per 16 KB assessment (50 times the assessment itself) and left the process at 266 MiB
//! after a load test (BENCHMARKS.md). gzip costs a fifth of that and keeps memory flat.
//! Handlers that label a representation (the catalogues' ETags) ask [`coding_of`] which coding
//! the answer will have, so each coding gets its own strong validator (RFC 9110 §8.8.3).

use actix_web::HttpRequest;
use actix_web::http::header::{AcceptEncoding, Encoding, Header};

/// The codings `Compress` offers with this build's feature (`compress-gzip`), in its order.
const SUPPORTED: &[Encoding] = &[Encoding::identity(), Encoding::gzip(), Encoding::deflate()];

/// The content coding the answer to `req` will be sent in, or `None` for no compression.
pub(crate) fn coding_of(req: &HttpRequest) -> Option<&'static str> {
    let accept = AcceptEncoding::parse(req).ok()?;
    let chosen = accept.negotiate(SUPPORTED.iter())?;
    [(Encoding::gzip(), "gzip"), (Encoding::deflate(), "deflate")]
        .into_iter()
        .find_map(|(coding, name)| (coding == chosen).then_some(name))
}
