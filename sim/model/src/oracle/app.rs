//! The app: activation on a smartphone (ACT-01..03, ELIG-03, MGT-07, MGT-08), a change of
//! secret code (MGT-04), and logins approved or refused in it (AUTH-01, AUTH-03, AUTH-05,
//! AUTH-08, FRAUD-03).

use super::{
    CODE_INVALID, EMAIL_CONFIRMATION_REQUIRED, LifecycleState, LoginAnswer, LoginRequest, Oracle,
    Typing,
};

/// SEC-50 (no account enumeration, ASVS 6.3.8): the login page's one answer for a number
/// with no identity that can log in: unknown, never activated, blocked, deleted or expired
/// alike (the contract's `unknown_login_hint`). The holder learns the reason in the app
/// and the Espace Client, which keep their precise codes.
pub const UNKNOWN_LOGIN_HINT: &str = "unknown_login_hint";
use crate::device::{Os, check_os};
use crate::pin::check_pin;
use crate::refusal::{
    CODE_EXPIRED, DEVICE_NOT_ACTIVE, DOCUMENT_SUFFIX_MISMATCH, IDENTITY_BLOCKED, IDENTITY_DELETED,
    IDENTITY_EXPIRED, IDENTITY_NOT_ACTIVATED, IDENTITY_NOT_VERIFIED, PIN_LOCKED, PIN_WRONG,
    RATE_LIMITED, REQUEST_CLOSED, REQUEST_EXPIRED,
};
use chrono::{DateTime, TimeDelta, Utc};

impl Oracle {
    /// `Activate`: allowed while blocked (the lost-phone journey); the new smartphone
    /// replaces the old one, which stops working (MGT-08).
    pub(super) fn activate(
        &mut self,
        device: &str,
        os: Os,
        os_major: u32,
        sms: Typing,
        suffix_ok: bool,
        pin: &str,
    ) -> Result<(), &'static str> {
        let verified_on = self.start_activation(device, os, os_major)?;
        typed(sms)?;
        self.document_suffix(suffix_ok)?;
        check_pin(pin, self.policy.pin_refuse_descending)?;
        self.bind(device, verified_on);
        Ok(())
    }

    /// `ActivateNewNumber`: as `Activate`, the SMS code read on the new number, and the
    /// code e-mailed to the account's address before the secret code (FRAUD-02).
    pub(super) fn activate_new_number(
        &mut self,
        device: &str,
        os: Os,
        os_major: u32,
        suffix_ok: bool,
        email: Option<Typing>,
        pin: &str,
    ) -> Result<(), &'static str> {
        let verified_on = self.start_activation(device, os, os_major)?;
        self.document_suffix(suffix_ok)?;
        typed(email.ok_or(EMAIL_CONFIRMATION_REQUIRED)?)?;
        check_pin(pin, self.policy.pin_refuse_descending)?;
        self.bind(device, verified_on);
        Ok(())
    }

    /// "Commencer": the state checks (a blocked identity may be activated), the OS; the
    /// day the identity was verified.
    fn start_activation(
        &mut self,
        device: &str,
        os: Os,
        os_major: u32,
    ) -> Result<chrono::NaiveDate, &'static str> {
        let blocked = matches!(self.state, LifecycleState::Blocked { .. });
        let verified_on = match self.state.unblocked() {
            LifecycleState::Deleted => return Err(IDENTITY_DELETED),
            _ if !self.state.is_confirmed() && self.ever_deleted() => return Err(IDENTITY_DELETED),
            LifecycleState::Expired if blocked => return Err(IDENTITY_BLOCKED),
            LifecycleState::Expired => return Err(IDENTITY_EXPIRED),
            _ => self.state.verified_on().ok_or(IDENTITY_NOT_VERIFIED)?,
        };
        check_os(os, os_major)?;
        self.identity.challenged.insert(device.to_string());
        Ok(verified_on)
    }

    /// MGT-07 as the reference reads it: every activation after the first proves the
    /// document, on a new smartphone or on the same one again.
    fn document_suffix(&self, suffix_ok: bool) -> Result<(), &'static str> {
        if self.identity.ever_activated && !suffix_ok {
            return Err(DOCUMENT_SUFFIX_MISMATCH);
        }
        Ok(())
    }

    /// `device` becomes the only active smartphone (MGT-08), with a new, unlocked code.
    fn bind(&mut self, device: &str, verified_on: chrono::NaiveDate) {
        let active = LifecycleState::Active { device: device.to_string(), verified_on };
        self.state = match &self.state {
            LifecycleState::Blocked { .. } => {
                LifecycleState::Blocked { previous: Box::new(active) }
            }
            _ => active,
        };
        self.identity.ever_activated = true;
        self.identity.device = Some(device.to_string());
        self.identity.wrong_pins = 0;
    }

    /// `ChangePin`: a new secret code chosen in the app of the active smartphone; it also
    /// unlocks a locked code ("Code oublié", AUTH-05).
    pub(super) fn change_pin(&mut self, device: &str, pin: &str) -> Result<(), &'static str> {
        if !self.state.is_confirmed() {
            let deleted = self.ever_deleted() || self.state == LifecycleState::Deleted;
            return Err(if deleted { IDENTITY_DELETED } else { IDENTITY_NOT_VERIFIED });
        }
        self.alive()?;
        if self.state.verified_on().is_none() {
            return Err(IDENTITY_NOT_VERIFIED);
        }
        if !self.identity.ever_activated {
            return Err(IDENTITY_NOT_ACTIVATED);
        }
        self.active_device_is(device)?;
        check_pin(pin, self.policy.pin_refuse_descending)?;
        self.identity.wrong_pins = 0;
        Ok(())
    }

    /// `Login` (`pin_ok` is `Some`) or `RefuseLogin` (`None`): the request is counted for
    /// FRAUD-03 whatever the state (SEC-51), the login page refuses a number that cannot
    /// log in with its one answer (SEC-50), then the app answers it.
    pub(super) fn login(
        &mut self,
        now: DateTime<Utc>,
        device: &str,
        pin_ok: Option<bool>,
    ) -> Result<(), &'static str> {
        self.request_login(now)?;
        let request = self.logins.len() - 1;
        self.active_device_is(device)?;
        self.answer(request, pin_ok)
    }

    /// `RequestLogin`: a request nobody answers yet, counted for FRAUD-03 whatever the
    /// state; one the login page takes is kept, pending.
    pub(super) fn request_login(&mut self, now: DateTime<Utc>) -> Result<(), &'static str> {
        self.count_login_request(now)?;
        self.login_page()?;
        let identity = self.identity.number;
        self.logins.push(LoginRequest { identity, at: now, answer: LoginAnswer::Pending });
        Ok(())
    }

    /// `AnswerLogin`, as the reference reads the app's answer to an existing request: the
    /// smartphone must be the active one of the identity the request was made for (a
    /// deleted identity has none), then the request must be pending (`request_closed`)
    /// and within its lifetime (`request_expired`, AUTH-06), then the identity usable
    /// (blocked, expired), then the secret code.
    pub(super) fn answer_login(
        &mut self,
        now: DateTime<Utc>,
        request: usize,
        device: &str,
        approve: Option<bool>,
    ) -> Result<(), &'static str> {
        let Some(made) = self.logins.get(request).cloned() else {
            return Err(super::NOT_FOUND);
        };
        let active = self.state.active_device().or(self.expired_device());
        if made.identity != self.identity.number || active != Some(device) {
            return Err(DEVICE_NOT_ACTIVE);
        }
        if made.answer != LoginAnswer::Pending {
            return Err(REQUEST_CLOSED);
        }
        let ends = made.at.checked_add_signed(self.policy.auth_request_ttl());
        if ends.is_some_and(|ends| now >= ends) {
            return Err(REQUEST_EXPIRED);
        }
        self.alive()?;
        self.answer(request, approve)
    }

    /// The app's answer to a pending request on the active smartphone: "Je refuse", or the
    /// secret code (AUTH-05: a wrong one counts, the one that reaches the limit locks).
    fn answer(&mut self, request: usize, pin_ok: Option<bool>) -> Result<(), &'static str> {
        let Some(pin_ok) = pin_ok else {
            self.logins[request].answer = LoginAnswer::Refused;
            return Ok(());
        };
        if self.pin_attempts_left() == 0 {
            return Err(PIN_LOCKED);
        }
        if pin_ok {
            self.identity.wrong_pins = 0;
            self.logins[request].answer = LoginAnswer::Approved;
            return Ok(());
        }
        self.identity.wrong_pins += 1;
        if self.pin_attempts_left() == 0 { Err(PIN_LOCKED) } else { Err(PIN_WRONG) }
    }

    /// SEC-50: the login page tells a caller nothing of why a number cannot log in: any
    /// refusal of the state checks (AUTH-08) is `unknown_login_hint`.
    fn login_page(&self) -> Result<(), &'static str> {
        self.activated().map_err(|_| UNKNOWN_LOGIN_HINT)
    }

    /// FRAUD-03, SEC-42, SEC-51: at most `auth_requests_per_hour` requests in any hour for
    /// the number, known or not; a refused one is counted, a rate-limited one is not.
    fn count_login_request(&mut self, now: DateTime<Utc>) -> Result<(), &'static str> {
        let window_start = now - TimeDelta::hours(1);
        self.login_requests.retain(|at| *at > window_start);
        let limit = usize::try_from(self.policy.auth_requests_per_hour).unwrap_or(usize::MAX);
        if self.login_requests.len() >= limit {
            return Err(RATE_LIMITED);
        }
        self.login_requests.push(now);
        Ok(())
    }

    /// AUTH-08 as the app sees it: no identity ever for the number (`unknown_login_hint`),
    /// deleted, blocked, expired, then never activated. The login page hides which
    /// ([`Oracle::login_page`]).
    fn activated(&self) -> Result<(), &'static str> {
        if !self.state.is_confirmed() && self.state != LifecycleState::Deleted {
            return Err(if self.ever_deleted() { IDENTITY_DELETED } else { UNKNOWN_LOGIN_HINT });
        }
        self.alive()?;
        match self.state {
            LifecycleState::Active { .. } => Ok(()),
            _ => Err(IDENTITY_NOT_ACTIVATED),
        }
    }

    /// What the app on `device` gets for a request about an existing login, before the
    /// request itself is looked at: the state checks, then the active smartphone (MGT-08).
    pub fn app_may_answer(&self, device: &str) -> Result<(), &'static str> {
        self.active_device_is(device)
    }

    /// MGT-08: `device` is the active smartphone, after the state checks.
    fn active_device_is(&self, device: &str) -> Result<(), &'static str> {
        self.activated()?;
        if self.state.active_device() == Some(device) { Ok(()) } else { Err(DEVICE_NOT_ACTIVE) }
    }
}

/// ACC-08: a code typed on time is accepted; a wrong one, or one already used once (a
/// replay), is `code_invalid`; a late one `code_expired`.
fn typed(typing: Typing) -> Result<(), &'static str> {
    match typing {
        Typing::OnTime => Ok(()),
        Typing::Wrong | Typing::Reused => Err(CODE_INVALID),
        Typing::Late => Err(CODE_EXPIRED),
    }
}
