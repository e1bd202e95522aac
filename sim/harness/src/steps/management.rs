//! Managing the identity (MGT): block and unblock, delete (by the user or by customer service), change the number, the password, the secret code; what cannot be changed.
//!
//! Also the states in which an identity cannot log in (AUTH-08), and the data the feature
//! names when it must refer to them later (a number, a password, a document number).

use super::activation::{Suffixe, espace_client_session, run_past_five_years};
use super::common::{Stage, bring_to};
use super::login;
use super::params::{Personne, Piece, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::inbox::{type_code, wait_for_sms_code};
use crate::flows::{activation, enrolment, verification};
use chrono::TimeDelta;
use cucumber::{Parameter, given, then, when};
use idn_contract::account::WebLogin;
use idn_contract::enrolment::IdentityState;
use idn_contract::login::Acr;
use idn_contract::management::{
    IdentityBlock, IdentityDelete, IdentityUnblock, PasswordChange, PhoneChangeConfirm,
    PhoneChangeStart,
};
use idn_contract::{Channel, DocumentData, DocumentKind, PhoneNumber};
use idn_world::{CounterOutcome, LoginHint};
use std::str::FromStr;

/// The label of the box MGT-06 asks to tick.
const DELETE_BOX: &str = "Oui, je souhaite supprimer définitivement mon Identité Numérique";

/// Where a person manages their identity: the app or the Espace Client (MGT-06).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "canal", regex = r"son application|son Espace Client")]
pub enum Canal {
    App,
    EspaceClient,
}

impl FromStr for Canal {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "son application" => Ok(Canal::App),
            "son Espace Client" => Ok(Canal::EspaceClient),
            other => Err(format!("`{other}` is not a place to manage the identity")),
        }
    }
}

/// The identity's state as the Espace Client shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "etat", regex = r"active|bloquée|supprimée|expirée|vérifiée")]
pub struct Etat(pub IdentityState);

impl FromStr for Etat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let state = match s {
            "active" => IdentityState::Active,
            "bloquée" => IdentityState::Blocked,
            "supprimée" => IdentityState::Deleted,
            "expirée" => IdentityState::Expired,
            "vérifiée" => IdentityState::Verified,
            other => return Err(format!("`{other}` is not a state of the identity")),
        };
        Ok(Etat(state))
    }
}

/// A mobile number as a feature writes it: the calling code, then the national number
/// (`+33 7 81 22 33 44`; a leading 0 of the national number is dropped).
fn parse_number(text: &str) -> Result<PhoneNumber, StepError> {
    let (code, rest) =
        text.trim().split_once(' ').filter(|(code, _)| code.starts_with('+')).ok_or_else(|| {
            StepError(format!("`{text}` is not a number like « +33 7 81 22 33 44 »"))
        })?;
    let national: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let national = national.trim_start_matches('0').to_string();
    if national.is_empty() || !national.chars().all(|c| c.is_ascii_digit()) {
        return Err(StepError(format!("`{text}`: the national number must be digits")));
    }
    Ok(PhoneNumber::new(code, national))
}

// ---- What the feature names about a person -------------------------------------------

#[given(expr = "la pièce d'identité de {personne} porte le numéro {texte}")]
async fn document_number(w: &mut IdnWorld, who: Personne, number: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    w.journey().await?.world.person_mut(person).identity.document.number = number.0;
    Ok(())
}

#[given(expr = "le numéro de mobile de {personne} est {texte}")]
async fn mobile_number(w: &mut IdnWorld, who: Personne, number: Texte) -> StepResult {
    let number = parse_number(&number.0)?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    j.world.person_mut(person).phone_number = number.clone();
    j.world.phone_mut(&device).sim = Some(number);
    Ok(())
}

#[given(expr = "le mot de passe de {personne} est {texte}")]
async fn password_is(w: &mut IdnWorld, who: Personne, password: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    w.journey().await?.world.person_mut(person).set_password(password.0);
    Ok(())
}

// ---- The identity in a state that cannot log in (AUTH-08) -------------------------------

#[given(expr = "l'Identité Numérique de {personne} a été bloquée")]
async fn has_been_blocked(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who.0, Stage::Activated).await?;
    let person = w.person(&who.0).await?;
    let session = espace_client_session(w, &who.0).await?;
    let j = w.journey().await?;
    let p = j.world.person(person).clone();
    j.step(format!("{} blocks the identity from the Espace Client", who.0));
    let document_suffix = p.identity.document.last4().to_string();
    let block = IdentityBlock { via: Channel::Web { session }, document_suffix };
    j.call(&p.actor(), block).await?;
    Ok(())
}

#[given(expr = "l'Identité Numérique de {personne} a été supprimée")]
async fn has_been_deleted(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who.0, Stage::Activated).await?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let p = j.world.person(person).clone();
    j.step(format!("{} deletes the identity from the app", who.0));
    let document_suffix = p.identity.document.last4().to_string();
    let via = Channel::App { device_id: p.device.clone() };
    let delete = IdentityDelete { via, confirmed: true, document_suffix };
    j.call(&idn_world::phone_actor(&p.device), delete).await?;
    Ok(())
}

#[given(expr = "l'Identité Numérique de {personne} a expiré")]
async fn has_expired(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who.0, Stage::Activated).await?;
    run_past_five_years(w).await
}

#[given(expr = "l'Identité Numérique de {personne} n'a jamais été activée")]
async fn never_activated(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who.0, Stage::Verified).await
}

// ---- Logging in, other ways (AUTH-08, MGT-02) -------------------------------------------

/// A service at the simple FranceConnect level (eIDAS faible), not FranceConnect+.
#[when(expr = "{personne} se connecte à {texte} avec FranceConnect et son numéro de mobile")]
async fn login_franceconnect(w: &mut IdnWorld, who: Personne, service: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    login::start(w, &who.0, LoginHint::Person(person), &service.0, Acr::Eidas1).await
}

#[when(expr = "{personne} se connecte à Mon Compte Formation avec le numéro {texte}")]
async fn login_with_number(w: &mut IdnWorld, who: Personne, number: Texte) -> StepResult {
    let number = parse_number(&number.0)?;
    w.person(&who.0).await?;
    let service = crate::flows::login::MON_COMPTE_FORMATION;
    login::start(w, &who.0, LoginHint::Number(number), service, Acr::Eidas2).await
}

/// Finishes the approved login and checks the e-mail Mon Compte Formation receives.
#[then(
    expr = "la connexion de {personne} à Mon Compte Formation réussit et transmet l'adresse e-mail {texte}"
)]
async fn login_gives_email(w: &mut IdnWorld, who: Personne, email: Texte) -> StepResult {
    let outcome = login::finish(w, &who.0).await?;
    match outcome.claims.identity.email == email.0 {
        true => Ok(()),
        false => Err(StepError(format!(
            "Mon Compte Formation received the e-mail {}, not {}",
            outcome.claims.identity.email, email.0
        ))),
    }
}

// ---- Block and unblock (MGT-05, MGT-07) --------------------------------------------------

/// The padlock of the Espace Client (MGT-05): closed blocks, open unblocks, with the last
/// 4 characters of the document number (MGT-07).
async fn padlock(w: &mut IdnWorld, who: &str, suffix: Suffixe, close: bool) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let session = espace_client_session(w, who).await?;
    let result = {
        let j = w.journey().await?;
        let document_suffix = suffix.typed(&j.world, person);
        let actor = j.world.person(person).actor();
        let verb = if close { "blocks" } else { "unblocks" };
        j.step(format!(
            "{who} {verb} the identity in the Espace Client with « {document_suffix} »"
        ));
        if close {
            j.call(&actor, IdentityBlock { via: Channel::Web { session }, document_suffix }).await
        } else {
            j.call(&actor, IdentityUnblock { session, document_suffix }).await
        }
    };
    let step = if close {
        "bloque son Identité Numérique"
    } else {
        "débloque son Identité Numérique"
    };
    w.record(&format!("{who} {step}"), result).map(|_| ())
}

#[when(
    expr = "{personne} pousse le bouton vers le cadenas fermé dans son Espace Client et saisit {suffixe}"
)]
async fn block(w: &mut IdnWorld, who: Personne, suffix: Suffixe) -> StepResult {
    padlock(w, &who.0, suffix, true).await
}

#[when(
    expr = "{personne} pousse le bouton vers le cadenas ouvert dans son Espace Client et saisit {suffixe}"
)]
async fn unblock(w: &mut IdnWorld, who: Personne, suffix: Suffixe) -> StepResult {
    padlock(w, &who.0, suffix, false).await
}

// ---- Delete (MGT-06, MGT-07) -------------------------------------------------------------

async fn delete(
    w: &mut IdnWorld,
    who: &str,
    canal: Canal,
    confirmed: bool,
    suffix: Suffixe,
) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let via = match canal {
        Canal::EspaceClient => Channel::Web { session: espace_client_session(w, who).await? },
        Canal::App => {
            let device = w.journey().await?.world.person(person).device.clone();
            Channel::App { device_id: device }
        }
    };
    let result = {
        let j = w.journey().await?;
        let document_suffix = suffix.typed(&j.world, person);
        let actor = match &via {
            Channel::Web { .. } => j.world.person(person).actor(),
            Channel::App { device_id } => idn_world::phone_actor(device_id),
        };
        let ticked = if confirmed { "ticks the box" } else { "does not tick the box" };
        j.step(format!(
            "{who} deletes the identity ({canal:?}), {ticked}, types « {document_suffix} »"
        ));
        j.call(&actor, IdentityDelete { via, confirmed, document_suffix }).await
    };
    w.record(&format!("{who} supprime son Identité Numérique"), result).map(|_| ())
}

#[when(
    expr = "{personne} supprime son Identité Numérique depuis {canal} : coche {texte}, clique sur « Valider » et saisit {suffixe}"
)]
async fn delete_ticked(
    w: &mut IdnWorld,
    who: Personne,
    canal: Canal,
    tick: Texte,
    suffix: Suffixe,
) -> StepResult {
    if tick.0 != DELETE_BOX {
        return Err(StepError(format!(
            "there is no box « {} » (the box is « {DELETE_BOX} »)",
            tick.0
        )));
    }
    delete(w, &who.0, canal, true, suffix).await
}

#[when(
    expr = "{personne} supprime son Identité Numérique depuis {canal} sans cocher la case, clique sur « Valider » et saisit {suffixe}"
)]
async fn delete_unticked(
    w: &mut IdnWorld,
    who: Personne,
    canal: Canal,
    suffix: Suffixe,
) -> StepResult {
    delete(w, &who.0, canal, false, suffix).await
}

#[when(expr = "le service clients supprime l'Identité Numérique de {personne}")]
async fn support_deletes(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let email = j.world.person(person).email.clone();
        j.step(format!("{} asks customer service, who deletes the identity of {email}", who.0));
        let deleted = j.world.support_delete(&email).await;
        deleted.map_err(|e| j.call_error(e))
    };
    w.record("le service clients supprime l'Identité Numérique", result).map(|_| ())
}

// ---- A new identity after a deletion (MGT-01, MGT-06, MGT-09) -----------------------------

/// On the same Compte La Poste: declare the document, verify it at a post office, activate
/// the app on the current smartphone. Any refusal fails the step.
#[when(
    expr = "{personne} crée une nouvelle Identité Numérique avec sa pièce d'identité, la fait vérifier en bureau de poste et l'active"
)]
async fn recreate(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let session = espace_client_session(w, &who.0).await?;
    let j = w.journey().await?;
    // Some time later: whatever was still on its way (an SMS of an abandoned démarche)
    // has arrived, and is not mistaken for the new activation code.
    j.step(format!("{} comes back later to create a new Identité Numérique", who.0));
    j.world.run_for(TimeDelta::minutes(30)).await.map_err(|e| j.world_error(e))?;
    enrolment::enrol(j, person, &session).await?;
    let outcome = verification::post_office(j, person, &session, verification::LOUVRE).await?;
    if !matches!(&outcome, CounterOutcome::Checked(check) if check.verified) {
        return Err(StepError(format!("the post office did not verify {}: {outcome:?}", who.0)));
    }
    let device = j.world.person(person).device.clone();
    activation::activate(j, person, &device).await?;
    Ok(())
}

/// A new Compte La Poste with the person's current e-mail address, then a new identity on
/// it, up to the activation.
#[when(
    expr = "{personne} crée un compte La Poste avec sa nouvelle adresse e-mail et y active une nouvelle Identité Numérique"
)]
async fn recreate_with_account(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    w.holder(&who.0)?.session = None;
    bring_to(w, &who.0, Stage::Activated).await
}

#[when(expr = "{personne} a une nouvelle adresse e-mail {texte}")]
#[given(expr = "{personne} a une nouvelle adresse e-mail {texte}")]
async fn new_email(w: &mut IdnWorld, who: Personne, email: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    w.journey().await?.world.person_mut(person).email = email.0;
    Ok(())
}

/// A new document (renewal or change, MGT-09), issued today: the person now holds it.
#[when(expr = "{personne} reçoit {piece} portant le numéro {texte}")]
#[given(expr = "{personne} reçoit {piece} portant le numéro {texte}")]
async fn new_document(w: &mut IdnWorld, who: Personne, kind: Piece, number: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let today = j.world.now().date_naive();
    let years = if kind.0 == DocumentKind::IdentityCard { 15 } else { 10 };
    let end = idn_model::calendar::add_years(today, years);
    let expires_on = end.pred_opt().expect("a date within chrono's range");
    j.step(format!("{} receives a new {} {}", who.0, kind.0.label(), number.0));
    let document = DocumentData { kind: kind.0, number: number.0, issued_on: today, expires_on };
    j.world.person_mut(person).identity.document = document;
    Ok(())
}

/// Declares the current document in the Espace Client, as at ÉTAPES 13 to 16.
#[when(expr = "{personne} déclare sa nouvelle pièce d'identité dans son Espace Client")]
async fn declare_new_document(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let session = espace_client_session(w, &who.0).await?;
    let result = {
        let j = w.journey().await?;
        enrolment::enrol(j, person, &session).await
    };
    w.record(&format!("{} déclare sa nouvelle pièce d'identité", who.0), result).map(|_| ())
}

// ---- Change of number (MGT-02) ------------------------------------------------------------

/// The person's smartphone gets a new SIM: the new number is theirs from now on.
#[when(expr = "{personne} met dans son smartphone une nouvelle carte SIM de numéro {texte}")]
#[given(expr = "{personne} met dans son smartphone une nouvelle carte SIM de numéro {texte}")]
async fn new_sim(w: &mut IdnWorld, who: Personne, number: Texte) -> StepResult {
    let number = parse_number(&number.0)?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    j.step(format!("{} puts a new SIM ({number}) in the smartphone", who.0));
    j.world.person_mut(person).phone_number = number.clone();
    j.world.phone_mut(&device).sim = Some(number);
    Ok(())
}

/// « Modifier » next to the number in the Espace Client, with the person's current number.
#[when(expr = "{personne} modifie son numéro de téléphone dans son Espace Client")]
async fn change_number(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let session = espace_client_session(w, &who.0).await?;
    let result = {
        let j = w.journey().await?;
        let p = j.world.person(person).clone();
        j.step(format!("{} changes the number to {} in the Espace Client", who.0, p.phone_number));
        j.call(&p.actor(), PhoneChangeStart { session, new_phone: p.phone_number }).await
    };
    w.record(&format!("{} modifie son numéro de téléphone", who.0), result).map(|_| ())
}

#[when(
    expr = "{personne} saisit dans son Espace Client le code reçu par SMS sur son nouveau numéro"
)]
async fn confirm_number(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let session = espace_client_session(w, &who.0).await?;
    let result = {
        let j = w.journey().await?;
        let p = j.world.person(person).clone();
        j.step(format!("{} types the code received on {}", who.0, p.phone_number));
        let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
        let confirm = |code| PhoneChangeConfirm { session: session.clone(), code };
        type_code(j, person, &p.actor(), &code, confirm).await
    };
    w.record(&format!("{} confirme son nouveau numéro", who.0), result).map(|_| ())
}

// ---- Password (MGT-03) -----------------------------------------------------------------------

async fn change_password(
    w: &mut IdnWorld,
    who: &str,
    current: Option<String>,
    new: String,
) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let session = espace_client_session(w, who).await?;
    let result = {
        let j = w.journey().await?;
        let p = j.world.person(person).clone();
        let current_password = current.unwrap_or(p.password.clone());
        j.step(format!("{who} changes the password in the Espace Client"));
        let change = PasswordChange { session, current_password, new_password: new.clone() };
        j.call(&p.actor(), change).await
    };
    if w.record(&format!("{who} modifie son mot de passe"), result)?.is_some() {
        w.journey().await?.world.person_mut(person).set_password(new);
    }
    Ok(())
}

#[when(expr = "{personne} modifie son mot de passe dans son Espace Client pour {texte}")]
async fn change_password_ok(w: &mut IdnWorld, who: Personne, new: Texte) -> StepResult {
    change_password(w, &who.0, None, new.0).await
}

#[when(
    expr = "{personne} modifie son mot de passe dans son Espace Client pour {texte} en se trompant de mot de passe actuel"
)]
async fn change_password_wrong(w: &mut IdnWorld, who: Personne, new: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let own = w.journey().await?.world.person(person).password.clone();
    change_password(w, &who.0, Some(format!("{own}-faux")), new.0).await
}

#[when(expr = "{personne} se connecte à son Espace Client avec le mot de passe {texte}")]
async fn web_login_with(w: &mut IdnWorld, who: Personne, password: Texte) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let p = j.world.person(person).clone();
        j.step(format!("{} logs in to the Espace Client", who.0));
        j.call(&p.actor(), WebLogin { email: p.email, password: password.0 }).await
    };
    if let Some(logged_in) =
        w.record(&format!("{} se connecte à son Espace Client", who.0), result)?
    {
        w.holder(&who.0)?.session = Some(logged_in.session);
    }
    Ok(())
}

// ---- What the Espace Client shows ---------------------------------------------------------

async fn espace_client_view(
    w: &mut IdnWorld,
    who: &str,
) -> Result<idn_contract::enrolment::EspaceClientView, StepError> {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let session = espace_client_session(w, who).await?;
    let j = w.journey().await?;
    Ok(enrolment::espace_client(j, person, &session).await?)
}

#[then(expr = "l'Espace Client de {personne} montre une Identité Numérique {etat}")]
async fn shows_state(w: &mut IdnWorld, who: Personne, state: Etat) -> StepResult {
    let view = espace_client_view(w, &who.0).await?;
    match view.state == state.0 {
        true => Ok(()),
        false => Err(StepError(format!(
            "the Espace Client of {} shows {:?}, not {:?}",
            who.0, view.state, state.0
        ))),
    }
}

#[then(expr = "l'Espace Client de {personne} montre une Identité Numérique créée avec {piece}")]
async fn shows_document(w: &mut IdnWorld, who: Personne, kind: Piece) -> StepResult {
    let view = espace_client_view(w, &who.0).await?;
    match view.document_kind == Some(kind.0) {
        true => Ok(()),
        false => Err(StepError(format!(
            "the Espace Client of {} shows the document {:?}, not {:?}",
            who.0, view.document_kind, kind.0
        ))),
    }
}

/// MGT-01: names, birth data and e-mail are not offered for change.
#[then(
    expr = "l'Espace Client de {personne} ne propose de modifier ni ses noms, ni sa date de naissance, ni son adresse e-mail"
)]
async fn no_identity_change(w: &mut IdnWorld, who: Personne) -> StepResult {
    let view = espace_client_view(w, &who.0).await?;
    let words = ["nom", "prénom", "naissance", "e-mail", "email", "adresse"];
    let offending: Vec<&String> = view
        .actions
        .iter()
        .filter(|a| words.iter().any(|word| a.to_lowercase().contains(word)))
        .collect();
    match offending.is_empty() {
        true => Ok(()),
        false => Err(StepError(format!("the Espace Client of {} offers {offending:?}", who.0))),
    }
}
