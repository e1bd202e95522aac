//! AR24, the electronic registered letter (LRE) service of online verification (AR24-01
//! to AR24-09): it delivers the letter some minutes after the SUT asks (not at once,
//! AR24-01), reminds the recipient while it is unread (AR24-03), lets it expire after 15
//! days (AR24-04), takes the visual identification, reviews it in 24 to 48 hours
//! (AR24-07), and deletes the identification data 72 hours after the verification unless
//! there is fraud (AR24-08). It reports each step to the SUT as an `Ar24Callback`.

use crate::event::{Ar24Step, Event};
use crate::trace::{Actor, TraceEvent};
use crate::{PersonId, World, WorldError};
use chrono::TimeDelta;
use idn_contract::outbound::{Ar24LetterRequest, Email};
use idn_contract::verification::{Ar24Callback, Ar24Event};
use idn_contract::{DeclaredIdentity, LetterId, Timestamp};
use idn_model::durations::{AR24_PURGE_AFTER, AR24_REVIEW_MAX, AR24_REVIEW_MIN, LRE_LIFETIME};
use std::collections::BTreeMap;

/// The sender of AR24's e-mails.
pub const AR24_SENDER: &str = "AR24 <notifications@ar24.fr>";
/// The subject of the letter's e-mail (AR24-02).
pub const LETTER_SUBJECT: &str = "Vous avez reçu un courrier recommandé électronique";
/// The subject of the reminder (AR24-03).
pub const REMINDER_SUBJECT: &str = "Rappel : Vous avez reçu un courrier recommandé électronique";
/// The subject of the review's result (AR24-07).
pub const RESULT_SUBJECT: &str = "Résultat de la vérification de votre identité";

/// The visual identification, its three actions (AR24-05), and who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identification {
    /// (1) The document's photo: in force, good condition, out of its sleeve, sharp, no
    /// glare, an original.
    pub document_photo_ok: bool,
    /// (2) The face on video saying 3 digits (or showing them written).
    pub face_video_ok: bool,
    /// (3) Tilting the document or turning the head.
    pub tilt_ok: bool,
    /// Someone other than the holder did it (ELIG-05): a fraud, whose data AR24 keeps.
    pub by_impostor: bool,
}

impl Identification {
    /// The holder does all three actions well.
    pub fn genuine() -> Self {
        Self { document_photo_ok: true, face_video_ok: true, tilt_ok: true, by_impostor: false }
    }

    /// Why the review refuses it, if it does.
    pub fn rejection(&self) -> Option<&'static str> {
        if self.by_impostor {
            Some("la personne filmée n'est pas le titulaire de la pièce d'identité")
        } else if !self.document_photo_ok {
            Some("la photo de la pièce d'identité n'est pas exploitable")
        } else if !self.face_video_ok {
            Some("la vidéo du visage n'est pas exploitable")
        } else if !self.tilt_ok {
            Some("le mouvement de la pièce ou de la tête n'a pas été fait")
        } else {
            None
        }
    }
}

/// Where the visual identification runs (AR24-06): a smartphone, or a computer, which
/// needs a webcam and Google Chrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ar24Device {
    Smartphone,
    Computer { webcam: bool, chrome: bool },
}

impl Ar24Device {
    /// What AR24's page says when the identification cannot run on this device, if it
    /// cannot.
    pub fn unsupported(self) -> Option<&'static str> {
        match self {
            Ar24Device::Smartphone | Ar24Device::Computer { webcam: true, chrome: true } => None,
            Ar24Device::Computer { webcam: false, .. } => Some(
                "Aucune webcam détectée : l'identification visuelle nécessite un smartphone ou un ordinateur équipé d'une webcam.",
            ),
            Ar24Device::Computer { chrome: false, .. } => Some(
                "Navigateur non compatible : l'identification visuelle nécessite Google Chrome ou un smartphone.",
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterState {
    /// Asked for, not yet delivered.
    Sending,
    Delivered,
    /// "Je ne suis pas cette personne".
    Declined,
    UnderReview,
    Verified,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub id: LetterId,
    pub recipient_email: String,
    /// What the identification is checked against.
    pub identity: DeclaredIdentity,
    pub requested_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub state: LetterState,
    /// "Voir mon courrier" was clicked.
    pub opened: bool,
    /// Past its 15 days: no longer readable (AR24-04).
    pub expired: bool,
    pub identification: Option<Identification>,
    /// When the visual identification was done (the review's 24 to 48 hours start then).
    pub identified_at: Option<Timestamp>,
    pub reviewed_at: Option<Timestamp>,
    /// AR24 still stores the document photo and the video (AR24-08).
    pub data_held: bool,
}

/// What the recipient sees after "Voir mon courrier" (AR24-02).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterView {
    pub letter: LetterId,
    pub choices: [&'static str; 2],
}

/// AR24's letters, in the order the SUT asked for them.
#[derive(Debug, Default)]
pub struct Ar24 {
    letters: BTreeMap<LetterId, Letter>,
    order: Vec<LetterId>,
}

impl Ar24 {
    pub fn letter(&self, id: &LetterId) -> Option<&Letter> {
        self.letters.get(id)
    }

    /// Every letter, in the order the SUT asked for them.
    pub fn letters(&self) -> impl Iterator<Item = &Letter> {
        self.order.iter().filter_map(|id| self.letters.get(id))
    }

    /// AR24 still stores the identification data of `letter` (AR24-08).
    pub fn holds_identification_data(&self, letter: &LetterId) -> bool {
        self.letters.get(letter).is_some_and(|l| l.data_held)
    }

    /// The latest delivered letter to `email`.
    pub fn latest_delivered_to(&self, email: &str) -> Option<&Letter> {
        self.letters().filter(|l| l.recipient_email == email && l.delivered_at.is_some()).last()
    }
}

impl World {
    pub fn ar24(&self) -> &Ar24 {
        &self.ar24
    }

    /// The SUT asks AR24 to send an LRE: it goes out some minutes later (AR24-01).
    pub(crate) fn ar24_accept(&mut self, request: Ar24LetterRequest) {
        let delay = TimeDelta::seconds(self.stream("ar24").range(120..=1200i64));
        let letter = Letter {
            id: request.letter.clone(),
            recipient_email: request.recipient_email,
            identity: request.identity,
            requested_at: self.now(),
            delivered_at: None,
            state: LetterState::Sending,
            opened: false,
            expired: false,
            identification: None,
            identified_at: None,
            reviewed_at: None,
            data_held: false,
        };
        if self.ar24.letters.insert(letter.id.clone(), letter).is_none() {
            self.ar24.order.push(request.letter.clone());
        }
        let at = self.now() + delay;
        self.schedule(at, Event::Ar24(request.letter, Ar24Step::Deliver));
    }

    pub(crate) async fn ar24_step(&mut self, id: LetterId, step: Ar24Step) {
        let Some(letter) = self.ar24.letters.get(&id).cloned() else { return };
        match step {
            Ar24Step::Deliver => self.ar24_deliver(letter).await,
            Ar24Step::Remind => {
                if letter.state == LetterState::Delivered && !letter.opened && !letter.expired {
                    self.ar24_mail(&letter, REMINDER_SUBJECT, letter_body(&letter));
                }
            }
            Ar24Step::Expire => self.ar24_expire(letter).await,
            Ar24Step::ReviewDone => self.ar24_review(letter).await,
            Ar24Step::Purge => {
                self.letter_mut(&id).data_held = false;
                let deleted = TraceEvent::IdentificationDataDeleted { letter: id };
                self.record(Actor::Ar24, None, deleted);
            }
        }
    }

    async fn ar24_deliver(&mut self, letter: Letter) {
        let now = self.now();
        let l = self.letter_mut(&letter.id);
        l.state = LetterState::Delivered;
        l.delivered_at = Some(now);
        let to = Actor::Mailbox(letter.recipient_email.clone());
        let delivered = TraceEvent::LetterDelivered { letter: letter.id.clone() };
        self.record(Actor::Ar24, Some(to), delivered);
        self.ar24_mail(&letter, LETTER_SUBJECT, letter_body(&letter));
        self.ar24_callback(&letter.id, Ar24Event::Delivered).await;
        let remind_at = now + self.config.policy.lre_reminder_after();
        self.schedule(remind_at, Event::Ar24(letter.id.clone(), Ar24Step::Remind));
        self.schedule(now + LRE_LIFETIME, Event::Ar24(letter.id, Ar24Step::Expire));
    }

    /// 15 days after delivery the letter can no longer be read; if the recipient did
    /// nothing with it, AR24 tells the SUT it expired.
    async fn ar24_expire(&mut self, letter: Letter) {
        self.letter_mut(&letter.id).expired = true;
        self.record(Actor::Ar24, None, TraceEvent::LetterExpired { letter: letter.id.clone() });
        if letter.state == LetterState::Delivered {
            self.ar24_callback(&letter.id, Ar24Event::Expired).await;
        }
    }

    async fn ar24_review(&mut self, letter: Letter) {
        let identification = letter.identification.unwrap_or_else(Identification::genuine);
        let rejection = identification.rejection();
        let now = self.now();
        let l = self.letter_mut(&letter.id);
        l.state = if rejection.is_some() { LetterState::Rejected } else { LetterState::Verified };
        l.reviewed_at = Some(now);
        let (event, body) = match rejection {
            None => (
                Ar24Event::Verified,
                "Bonjour,\n\nVotre identité a été vérifiée.\n\nAR24".to_string(),
            ),
            Some(reason) => (
                Ar24Event::Rejected { reason: reason.to_string() },
                format!(
                    "Bonjour,\n\nLa vérification de votre identité a échoué : {reason}.\n\nAR24"
                ),
            ),
        };
        let done = TraceEvent::ReviewDone { rejection: rejection.map(str::to_string) };
        self.record(Actor::Ar24, None, done);
        self.ar24_mail(&letter, RESULT_SUBJECT, body);
        self.ar24_callback(&letter.id, event).await;
        if identification.by_impostor {
            self.record(Actor::Ar24, None, TraceEvent::IdentificationDataKept);
        } else {
            self.schedule(now + AR24_PURGE_AFTER, Event::Ar24(letter.id, Ar24Step::Purge));
        }
    }

    async fn ar24_callback(&mut self, letter: &LetterId, event: Ar24Event) {
        // A refusal is the SUT's answer to AR24, kept in the trace; AR24 goes on.
        let _ = self.call(&Actor::Ar24, Ar24Callback { letter: letter.clone(), event }).await;
    }

    fn ar24_mail(&mut self, letter: &Letter, subject: &str, body: String) {
        let email = Email {
            to: letter.recipient_email.clone(),
            from: AR24_SENDER.to_string(),
            subject: subject.to_string(),
            body,
        };
        self.mail_accept(email);
    }

    fn letter_mut(&mut self, id: &LetterId) -> &mut Letter {
        self.ar24.letters.get_mut(id).expect("a letter AR24 knows")
    }

    /// The person's latest delivered letter, readable (not expired).
    fn readable_letter(&self, person: PersonId) -> Result<Letter, WorldError> {
        let p = self.person(person);
        let letter = self.ar24.latest_delivered_to(&p.email);
        let letter = letter.ok_or_else(|| WorldError::NoLetter { person: p.actor() })?;
        if letter.expired {
            return Err(WorldError::LetterExpired { letter: letter.id.clone() });
        }
        Ok(letter.clone())
    }

    /// "Voir mon courrier" (AR24-02): refused once the letter expired (AR24-04).
    pub async fn ar24_open_letter(&mut self, person: PersonId) -> Result<LetterView, WorldError> {
        let letter = self.readable_letter(person)?;
        self.letter_mut(&letter.id).opened = true;
        let actor = self.person(person).actor();
        let opens = TraceEvent::OpensLetter { letter: letter.id.clone() };
        self.record(actor, Some(Actor::Ar24), opens);
        Ok(LetterView {
            letter: letter.id,
            choices: ["Confirmer mon identité", "Je ne suis pas cette personne"],
        })
    }

    /// "Je ne suis pas cette personne" (AR24-02).
    pub async fn ar24_decline(&mut self, person: PersonId) -> Result<(), WorldError> {
        let letter = self.decidable_letter(person, "declined")?;
        let l = self.letter_mut(&letter.id);
        l.opened = true;
        l.state = LetterState::Declined;
        let actor = self.person(person).actor();
        let declines = TraceEvent::DeclinesLetter { letter: letter.id.clone() };
        self.record(actor, Some(Actor::Ar24), declines);
        let callback = Ar24Callback { letter: letter.id, event: Ar24Event::Declined };
        self.call(&Actor::Ar24, callback).await?;
        Ok(())
    }

    /// "Confirmer mon identité" and the three actions of AR24-05; the review ends 24 to
    /// 48 hours later (stream `ar24`), at the instant returned.
    pub async fn ar24_identify(
        &mut self,
        person: PersonId,
        identification: Identification,
    ) -> Result<Timestamp, WorldError> {
        let letter = self.decidable_letter(person, "identified")?;
        let (min, max) = (AR24_REVIEW_MIN.num_seconds(), AR24_REVIEW_MAX.num_seconds());
        let now = self.now();
        let review_at = now + TimeDelta::seconds(self.stream("ar24").range(min..=max));
        let l = self.letter_mut(&letter.id);
        l.opened = true;
        l.state = LetterState::UnderReview;
        l.identification = Some(identification);
        l.identified_at = Some(now);
        l.data_held = true;
        let actor = self.person(person).actor();
        let identified =
            TraceEvent::VisualIdentification { letter: letter.id.clone(), identification };
        self.record(actor, Some(Actor::Ar24), identified);
        self.schedule(review_at, Event::Ar24(letter.id.clone(), Ar24Step::ReviewDone));
        self.ar24_callback(&letter.id, Ar24Event::Identified).await;
        Ok(review_at)
    }

    /// "Confirmer mon identité" on `device` (AR24-06): a device that cannot run the
    /// identification gets AR24's message (`Ok(Err(message))`) and the letter stays as it
    /// was, to be identified later on another device; otherwise as [`World::ar24_identify`].
    pub async fn ar24_identify_on(
        &mut self,
        person: PersonId,
        device: Ar24Device,
        identification: Identification,
    ) -> Result<Result<Timestamp, &'static str>, WorldError> {
        self.decidable_letter(person, "identified")?;
        if let Some(message) = device.unsupported() {
            let actor = self.person(person).actor();
            let impossible = TraceEvent::IdentificationImpossible { message: message.to_string() };
            self.record(actor, Some(Actor::Ar24), impossible);
            return Ok(Err(message));
        }
        self.ar24_identify(person, identification).await.map(Ok)
    }

    fn decidable_letter(
        &self,
        person: PersonId,
        action: &'static str,
    ) -> Result<Letter, WorldError> {
        let letter = self.readable_letter(person)?;
        if letter.state != LetterState::Delivered {
            let state = format!("{:?}", letter.state).to_lowercase();
            return Err(WorldError::LetterState { letter: letter.id, action, state });
        }
        Ok(letter)
    }
}

fn letter_body(letter: &Letter) -> String {
    let names = letter.identity.given_names.join(" ");
    format!(
        "Bonjour {names} {},\n\nVous avez reçu un courrier recommandé électronique de La Poste - \
         L'Identité Numérique. Vous disposez de quinze jours pour en prendre connaissance.\n\n\
         Voir mon courrier : https://www.ar24.fr/lre/consulter?ref={}\n\nAR24",
        letter.identity.birth_name, letter.id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks AR24-06: a smartphone, or a computer with a webcam and Google Chrome; nothing else.
    #[test]
    fn identification_devices() {
        assert_eq!(Ar24Device::Smartphone.unsupported(), None);
        assert_eq!(Ar24Device::Computer { webcam: true, chrome: true }.unsupported(), None);
        assert!(Ar24Device::Computer { webcam: false, chrome: true }.unsupported().is_some());
        assert!(Ar24Device::Computer { webcam: true, chrome: false }.unsupported().is_some());
        assert!(Ar24Device::Computer { webcam: false, chrome: false }.unsupported().is_some());
    }
}
