//! The actors of the world, one file each: people and how they are made up, phones, the
//! SMS network, the push service, mailboxes, the postman and the rounds system, post
//! offices, AR24, the partner service with FranceConnect+, fraudsters, customer service.

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
