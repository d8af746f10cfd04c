//! A text made per answer (a plan step's "why" paragraph, a cause's reason), written as a JSON
//! string straight from its pieces: exactly what `serde_json`'s `collect_str` writes of its
//! `Display`, faster.
//!
//! These texts are joined from knowledge-base texts that almost never need escaping, and
//! `serde_json` checks them a byte at a time (a third of writing a typical answer after the
//! templates; BENCHMARKS.md, issue 15). Here each piece is escaped by the platform's JSON
//! writer ([`crate::http::json`]), which checks many bytes at a time and copies clean runs
//! whole.

/// Writes the text whose pieces `pieces` hands out into `out` as a JSON string, as
/// `serde_json` writes its `Display` through `Serializer::collect_str`, piece by piece: no
/// `core::fmt` machinery in between (it cost more than the bytes: BENCHMARKS.md, issue 15).
pub(super) fn write_pieces(out: &mut Vec<u8>, pieces: impl FnOnce(&mut dyn FnMut(&str))) {
    out.push(b'"');
    pieces(&mut |piece| crate::http::json::push_str_contents(out, piece));
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::write_pieces;
    use crate::engine::{Fact, Why};

    /// What `serde_json` writes for `value`'s `Display` (the reference).
    fn collected(value: &impl std::fmt::Display) -> String {
        let mut theirs = Vec::new();
        serde::Serializer::collect_str(&mut serde_json::Serializer::new(&mut theirs), value)
            .unwrap();
        String::from_utf8(theirs).unwrap()
    }

    fn written(pieces: impl FnOnce(&mut dyn FnMut(&str))) -> String {
        let mut ours = Vec::new();
        write_pieces(&mut ours, pieces);
        String::from_utf8(ours).unwrap()
    }

    #[test]
    fn writes_what_serde_json_collect_str_writes() {
        let mut every_byte: String = (0u8..0x80).map(char::from).collect();
        every_byte.push_str("é – “so” \u{2028}");
        let texts = [
            "",
            "Stretch your calves before bed.",
            "Say \"no\" to tonic water \\ quinine.",
            "Tab\tand newline\n and a bell \u{7} and DEL \u{7f}",
            every_byte.as_str(),
        ];
        for text in texts {
            let plain = Fact::Plain(text);
            assert_eq!(written(|p| plain.each_piece(p)), collected(&plain));
            for template in [
                "{medicine} is a {class}: {x} { and {class",
                "{medicine}{class}",
                text,
            ] {
                let medicine = Fact::Medicine {
                    template,
                    medicine: text,
                    class: "thiazide \"diuretic\"",
                };
                assert_eq!(written(|p| medicine.each_piece(p)), collected(&medicine));
            }
            let why = Why {
                sentences: [text, "Then rest."].into_iter().collect(),
                addresses: [text, "Dehydration"].into_iter().collect(),
                cause_ids: [].into_iter().collect(),
                red_flag_ids: [].into_iter().collect(),
            };
            for label in ["Addresses:", text] {
                let shown = why.display(label);
                assert_eq!(written(|p| shown.each_piece(p)), collected(&shown));
            }
            let bare = Why {
                addresses: [].into_iter().collect(),
                ..why.clone()
            };
            let shown = bare.display("x");
            assert_eq!(written(|p| shown.each_piece(p)), collected(&shown));
        }
    }
}
