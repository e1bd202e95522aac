//! Creating the identity (DOC, ENR): the document question, the typed data and their
//! confirmation, the stages, the counter route.
//!
//! "Confirmez les informations" (DOC-05) is the SUT's reply to the typed data; the steps
//! render it as the page a person reads, one `Label : valeur` line per field, and keep it
//! as the page the person sees last (`Holder::page`) for the steps that read it.

use super::params::{Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::{activation, verification};
use crate::journey::Journey;
use cucumber::{Parameter, given, then, when};
use idn_contract::enrolment::*;
use idn_contract::{Civility, DeclaredIdentity, DocumentKind, PostOfficeId, SessionToken};
use idn_world::CounterOutcome;
use std::str::FromStr;

/// ÉTAPE 13's question, as the page asks it.
pub const DOCUMENT_QUESTION: &str = "Avez vous une pièce d'identité française ?";

/// The title of ÉTAPE 16's page (DOC-05).
pub const CONFIRMATION_TITLE: &str = "Confirmez les informations";

/// ÉTAPE 14's choices (ENR-03), as the page labels them.
pub fn type_label(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::IdentityCard => "Carte d'identité",
        DocumentKind::Passport => "Passeport",
        DocumentKind::ResidencePermit => "Titre de séjour (de 5 ans minimum)",
    }
}

fn kind_labelled(label: &str) -> Result<DocumentKind, StepError> {
    let kinds = [DocumentKind::IdentityCard, DocumentKind::Passport, DocumentKind::ResidencePermit];
    kinds.into_iter().find(|k| type_label(*k) == label).ok_or_else(|| {
        let offered: Vec<&str> = kinds.into_iter().map(type_label).collect();
        StepError(format!("« {label} » is not one of the types ÉTAPE 14 offers: {offered:?}"))
    })
}

/// The web session `who` got when creating their account.
pub fn session_of(w: &mut IdnWorld, who: &str) -> Result<SessionToken, StepError> {
    w.holder(who)?.session.clone().ok_or_else(|| {
        StepError(format!(
            "{who} has no web session (« Soit {who} a créé son compte La Poste » first)"
        ))
    })
}

/// "Confirmez les informations" as the person reads it (GUIDE-16's fields, in its order).
pub fn confirmation_page(identity: &DeclaredIdentity) -> String {
    let civility = match identity.civility {
        Civility::Madame => "Madame",
        Civility::Monsieur => "Monsieur",
    };
    let doc = &identity.document;
    let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let mut lines = vec![
        CONFIRMATION_TITLE.to_string(),
        format!("Civilité : {civility}"),
        format!("Prénom(s) : {}", identity.given_names.join(" ")),
        format!("Nom de naissance : {}", identity.birth_name),
    ];
    if let Some(usage) = &identity.usage_name {
        lines.push(format!("Nom d'usage : {usage}"));
    }
    lines.extend([
        format!("Date de naissance : {}", day(identity.birth_date)),
        format!("Lieu de naissance : {}, {}", identity.birth_municipality, identity.birth_country),
        format!("Nationalité : {}", identity.nationality),
        format!("Pièce d'identité : {}", type_label(doc.kind)),
        format!("N° du document : {}", doc.number),
        format!("Date de délivrance : {}", day(doc.issued_on)),
        format!("Date d'expiration : {}", day(doc.expires_on)),
    ]);
    lines.join("\n")
}

/// A field of the form of ÉTAPE 15 that a step may type differently from the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(
    name = "champ",
    regex = r"les prénoms|le nom de naissance|le nom d'usage|le numéro de la pièce|la commune de naissance"
)]
pub enum Champ {
    GivenNames,
    BirthName,
    UsageName,
    DocumentNumber,
    BirthMunicipality,
}

impl FromStr for Champ {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "les prénoms" => Ok(Champ::GivenNames),
            "le nom de naissance" => Ok(Champ::BirthName),
            "le nom d'usage" => Ok(Champ::UsageName),
            "le numéro de la pièce" => Ok(Champ::DocumentNumber),
            "la commune de naissance" => Ok(Champ::BirthMunicipality),
            other => Err(format!("`{other}` is not a field of the form")),
        }
    }
}

impl Champ {
    /// The field as the feature names it.
    fn label(self) -> &'static str {
        match self {
            Champ::GivenNames => "les prénoms",
            Champ::BirthName => "le nom de naissance",
            Champ::UsageName => "le nom d'usage",
            Champ::DocumentNumber => "le numéro de la pièce",
            Champ::BirthMunicipality => "la commune de naissance",
        }
    }

    /// Writes `value` into the field as a person types it (given names separated by spaces).
    fn write(self, identity: &mut DeclaredIdentity, value: &str) {
        match self {
            Champ::GivenNames => {
                identity.given_names = value.split_whitespace().map(str::to_string).collect();
            }
            Champ::BirthName => identity.birth_name = value.to_string(),
            Champ::UsageName => identity.usage_name = Some(value.to_string()),
            Champ::DocumentNumber => identity.document.number = value.to_string(),
            Champ::BirthMunicipality => identity.birth_municipality = value.to_string(),
        }
    }
}

/// What is printed on `who`'s document: what they type when they copy it exactly.
async fn document_of(w: &mut IdnWorld, who: &str) -> Result<DeclaredIdentity, StepError> {
    let person = w.person(who).await?;
    Ok(w.journey().await?.world.person(person).identity.clone())
}

/// Changes what `who`'s document says, before they act (DOC-04's hyphens, several given
/// names, a usage name).
async fn edit_document(
    w: &mut IdnWorld,
    who: &str,
    edit: impl FnOnce(&mut DeclaredIdentity),
) -> StepResult {
    let person = w.person(who).await?;
    let j = w.journey().await?;
    edit(&mut j.world.person_mut(person).identity);
    let p = j.world.person(person).clone();
    let reads = idn_world::TraceEvent::DocumentReads { identity: p.identity.clone() };
    j.world.record(p.actor(), None, reads);
    Ok(())
}

/// The post office a feature names, by its name in the directory (« Paris Louvre ») or
/// its id (« po-75001-louvre »).
pub fn office_named(j: &Journey, name: &str) -> Result<PostOfficeId, StepError> {
    let offices = j.world.post_offices().all();
    offices
        .iter()
        .find(|o| o.name == name || o.id.as_str() == name)
        .map(|o| o.id.clone())
        .ok_or_else(|| {
            let known: Vec<&str> = offices.iter().map(|o| o.name.as_str()).collect();
            StepError(format!("no post office « {name} » in the directory; known: {known:?}"))
        })
}

// ---- The document as printed -------------------------------------------------------------

#[given(
    expr = "la pièce d'identité de {personne} porte les prénoms {texte} et le nom de naissance {texte}"
)]
async fn document_names(
    w: &mut IdnWorld,
    who: Personne,
    given: Texte,
    birth_name: Texte,
) -> StepResult {
    edit_document(w, &who.0, |identity| {
        Champ::GivenNames.write(identity, &given.0);
        identity.birth_name = birth_name.0;
    })
    .await
}

#[given(expr = "la pièce d'identité de {personne} porte le nom d'usage {texte}")]
async fn document_usage_name(w: &mut IdnWorld, who: Personne, usage: Texte) -> StepResult {
    edit_document(w, &who.0, |identity| identity.usage_name = Some(usage.0)).await
}

#[given(expr = "la pièce d'identité de {personne} ne porte pas de nom d'usage")]
async fn document_no_usage_name(w: &mut IdnWorld, who: Personne) -> StepResult {
    edit_document(w, &who.0, |identity| identity.usage_name = None).await
}

/// « Madame » or « Monsieur ».
#[given(expr = "la pièce d'identité de {personne} porte la civilité {texte}")]
async fn document_civility(w: &mut IdnWorld, who: Personne, civility: Texte) -> StepResult {
    let civility = match civility.0.as_str() {
        "Madame" => Civility::Madame,
        "Monsieur" => Civility::Monsieur,
        other => return Err(StepError(format!("« {other} » is not « Madame » nor « Monsieur »"))),
    };
    edit_document(w, &who.0, |identity| identity.civility = civility).await
}

// ---- ÉTAPES 13 to 16 ---------------------------------------------------------------------

/// ÉTAPE 13: « Oui » or « Non » to « Avez vous une pièce d'identité française ? ».
#[when(expr = "{personne} répond {texte} à la question {texte}")]
async fn answer_document_question(
    w: &mut IdnWorld,
    who: Personne,
    answer: Texte,
    question: Texte,
) -> StepResult {
    w.ensure_checked()?;
    if question.0 != DOCUMENT_QUESTION {
        return Err(StepError(format!(
            "the enrolment asks « {DOCUMENT_QUESTION} », not « {} »",
            question.0
        )));
    }
    let has_french_document = match answer.0.as_str() {
        "Oui" => true,
        "Non" => false,
        other => {
            return Err(StepError(format!("the answers are « Oui » and « Non », not « {other} »")));
        }
    };
    let person = w.person(&who.0).await?;
    let session = session_of(w, &who.0)?;
    let result = {
        let j = w.journey().await?;
        let me = j.world.person(person).actor();
        j.step(format!("{} answers \"{}\" to \"{DOCUMENT_QUESTION}\" (ÉTAPE 13)", who.0, answer.0));
        j.call(&me, EnrolmentDeclareDocument { session, has_french_document }).await
    };
    let step = format!("{} répond « {} » à la question « {DOCUMENT_QUESTION} »", who.0, answer.0);
    w.record(&step, result)?;
    Ok(())
}

/// Submits `typed` as `who`'s data (ÉTAPES 14 and 15) and keeps the confirmation page.
async fn submit(w: &mut IdnWorld, who: &str, typed: DeclaredIdentity, step: String) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let session = session_of(w, who)?;
    let result = {
        let j = w.journey().await?;
        let me = j.world.person(person).actor();
        j.step(format!(
            "{who} picks \"{}\" and types: {} (ÉTAPES 14 and 15)",
            type_label(typed.document.kind),
            confirmation_page(&typed).lines().skip(1).collect::<Vec<_>>().join("; ")
        ));
        j.call(&me, EnrolmentSubmitIdentity { session, identity: typed }).await
    };
    let shown = w.record(&step, result)?;
    w.holder(who)?.page = shown.map(|reply| confirmation_page(&reply.identity));
    Ok(())
}

/// Types the document's data exactly as printed.
#[when(expr = "{personne} saisit les informations de sa pièce d'identité")]
async fn type_document(w: &mut IdnWorld, who: Personne) -> StepResult {
    let typed = document_of(w, &who.0).await?;
    let step = format!("{} saisit les informations de sa pièce d'identité", who.0);
    submit(w, &who.0, typed, step).await
}

/// ÉTAPE 14 then 15: picks the type by its label, then types the document's data.
#[when(expr = "{personne} choisit {texte} et saisit les informations de sa pièce d'identité")]
async fn pick_type_and_type_document(w: &mut IdnWorld, who: Personne, label: Texte) -> StepResult {
    let kind = kind_labelled(&label.0)?;
    let mut typed = document_of(w, &who.0).await?;
    typed.document.kind = kind;
    let step = format!("{} choisit « {} » et saisit les informations", who.0, label.0);
    submit(w, &who.0, typed, step).await
}

/// Types the document's data with one field typed as given (a typo, a missing hyphen).
#[when(expr = "{personne} saisit les informations de sa pièce d'identité avec {champ} {texte}")]
async fn type_document_with(
    w: &mut IdnWorld,
    who: Personne,
    field: Champ,
    value: Texte,
) -> StepResult {
    let mut typed = document_of(w, &who.0).await?;
    field.write(&mut typed, &value.0);
    let step = format!("{} saisit les informations avec {} « {} »", who.0, field.label(), value.0);
    submit(w, &who.0, typed, step).await
}

/// DOC-05's "MODIFIER": back to the form, where the person types the data again, exactly.
#[when(
    expr = "{personne} clique sur « MODIFIER » et saisit à nouveau les informations de sa pièce d'identité"
)]
async fn modify_and_retype(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.holder(&who.0)?.page = None;
    let typed = document_of(w, &who.0).await?;
    let step = format!("{} clique sur « MODIFIER » et saisit à nouveau les informations", who.0);
    submit(w, &who.0, typed, step).await
}

/// DOC-05's "VALIDER" (ÉTAPE 16).
#[when(expr = "{personne} confirme les informations en cliquant sur « VALIDER »")]
async fn validate(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let session = session_of(w, &who.0)?;
    let result = {
        let j = w.journey().await?;
        let me = j.world.person(person).actor();
        j.step(format!("{} clicks \"VALIDER\" (ÉTAPE 16)", who.0));
        j.call(&me, EnrolmentConfirmIdentity { session }).await
    };
    w.record(&format!("{} clique sur « VALIDER »", who.0), result)?;
    w.holder(&who.0)?.page = None;
    Ok(())
}

#[then(expr = "la page « Confirmez les informations » de {personne} affiche {texte}")]
async fn confirmation_shows(w: &mut IdnWorld, who: Personne, line: Texte) -> StepResult {
    let page = confirmation_seen(w, &who.0)?;
    match page.lines().any(|l| l == line.0) {
        true => Ok(()),
        false => {
            Err(StepError(format!("the page does not show « {} »; it reads:\n{page}", line.0)))
        }
    }
}

/// Every field on the page is what is printed on the person's document (DOC-04, DOC-05).
#[then(
    expr = "la page « Confirmez les informations » de {personne} reprend exactement sa pièce d'identité"
)]
async fn confirmation_is_document(w: &mut IdnWorld, who: Personne) -> StepResult {
    let page = confirmation_seen(w, &who.0)?;
    let expected = confirmation_page(&document_of(w, &who.0).await?);
    if page == expected {
        return Ok(());
    }
    Err(StepError(format!("the page reads:\n{page}\nbut the document says:\n{expected}")))
}

fn confirmation_seen(w: &mut IdnWorld, who: &str) -> Result<String, StepError> {
    w.ensure_checked()?;
    match w.holder(who)?.page.clone() {
        Some(page) if page.starts_with(CONFIRMATION_TITLE) => Ok(page),
        _ => Err(StepError(format!(
            "{who} is not on « {CONFIRMATION_TITLE} » (the data typed were not shown back)"
        ))),
    }
}

// ---- ENR-01: the counter; ENR-04: the stages ---------------------------------------------

/// ENR-01: at the counter, a clerk ("chargé de clientèle") creates the identity for the
/// holder of a Compte La Poste, who stands there with the document.
#[when(
    expr = "un chargé de clientèle du bureau de poste {texte} crée l'Identité Numérique de {personne}"
)]
async fn counter_enrolment(w: &mut IdnWorld, office: Texte, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let id = office_named(j, &office.0)?;
        j.step(format!(
            "{} asks a clerk of {} to create the Identité Numérique, with the document (ENR-01)",
            who.0, office.0
        ));
        let enrolled = j.world.enrol_at_counter(person, &id, None).await;
        enrolled.map_err(|e| j.call_error(e))
    };
    let step = format!(
        "un chargé de clientèle de « {} » crée l'Identité Numérique de {}",
        office.0, who.0
    );
    w.record(&step, result)?;
    Ok(())
}

/// Chooses "Passage en bureau de poste" and goes to the counter with the document and the
/// activation code; the step fails only if the office does not check at all.
#[when(expr = "{personne} fait vérifier sa demande au bureau de poste {texte}")]
async fn verify_at_office(w: &mut IdnWorld, who: Personne, office: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let session = session_of(w, &who.0)?;
    let j = w.journey().await?;
    let id = office_named(j, &office.0)?;
    match verification::post_office(j, person, &session, id.as_str()).await? {
        CounterOutcome::Checked(check) => {
            j.note(format!("the clerk records the check: {check:?}"));
            Ok(())
        }
        other => Err(StepError(format!("« {} » did not check the request: {other:?}", office.0))),
    }
}

/// ACT-01 from ENR-04's third stage: install the app, log in, SMS code, secret code.
#[when(expr = "{personne} télécharge l'application mobile et active son Identité Numérique")]
async fn download_and_activate(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let device = j.world.person(person).device.clone();
        activation::activate(j, person, &device).await
    };
    w.record(&format!("{} active son Identité Numérique", who.0), result)?;
    Ok(())
}

/// The document type the Espace Client shows for the request (ENR-03).
#[then(expr = "l'Espace Client de {personne} indique la pièce {texte}")]
async fn espace_client_document(w: &mut IdnWorld, who: Personne, label: Texte) -> StepResult {
    w.ensure_checked()?;
    let expected = kind_labelled(&label.0)?;
    let person = w.person(&who.0).await?;
    let session = session_of(w, &who.0)?;
    let j = w.journey().await?;
    let view = crate::flows::enrolment::espace_client(j, person, &session).await?;
    match view.document_kind {
        Some(kind) if kind == expected => Ok(()),
        shown => Err(StepError(format!(
            "the Espace Client of {} shows the document {:?}, not « {} »",
            who.0,
            shown.map(type_label),
            label.0
        ))),
    }
}
