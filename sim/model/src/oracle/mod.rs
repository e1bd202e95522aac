//! The oracle: the harness's own model of ONE identity's lifecycle. Fed the same steps as
//! a SUT, at the same virtual times, it predicts what a conformant SUT must answer
//! ([`Expectation`]), so that a fuzzer can compare the two after every step.
//!
//! # Precedence
//!
//! When several rules refuse a step, the expected code is the first of:
//! 1. the identity's state, in this order: deleted (`identity_deleted`), blocked
//!    (`identity_blocked`), expired (`identity_expired`), then not activated
//!    (`identity_not_activated`) or not verified (`identity_not_verified`,
//!    `not_awaiting_verification`), or a step that makes no sense yet
//!    (`step_out_of_order`);
//! 2. then the inputs, in the order the form asks for them (e.g. activation: the OS, the
//!    document suffix, the secret code; deletion: the channel, the box, the suffix).
//!
//! Each step applies only the state checks that concern it:
//!
//! | step | refused by the state when |
//! | --- | --- |
//! | `SubmitIdentity` | blocked, expired; an identity is confirmed (`step_out_of_order`). After a deletion a new identity starts |
//! | `ConfirmIdentity` | deleted, blocked, expired; nothing submitted (`step_out_of_order`); then ELIG and DOC again |
//! | `ChooseVerification` | deleted, blocked, expired; not confirmed (`step_out_of_order`); verified (`not_awaiting_verification`); online and the LRE not expired (`mode_change_locked`, VER-08) |
//! | AR24, postman and agent reports | deleted, blocked, expired; no verification under way (`not_awaiting_verification`); the wrong mode or order (`step_out_of_order`) |
//! | `Activate`, `ActivateNewNumber` | deleted, expired (blocked or not); not verified. **Blocked is allowed**: the lost-phone journey activates a new phone while blocked, then unblocks |
//! | `Login`, `RefuseLogin`, `RequestLogin` | first the rate limit (FRAUD-03, for every number); then at the login page any state that cannot log in, deleted, blocked, expired or not activated (AUTH-08), is the one answer `unknown_login_hint` (SEC-50: no account enumeration) |
//! | `AnswerLogin` | the app's answer to a request made earlier: the smartphone must be the active one of the identity the request was made for (`device_not_active`; a deleted identity has none), then the request pending (`request_closed` once approved or refused) and younger than `auth_request_ttl_s` (`request_expired`), then blocked, expired, then the secret code |
//! | `ChangePin` | deleted, blocked, expired, not activated (AUTH-08), each with its own code: the app tells the holder why |
//! | `Block` | deleted, blocked (`already_blocked`), expired, not verified |
//! | `Unblock` | deleted; expired (`identity_expired`) or otherwise not blocked (`not_blocked`). A blocked identity that expired meanwhile may be unblocked: it is then expired |
//! | `Delete` | deleted; nothing confirmed (`step_out_of_order`). Blocked or expired identities may be deleted |
//!
//! # Rule choices
//!
//! - Expiry (ACT-06) is checked before every step: from the day `verified_on + 5 years`
//!   (UTC date of `now`) on, the identity is `Expired`. A blocked identity becomes
//!   `Blocked { previous: Expired }`: it answers `identity_blocked` until unblocked (blocked
//!   comes first), and unblocking it leaves it expired.
//! - An expired identity must be deleted before a new one is created (MGT-06, MGT-09);
//!   after a deletion a new request may start at once.
//! - "VALIDER" checks ELIG-01/ELIG-02/DOC-01..03 again: the day may have changed since the
//!   submission.
//! - VER-08: the online mode is locked from the moment it is chosen until AR24 reports the
//!   LRE expired or 15 days have passed since its delivery; the postman and post-office
//!   modes may be left at any time, and any mode may be chosen after a failure (VER-09)
//!   or a missed visit (VER-07). A check may succeed in the postman mode even after a
//!   missed visit: the user went to a post office, which needs no change (VER-08).
//! - VER-02: a postman or post-office check at or after `activation_code_ttl_s` from the
//!   choice of mode is refused `code_expired`; the user chooses a mode again for a new code.
//! - AUTH-05: the wrong secret code that reaches `pin_max_attempts` is answered
//!   `pin_locked`, and so is every login after it until a new code is chosen (`ChangePin`
//!   or a new activation); the ones before are `pin_wrong`. A right code resets the count.
//! - FRAUD-03, SEC-42, SEC-51: every login request for the number is counted, whatever
//!   the identity's state (approved, refused, failed or refused at the login page alike:
//!   a flood on a number that cannot log in is limited as one on a number that can); one
//!   more than `auth_requests_per_hour` within the last hour (a request exactly one hour
//!   old no longer counts) is `rate_limited`, and is not counted itself. The rate limit
//!   comes before the state checks.
//! - SEC-50 (ASVS 6.3.8, ARCHITECTURE.md "Decisions"): the login page answers every
//!   number whose identity cannot log in with `unknown_login_hint`, whatever the reason;
//!   the app (`ChangePin`, the pending list, a replayed approval) keeps the precise codes.
//! - MGT-07: every activation after the first needs the document suffix, on a new
//!   smartphone or the same one again (as the reference reads it); the first does not.
//! - MGT-06: "ever activated" is per identity; a new identity starts never activated.
//! - FRAUD-02, MGT-08: « Nouveau numéro » (`ActivateNewNumber`) asks, after the SMS code
//!   and the document suffix, for the code e-mailed to the account's address; without it
//!   the secret code is refused `email_confirmation_required` (the reference's reading:
//!   knowing the e-mail, the password and the document number must not be enough).
//! - ACC-08: an app SMS code already used once (`Typing::Reused`, from an earlier
//!   challenge) is `code_invalid`, like a wrong one.

mod action;
mod app;
mod enrolment;
mod management;
mod state;
mod verification;

#[cfg(test)]
mod tests;

pub use action::{
    Action, CODE_INVALID, EMAIL_CONFIRMATION_REQUIRED, Expectation, Mode, NOT_FOUND, Typing,
};
pub use app::UNKNOWN_LOGIN_HINT;
pub use enrolment::IDENTITY_ALREADY_EXISTS;
pub use state::{LifecycleState, LoginAnswer, LoginRequest, Verification};

use crate::address::Territories;
use crate::durations::identity_valid_until;
use crate::policy::Policy;
use crate::refusal::{IDENTITY_BLOCKED, IDENTITY_DELETED, IDENTITY_EXPIRED};
use IDENTITY_DELETED as IDENTITY_DELETED_CODE;
use IDENTITY_EXPIRED as IDENTITY_EXPIRED_CODE;
use chrono::{DateTime, Utc};

/// What belongs to one identity of the account: a deletion forgets all of it at once, so
/// that nothing of a deleted identity (its smartphones, its started activations, its
/// wrong codes) weighs on the next one (MGT-06).
#[derive(Debug, Clone, Default)]
struct Identity {
    /// Which identity of the account this is: 0 for the first, one more after each
    /// deletion. What the world reports about a letter, a visit or a login is judged
    /// against the identity it belongs to.
    number: u32,
    /// MGT-06: this identity was activated at least once.
    ever_activated: bool,
    /// AUTH-05: consecutive wrong secret codes.
    wrong_pins: u32,
    /// The smartphone this identity was last activated on.
    device: Option<String>,
    /// The smartphones that started an activation of this identity.
    challenged: std::collections::BTreeSet<String>,
}

/// The model of one identity, under one policy profile.
#[derive(Debug, Clone)]
pub struct Oracle {
    policy: Policy,
    territories: Territories,
    state: LifecycleState,
    /// What belongs to the current identity, and goes with it when it is deleted.
    identity: Identity,
    /// FRAUD-03: when the counted login requests were made, oldest first (they belong to
    /// the number, not to an identity).
    login_requests: Vec<DateTime<Utc>>,
    /// Every login request that reached an identity, in the order they were made, with its
    /// answer so far (AUTH-01, AUTH-03, AUTH-06).
    logins: Vec<LoginRequest>,
    /// The time of the last step, to catch a harness that goes back in time.
    last_step_at: Option<DateTime<Utc>>,
}

impl Oracle {
    /// A person with no identity yet.
    pub fn new(policy: Policy) -> Self {
        Self {
            policy,
            territories: Territories::builtin(),
            state: LifecycleState::NoIdentity,
            identity: Identity::default(),
            login_requests: Vec::new(),
            logins: Vec::new(),
            last_step_at: None,
        }
    }

    /// What a conformant SUT must answer to `action` at `now`; on acceptance the model
    /// moves to the next state, on refusal it does not move.
    ///
    /// # Panics
    /// If `now` is before the previous step's time: virtual time never goes back.
    pub fn apply(&mut self, now: DateTime<Utc>, action: &Action) -> Expectation {
        if let Some(last) = self.last_step_at {
            assert!(now >= last, "virtual time went back from {last} to {now}");
        }
        self.last_step_at = Some(now);
        self.expire(now);
        let result = match action {
            Action::SubmitIdentity { holder_birth, document } => {
                self.submit(now, *holder_birth, document)
            }
            Action::ConfirmIdentity => self.confirm(now),
            Action::ChooseVerification(mode) => self.choose(now, mode),
            Action::LreDelivered => self.lre_delivered(now),
            Action::LreExpired => self.lre_expired(),
            Action::LreIdentified => self.lre_identified(),
            Action::AppointmentMissed => self.appointment_missed(),
            Action::InPersonCheck { code_ok } => self.in_person_check(now, *code_ok),
            Action::VerificationSucceeded => self.verification_succeeded(now),
            Action::VerificationFailed => self.verification_failed(),
            Action::Activate { device, os, os_major, sms, suffix_ok, pin } => {
                self.activate(device, *os, *os_major, *sms, *suffix_ok, pin)
            }
            Action::ActivateNewNumber { device, os, os_major, suffix_ok, email, pin } => {
                self.activate_new_number(device, *os, *os_major, *suffix_ok, *email, pin)
            }
            Action::ChangePin { device, pin } => self.change_pin(device, pin),
            Action::Login { device, pin_ok } => self.login(now, device, Some(*pin_ok)),
            Action::RefuseLogin { device } => self.login(now, device, None),
            Action::RequestLogin => self.request_login(now),
            Action::AnswerLogin { request, device, approve } => {
                self.answer_login(now, *request, device, *approve)
            }
            Action::Block { suffix_ok } => self.block(*suffix_ok),
            Action::Unblock { suffix_ok } => self.unblock(*suffix_ok),
            Action::Delete { via_app, device, confirmed, suffix_ok } => {
                self.delete(*via_app, device, *confirmed, *suffix_ok)
            }
        };
        result.into()
    }

    /// Lets time pass to `now` without a step: what expires on its own does (ACT-06), so
    /// that [`Oracle::state`] is the state a SUT shows at `now`.
    ///
    /// # Panics
    /// If `now` is before the previous step's time.
    pub fn advance_to(&mut self, now: DateTime<Utc>) {
        if let Some(last) = self.last_step_at {
            assert!(now >= last, "virtual time went back from {last} to {now}");
        }
        self.last_step_at = Some(now);
        self.expire(now);
    }

    /// The login requests made so far, oldest first, with their answers.
    pub fn logins(&self) -> &[LoginRequest] {
        &self.logins
    }

    /// Where the identity is now (as of the last step).
    pub fn state(&self) -> &LifecycleState {
        &self.state
    }

    /// The profile the oracle runs with.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// MGT-06: whether the current identity was ever activated.
    pub fn ever_activated(&self) -> bool {
        self.identity.ever_activated
    }

    /// Which identity of the account is the current one: 0 for the first, one more after
    /// each deletion. A harness tags what the SUT sends (a letter, a visit, a login's
    /// approval) with it, and judges a later report about it only while it is current.
    pub fn identity_number(&self) -> u32 {
        self.identity.number
    }

    /// MGT-06: an identity of this account was deleted (`identity_deleted` until a new
    /// one is confirmed).
    fn ever_deleted(&self) -> bool {
        self.identity.number > 0
    }

    /// MGT-06: the current identity is deleted; the next one starts with nothing of it.
    fn forget_identity(&mut self) {
        self.state = LifecycleState::Deleted;
        self.identity = Identity { number: self.identity.number + 1, ..Identity::default() };
    }

    /// AUTH-05: wrong secret codes still tolerated before the code locks (0 when locked).
    pub fn pin_attempts_left(&self) -> u32 {
        self.policy.pin_max_attempts.saturating_sub(self.identity.wrong_pins)
    }

    /// ACT-06: an identity past its 5 years becomes `Expired`; a blocked one stays
    /// blocked over its expired self, so that `identity_blocked` keeps its precedence.
    fn expire(&mut self, now: DateTime<Utc>) {
        let today = now.date_naive();
        let over = |state: &LifecycleState| {
            state.verified_on().is_some_and(|on| today >= identity_valid_until(on))
        };
        let state = match &mut self.state {
            LifecycleState::Blocked { previous } => previous.as_mut(),
            state => state,
        };
        if over(state) {
            *state = LifecycleState::Expired;
        }
    }

    /// The common state checks, in precedence order: deleted, blocked, expired.
    fn alive(&self) -> Result<(), &'static str> {
        match self.state {
            LifecycleState::Deleted => Err(IDENTITY_DELETED),
            LifecycleState::Blocked { .. } => Err(IDENTITY_BLOCKED),
            LifecycleState::Expired => Err(IDENTITY_EXPIRED),
            _ => Ok(()),
        }
    }
}
