//! AR24 at work, the registered letter (LRE) service of online verification (AR24-01 to
//! AR24-09): it delivers the letter some minutes after the SUT asks (not at once,
//! AR24-01), reminds the recipient while it is unread (AR24-03), lets it expire after 15
//! days (AR24-04), takes the visual identification, reviews it in 24 to 48 hours
//! (AR24-07), and deletes the identification data 72 hours after the verification unless
//! there is fraud (AR24-08). It reports each step to the SUT as an `Ar24Callback`; its
//! letters and texts are in `actors/ar24.rs`.

use crate::actors::ar24::{
    AR24_SENDER, Ar24, Ar24Device, Identification, LETTER_SUBJECT, Letter, LetterState, LetterView,
    REMINDER_SUBJECT, RESULT_SUBJECT, letter_body,
};
use crate::event::{Ar24Step, Event};
use crate::trace::{Actor, TraceEvent};
use crate::{PersonId, World, WorldError};
use chrono::TimeDelta;
use idn_contract::outbound::{Ar24LetterRequest, Email};
use idn_contract::verification::{Ar24Callback, Ar24Event};
use idn_contract::{LetterId, Timestamp};
use idn_model::durations::{AR24_PURGE_AFTER, AR24_REVIEW_MAX, AR24_REVIEW_MIN, LRE_LIFETIME};

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
        self.ar24.insert(letter);
        let at = self.now() + delay;
        self.schedule(at, Event::Ar24(request.letter, Ar24Step::Deliver));
    }

    pub(crate) async fn ar24_step(&mut self, id: LetterId, step: Ar24Step) {
        let Some(letter) = self.ar24.letter(&id).cloned() else { return };
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
                self.ar24.letter_mut(&id).data_held = false;
                let deleted = TraceEvent::IdentificationDataDeleted { letter: id };
                self.record(Actor::Ar24, None, deleted);
            }
        }
    }

    async fn ar24_deliver(&mut self, letter: Letter) {
        let now = self.now();
        let l = self.ar24.letter_mut(&letter.id);
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
        self.ar24.letter_mut(&letter.id).expired = true;
        self.record(Actor::Ar24, None, TraceEvent::LetterExpired { letter: letter.id.clone() });
        if letter.state == LetterState::Delivered {
            self.ar24_callback(&letter.id, Ar24Event::Expired).await;
        }
    }

    async fn ar24_review(&mut self, letter: Letter) {
        let identification = letter.identification.unwrap_or_else(Identification::genuine);
        let rejection = identification.rejection();
        let now = self.now();
        let l = self.ar24.letter_mut(&letter.id);
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
        self.ar24.letter_mut(&letter.id).opened = true;
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
        let l = self.ar24.letter_mut(&letter.id);
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
        let l = self.ar24.letter_mut(&letter.id);
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
