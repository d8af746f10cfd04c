//! The `cramp-advisor` server binary: configuration, logging, then the server.

use anyhow::Context;
use cramp_advisor::config::Settings;
use cramp_advisor::startup::Application;
use cramp_advisor::telemetry::{get_subscriber, init_subscriber};

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::from_env().context("Failed to read settings")?;
    init_subscriber(get_subscriber("info", settings.log_format, std::io::stdout))?;
    let app = Application::build(&settings)?;
    app.run_until_stopped().await.context("Server error")
}
