//! Unit-test helpers: a SUT that only keeps a test clock, and a way to make it "send".

use crate::{World, WorldConfig};
use idn_contract::{
    Ack, CallError, ClockId, IdentityProvider, Outbound, OutboundMessage, Refusal, RefusalCode,
    Reply, Request,
};
use std::sync::{Arc, Mutex};

/// Acknowledges the test clock and refuses everything else; `send` makes it emit.
pub(crate) struct ClockOnlySut {
    pub advances: Mutex<u64>,
}

#[async_trait::async_trait]
impl IdentityProvider for ClockOnlySut {
    async fn handle(&self, _clock: &ClockId, request: Request) -> Result<Reply, CallError> {
        match request {
            Request::TestClockCreate(_) => Ok(Reply::Ack(Ack)),
            Request::TestClockAdvance(_) => {
                *self.advances.lock().expect("not poisoned") += 1;
                Ok(Reply::Ack(Ack))
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
    let sut = Arc::new(ClockOnlySut { advances: Mutex::new(0) });
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
    world.take_outbound(Some("test"));
}
