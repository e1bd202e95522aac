//! Verifying the identity by the postman and at the post office (VER): appointments, activation code, missed visits, changes of mode, failures, impostors.
//!
//! What the person shows the agent is the world's (`idn_world::actors::in_person`): their
//! own document and the code of their latest activation SMS, unless a step has them show
//! something else (`Shown`, VER-03) or has someone present themselves in their place
//! (VER-10). What the agent's report came to is read from the world's record of the
//! visit (`Postman::visit`, `PostOffices::visits`), what the person sees from their SMS,
//! their mailbox and their Espace Client.

use super::params::{Date, Personne, Texte, phrases};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::inbox::{wait_for_mail, wait_for_sms_code};
use crate::flows::{activation, verification};
use crate::journey::{Journey, JourneyError};
use chrono::{NaiveDate, NaiveTime, TimeDelta};
use cucumber::gherkin::Step;
use cucumber::{Parameter, given, then, when};
use idn_contract::verification::{
    AddressKind, CheckRecorded, VerificationChoose, VerificationFailure, VerificationMode,
};
use idn_contract::{AppointmentId, DocumentKind, PostOfficeId, SessionToken, Timestamp};
use idn_world::actors::ar24::LETTER_SUBJECT;
use idn_world::actors::in_person::{ACTIVATION_SMS_MARK, document_shown};
use idn_world::actors::post_office::Shown;
use idn_world::{CounterOutcome, PersonId, VisitOutcome, World};
use std::str::FromStr;

// ---- What the features say, typed --------------------------------------------------------

phrases! {
    /// The kind of place a person gives for the postman's visit (VER-04).
    pub struct Lieu(AddressKind) as "lieu", quoted {
        "un domicile de particulier" => AddressKind::PrivateHome,
        "une adresse professionnelle" => AddressKind::Professional,
        "un hôpital" => AddressKind::Hospital,
        "un immeuble de bureaux" => AddressKind::OfficeBuilding,
    }
}

/// A mode a person changes to with « Changer le mode de vérification » (VER-08).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeChange {
    PostOffice,
    Online,
    /// A week after the change.
    Postman,
}

phrases! {
    /// The mode a person changes to, as the feature says it.
    pub struct NewMode(ModeChange) as "mode", quoted {
        "le passage en bureau de poste" => ModeChange::PostOffice,
        "la vérification en ligne" => ModeChange::Online,
        "la rencontre avec le facteur" => ModeChange::Postman,
    }
}

/// What a person shows an agent instead of their own document or activation code (VER-03).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    WrongCode,
    OtherDocument,
    OtherName,
    OtherBirthDate,
}

phrases! {
    /// What a person shows an agent instead, as the feature says it.
    pub struct Presentation(Shows) as "presentation", quoted {
        "un code d'activation erroné" => Shows::WrongCode,
        "une autre pièce d'identité" => Shows::OtherDocument,
        "une pièce d'identité à un autre nom" => Shows::OtherName,
        "une pièce d'identité avec une autre date de naissance" => Shows::OtherBirthDate,
    }
}

/// Why a postman visit will not take place (VER-07): the postman cannot come, or the
/// person named is away (« Camille est absente »).
#[derive(Debug, Clone, PartialEq, Eq, Parameter)]
#[param(
    name = "empechement",
    regex = r"« (?:le facteur ne peut pas passer|[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)? est absente?) »"
)]
pub enum Hindrance {
    PostmanCannotCome,
    Away(String),
}

impl FromStr for Hindrance {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let Texte(cause) = s.parse()?;
        if cause == "le facteur ne peut pas passer" {
            return Ok(Hindrance::PostmanCannotCome);
        }
        let away = cause.strip_suffix(" est absente").or_else(|| cause.strip_suffix(" est absent"));
        away.map(|name| Hindrance::Away(name.to_string()))
            .ok_or_else(|| format!("« {cause} » is not why a visit does not take place"))
    }
}

phrases! {
    /// The reason a failed check was recorded with, as the contract spells it
    /// (`code_mismatch`).
    pub struct Motif(VerificationFailure) as "motif", quoted {
        "code_mismatch" => VerificationFailure::CodeMismatch,
        "document_mismatch" => VerificationFailure::DocumentMismatch,
        "data_mismatch" => VerificationFailure::DataMismatch,
        "not_holder" => VerificationFailure::NotHolder,
        "ar24_rejected" => VerificationFailure::Ar24Rejected,
    }
}

// ---- Helpers ---------------------------------------------------------------------------

/// The postman appointment `who` booked last.
fn appointment(w: &mut IdnWorld, who: &str) -> Result<AppointmentId, StepError> {
    w.held(who, |h| h.appointment.clone(), || {
        format!(
            "{who} has no appointment with the postman (« Quand {who} prend rendez-vous avec son facteur pour le … »)"
        )
    })
}

/// A post office of the directory, by its id (`po-75001-louvre`) or its name. The
/// directory comes from the fixtures, so a feature may name any office in it.
fn office(world: &World, text: &str) -> Result<PostOfficeId, Failure> {
    let offices = world.post_offices().all();
    match offices.iter().find(|o| o.id.as_str() == text || o.name == text) {
        Some(office) => Ok(office.id.clone()),
        None => {
            let known: Vec<&str> = offices.iter().map(|o| o.id.as_str()).collect();
            let unknown = format!("no post office « {text} » in the directory; known: {known:?}");
            Err(Failure::observed(unknown))
        }
    }
}

/// What `person` shows the agent instead of their own document or code (VER-03).
fn shown_instead(world: &World, person: PersonId, what: &Presentation) -> Result<Shown, Failure> {
    let p = world.person(person);
    let mut document = document_shown(&p.identity);
    let shown = match what.0 {
        Shows::WrongCode => {
            let code = world
                .latest_sms_code_matching(&p.phone_number, ACTIVATION_SMS_MARK)
                .ok_or_else(|| Failure::observed(format!("{} has no activation code", p.name)))?;
            let mut digits: Vec<char> = code.chars().collect();
            let last = digits.len() - 1;
            let d = digits[last].to_digit(10).unwrap_or(0);
            digits[last] = char::from_digit((d + 1) % 10, 10).expect("a digit");
            Shown { activation_code: Some(digits.into_iter().collect()), document: None }
        }
        Shows::OtherDocument => {
            document.kind = match document.kind {
                DocumentKind::IdentityCard => DocumentKind::Passport,
                _ => DocumentKind::IdentityCard,
            };
            let other = if document.number.starts_with("99") { "88" } else { "99" };
            document.number = format!("{other}{}", &document.number[2..]);
            Shown { activation_code: None, document: Some(document) }
        }
        Shows::OtherName => {
            let other = if document.birth_name == "MARTIN" { "DURAND" } else { "MARTIN" };
            document.birth_name = other.to_string();
            Shown { activation_code: None, document: Some(document) }
        }
        Shows::OtherBirthDate => {
            document.birth_date = document.birth_date.pred_opt().expect("a day before");
            Shown { activation_code: None, document: Some(document) }
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

/// Books a postman visit on `date` and keeps the appointment for the next steps.
async fn book(w: &mut IdnWorld, step: &Step, who: &str, date: NaiveDate) -> StepResult {
    let person = w.person(who).await?;
    let session = w.session(who)?;
    let booking =
        async |j: &mut Journey| verification::book_postman(j, person, &session, date).await;
    if let Some((appointment, _code)) = w.ask(step, booking).await? {
        w.holder(who)?.appointment = Some(appointment);
    }
    Ok(())
}

// ---- Where the postman comes -----------------------------------------------------------

/// The address `who` gives for the postman's visit (VER-04): a kind of place and a
/// territory; before `who` acts.
#[given(expr = "l'adresse de rendez-vous de {personne} est {lieu} en {texte}")]
async fn meeting_address(
    w: &mut IdnWorld,
    who: Personne,
    place: Lieu,
    territory: Texte,
) -> StepResult {
    let spec = w.spec(&who)?;
    spec.address_kind = Some(place.0);
    spec.territory = Some(territory.0);
    Ok(())
}

// ---- Choosing and changing the mode ----------------------------------------------------

/// A postman visit booked for a date: the first appointment, « PRENDRE UN NOUVEAU
/// RENDEZ-VOUS » after a missed visit (VER-07), or a change of mode to the postman (VER-08).
#[when(expr = "{personne} prend rendez-vous avec son facteur pour le {date}")]
#[given(expr = "{personne} prend rendez-vous avec son facteur pour le {date}")]
#[when(expr = "{personne} prend un nouveau rendez-vous avec son facteur pour le {date}")]
#[given(expr = "{personne} prend un nouveau rendez-vous avec son facteur pour le {date}")]
#[when(expr = "{personne} change le mode de vérification pour rencontrer son facteur le {date}")]
#[given(expr = "{personne} change le mode de vérification pour rencontrer son facteur le {date}")]
async fn book_postman(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    date: Date,
) -> StepResult {
    book(w, step, &who, date.0).await
}

#[when(expr = "{personne} opte pour le passage en bureau de poste")]
#[given(expr = "{personne} opte pour le passage en bureau de poste")]
async fn opt_for_post_office(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let session = w.session(&who)?;
    w.ask(step, async |j| choose_post_office(j, person, &session).await).await?;
    Ok(())
}

/// « Changer le mode de vérification » (VER-08) for « le passage en bureau de poste »,
/// « la vérification en ligne » or « la rencontre avec le facteur » (a week later).
#[when(expr = "{personne} change le mode de vérification pour {mode}")]
#[given(expr = "{personne} change le mode de vérification pour {mode}")]
async fn change_mode(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    mode: NewMode,
) -> StepResult {
    let person = w.person(&who).await?;
    let session = w.session(&who)?;
    match mode.0 {
        ModeChange::PostOffice => {
            w.ask(step, async |j| choose_post_office(j, person, &session).await).await?;
        }
        ModeChange::Online => {
            w.ask(step, async |j| choose_online(j, person, &session).await).await?;
        }
        ModeChange::Postman => {
            let date = w.journey().await?.world.now().date_naive() + TimeDelta::days(7);
            book(w, step, &who, date).await?;
        }
    }
    Ok(())
}

/// Online verification from start to finish with the flow of ÉTAPES 17 to 23 (a
/// recovery of VER-07, a new try of VER-09).
#[when(expr = "{personne} se tourne vers la vérification en ligne et la mène à bien")]
#[given(expr = "{personne} se tourne vers la vérification en ligne et la mène à bien")]
async fn online_to_the_end(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let session = w.session(&who)?;
    w.ask(step, async |j| verification::online(j, person, &session).await).await?;
    Ok(())
}

/// Waits until AR24's e-mail « Vous avez reçu un courrier recommandé électronique »
/// reached `who` and they looked at it: the LRE's 15 days start (AR24-04, VER-08).
#[when(expr = "la lettre recommandée électronique de {personne} lui est parvenue")]
#[given(expr = "la lettre recommandée électronique de {personne} lui est parvenue")]
async fn letter_received(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let received = wait_for_mail(j, person, LETTER_SUBJECT, TimeDelta::hours(2)).await;
    w.settle(received)?;
    Ok(())
}

// ---- The postman's visit ---------------------------------------------------------------

/// Why the visit will not take place (VER-07): « le facteur ne peut pas passer », or
/// « <name> est absent(e) », where the name is the person who booked it.
#[given(expr = "le rendez-vous de {personne} avec le facteur n'aura pas lieu : {empechement}")]
#[when(expr = "le rendez-vous de {personne} avec le facteur n'aura pas lieu : {empechement}")]
async fn visit_will_not_happen(w: &mut IdnWorld, who: Personne, cause: Hindrance) -> StepResult {
    let person = w.person(&who).await?;
    let apt = appointment(w, &who)?;
    match cause {
        Hindrance::PostmanCannotCome => w.journey().await?.world.postman_mut().force_no_show(&apt),
        Hindrance::Away(name) if name == *who => w.journey().await?.world.set_away(person, true),
        Hindrance::Away(name) => {
            return Err(w.fail(Failure::observed(format!(
                "« {name} est absente » names someone else than {who}, whose appointment it is: say « le facteur ne peut pas passer » or « {who} est absente »"
            ))));
        }
    }
    Ok(())
}

#[given(expr = "{personne} est de nouveau chez elle/lui")]
#[when(expr = "{personne} est de nouveau chez elle/lui")]
async fn back_home(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    w.journey().await?.world.set_away(person, false);
    Ok(())
}

/// At the postman's visit `who` will show something else than their own document and
/// activation code (VER-03).
#[given(expr = "{personne} présentera au facteur {presentation}")]
#[when(expr = "{personne} présentera au facteur {presentation}")]
async fn will_show_postman(w: &mut IdnWorld, who: Personne, what: Presentation) -> StepResult {
    let person = w.person(&who).await?;
    let apt = appointment(w, &who)?;
    let shown = shown_instead(&w.journey().await?.world, person, &what);
    let shown = w.settle(shown)?;
    w.journey().await?.world.postman_mut().show_instead(&apt, shown);
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
    let impostor = w.person(&impostor).await?;
    let holder = w.person(&holder).await?;
    w.journey().await?.world.set_presenter(holder, impostor);
    Ok(())
}

/// The rounds system has no visit for the appointment.
fn no_booking(apt: &AppointmentId) -> Failure {
    Failure::observed(format!("the rounds system got no booking for the appointment {apt}"))
}

/// Lets time pass until the postman's round reaches the appointment of `who` (or does not).
#[when(expr = "le facteur passe chez {personne}")]
#[given(expr = "le facteur passe chez {personne}")]
#[when(expr = "le jour du rendez-vous de {personne} avec le facteur arrive")]
#[given(expr = "le jour du rendez-vous de {personne} avec le facteur arrive")]
async fn postman_round(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let apt = appointment(w, &who)?;
    let Some(visit) = w.journey().await?.world.postman().visit(&apt).cloned() else {
        return Err(w.fail(no_booking(&apt)));
    };
    let j = w.journey().await?;
    let max = (visit.at - j.world.now()).max(TimeDelta::zero()) + TimeDelta::hours(1);
    let owned = apt.clone();
    let resolved = move |world: &World| {
        world.postman().visit(&owned).is_none_or(|v| v.outcome != VisitOutcome::Planned)
    };
    let ran = j.world.run_until("the postman's visit", resolved, max).await;
    w.settle(ran)
}

#[then(expr = "le facteur a sonné chez {personne} le {date}, le matin ou l'après-midi")]
async fn postman_rang(w: &mut IdnWorld, who: Personne, date: Date) -> StepResult {
    let apt = appointment(w, &who)?;
    let Some(visit) = w.journey().await?.world.postman().visit(&apt).cloned() else {
        return Err(w.fail(no_booking(&apt)));
    };
    let came = visit.outcome != VisitOutcome::Planned && visit.outcome != VisitOutcome::Cancelled;
    w.check(came, || Failure::observed(format!("the postman did not come: {:?}", visit.outcome)))?;
    let time = visit.at.time();
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("a time of day");
    let morning = time >= hm(8, 30) && time <= hm(12, 0);
    let afternoon = time >= hm(13, 30) && time <= hm(17, 0);
    w.check(visit.at.date_naive() == date.0 && (morning || afternoon), || {
        Failure::unexpected(
            format!(
                "a visit on {} in the morning (08:30–12:00) or the afternoon (13:30–17:00)",
                date.0
            ),
            format!("the postman came at {}", visit.at),
        )
    })
}

/// After a change of mode (VER-08) the booked visit is called off: the postman does not
/// come on its date.
#[then(expr = "le facteur ne vient pas chez {personne} le {date}")]
async fn postman_does_not_come(w: &mut IdnWorld, who: Personne, date: Date) -> StepResult {
    w.ensure_checked()?;
    let apt = appointment(w, &who)?;
    let j = w.journey().await?;
    let day_after = (date.0 + TimeDelta::days(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let now = j.world.now();
    if now < day_after {
        let ran = j.world.run_for(day_after - now).await;
        w.settle(ran)?;
    }
    let outcome = w.journey().await?.world.postman().visit(&apt).map(|v| v.outcome.clone());
    match outcome {
        None | Some(VisitOutcome::Cancelled) => Ok(()),
        Some(other) => Err(w.fail(Failure::observed(format!(
            "the rounds system still had the visit {apt}: {other:?}"
        )))),
    }
}

// ---- At the post office ----------------------------------------------------------------

#[when(
    expr = "{personne} se présente au bureau de poste {texte} avec sa pièce d'identité et son code d'activation"
)]
async fn at_counter(w: &mut IdnWorld, #[step] step: &Step, who: Personne, at: Texte) -> StepResult {
    let person = w.person(&who).await?;
    let found = office(&w.journey().await?.world, &at.0);
    let office = w.settle(found)?;
    let visit = async |j: &mut Journey| {
        j.step(format!("{who} goes to the post office {office} with the document and the code"));
        let outcome = j.world.visit_post_office(person, &office, None).await;
        outcome.map_err(|e| j.call_error(e))
    };
    w.ask(step, visit).await?;
    Ok(())
}

/// `who` shows the clerk something else than their own document and code (VER-03).
#[when(expr = "{personne} se présente au bureau de poste {texte} avec {presentation}")]
#[given(expr = "{personne} se présente au bureau de poste {texte} avec {presentation}")]
async fn at_counter_showing(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    at: Texte,
    what: Presentation,
) -> StepResult {
    let person = w.person(&who).await?;
    let found = office(&w.journey().await?.world, &at.0);
    let office = w.settle(found)?;
    let shown = shown_instead(&w.journey().await?.world, person, &what);
    let shown = w.settle(shown)?;
    let visit = async |j: &mut Journey| {
        j.step(format!("{who} goes to the post office {office} with {what}"));
        let outcome = j.world.visit_post_office_showing(person, &office, shown).await;
        outcome.map_err(|e| j.call_error(e))
    };
    w.ask(step, visit).await?;
    Ok(())
}

/// An impostor at the counter with the holder's document and code (VER-10, ELIG-05).
#[when(
    expr = "{personne} se présente au bureau de poste {texte} à la place de {personne}, avec sa pièce d'identité et son code d'activation"
)]
async fn impostor_at_counter(
    w: &mut IdnWorld,
    #[step] step: &Step,
    impostor: Personne,
    at: Texte,
    holder: Personne,
) -> StepResult {
    let presenter = w.person(&impostor).await?;
    let person = w.person(&holder).await?;
    let found = office(&w.journey().await?.world, &at.0);
    let office = w.settle(found)?;
    let visit = async |j: &mut Journey| {
        j.step(format!("{impostor} goes to the post office {office} in the place of {holder}"));
        let outcome = j.world.visit_post_office(person, &office, Some(presenter)).await;
        outcome.map_err(|e| j.call_error(e))
    };
    w.ask(step, visit).await?;
    Ok(())
}

/// The clerk of an office that does not take part reports a check all the same: the SUT
/// must refuse it (VER-05).
#[when(
    expr = "le guichetier du bureau de poste {texte} signale tout de même le contrôle de {personne}"
)]
async fn clerk_reports_anyway(
    w: &mut IdnWorld,
    #[step] step: &Step,
    at: Texte,
    who: Personne,
) -> StepResult {
    let person = w.person(&who).await?;
    let found = office(&w.journey().await?.world, &at.0);
    let office = w.settle(found)?;
    let report = async |j: &mut Journey| {
        j.step(format!("the clerk of {office} reports a check of {who} all the same"));
        let outcome = j.world.report_counter_check(person, &office).await;
        outcome.map_err(|e| j.call_error(e))
    };
    w.ask(step, report).await?;
    Ok(())
}

#[then(expr = "le bureau de poste {texte} ne propose pas la vérification d'identité à {personne}")]
async fn service_not_offered(w: &mut IdnWorld, at: Texte, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let found = office(&w.journey().await?.world, &at.0);
    let office = w.settle(found)?;
    let visits = w.journey().await?.world.post_offices().visits();
    let last = visits.iter().rev().find(|v| v.person == person && v.office == office);
    let observed = match last.map(|v| &v.outcome) {
        Some(Ok(CounterOutcome::ServiceNotOffered)) => return Ok(()),
        other => format!("at the counter of {office}: {other:?}"),
    };
    Err(w.fail(Failure::observed(observed)))
}

// ---- What came of the check ------------------------------------------------------------

#[then(expr = "le contrôle de l'identité de {personne} réussit")]
async fn check_succeeded(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let observed = match latest_check(&w.journey().await?.world, person) {
        Some((_, _, Ok(CheckRecorded { verified: true, .. }))) => return Ok(()),
        Some((at, place, outcome)) => format!("{place} at {at}: not verified: {outcome:?}"),
        None => format!("nobody checked the identity of {who}"),
    };
    Err(w.fail(Failure::observed(observed)))
}

/// The agent's report was recorded as a failure with this reason (`code_mismatch`,
/// `document_mismatch`, `data_mismatch`, `not_holder`).
#[then(expr = "le contrôle de l'identité de {personne} échoue avec le motif {motif}")]
async fn check_failed(w: &mut IdnWorld, who: Personne, reason: Motif) -> StepResult {
    w.ensure_checked()?;
    let expected = reason.0;
    let person = w.person(&who).await?;
    let observed = match latest_check(&w.journey().await?.world, person) {
        Some((_, _, Ok(CheckRecorded { verified: false, failure: Some(f) }))) if f == expected => {
            return Ok(());
        }
        Some((at, place, outcome)) => format!("{place} at {at}: {outcome:?}"),
        None => format!("nobody checked the identity of {who}"),
    };
    Err(w.fail(Failure::unexpected(format!("a failure {expected:?}"), observed)))
}

#[then(expr = "{personne} a reçu par SMS un code d'activation à 6 chiffres")]
async fn activation_code_received(w: &mut IdnWorld, who: Personne) -> StepResult {
    let number = w.person_data(&who).await?.phone_number;
    let sms = w.journey().await?.world.received_sms(&number);
    let all: Vec<String> = sms.iter().map(|s| s.text.clone()).collect();
    let Some(last) = all.iter().rev().find(|text| text.contains(ACTIVATION_SMS_MARK)) else {
        let none = format!("no activation code SMS to {who}; received: {all:?}");
        return Err(w.fail(Failure::observed(none)));
    };
    let code = idn_world::read_code(last);
    w.check(code.as_ref().is_some_and(|code| code.len() == 6), || {
        Failure::unexpected(
            "a 6-digit activation code",
            format!("the activation SMS « {last} » carries {code:?}"),
        )
    })
}

/// VER-06: the e-mail arrives at most an hour after the successful check (by the postman,
/// at a counter, or AR24's review); with no check yet, at most an hour from now.
#[then(expr = "{personne} reçoit dans l'heure l'e-mail {texte}")]
async fn mail_within_the_hour(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
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
    let mails = j.world.mailbox(&email).all();
    let seen: Vec<String> = mails.iter().map(|m| format!("{} « {} »", m.at, m.subject)).collect();
    Err(w.fail(Failure::unexpected(
        format!("an e-mail « {} » to {who} between {from} and {deadline}", subject.0),
        format!("received: {seen:?}"),
    )))
}

#[then(expr = "{personne} ne reçoit pas dans l'heure l'e-mail {texte}")]
async fn no_mail_within_the_hour(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let email = w.person_data(&who).await?.email;
    let j = w.journey().await?;
    let ran = j.world.run_for(TimeDelta::hours(1)).await;
    let latest = j.world.mailbox(&email).latest(&subject.0).map(|m| (m.subject.clone(), m.at));
    w.settle(ran)?;
    match latest {
        None => Ok(()),
        Some((subject, at)) => {
            Err(w.fail(Failure::observed(format!("{who} received « {subject} » at {at}"))))
        }
    }
}

// ---- The last step ---------------------------------------------------------------------

/// Activation of the app after the verification (ACT-01), as the guide's ÉTAPES 24-25.
#[when(expr = "{personne} termine en activant l'application sur son smartphone")]
#[given(expr = "{personne} termine en activant l'application sur son smartphone")]
async fn activate_app(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let activate = async |j: &mut Journey| {
        let device = j.world.person(person).device.clone();
        activation::activate(j, person, &device).await
    };
    w.ask(step, activate).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::params::matches;

    // Checks that the features' phrases read as what they stand for, and that a near
    // miss does not match.
    #[test]
    fn parameters_read_the_features_words() {
        assert_eq!("« un hôpital »".parse::<Lieu>().unwrap().0, AddressKind::Hospital);
        let change = "« la rencontre avec le facteur »".parse::<NewMode>().unwrap();
        assert_eq!(change.0, ModeChange::Postman);
        let shown = "« une autre pièce d'identité »".parse::<Presentation>().unwrap();
        assert_eq!(
            (shown.0, shown.to_string().as_str()),
            (Shows::OtherDocument, "une autre pièce d'identité")
        );
        assert!(!matches::<Presentation>("« un code d'activation »"));
        assert!(!matches::<Lieu>("un hôpital"));
    }

    // Checks the causes of a missed visit, and the reasons features write as the contract's.
    #[test]
    fn causes_and_reasons_read_as_written() {
        let cannot = "« le facteur ne peut pas passer »";
        assert!(matches::<Hindrance>(cannot));
        assert_eq!(cannot.parse::<Hindrance>().unwrap(), Hindrance::PostmanCannotCome);
        for away in ["« Camille est absente »", "« Jean-Marc est absent »"] {
            assert!(matches::<Hindrance>(away), "{away}");
        }
        let away = "« Jean-Marc est absent »".parse::<Hindrance>().unwrap();
        assert_eq!(away, Hindrance::Away("Jean-Marc".to_string()));
        assert!(!matches::<Hindrance>("« le facteur est malade »"));
        assert!(matches::<Motif>("« not_holder »"));
        assert_eq!("« not_holder »".parse::<Motif>().unwrap().0, VerificationFailure::NotHolder);
        assert!(!matches::<Motif>("« not_the_holder »"));
    }
}
