//! The world: its configuration, its state (each actor's, whose types are in `actors/`,
//! with the clock, the streams, the queue and the trace), and the one door to the SUT
//! ([`World::call`]).
//!
//! What the world does is beside this file, each an `impl World` block: `run.rs` (the run
//! loop, and which actor handles an event that falls due), `outbound.rs` (what the SUT
//! sends becomes world events), `reading.rs` (how a person reads a code), and one file per
//! actor. This file names none of their items: it calls their methods on `World`
//! (`take_outbound` after every call), as they call each other's.

mod ar24;
mod fraudster;
mod in_person;
mod mailbox;
mod outbound;
mod partner;
mod person;
mod phone;
mod post_office;
mod postman;
mod push;
mod reading;
mod run;
mod sms;
mod support;

use crate::actors::ar24::Ar24;
use crate::actors::fraudster::Fraudster;
use crate::actors::mailbox::Mailbox;
use crate::actors::person::Person;
use crate::actors::phone::Phone;
use crate::actors::post_office::PostOffices;
use crate::actors::postman::Postman;
use crate::actors::push::PushService;
use crate::actors::sms::SmsNetwork;
use crate::clock::Clock;
use crate::event::Event;
use crate::faults::Faults;
use crate::fixtures::Fixtures;
use crate::limits::Limits;
use crate::outbound::OutboundSink;
use crate::prng::Prng;
use crate::queue::Queue;
use crate::trace::{Actor, Trace, TraceEvent};
use crate::{PersonId, WorldError};
use chrono::DateTime;
use idn_contract::policy::Policy;
use idn_contract::test_clock::TestClockCreate;
use idn_contract::{
    CallError, ClockId, IdentityProvider, Operation, Outbound, Reply, Request, Timestamp,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How a run is set up. `WorldConfig::new(seed)` gives the defaults; change fields after.
#[derive(Debug, Clone)]
pub struct WorldConfig {
    /// The run's seed: every random draw of the world descends from it.
    pub seed: u64,
    /// Virtual time at the start of the run.
    pub start: Timestamp,
    /// The policy profile the run assumes (reminder delays and the like).
    pub policy: Policy,
    pub limits: Limits,
    pub faults: Faults,
    /// Over HTTP, where the SUT must post this world's outbound messages (the harness's
    /// loopback services); `None` in-process, where the SUT sends into the world's sink.
    pub outbound_url: Option<String>,
    /// Prefixed to the clock's name, so that runs against one long-lived server do not
    /// reuse each other's clocks (a clock is created once). Empty in-process. It stays out
    /// of the trace, which one seed must render the same whatever the run.
    pub clock_prefix: String,
}

impl WorldConfig {
    /// The test clock (and namespace) a world on this configuration runs on:
    /// `<clock_prefix>sim-<seed>`.
    pub fn clock_id(&self) -> ClockId {
        ClockId::new(format!("{}sim-{}", self.clock_prefix, self.seed))
    }

    /// The defaults: Monday 2 March 2026 08:00 UTC, the default policy, limits and faults.
    pub fn new(seed: u64) -> Self {
        let start = DateTime::from_timestamp(1_772_438_400, 0).expect("2026-03-02T08:00:00Z");
        Self {
            seed,
            start,
            policy: Policy::default(),
            limits: Limits::default(),
            faults: Faults::default(),
            outbound_url: None,
            clock_prefix: String::new(),
        }
    }
}

/// The simulated world around one SUT, on one test clock.
pub struct World {
    pub(crate) config: WorldConfig,
    pub(crate) clock: Clock,
    pub(crate) clock_id: ClockId,
    pub(crate) sut: Arc<dyn IdentityProvider>,
    /// When the SUT said its own next timer falls due (`ClockSet::next_timer_at`).
    pub(crate) sut_timer: Option<Timestamp>,
    /// The SUT's discovery document and JWKS, as FranceConnect+ keeps them between logins.
    pub(crate) oidc: Option<(idn_contract::oidc::DiscoveryDocument, idn_contract::oidc::Jwks)>,
    pub(crate) sink: Arc<OutboundSink>,
    root: Prng,
    streams: BTreeMap<String, Prng>,
    pub(crate) queue: Queue<Event>,
    pub(crate) trace: Trace,
    pub(crate) events_processed: u64,
    pub(crate) fixtures: &'static Fixtures,
    pub(crate) people: Vec<Person>,
    pub(crate) phones: BTreeMap<idn_contract::DeviceId, Phone>,
    pub(crate) mailboxes: BTreeMap<String, Mailbox>,
    pub(crate) sms: SmsNetwork,
    pub(crate) push: PushService,
    pub(crate) postman: Postman,
    pub(crate) post_offices: PostOffices,
    pub(crate) ar24: Ar24,
    pub(crate) fraudsters: Vec<Fraudster>,
    /// Who presents themselves in place of a holder (VER-10), when someone else does.
    pub(crate) presenters: BTreeMap<PersonId, PersonId>,
}

impl World {
    /// Makes the outbound sink, builds the SUT around it, and creates the test clock
    /// `sim-<seed>` at `config.start`.
    pub async fn start(
        config: WorldConfig,
        make_sut: impl FnOnce(Arc<dyn Outbound>) -> Arc<dyn IdentityProvider>,
    ) -> Result<World, WorldError> {
        config.faults.validate().map_err(|bad| WorldError::BadConfig(bad.to_string()))?;
        let sink = Arc::new(OutboundSink::default());
        let sut = make_sut(Arc::clone(&sink) as Arc<dyn Outbound>);
        let fixtures = Fixtures::builtin();
        let mut world = World {
            clock: Clock::new(config.start),
            clock_id: config.clock_id(),
            root: Prng::from_seed(config.seed),
            streams: BTreeMap::new(),
            queue: Queue::default(),
            trace: Trace::default(),
            events_processed: 0,
            post_offices: PostOffices::from_fixtures(fixtures),
            fixtures,
            people: Vec::new(),
            phones: BTreeMap::new(),
            mailboxes: BTreeMap::new(),
            sms: SmsNetwork::default(),
            push: PushService::default(),
            postman: Postman::default(),
            ar24: Ar24::default(),
            fraudsters: Vec::new(),
            presenters: BTreeMap::new(),
            sut,
            sut_timer: None,
            oidc: None,
            sink,
            config,
        };
        let started = TraceEvent::Started {
            seed: world.config.seed,
            clock: format!("sim-{}", world.config.seed),
            policy: world.config.policy.name.clone(),
        };
        world.record(Actor::World, None, started);
        let now = world.now();
        let outbound_url = world.config.outbound_url.clone();
        let set = world.call(&Actor::World, TestClockCreate { now, outbound_url }).await;
        world.sut_timer = set.map_err(WorldError::TestClock)?.next_timer_at;
        Ok(world)
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn seed(&self) -> u64 {
        self.config.seed
    }

    pub fn clock_id(&self) -> &ClockId {
        &self.clock_id
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    pub fn config(&self) -> &WorldConfig {
        &self.config
    }

    /// World events processed so far (counted against `Limits::max_events`).
    pub fn events_processed(&self) -> u64 {
        self.events_processed
    }

    /// World events scheduled and not yet due.
    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }

    /// The random stream called `name`, forked from the run's seed on first use. Actors
    /// use `sms`, `push`, `mail`, `postman`, `ar24`, `franceconnect-plus`,
    /// `person/<name>`, `phone/<device>`, `fraudster/<name>`; a test may add its own.
    pub fn stream(&mut self, name: &str) -> &mut Prng {
        let root = &self.root;
        self.streams.entry(name.to_string()).or_insert_with(|| root.fork(name))
    }

    /// Takes a stream out of the world, so that it can be used next to borrows of other
    /// fields; give it back with [`World::put_stream`].
    pub(crate) fn take_stream(&mut self, name: &str) -> Prng {
        self.streams.remove(name).unwrap_or_else(|| self.root.fork(name))
    }

    pub(crate) fn put_stream(&mut self, name: &str, stream: Prng) {
        self.streams.insert(name.to_string(), stream);
    }

    /// Adds an entry to the trace at the current virtual time: `from` did `event` to `to`
    /// (`None`: a decision of `from` alone).
    pub fn record(&mut self, from: Actor, to: Option<Actor>, event: TraceEvent) {
        let at = self.clock.now();
        self.trace.record(at, from, to, event);
    }

    /// Schedules a world event.
    pub(crate) fn schedule(&mut self, at: Timestamp, event: Event) {
        self.queue.push(at, event);
    }

    /// Calls the SUT as `actor` (a person, a phone's app, the postman, AR24…), records the
    /// request and its outcome in the trace, then takes what the SUT sent in the meantime
    /// and turns it into world events. Actors acting on their own go through here too.
    pub async fn call<O: Operation>(
        &mut self,
        actor: &Actor,
        op: O,
    ) -> Result<O::Reply, CallError> {
        let request: Request = op.into();
        let name = request.name();
        let sut = Arc::clone(&self.sut);
        let result = sut.handle(&self.clock_id, request.clone()).await;
        if let Ok(reply) = &result {
            self.observe(&request, reply);
        }
        let call = TraceEvent::Call { request, outcome: result.clone() };
        self.record(actor.clone(), Some(Actor::Idp), call);
        self.take_outbound(Some(actor));
        O::extract(result?).map_err(|other| CallError::Protocol {
            request: name.to_string(),
            detail: format!("expected the reply of {name}, got {other}"),
        })
    }

    /// What a phone learns from the replies it gets: the app it just activated believes
    /// itself activated (and keeps believing so if the SUT later moves to another phone).
    fn observe(&mut self, request: &Request, reply: &Reply) {
        let activated = match (request, reply) {
            (Request::AppSetPin(_), Reply::AppActivated(activated)) => &activated.device,
            _ => return,
        };
        if let Some(phone) = self.phones.get_mut(activated) {
            phone.app_activated = true;
        }
    }
}
