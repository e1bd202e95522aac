//! The guide's own steps, ÉTAPE 5 to ÉTAPE 24, one per step of « Créer sa nouvelle
//! identité numérique France Connect+ » (INTERFORMAT, 2023), each naming its ÉTAPE so that
//! the feature reads as the guide does. ÉTAPE 7 is the account's step (`account.rs`), which
//! takes the sentence with or without its number; logging in (ÉTAPES 25 and 26) uses the
//! login steps.

use super::params::{Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::inbox::{wait_for_mail, wait_for_mail_code, wait_for_sms_code};
use crate::flows::verification::NEXT_STEP_SUBJECT;
use crate::journey::Journey;
use chrono::TimeDelta;
use cucumber::gherkin::Step;
use cucumber::{then, when};
use idn_contract::SessionToken;
use idn_contract::account::*;
use idn_contract::enrolment::*;
use idn_contract::verification::*;
use idn_world::Identification;

/// The narrative's line for `who` at `etape`: the guide's own words.
async fn told(w: &mut IdnWorld, who: &str, etape: &str) -> Result<String, StepError> {
    Ok(format!("{} — {etape}", w.person_data(who).await?.full_name()))
}

/// The web session `who`'s browser holds. Without one the guide's steps still send the
/// request, with a session the SUT does not know, so that the SUT answers for it.
fn session(w: &mut IdnWorld, who: &str) -> Result<SessionToken, StepError> {
    let held = w.holder(who)?.session.clone();
    Ok(held.unwrap_or_else(|| SessionToken::new("(none)")))
}

#[when(expr = "{personne} choisit une adresse mail \\(ÉTAPE 5\\)")]
async fn step_5(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let email = w.person_data(&who).await?.email;
    let narrative = told(w, &who, "ÉTAPE 5").await?;
    if let Some(started) = w.ask_as(step, &who, narrative, AccountStart { email }).await? {
        w.holder(&who)?.session = Some(started.session);
    }
    Ok(())
}

#[when(expr = "{personne} entre le code reçu par mail \\(ÉTAPE 6\\)")]
async fn step_6(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let me = w.person_data(&who).await?.actor();
    let session = session(w, &who)?;
    let narrative = told(w, &who, "ÉTAPE 6").await?;
    let confirm = async |j: &mut Journey| {
        let subject = "Votre code de vérification";
        let code = wait_for_mail_code(j, person, subject, TimeDelta::hours(1)).await?;
        j.step(narrative);
        j.call(&me, AccountConfirmEmail { session, code }).await
    };
    w.ask(step, confirm).await?;
    Ok(())
}

#[when(expr = "{personne} renseigne son numéro de téléphone \\(ÉTAPE 8\\)")]
#[when(expr = "{personne} renseigne à nouveau son numéro de téléphone \\(ÉTAPE 11\\)")]
async fn steps_8_and_11(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let phone = w.person_data(&who).await?.phone_number;
    let session = session(w, &who)?;
    let narrative = told(w, &who, "ÉTAPES 8 et 11").await?;
    w.ask_as(step, &who, narrative, AccountSetMobile { session, phone }).await?;
    Ok(())
}

#[when(expr = "{personne} renseigne son nom et valide \\(ÉTAPE 9\\)")]
async fn step_9(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let identity = w.person_data(&who).await?.identity;
    let names = crate::flows::account::names_of(&identity, session(w, &who)?);
    let narrative = told(w, &who, "ÉTAPE 9").await?;
    w.ask_as(step, &who, narrative, names).await?;
    Ok(())
}

#[when(expr = "{personne} accepte les CGU \\(ÉTAPE 10\\)")]
async fn step_10(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = session(w, &who)?;
    let narrative = told(w, &who, "ÉTAPE 10").await?;
    w.ask_as(step, &who, narrative, AccountAcceptCgu { session }).await?;
    Ok(())
}

#[when(expr = "{personne} entre le code composé de caractères reçu par SMS \\(ÉTAPE 12\\)")]
async fn step_12(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person_data(&who).await?;
    let session = session(w, &who)?;
    let narrative = told(w, &who, "ÉTAPE 12").await?;
    let confirm = async |j: &mut Journey| {
        let code = wait_for_sms_code(j, &person.phone_number, TimeDelta::minutes(10)).await?;
        j.step(narrative);
        j.call(&person.actor(), AccountConfirmMobile { session, code }).await
    };
    w.ask(step, confirm).await?;
    Ok(())
}

#[when(
    expr = "{personne} répond « Oui » à « Avez vous une pièce d'identité française ? » \\(ÉTAPE 13\\)"
)]
async fn step_13(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = session(w, &who)?;
    let narrative = told(w, &who, "ÉTAPE 13").await?;
    let op = EnrolmentDeclareDocument { session, has_french_document: true };
    w.ask_as(step, &who, narrative, op).await?;
    Ok(())
}

/// The page « Confirmez les informations » must show what the person typed.
#[when(
    expr = "{personne} choisit sa pièce d'identité et en saisit les informations \\(ÉTAPES 14 et 15\\)"
)]
async fn steps_14_and_15(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let identity = w.person_data(&who).await?.identity;
    let session = session(w, &who)?;
    let narrative = told(w, &who, "ÉTAPES 14 et 15").await?;
    let op = EnrolmentSubmitIdentity { session, identity };
    let shown = w.ask_as(step, &who, narrative, op).await?;
    let typed = w.person_data(&who).await?.identity;
    match shown {
        Some(page) if page.identity != typed => Err(w.fail(Failure::unexpected(
            format!("« Confirmez les informations » showing what {who} typed: {typed:?}"),
            format!("it shows {:?}", page.identity),
        ))),
        _ => Ok(()),
    }
}

#[when(expr = "{personne} vérifie bien les informations et valide \\(ÉTAPE 16\\)")]
async fn step_16(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = session(w, &who)?;
    let narrative = told(w, &who, "ÉTAPE 16").await?;
    w.ask_as(step, &who, narrative, EnrolmentConfirmIdentity { session }).await?;
    Ok(())
}

#[when(
    expr = "{personne} choisit la validation « en ligne » et accepte les CGU de AR24 \\(ÉTAPES 17 et 18\\)"
)]
async fn steps_17_and_18(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = session(w, &who)?;
    let narrative = told(w, &who, "ÉTAPES 17 et 18").await?;
    let mode = VerificationMode::Online { ar24_cgu_accepted: true };
    w.ask_as(step, &who, narrative, VerificationChoose { session, mode }).await?;
    Ok(())
}

#[then(expr = "{personne} reçoit, pas tout de suite, l'e-mail d'AR24 {texte} \\(ÉTAPE 19\\)")]
async fn step_19(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let asked = j.world.now();
    let mail = wait_for_mail(j, person, &subject.0, TimeDelta::hours(2)).await;
    let mail = w.settle(mail)?;
    w.check(mail.arrived_at > asked, || {
        Failure::observed("AR24's e-mail arrived at once; the guide says it does not")
    })
}

#[when(
    expr = "{personne} clique sur « Voir mon courrier » puis « Confirmer mon identité » \\(ÉTAPES 20 et 21\\)"
)]
async fn steps_20_and_21(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let opened = w.journey().await?.world.ar24_open_letter(person).await;
    w.settle(opened)?;
    Ok(())
}

#[when(expr = "{personne} accomplit les 3 actions de l'identification visuelle \\(ÉTAPE 22\\)")]
async fn step_22(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let identified = w.journey().await?.world.ar24_identify(person, Identification::genuine());
    let identified = identified.await;
    w.settle(identified)?;
    Ok(())
}

#[then(
    expr = "{personne} reçoit entre 24 et 48 heures plus tard l'e-mail qui valide la démarche \\(ÉTAPE 23\\)"
)]
async fn step_23(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let identified = j.world.now();
    let mail = wait_for_mail(j, person, NEXT_STEP_SUBJECT, TimeDelta::hours(49)).await;
    let waited = w.settle(mail)?.arrived_at - identified;
    w.check(waited >= TimeDelta::hours(24) && waited <= TimeDelta::hours(48), || {
        Failure::unexpected(
            "the result 24 to 48 hours after the identification",
            format!("it came after {} hours", waited.num_hours()),
        )
    })
}

/// The whole activation (ÉTAPES 24 and 25). A refusal fails this step at once instead of
/// being kept for a later one: the guide's path has no refusal to check.
#[when(
    expr = "{personne} télécharge l'application, s'y connecte et choisit son code secret à 4 chiffres \\(ÉTAPE 24\\)"
)]
async fn step_24(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    let activated = crate::flows::activation::activate(j, person, &device).await;
    w.settle(activated)
}
