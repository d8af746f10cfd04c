//! Logging: JSON lines in production, pretty lines locally, level from `RUST_LOG`. The sink is
//! injectable so tests can capture logs (and prove request bodies never reach them).

use tracing::Subscriber;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{EnvFilter, Registry};

use crate::config::LogFormat;

mod json_line;

/// Builds a subscriber writing to `sink` in `format`, filtered by `RUST_LOG` (or `default_filter`).
pub fn get_subscriber<Sink>(
    default_filter: &str,
    format: LogFormat,
    sink: Sink,
) -> Box<dyn Subscriber + Send + Sync>
where
    Sink: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let registry = Registry::default().with(filter);
    match format {
        LogFormat::Json => Box::new(
            registry.with(
                // One object per line, its span's fields copied rather than re-parsed
                // (`json_line`); the request span is the only span, so no span list.
                tracing_subscriber::fmt::layer()
                    .event_format(json_line::JsonLine)
                    .fmt_fields(json_line::JsonMembers)
                    .with_writer(sink),
            ),
        ),
        LogFormat::Pretty => {
            Box::new(registry.with(tracing_subscriber::fmt::layer().pretty().with_writer(sink)))
        }
    }
}

/// Installs `subscriber` as the global default.
///
/// # Errors
/// When a global subscriber is already installed.
pub fn init_subscriber(subscriber: Box<dyn Subscriber + Send + Sync>) -> anyhow::Result<()> {
    tracing::subscriber::set_global_default(subscriber)?;
    Ok(())
}
