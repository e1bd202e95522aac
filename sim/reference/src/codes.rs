//! One-time secrets sent by e-mail or SMS (ACC-08): each lives a policy-set time, serves
//! once, tolerates `code_max_attempts` wrong attempts, and a new one supersedes the old.

use crate::store::{Ctx, parse_ts};
use idn_contract::{Refusal, RefusalCode, Timestamp};

/// What a code is for. The store spells it in `codes.purpose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// ACC-01: the 6-digit e-mail code of the account.
    Email,
    /// ACC-04: the 4-digit SMS code of the account.
    AccountSms,
    /// ACC-07: the 6-digit e-mail code of the Espace Client reset.
    ResetCode,
    /// ACC-06: the token of the reset link.
    ResetLink,
    /// VER-02: the 6-digit activation code of the postman and post-office modes.
    Activation,
    /// The 6-digit SMS code of an app challenge.
    AppSms,
    /// MGT-02: the 6-digit SMS code sent to a new number.
    PhoneChange,
    /// FRAUD-02: the 6-digit e-mail code that confirms "Nouveau numéro" in the app.
    AppEmail,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Email => "email",
            Purpose::AccountSms => "account_sms",
            Purpose::ResetCode => "reset_code",
            Purpose::ResetLink => "reset_link",
            Purpose::Activation => "activation",
            Purpose::AppSms => "app_sms",
            Purpose::PhoneChange => "phone_change",
            Purpose::AppEmail => "app_email",
        }
    }
}

/// A code as stored.
#[derive(Debug, Clone)]
pub(crate) struct Code {
    pub id: i64,
    pub secret: String,
    pub sent_to: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub attempts: u32,
    pub state: String,
}

const COLUMNS: &str = "id, secret, sent_to, created_at, expires_at, attempts, state";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Code> {
    Ok(Code {
        id: r.get(0)?,
        secret: r.get(1)?,
        sent_to: r.get(2)?,
        created_at: parse_ts(&r.get::<_, String>(3)?),
        expires_at: parse_ts(&r.get::<_, String>(4)?),
        attempts: r.get(5)?,
        state: r.get(6)?,
    })
}

/// Where a code belongs: an account, a purpose, and a subject within the purpose (the
/// challenge of an app code; empty otherwise).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner<'a> {
    pub account_id: i64,
    pub purpose: Purpose,
    pub subject: &'a str,
}

impl<'a> Owner<'a> {
    pub fn of(account_id: i64, purpose: Purpose) -> Self {
        Self { account_id, purpose, subject: "" }
    }

    pub fn about(account_id: i64, purpose: Purpose, subject: &'a str) -> Self {
        Self { account_id, purpose, subject }
    }
}

/// Stores a new secret for `owner`, superseding the open ones, and returns it.
pub(crate) fn issue(
    cx: &mut Ctx<'_>,
    owner: Owner<'_>,
    secret: String,
    ttl_s: u64,
    sent_to: Option<String>,
) -> String {
    cx.exec(
        "UPDATE codes SET state = 'superseded'
         WHERE clock = ?1 AND account_id = ?2 AND purpose = ?3 AND subject = ?4 AND state = 'open'",
        (cx.clock, owner.account_id, owner.purpose.as_str(), owner.subject),
    );
    cx.exec(
        "INSERT INTO codes (clock, account_id, purpose, subject, secret, sent_to, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (
            cx.clock,
            owner.account_id,
            owner.purpose.as_str(),
            owner.subject,
            &secret,
            sent_to,
            cx.now_text(),
            cx.later_text(ttl_s),
        ),
    );
    secret
}

/// The latest code of `owner`, whatever its state.
pub(crate) fn latest(cx: &Ctx<'_>, owner: Owner<'_>) -> Option<Code> {
    cx.row(
        &format!(
            "SELECT {COLUMNS} FROM codes WHERE clock = ?1 AND account_id = ?2 AND purpose = ?3 AND subject = ?4
             ORDER BY id DESC LIMIT 1"
        ),
        (cx.clock, owner.account_id, owner.purpose.as_str(), owner.subject),
        read,
    )
}

/// The code of `owner` with this exact secret (a reset link's token).
pub(crate) fn by_secret(cx: &Ctx<'_>, owner: Owner<'_>, secret: &str) -> Option<Code> {
    cx.row(
        &format!(
            "SELECT {COLUMNS} FROM codes WHERE clock = ?1 AND account_id = ?2 AND purpose = ?3 AND secret = ?4
             ORDER BY id DESC LIMIT 1"
        ),
        (cx.clock, owner.account_id, owner.purpose.as_str(), secret),
        read,
    )
}

/// Checks a typed code against the latest one of `owner` without using it up: unknown or
/// already used, `code_invalid`; too many wrong attempts, `code_attempts_exceeded`; past
/// its lifetime, `code_expired`; wrong, `code_invalid` with the attempts left, and the
/// attempt that exhausts the allowance is refused `code_attempts_exceeded`.
pub(crate) fn check(cx: &Ctx<'_>, owner: Owner<'_>, typed: &str) -> Result<Code, Refusal> {
    let max = cx.config.policy.code_max_attempts;
    let Some(code) = latest(cx, owner).filter(|c| c.state != "used" && c.state != "superseded")
    else {
        return Err(Refusal::new(
            RefusalCode::CodeInvalid,
            "Ce code n'est pas valide : demandez-en un nouveau.",
        ));
    };
    if code.state == "exhausted" || code.attempts >= max {
        return Err(exhausted());
    }
    if cx.now >= code.expires_at {
        return Err(Refusal::new(
            RefusalCode::CodeExpired,
            "Ce code a expiré : demandez-en un nouveau.",
        ));
    }
    if code.secret != typed.trim() {
        let attempts = code.attempts + 1;
        let state = if attempts >= max { "exhausted" } else { "open" };
        cx.exec(
            "UPDATE codes SET attempts = ?2, state = ?3 WHERE id = ?1",
            (code.id, attempts, state),
        );
        if attempts >= max {
            return Err(exhausted());
        }
        return Err(Refusal::new(RefusalCode::CodeInvalid, "Le code saisi est incorrect.")
            .attempts_left(max - attempts));
    }
    Ok(code)
}

fn exhausted() -> Refusal {
    Refusal::new(
        RefusalCode::CodeAttemptsExceeded,
        "Trop de tentatives avec ce code : demandez-en un nouveau.",
    )
}

/// Uses a code up (ACC-08: once).
pub(crate) fn consume(cx: &Ctx<'_>, code_id: i64) {
    cx.exec("UPDATE codes SET state = 'used' WHERE id = ?1", [code_id]);
}

/// Closes every open code of `owner` (the activation code once a verification ends).
pub(crate) fn close(cx: &Ctx<'_>, owner: Owner<'_>) {
    cx.exec(
        "UPDATE codes SET state = 'superseded'
         WHERE clock = ?1 AND account_id = ?2 AND purpose = ?3 AND subject = ?4 AND state = 'open'",
        (cx.clock, owner.account_id, owner.purpose.as_str(), owner.subject),
    );
}

/// When the latest code of `owner` was sent, for the resend cooldown (ACC-04).
pub(crate) fn last_sent_at(cx: &Ctx<'_>, owner: Owner<'_>) -> Option<Timestamp> {
    latest(cx, owner).map(|c| c.created_at)
}
