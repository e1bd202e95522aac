//! One scenario's world as cucumber sees it ([`IdnWorld`]): the target, the people and
//! what they hold, the journey (started lazily), the last answer of the implementation a
//! step may still have to check, and the failure a step ended with.
//!
//! The one way to ask something of the implementation is [`IdnWorld::ask`]: it checks
//! that the previous answer was seen, tells the narrative, runs the request in the
//! journey, and records the answer under cucumber's own text of the step. The one way to
//! fail a step is [`IdnWorld::fail`]: it keeps the [`Failure`] whole for the report
//! before cucumber turns it into text (a [`StepError`] cannot be made otherwise).

use crate::capability::{self, Need};
use crate::failure::Failure;
use crate::fuzz::replay::Replay;
use crate::journey::{Journey, JourneyError};
use crate::setup::{self, Setup};
use crate::target::{SutContext, Target};
use chrono::{DateTime, Utc};
use cucumber::gherkin::Step;
use idn_contract::{CallError, Refusal, SessionToken};
use idn_world::{PersonId, World, WorldConfig};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A step's failure as cucumber prints it under the step. Only [`IdnWorld::fail`] makes
/// one, after keeping the [`Failure`] it stands for: cucumber passes on nothing but the
/// text, and the report needs the structure.
#[derive(Debug)]
pub struct StepError {
    message: String,
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StepError {}

pub type StepResult = Result<(), StepError>;

/// A person of the scenario: described first (their spec), then present in the world
/// from the first step that needs them.
#[derive(Debug, Clone, Default)]
struct Member {
    spec: idn_world::PersonSpec,
    id: Option<PersonId>,
    holder: Holder,
}

/// What a person holds during a scenario, beyond what the world knows of them.
#[derive(Debug, Clone, Default)]
pub struct Holder {
    pub session: Option<SessionToken>,
    pub challenge: Option<idn_contract::ChallengeId>,
    pub appointment: Option<idn_contract::AppointmentId>,
    pub login: Option<idn_world::LoginAttempt>,
    /// What the partner service's page said last (AUTH-01, AUTH-02).
    pub page: Option<String>,
    /// Every login started, by the name of its service: two may be in flight (SEC-10).
    pub logins: BTreeMap<String, idn_world::LoginAttempt>,
    /// What the browser came back with once the login under way was approved (SEC-07).
    pub approval: Option<idn_world::Approval>,
    /// The tokens FranceConnect+ received last (SEC-06, SEC-20).
    pub tokens: Option<idn_contract::login::Tokens>,
    /// The last login the service completed, with its checked claims.
    pub outcome: Option<idn_world::LoginOutcome>,
    /// The `sub` Mon Compte Formation keeps for this person (SEC-12).
    pub sub: Option<String>,
    /// What the userinfo endpoint answered last for this person's access token (SEC-20).
    pub userinfo: Option<idn_contract::token::UserInfoClaims>,
}

/// The last answer of the SUT that a step may still have to check, with the text of the
/// step that asked.
#[derive(Debug, Clone)]
enum Outcome {
    Accepted { step: String },
    Refused { step: String, refusal: Refusal },
}

/// One scenario's world, as cucumber sees it.
#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct IdnWorld {
    target: Option<Target>,
    seed: u64,
    setup: Option<(String, Setup)>,
    start: Option<DateTime<Utc>>,
    /// How much virtual time the run may cover, when a scenario needs more than the default.
    max_virtual: Option<chrono::TimeDelta>,
    journey: Option<Journey>,
    people: BTreeMap<String, Member>,
    outcome: Option<Outcome>,
    /// What the scenario's tags say it needs (a mode, the counter).
    needs: BTreeSet<Need>,
    /// Stretches of the trace written by fast-forward steps, whose choice of mode is the
    /// harness's (among those claimed), not the scenario's.
    implicit: Vec<std::ops::Range<usize>>,
    /// A fuzzer's journey replayed by a regression feature (`steps/fuzz.rs`).
    pub(crate) fuzz: Option<Replay>,
    /// The failure the last failed step ended with, whole.
    failure: Option<Failure>,
}

impl fmt::Debug for IdnWorld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdnWorld")
            .field("target", &self.target.as_ref().map(|t| &t.name))
            .field("seed", &self.seed)
            .field("people", &self.people.keys().collect::<Vec<_>>())
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

/// cucumber's own text of a step: its keyword as written, then its text.
pub fn sentence(step: &Step) -> String {
    format!("{}{}", step.keyword, step.value)
}

impl IdnWorld {
    fn new() -> Self {
        Self {
            target: None,
            seed: 0,
            setup: None,
            start: None,
            max_virtual: None,
            journey: None,
            people: BTreeMap::new(),
            outcome: None,
            needs: BTreeSet::new(),
            implicit: Vec::new(),
            fuzz: None,
            failure: None,
        }
    }

    /// Called by the runner before each scenario, with the scenario's tags.
    pub fn prepare(&mut self, target: Target, seed: u64, tags: &[String]) {
        self.target = Some(target);
        self.seed = seed;
        self.needs = capability::declared(tags);
    }

    // ---- Failing ------------------------------------------------------------------------

    /// Fails the step with `failure`, kept whole for the report.
    pub fn fail(&mut self, failure: impl Into<Failure>) -> StepError {
        let failure = failure.into();
        let message = failure.to_string();
        self.failure = Some(failure);
        StepError { message }
    }

    /// The value of `result`, or the step's failure.
    pub fn settle<T, E: Into<Failure>>(&mut self, result: Result<T, E>) -> Result<T, StepError> {
        result.map_err(|e| self.fail(e))
    }

    /// Fails the step with `failure` unless `holds`.
    pub fn check(&mut self, holds: bool, failure: impl FnOnce() -> Failure) -> StepResult {
        if holds { Ok(()) } else { Err(self.fail(failure())) }
    }

    /// The failure the last failed step of the scenario ended with.
    pub fn failure(&self) -> Option<&Failure> {
        self.failure.as_ref()
    }

    // ---- The scenario's set-up ----------------------------------------------------------

    /// What the implementation claims.
    pub fn capabilities(&mut self) -> Result<idn_contract::capabilities::Capabilities, StepError> {
        Ok(self.target()?.capabilities)
    }

    /// Runs `work` as a fast-forward: what it uses of the optional modes is the harness's
    /// choice, not the scenario's need.
    pub(crate) fn mark_implicit(&mut self, range: std::ops::Range<usize>) {
        self.implicit.push(range);
    }

    /// The length of the trace so far (0 before the world starts).
    pub(crate) fn trace_len(&self) -> usize {
        self.journey.as_ref().map_or(0, |j| j.world.trace().entries().len())
    }

    /// Fails when the scenario used a mode or the counter its tags do not declare.
    pub fn check_needs(&mut self) -> StepResult {
        let Some(journey) = &self.journey else { return Ok(()) };
        let entries = journey.world.trace().entries();
        let explicit: Vec<idn_world::TraceEntry> = entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.implicit.iter().any(|r| r.contains(i)))
            .map(|(_, e)| e.clone())
            .collect();
        let missing: Vec<&str> =
            capability::used(&explicit).difference(&self.needs).map(|need| need.tag()).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let tags = missing.join(" @");
        Err(self.fail(Failure::unexpected(
            "only the modes and channels its tags declare are used",
            format!(
                "this scenario uses what its tags do not declare: add @{tags} so that it is not run against an implementation that does not offer it"
            ),
        )))
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every event of the scenario's world, in virtual time, as the report's timeline
    /// (empty before it starts).
    pub fn timeline(&self) -> Vec<idn_report::TimelineEvent> {
        let Some(journey) = &self.journey else { return Vec::new() };
        journey.world.trace().entries().iter().flat_map(timeline_events).collect()
    }

    /// Who the scenario's people are, in the order they arrived in the world: the
    /// feature's name for each and the identity the world drew (empty before it starts).
    pub fn people(&self) -> Vec<idn_report::Person> {
        let Some(journey) = &self.journey else { return Vec::new() };
        let person = |p: &idn_world::Person| {
            let identity = &p.identity;
            idn_report::Person {
                handle: p.name.clone(),
                given_name: identity.given_names.first().cloned().unwrap_or_default(),
                name: identity.usage_name.clone().unwrap_or_else(|| identity.birth_name.clone()),
                birth_date: identity.birth_date,
            }
        };
        journey.world.people().iter().map(person).collect()
    }

    /// The narrative's lines.
    pub fn narrations(&self) -> Vec<idn_report::Narration> {
        self.journey.as_ref().map(|j| j.narrative().to_vec()).unwrap_or_default()
    }

    /// Chooses the named set-up; only before the world has started.
    pub fn use_setup(&mut self, name: &str) -> StepResult {
        self.before_start("choose a world set-up")?;
        let target = self.target()?;
        let loaded = setup::load(&target.scenarios_dir, name);
        let loaded = loaded.map_err(|e| Failure::observed(e.to_string()));
        self.setup = Some((name.to_string(), self.settle(loaded)?));
        Ok(())
    }

    /// Sets the virtual date and time the scenario starts at; only before it has started.
    pub fn start_at(&mut self, at: DateTime<Utc>) -> StepResult {
        self.before_start("set the date")?;
        self.start = Some(at);
        Ok(())
    }

    /// Lets the run cover `max` of virtual time (the default limit is 400 days; ACT-06
    /// needs 5 years); only before the world has started.
    pub fn allow_virtual_time(&mut self, max: chrono::TimeDelta) -> StepResult {
        self.before_start("lengthen the simulation")?;
        self.max_virtual = Some(max);
        Ok(())
    }

    pub(crate) fn before_start(&mut self, what: &str) -> StepResult {
        match self.journey {
            None => Ok(()),
            Some(_) => Err(self.fail(Failure::observed(format!(
                "too late to {what}: the world has started (put this step first, in the Contexte)"
            )))),
        }
    }

    fn target(&mut self) -> Result<Target, StepError> {
        match self.target.clone() {
            Some(target) => Ok(target),
            None => Err(self.fail(Failure::observed("the runner gave no target"))),
        }
    }

    /// The journey, starting the world on first use.
    pub async fn journey(&mut self) -> Result<&mut Journey, StepError> {
        if self.journey.is_none() {
            let world = self.start_world().await?;
            self.journey = Some(Journey::new(world));
        }
        Ok(self.journey.as_mut().expect("started above"))
    }

    async fn start_world(&mut self) -> Result<World, StepError> {
        let target = self.target()?;
        let mut config = WorldConfig::new(self.seed);
        if let Some((_, setup)) = &self.setup {
            config.faults = setup.faults.clone();
            config.start = setup.start.unwrap_or(config.start);
        }
        config.start = self.start.unwrap_or(config.start);
        config.limits.max_virtual = self.max_virtual.unwrap_or(config.limits.max_virtual);
        config.outbound_url = target.outbound_url.clone();
        config.clock_prefix = target.clock_prefix.clone();
        let cx = SutContext { seed: self.seed, clock: config.clock_id() };
        let make = target.make_sut.clone();
        let started = World::start(config, move |outbound| make(cx, outbound)).await;
        let started =
            started.map_err(|e| Failure::observed(format!("the world did not start: {e}")));
        self.settle(started)
    }

    // ---- People -------------------------------------------------------------------------

    /// Introduces a person under the name the feature gives them, with the defaults of
    /// `PersonSpec` until other steps describe them.
    pub fn introduce(&mut self, name: &str) -> StepResult {
        if self.people.contains_key(name) {
            let twice = Failure::observed(format!("{name} is already in this scenario"));
            return Err(self.fail(twice));
        }
        self.people.insert(name.to_string(), Member::default());
        Ok(())
    }

    /// The description of `name`, while they have not acted yet.
    pub fn spec(&mut self, name: &str) -> Result<&mut idn_world::PersonSpec, StepError> {
        match self.people.get(name).map(|member| member.id.is_some()) {
            None => Err(self.unknown_person(name)),
            Some(true) => Err(self.fail(Failure::observed(format!(
                "too late to describe {name}: they have already acted (describe them first, in the Contexte)"
            )))),
            Some(false) => Ok(&mut self.people.get_mut(name).expect("checked above").spec),
        }
    }

    /// The person the feature calls `name`, put in the world on first use.
    pub async fn person(&mut self, name: &str) -> Result<PersonId, StepError> {
        let Some(member) = self.people.get(name) else { return Err(self.unknown_person(name)) };
        if let Some(id) = member.id {
            return Ok(id);
        }
        let spec = member.spec.clone();
        let id = self.journey().await?.world.add_person(&name.to_lowercase(), spec);
        self.people.get_mut(name).expect("checked above").id = Some(id);
        Ok(id)
    }

    /// The person the feature calls `name` as the world knows them now (their e-mail,
    /// password, number, document, current smartphone).
    pub async fn person_data(&mut self, name: &str) -> Result<idn_world::Person, StepError> {
        let id = self.person(name).await?;
        Ok(self.journey().await?.world.person(id).clone())
    }

    /// What `name` holds (session, challenge, appointment, login under way).
    pub fn holder(&mut self, name: &str) -> Result<&mut Holder, StepError> {
        if !self.people.contains_key(name) {
            return Err(self.unknown_person(name));
        }
        Ok(&mut self.people.get_mut(name).expect("checked above").holder)
    }

    /// One thing `name` must hold, read by `what`; when they do not hold it, the step fails
    /// with `missing`, which says how a scenario gets it.
    pub fn held<T>(
        &mut self,
        name: &str,
        what: impl FnOnce(&Holder) -> Option<T>,
        missing: impl FnOnce() -> String,
    ) -> Result<T, StepError> {
        match what(self.holder(name)?) {
            Some(value) => Ok(value),
            None => Err(self.fail(Failure::observed(missing()))),
        }
    }

    /// The web session `name` holds (the Espace Client, or the account being created).
    pub fn session(&mut self, name: &str) -> Result<SessionToken, StepError> {
        self.held(name, |h| h.session.clone(), || {
            format!(
                "{name} has no web session (« Quand {name} commence la création de son compte La Poste avec son adresse e-mail », « Soit {name} a créé son compte La Poste » or « … clique sur « Se connecter » … »)"
            )
        })
    }

    fn unknown_person(&mut self, name: &str) -> StepError {
        let known: Vec<&String> = self.people.keys().collect();
        let message = format!(
            "nobody is called {name} in this scenario (introduce them with a « Soit {name} … » step; known: {known:?})"
        );
        self.fail(Failure::observed(message))
    }

    // ---- Asking the implementation ------------------------------------------------------

    /// The one way a step asks something of the implementation. It first fails the step
    /// if the previous answer was a refusal no step checked; then runs `act` in the
    /// journey (which tells the narrative, `j.step(…)`, and makes the requests), and
    /// records the answer under cucumber's own text of `step`: a refusal is kept for the
    /// next step to check (and yields `None`); any other failure fails the step.
    pub async fn ask<T>(
        &mut self,
        step: &Step,
        act: impl AsyncFnOnce(&mut Journey) -> Result<T, JourneyError>,
    ) -> Result<Option<T>, StepError> {
        self.ensure_checked()?;
        let j = self.journey().await?;
        let result = act(j).await;
        self.record(&sentence(step), result)
    }

    /// [`IdnWorld::ask`] with one request `op` made by `who`'s browser (their actor), told
    /// as `narrative`.
    pub async fn ask_as<O: idn_contract::Operation>(
        &mut self,
        step: &Step,
        who: &str,
        narrative: String,
        op: O,
    ) -> Result<Option<O::Reply>, StepError> {
        let me = self.person_data(who).await?.actor();
        self.ask_by(step, me, narrative, op).await
    }

    /// [`IdnWorld::ask`] with one request `op` made by `actor` (a phone's app, a clerk, a
    /// fraudster), told as `narrative`.
    pub async fn ask_by<O: idn_contract::Operation>(
        &mut self,
        step: &Step,
        actor: idn_world::Actor,
        narrative: String,
        op: O,
    ) -> Result<Option<O::Reply>, StepError> {
        self.ask(step, async |j| {
            j.step(narrative);
            j.call(&actor, op).await
        })
        .await
    }

    /// Records the answer to the step `step` (cucumber's text): a refusal is kept for the
    /// next step to check and yields `None`; any other failure fails the step.
    pub fn record<T>(
        &mut self,
        step: &str,
        result: Result<T, JourneyError>,
    ) -> Result<Option<T>, StepError> {
        match result {
            Ok(value) => {
                self.outcome = Some(Outcome::Accepted { step: step.to_string() });
                Ok(Some(value))
            }
            Err(JourneyError::Call { source: CallError::Refused(refusal), .. }) => {
                self.outcome = Some(Outcome::Refused { step: step.to_string(), refusal });
                Ok(None)
            }
            Err(other) => Err(self.fail(other)),
        }
    }

    /// Fails when the last answer was a refusal no step checked.
    pub fn ensure_checked(&mut self) -> StepResult {
        match self.outcome.take() {
            Some(Outcome::Refused { step, refusal }) => Err(self.fail(Failure::unexpected(
                "every refusal checked by a later step (« Alors la demande est refusée avec le code « … » »)",
                format!(
                    "« {step} » was refused with `{}` ({}), and no step checked it",
                    refusal.code, refusal.message
                ),
            ))),
            _ => Ok(()),
        }
    }

    /// Checks that the last answer was a refusal with `code`, and consumes it.
    pub fn expect_refusal(
        &mut self,
        code: idn_contract::RefusalCode,
    ) -> Result<Refusal, StepError> {
        let expected = format!("a refusal `{code}`");
        let observed = match self.outcome.take() {
            Some(Outcome::Refused { refusal, .. }) if refusal.code == code => return Ok(refusal),
            Some(Outcome::Refused { step, refusal }) => {
                format!("« {step} » was refused with `{}` ({})", refusal.code, refusal.message)
            }
            Some(Outcome::Accepted { step }) => format!("« {step} » was accepted"),
            None => "no request to the implementation was answered yet".to_string(),
        };
        Err(self.fail(Failure::unexpected(expected, observed)))
    }

    /// Checks that the last answer was a refusal, whatever its code, and consumes it: for
    /// a step that compares it with another answer (SEC-50).
    pub fn expect_any_refusal(&mut self) -> Result<Refusal, StepError> {
        let observed = match self.outcome.take() {
            Some(Outcome::Refused { refusal, .. }) => return Ok(refusal),
            Some(Outcome::Accepted { step }) => format!("« {step} » was accepted"),
            None => "no request to the implementation was answered yet".to_string(),
        };
        Err(self.fail(Failure::unexpected("a refusal", observed)))
    }

    /// Checks that the last answer was an acceptance.
    pub fn expect_accepted(&mut self) -> StepResult {
        let observed = match self.outcome.take() {
            Some(Outcome::Accepted { .. }) => return Ok(()),
            Some(Outcome::Refused { step, refusal }) => {
                format!("« {step} » was refused with `{}` ({})", refusal.code, refusal.message)
            }
            None => "no request to the implementation was answered yet".to_string(),
        };
        Err(self.fail(Failure::unexpected("an acceptance", observed)))
    }
}

/// A trace entry as the report's timeline lines: actors and names rendered, values kept
/// structured for redaction.
fn timeline_events(entry: &idn_world::TraceEntry) -> Vec<idn_report::TimelineEvent> {
    use idn_report::{Detail, TimelineEvent};
    let lines = entry.lines().into_iter().map(|line| TimelineEvent {
        at: line.at,
        from: line.from.to_string(),
        to: line.to.map(ToString::to_string).unwrap_or_default(),
        with_implementation: line.with_implementation(),
        what: line.what,
        detail: match line.detail {
            idn_world::trace::Detail::None => Detail::None,
            idn_world::trace::Detail::Json(value) => Detail::Json(value),
            idn_world::trace::Detail::Text(text) => Detail::Text(text),
        },
    });
    lines.collect()
}
