//! Mailboxes: each address has one, with an inbox and a spam folder (ACC-01), messages
//! in arrival order. How the mail service delays messages and files them is the world's
//! (`world/mailbox.rs`).

use idn_contract::Timestamp;

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
    /// The empty mailbox of `address`.
    pub(crate) fn new(address: String) -> Self {
        Self { address, messages: Vec::new() }
    }

    /// The mailbox of an address nothing was sent to.
    pub(crate) fn empty() -> &'static Mailbox {
        &EMPTY_MAILBOX
    }

    /// Files a message that arrived, after the others.
    pub(crate) fn receive(&mut self, message: MailMessage) {
        self.messages.push(message);
    }

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
