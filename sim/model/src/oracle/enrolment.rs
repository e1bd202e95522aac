//! Creating the identity: the document's data (ELIG-01, ELIG-02, DOC-01..03) and their
//! confirmation (DOC-05).

use super::{LifecycleState, Oracle};
use crate::document::{Document, check_applicant};
use crate::refusal::{IDENTITY_BLOCKED, IDENTITY_EXPIRED, STEP_OUT_OF_ORDER};
use chrono::{DateTime, NaiveDate, Utc};

impl Oracle {
    /// `SubmitIdentity`: a new request, or "MODIFIER" before confirming; after a deletion
    /// it starts a new identity (MGT-06, MGT-09). An expired identity must be deleted
    /// first.
    pub(super) fn submit(
        &mut self,
        now: DateTime<Utc>,
        holder_birth: NaiveDate,
        document: &Document,
    ) -> Result<(), &'static str> {
        match self.state {
            LifecycleState::Blocked { .. } => return Err(IDENTITY_BLOCKED),
            LifecycleState::Expired => return Err(IDENTITY_EXPIRED),
            LifecycleState::NoIdentity
            | LifecycleState::Submitted { .. }
            | LifecycleState::Deleted => {}
            _ => return Err(STEP_OUT_OF_ORDER),
        }
        check_applicant(holder_birth, document, now.date_naive())?;
        if self.state == LifecycleState::Deleted {
            // A new identity: never activated, no wrong codes.
            self.ever_activated = false;
            self.wrong_pins = 0;
        }
        self.state = LifecycleState::Submitted { holder_birth, document: *document };
        Ok(())
    }

    /// `ConfirmIdentity`: "VALIDER", with the eligibility checked again on today's date.
    pub(super) fn confirm(&mut self, now: DateTime<Utc>) -> Result<(), &'static str> {
        self.alive()?;
        let LifecycleState::Submitted { holder_birth, document } = &self.state else {
            return Err(STEP_OUT_OF_ORDER);
        };
        check_applicant(*holder_birth, document, now.date_naive())?;
        self.state = LifecycleState::Confirmed { after_failure: false };
        Ok(())
    }
}
