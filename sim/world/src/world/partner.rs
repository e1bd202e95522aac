//! A partner service (Mon Compte Formation) behind FranceConnect+, and the app's side of
//! a login (AUTH-01..07): the authorization request with the mobile number as login
//! hint, the app's pending list, approval with the secret code or refusal, and the code
//! exchanged for tokens. FranceConnect+ trusts the id_token only once it is verified as
//! OpenID Connect says: the issuer of the SUT's discovery document, the signature against
//! the SUT's JWKS, and the audience, nonce, expiry and acr it asked for.

use crate::actors::partner::{
    Approval, AuthorizeAs, Credentials, ExchangeAs, LoginAttempt, LoginHint, LoginOutcome, Verifier,
};
use crate::trace::{Actor, TraceEvent};
use crate::{World, WorldError, phone_actor};
use idn_contract::login::{
    Acr, AppApprove, AppPendingRequests, AppRefuse, AuthorizationCancel, AuthorizationPoll,
    AuthorizationStatus, Authorize, FRANCECONNECT_CLIENT_ID, FRANCECONNECT_CLIENT_SECRET,
    FRANCECONNECT_REDIRECT_URI, IDENTITY_SCOPES, PendingRequests, Token, Tokens, UserInfo,
    UserInfoMethod, pkce_challenge,
};
use idn_contract::oidc::{
    DiscoveryDocument, Expectation, Jwks, OidcDiscovery, OidcJwks, verify_id_token,
};
use idn_contract::token::{IdTokenClaims, TokenError, UserInfoClaims};
use idn_contract::{Ack, AuthRequestId, CallError, DeviceId};

/// The name of FranceConnect+'s random stream (its PKCE verifiers, states and nonces).
const FRANCECONNECT: &str = "franceconnect-plus";

impl World {
    /// The person types their number on `service`'s page; FranceConnect+ sends the
    /// authorization request at `acr`, with a state and a nonce of its own stream.
    pub async fn partner_login_start(
        &mut self,
        who: impl Into<LoginHint>,
        service: &str,
        acr: Acr,
    ) -> Result<LoginAttempt, CallError> {
        self.partner_login_start_as(who, service, acr, &AuthorizeAs::default()).await
    }

    /// [`World::partner_login_start`] with the authorization request changed as `how`
    /// says (a given state, another redirect URI, no PKCE challenge). The state, nonce and
    /// verifier are drawn all the same, so that a changed request draws what a normal one
    /// would.
    pub async fn partner_login_start_as(
        &mut self,
        who: impl Into<LoginHint>,
        service: &str,
        acr: Acr,
        how: &AuthorizeAs,
    ) -> Result<LoginAttempt, CallError> {
        let login_hint = match who.into() {
            LoginHint::Person(person) => self.person(person).phone_number.clone(),
            LoginHint::Number(number) => number,
        };
        let stream = self.stream(FRANCECONNECT);
        let (state, nonce, code_verifier) = (stream.hex(16), stream.hex(16), stream.hex(32));
        let state = how.state.clone().unwrap_or(state);
        let redirect_uri =
            how.redirect_uri.clone().unwrap_or_else(|| FRANCECONNECT_REDIRECT_URI.to_string());
        let code_challenge = match how.without_challenge {
            true => String::new(),
            false => pkce_challenge(&code_verifier),
        };
        let authorize = Authorize {
            client_id: FRANCECONNECT_CLIENT_ID.to_string(),
            redirect_uri: redirect_uri.clone(),
            scope: IDENTITY_SCOPES.map(String::from).to_vec(),
            acr_values: vec![acr],
            login_hint: login_hint.clone(),
            state: state.clone(),
            nonce: nonce.clone(),
            service_name: service.to_string(),
            code_challenge,
        };
        let pending = self.call(&Actor::FranceConnect, authorize).await?;
        Ok(LoginAttempt {
            request: pending.request,
            service: service.to_string(),
            acr,
            state,
            nonce,
            login_hint,
            code_verifier,
            redirect_uri,
            page_message: pending.page_message,
            started_at: self.now(),
        })
    }

    /// The service's page polls the request once.
    pub async fn partner_login_poll(
        &mut self,
        attempt: &LoginAttempt,
    ) -> Result<AuthorizationStatus, CallError> {
        self.call(&Actor::FranceConnect, AuthorizationPoll { request: attempt.request.clone() })
            .await
    }

    /// "Modifier" on the waiting page (AUTH-02).
    pub async fn partner_login_cancel(&mut self, attempt: &LoginAttempt) -> Result<Ack, CallError> {
        self.call(&Actor::FranceConnect, AuthorizationCancel { request: attempt.request.clone() })
            .await
    }

    /// Polls once; when approved, what the browser comes back with (the code, the state,
    /// the redirect URI). Any other status is [`WorldError::LoginNotApproved`].
    pub async fn partner_login_code(
        &mut self,
        attempt: &LoginAttempt,
    ) -> Result<Approval, WorldError> {
        let status = self.partner_login_poll(attempt).await?;
        let AuthorizationStatus::Approved { code, state, redirect_uri, page_message } = status
        else {
            let status = json_tag(&status);
            return Err(WorldError::LoginNotApproved {
                request: attempt.request.to_string(),
                status,
            });
        };
        Ok(Approval { code, state, redirect_uri, page_message })
    }

    /// FranceConnect+ exchanges `code` at the token endpoint, as `how` says (by default as
    /// it should: its credentials, the attempt's redirect URI and PKCE verifier).
    pub async fn partner_token(
        &mut self,
        attempt: &LoginAttempt,
        code: &str,
        how: &ExchangeAs,
    ) -> Result<Tokens, CallError> {
        let code_verifier = match how.verifier {
            Verifier::Kept => attempt.code_verifier.clone(),
            // Another verifier of the same form, from FranceConnect+'s stream.
            Verifier::Wrong => self.stream(FRANCECONNECT).hex(32),
            Verifier::Missing => String::new(),
            Verifier::Challenge => pkce_challenge(&attempt.code_verifier),
        };
        let (client_id, client_secret) = match how.credentials {
            Credentials::Registered => (FRANCECONNECT_CLIENT_ID, FRANCECONNECT_CLIENT_SECRET),
            Credentials::WrongSecret => (FRANCECONNECT_CLIENT_ID, "not-the-registered-secret"),
            Credentials::UnknownClient => {
                ("a-client-nobody-registered", FRANCECONNECT_CLIENT_SECRET)
            }
        };
        let token = Token {
            client_id: client_id.to_string(),
            client_secret: client_secret.to_string(),
            code: code.to_string(),
            redirect_uri: how.redirect_uri.clone().unwrap_or_else(|| attempt.redirect_uri.clone()),
            code_verifier,
            client_auth: how.client_auth,
        };
        self.call(&Actor::FranceConnect, token).await
    }

    /// FranceConnect+ verifies the id_token of `tokens` as OpenID Connect says (see
    /// [`World::partner_login_finish`]) and hands the identity to the service.
    pub async fn partner_accept_tokens(
        &mut self,
        attempt: &LoginAttempt,
        tokens: Tokens,
        page_message: String,
    ) -> Result<LoginOutcome, WorldError> {
        let claims = self.verified_claims(attempt, &tokens.id_token).await?;
        let service = Actor::Service(attempt.service.clone());
        let identity = TraceEvent::IdentityReceived { identity: claims.identity.clone() };
        self.record(Actor::FranceConnect, Some(service), identity);
        Ok(LoginOutcome { claims, tokens, page_message, received_at: self.now() })
    }

    /// The service asks the userinfo endpoint with `access_token`, by `method`.
    pub async fn partner_userinfo(
        &mut self,
        access_token: &str,
        method: UserInfoMethod,
    ) -> Result<UserInfoClaims, CallError> {
        let request = UserInfo { access_token: access_token.to_string(), method };
        self.call(&Actor::FranceConnect, request).await
    }

    /// Polls; when approved, checks the state and the redirect URI the browser came back
    /// with, exchanges the code and verifies the id_token (signature by a key of the
    /// JWKS, issuer of the discovery document, audience, nonce, expiry, and the acr asked,
    /// exactly). Anything else is an error naming what is wrong.
    pub async fn partner_login_finish(
        &mut self,
        attempt: &LoginAttempt,
    ) -> Result<LoginOutcome, WorldError> {
        let approval = self.partner_login_code(attempt).await?;
        check("state", &attempt.state, &approval.state)?;
        check("redirect_uri", &attempt.redirect_uri, &approval.redirect_uri)?;
        let tokens = self.partner_token(attempt, &approval.code, &ExchangeAs::default()).await?;
        self.partner_accept_tokens(attempt, tokens, approval.page_message).await
    }

    /// What FranceConnect+ reads of the SUT before it trusts an id_token: the discovery
    /// document and the JWKS, through the contract's operations so that the trace shows
    /// them. Kept between logins, as a relying party does, unless `refresh`.
    pub async fn partner_oidc_documents(
        &mut self,
        refresh: bool,
    ) -> Result<(DiscoveryDocument, Jwks), CallError> {
        if let (false, Some(documents)) = (refresh, &self.oidc) {
            return Ok(documents.clone());
        }
        let discovery = self.call(&Actor::FranceConnect, OidcDiscovery).await?;
        let jwks = self.call(&Actor::FranceConnect, OidcJwks).await?;
        self.oidc = Some((discovery.clone(), jwks.clone()));
        Ok((discovery, jwks))
    }

    /// The id_token's claims once verified; a key the kept JWKS does not hold (the SUT
    /// rotated its keys) fetches the documents again, once.
    async fn verified_claims(
        &mut self,
        attempt: &LoginAttempt,
        id_token: &str,
    ) -> Result<IdTokenClaims, WorldError> {
        let kept = self.oidc.is_some();
        let (discovery, jwks) = self.partner_oidc_documents(false).await?;
        let mut result = self.verify_claims(attempt, id_token, &discovery, &jwks);
        if kept && matches!(result, Err(WorldError::IdToken(TokenError::UnknownKid(_)))) {
            let (discovery, jwks) = self.partner_oidc_documents(true).await?;
            result = self.verify_claims(attempt, id_token, &discovery, &jwks);
        }
        if let Err(error) = &result {
            let refused = TraceEvent::IdTokenRefused { error: error.to_string() };
            self.record(Actor::FranceConnect, None, refused);
        }
        result
    }

    fn verify_claims(
        &mut self,
        attempt: &LoginAttempt,
        id_token: &str,
        discovery: &DiscoveryDocument,
        jwks: &Jwks,
    ) -> Result<IdTokenClaims, WorldError> {
        let expected = Expectation {
            issuer: &discovery.issuer,
            audience: FRANCECONNECT_CLIENT_ID,
            nonce: &attempt.nonce,
            now_unix: self.now().timestamp(),
            acr_min: attempt.acr,
        };
        let claims = verify_id_token(id_token, jwks, &expected).map_err(|error| match error {
            TokenError::Claim { claim, expected, got } => mismatch(claim, expected, got),
            other => WorldError::IdToken(other),
        })?;
        // SEC-11: the level asked and proven, never higher. The verifier accepts a higher
        // acr than asked (a service asking eidas1 may take eidas2); FranceConnect+ asked
        // for exactly one level, and the identity provider must answer that one.
        let acr = |a: Acr| serde_json::to_value(a).expect("an acr serializes").to_string();
        if claims.acr != attempt.acr {
            return Err(mismatch("acr", acr(attempt.acr), acr(claims.acr)));
        }
        Ok(claims)
    }

    /// The app lists what waits for it (AUTH-04), as `phone:<device>`.
    pub async fn app_pending(&mut self, device: &DeviceId) -> Result<PendingRequests, CallError> {
        let request = AppPendingRequests { device_id: device.clone() };
        self.call(&phone_actor(device), request).await
    }

    /// The person types the secret code in the app (AUTH-01, ACT-05).
    pub async fn app_approve(
        &mut self,
        device: &DeviceId,
        request: &AuthRequestId,
        pin: &str,
    ) -> Result<Ack, CallError> {
        let approve = AppApprove {
            device_id: device.clone(),
            request: request.clone(),
            pin: pin.to_string(),
        };
        self.call(&phone_actor(device), approve).await
    }

    /// "Je refuse" (AUTH-03, FRAUD-01).
    pub async fn app_refuse(
        &mut self,
        device: &DeviceId,
        request: &AuthRequestId,
    ) -> Result<Ack, CallError> {
        let refuse = AppRefuse { device_id: device.clone(), request: request.clone() };
        self.call(&phone_actor(device), refuse).await
    }
}

fn check(claim: &'static str, expected: &str, got: &str) -> Result<(), WorldError> {
    match expected == got {
        true => Ok(()),
        false => Err(mismatch(claim, expected.to_string(), got.to_string())),
    }
}

fn mismatch(claim: &'static str, expected: String, got: String) -> WorldError {
    WorldError::ClaimMismatch { claim, expected, got }
}

/// The status's name as the wire spells it (`refused`, `expired`…).
fn json_tag(status: &AuthorizationStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.get("status").and_then(|s| s.as_str()).map(str::to_string))
        .unwrap_or_else(|| format!("{status:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WorldConfig;
    use idn_contract::PhoneNumber;
    use idn_contract::login::{AuthorizationPending, Tokens};
    use idn_contract::test_clock::ClockSet;
    use idn_contract::{ClockId, IdentityProvider, Refusal, RefusalCode, Reply, Request};
    use std::sync::{Arc, Mutex};

    /// `{"alg":"none","typ":"JWT"}`, a payload, no signature.
    const ALG_NONE: &str = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.e30.";
    /// `{"alg":"ES256","kid":"k9"}`: a kid the JWKS does not hold.
    const UNKNOWN_KID: &str = "eyJhbGciOiJFUzI1NiIsImtpZCI6Ims5In0.e30.c2ln";

    /// Approves every login and answers the token request with `id_token`; publishes a
    /// discovery document and an empty JWKS.
    struct Approver {
        id_token: &'static str,
        state: Mutex<String>,
    }

    #[async_trait::async_trait]
    impl IdentityProvider for Approver {
        async fn handle(&self, _clock: &ClockId, request: Request) -> Result<Reply, CallError> {
            let state = || self.state.lock().expect("not poisoned").clone();
            Ok(match request {
                Request::TestClockCreate(_) | Request::TestClockAdvance(_) => {
                    ClockSet { next_timer_at: None }.into()
                }
                Request::Authorize(op) => {
                    *self.state.lock().expect("not poisoned") = op.state;
                    let request = AuthRequestId::new("req-1");
                    AuthorizationPending { request, page_message: String::new() }.into()
                }
                Request::AuthorizationPoll(_) => AuthorizationStatus::Approved {
                    code: "code-1".into(),
                    state: state(),
                    redirect_uri: FRANCECONNECT_REDIRECT_URI.into(),
                    page_message: String::new(),
                }
                .into(),
                Request::Token(_) => Tokens {
                    access_token: "at-1".into(),
                    id_token: self.id_token.into(),
                    token_type: "Bearer".into(),
                    expires_in_s: 3600,
                }
                .into(),
                Request::OidcDiscovery(_) => Reply::DiscoveryDocument(
                    serde_json::from_value(serde_json::json!({
                        "issuer": "https://idp.example", "authorization_endpoint": "",
                        "token_endpoint": "", "jwks_uri": "", "response_types_supported": [],
                        "subject_types_supported": [], "id_token_signing_alg_values_supported": [],
                    }))
                    .expect("a discovery document"),
                ),
                Request::OidcJwks(_) => Jwks { keys: Vec::new() }.into(),
                other => return Err(Refusal::new(RefusalCode::InvalidRequest, other.name()).into()),
            })
        }
    }

    async fn finish_with(id_token: &'static str) -> (Result<LoginOutcome, WorldError>, String) {
        let (mut results, trace) = finish_times(id_token, 1).await;
        (results.remove(0), trace.render())
    }

    /// `times` logins in one world, each finished; the results and the trace.
    async fn finish_times(
        id_token: &'static str,
        times: usize,
    ) -> (Vec<Result<LoginOutcome, WorldError>>, crate::Trace) {
        let sut = Arc::new(Approver { id_token, state: Mutex::new(String::new()) });
        let mut world =
            World::start(WorldConfig::new(3), move |_| sut as Arc<dyn IdentityProvider>)
                .await
                .expect("the world starts");
        let mut results = Vec::new();
        for _ in 0..times {
            let number = PhoneNumber::new("+33", "612345678");
            let attempt = world
                .partner_login_start(number, "Mon Compte Formation", Acr::Eidas2)
                .await
                .expect("the login starts");
            results.push(world.partner_login_finish(&attempt).await);
        }
        (results, world.trace().clone())
    }

    // Checks that FranceConnect+ keeps the discovery document and the JWKS between logins,
    // and fetches them again, once, when an id_token names a key it does not hold (the SUT
    // may have rotated its keys).
    #[tokio::test]
    async fn the_jwks_is_kept_and_fetched_again_for_an_unknown_key() {
        let fetches = |trace: &crate::Trace| {
            let jwks = |e: &&crate::TraceEntry| {
                matches!(&e.event, TraceEvent::Call { request: Request::OidcJwks(_), .. })
            };
            trace.entries().iter().filter(jwks).count()
        };
        let (_, trace) = finish_times(ALG_NONE, 2).await;
        let shown = trace.render();
        assert_eq!(fetches(&trace), 1, "the second login uses the kept JWKS:\n{shown}");
        let (results, trace) = finish_times(UNKNOWN_KID, 2).await;
        let shown = trace.render();
        assert_eq!(fetches(&trace), 2, "an unknown kid fetches the JWKS again, once:\n{shown}");
        assert!(
            results
                .iter()
                .all(|r| matches!(r, Err(WorldError::IdToken(TokenError::UnknownKid(_)))))
        );
    }

    // Checks that FranceConnect+ refuses an unsigned id_token (`alg: none`) and one whose
    // kid the SUT's JWKS does not hold, after fetching the discovery document and the JWKS,
    // and that the trace says why.
    #[tokio::test]
    async fn unsigned_or_unknown_key_id_tokens_are_refused() {
        let (finished, trace) = finish_with(ALG_NONE).await;
        let expected = WorldError::IdToken(TokenError::Algorithm("none".into()));
        assert_eq!(finished, Err(expected));
        assert!(trace.contains("OidcDiscovery") && trace.contains("OidcJwks"), "{trace}");
        assert!(trace.contains("id_token refused"), "{trace}");
        let (finished, _) = finish_with(UNKNOWN_KID).await;
        assert_eq!(finished, Err(WorldError::IdToken(TokenError::UnknownKid("k9".into()))));
    }
}
