//! Who appears in the trace: the world itself, the implementation, the people and their
//! phones and mailboxes, and the services around them. Typed, so that a check matches an
//! actor by its variant and a rename is a compile error, never a check silently switched
//! off; its text (`person:camille`) is made only when the trace is rendered.
//!
//! It names parties and holds nothing else, so it sits below everything: an actor's own
//! state names itself with it ([`crate::Person::actor`]) and the trace, which sits above
//! the actors' state, re-exports it as `trace::Actor`.

use idn_contract::{DeviceId, PhoneNumber, PostOfficeId};
use std::fmt;

/// An actor of the trace.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Actor {
    /// The simulator itself: its start, its waits, its limits.
    World,
    /// The implementation under test.
    Idp,
    /// A person, by the name the scenario gives them, in lower case (`camille`).
    Person(String),
    /// A smartphone's app, by its device id.
    Phone(DeviceId),
    /// A mailbox, by its address.
    Mailbox(String),
    /// A mobile number that no phone answers for.
    Number(PhoneNumber),
    /// The SMS gateway the implementation sends through.
    SmsGateway,
    /// The mail service.
    Mail,
    /// The push service.
    Push,
    /// AR24, the registered-letter service.
    Ar24,
    /// The postman on their round.
    Postman,
    /// The postman rounds system that takes bookings.
    PostmanRounds,
    /// The clerk at a post office's counter.
    Clerk(PostOfficeId),
    /// FranceConnect+, the relying party between the partner service and the SUT.
    FranceConnect,
    /// A partner service behind FranceConnect+ (`mon-compte-formation`).
    Service(String),
    /// A fraudster, by name.
    Fraudster(String),
    /// Customer service.
    Support,
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::World => f.write_str("world"),
            Actor::Idp => f.write_str("idp"),
            Actor::Person(name) => write!(f, "person:{name}"),
            Actor::Phone(device) => write!(f, "phone:{device}"),
            Actor::Mailbox(email) => write!(f, "mailbox:{email}"),
            Actor::Number(number) => write!(f, "{number}"),
            Actor::SmsGateway => f.write_str("sms-gateway"),
            Actor::Mail => f.write_str("mail"),
            Actor::Push => f.write_str("push"),
            Actor::Ar24 => f.write_str("ar24"),
            Actor::Postman => f.write_str("postman"),
            Actor::PostmanRounds => f.write_str("postman-rounds"),
            Actor::Clerk(office) => write!(f, "clerk:{office}"),
            Actor::FranceConnect => f.write_str("franceconnect-plus"),
            Actor::Service(name) => f.write_str(name),
            Actor::Fraudster(name) => write!(f, "fraudster:{name}"),
            Actor::Support => f.write_str("support"),
        }
    }
}

impl Actor {
    /// The service an outbound message of the implementation goes to.
    pub fn service_of(message: &idn_contract::OutboundMessage) -> Actor {
        use idn_contract::OutboundMessage as M;
        match message {
            M::Sms(_) => Actor::SmsGateway,
            M::Email(_) => Actor::Mail,
            M::Push(_) => Actor::Push,
            M::Ar24Letter(_) => Actor::Ar24,
            M::PostmanBooking(_) | M::PostmanCancellation(_) => Actor::PostmanRounds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that each actor renders as the trace has always named it, and that an
    // outbound message's service renders as the contract names it.
    #[test]
    fn actors_render_their_trace_names() {
        let cases = [
            (Actor::Person("camille".into()), "person:camille"),
            (Actor::Phone(DeviceId::new("dev-camille-1")), "phone:dev-camille-1"),
            (Actor::Mailbox("c@x.fr".into()), "mailbox:c@x.fr"),
            (Actor::Clerk(PostOfficeId::new("po-1")), "clerk:po-1"),
            (Actor::Fraudster("mallory".into()), "fraudster:mallory"),
            (Actor::FranceConnect, "franceconnect-plus"),
            (Actor::PostmanRounds, "postman-rounds"),
        ];
        for (actor, name) in cases {
            assert_eq!(actor.to_string(), name);
        }
        let sms = idn_contract::OutboundMessage::Sms(idn_contract::outbound::Sms {
            to: PhoneNumber::new("+33", "612345678"),
            text: "x".into(),
        });
        assert_eq!(Actor::service_of(&sms).to_string(), sms.service());
    }
}
