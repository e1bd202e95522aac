//! The refusal codes the model can return: each is the contract's snake_case code, as a
//! plain string so that this crate does not depend on the contract. A harness test checks
//! that every entry of [`REFUSAL_CODES`] parses as a contract code.

/// A request step came in a state where it makes no sense (e.g. confirming an identity
/// that was never submitted).
pub const STEP_OUT_OF_ORDER: &str = "step_out_of_order";
/// ELIG-04: the mobile number's calling code is not on the eligible list.
pub const CALLING_CODE_NOT_ELIGIBLE: &str = "calling_code_not_eligible";
/// ELIG-01: under 18 on the day of the request.
pub const UNDERAGE: &str = "underage";
/// DOC-01..03: the document is not in force on the day of the request.
pub const DOCUMENT_EXPIRED: &str = "document_expired";
/// ELIG-02: a titre de séjour whose validity period is under 5 years.
pub const RESIDENCE_PERMIT_TOO_SHORT: &str = "residence_permit_too_short";
/// A verification step while no verification is under way.
pub const NOT_AWAITING_VERIFICATION: &str = "not_awaiting_verification";
/// VER-04: not a private home in a listed territory.
pub const ADDRESS_NOT_ELIGIBLE: &str = "address_not_eligible";
/// AR24-01: online verification without accepting AR24's CGU.
pub const AR24_CGU_NOT_ACCEPTED: &str = "ar24_cgu_not_accepted";
/// VER-08: leaving the online mode before the LRE expires.
pub const MODE_CHANGE_LOCKED: &str = "mode_change_locked";
/// ACT-02: activation before the identity is verified.
pub const IDENTITY_NOT_VERIFIED: &str = "identity_not_verified";
/// ELIG-03: the smartphone's OS is too old.
pub const OS_UNSUPPORTED: &str = "os_unsupported";
/// ACT-03: the secret code is not exactly 4 digits.
pub const PIN_FORMAT: &str = "pin_format";
/// ACT-03: the secret code is a run or four identical digits.
pub const PIN_TOO_SIMPLE: &str = "pin_too_simple";
/// MGT-07: the last 4 characters of the document number are wrong.
pub const DOCUMENT_SUFFIX_MISMATCH: &str = "document_suffix_mismatch";
/// MGT-08: the smartphone is not the identity's active one.
pub const DEVICE_NOT_ACTIVE: &str = "device_not_active";
/// MGT-05, AUTH-08: the identity is blocked.
pub const IDENTITY_BLOCKED: &str = "identity_blocked";
/// MGT-06, AUTH-08: the identity was deleted.
pub const IDENTITY_DELETED: &str = "identity_deleted";
/// ACT-06, AUTH-08: the identity is past its 5 years.
pub const IDENTITY_EXPIRED: &str = "identity_expired";
/// AUTH-08: the identity was never activated on a smartphone.
pub const IDENTITY_NOT_ACTIVATED: &str = "identity_not_activated";
/// FRAUD-03: too many login requests in the last hour.
pub const RATE_LIMITED: &str = "rate_limited";
/// AUTH-05: a wrong secret code.
pub const PIN_WRONG: &str = "pin_wrong";
/// AUTH-05: the secret code is locked after too many wrong attempts.
pub const PIN_LOCKED: &str = "pin_locked";
/// MGT-06: "Oui, je souhaite supprimer définitivement…" was not ticked.
pub const DELETE_NOT_CONFIRMED: &str = "delete_not_confirmed";
/// MGT-06: an identity that was ever activated is deleted from the app.
pub const DELETE_VIA_APP_REQUIRED: &str = "delete_via_app_required";
/// MGT-06: an identity never activated is deleted from the Espace Client.
pub const DELETE_VIA_WEB_REQUIRED: &str = "delete_via_web_required";
/// MGT-05: blocking an identity already blocked.
pub const ALREADY_BLOCKED: &str = "already_blocked";
/// MGT-05: unblocking an identity that is not blocked.
pub const NOT_BLOCKED: &str = "not_blocked";
/// VER-02: the activation code's lifetime (policy `activation_code_ttl_s`) has passed.
pub const CODE_EXPIRED: &str = "code_expired";

/// AUTH-01, AUTH-03: the login request was already approved or refused.
pub const REQUEST_CLOSED: &str = "request_closed";
/// AUTH-06: the login request was left unanswered past `auth_request_ttl_s`.
pub const REQUEST_EXPIRED: &str = "request_expired";

/// Every refusal code the model can return, each once.
pub const REFUSAL_CODES: &[&str] = &[
    STEP_OUT_OF_ORDER,
    CALLING_CODE_NOT_ELIGIBLE,
    UNDERAGE,
    DOCUMENT_EXPIRED,
    RESIDENCE_PERMIT_TOO_SHORT,
    NOT_AWAITING_VERIFICATION,
    ADDRESS_NOT_ELIGIBLE,
    AR24_CGU_NOT_ACCEPTED,
    MODE_CHANGE_LOCKED,
    IDENTITY_NOT_VERIFIED,
    OS_UNSUPPORTED,
    PIN_FORMAT,
    PIN_TOO_SIMPLE,
    DOCUMENT_SUFFIX_MISMATCH,
    DEVICE_NOT_ACTIVE,
    IDENTITY_BLOCKED,
    IDENTITY_DELETED,
    IDENTITY_EXPIRED,
    IDENTITY_NOT_ACTIVATED,
    RATE_LIMITED,
    PIN_WRONG,
    PIN_LOCKED,
    DELETE_NOT_CONFIRMED,
    DELETE_VIA_APP_REQUIRED,
    DELETE_VIA_WEB_REQUIRED,
    ALREADY_BLOCKED,
    NOT_BLOCKED,
    CODE_EXPIRED,
    REQUEST_CLOSED,
    REQUEST_EXPIRED,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The codes of the contract this crate was told it may use, verbatim.
    const ALLOWED: &[&str] = &[
        "step_out_of_order",
        "calling_code_not_eligible",
        "no_french_document",
        "underage",
        "document_expired",
        "residence_permit_too_short",
        "document_data_invalid",
        "not_awaiting_verification",
        "address_not_eligible",
        "ar24_cgu_not_accepted",
        "mode_change_locked",
        "office_not_participating",
        "identity_not_verified",
        "os_unsupported",
        "pin_format",
        "pin_too_simple",
        "document_suffix_mismatch",
        "document_suffix_required",
        "device_not_active",
        "identity_blocked",
        "identity_deleted",
        "identity_expired",
        "identity_not_activated",
        "rate_limited",
        "request_expired",
        "request_closed",
        "pin_wrong",
        "pin_locked",
        "delete_not_confirmed",
        "delete_via_app_required",
        "delete_via_web_required",
        "already_blocked",
        "not_blocked",
        "code_invalid",
        "code_expired",
        "code_attempts_exceeded",
        "sms_resend_too_soon",
        "reset_link_expired",
    ];

    // Checks that every code is listed once and is one of the contract's allowed codes.
    #[test]
    fn codes_are_unique_and_allowed() {
        let unique: BTreeSet<&str> = REFUSAL_CODES.iter().copied().collect();
        assert_eq!(unique.len(), REFUSAL_CODES.len(), "a code is listed twice");
        for code in REFUSAL_CODES {
            assert!(ALLOWED.contains(code), "{code} is not an allowed contract code");
        }
    }
}
