//! Verifying the identity: choosing or changing the mode (VER-01, VER-04, VER-07..09,
//! AR24-01) and the reports of the postman, the clerk and AR24 (VER-02, VER-03, AR24-04).

use super::{LifecycleState, Mode, Oracle, Verification};
use crate::durations::LRE_LIFETIME;
use crate::refusal::{
    AR24_CGU_NOT_ACCEPTED, CODE_EXPIRED, MODE_CHANGE_LOCKED, NOT_AWAITING_VERIFICATION,
    STEP_OUT_OF_ORDER,
};
use chrono::{DateTime, Utc};

impl Oracle {
    /// `ChooseVerification`: the state (VER-08's lock), then the mode's own inputs.
    pub(super) fn choose(&mut self, now: DateTime<Utc>, mode: &Mode) -> Result<(), &'static str> {
        self.alive()?;
        match &self.state {
            LifecycleState::NoIdentity | LifecycleState::Submitted { .. } => {
                return Err(STEP_OUT_OF_ORDER);
            }
            LifecycleState::Confirmed { .. } => {}
            LifecycleState::AwaitingVerification(current) => {
                if online_locked(current, now) {
                    return Err(MODE_CHANGE_LOCKED);
                }
            }
            _ => return Err(NOT_AWAITING_VERIFICATION),
        }
        match mode {
            Mode::Postman { territory, kind } => {
                self.territories.postman_may_verify(territory, *kind)?;
            }
            Mode::PostOffice => {}
            Mode::Online { ar24_cgu_accepted } => {
                if !ar24_cgu_accepted {
                    return Err(AR24_CGU_NOT_ACCEPTED);
                }
            }
        }
        self.state = LifecycleState::AwaitingVerification(Verification::new(mode.clone(), now));
        Ok(())
    }

    /// `LreDelivered`: AR24 delivered the letter of the online mode.
    pub(super) fn lre_delivered(&mut self, now: DateTime<Utc>) -> Result<(), &'static str> {
        let verification = self.verification_mut()?;
        if !is_online(&verification.mode) || verification.lre_delivered_at.is_some() {
            return Err(STEP_OUT_OF_ORDER);
        }
        verification.lre_delivered_at = Some(now);
        Ok(())
    }

    /// `LreExpired`: AR24 reports the delivered letter expired unread.
    pub(super) fn lre_expired(&mut self) -> Result<(), &'static str> {
        let verification = self.verification_mut()?;
        if verification.lre_delivered_at.is_none() || verification.lre_expired {
            return Err(STEP_OUT_OF_ORDER);
        }
        verification.lre_expired = true;
        Ok(())
    }

    /// `AppointmentMissed`: the postman's visit did not take place (VER-07).
    pub(super) fn appointment_missed(&mut self) -> Result<(), &'static str> {
        let verification = self.verification_mut()?;
        if !matches!(verification.mode, Mode::Postman { .. }) || verification.missed {
            return Err(STEP_OUT_OF_ORDER);
        }
        verification.missed = true;
        Ok(())
    }

    /// `VerificationSucceeded`: verified today; the 5 years of ACT-06 start.
    pub(super) fn verification_succeeded(
        &mut self,
        now: DateTime<Utc>,
    ) -> Result<(), &'static str> {
        let activation_code_ttl = self.policy.activation_code_ttl();
        let verification = self.verification_mut()?;
        if is_online(&verification.mode) {
            if verification.lre_delivered_at.is_none() {
                return Err(STEP_OUT_OF_ORDER);
            }
        } else if now >= verification.chosen_at + activation_code_ttl {
            return Err(CODE_EXPIRED);
        }
        self.state = LifecycleState::Verified { on: now.date_naive() };
        Ok(())
    }

    /// `VerificationFailed`: back to choosing a mode (VER-09).
    pub(super) fn verification_failed(&mut self) -> Result<(), &'static str> {
        let verification = self.verification_mut()?;
        if is_online(&verification.mode) && verification.lre_delivered_at.is_none() {
            return Err(STEP_OUT_OF_ORDER);
        }
        self.state = LifecycleState::Confirmed { after_failure: true };
        Ok(())
    }

    /// The verification under way, after the state checks of a report.
    fn verification_mut(&mut self) -> Result<&mut Verification, &'static str> {
        self.alive()?;
        match &mut self.state {
            LifecycleState::AwaitingVerification(verification) => Ok(verification),
            _ => Err(NOT_AWAITING_VERIFICATION),
        }
    }
}

fn is_online(mode: &Mode) -> bool {
    matches!(mode, Mode::Online { .. })
}

/// VER-08: an online verification cannot be left until its LRE expires, 15 days after
/// delivery (or earlier if AR24 says so). A letter not yet delivered is not expired.
fn online_locked(current: &Verification, now: DateTime<Utc>) -> bool {
    if !is_online(&current.mode) || current.lre_expired {
        return false;
    }
    match current.lre_delivered_at {
        Some(delivered_at) => now < delivered_at + LRE_LIFETIME,
        None => true,
    }
}
