//! Creating the identity (DOC, ENR): the document question, the typed data and their
//! confirmation, the stages, the counter route.
//!
//! "Confirmez les informations" (DOC-05) is the SUT's reply to the typed data; the steps
//! render it as the page a person reads, one `Label : valeur` line per field, and keep it
//! as the page the person sees last (`Holder::page`) for the steps that read it.

use super::params::{Personne, Texte, phrases};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::{activation, verification};
use crate::journey::Journey;
use cucumber::gherkin::Step;
use cucumber::{Parameter, given, then, when};
use idn_contract::enrolment::*;
use idn_contract::{Civility, DeclaredIdentity, DocumentKind, PostOfficeId};
use idn_world::{CounterOutcome, World};
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

/// A document type by the label ÉTAPE 14 gives it (ENR-03), between guillemets:
/// `« Passeport »`. The regex lists the labels of [`type_label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(
    name = "type_de_piece",
    regex = r"« (?:Carte d'identité|Passeport|Titre de séjour \(de 5 ans minimum\)) »"
)]
pub struct TypeDePiece(pub DocumentKind);

impl FromStr for TypeDePiece {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let label = s.trim_start_matches('«').trim_end_matches('»').trim();
        let kinds =
            [DocumentKind::IdentityCard, DocumentKind::Passport, DocumentKind::ResidencePermit];
        let kind = kinds.into_iter().find(|k| type_label(*k) == label);
        kind.map(TypeDePiece).ok_or_else(|| format!("« {label} » is not a type ÉTAPE 14 offers"))
    }
}

phrases! {
    /// A civility printed on a document: `« Madame »` or `« Monsieur »`.
    pub struct Civilite(Civility) as "civilite", quoted {
        "Madame" => Civility::Madame,
        "Monsieur" => Civility::Monsieur,
    }
}

phrases! {
    /// An answer to ÉTAPE 13's question, `« Oui »` or `« Non »`: whether the person has a
    /// French document.
    pub struct Reponse(bool) as "reponse", quoted {
        "Oui" => true,
        "Non" => false,
    }
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
    Ok(w.person_data(who).await?.identity)
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
fn office_named(world: &World, name: &str) -> Result<PostOfficeId, Failure> {
    let offices = world.post_offices().all();
    offices
        .iter()
        .find(|o| o.name == name || o.id.as_str() == name)
        .map(|o| o.id.clone())
        .ok_or_else(|| {
            let known: Vec<&str> = offices.iter().map(|o| o.name.as_str()).collect();
            Failure::observed(format!(
                "no post office « {name} » in the directory; known: {known:?}"
            ))
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
    edit_document(w, &who, |identity| {
        Champ::GivenNames.write(identity, &given.0);
        identity.birth_name = birth_name.0;
    })
    .await
}

#[given(expr = "la pièce d'identité de {personne} porte le nom d'usage {texte}")]
async fn document_usage_name(w: &mut IdnWorld, who: Personne, usage: Texte) -> StepResult {
    edit_document(w, &who, |identity| identity.usage_name = Some(usage.0)).await
}

#[given(expr = "la pièce d'identité de {personne} ne porte pas de nom d'usage")]
async fn document_no_usage_name(w: &mut IdnWorld, who: Personne) -> StepResult {
    edit_document(w, &who, |identity| identity.usage_name = None).await
}

#[given(expr = "la pièce d'identité de {personne} porte la civilité {civilite}")]
async fn document_civility(w: &mut IdnWorld, who: Personne, civility: Civilite) -> StepResult {
    edit_document(w, &who, |identity| identity.civility = civility.0).await
}

// ---- ÉTAPES 13 to 16 ---------------------------------------------------------------------

/// ÉTAPE 13: « Oui » or « Non » to « Avez vous une pièce d'identité française ? »
/// ([`DOCUMENT_QUESTION`]).
#[when(
    expr = "{personne} répond {reponse} à la question « Avez vous une pièce d'identité française ? »"
)]
async fn answer_document_question(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    answer: Reponse,
) -> StepResult {
    let session = w.session(&who)?;
    let narrative = format!("{who} answers \"{answer}\" to \"{DOCUMENT_QUESTION}\" (ÉTAPE 13)");
    let has_french_document = answer.0;
    let declare = EnrolmentDeclareDocument { session, has_french_document };
    w.ask_as(step, &who, narrative, declare).await?;
    Ok(())
}

/// Submits `typed` as `who`'s data (ÉTAPES 14 and 15) and keeps the confirmation page.
async fn submit(w: &mut IdnWorld, step: &Step, who: &str, typed: DeclaredIdentity) -> StepResult {
    let session = w.session(who)?;
    let narrative = format!(
        "{who} picks \"{}\" and types: {} (ÉTAPES 14 and 15)",
        type_label(typed.document.kind),
        confirmation_page(&typed).lines().skip(1).collect::<Vec<_>>().join("; ")
    );
    let op = EnrolmentSubmitIdentity { session, identity: typed };
    let shown = w.ask_as(step, who, narrative, op).await?;
    w.holder(who)?.page = shown.map(|reply| confirmation_page(&reply.identity));
    Ok(())
}

/// Types the document's data exactly as printed.
#[when(expr = "{personne} saisit les informations de sa pièce d'identité")]
async fn type_document(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let typed = document_of(w, &who).await?;
    submit(w, step, &who, typed).await
}

/// ÉTAPE 14 then 15: picks the type by its label, then types the document's data.
#[when(
    expr = "{personne} choisit {type_de_piece} et saisit les informations de sa pièce d'identité"
)]
async fn pick_type_and_type_document(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    kind: TypeDePiece,
) -> StepResult {
    let mut typed = document_of(w, &who).await?;
    typed.document.kind = kind.0;
    submit(w, step, &who, typed).await
}

/// Types the document's data with one field typed as given (a typo, a missing hyphen).
#[when(expr = "{personne} saisit les informations de sa pièce d'identité avec {champ} {texte}")]
async fn type_document_with(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    field: Champ,
    value: Texte,
) -> StepResult {
    let mut typed = document_of(w, &who).await?;
    field.write(&mut typed, &value.0);
    submit(w, step, &who, typed).await
}

/// DOC-05's "MODIFIER": back to the form, where the person types the data again, exactly.
#[when(
    expr = "{personne} clique sur « MODIFIER » et saisit à nouveau les informations de sa pièce d'identité"
)]
async fn modify_and_retype(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    w.holder(&who)?.page = None;
    let typed = document_of(w, &who).await?;
    submit(w, step, &who, typed).await
}

/// DOC-05's "VALIDER" (ÉTAPE 16).
#[when(expr = "{personne} confirme les informations en cliquant sur « VALIDER »")]
async fn validate(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = w.session(&who)?;
    let narrative = format!("{who} clicks \"VALIDER\" (ÉTAPE 16)");
    w.ask_as(step, &who, narrative, EnrolmentConfirmIdentity { session }).await?;
    w.holder(&who)?.page = None;
    Ok(())
}

#[then(expr = "la page « Confirmez les informations » de {personne} affiche {texte}")]
async fn confirmation_shows(w: &mut IdnWorld, who: Personne, line: Texte) -> StepResult {
    let page = confirmation_seen(w, &who)?;
    w.check(page.lines().any(|l| l == line.0), || {
        Failure::unexpected(
            format!("the page shows the line « {} »", line.0),
            format!("it reads:\n{page}"),
        )
    })
}

/// Every field on the page is what is printed on the person's document (DOC-04, DOC-05).
#[then(
    expr = "la page « Confirmez les informations » de {personne} reprend exactement sa pièce d'identité"
)]
async fn confirmation_is_document(w: &mut IdnWorld, who: Personne) -> StepResult {
    let page = confirmation_seen(w, &who)?;
    let expected = confirmation_page(&document_of(w, &who).await?);
    w.check(page == expected, || {
        Failure::unexpected(
            format!("the page reads what the document says:\n{expected}"),
            format!("the page reads:\n{page}"),
        )
    })
}

fn confirmation_seen(w: &mut IdnWorld, who: &str) -> Result<String, StepError> {
    w.ensure_checked()?;
    match w.holder(who)?.page.clone() {
        Some(page) if page.starts_with(CONFIRMATION_TITLE) => Ok(page),
        _ => Err(w.fail(Failure::observed(format!(
            "{who} is not on « {CONFIRMATION_TITLE} » (the data typed were not shown back)"
        )))),
    }
}

// ---- ENR-01: the counter; ENR-04: the stages ---------------------------------------------

/// ENR-01: at the counter, a clerk ("chargé de clientèle") creates the identity for the
/// holder of a Compte La Poste, who stands there with the document.
#[when(
    expr = "un chargé de clientèle du bureau de poste {texte} crée l'Identité Numérique de {personne}"
)]
async fn counter_enrolment(
    w: &mut IdnWorld,
    #[step] step: &Step,
    office: Texte,
    who: Personne,
) -> StepResult {
    let person = w.person(&who).await?;
    let id = office_named(&w.journey().await?.world, &office.0);
    let id = w.settle(id)?;
    let enrols = async |j: &mut Journey| {
        j.step(format!(
            "{who} asks a clerk of {} to create the Identité Numérique, with the document (ENR-01)",
            office.0
        ));
        let enrolled = j.world.enrol_at_counter(person, &id, None).await;
        enrolled.map_err(|e| j.call_error(e))
    };
    w.ask(step, enrols).await?;
    Ok(())
}

/// Chooses "Passage en bureau de poste" and goes to the counter with the document and the
/// activation code. The step fails if the office does not check at all, and on any refusal
/// on the way: the counter's journey is not one request that a next step checks.
#[when(expr = "{personne} fait vérifier sa demande au bureau de poste {texte}")]
async fn verify_at_office(w: &mut IdnWorld, who: Personne, office: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let session = w.session(&who)?;
    let id = office_named(&w.journey().await?.world, &office.0);
    let id = w.settle(id)?;
    let j = w.journey().await?;
    let outcome = verification::post_office(j, person, &session, id.as_str()).await;
    match w.settle(outcome)? {
        CounterOutcome::Checked(check) => {
            w.journey().await?.note(format!("the clerk records the check: {check:?}"));
            Ok(())
        }
        other => Err(w.fail(Failure::unexpected(
            format!("« {} » checks the request", office.0),
            format!("{other:?}"),
        ))),
    }
}

/// ACT-01 from ENR-04's third stage: install the app, log in, SMS code, secret code.
#[when(expr = "{personne} télécharge l'application mobile et active son Identité Numérique")]
async fn download_and_activate(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let activates = async |j: &mut Journey| {
        let device = j.world.person(person).device.clone();
        activation::activate(j, person, &device).await
    };
    w.ask(step, activates).await?;
    Ok(())
}

/// The document type the Espace Client shows for the request (ENR-03).
#[then(expr = "l'Espace Client de {personne} indique la pièce {type_de_piece}")]
async fn espace_client_document(
    w: &mut IdnWorld,
    who: Personne,
    expected: TypeDePiece,
) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let session = w.session(&who)?;
    let j = w.journey().await?;
    let view = crate::flows::enrolment::espace_client(j, person, &session).await;
    let shown = w.settle(view)?.document_kind;
    w.check(shown == Some(expected.0), || {
        Failure::unexpected(
            format!("the Espace Client of {who} shows the document « {} »", type_label(expected.0)),
            format!("it shows {:?}", shown.map(type_label)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that the parameters read the labels the pages show, guillemets included, and
    // that each document type's label reads back as that type.
    #[test]
    fn parameters_read_the_pages_labels() {
        for kind in
            [DocumentKind::IdentityCard, DocumentKind::Passport, DocumentKind::ResidencePermit]
        {
            let written = format!("« {} »", type_label(kind));
            assert_eq!(written.parse::<TypeDePiece>().unwrap().0, kind);
        }
        assert!("« Permis de conduire »".parse::<TypeDePiece>().is_err());
        assert_eq!("« Madame »".parse::<Civilite>().unwrap().0, Civility::Madame);
        assert_eq!("« Monsieur »".parse::<Civilite>().unwrap().0, Civility::Monsieur);
        assert_eq!("« Non »".parse::<Reponse>().unwrap(), Reponse(false));
        assert_eq!(Reponse(true).to_string(), "Oui");
    }
}
