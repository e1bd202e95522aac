//! The one piece of code that plays a [`Step`] in a world: the fuzzer and the regression
//! features both call [`Driver::perform`]. It drives the SUT as the person, their phones,
//! a clerk or a fraudster would, through the world's actors, and reports what the SUT
//! answered to each decisive request, without judging it (that is [`super::check`]'s job).

use super::step::{
    CounterCode, DocumentChoice, Handset, ModeChoice, Phone, PinChoice, PushCause, Step,
};
use crate::flows::{account, inbox};
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::activation::{
    AppChallenge, AppConfirmEmail, AppConfirmSms, AppDocumentSuffix, AppNewNumber, AppPurpose,
    AppSetPin, AppStart,
};
use idn_contract::enrolment::{
    EnrolmentConfirmIdentity, EnrolmentDeclareDocument, EnrolmentSubmitIdentity,
    EspaceClientStatus, EspaceClientView,
};
use idn_contract::management::{IdentityBlock, IdentityDelete, IdentityUnblock};
use idn_contract::verification::{VerificationChoose, VerificationMode};
use idn_contract::{
    AuthRequestId, CallError, Channel, DeviceId, PostOfficeId, RefusalCode, SessionToken, Timestamp,
};
use idn_model::oracle::Typing;
use idn_world::{
    Actor, Behaviour, FraudsterId, Identification, Knowledge, LetterState, PersonId, PersonSpec,
    PhoneSpec, SimCard, phone_actor,
};
use std::collections::BTreeMap;

/// The name the regression features give the person.
pub const PERSON: &str = "Camille";
/// The participating office the person goes to.
const OFFICE: &str = "po-75001-louvre";
/// The document suffix a person who does not know it types.
const WRONG_SUFFIX: &str = "ZZ99";
/// The fraudster of « Nouveau numéro », and the secret code they choose.
const FRAUDSTER: &str = "mallory";
pub const FRAUDSTER_PIN: &str = "1357";

/// What the SUT answered to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    /// Refused with this contract code.
    Refused(RefusalCode),
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
    /// For the app's pending requests, when listed: whether the login under way is among
    /// them (AUTH-04).
    pub listed: Option<bool>,
    /// For an approved login completed at the service: the id_token's `sub` (SEC-12).
    pub sub: Option<String>,
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
    /// Every login request the SUT took, in order (AUTH-01): any may be answered later.
    pub requests: Vec<idn_world::LoginAttempt>,
    pub appointment: Option<idn_contract::AppointmentId>,
    /// The last SMS code of an app challenge the SUT accepted (used once: a replay must
    /// be refused).
    pub used_sms_code: Option<String>,
    /// The smartphones the person lost, in order (whoever finds one may use its app).
    pub lost: Vec<DeviceId>,
    /// A fraudster who knows the person's number, e-mail, password and document number,
    /// with a smartphone and a number of their own.
    pub fraudster: FraudsterId,
}

/// A refusal is an answer; anything else the SUT does wrong stops the journey.
fn answer<T>(
    j: &Journey,
    result: Result<T, CallError>,
) -> Result<Result<T, RefusalCode>, JourneyError> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(CallError::Refused(refusal)) => Ok(Err(refusal.code)),
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
        let knows = Knowledge::everything_about(j.world.person(person));
        let fraudster = j.world.add_fraudster(FRAUDSTER, knows);
        Ok(Driver {
            person,
            session,
            devices: BTreeMap::from([(Phone::A, a), (Phone::B, b)]),
            pin,
            active: None,
            approved: None,
            requests: Vec::new(),
            appointment: None,
            used_sms_code: None,
            lost: Vec::new(),
            fraudster,
        })
    }

    fn device(&self, phone: Phone) -> DeviceId {
        self.devices[&phone].clone()
    }

    fn me(&self, j: &Journey) -> Actor {
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
        actor: &Actor,
        op: O,
    ) -> Result<(Played, Option<O::Reply>), JourneyError> {
        let (at, trace_index) = (j.world.now(), j.world.trace().entries().len());
        let result = j.world.call(actor, op).await;
        let (answer, reply) = match answer(j, result)? {
            Ok(reply) => (Answer::Accepted, Some(reply)),
            Err(code) => (Answer::Refused(code), None),
        };
        Ok((Played { at, trace_index, answer, verified: None, listed: None, sub: None }, reply))
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
            Step::LosePhone { phone } => {
                self.lose_phone(j, phone);
                Ok(Outcome::Played(Vec::new()))
            }
            Step::Activate { phone, sms, suffix_ok, pin } => {
                self.activate(j, phone, sms, suffix_ok, pin).await
            }
            Step::ChangePin { phone, pin } => self.change_pin(j, phone, pin).await,
            Step::Login { phone, pin_ok } => self.login(j, Some(phone), Some(pin_ok)).await,
            Step::RefuseLogin { phone } => self.login(j, Some(phone), None).await,
            Step::LoginUnnotified { phone, cause } => self.login_unnotified(j, phone, cause).await,
            Step::Flood { count } => {
                let mut played = Vec::new();
                for _ in 0..count {
                    played.extend(self.login(j, None, None).await?.played());
                }
                Ok(Outcome::Played(played))
            }
            Step::ReplayApproval => self.replay_approval(j).await,
            Step::StartLogin => self.login(j, None, None).await,
            Step::AnswerLogin { back, handset, approve } => {
                self.answer_login(j, back, handset, approve).await
            }
            Step::NewNumberAttack => self.new_number_attack(j).await,
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

    /// The phone in slot `phone` is lost; a new one of the same system takes its slot,
    /// with a new SIM card of the same number if the lost one held the SIM.
    fn lose_phone(&mut self, j: &mut Journey, phone: Phone) {
        let old = self.device(phone);
        let (os, os_major, had_sim) = {
            let p = j.world.phone(&old);
            (p.os, p.os_major, p.sim.is_some())
        };
        j.world.phone_mut(&old).set_lost(true);
        let sim = if had_sim { SimCard::OwnersNumber } else { SimCard::None };
        let spec = PhoneSpec { os, os_major, sim, ..PhoneSpec::default() };
        let new = j.world.add_phone(self.person, spec);
        j.note(format!("{PERSON} loses the smartphone {old} and replaces it with {new}"));
        self.devices.insert(phone, new);
        self.lost.push(old);
        if self.active == Some(phone) {
            self.active = None;
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
                // Not the latest code sent: a fixed guess was the SUT's own code once in a
                // million cases (make fuzz-long, seed 9, case 19692).
                let shown = idn_world::actors::post_office::Shown {
                    activation_code: Some(self.wrong_activation_code(j)),
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
        Ok(Outcome::Played(vec![Played {
            at,
            trace_index,
            answer,
            verified,
            listed: None,
            sub: None,
        }]))
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
            // The code of an earlier challenge, already used once (none yet: one never sent).
            Typing::Reused => match self.used_sms_code.clone() {
                Some(used) if used != code => used,
                _ => wrong_code(&code),
            },
        };
        let op = AppConfirmSms { challenge: challenge.challenge.clone(), code: code.clone() };
        let (confirmed, _) = self.play(j, &actor, op).await?;
        if confirmed.answer != Answer::Accepted {
            return Ok(Err(confirmed));
        }
        self.used_sms_code = Some(code);
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
        let (at, trace_index) = (j.world.now(), j.world.trace().entries().len());
        let attempt = match self.start_login(j).await? {
            Ok(attempt) => attempt,
            Err(refused) => return Ok(refused),
        };
        let accepted = Played {
            at,
            trace_index,
            answer: Answer::Accepted,
            verified: None,
            listed: None,
            sub: None,
        };
        let Some(phone) = phone else { return Ok(Outcome::Played(vec![accepted])) };
        let device = self.device(phone);
        // The notification reaches the active smartphone in a few seconds (ACT-04).
        j.world.run_for(TimeDelta::seconds(5)).await.map_err(|e| j.world_error(e))?;
        let (answer, sub) = self.answer_request(j, &attempt, &device, pin_ok).await?;
        Ok(Outcome::Played(vec![Played {
            at,
            trace_index,
            answer,
            verified: None,
            listed: None,
            sub,
        }]))
    }

    /// The app on `device` answers `attempt`: approved with the right secret code or a
    /// wrong one (`Some(pin_ok)`), or refused (`None`); an approval the SUT takes is
    /// completed at the service. The answer, and the `sub` of a completed login.
    async fn answer_request(
        &mut self,
        j: &mut Journey,
        attempt: &idn_world::LoginAttempt,
        device: &DeviceId,
        approve: Option<bool>,
    ) -> Result<(Answer, Option<String>), JourneyError> {
        let (result, pin) = match approve {
            Some(ok) => {
                let pin = if ok { self.pin.clone() } else { PinChoice::Other.pin(&self.pin) };
                (j.world.app_approve(device, &attempt.request, &pin).await, Some(pin))
            }
            None => (j.world.app_refuse(device, &attempt.request).await, None),
        };
        Ok(match (answer(j, result)?, pin) {
            (Ok(_), Some(pin)) => {
                self.approved = Some((device.clone(), attempt.request.clone(), pin));
                // The service gets the identity: the login really succeeded (AUTH-01).
                (Answer::Accepted, Some(self.finish_login(j, attempt).await?))
            }
            (Ok(_), None) => (Answer::Accepted, None),
            (Err(code), _) => (Answer::Refused(code), None),
        })
    }

    /// Starts a login at Mon Compte Formation at FranceConnect+ level by the person's number;
    /// a refusal is then the step's whole outcome (`Err`).
    async fn start_login(
        &mut self,
        j: &mut Journey,
    ) -> Result<Result<idn_world::LoginAttempt, Outcome>, JourneyError> {
        let service = crate::flows::login::MON_COMPTE_FORMATION;
        let (at, trace_index) = (j.world.now(), j.world.trace().entries().len());
        let acr = idn_contract::login::Acr::Eidas2;
        let started = j.world.partner_login_start(self.person, service, acr).await;
        let started = answer(j, started)?;
        if let Ok(attempt) = &started {
            self.requests.push(attempt.clone());
        }
        Ok(started.map_err(|code| {
            let answer = Answer::Refused(code);
            Outcome::Played(vec![Played {
                at,
                trace_index,
                answer,
                verified: None,
                listed: None,
                sub: None,
            }])
        }))
    }

    /// A login whose notification `cause` keeps from showing on `phone` (PUSH-01): the
    /// person opens the app by hand, looks for the request (AUTH-04) and approves it with
    /// the secret code. The phone's setting is restored afterwards. Its answers: the
    /// login's (the request, then the approval), then the app's list.
    async fn login_unnotified(
        &mut self,
        j: &mut Journey,
        phone: Phone,
        cause: PushCause,
    ) -> Result<Outcome, JourneyError> {
        let device = self.device(phone);
        let set = |j: &mut Journey, on: bool| {
            let p = j.world.phone_mut(&device);
            match cause {
                PushCause::NotificationsOff => p.set_notifications_allowed(!on),
                PushCause::DoNotDisturb => p.set_do_not_disturb(on),
                PushCause::BatterySaver => p.set_battery_saver_restricts_app(on),
            }
        };
        set(j, true);
        let outcome = self.open_app_and_approve(j, &device).await;
        set(j, false);
        outcome
    }

    async fn open_app_and_approve(
        &mut self,
        j: &mut Journey,
        device: &DeviceId,
    ) -> Result<Outcome, JourneyError> {
        let (at, trace_index) = (j.world.now(), j.world.trace().entries().len());
        let attempt = match self.start_login(j).await? {
            Ok(attempt) => attempt,
            Err(refused) => return Ok(refused),
        };
        // The notification would have come by now; it did not show.
        j.world.run_for(TimeDelta::seconds(5)).await.map_err(|e| j.world_error(e))?;
        let (opened_at, opened_index) = (j.world.now(), j.world.trace().entries().len());
        let pending = j.world.app_pending(device).await;
        let (pending, listed) = match answer(j, pending)? {
            Ok(list) => {
                let listed = list.requests.iter().any(|r| r.request == attempt.request);
                (Answer::Accepted, Some(listed))
            }
            Err(code) => (Answer::Refused(code), None),
        };
        let opened = Played {
            at: opened_at,
            trace_index: opened_index,
            answer: pending,
            verified: None,
            listed,
            sub: None,
        };
        let (answer, sub) = self.answer_request(j, &attempt, device, Some(true)).await?;
        let login = Played { at, trace_index, answer, verified: None, listed: None, sub };
        Ok(Outcome::Played(vec![login, opened]))
    }

    /// The fraudster's « Nouveau numéro » on their own smartphone (FRAUD-02, MGT-08):
    /// « Commencer » with the holder's e-mail and password, their own number, the SMS code
    /// read on it, the document's last 4 characters if asked, a secret code; then a
    /// guessed e-mail code. Its answers: the activation's (from « Commencer » to the
    /// secret code, or its first refusal), then the guessed e-mail code's.
    async fn new_number_attack(&mut self, j: &mut Journey) -> Result<Outcome, JourneyError> {
        let f = j.world.fraudster(self.fraudster).clone();
        let (actor, device) = (f.actor(), f.device.clone());
        let number = j.world.phone(&device).sim.clone().expect("a fraudster's phone has a SIM");
        let holder = j.world.person(self.person).clone();
        let holder_seen = j.world.received_sms(&holder.phone_number).len();
        let start = AppStart {
            device: j.world.device_info(&device),
            email: holder.email.clone(),
            password: holder.password.clone(),
            purpose: AppPurpose::Activate,
        };
        let (started, reply) = self.play(j, &actor, start).await?;
        let Some(challenge) = reply else { return Ok(Outcome::Played(vec![started])) };
        // « Commencer » texted a code to the holder: it arrives now, not during a later
        // step where the holder waits for a code of their own.
        let owned = holder.phone_number.clone();
        let arrived = move |w: &idn_world::World| w.received_sms(&owned).len() > holder_seen;
        let waited = j.world.run_until("the holder's SMS", arrived, TimeDelta::minutes(10)).await;
        waited.map_err(|e| j.world_error(e))?;
        let id = challenge.challenge.clone();
        let (mail_since, seen) = (j.world.now(), j.world.received_sms(&number).len());
        let op = AppNewNumber { challenge: id.clone(), phone: number.clone() };
        let (renumbered, reply) = self.play(j, &actor, op).await?;
        let step_at = |mut played: Played| {
            played.at = started.at;
            played.trace_index = started.trace_index;
            played
        };
        if reply.is_none() {
            return Ok(Outcome::Played(vec![step_at(renumbered)]));
        }
        let owned = number.clone();
        let arrived = move |w: &idn_world::World| w.received_sms(&owned).len() > seen;
        let waited = j.world.run_until("the fraudster's SMS", arrived, TimeDelta::minutes(10));
        waited.await.map_err(|e| j.world_error(e))?;
        let code = j.world.latest_sms_code(&number).unwrap_or_default();
        let op = AppConfirmSms { challenge: id.clone(), code };
        let (confirmed, _) = self.play(j, &actor, op).await?;
        if confirmed.answer != Answer::Accepted {
            return Ok(Outcome::Played(vec![step_at(confirmed)]));
        }
        if challenge.needs_document_suffix {
            let last4 = self.suffix(j, true);
            let op = AppDocumentSuffix { challenge: id.clone(), last4 };
            let (typed, _) = self.play(j, &actor, op).await?;
            if typed.answer != Answer::Accepted {
                return Ok(Outcome::Played(vec![step_at(typed)]));
            }
        }
        let op = AppSetPin { challenge: id.clone(), pin: FRAUDSTER_PIN.to_string() };
        let (set, _) = self.play(j, &actor, op).await?;
        let set = step_at(set);
        if set.answer == Answer::Accepted {
            return Ok(Outcome::Played(vec![set]));
        }
        // The fraudster cannot read the holder's mailbox: a guess, never the code mailed.
        let mailed: Vec<String> = (j.world.mailbox(&holder.email).all().iter())
            .filter(|m| m.at >= mail_since)
            .filter_map(|m| idn_world::read_code(&m.body))
            .collect();
        let mut guess = j.world.stream(&format!("fraudster/{FRAUDSTER}")).digits(6);
        if mailed.contains(&guess) {
            guess = wrong_code(&guess);
        }
        let op = AppConfirmEmail { challenge: id, code: guess };
        let (guessed, _) = self.play(j, &actor, op).await?;
        Ok(Outcome::Played(vec![set, guessed]))
    }

    /// The service completes an approved login: the code exchanged, the id_token verified
    /// (signature, issuer, audience, nonce, expiry, the acr asked), userinfo read; its
    /// `sub`. Anything wrong stops the journey, naming what.
    async fn finish_login(
        &mut self,
        j: &mut Journey,
        attempt: &idn_world::LoginAttempt,
    ) -> Result<String, JourneyError> {
        let finished = j.world.partner_login_finish(attempt).await;
        Ok(finished.map_err(|e| j.world_error(e))?.claims.identity.sub)
    }

    /// The app on `handset` answers the login request `back` from the latest (AUTH-01,
    /// AUTH-03, SEC-40, SEC-41); an approval the SUT takes is completed at the service.
    async fn answer_login(
        &mut self,
        j: &mut Journey,
        back: u8,
        handset: Handset,
        approve: Option<bool>,
    ) -> Result<Outcome, JourneyError> {
        let Some(index) = self.requests.len().checked_sub(1 + usize::from(back)) else {
            return Ok(Outcome::Nothing("not so many login requests were made"));
        };
        let Some(device) = self.handset_device(handset) else {
            return Ok(Outcome::Nothing("no smartphone was lost"));
        };
        let attempt = self.requests[index].clone();
        let (at, trace_index) = (j.world.now(), j.world.trace().entries().len());
        let (answer, sub) = self.answer_request(j, &attempt, &device, approve).await?;
        Ok(Outcome::Played(vec![Played {
            at,
            trace_index,
            answer,
            verified: None,
            listed: None,
            sub,
        }]))
    }

    /// The device of a smartphone in hand or lost (`None`: not lost yet).
    pub fn handset_device(&self, handset: Handset) -> Option<DeviceId> {
        match handset {
            Handset::Held(phone) => Some(self.device(phone)),
            Handset::Lost(n) => self.lost.get(n.checked_sub(1)?).cloned(),
        }
    }

    /// A code that is not the latest activation code sent to the person's number (VER-02).
    fn wrong_activation_code(&self, j: &Journey) -> String {
        let number = &j.world.person(self.person).phone_number;
        let mark = idn_world::actors::in_person::ACTIVATION_SMS_MARK;
        let sent =
            j.world.received_sms(number).into_iter().rev().find(|sms| sms.text.contains(mark));
        match sent.and_then(|sms| idn_world::read_code(&sms.text)) {
            Some(code) => wrong_code(&code),
            None => "000000".to_string(),
        }
    }

    /// A fraudster sends the last approval again, as the phone sent it.
    async fn replay_approval(&mut self, j: &mut Journey) -> Result<Outcome, JourneyError> {
        let Some((device, request, pin)) = self.approved.clone() else {
            return Ok(Outcome::Nothing("no login was approved yet"));
        };
        let op = idn_contract::login::AppApprove { device_id: device, request, pin };
        let fraudster = j.world.fraudster(self.fraudster).actor();
        Ok(Outcome::Played(vec![self.play(j, &fraudster, op).await?.0]))
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

    /// Every smartphone of the person, in hand or lost, and its device.
    pub fn handsets(&self) -> Vec<(Handset, DeviceId)> {
        let held =
            self.devices.iter().map(|(phone, device)| (Handset::Held(*phone), device.clone()));
        let lost =
            self.lost.iter().enumerate().map(|(i, device)| (Handset::Lost(i + 1), device.clone()));
        held.chain(lost).collect()
    }

    /// Whether the app on `device` may list its pending requests: only the active
    /// smartphone of a usable identity may (MGT-08).
    pub async fn app_works(
        &self,
        j: &mut Journey,
        device: &DeviceId,
    ) -> Result<Answer, JourneyError> {
        let result = j.world.app_pending(device).await;
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
