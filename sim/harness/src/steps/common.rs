//! Steps every feature uses: the world's set-up and date, the people and their documents
//! and phones, time passing, the SUT's refusals, and what a person sees (SMS, e-mails,
//! notifications, the Espace Client).

use super::params::{Date, Duree, Indicatif, Personne, Piece, Refus, Systeme, Texte};
use super::{IdnWorld, StepResult};
use crate::failure::Failure;
use crate::flows::{account, activation, enrolment, verification};
use crate::journey::{Journey, JourneyError};
use cucumber::{given, then, when};
use idn_world::CounterOutcome;

// ---- The world ------------------------------------------------------------------------

#[given(expr = "le monde {texte}")]
async fn world_setup(w: &mut IdnWorld, name: Texte) -> StepResult {
    w.use_setup(&name.0)
}

#[given(expr = "nous sommes le {date}")]
async fn today_is(w: &mut IdnWorld, date: Date) -> StepResult {
    let at = date.0.and_hms_opt(9, 0, 0).expect("9:00 exists").and_utc();
    w.start_at(at)
}

#[when(expr = "{duree} passe(nt)")]
#[given(expr = "{duree} passe(nt)")]
async fn time_passes(w: &mut IdnWorld, d: Duree) -> StepResult {
    w.ensure_checked()?;
    let ran = w.journey().await?.world.run_for(d.0).await;
    w.settle(ran)
}

// ---- People ---------------------------------------------------------------------------

#[given(expr = "{personne}, qui veut créer son Identité Numérique")]
#[given(expr = "{personne}")]
async fn a_person(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.introduce(&who.0)
}

#[given(expr = "{personne} est né(e) le {date}")]
async fn born_on(w: &mut IdnWorld, who: Personne, date: Date) -> StepResult {
    w.spec(&who.0)?.birth_date = Some(date.0);
    Ok(())
}

#[given(expr = "{personne} a {piece} délivré(e) le {date} et expirant le {date}")]
async fn holds_document(
    w: &mut IdnWorld,
    who: Personne,
    kind: Piece,
    issued: Date,
    expires: Date,
) -> StepResult {
    let spec = w.spec(&who.0)?;
    spec.document_kind = Some(kind.0);
    spec.issued_on = Some(issued.0);
    spec.expires_on = Some(expires.0);
    Ok(())
}

#[given(expr = "{personne} a {piece} en cours de validité")]
async fn holds_valid_document(w: &mut IdnWorld, who: Personne, kind: Piece) -> StepResult {
    w.spec(&who.0)?.document_kind = Some(kind.0);
    Ok(())
}

#[given(expr = "{personne} a un smartphone {systeme}")]
async fn has_phone(w: &mut IdnWorld, who: Personne, system: Systeme) -> StepResult {
    let spec = w.spec(&who.0)?;
    spec.os = Some(system.0);
    spec.os_major = Some(system.1);
    Ok(())
}

#[given(expr = "{personne} a un numéro de mobile en {indicatif}")]
async fn has_calling_code(w: &mut IdnWorld, who: Personne, code: Indicatif) -> StepResult {
    w.spec(&who)?.calling_code = Some(code.0);
    Ok(())
}

// ---- Getting a person to a stage of the journey quickly --------------------------------

/// How far [`bring_to`] takes a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Account,
    Enrolled,
    Verified,
    Activated,
}

/// Takes `name` through the journey up to `stage`, the way the guide does. The
/// verification uses the quickest mode the implementation claims (the post office, else
/// the postman, else online); that choice is the harness's, so it needs no tag.
pub async fn bring_to(w: &mut IdnWorld, name: &str, stage: Stage) -> StepResult {
    let person = w.person(name).await?;
    let capabilities = w.capabilities()?;
    let start = w.trace_len();
    let j = w.journey().await?;
    let brought = fast_forward(j, person, stage, &capabilities).await;
    let session = w.settle(brought)?;
    let end = w.trace_len();
    w.mark_implicit(start..end);
    w.holder(name)?.session = Some(session);
    Ok(())
}

/// The guide's journey for `person` up to `stage`; their web session.
async fn fast_forward(
    j: &mut Journey,
    person: idn_world::PersonId,
    stage: Stage,
    capabilities: &idn_contract::capabilities::Capabilities,
) -> Result<idn_contract::SessionToken, JourneyError> {
    let session = account::create(j, person).await?;
    if stage >= Stage::Enrolled {
        enrolment::enrol(j, person, &session).await?;
    }
    if stage >= Stage::Verified {
        verify_quickly(j, person, &session, capabilities).await?;
    }
    if stage >= Stage::Activated {
        let device = j.world.person(person).device.clone();
        activation::activate(j, person, &device).await?;
    }
    Ok(session)
}

/// Verifies `person` with the quickest mode the implementation claims.
async fn verify_quickly(
    j: &mut Journey,
    person: idn_world::PersonId,
    session: &idn_contract::SessionToken,
    capabilities: &idn_contract::capabilities::Capabilities,
) -> Result<(), JourneyError> {
    use crate::capability::Need;
    let name = j.world.person(person).full_name();
    if Need::PostOffice.claimed_by(capabilities) {
        let outcome = verification::post_office(j, person, session, verification::LOUVRE).await?;
        return match outcome {
            CounterOutcome::Checked(check) if check.verified => Ok(()),
            other => {
                Err(j.unexpected(format!("the post office verifies {name}"), format!("{other:?}")))
            }
        };
    }
    if Need::Postman.claimed_by(capabilities) {
        let tomorrow = j.world.now().date_naive() + chrono::TimeDelta::days(1);
        verification::book_postman(j, person, session, tomorrow).await?;
        let subject = verification::NEXT_STEP_SUBJECT;
        crate::flows::inbox::wait_for_mail(j, person, subject, chrono::TimeDelta::days(3)).await?;
        return Ok(());
    }
    if Need::Online.claimed_by(capabilities) {
        verification::online(j, person, session).await?;
        return Ok(());
    }
    Err(j.unexpected(
        "a verification mode the implementation claims",
        "the implementation claims no verification mode",
    ))
}

#[given(expr = "{personne} a créé son compte La Poste")]
async fn has_account(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who.0, Stage::Account).await
}

#[given(expr = "{personne} a déclaré son identité")]
async fn has_enrolled(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who.0, Stage::Enrolled).await
}

#[given(expr = "l'identité de {personne} est vérifiée")]
async fn is_verified(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who.0, Stage::Verified).await
}

#[given(expr = "{personne} a activé son Identité Numérique sur son smartphone")]
async fn is_active(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who.0, Stage::Activated).await
}

// ---- What the SUT answered -------------------------------------------------------------

#[then(expr = "la demande est refusée avec le code « {refus} »")]
async fn refused_with(w: &mut IdnWorld, code: Refus) -> StepResult {
    w.expect_refusal(code.0).map(|_| ())
}

#[then("la demande est acceptée")]
async fn accepted(w: &mut IdnWorld) -> StepResult {
    w.expect_accepted()
}

// ---- What a person sees ----------------------------------------------------------------

#[then(expr = "{personne} a reçu un SMS contenant {texte}")]
async fn received_sms(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let number = j.world.person(person).phone_number.clone();
    let all: Vec<String> = j.world.received_sms(&number).iter().map(|s| s.text.clone()).collect();
    w.check(all.iter().any(|t| t.contains(&text.0)), || {
        Failure::unexpected(
            format!("an SMS to {who} containing « {} »", text.0),
            format!("received: {all:?}"),
        )
    })
}

#[then(expr = "{personne} a reçu un e-mail {texte}")]
async fn received_mail(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    let mailbox = j.world.mailbox(&email);
    let found = mailbox.latest(&subject.0).is_some();
    let subjects: Vec<String> = mailbox.all().iter().map(|m| m.subject.clone()).collect();
    w.check(found, || {
        Failure::unexpected(
            format!("an e-mail « {} » for {who} (inbox or spam)", subject.0),
            format!("received: {subjects:?}"),
        )
    })
}

/// What the Espace Client shows: a message (or the stage's label), or an action it offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shows {
    /// « affiche »: among its messages, or the label of the request's stage.
    Message,
    /// « propose »: among its actions.
    Action,
}

#[then(expr = "l'Espace Client de {personne} affiche {texte}")]
async fn espace_client_displays(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    espace_client_shows(w, &who, Shows::Message, &text.0).await
}

#[then(expr = "l'Espace Client de {personne} propose {texte}")]
async fn espace_client_offers(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    espace_client_shows(w, &who, Shows::Action, &text.0).await
}

async fn espace_client_shows(w: &mut IdnWorld, who: &str, what: Shows, text: &str) -> StepResult {
    let person = w.person(who).await?;
    let session = w.session(who)?;
    let j = w.journey().await?;
    let view = enrolment::espace_client(j, person, &session).await;
    let view = w.settle(view)?;
    let stage = view.stage.map(|s| s.label().to_string());
    let shown = match what {
        Shows::Message => view.messages.iter().any(|m| m == text) || stage.as_deref() == Some(text),
        Shows::Action => view.actions.iter().any(|m| m == text),
    };
    let (verb, wanted) = match what {
        Shows::Message => ("affiche", "the message or stage"),
        Shows::Action => ("propose", "the action"),
    };
    w.check(shown, || {
        Failure::unexpected(
            format!("the Espace Client of {who} {verb} {wanted} « {text} »"),
            format!("messages {:?}, actions {:?}, stage {stage:?}", view.messages, view.actions),
        )
    })
}
