//! E-mail: the mail service delays messages and may file one as spam (`Faults`, stream
//! `mail`); each address has a mailbox with an inbox and a spam folder (ACC-01).

use crate::World;
use crate::event::Event;
use crate::faults::draw_delay;
use crate::trace::{Actor, TraceEvent};
use idn_contract::Timestamp;
use idn_contract::outbound::Email;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Folder {
    Inbox,
    Spam,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub at: Timestamp,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub folder: Folder,
}

/// The mailbox of one address, messages in arrival order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    address: String,
    messages: Vec<MailMessage>,
}

/// What `World::mailbox` shows for an address nothing was sent to.
static EMPTY_MAILBOX: Mailbox = Mailbox { address: String::new(), messages: Vec::new() };

impl Mailbox {
    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn inbox(&self) -> Vec<&MailMessage> {
        self.in_folder(Folder::Inbox)
    }

    pub fn spam(&self) -> Vec<&MailMessage> {
        self.in_folder(Folder::Spam)
    }

    /// Both folders, in arrival order.
    pub fn all(&self) -> Vec<&MailMessage> {
        self.messages.iter().collect()
    }

    /// The latest message, in either folder, whose subject contains `subject`.
    pub fn latest(&self, subject: &str) -> Option<&MailMessage> {
        self.messages.iter().rev().find(|m| m.subject.contains(subject))
    }

    pub fn len(&self) -> usize {
        self.messages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    fn in_folder(&self, folder: Folder) -> Vec<&MailMessage> {
        self.messages.iter().filter(|m| m.folder == folder).collect()
    }
}

impl World {
    /// The mail service takes an e-mail (from the SUT or from AR24).
    pub(crate) fn mail_accept(&mut self, email: Email) {
        let (rate, max_s) = (self.config.faults.spam_rate, self.config.faults.email_delay_s_max);
        let stream = self.stream("mail");
        let spam = stream.chance(rate);
        let delay = draw_delay(stream, max_s);
        let at = self.now() + delay;
        self.schedule(at, Event::MailArrives { email, spam });
    }

    pub(crate) fn mail_arrives(&mut self, email: Email, spam: bool) {
        let folder = if spam { Folder::Spam } else { Folder::Inbox };
        let arrived = TraceEvent::MailArrived { subject: email.subject.clone(), folder };
        self.record(Actor::Mail, Some(Actor::Mailbox(email.to.clone())), arrived);
        let message = MailMessage {
            at: self.now(),
            from: email.from,
            to: email.to.clone(),
            subject: email.subject,
            body: email.body,
            folder,
        };
        let mailbox = self
            .mailboxes
            .entry(email.to.clone())
            .or_insert_with(|| Mailbox { address: email.to, messages: Vec::new() });
        mailbox.messages.push(message);
    }

    /// The mailbox of `email` (empty if nothing was ever sent to it).
    pub fn mailbox(&self, email: &str) -> &Mailbox {
        self.mailboxes.get(email).unwrap_or(&EMPTY_MAILBOX)
    }
}
