//! Building and running the server. The listener is bound in [`Application::build`], before
//! anything is served, so tests can ask for port 0 and read the real port back.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;

use actix_cors::Cors;
use actix_web::http::header;

use crate::api::access::{ApiKeys, RateLimits};
use crate::api::{self, AppState, middleware::RequestSpan};
use crate::config::Settings;
use crate::knowledge::KnowledgeBase;

/// A bound, not yet running, server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Loads and checks the knowledge base, binds the listener and builds the server.
    ///
    /// # Errors
    /// When the knowledge base is invalid (the message names the file and entry) or the
    /// address cannot be bound.
    pub fn build(settings: &Settings) -> anyhow::Result<Self> {
        let kbs = match &settings.knowledge_dir {
            Some(dir) => KnowledgeBase::from_dir_all(dir).with_context(|| {
                format!("Failed to load the knowledge base from {}", dir.display())
            })?,
            None => KnowledgeBase::embedded_all()
                .context("Failed to load the embedded knowledge base")?,
        };
        let listener = TcpListener::bind((settings.host.as_str(), settings.port))
            .with_context(|| format!("Failed to bind {}:{}", settings.host, settings.port))?;
        let port = listener
            .local_addr()
            .context("Failed to read the bound address")?
            .port();
        let api_keys = settings
            .api_keys_file
            .as_deref()
            .map(ApiKeys::from_file)
            .transpose()?;
        let rate_limits =
            RateLimits::new(settings.rate_limit_per_minute, settings.rate_limit_burst);
        let state = AppState::new(kbs, settings.body_limit_bytes)
            .with_fhir_allowed_origins(settings.fhir_allowed_origins.clone())
            .with_access(api_keys, rate_limits);
        let cors_origins = settings.cors_allowed_origins.clone();
        let data = web::Data::new(state.clone());
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .into_utoipa_app()
                .configure(api::configure)
                .into_app()
                .configure(api::configure_pages)
                .default_service(web::to(api::fallback))
                // Innermost first: access checks, the request span, metrics, CORS, then the
                // edge (request id, problem+json for every error, security headers).
                .wrap(from_fn(api::access::guard))
                .wrap(TracingLogger::<RequestSpan>::new())
                .wrap(from_fn(api::metrics::record))
                .wrap(cors(&cors_origins))
                .wrap(from_fn(api::middleware::edge))
        })
        .shutdown_timeout(settings.shutdown_timeout.as_secs())
        .listen(listener)
        .context("Failed to start listening")?;
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        let server = server.run();
        tracing::info!(port, knowledge_version = %state.kb.meta.version, "cramp-advisor listening");
        Ok(Self {
            port,
            server,
            state,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until SIGTERM or SIGINT, then stops accepting and lets in-flight requests finish
    /// within the shutdown timeout. Readiness goes false as soon as the signal arrives.
    ///
    /// # Errors
    /// When the server fails while running.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let state = self.state.clone();
        tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("shutdown signal received; finishing in-flight requests");
            state.set_not_ready();
            handle.stop(true).await;
        });
        self.server.await
    }
}

/// CORS for the configured browser origins only (none by default: the API is called by app
/// back ends and native apps, which need no CORS).
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST"])
        .allowed_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_NONE_MATCH,
        ])
        .allowed_header("x-api-key")
        .allowed_header("x-request-id")
        .expose_headers([
            "x-request-id",
            "ratelimit-limit",
            "ratelimit-remaining",
            "ratelimit-reset",
            "retry-after",
            "etag",
        ])
        .max_age(3600)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("can install a SIGTERM handler");
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
