//! Response compression, as actix's `Compress` middleware (wrapped in [`crate::startup`])
//! negotiates it: only when the request's `Accept-Encoding` asks, `br`, `gzip` or `deflate`.
//! Handlers that label a representation (the catalogues' ETags) ask [`coding_of`] which coding
//! the answer will have, so each coding gets its own strong validator (RFC 9110 §8.8.3).

use actix_web::HttpRequest;
use actix_web::http::header::{AcceptEncoding, Encoding, Header};

/// The codings `Compress` offers with this build's features (`compress-brotli`,
/// `compress-gzip`), in its order.
const SUPPORTED: &[Encoding] = &[
    Encoding::identity(),
    Encoding::brotli(),
    Encoding::gzip(),
    Encoding::deflate(),
];

/// The content coding the answer to `req` will be sent in, or `None` for no compression.
pub(crate) fn coding_of(req: &HttpRequest) -> Option<&'static str> {
    let accept = AcceptEncoding::parse(req).ok()?;
    let chosen = accept.negotiate(SUPPORTED.iter())?;
    [
        (Encoding::brotli(), "br"),
        (Encoding::gzip(), "gzip"),
        (Encoding::deflate(), "deflate"),
    ]
    .into_iter()
    .find_map(|(coding, name)| (coding == chosen).then_some(name))
}
