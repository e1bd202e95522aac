//! Values that several concepts share: who, which phone, which document, which session.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The instant type of the contract. The SUT reads it from the test clock only.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(
    /// A test clock, and the namespace of everything created on it. Chosen by the harness.
    ClockId
);
string_id!(
    /// A web session on the Compte La Poste / Espace Client, issued by the SUT.
    SessionToken
);
string_id!(
    /// A smartphone, as the app identifies it to the SUT. Chosen by the phone (the world).
    DeviceId
);
string_id!(
    /// A postman appointment, issued by the SUT when the user books one.
    AppointmentId
);
string_id!(
    /// An AR24 electronic registered letter (LRE), named by the SUT when it asks AR24 to send it.
    LetterId
);
string_id!(
    /// A participating (or not) post office, from the post-office directory.
    PostOfficeId
);
string_id!(
    /// A challenge of the app: activation, new smartphone or secret-code change.
    ChallengeId
);
string_id!(
    /// A pending login (an OpenID Connect authorization request waiting for the app).
    AuthRequestId
);

/// A mobile number with its country calling code (ELIG-04), e.g. `+33` and `612345678`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneNumber {
    /// With its plus sign: `+33`, `+590`, `+1`.
    pub calling_code: String,
    /// The national number without its leading zero, digits only.
    pub national: String,
}

impl PhoneNumber {
    pub fn new(calling_code: impl Into<String>, national: impl Into<String>) -> Self {
        Self { calling_code: calling_code.into(), national: national.into() }
    }

    /// The last four characters of the number, as pages show it masked.
    pub fn last4(&self) -> &str {
        let n = self.national.len();
        &self.national[n.saturating_sub(4)..]
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.calling_code, self.national)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Civility {
    Madame,
    Monsieur,
}

/// The three document types of ELIG-02 / ENR-03.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Carte nationale d'identité (CNI).
    IdentityCard,
    Passport,
    /// Titre de séjour.
    ResidencePermit,
}

impl DocumentKind {
    /// The label the enrolment page shows for the type (ÉTAPE 14).
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::IdentityCard => "Carte d'identité",
            DocumentKind::Passport => "Passeport",
            DocumentKind::ResidencePermit => "Titre de séjour",
        }
    }
}

/// What is printed on an identity document, as the user types it (DOC-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentData {
    pub kind: DocumentKind,
    pub number: String,
    pub issued_on: NaiveDate,
    /// The printed expiry date (which DOC-02 may extend for a CNI).
    pub expires_on: NaiveDate,
}

impl DocumentData {
    /// The last four characters of the document number (MGT-07).
    pub fn last4(&self) -> &str {
        let n = self.number.chars().count();
        let start = self.number.char_indices().nth(n.saturating_sub(4)).map_or(0, |(i, _)| i);
        &self.number[start..]
    }
}

/// Everything the user declares when creating the identity (DOC-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclaredIdentity {
    pub civility: Civility,
    /// All given names, in order ("Marie Claire Anne").
    pub given_names: Vec<String>,
    pub birth_name: String,
    pub usage_name: Option<String>,
    pub birth_date: NaiveDate,
    pub birth_municipality: String,
    pub birth_country: String,
    pub nationality: String,
    pub document: DocumentData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Os {
    Android,
    Ios,
}

impl Os {
    /// The OS's name as people write it.
    pub fn label(self) -> &'static str {
        match self {
            Os::Android => "Android",
            Os::Ios => "iOS",
        }
    }
}

/// The smartphone as the app describes it (ELIG-03, MGT-10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceInfo {
    pub device_id: DeviceId,
    pub os: Os,
    /// Major version of the OS: Android 6 or later, iOS 13 or later are eligible.
    pub os_major: u32,
    pub model: String,
    pub app_version: String,
}

/// Where a request comes from when it may come from the web or from the app (MGT-05, MGT-06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The Espace Client, with a logged-in web session.
    Web { session: SessionToken },
    /// The activated app on this smartphone.
    App { device_id: DeviceId },
}

/// An empty success: the SUT took the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ack;

/// An SMS code was sent; it may be re-sent after `resend_after_s` (ACC-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsSent {
    pub resend_after_s: u64,
}
