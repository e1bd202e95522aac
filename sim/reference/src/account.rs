//! The Compte La Poste (ACC-01..08): e-mail and its code, password, mobile and its SMS
//! code, names, CGU, logging in, and the two forgotten-password routes.
//!
//! Order of the steps (a rule choice; the guide shows ÉTAPES 5 to 12): the e-mail must be
//! confirmed before any other step; the password, the mobile, the names and the CGU then
//! come in any order (the guide itself asks the number twice, around the names and the
//! CGU); the SMS code needs a mobile. Once the account is complete, the creation steps are
//! closed (`step_out_of_order`): the password and the number change through management.

use crate::codes::{self, Owner, Purpose};
use crate::rules;
use crate::store::{Ctx, enum_from, enum_text, from_json, hash_secret, json};
use crate::texts;
use idn_contract::account::*;
use idn_contract::outbound::{Email, Sms};
use idn_contract::{
    Ack, Civility, DeclaredIdentity, OutboundMessage, PhoneNumber, Refusal, RefusalCode,
    SessionToken, SmsSent,
};

/// ACC-06: a reset link lives 2 hours.
const RESET_LINK_TTL_S: u64 = 2 * 3600;

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub id: i64,
    pub email: String,
    pub email_confirmed: bool,
    pub password_salt: Option<String>,
    pub password_hash: Option<String>,
    pub phone: Option<PhoneNumber>,
    pub phone_confirmed: bool,
    pub civility: Option<Civility>,
    pub given_names: Option<Vec<String>>,
    pub family_name: Option<String>,
    pub cgu_accepted: bool,
    pub document_declared: bool,
    pub pending_identity: Option<DeclaredIdentity>,
}

impl Account {
    /// Complete: e-mail confirmed, password, mobile confirmed, names, CGU.
    pub fn complete(&self) -> bool {
        self.email_confirmed
            && self.password_hash.is_some()
            && self.phone_confirmed
            && self.civility.is_some()
            && self.given_names.is_some()
            && self.family_name.is_some()
            && self.cgu_accepted
    }

    pub fn password_matches(&self, password: &str) -> bool {
        match (&self.password_salt, &self.password_hash) {
            (Some(salt), Some(hash)) => hash_secret(salt, password) == *hash,
            _ => false,
        }
    }

    /// The confirmed mobile (a complete account has one).
    pub fn mobile(&self) -> PhoneNumber {
        self.phone.clone().expect("a complete account has a mobile")
    }
}

const COLUMNS: &str =
    "id, email, email_confirmed, password_salt, password_hash, phone, phone_confirmed,
    civility, given_names, family_name, cgu_accepted, document_declared, pending_identity";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        email: r.get(1)?,
        email_confirmed: r.get(2)?,
        password_salt: r.get(3)?,
        password_hash: r.get(4)?,
        phone: r.get::<_, Option<String>>(5)?.map(|p| from_json(&p)),
        phone_confirmed: r.get(6)?,
        civility: r.get::<_, Option<String>>(7)?.map(|c| enum_from(&c)),
        given_names: r.get::<_, Option<String>>(8)?.map(|g| from_json(&g)),
        family_name: r.get(9)?,
        cgu_accepted: r.get(10)?,
        document_declared: r.get(11)?,
        pending_identity: r.get::<_, Option<String>>(12)?.map(|p| from_json(&p)),
    })
}

pub(crate) fn by_id(cx: &Ctx<'_>, id: i64) -> Account {
    cx.row(&format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1"), [id], read)
        .expect("an account id the store handed out")
}

pub(crate) fn by_email(cx: &Ctx<'_>, email: &str) -> Option<Account> {
    cx.row(
        &format!("SELECT {COLUMNS} FROM accounts WHERE clock = ?1 AND email = ?2"),
        (cx.clock, email.trim()),
        read,
    )
}

/// The account of a web session, or `session_invalid`.
pub(crate) fn by_session(cx: &Ctx<'_>, session: &SessionToken) -> Result<Account, Refusal> {
    let id: Option<i64> = cx.row(
        "SELECT account_id FROM sessions WHERE clock = ?1 AND token = ?2",
        (cx.clock, session.as_str()),
        |r| r.get(0),
    );
    id.map(|id| by_id(cx, id)).ok_or_else(|| {
        Refusal::new(RefusalCode::SessionInvalid, "Votre session a expiré : reconnectez-vous.")
    })
}

/// A complete account, or `account_incomplete` (ENR needs one).
pub(crate) fn require_complete(account: &Account) -> Result<(), Refusal> {
    if account.complete() {
        Ok(())
    } else {
        Err(Refusal::new(
            RefusalCode::AccountIncomplete,
            "Terminez la création de votre Compte La Poste (e-mail, mot de passe, mobile, nom, CGU).",
        ))
    }
}

/// A web login (e-mail and password) for the Espace Client and the app, or `bad_credentials`.
pub(crate) fn authenticate(cx: &Ctx<'_>, email: &str, password: &str) -> Result<Account, Refusal> {
    by_email(cx, email).filter(|a| a.password_matches(password)).ok_or_else(|| {
        Refusal::new(RefusalCode::BadCredentials, "Adresse e-mail ou mot de passe incorrect.")
    })
}

fn step_out_of_order(message: &str) -> Refusal {
    Refusal::new(RefusalCode::StepOutOfOrder, message)
}

fn require_email_confirmed(account: &Account) -> Result<(), Refusal> {
    if account.email_confirmed {
        Ok(())
    } else {
        Err(step_out_of_order("Confirmez d'abord votre adresse e-mail avec le code reçu."))
    }
}

/// A creation step after the e-mail and before the account is complete.
fn require_creating(account: &Account) -> Result<(), Refusal> {
    require_email_confirmed(account)?;
    if account.complete() {
        return Err(step_out_of_order(
            "Votre compte est déjà créé : modifiez-le depuis votre Espace Client.",
        ));
    }
    Ok(())
}

fn new_session(cx: &mut Ctx<'_>, account_id: i64) -> SessionToken {
    let token = cx.id("sess", 32);
    cx.exec(
        "INSERT INTO sessions (clock, token, account_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        (cx.clock, &token, account_id, cx.now_text()),
    );
    SessionToken::new(token)
}

/// E-mails a fresh 6-digit code (ACC-01, ACC-07).
pub(crate) fn send_email_code(cx: &mut Ctx<'_>, account: &Account, purpose: Purpose) {
    let ttl_s = cx.config.policy.email_code_ttl_s;
    let secret = cx.digits(6);
    let code = codes::issue(cx, Owner::of(account.id, purpose), secret, ttl_s, None);
    cx.send(OutboundMessage::Email(Email {
        to: account.email.clone(),
        from: texts::EMAIL_FROM.to_string(),
        subject: texts::EMAIL_CODE_SUBJECT.to_string(),
        body: texts::email_code_body(&code, ttl_s),
    }));
}

/// Texts a fresh 4-digit code to the account's mobile (ACC-04).
fn send_sms_code(cx: &mut Ctx<'_>, account_id: i64, phone: &PhoneNumber) -> SmsSent {
    let ttl_s = cx.config.policy.sms_code_ttl_s;
    let secret = cx.digits(4);
    let code = codes::issue(cx, Owner::of(account_id, Purpose::AccountSms), secret, ttl_s, None);
    cx.send(OutboundMessage::Sms(Sms { to: phone.clone(), text: texts::account_sms(&code) }));
    SmsSent { resend_after_s: cx.config.policy.sms_resend_cooldown_s }
}

/// ÉTAPE 5. A new address, or one whose creation was abandoned before its code was typed,
/// gets a session and a code; a confirmed address belongs to an account: log in (ACC-02).
pub(crate) fn start(cx: &mut Ctx<'_>, op: AccountStart) -> Result<AccountStarted, Refusal> {
    let email = op.email.trim();
    if !rules::email_valid(email) {
        return Err(Refusal::new(
            RefusalCode::EmailInvalid,
            "Cette adresse e-mail n'est pas valide.",
        ));
    }
    let account = match by_email(cx, email) {
        Some(existing) if existing.email_confirmed => {
            return Err(Refusal::new(
                RefusalCode::EmailAlreadyUsed,
                "Un Compte La Poste existe déjà avec cette adresse : connectez-vous.",
            ));
        }
        Some(existing) => existing,
        None => {
            cx.exec(
                "INSERT INTO accounts (clock, email, created_at) VALUES (?1, ?2, ?3)",
                (cx.clock, email, cx.now_text()),
            );
            by_id(cx, cx.db.last_insert_rowid())
        }
    };
    let session = new_session(cx, account.id);
    send_email_code(cx, &account, Purpose::Email);
    Ok(AccountStarted { session })
}

/// ÉTAPE 6.
pub(crate) fn confirm_email(cx: &mut Ctx<'_>, op: AccountConfirmEmail) -> Result<Ack, Refusal> {
    let account = by_session(cx, &op.session)?;
    if account.email_confirmed {
        return Err(step_out_of_order("Votre adresse e-mail est déjà confirmée."));
    }
    let code = codes::check(cx, Owner::of(account.id, Purpose::Email), &op.code)?;
    codes::consume(cx, code.id);
    cx.exec("UPDATE accounts SET email_confirmed = 1 WHERE id = ?1", [account.id]);
    Ok(Ack)
}

/// "Renvoyer le code" of ÉTAPE 6 (the first mail may be in the spam folder).
pub(crate) fn resend_email_code(
    cx: &mut Ctx<'_>,
    op: AccountResendEmailCode,
) -> Result<Ack, Refusal> {
    let account = by_session(cx, &op.session)?;
    if account.email_confirmed {
        return Err(step_out_of_order("Votre adresse e-mail est déjà confirmée."));
    }
    send_email_code(cx, &account, Purpose::Email);
    Ok(Ack)
}

/// ÉTAPE 7 (ACC-03).
pub(crate) fn set_password(cx: &mut Ctx<'_>, op: AccountSetPassword) -> Result<Ack, Refusal> {
    let account = by_session(cx, &op.session)?;
    require_creating(&account)?;
    rules::check_password(&op.password)?;
    store_password(cx, account.id, &op.password);
    Ok(Ack)
}

pub(crate) fn store_password(cx: &mut Ctx<'_>, account_id: i64, password: &str) {
    let (salt, hash) = cx.hash_new(password);
    cx.exec(
        "UPDATE accounts SET password_salt = ?2, password_hash = ?3 WHERE id = ?1",
        (account_id, salt, hash),
    );
}

/// ÉTAPES 8 and 11 (ACC-04, ELIG-04). A new number must be confirmed again. The same
/// number given again while the resend countdown runs (the guide asks for it twice) keeps
/// the code already sent: a second code would only race the first to the phone.
pub(crate) fn set_mobile(cx: &mut Ctx<'_>, op: AccountSetMobile) -> Result<SmsSent, Refusal> {
    let account = by_session(cx, &op.session)?;
    require_creating(&account)?;
    rules::check_phone(&op.phone)?;
    let cooldown_s = cx.config.policy.sms_resend_cooldown_s;
    let last = codes::last_sent_at(cx, Owner::of(account.id, Purpose::AccountSms));
    let elapsed_s = last.map(|at| u64::try_from((cx.now - at).num_seconds()).unwrap_or(0));
    if let (Some(elapsed_s), Some(phone)) = (elapsed_s, &account.phone)
        && *phone == op.phone
        && !account.phone_confirmed
        && elapsed_s < cooldown_s
    {
        return Ok(SmsSent { resend_after_s: cooldown_s - elapsed_s });
    }
    cx.exec(
        "UPDATE accounts SET phone = ?2, phone_confirmed = 0 WHERE id = ?1",
        (account.id, json(&op.phone)),
    );
    Ok(send_sms_code(cx, account.id, &op.phone))
}

/// The number being confirmed, or `step_out_of_order`.
fn unconfirmed_mobile(account: &Account) -> Result<PhoneNumber, Refusal> {
    match &account.phone {
        None => Err(step_out_of_order("Renseignez d'abord votre numéro de mobile.")),
        Some(_) if account.phone_confirmed => {
            Err(step_out_of_order("Votre numéro de mobile est déjà confirmé."))
        }
        Some(phone) => Ok(phone.clone()),
    }
}

/// "Vous n'avez pas reçu par sms ?" (ÉTAPE 12): only once the countdown is over.
pub(crate) fn resend_sms(cx: &mut Ctx<'_>, op: AccountResendSms) -> Result<SmsSent, Refusal> {
    let account = by_session(cx, &op.session)?;
    require_email_confirmed(&account)?;
    let phone = unconfirmed_mobile(&account)?;
    let cooldown_s = cx.config.policy.sms_resend_cooldown_s;
    if let Some(sent_at) = codes::last_sent_at(cx, Owner::of(account.id, Purpose::AccountSms)) {
        let elapsed_s = u64::try_from((cx.now - sent_at).num_seconds()).unwrap_or(0);
        if elapsed_s < cooldown_s {
            return Err(Refusal::new(
                RefusalCode::SmsResendTooSoon,
                "Veuillez patienter avant de demander le renvoi du sms.",
            )
            .retry_after(cooldown_s - elapsed_s));
        }
    }
    Ok(send_sms_code(cx, account.id, &phone))
}

/// ÉTAPE 12.
pub(crate) fn confirm_mobile(cx: &mut Ctx<'_>, op: AccountConfirmMobile) -> Result<Ack, Refusal> {
    let account = by_session(cx, &op.session)?;
    require_email_confirmed(&account)?;
    unconfirmed_mobile(&account)?;
    let code = codes::check(cx, Owner::of(account.id, Purpose::AccountSms), &op.code)?;
    codes::consume(cx, code.id);
    cx.exec("UPDATE accounts SET phone_confirmed = 1 WHERE id = ?1", [account.id]);
    Ok(Ack)
}

/// ÉTAPE 9 (ACC-05).
pub(crate) fn set_names(cx: &mut Ctx<'_>, op: AccountSetNames) -> Result<Ack, Refusal> {
    let account = by_session(cx, &op.session)?;
    require_creating(&account)?;
    let given_ok =
        !op.given_names.is_empty() && op.given_names.iter().all(|n| !n.trim().is_empty());
    if !given_ok || op.family_name.trim().is_empty() {
        return Err(Refusal::new(
            RefusalCode::InvalidRequest,
            "Renseignez votre prénom et votre nom.",
        ));
    }
    cx.exec(
        "UPDATE accounts SET civility = ?2, given_names = ?3, family_name = ?4 WHERE id = ?1",
        (account.id, enum_text(&op.civility), json(&op.given_names), op.family_name.trim()),
    );
    Ok(Ack)
}

/// ÉTAPE 10 (ACC-05). Accepting again is harmless.
pub(crate) fn accept_cgu(cx: &mut Ctx<'_>, op: AccountAcceptCgu) -> Result<Ack, Refusal> {
    let account = by_session(cx, &op.session)?;
    require_email_confirmed(&account)?;
    cx.exec("UPDATE accounts SET cgu_accepted = 1 WHERE id = ?1", [account.id]);
    Ok(Ack)
}

/// "Se connecter" (ACC-02) and the Espace Client. An account still being created may log
/// in to finish its steps.
pub(crate) fn web_login(cx: &mut Ctx<'_>, op: WebLogin) -> Result<LoggedIn, Refusal> {
    let account = authenticate(cx, &op.email, &op.password)?;
    Ok(LoggedIn { session: new_session(cx, account.id) })
}

/// "Mot de passe oublié" (ACC-06, ACC-07). Silent for an unknown or unconfirmed address.
pub(crate) fn reset_request(cx: &mut Ctx<'_>, op: PasswordResetRequest) -> Result<Ack, Refusal> {
    let Some(account) = by_email(cx, &op.email).filter(|a| a.email_confirmed) else {
        return Ok(Ack);
    };
    match op.method {
        ResetMethod::Code => send_email_code(cx, &account, Purpose::ResetCode),
        ResetMethod::Link => {
            // A letter first, so that the token is never read as a code.
            let token = format!("t{}", cx.hex(31));
            codes::issue(
                cx,
                Owner::of(account.id, Purpose::ResetLink),
                token.clone(),
                RESET_LINK_TTL_S,
                None,
            );
            cx.send(OutboundMessage::Email(Email {
                to: account.email.clone(),
                from: texts::EMAIL_FROM.to_string(),
                subject: texts::RESET_LINK_SUBJECT.to_string(),
                body: texts::reset_link_body(&token),
            }));
        }
    }
    Ok(Ack)
}

/// Completes a reset. A secret of digits only is the code of ACC-07; anything else is the
/// token of the link of ACC-06 (tokens start with a letter). The new password is checked
/// before the secret is used up, so that a weak one does not cost the link.
pub(crate) fn reset_complete(cx: &mut Ctx<'_>, op: PasswordResetComplete) -> Result<Ack, Refusal> {
    let secret = op.secret.trim();
    let is_code = !secret.is_empty() && secret.chars().all(|c| c.is_ascii_digit());
    let account = by_email(cx, &op.email).filter(|a| a.email_confirmed);
    let code_id = if is_code {
        let Some(account) = &account else {
            return Err(Refusal::new(RefusalCode::CodeInvalid, "Ce code n'est pas valide."));
        };
        codes::check(cx, Owner::of(account.id, Purpose::ResetCode), secret)?.id
    } else {
        check_reset_link(cx, account.as_ref(), secret)?
    };
    rules::check_password(&op.new_password)?;
    let account = account.expect("a checked secret belongs to an account");
    codes::consume(cx, code_id);
    store_password(cx, account.id, &op.new_password);
    // Whoever knew the old password is logged out (FRAUD-01).
    cx.exec("DELETE FROM sessions WHERE clock = ?1 AND account_id = ?2", (cx.clock, account.id));
    Ok(Ack)
}

fn check_reset_link(cx: &Ctx<'_>, account: Option<&Account>, token: &str) -> Result<i64, Refusal> {
    let invalid = || {
        Refusal::new(RefusalCode::ResetLinkInvalid, "Ce lien de réinitialisation n'est pas valide.")
    };
    let account = account.ok_or_else(invalid)?;
    let link = codes::by_secret(cx, Owner::of(account.id, Purpose::ResetLink), token)
        .ok_or_else(invalid)?;
    if link.state != "open" {
        return Err(invalid());
    }
    if cx.now >= link.expires_at {
        return Err(Refusal::new(
            RefusalCode::ResetLinkExpired,
            "Ce lien a expiré (validité de 2 heures) : demandez-en un nouveau.",
        ));
    }
    Ok(link.id)
}
