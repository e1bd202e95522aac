//! Journeys through the oracle: each is a table of (time, action, expected answer), run by
//! one `check` helper that names the journey and the step on a mismatch.

use super::*;
use super::{IDENTITY_ALREADY_EXISTS, NOT_FOUND};
use crate::address::AddressKind;
use crate::device::Os;
use crate::document::{Document, DocumentKind};
use crate::refusal::*;
use chrono::{NaiveDate, TimeDelta, TimeZone};

type Step = (DateTime<Utc>, Action, Expectation);

const OK: Expectation = Expectation::Accepted;

fn no(code: &'static str) -> Expectation {
    Expectation::Refused(code)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid test date")
}

fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, h, min, 0).single().expect("a valid test time")
}

/// `days` days and `hours` hours after the start of every journey, 2024-03-04 09:00 UTC.
fn at(days: i64, hours: i64) -> DateTime<Utc> {
    utc(2024, 3, 4, 9, 0) + TimeDelta::days(days) + TimeDelta::hours(hours)
}

const BIRTH: (i32, u32, u32) = (1990, 5, 20);

fn passport() -> Document {
    Document { kind: DocumentKind::Passport, issued_on: d(2020, 1, 10), expires_on: d(2030, 1, 10) }
}

fn submit() -> Action {
    submit_with(d(BIRTH.0, BIRTH.1, BIRTH.2), passport())
}

fn submit_with(holder_birth: NaiveDate, document: Document) -> Action {
    Action::SubmitIdentity { holder_birth, document }
}

fn postman_at(territory: &str, kind: AddressKind) -> Action {
    Action::ChooseVerification(Mode::Postman { territory: territory.to_string(), kind })
}

fn postman() -> Action {
    postman_at("France métropolitaine", AddressKind::PrivateHome)
}

fn office() -> Action {
    Action::ChooseVerification(Mode::PostOffice)
}

fn online(ar24_cgu_accepted: bool) -> Action {
    Action::ChooseVerification(Mode::Online { ar24_cgu_accepted })
}

fn activate_with(device: &str, os: Os, os_major: u32, suffix_ok: bool, pin: &str) -> Action {
    let sms = Typing::OnTime;
    Action::Activate {
        device: device.to_string(),
        os,
        os_major,
        sms,
        suffix_ok,
        pin: pin.to_string(),
    }
}

fn activate(device: &str) -> Action {
    activate_with(device, Os::Android, 14, true, "2580")
}

fn login(device: &str, pin_ok: bool) -> Action {
    Action::Login { device: device.to_string(), pin_ok }
}

fn refuse(device: &str) -> Action {
    Action::RefuseLogin { device: device.to_string() }
}

fn change_pin(device: &str, pin: &str) -> Action {
    Action::ChangePin { device: device.to_string(), pin: pin.to_string() }
}

fn block(suffix_ok: bool) -> Action {
    Action::Block { suffix_ok }
}

fn unblock(suffix_ok: bool) -> Action {
    Action::Unblock { suffix_ok }
}

fn delete(via_app: bool, confirmed: bool, suffix_ok: bool) -> Action {
    Action::Delete { via_app, device: "A".to_string(), confirmed, suffix_ok }
}

use Action::{
    AppointmentMissed as MISSED, ConfirmIdentity as CONFIRM, LreDelivered as DELIVERED,
    LreExpired as LRE_EXPIRED, VerificationFailed as FAILED, VerificationSucceeded as SUCCEEDED,
};

/// Confirmed at day 0, verified by the postman on day 3 (2024-03-07), activated on "A".
fn active_on_a() -> Vec<Step> {
    vec![
        (at(0, 0), submit(), OK),
        (at(0, 0), CONFIRM, OK),
        (at(0, 1), postman(), OK),
        (at(3, 10), SUCCEEDED, OK),
        (at(3, 12), activate("A"), OK),
    ]
}

/// The day `active_on_a` verifies on.
fn verified_on() -> NaiveDate {
    d(2024, 3, 7)
}

fn journey(prefix: Vec<Step>, rest: Vec<Step>) -> Vec<Step> {
    [prefix, rest].concat()
}

/// Runs `steps` under `policy`, asserting each answer; returns the oracle at the end.
fn check_with(policy: Policy, name: &str, steps: &[Step]) -> Oracle {
    let mut oracle = Oracle::new(policy);
    for (index, (now, action, expected)) in steps.iter().enumerate() {
        let before = oracle.state().clone();
        let got = oracle.apply(*now, action);
        assert_eq!(
            got,
            *expected,
            "{name}, step {} at {now}: {action:?}\nstate before: {before:?}",
            index + 1
        );
    }
    oracle
}

fn check(name: &str, steps: &[Step]) -> Oracle {
    check_with(Policy::default(), name, steps)
}

fn active(device: &str) -> LifecycleState {
    LifecycleState::Active { device: device.to_string(), verified_on: verified_on() }
}

// Checks the three verification modes end to end, up to a first login.
#[test]
fn happy_paths() {
    let by_postman =
        check("postman", &journey(active_on_a(), vec![(at(4, 0), login("A", true), OK)]));
    assert_eq!(by_postman.state(), &active("A"));
    assert!(by_postman.ever_activated());
    check(
        "post office",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), office(), OK),
            (at(1, 0), SUCCEEDED, OK),
            (at(1, 1), activate("A"), OK),
            (at(1, 2), login("A", true), OK),
        ],
    );
    check(
        "online",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), online(false), no(AR24_CGU_NOT_ACCEPTED)),
            (at(0, 1), online(true), OK),
            (at(0, 2), SUCCEEDED, no(STEP_OUT_OF_ORDER)),
            (at(0, 5), DELIVERED, OK),
            (at(1, 0), activate("A"), no(IDENTITY_NOT_VERIFIED)),
            (at(3, 0), SUCCEEDED, OK),
            (at(3, 1), activate("A"), OK),
            (at(3, 2), login("A", true), OK),
        ],
    );
}

// Checks journey 1: a missed postman visit, then recovery by a new appointment, by a
// post office (with or without changing the mode), or by AR24 (VER-07, VER-08).
#[test]
fn failed_postman_visit() {
    let start = || {
        vec![
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), postman(), OK),
            (at(2, 0), MISSED, OK),
            (at(2, 1), MISSED, no(STEP_OUT_OF_ORDER)),
            (at(2, 2), activate("A"), no(IDENTITY_NOT_VERIFIED)),
        ]
    };
    let recoveries: [(&str, Vec<Step>); 4] = [
        ("new appointment", vec![(at(2, 3), postman(), OK), (at(5, 0), SUCCEEDED, OK)]),
        ("post office", vec![(at(2, 3), office(), OK), (at(3, 0), SUCCEEDED, OK)]),
        ("post office, mode unchanged", vec![(at(3, 0), SUCCEEDED, OK)]),
        (
            "AR24",
            vec![
                (at(2, 3), online(true), OK),
                (at(2, 6), DELIVERED, OK),
                (at(3, 0), postman(), no(MODE_CHANGE_LOCKED)),
                (at(5, 0), SUCCEEDED, OK),
            ],
        ),
    ];
    for (name, recovery) in recoveries {
        let steps = [
            start(),
            recovery,
            vec![(at(6, 0), activate("A"), OK), (at(6, 1), login("A", true), OK)],
        ]
        .concat();
        let oracle = check(name, &steps);
        assert!(matches!(oracle.state(), LifecycleState::Active { .. }), "{name}");
    }
}

// Checks journey 2: the lost phone. Block, activate a new phone while blocked (with the
// document suffix), unblock; the old phone stops working (MGT-05, MGT-07, MGT-08, AUTH-08).
#[test]
fn lost_phone() {
    let oracle = check(
        "lost phone",
        &journey(
            active_on_a(),
            vec![
                (at(10, 0), block(false), no(DOCUMENT_SUFFIX_MISMATCH)),
                (at(10, 0), block(true), OK),
                (at(10, 1), login("A", true), no(UNKNOWN_LOGIN_HINT)),
                (
                    at(10, 2),
                    activate_with("B", Os::Ios, 17, false, "2580"),
                    no(DOCUMENT_SUFFIX_MISMATCH),
                ),
                (at(10, 2), activate_with("B", Os::Ios, 17, true, "2580"), OK),
                (at(10, 3), login("B", true), no(UNKNOWN_LOGIN_HINT)),
                (at(10, 4), unblock(false), no(DOCUMENT_SUFFIX_MISMATCH)),
                (at(10, 4), unblock(true), OK),
                (at(10, 5), login("A", true), no(DEVICE_NOT_ACTIVE)),
                (at(10, 5), refuse("A"), no(DEVICE_NOT_ACTIVE)),
                (at(10, 6), login("B", true), OK),
                (at(10, 7), unblock(true), no(NOT_BLOCKED)),
            ],
        ),
    );
    assert_eq!(oracle.state(), &active("B"));
}

// Checks the state while blocked: the block remembers the smartphone activated meanwhile.
#[test]
fn blocked_state_keeps_the_new_device() {
    let oracle = check(
        "blocked, new phone",
        &journey(active_on_a(), vec![(at(10, 0), block(true), OK), (at(10, 2), activate("B"), OK)]),
    );
    let expected = LifecycleState::Blocked { previous: Box::new(active("B")) };
    assert_eq!(oracle.state(), &expected);
    assert_eq!(oracle.state().active_device(), Some("B"));
}

// Checks journey 3: a fraudulent notification. The holder refuses it, blocks, (changes the
// password), unblocks; the attacker never logs in (FRAUD-01, FRAUD-02, AUTH-03, MGT-05).
#[test]
fn fraud_notification() {
    check(
        "fraud",
        &journey(
            active_on_a(),
            vec![
                (at(20, 0), login("attacker-phone", true), no(DEVICE_NOT_ACTIVE)),
                (at(20, 0), refuse("A"), OK),
                (at(20, 1), block(true), OK),
                (at(20, 2), login("attacker-phone", true), no(UNKNOWN_LOGIN_HINT)),
                (at(20, 2), login("A", true), no(UNKNOWN_LOGIN_HINT)),
                (at(20, 3), unblock(true), OK),
                (at(20, 4), login("attacker-phone", true), no(DEVICE_NOT_ACTIVE)),
                (at(20, 4), login("A", true), OK),
            ],
        ),
    );
}

fn new_number(device: &str, suffix_ok: bool, email: Option<Typing>) -> Action {
    Action::ActivateNewNumber {
        device: device.to_string(),
        os: Os::Android,
        os_major: 14,
        suffix_ok,
        email,
        pin: "1357".to_string(),
    }
}

fn activate_typing(device: &str, sms: Typing) -> Action {
    Action::Activate {
        device: device.to_string(),
        os: Os::Android,
        os_major: 14,
        sms,
        suffix_ok: true,
        pin: "2580".to_string(),
    }
}

// Checks FRAUD-02 and MGT-08 for « Nouveau numéro »: whoever knows the e-mail, the
// password and the document suffix reads the SMS on the new number, but without the code
// e-mailed to the account's address the activation is refused; a guessed e-mail code is
// `code_invalid`; the state checks come first; the holder, who reads the mailbox, may
// complete it, and the new smartphone then replaces the old one.
#[test]
fn new_number_needs_the_mailbox() {
    check(
        "the attacker's « Nouveau numéro »",
        &journey(
            active_on_a(),
            vec![
                (at(20, 0), new_number("mallory", true, None), no(EMAIL_CONFIRMATION_REQUIRED)),
                (at(20, 0), new_number("mallory", true, Some(Typing::Wrong)), no(CODE_INVALID)),
                (at(20, 0), new_number("mallory", false, None), no(DOCUMENT_SUFFIX_MISMATCH)),
                (at(20, 1), login("A", true), OK),
                (at(20, 1), login("mallory", true), no(DEVICE_NOT_ACTIVE)),
                (at(20, 2), block(true), OK),
                (at(20, 2), new_number("mallory", true, None), no(EMAIL_CONFIRMATION_REQUIRED)),
                (at(20, 3), unblock(true), OK),
                (at(20, 4), new_number("B", true, Some(Typing::Late)), no(CODE_EXPIRED)),
                (at(20, 4), new_number("B", true, Some(Typing::OnTime)), OK),
                (at(20, 5), login("A", true), no(DEVICE_NOT_ACTIVE)),
                (at(20, 5), login("B", true), OK),
            ],
        ),
    );
    check(
        "before the verification",
        &journey(
            active_on_a()[..3].to_vec(),
            vec![(at(1, 0), new_number("mallory", true, None), no(IDENTITY_NOT_VERIFIED))],
        ),
    );
    check(
        "the first activation asks no suffix",
        &journey(
            active_on_a()[..4].to_vec(),
            vec![(at(4, 0), new_number("mallory", false, None), no(EMAIL_CONFIRMATION_REQUIRED))],
        ),
    );
}

// Checks ACC-08's « used once »: the SMS code of an earlier challenge, already used, is
// refused like a wrong one and changes nothing.
#[test]
fn reused_sms_code() {
    let oracle = check(
        "a replayed SMS code",
        &journey(
            active_on_a(),
            vec![
                (at(5, 0), activate_typing("B", Typing::Reused), no(CODE_INVALID)),
                (at(5, 1), login("A", true), OK),
                (at(5, 2), activate_typing("B", Typing::OnTime), OK),
            ],
        ),
    );
    assert_eq!(oracle.state(), &active("B"));
}

// Checks journey 4: the expired-CNI exception at its exact boundaries (DOC-01..03, ELIG-02),
// each submission on 2024-03-04 by an adult born 1990-05-20 unless stated.
#[test]
fn expired_cni_exception() {
    let adult = d(1990, 5, 20);
    let cni = |issued_on, expires_on| Document {
        kind: DocumentKind::IdentityCard,
        issued_on,
        expires_on,
    };
    let cases = [
        ("printed date passed, within 15 years", adult, cni(d(2010, 3, 15), d(2020, 3, 15)), OK),
        ("15 years end today", adult, cni(d(2009, 3, 4), d(2019, 3, 4)), no(DOCUMENT_EXPIRED)),
        ("15 years end tomorrow", adult, cni(d(2009, 3, 5), d(2019, 3, 5)), OK),
        (
            "issued 2004-01-01, not extended",
            d(1970, 1, 1),
            cni(d(2004, 1, 1), d(2014, 1, 1)),
            no(DOCUMENT_EXPIRED),
        ),
        (
            "issued to a minor, printed date passed",
            d(1996, 1, 1),
            cni(d(2013, 6, 1), d(2023, 6, 1)),
            no(DOCUMENT_EXPIRED),
        ),
        ("issued on the 18th birthday", d(1995, 6, 1), cni(d(2013, 6, 1), d(2023, 6, 1)), OK),
        (
            "issued the day before the 18th birthday",
            d(1995, 6, 2),
            cni(d(2013, 6, 1), d(2023, 6, 1)),
            no(DOCUMENT_EXPIRED),
        ),
        ("minor applicant", d(2006, 3, 5), cni(d(2020, 1, 1), d(2030, 1, 1)), no(UNDERAGE)),
        ("18th birthday today", d(2006, 3, 4), cni(d(2020, 1, 1), d(2030, 1, 1)), OK),
    ];
    for (name, birth, document, expected) in cases {
        check(name, &[(at(0, 0), submit_with(birth, document), expected)]);
    }
}

// Checks VER-08's changes of mode: postman and post office can be left freely; online is
// locked until its LRE expires 15 days after delivery, or AR24 reports it expired.
#[test]
fn changing_mode() {
    let confirmed = || vec![(at(0, 0), submit(), OK), (at(0, 0), CONFIRM, OK)];
    let journeys: [(&str, Vec<Step>); 4] = [
        (
            "postman, office, postman, online",
            vec![
                (at(0, 1), postman(), OK),
                (at(0, 2), office(), OK),
                (at(0, 3), postman(), OK),
                (at(0, 4), online(true), OK),
                (at(0, 5), office(), no(MODE_CHANGE_LOCKED)),
                (at(0, 5), online(true), no(MODE_CHANGE_LOCKED)),
            ],
        ),
        (
            "online locked for 15 days after delivery",
            vec![
                (at(0, 1), online(true), OK),
                (at(1, 0), DELIVERED, OK),
                (at(15, 23), postman(), no(MODE_CHANGE_LOCKED)),
                (at(16, 0) - TimeDelta::seconds(1), office(), no(MODE_CHANGE_LOCKED)),
                (at(16, 0), office(), OK),
            ],
        ),
        (
            "AR24 reports the letter expired",
            vec![
                (at(0, 1), online(true), OK),
                (at(1, 0), DELIVERED, OK),
                (at(5, 0), LRE_EXPIRED, OK),
                (at(5, 0), LRE_EXPIRED, no(STEP_OUT_OF_ORDER)),
                (at(5, 1), postman(), OK),
            ],
        ),
        (
            "online failure frees the choice",
            vec![
                (at(0, 1), online(true), OK),
                (at(1, 0), DELIVERED, OK),
                (at(3, 0), FAILED, OK),
                (at(3, 1), postman(), OK),
            ],
        ),
    ];
    for (name, rest) in journeys {
        check(name, &journey(confirmed(), rest));
    }
}

// Checks VER-04 at the choice of the postman mode, and that a refused choice changes nothing.
#[test]
fn postman_address() {
    let oracle = check(
        "addresses",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (
                at(0, 1),
                postman_at("Nouvelle-Calédonie", AddressKind::PrivateHome),
                no(ADDRESS_NOT_ELIGIBLE),
            ),
            (at(0, 1), postman_at("Corse", AddressKind::Hospital), no(ADDRESS_NOT_ELIGIBLE)),
            (
                at(0, 1),
                postman_at("Mayotte", AddressKind::OfficeBuilding),
                no(ADDRESS_NOT_ELIGIBLE),
            ),
            (at(0, 1), postman_at("Guyane", AddressKind::Professional), no(ADDRESS_NOT_ELIGIBLE)),
        ],
    );
    assert_eq!(oracle.state(), &LifecycleState::Confirmed { after_failure: false });
    check(
        "locked before the address",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), online(true), OK),
            (
                at(0, 2),
                postman_at("Nouvelle-Calédonie", AddressKind::Hospital),
                no(MODE_CHANGE_LOCKED),
            ),
        ],
    );
}

// Checks steps that come in the wrong state or the wrong order.
#[test]
fn out_of_order_steps() {
    check(
        "before and around confirmation",
        &[
            (at(0, 0), CONFIRM, no(STEP_OUT_OF_ORDER)),
            (at(0, 0), postman(), no(NOT_AWAITING_VERIFICATION)),
            (at(0, 0), DELIVERED, no(NOT_AWAITING_VERIFICATION)),
            (at(0, 0), delete(false, true, true), no(NOT_FOUND)),
            (at(0, 0), submit(), OK),
            (at(0, 0), submit(), OK),
            (at(0, 0), postman(), no(NOT_AWAITING_VERIFICATION)),
            (at(0, 0), CONFIRM, OK),
            (at(0, 0), CONFIRM, no(IDENTITY_ALREADY_EXISTS)),
            (at(0, 0), submit(), no(IDENTITY_ALREADY_EXISTS)),
            (at(0, 0), SUCCEEDED, no(NOT_AWAITING_VERIFICATION)),
            (at(0, 0), MISSED, no(NOT_AWAITING_VERIFICATION)),
        ],
    );
    check(
        "reports of the wrong mode",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), office(), OK),
            (at(0, 2), MISSED, no(STEP_OUT_OF_ORDER)),
            (at(0, 2), DELIVERED, no(STEP_OUT_OF_ORDER)),
            (at(0, 2), LRE_EXPIRED, no(STEP_OUT_OF_ORDER)),
            (at(0, 3), online(true), OK),
            (at(0, 4), LRE_EXPIRED, no(STEP_OUT_OF_ORDER)),
            (at(0, 4), FAILED, no(STEP_OUT_OF_ORDER)),
            (at(0, 5), DELIVERED, OK),
            (at(0, 5), DELIVERED, no(STEP_OUT_OF_ORDER)),
            (at(0, 6), MISSED, no(STEP_OUT_OF_ORDER)),
            (at(2, 0), SUCCEEDED, OK),
            (at(2, 1), SUCCEEDED, no(NOT_AWAITING_VERIFICATION)),
            (at(2, 1), FAILED, no(NOT_AWAITING_VERIFICATION)),
            (at(2, 1), office(), no(NOT_AWAITING_VERIFICATION)),
            (at(2, 1), submit(), no(IDENTITY_ALREADY_EXISTS)),
            (at(2, 2), login("A", true), no(UNKNOWN_LOGIN_HINT)),
        ],
    );
}

// Checks the activation code's lifetime (VER-02, policy `activation_code_ttl_s`, 30 days):
// a check just before is accepted, at the end refused; a new choice sends a new code.
#[test]
fn activation_code_lifetime() {
    let confirmed =
        || vec![(at(0, 0), submit(), OK), (at(0, 0), CONFIRM, OK), (at(0, 1), postman(), OK)];
    check("just in time", &journey(confirmed(), vec![(at(30, 0), SUCCEEDED, OK)]));
    check(
        "too late, then a new code",
        &journey(
            confirmed(),
            vec![
                (at(30, 1), SUCCEEDED, no(CODE_EXPIRED)),
                (at(30, 2), office(), OK),
                (at(31, 0), SUCCEEDED, OK),
            ],
        ),
    );
    let short = Policy { activation_code_ttl_s: 3600, ..Policy::default() };
    check_with(
        short,
        "short policy",
        &journey(confirmed(), vec![(at(0, 2), SUCCEEDED, no(CODE_EXPIRED))]),
    );
}

// Checks activation's inputs in the order the app asks them: OS, suffix, secret code.
#[test]
fn activation_inputs() {
    check(
        "first activation",
        &journey(
            active_on_a()[..4].to_vec(),
            vec![
                (at(4, 0), activate_with("A", Os::Android, 5, false, "1234"), no(OS_UNSUPPORTED)),
                (at(4, 0), activate_with("A", Os::Ios, 12, true, "2580"), no(OS_UNSUPPORTED)),
                (at(4, 0), activate_with("A", Os::Android, 6, false, "12a4"), no(PIN_FORMAT)),
                (at(4, 0), activate_with("A", Os::Android, 6, false, "1234"), no(PIN_TOO_SIMPLE)),
                (at(4, 0), activate_with("A", Os::Android, 6, false, "4321"), no(PIN_TOO_SIMPLE)),
                (at(4, 0), activate_with("A", Os::Ios, 13, false, "2580"), OK),
            ],
        ),
    );
    check(
        "a second smartphone",
        &journey(
            active_on_a(),
            vec![
                (
                    at(5, 0),
                    activate_with("B", Os::Android, 14, false, "1111"),
                    no(DOCUMENT_SUFFIX_MISMATCH),
                ),
                (at(5, 0), activate_with("B", Os::Android, 14, true, "1111"), no(PIN_TOO_SIMPLE)),
                (
                    at(5, 0),
                    activate_with("A", Os::Android, 14, false, "1470"),
                    no(DOCUMENT_SUFFIX_MISMATCH),
                ),
                (at(5, 1), activate_with("B", Os::Android, 14, true, "1470"), OK),
                (at(5, 2), login("A", true), no(DEVICE_NOT_ACTIVE)),
                (at(5, 2), login("B", true), OK),
            ],
        ),
    );
    let lenient = Policy { pin_refuse_descending: false, ..Policy::default() };
    let steps = journey(
        active_on_a()[..4].to_vec(),
        vec![(at(4, 0), activate_with("A", Os::Android, 6, true, "4321"), OK)],
    );
    check_with(lenient, "descending runs allowed", &steps);
}

// Checks AUTH-05: wrong codes count down, the last one locks, a locked code refuses even
// the right code until a new one is chosen; a right code resets the count.
#[test]
fn pin_lock() {
    let wrong = |hour| (at(4, hour), login("A", false), no(PIN_WRONG));
    let oracle = check(
        "lock and reset",
        &journey(
            active_on_a(),
            vec![
                wrong(0),
                wrong(1),
                wrong(2),
                wrong(3),
                (at(4, 4), login("A", true), OK),
                wrong(5),
                wrong(6),
                wrong(7),
                wrong(8),
                (at(4, 9), login("A", false), no(PIN_LOCKED)),
                (at(4, 10), login("A", true), no(PIN_LOCKED)),
                (at(4, 11), refuse("A"), OK),
                (at(4, 12), change_pin("B", "1470"), no(DEVICE_NOT_ACTIVE)),
                (at(4, 12), change_pin("A", "1111"), no(PIN_TOO_SIMPLE)),
                (at(4, 13), change_pin("A", "1470"), OK),
                (at(4, 14), login("A", true), OK),
            ],
        ),
    );
    assert_eq!(oracle.pin_attempts_left(), 5);
    let strict = Policy { pin_max_attempts: 1, ..Policy::default() };
    let steps = journey(
        active_on_a(),
        vec![
            (at(4, 0), login("A", false), no(PIN_LOCKED)),
            (at(4, 1), activate("A"), OK),
            (at(4, 2), login("A", true), OK),
        ],
    );
    check_with(strict, "one attempt, new activation unlocks", &steps);
}

// Checks MGT-06: the channel depends on whether the identity was ever activated, then the
// box, then the suffix; a new identity may be created afterwards and starts afresh.
#[test]
fn deletion() {
    let verified = active_on_a()[..4].to_vec();
    check(
        "never activated",
        &journey(
            verified.clone(),
            vec![
                (at(5, 0), delete(true, true, true), no(DEVICE_NOT_ACTIVE)),
                (at(5, 0), delete(false, false, false), no(DELETE_NOT_CONFIRMED)),
                (at(5, 0), delete(false, true, false), no(DOCUMENT_SUFFIX_MISMATCH)),
                (at(5, 0), delete(false, true, true), OK),
                (at(5, 1), delete(false, true, true), no(IDENTITY_DELETED)),
                (at(5, 1), login("A", true), no(UNKNOWN_LOGIN_HINT)),
                (at(5, 1), block(true), no(IDENTITY_DELETED)),
                (at(5, 1), unblock(true), no(IDENTITY_DELETED)),
                (at(5, 1), activate("A"), no(IDENTITY_DELETED)),
                (at(5, 1), office(), no(NOT_AWAITING_VERIFICATION)),
                (at(5, 1), CONFIRM, no(STEP_OUT_OF_ORDER)),
                (at(5, 2), submit(), OK),
                (at(5, 2), CONFIRM, OK),
                (at(5, 3), activate("A"), no(IDENTITY_NOT_VERIFIED)),
            ],
        ),
    );
    let oracle = check(
        "ever activated, then a new identity",
        &journey(
            active_on_a(),
            vec![
                (at(5, 0), delete(false, true, true), no(DELETE_VIA_APP_REQUIRED)),
                (at(5, 0), delete(true, true, true), OK),
                (at(5, 1), submit(), OK),
                (at(5, 1), CONFIRM, OK),
                (at(5, 2), delete(true, true, true), no(DEVICE_NOT_ACTIVE)),
            ],
        ),
    );
    assert!(!oracle.ever_activated());
    assert_eq!(oracle.identity_number(), 1);
    // `fuzz --seed 7`: an activation started on "A" belongs to the deleted identity; from
    // the app on "A" afterwards, a deletion is a smartphone's that is not active.
    let wrong_sms = Action::Activate {
        device: "A".to_string(),
        os: Os::Android,
        os_major: 14,
        sms: Typing::Wrong,
        suffix_ok: false,
        pin: "2580".to_string(),
    };
    check(
        "an activation started, then deleted",
        &journey(
            active_on_a()[..4].to_vec(),
            vec![
                (at(4, 0), wrong_sms, no(CODE_INVALID)),
                (at(4, 0), delete(true, true, false), no(DELETE_VIA_WEB_REQUIRED)),
                (at(4, 0), delete(false, true, true), OK),
                (at(4, 1), delete(true, true, false), no(DEVICE_NOT_ACTIVE)),
            ],
        ),
    );
    check(
        "awaiting verification",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), postman(), OK),
            (at(0, 2), delete(false, true, true), OK),
        ],
    );
    check(
        "blocked",
        &journey(
            active_on_a(),
            vec![(at(5, 0), block(true), OK), (at(5, 1), delete(true, true, true), OK)],
        ),
    );
}

// Checks ACT-06: an identity verified on 2024-03-07 works through 2029-03-06 and is
// expired from 2029-03-07, whatever the step; a blocked one answers `identity_blocked`
// until unblocked; an expired identity is deleted before a new one is created.
#[test]
fn identity_expiry() {
    let last_minute = utc(2029, 3, 6, 23, 59);
    let end = utc(2029, 3, 7, 0, 0);
    let oracle = check(
        "expiry",
        &journey(
            active_on_a(),
            vec![
                (last_minute, login("A", true), OK),
                (end, login("A", true), no(UNKNOWN_LOGIN_HINT)),
                (end, block(true), OK),
                (end, unblock(true), OK),
                (end, activate("B"), no(IDENTITY_EXPIRED)),
                (end, office(), no(IDENTITY_EXPIRED)),
                (end, change_pin("A", "1470"), no(IDENTITY_EXPIRED)),
                (end, delete(false, true, true), no(DELETE_VIA_APP_REQUIRED)),
            ],
        ),
    );
    assert_eq!(oracle.state(), &LifecycleState::Expired);
    let oracle = check(
        "blocked, then expired, then deleted and a new identity",
        &journey(
            active_on_a(),
            vec![
                (at(10, 0), block(true), OK),
                (end, login("A", true), no(UNKNOWN_LOGIN_HINT)),
                (end, activate("A"), no(IDENTITY_BLOCKED)),
                (end, unblock(true), OK),
                (end, login("A", true), no(UNKNOWN_LOGIN_HINT)),
                (end, submit(), no(IDENTITY_ALREADY_EXISTS)),
                (end, delete(true, true, true), OK),
                (end, submit(), OK),
                (end, CONFIRM, OK),
                (end, login("A", true), no(UNKNOWN_LOGIN_HINT)),
            ],
        ),
    );
    assert!(!oracle.ever_activated());
}

// Checks that a blocked identity past its 5 years stays blocked over its expired self.
#[test]
fn blocked_identity_expires_underneath() {
    let end = utc(2029, 3, 7, 0, 0);
    let steps = journey(
        active_on_a(),
        vec![(at(10, 0), block(true), OK), (end, block(true), no(ALREADY_BLOCKED))],
    );
    let oracle = check("blocked and expired", &steps);
    let expected = LifecycleState::Blocked { previous: Box::new(LifecycleState::Expired) };
    assert_eq!(oracle.state(), &expected);
}

// Checks that "VALIDER" checks eligibility again: a document that expires between the
// submission and the confirmation is refused, and "MODIFIER" with another one succeeds.
#[test]
fn confirmation_rechecks_eligibility() {
    let passport = Document {
        kind: DocumentKind::Passport,
        issued_on: d(2014, 3, 5),
        // Its last day is the day of the submission.
        expires_on: d(2024, 3, 4),
    };
    check(
        "document expires overnight",
        &[
            (at(0, 0), submit_with(d(1990, 5, 20), passport), OK),
            (at(1, 0), CONFIRM, no(DOCUMENT_EXPIRED)),
            (at(1, 0), submit_with(d(1990, 5, 20), passport), no(DOCUMENT_EXPIRED)),
            (at(1, 1), submit(), OK),
            (at(1, 1), CONFIRM, OK),
        ],
    );
}

// Checks FRAUD-03: 10 requests in an hour pass, the 11th is rate-limited, and a request
// exactly one hour old no longer counts.
#[test]
fn login_rate_limit() {
    let start = at(4, 0);
    let minute = |m: i64| start + TimeDelta::minutes(m);
    let mut rest: Vec<Step> = (0..10)
        .map(|m| {
            let action = if m % 3 == 0 { refuse("A") } else { login("A", true) };
            (minute(m), action, OK)
        })
        .collect();
    rest.extend([
        (minute(10), login("A", true), no(RATE_LIMITED)),
        (minute(59), refuse("A"), no(RATE_LIMITED)),
        (minute(60), login("A", true), OK),
        (minute(60) + TimeDelta::seconds(30), login("A", true), no(RATE_LIMITED)),
        (minute(61), login("B", true), no(DEVICE_NOT_ACTIVE)),
        (minute(62), login("A", true), OK),
    ]);
    check("rate limit", &journey(active_on_a(), rest));
    // SEC-51: a request the login page refuses (here: blocked) is counted all the same,
    // and the rate limit comes first.
    let blocked: Vec<Step> =
        (0..10).map(|m| (minute(m), login("A", true), no(UNKNOWN_LOGIN_HINT))).collect();
    let steps = [
        active_on_a(),
        vec![(at(3, 23), block(true), OK)],
        blocked,
        vec![
            (minute(10), login("A", true), no(RATE_LIMITED)),
            (minute(13), unblock(true), OK),
            (minute(14), login("A", true), no(RATE_LIMITED)),
            (minute(60), login("A", true), OK),
        ],
    ]
    .concat();
    check("refused by the state, counted", &steps);
    // SEC-51: a number whose identity was never created is limited the same way.
    let unknown: Vec<Step> = (0..10)
        .map(|m| (minute(m), Action::RequestLogin, no(UNKNOWN_LOGIN_HINT)))
        .chain([(minute(10), Action::RequestLogin, no(RATE_LIMITED))])
        .collect();
    check("an unknown number", &unknown);
}

// Checks SEC-50: the login page answers `unknown_login_hint` for an identity that cannot
// log in whatever the reason (never created, not activated, blocked, deleted, expired),
// while the app keeps telling the holder the reason.
#[test]
fn the_login_page_enumerates_nothing() {
    let hidden = no(UNKNOWN_LOGIN_HINT);
    check("never created", &[(at(0, 0), login("A", true), hidden)]);
    check(
        "not activated",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), login("A", true), hidden),
            (at(0, 1), refuse("A"), hidden),
            (at(0, 1), Action::RequestLogin, hidden),
            (at(0, 1), change_pin("A", "1470"), no(IDENTITY_NOT_VERIFIED)),
        ],
    );
    check(
        "blocked",
        &journey(
            active_on_a(),
            vec![
                (at(5, 0), block(true), OK),
                (at(5, 0), login("A", true), hidden),
                (at(5, 0), change_pin("A", "1470"), no(IDENTITY_BLOCKED)),
            ],
        ),
    );
    let mut oracle = Oracle::new(Policy::default());
    for (now, action, _) in active_on_a() {
        oracle.apply(now, &action);
    }
    oracle.advance_to(at(5, 0));
    assert_eq!(oracle.app_may_answer("A"), Ok(()));
    oracle.apply(at(5, 0), &block(true));
    assert_eq!(oracle.app_may_answer("A"), Err(IDENTITY_BLOCKED), "the app says why");
}

// Checks the precedence rule: the identity's state before any input, inputs in form order.
#[test]
fn precedence() {
    check(
        "state first",
        &journey(
            active_on_a(),
            vec![
                (at(5, 0), unblock(false), no(DOCUMENT_SUFFIX_MISMATCH)),
                (at(5, 0), block(true), OK),
                (at(5, 0), block(true), no(ALREADY_BLOCKED)),
                (at(5, 0), login("Z", false), no(UNKNOWN_LOGIN_HINT)),
                (at(5, 0), change_pin("Z", "1"), no(IDENTITY_BLOCKED)),
                (at(5, 0), submit_with(d(2020, 1, 1), passport()), no(IDENTITY_ALREADY_EXISTS)),
                (at(5, 0), activate_with("Z", Os::Android, 1, false, "1"), no(OS_UNSUPPORTED)),
                (at(5, 0), delete(false, false, false), no(DELETE_NOT_CONFIRMED)),
                (at(5, 0), delete(true, true, true), OK),
                (at(5, 0), login("Z", false), no(UNKNOWN_LOGIN_HINT)),
                (at(5, 0), block(false), no(IDENTITY_DELETED)),
            ],
        ),
    );
    check(
        "not verified",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 0), block(false), no(DOCUMENT_SUFFIX_MISMATCH)),
            (at(0, 0), unblock(false), no(DOCUMENT_SUFFIX_MISMATCH)),
            (at(0, 0), unblock(true), no(NOT_BLOCKED)),
            (at(0, 0), activate_with("A", Os::Android, 1, false, "1"), no(IDENTITY_NOT_VERIFIED)),
            (at(0, 0), login("A", false), no(UNKNOWN_LOGIN_HINT)),
            (at(0, 0), refuse("A"), no(UNKNOWN_LOGIN_HINT)),
            (at(0, 0), change_pin("A", "1"), no(IDENTITY_NOT_VERIFIED)),
        ],
    );
    let underage_and_expired = Document {
        kind: DocumentKind::Passport,
        issued_on: d(2010, 1, 1),
        expires_on: d(2015, 1, 1),
    };
    check(
        "inputs of the form",
        &[(at(0, 0), submit_with(d(2010, 1, 1), underage_and_expired), no(UNDERAGE))],
    );
}

// Checks the helpers of `Expectation` and its conversion from a rule's result.
#[test]
fn expectation_helpers() {
    assert!(OK.is_accepted());
    assert_eq!(OK.refusal(), None);
    assert_eq!(no(PIN_WRONG).refusal(), Some("pin_wrong"));
    assert_eq!(Expectation::from(Err(UNDERAGE)), no(UNDERAGE));
    assert_eq!(Expectation::from(Ok(())), OK);
}

// Checks that the oracle refuses to let virtual time run backwards.
#[test]
#[should_panic(expected = "virtual time went back")]
fn time_never_goes_back() {
    let mut oracle = Oracle::new(Policy::default());
    oracle.apply(at(1, 0), &submit());
    oracle.apply(at(0, 0), &Action::ConfirmIdentity);
}

// Checks that time passing without a step expires the identity (ACT-06) as a step would.
#[test]
fn advancing_time_expires() {
    let mut oracle = check("active", &active_on_a());
    oracle.advance_to(utc(2029, 3, 6, 23, 59));
    assert!(matches!(oracle.state(), LifecycleState::Active { .. }));
    oracle.advance_to(utc(2029, 3, 7, 0, 0));
    assert_eq!(oracle.state(), &LifecycleState::Expired);
}

// Checks that AR24's reports reach an identity blocked meanwhile (the reference takes
// them), that it stays blocked, and that a clerk's check is refused while it is blocked.
#[test]
fn reports_under_a_block() {
    let oracle = check(
        "online, blocked during the review",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), online(true), OK),
            (at(0, 2), DELIVERED, OK),
            (at(0, 3), Action::LreIdentified, OK),
            (at(0, 4), block(true), OK),
            (at(1, 4), SUCCEEDED, OK),
            (at(1, 5), activate("A"), OK),
            (at(1, 5), login("A", true), no(UNKNOWN_LOGIN_HINT)),
        ],
    );
    assert!(matches!(oracle.state(), LifecycleState::Blocked { .. }));
    check(
        "post office, blocked",
        &[
            (at(0, 0), submit(), OK),
            (at(0, 0), CONFIRM, OK),
            (at(0, 1), office(), OK),
            (at(0, 2), block(true), OK),
            (at(0, 3), Action::InPersonCheck { code_ok: true }, no(IDENTITY_BLOCKED)),
        ],
    );
}

fn answer(request: usize, device: &str, approve: Option<bool>) -> Action {
    Action::AnswerLogin { request, device: device.to_string(), approve }
}

// Checks AUTH-01, AUTH-03, AUTH-06, SEC-40, SEC-41 with several requests in flight: each
// is answered on its own, once; a refused, approved or expired one is closed; the answer
// comes from the active smartphone of the identity the request was made for.
#[test]
fn login_requests_in_flight() {
    let oracle = check(
        "two requests, answered out of order",
        &journey(
            active_on_a(),
            vec![
                (at(4, 0), Action::RequestLogin, OK),
                (at(4, 0), Action::RequestLogin, OK),
                (at(4, 0), answer(0, "A", Some(true)), OK),
                (at(4, 0), answer(0, "A", Some(true)), no(REQUEST_CLOSED)),
                (at(4, 0), answer(1, "B", Some(true)), no(DEVICE_NOT_ACTIVE)),
                (at(4, 0), answer(1, "A", None), OK),
                (at(4, 0), answer(1, "A", Some(true)), no(REQUEST_CLOSED)),
                (at(4, 0), Action::RequestLogin, OK),
                (at(4, 0), answer(2, "A", Some(false)), no(PIN_WRONG)),
                (at(4, 0), answer(2, "A", Some(true)), OK),
                (at(4, 1), Action::RequestLogin, OK),
                (at(4, 1) + TimeDelta::minutes(5), answer(3, "A", Some(true)), no(REQUEST_EXPIRED)),
                (at(4, 2), login("A", true), OK),
                (at(4, 2), answer(4, "A", Some(true)), no(REQUEST_CLOSED)),
            ],
        ),
    );
    let answers: Vec<LoginAnswer> = oracle.logins().iter().map(|r| r.answer).collect();
    use LoginAnswer::{Approved, Pending, Refused};
    assert_eq!(answers, [Approved, Refused, Approved, Pending, Approved]);
    check(
        "blocked, then a new smartphone, then deleted",
        &journey(
            active_on_a(),
            vec![
                (at(4, 0), Action::RequestLogin, OK),
                (at(4, 0), block(true), OK),
                (at(4, 0), answer(0, "A", Some(true)), no(IDENTITY_BLOCKED)),
                (at(4, 0), activate("B"), OK),
                (at(4, 0), unblock(true), OK),
                (at(4, 0), answer(0, "A", Some(true)), no(DEVICE_NOT_ACTIVE)),
                (at(4, 0), answer(0, "B", Some(true)), OK),
                (at(4, 1), Action::RequestLogin, OK),
                (
                    at(4, 1),
                    Action::Delete {
                        via_app: true,
                        device: "B".into(),
                        confirmed: true,
                        suffix_ok: true,
                    },
                    OK,
                ),
                (at(4, 1), submit(), OK),
                (at(4, 1), CONFIRM, OK),
                (at(4, 1), answer(1, "B", Some(true)), no(DEVICE_NOT_ACTIVE)),
            ],
        ),
    );
}
