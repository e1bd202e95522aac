//! The judge: the oracle predicts every answer of a step (the driver's own requests and
//! what the world's actors reported meanwhile, read from the trace), and the invariants
//! are checked after it. A finding names the step, the expected and observed answers and
//! the requirements it breaks.

use super::driver::{Answer, Driver, Outcome, Played};
use super::step::{CounterCode, Handset, ModeChoice, Phone, Step};
use crate::journey::{Journey, JourneyError};
use idn_contract::enrolment::IdentityState;
use idn_model::document::{Document, DocumentKind};
use idn_model::oracle::LoginAnswer::Approved;
use idn_model::oracle::{Action, Expectation, LifecycleState, Mode, Oracle, Typing};
use idn_model::policy::Policy;

/// The values of a policy profile the oracle's rules read. The profile and its reader are
/// the contract's; the model depends on no crate of ours, so the harness hands it these.
pub fn rules_of(profile: &idn_contract::policy::Policy) -> Policy {
    Policy {
        sms_resend_cooldown_s: profile.sms_resend_cooldown_s,
        email_code_ttl_s: profile.email_code_ttl_s,
        sms_code_ttl_s: profile.sms_code_ttl_s,
        code_max_attempts: profile.code_max_attempts,
        activation_code_ttl_s: profile.activation_code_ttl_s,
        lre_reminder_after_s: profile.lre_reminder_after_s,
        pin_refuse_descending: profile.pin_refuse_descending,
        pin_max_attempts: profile.pin_max_attempts,
        auth_request_ttl_s: profile.auth_request_ttl_s,
        auth_requests_per_hour: profile.auth_requests_per_hour,
    }
}

/// A broken rule: what the fuzzer reports and the feature is tagged with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub message: String,
    pub requirements: Vec<&'static str>,
    /// The invariant's check, when the finding is not a wrong answer.
    pub invariant: Option<Invariant>,
    /// The step's own expected answers, up to the wrong one.
    pub expected: Vec<Expectation>,
    /// When a world's report got the wrong answer: the state the Espace Client must show.
    pub state_after: Option<IdentityState>,
}

impl Finding {
    pub fn new(message: String, requirements: Vec<&'static str>) -> Self {
        Self { message, requirements, invariant: None, expected: Vec::new(), state_after: None }
    }
}

/// The checks after a step that are not the answer to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invariant {
    /// The Espace Client shows this state (nothing acknowledged is lost).
    State(IdentityState),
    /// Only this smartphone's app works (MGT-08), or none: of those in hand and the lost
    /// ones.
    ActivePhone(Option<Handset>),
}

/// What one step was expected to answer, request by request (for the feature writer).
pub type Expected = Vec<Expectation>;

/// Something the SUT sent that the world reports about later: an AR24 letter, a
/// postman's visit. Each belongs to the identity that was current when it was sent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sent {
    Letter(idn_contract::LetterId),
    Visit(idn_contract::AppointmentId),
}

/// The oracle of one journey.
#[derive(Debug, Clone)]
pub struct Checker {
    oracle: Oracle,
    /// Which identity (the oracle's number) each letter and visit belongs to.
    owners: std::collections::BTreeMap<Sent, u32>,
    /// The `sub` each identity's id_tokens carried (SEC-12: stable for one person).
    subs: std::collections::BTreeMap<u32, String>,
}

/// What the oracle is asked about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Planned {
    Oracle(Action),
    /// The app on `device` lists its pending requests (AUTH-04): the state checks and the
    /// active smartphone (MGT-08).
    Pending {
        device: String,
    },
    /// The SUT sent a letter or booked a visit: it belongs to the current identity.
    Owns(Sent),
    /// Nothing to ask (the step will have nothing to do).
    Nothing,
}

impl std::fmt::Display for Planned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Planned::Oracle(action) => write!(f, "{action:?}"),
            Planned::Pending { device } => write!(f, "the pending requests of {device}"),
            Planned::Owns(Sent::Letter(letter)) => write!(f, "letter {letter} sent"),
            Planned::Owns(Sent::Visit(visit)) => write!(f, "visit {visit} booked"),
            Planned::Nothing => f.write_str("nothing"),
        }
    }
}

/// A request to judge: an oracle action, and what the SUT answered to it.
struct Judged {
    trace_index: usize,
    at: idn_contract::Timestamp,
    action: Planned,
    answer: Answer,
    verified: Option<bool>,
    listed: Option<bool>,
    /// Made by the driver for the step (vs reported by a world's actor).
    own: bool,
    /// What a world's report is about (the letter, the visit).
    about: Option<Sent>,
    /// For a login completed at the service: the id_token's `sub`.
    sub: Option<String>,
}

impl Checker {
    pub fn new(policy: Policy) -> Self {
        Self { oracle: Oracle::new(policy), owners: Default::default(), subs: Default::default() }
    }

    pub fn state(&self) -> &LifecycleState {
        self.oracle.state()
    }

    /// The oracle actions of the driver's own requests for `step`, planned from what the
    /// driver knows before it plays the step (its secret code, its phones).
    pub fn plan(&self, j: &Journey, driver: &Driver, step: &Step) -> Vec<Planned> {
        let device = |phone: Phone| driver.devices[&phone].to_string();
        let p = j.world.person(driver.person);
        let one = |action: Action| vec![Planned::Oracle(action)];
        match *step {
            Step::Submit(choice) => {
                let today = j.world.now().date_naive();
                let data = super::driver::submitted_document(&p.identity, choice, today);
                let kind = match data.kind {
                    idn_contract::DocumentKind::IdentityCard => DocumentKind::IdentityCard,
                    idn_contract::DocumentKind::Passport => DocumentKind::Passport,
                    idn_contract::DocumentKind::ResidencePermit => DocumentKind::ResidencePermit,
                };
                let document =
                    Document { kind, issued_on: data.issued_on, expires_on: data.expires_on };
                one(Action::SubmitIdentity { holder_birth: p.identity.birth_date, document })
            }
            Step::Confirm => one(Action::ConfirmIdentity),
            Step::Choose(mode) => one(Action::ChooseVerification(match mode {
                ModeChoice::PostOffice => Mode::PostOffice,
                ModeChoice::Postman => Mode::Postman {
                    territory: p.address.territory.clone(),
                    kind: address_kind(p.address.kind),
                },
                ModeChoice::Online { cgu } => Mode::Online { ar24_cgu_accepted: cgu },
            })),
            Step::Counter(code) => {
                let readable = activation_code_readable(&j.world, &p.phone_number);
                one(Action::InPersonCheck { code_ok: code == CounterCode::Latest && readable })
            }
            Step::Ar24Identify | Step::PostmanNoShow | Step::Wait(_) | Step::LosePhone { .. } => {
                Vec::new()
            }
            Step::Activate { phone, sms, suffix_ok, pin } => {
                let info = j.world.device_info(&driver.devices[&phone]);
                let os = model_os(info.os);
                one(Action::Activate {
                    device: device(phone),
                    os,
                    os_major: info.os_major,
                    sms,
                    suffix_ok,
                    pin: pin.pin(&driver.pin),
                })
            }
            Step::ChangePin { phone, pin } => {
                one(Action::ChangePin { device: device(phone), pin: pin.pin(&driver.pin) })
            }
            Step::Login { phone, pin_ok } => one(Action::Login { device: device(phone), pin_ok }),
            Step::RefuseLogin { phone } => one(Action::RefuseLogin { device: device(phone) }),
            Step::LoginUnnotified { phone, .. } => vec![
                Planned::Oracle(Action::Login { device: device(phone), pin_ok: true }),
                Planned::Pending { device: device(phone) },
            ],
            Step::GuessPin { count } => (0..count)
                .map(|_| Planned::Oracle(Action::Login { device: device(Phone::A), pin_ok: false }))
                .collect(),
            Step::Flood { count } => {
                (0..count).map(|_| Planned::Oracle(Action::RequestLogin)).collect()
            }
            Step::NewNumberAttack => {
                let f = j.world.fraudster(driver.fraudster);
                let info = j.world.device_info(&f.device);
                let os = model_os(info.os);
                let attempt = |email| {
                    Planned::Oracle(Action::ActivateNewNumber {
                        device: f.device.to_string(),
                        os,
                        os_major: info.os_major,
                        suffix_ok: true,
                        email,
                        pin: super::driver::FRAUDSTER_PIN.to_string(),
                    })
                };
                vec![attempt(None), attempt(Some(Typing::Wrong))]
            }
            // The last approved request, answered again as the phone did (AUTH-01, SEC-41).
            Step::ReplayApproval => {
                let approved = self.oracle.logins().iter().rposition(|r| r.answer == Approved);
                match (&driver.approved, approved) {
                    (Some((device, _, _)), Some(request)) => {
                        let device = device.to_string();
                        one(Action::AnswerLogin { request, device, approve: Some(true) })
                    }
                    _ => vec![Planned::Nothing],
                }
            }
            Step::StartLogin => one(Action::RequestLogin),
            Step::AnswerLogin { back, handset, approve } => {
                let request = self.oracle.logins().len().checked_sub(1 + usize::from(back));
                match (request, driver.handset_device(handset)) {
                    (Some(request), Some(device)) => {
                        let device = device.to_string();
                        one(Action::AnswerLogin { request, device, approve })
                    }
                    _ => vec![Planned::Nothing],
                }
            }
            Step::Block { suffix_ok } => one(Action::Block { suffix_ok }),
            Step::Unblock { suffix_ok } => one(Action::Unblock { suffix_ok }),
            Step::Delete { via_app, confirmed, suffix_ok } => {
                let device = device(driver.active.unwrap_or(Phone::A));
                one(Action::Delete { via_app, device, confirmed, suffix_ok })
            }
        }
    }

    /// Judges a played step: every answer in trace order, then the invariants.
    pub fn judge(
        &mut self,
        step: &Step,
        plan: Vec<Planned>,
        outcome: Outcome,
        j: &Journey,
        driver: &Driver,
        trace_from: usize,
    ) -> Result<Expected, Finding> {
        let mut judged = world_reports(j, driver.person, trace_from)
            .map_err(|failure| Finding::new(format!("« {step} »: {failure}"), Vec::new()))?;
        let mut unplayed = Vec::new();
        if let Outcome::Played(played) = outcome {
            assert!(
                played.len() <= plan.len(),
                "the driver made more requests than planned for {step}"
            );
            let mut plan = plan;
            unplayed = plan.split_off(played.len());
            for (action, Played { at, trace_index, answer, verified, listed, sub }) in
                plan.into_iter().zip(played)
            {
                let (own, about) = (true, None);
                let r =
                    Judged { trace_index, at, action, answer, verified, listed, own, about, sub };
                judged.push(r);
            }
        }
        judged.sort_by_key(|r| r.trace_index);
        let mut expected = Vec::new();
        let mut judged = judged.into_iter();
        while let Some(r) = judged.next() {
            if !self.concerns_current(&r) {
                // A report about a deleted identity's letter or visit: whether the SUT
                // acknowledges or refuses it, it must not touch the current identity
                // (the Espace Client invariant checks that).
                continue;
            }
            let Some(expectation) = self.expect(r.at, &r.action) else { continue };
            if r.own {
                expected.push(expectation);
            }
            if let Err(mut finding) = self.compare(step, &r, expectation) {
                if r.own {
                    // The rest of the step as the oracle expects it, so that the feature
                    // states every answer a conformant SUT gives to the step.
                    let later = judged.filter(|r| r.own).map(|r| (r.at, r.action));
                    let later = later.chain(unplayed.into_iter().map(|action| (r.at, action)));
                    for (at, action) in later.collect::<Vec<_>>() {
                        expected.extend(self.expect(at, &action));
                    }
                }
                finding.expected = expected;
                if !r.own {
                    finding.state_after = Some(state_shown(self.oracle.state()));
                }
                return Err(finding);
            }
            if let Some(sub) = &r.sub {
                self.same_sub(step, sub)?;
            }
        }
        Ok(expected)
    }

    /// SEC-12: every login of one identity gives the same `sub` (a new identity, after a
    /// deletion, may get another).
    fn same_sub(&mut self, step: &Step, sub: &str) -> Result<(), Finding> {
        let identity = self.oracle.identity_number();
        let first = self.subs.entry(identity).or_insert_with(|| sub.to_string());
        if first == sub {
            return Ok(());
        }
        Err(Finding::new(
            format!(
                "« {step} »: the id_token's sub is `{sub}`, the same identity's earlier logins gave `{first}`: sub is stable for one person"
            ),
            vec!["SEC-12"],
        ))
    }

    /// Whether a request concerns the current identity: a world's report about a letter
    /// or a visit of a deleted identity does not (the oracle knows what it belongs to).
    fn concerns_current(&self, r: &Judged) -> bool {
        let owner = r.about.as_ref().and_then(|sent| self.owners.get(sent));
        owner.is_none_or(|number| *number == self.oracle.identity_number())
    }

    /// The oracle's expected answers to a step's requests, all at `at` (for a step the SUT
    /// did not let finish).
    pub fn expected_of(&mut self, at: idn_contract::Timestamp, plan: &[Planned]) -> Expected {
        plan.iter().filter_map(|action| self.expect(at, action)).collect()
    }

    /// The oracle's expected answer to one request at `at` (`None`: nothing to ask).
    fn expect(&mut self, at: idn_contract::Timestamp, action: &Planned) -> Option<Expectation> {
        Some(match action {
            Planned::Owns(sent) => {
                self.owners.insert(sent.clone(), self.oracle.identity_number());
                return None;
            }
            Planned::Oracle(action) => self.oracle.apply(at, action),
            Planned::Pending { device } => {
                self.oracle.advance_to(at);
                self.oracle.app_may_answer(device).into()
            }
            Planned::Nothing => return None,
        })
    }

    fn compare(&self, step: &Step, r: &Judged, expected: Expectation) -> Result<(), Finding> {
        let same = match (&r.answer, expected) {
            (Answer::Accepted, Expectation::Accepted) => true,
            // A world's report the oracle finds stale (a letter of a mode left since) may
            // be acknowledged and ignored.
            (Answer::Accepted, Expectation::Refused(_)) if !r.own => true,
            // The model speaks the contract's codes as its own strings (it depends on no
            // crate of ours); here is where the two meet.
            (Answer::Refused(got), Expectation::Refused(code)) => got.as_str() == code,
            _ => false,
        };
        let who = if r.own { "the step".to_string() } else { "a world's report".to_string() };
        let what = r.action.to_string();
        if !same {
            let shown = match expected {
                Expectation::Accepted => "accepted".to_string(),
                Expectation::Refused(code) => format!("refused `{code}`"),
            };
            let mut requirements = requirements_of(expected, &r.answer);
            requirements.extend(step.requirements().iter().copied());
            dedup(&mut requirements);
            return Err(Finding::new(
                format!(
                    "« {step} »: {who} {what} at {}: expected {shown}, observed {}{}",
                    r.at.format("%Y-%m-%d %H:%M:%S"),
                    r.answer,
                    invariant_broken(expected, &r.answer, &r.action)
                ),
                requirements,
            ));
        }
        if r.listed == Some(false) && expected.is_accepted() {
            return Err(Finding::new(
                format!(
                    "« {step} »: {what}: the login under way is not among them: without a notification, the app opened by hand must show the pending request"
                ),
                vec!["AUTH-04", "PUSH-02"],
            ));
        }
        let verified_now = matches!(self.oracle.state(), LifecycleState::Verified { .. });
        if let Some(verified) = r.verified
            && expected.is_accepted()
            && verified != verified_now
        {
            return Err(Finding::new(
                format!(
                    "« {step} »: {what}: expected the check recorded as {}, observed {}",
                    if verified_now { "verified" } else { "failed" },
                    if verified { "verified" } else { "failed" }
                ),
                vec!["VER-03", "VER-02"],
            ));
        }
        Ok(())
    }

    /// After the step: the state read back and the one active smartphone.
    pub async fn invariants(
        &mut self,
        step: &Step,
        j: &mut Journey,
        driver: &mut Driver,
    ) -> Result<Result<(), Finding>, JourneyError> {
        self.oracle.advance_to(j.world.now());
        let want = state_shown(self.oracle.state());
        let view = driver.espace_client(j).await?;
        // After a deletion, answering ÉTAPE 13 again starts a new request: no identity.
        let new_request = want == IdentityState::Deleted && view.state == IdentityState::None;
        if view.state != want && !new_request {
            let mut finding = Finding::new(
                format!(
                    "after « {step} »: the Espace Client shows {:?}, the oracle's state is {:?} (expected {want:?}): something acknowledged was lost or invented",
                    view.state,
                    self.oracle.state()
                ),
                vec!["ENR-04"],
            );
            finding.invariant = Some(Invariant::State(want));
            return Ok(Err(finding));
        }
        let LifecycleState::Active { device: active_device, .. } = self.oracle.state() else {
            return Ok(Ok(()));
        };
        let handsets = driver.handsets();
        let active =
            handsets.iter().find(|(_, d)| d.as_str() == active_device).map(|(handset, _)| *handset);
        for (handset, device) in &handsets {
            let works = driver.app_works(j, device).await? == Answer::Accepted;
            if works != (Some(*handset) == active) {
                let which = match handset {
                    Handset::Held(phone) => format!("smartphone {phone:?}"),
                    Handset::Lost(n) => format!("lost smartphone n° {n}"),
                };
                let named = active.map(|a| a.to_string()).unwrap_or_else(|| "none".to_string());
                let mut finding = Finding::new(
                    format!(
                        "after « {step} »: the app on {which} {} while the active smartphone is {named}: one active smartphone per identity",
                        if works { "works" } else { "does not work" }
                    ),
                    vec!["MGT-08"],
                );
                finding.invariant = Some(Invariant::ActivePhone(active));
                return Ok(Err(finding));
            }
        }
        Ok(Ok(()))
    }
}

/// What the world's actors (AR24, the postman) reported to the SUT between two steps,
/// read from the trace's typed calls: each request and the SUT's answer to it.
/// A report the SUT did not answer as the contract allows (a transport or protocol
/// failure) is a finding: nothing may silently swallow it.
fn world_reports(
    j: &Journey,
    person: idn_world::PersonId,
    from: usize,
) -> Result<Vec<Judged>, String> {
    use idn_contract::outbound::OutboundMessage;
    use idn_contract::verification::{Ar24Event, CheckPlace};
    use idn_contract::{CallError, Reply, Request};
    use idn_world::{Actor, TraceEvent};
    let entries = j.world.trace().entries();
    let mut reports = Vec::new();
    for (index, entry) in entries.iter().enumerate().skip(from) {
        let sent = match &entry.event {
            TraceEvent::Sent(OutboundMessage::Ar24Letter(letter)) => {
                Some(Sent::Letter(letter.letter.clone()))
            }
            TraceEvent::Sent(OutboundMessage::PostmanBooking(booking)) => {
                Some(Sent::Visit(booking.appointment.clone()))
            }
            _ => None,
        };
        if let Some(sent) = sent {
            reports.push(Judged {
                trace_index: index,
                at: entry.at,
                action: Planned::Owns(sent),
                answer: Answer::Accepted,
                verified: None,
                listed: None,
                own: false,
                about: None,
                sub: None,
            });
            continue;
        }
        if !matches!(entry.from, Actor::Ar24 | Actor::Postman) {
            continue;
        }
        let TraceEvent::Call { request, outcome } = &entry.event else { continue };
        let about = match request {
            Request::Ar24Callback(callback) => Some(Sent::Letter(callback.letter.clone())),
            Request::AgentCheck(check) => match &check.place {
                CheckPlace::Postman { appointment } => Some(Sent::Visit(appointment.clone())),
                CheckPlace::PostOffice { .. } => None,
            },
            Request::AppointmentMissed(missed) => Some(Sent::Visit(missed.appointment.clone())),
            _ => None,
        };
        let action = match request {
            Request::Ar24Callback(callback) => match callback.event {
                Ar24Event::Delivered => Action::LreDelivered,
                Ar24Event::Expired => Action::LreExpired,
                Ar24Event::Identified => Action::LreIdentified,
                Ar24Event::Verified => Action::VerificationSucceeded,
                Ar24Event::Rejected { .. } => Action::VerificationFailed,
                Ar24Event::Declined => continue,
            },
            // The person shows the latest code they can read (none if it was on a
            // smartphone lost since).
            Request::AgentCheck(_) => Action::InPersonCheck {
                code_ok: activation_code_readable(&j.world, &j.world.person(person).phone_number),
            },
            Request::AppointmentMissed(_) => Action::AppointmentMissed,
            _ => continue,
        };
        let (answer, verified) = match outcome {
            Ok(Reply::CheckRecorded(recorded)) => (Answer::Accepted, Some(recorded.verified)),
            Ok(_) => (Answer::Accepted, None),
            Err(CallError::Refused(refusal)) => (Answer::Refused(refusal.code), None),
            Err(error) => {
                return Err(format!("a world's report {}: {error}", request.name()));
            }
        };
        reports.push(Judged {
            trace_index: index,
            at: entry.at,
            action: Planned::Oracle(action),
            answer,
            verified,
            listed: None,
            own: false,
            about,
            sub: None,
        });
    }
    Ok(reports)
}

/// Whether the latest activation code sent to `number` (VER-02) is still in the
/// person's hands: it did not arrive on a smartphone lost since.
fn activation_code_readable(world: &idn_world::World, number: &idn_contract::PhoneNumber) -> bool {
    let mark = idn_world::actors::in_person::ACTIVATION_SMS_MARK;
    let latest = world.received_sms(number).into_iter().rev().find(|sms| sms.text.contains(mark));
    latest.is_some_and(|sms| !world.phone(&sms.device).lost)
}

fn model_os(os: idn_contract::Os) -> idn_model::device::Os {
    match os {
        idn_contract::Os::Android => idn_model::device::Os::Android,
        idn_contract::Os::Ios => idn_model::device::Os::Ios,
    }
}

fn address_kind(kind: idn_contract::verification::AddressKind) -> idn_model::AddressKind {
    use idn_contract::verification::AddressKind as Wire;
    match kind {
        Wire::PrivateHome => idn_model::AddressKind::PrivateHome,
        Wire::Professional => idn_model::AddressKind::Professional,
        Wire::Hospital => idn_model::AddressKind::Hospital,
        Wire::OfficeBuilding => idn_model::AddressKind::OfficeBuilding,
    }
}

/// The state the Espace Client must show for the oracle's state.
pub fn state_shown(state: &LifecycleState) -> IdentityState {
    match state {
        LifecycleState::NoIdentity | LifecycleState::Submitted { .. } => IdentityState::None,
        LifecycleState::Confirmed { .. } | LifecycleState::AwaitingVerification(_) => {
            IdentityState::AwaitingVerification
        }
        LifecycleState::Verified { .. } => IdentityState::Verified,
        LifecycleState::Active { .. } => IdentityState::Active,
        LifecycleState::Blocked { .. } => IdentityState::Blocked,
        LifecycleState::Deleted => IdentityState::Deleted,
        LifecycleState::Expired => IdentityState::Expired,
    }
}

/// The invariant of the issue a wrong answer breaks, if one names it better.
fn invariant_broken(expected: Expectation, observed: &Answer, action: &Planned) -> String {
    let login = matches!(
        action,
        Planned::Oracle(Action::Login { .. } | Action::AnswerLogin { approve: Some(_), .. })
    );
    match (expected.refusal(), observed) {
        (Some(code), Answer::Accepted) if login => match code {
            "unknown_login_hint"
            | "identity_blocked"
            | "identity_deleted"
            | "identity_expired"
            | "identity_not_activated" => format!(
                " (invariant: no login succeeds for a blocked, deleted, expired or not yet activated identity; here `{code}`)"
            ),
            "device_not_active" | "pin_wrong" | "pin_locked" => format!(
                " (invariant: no login without the secret code typed on the active smartphone; here `{code}`)"
            ),
            _ => String::new(),
        },
        (Some("request_closed" | "request_expired"), Answer::Accepted) => {
            " (invariant: a login request is answered once, within its lifetime)".to_string()
        }
        (Some("code_expired" | "code_invalid"), Answer::Accepted) => {
            " (invariant: codes are used once and expire)".to_string()
        }
        (Some("pin_too_simple" | "pin_format"), Answer::Accepted) => {
            " (the secret code's rules, ACT-03)".to_string()
        }
        _ => String::new(),
    }
}

/// The requirements an expected refusal (or an unexpected one) stands for.
fn requirements_of(expected: Expectation, observed: &Answer) -> Vec<&'static str> {
    let code = match (expected.refusal(), observed) {
        (Some(code), _) => code.to_string(),
        (None, Answer::Refused(code)) => code.as_str(),
        (None, Answer::Accepted) => return Vec::new(),
    };
    let ids: &[&'static str] = match code.as_str() {
        "pin_too_simple" | "pin_format" => &["ACT-03"],
        "device_not_active" => &["MGT-08"],
        "identity_blocked" => &["MGT-05", "AUTH-08"],
        "identity_deleted" => &["MGT-06", "AUTH-08"],
        "identity_expired" => &["ACT-06", "AUTH-08"],
        "identity_not_activated" => &["AUTH-08"],
        // SEC-50: the login page's one answer for every identity that cannot log in.
        "unknown_login_hint" => &["AUTH-08", "SEC-50"],
        "identity_not_verified" => &["ACT-02"],
        "code_expired" | "code_invalid" | "code_attempts_exceeded" => &["ACC-08"],
        "mode_change_locked" => &["VER-08", "AR24-04"],
        "rate_limited" => &["FRAUD-03", "SEC-42"],
        "pin_wrong" | "pin_locked" => &["AUTH-05"],
        "request_closed" => &["SEC-41", "AUTH-01"],
        "request_expired" => &["AUTH-06", "SEC-41"],
        "document_suffix_mismatch" => &["MGT-07"],
        "email_confirmation_required" => &["FRAUD-02", "MGT-08"],
        "already_blocked" | "not_blocked" => &["MGT-05"],
        "delete_not_confirmed" | "delete_via_app_required" | "delete_via_web_required" => {
            &["MGT-06"]
        }
        "document_expired" => &["DOC-01"],
        "ar24_cgu_not_accepted" => &["AR24-01"],
        "not_awaiting_verification" => &["VER-03"],
        _ => &[],
    };
    ids.to_vec()
}

fn dedup(ids: &mut Vec<&'static str>) {
    let mut seen = std::collections::BTreeSet::new();
    ids.retain(|id| seen.insert(*id));
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that the model's own defaults are the shipped default profile's values, as
    // the oracle receives them.
    #[test]
    fn the_models_defaults_are_the_shipped_profiles() {
        let shipped = idn_contract::policy::Policy::builtin_default();
        assert_eq!(rules_of(&shipped), Policy::default());
    }

    // Checks that every requirement id the checker may tag a regression with exists in
    // the catalogue (a tag that names no requirement fails the coverage test).
    #[test]
    fn requirement_ids_exist() {
        let catalogue: Vec<String> =
            idn_report::requirements::all().into_iter().map(|r| r.id).collect();
        let extra = [
            "code_invalid",
            idn_model::oracle::EMAIL_CONFIRMATION_REQUIRED,
            idn_model::oracle::UNKNOWN_LOGIN_HINT,
        ];
        let codes = idn_model::REFUSAL_CODES.iter().chain(extra.iter());
        for code in codes {
            for id in requirements_of(Expectation::Refused(code), &Answer::Accepted) {
                assert!(catalogue.iter().any(|known| known == id), "{id}");
            }
        }
    }
}
