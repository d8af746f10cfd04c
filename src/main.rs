//! The `cramp-advisor` binary: the server, or `cramp-advisor check --base-url URL` to run the
//! published contract fixtures against a deployment.

use anyhow::{Context, bail};
use cramp_advisor::config::Settings;
use cramp_advisor::startup::Application;
use cramp_advisor::telemetry::{get_subscriber, init_subscriber};

const USAGE: &str = "usage:
  cramp-advisor                                   serve (configured by APP_* environment variables)
  cramp-advisor check --base-url URL [--api-key KEY] [--strict]
                                                  run the contract fixtures against a deployment
                                                  (--strict: always compare expected answers)";

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => serve().await,
        Some("check") => {
            let passed = check(&args[1..]).await?;
            std::process::exit(if passed { 0 } else { 1 });
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command {other:?}\n{USAGE}"),
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::from_env().context("Failed to read settings")?;
    init_subscriber(get_subscriber("info", settings.log_format, std::io::stdout))?;
    let app = Application::build(&settings)?;
    app.run_until_stopped().await.context("Server error")
}

async fn check(args: &[String]) -> anyhow::Result<bool> {
    cramp_advisor::check::cli(args, &mut std::io::stdout()).await
}
