//! Logging in (AUTH-01..08, FRAUD-02, FRAUD-03) as the OpenID Connect authorization code
//! flow: FranceConnect+ asks with the phone number as login hint, the activated app
//! approves with the secret code or refuses, FranceConnect+ exchanges the code for tokens.

use crate::account;
use crate::app::{self, device_not_active};
use crate::identity::{self, Identity};
use crate::signing::Signer;
use crate::store::{Ctx, after, enum_from, enum_text, json, parse_ts, ts};
use crate::texts;
use idn_contract::login::*;
use idn_contract::outbound::Push;
use idn_contract::token::{IdTokenClaims, UserInfoClaims};
use idn_contract::{
    Ack, AuthRequestId, Civility, OutboundMessage, Refusal, RefusalCode, Timestamp,
};

/// An authorization code lives 60 seconds and serves once.
const AUTH_CODE_TTL_S: u64 = 60;
/// Access tokens and id_tokens live an hour.
const TOKEN_TTL_S: u64 = 3600;
/// FRAUD-03's sliding window.
const RATE_WINDOW_S: u64 = 3600;

#[derive(Debug, Clone)]
struct AuthRequest {
    id: String,
    identity_id: i64,
    client_id: String,
    redirect_uri: String,
    acr: Acr,
    state: String,
    nonce: String,
    code_challenge: String,
    created_at: Timestamp,
    status: String,
}

fn auth_request(cx: &Ctx<'_>, id: &AuthRequestId) -> Result<AuthRequest, Refusal> {
    cx.row(
        "SELECT id, identity_id, client_id, redirect_uri, acr, state, nonce, code_challenge,
                created_at, status
         FROM auth_requests WHERE clock = ?1 AND id = ?2",
        (cx.clock, id.as_str()),
        |r| {
            Ok(AuthRequest {
                id: r.get(0)?,
                identity_id: r.get(1)?,
                client_id: r.get(2)?,
                redirect_uri: r.get(3)?,
                acr: enum_from(&r.get::<_, String>(4)?),
                state: r.get(5)?,
                nonce: r.get(6)?,
                code_challenge: r.get(7)?,
                created_at: parse_ts(&r.get::<_, String>(8)?),
                status: r.get(9)?,
            })
        },
    )
    .ok_or_else(|| Refusal::new(RefusalCode::NotFound, "Cette demande de connexion est inconnue."))
}

impl AuthRequest {
    /// AUTH-06: a pending request left unanswered expires.
    fn expired(&self, cx: &Ctx<'_>) -> bool {
        self.status == "pending"
            && cx.now >= after(self.created_at, cx.config.policy.auth_request_ttl_s)
    }

    /// Still waiting for an answer, or the refusal that says why not.
    fn ensure_open(&self, cx: &Ctx<'_>) -> Result<(), Refusal> {
        if self.status != "pending" {
            return Err(Refusal::new(
                RefusalCode::RequestClosed,
                "Cette demande de connexion a déjà reçu une réponse.",
            ));
        }
        if self.expired(cx) {
            return Err(Refusal::new(
                RefusalCode::RequestExpired,
                "Cette demande de connexion a expiré.",
            ));
        }
        Ok(())
    }
}

fn invalid_client() -> Refusal {
    Refusal::new(RefusalCode::InvalidClient, "Client OpenID Connect inconnu ou mal identifié.")
}

fn invalid_request(message: &str) -> Refusal {
    Refusal::new(RefusalCode::InvalidRequest, message)
}

/// The authorization request's own checks: the one client and its redirect URI, the
/// `openid` scope, a state, a nonce and a PKCE challenge, and an eIDAS level; the highest
/// one asked is kept.
/// Either level is served the same way: approval always needs the secret code typed on
/// the activated smartphone (AUTH-07).
fn check_authorize(cx: &Ctx<'_>, op: &Authorize) -> Result<Acr, Refusal> {
    if !cx.config.is_registered(&op.client_id, &op.redirect_uri) {
        return Err(invalid_client());
    }
    if !op.scope.iter().any(|s| s == "openid") {
        return Err(invalid_request("Le scope `openid` est requis."));
    }
    if op.state.is_empty() || op.nonce.is_empty() {
        return Err(invalid_request("Les paramètres `state` et `nonce` sont requis."));
    }
    if !is_s256_challenge(&op.code_challenge) {
        return Err(invalid_request(
            "Le paramètre `code_challenge` est requis : base64url(sha256(code_verifier)), méthode S256.",
        ));
    }
    op.acr_values.iter().copied().max().ok_or_else(|| {
        Refusal::new(RefusalCode::AcrNotSupported, "Niveau eIDAS attendu : eidas1 ou eidas2.")
    })
}

/// PKCE S256 (RFC 7636 §4.2): a SHA-256 digest in base64url without padding, 43 characters
/// of the URL-safe alphabet whose last one carries no stray bits.
fn is_s256_challenge(challenge: &str) -> bool {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    challenge.len() == 43 && engine.decode(challenge).is_ok_and(|digest| digest.len() == 32)
}

/// The identity behind a login hint and its active smartphone, if it can log in (AUTH-08).
/// No account enumeration (ASVS 5.0 6.3.8): a number with no identity, and one whose
/// identity is not activated, blocked, deleted or expired, get the one same refusal, so
/// that the login page tells a caller nothing about the number; the holder learns the
/// reason in the app and in the Espace Client.
fn identity_for_login(cx: &Ctx<'_>, op: &Authorize) -> Result<(Identity, String), Refusal> {
    let unusable = || {
        Refusal::new(
            RefusalCode::UnknownLoginHint,
            "Aucune Identité Numérique utilisable n'est associée à ce numéro.",
        )
    };
    let identity = identity::latest_for_phone(cx, &op.login_hint).ok_or_else(unusable)?;
    identity::ensure_usable(cx, &identity).map_err(|_| unusable())?;
    let device = identity::active_device(cx, identity.id).ok_or_else(unusable)?;
    Ok((identity, device))
}

/// FRAUD-03: at most `auth_requests_per_hour` login requests per number in a sliding hour,
/// counted whatever their answer (a number with no usable identity is limited like any
/// other); a request refused `rate_limited` is not counted. The request is recorded here.
fn count_request(cx: &Ctx<'_>, phone_key: &str) -> Result<(), Refusal> {
    let limit = cx.config.policy.auth_requests_per_hour as usize;
    let since = ts(cx.now - chrono::TimeDelta::seconds(RATE_WINDOW_S as i64));
    let recent: Vec<String> = cx.rows(
        "SELECT at FROM login_attempts WHERE clock = ?1 AND phone = ?2 AND at > ?3 ORDER BY at",
        (cx.clock, phone_key, since),
        |r| r.get(0),
    );
    if recent.len() < limit {
        cx.exec(
            "INSERT INTO login_attempts (clock, phone, at) VALUES (?1, ?2, ?3)",
            (cx.clock, phone_key, cx.now_text()),
        );
        return Ok(());
    }
    // A slot frees when enough of the oldest requests leave the window.
    let frees_at = after(parse_ts(&recent[recent.len() - limit]), RATE_WINDOW_S);
    let wait_ms = (frees_at - cx.now).num_milliseconds().max(0);
    let retry_after_s = u64::try_from(wait_ms).unwrap_or(0).div_ceil(1000).max(1);
    Err(Refusal::new(
        RefusalCode::RateLimited,
        "Trop de demandes de connexion pour ce numéro : réessayez plus tard.",
    )
    .retry_after(retry_after_s))
}

/// AUTH-01, ACT-04: the request is stored and pushed to the active smartphone. Checked in
/// this order: the request itself (client, redirect URI, scope, state, nonce, PKCE, acr),
/// then the number's rate limit (FRAUD-03), which counts it, then the identity.
pub(crate) fn authorize(cx: &mut Ctx<'_>, op: Authorize) -> Result<AuthorizationPending, Refusal> {
    let acr = check_authorize(cx, &op)?;
    let phone_key = op.login_hint.to_string();
    count_request(cx, &phone_key)?;
    let (identity, device) = identity_for_login(cx, &op)?;
    let id = cx.id("req", 16);
    cx.exec(
        "INSERT INTO auth_requests (clock, id, identity_id, device_id, phone, client_id, redirect_uri, scope, acr,
            state, nonce, code_challenge, service_name, created_at, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'pending')",
        (
            cx.clock,
            &id,
            identity.id,
            &device,
            &phone_key,
            &op.client_id,
            &op.redirect_uri,
            json(&op.scope),
            enum_text(&acr),
            &op.state,
            &op.nonce,
            &op.code_challenge,
            &op.service_name,
            cx.now_text(),
        ),
    );
    cx.send(OutboundMessage::Push(Push {
        device_id: idn_contract::DeviceId::new(device),
        request: AuthRequestId::new(&id),
        title: texts::PUSH_TITLE.to_string(),
        body: texts::push_body(&op.service_name),
    }));
    Ok(AuthorizationPending {
        request: AuthRequestId::new(id),
        page_message: texts::PAGE_WAITING.to_string(),
    })
}

/// The waiting page polls (AUTH-01, AUTH-02, AUTH-03, AUTH-06).
pub(crate) fn poll(
    cx: &mut Ctx<'_>,
    op: AuthorizationPoll,
) -> Result<AuthorizationStatus, Refusal> {
    let request = auth_request(cx, &op.request)?;
    if request.expired(cx) {
        return Ok(AuthorizationStatus::Expired);
    }
    Ok(match request.status.as_str() {
        "pending" => AuthorizationStatus::Pending { page_message: texts::PAGE_WAITING.to_string() },
        "approved" => {
            let code: String = cx
                .row(
                    "SELECT code FROM auth_codes WHERE clock = ?1 AND request_id = ?2",
                    (cx.clock, &request.id),
                    |r| r.get(0),
                )
                .expect("an approved request has its code");
            AuthorizationStatus::Approved {
                code,
                state: request.state,
                redirect_uri: request.redirect_uri,
                page_message: texts::PAGE_APPROVED.to_string(),
            }
        }
        "refused" => AuthorizationStatus::Refused,
        _ => AuthorizationStatus::Cancelled,
    })
}

/// What a browser's waiting page needs: the request's status, and where and with which
/// state the browser goes back to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontChannel {
    pub(crate) status: AuthorizationStatus,
    pub(crate) redirect_uri: String,
    pub(crate) state: String,
    pub(crate) service_name: String,
}

/// The waiting page of the front channel polls: [`poll`], with the request's redirect URI,
/// state and service.
pub(crate) fn front_channel(cx: &mut Ctx<'_>, id: AuthRequestId) -> Result<FrontChannel, Refusal> {
    let request = auth_request(cx, &id)?;
    let service_name: String = cx
        .row(
            "SELECT service_name FROM auth_requests WHERE clock = ?1 AND id = ?2",
            (cx.clock, &request.id),
            |r| r.get(0),
        )
        .unwrap_or_default();
    let status = poll(cx, AuthorizationPoll { request: id })?;
    Ok(FrontChannel {
        status,
        redirect_uri: request.redirect_uri,
        state: request.state,
        service_name,
    })
}

/// "Modifier" on the waiting page (AUTH-02).
pub(crate) fn cancel(cx: &mut Ctx<'_>, op: AuthorizationCancel) -> Result<Ack, Refusal> {
    let request = auth_request(cx, &op.request)?;
    request.ensure_open(cx)?;
    answer(cx, &request.id, "cancelled");
    Ok(Ack)
}

fn answer(cx: &Ctx<'_>, request_id: &str, status: &str) {
    cx.exec(
        "UPDATE auth_requests SET status = ?3, answered_at = ?4 WHERE clock = ?1 AND id = ?2",
        (cx.clock, request_id, status, cx.now_text()),
    );
}

/// AUTH-04: the app lists what waits for it; only the active smartphone may ask.
pub(crate) fn pending(
    cx: &mut Ctx<'_>,
    op: AppPendingRequests,
) -> Result<PendingRequests, Refusal> {
    let identity = app::identity_of_device(cx, &op.device_id).ok_or_else(device_not_active)?;
    identity::ensure_usable(cx, &identity)?;
    let since = ts(cx.now - chrono::TimeDelta::seconds(cx.config.policy.auth_request_ttl_s as i64));
    let requests = cx.rows(
        "SELECT id, service_name, acr, created_at FROM auth_requests
         WHERE clock = ?1 AND identity_id = ?2 AND status = 'pending' AND created_at > ?3
         ORDER BY created_at, id",
        (cx.clock, identity.id, since),
        |r| {
            Ok(PendingLogin {
                request: AuthRequestId::new(r.get::<_, String>(0)?),
                service_name: r.get(1)?,
                acr: enum_from(&r.get::<_, String>(2)?),
                requested_at: parse_ts(&r.get::<_, String>(3)?),
            })
        },
    );
    Ok(PendingRequests { requests })
}

/// A request the app on this device may answer.
fn answerable(
    cx: &Ctx<'_>,
    device: &idn_contract::DeviceId,
    id: &AuthRequestId,
) -> Result<(AuthRequest, Identity), Refusal> {
    let request = auth_request(cx, id)?;
    let identity = identity::by_id(cx, request.identity_id);
    if identity::active_device(cx, identity.id).as_deref() != Some(device.as_str()) {
        return Err(device_not_active());
    }
    request.ensure_open(cx)?;
    identity::ensure_usable(cx, &identity)?;
    Ok((request, identity))
}

/// AUTH-01, AUTH-05, ACT-05: the secret code approves; wrong ones count against the
/// identity, and the attempt that reaches `pin_max_attempts` locks it until a change of
/// secret code (MGT-04).
pub(crate) fn approve(cx: &mut Ctx<'_>, op: AppApprove) -> Result<Ack, Refusal> {
    let (request, identity) = answerable(cx, &op.device_id, &op.request)?;
    let locked = || {
        Refusal::new(
            RefusalCode::PinLocked,
            "Code secret bloqué : utilisez « Code oublié » pour en choisir un nouveau.",
        )
    };
    if identity.pin_locked {
        return Err(locked());
    }
    if !app::pin_matches(&identity, &op.pin) {
        let failures = identity.pin_failures + 1;
        let max = cx.config.policy.pin_max_attempts;
        cx.exec(
            "UPDATE identities SET pin_failures = ?2, pin_locked = ?3 WHERE id = ?1",
            (identity.id, failures, failures >= max),
        );
        if failures >= max {
            return Err(locked());
        }
        return Err(Refusal::new(RefusalCode::PinWrong, "Code secret incorrect.")
            .attempts_left(max - failures));
    }
    cx.exec("UPDATE identities SET pin_failures = 0 WHERE id = ?1", [identity.id]);
    answer(cx, &request.id, "approved");
    let code = cx.hex(32);
    cx.exec(
        "INSERT INTO auth_codes (clock, code, request_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        (cx.clock, code, &request.id, cx.now_text(), cx.later_text(AUTH_CODE_TTL_S)),
    );
    Ok(Ack)
}

/// "Je refuse" (AUTH-03, FRAUD-01).
pub(crate) fn refuse(cx: &mut Ctx<'_>, op: AppRefuse) -> Result<Ack, Refusal> {
    let (request, _) = answerable(cx, &op.device_id, &op.request)?;
    answer(cx, &request.id, "refused");
    Ok(Ack)
}

fn invalid_grant(message: &str) -> Refusal {
    Refusal::new(RefusalCode::InvalidGrant, message)
}

/// The token endpoint. A code serves once; a second use also revokes what the first gave
/// (RFC 6749 §4.1.2). The verifier must be the one whose challenge the authorization
/// request carried (PKCE); a wrong one leaves the code unused. An identity blocked or
/// deleted since the approval gets nothing. The id_token is signed ES256.
pub(crate) fn token(cx: &mut Ctx<'_>, op: Token, signer: &Signer) -> Result<Tokens, Refusal> {
    if !cx.config.authenticates(&op.client_id, &op.client_secret) {
        return Err(invalid_client());
    }
    let code: Option<(String, String, bool)> = cx.row(
        "SELECT request_id, expires_at, used FROM auth_codes WHERE clock = ?1 AND code = ?2",
        (cx.clock, &op.code),
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    );
    let (request_id, expires_at, used) =
        code.ok_or_else(|| invalid_grant("Code d'autorisation inconnu."))?;
    if used {
        cx.exec(
            "UPDATE tokens SET revoked = 1 WHERE clock = ?1 AND code = ?2",
            (cx.clock, &op.code),
        );
        return Err(invalid_grant("Code d'autorisation déjà utilisé."));
    }
    if cx.now >= parse_ts(&expires_at) {
        return Err(invalid_grant("Code d'autorisation expiré."));
    }
    let request = auth_request(cx, &AuthRequestId::new(request_id))?;
    // The code was issued to this client (RFC 6749 §4.1.3): another client's secret does
    // not redeem it.
    if op.client_id != request.client_id {
        return Err(invalid_grant("Ce code a été délivré à un autre client."));
    }
    if op.redirect_uri != request.redirect_uri {
        return Err(invalid_grant("L'URI de redirection ne correspond pas à la demande."));
    }
    if pkce_challenge(&op.code_verifier) != request.code_challenge {
        return Err(invalid_grant(
            "Le `code_verifier` ne correspond pas au `code_challenge` de la demande.",
        ));
    }
    let identity = identity::by_id(cx, request.identity_id);
    identity::ensure_usable(cx, &identity).map_err(|r| invalid_grant(&r.message))?;
    cx.exec("UPDATE auth_codes SET used = 1 WHERE clock = ?1 AND code = ?2", (cx.clock, &op.code));
    let access_token = cx.id("at", 32);
    cx.exec(
        "INSERT INTO tokens (clock, access_token, identity_id, code, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (cx.clock, &access_token, identity.id, &op.code, cx.now_text(), cx.later_text(TOKEN_TTL_S)),
    );
    let claims = IdTokenClaims {
        iss: cx.issuer.to_string(),
        aud: op.client_id,
        exp: after(cx.now, TOKEN_TTL_S).timestamp(),
        iat: cx.now.timestamp(),
        nonce: request.nonce,
        acr: request.acr,
        identity: identity_claims(cx, &identity),
    };
    Ok(Tokens {
        access_token,
        id_token: signer.sign(&claims),
        token_type: "Bearer".to_string(),
        expires_in_s: TOKEN_TTL_S,
    })
}

/// The userinfo endpoint.
pub(crate) fn user_info(cx: &mut Ctx<'_>, op: UserInfo) -> Result<UserInfoClaims, Refusal> {
    let invalid = || Refusal::new(RefusalCode::InvalidToken, "Jeton d'accès invalide ou expiré.");
    let found: Option<(i64, String, bool)> = cx.row(
        "SELECT identity_id, expires_at, revoked FROM tokens WHERE clock = ?1 AND access_token = ?2",
        (cx.clock, &op.access_token),
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    );
    let (identity_id, expires_at, revoked) = found.ok_or_else(invalid)?;
    if revoked || cx.now >= parse_ts(&expires_at) {
        return Err(invalid());
    }
    let identity = identity::by_id(cx, identity_id);
    identity::ensure_usable(cx, &identity).map_err(|_| invalid())?;
    Ok(identity_claims(cx, &identity))
}

/// FranceConnect's identity claims, from the declared identity and the account's e-mail.
fn identity_claims(cx: &Ctx<'_>, identity: &Identity) -> UserInfoClaims {
    let declared = &identity.declared;
    UserInfoClaims {
        sub: identity.sub.clone(),
        given_name: declared.given_names.join(" "),
        family_name: declared.birth_name.clone(),
        birthdate: declared.birth_date.format("%Y-%m-%d").to_string(),
        gender: match declared.civility {
            Civility::Madame => "female",
            Civility::Monsieur => "male",
        }
        .to_string(),
        birthplace: declared.birth_municipality.clone(),
        birthcountry: declared.birth_country.clone(),
        email: account::by_id(cx, identity.account_id).email,
    }
}
