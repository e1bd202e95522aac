//! Creating the identity: the document's data (ELIG-01, ELIG-02, DOC-01..03) and their
//! confirmation (DOC-05).

use super::{LifecycleState, Oracle};
use crate::document::{Document, check_applicant};
use crate::refusal::STEP_OUT_OF_ORDER;

/// An identity exists that is not deleted, blocked or expired alike: it must be deleted
/// before another is created (MGT-06, MGT-09; the contract's `identity_already_exists`).
pub const IDENTITY_ALREADY_EXISTS: &str = "identity_already_exists";
use chrono::{DateTime, NaiveDate, Utc};

impl Oracle {
    /// `SubmitIdentity`: a new request, or "MODIFIER" before confirming; after a deletion
    /// it starts a new identity (MGT-06, MGT-09). Any identity not deleted (blocked and
    /// expired ones too) must be deleted first.
    pub(super) fn submit(
        &mut self,
        now: DateTime<Utc>,
        holder_birth: NaiveDate,
        document: &Document,
    ) -> Result<(), &'static str> {
        if self.state.is_confirmed() {
            return Err(IDENTITY_ALREADY_EXISTS);
        }
        check_applicant(holder_birth, document, now.date_naive())?;
        self.state = LifecycleState::Submitted { holder_birth, document: *document };
        Ok(())
    }

    /// `ConfirmIdentity`: "VALIDER", with the eligibility checked again on today's date.
    pub(super) fn confirm(&mut self, now: DateTime<Utc>) -> Result<(), &'static str> {
        if self.state.is_confirmed() {
            return Err(IDENTITY_ALREADY_EXISTS);
        }
        let LifecycleState::Submitted { holder_birth, document } = &self.state else {
            return Err(STEP_OUT_OF_ORDER);
        };
        check_applicant(*holder_birth, document, now.date_naive())?;
        self.state = LifecycleState::Confirmed { after_failure: false };
        Ok(())
    }
}
