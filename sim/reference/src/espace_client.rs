//! The Espace Client (ENR-04, VER-07, VER-09): what a person's account page shows of the
//! identity, from the request being typed to the activated app. It reads the enrolment's
//! and the verification's state and changes neither, so it sits above both.

use crate::account::{self, Account};
use crate::identity::{self, Identity};
use crate::store::Ctx;
use crate::texts;
use crate::verification;
use idn_contract::Refusal;
use idn_contract::enrolment::*;

/// The Espace Client (ENR-04, VER-07, VER-09): the state, the progress bar, the
/// verification under way, and the messages and buttons shown.
pub(crate) fn status(
    cx: &mut Ctx<'_>,
    op: EspaceClientStatus,
) -> Result<EspaceClientView, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    let Some(identity) = identity::current(cx, account.id) else {
        return Ok(view_without_identity(cx, &account));
    };
    let state = identity::state(cx, &identity);
    let mut view = EspaceClientView {
        state,
        stage: Some(stage_of(cx, &identity)),
        verification: None,
        document_kind: Some(identity.declared.document.kind),
        messages: Vec::new(),
        actions: Vec::new(),
    };
    match state {
        IdentityState::AwaitingVerification => verification::describe(cx, &identity, &mut view),
        IdentityState::Verified => view.messages.push(texts::DOWNLOAD_APP.to_string()),
        IdentityState::Blocked => {
            view.messages.push(texts::BLOCKED.to_string());
            view.actions.push(texts::ACTION_UNBLOCK.to_string());
        }
        IdentityState::Expired => view.messages.push(texts::EXPIRED.to_string()),
        IdentityState::Active | IdentityState::None | IdentityState::Deleted => {}
    }
    Ok(view)
}

/// No identity: a request being typed shows its first stage; after a deletion the page
/// says so until a new request is confirmed (MGT-06).
fn view_without_identity(cx: &Ctx<'_>, account: &Account) -> EspaceClientView {
    let deleted = identity::latest(cx, account.id).is_some();
    let pending = account.pending_identity.as_ref();
    let typing = account.document_declared || pending.is_some();
    EspaceClientView {
        state: if deleted && !typing { IdentityState::Deleted } else { IdentityState::None },
        stage: typing.then_some(Stage::DocumentScan),
        verification: None,
        document_kind: pending.map(|p| p.document.kind),
        messages: Vec::new(),
        actions: Vec::new(),
    }
}

/// ENR-04's stage of an identity's lifecycle (a blocked or expired one keeps its stage).
fn stage_of(cx: &Ctx<'_>, identity: &Identity) -> Stage {
    if identity.ever_activated && identity::active_device(cx, identity.id).is_some() {
        Stage::Activated
    } else if identity.verified_at.is_some() {
        Stage::AppDownload
    } else {
        Stage::IdentityVerification
    }
}
