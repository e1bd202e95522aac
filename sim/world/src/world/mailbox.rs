//! The mail service at work: it delays messages and may file one as spam (`Faults`,
//! stream `mail`), then files each in the mailbox of its address (ACC-01).

use crate::World;
use crate::actors::mailbox::{Folder, MailMessage, Mailbox};
use crate::event::Event;
use crate::faults::draw_delay;
use crate::trace::{Actor, TraceEvent};
use idn_contract::outbound::Email;

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
        let mailbox =
            self.mailboxes.entry(email.to.clone()).or_insert_with(|| Mailbox::new(email.to));
        mailbox.receive(message);
    }

    /// The mailbox of `email` (empty if nothing was ever sent to it).
    pub fn mailbox(&self, email: &str) -> &Mailbox {
        self.mailboxes.get(email).unwrap_or(Mailbox::empty())
    }
}
