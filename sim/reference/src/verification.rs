//! Verifying the identity (VER, AR24): choosing and changing the mode, the in-person check
//! of a postman or a clerk, a missed visit, AR24's callbacks, and how the Espace Client
//! shows the verification under way.

use crate::account;
use crate::codes::{self, Owner, Purpose};
use crate::identity::{self, Identity, Mode};
use crate::rules;
use crate::store::{Ctx, after, enum_text, json, parse_ts};
use crate::texts;
use chrono::NaiveDate;
use idn_contract::enrolment::{EspaceClientView, VerificationView};
use idn_contract::outbound::{Ar24LetterRequest, Email, PostmanBooking, PostmanCancellation, Sms};
use idn_contract::verification::*;
use idn_contract::{
    Ack, AppointmentId, LetterId, OutboundMessage, PhoneNumber, PostOfficeId, Refusal, RefusalCode,
    Timestamp,
};

/// AR24-04: a letter expires 15 days after AR24 reports it delivered.
const LETTER_LIFETIME_S: u64 = 15 * 86_400;

#[derive(Debug, Clone)]
struct Appointment {
    id: String,
    identity_id: i64,
    date: NaiveDate,
    status: String,
}

fn appointment(cx: &Ctx<'_>, id: &str) -> Option<Appointment> {
    cx.row(
        "SELECT id, identity_id, date, status FROM appointments WHERE clock = ?1 AND id = ?2",
        (cx.clock, id),
        |r| {
            Ok(Appointment {
                id: r.get(0)?,
                identity_id: r.get(1)?,
                date: r.get::<_, String>(2)?.parse().expect("the store writes YYYY-MM-DD dates"),
                status: r.get(3)?,
            })
        },
    )
}

#[derive(Debug, Clone)]
struct Letter {
    id: String,
    identity_id: i64,
    status: String,
    requested_at: Timestamp,
    delivered_at: Option<Timestamp>,
    expired_at: Option<Timestamp>,
}

fn letter(cx: &Ctx<'_>, id: &str) -> Option<Letter> {
    cx.row(
        "SELECT id, identity_id, status, requested_at, delivered_at, expired_at FROM letters WHERE clock = ?1 AND id = ?2",
        (cx.clock, id),
        |r| {
            Ok(Letter {
                id: r.get(0)?,
                identity_id: r.get(1)?,
                status: r.get(2)?,
                requested_at: parse_ts(&r.get::<_, String>(3)?),
                delivered_at: r.get::<_, Option<String>>(4)?.map(|t| parse_ts(&t)),
                expired_at: r.get::<_, Option<String>>(5)?.map(|t| parse_ts(&t)),
            })
        },
    )
}

impl Letter {
    /// When the letter expires or expired (AR24-04). Before AR24 reports it delivered the
    /// date is not known; the contract wants one, so the earliest possible is given:
    /// 15 days after it was requested.
    fn expires_at(&self) -> Timestamp {
        self.expired_at
            .or_else(|| self.delivered_at.map(|at| after(at, LETTER_LIFETIME_S)))
            .unwrap_or_else(|| after(self.requested_at, LETTER_LIFETIME_S))
    }

    /// VER-08: while the letter can still be read, the mode cannot be changed; once the
    /// identification is done, not until AR24's result, even past the 15 days.
    fn locks_mode(&self, now: Timestamp) -> bool {
        match self.status.as_str() {
            "sent" | "identified" => true,
            "delivered" => now < self.expires_at(),
            _ => false,
        }
    }
}

/// The identity of a session's account, if it waits for a verification.
fn awaiting_identity(cx: &Ctx<'_>, account_id: i64) -> Result<Identity, Refusal> {
    let identity = identity::current(cx, account_id).ok_or_else(not_awaiting)?;
    identity::ensure_usable(cx, &identity)?;
    if identity.verified_at.is_some() {
        return Err(not_awaiting());
    }
    Ok(identity)
}

fn not_awaiting() -> Refusal {
    Refusal::new(
        RefusalCode::NotAwaitingVerification,
        "Aucune Identité Numérique n'attend de vérification.",
    )
}

/// ÉTAPE 17, "changer le mode de vérification" (VER-08), "PRENDRE UN NOUVEAU RENDEZ-VOUS"
/// (VER-07) and a new try after a failure (VER-09).
pub(crate) fn choose(
    cx: &mut Ctx<'_>,
    op: VerificationChoose,
) -> Result<VerificationStarted, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    let identity = awaiting_identity(cx, account.id)?;
    if identity.mode == Some(Mode::Online) {
        let current = identity.letter_id.as_deref().and_then(|id| letter(cx, id));
        if current.is_some_and(|l| l.locks_mode(cx.now)) {
            return Err(Refusal::new(
                RefusalCode::ModeChangeLocked,
                "Le mode de vérification ne peut pas être changé avant l'expiration de la lettre recommandée électronique (15 jours après sa réception).",
            ));
        }
    }
    check_mode(cx, &op.mode)?;
    end_mode(cx, &identity, None);
    match op.mode {
        VerificationMode::Postman { date, address } => {
            let appointment = book_postman(cx, &identity, &account.mobile(), date, address);
            Ok(VerificationStarted { appointment: Some(appointment), letter: None })
        }
        VerificationMode::PostOffice => {
            send_activation_code(cx, &identity, &account.mobile());
            set_mode(cx, identity.id, Mode::PostOffice, None, None);
            Ok(VerificationStarted { appointment: None, letter: None })
        }
        VerificationMode::Online { .. } => {
            let letter = request_letter(cx, &identity, &account.email);
            Ok(VerificationStarted { appointment: None, letter: Some(letter) })
        }
    }
}

/// VER-04 for the postman (a private home in an eligible territory, a date not in the
/// past), AR24-01 for the online mode.
fn check_mode(cx: &Ctx<'_>, mode: &VerificationMode) -> Result<(), Refusal> {
    match mode {
        VerificationMode::Postman { date, address } => {
            if !rules::address_eligible(address) {
                return Err(Refusal::new(
                    RefusalCode::AddressNotEligible,
                    "Le facteur ne peut venir qu'à une adresse privée (domicile, chez un proche) en France métropolitaine, en Corse ou dans un territoire d'Outre-mer éligible.",
                ));
            }
            if *date < cx.today() {
                return Err(Refusal::new(
                    RefusalCode::DateNotAvailable,
                    "Cette date n'est pas disponible.",
                ));
            }
            Ok(())
        }
        VerificationMode::PostOffice => Ok(()),
        VerificationMode::Online { ar24_cgu_accepted: false } => Err(Refusal::new(
            RefusalCode::Ar24CguNotAccepted,
            "Acceptez les Conditions Générales d'Utilisation de AR24 pour recevoir la lettre recommandée électronique.",
        )),
        VerificationMode::Online { ar24_cgu_accepted: true } => Ok(()),
    }
}

fn set_mode(
    cx: &Ctx<'_>,
    identity_id: i64,
    mode: Mode,
    appointment: Option<&str>,
    letter: Option<&str>,
) {
    cx.exec(
        "UPDATE identities SET mode = ?2, appointment_id = ?3, letter_id = ?4, failure = NULL WHERE id = ?1",
        (identity_id, mode.as_str(), appointment, letter),
    );
}

/// VER-02: a fresh 6-digit activation code by SMS, for the postman and the post office.
fn send_activation_code(cx: &mut Ctx<'_>, identity: &Identity, phone: &PhoneNumber) {
    let ttl_s = cx.config.policy.activation_code_ttl_s;
    let secret = cx.digits(6);
    let code =
        codes::issue(cx, Owner::of(identity.account_id, Purpose::Activation), secret, ttl_s, None);
    cx.send(OutboundMessage::Sms(Sms { to: phone.clone(), text: texts::activation_sms(&code) }));
}

fn book_postman(
    cx: &mut Ctx<'_>,
    identity: &Identity,
    phone: &PhoneNumber,
    date: NaiveDate,
    address: Address,
) -> AppointmentId {
    let id = cx.id("apt", 12);
    cx.exec(
        "INSERT INTO appointments (clock, id, identity_id, date, address, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'booked', ?6)",
        (cx.clock, &id, identity.id, date.to_string(), json(&address), cx.now_text()),
    );
    set_mode(cx, identity.id, Mode::Postman, Some(&id), None);
    send_activation_code(cx, identity, phone);
    cx.send(OutboundMessage::PostmanBooking(PostmanBooking {
        appointment: AppointmentId::new(&id),
        date,
        address,
        holder_name: identity::holder_name(identity),
        document_kind: identity.declared.document.kind,
    }));
    AppointmentId::new(id)
}

fn request_letter(cx: &mut Ctx<'_>, identity: &Identity, email: &str) -> LetterId {
    let id = cx.id("lre", 12);
    cx.exec(
        "INSERT INTO letters (clock, id, identity_id, status, requested_at) VALUES (?1, ?2, ?3, 'sent', ?4)",
        (cx.clock, &id, identity.id, cx.now_text()),
    );
    set_mode(cx, identity.id, Mode::Online, None, Some(&id));
    cx.send(OutboundMessage::Ar24Letter(Ar24LetterRequest {
        letter: LetterId::new(&id),
        recipient_email: email.to_string(),
        identity: identity.declared.clone(),
    }));
    LetterId::new(id)
}

/// Ends the verification under way: a booked visit is cancelled with the rounds system
/// (except `done_at`, the one where the check just took place), a readable letter is
/// superseded, the activation code stops working.
fn end_mode(cx: &mut Ctx<'_>, identity: &Identity, done_at: Option<&str>) {
    if let Some(id) = identity.appointment_id.as_deref() {
        let booked = appointment(cx, id).is_some_and(|a| a.status == "booked");
        if done_at == Some(id) {
            cx.exec(
                "UPDATE appointments SET status = 'done' WHERE clock = ?1 AND id = ?2",
                (cx.clock, id),
            );
        } else if booked {
            cx.exec(
                "UPDATE appointments SET status = 'cancelled' WHERE clock = ?1 AND id = ?2",
                (cx.clock, id),
            );
            cx.send(OutboundMessage::PostmanCancellation(PostmanCancellation {
                appointment: AppointmentId::new(id),
            }));
        }
    }
    if let Some(id) = identity.letter_id.as_deref() {
        cx.exec(
            "UPDATE letters SET status = 'superseded' WHERE clock = ?1 AND id = ?2 AND status IN ('sent', 'delivered')",
            (cx.clock, id),
        );
    }
    codes::close(cx, Owner::of(identity.account_id, Purpose::Activation));
    cx.exec(
        "UPDATE identities SET mode = NULL, appointment_id = NULL, letter_id = NULL, failure = NULL WHERE id = ?1",
        [identity.id],
    );
}

/// A verification succeeded: the identity is verified and the VER-06 e-mail goes at once
/// (the FAQ allows up to an hour; at once is within it).
fn succeed(cx: &mut Ctx<'_>, identity: &Identity, done_at: Option<&str>) {
    end_mode(cx, identity, done_at);
    cx.exec("UPDATE identities SET verified_at = ?2 WHERE id = ?1", (identity.id, cx.now_text()));
    let account = account::by_id(cx, identity.account_id);
    cx.send(OutboundMessage::Email(Email {
        to: account.email,
        from: texts::EMAIL_FROM.to_string(),
        subject: texts::VERIFIED_SUBJECT.to_string(),
        body: texts::VERIFIED_BODY.to_string(),
    }));
}

/// A verification failed: the Espace Client offers the three modes again (VER-09).
fn fail(cx: &mut Ctx<'_>, identity: &Identity, done_at: Option<&str>, reason: &str) {
    end_mode(cx, identity, done_at);
    cx.exec("UPDATE identities SET failure = ?2 WHERE id = ?1", (identity.id, reason));
}

/// The agent's report (VER-02, VER-03, VER-10): a failed check is recorded, not refused.
pub(crate) fn agent_check(cx: &mut Ctx<'_>, op: AgentCheck) -> Result<CheckRecorded, Refusal> {
    let (identity, done_at) = match &op.place {
        CheckPlace::Postman { appointment } => {
            (identity_at_visit(cx, appointment)?, Some(appointment.as_str()))
        }
        CheckPlace::PostOffice { office, phone } => (identity_at_office(cx, office, phone)?, None),
    };
    match compare(cx, &identity, &op) {
        None => {
            succeed(cx, &identity, done_at);
            Ok(CheckRecorded { verified: true, failure: None })
        }
        Some(failure) => {
            let reason = enum_text(&failure);
            fail(cx, &identity, done_at, &reason);
            Ok(CheckRecorded { verified: false, failure: Some(failure) })
        }
    }
}

/// The identity a postman visits: the appointment must be booked and still the current one.
fn identity_at_visit(cx: &Ctx<'_>, id: &AppointmentId) -> Result<Identity, Refusal> {
    let unknown = || {
        Refusal::new(
            RefusalCode::AppointmentUnknown,
            "Ce rendez-vous n'existe pas ou a été annulé.",
        )
    };
    let visit = appointment(cx, id.as_str()).ok_or_else(unknown)?;
    match visit.status.as_str() {
        "booked" => {}
        "done" => return Err(not_awaiting()),
        _ => return Err(unknown()),
    }
    let identity = identity::by_id(cx, visit.identity_id);
    if identity.deleted
        || identity.verified_at.is_some()
        || identity.appointment_id.as_deref() != Some(&visit.id)
    {
        return Err(not_awaiting());
    }
    identity::ensure_usable(cx, &identity)?;
    Ok(identity)
}

/// The identity a clerk finds by its number (VER-05): it must wait for an in-person
/// verification, i.e. hold an activation code (the post office, or a postman visit not
/// yet done: VER-08 lets the user go to the office instead, and VER-07 after a missed one).
fn identity_at_office(
    cx: &Ctx<'_>,
    office: &PostOfficeId,
    phone: &PhoneNumber,
) -> Result<Identity, Refusal> {
    rules::participating_office(office.as_str())?;
    let identity =
        identity::latest_for_phone(cx, phone).filter(|i| !i.deleted).ok_or_else(|| {
            Refusal::new(
                RefusalCode::NotFound,
                "Aucune demande d'Identité Numérique pour ce numéro.",
            )
        })?;
    identity::ensure_usable(cx, &identity)?;
    let in_person = matches!(identity.mode, Some(Mode::Postman | Mode::PostOffice));
    if identity.verified_at.is_some() || !in_person {
        return Err(not_awaiting());
    }
    Ok(identity)
}

/// VER-03 and VER-10, in this order: the code, the document, the data, the holder.
fn compare(cx: &Ctx<'_>, identity: &Identity, op: &AgentCheck) -> Option<VerificationFailure> {
    let code = codes::latest(cx, Owner::of(identity.account_id, Purpose::Activation));
    let code_ok = code.is_some_and(|c| {
        c.state == "open" && cx.now < c.expires_at && c.secret == op.activation_code.trim()
    });
    let declared = &identity.declared;
    let shown = &op.document;
    let document_ok = shown.kind == declared.document.kind
        && shown.number.trim().eq_ignore_ascii_case(declared.document.number.trim());
    let data_ok = shown.birth_name.trim() == declared.birth_name.trim()
        && shown
            .given_names
            .iter()
            .map(|n| n.trim())
            .eq(declared.given_names.iter().map(|n| n.trim()))
        && shown.birth_date == declared.birth_date;
    if !code_ok {
        Some(VerificationFailure::CodeMismatch)
    } else if !document_ok {
        Some(VerificationFailure::DocumentMismatch)
    } else if !data_ok {
        Some(VerificationFailure::DataMismatch)
    } else if !op.holder_matches {
        Some(VerificationFailure::NotHolder)
    } else {
        None
    }
}

/// VER-07: the rounds system reports a visit that did not take place. The activation code
/// keeps working (the user may go to a post office with it) until a new mode is chosen.
pub(crate) fn appointment_missed(cx: &mut Ctx<'_>, op: AppointmentMissed) -> Result<Ack, Refusal> {
    let unknown = || {
        Refusal::new(
            RefusalCode::AppointmentUnknown,
            "Ce rendez-vous n'existe pas ou a été annulé.",
        )
    };
    let visit = appointment(cx, op.appointment.as_str()).ok_or_else(unknown)?;
    match visit.status.as_str() {
        "booked" => {
            let reason = enum_text(&op.reason);
            cx.exec(
                "UPDATE appointments SET status = 'missed', missed_reason = ?3 WHERE clock = ?1 AND id = ?2",
                (cx.clock, &visit.id, reason),
            );
            Ok(Ack)
        }
        "missed" => Ok(Ack),
        "done" => Err(not_awaiting()),
        _ => Err(unknown()),
    }
}

/// AR24's callbacks (AR24-02..09). A repeated event is acknowledged; an event after another
/// final one is out of order; events about a letter the user replaced are ignored.
pub(crate) fn ar24_callback(cx: &mut Ctx<'_>, op: Ar24Callback) -> Result<Ack, Refusal> {
    let lre = letter(cx, op.letter.as_str())
        .ok_or_else(|| Refusal::new(RefusalCode::LetterUnknown, "Ce courrier AR24 est inconnu."))?;
    let target = match &op.event {
        Ar24Event::Delivered => "delivered",
        Ar24Event::Expired => "expired",
        Ar24Event::Declined => "declined",
        Ar24Event::Identified => "identified",
        Ar24Event::Verified => "verified",
        Ar24Event::Rejected { .. } => "rejected",
    };
    if lre.status == "superseded" || lre.status == target {
        return Ok(Ack);
    }
    if !matches!(lre.status.as_str(), "sent" | "delivered" | "identified") {
        return Err(Refusal::new(
            RefusalCode::StepOutOfOrder,
            format!("Le courrier {} est déjà clos ({}).", lre.id, lre.status),
        ));
    }
    let reason = match &op.event {
        Ar24Event::Rejected { reason } => Some(reason.as_str()),
        _ => None,
    };
    cx.exec(
        "UPDATE letters SET status = ?3, reject_reason = ?4,
            delivered_at = CASE WHEN ?3 = 'delivered' THEN ?5 ELSE delivered_at END,
            expired_at = CASE WHEN ?3 = 'expired' THEN ?5 ELSE expired_at END
         WHERE clock = ?1 AND id = ?2",
        (cx.clock, &lre.id, target, reason, cx.now_text()),
    );
    let identity = identity::by_id(cx, lre.identity_id);
    if identity.deleted || identity.verified_at.is_some() {
        return Ok(Ack);
    }
    match op.event {
        Ar24Event::Verified => succeed(cx, &identity, None),
        Ar24Event::Declined => fail(cx, &identity, None, "declined"),
        Ar24Event::Rejected { .. } => fail(cx, &identity, None, "ar24_rejected"),
        Ar24Event::Delivered | Ar24Event::Expired | Ar24Event::Identified => {}
    }
    Ok(Ack)
}

/// The Espace Client of an identity awaiting verification (VER-07, VER-08, VER-09).
pub(crate) fn describe(cx: &Ctx<'_>, identity: &Identity, view: &mut EspaceClientView) {
    let modes = || texts::ACTIONS_MODES.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    match identity.mode {
        None => {
            if identity.failure.is_some() {
                view.messages.push(texts::VERIFICATION_FAILED.to_string());
            }
            view.actions = modes();
        }
        Some(Mode::Postman) => {
            let id = identity.appointment_id.clone().expect("a postman mode has its appointment");
            let visit = appointment(cx, &id).expect("the identity's appointment exists");
            let missed = visit.status == "missed";
            view.verification = Some(VerificationView::Postman {
                appointment: AppointmentId::new(id),
                date: visit.date,
                missed,
            });
            if missed {
                view.messages.push(texts::MISSED_VISIT.to_string());
                view.actions.push(texts::ACTION_NEW_APPOINTMENT.to_string());
            } else {
                view.actions.push(texts::ACTION_CHANGE_MODE.to_string());
            }
        }
        Some(Mode::PostOffice) => {
            view.verification = Some(VerificationView::PostOffice);
            view.actions.push(texts::ACTION_CHANGE_MODE.to_string());
        }
        Some(Mode::Online) => {
            let id = identity.letter_id.clone().expect("an online mode has its letter");
            let lre = letter(cx, &id).expect("the identity's letter exists");
            view.verification = Some(VerificationView::Online {
                letter: LetterId::new(id),
                letter_expires_at: lre.expires_at(),
            });
            if lre.status == "identified" {
                view.messages.push(texts::ONLINE_REVIEW.to_string());
            } else if lre.locks_mode(cx.now) {
                view.messages.push(texts::ONLINE_PENDING.to_string());
            } else {
                view.messages.push(texts::LETTER_EXPIRED.to_string());
                view.actions = modes();
            }
        }
    }
}
