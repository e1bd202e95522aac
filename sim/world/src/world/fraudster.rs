//! A fraudster at work (FRAUD-02, FRAUD-03): knowing some of a victim's phone number,
//! e-mail, password and document number, with a phone of their own, they try starting
//! logins (which notify the victim), approving from their own phone with guessed secret
//! codes, activating their own phone on the victim's identity. Guesses come from the
//! stream `fraudster/<name>`.

use crate::actors::fraudster::{Fraudster, FraudsterId, Knowledge};
use crate::actors::partner::LoginAttempt;
use crate::actors::phone::PhoneSpec;
use crate::actors::population;
use crate::trace::{Actor, TraceEvent};
use crate::{World, WorldError};
use idn_contract::activation::{
    AppActivated, AppConfirmSms, AppDocumentSuffix, AppPurpose, AppSetPin, AppStart,
};
use idn_contract::login::Acr;
use idn_contract::{Ack, AuthRequestId, CallError, DeviceId};

impl World {
    /// Adds a fraudster with their own Android phone and number.
    pub fn add_fraudster(&mut self, name: &str, knows: Knowledge) -> FraudsterId {
        let key = format!("fraudster/{name}");
        let mut rng = self.take_stream(&key);
        let number = loop {
            let number = population::mobile(&mut rng, self.fixtures, "+33");
            if !self.number_taken(&number) {
                break number;
            }
        };
        self.put_stream(&key, rng);
        let id = FraudsterId(self.fraudsters.len());
        let device = DeviceId::new(format!("dev-fraudster-{name}"));
        let phone = self.make_phone(device.clone(), None, &PhoneSpec::android(14), Some(number));
        self.insert_phone(phone, Actor::Fraudster(name.to_string()));
        self.fraudsters.push(Fraudster { id, name: name.to_string(), knows, device });
        id
    }

    pub fn fraudster(&self, id: FraudsterId) -> &Fraudster {
        &self.fraudsters[id.0]
    }

    /// The fraudster called `name`, if one was added.
    pub fn fraudster_by_name(&self, name: &str) -> Option<FraudsterId> {
        self.fraudsters.iter().find(|f| f.name == name).map(|f| f.id)
    }

    /// Starts a login with the victim's number: the victim gets the notification.
    pub async fn fraudster_login_start(
        &mut self,
        id: FraudsterId,
        service: &str,
    ) -> Result<LoginAttempt, WorldError> {
        let number = self.knowledge(id, |k| k.phone_number.clone(), "phone number")?;
        let actor = self.fraudster(id).actor();
        self.record(actor, None, TraceEvent::TypesVictimNumber { number: number.clone() });
        Ok(self.partner_login_start(number, service, Acr::Eidas2).await?)
    }

    /// Tries `tries` guessed secret codes on `request` from the fraudster's own phone;
    /// returns every answer (FRAUD-02: none may succeed).
    pub async fn fraudster_guess_pins(
        &mut self,
        id: FraudsterId,
        request: &AuthRequestId,
        tries: u32,
    ) -> Vec<Result<Ack, CallError>> {
        let (actor, device) = (self.fraudster(id).actor(), self.fraudster(id).device.clone());
        let mut answers = Vec::new();
        for _ in 0..tries {
            let pin = self.stream(&format!("fraudster/{}", self.fraudster(id).name)).digits(4);
            let approve = idn_contract::login::AppApprove {
                device_id: device.clone(),
                request: request.clone(),
                pin,
            };
            answers.push(self.call(&actor, approve).await);
        }
        answers
    }

    /// Tries to activate the fraudster's phone on the victim's identity with the known
    /// e-mail and password; the SMS code goes to the victim, so it is guessed once.
    /// Returns the first refusal (FRAUD-02: there must be one).
    pub async fn fraudster_activate(
        &mut self,
        id: FraudsterId,
    ) -> Result<AppActivated, WorldError> {
        let email = self.knowledge(id, |k| k.email.clone(), "e-mail")?;
        let password = self.knowledge(id, |k| k.password.clone(), "password")?;
        let (actor, device) = (self.fraudster(id).actor(), self.fraudster(id).device.clone());
        let start = AppStart {
            device: self.device_info(&device),
            email,
            password,
            purpose: AppPurpose::Activate,
        };
        let challenge = self.call(&actor, start).await?;
        let stream_name = format!("fraudster/{}", self.fraudster(id).name);
        let code = self.stream(&stream_name).digits(6);
        let confirm = AppConfirmSms { challenge: challenge.challenge.clone(), code };
        self.call(&actor, confirm).await?;
        if challenge.needs_document_suffix {
            let number = self.knowledge(id, |k| k.document_number.clone(), "document number")?;
            let last4: String =
                number.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
            let suffix = AppDocumentSuffix { challenge: challenge.challenge.clone(), last4 };
            self.call(&actor, suffix).await?;
        }
        let set_pin = AppSetPin { challenge: challenge.challenge, pin: "1357".into() };
        Ok(self.call(&actor, set_pin).await?)
    }

    fn knowledge<T>(
        &self,
        id: FraudsterId,
        get: impl Fn(&Knowledge) -> Option<T>,
        what: &'static str,
    ) -> Result<T, WorldError> {
        let fraudster = self.fraudster(id);
        get(&fraudster.knows)
            .ok_or(WorldError::FraudsterLacks { fraudster: fraudster.name.clone(), what })
    }
}
