//! Verifying one's identity online with AR24 (ÉTAPES 17 to 24, AR24-01..09, ACT-07,
//! DOC-06): AR24's CGU, the registered letter (LRE) and its e-mails, the visual
//! identification and the device it runs on, the 24–48 h review, the deletion of the
//! identification data, the LRE's expiry, and trying again after a failure.

use super::params::{Duree, Personne, Texte, phrases};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::activation;
use crate::journey::Journey;
use chrono::TimeDelta;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use idn_contract::Timestamp;
use idn_contract::verification::{VerificationChoose, VerificationMode};
use idn_world::actors::ar24::{
    AR24_SENDER, Ar24Device, LETTER_SUBJECT, REMINDER_SUBJECT, RESULT_SUBJECT,
};
use idn_world::{Identification, Letter, LetterState, PersonId, World, WorldError};

// ---- What the features say, typed --------------------------------------------------------

/// The action of the visual identification (AR24-05, DOC-06) a way of doing it spoils, if
/// any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    None,
    DocumentPhoto,
    FaceVideo,
    Tilt,
}

phrases! {
    /// How a person does the three actions of the visual identification, as the feature
    /// names it: well, or with the defect that makes AR24 reject it.
    pub struct Geste(Flaw) as "geste" {
        "une photo en couleur de sa pièce d'identité" => Flaw::None,
        "un scan JPEG de sa pièce d'identité" => Flaw::None,
        "les 3 chiffres écrits sur un papier" => Flaw::None,
        "la tête tournée au lieu de la pièce remontée" => Flaw::None,
        "une photo floue de sa pièce d'identité" => Flaw::DocumentPhoto,
        "une photo de sa pièce d'identité avec un reflet" => Flaw::DocumentPhoto,
        "une photocopie de sa pièce d'identité" => Flaw::DocumentPhoto,
        "sa pièce d'identité dans son étui" => Flaw::DocumentPhoto,
        "une photo en noir et blanc de sa pièce d'identité" => Flaw::DocumentPhoto,
        "une vidéo de son visage sans les 3 chiffres" => Flaw::FaceVideo,
        "une vidéo sans remonter la pièce ni tourner la tête" => Flaw::Tilt,
    }
}

impl Geste {
    /// The identification as AR24 receives it.
    fn identification(&self) -> Identification {
        let ok = Identification::genuine();
        match self.0 {
            Flaw::None => ok,
            Flaw::DocumentPhoto => Identification { document_photo_ok: false, ..ok },
            Flaw::FaceVideo => Identification { face_video_ok: false, ..ok },
            Flaw::Tilt => Identification { tilt_ok: false, ..ok },
        }
    }
}

phrases! {
    /// The device the visual identification runs on (AR24-06), as the feature names it.
    pub struct Appareil(Ar24Device) as "appareil" {
        "son smartphone" => Ar24Device::Smartphone,
        "un ordinateur avec une webcam et Google Chrome" => Ar24Device::Computer { webcam: true, chrome: true },
        "un ordinateur sans webcam" => Ar24Device::Computer { webcam: false, chrome: true },
        "un ordinateur avec une webcam et Firefox" => Ar24Device::Computer { webcam: true, chrome: false },
    }
}

/// A verification mode chosen again from the Espace Client (AR24-09, VER-09).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeAgain {
    Online,
    PostOffice,
    /// A week later, at the person's address.
    Postman,
}

phrases! {
    /// A verification mode chosen again, by the label of its action.
    pub struct ModeAction(ModeAgain) as "action", quoted {
        "Vérifier mon identité en ligne" => ModeAgain::Online,
        "Passage en bureau de poste" => ModeAgain::PostOffice,
        "Rencontrer votre facteur" => ModeAgain::Postman,
    }
}

// ---- Helpers ---------------------------------------------------------------------------

/// When e-mails with exactly this subject reached `email`, oldest first.
fn arrivals(world: &World, email: &str, subject: &str) -> Vec<Timestamp> {
    world.mailbox(email).all().into_iter().filter(|m| m.subject == subject).map(|m| m.at).collect()
}

/// The latest letter AR24 was asked to send to `person`, whatever its state.
fn latest_letter(world: &World, person: PersonId) -> Result<Letter, Failure> {
    let email = world.person(person).email.clone();
    let letter = world.ar24().letters().filter(|l| l.recipient_email == email).last();
    let never = || Failure::observed(format!("AR24 was never asked to write to {email}"));
    letter.cloned().ok_or_else(never)
}

/// When the latest letter's e-mail reached the person: the « réception » of the LRE as
/// they see it.
fn letter_received_at(world: &World, person: PersonId) -> Result<Timestamp, Failure> {
    let email = world.person(person).email.clone();
    let received = arrivals(world, &email, LETTER_SUBJECT).last().copied();
    received
        .ok_or_else(|| Failure::observed(format!("no e-mail « {LETTER_SUBJECT} » reached {email}")))
}

/// Waits until an e-mail with exactly `subject`, arrived at or after `since`, is in the
/// person's mailbox (inbox or spam), then until they look at it; returns its arrival.
async fn wait_for_ar24_mail(
    w: &mut IdnWorld,
    person: PersonId,
    subject: &str,
    since: Timestamp,
    max: TimeDelta,
) -> Result<Timestamp, StepError> {
    let world = &mut w.journey().await?.world;
    let arrived = mail_arrival(world, person, subject, since, max).await;
    w.settle(arrived)
}

/// [`wait_for_ar24_mail`] in the world.
async fn mail_arrival(
    world: &mut World,
    person: PersonId,
    subject: &str,
    since: Timestamp,
    max: TimeDelta,
) -> Result<Timestamp, WorldError> {
    let p = world.person(person).clone();
    let (email, owned) = (p.email.clone(), subject.to_string());
    let arrived =
        move |world: &World| arrivals(world, &email, &owned).into_iter().any(|at| at >= since);
    let what = format!("an e-mail « {subject} » to {}", p.email);
    world.run_until(&what, arrived, max).await?;
    let at = arrivals(world, &p.email, subject).into_iter().find(|at| *at >= since);
    let at = at.expect("run_until saw it");
    world.run_for(p.behaviour.answers_mail_after).await?;
    Ok(at)
}

/// What the narrative says when a person accepts AR24's CGU (ÉTAPES 17 and 18).
const ONLINE_WITH_CGU: &str = "chooses « En ligne » and accepts AR24's CGU: « CONFIRMER »";

/// Chooses a verification mode from the Espace Client, told as `who` then `told`, and
/// records the SUT's answer.
async fn choose_mode(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    mode: VerificationMode,
    told: &str,
) -> StepResult {
    let session = w.session(who)?;
    let narrative = format!("{who} {told}");
    w.ask_as(step, who, narrative, VerificationChoose { session, mode }).await?;
    Ok(())
}

/// Does the visual identification of the latest letter; `Ok(Err(message))` when AR24
/// says the device cannot run it.
async fn identify(
    w: &mut IdnWorld,
    who: &str,
    on: Ar24Device,
    how: Identification,
    told: String,
) -> Result<Result<Timestamp, &'static str>, StepError> {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let j = w.journey().await?;
    j.step(told);
    let done = j.world.ar24_identify_on(person, on, how).await;
    let done = done.map_err(|e| {
        Failure::observed(format!("AR24 did not take the identification of {who}: {e}"))
    });
    w.settle(done)
}

/// Fails the step when AR24 said the device cannot run the identification.
fn taken(w: &mut IdnWorld, identified: Result<Timestamp, &'static str>) -> StepResult {
    match identified {
        Ok(_) => Ok(()),
        Err(message) => Err(w.fail(Failure::observed(format!("AR24 says: {message}")))),
    }
}

/// Runs the world until `at`, which must not be past.
async fn run_to(w: &mut IdnWorld, at: Timestamp, what: &str) -> StepResult {
    w.ensure_checked()?;
    let now = w.journey().await?.world.now();
    if at < now {
        return Err(w.fail(Failure::observed(format!("{what} is already past ({at}, now {now})"))));
    }
    let ran = w.journey().await?.world.run_for(at - now).await;
    w.settle(ran)
}

// ---- ÉTAPES 17 to 19: choosing online verification, AR24's CGU ----------------------------

/// ÉTAPE 18 without « CONFIRMER » (AR24-01).
#[when(expr = "{personne} choisit la vérification « En ligne » sans accepter les CGU de AR24")]
async fn choose_online_without_cgu(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
) -> StepResult {
    let mode = VerificationMode::Online { ar24_cgu_accepted: false };
    choose_mode(w, step, &who, mode, "chooses « En ligne » without accepting AR24's CGU").await
}

/// ÉTAPES 17 and 18 (AR24-01).
#[when(
    expr = "{personne} choisit la vérification « En ligne » et accepte les CGU de AR24 : « CONFIRMER »"
)]
async fn choose_online(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let mode = VerificationMode::Online { ar24_cgu_accepted: true };
    choose_mode(w, step, &who, mode, ONLINE_WITH_CGU).await
}

/// ÉTAPES 17 to 19 at once: online verification chosen, AR24's letter received and seen.
#[given(expr = "{personne} a choisi la vérification en ligne et reçu le courrier d'AR24")]
async fn has_letter(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let mode = VerificationMode::Online { ar24_cgu_accepted: true };
    choose_mode(w, step, &who, mode, ONLINE_WITH_CGU).await?;
    w.expect_accepted()?;
    let person = w.person(&who).await?;
    let since = w.journey().await?.world.now();
    wait_for_ar24_mail(w, person, LETTER_SUBJECT, since, TimeDelta::hours(2)).await?;
    Ok(())
}

/// ÉTAPE 19 (AR24-01): « Attention, le courrier n'arrive pas immédiatement ! »
#[then(expr = "{personne} reçoit l'e-mail d'AR24 {texte}, pas immédiatement")]
async fn letter_mail_arrives(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let email = w.person_data(&who).await?.email;
    let world = &w.journey().await?.world;
    let since = world.now();
    let already = arrivals(world, &email, &subject.0).into_iter().find(|at| *at >= since);
    if let Some(at) = already {
        let at_once = format!("« {} » arrived immediately, at {at}", subject.0);
        return Err(w.fail(Failure::observed(at_once)));
    }
    let at = wait_for_ar24_mail(w, person, &subject.0, since, TimeDelta::hours(2)).await?;
    w.check(at > since, || Failure::observed(format!("« {} » arrived at once ({at})", subject.0)))
}

#[then(expr = "{personne} n'a reçu aucun e-mail d'AR24")]
async fn no_ar24_mail(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let email = w.person_data(&who).await?.email;
    let mailbox = w.journey().await?.world.mailbox(&email);
    let from_ar24: Vec<String> = (mailbox.all().into_iter())
        .filter(|m| m.from == AR24_SENDER)
        .map(|m| m.subject.clone())
        .collect();
    w.check(from_ar24.is_empty(), || {
        Failure::observed(format!("{who} received from AR24: {from_ar24:?}"))
    })
}

// ---- ÉTAPE 20: the letter ----------------------------------------------------------------

#[when(expr = "{personne} clique sur « Voir mon courrier » dans l'e-mail d'AR24")]
async fn open_letter(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    j.step(format!("{who} clicks « Voir mon courrier » in AR24's e-mail"));
    let opened = j.world.ar24_open_letter(person).await;
    let opened = opened.map_err(|e| Failure::observed(format!("the letter does not open: {e}")));
    w.settle(opened)?;
    Ok(())
}

/// AR24-02: what « Voir mon courrier » leads to.
#[then(expr = "en cliquant sur « Voir mon courrier », {personne} voit {texte} et {texte}")]
async fn letter_offers(w: &mut IdnWorld, who: Personne, first: Texte, second: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let view = w.journey().await?.world.ar24_open_letter(person).await;
    let view = view.map_err(|e| Failure::observed(format!("the letter does not open: {e}")));
    let view = w.settle(view)?;
    let offered = |text: &Texte| view.choices.contains(&text.0.as_str());
    w.check(offered(&first) && offered(&second), || {
        Failure::observed(format!("the letter offers {:?}", view.choices))
    })
}

/// AR24-02: declining the letter.
#[when(
    expr = "{personne} clique sur « Voir mon courrier » dans l'e-mail d'AR24 puis sur « Je ne suis pas cette personne »"
)]
async fn decline_letter(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    j.step(format!("{who} clicks « Voir mon courrier », then « Je ne suis pas cette personne »"));
    let opened = j.world.ar24_open_letter(person).await;
    w.settle(opened)?;
    let declined = w.journey().await?.world.ar24_decline(person).await;
    let declined =
        declined.map_err(|e| Failure::observed(format!("AR24 did not take the answer: {e}")));
    w.settle(declined)
}

/// AR24-04, before the 15 days.
#[then(expr = "{personne} peut encore lire son courrier recommandé d'AR24")]
async fn letter_readable(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let opened = w.journey().await?.world.ar24_open_letter(person).await;
    let unread =
        |e: WorldError| Failure::observed(format!("the letter of {who} cannot be read: {e}"));
    w.settle(opened.map_err(unread))?;
    Ok(())
}

/// AR24-04, after the 15 days.
#[then(expr = "{personne} ne peut plus lire son courrier recommandé d'AR24 : il a expiré")]
async fn letter_expired(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let observed = match w.journey().await?.world.ar24_open_letter(person).await {
        Err(WorldError::LetterExpired { .. }) => return Ok(()),
        Err(other) => other.to_string(),
        Ok(_) => format!("the letter of {who} can still be read"),
    };
    Err(w.fail(Failure::unexpected("an expired letter", observed)))
}

/// Lets time run from the moment the letter's e-mail reached the person.
#[when(expr = "il s'est écoulé {duree} depuis la réception du courrier d'AR24 de {personne}")]
async fn after_reception(w: &mut IdnWorld, d: Duree, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let received = letter_received_at(&w.journey().await?.world, person);
    let received = w.settle(received)?;
    run_to(w, received + d.0, "that moment").await
}

// ---- AR24-03: the reminder ---------------------------------------------------------------

/// The reminder, sent while the letter is unread, `lre_reminder_after_s` after delivery:
/// it is in the mailbox now (or still in flight, for at most the mail's delay).
#[then(expr = "{personne} a reçu le rappel d'AR24 {texte}")]
async fn reminder_received(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let world = &w.journey().await?.world;
    let in_flight = TimeDelta::seconds(world.config().faults.email_delay_s_max as i64 + 1);
    let after = world.config().policy.lre_reminder_after();
    let letter = latest_letter(world, person);
    let delivered = w.settle(letter)?.delivered_at;
    let Some(delivered) = delivered else {
        return Err(w.fail(Failure::observed("the letter was never delivered")));
    };
    let at = wait_for_ar24_mail(w, person, &subject.0, delivered, in_flight).await?;
    w.check(at >= delivered + after, || {
        Failure::unexpected(
            format!("the reminder at least {} h after the letter", after.num_hours()),
            format!("it came {} h after the letter", (at - delivered).num_hours()),
        )
    })
}

#[then(expr = "{personne} n'a reçu aucun rappel d'AR24")]
async fn no_reminder(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let email = w.person_data(&who).await?.email;
    let reminders = arrivals(&w.journey().await?.world, &email, REMINDER_SUBJECT);
    match reminders.as_slice() {
        [] => Ok(()),
        [at, ..] => {
            Err(w.fail(Failure::observed(format!("{who} received « {REMINDER_SUBJECT} » at {at}"))))
        }
    }
}

// ---- ÉTAPES 21 to 23: the visual identification and its review ----------------------------

/// « Confirmer mon identité » and the three actions (AR24-05), on a smartphone.
#[when(expr = "{personne} fait l'identification visuelle avec {geste}")]
async fn identify_with(w: &mut IdnWorld, who: Personne, how: Geste) -> StepResult {
    let told = format!(
        "{who} clicks « Confirmer mon identité » and does the visual identification with {how}"
    );
    let identified = identify(w, &who, Ar24Device::Smartphone, how.identification(), told).await?;
    taken(w, identified)
}

/// The visual identification done well, on a device (AR24-06).
#[when(expr = "{personne} fait l'identification visuelle sur {appareil}")]
async fn identify_on(w: &mut IdnWorld, who: Personne, on: Appareil) -> StepResult {
    let told = format!("{who} does the visual identification on {on}");
    let identified = identify(w, &who, on.0, Identification::genuine(), told).await?;
    taken(w, identified)
}

/// AR24-06: the device cannot run the identification; the letter waits for another try.
#[then(expr = "{personne} ne peut pas faire l'identification visuelle sur {appareil}")]
async fn cannot_identify_on(w: &mut IdnWorld, who: Personne, on: Appareil) -> StepResult {
    let told = format!("{who} tries the visual identification on {on}");
    let identified = identify(w, &who, on.0, Identification::genuine(), told).await?;
    w.check(identified.is_err(), || {
        Failure::observed(format!("AR24 took the identification on {on}"))
    })?;
    let person = w.person(&who).await?;
    let letter = latest_letter(&w.journey().await?.world, person);
    let state = w.settle(letter)?.state;
    w.check(state == LetterState::Delivered, || {
        Failure::unexpected(
            "the letter waiting for its identification",
            format!("the letter is {state:?}"),
        )
    })
}

/// Someone else than the holder does the identification (ELIG-05): a fraud for AR24.
#[when(expr = "un fraudeur fait l'identification visuelle à la place de {personne}")]
async fn impostor_identifies(w: &mut IdnWorld, who: Personne) -> StepResult {
    let impostor = Identification { by_impostor: true, ..Identification::genuine() };
    let told = format!("an impostor does the visual identification in place of {who}");
    let identified = identify(w, &who, Ar24Device::Smartphone, impostor, told).await?;
    taken(w, identified)
}

/// ÉTAPE 23 (AR24-07): AR24's result e-mail, 24 to 48 hours after the identification,
/// saying `text`.
#[then(
    expr = "{personne} reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : {texte}"
)]
async fn result_received(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let world = &w.journey().await?.world;
    let letter = latest_letter(world, person);
    let slack = TimeDelta::seconds(world.config().faults.email_delay_s_max as i64);
    let now = world.now();
    let Some(identified) = w.settle(letter)?.identified_at else {
        let never = format!("{who} has not done the visual identification");
        return Err(w.fail(Failure::observed(never)));
    };
    let max = (identified + TimeDelta::hours(49) + slack - now).max(TimeDelta::zero());
    let at = wait_for_ar24_mail(w, person, RESULT_SUBJECT, identified, max).await?;
    let took = at - identified;
    w.check(took >= TimeDelta::hours(24) && took <= TimeDelta::hours(48) + slack, || {
        Failure::unexpected(
            "AR24's result within 24 to 48 hours of the identification",
            format!("it came {} min after the identification", took.num_minutes()),
        )
    })?;
    let email = w.person_data(&who).await?.email;
    let mailbox = w.journey().await?.world.mailbox(&email);
    let result = mailbox.all().into_iter().find(|m| m.subject == RESULT_SUBJECT && m.at == at);
    let body = result.map(|m| m.body.clone()).unwrap_or_default();
    w.check(body.contains(&text.0), || Failure::observed(format!("AR24's result says « {body} »")))
}

// ---- AR24-08, DATA-03: the identification data -------------------------------------------

/// Lets time run from AR24's review of the latest identification.
#[when(expr = "il s'est écoulé {duree} depuis la vérification d'AR24 pour {personne}")]
async fn after_review(w: &mut IdnWorld, d: Duree, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let letter = latest_letter(&w.journey().await?.world, person);
    let Some(reviewed) = w.settle(letter)?.reviewed_at else {
        let never = format!("AR24 has not reviewed the identification of {who}");
        return Err(w.fail(Failure::observed(never)));
    };
    run_to(w, reviewed + d.0, "that moment").await
}

/// Whether AR24 still holds the data of `who`'s latest identification.
async fn data_held(w: &mut IdnWorld, who: &str) -> Result<bool, StepError> {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let letter = latest_letter(&w.journey().await?.world, person);
    let letter = w.settle(letter)?;
    if letter.identification.is_none() {
        let never = format!("{who} never did the visual identification");
        return Err(w.fail(Failure::observed(never)));
    }
    Ok(w.journey().await?.world.ar24().holds_identification_data(&letter.id))
}

#[then(expr = "AR24 conserve les données d'identification de {personne}")]
async fn data_kept(w: &mut IdnWorld, who: Personne) -> StepResult {
    let held = data_held(w, &who).await?;
    w.check(held, || Failure::observed(format!("AR24 deleted the identification data of {who}")))
}

#[then(expr = "AR24 a supprimé les données d'identification de {personne}")]
async fn data_deleted(w: &mut IdnWorld, who: Personne) -> StepResult {
    let held = data_held(w, &who).await?;
    w.check(!held, || {
        Failure::observed(format!("AR24 still holds the identification data of {who}"))
    })
}

// ---- ACT-07: activating only after the result ---------------------------------------------

/// The whole activation on the person's smartphone; the SUT's answer is recorded.
async fn activate(w: &mut IdnWorld, step: &Step, who: &str) -> StepResult {
    let person = w.person(who).await?;
    let activate = async |j: &mut Journey| {
        let device = j.world.person(person).device.clone();
        activation::activate(j, person, &device).await
    };
    w.ask(step, activate).await?;
    Ok(())
}

/// ACT-07: installs the app, « Commencer », logs in, while AR24 still reviews.
#[when(expr = "{personne} tente d'activer l'application pendant la vérification d'AR24")]
async fn activate_during_review(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
) -> StepResult {
    activate(w, step, &who).await
}

/// ÉTAPE 24: the whole activation, once AR24's result has come.
#[when(expr = "{personne} active l'application après le résultat d'AR24")]
async fn activate_after_result(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    activate(w, step, &who).await
}

// ---- VER-08, AR24-09: another mode --------------------------------------------------------

/// VER-08: from online to the post office, which the LRE locks for 15 days.
#[when(expr = "{personne} abandonne la vérification en ligne pour le passage en bureau de poste")]
async fn online_to_post_office(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let told = "leaves online verification for « Passage en bureau de poste »";
    choose_mode(w, step, &who, VerificationMode::PostOffice, told).await
}

/// AR24-09, VER-09: a mode chosen again from the Espace Client, by its action's label.
#[when(expr = "{personne} recommence la vérification avec {action}")]
async fn retry_with(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    action: ModeAction,
) -> StepResult {
    let person = w.person_data(&who).await?;
    let mode = match action.0 {
        ModeAgain::Online => VerificationMode::Online { ar24_cgu_accepted: true },
        ModeAgain::PostOffice => VerificationMode::PostOffice,
        ModeAgain::Postman => {
            let date = w.journey().await?.world.now().date_naive() + TimeDelta::days(7);
            VerificationMode::Postman { date, address: person.address }
        }
    };
    choose_mode(w, step, &who, mode, &format!("chooses « {action} » again")).await
}

/// AR24-09: a new letter for a new online try.
#[then(expr = "{personne} reçoit un nouveau courrier d'AR24")]
async fn new_letter(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let world = &w.journey().await?.world;
    let email = world.person(person).email.clone();
    let letters: Vec<&Letter> =
        world.ar24().letters().filter(|l| l.recipient_email == email).collect();
    let requested = match letters.as_slice() {
        [.., before, last] if last.requested_at > before.requested_at => last.requested_at,
        _ => {
            let none = format!("AR24 was not asked for a new letter to {email}");
            return Err(w.fail(Failure::observed(none)));
        }
    };
    wait_for_ar24_mail(w, person, LETTER_SUBJECT, requested, TimeDelta::hours(2)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::params::matches;

    // Checks that the features' phrases read as what they stand for, and that a near miss
    // does not match.
    #[test]
    fn parameters_read_the_features_words() {
        let blurred = "une photo floue de sa pièce d'identité".parse::<Geste>().unwrap();
        assert!(!blurred.identification().document_photo_ok);
        let firefox = "un ordinateur avec une webcam et Firefox".parse::<Appareil>().unwrap();
        assert_eq!(firefox.0, Ar24Device::Computer { webcam: true, chrome: false });
        let again = "« Rencontrer votre facteur »".parse::<ModeAction>().unwrap();
        assert_eq!(
            (again.0, again.to_string().as_str()),
            (ModeAgain::Postman, "Rencontrer votre facteur")
        );
        assert!(!matches::<Geste>("une photo de sa carte"));
        assert!(!matches::<Appareil>("une tablette"));
    }
}
