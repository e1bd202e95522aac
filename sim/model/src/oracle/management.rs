//! Managing the identity from the Espace Client or the app: block, unblock (MGT-05,
//! FRAUD-01) and delete (MGT-06), each with the document suffix (MGT-07).
//!
//! The documents do not say in which order these forms check their inputs; the oracle
//! follows the reference (`sim/reference/src/management.rs`): the identity is looked up
//! first (`not_found` before any confirmed identity, `identity_deleted` after a deletion),
//! then the suffix, then the state; a deletion checks its box first. Any confirmed
//! identity may be blocked, whether verified, expired or not.

use super::{LifecycleState, NOT_FOUND, Oracle};
use crate::refusal::{
    ALREADY_BLOCKED, DELETE_NOT_CONFIRMED, DELETE_VIA_APP_REQUIRED, DELETE_VIA_WEB_REQUIRED,
    DEVICE_NOT_ACTIVE, DOCUMENT_SUFFIX_MISMATCH, IDENTITY_DELETED, NOT_BLOCKED,
};

impl Oracle {
    /// The identity the Espace Client manages: a confirmed one, not deleted.
    fn current_identity(&self) -> Result<(), &'static str> {
        match &self.state {
            state if state.is_confirmed() => Ok(()),
            _ if self.ever_deleted() => Err(IDENTITY_DELETED),
            _ => Err(NOT_FOUND),
        }
    }

    /// The smartphone an expired identity was active on (it stays bound to it).
    pub(super) fn expired_device(&self) -> Option<&str> {
        match self.state.unblocked() {
            LifecycleState::Expired => self.identity.device.as_deref(),
            _ => None,
        }
    }

    /// `Block`: the identity is suspended at once.
    pub(super) fn block(&mut self, suffix_ok: bool) -> Result<(), &'static str> {
        self.current_identity()?;
        suffix(suffix_ok)?;
        if matches!(self.state, LifecycleState::Blocked { .. }) {
            return Err(ALREADY_BLOCKED);
        }
        let previous = std::mem::replace(&mut self.state, LifecycleState::Deleted);
        self.state = LifecycleState::Blocked { previous: Box::new(previous) };
        Ok(())
    }

    /// `Unblock`: back to the state before the block (with a smartphone activated
    /// meanwhile, if any).
    pub(super) fn unblock(&mut self, suffix_ok: bool) -> Result<(), &'static str> {
        self.current_identity()?;
        suffix(suffix_ok)?;
        let blocked = std::mem::replace(&mut self.state, LifecycleState::Deleted);
        match blocked {
            LifecycleState::Blocked { previous } => {
                self.state = *previous;
                Ok(())
            }
            other => {
                self.state = other;
                Err(NOT_BLOCKED)
            }
        }
    }

    /// `Delete`: the box first; from the Espace Client only if never activated; from the
    /// app only on the active smartphone (a smartphone that only started an activation
    /// is sent to the Espace Client); then the suffix.
    pub(super) fn delete(
        &mut self,
        via_app: bool,
        device: &str,
        confirmed: bool,
        suffix_ok: bool,
    ) -> Result<(), &'static str> {
        if !confirmed {
            return Err(DELETE_NOT_CONFIRMED);
        }
        if via_app {
            let active = self.state.active_device().or(self.expired_device());
            if active != Some(device) {
                let started =
                    self.identity.challenged.contains(device) && !self.identity.ever_activated;
                return Err(if started { DELETE_VIA_WEB_REQUIRED } else { DEVICE_NOT_ACTIVE });
            }
        } else {
            self.current_identity()?;
            if self.identity.ever_activated {
                return Err(DELETE_VIA_APP_REQUIRED);
            }
        }
        suffix(suffix_ok)?;
        self.forget_identity();
        Ok(())
    }
}

/// MGT-07: the last 4 characters of the document number.
fn suffix(ok: bool) -> Result<(), &'static str> {
    if ok { Ok(()) } else { Err(DOCUMENT_SUFFIX_MISMATCH) }
}
