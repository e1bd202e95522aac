//! The Gherkin steps, in French, one module per concept, over one cucumber World per
//! scenario ([`IdnWorld`]). Steps drive the SUT through the contract only, with the
//! [`crate::flows`], and read codes as a person does.
//!
//! Two rules keep scenarios honest:
//! - a step that calls the SUT *records* a refusal instead of failing, and the next step
//!   must check it (`Alors la demande est refusée : « code »`); a refusal nobody checked
//!   fails the scenario, at the next action or at its end;
//! - the world starts lazily, at the first step that needs it, so that a `Contexte` can
//!   choose the set-up (`Soit le monde « … »`) and the date first.

pub mod account;
pub mod activation;
pub mod ar24;
pub mod common;
pub mod eligibility;
pub mod enrolment;
pub mod fraud;
pub mod fuzz;
pub mod guide;
pub mod login;
pub mod management;
pub mod notifications;
pub mod params;
pub mod verification;

use crate::capability::{self, Need};
use crate::journey::{Journey, JourneyError};
use crate::setup::{self, Setup};
use crate::target::{SutContext, Target};
use chrono::{DateTime, Utc};
use idn_contract::{CallError, Refusal};
use idn_world::{PersonId, World, WorldConfig};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A step's failure, as cucumber prints it under the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError(pub String);

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StepError {}

impl From<JourneyError> for StepError {
    fn from(error: JourneyError) -> Self {
        StepError(error.to_string())
    }
}

impl From<String> for StepError {
    fn from(message: String) -> Self {
        StepError(message)
    }
}

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
    pub session: Option<idn_contract::SessionToken>,
    pub challenge: Option<idn_contract::ChallengeId>,
    pub appointment: Option<idn_contract::AppointmentId>,
    pub login: Option<idn_world::LoginAttempt>,
    /// What the partner service's page said last (AUTH-01, AUTH-02).
    pub page: Option<String>,
}

/// The last answer of the SUT that a step may still have to check.
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
    fuzz: Option<fuzz::Replay>,
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
        }
    }

    /// Called by the runner before each scenario, with the scenario's tags.
    pub fn prepare(&mut self, target: Target, seed: u64, tags: &[String]) {
        self.target = Some(target);
        self.seed = seed;
        self.needs = capability::declared(tags);
    }

    /// What the implementation claims.
    pub fn capabilities(&self) -> Result<idn_contract::capabilities::Capabilities, StepError> {
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
    pub fn check_needs(&self) -> StepResult {
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
        match missing.is_empty() {
            true => Ok(()),
            false => Err(StepError(format!(
                "this scenario uses what its tags do not declare: add @{} so that it is not run against an implementation that does not offer it",
                missing.join(" @")
            ))),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The narrative so far, for a failed scenario's report.
    pub fn narrative(&self) -> String {
        self.journey.as_ref().map(Journey::render_narrative).unwrap_or_default()
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
        let loaded =
            setup::load(&target.scenarios_dir, name).map_err(|e| StepError(e.to_string()))?;
        self.setup = Some((name.to_string(), loaded));
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

    pub(crate) fn before_start(&self, what: &str) -> StepResult {
        match self.journey {
            None => Ok(()),
            Some(_) => Err(StepError(format!(
                "too late to {what}: the world has started (put this step first, in the Contexte)"
            ))),
        }
    }

    fn target(&self) -> Result<Target, StepError> {
        self.target.clone().ok_or_else(|| StepError("the runner gave no target".to_string()))
    }

    /// The journey, starting the world on first use.
    pub async fn journey(&mut self) -> Result<&mut Journey, StepError> {
        if self.journey.is_none() {
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
            let world = World::start(config, move |outbound| make(cx, outbound))
                .await
                .map_err(|e| StepError(format!("the world did not start: {e}")))?;
            self.journey = Some(Journey::new(world));
        }
        Ok(self.journey.as_mut().expect("started above"))
    }

    /// Introduces a person under the name the feature gives them, with the defaults of
    /// `PersonSpec` until other steps describe them.
    pub fn introduce(&mut self, name: &str) -> StepResult {
        if self.people.contains_key(name) {
            return Err(StepError(format!("{name} is already in this scenario")));
        }
        self.people.insert(name.to_string(), Member::default());
        Ok(())
    }

    /// The description of `name`, while they have not acted yet.
    pub fn spec(&mut self, name: &str) -> Result<&mut idn_world::PersonSpec, StepError> {
        let unknown = self.unknown_person(name);
        let member = self.people.get_mut(name).ok_or(unknown)?;
        match member.id {
            None => Ok(&mut member.spec),
            Some(_) => Err(StepError(format!(
                "too late to describe {name}: they have already acted (describe them first, in the Contexte)"
            ))),
        }
    }

    /// The person the feature calls `name`, put in the world on first use.
    pub async fn person(&mut self, name: &str) -> Result<PersonId, StepError> {
        let unknown = self.unknown_person(name);
        let member = self.people.get(name).ok_or(unknown)?;
        if let Some(id) = member.id {
            return Ok(id);
        }
        let spec = member.spec.clone();
        let id = self.journey().await?.world.add_person(&name.to_lowercase(), spec);
        self.people.get_mut(name).expect("checked above").id = Some(id);
        Ok(id)
    }

    /// What `name` holds (session, challenge, appointment, login under way).
    pub fn holder(&mut self, name: &str) -> Result<&mut Holder, StepError> {
        let unknown = self.unknown_person(name);
        self.people.get_mut(name).map(|member| &mut member.holder).ok_or(unknown)
    }

    fn unknown_person(&self, name: &str) -> StepError {
        let known: Vec<&String> = self.people.keys().collect();
        StepError(format!(
            "nobody is called {name} in this scenario (introduce them with a « Soit {name} … » step; known: {known:?})"
        ))
    }

    /// Records the SUT's answer to the step `step`: a refusal is kept for the next step to
    /// check and yields `None`; any other failure fails the step.
    pub fn record<T>(
        &mut self,
        step: &str,
        result: Result<T, JourneyError>,
    ) -> Result<Option<T>, StepError> {
        self.ensure_checked()?;
        match result {
            Ok(value) => {
                self.outcome = Some(Outcome::Accepted { step: step.to_string() });
                Ok(Some(value))
            }
            Err(JourneyError::Call { source: CallError::Refused(refusal), .. }) => {
                self.outcome = Some(Outcome::Refused { step: step.to_string(), refusal });
                Ok(None)
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Fails when the last answer was a refusal no step checked.
    pub fn ensure_checked(&mut self) -> StepResult {
        match self.outcome.take() {
            Some(Outcome::Refused { step, refusal }) => Err(StepError(format!(
                "« {step} » was refused with `{}` ({}), and no step checked it",
                refusal.code, refusal.message
            ))),
            _ => Ok(()),
        }
    }

    /// Checks that the last answer was a refusal with `code`, and consumes it.
    pub fn expect_refusal(
        &mut self,
        code: idn_contract::RefusalCode,
    ) -> Result<Refusal, StepError> {
        match self.outcome.take() {
            Some(Outcome::Refused { refusal, .. }) if refusal.code == code => Ok(refusal),
            Some(Outcome::Refused { step, refusal }) => Err(StepError(format!(
                "« {step} » was refused with `{}` ({}), not `{code}`",
                refusal.code, refusal.message
            ))),
            Some(Outcome::Accepted { step }) => {
                Err(StepError(format!("« {step} » was accepted, not refused with `{code}`")))
            }
            None => Err(StepError(format!(
                "no request to the SUT was answered yet, so none refused with `{code}`"
            ))),
        }
    }

    /// Checks that the last answer was an acceptance.
    pub fn expect_accepted(&mut self) -> StepResult {
        match self.outcome.take() {
            Some(Outcome::Accepted { .. }) => Ok(()),
            Some(Outcome::Refused { step, refusal }) => Err(StepError(format!(
                "« {step} » was refused with `{}` ({})",
                refusal.code, refusal.message
            ))),
            None => Err(StepError("no request to the SUT was answered yet".to_string())),
        }
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
