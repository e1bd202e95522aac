//! Reading what a person reads: codes in SMS and e-mails, the reset link's token. People
//! never get a code from a reply (ARCHITECTURE, "Codes, as a person reads them").

use crate::World;
use idn_contract::PhoneNumber;
use idn_contract::outbound::reading::{read_code, read_link_token};

impl World {
    /// The code of the latest SMS to `number` that carries one, as read on a phone that is
    /// not lost (a lost phone's SMS are out of the person's reach).
    pub fn latest_sms_code(&self, number: &PhoneNumber) -> Option<String> {
        self.readable_sms(number).rev().find_map(|sms| read_code(&sms.text))
    }

    /// The code of the latest SMS to `number` whose text contains `contains`.
    pub fn latest_sms_code_matching(&self, number: &PhoneNumber, contains: &str) -> Option<String> {
        self.readable_sms(number)
            .rev()
            .filter(|sms| sms.text.contains(contains))
            .find_map(|sms| read_code(&sms.text))
    }

    /// The code of the latest e-mail to `email` (inbox or spam, ACC-01) whose subject
    /// contains `subject_contains`.
    pub fn latest_mail_code(&self, email: &str, subject_contains: &str) -> Option<String> {
        self.mailbox(email)
            .all()
            .into_iter()
            .rev()
            .filter(|m| m.subject.contains(subject_contains))
            .find_map(|m| read_code(&m.body))
    }

    /// The token of the latest reset link e-mailed to `email` (ACC-06).
    pub fn reset_token_from_mail(&self, email: &str) -> Option<String> {
        self.mailbox(email).all().into_iter().rev().find_map(|m| read_link_token(&m.body))
    }

    fn readable_sms(
        &self,
        number: &PhoneNumber,
    ) -> impl DoubleEndedIterator<Item = &crate::ReceivedSms> {
        self.received_sms(number).into_iter().filter(|sms| !self.phone(&sms.device).lost)
    }
}
