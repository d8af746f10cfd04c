//! The JSON log line, written straight into the logger's buffer.
//!
//! tracing-subscriber's JSON format keeps a span's fields as a JSON object string, and parses and
//! re-serialises that string every time a field is recorded on the span and again for every line
//! written inside it. The access line (one per request, inside the request span, with the status
//! and triage recorded late) paid that three times: 11% of an assessment's CPU (BENCHMARKS.md,
//! issue 15). Here a span keeps its fields as `"key":value` pairs, so recording one appends to
//! them, and a line copies them as they are. The line has the same members as before, one object
//! per line: `timestamp`, `level`, the event's fields (`message` first), `target`, and `span`
//! (the current span's fields and its `name`).

use std::fmt::{self, Write};

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// Formats each event as one JSON object on one line.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct JsonLine;

/// Keeps a span's fields as comma-separated JSON members (`"key":value,...`), ready to copy.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct JsonMembers;

impl<S, N> FormatEvent<S, N> for JsonLine
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let meta = event.metadata();
        writer.write_str("{\"timestamp\":\"")?;
        SystemTime.format_time(&mut writer)?;
        write!(writer, "\",\"level\":\"{}\"", meta.level())?;
        // The message first, as people read it; then the other fields in their order.
        let mut message = Members::new(&mut writer, MembersPart::MessageOnly);
        event.record(&mut message);
        message.result?;
        let mut rest = Members::new(&mut writer, MembersPart::AllButMessage);
        event.record(&mut rest);
        rest.result?;
        writer.write_str(",\"target\":")?;
        write_json_str(&mut writer, meta.target())?;
        let span = event
            .parent()
            .and_then(|id| ctx.span(id))
            .or_else(|| ctx.lookup_current());
        if let Some(span) = span {
            writer.write_str(",\"span\":{")?;
            let extensions = span.extensions();
            if let Some(fields) = extensions.get::<FormattedFields<N>>()
                && !fields.fields.is_empty()
            {
                writer.write_str(&fields.fields)?;
                writer.write_char(',')?;
            }
            writer.write_str("\"name\":")?;
            write_json_str(&mut writer, span.name())?;
            writer.write_char('}')?;
        }
        writer.write_str("}\n")
    }
}

impl<'writer> FormatFields<'writer> for JsonMembers {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> fmt::Result {
        let mut members = Members::new(&mut writer, MembersPart::All);
        members.first = true;
        fields.record(&mut members);
        members.result
    }

    fn add_fields(
        &self,
        current: &'writer mut FormattedFields<Self>,
        fields: &tracing::span::Record<'_>,
    ) -> fmt::Result {
        let first = current.fields.is_empty();
        let mut writer = current.as_writer();
        let mut members = Members::new(&mut writer, MembersPart::All);
        members.first = first;
        fields.record(&mut members);
        members.result
    }
}

/// Which of the fields a [`Members`] pass writes.
#[derive(Clone, Copy, PartialEq)]
enum MembersPart {
    MessageOnly,
    AllButMessage,
    All,
}

/// Writes fields as JSON members, each preceded by a comma unless `first`.
struct Members<'a, 'w> {
    writer: &'a mut Writer<'w>,
    part: MembersPart,
    first: bool,
    result: fmt::Result,
}

impl<'a, 'w> Members<'a, 'w> {
    fn new(writer: &'a mut Writer<'w>, part: MembersPart) -> Self {
        Self {
            writer,
            part,
            first: false,
            result: Ok(()),
        }
    }

    /// Writes `"name":` (after a comma unless first) and then the value, when `part` keeps it.
    fn member(&mut self, field: &Field, value: impl FnOnce(&mut Writer<'w>) -> fmt::Result) {
        let name = field.name();
        let wanted = match self.part {
            MembersPart::MessageOnly => name == "message",
            MembersPart::AllButMessage => name != "message",
            MembersPart::All => true,
        };
        // `log.*` fields are the `log` crate's bookkeeping, never shown as fields.
        if !wanted || name.starts_with("log.") || self.result.is_err() {
            return;
        }
        self.result = (|| {
            if !std::mem::take(&mut self.first) {
                self.writer.write_char(',')?;
            }
            write_json_str(self.writer, name)?;
            self.writer.write_char(':')?;
            value(self.writer)
        })();
    }
}

impl Visit for Members<'_, '_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.member(field, |w| {
            if value.is_finite() {
                write!(w, "{value:?}")
            } else {
                w.write_str("null")
            }
        });
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.member(field, |w| write!(w, "{value}"));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.member(field, |w| write!(w, "{value}"));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.member(field, |w| write!(w, "{value}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.member(field, |w| write_json_str(w, value));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.member(field, |w| {
            w.write_char('"')?;
            write!(Escaped(w), "{value:?}")?;
            w.write_char('"')
        });
    }
}

/// Writes `text` as a JSON string, quotes included.
fn write_json_str(w: &mut impl Write, text: &str) -> fmt::Result {
    w.write_char('"')?;
    Escaped(w).write_str(text)?;
    w.write_char('"')
}

/// Escapes what is written through it for the inside of a JSON string, as `serde_json` does:
/// `\"`, `\\`, the short forms of the common control characters, `\u00XX` for the others.
struct Escaped<'a, W: Write>(&'a mut W);

impl<W: Write> Write for Escaped<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut start = 0;
        for (i, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.0.write_str(&text[start..i])?;
            if escape.is_empty() {
                write!(self.0, "\\u{byte:04x}")?;
            } else {
                self.0.write_str(escape)?;
            }
            start = i + 1;
        }
        self.0.write_str(&text[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::write_json_str;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "plain",
            "a \"quote\" and \\",
            "line\nbreak\ttab\r",
            "bell \u{7} \u{1f}",
            "é – “so”",
        ] {
            let mut ours = String::new();
            write_json_str(&mut ours, text).unwrap();
            assert_eq!(ours, serde_json::to_string(text).unwrap());
        }
    }
}
