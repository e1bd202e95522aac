//! Managing the identity (MGT): block and unblock, delete (by the user or by customer service), change the number, the password, the secret code; what cannot be changed.
//!
//! Also the states in which an identity cannot log in (AUTH-08), and the data the feature
//! names when it must refer to them later (a number, a password, a document number).

use super::activation::{Suffixe, espace_client_session, run_past_five_years};
use super::common::{Stage, bring_to};
use super::login;
use super::params::{Personne, Piece, Texte, phrases};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::inbox::{type_code, wait_for_sms_code};
use crate::flows::{activation, enrolment, verification};
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use idn_contract::account::WebLogin;
use idn_contract::enrolment::IdentityState;
use idn_contract::login::Acr;
use idn_contract::management::{
    IdentityBlock, IdentityDelete, IdentityUnblock, PasswordChange, PhoneChangeConfirm,
    PhoneChangeStart,
};
use idn_contract::{Channel, DocumentData, DocumentKind, PhoneNumber, SessionToken};
use idn_world::{CounterOutcome, LoginHint, PersonId};

/// Where a person manages their identity (MGT-06).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    App,
    EspaceClient,
}

phrases! {
    /// Where a person manages their identity: the app or the Espace Client.
    pub struct Canal(Place) as "canal" {
        "son application" => Place::App,
        "son Espace Client" => Place::EspaceClient,
    }
}

phrases! {
    /// The identity's state as the Espace Client shows it.
    pub struct Etat(IdentityState) as "etat" {
        "active" => IdentityState::Active,
        "bloquée" => IdentityState::Blocked,
        "supprimée" => IdentityState::Deleted,
        "expirée" => IdentityState::Expired,
        "vérifiée" => IdentityState::Verified,
    }
}

/// A mobile number as a feature writes it: the calling code, then the national number
/// (`+33 7 81 22 33 44`; a leading 0 of the national number is dropped).
pub(super) fn parse_number(text: &str) -> Result<PhoneNumber, Failure> {
    let split = text.trim().split_once(' ').filter(|(code, _)| code.starts_with('+'));
    let Some((code, rest)) = split else {
        return Err(Failure::observed(format!(
            "`{text}` is not a number like « +33 7 81 22 33 44 »"
        )));
    };
    let national: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let national = national.trim_start_matches('0').to_string();
    if national.is_empty() || !national.chars().all(|c| c.is_ascii_digit()) {
        return Err(Failure::observed(format!("`{text}`: the national number must be digits")));
    }
    Ok(PhoneNumber::new(code, national))
}

// ---- What the feature names about a person -------------------------------------------

#[given(expr = "la pièce d'identité de {personne} porte le numéro {texte}")]
async fn document_number(w: &mut IdnWorld, who: Personne, number: Texte) -> StepResult {
    let person = w.person(&who).await?;
    w.journey().await?.world.person_mut(person).identity.document.number = number.0;
    Ok(())
}

#[given(expr = "le numéro de mobile de {personne} est {texte}")]
async fn mobile_number(w: &mut IdnWorld, who: Personne, number: Texte) -> StepResult {
    let number = parse_number(&number.0);
    let number = w.settle(number)?;
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    j.world.person_mut(person).phone_number = number.clone();
    j.world.phone_mut(&device).sim = Some(number);
    Ok(())
}

#[given(expr = "le mot de passe de {personne} est {texte}")]
async fn password_is(w: &mut IdnWorld, who: Personne, password: Texte) -> StepResult {
    let person = w.person(&who).await?;
    w.journey().await?.world.person_mut(person).set_password(password.0);
    Ok(())
}

// ---- The identity in a state that cannot log in (AUTH-08) -------------------------------

/// A set-up: any refusal fails the step.
#[given(expr = "l'Identité Numérique de {personne} a été bloquée")]
async fn has_been_blocked(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who, Stage::Activated).await?;
    let session = espace_client_session(w, &who).await?;
    let p = w.person_data(&who).await?;
    let j = w.journey().await?;
    j.step(format!("{who} blocks the identity from the Espace Client"));
    let document_suffix = p.identity.document.last4().to_string();
    let block = IdentityBlock { via: Channel::Web { session }, document_suffix };
    let blocked = j.call(&p.actor(), block).await;
    w.settle(blocked)?;
    Ok(())
}

/// A set-up: any refusal fails the step.
#[given(expr = "l'Identité Numérique de {personne} a été supprimée")]
async fn has_been_deleted(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who, Stage::Activated).await?;
    let p = w.person_data(&who).await?;
    let j = w.journey().await?;
    j.step(format!("{who} deletes the identity from the app"));
    let document_suffix = p.identity.document.last4().to_string();
    let via = Channel::App { device_id: p.device.clone() };
    let delete = IdentityDelete { via, confirmed: true, document_suffix };
    let deleted = j.call(&idn_world::phone_actor(&p.device), delete).await;
    w.settle(deleted)?;
    Ok(())
}

#[given(expr = "l'Identité Numérique de {personne} a expiré")]
async fn has_expired(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who, Stage::Activated).await?;
    run_past_five_years(w).await
}

#[given(expr = "l'Identité Numérique de {personne} n'a jamais été activée")]
async fn never_activated(w: &mut IdnWorld, who: Personne) -> StepResult {
    bring_to(w, &who, Stage::Verified).await
}

// ---- Logging in, other ways (AUTH-08, MGT-02) -------------------------------------------

/// A service at the simple FranceConnect level (eIDAS faible), not FranceConnect+.
#[when(expr = "{personne} se connecte à {texte} avec FranceConnect et son numéro de mobile")]
async fn login_franceconnect(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    service: Texte,
) -> StepResult {
    let person = w.person(&who).await?;
    login::start(w, step, &who, LoginHint::Person(person), &service.0, Acr::Eidas1).await
}

#[when(expr = "{personne} se connecte à Mon Compte Formation avec le numéro {texte}")]
async fn login_with_number(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    number: Texte,
) -> StepResult {
    let number = parse_number(&number.0);
    let number = w.settle(number)?;
    w.person(&who).await?;
    let service = crate::flows::login::MON_COMPTE_FORMATION;
    login::start(w, step, &who, LoginHint::Number(number), service, Acr::Eidas2).await
}

/// Finishes the approved login and checks the e-mail Mon Compte Formation receives.
#[then(
    expr = "la connexion de {personne} à Mon Compte Formation réussit et transmet l'adresse e-mail {texte}"
)]
async fn login_gives_email(w: &mut IdnWorld, who: Personne, email: Texte) -> StepResult {
    let received = login::finish(w, &who).await?.claims.identity.email;
    w.check(received == email.0, || {
        Failure::unexpected(
            format!("Mon Compte Formation receives the e-mail {}", email.0),
            format!("it received {received}"),
        )
    })
}

// ---- Block and unblock (MGT-05, MGT-07) --------------------------------------------------

/// The padlock of the Espace Client (MGT-05): closed blocks, open unblocks, with the last
/// 4 characters of the document number (MGT-07).
async fn padlock(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    suffix: Suffixe,
    close: bool,
) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let session = espace_client_session(w, who).await?;
    let actor = w.person_data(who).await?.actor();
    w.ask(step, async |j| {
        let document_suffix = suffix.typed(&j.world, person);
        let verb = if close { "blocks" } else { "unblocks" };
        j.step(format!(
            "{who} {verb} the identity in the Espace Client with « {document_suffix} »"
        ));
        if close {
            j.call(&actor, IdentityBlock { via: Channel::Web { session }, document_suffix }).await
        } else {
            j.call(&actor, IdentityUnblock { session, document_suffix }).await
        }
    })
    .await?;
    Ok(())
}

#[when(
    expr = "{personne} pousse le bouton vers le cadenas fermé dans son Espace Client et saisit {suffixe}"
)]
async fn block(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    suffix: Suffixe,
) -> StepResult {
    padlock(w, step, &who, suffix, true).await
}

#[when(
    expr = "{personne} pousse le bouton vers le cadenas ouvert dans son Espace Client et saisit {suffixe}"
)]
async fn unblock(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    suffix: Suffixe,
) -> StepResult {
    padlock(w, step, &who, suffix, false).await
}

// ---- Delete (MGT-06, MGT-07) -------------------------------------------------------------

async fn delete(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    canal: Canal,
    confirmed: bool,
    suffix: Suffixe,
) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let via = match canal.0 {
        Place::EspaceClient => Channel::Web { session: espace_client_session(w, who).await? },
        Place::App => Channel::App { device_id: w.person_data(who).await?.device },
    };
    w.ask(step, async |j| {
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
    })
    .await?;
    Ok(())
}

/// The box MGT-06 asks to tick is « Oui, je souhaite supprimer définitivement mon
/// Identité Numérique »: a feature that names another box does not match this step.
#[when(
    expr = "{personne} supprime son Identité Numérique depuis {canal} : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit {suffixe}"
)]
async fn delete_ticked(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    canal: Canal,
    suffix: Suffixe,
) -> StepResult {
    delete(w, step, &who, canal, true, suffix).await
}

#[when(
    expr = "{personne} supprime son Identité Numérique depuis {canal} sans cocher la case, clique sur « Valider » et saisit {suffixe}"
)]
async fn delete_unticked(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    canal: Canal,
    suffix: Suffixe,
) -> StepResult {
    delete(w, step, &who, canal, false, suffix).await
}

#[when(expr = "le service clients supprime l'Identité Numérique de {personne}")]
async fn support_deletes(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let email = w.person_data(&who).await?.email;
    w.ask(step, async |j| {
        j.step(format!("{who} asks customer service, who deletes the identity of {email}"));
        let deleted = j.world.support_delete(&email).await;
        deleted.map_err(|e| j.call_error(e))
    })
    .await?;
    Ok(())
}

// ---- A new identity after a deletion (MGT-01, MGT-06, MGT-09) -----------------------------

/// On the same Compte La Poste: declare the document, verify it at a post office, activate
/// the app on the current smartphone. Any refusal fails the step.
#[when(
    expr = "{personne} crée une nouvelle Identité Numérique avec sa pièce d'identité, la fait vérifier en bureau de poste et l'active"
)]
async fn recreate(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let session = espace_client_session(w, &who).await?;
    let j = w.journey().await?;
    let recreated = new_identity(j, person, &session, &who).await;
    w.settle(recreated)
}

/// The journey of [`recreate`].
async fn new_identity(
    j: &mut Journey,
    person: PersonId,
    session: &SessionToken,
    who: &str,
) -> Result<(), JourneyError> {
    // Some time later: whatever was still on its way (an SMS of an abandoned démarche)
    // has arrived, and is not mistaken for the new activation code.
    j.step(format!("{who} comes back later to create a new Identité Numérique"));
    j.world.run_for(TimeDelta::minutes(30)).await.map_err(|e| j.world_error(e))?;
    enrolment::enrol(j, person, session).await?;
    let outcome = verification::post_office(j, person, session, verification::LOUVRE).await?;
    if !matches!(&outcome, CounterOutcome::Checked(check) if check.verified) {
        return Err(j.unexpected(format!("the post office verifies {who}"), format!("{outcome:?}")));
    }
    let device = j.world.person(person).device.clone();
    activation::activate(j, person, &device).await
}

/// A new Compte La Poste with the person's current e-mail address, then a new identity on
/// it, up to the activation.
#[when(
    expr = "{personne} crée un compte La Poste avec sa nouvelle adresse e-mail et y active une nouvelle Identité Numérique"
)]
async fn recreate_with_account(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    w.holder(&who)?.session = None;
    bring_to(w, &who, Stage::Activated).await
}

#[when(expr = "{personne} a une nouvelle adresse e-mail {texte}")]
#[given(expr = "{personne} a une nouvelle adresse e-mail {texte}")]
async fn new_email(w: &mut IdnWorld, who: Personne, email: Texte) -> StepResult {
    let person = w.person(&who).await?;
    w.journey().await?.world.person_mut(person).email = email.0;
    Ok(())
}

/// A new document (renewal or change, MGT-09), issued today: the person now holds it.
#[when(expr = "{personne} reçoit {piece} portant le numéro {texte}")]
#[given(expr = "{personne} reçoit {piece} portant le numéro {texte}")]
async fn new_document(w: &mut IdnWorld, who: Personne, kind: Piece, number: Texte) -> StepResult {
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let today = j.world.now().date_naive();
    let years = if kind.0 == DocumentKind::IdentityCard { 15 } else { 10 };
    let end = idn_model::calendar::add_years(today, years);
    let expires_on = end.pred_opt().expect("a date within chrono's range");
    j.step(format!("{who} receives a new {} {}", kind.0.label(), number.0));
    let document = DocumentData { kind: kind.0, number: number.0, issued_on: today, expires_on };
    j.world.person_mut(person).identity.document = document;
    Ok(())
}

/// Declares the current document in the Espace Client, as at ÉTAPES 13 to 16.
#[when(expr = "{personne} déclare sa nouvelle pièce d'identité dans son Espace Client")]
async fn declare_new_document(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let session = espace_client_session(w, &who).await?;
    w.ask(step, async |j| enrolment::enrol(j, person, &session).await).await?;
    Ok(())
}

// ---- Change of number (MGT-02) ------------------------------------------------------------

/// The person's smartphone gets a new SIM: the new number is theirs from now on.
#[when(expr = "{personne} met dans son smartphone une nouvelle carte SIM de numéro {texte}")]
#[given(expr = "{personne} met dans son smartphone une nouvelle carte SIM de numéro {texte}")]
async fn new_sim(w: &mut IdnWorld, who: Personne, number: Texte) -> StepResult {
    let number = parse_number(&number.0);
    let number = w.settle(number)?;
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    j.step(format!("{who} puts a new SIM ({number}) in the smartphone"));
    j.world.person_mut(person).phone_number = number.clone();
    j.world.phone_mut(&device).sim = Some(number);
    Ok(())
}

/// « Modifier » next to the number in the Espace Client, with the person's current number.
#[when(expr = "{personne} modifie son numéro de téléphone dans son Espace Client")]
async fn change_number(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let session = espace_client_session(w, &who).await?;
    let new_phone = w.person_data(&who).await?.phone_number;
    let narrative = format!("{who} changes the number to {new_phone} in the Espace Client");
    w.ask_as(step, &who, narrative, PhoneChangeStart { session, new_phone }).await?;
    Ok(())
}

#[when(
    expr = "{personne} saisit dans son Espace Client le code reçu par SMS sur son nouveau numéro"
)]
async fn confirm_number(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let session = espace_client_session(w, &who).await?;
    let p = w.person_data(&who).await?;
    w.ask(step, async |j| {
        j.step(format!("{who} types the code received on {}", p.phone_number));
        let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
        let confirm = |code| PhoneChangeConfirm { session: session.clone(), code };
        type_code(j, person, &p.actor(), &code, confirm).await
    })
    .await?;
    Ok(())
}

// ---- Password (MGT-03) -----------------------------------------------------------------------

async fn change_password(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    current: Option<String>,
    new: String,
) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let session = espace_client_session(w, who).await?;
    let current_password = match current {
        Some(current) => current,
        None => w.person_data(who).await?.password,
    };
    let narrative = format!("{who} changes the password in the Espace Client");
    let change = PasswordChange { session, current_password, new_password: new.clone() };
    if w.ask_as(step, who, narrative, change).await?.is_some() {
        w.journey().await?.world.person_mut(person).set_password(new);
    }
    Ok(())
}

#[when(expr = "{personne} modifie son mot de passe dans son Espace Client pour {texte}")]
async fn change_password_ok(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    new: Texte,
) -> StepResult {
    change_password(w, step, &who, None, new.0).await
}

#[when(
    expr = "{personne} modifie son mot de passe dans son Espace Client pour {texte} en se trompant de mot de passe actuel"
)]
async fn change_password_wrong(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    new: Texte,
) -> StepResult {
    let own = w.person_data(&who).await?.password;
    change_password(w, step, &who, Some(format!("{own}-faux")), new.0).await
}

#[when(expr = "{personne} se connecte à son Espace Client avec le mot de passe {texte}")]
async fn web_login_with(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    password: Texte,
) -> StepResult {
    w.ensure_checked()?;
    let email = w.person_data(&who).await?.email;
    let narrative = format!("{who} logs in to the Espace Client");
    let login = WebLogin { email, password: password.0 };
    if let Some(logged_in) = w.ask_as(step, &who, narrative, login).await? {
        w.holder(&who)?.session = Some(logged_in.session);
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
    let view = enrolment::espace_client(j, person, &session).await;
    w.settle(view)
}

#[then(expr = "l'Espace Client de {personne} montre une Identité Numérique {etat}")]
async fn shows_state(w: &mut IdnWorld, who: Personne, state: Etat) -> StepResult {
    let shown = espace_client_view(w, &who).await?.state;
    w.check(shown == state.0, || {
        Failure::unexpected(
            format!("the Espace Client of {who} shows {:?}", state.0),
            format!("it shows {shown:?}"),
        )
    })
}

#[then(expr = "l'Espace Client de {personne} montre une Identité Numérique créée avec {piece}")]
async fn shows_document(w: &mut IdnWorld, who: Personne, kind: Piece) -> StepResult {
    let shown = espace_client_view(w, &who).await?.document_kind;
    w.check(shown == Some(kind.0), || {
        Failure::unexpected(
            format!("the Espace Client of {who} shows the document {:?}", kind.0),
            format!("it shows {shown:?}"),
        )
    })
}

/// MGT-01: names, birth data and e-mail are not offered for change.
#[then(
    expr = "l'Espace Client de {personne} ne propose de modifier ni ses noms, ni sa date de naissance, ni son adresse e-mail"
)]
async fn no_identity_change(w: &mut IdnWorld, who: Personne) -> StepResult {
    let view = espace_client_view(w, &who).await?;
    let words = ["nom", "prénom", "naissance", "e-mail", "email", "adresse"];
    let offending: Vec<&String> = view
        .actions
        .iter()
        .filter(|a| words.iter().any(|word| a.to_lowercase().contains(word)))
        .collect();
    w.check(offending.is_empty(), || {
        Failure::observed(format!("the Espace Client of {who} offers {offending:?}"))
    })
}
