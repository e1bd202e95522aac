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
        if !self.state.is_confirmed() {
            return Err(NOT_AWAITING_VERIFICATION);
        }
        self.alive()?;
        match &self.state {
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

    /// `LreIdentified`: the recipient did the visual identification of a delivered letter.
    pub(super) fn lre_identified(&mut self) -> Result<(), &'static str> {
        let verification = self.verification_mut()?;
        if verification.lre_delivered_at.is_none()
            || verification.lre_expired
            || verification.identified
        {
            return Err(STEP_OUT_OF_ORDER);
        }
        verification.identified = true;
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
        *self.inner_mut() = LifecycleState::Verified { on: now.date_naive() };
        Ok(())
    }

    /// `InPersonCheck`: only while an in-person mode waits (the post office may stand in
    /// for the postman, VER-08); a code that is not the latest one sent, or one past
    /// `activation_code_ttl_s` (VER-02), fails the verification (VER-03).
    pub(super) fn in_person_check(
        &mut self,
        now: DateTime<Utc>,
        code_ok: bool,
    ) -> Result<(), &'static str> {
        if !self.state.is_confirmed() {
            return Err(super::NOT_FOUND);
        }
        self.alive()?;
        let activation_code_ttl = self.policy.activation_code_ttl();
        let verification = self.verification_mut()?;
        if is_online(&verification.mode) {
            return Err(NOT_AWAITING_VERIFICATION);
        }
        let in_time = now < verification.chosen_at + activation_code_ttl;
        self.state = match code_ok && in_time {
            true => LifecycleState::Verified { on: now.date_naive() },
            false => LifecycleState::Confirmed { after_failure: true },
        };
        Ok(())
    }

    /// `VerificationFailed`: back to choosing a mode (VER-09).
    pub(super) fn verification_failed(&mut self) -> Result<(), &'static str> {
        let verification = self.verification_mut()?;
        if is_online(&verification.mode) && verification.lre_delivered_at.is_none() {
            return Err(STEP_OUT_OF_ORDER);
        }
        *self.inner_mut() = LifecycleState::Confirmed { after_failure: true };
        Ok(())
    }

    /// The verification under way, after the state checks of a report.
    ///
    /// A block does not stop AR24's letter nor its review (the reference takes them): the
    /// reports apply to the state under the block, which stays blocked.
    fn verification_mut(&mut self) -> Result<&mut Verification, &'static str> {
        match self.state.unblocked() {
            LifecycleState::Deleted => return Err(super::IDENTITY_DELETED_CODE),
            LifecycleState::Expired => return Err(super::IDENTITY_EXPIRED_CODE),
            _ => {}
        }
        match self.inner_mut() {
            LifecycleState::AwaitingVerification(verification) => Ok(verification),
            _ => Err(NOT_AWAITING_VERIFICATION),
        }
    }

    /// The state under a block, or the state.
    fn inner_mut(&mut self) -> &mut LifecycleState {
        match &mut self.state {
            LifecycleState::Blocked { previous } => previous.as_mut(),
            state => state,
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
    if current.identified {
        return true;
    }
    match current.lre_delivered_at {
        Some(delivered_at) => now < delivered_at + LRE_LIFETIME,
        None => true,
    }
}
