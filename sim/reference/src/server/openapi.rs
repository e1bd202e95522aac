//! The OpenAPI 3.1 document of the contract over HTTP, generated from the code with
//! utoipa's builders and committed as `docs/openapi.json` (a test fails when the committed
//! document drifts; `UPDATE_OPENAPI=1` rewrites it).
//!
//! Why builders and not `#[derive(ToSchema)]`: the operations live in `idn-contract`,
//! whose hundred wire types carry serde derives only; the paths are generated from
//! [`Request::NAMES`] and [`Request::REPLY_NAMES`], so that an operation added to the
//! contract appears here at once. Each operation and reply has a named schema that points
//! at its Rust type (`idn_contract::…`) for its fields; the envelope the wire mapping
//! pins (the clock header, the error body, OpenID Connect's query, form and answers, the
//! capability document) is described field by field.

use idn_contract::Request;
use idn_contract::http::{self, CLOCK_HEADER};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{
    ComponentsBuilder, Content, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr,
    Required, ResponseBuilder, Schema,
};

/// The document.
pub fn document() -> OpenApi {
    let mut paths = PathsBuilder::new();
    let mut components = ComponentsBuilder::new();
    for (name, reply) in Request::NAMES.iter().zip(Request::REPLY_NAMES) {
        components = components.schema(*name, contract_type(name, "request"));
        components = components.schema(*reply, contract_type(reply, "reply"));
        if !http::is_oidc(name) && !matches!(*name, "OidcDiscovery" | "OidcJwks") {
            paths =
                paths.path(http::op_path(name), PathItem::new(HttpMethod::Post, op(name, reply)));
        }
    }
    for (name, schema) in envelope_schemas() {
        components = components.schema(name, schema);
    }
    for (path, method, operation) in fixed_paths() {
        paths = paths.path(path, PathItem::new(method, operation));
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("L'Identité Numérique La Poste: the contract over HTTP")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(DESCRIPTION)),
        )
        .paths(paths)
        .components(Some(components.build()))
        .build()
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_json() -> String {
    let mut text = document().to_pretty_json().expect("an OpenAPI document serializes");
    text.push('\n');
    text
}

const DESCRIPTION: &str = "What an implementation of L'Identité Numérique La Poste exposes to \
the idn-sim harness. Every operation but login is `POST /v1/ops/<Name>` with the operation's \
fields as JSON; a 200 answer holds the reply's fields. Login is OpenID Connect (authorization \
code flow with PKCE S256). Every request names its test clock, the namespace of everything it \
creates, in the `Idn-Test-Clock` header. A refusal the contract allows is status 422 with an \
`ErrorBody`; malformed input is 400 with an `ErrorBody` of code `invalid_request`; an unknown \
operation is 404 with code `not_found`. Over HTTP the implementation POSTs what it sends (SMS, \
e-mail, push, AR24 letters, postman bookings) to the `outbound_url` given in TestClockCreate.";

fn op(name: &str, reply: &str) -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some(name))
        .tag("operations")
        .summary(Some(format!("{name}, answered by {reply}")))
        .parameter(clock_header())
        .request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content("application/json", json_of(name))
                .build(),
        ))
        .response("200", answer(&format!("the fields of {reply}"), reply))
        .response("400", answer("malformed JSON, wrong types or no clock header", "ErrorBody"))
        .response("404", answer("no such operation", "ErrorBody"))
        .response("422", answer("a refusal the contract allows", "ErrorBody"))
}

/// A contract type described by name: its fields are those of the Rust type.
fn contract_type(name: &str, role: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Object).description(Some(format!(
        "The fields of the {role} type `{name}` of idn-contract, as serde writes them (without the \
         `op` or `reply` tag: the path names it)."
    )))
}

fn clock_header() -> ParameterBuilder {
    ParameterBuilder::new()
        .name(CLOCK_HEADER)
        .parameter_in(ParameterIn::Header)
        .required(Required::True)
        .description(Some("The test clock (namespace) of the request."))
        .schema(Some(string("")))
}

fn json_of(schema: &str) -> Content {
    Content::new(Some(Ref::from_schema_name(schema)))
}

fn answer(description: &str, schema: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content("application/json", json_of(schema))
}

fn string(description: &str) -> ObjectBuilder {
    let schema = ObjectBuilder::new().schema_type(Type::String);
    if description.is_empty() { schema } else { schema.description(Some(description)) }
}

fn integer(description: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)).description(Some(description))
}

fn boolean() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Boolean)
}

fn object(description: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Object).description(Some(description))
}

fn enum_of(values: &[&str]) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values.to_vec()))
}

fn array_of(items: impl Into<RefOr<Schema>>) -> ArrayBuilder {
    ArrayBuilder::new().items(items.into())
}

/// The named schemas of the envelope: errors, OpenID Connect's answers, capabilities.
fn envelope_schemas() -> Vec<(&'static str, RefOr<Schema>)> {
    let refusal = object("A refusal: a stable machine-readable code and a message for a person.")
        .property(
            "code",
            string(
                "The refusal code, snake_case (`pin_too_simple`): \
            idn_contract::RefusalCode.",
            ),
        )
        .required("code")
        .property("message", string("For a person, in French."))
        .required("message")
        .property("retry_after_s", integer("How long before retrying (some codes)."))
        .property("attempts_left", integer("Attempts left (wrong codes)."));
    let error_body = object("The body of every error but the token and userinfo endpoints'.")
        .property("error", Ref::from_schema_name("Refusal"))
        .required("error");
    let oauth_error = object(
        "OAuth's error (RFC 6749 §5.2): `error` is the refusal code \
        (`invalid_grant`, `invalid_client`, `invalid_request`, `invalid_token`, …); status 401 \
        for invalid_client and invalid_token, 400 otherwise.",
    )
    .property("error", string(""))
    .required("error")
    .property("error_description", string(""));
    let token_response = object("The token endpoint's answer (RFC 6749 §5.1).")
        .property("access_token", string(""))
        .required("access_token")
        .property("id_token", string("A JWT signed ES256 with a key of the JWKS."))
        .required("id_token")
        .property("token_type", string("Bearer"))
        .required("token_type")
        .property("expires_in", integer("Lifetime of the access token, in seconds."))
        .required("expires_in");
    let token_form = object("The token request, application/x-www-form-urlencoded.")
        .property("grant_type", enum_of(&["authorization_code"]))
        .required("grant_type");
    let token_form = ["code", "redirect_uri", "client_id", "client_secret", "code_verifier"]
        .into_iter()
        .fold(token_form, |form, field| form.property(field, string("")).required(field));
    let implementation = object("Which implementation answers.")
        .property("name", string(""))
        .required("name")
        .property("version", string(""))
        .required("version");
    let test_features = object("The test-only features the harness relies on.")
        .property("test_clock", boolean())
        .property("concurrent_clocks", boolean());
    let capabilities = object(
        "What the implementation claims: scenarios needing anything \
        else are reported not applicable.",
    )
    .property("implementation", implementation)
    .required("implementation")
    .property("verification_modes", array_of(enum_of(&["postman", "post_office", "online"])))
    .required("verification_modes")
    .property("channels", array_of(enum_of(&["web", "app", "counter"])))
    .required("channels")
    .property("test_features", test_features)
    .required("test_features");
    vec![
        ("Refusal", refusal.into()),
        ("ErrorBody", error_body.into()),
        ("OAuthError", oauth_error.into()),
        ("TokenResponse", token_response.into()),
        ("TokenForm", token_form.into()),
        ("Capabilities", capabilities.into()),
    ]
}

/// The paths that are not operations.
fn fixed_paths() -> Vec<(&'static str, HttpMethod, OperationBuilder)> {
    let get = |id: &str, summary: &str| {
        OperationBuilder::new().operation_id(Some(id)).summary(Some(summary))
    };
    let authorize = AUTHORIZE_PARAMETERS.iter().fold(
        get("Authorize", "The authorization request (OpenID Connect, PKCE S256)")
            .tag("openid-connect")
            .parameter(clock_header()),
        |operation, (name, required, description)| {
            operation.parameter(
                ParameterBuilder::new()
                    .name(*name)
                    .parameter_in(ParameterIn::Query)
                    .required(if *required { Required::True } else { Required::False })
                    .description(Some(*description))
                    .schema(Some(string(""))),
            )
        },
    );
    let authorize = authorize
        .response("200", answer("the request waits for the app", "AuthorizationPending"))
        .response("400", answer("a parameter is missing or malformed", "ErrorBody"))
        .response("422", answer("a refusal the contract allows", "ErrorBody"));
    let token = OperationBuilder::new()
        .operation_id(Some("Token"))
        .summary(Some("The token request: a code for an id_token and an access token"))
        .tag("openid-connect")
        .parameter(clock_header())
        .request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content("application/x-www-form-urlencoded", json_of("TokenForm"))
                .build(),
        ))
        .response("200", answer("the tokens", "TokenResponse"))
        .response("400", answer("invalid_grant, invalid_request, …", "OAuthError"))
        .response("401", answer("invalid_client", "OAuthError"));
    let userinfo = get("UserInfo", "The identity claims, for `Authorization: Bearer <token>`")
        .tag("openid-connect")
        .parameter(clock_header())
        .response("200", answer("the claims", "UserInfoClaims"))
        .response("400", answer("no bearer token", "OAuthError"))
        .response("401", answer("invalid_token", "OAuthError"));
    let discovery = get("OidcDiscovery", "OpenID Connect discovery")
        .tag("openid-connect")
        .response("200", answer("the provider's metadata", "DiscoveryDocument"));
    let jwks = get("OidcJwks", "The keys that sign the id_tokens (RFC 7517)")
        .tag("openid-connect")
        .response("200", answer("a JWK set", "Jwks"));
    let capabilities = get("Capabilities", "What the implementation implements")
        .tag("harness")
        .response("200", answer("the capability document", "Capabilities"));
    let openapi = get("OpenApi", "This document")
        .tag("harness")
        .response("200", ResponseBuilder::new().description("an OpenAPI 3.1 document"));
    vec![
        (http::AUTHORIZE_PATH, HttpMethod::Get, authorize),
        (http::TOKEN_PATH, HttpMethod::Post, token),
        (http::USERINFO_PATH, HttpMethod::Get, userinfo),
        (http::DISCOVERY_PATH, HttpMethod::Get, discovery),
        (http::JWKS_PATH, HttpMethod::Get, jwks),
        (http::CAPABILITIES_PATH, HttpMethod::Get, capabilities),
        (super::OPENAPI_PATH, HttpMethod::Get, openapi),
    ]
}

/// The query of `/authorize`: name, required, meaning.
const AUTHORIZE_PARAMETERS: &[(&str, bool, &str)] = &[
    ("client_id", true, "The client (FranceConnect+)."),
    ("redirect_uri", true, "Where the browser comes back with the code."),
    ("response_type", false, "`code` (the only one)."),
    ("scope", false, "Space-separated; must hold `openid`."),
    ("acr_values", false, "Space-separated eIDAS levels: `eidas1`, `eidas2`."),
    ("login_hint", true, "The mobile number: `<calling code> <national>`, e.g. `+33 612345678`."),
    ("state", true, "Echoed back with the code."),
    ("nonce", true, "Carried in the id_token."),
    ("service_name", true, "The partner service, shown in the app."),
    ("code_challenge", true, "PKCE: base64url(sha256(code_verifier))."),
    ("code_challenge_method", true, "`S256`."),
];
