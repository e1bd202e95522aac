//! A partner service (Mon Compte Formation) behind FranceConnect+, and the app's side of
//! a login (AUTH-01..07): the authorization request with the mobile number as login
//! hint, the app's pending list, approval with the secret code or refusal, and the code
//! exchanged for tokens whose claims the service checks.

use crate::trace::{json, quote};
use crate::{PersonId, World, WorldError, phone_actor};
use idn_contract::login::{
    Acr, AppApprove, AppPendingRequests, AppRefuse, AuthorizationCancel, AuthorizationPoll,
    AuthorizationStatus, Authorize, FRANCECONNECT_CLIENT_ID, FRANCECONNECT_CLIENT_SECRET,
    FRANCECONNECT_REDIRECT_URI, PendingRequests, Token, Tokens, pkce_challenge,
};
use idn_contract::token::{IdTokenClaims, decode_claims_unverified};
use idn_contract::{Ack, AuthRequestId, CallError, DeviceId, PhoneNumber, Timestamp};

/// The actor name of FranceConnect+ in traces.
pub const FRANCECONNECT: &str = "franceconnect-plus";

/// Who logs in: a person (by their current number) or a number typed on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginHint {
    Person(PersonId),
    Number(PhoneNumber),
}

impl From<PersonId> for LoginHint {
    fn from(person: PersonId) -> Self {
        LoginHint::Person(person)
    }
}

impl From<PhoneNumber> for LoginHint {
    fn from(number: PhoneNumber) -> Self {
        LoginHint::Number(number)
    }
}

/// A login under way at the partner service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAttempt {
    pub request: AuthRequestId,
    pub service: String,
    pub acr: Acr,
    pub state: String,
    pub nonce: String,
    pub login_hint: PhoneNumber,
    /// PKCE: the verifier FranceConnect+ keeps for the token request.
    pub code_verifier: String,
    /// What the page says while waiting (AUTH-02).
    pub page_message: String,
    pub started_at: Timestamp,
}

/// A login the service completed: the tokens and their checked claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginOutcome {
    pub claims: IdTokenClaims,
    pub tokens: Tokens,
    /// "Identification réussie" (AUTH-01).
    pub page_message: String,
}

impl World {
    /// The person types their number on `service`'s page; FranceConnect+ sends the
    /// authorization request at `acr`, with a state and a nonce of its own stream.
    pub async fn partner_login_start(
        &mut self,
        who: impl Into<LoginHint>,
        service: &str,
        acr: Acr,
    ) -> Result<LoginAttempt, CallError> {
        let login_hint = match who.into() {
            LoginHint::Person(person) => self.person(person).phone_number.clone(),
            LoginHint::Number(number) => number,
        };
        let stream = self.stream(FRANCECONNECT);
        let (state, nonce, code_verifier) = (stream.hex(16), stream.hex(16), stream.hex(32));
        let authorize = Authorize {
            client_id: FRANCECONNECT_CLIENT_ID.to_string(),
            redirect_uri: FRANCECONNECT_REDIRECT_URI.to_string(),
            scope: [
                "openid",
                "given_name",
                "family_name",
                "birthdate",
                "gender",
                "birthplace",
                "birthcountry",
                "email",
            ]
            .map(String::from)
            .to_vec(),
            acr_values: vec![acr],
            login_hint: login_hint.clone(),
            state: state.clone(),
            nonce: nonce.clone(),
            service_name: service.to_string(),
            code_challenge: pkce_challenge(&code_verifier),
        };
        let pending = self.call(FRANCECONNECT, authorize).await?;
        Ok(LoginAttempt {
            request: pending.request,
            service: service.to_string(),
            acr,
            state,
            nonce,
            login_hint,
            code_verifier,
            page_message: pending.page_message,
            started_at: self.now(),
        })
    }

    /// The service's page polls the request once.
    pub async fn partner_login_poll(
        &mut self,
        attempt: &LoginAttempt,
    ) -> Result<AuthorizationStatus, CallError> {
        self.call(FRANCECONNECT, AuthorizationPoll { request: attempt.request.clone() }).await
    }

    /// "Modifier" on the waiting page (AUTH-02).
    pub async fn partner_login_cancel(&mut self, attempt: &LoginAttempt) -> Result<Ack, CallError> {
        self.call(FRANCECONNECT, AuthorizationCancel { request: attempt.request.clone() }).await
    }

    /// Polls; when approved, exchanges the code and checks the id_token (state, nonce,
    /// audience, acr at least the one asked, not expired). Anything else is an error
    /// naming what is wrong.
    pub async fn partner_login_finish(
        &mut self,
        attempt: &LoginAttempt,
    ) -> Result<LoginOutcome, WorldError> {
        let status = self.partner_login_poll(attempt).await?;
        let AuthorizationStatus::Approved { code, state, redirect_uri, page_message } = status
        else {
            let status = json_tag(&status);
            return Err(WorldError::LoginNotApproved {
                request: attempt.request.to_string(),
                status,
            });
        };
        check("state", &attempt.state, &state)?;
        check("redirect_uri", FRANCECONNECT_REDIRECT_URI, &redirect_uri)?;
        let token = Token {
            client_id: FRANCECONNECT_CLIENT_ID.to_string(),
            client_secret: FRANCECONNECT_CLIENT_SECRET.to_string(),
            code,
            redirect_uri,
            code_verifier: attempt.code_verifier.clone(),
        };
        let tokens = self.call(FRANCECONNECT, token).await?;
        let claims = decode_claims_unverified(&tokens.id_token).map_err(WorldError::IdToken)?;
        self.check_claims(attempt, &claims)?;
        self.log(FRANCECONNECT, &attempt.service, "identity", json(&claims.identity));
        Ok(LoginOutcome { claims, tokens, page_message })
    }

    fn check_claims(
        &mut self,
        attempt: &LoginAttempt,
        claims: &IdTokenClaims,
    ) -> Result<(), WorldError> {
        let result = check("nonce", &attempt.nonce, &claims.nonce)
            .and_then(|()| check("aud", FRANCECONNECT_CLIENT_ID, &claims.aud))
            .and_then(|()| match claims.acr >= attempt.acr {
                true => Ok(()),
                false => Err(mismatch(
                    "acr",
                    format!("at least {:?}", attempt.acr),
                    format!("{:?}", claims.acr),
                )),
            })
            .and_then(|()| match claims.exp > self.now().timestamp() {
                true => Ok(()),
                false => Err(mismatch(
                    "exp",
                    format!("after {}", self.now().timestamp()),
                    claims.exp.to_string(),
                )),
            });
        if let Err(error) = &result {
            self.log(FRANCECONNECT, "", "id_token refused", quote(&error.to_string()));
        }
        result
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
