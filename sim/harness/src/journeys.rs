//! The whole journeys of the foundation, end to end through the contract:
//! (a) the guide's route, ÉTAPE 1 to ÉTAPE 26, with AR24 online verification, and
//! (b) the postman route, with a visit that does not take place and a second appointment.
//!
//! Each returns what it observed; the integration tests assert on it and the demo prints
//! the journey's narrative.

use crate::flows::{self, account, activation, enrolment, login, verification};
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::enrolment::{EspaceClientView, Stage};
use idn_contract::token::IdTokenClaims;
use idn_world::{PersonId, PersonSpec};

/// What the guide's route observed.
#[derive(Debug, Clone)]
pub struct GuideRoute {
    pub person: PersonId,
    /// How long AR24's review took (AR24-07: 24 to 48 hours).
    pub review: TimeDelta,
    /// The claims Mon Compte Formation received.
    pub claims: IdTokenClaims,
}

/// (a) The guide: web enrolment, AR24 online verification with its review in virtual
/// time, app activation, login to Mon Compte Formation at FranceConnect+ level.
pub async fn guide_route(j: &mut Journey) -> Result<GuideRoute, JourneyError> {
    let person = j.world.add_person("camille", PersonSpec::default());
    let name = j.world.person(person).full_name();
    j.step(format!(
        "{name} prepares a CNI and an Android smartphone, and opens \"Créer votre Identité Numérique\" (ÉTAPES 1 to 4)"
    ));
    let session = account::create(j, person).await?;
    enrolment::enrol(j, person, &session).await?;
    verification::expect_stage(j, person, &session, Stage::IdentityVerification).await?;
    let review = verification::online(j, person, &session).await?;
    let device = j.world.person(person).device.clone();
    activation::activate(j, person, &device).await?;
    verification::expect_stage(j, person, &session, Stage::Activated).await?;
    let claims = login::login_with_push(j, person, login::MON_COMPTE_FORMATION).await?;
    Ok(GuideRoute { person, review, claims })
}

/// What the postman route observed.
#[derive(Debug, Clone)]
pub struct PostmanRoute {
    pub person: PersonId,
    /// The Espace Client after the visit that did not take place (VER-07).
    pub after_missed_visit: EspaceClientView,
    /// How long after the successful visit the VER-06 e-mail arrived.
    pub next_step_mail_after: TimeDelta,
    pub claims: IdTokenClaims,
}

/// (b) The postman route: the first visit does not take place, the person books a new
/// appointment, the postman checks the document and the activation code, then activation
/// and login.
pub async fn postman_route(j: &mut Journey) -> Result<PostmanRoute, JourneyError> {
    let person = j.world.add_person("mathis", PersonSpec::default());
    let session = account::create(j, person).await?;
    enrolment::enrol(j, person, &session).await?;

    let first_date = j.world.now().date_naive() + TimeDelta::days(3);
    let (first, _code) = verification::book_postman(j, person, &session, first_date).await?;
    j.world.postman_mut().force_no_show(&first);
    j.note(format!("(the simulation arranges that the postman's round on {first_date} leaves no time for the visit)"));
    j.step("the day of the first appointment passes");
    let until = first_date + TimeDelta::days(1);
    wait_until_date(j, until).await?;
    let after_missed_visit = enrolment::espace_client(j, person, &session).await?;
    for message in &after_missed_visit.messages {
        j.note(format!("the Espace Client says \"{message}\""));
    }

    j.step("\"PRENDRE UN NOUVEAU RENDEZ-VOUS\" (VER-07)");
    let second_date = j.world.now().date_naive() + TimeDelta::days(2);
    let (_second, _code) = verification::book_postman(j, person, &session, second_date).await?;
    j.step("the postman comes, checks the document, the activation code and the face (VER-03)");
    let subject = verification::NEXT_STEP_SUBJECT;
    let mail = flows::inbox::wait_for_mail(j, person, subject, TimeDelta::days(3)).await?;
    let visit_at =
        j.world.postman().last_visit_at().ok_or_else(|| j.unexpected("a postman visit", "none"))?;
    let next_step_mail_after = mail.arrived_at - visit_at;
    j.note(format!(
        "the e-mail \"{subject}\" arrives {} minutes after the visit",
        next_step_mail_after.num_minutes()
    ));

    let device = j.world.person(person).device.clone();
    activation::activate(j, person, &device).await?;
    let claims = login::login_with_push(j, person, login::MON_COMPTE_FORMATION).await?;
    Ok(PostmanRoute { person, after_missed_visit, next_step_mail_after, claims })
}

/// Lets virtual time run to the start of `date`.
async fn wait_until_date(j: &mut Journey, date: chrono::NaiveDate) -> Result<(), JourneyError> {
    let target = date.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    let wait = target - j.world.now();
    if wait > TimeDelta::zero() {
        let ran = j.world.run_for(wait).await;
        ran.map_err(|e| j.world_error(e))?;
    }
    Ok(())
}
