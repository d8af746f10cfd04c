//! What every handler shares: the knowledge base in every language, the body limit, the served
//! OpenAPI document and its route table, access control, metrics and the readiness flag.
//! Immutable apart from the flag, so there are no locks on the request path. (A façade's own
//! precomputed data, such as the v1 catalogue, is its own app data.)

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::web::Bytes;
use utoipa::openapi::OpenApi;

use super::access::{ApiKeys, RateLimits};
use super::fallback::RouteTable;
use super::metrics::Metrics;
use super::params::ParamTable;
use crate::domain::Lang;
use crate::http::limits::NetPolicy;
use crate::knowledge::KnowledgeBase;

/// Shared, read-only application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The checked knowledge base in English (the source language).
    pub kb: Arc<KnowledgeBase>,
    /// The knowledge base in every language, in [`Lang::ALL`] order.
    kbs: Vec<Arc<KnowledgeBase>>,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Known paths and their methods, for 405 answers.
    pub routes: Arc<RouteTable>,
    /// Each operation's query and path parameters, as the served document lists them.
    pub params: Arc<ParamTable>,
    /// The OpenAPI document, serialised once.
    pub openapi_json: Bytes,
    /// FHIR server origins CDS Hooks calls may make us fetch from (empty: never fetch).
    pub fhir_allowed_origins: Arc<Vec<String>>,
    /// Accepted API keys (hashes); `None` when keys are off.
    pub api_keys: Option<Arc<ApiKeys>>,
    /// Per-client rate limits of the `/v1` and `/cds-services` scopes; `None` when off.
    pub rate_limits: Option<Arc<RateLimits>>,
    /// Accepted metrics scraper tokens (hashes); `None` when `/metrics` is open.
    pub metrics_tokens: Option<Arc<ApiKeys>>,
    /// Per-IP rate limits of the open routes (probes, metrics, spec, pages); `None` when off.
    pub open_limits: Option<Arc<RateLimits>>,
    /// Prometheus metrics.
    pub metrics: Arc<Metrics>,
    /// Trusted proxies, the public base URL and the body deadline.
    pub net: Arc<NetPolicy>,
    ready: Arc<AtomicBool>,
}

impl AppState {
    /// State for a loaded knowledge base, serving `spec` (the document this deployment
    /// serves, see [`crate::spec::spec_for`]); ready from the start. Serialises the document
    /// once, here, so no request pays for it, and builds the 405 route table from it.
    ///
    /// # Panics
    /// When `kbs` does not hold one knowledge base per language, in [`Lang::ALL`] order.
    pub fn new(kbs: Vec<KnowledgeBase>, body_limit: usize, spec: &OpenApi) -> Self {
        assert_eq!(
            kbs.len(),
            Lang::ALL.len(),
            "one knowledge base per language"
        );
        let kbs: Vec<Arc<KnowledgeBase>> = kbs.into_iter().map(Arc::new).collect();
        let metrics = Arc::new(Metrics::new(&kbs[0].meta.version));
        let routes = RouteTable::from_spec(spec);
        let params = ParamTable::from_spec(spec);
        let mut json = spec
            .to_pretty_json()
            .expect("the OpenAPI document always serialises");
        json.push('\n');
        Self {
            kb: kbs[0].clone(),
            kbs,
            body_limit,
            routes: Arc::new(routes),
            params: Arc::new(params),
            openapi_json: Bytes::from(json),
            fhir_allowed_origins: Arc::new(Vec::new()),
            api_keys: None,
            rate_limits: None,
            open_limits: None,
            metrics_tokens: None,
            metrics,
            net: Arc::new(NetPolicy::default()),
            ready: Arc::new(AtomicBool::new(true)),
        }
    }

    /// The knowledge base in `lang`.
    pub fn kb_in(&self, lang: Lang) -> &KnowledgeBase {
        &self.kbs[lang.index()]
    }

    /// The same state, allowing CDS Hooks fetches from these FHIR server origins.
    pub fn with_fhir_allowed_origins(mut self, origins: Vec<String>) -> Self {
        self.fhir_allowed_origins = Arc::new(origins);
        self
    }

    /// The same state with API keys, the scopes' rate limits and the open routes' (each `None`
    /// when off).
    pub fn with_access(
        mut self,
        api_keys: Option<ApiKeys>,
        rate_limits: Option<Arc<RateLimits>>,
        open_limits: Option<Arc<RateLimits>>,
    ) -> Self {
        self.api_keys = api_keys.map(Arc::new);
        self.rate_limits = rate_limits;
        self.open_limits = open_limits;
        self
    }

    /// The same state with `/metrics` behind these scraper tokens (`None`: open).
    pub fn with_metrics_tokens(mut self, tokens: Option<ApiKeys>) -> Self {
        self.metrics_tokens = tokens.map(Arc::new);
        self
    }

    /// The same state with this network policy (trusted proxies, public base URL, deadlines).
    pub fn with_net(mut self, net: NetPolicy) -> Self {
        self.net = Arc::new(net);
        self
    }

    /// Whether `/readyz` should answer 200.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }

    /// Marks the service as not ready (during shutdown, so load balancers stop sending traffic).
    pub fn set_not_ready(&self) {
        self.ready.store(false, Ordering::Relaxed);
    }
}
