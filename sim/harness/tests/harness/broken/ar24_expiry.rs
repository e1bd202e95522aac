//! Breaks AR24-04: the LRE never expires. AR24's "expired" callback is acknowledged and
//! dropped, so the letter stays open in the reference (a later identification or result
//! would still be taken); and the letter keeps its hold on the mode (VER-08) past its
//! 15 days: a change of mode is refused `mode_change_locked`, and the Espace Client keeps
//! saying the online verification is under way instead of offering the other modes.

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::enrolment::{EspaceClientStatus, EspaceClientView, VerificationView};
use idn_contract::verification::Ar24Event;
use idn_contract::{
    Ack, CallError, ClockId, IdentityProvider, Outbound, OutboundMessage, Refusal, RefusalCode,
    Reply, Request, SessionToken,
};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The reference's Espace Client while the letter can still be read (its `texts.rs`).
const ONLINE_PENDING: &str = "Votre vérification en ligne est en cours avec AR24 : le mode de vérification ne peut pas être changé avant l'expiration de la lettre recommandée électronique.";

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), Ar24NeverExpires::default())
}

#[derive(Default)]
struct Ar24NeverExpires {
    /// The letters the reference asked AR24 to send.
    letters: PerClock<BTreeSet<String>>,
}

/// An online verification whose letter the reference considers expired: the modes are
/// offered again.
fn letter_expired(view: &EspaceClientView) -> bool {
    matches!(view.verification, Some(VerificationView::Online { .. })) && !view.actions.is_empty()
}

impl Ar24NeverExpires {
    async fn view(
        &self,
        sut: &Sut,
        clock: &ClockId,
        session: &SessionToken,
    ) -> Option<EspaceClientView> {
        let status = EspaceClientStatus { session: session.clone() };
        match sut.quiet(clock, status.into()).await.0 {
            Ok(Reply::EspaceClientView(view)) => Some(view),
            _ => None,
        }
    }
}

impl Defect for Ar24NeverExpires {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            match &request {
                Request::Ar24Callback(op) if op.event == Ar24Event::Expired => {
                    let known = self.letters.with(clock, |l| l.contains(op.letter.as_str()));
                    if known {
                        return Ok(Reply::Ack(Ack));
                    }
                }
                Request::VerificationChoose(op) => {
                    let view = self.view(sut, clock, &op.session).await;
                    if view.is_some_and(|v| letter_expired(&v)) {
                        return Err(CallError::Refused(Refusal::new(
                            RefusalCode::ModeChangeLocked,
                            "Le mode de vérification ne peut pas être changé avant l'expiration de la lettre recommandée électronique (15 jours après sa réception).",
                        )));
                    }
                }
                _ => {}
            }
            let (reply, sent) = sut.watched(clock, request).await;
            for message in sent {
                if let OutboundMessage::Ar24Letter(letter) = message {
                    self.letters.with(clock, |l| l.insert(letter.letter.as_str().to_string()));
                }
            }
            match reply {
                Ok(Reply::EspaceClientView(mut view)) if letter_expired(&view) => {
                    view.actions.clear();
                    view.messages = vec![ONLINE_PENDING.to_string()];
                    Ok(Reply::EspaceClientView(view))
                }
                other => other,
            }
        })
    }
}
