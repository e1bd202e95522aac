//! The reference's configuration: its seed, its issuer, and its policy profile (the values
//! the documents do not fix, ARCHITECTURE "Policy profile"). The profile is the contract's
//! [`Policy`]: one file configures the harness and the reference, so both read it with the
//! one reader of `idn_contract::policy`.

use idn_contract::login::{
    FRANCECONNECT_CLIENT_ID, FRANCECONNECT_CLIENT_SECRET, FRANCECONNECT_REDIRECT_URI,
};
use idn_contract::policy::Policy;

/// The issuer in-process when the configuration names none: a name under `.test`, which
/// never resolves (RFC 6761 §6.2), so that nobody mistakes the reference for a production
/// provider. Its signing key is derived from the public seed: it is for tests only.
pub const DEFAULT_ISSUER: &str = "https://idp.test";

/// A relying party the reference knows: its id, its secret (`client_secret_basic` or
/// `client_secret_post`), and the redirect URIs registered for it, matched exactly
/// (RFC 9700 §4.1.3: no pattern, no prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    pub secret: String,
    pub redirect_uris: Vec<String>,
}

impl Client {
    /// FranceConnect+, as the harness plays it: the contract's one client.
    pub fn franceconnect_plus() -> Self {
        Client {
            id: FRANCECONNECT_CLIENT_ID.to_string(),
            secret: FRANCECONNECT_CLIENT_SECRET.to_string(),
            redirect_uris: vec![FRANCECONNECT_REDIRECT_URI.to_string()],
        }
    }

    /// A client written `ID:SECRET:REDIRECT_URI` (the redirect URI may hold colons; several
    /// URIs are given by repeating the client).
    pub fn parse(text: &str) -> Result<Client, String> {
        let mut parts = text.splitn(3, ':');
        let (id, secret, redirect) = (parts.next(), parts.next(), parts.next());
        match (id, secret, redirect) {
            (Some(id), Some(secret), Some(redirect))
                if !id.is_empty() && !secret.is_empty() && redirect.contains("://") =>
            {
                let redirect_uris = vec![redirect.to_string()];
                Ok(Client { id: id.to_string(), secret: secret.to_string(), redirect_uris })
            }
            _ => Err(format!(
                "`{text}` is not ID:SECRET:REDIRECT_URI (e.g. my-app:s3cret:http://127.0.0.1:8000/callback)"
            )),
        }
    }
}

/// The clients a configuration registers: each id once, with every redirect URI given for it.
pub fn merge_clients(clients: impl IntoIterator<Item = Client>) -> Result<Vec<Client>, String> {
    let mut merged: Vec<Client> = Vec::new();
    for client in clients {
        match merged.iter_mut().find(|c| c.id == client.id) {
            Some(known) if known.secret != client.secret => {
                return Err(format!("the client `{}` is given two secrets", client.id));
            }
            Some(known) => known.redirect_uris.extend(client.redirect_uris),
            None => merged.push(client),
        }
    }
    Ok(merged)
}

/// How the reference is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceConfig {
    /// Seeds the one ChaCha8 stream every code, token and id is drawn from, and the signing
    /// key (a public seed: the key is for tests only).
    pub seed: u64,
    /// The values the documents leave open; `lre_reminder_after_s` is unused here (AR24
    /// sends its own reminder) and the name and description are for reports.
    pub policy: Policy,
    /// The issuer: discovery's `issuer`, the base of every endpoint it lists, the `iss` of
    /// the id_tokens. `None`: over HTTP, the origin each request reached (`http://` and its
    /// `Host` header, so that discovery is always the document of the URL it was fetched
    /// from); in-process, [`DEFAULT_ISSUER`]. `idn-sim serve` sets it (`--issuer`, by
    /// default `http://<the address it listens on>`).
    pub issuer: Option<String>,
    /// The relying parties it serves: FranceConnect+ by default; `idn-sim serve --client`
    /// registers others (a partner's sandbox).
    pub clients: Vec<Client>,
}

impl Default for ReferenceConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            policy: Policy::default(),
            issuer: None,
            clients: vec![Client::franceconnect_plus()],
        }
    }
}

impl ReferenceConfig {
    /// Whether `redirect_uri` is registered for the client `client_id`.
    pub fn is_registered(&self, client_id: &str, redirect_uri: &str) -> bool {
        let client = self.clients.iter().find(|c| c.id == client_id);
        client.is_some_and(|c| c.redirect_uris.iter().any(|uri| uri == redirect_uri))
    }

    /// Whether `secret` is the secret of the client `client_id`.
    pub fn authenticates(&self, client_id: &str, secret: &str) -> bool {
        self.clients.iter().any(|c| c.id == client_id && c.secret == secret)
    }

    /// The issuer of a request that reached the server at `served_at` (`None` in-process).
    pub fn issuer_for<'a>(&'a self, served_at: Option<&'a str>) -> &'a str {
        self.issuer.as_deref().or(served_at).unwrap_or(DEFAULT_ISSUER)
    }
}
