//! A text made per answer (a plan step's "why" paragraph, a cause's reason), written as a JSON
//! string straight from its `Display`: exactly what `serde_json`'s `collect_str` writes, faster.
//!
//! These texts are joined from knowledge-base texts that almost never need escaping, and
//! `serde_json` checks them a byte at a time (a third of writing a typical answer after the
//! templates; BENCHMARKS.md, issue 15). Here each piece is checked with no early exit (so the
//! compiler checks many bytes per instruction) and copied when clean; a piece that does need
//! escaping is escaped by `serde_json` itself, so the bytes are always its own.

use std::fmt::{self, Write};

/// Writes `value` into `out` as a JSON string, as `serde_json` writes it through
/// `Serializer::collect_str`.
pub(super) fn write_display(out: &mut Vec<u8>, value: &impl fmt::Display) {
    out.push(b'"');
    write!(Contents(out), "{value}").expect("writing into a Vec cannot fail");
    out.push(b'"');
}

/// Whether `text` has a byte JSON escapes: a quote, a backslash or a control character (the
/// bytes `serde_json` escapes; it leaves DEL and every non-ASCII byte alone). No early exit, so
/// the compiler checks many bytes per instruction.
fn needs_escape(text: &[u8]) -> bool {
    text.iter().fold(false, |found, &b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// The inside of a JSON string being written.
struct Contents<'o>(&'o mut Vec<u8>);

impl Write for Contents<'_> {
    fn write_str(&mut self, piece: &str) -> fmt::Result {
        if needs_escape(piece.as_bytes()) {
            // serde_json's own escaping, without the quotes it adds around the string.
            let start = self.0.len();
            serde_json::to_writer(&mut *self.0, piece).map_err(|_| fmt::Error)?;
            self.0.pop();
            self.0.remove(start);
        } else {
            self.0.extend_from_slice(piece.as_bytes());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::write_display;

    #[test]
    fn writes_what_serde_json_collect_str_writes() {
        let mut every_byte: String = (0u8..0x80).map(char::from).collect();
        every_byte.push_str("é – “so” \u{2028}");
        for text in [
            "",
            "Stretch your calves before bed.",
            "Say \"no\" to tonic water \\ quinine.",
            "Tab\tand newline\n and a bell \u{7} and DEL \u{7f}",
            every_byte.as_str(),
        ] {
            let mut ours = Vec::new();
            write_display(&mut ours, &format_args!("{text}{text}"));
            let mut theirs = Vec::new();
            serde::Serializer::collect_str(
                &mut serde_json::Serializer::new(&mut theirs),
                &format_args!("{text}{text}"),
            )
            .unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }
}
