//! Who may create an Identité Numérique (ELIG-01, ELIG-02, DOC-01..03): the whole request
//! of ÉTAPES 13 to 16 in one step, so that a scenario can state a person and a day and
//! read the SUT's answer.

use super::enrolment::{DOCUMENT_QUESTION, type_label};
use super::params::Personne;
use super::{IdnWorld, StepResult};
use crate::journey::{Journey, JourneyError};
use cucumber::gherkin::Step;
use cucumber::when;
use idn_contract::enrolment::*;
use idn_contract::{Ack, SessionToken};
use idn_world::PersonId;

/// ÉTAPES 13 to 16 as the person goes through them: "Oui", the type and the data of the
/// document, "VALIDER". Stops at the first refusal, which the caller records.
async fn request(
    j: &mut Journey,
    person: PersonId,
    session: SessionToken,
) -> Result<Ack, JourneyError> {
    let p = j.world.person(person).clone();
    let me = p.actor();
    let doc = &p.identity.document;
    j.step(format!(
        "{} answers \"Oui\" to \"{DOCUMENT_QUESTION}\", picks \"{}\" and types its data (issued {}, expiring {}) (ÉTAPES 13 to 15)",
        p.full_name(),
        type_label(doc.kind),
        doc.issued_on,
        doc.expires_on
    ));
    let declare = EnrolmentDeclareDocument { session: session.clone(), has_french_document: true };
    j.call(&me, declare).await?;
    let submit = EnrolmentSubmitIdentity { session: session.clone(), identity: p.identity.clone() };
    j.call(&me, submit).await?;
    j.step(format!("{} clicks \"VALIDER\" (ÉTAPE 16)", p.full_name()));
    j.call(&me, EnrolmentConfirmIdentity { session }).await
}

/// The whole request on the web with the person's own document, typed exactly.
#[when(expr = "{personne} demande son Identité Numérique avec sa pièce d'identité")]
async fn request_identity(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let session = w.session(&who)?;
    w.ask(step, async |j| request(j, person, session).await).await?;
    Ok(())
}
