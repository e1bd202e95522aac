//! Verifying the identity by the postman and at the post office (VER): appointments, activation code, missed visits, changes of mode, failures, impostors.
//!
//! What the person shows the agent is the world's (`idn_world::actors::in_person`): their
//! own document and the code of their latest activation SMS, unless a step has them show
//! something else (`Shown`, VER-03) or has someone present themselves in their place
//! (VER-10). What the agent's report came to is read from the world's record of the
//! visit (`Postman::visit`, `PostOffices::visits`), what the person sees from their SMS,
//! their mailbox and their Espace Client.

use super::params::{Date, Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::inbox::{wait_for_mail, wait_for_sms_code};
use crate::flows::{activation, verification};
use crate::journey::{Journey, JourneyError};
use chrono::{NaiveTime, TimeDelta};
use cucumber::{given, then, when};
use idn_contract::verification::{
    CheckRecorded, VerificationChoose, VerificationFailure, VerificationMode,
};
use idn_contract::{AppointmentId, DocumentKind, PostOfficeId, SessionToken, Timestamp};
use idn_world::actors::ar24::LETTER_SUBJECT;
use idn_world::actors::in_person::{ACTIVATION_SMS_MARK, document_shown};
use idn_world::actors::post_office::Shown;
use idn_world::{CounterOutcome, PersonId, VisitOutcome, World};

// ---- Helpers ---------------------------------------------------------------------------

/// The web session `who` got from a fast-forward (« Camille a déclaré son identité »).
fn session(w: &mut IdnWorld, who: &str) -> Result<SessionToken, StepError> {
    w.holder(who)?.session.clone().ok_or_else(|| {
        StepError(format!("{who} has no web session (« Soit {who} a déclaré son identité »)"))
    })
}

/// The postman appointment `who` booked last.
fn appointment(w: &mut IdnWorld, who: &str) -> Result<AppointmentId, StepError> {
    w.holder(who)?.appointment.clone().ok_or_else(|| {
        StepError(format!(
            "{who} has no appointment with the postman (« Quand {who} prend rendez-vous avec son facteur pour le … »)"
        ))
    })
}

/// A post office of the directory, by its id (`po-75001-louvre`) or its name.
fn office(world: &World, text: &str) -> Result<PostOfficeId, StepError> {
    let offices = world.post_offices().all();
    match offices.iter().find(|o| o.id.as_str() == text || o.name == text) {
        Some(office) => Ok(office.id.clone()),
        None => {
            let known: Vec<&str> = offices.iter().map(|o| o.id.as_str()).collect();
            Err(StepError(format!("no post office « {text} » in the directory; known: {known:?}")))
        }
    }
}

fn world_error(e: impl std::fmt::Display) -> StepError {
    StepError(e.to_string())
}

/// What `who` shows the agent instead of their own document or code (VER-03).
fn shown_instead(world: &World, person: PersonId, what: &str) -> Result<Shown, StepError> {
    let p = world.person(person);
    let mut document = document_shown(&p.identity);
    let shown = match what {
        "un code d'activation erroné" => {
            let code = world
                .latest_sms_code_matching(&p.phone_number, ACTIVATION_SMS_MARK)
                .ok_or_else(|| StepError(format!("{} has no activation code", p.name)))?;
            let mut digits: Vec<char> = code.chars().collect();
            let last = digits.len() - 1;
            let d = digits[last].to_digit(10).unwrap_or(0);
            digits[last] = char::from_digit((d + 1) % 10, 10).expect("a digit");
            Shown { activation_code: Some(digits.into_iter().collect()), document: None }
        }
        "une autre pièce d'identité" => {
            document.kind = match document.kind {
                DocumentKind::IdentityCard => DocumentKind::Passport,
                _ => DocumentKind::IdentityCard,
            };
            let other = if document.number.starts_with("99") { "88" } else { "99" };
            document.number = format!("{other}{}", &document.number[2..]);
            Shown { activation_code: None, document: Some(document) }
        }
        "une pièce d'identité à un autre nom" => {
            let other = if document.birth_name == "MARTIN" { "DURAND" } else { "MARTIN" };
            document.birth_name = other.to_string();
            Shown { activation_code: None, document: Some(document) }
        }
        "une pièce d'identité avec une autre date de naissance" => {
            document.birth_date = document.birth_date.pred_opt().expect("a day before");
            Shown { activation_code: None, document: Some(document) }
        }
        other => {
            return Err(StepError(format!(
                "« {other} »: say « un code d'activation erroné », « une autre pièce d'identité », « une pièce d'identité à un autre nom » or « une pièce d'identité avec une autre date de naissance »"
            )));
        }
    };
    Ok(shown)
}

/// The latest in-person check of `person`'s request (by the postman or at a counter):
/// when, where, and what the SUT recorded or why there was none.
fn latest_check(
    world: &World,
    person: PersonId,
) -> Option<(Timestamp, String, Result<CheckRecorded, String>)> {
    let visits = world.postman().visits().filter(|v| v.holder == Some(person));
    let by_postman = visits.filter_map(|v| {
        let outcome = match &v.outcome {
            VisitOutcome::Checked(recorded) => Ok(recorded.clone()),
            VisitOutcome::Missed(reason) => {
                Err(format!("the visit did not take place ({reason:?})"))
            }
            VisitOutcome::ReportFailed(e) => {
                Err(format!("the SUT did not take the postman's report: {e}"))
            }
            VisitOutcome::Planned | VisitOutcome::Cancelled => return None,
        };
        Some((v.at, format!("the postman's visit {}", v.appointment), outcome))
    });
    let counters = world.post_offices().visits().iter().filter(|v| v.person == person);
    let at_counter = counters.map(|v| {
        let outcome = match &v.outcome {
            Ok(CounterOutcome::Checked(recorded)) => Ok(recorded.clone()),
            Ok(other) => Err(format!("no check at the counter: {other:?}")),
            Err(e) => Err(format!("the SUT did not take the clerk's report: {e}")),
        };
        (v.at, format!("the counter of {}", v.office), outcome)
    });
    by_postman.chain(at_counter).max_by_key(|(at, _, _)| *at)
}

/// The moment of the latest successful check of `person`: by the postman, at a counter,
/// or AR24's review of their letter.
fn verified_at(world: &World, person: PersonId) -> Option<Timestamp> {
    let by_postman =
        world.postman().visits().filter(|v| v.holder == Some(person)).filter_map(|v| {
            match &v.outcome {
                VisitOutcome::Checked(r) if r.verified => Some(v.at),
                _ => None,
            }
        });
    let at_counter =
        world.post_offices().visits().iter().filter(|v| v.person == person).filter_map(
            |v| match &v.outcome {
                Ok(CounterOutcome::Checked(r)) if r.verified => Some(v.at),
                _ => None,
            },
        );
    let email = &world.person(person).email;
    let by_ar24 = world.ar24().letters().filter(|l| &l.recipient_email == email).filter_map(|l| {
        (l.state == idn_world::LetterState::Verified).then_some(l.reviewed_at).flatten()
    });
    by_postman.chain(at_counter).chain(by_ar24).max()
}

/// Chooses « Passage en bureau de poste » and waits for the activation code (VER-02).
async fn choose_post_office(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
) -> Result<(), JourneyError> {
    let p = j.world.person(person).clone();
    j.step(format!("{} chooses \"Passage en bureau de poste\"", p.full_name()));
    let mode = VerificationMode::PostOffice;
    j.call(&p.actor(), VerificationChoose { session: session.clone(), mode }).await?;
    wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
    j.note(format!("{} receives the activation code by SMS", p.full_name()));
    Ok(())
}

/// Chooses online verification and accepts AR24's CGU (« CONFIRMER »).
async fn choose_online(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
) -> Result<(), JourneyError> {
    let p = j.world.person(person).clone();
    j.step(format!("{} chooses \"100% en ligne\" and accepts AR24's CGU", p.full_name()));
    let mode = VerificationMode::Online { ar24_cgu_accepted: true };
    j.call(&p.actor(), VerificationChoose { session: session.clone(), mode }).await?;
    Ok(())
}

/// Books a postman visit on `date` and records the appointment for the next steps.
async fn book(w: &mut IdnWorld, who: &str, date: chrono::NaiveDate, step: &str) -> StepResult {
    let person = w.person(who).await?;
    let session = session(w, who)?;
    let result = {
        let j = w.journey().await?;
        verification::book_postman(j, person, &session, date).await
    };
    if let Some((appointment, _code)) = w.record(step, result)? {
        w.holder(who)?.appointment = Some(appointment);
    }
    Ok(())
}

// ---- Where the postman comes -----------------------------------------------------------

/// The address `who` gives for the postman's visit (VER-04): a kind of place and a
/// territory; before `who` acts.
#[given(expr = "l'adresse de rendez-vous de {personne} est {texte} en {texte}")]
async fn meeting_address(
    w: &mut IdnWorld,
    who: Personne,
    place: Texte,
    territory: Texte,
) -> StepResult {
    use idn_contract::verification::AddressKind;
    let kind = match place.0.as_str() {
        "un domicile de particulier" => AddressKind::PrivateHome,
        "une adresse professionnelle" => AddressKind::Professional,
        "un hôpital" => AddressKind::Hospital,
        "un immeuble de bureaux" => AddressKind::OfficeBuilding,
        other => {
            return Err(StepError(format!(
                "« {other} »: say « un domicile de particulier », « une adresse professionnelle », « un hôpital » or « un immeuble de bureaux »"
            )));
        }
    };
    let spec = w.spec(&who.0)?;
    spec.address_kind = Some(kind);
    spec.territory = Some(territory.0);
    Ok(())
}

// ---- Choosing and changing the mode ----------------------------------------------------

#[when(expr = "{personne} prend rendez-vous avec son facteur pour le {date}")]
#[given(expr = "{personne} prend rendez-vous avec son facteur pour le {date}")]
async fn book_postman(w: &mut IdnWorld, who: Personne, date: Date) -> StepResult {
    let step = format!("{} prend rendez-vous avec son facteur pour le {}", who.0, date.0);
    book(w, &who.0, date.0, &step).await
}

/// « PRENDRE UN NOUVEAU RENDEZ-VOUS » after a missed visit (VER-07).
#[when(expr = "{personne} prend un nouveau rendez-vous avec son facteur pour le {date}")]
#[given(expr = "{personne} prend un nouveau rendez-vous avec son facteur pour le {date}")]
async fn book_postman_again(w: &mut IdnWorld, who: Personne, date: Date) -> StepResult {
    let step =
        format!("{} prend un nouveau rendez-vous avec son facteur pour le {}", who.0, date.0);
    book(w, &who.0, date.0, &step).await
}

#[when(expr = "{personne} change le mode de vérification pour rencontrer son facteur le {date}")]
#[given(expr = "{personne} change le mode de vérification pour rencontrer son facteur le {date}")]
async fn change_to_postman_on(w: &mut IdnWorld, who: Personne, date: Date) -> StepResult {
    let step = format!("{} change le mode de vérification pour le facteur le {}", who.0, date.0);
    book(w, &who.0, date.0, &step).await
}

#[when(expr = "{personne} opte pour le passage en bureau de poste")]
#[given(expr = "{personne} opte pour le passage en bureau de poste")]
async fn opt_for_post_office(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let session = session(w, &who.0)?;
    let result = {
        let j = w.journey().await?;
        choose_post_office(j, person, &session).await
    };
    w.record(&format!("{} opte pour le passage en bureau de poste", who.0), result)?;
    Ok(())
}

/// « Changer le mode de vérification » (VER-08) for « le passage en bureau de poste »,
/// « la vérification en ligne » or « la rencontre avec le facteur » (a week later).
#[when(expr = "{personne} change le mode de vérification pour {texte}")]
#[given(expr = "{personne} change le mode de vérification pour {texte}")]
async fn change_mode(w: &mut IdnWorld, who: Personne, mode: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let session = session(w, &who.0)?;
    let step = format!("{} change le mode de vérification pour « {} »", who.0, mode.0);
    match mode.0.as_str() {
        "le passage en bureau de poste" => {
            let result = {
                let j = w.journey().await?;
                choose_post_office(j, person, &session).await
            };
            w.record(&step, result)?;
        }
        "la vérification en ligne" => {
            let result = {
                let j = w.journey().await?;
                choose_online(j, person, &session).await
            };
            w.record(&step, result)?;
        }
        "la rencontre avec le facteur" => {
            let date = w.journey().await?.world.now().date_naive() + TimeDelta::days(7);
            book(w, &who.0, date, &step).await?;
        }
        other => {
            return Err(StepError(format!(
                "« {other} »: say « le passage en bureau de poste », « la vérification en ligne » or « la rencontre avec le facteur »"
            )));
        }
    }
    Ok(())
}

/// Online verification from start to finish with the flow of ÉTAPES 17 to 23 (a
/// recovery of VER-07, a new try of VER-09).
#[when(expr = "{personne} se tourne vers la vérification en ligne et la mène à bien")]
#[given(expr = "{personne} se tourne vers la vérification en ligne et la mène à bien")]
async fn online_to_the_end(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let session = session(w, &who.0)?;
    let result = {
        let j = w.journey().await?;
        verification::online(j, person, &session).await
    };
    w.record(&format!("{} vérifie son identité en ligne", who.0), result)?;
    Ok(())
}

/// Waits until AR24's e-mail « Vous avez reçu un courrier recommandé électronique »
/// reached `who` and they looked at it: the LRE's 15 days start (AR24-04, VER-08).
#[when(expr = "la lettre recommandée électronique de {personne} lui est parvenue")]
#[given(expr = "la lettre recommandée électronique de {personne} lui est parvenue")]
async fn letter_received(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    wait_for_mail(j, person, LETTER_SUBJECT, TimeDelta::hours(2)).await?;
    Ok(())
}

// ---- The postman's visit ---------------------------------------------------------------

/// Why the visit will not take place (VER-07): « le facteur ne peut pas passer », or
/// « <name> est absent(e) ».
#[given(expr = "le rendez-vous de {personne} avec le facteur n'aura pas lieu : {texte}")]
#[when(expr = "le rendez-vous de {personne} avec le facteur n'aura pas lieu : {texte}")]
async fn visit_will_not_happen(w: &mut IdnWorld, who: Personne, cause: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let apt = appointment(w, &who.0)?;
    let j = w.journey().await?;
    let absent = [format!("{} est absente", who.0), format!("{} est absent", who.0)];
    if cause.0 == "le facteur ne peut pas passer" {
        j.world.postman_mut().force_no_show(&apt);
    } else if absent.contains(&cause.0) {
        j.world.set_away(person, true);
    } else {
        return Err(StepError(format!(
            "« {} »: say « le facteur ne peut pas passer » or « {} est absente »",
            cause.0, who.0
        )));
    }
    Ok(())
}

#[given(expr = "{personne} est de nouveau chez elle/lui")]
#[when(expr = "{personne} est de nouveau chez elle/lui")]
async fn back_home(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    w.journey().await?.world.set_away(person, false);
    Ok(())
}

/// At the postman's visit `who` will show something else than their own document and
/// activation code (VER-03).
#[given(expr = "{personne} présentera au facteur {texte}")]
#[when(expr = "{personne} présentera au facteur {texte}")]
async fn will_show_postman(w: &mut IdnWorld, who: Personne, what: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let apt = appointment(w, &who.0)?;
    let j = w.journey().await?;
    let shown = shown_instead(&j.world, person, &what.0)?;
    j.world.postman_mut().show_instead(&apt, shown);
    Ok(())
}

/// An impostor opens the door to the postman in the holder's place, with the holder's
/// document and activation code (VER-10, ELIG-05).
#[given(
    expr = "{personne} se fait passer pour {personne} auprès du facteur, avec sa pièce d'identité et son code d'activation"
)]
#[when(
    expr = "{personne} se fait passer pour {personne} auprès du facteur, avec sa pièce d'identité et son code d'activation"
)]
async fn impostor_at_home(w: &mut IdnWorld, impostor: Personne, holder: Personne) -> StepResult {
    let impostor = w.person(&impostor.0).await?;
    let holder = w.person(&holder.0).await?;
    w.journey().await?.world.set_presenter(holder, impostor);
    Ok(())
}

/// Lets time pass until the postman's round reaches the appointment of `who` (or does not).
#[when(expr = "le facteur passe chez {personne}")]
#[given(expr = "le facteur passe chez {personne}")]
#[when(expr = "le jour du rendez-vous de {personne} avec le facteur arrive")]
#[given(expr = "le jour du rendez-vous de {personne} avec le facteur arrive")]
async fn postman_round(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let apt = appointment(w, &who.0)?;
    let j = w.journey().await?;
    let visit = j.world.postman().visit(&apt).cloned().ok_or_else(|| {
        StepError(format!("the rounds system got no booking for the appointment {apt}"))
    })?;
    let max = (visit.at - j.world.now()).max(TimeDelta::zero()) + TimeDelta::hours(1);
    let owned = apt.clone();
    let resolved = move |world: &World| {
        world.postman().visit(&owned).is_none_or(|v| v.outcome != VisitOutcome::Planned)
    };
    j.world.run_until("the postman's visit", resolved, max).await.map_err(world_error)
}

#[then(expr = "le facteur a sonné chez {personne} le {date}, le matin ou l'après-midi")]
async fn postman_rang(w: &mut IdnWorld, who: Personne, date: Date) -> StepResult {
    let apt = appointment(w, &who.0)?;
    let j = w.journey().await?;
    let visit = j.world.postman().visit(&apt).cloned().ok_or_else(|| {
        StepError(format!("the rounds system got no booking for the appointment {apt}"))
    })?;
    if visit.outcome == VisitOutcome::Planned || visit.outcome == VisitOutcome::Cancelled {
        return Err(StepError(format!("the postman did not come: {:?}", visit.outcome)));
    }
    let time = visit.at.time();
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("a time of day");
    let morning = time >= hm(8, 30) && time <= hm(12, 0);
    let afternoon = time >= hm(13, 30) && time <= hm(17, 0);
    if visit.at.date_naive() != date.0 || !(morning || afternoon) {
        return Err(StepError(format!(
            "the postman came at {}, not on {} in the morning (08:30–12:00) or the afternoon (13:30–17:00)",
            visit.at, date.0
        )));
    }
    Ok(())
}

/// After a change of mode (VER-08) the booked visit is called off: the postman does not
/// come on its date.
#[then(expr = "le facteur ne vient pas chez {personne} le {date}")]
async fn postman_does_not_come(w: &mut IdnWorld, who: Personne, date: Date) -> StepResult {
    w.ensure_checked()?;
    let apt = appointment(w, &who.0)?;
    let j = w.journey().await?;
    let day_after = (date.0 + TimeDelta::days(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let now = j.world.now();
    if now < day_after {
        j.world.run_for(day_after - now).await.map_err(world_error)?;
    }
    match j.world.postman().visit(&apt).map(|v| &v.outcome) {
        None | Some(VisitOutcome::Cancelled) => Ok(()),
        Some(other) => {
            Err(StepError(format!("the rounds system still had the visit {apt}: {other:?}")))
        }
    }
}

// ---- At the post office ----------------------------------------------------------------

#[when(
    expr = "{personne} se présente au bureau de poste {texte} avec sa pièce d'identité et son code d'activation"
)]
async fn at_counter(w: &mut IdnWorld, who: Personne, at: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let office = office(&j.world, &at.0)?;
        j.step(format!(
            "{} goes to the post office {office} with the document and the code",
            who.0
        ));
        let outcome = j.world.visit_post_office(person, &office, None).await;
        outcome.map_err(|e| j.call_error(e))
    };
    w.record(&format!("{} se présente au bureau de poste « {} »", who.0, at.0), result)?;
    Ok(())
}

/// `who` shows the clerk something else than their own document and code (VER-03).
#[when(expr = "{personne} se présente au bureau de poste {texte} avec {texte}")]
#[given(expr = "{personne} se présente au bureau de poste {texte} avec {texte}")]
async fn at_counter_showing(w: &mut IdnWorld, who: Personne, at: Texte, what: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let office = office(&j.world, &at.0)?;
        let shown = shown_instead(&j.world, person, &what.0)?;
        j.step(format!("{} goes to the post office {office} with {}", who.0, what.0));
        let outcome = j.world.visit_post_office_showing(person, &office, shown).await;
        outcome.map_err(|e| j.call_error(e))
    };
    w.record(&format!("{} se présente au bureau de poste « {} »", who.0, at.0), result)?;
    Ok(())
}

/// An impostor at the counter with the holder's document and code (VER-10, ELIG-05).
#[when(
    expr = "{personne} se présente au bureau de poste {texte} à la place de {personne}, avec sa pièce d'identité et son code d'activation"
)]
async fn impostor_at_counter(
    w: &mut IdnWorld,
    impostor: Personne,
    at: Texte,
    holder: Personne,
) -> StepResult {
    let presenter = w.person(&impostor.0).await?;
    let person = w.person(&holder.0).await?;
    let result = {
        let j = w.journey().await?;
        let office = office(&j.world, &at.0)?;
        j.step(format!(
            "{} goes to the post office {office} in the place of {}",
            impostor.0, holder.0
        ));
        let outcome = j.world.visit_post_office(person, &office, Some(presenter)).await;
        outcome.map_err(|e| j.call_error(e))
    };
    let step = format!(
        "{} se présente au bureau de poste « {} » à la place de {}",
        impostor.0, at.0, holder.0
    );
    w.record(&step, result)?;
    Ok(())
}

/// The clerk of an office that does not take part reports a check all the same: the SUT
/// must refuse it (VER-05).
#[when(
    expr = "le guichetier du bureau de poste {texte} signale tout de même le contrôle de {personne}"
)]
async fn clerk_reports_anyway(w: &mut IdnWorld, at: Texte, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let office = office(&j.world, &at.0)?;
        j.step(format!("the clerk of {office} reports a check of {} all the same", who.0));
        let outcome = j.world.report_counter_check(person, &office).await;
        outcome.map_err(|e| j.call_error(e))
    };
    let step = format!("le guichetier de « {} » signale le contrôle de {}", at.0, who.0);
    w.record(&step, result)?;
    Ok(())
}

#[then(expr = "le bureau de poste {texte} ne propose pas la vérification d'identité à {personne}")]
async fn service_not_offered(w: &mut IdnWorld, at: Texte, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let office = office(&j.world, &at.0)?;
    let visits = j.world.post_offices().visits();
    let last = visits.iter().rev().find(|v| v.person == person && v.office == office);
    match last.map(|v| &v.outcome) {
        Some(Ok(CounterOutcome::ServiceNotOffered)) => Ok(()),
        other => Err(StepError(format!("at the counter of {office}: {other:?}"))),
    }
}

// ---- What came of the check ------------------------------------------------------------

#[then(expr = "le contrôle de l'identité de {personne} réussit")]
async fn check_succeeded(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    match latest_check(&j.world, person) {
        Some((_, _, Ok(CheckRecorded { verified: true, .. }))) => Ok(()),
        Some((at, place, outcome)) => {
            Err(StepError(format!("{place} at {at}: not verified: {outcome:?}")))
        }
        None => Err(StepError(format!("nobody checked the identity of {}", who.0))),
    }
}

/// The agent's report was recorded as a failure with this reason (`code_mismatch`,
/// `document_mismatch`, `data_mismatch`, `not_holder`).
#[then(expr = "le contrôle de l'identité de {personne} échoue avec le motif {texte}")]
async fn check_failed(w: &mut IdnWorld, who: Personne, reason: Texte) -> StepResult {
    w.ensure_checked()?;
    let expected: VerificationFailure =
        serde_json::from_value(serde_json::Value::String(reason.0.clone())).map_err(|_| {
            StepError(format!(
                "« {} » is not a reason of the contract (code_mismatch, document_mismatch, data_mismatch, not_holder)",
                reason.0
            ))
        })?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    match latest_check(&j.world, person) {
        Some((_, _, Ok(CheckRecorded { verified: false, failure: Some(f) }))) if f == expected => {
            Ok(())
        }
        Some((at, place, outcome)) => Err(StepError(format!(
            "{place} at {at}: expected a failure {expected:?}, got {outcome:?}"
        ))),
        None => Err(StepError(format!("nobody checked the identity of {}", who.0))),
    }
}

#[then(expr = "{personne} a reçu par SMS un code d'activation à 6 chiffres")]
async fn activation_code_received(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let number = j.world.person(person).phone_number.clone();
    let sms = j.world.received_sms(&number);
    let last = sms.iter().rev().find(|s| s.text.contains(ACTIVATION_SMS_MARK));
    let Some(last) = last else {
        let all: Vec<&str> = sms.iter().map(|s| s.text.as_str()).collect();
        return Err(StepError(format!("no activation code SMS to {}; received: {all:?}", who.0)));
    };
    match idn_world::read_code(&last.text) {
        Some(code) if code.len() == 6 => Ok(()),
        other => Err(StepError(format!(
            "the activation SMS « {} » carries {other:?}, not a 6-digit code",
            last.text
        ))),
    }
}

/// VER-06: the e-mail arrives at most an hour after the successful check (by the postman,
/// at a counter, or AR24's review); with no check yet, at most an hour from now.
#[then(expr = "{personne} reçoit dans l'heure l'e-mail {texte}")]
async fn mail_within_the_hour(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    let from = verified_at(&j.world, person).unwrap_or_else(|| j.world.now());
    let deadline = from + TimeDelta::hours(1);
    let arrived = |world: &World| {
        let mails = world.mailbox(&email).all();
        mails.iter().any(|m| m.subject.contains(&subject.0) && m.at >= from && m.at <= deadline)
    };
    let now = j.world.now();
    if !arrived(&j.world) && now < deadline {
        let (e, s) = (email.clone(), subject.0.clone());
        let wait = j.world.run_until(
            "the e-mail",
            move |world: &World| world.mailbox(&e).all().iter().any(|m| m.subject.contains(&s)),
            deadline - now,
        );
        let _ = wait.await; // A timeout is reported below, with what did arrive.
    }
    if arrived(&j.world) {
        return Ok(());
    }
    let seen: Vec<String> = j
        .world
        .mailbox(&email)
        .all()
        .iter()
        .map(|m| format!("{} « {} »", m.at, m.subject))
        .collect();
    Err(StepError(format!(
        "no e-mail « {} » to {} between {from} and {deadline}; received: {seen:?}",
        subject.0, who.0
    )))
}

#[then(expr = "{personne} ne reçoit pas dans l'heure l'e-mail {texte}")]
async fn no_mail_within_the_hour(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    j.world.run_for(TimeDelta::hours(1)).await.map_err(world_error)?;
    match j.world.mailbox(&email).latest(&subject.0) {
        None => Ok(()),
        Some(mail) => {
            Err(StepError(format!("{} received « {} » at {}", who.0, mail.subject, mail.at)))
        }
    }
}

// ---- The last step ---------------------------------------------------------------------

/// Activation of the app after the verification (ACT-01), as the guide's ÉTAPES 24-25.
#[when(expr = "{personne} termine en activant l'application sur son smartphone")]
#[given(expr = "{personne} termine en activant l'application sur son smartphone")]
async fn activate_app(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let device = j.world.person(person).device.clone();
        activation::activate(j, person, &device).await
    };
    w.record(&format!("{} active l'application", who.0), result)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that the reasons features write are the contract's.
    #[test]
    fn failure_reasons_read_as_snake_case() {
        let parsed: VerificationFailure =
            serde_json::from_value(serde_json::Value::String("not_holder".into())).unwrap();
        assert_eq!(parsed, VerificationFailure::NotHolder);
    }
}
