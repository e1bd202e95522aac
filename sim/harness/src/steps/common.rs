//! Steps every feature uses: the world's set-up and date, the people and their documents
//! and phones, time passing, the SUT's refusals, and what a person sees (SMS, e-mails,
//! notifications, the Espace Client).

use super::params::{Date, Duree, Personne, Piece, Refus, Systeme, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::{account, activation, enrolment, verification};
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
    let j = w.journey().await?;
    j.world.run_for(d.0).await.map_err(|e| StepError(e.to_string()))
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

#[given(
    regex = r"^([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?) a un numéro de mobile en (\+\d{1,4})$"
)]
async fn has_calling_code(w: &mut IdnWorld, who: String, code: String) -> StepResult {
    w.spec(&who)?.calling_code = Some(code);
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
    let session = {
        let j = w.journey().await?;
        let session = account::create(j, person).await?;
        if stage >= Stage::Enrolled {
            enrolment::enrol(j, person, &session).await?;
        }
        if stage >= Stage::Verified {
            verify_quickly(j, person, &session, &capabilities).await?;
        }
        if stage >= Stage::Activated {
            let device = j.world.person(person).device.clone();
            activation::activate(j, person, &device).await?;
        }
        session
    };
    let end = w.trace_len();
    w.mark_implicit(start..end);
    w.holder(name)?.session = Some(session);
    Ok(())
}

/// Verifies `person` with the quickest mode the implementation claims.
async fn verify_quickly(
    j: &mut crate::Journey,
    person: idn_world::PersonId,
    session: &idn_contract::SessionToken,
    capabilities: &idn_contract::capabilities::Capabilities,
) -> StepResult {
    use crate::capability::Need;
    let name = j.world.person(person).full_name();
    if Need::PostOffice.claimed_by(capabilities) {
        let outcome = verification::post_office(j, person, session, verification::LOUVRE).await?;
        return match outcome {
            CounterOutcome::Checked(check) if check.verified => Ok(()),
            other => Err(StepError(format!("the post office did not verify {name}: {other:?}"))),
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
    Err(StepError("the implementation claims no verification mode".to_string()))
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
    let (who, text) = (who.0, text.0);
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let number = j.world.person(person).phone_number.clone();
    let all: Vec<String> = j.world.received_sms(&number).iter().map(|s| s.text.clone()).collect();
    if all.iter().any(|t| t.contains(&text)) {
        return Ok(());
    }
    Err(StepError(format!("no SMS to {who} contains « {text} »; received: {all:?}")))
}

#[then(expr = "{personne} a reçu un e-mail {texte}")]
async fn received_mail(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    let (who, subject) = (who.0, subject.0);
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    let mailbox = j.world.mailbox(&email);
    if mailbox.latest(&subject).is_some() {
        return Ok(());
    }
    let subjects: Vec<String> = mailbox.all().iter().map(|m| m.subject.clone()).collect();
    Err(StepError(format!(
        "no e-mail « {subject} » for {who} (inbox or spam); received: {subjects:?}"
    )))
}

#[then(expr = "l'Espace Client de {personne} affiche {texte}")]
async fn espace_client_displays(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    espace_client_shows(w, who.0, "affiche", text.0).await
}

#[then(expr = "l'Espace Client de {personne} propose {texte}")]
async fn espace_client_offers(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    espace_client_shows(w, who.0, "propose", text.0).await
}

/// The Espace Client "affiche" a message (or the stage's label) or "propose" an action.
async fn espace_client_shows(
    w: &mut IdnWorld,
    who: String,
    verb: &str,
    text: String,
) -> StepResult {
    let person = w.person(&who).await?;
    let session = w
        .holder(&who)?
        .session
        .clone()
        .ok_or_else(|| StepError(format!("{who} has no web session")))?;
    let j = w.journey().await?;
    let view = enrolment::espace_client(j, person, &session).await?;
    let shown = if verb == "affiche" { &view.messages } else { &view.actions };
    let stage = view.stage.map(|s| s.label().to_string());
    if shown.iter().any(|m| m == &text)
        || (verb == "affiche" && stage.as_deref() == Some(text.as_str()))
    {
        return Ok(());
    }
    Err(StepError(format!(
        "the Espace Client of {who} does not {verb} « {text} »: messages {:?}, actions {:?}, stage {stage:?}",
        view.messages, view.actions
    )))
}
