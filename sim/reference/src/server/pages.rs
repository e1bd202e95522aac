//! The pages a browser sees in the front channel: the number to type when the client sent
//! no `login_hint`, the waiting page that refreshes itself until the app answers (no script:
//! `<meta http-equiv="refresh">`), and the error page shown when the client or its redirect
//! URI is not one the reference may redirect to. Plain HTML in French, every value escaped.

use crate::config::Client;
use crate::texts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// How often the waiting page asks again, in seconds of the browser's own time.
pub(crate) const REFRESH_S: u32 = 2;

/// The waiting page (AUTH-02): it reloads `next` every [`REFRESH_S`] seconds.
pub(crate) fn waiting(service_name: &str, next: &str) -> Response {
    let head = format!(r#"<meta http-equiv="refresh" content="{REFRESH_S};url={}">"#, escape(next));
    let body = format!(
        "<p>{}</p>\n<p>Demande de connexion à {}.</p>\n<p><a href=\"{}\">Actualiser</a></p>",
        escape(texts::PAGE_WAITING),
        escape(service_name),
        escape(next)
    );
    page(StatusCode::OK, &head, &body)
}

/// The page where a person types their number (AUTH-01), for a client that sent no
/// `login_hint`: a form that posts the request again, with every other parameter kept.
pub(crate) fn ask_number<'a>(
    action: &str,
    kept: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Response {
    let hidden: String = kept
        .into_iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                escape(name),
                escape(value)
            )
        })
        .collect();
    let body = format!(
        "<form method=\"post\" action=\"{}\">\n{hidden}<label for=\"login_hint\">Votre numéro \
         de mobile (indicatif, une espace, puis le numéro : +33 612345678)</label>\n\
         <input id=\"login_hint\" name=\"login_hint\" type=\"tel\" required>\n\
         <button type=\"submit\">Continuer</button>\n</form>",
        escape(action)
    );
    page(StatusCode::OK, "", &body)
}

/// An error the browser cannot be redirected with: the client or its redirect URI is not
/// registered, or the request cannot be found.
pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    let body = format!("<p role=\"alert\">{}</p>", escape(message));
    page(status, "", &body)
}

/// What the reference is, for the developer of a client (discovery's
/// `service_documentation`): a test provider, whose signing key anyone can derive.
pub(crate) fn about(issuer: &str, default_clock: Option<&str>, clients: &[Client]) -> Response {
    let base = issuer.trim_end_matches('/');
    let clients = clients
        .iter()
        .map(|c| {
            let uris: Vec<String> =
                c.redirect_uris.iter().map(|u| format!("<code>{}</code>", escape(u))).collect();
            format!("<code>{}</code> (redirect URIs {})", escape(&c.id), uris.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let clock = match default_clock {
        Some(clock) => format!(
            "requests that name no clock are on this server's default clock, <code>{}</code>",
            escape(clock)
        ),
        None => "this server has no default clock: a request that names none is refused".into(),
    };
    let body = format!(
        "<p lang=\"en\">This is <strong>idn-reference</strong>, the reference implementation \
         of the idn-sim simulator: a <strong>test</strong> OpenID provider, never a production \
         one. Its id_tokens are signed ES256 with a key derived from the server's seed, which \
         is public: anyone can sign tokens as this provider. Use it for tests only.</p>\n\
         <ul lang=\"en\">\n<li>Issuer: <code>{issuer}</code>; discovery: \
         <code>{base}{discovery}</code>; keys: <code>{base}{jwks}</code>; the whole HTTP \
         contract: <code>{base}{openapi}</code>.</li>\n\
         <li>Clients: {clients}, each \
         authenticated with client_secret_basic or client_secret_post; PKCE S256, state and \
         nonce required; acr_values eidas1 or eidas2 (eidas2 when a browser's request asks none).</li>\n\
         <li>Test clock (namespace) of a request: the <code>{header}</code> header, else the \
         <code>{param}</code> parameter of the front channel, else the server's default clock \
         (<code>idn-sim serve --default-clock</code>); {clock}.</li>\n</ul>",
        issuer = escape(issuer),
        base = escape(base),
        discovery = idn_contract::http::DISCOVERY_PATH,
        jwks = idn_contract::http::JWKS_PATH,
        openapi = super::OPENAPI_PATH,
        header = idn_contract::http::CLOCK_HEADER,
        param = super::respond::CLOCK_PARAM,
    );
    page(StatusCode::OK, "", &body)
}

fn page(status: StatusCode, head: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n{head}\n\
         <title>L'Identité Numérique La Poste</title>\n</head>\n<body>\n<main>\n\
         <h1>L'Identité Numérique La Poste</h1>\n{body}\n</main>\n</body>\n</html>\n"
    );
    let mut response = (status, Html(html)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Text as HTML text or attribute value.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that every character that could end a text or an attribute is escaped.
    #[test]
    fn values_are_escaped() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("Identité"), "Identité");
    }
}
