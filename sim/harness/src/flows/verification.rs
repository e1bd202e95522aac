//! Verifying the identity: online with AR24 (ÉTAPES 17 to 23) and by the postman (VER-02..07).

use super::enrolment::espace_client;
use super::inbox::{wait_for_mail, wait_for_sms_containing};
use crate::journey::{Journey, JourneyError};
use chrono::{NaiveDate, TimeDelta};
use idn_contract::enrolment::Stage;
use idn_contract::verification::*;
use idn_contract::{AppointmentId, SessionToken};
use idn_world::{Identification, PersonId};

/// The subject of the e-mail the SUT sends after a successful verification (VER-06).
pub const NEXT_STEP_SUBJECT: &str = "Dernière étape : activez votre Identité Numérique";

/// Chooses online verification, reads the LRE, does the visual identification, and waits
/// for AR24's result. Returns how long the review took.
pub async fn online(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
) -> Result<TimeDelta, JourneyError> {
    let p = j.world.person(person).clone();
    let me = p.actor();
    j.step(format!(
        "{} chooses \"100% en ligne\" and accepts AR24's CGU: \"CONFIRMER\" (ÉTAPES 17 and 18)",
        p.full_name()
    ));
    let mode = VerificationMode::Online { ar24_cgu_accepted: true };
    let started = j.call(&me, VerificationChoose { session: session.clone(), mode }).await?;
    j.ensure(started.letter.is_some(), "a registered letter for online verification", || {
        format!("{started:?}")
    })?;

    j.step(format!(
        "{} waits for AR24's e-mail, which does not come at once (ÉTAPE 19)",
        p.full_name()
    ));
    let subject = "Vous avez reçu un courrier recommandé électronique";
    wait_for_mail(j, person, subject, TimeDelta::hours(2)).await?;

    j.step(format!(
        "{} clicks \"Voir mon courrier\" then \"Confirmer mon identité\" (ÉTAPES 20 and 21)",
        p.full_name()
    ));
    let opened = j.world.ar24_open_letter(person).await;
    opened.map_err(|e| j.world_error(e))?;

    j.step(format!(
        "{} does the visual identification: document photo, face video saying 3 digits, tilt (ÉTAPE 22)",
        p.full_name()
    ));
    let identified_at = j.world.now();
    let identified = j.world.ar24_identify(person, Identification::genuine()).await;
    identified.map_err(|e| j.world_error(e))?;

    j.step(format!("{} waits 24 to 48 hours for AR24's review (ÉTAPE 23)", p.full_name()));
    let verified = wait_for_mail(j, person, NEXT_STEP_SUBJECT, TimeDelta::hours(49)).await?;
    let review = verified.arrived_at - identified_at;
    j.note(format!(
        "the identity is verified, {} hours after the identification",
        review.num_hours()
    ));
    expect_stage(j, person, session, Stage::AppDownload).await?;
    Ok(review)
}

/// Books a postman visit for `date` at the person's address; returns the appointment and
/// the activation code the person received by SMS (VER-02).
pub async fn book_postman(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
    date: NaiveDate,
) -> Result<(AppointmentId, String), JourneyError> {
    let p = j.world.person(person).clone();
    j.step(format!(
        "{} chooses \"Rencontrer votre facteur\" on {date} at {}, {}",
        p.full_name(),
        p.address.street,
        p.address.city
    ));
    let mode = VerificationMode::Postman { date, address: p.address.clone() };
    let started = j.call(&p.actor(), VerificationChoose { session: session.clone(), mode }).await?;
    let Some(appointment) = started.appointment.clone() else {
        return Err(j.unexpected("an appointment for the postman", format!("{started:?}")));
    };
    let code = activation_code(j, &p.phone_number).await?;
    j.note(format!("{} receives the 6-digit activation code by SMS", p.full_name()));
    Ok((appointment, code))
}

/// Fails the step unless the Espace Client shows `stage`.
pub async fn expect_stage(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
    stage: Stage,
) -> Result<EspaceClientViewAlias, JourneyError> {
    let view = espace_client(j, person, session).await?;
    j.ensure(view.stage == Some(stage), format!("the stage \"{}\"", stage.label()), || {
        format!("{:?}", view.stage)
    })?;
    Ok(view)
}

type EspaceClientViewAlias = idn_contract::enrolment::EspaceClientView;

/// Waits for the activation code's SMS (VER-02) and reads the code in it.
pub async fn activation_code(
    j: &mut Journey,
    number: &idn_contract::PhoneNumber,
) -> Result<String, JourneyError> {
    let text =
        wait_for_sms_containing(j, number, "code d'activation", TimeDelta::minutes(10)).await?;
    idn_world::read_code(&text).ok_or_else(|| j.unexpected("a code in the activation SMS", text))
}

/// A participating post office of the directory (ARCHITECTURE.md).
pub const LOUVRE: &str = "po-75001-louvre";

/// Chooses "Passage en bureau de poste", reads the activation code, and goes to `office`
/// with the document (VER-02, VER-05). Returns what the counter did.
pub async fn post_office(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
    office: &str,
) -> Result<idn_world::CounterOutcome, JourneyError> {
    let p = j.world.person(person).clone();
    j.step(format!("{} chooses \"Passage en bureau de poste\"", p.full_name()));
    let mode = VerificationMode::PostOffice;
    j.call(&p.actor(), VerificationChoose { session: session.clone(), mode }).await?;
    activation_code(j, &p.phone_number).await?;
    j.note(format!("{} receives the 6-digit activation code by SMS", p.full_name()));
    j.step(format!(
        "{} goes to the post office {office} with the document and the code",
        p.full_name()
    ));
    let office = idn_contract::PostOfficeId::new(office);
    let outcome = j.world.visit_post_office(person, &office, None).await;
    outcome.map_err(|e| j.call_error(e))
}
