//! Reading what a person reads: codes in SMS and e-mails, the reset link's token. People
//! never get a code from a reply (ARCHITECTURE, "Codes, as a person reads them").

use crate::World;
use idn_contract::PhoneNumber;

/// The first standalone run of 4 to 8 ASCII digits of `text`: a run of digits with no
/// letter or digit on either side (so `1234.` reads, `abc1234` and `123456789` do not).
pub fn read_code(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let glued_before = start > 0 && chars[start - 1].is_alphanumeric();
        let glued_after = i < chars.len() && chars[i].is_alphanumeric();
        if (4..=8).contains(&(i - start)) && !glued_before && !glued_after {
            return Some(chars[start..i].iter().collect());
        }
    }
    None
}

/// The `token` query parameter of the first link carrying one (ACC-06's reset link).
pub fn read_link_token(text: &str) -> Option<String> {
    let at = text.find("token=")? + "token=".len();
    let token: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%'))
        .collect();
    // A link at the end of a sentence: the full stop is not part of the URL.
    let token = token.trim_end_matches('.');
    (!token.is_empty()).then(|| token.to_string())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    // Checks the rule "first standalone run of 4 to 8 ASCII digits" on the SUT's texts.
    #[test]
    fn reads_codes_as_a_person_does() {
        let cases = [
            ("L'Identité Numérique La Poste : votre code de vérification est 1234.", Some("1234")),
            ("votre code d'activation est 123456. Présentez-le", Some("123456")),
            ("Votre code : 00123456", Some("00123456")),
            ("123 puis 4567", Some("4567")),
            ("trop long 123456789 puis 2468", Some("2468")),
            ("collé abc1234 ou 1234abc", None),
            ("accent é1234", None),
            ("rien ici", None),
            ("(9876)", Some("9876")),
        ];
        for (text, expected) in cases {
            assert_eq!(read_code(text).as_deref(), expected, "{text}");
        }
    }

    // Checks that the reset link's token is read up to the end of the URL.
    #[test]
    fn reads_the_reset_token() {
        let body =
            "Cliquez : https://moncompte.laposte.fr/reinitialisation?token=Ab-9_x. Valable 2 h.";
        assert_eq!(read_link_token(body).as_deref(), Some("Ab-9_x"));
        assert_eq!(read_link_token("no link"), None);
    }
}
