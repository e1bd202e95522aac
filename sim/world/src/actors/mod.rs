//! The actors' own state, one file each: people and how they are made up, phones, the SMS
//! network, the push service, mailboxes, the postman's rounds system, post offices, what
//! an agent reads in person, AR24, a login at a partner service, fraudsters. Data, and the
//! functions that need only it: nothing here names `World`, the world's events or the
//! trace (which renders some of these types). What each actor does in the world, customer
//! service included, is `world/<actor>.rs`.

pub mod ar24;
pub mod fraudster;
pub mod in_person;
pub mod mailbox;
pub mod partner;
pub mod person;
pub mod phone;
pub mod population;
pub mod post_office;
pub mod postman;
pub mod push;
pub mod sms;
