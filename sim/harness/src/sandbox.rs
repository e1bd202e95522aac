//! A sandbox for a partner service testing its FranceConnect+ integration: ready test
//! identities, each with a documented mobile number, name and secret code, whose simulated
//! smartphones answer login requests by themselves (approve, refuse, never answer, a wrong
//! secret code, a lost phone). `idn-sim serve --sandbox` seeds them through the contract,
//! as people would (a Compte La Poste, the post office's check, the app's activation),
//! then keeps answering for them while a stock OpenID client logs in.
//!
//! Nothing here reads the wall clock: the command gives the instant to catch up with.

use crate::flows::{account, activation, enrolment, verification};
use crate::journey::{Journey, JourneyError};
use idn_contract::{AuthRequestId, DeviceId, PhoneNumber, Timestamp};
use idn_world::{CounterOutcome, PersonId, PersonSpec};

/// How a sandbox identity's smartphone answers a login request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answering {
    /// Types the right secret code: the login succeeds.
    Approve,
    /// « Je refuse »: the service gets `access_denied`.
    Refuse,
    /// Never answers: the request expires (AUTH-06).
    Never,
    /// Types a wrong secret code, once: the request stays pending, then expires.
    WrongPin,
    /// The phone is lost: no notification is shown, nobody answers.
    LostPhone,
}

/// One documented test identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxIdentity {
    /// The given name and the name a partner sees in the id_token and userinfo.
    pub given_name: &'static str,
    pub family_name: &'static str,
    /// The national part of a French mobile number (`+33`).
    pub national_number: &'static str,
    pub pin: &'static str,
    pub answering: Answering,
}

impl SandboxIdentity {
    /// The number a partner types on its login page.
    pub fn phone(&self) -> PhoneNumber {
        PhoneNumber::new("+33", self.national_number)
    }
}

/// The sandbox's identities, as the README documents them.
pub const IDENTITIES: [SandboxIdentity; 5] = [
    SandboxIdentity {
        given_name: "Camille",
        family_name: "APPROUVE",
        national_number: "600000001",
        pin: "2580",
        answering: Answering::Approve,
    },
    SandboxIdentity {
        given_name: "Dominique",
        family_name: "REFUSE",
        national_number: "600000002",
        pin: "2580",
        answering: Answering::Refuse,
    },
    SandboxIdentity {
        given_name: "Alex",
        family_name: "SILENCE",
        national_number: "600000003",
        pin: "2580",
        answering: Answering::Never,
    },
    SandboxIdentity {
        given_name: "Sacha",
        family_name: "ERREUR",
        national_number: "600000004",
        pin: "2580",
        answering: Answering::WrongPin,
    },
    SandboxIdentity {
        given_name: "Noa",
        family_name: "PERDU",
        national_number: "600000005",
        pin: "2580",
        answering: Answering::LostPhone,
    },
];

/// A sandbox identity ready to log in, and how many of its phone's notifications it has
/// already acted on.
#[derive(Debug, Clone)]
pub struct Ready {
    pub identity: SandboxIdentity,
    pub person: PersonId,
    pub device: DeviceId,
    seen: usize,
}

/// Creates each identity through the contract as a person would, up to an activated app
/// (verified at the post office, the quickest mode), and loses the phone of those whose
/// phone is lost.
pub async fn seed(
    j: &mut Journey,
    identities: &[SandboxIdentity],
) -> Result<Vec<Ready>, JourneyError> {
    let mut ready = Vec::new();
    for identity in identities {
        ready.push(seed_one(j, identity).await?);
    }
    Ok(ready)
}

async fn seed_one(j: &mut Journey, identity: &SandboxIdentity) -> Result<Ready, JourneyError> {
    let handle = identity.given_name.to_lowercase();
    let person = j.world.add_person(&handle, PersonSpec::default());
    let device = j.world.person(person).device.clone();
    {
        let p = j.world.person_mut(person);
        p.phone_number = identity.phone();
        p.pin = identity.pin.to_string();
        p.identity.given_names = vec![identity.given_name.to_string()];
        p.identity.birth_name = identity.family_name.to_string();
        p.identity.usage_name = None;
    }
    j.world.phone_mut(&device).sim = Some(identity.phone());
    j.step(format!(
        "the sandbox prepares {} {} ({})",
        identity.given_name,
        identity.family_name,
        identity.phone()
    ));
    let session = account::create(j, person).await?;
    enrolment::enrol(j, person, &session).await?;
    let checked = verification::post_office(j, person, &session, verification::LOUVRE).await?;
    if !matches!(checked, CounterOutcome::Checked(ref check) if check.verified) {
        return Err(j.unexpected("the post office verifies the identity", format!("{checked:?}")));
    }
    activation::activate(j, person, &device).await?;
    if identity.answering == Answering::LostPhone {
        j.world.phone_mut(&device).set_lost(true);
    }
    let identity = identity.clone();
    let seen = j.world.notifications(&device).len();
    Ok(Ready { identity, person, device, seen })
}

/// One turn of the sandbox: virtual time catches up with `now` (the SUT's test clock
/// follows, and the pushes it sent meanwhile reach the phones), then each phone acts on
/// the notifications it showed since the last turn, as its identity says. Like a person,
/// the phone reacts to the push: nothing polls the SUT.
pub async fn answer(
    j: &mut Journey,
    ready: &mut [Ready],
    now: Timestamp,
) -> Result<(), JourneyError> {
    let behind = now - j.world.now();
    if behind > chrono::TimeDelta::zero() {
        let ran = j.world.run_for(behind).await;
        ran.map_err(|e| j.world_error(e))?;
    }
    for one in ready.iter_mut() {
        answer_for(j, one).await?;
    }
    Ok(())
}

async fn answer_for(j: &mut Journey, one: &mut Ready) -> Result<(), JourneyError> {
    let shown = j.world.notifications(&one.device);
    let new: Vec<AuthRequestId> = shown[one.seen..].iter().map(|n| n.request.clone()).collect();
    one.seen = shown.len();
    for request in new {
        let device = &one.device;
        let pin = one.identity.pin;
        let answered = match one.identity.answering {
            Answering::Approve => j.world.app_approve(device, &request, pin).await,
            Answering::Refuse => j.world.app_refuse(device, &request).await,
            Answering::WrongPin => j.world.app_approve(device, &request, &wrong(pin)).await,
            Answering::Never | Answering::LostPhone => continue,
        };
        // A refusal (a wrong secret code, a request that expired meanwhile) is the
        // sandbox's behaviour, not a failure of the sandbox.
        if let Err(error) = answered
            && error.refusal_code().is_none()
        {
            return Err(j.call_error(error));
        }
    }
    Ok(())
}

/// A secret code that is not `pin`.
fn wrong(pin: &str) -> String {
    if pin == "0000" { "1111".to_string() } else { "0000".to_string() }
}
