//! Creating the identity (ELIG, DOC, ENR): the document question, the typed data and its
//! confirmation, and the post-office counter route (the Espace Client's view of it all is
//! `espace_client`).

use crate::account::{self, Account};
use crate::identity;
use crate::rules;
use crate::store::{Ctx, json};
use crate::texts;
use idn_contract::enrolment::*;
use idn_contract::outbound::Sms;
use idn_contract::{Ack, OutboundMessage, Refusal, RefusalCode};

/// An account that may start an identity: complete, and without one that is not deleted.
fn enrolling_account(cx: &Ctx<'_>, account: &Account) -> Result<(), Refusal> {
    account::require_complete(account)?;
    if identity::current(cx, account.id).is_some() {
        return Err(Refusal::new(
            RefusalCode::IdentityAlreadyExists,
            "Vous avez déjà une Identité Numérique : supprimez-la pour en créer une nouvelle.",
        ));
    }
    Ok(())
}

/// ÉTAPE 13 (ELIG-06): "Non" ends the request.
pub(crate) fn declare_document(
    cx: &mut Ctx<'_>,
    op: EnrolmentDeclareDocument,
) -> Result<Ack, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    enrolling_account(cx, &account)?;
    if !op.has_french_document {
        return Err(Refusal::new(
            RefusalCode::NoFrenchDocument,
            "Une pièce d'identité française en cours de validité est nécessaire pour créer votre Identité Numérique.",
        ));
    }
    cx.exec("UPDATE accounts SET document_declared = 1 WHERE id = ?1", [account.id]);
    Ok(Ack)
}

/// ÉTAPES 14 and 15: the data are checked (DOC-04, ELIG-01, ELIG-02, DOC-01..03) and shown
/// back as typed (DOC-05). A new submission replaces the previous one ("MODIFIER").
pub(crate) fn submit_identity(
    cx: &mut Ctx<'_>,
    op: EnrolmentSubmitIdentity,
) -> Result<IdentityToConfirm, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    enrolling_account(cx, &account)?;
    if !account.document_declared {
        return Err(Refusal::new(
            RefusalCode::StepOutOfOrder,
            "Indiquez d'abord si vous avez une pièce d'identité française.",
        ));
    }
    rules::check_eligibility(&op.identity, cx.today())?;
    cx.exec(
        "UPDATE accounts SET pending_identity = ?2 WHERE id = ?1",
        (account.id, json(&op.identity)),
    );
    Ok(IdentityToConfirm { identity: op.identity })
}

/// ÉTAPE 16, "VALIDER". Eligibility is checked again: the day may have changed since.
pub(crate) fn confirm_identity(
    cx: &mut Ctx<'_>,
    op: EnrolmentConfirmIdentity,
) -> Result<Ack, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    enrolling_account(cx, &account)?;
    let Some(declared) = account.pending_identity.clone() else {
        return Err(Refusal::new(
            RefusalCode::StepOutOfOrder,
            "Saisissez d'abord les informations de votre pièce d'identité.",
        ));
    };
    rules::check_eligibility(&declared, cx.today())?;
    identity::create(cx, account.id, &declared, "web");
    clear_request(cx, account.id);
    Ok(Ack)
}

fn clear_request(cx: &Ctx<'_>, account_id: i64) {
    cx.exec(
        "UPDATE accounts SET pending_identity = NULL, document_declared = 0 WHERE id = ?1",
        [account_id],
    );
}

/// ENR-01: a clerk creates the identity at the counter of a participating office for the
/// holder of a complete account, after checking the document in person: the identity is
/// verified at once, and an SMS invites the user to download the app.
///
/// The number the clerk types must be the account's own: the SMS and the app's codes go
/// there. A person who is not the document's holder is refused `invalid_request` (ELIG-05:
/// no proxy), because the contract has no refusal code for it.
pub(crate) fn counter(cx: &mut Ctx<'_>, op: CounterEnrolment) -> Result<Ack, Refusal> {
    rules::participating_office(op.office.as_str())?;
    let account = account::by_email(cx, &op.email).ok_or_else(|| {
        Refusal::new(RefusalCode::NotFound, "Aucun Compte La Poste n'existe avec cette adresse.")
    })?;
    enrolling_account(cx, &account)?;
    rules::check_phone(&op.phone)?;
    if account.phone.as_ref() != Some(&op.phone) {
        return Err(Refusal::new(
            RefusalCode::PhoneInvalid,
            "Ce numéro n'est pas celui du Compte La Poste : le titulaire doit d'abord le modifier.",
        ));
    }
    rules::check_eligibility(&op.identity, cx.today())?;
    if !op.holder_matches {
        return Err(Refusal::new(
            RefusalCode::InvalidRequest,
            "La personne présente n'est pas le titulaire de la pièce : la procuration n'est pas autorisée.",
        ));
    }
    identity::create(cx, account.id, &op.identity, "counter");
    clear_request(cx, account.id);
    cx.send(OutboundMessage::Sms(Sms { to: op.phone, text: texts::COUNTER_SMS.to_string() }));
    Ok(Ack)
}
