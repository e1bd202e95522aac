//! What happened, as typed values: a call to the implementation with its typed request
//! and its typed reply or refusal, a message the implementation sent, a delivery or a
//! loss, an actor's decision. Checks (the fuzzer's judge, the capability check) match on
//! these variants; words and JSON are made only by [`TraceEvent::lines`], at the edges
//! (the `--trace` output, the report's timeline).

use crate::actors::ar24::Identification;
use crate::actors::mailbox::Folder;
use crate::actors::phone::NotShown;
use crate::actors::postman::Round;
use chrono::TimeDelta;
use idn_contract::token::UserInfoClaims;
use idn_contract::verification::{Address, MissedReason};
use idn_contract::{
    AppointmentId, CallError, ClockId, DeclaredIdentity, LetterId, Os, OutboundMessage,
    PhoneNumber, PostOfficeId, Reply, Request, Timestamp,
};
use serde::Serialize;
use serde_json::Value;

/// One thing that happened in the world, between the entry's `from` and `to`.
// Most entries of a trace are calls, the largest variant: boxing it would add an
// allocation to nearly every entry and save little.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum TraceEvent {
    // ---- The world -------------------------------------------------------------------
    /// The world starts on its seed, test clock and policy profile.
    Started {
        seed: u64,
        clock: String,
        policy: String,
    },
    /// A wait for `what` ran out after `waited`.
    Timeout {
        what: String,
        waited: TimeDelta,
    },
    /// A limit of the run was reached (`max_events`, `max_virtual`).
    LimitReached {
        which: &'static str,
    },
    /// The implementation's test clock did not follow an advance.
    TestClockFailed {
        error: CallError,
    },

    // ---- The implementation -------------------------------------------------------------
    /// A call to the implementation and how it ended: its reply, its refusal, or a
    /// transport or protocol failure. Rendered as two lines: the request, the answer.
    Call {
        request: Request,
        outcome: Result<Reply, CallError>,
    },
    /// A message the implementation sent to a service of the world.
    Sent(OutboundMessage),
    /// A message sent on another scenario's test clock: this world does not deliver it.
    StrayMessage {
        clock: ClockId,
        message: OutboundMessage,
    },

    // ---- Deliveries -----------------------------------------------------------------------
    /// The SMS gateway lost an SMS.
    SmsLost {
        text: String,
    },
    /// No phone holds the SIM of the number an SMS was sent to.
    SmsUndeliverable {
        text: String,
    },
    SmsDelivered {
        text: String,
    },
    /// An e-mail reached a mailbox, in its inbox or its spam folder.
    MailArrived {
        subject: String,
        folder: Folder,
    },
    PushShown {
        body: String,
    },
    /// A notification the phone did not show, and why (PUSH-01).
    PushNotShown {
        cause: NotShown,
        body: String,
    },

    // ---- People and their phones ------------------------------------------------------------
    NewPerson {
        email: String,
        phone: PhoneNumber,
        identity: DeclaredIdentity,
        address: Address,
    },
    NewPhone {
        os: Os,
        os_major: u32,
        model: String,
        sim: Option<PhoneNumber>,
        app_installed: bool,
    },
    AppInstalled,
    /// The store refuses the app: the OS is too old (ELIG-03).
    AppNotInstallable,
    AppUninstalled,
    /// The person changes a setting of their phone, told in words.
    PhoneSettings {
        change: String,
    },
    /// The person puts a new SIM in their phone.
    NewSim {
        number: PhoneNumber,
    },
    AwayFromHome,
    AtHome,
    /// `from` presents themselves in place of `to` (VER-10).
    PresentsInPlaceOf,
    MistypesCode {
        code: String,
        typed: String,
    },
    /// What the person's document now says (a feature edited it).
    DocumentReads {
        identity: DeclaredIdentity,
    },

    // ---- The post office ----------------------------------------------------------------------
    GoesToCounter {
        office: PostOfficeId,
    },
    NoSuchOffice,
    ServiceNotOffered,
    /// The clerk of a non-participating office reports a check all the same.
    ReportsCheckAnyway,
    AsksCounterEnrolment {
        document_number: String,
    },

    // ---- The postman ---------------------------------------------------------------------------
    VisitPlanned {
        appointment: AppointmentId,
        at: Timestamp,
        round: Round,
    },
    VisitCancelled {
        appointment: AppointmentId,
    },
    UnknownAppointmentCancelled {
        appointment: AppointmentId,
    },
    VisitMissed {
        reason: MissedReason,
    },
    RingsAndChecks,

    // ---- AR24 --------------------------------------------------------------------------------
    LetterDelivered {
        letter: LetterId,
    },
    LetterExpired {
        letter: LetterId,
    },
    /// AR24's review ended: verified, or rejected for `rejection`.
    ReviewDone {
        rejection: Option<String>,
    },
    /// AR24 keeps the data of an identification made by an impostor.
    IdentificationDataKept,
    IdentificationDataDeleted {
        letter: LetterId,
    },
    OpensLetter {
        letter: LetterId,
    },
    /// « Je ne suis pas cette personne ».
    DeclinesLetter {
        letter: LetterId,
    },
    VisualIdentification {
        letter: LetterId,
        identification: Identification,
    },
    IdentificationImpossible {
        message: String,
    },

    // ---- Logging in ----------------------------------------------------------------------------
    TypesVictimNumber {
        number: PhoneNumber,
    },
    /// FranceConnect+ hands the partner service the identity of a verified id_token.
    IdentityReceived {
        identity: UserInfoClaims,
    },
    /// FranceConnect+ refuses an id_token.
    IdTokenRefused {
        error: String,
    },
}

/// The values a trace line carries: none, JSON (redactable by field name), or a phrase.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    None,
    Json(Value),
    Text(String),
}

impl Detail {
    /// Compact JSON of a value.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Detail {
        match serde_json::to_value(value) {
            Ok(value) => Detail::Json(value),
            Err(e) => Detail::Text(format!("<{e}>")),
        }
    }

    /// A text, quoted as JSON quotes it.
    pub fn quoted(text: impl Into<String>) -> Detail {
        Detail::Json(Value::String(text.into()))
    }

    /// A tagged request or reply without its tag (`op`, `reply`), which the line already
    /// names; none when nothing else remains.
    fn without_tag<T: Serialize>(value: &T, tag: &str) -> Detail {
        match Detail::json(value) {
            Detail::Json(Value::Object(mut map)) => {
                map.remove(tag);
                if map.is_empty() { Detail::None } else { Detail::Json(Value::Object(map)) }
            }
            other => other,
        }
    }

    /// The detail on one line: never contains a newline.
    pub fn render(&self) -> String {
        match self {
            Detail::None => String::new(),
            Detail::Json(value) => value.to_string(),
            Detail::Text(text) => text.replace('\n', "\\n"),
        }
    }
}

/// One rendered line of an event: what it is called and its values. `reply` lines go
/// back from the entry's `to` to its `from`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub what: String,
    pub detail: Detail,
    /// The line is the answer, from `to` back to `from`.
    pub reply: bool,
}

impl Line {
    fn new(what: impl Into<String>, detail: Detail) -> Self {
        Line { what: what.into(), detail, reply: false }
    }
}

impl TraceEvent {
    /// The event as trace lines: two for a call (the request and its answer), one
    /// otherwise.
    pub fn lines(&self) -> Vec<Line> {
        match self {
            TraceEvent::Call { request, outcome } => {
                let asked = Line::new(request.name(), Detail::without_tag(request, "op"));
                let answer = Line { reply: true, ..outcome_line(outcome) };
                vec![asked, answer]
            }
            other => vec![other.line()],
        }
    }

    fn line(&self) -> Line {
        use Detail::{Json, None, Text};
        use TraceEvent as E;
        let (what, detail) = match self {
            E::Started { seed, clock, policy } => (
                "started",
                Json(serde_json::json!({"seed": seed, "clock": clock, "policy": policy})),
            ),
            E::Timeout { what, waited } => (
                "timeout",
                Text(format!("{} after {} s", Value::String(what.clone()), waited.num_seconds())),
            ),
            E::LimitReached { which } => ("limit reached", Text(which.to_string())),
            E::TestClockFailed { error } => {
                ("test clock failed", Detail::quoted(error.to_string()))
            }
            E::Call { .. } => unreachable!("a call renders as two lines"),
            E::Sent(message) => return sent_line(message),
            E::StrayMessage { clock, .. } => ("stray message", Text(format!("for clock {clock}"))),
            E::SmsLost { text } => ("lost", Detail::quoted(text)),
            E::SmsUndeliverable { text } => ("no phone has this number", Detail::quoted(text)),
            E::SmsDelivered { text } => ("delivered", Detail::quoted(text)),
            E::MailArrived { subject, folder } => match folder {
                Folder::Inbox => ("delivered", Detail::quoted(subject)),
                Folder::Spam => ("filed as spam", Detail::quoted(subject)),
            },
            E::PushShown { body } => ("shown", Detail::quoted(body)),
            E::PushNotShown { cause, body } => {
                ("not shown", Text(format!("{}: {}", cause.as_str(), Value::String(body.clone()))))
            }
            E::NewPerson { email, phone, identity, address } => (
                "new person",
                Json(serde_json::json!({
                    "email": email,
                    "phone": phone.to_string(),
                    "identity": identity,
                    "address": address,
                })),
            ),
            E::NewPhone { os, os_major, model, sim, app_installed } => (
                "new phone",
                Json(serde_json::json!({
                    "os": os, "os_major": os_major, "model": model,
                    "sim": sim.as_ref().map(ToString::to_string), "app_installed": app_installed,
                })),
            ),
            E::AppInstalled => ("app installed", None),
            E::AppNotInstallable => ("app not installable", Text("os outdated".into())),
            E::AppUninstalled => ("app uninstalled", None),
            E::PhoneSettings { change } => ("settings", Text(change.clone())),
            E::NewSim { number } => ("new sim", Text(number.to_string())),
            E::AwayFromHome => ("away from home", None),
            E::AtHome => ("at home", None),
            E::PresentsInPlaceOf => ("presents in place of", None),
            E::MistypesCode { code, typed } => {
                ("mistypes a code", Text(format!("{code} as {typed}")))
            }
            E::DocumentReads { identity } => ("document reads", Detail::json(identity)),
            E::GoesToCounter { office } => ("goes to the counter", Detail::quoted(office.as_str())),
            E::NoSuchOffice => ("no such office", None),
            E::ServiceNotOffered => ("service not offered", Text(NOT_PARTICIPATING.into())),
            E::ReportsCheckAnyway => ("reports a check anyway", Text(NOT_PARTICIPATING.into())),
            E::AsksCounterEnrolment { document_number } => {
                ("asks to create an Identité Numérique", Detail::quoted(document_number))
            }
            E::VisitPlanned { appointment, at, round } => (
                "visit planned",
                Json(serde_json::json!({
                    "appointment": appointment,
                    "at": at.to_rfc3339(),
                    "round": format!("{round:?}"),
                })),
            ),
            E::VisitCancelled { appointment } => {
                ("visit cancelled", Detail::quoted(appointment.as_str()))
            }
            E::UnknownAppointmentCancelled { appointment } => {
                ("unknown appointment cancelled", Detail::quoted(appointment.as_str()))
            }
            E::VisitMissed { reason } => {
                ("visit did not take place", Text(missed_why(*reason).into()))
            }
            E::RingsAndChecks => ("rings and checks", None),
            E::LetterDelivered { letter } => ("letter delivered", Detail::quoted(letter.as_str())),
            E::LetterExpired { letter } => ("letter expired", Detail::quoted(letter.as_str())),
            E::ReviewDone { rejection } => {
                ("review done", Detail::quoted(rejection.as_deref().unwrap_or("verified")))
            }
            E::IdentificationDataKept => ("identification data kept", Text("fraud".into())),
            E::IdentificationDataDeleted { letter } => {
                ("identification data deleted", Detail::quoted(letter.as_str()))
            }
            E::OpensLetter { letter } => ("opens the letter", Detail::quoted(letter.as_str())),
            E::DeclinesLetter { letter } => {
                ("Je ne suis pas cette personne", Detail::quoted(letter.as_str()))
            }
            E::VisualIdentification { letter, identification: i } => (
                "visual identification",
                Json(serde_json::json!({
                    "letter": letter,
                    "document_photo_ok": i.document_photo_ok,
                    "face_video_ok": i.face_video_ok,
                    "tilt_ok": i.tilt_ok,
                    "by_impostor": i.by_impostor,
                })),
            ),
            E::IdentificationImpossible { message } => {
                ("identification impossible", Detail::quoted(message))
            }
            E::TypesVictimNumber { number } => {
                ("types the victim's number", Detail::quoted(number.to_string()))
            }
            E::IdentityReceived { identity } => ("identity", Detail::json(identity)),
            E::IdTokenRefused { error } => ("id_token refused", Detail::quoted(error)),
        };
        Line::new(what, detail)
    }
}

/// Why a clerk turns a visitor away, or reports a check all the same.
const NOT_PARTICIPATING: &str = "not a participating office";

/// The postman's report of a visit that did not take place, in words.
fn missed_why(reason: MissedReason) -> &'static str {
    match reason {
        MissedReason::PostmanUnavailable => "the round leaves no time for the visit",
        MissedReason::PersonAbsent => "nobody answers at the address",
    }
}

/// How a call ended, as the answer's line.
fn outcome_line(outcome: &Result<Reply, CallError>) -> Line {
    match outcome {
        Ok(reply) => Line::new(reply.name(), Detail::without_tag(reply, "reply")),
        Err(CallError::Refused(refusal)) => Line::new("refused", Detail::json(refusal)),
        Err(CallError::Transport { detail, .. }) => {
            Line::new("transport failure", Detail::quoted(detail))
        }
        Err(CallError::Protocol { detail, .. }) => {
            Line::new("protocol violation", Detail::quoted(detail))
        }
    }
}

/// A message the implementation sent, named by its kind.
fn sent_line(message: &OutboundMessage) -> Line {
    match message {
        OutboundMessage::Sms(sms) => Line::new("Sms", Detail::json(sms)),
        OutboundMessage::Email(email) => Line::new("Email", Detail::json(email)),
        OutboundMessage::Push(push) => Line::new("Push", Detail::json(push)),
        OutboundMessage::Ar24Letter(letter) => Line::new("Ar24Letter", Detail::json(letter)),
        OutboundMessage::PostmanBooking(booking) => {
            Line::new("PostmanBooking", Detail::json(booking))
        }
        OutboundMessage::PostmanCancellation(cancel) => {
            Line::new("PostmanCancellation", Detail::json(cancel))
        }
    }
}
