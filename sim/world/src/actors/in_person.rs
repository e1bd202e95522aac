//! What an agent (a postman, a post-office clerk) reads in person (VER-02, VER-03): the
//! document as printed, and the words that mark the SMS carrying the activation code.
//! The check they report, with whoever presents themselves, is the world's
//! (`world/in_person.rs`).

use idn_contract::verification::DocumentShown;

/// The words of the activation-code SMS (ARCHITECTURE, "Texts the world relies on").
pub const ACTIVATION_SMS_MARK: &str = "code d'activation";

/// The document as an agent reads it: what is printed on it.
pub fn document_shown(identity: &idn_contract::DeclaredIdentity) -> DocumentShown {
    DocumentShown {
        kind: identity.document.kind,
        number: identity.document.number.clone(),
        birth_name: identity.birth_name.clone(),
        given_names: identity.given_names.clone(),
        birth_date: identity.birth_date,
    }
}
