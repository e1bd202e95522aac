//! The push service at work: best effort (it may drop or delay, `Faults`, stream `push`),
//! and the phone shows a notification only when its state allows it (PUSH-01). Every
//! notification not shown is traced and kept with its cause.

use crate::World;
use crate::actors::phone::NotShown;
use crate::actors::push::{MissedNotification, ShownNotification};
use crate::event::Event;
use crate::faults::draw_delay;
use crate::trace::{Actor, TraceEvent};
use idn_contract::DeviceId;
use idn_contract::outbound::Push;

impl World {
    pub(crate) fn push_accept(&mut self, push: Push) {
        let (rate, max_s) =
            (self.config.faults.push_drop_rate, self.config.faults.push_delay_s_max);
        let stream = self.stream("push");
        let dropped = stream.chance(rate);
        let delay = draw_delay(stream, max_s);
        if dropped {
            self.miss(push, NotShown::Dropped);
            return;
        }
        let at = self.now() + delay;
        self.schedule(at, Event::PushArrives(push));
    }

    pub(crate) fn push_arrives(&mut self, push: Push) {
        let blocker = match self.phones.get(&push.device_id) {
            None => Some(NotShown::UnknownDevice),
            Some(phone) => phone.notification_blocker(),
        };
        if let Some(cause) = blocker {
            self.miss(push, cause);
            return;
        }
        let to = Actor::Phone(push.device_id.clone());
        self.record(Actor::Push, Some(to), TraceEvent::PushShown { body: push.body.clone() });
        let shown = ShownNotification {
            at: self.now(),
            device: push.device_id,
            request: push.request,
            title: push.title,
            body: push.body,
        };
        self.push.shown(shown);
    }

    fn miss(&mut self, push: Push, cause: NotShown) {
        let to = Actor::Phone(push.device_id.clone());
        let missed = TraceEvent::PushNotShown { cause, body: push.body.clone() };
        self.record(Actor::Push, Some(to), missed);
        let missed = MissedNotification {
            at: self.now(),
            device: push.device_id,
            request: push.request,
            cause,
        };
        self.push.missed(missed);
    }

    /// The notifications `device` showed, oldest first.
    pub fn notifications(&self, device: &DeviceId) -> Vec<&ShownNotification> {
        self.push.shown_on(device)
    }

    /// The notifications sent to `device` that it never showed, with why (PUSH-01).
    pub fn missed_notifications(&self, device: &DeviceId) -> Vec<&MissedNotification> {
        self.push.missed_on(device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{sut_sends, world};
    use crate::{PersonSpec, Phone, WorldConfig};
    use chrono::TimeDelta;
    use idn_contract::{AuthRequestId, OutboundMessage};

    fn push_to(device: &DeviceId, n: u32) -> OutboundMessage {
        OutboundMessage::Push(Push {
            device_id: device.clone(),
            request: AuthRequestId::new(format!("req-{n}")),
            title: "L'Identité Numérique".into(),
            body: "Demande de connexion à Mon Compte Formation".into(),
        })
    }

    // Checks PUSH-01 end to end through the push service: each phone state alone keeps
    // the notification from showing and is recorded as the cause; a ready phone shows it.
    #[tokio::test]
    async fn each_push01_state_suppresses_the_notification() {
        type Change = fn(&mut Phone);
        let cases: [(Change, Option<NotShown>); 7] = [
            (|_| {}, None),
            (|p| p.set_notifications_allowed(false), Some(NotShown::NotificationsNotAllowed)),
            (|p| p.set_do_not_disturb(true), Some(NotShown::DoNotDisturb)),
            (|p| p.set_battery_saver_restricts_app(true), Some(NotShown::BatterySaverRestrictsApp)),
            (|p| p.set_os_major(5), Some(NotShown::OsOutdated)),
            (|p| p.app_installed = false, Some(NotShown::AppNotInstalled)),
            (|p| p.set_lost(true), Some(NotShown::Lost)),
        ];
        let mut w = world(WorldConfig::new(5)).await;
        for (n, (change, cause)) in cases.into_iter().enumerate() {
            let p = w.add_person(&format!("p{n}"), PersonSpec::default());
            let device = w.person(p).device.clone();
            w.phone_mut(&device).set_app_activated(true);
            change(w.phone_mut(&device));
            sut_sends(&mut w, push_to(&device, n as u32));
            w.run_for(TimeDelta::seconds(10)).await.expect("a short run");
            assert_eq!(w.notifications(&device).len(), usize::from(cause.is_none()), "case {n}");
            let missed: Vec<NotShown> =
                w.missed_notifications(&device).iter().map(|m| m.cause).collect();
            assert_eq!(missed, cause.into_iter().collect::<Vec<_>>(), "case {n}");
        }
        assert!(w.trace().render().contains("not shown ne pas déranger"));
    }

    // Checks that a drop rate of 1 drops every push, with the cause traced.
    #[tokio::test]
    async fn drop_rate_one_drops_every_push() {
        let mut config = WorldConfig::new(5);
        config.faults.push_drop_rate = 1.0;
        let mut w = world(config).await;
        let p = w.add_person("camille", PersonSpec::default());
        let device = w.person(p).device.clone();
        w.phone_mut(&device).set_app_activated(true);
        sut_sends(&mut w, push_to(&device, 1));
        w.run_for(TimeDelta::minutes(1)).await.expect("a short run");
        assert!(w.notifications(&device).is_empty());
        assert_eq!(w.missed_notifications(&device)[0].cause, NotShown::Dropped);
    }
}
