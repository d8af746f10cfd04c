//! The headers the service sends and reads, documented on every operation: the response
//! headers (request id, caching, language, rate limits, …), `If-None-Match` where a 304 is
//! possible, and `Accept-Language` everywhere.

/// The response headers every operation sends, and the conditional-request parameter of those
/// that answer 304, documented on each response (none is `required`: each is described with
/// when it is sent).
pub(super) fn document_headers(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::header::{Header, HeaderBuilder};
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, RefOr, Required, Type};
    let string = |max: usize| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(max))
    };
    let header = |schema: ObjectBuilder, description: &str| -> RefOr<Header> {
        RefOr::T(
            HeaderBuilder::new()
                .schema(Some(schema))
                .description(Some(description))
                .build(),
        )
    };
    let seconds = || {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Int32,
            )))
            .minimum(Some(0))
            .maximum(Some(86_400))
    };
    let request_id = header(
        string(100),
        "Identifies this request in the service's logs; quote it when reporting a problem.",
    );
    let language = header(
        string(2).enum_values(Some(["en", "es", "de", "fr"])),
        "The language of every text a person reads in this answer (see `Accept-Language`). A \
         problem whose text exists only in English (one the HTTP layer words itself, such as a \
         431 or a refused CORS preflight, and the CDS preconditions) is English throughout and \
         says `en`.",
    );
    let vary = header(
        string(200),
        "`Accept-Language`, `Accept-Encoding` (and the CORS request headers): caches must key \
         on them.",
    );
    let cache_control = header(
        string(100),
        "`no-store` for anything describing a person (assessments, CDS answers) and for \
         problems; `public, max-age=N` for the catalogue and this document.",
    );
    let etag = header(
        string(100),
        "Strong validator of the catalogue in this language and content coding (a compressed \
         answer has its own): send it back in `If-None-Match` to get 304 while the knowledge \
         base is unchanged.",
    );
    let content_encoding = header(
        string(10).enum_values(Some(["gzip", "deflate"])),
        "Present when the body is compressed: only when the request's `Accept-Encoding` asks \
         for `gzip` or `deflate` (`gzip` first at equal weight; `br` is not offered). Without \
         `Accept-Encoding` the body is never compressed.",
    );
    let rate_limit = [
        (
            "RateLimit-Limit",
            "Requests allowed per minute for this client: `APP_RATE_LIMIT_PER_MINUTE` on `/v1` \
             and `/cds-services`, `APP_RATE_LIMIT_OPEN_PER_MINUTE` on the open routes. Sent when \
             the limit is on (not 0).",
        ),
        (
            "RateLimit-Remaining",
            "Requests this client has left in the current window. Sent when the rate limit is on.",
        ),
        (
            "RateLimit-Reset",
            "Seconds until the window resets. Sent when the rate limit is on.",
        ),
    ];
    let retry_after = header(seconds(), "Seconds to wait before trying again.");
    let www_authenticate = header(
        string(200),
        "The challenge: `Bearer realm=\"cramp-advisor\"` (with `error=\"invalid_token\"` when \
         a key was sent but is not accepted). Send the key in `X-API-Key` or as \
         `Authorization: Bearer`.",
    );
    let if_none_match = ParameterBuilder::new()
        .name("If-None-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "The `ETag` of a copy you hold (or `*`): when it still matches, the answer is 304 with \
             no body; any other value is ignored.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .examples([serde_json::json!("\"375b9401c4b794cb91df7c4503babbdd\"")]),
        ))
        .build();
    // Every route is rate-limited (see `http::access`): the `/v1` and `/cds-services` scopes
    // per key or IP, the open routes per IP and generously. Every operation may answer 429,
    // with the same problem as the others.
    let limited_scope = |_: &str| true;
    let too_many = openapi
        .paths
        .paths
        .values()
        .flat_map(|item| [&item.get, &item.post])
        .flatten()
        .find_map(|operation| operation.responses.responses.get("429").cloned());
    for (path, item) in &mut openapi.paths.paths {
        let limited = limited_scope(path);
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            if limited && let Some(too_many) = &too_many {
                operation
                    .responses
                    .responses
                    .entry("429".to_owned())
                    .or_insert_with(|| too_many.clone());
            }
            let conditional = operation.responses.responses.contains_key("304");
            if conditional {
                operation
                    .parameters
                    .get_or_insert_with(Vec::new)
                    .push(RefOr::T(if_none_match.clone()));
            }
            for (status, response) in &mut operation.responses.responses {
                let RefOr::T(response) = response else {
                    continue;
                };
                let h = &mut response.headers;
                h.insert("X-Request-Id".into(), request_id.clone());
                if status != "304" {
                    h.insert("Content-Language".into(), language.clone());
                }
                h.insert("Vary".into(), vary.clone());
                // Answers say how long they may be kept; problems are never kept.
                h.insert("Cache-Control".into(), cache_control.clone());
                if status.starts_with('2') {
                    h.insert("Content-Encoding".into(), content_encoding.clone());
                }
                if conditional && (status == "200" || status == "304") {
                    h.insert("ETag".into(), etag.clone());
                }
                if limited && status != "500" {
                    for (name, description) in rate_limit {
                        h.insert(
                            name.into(),
                            header(seconds().maximum(Some(1_000_000)), description),
                        );
                    }
                }
                match status.as_str() {
                    "429" => {
                        h.insert("Retry-After".into(), retry_after.clone());
                    }
                    "401" => {
                        h.insert("WWW-Authenticate".into(), www_authenticate.clone());
                    }
                    _ => {}
                }
            }
        }
    }
}

/// What the platform answers to any operation (431; 408 where a body is read), documented on
/// every operation, each example rendered for that operation's path.
pub(super) fn document_platform_errors(openapi: &mut utoipa::openapi::OpenApi) {
    for (path, item) in &mut openapi.paths.paths {
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            let takes_body = operation.request_body.is_some();
            let errors = crate::http::responses::platform_errors(takes_body);
            for (status, response) in crate::http::responses::render(errors, path) {
                match operation.responses.responses.entry(status) {
                    std::collections::btree_map::Entry::Vacant(entry) => {
                        entry.insert(response);
                    }
                    // The operation's own 400 (a body that is not JSON, a wrong `lang`): the
                    // platform's parameter checks are one more cause of it.
                    std::collections::btree_map::Entry::Occupied(mut entry) => {
                        if let (utoipa::openapi::RefOr::T(own), utoipa::openapi::RefOr::T(platform)) =
                            (entry.get_mut(), &response)
                            && !own.description.contains(&platform.description)
                        {
                            own.description =
                                format!("{} Or: {}", own.description, platform.description);
                        }
                    }
                }
            }
        }
    }
}

/// Every operation answers in the language `Accept-Language` asks for (en, es, de, fr; English
/// otherwise) and says which in `Content-Language`: documented once, here, for all of them.
pub(super) fn document_language(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};
    let parameter = ParameterBuilder::new()
        .name("Accept-Language")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Language of every text a person reads (RFC 9110: q-values, wildcards; `es-MX` falls back to `es`). \
             Supported: `en`, `es`, `de`, `fr`; anything else gives English. The answer's `Content-Language` says which \
             was used; ids, codes and numbers never change with language.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).examples([serde_json::json!("es-MX, es;q=0.9, en;q=0.5")])))
        .build();
    for item in openapi.paths.paths.values_mut() {
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(utoipa::openapi::RefOr::T(parameter.clone()));
        }
    }
}
