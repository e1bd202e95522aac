//! The Identité Numérique as stored, and its lifecycle state derived from the row and
//! "now": deleted, blocked, expired (ACT-06), active (an active smartphone), verified,
//! awaiting verification.

use crate::rules;
use crate::store::{Ctx, from_json, json, parse_ts};
use idn_contract::enrolment::IdentityState;
use idn_contract::{DeclaredIdentity, PhoneNumber, Refusal, RefusalCode, Timestamp};

/// The verification under way (VER-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Postman,
    PostOffice,
    Online,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Postman => "postman",
            Mode::PostOffice => "post_office",
            Mode::Online => "online",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "postman" => Mode::Postman,
            "post_office" => Mode::PostOffice,
            "online" => Mode::Online,
            other => panic!("the store holds an unknown verification mode {other:?}"),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub id: i64,
    pub account_id: i64,
    pub sub: String,
    pub declared: DeclaredIdentity,
    pub verified_at: Option<Timestamp>,
    pub ever_activated: bool,
    pub blocked: bool,
    pub deleted: bool,
    pub mode: Option<Mode>,
    pub appointment_id: Option<String>,
    pub letter_id: Option<String>,
    /// Why the last verification failed, until a mode is chosen again (VER-09).
    pub failure: Option<String>,
    pub pin_salt: Option<String>,
    pub pin_hash: Option<String>,
    pub pin_failures: u32,
    pub pin_locked: bool,
}

const COLUMNS: &str =
    "id, account_id, sub, declared, verified_at, ever_activated, blocked, deleted_at,
    mode, appointment_id, letter_id, failure, pin_salt, pin_hash, pin_failures, pin_locked";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Identity> {
    Ok(Identity {
        id: r.get(0)?,
        account_id: r.get(1)?,
        sub: r.get(2)?,
        declared: from_json(&r.get::<_, String>(3)?),
        verified_at: r.get::<_, Option<String>>(4)?.map(|t| parse_ts(&t)),
        ever_activated: r.get(5)?,
        blocked: r.get(6)?,
        deleted: r.get::<_, Option<String>>(7)?.is_some(),
        mode: r.get::<_, Option<String>>(8)?.map(|m| Mode::parse(&m)),
        appointment_id: r.get(9)?,
        letter_id: r.get(10)?,
        failure: r.get(11)?,
        pin_salt: r.get(12)?,
        pin_hash: r.get(13)?,
        pin_failures: r.get(14)?,
        pin_locked: r.get(15)?,
    })
}

pub(crate) fn by_id(cx: &Ctx<'_>, id: i64) -> Identity {
    cx.row(&format!("SELECT {COLUMNS} FROM identities WHERE id = ?1"), [id], read)
        .expect("an identity id the store handed out")
}

/// The account's identity that is not deleted, if any (there is at most one).
pub(crate) fn current(cx: &Ctx<'_>, account_id: i64) -> Option<Identity> {
    cx.row(
        &format!(
            "SELECT {COLUMNS} FROM identities WHERE clock = ?1 AND account_id = ?2 AND deleted_at IS NULL
             ORDER BY id DESC LIMIT 1"
        ),
        (cx.clock, account_id),
        read,
    )
}

/// The account's latest identity, deleted or not.
pub(crate) fn latest(cx: &Ctx<'_>, account_id: i64) -> Option<Identity> {
    cx.row(
        &format!("SELECT {COLUMNS} FROM identities WHERE clock = ?1 AND account_id = ?2 ORDER BY id DESC LIMIT 1"),
        (cx.clock, account_id),
        read,
    )
}

/// The latest identity of the account whose mobile is `phone`, deleted or not. Numbers are
/// not unique across accounts; the most recent identity wins.
pub(crate) fn latest_for_phone(cx: &Ctx<'_>, phone: &PhoneNumber) -> Option<Identity> {
    let columns = COLUMNS.replace("id, account_id", "i.id, i.account_id");
    cx.row(
        &format!(
            "SELECT {columns} FROM identities i JOIN accounts a ON a.id = i.account_id
             WHERE i.clock = ?1 AND a.phone = ?2 AND a.phone_confirmed = 1
             ORDER BY (i.deleted_at IS NULL) DESC, i.id DESC LIMIT 1"
        ),
        (cx.clock, json(phone)),
        read,
    )
}

/// The current identity of an account, or the refusal that says why there is none.
pub(crate) fn current_or_refuse(cx: &Ctx<'_>, account_id: i64) -> Result<Identity, Refusal> {
    match current(cx, account_id) {
        Some(identity) => Ok(identity),
        None if latest(cx, account_id).is_some() => Err(deleted()),
        None => Err(Refusal::new(RefusalCode::NotFound, "Vous n'avez pas d'Identité Numérique.")),
    }
}

/// The identity's active smartphone, if any (MGT-08: at most one).
pub(crate) fn active_device(cx: &Ctx<'_>, identity_id: i64) -> Option<String> {
    cx.row(
        "SELECT device_id FROM devices WHERE clock = ?1 AND identity_id = ?2 AND active = 1",
        (cx.clock, identity_id),
        |r| r.get(0),
    )
}

/// ACT-06: past its 5 years on the day of the request.
pub(crate) fn expired(cx: &Ctx<'_>, identity: &Identity) -> bool {
    identity.verified_at.is_some_and(|at| cx.today() >= rules::identity_end(at.date_naive()))
}

pub(crate) fn state(cx: &Ctx<'_>, identity: &Identity) -> IdentityState {
    if identity.deleted {
        IdentityState::Deleted
    } else if identity.blocked {
        IdentityState::Blocked
    } else if expired(cx, identity) {
        IdentityState::Expired
    } else if active_device(cx, identity.id).is_some() {
        IdentityState::Active
    } else if identity.verified_at.is_some() {
        IdentityState::Verified
    } else {
        IdentityState::AwaitingVerification
    }
}

/// AUTH-08, FRAUD-02: a deleted, blocked or expired identity is of no use.
pub(crate) fn ensure_usable(cx: &Ctx<'_>, identity: &Identity) -> Result<(), Refusal> {
    if identity.deleted {
        return Err(deleted());
    }
    if identity.blocked {
        return Err(Refusal::new(
            RefusalCode::IdentityBlocked,
            "Votre Identité Numérique est bloquée : débloquez-la depuis votre Espace Client.",
        ));
    }
    if expired(cx, identity) {
        return Err(Refusal::new(
            RefusalCode::IdentityExpired,
            "Votre Identité Numérique a expiré (validité de 5 ans) : créez-en une nouvelle.",
        ));
    }
    Ok(())
}

fn deleted() -> Refusal {
    Refusal::new(RefusalCode::IdentityDeleted, "Votre Identité Numérique a été supprimée.")
}

/// MGT-07: the last 4 characters of the document number, letters in any case.
pub(crate) fn suffix_matches(identity: &Identity, typed: &str) -> bool {
    identity.declared.document.last4().eq_ignore_ascii_case(typed.trim())
}

pub(crate) fn check_suffix(identity: &Identity, typed: &str) -> Result<(), Refusal> {
    if suffix_matches(identity, typed) {
        Ok(())
    } else {
        Err(Refusal::new(
            RefusalCode::DocumentSuffixMismatch,
            "Les 4 derniers caractères ne correspondent pas au numéro de votre pièce d'identité.",
        ))
    }
}

/// The holder's name as the rounds system prints it on a booking: given names, then the
/// usage name if there is one, else the birth name.
pub(crate) fn holder_name(identity: &Identity) -> String {
    let declared = &identity.declared;
    let family = declared.usage_name.as_deref().unwrap_or(&declared.birth_name);
    format!("{} {}", declared.given_names.join(" "), family)
}

/// Creates an identity, verified at once for a counter enrolment (ENR-01).
pub(crate) fn create(
    cx: &mut Ctx<'_>,
    account_id: i64,
    declared: &DeclaredIdentity,
    origin: &str,
) -> i64 {
    let sub = cx.hex(32);
    let verified_at = (origin == "counter").then(|| cx.now_text());
    cx.exec(
        "INSERT INTO identities (clock, account_id, sub, declared, origin, created_at, verified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (cx.clock, account_id, sub, json(declared), origin, cx.now_text(), verified_at),
    );
    cx.db.last_insert_rowid()
}

/// Deletes an identity (MGT-06, MGT-07): its smartphones stop working at once.
pub(crate) fn delete(cx: &Ctx<'_>, identity_id: i64) {
    cx.exec("UPDATE identities SET deleted_at = ?2 WHERE id = ?1", (identity_id, cx.now_text()));
    deactivate_devices(cx, identity_id);
}

pub(crate) fn deactivate_devices(cx: &Ctx<'_>, identity_id: i64) {
    cx.exec(
        "UPDATE devices SET active = 0, deactivated_at = ?3 WHERE clock = ?1 AND identity_id = ?2 AND active = 1",
        (cx.clock, identity_id, cx.now_text()),
    );
}
