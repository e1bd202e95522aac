//! Customer service (MGT-07): deletes the identity of a user who lost the last 4
//! characters of their document number.

use crate::World;
use crate::trace::Actor;
use idn_contract::management::SupportDelete;
use idn_contract::{Ack, CallError};

impl World {
    /// A support agent deletes the identity of the account `email`.
    pub async fn support_delete(&mut self, email: &str) -> Result<Ack, CallError> {
        let request =
            SupportDelete { email: email.to_string(), agent: "conseiller-service-client".into() };
        self.call(&Actor::Support, request).await
    }
}
