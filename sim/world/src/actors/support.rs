//! Customer service (MGT-07): deletes the identity of a user who lost the last 4
//! characters of their document number.

use crate::World;
use idn_contract::management::SupportDelete;
use idn_contract::{Ack, CallError};

/// The actor name of the support desk in traces, and the agent it names.
pub const SUPPORT: &str = "support";

impl World {
    /// A support agent deletes the identity of the account `email`.
    pub async fn support_delete(&mut self, email: &str) -> Result<Ack, CallError> {
        let request =
            SupportDelete { email: email.to_string(), agent: "conseiller-service-client".into() };
        self.call(SUPPORT, request).await
    }
}
