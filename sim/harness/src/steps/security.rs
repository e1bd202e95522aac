//! The security checks of `SECURITY.md` (the `security` profile, `features/securite-*`):
//! FranceConnect+ probes the OpenID Connect code flow with one thing changed at a time (no
//! PKCE challenge, a wrong verifier or secret, another redirect URI, a code used twice or
//! late), reads the id_token's claims and the userinfo endpoint as a relying party must
//! trust them, checks the discovery document, and the app's approval is held to its
//! request; the login page must not tell an unknown number from an unusable one.
//!
//! Over HTTP some of these rules are also the harness's client's (a `401` without
//! `WWW-Authenticate`, a discovery document whose issuer is not the URL it was fetched
//! from); in-process the steps check what the contract says of them (the refusal code, the
//! document's own consistency).

use super::activation::espace_client_session;
use super::login::{self, attempt, finish_this, hold};
use super::management::parse_number;
use super::params::{Personne, Refus, Texte, phrases};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::activation;
use crate::flows::login::MON_COMPTE_FORMATION;
use crate::journey::{Journey, JourneyError};
use cucumber::gherkin::Step;
use cucumber::{Parameter, given, then, when};
use idn_contract::login::{
    Acr, ClientAuth, FRANCECONNECT_CLIENT_ID, FRANCECONNECT_REDIRECT_URI, UserInfoMethod,
};
use idn_contract::management::{IdentityBlock, IdentityUnblock};
use idn_contract::oidc::{CLOCK_LEEWAY_S, DiscoveryDocument, ES256, Jwks};
use idn_contract::{Channel, PhoneNumber, Refusal, RefusalCode};
use idn_world::{
    AuthorizeAs, Credentials, ExchangeAs, LoginAttempt, LoginHint, LoginOutcome, PhoneSpec,
    SimCard, Verifier, WorldError,
};
use std::str::FromStr;

/// The secret code a person chooses when a scenario changes it (not a run, not repeated).
const NEW_PIN: &str = "3691";

/// A world error as a journey error: a refusal inside stays a refusal, for `ask`.
fn world_error(j: &Journey, error: WorldError) -> JourneyError {
    match error {
        WorldError::Call(call) => j.call_error(call),
        other => j.world_error(other),
    }
}

/// A partner service as a feature names it: `Mon Compte Formation`, or another one between
/// guillemets (`« impots.gouv.fr »`).
#[derive(Debug, Clone, PartialEq, Eq, Parameter)]
#[param(name = "service", regex = r"Mon Compte Formation|« [^»]+ »")]
pub struct Service(pub String);

impl FromStr for Service {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let name = s.trim_start_matches('«').trim_end_matches('»').trim();
        Ok(Service(name.to_string()))
    }
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One thing of a token request changed (SEC-02..05).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exchange {
    WrongVerifier,
    NoVerifier,
    ChallengeAsVerifier,
    WrongSecret,
    UnknownClient,
    OtherRedirect,
    Basic,
    Post,
}

impl Exchange {
    /// The token request FranceConnect+ sends.
    fn request(self) -> ExchangeAs {
        let with =
            |verifier, credentials| ExchangeAs { verifier, credentials, ..ExchangeAs::default() };
        match self {
            Exchange::WrongVerifier => with(Verifier::Wrong, Credentials::Registered),
            Exchange::NoVerifier => with(Verifier::Missing, Credentials::Registered),
            Exchange::ChallengeAsVerifier => with(Verifier::Challenge, Credentials::Registered),
            Exchange::WrongSecret => with(Verifier::Kept, Credentials::WrongSecret),
            Exchange::UnknownClient => with(Verifier::Kept, Credentials::UnknownClient),
            Exchange::OtherRedirect => ExchangeAs {
                redirect_uri: Some(format!("{FRANCECONNECT_REDIRECT_URI}/autre")),
                ..ExchangeAs::default()
            },
            Exchange::Basic => {
                ExchangeAs { client_auth: ClientAuth::Basic, ..ExchangeAs::default() }
            }
            Exchange::Post => ExchangeAs { client_auth: ClientAuth::Post, ..ExchangeAs::default() },
        }
    }
}

phrases! {
    /// How FranceConnect+ exchanges a code when a check changes one thing of the request.
    pub struct Echange(Exchange) as "echange" {
        "un code_verifier erroné" => Exchange::WrongVerifier,
        "aucun code_verifier" => Exchange::NoVerifier,
        "le code_challenge à la place du code_verifier" => Exchange::ChallengeAsVerifier,
        "un secret client erroné" => Exchange::WrongSecret,
        "un identifiant client inconnu" => Exchange::UnknownClient,
        "une autre URI de redirection" => Exchange::OtherRedirect,
        "le secret client en « client_secret_basic »" => Exchange::Basic,
        "le secret client en « client_secret_post »" => Exchange::Post,
    }
}

phrases! {
    /// The HTTP method of a userinfo request (SEC-20).
    pub struct Methode(UserInfoMethod) as "methode", quoted {
        "GET" => UserInfoMethod::Get,
        "POST" => UserInfoMethod::Post,
    }
}

/// An access token that is none of a person's (SEC-21).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoToken {
    Missing,
    Unknown,
}

phrases! {
    /// A userinfo request without a person's access token (SEC-21).
    pub struct Jeton(NoToken) as "jeton" {
        "sans jeton d'accès" => NoToken::Missing,
        "avec un jeton d'accès inconnu" => NoToken::Unknown,
    }
}

phrases! {
    /// The eIDAS level of a login (SEC-11).
    pub struct Niveau(Acr) as "niveau", quoted {
        "eidas1" => Acr::Eidas1,
        "eidas2" => Acr::Eidas2,
    }
}

/// What a person does to their Identité Numérique that must not change their `sub`
/// (SEC-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Pin,
    NewPhone,
    BlockUnblock,
    Reactivate,
}

phrases! {
    /// What a person does to their Identité Numérique (SEC-12).
    pub struct Changement(Change) as "changement" {
        "change son code secret" => Change::Pin,
        "active son Identité Numérique sur un nouveau smartphone" => Change::NewPhone,
        "bloque puis débloque son Identité Numérique" => Change::BlockUnblock,
        "réactive son Identité Numérique sur le même smartphone" => Change::Reactivate,
    }
}

// ---- The authorization request (SEC-01, SEC-05, SEC-08) ------------------------------------

/// FranceConnect+ asks for `who`'s login at Mon Compte Formation with `how` changed.
async fn start_as(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    how: AuthorizeAs,
    narrative: String,
) -> StepResult {
    let person = w.person(who).await?;
    let starts = async |j: &mut Journey| {
        j.step(narrative);
        let started =
            j.world.partner_login_start_as(person, MON_COMPTE_FORMATION, Acr::Eidas2, &how);
        started.await.map_err(|e| j.call_error(e))
    };
    if let Some(started) = w.ask(step, starts).await? {
        hold(w, who, started)?;
    }
    Ok(())
}

#[when(expr = "FranceConnect+ demande la connexion de {personne} sans « code_challenge »")]
async fn start_without_pkce(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let how = AuthorizeAs { without_challenge: true, ..AuthorizeAs::default() };
    let narrative = format!("FranceConnect+ asks for the login of {who} without a PKCE challenge");
    start_as(w, step, &who, how, narrative).await
}

#[when(
    expr = "FranceConnect+ demande la connexion de {personne} avec l'URI de redirection {texte}"
)]
async fn start_with_redirect(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    uri: Texte,
) -> StepResult {
    let narrative =
        format!("FranceConnect+ asks for the login of {who} with the redirect URI {}", uri.0);
    let how = AuthorizeAs { redirect_uri: Some(uri.0), ..AuthorizeAs::default() };
    start_as(w, step, &who, how, narrative).await
}

#[when(expr = "FranceConnect+ demande la connexion de {personne} avec l'état {texte}")]
async fn start_with_state(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    state: Texte,
) -> StepResult {
    let narrative =
        format!("FranceConnect+ asks for the login of {who} with the state {:?}", state.0);
    let how = AuthorizeAs { state: Some(state.0), ..AuthorizeAs::default() };
    start_as(w, step, &who, how, narrative).await
}

/// A second login of the person, at another service, while the first is in flight.
#[when(expr = "{personne} se connecte aussi à {service} au niveau FranceConnect+")]
async fn start_another(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    service: Service,
) -> StepResult {
    let person = w.person(&who).await?;
    login::start(w, step, &who, LoginHint::Person(person), &service.0, Acr::Eidas2).await
}

/// `who`'s login at `service`, started earlier in the scenario.
fn login_to(w: &mut IdnWorld, who: &str, service: &str) -> Result<LoginAttempt, StepError> {
    w.held(
        who,
        |h| h.logins.get(service).cloned(),
        || format!("{who} has no login at {service} under way (« Quand {who} se connecte … »)"),
    )
}

/// Approves the login at `service` in the app: the one the app shows for that service.
#[when(expr = "{personne} valide dans l'application la demande de {service}")]
async fn approve_for(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    service: Service,
) -> StepResult {
    let login = login_to(w, &who, &service.0)?;
    let p = w.person_data(&who).await?;
    let approves = async |j: &mut Journey| {
        j.step(format!(
            "{who} opens the app, picks the request of {service} and types the secret code"
        ));
        let pending = j.world.app_pending(&p.device).await.map_err(|e| j.call_error(e))?;
        let shown = pending.requests.iter().find(|r| r.request == login.request);
        if shown.is_none_or(|r| r.service_name != service.0) {
            let expected = format!("the app of {who} shows the request of {service}");
            return Err(j.unexpected(expected, format!("{pending:?}")));
        }
        j.world.app_approve(&p.device, &login.request, &p.pin).await.map_err(|e| j.call_error(e))
    };
    w.ask(step, approves).await?;
    Ok(())
}

#[then(expr = "la page de Mon Compte Formation de {personne} reçoit l'état {texte} inchangé")]
async fn state_unchanged(w: &mut IdnWorld, who: Personne, state: Texte) -> StepResult {
    w.ensure_checked()?;
    let login = attempt(w, &who)?;
    let j = w.journey().await?;
    let approval = j.world.partner_login_code(&login).await;
    let approval = w.settle(approval)?;
    w.holder(&who)?.approval = Some(approval.clone());
    w.check(approval.state == state.0 && login.state == state.0, || {
        Failure::unexpected(
            format!("the state {:?} back, unchanged", state.0),
            format!("the browser came back with the state {:?}", approval.state),
        )
        .enforcing(["SEC-08"])
    })
}

// ---- The token request (SEC-02..07) ---------------------------------------------------------

#[when(expr = "la page de Mon Compte Formation de {personne} reçoit le code d'autorisation")]
async fn receives_code(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    fetch_code(w, step, &who).await.map(|_| ())
}

/// What the browser came back with for `who`'s login under way, fetched (the page polls)
/// the first time; `None` when the poll was refused (kept for the next step to check).
async fn fetch_code(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
) -> Result<Option<idn_world::Approval>, StepError> {
    if let Some(approval) = w.holder(who)?.approval.clone() {
        return Ok(Some(approval));
    }
    let login = attempt(w, who)?;
    let polls = async |j: &mut Journey| {
        j.step(format!("the page of {MON_COMPTE_FORMATION} of {who} gets the authorization code"));
        j.world.partner_login_code(&login).await.map_err(|e| world_error(j, e))
    };
    let approval = w.ask(step, polls).await?;
    w.holder(who)?.approval = approval.clone();
    Ok(approval)
}

/// FranceConnect+ exchanges the code of `who`'s login as `how` says; the tokens are kept.
async fn exchange(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    how: ExchangeAs,
    what: &str,
) -> StepResult {
    let Some(approval) = fetch_code(w, step, who).await? else { return Ok(()) };
    let login = attempt(w, who)?;
    let exchanges = async |j: &mut Journey| {
        j.step(format!("FranceConnect+ exchanges the authorization code of {who}{what}"));
        let tokens = j.world.partner_token(&login, &approval.code, &how).await;
        tokens.map_err(|e| j.call_error(e))
    };
    if let Some(tokens) = w.ask(step, exchanges).await? {
        w.holder(who)?.tokens = Some(tokens);
    }
    Ok(())
}

#[when(expr = "FranceConnect+ échange le code d'autorisation de {personne}")]
#[when(expr = "FranceConnect+ échange à nouveau le code d'autorisation de {personne}")]
async fn exchanges(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    exchange(w, step, &who, ExchangeAs::default(), "").await
}

#[when(expr = "FranceConnect+ échange le code d'autorisation de {personne} avec {echange}")]
async fn exchanges_with(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    how: Echange,
) -> StepResult {
    exchange(w, step, &who, how.0.request(), &format!(" with {how}")).await
}

/// The tokens `who` received last.
fn tokens_of(w: &mut IdnWorld, who: &str) -> Result<idn_contract::login::Tokens, StepError> {
    w.held(who, |h| h.tokens.clone(), || {
        format!(
            "FranceConnect+ received no tokens for {who} (« FranceConnect+ échange le code d'autorisation de {who} »)"
        )
    })
}

/// FranceConnect+ verifies the id_token it received for `who` and hands the identity to
/// the service.
#[then(expr = "Mon Compte Formation reçoit l'identité de {personne}")]
async fn receives_identity(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let login = attempt(w, &who)?;
    let tokens = tokens_of(w, &who)?;
    let page = w.holder(&who)?.approval.as_ref().map(|a| a.page_message.clone());
    let p = w.person_data(&who).await?;
    let j = w.journey().await?;
    let accepted = j.world.partner_accept_tokens(&login, tokens, page.unwrap_or_default()).await;
    let outcome = accepted.map_err(|e| {
        Failure::unexpected(format!("FranceConnect+ accepts the id_token of {who}"), e.to_string())
    });
    let outcome = w.settle(outcome)?;
    w.holder(&who)?.outcome = Some(outcome.clone());
    let received = outcome.claims.identity;
    w.check(received.family_name == p.identity.birth_name, || {
        Failure::unexpected(
            format!("Mon Compte Formation receives {}", p.full_name()),
            format!("it received {} {}", received.given_name, received.family_name),
        )
    })
}

// ---- The id_token (SEC-10..15) --------------------------------------------------------------

#[then(expr = "la connexion de {personne} à {service} réussit et porte le nonce de sa demande")]
async fn nonce_of_its_request(w: &mut IdnWorld, who: Personne, service: Service) -> StepResult {
    let login = login_to(w, &who, &service.0)?;
    let outcome = finish_this(w, &who, &login).await?;
    let nonce = outcome.claims.nonce;
    w.check(nonce == login.nonce, || {
        Failure::unexpected(
            format!("the nonce {} of the request", login.nonce),
            format!("nonce {nonce}"),
        )
        .enforcing(["SEC-10"])
    })
}

#[then(expr = "la connexion de {personne} à {service} réussit au niveau {niveau}")]
async fn login_at_level(
    w: &mut IdnWorld,
    who: Personne,
    service: Service,
    level: Niveau,
) -> StepResult {
    let login = login_to(w, &who, &service.0)?;
    let outcome = finish_this(w, &who, &login).await?;
    let acr = outcome.claims.acr;
    w.check(acr == level.0 && login.acr == level.0, || {
        Failure::unexpected(format!("acr {level}, the level asked"), format!("acr {acr:?}"))
            .enforcing(["SEC-11"])
    })
}

/// The last login the service completed for `who`.
fn outcome_of(w: &mut IdnWorld, who: &str) -> Result<LoginOutcome, StepError> {
    w.held(
        who,
        |h| h.outcome.clone(),
        || format!("no login of {who} went through (« … réussit au niveau FranceConnect+ »)"),
    )
}

/// The discovery document and the JWKS as FranceConnect+ keeps them.
async fn documents(w: &mut IdnWorld) -> Result<(DiscoveryDocument, Jwks), StepError> {
    let j = w.journey().await?;
    let kept = j.world.partner_oidc_documents(false).await;
    w.settle(kept.map_err(|e| Failure::observed(e.to_string())))
}

#[then(
    expr = "l'id_token de {personne} a pour « iss » l'« issuer » du document de découverte et pour « aud » FranceConnect+"
)]
async fn issuer_and_audience(w: &mut IdnWorld, who: Personne) -> StepResult {
    let claims = outcome_of(w, &who)?.claims;
    let (discovery, _) = documents(w).await?;
    w.check(claims.iss == discovery.issuer && claims.aud == FRANCECONNECT_CLIENT_ID, || {
        Failure::unexpected(
            format!("iss {} and aud {FRANCECONNECT_CLIENT_ID}", discovery.issuer),
            format!("iss {} and aud {}", claims.iss, claims.aud),
        )
        .enforcing(["SEC-13"])
    })
}

#[then(expr = "l'id_token de {personne} est daté par l'horloge de test")]
async fn dated_by_the_test_clock(w: &mut IdnWorld, who: Personne) -> StepResult {
    let outcome = outcome_of(w, &who)?;
    let (claims, at) = (&outcome.claims, outcome.received_at.timestamp());
    let holds = (claims.iat - at).abs() <= CLOCK_LEEWAY_S && claims.exp > at;
    w.check(holds, || {
        Failure::unexpected(
            format!(
                "iat within {CLOCK_LEEWAY_S} s of the test clock's {at} ({}) and exp after it",
                outcome.received_at
            ),
            format!("iat {} and exp {}", claims.iat, claims.exp),
        )
        .enforcing(["SEC-14"])
    })
}

/// The `alg` and `kid` of a compact JWS's header, or why they cannot be read.
fn jws_header(jwt: &str) -> Result<(String, Option<String>), String> {
    use base64::Engine;
    let header = jwt.split('.').next().unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|e| format!("the header is not base64url: {e}"))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("the header is not JSON: {e}"))?;
    let text = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_string);
    Ok((text("alg").unwrap_or_default(), text("kid")))
}

#[then(expr = "l'id_token de {personne} est signé « ES256 » par une clé du JWKS publié")]
async fn signed_by_a_published_key(w: &mut IdnWorld, who: Personne) -> StepResult {
    let id_token = outcome_of(w, &who)?.tokens.id_token;
    let (discovery, jwks) = documents(w).await?;
    let header = jws_header(&id_token).map_err(Failure::observed);
    let (alg, kid) = w.settle(header)?;
    let key = jwks.keys.iter().find(|k| Some(&k.kid) == kid.as_ref());
    let listed = &discovery.id_token_signing_alg_values_supported;
    let holds = alg == ES256
        && key.is_some_and(|k| k.kty == "EC" && k.crv == "P-256")
        && listed.iter().any(|a| a == ES256)
        && !listed.iter().any(|a| a.eq_ignore_ascii_case("none"));
    w.check(holds, || {
        Failure::unexpected(
            "alg ES256, a kid of the JWKS naming a P-256 key, ES256 listed by discovery and none never",
            format!(
                "alg {alg:?}, kid {kid:?} (the JWKS holds {:?}), discovery lists {listed:?}",
                jwks.keys.iter().map(|k| &k.kid).collect::<Vec<_>>()
            ),
        )
        .enforcing(["SEC-15"])
    })
}

// ---- sub (SEC-12) -----------------------------------------------------------------------------

/// A set-up: the whole login, every answer an acceptance; Mon Compte Formation keeps the
/// `sub` it received.
#[given(
    expr = "{personne} s'est connecté(e) à Mon Compte Formation, qui a retenu son identifiant « sub »"
)]
async fn logged_in(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let service = MON_COMPTE_FORMATION;
    login::start(w, step, &who, LoginHint::Person(person), service, Acr::Eidas2).await?;
    w.expect_accepted()?;
    login::approve(w, step, &who, None).await?;
    w.expect_accepted()?;
    let outcome = login::finish(w, &who).await?;
    w.holder(&who)?.sub = Some(outcome.claims.identity.sub);
    Ok(())
}

#[when(expr = "{personne} {changement}")]
async fn changes(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    change: Changement,
) -> StepResult {
    let person = w.person(&who).await?;
    let session = match change.0 {
        Change::BlockUnblock => Some(espace_client_session(w, &who).await?),
        _ => None,
    };
    let p = w.person_data(&who).await?;
    let acts = async |j: &mut Journey| match change.0 {
        Change::Pin => activation::change_pin(j, person, &p.device, NEW_PIN).await,
        Change::Reactivate => activation::activate(j, person, &p.device).await,
        Change::NewPhone => {
            j.step(format!("{who} gets a new smartphone with the same number"));
            let spec = PhoneSpec {
                sim: SimCard::OwnersNumber,
                app_installed: Some(false),
                ..PhoneSpec::default()
            };
            let device = j.world.add_phone(person, spec);
            activation::activate(j, person, &device).await
        }
        Change::BlockUnblock => {
            let session = session.expect("fetched above for this change");
            let document_suffix = p.identity.document.last4().to_string();
            j.step(format!("{who} blocks the identity from the Espace Client, then unblocks it"));
            let via = Channel::Web { session: session.clone() };
            let suffix = document_suffix.clone();
            j.call(&p.actor(), IdentityBlock { via, document_suffix: suffix }).await?;
            j.call(&p.actor(), IdentityUnblock { session, document_suffix }).await?;
            Ok(())
        }
    };
    w.ask(step, acts).await?;
    Ok(())
}

/// The `sub` Mon Compte Formation kept for `who`.
fn kept_sub(w: &mut IdnWorld, who: &str) -> Result<String, StepError> {
    w.held(who, |h| h.sub.clone(), || {
        format!(
            "Mon Compte Formation kept no sub for {who} (« Soit {who} s'est connectée à Mon Compte Formation, qui a retenu son identifiant « sub » »)"
        )
    })
}

#[then(expr = "Mon Compte Formation reçoit pour {personne} le même identifiant « sub » qu'avant")]
async fn same_sub(w: &mut IdnWorld, who: Personne) -> StepResult {
    let outcome = login::finish(w, &who).await?;
    let kept = kept_sub(w, &who)?;
    let sub = outcome.claims.identity.sub;
    w.check(sub == kept, || {
        Failure::unexpected(format!("the sub {kept} of {who}, as before"), format!("sub {sub}"))
            .enforcing(["SEC-12"])
    })
}

#[then(expr = "les identifiants « sub » de {personne} et de {personne} diffèrent")]
async fn subs_differ(w: &mut IdnWorld, one: Personne, other: Personne) -> StepResult {
    let (a, b) = (kept_sub(w, &one)?, kept_sub(w, &other)?);
    w.check(a != b, || {
        Failure::unexpected(format!("two subs for {one} and {other}"), format!("both are {a}"))
            .enforcing(["SEC-12"])
    })
}

// ---- userinfo (SEC-20..23) --------------------------------------------------------------------

#[when(expr = "Mon Compte Formation demande les informations de {personne} par {methode}")]
async fn asks_userinfo(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    method: Methode,
) -> StepResult {
    let token = tokens_of(w, &who)?.access_token;
    let asks = async |j: &mut Journey| {
        j.step(format!("{MON_COMPTE_FORMATION} asks the userinfo endpoint by {method} with the access token of {who}"));
        j.world.partner_userinfo(&token, method.0).await.map_err(|e| j.call_error(e))
    };
    let claims = w.ask(step, asks).await?;
    w.holder(&who)?.userinfo = claims;
    Ok(())
}

#[when(expr = "Mon Compte Formation demande les informations de l'utilisateur {jeton}")]
async fn asks_userinfo_without(w: &mut IdnWorld, #[step] step: &Step, token: Jeton) -> StepResult {
    let token = match token.0 {
        NoToken::Missing => String::new(),
        NoToken::Unknown => "at-0123456789abcdef0123456789abcdef".to_string(),
    };
    let asks = async |j: &mut Journey| {
        j.step(format!("{MON_COMPTE_FORMATION} asks the userinfo endpoint {token:?}"));
        j.world.partner_userinfo(&token, UserInfoMethod::Get).await.map_err(|e| j.call_error(e))
    };
    w.ask(step, asks).await?;
    Ok(())
}

#[then(expr = "il reçoit l'identité de {personne}, avec le « sub » de son id_token")]
async fn userinfo_is(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.expect_accepted()?;
    let sub = outcome_of(w, &who)?.claims.identity.sub;
    let claims = w.held(&who, |h| h.userinfo.clone(), || {
        format!("no userinfo answer for {who} (« Mon Compte Formation demande les informations de {who} … »)")
    })?;
    let p = w.person_data(&who).await?;
    let holds = claims.sub == sub && claims.family_name == p.identity.birth_name;
    w.check(holds, || {
        Failure::unexpected(
            format!("the identity of {} with the sub {sub}", p.full_name()),
            format!("{} {} with the sub {}", claims.given_name, claims.family_name, claims.sub),
        )
        .enforcing(["SEC-22"])
    })
}

// ---- The authenticator (SEC-40..42) -----------------------------------------------------------

#[then(
    expr = "la connexion de {personne} à {service} attend toujours une réponse dans l'application de {personne}"
)]
async fn still_pending(
    w: &mut IdnWorld,
    who: Personne,
    service: Service,
    holder: Personne,
) -> StepResult {
    w.ensure_checked()?;
    let login = login_to(w, &who, &service.0)?;
    let device = w.person_data(&holder).await?.device;
    let j = w.journey().await?;
    let status = j.world.partner_login_poll(&login).await;
    let listed = j.world.app_pending(&device).await;
    let status = w.settle(status.map_err(|e| Failure::observed(e.to_string())))?;
    let listed = w.settle(listed.map_err(|e| Failure::observed(e.to_string())))?;
    let shown = listed.requests.iter().any(|r| r.request == login.request);
    let pending = matches!(status, idn_contract::login::AuthorizationStatus::Pending { .. });
    w.check(pending && shown, || {
        Failure::unexpected(
            format!(
                "the login of {who} at {service} still pending, and shown in the app of {holder}"
            ),
            format!("its status is {status:?}; the app shows {:?}", listed.requests),
        )
        .enforcing(["SEC-40"])
    })
}

/// `n` login requests for `number`, each refused with `code`.
async fn flood(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    number: PhoneNumber,
    n: u32,
    code: RefusalCode,
) -> StepResult {
    for _ in 0..n {
        let asks = async |j: &mut Journey| {
            j.step(format!("{who} types {number} on {MON_COMPTE_FORMATION}"));
            let started =
                j.world.partner_login_start(number.clone(), MON_COMPTE_FORMATION, Acr::Eidas2);
            started.await.map_err(|e| j.call_error(e))
        };
        w.ask(step, asks).await?;
        w.expect_refusal(code)?;
    }
    Ok(())
}

#[when(
    expr = "{personne} lance {int} connexions à Mon Compte Formation avec le numéro de mobile de {personne}, chacune refusée avec le code « {refus} »"
)]
async fn floods_victim(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    n: u32,
    victim: Personne,
    code: Refus,
) -> StepResult {
    let number = w.person_data(&victim).await?.phone_number;
    flood(w, step, &who, number, n, code.0).await
}

#[when(
    expr = "{personne} lance {int} connexions à Mon Compte Formation avec le numéro {texte}, chacune refusée avec le code « {refus} »"
)]
async fn floods_number(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    n: u32,
    number: Texte,
    code: Refus,
) -> StepResult {
    let number = w.settle(parse_number(&number.0))?;
    flood(w, step, &who, number, n, code.0).await
}

/// One login request for a number typed on the page; the refusal, if any, is kept.
async fn types_number(w: &mut IdnWorld, step: &Step, who: &str, number: PhoneNumber) -> StepResult {
    let asks = async |j: &mut Journey| {
        j.step(format!("{who} types {number} on {MON_COMPTE_FORMATION}"));
        let started =
            j.world.partner_login_start(number.clone(), MON_COMPTE_FORMATION, Acr::Eidas2);
        started.await.map_err(|e| j.call_error(e))
    };
    if let Some(started) = w.ask(step, asks).await? {
        hold(w, who, started)?;
    }
    Ok(())
}

#[when(expr = "{personne} lance une connexion à Mon Compte Formation avec le numéro {texte}")]
async fn starts_with_number(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    number: Texte,
) -> StepResult {
    let number = w.settle(parse_number(&number.0))?;
    types_number(w, step, &who, number).await
}

// ---- No account enumeration (SEC-50) ----------------------------------------------------------

/// What of a refusal a caller may compare.
fn shown(refusal: &Refusal) -> (RefusalCode, &str, Option<u64>, Option<u32>) {
    (refusal.code, refusal.message.as_str(), refusal.retry_after_s, refusal.attempts_left)
}

/// Compares the last refusal with the one an unknown number gets, asked now.
#[then(expr = "la page de connexion répond comme pour le numéro inconnu {texte} : « {refus} »")]
async fn same_as_unknown(
    w: &mut IdnWorld,
    #[step] step: &Step,
    number: Texte,
    code: Refus,
) -> StepResult {
    let known = w.expect_any_refusal()?;
    let unknown_number = w.settle(parse_number(&number.0))?;
    let asks = async |j: &mut Journey| {
        j.step(format!("the same page, for {unknown_number}, a number nobody has"));
        let started =
            j.world.partner_login_start(unknown_number.clone(), MON_COMPTE_FORMATION, Acr::Eidas2);
        started.await.map_err(|e| j.call_error(e))
    };
    w.ask(step, asks).await?;
    let unknown = w.expect_any_refusal()?;
    let holds = known.code == code.0 && shown(&known) == shown(&unknown);
    w.check(holds, || {
        Failure::unexpected(
            format!("the refusal `{}` the unknown number {} gets, word for word", code.0, number.0),
            format!("this number: {known:?}; the unknown number: {unknown:?}"),
        )
        .enforcing(["SEC-50"])
    })
}

// ---- Discovery (SEC-01, SEC-30..32) -------------------------------------------------------------

#[when("FranceConnect+ lit le document de découverte de l'Identité Numérique")]
async fn reads_discovery(w: &mut IdnWorld, #[step] step: &Step) -> StepResult {
    let reads = async |j: &mut Journey| {
        j.step("FranceConnect+ reads the discovery document and the JWKS");
        j.world.partner_oidc_documents(true).await.map_err(|e| j.call_error(e))
    };
    w.ask(step, reads).await?;
    Ok(())
}

/// The discovery document FranceConnect+ read.
async fn discovery(w: &mut IdnWorld) -> Result<DiscoveryDocument, StepError> {
    w.ensure_checked()?;
    Ok(documents(w).await?.0)
}

#[then("son « issuer » est une URL absolue, sans requête ni fragment")]
async fn issuer_is_a_url(w: &mut IdnWorld) -> StepResult {
    let doc = discovery(w).await?;
    let checked = checks::issuer(&doc.issuer);
    w.settle(checked.map_err(|e| {
        Failure::unexpected("an issuer as Discovery 1.0 §3 says", e).enforcing(["SEC-30"])
    }))
}

#[then("chacun de ses points d'accès est sur l'origine de son « issuer »")]
async fn endpoints_on_the_issuer(w: &mut IdnWorld) -> StepResult {
    let doc = discovery(w).await?;
    let checked = checks::endpoints_on_issuer(&doc);
    let expected = "every endpoint on the issuer's origin";
    w.settle(checked.map_err(|e| Failure::unexpected(expected, e).enforcing(["SEC-31"])))
}

#[then("il annonce les champs que FranceConnect+ exige")]
async fn required_fields(w: &mut IdnWorld) -> StepResult {
    let doc = discovery(w).await?;
    let missing = checks::missing_fields(&doc);
    w.check(missing.is_empty(), || {
        Failure::unexpected(
            "the fields Discovery 1.0 §3 and FranceConnect+ require",
            missing.join("; "),
        )
        .enforcing(["SEC-32"])
    })
}

#[then(expr = "il ne propose que la méthode PKCE « S256 »")]
async fn only_s256(w: &mut IdnWorld) -> StepResult {
    let doc = discovery(w).await?;
    let methods = doc.code_challenge_methods_supported;
    w.check(methods == ["S256"], || {
        Failure::unexpected("code_challenge_methods_supported [\"S256\"]", format!("{methods:?}"))
            .enforcing(["SEC-01"])
    })
}

/// The discovery document's checks, as pure functions of it.
mod checks {
    use idn_contract::oidc::DiscoveryDocument;

    /// The origin of an absolute URL, `scheme://authority`, in lower case.
    pub(super) fn origin(url: &str) -> Result<String, String> {
        let (scheme, rest) =
            url.split_once("://").ok_or_else(|| format!("{url:?} is not an absolute URL"))?;
        let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        if !scheme_ok || authority.is_empty() || authority.contains('@') {
            return Err(format!("{url:?} is not an absolute URL with a host"));
        }
        Ok(format!("{scheme}://{authority}").to_ascii_lowercase())
    }

    /// SEC-30: an absolute http(s) URL without query or fragment.
    pub(super) fn issuer(issuer: &str) -> Result<(), String> {
        let origin = origin(issuer)?;
        if !(origin.starts_with("https://") || origin.starts_with("http://")) {
            return Err(format!("the issuer {issuer:?} is not an http(s) URL"));
        }
        if issuer.contains(['?', '#']) {
            return Err(format!("the issuer {issuer:?} has a query or a fragment"));
        }
        Ok(())
    }

    /// SEC-31: every endpoint on the issuer's origin.
    pub(super) fn endpoints_on_issuer(doc: &DiscoveryDocument) -> Result<(), String> {
        let home = origin(&doc.issuer)?;
        let endpoints = [
            ("authorization_endpoint", &doc.authorization_endpoint),
            ("token_endpoint", &doc.token_endpoint),
            ("userinfo_endpoint", &doc.userinfo_endpoint),
            ("jwks_uri", &doc.jwks_uri),
        ];
        let elsewhere: Vec<String> = endpoints
            .iter()
            .filter(|(_, url)| origin(url).ok().as_ref() != Some(&home))
            .map(|(name, url)| format!("{name} {url:?}"))
            .collect();
        match elsewhere.is_empty() {
            true => Ok(()),
            false => Err(format!("not on {home}: {}", elsewhere.join(", "))),
        }
    }

    /// SEC-32: what is missing of the required fields, each named.
    pub(super) fn missing_fields(doc: &DiscoveryDocument) -> Vec<String> {
        let has = |list: &[String], item: &str| list.iter().any(|x| x == item);
        let mut missing = Vec::new();
        let urls = [
            ("issuer", &doc.issuer),
            ("authorization_endpoint", &doc.authorization_endpoint),
            ("token_endpoint", &doc.token_endpoint),
            ("userinfo_endpoint", &doc.userinfo_endpoint),
            ("jwks_uri", &doc.jwks_uri),
        ];
        missing.extend(
            urls.iter().filter(|(_, v)| v.is_empty()).map(|(n, _)| format!("{n} is empty")),
        );
        let lists: [(&str, &[String], &[&str]); 4] = [
            ("response_types_supported", &doc.response_types_supported, &["code"]),
            (
                "id_token_signing_alg_values_supported",
                &doc.id_token_signing_alg_values_supported,
                &["ES256"],
            ),
            ("acr_values_supported", &doc.acr_values_supported, &["eidas1", "eidas2"]),
            (
                "token_endpoint_auth_methods_supported",
                &doc.token_endpoint_auth_methods_supported,
                &["client_secret_basic", "client_secret_post"],
            ),
        ];
        for (name, list, wanted) in lists {
            for item in wanted.iter().filter(|item| !has(list, item)) {
                missing.push(format!("{name} lacks {item:?} ({list:?})"));
            }
        }
        if doc.subject_types_supported.is_empty() {
            missing.push("subject_types_supported is empty".to_string());
        }
        if doc.id_token_signing_alg_values_supported.iter().any(|a| a.eq_ignore_ascii_case("none"))
        {
            missing.push("id_token_signing_alg_values_supported lists \"none\"".to_string());
        }
        missing
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn doc(issuer: &str, token_endpoint: &str) -> DiscoveryDocument {
            let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
            DiscoveryDocument {
                issuer: issuer.into(),
                authorization_endpoint: format!("{issuer}/authorize"),
                token_endpoint: token_endpoint.into(),
                userinfo_endpoint: format!("{issuer}/userinfo"),
                jwks_uri: format!("{issuer}/jwks"),
                response_types_supported: strings(&["code"]),
                grant_types_supported: strings(&["authorization_code"]),
                subject_types_supported: strings(&["public"]),
                id_token_signing_alg_values_supported: strings(&["ES256"]),
                acr_values_supported: strings(&["eidas1", "eidas2"]),
                code_challenge_methods_supported: strings(&["S256"]),
                scopes_supported: Vec::new(),
                claims_supported: Vec::new(),
                token_endpoint_auth_methods_supported: strings(&[
                    "client_secret_basic",
                    "client_secret_post",
                ]),
                authorization_response_iss_parameter_supported: false,
                service_documentation: None,
            }
        }

        // Checks that an origin is the scheme and the authority, in lower case, and that
        // what is not an absolute URL with a host is refused.
        #[test]
        fn origins_are_scheme_and_authority() {
            assert_eq!(
                origin("https://IdN.example:8443/a?b#c"),
                Ok("https://idn.example:8443".into())
            );
            assert_eq!(origin("http://127.0.0.1:8640"), Ok("http://127.0.0.1:8640".into()));
            for bad in ["/token", "idn.example/token", "https:///x", "https://user@evil.example/"] {
                assert!(origin(bad).is_err(), "{bad}");
            }
        }

        // Checks each discovery check on a consistent document, and that an endpoint on
        // another host (or another port, or a look-alike host), an issuer with a query,
        // and a missing field are each caught.
        #[test]
        fn discovery_checks_catch_each_fault() {
            let good = doc("https://idn.example", "https://idn.example/token");
            assert_eq!(issuer(&good.issuer), Ok(()));
            assert_eq!(endpoints_on_issuer(&good), Ok(()));
            assert!(missing_fields(&good).is_empty(), "{:?}", missing_fields(&good));
            for elsewhere in [
                "https://idn.attacker.example/token",
                "https://idn.example:444/token",
                "https://idn.example.attacker.example/token",
                "http://idn.example/token",
            ] {
                let bad = doc("https://idn.example", elsewhere);
                assert!(endpoints_on_issuer(&bad).unwrap_err().contains("token_endpoint"));
            }
            assert!(issuer("https://idn.example?tenant=1").is_err());
            assert!(issuer("https://idn.example#x").is_err());
            assert!(issuer("ftp://idn.example").is_err());
            let mut bare = good.clone();
            bare.acr_values_supported.clear();
            bare.token_endpoint_auth_methods_supported = vec!["client_secret_basic".into()];
            bare.id_token_signing_alg_values_supported.push("none".into());
            let missing = missing_fields(&bare);
            assert_eq!(missing.len(), 4, "{missing:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::params::matches;

    // Checks that the phrases QA write parse into what FranceConnect+ sends, that the
    // service parameter takes Mon Compte Formation or a name between guillemets, and that
    // a JWS header's alg and kid are read.
    #[test]
    fn parameters_and_headers() {
        let how: Echange = "le code_challenge à la place du code_verifier".parse().unwrap();
        assert_eq!(how.0.request().verifier, Verifier::Challenge);
        let basic: Echange = "le secret client en « client_secret_basic »".parse().unwrap();
        assert_eq!(basic.0.request().client_auth, ClientAuth::Basic);
        let other = Exchange::OtherRedirect.request().redirect_uri.unwrap();
        assert!(
            other.starts_with(FRANCECONNECT_REDIRECT_URI) && other != FRANCECONNECT_REDIRECT_URI
        );
        assert!(
            matches::<Service>("Mon Compte Formation") && matches::<Service>("« impots.gouv.fr »")
        );
        assert!(!matches::<Service>("impots.gouv.fr"));
        assert_eq!("« impots.gouv.fr »".parse::<Service>().unwrap().0, "impots.gouv.fr");
        assert_eq!("« POST »".parse::<Methode>().unwrap().0, UserInfoMethod::Post);
        // {"alg":"ES256","kid":"k1"}
        assert_eq!(
            jws_header("eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln"),
            Ok(("ES256".to_string(), Some("k1".to_string())))
        );
        assert!(jws_header("!!.e30.c2ln").is_err());
    }
}
