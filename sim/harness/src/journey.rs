//! A journey under way: the world, a narrative in virtual time, and errors that say which
//! step failed and what was observed.

use idn_contract::{CallError, Operation};
use idn_report::Narration;
use idn_world::{Actor, World, WorldError};
use std::fmt;

/// Why a journey stopped. A misbehaving SUT is reported here, never by a panic.
#[derive(Debug, thiserror::Error)]
pub enum JourneyError {
    #[error("{step}: {source}")]
    Call { step: String, source: CallError },
    #[error("{step}: {source}")]
    World { step: String, source: WorldError },
    #[error("{step}: expected {expected}, observed {observed}")]
    Unexpected { step: String, expected: String, observed: String },
}

/// The world and the story of what happened in it.
pub struct Journey {
    pub world: World,
    narrative: Vec<Narration>,
    step: String,
}

impl Journey {
    pub fn new(world: World) -> Self {
        Self { world, narrative: Vec::new(), step: String::from("start") }
    }

    /// Names the step under way (used in errors) and tells it in the narrative.
    pub fn step(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.narrative.push(Narration { at: self.world.now(), text: text.clone() });
        self.step = text;
    }

    /// Adds a line to the narrative without changing the step.
    pub fn note(&mut self, text: impl Into<String>) {
        self.narrative.push(Narration { at: self.world.now(), text: text.into() });
    }

    pub fn narrative(&self) -> &[Narration] {
        &self.narrative
    }

    /// Calls the SUT as `actor`; a refusal or a transport failure fails the step.
    pub async fn call<O: Operation>(
        &mut self,
        actor: &Actor,
        op: O,
    ) -> Result<O::Reply, JourneyError> {
        let result = self.world.call(actor, op).await;
        result.map_err(|source| self.call_error(source))
    }

    /// Calls the SUT expecting a refusal with `code`; anything else fails the step.
    pub async fn call_refused<O: Operation>(
        &mut self,
        actor: &Actor,
        op: O,
        code: idn_contract::RefusalCode,
    ) -> Result<(), JourneyError>
    where
        O::Reply: fmt::Debug,
    {
        match self.world.call(actor, op).await {
            Err(CallError::Refused(refusal)) if refusal.code == code => Ok(()),
            Err(CallError::Refused(refusal)) => Err(self.unexpected(
                format!("refusal `{code}`"),
                format!("refusal `{}` ({})", refusal.code, refusal.message),
            )),
            Err(other) => Err(self.call_error(other)),
            Ok(reply) => Err(self.unexpected(format!("refusal `{code}`"), format!("{reply:?}"))),
        }
    }

    /// Wraps a world error with the step under way.
    pub fn world_error(&self, source: WorldError) -> JourneyError {
        JourneyError::World { step: self.step.clone(), source }
    }

    pub fn call_error(&self, source: CallError) -> JourneyError {
        JourneyError::Call { step: self.step.clone(), source }
    }

    pub fn unexpected(
        &self,
        expected: impl Into<String>,
        observed: impl Into<String>,
    ) -> JourneyError {
        JourneyError::Unexpected {
            step: self.step.clone(),
            expected: expected.into(),
            observed: observed.into(),
        }
    }

    /// Fails the step unless `condition` holds.
    pub fn ensure(
        &self,
        condition: bool,
        expected: impl Into<String>,
        observed: impl FnOnce() -> String,
    ) -> Result<(), JourneyError> {
        if condition { Ok(()) } else { Err(self.unexpected(expected, observed())) }
    }

    /// Renders the narrative, one line per event, with the virtual date and time.
    pub fn render_narrative(&self) -> String {
        let mut out = String::new();
        for line in &self.narrative {
            out.push_str(&format!("  {}  {}\n", line.at.format("%Y-%m-%d %H:%M:%S"), line.text));
        }
        out
    }
}
