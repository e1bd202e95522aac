//! The OpenAPI 3.1 document of the contract over HTTP, generated from the code with
//! utoipa's builders and committed as `docs/openapi.json` (a test fails when the committed
//! document drifts; `UPDATE_OPENAPI=1` rewrites it).
//!
//! The wire types are `idn-contract`'s, whose feature `openapi` derives `utoipa::ToSchema`
//! on each of them: every request and reply is a component described field by field, with
//! the types it holds (phone numbers, identities, documents, the tagged enums), and so are
//! the refusal, the capability document, the id_token's claims and the outbound messages.
//! The paths are generated from [`Request::NAMES`] and [`Request::REPLY_NAMES`], and the
//! components from the `Request` and `Reply` enums, so that an operation added to the
//! contract appears here at once. OpenID Connect's query, form and answers, which are not
//! contract types, are described here by hand.

use idn_contract::capabilities::Capabilities;
use idn_contract::http::{self, CLOCK_HEADER, ErrorBody};
use idn_contract::token::IdTokenClaims;
use idn_contract::{OutboundMessage, Reply, Request};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{
    ComponentsBuilder, Content, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr,
    Required, ResponseBuilder, Schema,
};

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/v1/openapi.json";

/// The document.
pub fn document() -> OpenApi {
    let mut paths = PathsBuilder::new();
    for (name, reply) in Request::NAMES.iter().zip(Request::REPLY_NAMES) {
        if !http::is_oidc(name) && !matches!(*name, "OidcDiscovery" | "OidcJwks") {
            paths =
                paths.path(http::op_path(name), PathItem::new(HttpMethod::Post, op(name, reply)));
        }
    }
    for (path, method, operation) in fixed_paths() {
        paths = paths.path(path, PathItem::new(method, operation));
    }
    let components = ComponentsBuilder::new()
        .schemas_from_iter(contract_schemas())
        .schemas_from_iter(envelope_schemas());
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("L'Identité Numérique La Poste: the contract over HTTP")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(description())),
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

/// The schemas of the contract's wire types, by name: every request and reply and what
/// they hold, the refusal, the capability document, the id_token's claims, the outbound
/// messages. The `Request` and `Reply` enums only gather them: over HTTP a body carries
/// the fields of one variant, without the `op` or `reply` tag (the path names it).
fn contract_schemas() -> BTreeMap<String, RefOr<Schema>> {
    let mut schemas = Vec::new();
    <Request as ToSchema>::schemas(&mut schemas);
    <Reply as ToSchema>::schemas(&mut schemas);
    with_nested::<ErrorBody>(&mut schemas);
    with_nested::<Capabilities>(&mut schemas);
    with_nested::<IdTokenClaims>(&mut schemas);
    with_nested::<OutboundMessage>(&mut schemas);
    schemas.into_iter().map(|(name, schema)| (name, unit_as_empty_object(schema))).collect()
}

/// A unit struct (`Ack`, `OidcDiscovery`, `OidcJwks`) derives "any value, default null",
/// serde's form of the type alone; over HTTP its body is the variant's fields without the
/// tag, an object with none: `{}`.
fn unit_as_empty_object(schema: RefOr<Schema>) -> RefOr<Schema> {
    match schema {
        RefOr::T(Schema::Object(object))
            if object.schema_type == SchemaType::AnyValue
                && object.default == Some(serde_json::Value::Null) =>
        {
            ObjectBuilder::new().schema_type(Type::Object).description(object.description).into()
        }
        other => other,
    }
}

/// `T`'s schema and those of the types it holds.
fn with_nested<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
}

/// The document's description: [`DESCRIPTION`] and where each outbound message goes.
fn description() -> String {
    let outbound = [
        (http::outbound::SMS_PATH, "Sms"),
        (http::outbound::MAIL_PATH, "Email"),
        (http::outbound::PUSH_PATH, "Push"),
        (http::outbound::AR24_PATH, "Ar24LetterRequest"),
        (http::outbound::ROUNDS_BOOKING_PATH, "PostmanBooking"),
        (http::outbound::ROUNDS_CANCELLATION_PATH, "PostmanCancellation"),
    ]
    .map(|(path, schema)| format!("`{path}` (`{schema}`)"))
    .join(", ");
    format!(
        "{DESCRIPTION} Each message is the JSON of its schema, POSTed with the clock header to \
         a path under that URL: {outbound}. The id_token's payload is `IdTokenClaims`."
    )
}

const DESCRIPTION: &str = "What an implementation of L'Identité Numérique La Poste exposes to \
the idn-sim harness. Every operation but login is `POST /v1/ops/<Name>` with the operation's \
fields as JSON; a 200 answer holds the reply's fields. Login is OpenID Connect (authorization \
code flow with PKCE S256): `/authorize` answers JSON when asked `Accept: application/json`, \
and is otherwise a browser's front channel (pages, then a redirect to the client); the token \
endpoint takes client_secret_basic or client_secret_post. Every request names its test clock, \
the namespace of everything it creates, in the `Idn-Test-Clock` header (a server may give the \
requests without it a default clock). A refusal the contract allows is status 422 with an \
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
        .response("200", answer(&format!("the reply, {reply}"), reply))
        .response("400", answer("malformed JSON, wrong types or no clock header", "ErrorBody"))
        .response("404", answer("no such operation", "ErrorBody"))
        .response("422", answer("a refusal the contract allows", "ErrorBody"))
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

fn object(description: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Object).description(Some(description))
}

fn enum_of(values: &[&str]) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values.to_vec()))
}

/// The named schemas of OpenID Connect's wire, which are not contract types: the token
/// request's form, the token endpoint's answer and OAuth's errors.
fn envelope_schemas() -> Vec<(&'static str, RefOr<Schema>)> {
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
        .property(
            "id_token",
            string("A JWT signed ES256 with a key of the JWKS; its payload is `IdTokenClaims`."),
        )
        .required("id_token")
        .property("token_type", string("Bearer"))
        .required("token_type")
        .property("expires_in", integer("Lifetime of the access token, in seconds."))
        .required("expires_in");
    let token_form = object(
        "The token request, application/x-www-form-urlencoded. The client authenticates with \
        client_secret_post (`client_id` and `client_secret` here) or client_secret_basic \
        (`Authorization: Basic base64(id:secret)`, each form-urlencoded first, and no \
        `client_secret` here), never both (RFC 6749 §2.3).",
    )
    .property("grant_type", enum_of(&["authorization_code"]))
    .required("grant_type");
    let token_form = ["code", "redirect_uri", "code_verifier"]
        .into_iter()
        .fold(token_form, |form, field| form.property(field, string("")).required(field))
        .property("client_id", string("client_secret_post; optional with client_secret_basic."))
        .property("client_secret", string("client_secret_post only."));
    let authorize_form = AUTHORIZE_PARAMETERS.iter().fold(
        object("The authorization request as a form (`POST /authorize`): the query's parameters."),
        |form, (name, required, description)| {
            let form = form.property(*name, string(description));
            if *required { form.required(*name) } else { form }
        },
    );
    vec![
        ("OAuthError", oauth_error.into()),
        ("TokenResponse", token_response.into()),
        ("TokenForm", token_form.into()),
        ("AuthorizeForm", authorize_form.into()),
    ]
}

/// The paths that are not operations.
fn fixed_paths() -> Vec<(&'static str, HttpMethod, OperationBuilder)> {
    let get = |id: &str, summary: &str| {
        OperationBuilder::new().operation_id(Some(id)).summary(Some(summary))
    };
    let authorize = AUTHORIZE_PARAMETERS.iter().fold(
        get(
            "Authorize",
            "The authorization request (OpenID Connect, PKCE S256), with \
             `Accept: application/json`",
        )
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
    let authorize_post = OperationBuilder::new()
        .operation_id(Some("AuthorizeByPost"))
        .summary(Some(
            "The authorization request as a form, with `Accept: application/json` \
             (OpenID Connect Core 1.0 §3.1.2.1)",
        ))
        .tag("openid-connect")
        .parameter(clock_header())
        .request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content("application/x-www-form-urlencoded", json_of("AuthorizeForm"))
                .build(),
        ))
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
        .response("401", answer("invalid_client, with WWW-Authenticate: Basic", "OAuthError"));
    let userinfo = |id: &str| {
        get(id, "The identity claims, for `Authorization: Bearer <token>`")
            .tag("openid-connect")
            .parameter(clock_header())
            .response("200", answer("the claims", "UserInfoClaims"))
            .response("400", answer("the token sent twice", "OAuthError"))
            .response(
                "401",
                answer(
                    "no token, or invalid_token; with WWW-Authenticate: Bearer (RFC 6750 §3)",
                    "OAuthError",
                ),
            )
    };
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
        (http::AUTHORIZE_PATH, HttpMethod::Post, authorize_post),
        (http::TOKEN_PATH, HttpMethod::Post, token),
        (http::USERINFO_PATH, HttpMethod::Get, userinfo("UserInfo")),
        (http::USERINFO_PATH, HttpMethod::Post, userinfo("UserInfoByPost")),
        (http::DISCOVERY_PATH, HttpMethod::Get, discovery),
        (http::JWKS_PATH, HttpMethod::Get, jwks),
        (http::CAPABILITIES_PATH, HttpMethod::Get, capabilities),
        (OPENAPI_PATH, HttpMethod::Get, openapi),
    ]
}

/// The query of `/authorize`: name, required, meaning.
const AUTHORIZE_PARAMETERS: &[(&str, bool, &str)] = &[
    ("client_id", true, "The client (FranceConnect+)."),
    ("redirect_uri", true, "Where the browser comes back with the code."),
    ("response_type", false, "`code` (the only one)."),
    ("scope", false, "Space-separated; must hold `openid`."),
    (
        "acr_values",
        false,
        "Space-separated eIDAS levels: `eidas1`, `eidas2`; a browser's request without it \
         is served at `eidas2`.",
    ),
    (
        "login_hint",
        true,
        "The mobile number: `<calling code> <national>`, e.g. `+33 612345678`; a browser \
         without it gets a page that asks it.",
    ),
    ("state", true, "Echoed back with the code."),
    ("nonce", true, "Carried in the id_token."),
    (
        "service_name",
        true,
        "The partner service, shown in the app; a browser's request may leave it out.",
    ),
    ("code_challenge", true, "PKCE: base64url(sha256(code_verifier))."),
    ("code_challenge_method", true, "`S256`."),
];
