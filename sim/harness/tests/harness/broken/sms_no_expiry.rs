//! Breaks ACC-08: an SMS code never expires. When the reference refuses the right code as
//! `code_expired` (the last one it texted for that step), the wrapper quietly gets a fresh
//! code for the same step (nothing reaches the world) and confirms with it, so the old
//! code is taken however late it comes: the account's SMS code (a re-send), the app's
//! challenge code (the same challenge started again, its "Nouveau numéro" too, behind the
//! person's challenge id) and the code of a change of number (the change asked again).

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped, email_code, refused, sms_code};
use idn_contract::account::{AccountConfirmMobile, AccountResendSms};
use idn_contract::activation::{AppChallenge, AppConfirmSms, AppNewNumber, AppStart};
use idn_contract::management::{PhoneChangeConfirm, PhoneChangeStart};
use idn_contract::{
    CallError, ChallengeId, ClockId, IdentityProvider, Outbound, PhoneNumber, RefusalCode, Reply,
    Request,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// An app challenge as the person knows it.
#[derive(Clone)]
struct Challenge {
    start: AppStart,
    new_number: Option<PhoneNumber>,
    sms_code: Option<String>,
    email_code: Option<String>,
    /// The reference's challenge that stands for it now, and the e-mail code of that one.
    current: Option<(ChallengeId, Option<String>)>,
}

#[derive(Default)]
struct State {
    /// The last account SMS code of each session.
    account_codes: BTreeMap<String, String>,
    challenges: BTreeMap<String, Challenge>,
    /// The new number and last code of each session's change of number.
    phone_changes: BTreeMap<String, (PhoneNumber, String)>,
}

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), SmsNeverExpires::default())
}

#[derive(Default)]
struct SmsNeverExpires {
    state: PerClock<State>,
}

impl SmsNeverExpires {
    /// The reference's challenge standing for the person's `id`.
    fn current(&self, clock: &ClockId, id: &mut ChallengeId) {
        let now = self.state.with(clock, |s| {
            s.challenges.get(id.as_str()).and_then(|c| c.current.clone()).map(|(c, _)| c)
        });
        if let Some(now) = now {
            *id = now;
        }
    }

    /// Remembers the codes the person was sent for each step.
    fn record(
        &self,
        clock: &ClockId,
        request: &Request,
        person_challenge: Option<ChallengeId>,
        reply: &Result<Reply, CallError>,
        sent: &[idn_contract::OutboundMessage],
    ) {
        let sms = sms_code(sent);
        self.state.with(clock, |s| match (request, reply) {
            (Request::AccountSetMobile(op), _) => {
                s.account_codes.insert(op.session.as_str().into(), sms.unwrap_or_default());
            }
            (Request::AccountResendSms(op), _) => {
                s.account_codes.insert(op.session.as_str().into(), sms.unwrap_or_default());
            }
            (Request::AppStart(op), Ok(Reply::AppChallenge(r))) => {
                let challenge = Challenge {
                    start: op.clone(),
                    new_number: None,
                    sms_code: sms,
                    email_code: None,
                    current: None,
                };
                s.challenges.insert(r.challenge.as_str().into(), challenge);
            }
            (Request::AppNewNumber(op), _) => {
                let id = person_challenge.unwrap_or_else(|| op.challenge.clone());
                if let Some(c) = s.challenges.get_mut(id.as_str()) {
                    c.new_number = Some(op.phone.clone());
                    c.sms_code = sms;
                    c.email_code = email_code(sent);
                }
            }
            (Request::PhoneChangeStart(op), _) => {
                let change = (op.new_phone.clone(), sms.unwrap_or_default());
                s.phone_changes.insert(op.session.as_str().into(), change);
            }
            _ => {}
        });
    }

    async fn account_sms(
        &self,
        sut: &Sut,
        clock: &ClockId,
        op: AccountConfirmMobile,
    ) -> Result<Reply, CallError> {
        let reply = sut.call(clock, op.clone().into()).await;
        let last = self.state.with(clock, |s| s.account_codes.get(op.session.as_str()).cloned());
        if !refused(&reply, RefusalCode::CodeExpired) || last.as_deref() != Some(op.code.as_str()) {
            return reply;
        }
        let resend = AccountResendSms { session: op.session.clone() };
        let Some(fresh) = sms_code(&sut.quiet(clock, resend.into()).await.1) else { return reply };
        self.state
            .with(clock, |s| s.account_codes.insert(op.session.as_str().into(), fresh.clone()));
        sut.call(clock, AccountConfirmMobile { code: fresh, ..op }.into()).await
    }

    async fn app_sms(
        &self,
        sut: &Sut,
        clock: &ClockId,
        op: AppConfirmSms,
    ) -> Result<Reply, CallError> {
        let known = self.state.with(clock, |s| s.challenges.get(op.challenge.as_str()).cloned());
        let mut asked = op.clone();
        self.current(clock, &mut asked.challenge);
        let reply = sut.call(clock, asked.into()).await;
        let Some(known) = known else { return reply };
        if !refused(&reply, RefusalCode::CodeExpired)
            || known.sms_code.as_deref() != Some(op.code.as_str())
        {
            return reply;
        }
        // The same challenge again, quietly, and its new number if one was given.
        let (started, sent) = sut.quiet(clock, known.start.clone().into()).await;
        let Ok(Reply::AppChallenge(AppChallenge { challenge, .. })) = started else { return reply };
        let mut fresh = sms_code(&sent);
        let mut email = None;
        if let Some(phone) = known.new_number.clone() {
            let again = AppNewNumber { challenge: challenge.clone(), phone };
            let sent = sut.quiet(clock, again.into()).await.1;
            fresh = sms_code(&sent);
            email = email_code(&sent);
        }
        let Some(fresh) = fresh else { return reply };
        let confirmed = sut
            .call(clock, AppConfirmSms { challenge: challenge.clone(), code: fresh }.into())
            .await;
        if confirmed.is_ok() {
            self.state.with(clock, |s| {
                if let Some(c) = s.challenges.get_mut(op.challenge.as_str()) {
                    c.current = Some((challenge, email));
                }
            });
        }
        confirmed
    }

    async fn phone_change(
        &self,
        sut: &Sut,
        clock: &ClockId,
        op: PhoneChangeConfirm,
    ) -> Result<Reply, CallError> {
        let reply = sut.call(clock, op.clone().into()).await;
        let known = self.state.with(clock, |s| s.phone_changes.get(op.session.as_str()).cloned());
        let Some((new_phone, code)) = known else { return reply };
        if !refused(&reply, RefusalCode::CodeExpired) || code != op.code {
            return reply;
        }
        let again = PhoneChangeStart { session: op.session.clone(), new_phone };
        let Some(fresh) = sms_code(&sut.quiet(clock, again.into()).await.1) else { return reply };
        sut.call(clock, PhoneChangeConfirm { code: fresh, ..op }.into()).await
    }
}

impl Defect for SmsNeverExpires {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            match request {
                Request::AccountConfirmMobile(op) => return self.account_sms(sut, clock, op).await,
                Request::AppConfirmSms(op) => return self.app_sms(sut, clock, op).await,
                Request::PhoneChangeConfirm(op) => return self.phone_change(sut, clock, op).await,
                _ => {}
            }
            // The person's challenge id, and their e-mail code, stand for the current ones.
            let person_challenge = match &mut request {
                Request::AppNewNumber(op) => Some(op.challenge.clone()),
                Request::AppDocumentSuffix(op) => {
                    self.current(clock, &mut op.challenge);
                    None
                }
                Request::AppSetPin(op) => {
                    self.current(clock, &mut op.challenge);
                    None
                }
                Request::AppConfirmEmail(op) => {
                    let (original, current) = self.state.with(clock, |s| {
                        s.challenges
                            .get(op.challenge.as_str())
                            .map(|c| (c.email_code.clone(), c.current.clone()))
                            .unwrap_or_default()
                    });
                    if let Some((id, email)) = current {
                        op.challenge = id;
                        if original.as_deref() == Some(op.code.as_str()) {
                            op.code = email.unwrap_or_default();
                        }
                    }
                    None
                }
                _ => None,
            };
            if let Request::AppNewNumber(op) = &mut request {
                self.current(clock, &mut op.challenge);
            }
            let (reply, sent) = sut.watched(clock, request.clone()).await;
            if reply.is_ok() {
                self.record(clock, &request, person_challenge, &reply, &sent);
            }
            reply
        })
    }
}
