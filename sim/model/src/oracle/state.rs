//! Where one identity is in its life.

use super::action::Mode;
use crate::document::Document;
use chrono::{DateTime, NaiveDate, Utc};

/// The lifecycle of one identity, from the first form to its deletion or expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LifecycleState {
    /// No request yet.
    NoIdentity,
    /// The document's data were accepted and shown back; "VALIDER" is awaited (DOC-05).
    Submitted { holder_birth: NaiveDate, document: Document },
    /// Confirmed; no verification under way: none chosen yet, or the last one failed
    /// (`after_failure`, VER-09) and a mode may be chosen again.
    Confirmed { after_failure: bool },
    /// A verification mode was chosen and its outcome is awaited.
    AwaitingVerification(Verification),
    /// Verified on this day (its 5 years start, ACT-06); the app is not activated yet.
    Verified { on: NaiveDate },
    /// Activated on `device`, the only smartphone that works (MGT-08).
    Active { device: String, verified_on: NaiveDate },
    /// Suspended (MGT-05); unblocking returns to `previous`.
    Blocked { previous: Box<LifecycleState> },
    /// Deleted (MGT-06); a new identity may be created.
    Deleted,
    /// Past its 5 years (ACT-06); a new identity may be created.
    Expired,
}

/// A verification under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub mode: Mode,
    /// When the mode was chosen: the activation code was sent then (VER-02), or AR24 was
    /// asked to send the LRE.
    pub chosen_at: DateTime<Utc>,
    /// When AR24 reported the LRE delivered (online mode only).
    pub lre_delivered_at: Option<DateTime<Utc>>,
    /// AR24 reported the LRE expired.
    pub lre_expired: bool,
    /// The postman's visit did not take place (VER-07).
    pub missed: bool,
    /// AR24 reported the visual identification done (online mode only): the review's
    /// result decides, the letter's 15 days no longer free the mode.
    pub identified: bool,
}

impl Verification {
    pub(crate) fn new(mode: Mode, chosen_at: DateTime<Utc>) -> Self {
        Self {
            mode,
            chosen_at,
            lre_delivered_at: None,
            lre_expired: false,
            missed: false,
            identified: false,
        }
    }
}

impl LifecycleState {
    /// The day the identity's verification succeeded, while it is verified (through a
    /// block too).
    pub fn verified_on(&self) -> Option<NaiveDate> {
        match self {
            LifecycleState::Verified { on } => Some(*on),
            LifecycleState::Active { verified_on, .. } => Some(*verified_on),
            LifecycleState::Blocked { previous } => previous.verified_on(),
            _ => None,
        }
    }

    /// The active smartphone, if any (through a block too).
    pub fn active_device(&self) -> Option<&str> {
        match self {
            LifecycleState::Active { device, .. } => Some(device),
            LifecycleState::Blocked { previous } => previous.active_device(),
            _ => None,
        }
    }

    /// The state under a block, or this state if it is not blocked.
    pub fn unblocked(&self) -> &LifecycleState {
        match self {
            LifecycleState::Blocked { previous } => previous.unblocked(),
            state => state,
        }
    }

    /// Whether an identity exists that the Espace Client manages: confirmed and not
    /// deleted (expired ones included).
    pub fn is_confirmed(&self) -> bool {
        !matches!(
            self,
            LifecycleState::NoIdentity | LifecycleState::Submitted { .. } | LifecycleState::Deleted
        )
    }
}

/// A login request made for the number of an identity that could log in (AUTH-01).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRequest {
    /// The identity it was made for ([`super::Oracle::identity_number`]).
    pub identity: u32,
    /// When it was made: it expires `auth_request_ttl_s` later unanswered (AUTH-06).
    pub at: DateTime<Utc>,
    pub answer: LoginAnswer,
}

/// Where a login request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginAnswer {
    /// Not answered yet (a wrong secret code leaves it so).
    Pending,
    /// Approved with the secret code (AUTH-01): it is closed.
    Approved,
    /// Refused in the app ("Je refuse", AUTH-03): it is closed.
    Refused,
}
