//! Building and running the server. The listener is bound in [`Application::build`], before
//! anything is served, so tests can ask for port 0 and read the real port back.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;

use actix_cors::Cors;
use actix_web::http::header;

use crate::config::Settings;
use crate::http::access::{self, ApiKeys, RateLimits};
use crate::http::limits::NetPolicy;
use crate::http::middleware::{self, RequestSpan};
use crate::http::{AppState, metrics};
use crate::knowledge::KnowledgeBase;
use crate::{api, routes, spec};

/// A bound, not yet running, server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    drain: Duration,
}

impl Application {
    /// Loads and checks the knowledge base, binds the listener and builds the server.
    ///
    /// # Errors
    /// When the knowledge base is invalid (the message names the file and entry) or the
    /// address cannot be bound.
    pub fn build(settings: &Settings) -> anyhow::Result<Self> {
        let api_keys = settings
            .api_keys_file
            .as_deref()
            .map(ApiKeys::from_file)
            .transpose()?;
        let metrics_tokens = settings
            .metrics_tokens_file
            .as_deref()
            .map(ApiKeys::from_file)
            .transpose()?;
        // The served document says what this deployment enforces: each credential that is on
        // (API keys, scraper tokens, CDS Hooks JWTs) is required, without the "no
        // credentials" alternative, on the operations it guards.
        let enforced = spec::Enforced {
            api_keys: api_keys.is_some(),
            metrics_tokens: metrics_tokens.is_some(),
            cds_jwt: settings.cds_jwt.enabled,
        };
        // The document and the knowledge base need nothing from each other and are each a
        // good part of start-up, so they are made side by side (two cores: `/readyz` answers
        // sooner). A panic while making the document is the main thread's, as before.
        let (kbs, document) = std::thread::scope(|scope| {
            let document = scope.spawn(move || spec::spec_for(enforced));
            let kbs = match &settings.knowledge_dir {
                Some(dir) => KnowledgeBase::from_dir_all(dir).with_context(|| {
                    format!("Failed to load the knowledge base from {}", dir.display())
                }),
                None => KnowledgeBase::embedded_all()
                    .context("Failed to load the embedded knowledge base"),
            };
            let document = document
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (kbs, document)
        });
        let kbs = kbs?;
        let listener = TcpListener::bind((settings.host.as_str(), settings.port))
            .with_context(|| format!("Failed to bind {}:{}", settings.host, settings.port))?;
        let port = listener
            .local_addr()
            .context("Failed to read the bound address")?
            .port();
        let rate_limits = RateLimits::new(
            settings.rate_limit_per_minute,
            settings.rate_limit_burst,
            settings.rate_limit_max_clients,
        );
        // The open routes get their own, generous per-IP limit; one switch turns every limit
        // off (load tests).
        let open_limits = RateLimits::new(
            if settings.rate_limit_per_minute == 0 {
                0
            } else {
                settings.rate_limit_open_per_minute
            },
            settings.rate_limit_open_per_minute / 5,
            settings.rate_limit_max_clients,
        );
        let net = NetPolicy {
            trusted_proxies: settings.trusted_proxies.clone(),
            public_base_url: settings.public_base_url.clone(),
            body_timeout: Some(settings.request_timeout),
        };
        let state = AppState::new(kbs, settings.body_limit_bytes, &document)
            .with_metrics_tokens(metrics_tokens)
            .with_fhir_allowed_origins(settings.fhir_allowed_origins.clone())
            .with_access(api_keys, rate_limits, open_limits)
            .with_net(net);
        // Settings built in code (not from the environment) are checked here too: actix-cors
        // would otherwise fail inside each worker with a message that names neither.
        let cors_origins = crate::config::cors_origins(&settings.cors_allowed_origins)?;
        let cds_auth = web::Data::new(crate::cds::jwt::CdsAuth::from_settings(
            &settings.cds_jwt,
            settings.public_base_url.as_deref(),
        )?);
        crate::cds::declare_metrics(&state.metrics);
        let catalogues = web::Data::new(api::Catalogues::new(&state));
        let templates = web::Data::new(
            api::dto::AnswerTemplates::new(
                crate::domain::Lang::ALL
                    .iter()
                    .map(|&lang| state.kb_in(lang)),
            )
            .map_err(|e| anyhow::anyhow!("Failed to prepare the answer templates: {e}"))?,
        );
        let data = web::Data::new(state.clone());
        let mut server = HttpServer::new(move || {
            let app = App::new()
                .app_data(data.clone())
                .app_data(cds_auth.clone())
                .app_data(catalogues.clone())
                .app_data(templates.clone())
                .into_utoipa_app()
                .configure(routes::configure)
                .into_app()
                .configure(routes::configure_pages)
                .default_service(web::to(crate::http::fallback))
                // Innermost first: each operation's parameters as its spec lists them, HEAD
                // served as GET, access checks, the request span, metrics, CORS, compression (only when `Accept-Encoding` asks for it), then the edge
                // (request id, header limits, problem+json for every error, security headers).
                .wrap(from_fn(crate::http::params::check))
                .wrap(from_fn(middleware::head_as_get))
                .wrap(from_fn(access::guard))
                .wrap(TracingLogger::<RequestSpan>::new())
                .wrap(from_fn(metrics::record))
                .wrap(cors(&cors_origins))
                // Inside the edge, so its 406 (no acceptable coding) becomes a problem too.
                .wrap(actix_web::middleware::Compress::default())
                .wrap(from_fn(middleware::edge));
            // Each worker has just built its routes (and their spec, dropped again); what that
            // and the rest of start-up (loading four languages, the served document) freed goes
            // back to the system before the first request (`memory`).
            crate::memory::release_start_up_memory();
            app
        })
        .shutdown_timeout(settings.shutdown_timeout.as_secs())
        // Slow clients: the header section must arrive within the request timeout (the body
        // has the same deadline, counted from the headers: see `http::limits`), idle keep-alive
        // connections are closed, and each worker holds a bounded number of connections.
        .client_request_timeout(settings.request_timeout)
        .client_disconnect_timeout(Duration::from_secs(1))
        .keep_alive(if settings.keep_alive.is_zero() {
            actix_web::http::KeepAlive::Disabled
        } else {
            actix_web::http::KeepAlive::Timeout(settings.keep_alive)
        })
        .max_connections(settings.max_connections_per_worker)
        // No Nagle delay: a compressed answer goes out as several chunks, and with Nagle on the
        // last one waited for the client's delayed ACK (a 40 ms stall per response).
        .on_connect(|conn, _| {
            if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
                let _ = tcp.set_nodelay(true);
            }
        })
        // Our own handler stops the server (after the drain); actix's would stop it at once.
        .disable_signals()
        .listen(listener)
        .context("Failed to start listening")?;
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        let server = server.run();
        Ok(Self {
            port,
            server,
            state,
            drain: settings.shutdown_drain,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until SIGTERM or SIGINT, then shuts down without dropping accepted requests:
    ///
    /// 1. `/readyz` answers 503 at once, and every answer from then on says
    ///    `Connection: close`, so clients stop reusing connections to this instance;
    /// 2. after SIGTERM the server keeps accepting and serving for the drain period, while load
    ///    balancers notice readiness and stop routing here (SIGINT, i.e. Ctrl-C, skips this);
    /// 3. then it stops accepting and gives the requests under way the shutdown timeout.
    ///
    /// A second signal cuts the drain short; one more while requests finish exits the process.
    ///
    /// # Errors
    /// When the server fails while running.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // The handlers are installed before the start-up line is logged (and before the first
        // request is served), so a signal sent as soon as the port is known is never missed.
        let mut signals = Signals::install()?;
        tracing::info!(port = self.port, knowledge_version = %self.state.kb.meta.version, "cramp-advisor listening");
        let handle = self.server.handle();
        let state = self.state.clone();
        // Hand back, now and then, what bursts of compressed or CDS answers freed (`memory`).
        tokio::spawn(async {
            let mut every = tokio::time::interval(crate::memory::RELEASE_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                crate::memory::release_freed();
            }
        });
        let drain = self.drain;
        tokio::spawn(async move {
            let signal = signals.next().await;
            state.set_not_ready();
            let drain = if signal == Signal::Terminate {
                drain
            } else {
                Duration::ZERO
            };
            tracing::info!(
                ?signal,
                drain_seconds = drain.as_secs(),
                "shutdown signal received; draining, then finishing in-flight requests"
            );
            tokio::select! {
                () = tokio::time::sleep(drain) => {}
                _ = signals.next() => tracing::warn!("second signal: drain cut short"),
            }
            tracing::info!("no longer accepting connections; finishing in-flight requests");
            let stopped = handle.stop(true);
            tokio::select! {
                () = stopped => {}
                _ = signals.next() => {
                    // actix handles one stop command at a time, so a forced stop would wait
                    // for the graceful one: leave at once instead.
                    tracing::error!("another signal: exiting without waiting for in-flight requests");
                    std::process::exit(1);
                }
            }
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

/// The signal that started the shutdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signal {
    /// SIGTERM: an orchestrator stopping the instance (drain first).
    Terminate,
    /// SIGINT: Ctrl-C in a terminal (no drain).
    Interrupt,
}

/// SIGTERM and SIGINT listeners, installed up front.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                interrupt: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// The next signal.
    async fn next(&mut self) -> Signal {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => Signal::Terminate,
                _ = self.interrupt.recv() => Signal::Interrupt,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Signal::Interrupt
        }
    }
}
