//! The `cramp-advisor` binary: the server, or `cramp-advisor check --base-url URL` to run the
//! published contract fixtures against a deployment.

use anyhow::{Context, bail};
use cramp_advisor::check::{CheckOptions, run};
use cramp_advisor::config::Settings;
use cramp_advisor::startup::Application;
use cramp_advisor::telemetry::{get_subscriber, init_subscriber};

const USAGE: &str = "usage:
  cramp-advisor                                   serve (configured by APP_* environment variables)
  cramp-advisor check --base-url URL [--api-key KEY]
                                                  run the contract fixtures against a deployment";

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
    let mut base_url = None;
    let mut api_key = std::env::var("CRAMP_ADVISOR_API_KEY").ok();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .with_context(|| format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--base-url" => base_url = Some(value?.clone()),
            "--api-key" => api_key = Some(value?.clone()),
            other => bail!("unknown option {other:?}\n{USAGE}"),
        }
    }
    let base_url = base_url.with_context(|| format!("--base-url is required\n{USAGE}"))?;
    println!("checking {base_url} against the cramp-advisor contract fixtures");
    let results = run(CheckOptions { base_url, api_key }, &mut std::io::stdout()).await?;
    Ok(results.iter().all(|r| r.failures.is_empty()))
}
