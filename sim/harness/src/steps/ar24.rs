//! Verifying one's identity online with AR24 (ÉTAPES 17 to 24, AR24-01..09, ACT-07,
//! DOC-06): AR24's CGU, the registered letter (LRE) and its e-mails, the visual
//! identification and the device it runs on, the 24–48 h review, the deletion of the
//! identification data, the LRE's expiry, and trying again after a failure.

use super::params::{Duree, Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::activation;
use chrono::TimeDelta;
use cucumber::{given, then, when};
use idn_contract::verification::{VerificationChoose, VerificationMode};
use idn_contract::{SessionToken, Timestamp};
use idn_world::actors::ar24::{
    AR24_SENDER, Ar24Device, LETTER_SUBJECT, REMINDER_SUBJECT, RESULT_SUBJECT,
};
use idn_world::{Identification, Letter, LetterState, PersonId, World, WorldError};

// ---- Helpers ---------------------------------------------------------------------------

/// The web session `who` got when their account was created.
fn session_of(w: &mut IdnWorld, who: &str) -> Result<SessionToken, StepError> {
    w.holder(who)?.session.clone().ok_or_else(|| {
        StepError(format!("{who} has no web session (« Soit {who} a déclaré son identité »)"))
    })
}

/// When e-mails with exactly this subject reached `email`, oldest first.
fn arrivals(world: &World, email: &str, subject: &str) -> Vec<Timestamp> {
    world.mailbox(email).all().into_iter().filter(|m| m.subject == subject).map(|m| m.at).collect()
}

/// The latest letter AR24 was asked to send to `person`, whatever its state.
fn latest_letter(world: &World, person: PersonId) -> Result<Letter, StepError> {
    let email = world.person(person).email.clone();
    let letter = world.ar24().letters().filter(|l| l.recipient_email == email).last();
    letter.cloned().ok_or_else(|| StepError(format!("AR24 was never asked to write to {email}")))
}

/// When the latest letter's e-mail reached the person: the « réception » of the LRE as
/// they see it.
fn letter_received_at(world: &World, person: PersonId) -> Result<Timestamp, StepError> {
    let email = world.person(person).email.clone();
    arrivals(world, &email, LETTER_SUBJECT)
        .last()
        .copied()
        .ok_or_else(|| StepError(format!("no e-mail « {LETTER_SUBJECT} » reached {email}")))
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
    let j = w.journey().await?;
    let p = j.world.person(person).clone();
    let (email, owned) = (p.email.clone(), subject.to_string());
    let arrived =
        move |world: &World| arrivals(world, &email, &owned).into_iter().any(|at| at >= since);
    let what = format!("an e-mail « {subject} » to {}", p.email);
    j.world.run_until(&what, arrived, max).await.map_err(|e| StepError(e.to_string()))?;
    let at = arrivals(&j.world, &p.email, subject).into_iter().find(|at| *at >= since);
    let at = at.expect("run_until saw it");
    let looked = j.world.run_for(p.behaviour.answers_mail_after).await;
    looked.map_err(|e| StepError(e.to_string()))?;
    Ok(at)
}

/// Chooses a verification mode from the Espace Client and records the SUT's answer.
async fn choose_mode(
    w: &mut IdnWorld,
    who: &str,
    mode: VerificationMode,
    told: &str,
) -> StepResult {
    let person = w.person(who).await?;
    let session = session_of(w, who)?;
    let result = {
        let j = w.journey().await?;
        j.step(format!("{who} {told}"));
        let actor = j.world.person(person).actor();
        j.call(&actor, VerificationChoose { session, mode }).await
    };
    w.record(&format!("{who} {told}"), result).map(|_| ())
}

/// The three actions of the visual identification as the feature names them (AR24-05,
/// DOC-06): well done, or with the defect that makes AR24 reject it.
fn identification(how: &str) -> Result<Identification, StepError> {
    let ok = Identification::genuine();
    let bad_photo = Identification { document_photo_ok: false, ..ok };
    Ok(match how {
        "une photo en couleur de sa pièce d'identité"
        | "un scan JPEG de sa pièce d'identité"
        | "les 3 chiffres écrits sur un papier"
        | "la tête tournée au lieu de la pièce remontée" => ok,
        "une photo floue de sa pièce d'identité"
        | "une photo de sa pièce d'identité avec un reflet"
        | "une photocopie de sa pièce d'identité"
        | "sa pièce d'identité dans son étui"
        | "une photo en noir et blanc de sa pièce d'identité" => bad_photo,
        "une vidéo de son visage sans les 3 chiffres" => {
            Identification { face_video_ok: false, ..ok }
        }
        "une vidéo sans remonter la pièce ni tourner la tête" => {
            Identification { tilt_ok: false, ..ok }
        }
        other => {
            return Err(StepError(format!(
                "« {other} » is not a way of doing the visual identification this suite knows"
            )));
        }
    })
}

/// The device of AR24-06 as the feature names it.
fn device(text: &str) -> Result<Ar24Device, StepError> {
    Ok(match text {
        "son smartphone" => Ar24Device::Smartphone,
        "un ordinateur avec une webcam et Google Chrome" => {
            Ar24Device::Computer { webcam: true, chrome: true }
        }
        "un ordinateur sans webcam" => Ar24Device::Computer { webcam: false, chrome: true },
        "un ordinateur avec une webcam et Firefox" => {
            Ar24Device::Computer { webcam: true, chrome: false }
        }
        other => return Err(StepError(format!("« {other} » is not a device this suite knows"))),
    })
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
    done.map_err(|e| StepError(format!("AR24 did not take the identification of {who}: {e}")))
}

/// Runs the world until `at`, which must not be past.
async fn run_to(w: &mut IdnWorld, at: Timestamp, what: &str) -> StepResult {
    w.ensure_checked()?;
    let j = w.journey().await?;
    let now = j.world.now();
    if at < now {
        return Err(StepError(format!("{what} is already past ({at}, now {now})")));
    }
    j.world.run_for(at - now).await.map_err(|e| StepError(e.to_string()))
}

// ---- ÉTAPES 17 to 19: choosing online verification, AR24's CGU ----------------------------

/// ÉTAPE 18 without « CONFIRMER » (AR24-01).
#[when(expr = "{personne} choisit la vérification « En ligne » sans accepter les CGU de AR24")]
async fn choose_online_without_cgu(w: &mut IdnWorld, who: Personne) -> StepResult {
    let mode = VerificationMode::Online { ar24_cgu_accepted: false };
    choose_mode(w, &who.0, mode, "chooses « En ligne » without accepting AR24's CGU").await
}

/// ÉTAPES 17 and 18 (AR24-01).
#[when(
    expr = "{personne} choisit la vérification « En ligne » et accepte les CGU de AR24 : « CONFIRMER »"
)]
async fn choose_online(w: &mut IdnWorld, who: Personne) -> StepResult {
    let mode = VerificationMode::Online { ar24_cgu_accepted: true };
    choose_mode(w, &who.0, mode, "chooses « En ligne » and accepts AR24's CGU: « CONFIRMER »").await
}

/// ÉTAPES 17 to 19 at once: online verification chosen, AR24's letter received and seen.
#[given(expr = "{personne} a choisi la vérification en ligne et reçu le courrier d'AR24")]
async fn has_letter(w: &mut IdnWorld, who: Personne) -> StepResult {
    choose_online(w, who.clone()).await?;
    w.expect_accepted()?;
    let person = w.person(&who.0).await?;
    let since = w.journey().await?.world.now();
    wait_for_ar24_mail(w, person, LETTER_SUBJECT, since, TimeDelta::hours(2)).await.map(|_| ())
}

/// ÉTAPE 19 (AR24-01): « Attention, le courrier n'arrive pas immédiatement ! »
#[then(expr = "{personne} reçoit l'e-mail d'AR24 {texte}, pas immédiatement")]
async fn letter_mail_arrives(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let (since, email) = {
        let j = w.journey().await?;
        (j.world.now(), j.world.person(person).email.clone())
    };
    let already = arrivals(&w.journey().await?.world, &email, &subject.0);
    if let Some(at) = already.iter().find(|at| **at >= since) {
        return Err(StepError(format!("« {} » arrived immediately, at {at}", subject.0)));
    }
    let at = wait_for_ar24_mail(w, person, &subject.0, since, TimeDelta::hours(2)).await?;
    match at > since {
        true => Ok(()),
        false => Err(StepError(format!("« {} » arrived at once ({at})", subject.0))),
    }
}

#[then(expr = "{personne} n'a reçu aucun e-mail d'AR24")]
async fn no_ar24_mail(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    let from_ar24: Vec<String> = (j.world.mailbox(&email).all().into_iter())
        .filter(|m| m.from == AR24_SENDER)
        .map(|m| m.subject.clone())
        .collect();
    match from_ar24.is_empty() {
        true => Ok(()),
        false => Err(StepError(format!("{} received from AR24: {from_ar24:?}", who.0))),
    }
}

// ---- ÉTAPE 20: the letter ----------------------------------------------------------------

#[when(expr = "{personne} clique sur « Voir mon courrier » dans l'e-mail d'AR24")]
async fn open_letter(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    j.step(format!("{} clicks « Voir mon courrier » in AR24's e-mail", who.0));
    let opened = j.world.ar24_open_letter(person).await;
    opened.map(|_| ()).map_err(|e| StepError(format!("the letter does not open: {e}")))
}

/// AR24-02: what « Voir mon courrier » leads to.
#[then(expr = "en cliquant sur « Voir mon courrier », {personne} voit {texte} et {texte}")]
async fn letter_offers(w: &mut IdnWorld, who: Personne, first: Texte, second: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let view = j.world.ar24_open_letter(person).await;
    let view = view.map_err(|e| StepError(format!("the letter does not open: {e}")))?;
    match view.choices.contains(&first.0.as_str()) && view.choices.contains(&second.0.as_str()) {
        true => Ok(()),
        false => Err(StepError(format!("the letter offers {:?}", view.choices))),
    }
}

/// AR24-02: declining the letter.
#[when(
    expr = "{personne} clique sur « Voir mon courrier » dans l'e-mail d'AR24 puis sur « Je ne suis pas cette personne »"
)]
async fn decline_letter(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    j.step(format!(
        "{} clicks « Voir mon courrier », then « Je ne suis pas cette personne »",
        who.0
    ));
    j.world.ar24_open_letter(person).await.map_err(|e| StepError(e.to_string()))?;
    let declined = j.world.ar24_decline(person).await;
    declined.map_err(|e| StepError(format!("AR24 did not take the answer: {e}")))
}

/// AR24-04, before the 15 days.
#[then(expr = "{personne} peut encore lire son courrier recommandé d'AR24")]
async fn letter_readable(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    match j.world.ar24_open_letter(person).await {
        Ok(_) => Ok(()),
        Err(e) => Err(StepError(format!("the letter of {} cannot be read: {e}", who.0))),
    }
}

/// AR24-04, after the 15 days.
#[then(expr = "{personne} ne peut plus lire son courrier recommandé d'AR24 : il a expiré")]
async fn letter_expired(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    match j.world.ar24_open_letter(person).await {
        Err(WorldError::LetterExpired { .. }) => Ok(()),
        Err(other) => Err(StepError(format!("expected an expired letter, got: {other}"))),
        Ok(_) => Err(StepError(format!("the letter of {} can still be read", who.0))),
    }
}

/// Lets time run from the moment the letter's e-mail reached the person.
#[when(expr = "il s'est écoulé {duree} depuis la réception du courrier d'AR24 de {personne}")]
async fn after_reception(w: &mut IdnWorld, d: Duree, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let received = letter_received_at(&w.journey().await?.world, person)?;
    run_to(w, received + d.0, "that moment").await
}

// ---- AR24-03: the reminder ---------------------------------------------------------------

/// The reminder, sent while the letter is unread, `lre_reminder_after_s` after delivery:
/// it is in the mailbox now (or still in flight, for at most the mail's delay).
#[then(expr = "{personne} a reçu le rappel d'AR24 {texte}")]
async fn reminder_received(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let (letter, after, in_flight) = {
        let j = w.journey().await?;
        let in_flight = j.world.config().faults.email_delay_s_max as i64 + 1;
        let after = j.world.config().policy.lre_reminder_after();
        (latest_letter(&j.world, person)?, after, TimeDelta::seconds(in_flight))
    };
    let delivered =
        letter.delivered_at.ok_or_else(|| StepError("the letter was never delivered".into()))?;
    let at = wait_for_ar24_mail(w, person, &subject.0, delivered, in_flight).await?;
    match at >= delivered + after {
        true => Ok(()),
        false => Err(StepError(format!(
            "the reminder came {} h after the letter, before the policy's {} h",
            (at - delivered).num_hours(),
            after.num_hours()
        ))),
    }
}

#[then(expr = "{personne} n'a reçu aucun rappel d'AR24")]
async fn no_reminder(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    match arrivals(&j.world, &email, REMINDER_SUBJECT).as_slice() {
        [] => Ok(()),
        [at, ..] => Err(StepError(format!("{} received « {REMINDER_SUBJECT} » at {at}", who.0))),
    }
}

// ---- ÉTAPES 21 to 23: the visual identification and its review ----------------------------

/// « Confirmer mon identité » and the three actions (AR24-05), on a smartphone.
#[when(
    regex = r"^([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?) fait l'identification visuelle avec (.+)$"
)]
async fn identify_with(w: &mut IdnWorld, who: String, how: String) -> StepResult {
    let identification = identification(&how)?;
    let told = format!(
        "{who} clicks « Confirmer mon identité » and does the visual identification with {how}"
    );
    match identify(w, &who, Ar24Device::Smartphone, identification, told).await? {
        Ok(_) => Ok(()),
        Err(message) => Err(StepError(format!("AR24 says: {message}"))),
    }
}

/// The visual identification done well, on a device (AR24-06).
#[when(
    regex = r"^([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?) fait l'identification visuelle sur (.+)$"
)]
async fn identify_on(w: &mut IdnWorld, who: String, on: String) -> StepResult {
    let device = device(&on)?;
    let told = format!("{who} does the visual identification on {on}");
    match identify(w, &who, device, Identification::genuine(), told).await? {
        Ok(_) => Ok(()),
        Err(message) => Err(StepError(format!("AR24 says: {message}"))),
    }
}

/// AR24-06: the device cannot run the identification; the letter waits for another try.
#[then(
    regex = r"^([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?) ne peut pas faire l'identification visuelle sur (.+)$"
)]
async fn cannot_identify_on(w: &mut IdnWorld, who: String, on: String) -> StepResult {
    let device = device(&on)?;
    let told = format!("{who} tries the visual identification on {on}");
    if identify(w, &who, device, Identification::genuine(), told).await?.is_ok() {
        return Err(StepError(format!("AR24 took the identification on {on}")));
    }
    let person = w.person(&who).await?;
    let letter = latest_letter(&w.journey().await?.world, person)?;
    match letter.state {
        LetterState::Delivered => Ok(()),
        other => {
            Err(StepError(format!("the letter is {other:?}, not waiting for its identification")))
        }
    }
}

/// Someone else than the holder does the identification (ELIG-05): a fraud for AR24.
#[when(expr = "un fraudeur fait l'identification visuelle à la place de {personne}")]
async fn impostor_identifies(w: &mut IdnWorld, who: Personne) -> StepResult {
    let impostor = Identification { by_impostor: true, ..Identification::genuine() };
    let told = format!("an impostor does the visual identification in place of {}", who.0);
    match identify(w, &who.0, Ar24Device::Smartphone, impostor, told).await? {
        Ok(_) => Ok(()),
        Err(message) => Err(StepError(format!("AR24 says: {message}"))),
    }
}

/// ÉTAPE 23 (AR24-07): AR24's result e-mail, 24 to 48 hours after the identification,
/// saying `text`.
#[then(
    expr = "{personne} reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : {texte}"
)]
async fn result_received(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let (identified, slack) = {
        let j = w.journey().await?;
        let letter = latest_letter(&j.world, person)?;
        let slack = TimeDelta::seconds(j.world.config().faults.email_delay_s_max as i64);
        let at = letter.identified_at.ok_or_else(|| {
            StepError(format!("{} has not done the visual identification", who.0))
        })?;
        (at, slack)
    };
    let now = w.journey().await?.world.now();
    let max = (identified + TimeDelta::hours(49) + slack - now).max(TimeDelta::zero());
    let at = wait_for_ar24_mail(w, person, RESULT_SUBJECT, identified, max).await?;
    let took = at - identified;
    if took < TimeDelta::hours(24) || took > TimeDelta::hours(48) + slack {
        return Err(StepError(format!(
            "AR24's result came {} min after the identification, not within 24 to 48 hours",
            took.num_minutes()
        )));
    }
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    let mailbox = j.world.mailbox(&email);
    let result = mailbox.all().into_iter().find(|m| m.subject == RESULT_SUBJECT && m.at == at);
    let body = result.map(|m| m.body.clone()).unwrap_or_default();
    match body.contains(&text.0) {
        true => Ok(()),
        false => Err(StepError(format!("AR24's result says « {body} », not « {} »", text.0))),
    }
}

// ---- AR24-08, DATA-03: the identification data -------------------------------------------

/// Lets time run from AR24's review of the latest identification.
#[when(expr = "il s'est écoulé {duree} depuis la vérification d'AR24 pour {personne}")]
async fn after_review(w: &mut IdnWorld, d: Duree, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let letter = latest_letter(&w.journey().await?.world, person)?;
    let reviewed = letter.reviewed_at.ok_or_else(|| {
        StepError(format!("AR24 has not reviewed the identification of {}", who.0))
    })?;
    run_to(w, reviewed + d.0, "that moment").await
}

async fn data_held(w: &mut IdnWorld, who: &str) -> Result<bool, StepError> {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let j = w.journey().await?;
    let letter = latest_letter(&j.world, person)?;
    if letter.identification.is_none() {
        return Err(StepError(format!("{who} never did the visual identification")));
    }
    Ok(j.world.ar24().holds_identification_data(&letter.id))
}

#[then(expr = "AR24 conserve les données d'identification de {personne}")]
async fn data_kept(w: &mut IdnWorld, who: Personne) -> StepResult {
    match data_held(w, &who.0).await? {
        true => Ok(()),
        false => Err(StepError(format!("AR24 deleted the identification data of {}", who.0))),
    }
}

#[then(expr = "AR24 a supprimé les données d'identification de {personne}")]
async fn data_deleted(w: &mut IdnWorld, who: Personne) -> StepResult {
    match data_held(w, &who.0).await? {
        false => Ok(()),
        true => Err(StepError(format!("AR24 still holds the identification data of {}", who.0))),
    }
}

// ---- ACT-07: activating only after the result ---------------------------------------------

async fn activate(w: &mut IdnWorld, who: &str, told: &str) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let result = {
        let j = w.journey().await?;
        let device = j.world.person(person).device.clone();
        activation::activate(j, person, &device).await
    };
    w.record(&format!("{who} {told}"), result).map(|_| ())
}

/// ACT-07: installs the app, « Commencer », logs in, while AR24 still reviews.
#[when(expr = "{personne} tente d'activer l'application pendant la vérification d'AR24")]
async fn activate_during_review(w: &mut IdnWorld, who: Personne) -> StepResult {
    activate(w, &who.0, "tente d'activer l'application pendant la vérification d'AR24").await
}

/// ÉTAPE 24: the whole activation, once AR24's result has come.
#[when(expr = "{personne} active l'application après le résultat d'AR24")]
async fn activate_after_result(w: &mut IdnWorld, who: Personne) -> StepResult {
    activate(w, &who.0, "active l'application après le résultat d'AR24").await
}

// ---- VER-08, AR24-09: another mode --------------------------------------------------------

/// VER-08: from online to the post office, which the LRE locks for 15 days.
#[when(expr = "{personne} abandonne la vérification en ligne pour le passage en bureau de poste")]
async fn online_to_post_office(w: &mut IdnWorld, who: Personne) -> StepResult {
    let told = "leaves online verification for « Passage en bureau de poste »";
    choose_mode(w, &who.0, VerificationMode::PostOffice, told).await
}

/// AR24-09, VER-09: a mode chosen again from the Espace Client, by its action's label.
#[when(expr = "{personne} recommence la vérification avec {texte}")]
async fn retry_with(w: &mut IdnWorld, who: Personne, action: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let mode = match action.0.as_str() {
        "Vérifier mon identité en ligne" => VerificationMode::Online { ar24_cgu_accepted: true },
        "Passage en bureau de poste" => VerificationMode::PostOffice,
        "Rencontrer votre facteur" => {
            let j = w.journey().await?;
            let date = j.world.now().date_naive() + TimeDelta::days(7);
            VerificationMode::Postman { date, address: j.world.person(person).address.clone() }
        }
        other => return Err(StepError(format!("« {other} » is not a verification mode"))),
    };
    choose_mode(w, &who.0, mode, &format!("chooses « {} » again", action.0)).await
}

/// AR24-09: a new letter for a new online try.
#[then(expr = "{personne} reçoit un nouveau courrier d'AR24")]
async fn new_letter(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let requested = {
        let world = &w.journey().await?.world;
        let email = world.person(person).email.clone();
        let letters: Vec<&Letter> =
            world.ar24().letters().filter(|l| l.recipient_email == email).collect();
        match letters.as_slice() {
            [.., before, last] if last.requested_at > before.requested_at => last.requested_at,
            _ => return Err(StepError(format!("AR24 was not asked for a new letter to {email}"))),
        }
    };
    wait_for_ar24_mail(w, person, LETTER_SUBJECT, requested, TimeDelta::hours(2)).await.map(|_| ())
}
