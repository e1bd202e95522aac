//! The in-person check a postman or a post-office clerk reports (VER-02, VER-03, VER-10):
//! what the person in front of them holds and says, and whether the face is the
//! document's.

use crate::actors::in_person::{ACTIVATION_SMS_MARK, document_shown};
use crate::{PersonId, World};
use idn_contract::verification::{AgentCheck, CheckPlace};

impl World {
    /// The check of `holder`'s request at `place`, with whoever presents themselves for
    /// them: the holder's document and the code the holder received by SMS (an impostor
    /// has both), and a face that matches only if the presenter is the holder.
    pub(crate) fn in_person_check(
        &self,
        holder: PersonId,
        presenter: PersonId,
        place: CheckPlace,
    ) -> AgentCheck {
        let person = self.person(holder);
        let code = self
            .latest_sms_code_matching(&person.phone_number, ACTIVATION_SMS_MARK)
            .unwrap_or_default();
        AgentCheck {
            place,
            activation_code: code,
            document: document_shown(&person.identity),
            holder_matches: presenter == holder,
        }
    }
}
