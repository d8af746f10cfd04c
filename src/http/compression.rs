//! Response compression, as actix's `Compress` middleware (wrapped in [`crate::startup`])
//! negotiates it: only when the request's `Accept-Encoding` asks, `gzip` or `deflate`.
//!
//! Not brotli: actix's encoder sets up a 4 MiB window for every response, which cost 2.4 ms of
//! CPU per 16 KB assessment (50 times the assessment itself) and left the process at 266 MiB
//! after a load test (BENCHMARKS.md). gzip costs a fifth of that and keeps memory flat.
//! Handlers that label a representation (the catalogues' ETags) ask [`negotiated`] which coding
//! the answer will have, so each coding gets its own strong validator (RFC 9110 §8.8.3).
//!
//! The answers the service computes or stores (assessments, follow-ups, CDS cards, catalogues)
//! are compressed here instead, with [`encode`]: `Compress` hands any body over 1 KB to a
//! blocking thread and sets up a new encoder for every response, which made a compressed
//! assessment cost five plain ones (BENCHMARKS.md, issue 15). [`encode`] compresses on the
//! worker with the worker's own encoder, reset between answers. `Compress` leaves an answer that
//! already names its `Content-Encoding` alone, and still answers 406 and compresses the rest.

use std::cell::RefCell;

use actix_web::http::header::{
    self, AcceptEncoding, Encoding, Header, HeaderValue, TryIntoHeaderPair,
};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// The codings `Compress` offers with this build's feature (`compress-gzip`), in its order.
const SUPPORTED: &[Encoding] = &[Encoding::identity(), Encoding::gzip(), Encoding::deflate()];

/// A content coding the service sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    /// gzip (RFC 1952).
    Gzip,
    /// HTTP's `deflate`: the zlib format (RFC 1950).
    Deflate,
}

impl Coding {
    /// The name in `Content-Encoding`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Gzip => "gzip",
            Self::Deflate => "deflate",
        }
    }
}

/// The content coding the answer to `req` will be sent in, or `None` for no compression.
pub(crate) fn negotiated(req: &HttpRequest) -> Option<Coding> {
    let accept = AcceptEncoding::parse(req).ok()?;
    let chosen = accept.negotiate(SUPPORTED.iter())?;
    [
        (Encoding::gzip(), Coding::Gzip),
        (Encoding::deflate(), Coding::Deflate),
    ]
    .into_iter()
    .find_map(|(encoding, coding)| (encoding == chosen).then_some(coding))
}

/// The 200 answer `body` in the coding negotiated for `req`: compressed here (with the
/// `Content-Encoding` and `Vary` that `Compress` would add) when the client asks, else as it is.
pub(crate) fn respond(
    req: &HttpRequest,
    mut ok: HttpResponseBuilder,
    body: Vec<u8>,
) -> HttpResponse {
    match negotiated(req).and_then(|coding| Some((coding, encode(coding, &body)?))) {
        Some((coding, compressed)) => labelled(&mut ok, coding).body(compressed),
        None => ok.body(body),
    }
}

/// Adds the headers of a body compressed in `coding`, as `Compress` does.
pub(crate) fn labelled(ok: &mut HttpResponseBuilder, coding: Coding) -> &mut HttpResponseBuilder {
    ok.insert_header((header::CONTENT_ENCODING, coding.name()))
        .append_header(vary_on_encoding())
}

fn vary_on_encoding() -> impl TryIntoHeaderPair {
    (header::VARY, HeaderValue::from_static("accept-encoding"))
}

/// The level for answers compressed per request: 2. With zlib-rs (the backend this build
/// selects) level 1 is a quicker algorithm with fixed codes that leaves the typical assessment
/// at 7,612 bytes; level 2 gives 5,685 in 20% more time, and beats actix's default on both
/// counts (miniz_oxide, level 1: 6,932 bytes in 36% more time; one run, 16,475-byte answer).
const LEVEL: Compression = Compression::new(2);

thread_local! {
    /// This worker's raw-deflate encoder (gzip adds its own header and trailer around it).
    static RAW: RefCell<Option<Compress>> = const { RefCell::new(None) };
    /// This worker's zlib encoder (HTTP `deflate`).
    static ZLIB: RefCell<Option<Compress>> = const { RefCell::new(None) };
}

/// A gzip header as `flate2` writes one: deflate, no name, no time, no extra flags, "unknown"
/// system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];

/// `body` compressed in `coding` with this worker's encoder; `None` if the encoder fails (it
/// does not on a complete input: the answer then goes uncompressed).
pub(crate) fn encode(coding: Coding, body: &[u8]) -> Option<Vec<u8>> {
    let encoder = match coding {
        Coding::Gzip => &RAW,
        Coding::Deflate => &ZLIB,
    };
    encoder.with_borrow_mut(|slot| {
        let encoder = slot.get_or_insert_with(|| Compress::new(LEVEL, coding == Coding::Deflate));
        encoder.reset();
        encode_with(encoder, coding, body)
    })
}

/// `body` compressed in `coding` as small as the format allows: for answers stored once and
/// sent many times (the catalogues), where the time is spent once.
pub(crate) fn encode_smallest(coding: Coding, body: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = Compress::new(Compression::best(), coding == Coding::Deflate);
    encode_with(&mut encoder, coding, body)
}

/// `body` through a fresh or reset `encoder`, with gzip's header and trailer for gzip.
fn encode_with(encoder: &mut Compress, coding: Coding, body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() / 2 + 64);
    if coding == Coding::Gzip {
        out.extend_from_slice(&GZIP_HEADER);
    }
    deflate_all(encoder, body, &mut out)?;
    if coding == Coding::Gzip {
        let mut crc = Crc::new();
        crc.update(body);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
    }
    Some(out)
}

/// Runs `encoder` over all of `input` to the end of the stream, growing `out` as needed.
fn deflate_all(encoder: &mut Compress, input: &[u8], out: &mut Vec<u8>) -> Option<()> {
    loop {
        let read = usize::try_from(encoder.total_in()).ok()?;
        match encoder.compress_vec(&input[read..], out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return Some(()),
            // Out of room: `compress_vec` only fills the capacity it finds.
            Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(256)),
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::{Coding, encode, encode_smallest};

    fn decoded(coding: Coding, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        match coding {
            Coding::Gzip => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out),
            Coding::Deflate => flate2::read::ZlibDecoder::new(bytes).read_to_end(&mut out),
        }
        .expect("a valid stream");
        out
    }

    /// The same encoder, reset between answers, gives every answer back whole: empty, small,
    /// larger than its first guess at the output (random bytes do not compress), and again.
    #[test]
    fn the_reused_encoder_round_trips_every_answer() {
        let mut noise = 0x2545_f491_4f6c_dd1d_u64;
        let random: Vec<u8> = (0..70_000)
            .map(|_| {
                noise ^= noise << 13;
                noise ^= noise >> 7;
                noise ^= noise << 17;
                noise.to_le_bytes()[0]
            })
            .collect();
        let text = "Stretch your calves before bed. ".repeat(600).into_bytes();
        for coding in [Coding::Gzip, Coding::Deflate] {
            for body in [&b""[..], b"{}", &text, &random, &text] {
                let compressed = encode(coding, body).expect("compresses");
                assert_eq!(decoded(coding, &compressed), body, "{coding:?}");
                let smallest = encode_smallest(coding, body).expect("compresses");
                assert_eq!(decoded(coding, &smallest), body, "{coding:?}");
            }
            assert!(encode(coding, &text).expect("compresses").len() * 10 < text.len());
        }
    }
}
