//! The closed set of requests and replies, one variant per operation, and the typed
//! [`Operation`] view of each.

use crate::account::*;
use crate::activation::*;
use crate::common::{Ack, SmsSent};
use crate::enrolment::*;
use crate::login::*;
use crate::management::*;
use crate::oidc::*;
use crate::test_clock::*;
use crate::token::UserInfoClaims;
use crate::verification::*;
use serde::{Deserialize, Serialize};

/// A request with its typed reply.
pub trait Operation: Into<Request> {
    type Reply;
    /// The typed reply, or the name of the reply if it is of another type.
    fn extract(reply: Reply) -> Result<Self::Reply, &'static str>;
}

macro_rules! contract {
    (
        requests { $($op:ident => $reply:ident,)* }
        replies { $($r:ident,)* }
    ) => {
        /// Every request of the contract. Its serde form is `{"op": "<Name>", ...fields}`.
        // Wire types are built once and moved: boxing the large variants would only add noise.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(tag = "op")]
        pub enum Request { $($op($op),)* }

        /// Every reply of the contract. Its serde form is `{"reply": "<Name>", ...fields}`.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(tag = "reply")]
        pub enum Reply { $($r($r),)* }

        impl Request {
            /// The operation's name, as traces and error messages print it.
            pub fn name(&self) -> &'static str {
                match self { $(Request::$op(_) => stringify!($op),)* }
            }

            /// Every operation name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($op),)*];

            /// The name of each operation's reply, in the order of [`Request::NAMES`].
            pub const REPLY_NAMES: &'static [&'static str] = &[$(stringify!($reply),)*];

            /// The name of the reply the contract promises for this request.
            pub fn reply_name(&self) -> &'static str {
                match self { $(Request::$op(_) => stringify!($reply),)* }
            }
        }

        impl Reply {
            pub fn name(&self) -> &'static str {
                match self { $(Reply::$r(_) => stringify!($r),)* }
            }
        }

        $(
            impl From<$op> for Request {
                fn from(op: $op) -> Self { Request::$op(op) }
            }

            impl Operation for $op {
                type Reply = $reply;
                fn extract(reply: Reply) -> Result<$reply, &'static str> {
                    match reply {
                        Reply::$reply(r) => Ok(r),
                        #[allow(unreachable_patterns)]
                        other => Err(other.name()),
                    }
                }
            }
        )*

        $(
            impl From<$r> for Reply {
                fn from(r: $r) -> Self { Reply::$r(r) }
            }
        )*
    };
}

// Serde cannot tag a unit struct inside an internally tagged enum, so `Ack` is written as
// a struct with no fields on the wire: `{"reply": "Ack"}`.
contract! {
    requests {
        // Test clock.
        TestClockCreate => ClockSet,
        TestClockAdvance => ClockSet,
        // Compte La Poste.
        AccountStart => AccountStarted,
        AccountConfirmEmail => Ack,
        AccountResendEmailCode => Ack,
        AccountSetPassword => Ack,
        AccountSetMobile => SmsSent,
        AccountResendSms => SmsSent,
        AccountConfirmMobile => Ack,
        AccountSetNames => Ack,
        AccountAcceptCgu => Ack,
        WebLogin => LoggedIn,
        PasswordResetRequest => Ack,
        PasswordResetComplete => Ack,
        // Enrolment.
        EnrolmentDeclareDocument => Ack,
        EnrolmentSubmitIdentity => IdentityToConfirm,
        EnrolmentConfirmIdentity => Ack,
        CounterEnrolment => Ack,
        EspaceClientStatus => EspaceClientView,
        // Verification.
        VerificationChoose => VerificationStarted,
        AgentCheck => CheckRecorded,
        AppointmentMissed => Ack,
        Ar24Callback => Ack,
        // The app.
        AppStart => AppChallenge,
        AppNewNumber => SmsSent,
        AppConfirmSms => Ack,
        AppConfirmEmail => Ack,
        AppDocumentSuffix => Ack,
        AppSetPin => AppActivated,
        AppPendingRequests => PendingRequests,
        AppApprove => Ack,
        AppRefuse => Ack,
        // Login (OpenID Connect).
        Authorize => AuthorizationPending,
        AuthorizationPoll => AuthorizationStatus,
        AuthorizationCancel => Ack,
        Token => Tokens,
        UserInfo => UserInfoClaims,
        OidcDiscovery => DiscoveryDocument,
        OidcJwks => Jwks,
        // Management.
        IdentityBlock => Ack,
        IdentityUnblock => Ack,
        IdentityDelete => Ack,
        SupportDelete => Ack,
        PhoneChangeStart => SmsSent,
        PhoneChangeConfirm => Ack,
        PasswordChange => Ack,
    }
    replies {
        Ack,
        ClockSet,
        SmsSent,
        AccountStarted,
        LoggedIn,
        IdentityToConfirm,
        EspaceClientView,
        VerificationStarted,
        CheckRecorded,
        AppChallenge,
        AppActivated,
        PendingRequests,
        AuthorizationPending,
        AuthorizationStatus,
        Tokens,
        UserInfoClaims,
        DiscoveryDocument,
        Jwks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::SessionToken;

    // Checks the wire shape of a request and a reply, which the HTTP transport relies on.
    #[test]
    fn requests_and_replies_are_tagged_by_name() {
        let request: Request =
            AccountConfirmEmail { session: SessionToken::new("s1"), code: "123456".into() }.into();
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(json, r#"{"op":"AccountConfirmEmail","session":"s1","code":"123456"}"#);
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
        let ack = serde_json::to_string(&Reply::Ack(Ack)).unwrap();
        assert_eq!(ack, r#"{"reply":"Ack"}"#);
        assert_eq!(serde_json::from_str::<Reply>(&ack).unwrap(), Reply::Ack(Ack));
    }

    // Checks that a reply of the wrong type is handed back, not accepted.
    #[test]
    fn extract_refuses_another_reply_type() {
        let reply = Reply::SmsSent(SmsSent { resend_after_s: 60 });
        assert!(<AccountConfirmEmail as Operation>::extract(reply.clone()).is_err());
        assert_eq!(<AccountSetMobile as Operation>::extract(reply).unwrap().resend_after_s, 60);
        let request: Request =
            AccountConfirmEmail { session: SessionToken::new("s"), code: "1".into() }.into();
        assert_eq!(request.reply_name(), "Ack");
    }
}
