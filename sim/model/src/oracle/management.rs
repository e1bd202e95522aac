//! Managing the identity from the Espace Client or the app: block, unblock (MGT-05,
//! FRAUD-01) and delete (MGT-06), each with the document suffix (MGT-07).

use super::{LifecycleState, Oracle};
use crate::refusal::{
    ALREADY_BLOCKED, DELETE_NOT_CONFIRMED, DELETE_VIA_APP_REQUIRED, DELETE_VIA_WEB_REQUIRED,
    DOCUMENT_SUFFIX_MISMATCH, IDENTITY_DELETED, IDENTITY_EXPIRED, IDENTITY_NOT_VERIFIED,
    NOT_BLOCKED, STEP_OUT_OF_ORDER,
};

impl Oracle {
    /// `Block`: a verified identity, activated or not, is suspended at once.
    pub(super) fn block(&mut self, suffix_ok: bool) -> Result<(), &'static str> {
        match self.state {
            LifecycleState::Deleted => return Err(IDENTITY_DELETED),
            LifecycleState::Blocked { .. } => return Err(ALREADY_BLOCKED),
            LifecycleState::Expired => return Err(IDENTITY_EXPIRED),
            LifecycleState::Verified { .. } | LifecycleState::Active { .. } => {}
            _ => return Err(IDENTITY_NOT_VERIFIED),
        }
        suffix(suffix_ok)?;
        let previous = std::mem::replace(&mut self.state, LifecycleState::Deleted);
        self.state = LifecycleState::Blocked { previous: Box::new(previous) };
        Ok(())
    }

    /// `Unblock`: back to the state before the block (with a smartphone activated
    /// meanwhile, if any).
    pub(super) fn unblock(&mut self, suffix_ok: bool) -> Result<(), &'static str> {
        match self.state {
            LifecycleState::Deleted => return Err(IDENTITY_DELETED),
            LifecycleState::Expired => return Err(IDENTITY_EXPIRED),
            LifecycleState::Blocked { .. } => {}
            _ => return Err(NOT_BLOCKED),
        }
        suffix(suffix_ok)?;
        let blocked = std::mem::replace(&mut self.state, LifecycleState::Deleted);
        let LifecycleState::Blocked { previous } = blocked else {
            unreachable!("checked blocked above")
        };
        self.state = *previous;
        Ok(())
    }

    /// `Delete`: from the app if the identity was ever activated, from the Espace Client
    /// otherwise; then the box, then the suffix.
    pub(super) fn delete(
        &mut self,
        via_app: bool,
        confirmed: bool,
        suffix_ok: bool,
    ) -> Result<(), &'static str> {
        if self.state == LifecycleState::Deleted {
            return Err(IDENTITY_DELETED);
        }
        if !self.state.is_confirmed() {
            return Err(STEP_OUT_OF_ORDER);
        }
        match (self.ever_activated, via_app) {
            (true, false) => return Err(DELETE_VIA_APP_REQUIRED),
            (false, true) => return Err(DELETE_VIA_WEB_REQUIRED),
            _ => {}
        }
        if !confirmed {
            return Err(DELETE_NOT_CONFIRMED);
        }
        suffix(suffix_ok)?;
        self.state = LifecycleState::Deleted;
        Ok(())
    }
}

/// MGT-07: the last 4 characters of the document number.
fn suffix(ok: bool) -> Result<(), &'static str> {
    if ok { Ok(()) } else { Err(DOCUMENT_SUFFIX_MISMATCH) }
}
