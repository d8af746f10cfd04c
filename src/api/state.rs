//! What every handler shares: the knowledge base, the precomputed catalogue, the body limit and
//! the readiness flag. Immutable apart from the flag, so there are no locks on the request path.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::web::Bytes;

use super::cached::Catalogue;
use super::fallback::RouteTable;
use crate::knowledge::KnowledgeBase;

/// Shared, read-only application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The checked knowledge base.
    pub kb: Arc<KnowledgeBase>,
    /// Catalogue responses, serialised once.
    pub catalogue: Arc<Catalogue>,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Known paths and their methods, for 405 answers.
    pub routes: Arc<RouteTable>,
    /// The OpenAPI document, serialised once.
    pub openapi_json: Bytes,
    ready: Arc<AtomicBool>,
}

impl AppState {
    /// State for a loaded knowledge base; ready from the start. Serialises the catalogue and
    /// the OpenAPI document once, here, so no request pays for it.
    pub fn new(kb: KnowledgeBase, body_limit: usize) -> Self {
        let catalogue = Catalogue::new(&kb);
        let spec = super::openapi::spec();
        let routes = RouteTable::from_spec(&spec);
        let mut json = spec
            .to_pretty_json()
            .expect("the OpenAPI document always serialises");
        json.push('\n');
        Self {
            kb: Arc::new(kb),
            catalogue: Arc::new(catalogue),
            body_limit,
            routes: Arc::new(routes),
            openapi_json: Bytes::from(json),
            ready: Arc::new(AtomicBool::new(true)),
        }
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
