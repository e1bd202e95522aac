//! The one piece of code that plays a [`Step`] in a world: the fuzzer and the regression
//! features both call [`Driver::perform`]. It drives the SUT as the person, their phones,
//! a clerk or a fraudster would, through the world's actors, and reports what the SUT
//! answered to each decisive request, without judging it (that is [`super::check`]'s job).

use super::step::{CounterCode, DocumentChoice, ModeChoice, Phone, PinChoice, Step};
use crate::flows::{account, inbox};
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::activation::{
    AppChallenge, AppConfirmSms, AppDocumentSuffix, AppPurpose, AppSetPin, AppStart,
};
use idn_contract::enrolment::{
    EnrolmentConfirmIdentity, EnrolmentDeclareDocument, EnrolmentSubmitIdentity,
    EspaceClientStatus, EspaceClientView,
};
use idn_contract::management::{IdentityBlock, IdentityDelete, IdentityUnblock};
use idn_contract::verification::{VerificationChoose, VerificationMode};
use idn_contract::{
    AuthRequestId, CallError, Channel, DeviceId, PostOfficeId, SessionToken, Timestamp,
};
use idn_model::oracle::Typing;
use idn_world::{
    Behaviour, Identification, LetterState, PersonId, PersonSpec, PhoneSpec, SimCard, phone_actor,
};
use std::collections::BTreeMap;

/// The name the regression features give the person.
pub const PERSON: &str = "Camille";
/// The participating office the person goes to.
const OFFICE: &str = "po-75001-louvre";
/// The document suffix a person who does not know it types.
const WRONG_SUFFIX: &str = "ZZ99";

/// What the SUT answered to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    /// Refused with this contract code.
    Refused(String),
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Answer::Accepted => f.write_str("accepted"),
            Answer::Refused(code) => write!(f, "refused `{code}`"),
        }
    }
}

/// One decisive request of a step: when it was made, where it sits in the trace, and
/// what the SUT answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Played {
    pub at: Timestamp,
    pub trace_index: usize,
    pub answer: Answer,
    /// For an in-person check: whether the SUT recorded the identity as verified.
    pub verified: Option<bool>,
}

/// What a step did: its decisive requests, or nothing when there was nothing to do in
/// the world (no letter to open, no appointment to miss, no approval to replay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Played(Vec<Played>),
    Nothing(&'static str),
}

/// What the driver remembers of a journey: only what the person, their phones and a
/// fraudster could know, never the oracle's view.
#[derive(Debug, Clone)]
pub struct Driver {
    pub person: PersonId,
    pub session: SessionToken,
    pub devices: BTreeMap<Phone, DeviceId>,
    /// The secret code the SUT last accepted.
    pub pin: String,
    /// The smartphone the SUT last activated.
    pub active: Option<Phone>,
    /// The last approved login: (device, request, code), for a fraudster to replay.
    pub approved: Option<(DeviceId, AuthRequestId, String)>,
    pub appointment: Option<idn_contract::AppointmentId>,
}

/// A refusal is an answer; anything else the SUT does wrong stops the journey.
fn answer<T>(j: &Journey, result: Result<T, CallError>) -> Result<Result<T, String>, JourneyError> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(CallError::Refused(refusal)) => Ok(Err(refusal.code.to_string())),
        Err(other) => Err(j.call_error(other)),
    }
}

impl Driver {
    /// The fixed prefix of every journey: Camille creates a Compte La Poste (e-mail and
    /// mobile confirmed), answers « Oui » to ÉTAPE 13, and owns a second smartphone.
    pub async fn start(j: &mut Journey) -> Result<Driver, JourneyError> {
        let behaviour = Behaviour { mistypes_codes: false, ..Behaviour::default() };
        let spec = PersonSpec { behaviour: Some(behaviour), ..PersonSpec::default() };
        let person = j.world.add_person(&PERSON.to_lowercase(), spec);
        let session = account::create(j, person).await?;
        let me = j.world.person(person).actor();
        j.step("Camille answers « Oui » to « Avez vous une pièce d'identité française ? »");
        let declare =
            EnrolmentDeclareDocument { session: session.clone(), has_french_document: true };
        j.call(&me, declare).await?;
        let a = j.world.person(person).device.clone();
        let b = j.world.add_phone(person, PhoneSpec { sim: SimCard::None, ..PhoneSpec::default() });
        let pin = j.world.person(person).pin.clone();
        Ok(Driver {
            person,
            session,
            devices: BTreeMap::from([(Phone::A, a), (Phone::B, b)]),
            pin,
            active: None,
            approved: None,
            appointment: None,
        })
    }

    fn device(&self, phone: Phone) -> DeviceId {
        self.devices[&phone].clone()
    }

    fn me(&self, j: &Journey) -> String {
        j.world.person(self.person).actor()
    }

    fn suffix(&self, j: &Journey, ok: bool) -> String {
        match ok {
            true => j.world.person(self.person).identity.document.last4().to_string(),
            false => WRONG_SUFFIX.to_string(),
        }
    }

    /// Makes one request and notes its answer.
    async fn play<O: idn_contract::Operation>(
        &self,
        j: &mut Journey,
        actor: &str,
        op: O,
    ) -> Result<(Played, Option<O::Reply>), JourneyError> {
        let (at, trace_index) = (j.world.now(), j.world.trace().entries().len());
        let result = j.world.call(actor, op).await;
        let (answer, reply) = match answer(j, result)? {
            Ok(reply) => (Answer::Accepted, Some(reply)),
            Err(code) => (Answer::Refused(code), None),
        };
        Ok((Played { at, trace_index, answer, verified: None }, reply))
    }

    /// Plays `step`; what the world's actors did meanwhile is in the trace.
    pub async fn perform(&mut self, j: &mut Journey, step: &Step) -> Result<Outcome, JourneyError> {
        j.step(format!("{PERSON} {step}"));
        match *step {
            Step::Submit(document) => self.submit(j, document).await,
            Step::Confirm => {
                let op = EnrolmentConfirmIdentity { session: self.session.clone() };
                let me = self.me(j);
                Ok(Outcome::Played(vec![self.play(j, &me, op).await?.0]))
            }
            Step::Choose(mode) => self.choose(j, mode).await,
            Step::Counter(code) => self.counter(j, code).await,
            Step::Ar24Identify => self.ar24_identify(j).await,
            Step::PostmanNoShow => match &self.appointment {
                Some(appointment) => {
                    j.world.postman_mut().force_no_show(appointment);
                    Ok(Outcome::Played(Vec::new()))
                }
                None => Ok(Outcome::Nothing("no appointment was booked")),
            },
            Step::Wait(wait) => {
                let ran = j.world.run_for(wait.delta()).await;
                ran.map_err(|e| j.world_error(e))?;
                Ok(Outcome::Played(Vec::new()))
            }
            Step::Activate { phone, sms, suffix_ok, pin } => {
                self.activate(j, phone, sms, suffix_ok, pin).await
            }
            Step::ChangePin { phone, pin } => self.change_pin(j, phone, pin).await,
            Step::Login { phone, pin_ok } => self.login(j, Some(phone), Some(pin_ok)).await,
            Step::RefuseLogin { phone } => self.login(j, Some(phone), None).await,
            Step::Flood { count } => {
                let mut played = Vec::new();
                for _ in 0..count {
                    played.extend(self.login(j, None, None).await?.played());
                }
                Ok(Outcome::Played(played))
            }
            Step::ReplayApproval => self.replay_approval(j).await,
            Step::GuessPin { count } => {
                let mut played = Vec::new();
                for _ in 0..count {
                    played.extend(self.login(j, Some(Phone::A), Some(false)).await?.played());
                }
                Ok(Outcome::Played(played))
            }
            Step::Block { suffix_ok } => {
                let via = Channel::Web { session: self.session.clone() };
                let op = IdentityBlock { via, document_suffix: self.suffix(j, suffix_ok) };
                let me = self.me(j);
                Ok(Outcome::Played(vec![self.play(j, &me, op).await?.0]))
            }
            Step::Unblock { suffix_ok } => {
                let session = self.session.clone();
                let op = IdentityUnblock { session, document_suffix: self.suffix(j, suffix_ok) };
                let me = self.me(j);
                Ok(Outcome::Played(vec![self.play(j, &me, op).await?.0]))
            }
            Step::Delete { via_app, confirmed, suffix_ok } => {
                let (via, actor) = match via_app {
                    true => {
                        let device = self.device(self.active.unwrap_or(Phone::A));
                        (Channel::App { device_id: device.clone() }, phone_actor(&device))
                    }
                    false => (Channel::Web { session: self.session.clone() }, self.me(j)),
                };
                let document_suffix = self.suffix(j, suffix_ok);
                let op = IdentityDelete { via, confirmed, document_suffix };
                Ok(Outcome::Played(vec![self.play(j, &actor, op).await?.0]))
            }
        }
    }

    async fn submit(
        &mut self,
        j: &mut Journey,
        document: DocumentChoice,
    ) -> Result<Outcome, JourneyError> {
        let mut identity = j.world.person(self.person).identity.clone();
        let today = j.world.now().date_naive();
        identity.document = submitted_document(&identity, document, today);
        let me = self.me(j);
        // ÉTAPE 13 again: a confirmation clears the answer, a new identity asks it again.
        // Its answer is the submission's (an identity that exists refuses both).
        let declare =
            EnrolmentDeclareDocument { session: self.session.clone(), has_french_document: true };
        let declared = j.world.call(&me, declare).await;
        answer(j, declared)?.ok();
        let op = EnrolmentSubmitIdentity { session: self.session.clone(), identity };
        Ok(Outcome::Played(vec![self.play(j, &me, op).await?.0]))
    }

    async fn choose(&mut self, j: &mut Journey, mode: ModeChoice) -> Result<Outcome, JourneyError> {
        let p = j.world.person(self.person).clone();
        let mode = match mode {
            ModeChoice::PostOffice => VerificationMode::PostOffice,
            ModeChoice::Postman => {
                let date = j.world.now().date_naive() + TimeDelta::days(2);
                VerificationMode::Postman { date, address: p.address.clone() }
            }
            ModeChoice::Online { cgu } => VerificationMode::Online { ar24_cgu_accepted: cgu },
        };
        let in_person = !matches!(mode, VerificationMode::Online { .. });
        let op = VerificationChoose { session: self.session.clone(), mode };
        let (played, reply) = self.play(j, &p.actor(), op).await?;
        if let Some(started) = reply {
            self.appointment = started.appointment.clone().or(self.appointment.take());
            if in_person {
                // The activation code comes by SMS (VER-02); the person waits for it.
                let mark = "code d'activation";
                let max = TimeDelta::minutes(10);
                inbox::wait_for_sms_containing(j, &p.phone_number, mark, max).await?;
            }
        }
        Ok(Outcome::Played(vec![played]))
    }

    async fn counter(
        &mut self,
        j: &mut Journey,
        code: CounterCode,
    ) -> Result<Outcome, JourneyError> {
        let office = PostOfficeId::new(OFFICE);
        let (at, trace_index) = (j.world.now(), j.world.trace().entries().len());
        let outcome = match code {
            CounterCode::Latest => j.world.visit_post_office(self.person, &office, None).await,
            CounterCode::Wrong => {
                let shown = idn_world::actors::post_office::Shown {
                    activation_code: Some("000000".to_string()),
                    document: None,
                };
                j.world.visit_post_office_showing(self.person, &office, shown).await
            }
        };
        let (answer, verified) = match answer(j, outcome)? {
            Ok(idn_world::CounterOutcome::Checked(recorded)) => {
                (Answer::Accepted, Some(recorded.verified))
            }
            Ok(other) => {
                return Err(j.unexpected(
                    "the clerk of a participating office checks",
                    format!("{other:?}"),
                ));
            }
            Err(code) => (Answer::Refused(code), None),
        };
        Ok(Outcome::Played(vec![Played { at, trace_index, answer, verified }]))
    }

    /// Waits for AR24's letter if it is on its way, then opens it and does the visual
    /// identification; AR24 tells the SUT (a world call, checked from the trace).
    async fn ar24_identify(&mut self, j: &mut Journey) -> Result<Outcome, JourneyError> {
        let email = j.world.person(self.person).email.clone();
        let sending = |w: &idn_world::World, email: &str| {
            w.ar24()
                .letters()
                .any(|l| l.recipient_email == email && l.state == LetterState::Sending)
        };
        if sending(&j.world, &email) {
            let owned = email.clone();
            let waited = j
                .world
                .run_until("AR24's letter", move |w| !sending(w, &owned), TimeDelta::hours(1))
                .await;
            waited.map_err(|e| j.world_error(e))?;
        }
        if j.world.ar24_open_letter(self.person).await.is_err() {
            return Ok(Outcome::Nothing("no letter can be opened"));
        }
        match j.world.ar24_identify(self.person, Identification::genuine()).await {
            Ok(_) => Ok(Outcome::Played(Vec::new())),
            Err(_) => Ok(Outcome::Nothing("the letter cannot be identified")),
        }
    }

    async fn activate(
        &mut self,
        j: &mut Journey,
        phone: Phone,
        sms: Typing,
        suffix_ok: bool,
        pin: PinChoice,
    ) -> Result<Outcome, JourneyError> {
        let device = self.device(phone);
        let pin = pin.pin(&self.pin);
        let (played, challenge) =
            match self.challenge(j, &device, AppPurpose::Activate, sms).await? {
                Ok(started) => started,
                Err(refused) => return Ok(Outcome::Played(vec![refused])),
            };
        let actor = phone_actor(&device);
        if challenge.needs_document_suffix {
            let last4 = self.suffix(j, suffix_ok);
            let op = AppDocumentSuffix { challenge: challenge.challenge.clone(), last4 };
            let (played, _) = self.play(j, &actor, op).await?;
            if played.answer != Answer::Accepted {
                return Ok(Outcome::Played(vec![played]));
            }
        }
        let op = AppSetPin { challenge: challenge.challenge, pin: pin.clone() };
        let (mut last, reply) = self.play(j, &actor, op).await?;
        if reply.is_some() {
            j.world.phone_mut(&device).set_app_activated(true);
            self.pin = pin;
            self.active = Some(phone);
        }
        last.at = played.at;
        Ok(Outcome::Played(vec![last]))
    }

    async fn change_pin(
        &mut self,
        j: &mut Journey,
        phone: Phone,
        pin: PinChoice,
    ) -> Result<Outcome, JourneyError> {
        let device = self.device(phone);
        let pin = pin.pin(&self.pin);
        let challenge =
            match self.challenge(j, &device, AppPurpose::ChangePin, Typing::OnTime).await? {
                Ok((_, challenge)) => challenge,
                Err(refused) => return Ok(Outcome::Played(vec![refused])),
            };
        let op = AppSetPin { challenge: challenge.challenge, pin: pin.clone() };
        let (played, reply) = self.play(j, &phone_actor(&device), op).await?;
        if reply.is_some() {
            self.pin = pin;
        }
        Ok(Outcome::Played(vec![played]))
    }

    /// "Commencer" (or "Modifier votre code secret") on `device`, then the SMS code typed
    /// as `sms` says. `Err` holds the refusal that ended it.
    async fn challenge(
        &mut self,
        j: &mut Journey,
        device: &DeviceId,
        purpose: AppPurpose,
        sms: Typing,
    ) -> Result<Result<(Played, AppChallenge), Played>, JourneyError> {
        let p = j.world.person(self.person).clone();
        let actor = phone_actor(device);
        let start = AppStart {
            device: j.world.device_info(device),
            email: p.email.clone(),
            password: p.password.clone(),
            purpose,
        };
        let (started, reply) = self.play(j, &actor, start).await?;
        let Some(challenge) = reply else { return Ok(Err(started)) };
        let code = inbox::wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
        let code = match sms {
            Typing::OnTime => code,
            Typing::Wrong => wrong_code(&code),
            Typing::Late => {
                let ttl = j.world.config().policy.sms_code_ttl();
                let ran = j.world.run_for(ttl + TimeDelta::seconds(1)).await;
                ran.map_err(|e| j.world_error(e))?;
                code
            }
        };
        let op = AppConfirmSms { challenge: challenge.challenge.clone(), code };
        let (confirmed, _) = self.play(j, &actor, op).await?;
        if confirmed.answer != Answer::Accepted {
            return Ok(Err(confirmed));
        }
        Ok(Ok((started, challenge)))
    }

    /// A login request for the person's number; with `phone`, answered in the app on it:
    /// approved with the right secret code or a wrong one (`Some(pin_ok)`), or refused
    /// (`None`). Without `phone`, nobody answers (a fraudster's request).
    async fn login(
        &mut self,
        j: &mut Journey,
        phone: Option<Phone>,
        pin_ok: Option<bool>,
    ) -> Result<Outcome, JourneyError> {
        let service = crate::flows::login::MON_COMPTE_FORMATION;
        let (at, trace_index) = (j.world.now(), j.world.trace().entries().len());
        let acr = idn_contract::login::Acr::Eidas2;
        let started = j.world.partner_login_start(self.person, service, acr).await;
        let attempt = match answer(j, started)? {
            Ok(attempt) => attempt,
            Err(code) => {
                let answer = Answer::Refused(code);
                return Ok(Outcome::Played(vec![Played {
                    at,
                    trace_index,
                    answer,
                    verified: None,
                }]));
            }
        };
        let accepted = Played { at, trace_index, answer: Answer::Accepted, verified: None };
        let Some(phone) = phone else { return Ok(Outcome::Played(vec![accepted])) };
        let device = self.device(phone);
        // The notification reaches the active smartphone in a few seconds (ACT-04).
        j.world.run_for(TimeDelta::seconds(5)).await.map_err(|e| j.world_error(e))?;
        let result = match pin_ok {
            Some(ok) => {
                let pin = if ok { self.pin.clone() } else { PinChoice::Other.pin(&self.pin) };
                let approved = j.world.app_approve(&device, &attempt.request, &pin).await;
                if approved.is_ok() {
                    self.approved = Some((device.clone(), attempt.request.clone(), pin));
                }
                approved
            }
            None => j.world.app_refuse(&device, &attempt.request).await,
        };
        let answer = match answer(j, result)? {
            Ok(_) => Answer::Accepted,
            Err(code) => Answer::Refused(code),
        };
        if answer == Answer::Accepted && pin_ok.is_some() {
            // The service gets the identity: the login really succeeded (AUTH-01).
            let finished = j.world.partner_login_finish(&attempt).await;
            finished.map_err(|e| j.world_error(e))?;
        }
        Ok(Outcome::Played(vec![Played { at, trace_index, answer, verified: None }]))
    }

    /// A fraudster sends the last approval again, as the phone sent it.
    async fn replay_approval(&mut self, j: &mut Journey) -> Result<Outcome, JourneyError> {
        let Some((device, request, pin)) = self.approved.clone() else {
            return Ok(Outcome::Nothing("no login was approved yet"));
        };
        let op = idn_contract::login::AppApprove { device_id: device, request, pin };
        Ok(Outcome::Played(vec![self.play(j, "fraudster", op).await?.0]))
    }

    /// The Espace Client as the person reads it (a new web session if the old one ended).
    pub async fn espace_client(
        &mut self,
        j: &mut Journey,
    ) -> Result<EspaceClientView, JourneyError> {
        let me = self.me(j);
        let op = EspaceClientStatus { session: self.session.clone() };
        let result = j.world.call(&me, op).await;
        match answer(j, result)? {
            Ok(view) => Ok(view),
            Err(_) => {
                self.session = account::login(j, self.person).await?;
                let op = EspaceClientStatus { session: self.session.clone() };
                j.call(&me, op).await
            }
        }
    }

    /// Whether the app on `phone` may list its pending requests: only the active
    /// smartphone of a usable identity may (MGT-08).
    pub async fn app_works(&self, j: &mut Journey, phone: Phone) -> Result<Answer, JourneyError> {
        let device = self.device(phone);
        let result = j.world.app_pending(&device).await;
        Ok(match answer(j, result)? {
            Ok(_) => Answer::Accepted,
            Err(code) => Answer::Refused(code),
        })
    }
}

impl Outcome {
    /// The decisive requests (none when there was nothing to do).
    pub fn played(self) -> Vec<Played> {
        match self {
            Outcome::Played(played) => played,
            Outcome::Nothing(_) => Vec::new(),
        }
    }
}

/// The document as the person types it: their own, or with an expiry date 30 days ago.
pub fn submitted_document(
    identity: &idn_contract::DeclaredIdentity,
    choice: DocumentChoice,
    today: chrono::NaiveDate,
) -> idn_contract::DocumentData {
    let mut document = identity.document.clone();
    if choice == DocumentChoice::Expired {
        document.expires_on = today - TimeDelta::days(30);
        document.issued_on = today - TimeDelta::days(30 + 365 * 10);
    }
    document
}

/// A code of the same length that is not `code`.
fn wrong_code(code: &str) -> String {
    code.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + 1) % 10, 10).unwrap_or('0'),
            None => c,
        })
        .collect()
}
