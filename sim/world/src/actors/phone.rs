//! Smartphones: OS and version, the app's state as the phone believes it, the settings
//! that decide whether a notification shows (PUSH-01), and the SIM's number. Giving
//! someone a phone and installing the app are the world's (`world/phone.rs`).

use crate::actor::Actor;
use crate::actors::person::PersonId;
use idn_contract::{DeviceId, DeviceInfo, Os, PhoneNumber};
use idn_model::device::os_supported;

/// Which SIM a new phone gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimCard {
    /// The owner's current SIM moves to the new phone (the old one keeps none).
    OwnersNumber,
    /// A new SIM with this number; the owner's number becomes it.
    Number(PhoneNumber),
    /// No SIM at all (a phone on Wi-Fi only).
    None,
}

/// How to make a phone. `PhoneSpec::default()`: Android 13, the owner's SIM, the app
/// installed (when the OS can run it, ELIG-03) but not activated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneSpec {
    pub os: Os,
    pub os_major: u32,
    /// A model name; drawn from `fixtures/phones.toml` when absent.
    pub model: Option<String>,
    pub sim: SimCard,
    /// Whether the app is installed; by default, when the OS supports it.
    pub app_installed: Option<bool>,
}

impl Default for PhoneSpec {
    fn default() -> Self {
        Self {
            os: Os::Android,
            os_major: 13,
            model: None,
            sim: SimCard::OwnersNumber,
            app_installed: None,
        }
    }
}

impl PhoneSpec {
    pub fn android(major: u32) -> Self {
        Self { os: Os::Android, os_major: major, ..Self::default() }
    }

    pub fn ios(major: u32) -> Self {
        Self { os: Os::Ios, os_major: major, ..Self::default() }
    }

    pub fn model(mut self, model: &str) -> Self {
        self.model = Some(model.to_string());
        self
    }

    pub fn with_number(mut self, number: PhoneNumber) -> Self {
        self.sim = SimCard::Number(number);
        self
    }

    pub fn without_sim(mut self) -> Self {
        self.sim = SimCard::None;
        self
    }

    pub fn app_installed(mut self, installed: bool) -> Self {
        self.app_installed = Some(installed);
        self
    }
}

/// A smartphone in someone's hand (or lost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub id: DeviceId,
    /// The person it belongs to; `None` for a fraudster's phone.
    pub owner: Option<PersonId>,
    pub os: Os,
    pub os_major: u32,
    pub model: String,
    pub app_version: String,
    /// The notification permission of the app (ACT-04 asks for it).
    pub notifications_allowed: bool,
    /// "Ne pas déranger".
    pub do_not_disturb: bool,
    /// Battery saving restricts the app in the background.
    pub battery_saver_restricts_app: bool,
    pub app_installed: bool,
    /// Whether the app believes it is activated; the SUT may think otherwise (MGT-08).
    pub app_activated: bool,
    pub lost: bool,
    /// The number of the SIM in the phone.
    pub sim: Option<PhoneNumber>,
}

/// Why a phone did not show a notification (PUSH-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotShown {
    /// The push names a device the world does not know.
    UnknownDevice,
    /// The push provider dropped it (best effort).
    Dropped,
    /// The phone is lost: nobody sees it.
    Lost,
    AppNotInstalled,
    /// The app was never activated on this phone: it has no push registration.
    AppNotActivated,
    NotificationsNotAllowed,
    DoNotDisturb,
    BatterySaverRestrictsApp,
    /// The OS is older than the app supports (ELIG-03).
    OsOutdated,
}

impl NotShown {
    /// The cause as the trace prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            NotShown::UnknownDevice => "unknown device",
            NotShown::Dropped => "dropped by the push service",
            NotShown::Lost => "phone lost",
            NotShown::AppNotInstalled => "app not installed",
            NotShown::AppNotActivated => "app not activated",
            NotShown::NotificationsNotAllowed => "notifications not allowed",
            NotShown::DoNotDisturb => "ne pas déranger",
            NotShown::BatterySaverRestrictsApp => "battery saving restricts the app",
            NotShown::OsOutdated => "os outdated",
        }
    }
}

impl Phone {
    /// The OS can run the app (ELIG-03).
    pub fn os_supported(&self) -> bool {
        os_supported(model_os(self.os), self.os_major)
    }

    /// What keeps this phone from showing a notification of the app, if anything
    /// (PUSH-01), in the order a person would find it.
    pub fn notification_blocker(&self) -> Option<NotShown> {
        let checks = [
            (self.lost, NotShown::Lost),
            (!self.app_installed, NotShown::AppNotInstalled),
            (!self.os_supported(), NotShown::OsOutdated),
            (!self.app_activated, NotShown::AppNotActivated),
            (!self.notifications_allowed, NotShown::NotificationsNotAllowed),
            (self.do_not_disturb, NotShown::DoNotDisturb),
            (self.battery_saver_restricts_app, NotShown::BatterySaverRestrictsApp),
        ];
        checks.iter().find(|(blocked, _)| *blocked).map(|(_, cause)| *cause)
    }

    /// The phone as the app describes it to the SUT (MGT-10).
    pub fn device_info(&self) -> DeviceInfo {
        DeviceInfo {
            device_id: self.id.clone(),
            os: self.os,
            os_major: self.os_major,
            model: self.model.clone(),
            app_version: self.app_version.clone(),
        }
    }

    pub fn set_app_activated(&mut self, activated: bool) {
        self.app_activated = activated;
    }

    pub fn set_notifications_allowed(&mut self, allowed: bool) {
        self.notifications_allowed = allowed;
    }

    pub fn set_do_not_disturb(&mut self, on: bool) {
        self.do_not_disturb = on;
    }

    pub fn set_battery_saver_restricts_app(&mut self, restricts: bool) {
        self.battery_saver_restricts_app = restricts;
    }

    pub fn set_lost(&mut self, lost: bool) {
        self.lost = lost;
    }

    /// Updating the OS can restore delivery (PUSH-01).
    pub fn set_os_major(&mut self, major: u32) {
        self.os_major = major;
    }
}

fn model_os(os: Os) -> idn_model::device::Os {
    match os {
        Os::Android => idn_model::device::Os::Android,
        Os::Ios => idn_model::device::Os::Ios,
    }
}

/// The actor of a phone's app in traces (`phone:<device>`).
pub fn phone_actor(device: &DeviceId) -> Actor {
    Actor::Phone(device.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready_phone() -> Phone {
        Phone {
            id: DeviceId::new("dev-test-1"),
            owner: None,
            os: Os::Android,
            os_major: 13,
            model: "Google Pixel 7".into(),
            app_version: "4.12.0".into(),
            notifications_allowed: true,
            do_not_disturb: false,
            battery_saver_restricts_app: false,
            app_installed: true,
            app_activated: true,
            lost: false,
            sim: None,
        }
    }

    // Checks PUSH-01: each state alone keeps the notification from showing, and a phone
    // in none of them shows it.
    #[test]
    fn each_push01_cause_suppresses_the_notification() {
        assert_eq!(ready_phone().notification_blocker(), None);
        type Change = fn(&mut Phone);
        let cases: [(Change, NotShown); 8] = [
            (|p| p.notifications_allowed = false, NotShown::NotificationsNotAllowed),
            (|p| p.do_not_disturb = true, NotShown::DoNotDisturb),
            (|p| p.battery_saver_restricts_app = true, NotShown::BatterySaverRestrictsApp),
            (|p| p.os_major = 5, NotShown::OsOutdated),
            (|p| (p.os, p.os_major) = (Os::Ios, 12), NotShown::OsOutdated),
            (|p| p.app_installed = false, NotShown::AppNotInstalled),
            (|p| p.app_activated = false, NotShown::AppNotActivated),
            (|p| p.lost = true, NotShown::Lost),
        ];
        for (change, cause) in cases {
            let mut phone = ready_phone();
            change(&mut phone);
            assert_eq!(phone.notification_blocker(), Some(cause));
        }
    }
}
