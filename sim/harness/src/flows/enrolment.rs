//! Creating the identity on the web, ÉTAPES 13 to 16 (ENR-03, DOC-04, DOC-05).

use crate::journey::{Journey, JourneyError};
use idn_contract::SessionToken;
use idn_contract::enrolment::*;
use idn_world::PersonId;

/// Declares the person's document, checks the confirmation page and validates it.
pub async fn enrol(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
) -> Result<(), JourneyError> {
    let p = j.world.person(person).clone();
    let me = p.actor();
    j.step(format!(
        "{} answers \"Oui\" to \"Avez vous une pièce d'identité française ?\" (ÉTAPE 13)",
        p.full_name()
    ));
    let declare = EnrolmentDeclareDocument { session: session.clone(), has_french_document: true };
    j.call(&me, declare).await?;

    j.step(format!(
        "{} picks \"{}\" and types its data exactly (ÉTAPES 14 and 15)",
        p.full_name(),
        p.identity.document.kind.label()
    ));
    let submit = EnrolmentSubmitIdentity { session: session.clone(), identity: p.identity.clone() };
    let shown = j.call(&me, submit).await?;
    j.ensure(
        shown.identity == p.identity,
        "\"Confirmez les informations\" to show exactly what was typed (DOC-05)",
        || format!("{:?}", shown.identity),
    )?;

    j.step(format!(
        "{} checks \"Confirmez les informations\" and clicks \"VALIDER\" (ÉTAPE 16)",
        p.full_name()
    ));
    j.call(&me, EnrolmentConfirmIdentity { session: session.clone() }).await?;
    Ok(())
}

/// Reads the Espace Client as the person sees it.
pub async fn espace_client(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
) -> Result<EspaceClientView, JourneyError> {
    let actor = j.world.person(person).actor();
    j.call(&actor, EspaceClientStatus { session: session.clone() }).await
}
