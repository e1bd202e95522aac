//! Unit-test helpers: a SUT that only keeps a test clock, and a way to make it "send".

use crate::{World, WorldConfig};
use chrono::TimeDelta;
use idn_contract::test_clock::ClockSet;
use idn_contract::{
    CallError, ClockId, IdentityProvider, Outbound, OutboundMessage, Refusal, RefusalCode, Reply,
    Request, Timestamp,
};
use std::sync::{Arc, Mutex};

/// Sets the test clock and refuses everything else; records every advance, and declares
/// a timer `timer_every` after each clock setting when asked to.
#[derive(Default)]
pub(crate) struct ClockOnlySut {
    pub advanced_to: Mutex<Vec<Timestamp>>,
    pub timer_every: Mutex<Option<TimeDelta>>,
}

impl ClockOnlySut {
    pub fn advances(&self) -> Vec<Timestamp> {
        self.advanced_to.lock().expect("not poisoned").clone()
    }

    fn set(&self, now: Timestamp) -> Result<Reply, CallError> {
        let every = *self.timer_every.lock().expect("not poisoned");
        Ok(Reply::ClockSet(ClockSet { next_timer_at: every.map(|d| now + d) }))
    }
}

#[async_trait::async_trait]
impl IdentityProvider for ClockOnlySut {
    async fn handle(&self, _clock: &ClockId, request: Request) -> Result<Reply, CallError> {
        match request {
            Request::TestClockCreate(op) => self.set(op.now),
            Request::TestClockAdvance(op) => {
                self.advanced_to.lock().expect("not poisoned").push(op.to);
                self.set(op.to)
            }
            other => Err(Refusal::new(RefusalCode::InvalidRequest, other.name()).into()),
        }
    }
}

/// A world around a [`ClockOnlySut`].
pub(crate) async fn world(config: WorldConfig) -> World {
    world_and_sut(config).await.0
}

/// A world around a [`ClockOnlySut`], and the SUT to look at.
pub(crate) async fn world_and_sut(config: WorldConfig) -> (World, Arc<ClockOnlySut>) {
    let sut = Arc::new(ClockOnlySut::default());
    let given = Arc::clone(&sut);
    let world = World::start(config, move |_outbound| given as Arc<dyn IdentityProvider>)
        .await
        .expect("the clock-only sut starts");
    (world, sut)
}

/// Has the SUT send `message` now, as if a call had caused it.
pub(crate) fn sut_sends(world: &mut World, message: OutboundMessage) {
    let clock = world.clock_id().clone();
    world.sink.send(&clock, message).expect("the sink takes everything");
    world.take_outbound(Some(&crate::trace::Actor::World));
}
