//! The guide's own steps, ÉTAPE 5 to ÉTAPE 24, one per step of « Créer sa nouvelle
//! identité numérique France Connect+ » (INTERFORMAT, 2023), each naming its ÉTAPE so that
//! the feature reads as the guide does. Logging in (ÉTAPES 25 and 26) uses the login steps.

use super::params::{Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::inbox::{wait_for_mail, wait_for_mail_code, wait_for_sms_code};
use crate::flows::verification::NEXT_STEP_SUBJECT;
use chrono::TimeDelta;
use cucumber::{then, when};
use idn_contract::Operation;
use idn_contract::account::*;
use idn_contract::enrolment::*;
use idn_contract::verification::*;
use idn_world::{Identification, Person};

/// Calls the SUT as `who`'s browser with the operation `make` builds from what they know,
/// and records the answer under `step`.
async fn act<O: Operation>(
    w: &mut IdnWorld,
    who: &str,
    step: &str,
    make: impl FnOnce(&Person, Option<idn_contract::SessionToken>) -> O,
) -> Result<Option<O::Reply>, StepError> {
    let person = w.person(who).await?;
    let session = w.holder(who)?.session.clone();
    let result = {
        let j = w.journey().await?;
        let p = j.world.person(person).clone();
        j.step(format!("{} — {step}", p.full_name()));
        let called = j.world.call(&p.actor(), make(&p, session)).await;
        called.map_err(|e| j.call_error(e))
    };
    w.record(step, result)
}

fn session(session: Option<idn_contract::SessionToken>) -> idn_contract::SessionToken {
    session.unwrap_or_else(|| idn_contract::SessionToken::new("(none)"))
}

#[when(expr = "{personne} choisit une adresse mail \\(ÉTAPE 5\\)")]
async fn step_5(w: &mut IdnWorld, who: Personne) -> StepResult {
    let started = act(w, &who.0, "ÉTAPE 5", |p, _| AccountStart { email: p.email.clone() }).await?;
    if let Some(started) = started {
        w.holder(&who.0)?.session = Some(started.session);
    }
    Ok(())
}

#[when(expr = "{personne} entre le code reçu par mail \\(ÉTAPE 6\\)")]
async fn step_6(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let code = {
        let j = w.journey().await?;
        wait_for_mail_code(j, person, "Votre code de vérification", TimeDelta::hours(1)).await?
    };
    act(w, &who.0, "ÉTAPE 6", |_, s| AccountConfirmEmail { session: session(s), code })
        .await
        .map(|_| ())
}

#[when(expr = "{personne} crée son mot de passe \\(ÉTAPE 7\\)")]
async fn step_7(w: &mut IdnWorld, who: Personne) -> StepResult {
    let make =
        |p: &Person, s| AccountSetPassword { session: session(s), password: p.password.clone() };
    act(w, &who.0, "ÉTAPE 7", make).await.map(|_| ())
}

#[when(expr = "{personne} renseigne son numéro de téléphone \\(ÉTAPE 8\\)")]
#[when(expr = "{personne} renseigne à nouveau son numéro de téléphone \\(ÉTAPE 11\\)")]
async fn steps_8_and_11(w: &mut IdnWorld, who: Personne) -> StepResult {
    let make =
        |p: &Person, s| AccountSetMobile { session: session(s), phone: p.phone_number.clone() };
    act(w, &who.0, "ÉTAPES 8 et 11", make).await.map(|_| ())
}

#[when(expr = "{personne} renseigne son nom et valide \\(ÉTAPE 9\\)")]
async fn step_9(w: &mut IdnWorld, who: Personne) -> StepResult {
    let make = |p: &Person, s| crate::flows::account::names_of(&p.identity, session(s));
    act(w, &who.0, "ÉTAPE 9", make).await.map(|_| ())
}

#[when(expr = "{personne} accepte les CGU \\(ÉTAPE 10\\)")]
async fn step_10(w: &mut IdnWorld, who: Personne) -> StepResult {
    act(w, &who.0, "ÉTAPE 10", |_, s| AccountAcceptCgu { session: session(s) }).await.map(|_| ())
}

#[when(expr = "{personne} entre le code composé de caractères reçu par SMS \\(ÉTAPE 12\\)")]
async fn step_12(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let code = {
        let j = w.journey().await?;
        let number = j.world.person(person).phone_number.clone();
        wait_for_sms_code(j, &number, TimeDelta::minutes(10)).await?
    };
    act(w, &who.0, "ÉTAPE 12", |_, s| AccountConfirmMobile { session: session(s), code })
        .await
        .map(|_| ())
}

#[when(
    expr = "{personne} répond « Oui » à « Avez vous une pièce d'identité française ? » \\(ÉTAPE 13\\)"
)]
async fn step_13(w: &mut IdnWorld, who: Personne) -> StepResult {
    let make =
        |_: &Person, s| EnrolmentDeclareDocument { session: session(s), has_french_document: true };
    act(w, &who.0, "ÉTAPE 13", make).await.map(|_| ())
}

#[when(
    expr = "{personne} choisit sa pièce d'identité et en saisit les informations \\(ÉTAPES 14 et 15\\)"
)]
async fn steps_14_and_15(w: &mut IdnWorld, who: Personne) -> StepResult {
    let make = |p: &Person, s| EnrolmentSubmitIdentity {
        session: session(s),
        identity: p.identity.clone(),
    };
    let shown = act(w, &who.0, "ÉTAPES 14 et 15", make).await?;
    let person = w.person(&who.0).await?;
    let typed = w.journey().await?.world.person(person).identity.clone();
    match shown {
        Some(page) if page.identity != typed => Err(StepError(format!(
            "« Confirmez les informations » does not show what {} typed: {:?}",
            who.0, page.identity
        ))),
        _ => Ok(()),
    }
}

#[when(expr = "{personne} vérifie bien les informations et valide \\(ÉTAPE 16\\)")]
async fn step_16(w: &mut IdnWorld, who: Personne) -> StepResult {
    act(w, &who.0, "ÉTAPE 16", |_, s| EnrolmentConfirmIdentity { session: session(s) })
        .await
        .map(|_| ())
}

#[when(
    expr = "{personne} choisit la validation « en ligne » et accepte les CGU de AR24 \\(ÉTAPES 17 et 18\\)"
)]
async fn steps_17_and_18(w: &mut IdnWorld, who: Personne) -> StepResult {
    let mode = VerificationMode::Online { ar24_cgu_accepted: true };
    let make = |_: &Person, s| VerificationChoose { session: session(s), mode };
    act(w, &who.0, "ÉTAPES 17 et 18", make).await.map(|_| ())
}

#[then(expr = "{personne} reçoit, pas tout de suite, l'e-mail d'AR24 {texte} \\(ÉTAPE 19\\)")]
async fn step_19(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let asked = j.world.now();
    let mail = wait_for_mail(j, person, &subject.0, TimeDelta::hours(2)).await?;
    match mail.arrived_at > asked {
        true => Ok(()),
        false => {
            Err(StepError("AR24's e-mail arrived at once; the guide says it does not".to_string()))
        }
    }
}

#[when(
    expr = "{personne} clique sur « Voir mon courrier » puis « Confirmer mon identité » \\(ÉTAPES 20 et 21\\)"
)]
async fn steps_20_and_21(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    j.world.ar24_open_letter(person).await.map(|_| ()).map_err(|e| StepError(e.to_string()))
}

#[when(expr = "{personne} accomplit les 3 actions de l'identification visuelle \\(ÉTAPE 22\\)")]
async fn step_22(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let identified = j.world.ar24_identify(person, Identification::genuine()).await;
    identified.map(|_| ()).map_err(|e| StepError(e.to_string()))
}

#[then(
    expr = "{personne} reçoit entre 24 et 48 heures plus tard l'e-mail qui valide la démarche \\(ÉTAPE 23\\)"
)]
async fn step_23(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let identified = j.world.now();
    let mail = wait_for_mail(j, person, NEXT_STEP_SUBJECT, TimeDelta::hours(49)).await?;
    let waited = mail.arrived_at - identified;
    match waited >= TimeDelta::hours(24) && waited <= TimeDelta::hours(48) {
        true => Ok(()),
        false => Err(StepError(format!(
            "the result came after {} hours, not 24 to 48",
            waited.num_hours()
        ))),
    }
}

#[when(
    expr = "{personne} télécharge l'application, s'y connecte et choisit son code secret à 4 chiffres \\(ÉTAPE 24\\)"
)]
async fn step_24(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    crate::flows::activation::activate(j, person, &device).await?;
    Ok(())
}
