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

/// The level a line is written at: the event's, except that the HTTP/1 parser's (actix-http's
/// dispatcher) ERRORs are WARN. It logs a request it cannot read (an invalid header, an
/// unknown HTTP version) at ERROR, on the connection, before there is a request to answer
/// with a problem: that is a client's doing, and no client may write an ERROR line (ERROR is
/// for what an operator must act on).
fn line_level(meta: &tracing::Metadata<'_>) -> tracing::Level {
    let level = *meta.level();
    if level == tracing::Level::ERROR && meta.target().starts_with("actix_http::h1") {
        tracing::Level::WARN
    } else {
        level
    }
}

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
        write!(writer, "\",\"level\":\"{}\"", line_level(meta))?;
        // The message first, as people read it; then the other fields in their order.
        let mut message = Members::new(&mut writer, MembersPart::MessageOnly, false);
        event.record(&mut message);
        message.result?;
        let mut rest = Members::new(&mut writer, MembersPart::AllButMessage, false);
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
        let mut members = Members::new(&mut writer, MembersPart::All, true);
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
        let mut members = Members::new(&mut writer, MembersPart::All, first);
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

/// Writes fields as JSON members, each after a comma but the `first`.
struct Members<'a, 'w> {
    writer: &'a mut Writer<'w>,
    part: MembersPart,
    first: bool,
    result: fmt::Result,
}

impl<'a, 'w> Members<'a, 'w> {
    fn new(writer: &'a mut Writer<'w>, part: MembersPart, first: bool) -> Self {
        Self {
            writer,
            part,
            first,
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
        self.member(field, |w| write_json_debug(w, value));
    }
}

/// Writes `text` as a JSON string, quotes included, escaped by `serde_json` as answers are.
fn write_json_str(w: &mut impl Write, text: &str) -> fmt::Result {
    serde_json::to_writer(Utf8(w), text).map_err(|_| fmt::Error)
}

/// Writes what `value`'s `Debug` prints as a JSON string, without building it first.
fn write_json_debug(w: &mut impl Write, value: &dyn fmt::Debug) -> fmt::Result {
    let mut json = serde_json::Serializer::new(Utf8(w));
    serde::Serializer::collect_str(&mut json, &format_args!("{value:?}")).map_err(|_| fmt::Error)
}

/// Lets `serde_json`, which writes bytes, write into the logger's text buffer. It writes whole
/// UTF-8 pieces (it splits a string only at the ASCII characters it escapes).
struct Utf8<'a, W: Write>(&'a mut W);

impl<W: Write> std::io::Write for Utf8<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(bytes).map_err(std::io::Error::other)?;
        self.0.write_str(text).map_err(std::io::Error::other)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{write_json_debug, write_json_str};

    #[test]
    fn the_http_parsers_errors_about_a_request_are_warnings_and_ours_stay_errors() {
        #[derive(Clone, Default)]
        struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
        impl std::io::Write for Sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber =
            crate::telemetry::get_subscriber("info", crate::config::LogFormat::Json, move || {
                writer.clone()
            });
        tracing::subscriber::with_default(subscriber, || {
            tracing::error!(
                target: "actix_http::h1::dispatcher",
                "stream error: request parse error: invalid Header provided"
            );
            tracing::error!("a bug of ours");
        });
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let levels: Vec<&str> = text
            .lines()
            .map(|line| {
                line.split("\"level\":\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
            })
            .collect();
        assert_eq!(levels, ["WARN", "ERROR"], "{text}");
    }

    #[test]
    fn strings_and_debug_values_reach_the_line_escaped_whole() {
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
            let mut debug = String::new();
            write_json_debug(&mut debug, &text).unwrap();
            assert_eq!(debug, serde_json::to_string(&format!("{text:?}")).unwrap());
        }
    }
}
