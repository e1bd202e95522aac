//! The harness's one integration test binary: whole journeys against the embedded
//! reference, their determinism, and the architecture's invariants.

mod architecture;
mod broken;
mod browser;
mod coverage;
mod fuzz;
mod journeys;
mod reports;
mod suite;

use idn_harness::Journey;
use idn_world::{World, WorldConfig};

/// A journey on `seed` around a fresh in-process reference implementation.
pub async fn embedded_journey(seed: u64) -> Journey {
    let world = World::start(WorldConfig::new(seed), idn_reference::embedded(seed))
        .await
        .expect("the world starts around the embedded reference");
    Journey::new(world)
}
