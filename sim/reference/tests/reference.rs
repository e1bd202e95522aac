//! The reference driven through the contract as the world would drive it: every call goes
//! through `idn_contract::call`, and people read their codes from the SMS and e-mails the
//! reference sends, never from a reply.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use idn_contract::account::*;
use idn_contract::activation::*;
use idn_contract::enrolment::*;
use idn_contract::login::*;
use idn_contract::management::*;
use idn_contract::oidc::{Expectation, Jwks, OidcDiscovery, OidcJwks, verify_id_token};
use idn_contract::outbound::reading::read_code;
use idn_contract::outbound::{Email, Sms};
use idn_contract::test_clock::{TestClockAdvance, TestClockCreate};
use idn_contract::token::{TokenError, decode_claims_unverified};
use idn_contract::verification::*;
use idn_contract::*;
use idn_reference::{Reference, ReferenceConfig, ReferencePolicy, embedded};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

// ---------------------------------------------------------------------------------------
// The world, reduced to what these tests need.

/// Records every message the reference sends; can be told to refuse them.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<(ClockId, OutboundMessage)>>,
    refuse: Mutex<bool>,
}

impl Outbound for Recorder {
    fn send(&self, clock: &ClockId, message: OutboundMessage) -> Result<(), OutboundError> {
        let service = message.service().to_string();
        self.sent.lock().unwrap().push((clock.clone(), message));
        if *self.refuse.lock().unwrap() {
            return Err(OutboundError { service, detail: "gateway down".into() });
        }
        Ok(())
    }
}

/// One scenario: a reference, what it sent, and one test clock.
struct Sim {
    sut: Arc<dyn IdentityProvider>,
    out: Arc<Recorder>,
    clock: ClockId,
    now: DateTime<Utc>,
}

fn t0() -> DateTime<Utc> {
    "2024-06-03T09:00:00Z".parse().unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

impl Sim {
    /// The reference as the world makes it (`embedded`), on a seed.
    async fn new(seed: u64) -> Sim {
        let out = Arc::new(Recorder::default());
        let sut = embedded(seed)(out.clone());
        Sim::on(sut, out, "c1").await
    }

    async fn with_config(config: ReferenceConfig) -> Sim {
        let out = Arc::new(Recorder::default());
        let sut = Arc::new(Reference::in_memory(config, out.clone()).unwrap());
        Sim::on(sut, out, "c1").await
    }

    /// A new clock on an existing reference.
    async fn on(sut: Arc<dyn IdentityProvider>, out: Arc<Recorder>, clock: &str) -> Sim {
        let sim = Sim { sut, out, clock: ClockId::new(clock), now: t0() };
        sim.ok(TestClockCreate { now: sim.now, outbound_url: None }).await;
        sim
    }

    async fn call<O: Operation>(&self, op: O) -> Result<O::Reply, CallError> {
        idn_contract::call(self.sut.as_ref(), &self.clock, op).await
    }

    async fn ok<O: Operation + Clone>(&self, op: O) -> O::Reply {
        let name = name_of(&op);
        self.call(op).await.unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    async fn refused<O: Operation + Clone>(&self, op: O) -> Refusal {
        let name = name_of(&op);
        match self.call(op).await {
            Err(CallError::Refused(refusal)) => refusal,
            Ok(_) => panic!("{name}: expected a refusal, got a reply"),
            Err(e) => panic!("{name}: {e}"),
        }
    }

    async fn refusal_code<O: Operation + Clone>(&self, op: O) -> RefusalCode {
        self.refused(op).await.code
    }

    async fn advance(&mut self, seconds: i64) {
        self.now += TimeDelta::seconds(seconds);
        self.ok(TestClockAdvance { to: self.now }).await;
    }

    fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// What the reference sent on this clock, in order.
    fn sent(&self) -> Vec<OutboundMessage> {
        let sent = self.out.sent.lock().unwrap();
        sent.iter().filter(|(c, _)| *c == self.clock).map(|(_, m)| m.clone()).collect()
    }

    fn last_sms(&self, to: &PhoneNumber) -> Sms {
        self.sent()
            .into_iter()
            .rev()
            .find_map(|m| match m {
                OutboundMessage::Sms(sms) if sms.to == *to => Some(sms),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no SMS to {to}"))
    }

    fn last_email(&self, to: &str) -> Email {
        self.sent()
            .into_iter()
            .rev()
            .find_map(|m| match m {
                OutboundMessage::Email(mail) if mail.to == to => Some(mail),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no e-mail to {to}"))
    }

    fn sms_code(&self, to: &PhoneNumber) -> String {
        read_code(&self.last_sms(to).text).expect("the SMS carries a code")
    }

    fn email_code(&self, to: &str) -> String {
        read_code(&self.last_email(to).body).expect("the e-mail carries a code")
    }
}

/// The name of an operation, for panic messages.
fn name_of<O: Operation + Clone>(op: &O) -> &'static str {
    Into::<Request>::into(op.clone()).name()
}

// ---------------------------------------------------------------------------------------
// People and their journeys.

#[derive(Clone)]
struct Person {
    email: String,
    password: String,
    phone: PhoneNumber,
    identity: DeclaredIdentity,
    device: DeviceInfo,
    pin: String,
}

fn marie() -> Person {
    person("marie.durand@example.fr", "612345678", "X4RTBPFW4", "phone-marie")
}

fn person(email: &str, national: &str, document: &str, device: &str) -> Person {
    Person {
        email: email.into(),
        password: "Soleil2024".into(),
        phone: PhoneNumber::new("+33", national),
        identity: DeclaredIdentity {
            civility: Civility::Madame,
            given_names: vec!["Marie".into(), "Claire".into()],
            birth_name: "Durand".into(),
            usage_name: None,
            birth_date: date(1990, 5, 4),
            birth_municipality: "Lyon".into(),
            birth_country: "France".into(),
            nationality: "Française".into(),
            document: DocumentData {
                kind: DocumentKind::IdentityCard,
                number: document.into(),
                issued_on: date(2021, 3, 1),
                expires_on: date(2031, 3, 1),
            },
        },
        device: phone_device(device),
        pin: "2580".into(),
    }
}

fn phone_device(id: &str) -> DeviceInfo {
    DeviceInfo {
        device_id: DeviceId::new(id),
        os: Os::Android,
        os_major: 14,
        model: "Pixel 8".into(),
        app_version: "3.2.0".into(),
    }
}

fn home() -> Address {
    Address {
        street: "12 rue des Lilas".into(),
        postcode: "69003".into(),
        city: "Lyon".into(),
        territory: "France métropolitaine".into(),
        kind: AddressKind::PrivateHome,
    }
}

fn shown(p: &Person) -> DocumentShown {
    DocumentShown {
        kind: p.identity.document.kind,
        number: p.identity.document.number.clone(),
        birth_name: p.identity.birth_name.clone(),
        given_names: p.identity.given_names.clone(),
        birth_date: p.identity.birth_date,
    }
}

/// ÉTAPES 5 to 12: a complete Compte La Poste.
async fn create_account(sim: &Sim, p: &Person) -> SessionToken {
    let session = sim.ok(AccountStart { email: p.email.clone() }).await.session;
    let code = sim.email_code(&p.email);
    sim.ok(AccountConfirmEmail { session: session.clone(), code }).await;
    sim.ok(AccountSetPassword { session: session.clone(), password: p.password.clone() }).await;
    sim.ok(AccountSetMobile { session: session.clone(), phone: p.phone.clone() }).await;
    sim.ok(AccountSetNames {
        session: session.clone(),
        civility: p.identity.civility,
        given_names: p.identity.given_names.clone(),
        family_name: p.identity.birth_name.clone(),
    })
    .await;
    sim.ok(AccountAcceptCgu { session: session.clone() }).await;
    let code = sim.sms_code(&p.phone);
    sim.ok(AccountConfirmMobile { session: session.clone(), code }).await;
    session
}

/// ÉTAPES 13 to 16.
async fn enrol(sim: &Sim, session: &SessionToken, identity: &DeclaredIdentity) {
    sim.ok(EnrolmentDeclareDocument { session: session.clone(), has_french_document: true }).await;
    sim.ok(EnrolmentSubmitIdentity { session: session.clone(), identity: identity.clone() }).await;
    sim.ok(EnrolmentConfirmIdentity { session: session.clone() }).await;
}

/// VER-05: the post office, with the code read from the SMS.
async fn verify_at_post_office(sim: &Sim, session: &SessionToken, p: &Person) {
    sim.ok(VerificationChoose { session: session.clone(), mode: VerificationMode::PostOffice })
        .await;
    let code = sim.sms_code(&p.phone);
    let check = AgentCheck {
        place: CheckPlace::PostOffice {
            office: PostOfficeId::new("po-75001-louvre"),
            phone: p.phone.clone(),
        },
        activation_code: code,
        document: shown(p),
        holder_matches: true,
    };
    assert_eq!(sim.ok(check).await, CheckRecorded { verified: true, failure: None });
}

/// ACT-01: the app's challenge to the end, on `device`.
async fn activate(sim: &Sim, p: &Person, device: &DeviceInfo, purpose: AppPurpose) -> AppChallenge {
    let start = AppStart {
        device: device.clone(),
        email: p.email.clone(),
        password: p.password.clone(),
        purpose,
    };
    let challenge = sim.ok(start).await;
    let code = sim.sms_code(&p.phone);
    sim.ok(AppConfirmSms { challenge: challenge.challenge.clone(), code }).await;
    if challenge.needs_document_suffix {
        let last4 = p.identity.document.last4().to_string();
        sim.ok(AppDocumentSuffix { challenge: challenge.challenge.clone(), last4 }).await;
    }
    let activated =
        sim.ok(AppSetPin { challenge: challenge.challenge.clone(), pin: p.pin.clone() }).await;
    assert_eq!(activated.device, device.device_id);
    challenge
}

/// An account, an identity verified at the post office, and the app activated.
async fn activated_person(sim: &Sim, p: &Person) -> SessionToken {
    let session = create_account(sim, p).await;
    enrol(sim, &session, &p.identity).await;
    verify_at_post_office(sim, &session, p).await;
    activate(sim, p, &p.device, AppPurpose::Activate).await;
    session
}

fn authorize(phone: &PhoneNumber) -> Authorize {
    Authorize {
        client_id: FRANCECONNECT_CLIENT_ID.into(),
        redirect_uri: FRANCECONNECT_REDIRECT_URI.into(),
        scope: vec!["openid".into(), "given_name".into(), "family_name".into()],
        acr_values: vec![Acr::Eidas2],
        login_hint: phone.clone(),
        state: "state-1".into(),
        nonce: "nonce-1".into(),
        service_name: "Mon Compte Formation".into(),
        code_challenge: idn_contract::login::pkce_challenge(VERIFIER),
    }
}

/// The PKCE verifier of every test login.
const VERIFIER: &str = "verifier-0123456789-0123456789-0123456789";

fn token_request(code: &str) -> Token {
    Token {
        client_id: FRANCECONNECT_CLIENT_ID.into(),
        client_secret: FRANCECONNECT_CLIENT_SECRET.into(),
        code: code.into(),
        redirect_uri: FRANCECONNECT_REDIRECT_URI.into(),
        code_verifier: VERIFIER.into(),
        client_auth: ClientAuth::Post,
    }
}

/// AUTH-01: a login request approved with the secret code; returns the authorization code.
async fn login(sim: &Sim, p: &Person) -> String {
    let pending = sim.ok(authorize(&p.phone)).await;
    let approve = AppApprove {
        device_id: p.device.device_id.clone(),
        request: pending.request.clone(),
        pin: p.pin.clone(),
    };
    sim.ok(approve).await;
    match sim.ok(AuthorizationPoll { request: pending.request }).await {
        AuthorizationStatus::Approved { code, .. } => code,
        other => panic!("expected an approved login, got {other:?}"),
    }
}

async fn view(sim: &Sim, session: &SessionToken) -> EspaceClientView {
    sim.ok(EspaceClientStatus { session: session.clone() }).await
}

fn modes() -> Vec<String> {
    ["Rencontrer votre facteur", "Passage en bureau de poste", "Vérifier mon identité en ligne"]
        .map(String::from)
        .to_vec()
}

// ---------------------------------------------------------------------------------------
// Journeys.

#[tokio::test]
async fn happy_path_online_verification_activation_and_login() {
    // Checks the whole web journey: account, enrolment, AR24 delivered then verified (VER-06
    // e-mail), activation, an eidas2 login and the id_token's and userinfo's claims.
    let mut sim = Sim::new(1).await;
    let p = marie();
    let session = create_account(&sim, &p).await;
    let v = view(&sim, &session).await;
    assert_eq!((v.state, v.stage), (IdentityState::None, None));
    sim.ok(EnrolmentDeclareDocument { session: session.clone(), has_french_document: true }).await;
    let echoed = sim
        .ok(EnrolmentSubmitIdentity { session: session.clone(), identity: p.identity.clone() })
        .await;
    assert_eq!(echoed.identity, p.identity, "DOC-05 shows back what was typed");
    assert_eq!(view(&sim, &session).await.stage, Some(Stage::DocumentScan));
    sim.ok(EnrolmentConfirmIdentity { session: session.clone() }).await;
    let v = view(&sim, &session).await;
    assert_eq!(
        (v.state, v.stage, v.actions.clone()),
        (IdentityState::AwaitingVerification, Some(Stage::IdentityVerification), modes())
    );
    assert_eq!(v.document_kind, Some(DocumentKind::IdentityCard));

    let started = sim
        .ok(VerificationChoose {
            session: session.clone(),
            mode: VerificationMode::Online { ar24_cgu_accepted: true },
        })
        .await;
    let letter = started.letter.expect("an LRE was requested");
    assert!(sim.sent().iter().any(|m| matches!(m, OutboundMessage::Ar24Letter(l) if l.letter == letter && l.recipient_email == p.email && l.identity == p.identity)));
    sim.advance(600).await;
    sim.ok(Ar24Callback { letter: letter.clone(), event: Ar24Event::Delivered }).await;
    let delivered_at = sim.now;
    match view(&sim, &session).await.verification {
        Some(VerificationView::Online { letter: l, letter_expires_at }) => {
            assert_eq!(l, letter);
            assert_eq!(letter_expires_at, delivered_at + TimeDelta::days(15));
        }
        other => panic!("expected the online mode, got {other:?}"),
    }
    sim.advance(36 * 3600).await;
    sim.ok(Ar24Callback { letter, event: Ar24Event::Verified }).await;
    assert_eq!(
        sim.last_email(&p.email).subject,
        "Dernière étape : activez votre Identité Numérique"
    );
    let v = view(&sim, &session).await;
    assert_eq!((v.state, v.stage), (IdentityState::Verified, Some(Stage::AppDownload)));

    let challenge = activate(&sim, &p, &p.device, AppPurpose::Activate).await;
    assert_eq!(challenge.sms_sent_to_last4, "5678");
    assert!(!challenge.needs_document_suffix);
    let v = view(&sim, &session).await;
    assert_eq!((v.state, v.stage), (IdentityState::Active, Some(Stage::Activated)));

    login_and_check_claims(&sim, &p).await;
}

/// AUTH-01, ACT-04: the push, the pending list, the approval, the tokens and their claims.
async fn login_and_check_claims(sim: &Sim, p: &Person) {
    let pending = sim.ok(authorize(&p.phone)).await;
    assert_eq!(
        pending.page_message,
        "Une action est en attente sur votre application L'Identité Numérique"
    );
    let push = sim.sent().into_iter().find_map(|m| match m {
        OutboundMessage::Push(push) => Some(push),
        _ => None,
    });
    let push = push.expect("a push went to the phone");
    assert_eq!(
        (push.device_id.clone(), push.request.clone()),
        (p.device.device_id.clone(), pending.request.clone())
    );
    assert_eq!(
        (push.title.as_str(), push.body.as_str()),
        ("L'Identité Numérique", "Demande de connexion à Mon Compte Formation")
    );
    let listed = sim.ok(AppPendingRequests { device_id: p.device.device_id.clone() }).await;
    assert_eq!(listed.requests.len(), 1);
    assert_eq!(
        (listed.requests[0].service_name.as_str(), listed.requests[0].acr),
        ("Mon Compte Formation", Acr::Eidas2)
    );
    sim.ok(AppApprove {
        device_id: p.device.device_id.clone(),
        request: pending.request.clone(),
        pin: p.pin.clone(),
    })
    .await;
    let AuthorizationStatus::Approved { code, state, redirect_uri, page_message } =
        sim.ok(AuthorizationPoll { request: pending.request }).await
    else {
        panic!("expected an approved login");
    };
    assert_eq!(
        (state.as_str(), redirect_uri.as_str(), page_message.as_str()),
        ("state-1", FRANCECONNECT_REDIRECT_URI, "Identification réussie")
    );

    let tokens = sim.ok(token_request(&code)).await;
    let claims = verify(sim, &tokens.id_token, Acr::Eidas2).await.unwrap();
    assert_eq!(claims.iss, idn_reference::DEFAULT_ISSUER);
    assert_eq!(
        (claims.aud.as_str(), claims.nonce.as_str(), claims.acr),
        (FRANCECONNECT_CLIENT_ID, "nonce-1", Acr::Eidas2)
    );
    assert_eq!(claims.iat, sim.now.timestamp());
    let id = &claims.identity;
    assert_eq!(
        (id.given_name.as_str(), id.family_name.as_str(), id.birthdate.as_str()),
        ("Marie Claire", "Durand", "1990-05-04")
    );
    assert_eq!(
        (id.gender.as_str(), id.birthplace.as_str(), id.birthcountry.as_str()),
        ("female", "Lyon", "France")
    );
    assert_eq!(id.email, p.email);
    let userinfo =
        sim.ok(UserInfo { access_token: tokens.access_token, method: UserInfoMethod::Get }).await;
    assert_eq!(&userinfo, id);
}

#[tokio::test]
async fn account_steps_and_their_refusals() {
    // Checks ACC-01..05 and ACC-08: address checks, steps out of order, wrong, expired and
    // exhausted codes, the SMS cooldown, weak passwords, numbers, incomplete accounts.
    let mut sim = Sim::new(2).await;
    let p = marie();
    assert_eq!(
        sim.refusal_code(AccountStart { email: "marie.example.fr".into() }).await,
        RefusalCode::EmailInvalid
    );
    let session = sim.ok(AccountStart { email: p.email.clone() }).await.session;
    let first = sim.email_code(&p.email);
    assert_eq!(first.len(), 6);
    let early = AccountSetPassword { session: session.clone(), password: p.password.clone() };
    assert_eq!(sim.refusal_code(early).await, RefusalCode::StepOutOfOrder);
    sim.advance(900).await;
    let late = AccountConfirmEmail { session: session.clone(), code: first };
    assert_eq!(sim.refusal_code(late).await, RefusalCode::CodeExpired);
    sim.ok(AccountResendEmailCode { session: session.clone() }).await;
    let code = sim.email_code(&p.email);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let refusal =
            sim.refused(AccountConfirmEmail { session: session.clone(), code: wrong.into() }).await;
        assert_eq!((refusal.code, refusal.attempts_left), (RefusalCode::CodeInvalid, Some(left)));
    }
    let fifth =
        sim.refused(AccountConfirmEmail { session: session.clone(), code: wrong.into() }).await;
    assert_eq!(fifth.code, RefusalCode::CodeAttemptsExceeded);
    let right_too_late = AccountConfirmEmail { session: session.clone(), code };
    assert_eq!(sim.refusal_code(right_too_late).await, RefusalCode::CodeAttemptsExceeded);
    sim.ok(AccountResendEmailCode { session: session.clone() }).await;
    let code = sim.email_code(&p.email);
    sim.ok(AccountConfirmEmail { session: session.clone(), code: code.clone() }).await;
    let again = AccountConfirmEmail { session: session.clone(), code };
    assert_eq!(sim.refusal_code(again).await, RefusalCode::StepOutOfOrder);
    assert_eq!(
        sim.refusal_code(AccountStart { email: p.email.to_uppercase() }).await,
        RefusalCode::EmailAlreadyUsed
    );

    let weak = AccountSetPassword { session: session.clone(), password: "motdepasse".into() };
    assert_eq!(sim.refusal_code(weak).await, RefusalCode::PasswordTooWeak);
    sim.ok(AccountSetPassword { session: session.clone(), password: p.password.clone() }).await;
    let sms_first = AccountConfirmMobile { session: session.clone(), code: "1234".into() };
    assert_eq!(sim.refusal_code(sms_first).await, RefusalCode::StepOutOfOrder);
    let bad =
        AccountSetMobile { session: session.clone(), phone: PhoneNumber::new("+33", "06123") };
    assert_eq!(sim.refusal_code(bad).await, RefusalCode::PhoneInvalid);
    let russia =
        AccountSetMobile { session: session.clone(), phone: PhoneNumber::new("+7", "9123456789") };
    assert_eq!(sim.refusal_code(russia).await, RefusalCode::CallingCodeNotEligible);
    let sent = sim.ok(AccountSetMobile { session: session.clone(), phone: p.phone.clone() }).await;
    assert_eq!(sent.resend_after_s, 60);
    assert_eq!(sim.sms_code(&p.phone).len(), 4, "the account's SMS code has 4 characters (ACC-04)");
    sim.advance(20).await;
    let soon = sim.refused(AccountResendSms { session: session.clone() }).await;
    assert_eq!((soon.code, soon.retry_after_s), (RefusalCode::SmsResendTooSoon, Some(40)));
    sim.advance(40).await;
    sim.ok(AccountResendSms { session: session.clone() }).await;
    let code = sim.sms_code(&p.phone);
    sim.ok(AccountConfirmMobile { session: session.clone(), code }).await;

    let declare = EnrolmentDeclareDocument { session: session.clone(), has_french_document: true };
    assert_eq!(sim.refusal_code(declare.clone()).await, RefusalCode::AccountIncomplete);
    let no_names = AccountSetNames {
        session: session.clone(),
        civility: Civility::Madame,
        given_names: vec![],
        family_name: "Durand".into(),
    };
    assert_eq!(sim.refusal_code(no_names).await, RefusalCode::InvalidRequest);
    let names = AccountSetNames {
        session: session.clone(),
        civility: Civility::Madame,
        given_names: vec!["Marie".into()],
        family_name: "Durand".into(),
    };
    sim.ok(names).await;
    assert_eq!(sim.refusal_code(declare.clone()).await, RefusalCode::AccountIncomplete);
    sim.ok(AccountAcceptCgu { session: session.clone() }).await;
    sim.ok(declare).await;
    let reopen = AccountSetPassword { session: session.clone(), password: "Autre2024x".into() };
    assert_eq!(sim.refusal_code(reopen).await, RefusalCode::StepOutOfOrder);

    let bad_login = WebLogin { email: p.email.clone(), password: "Mauvais2024".into() };
    assert_eq!(sim.refusal_code(bad_login).await, RefusalCode::BadCredentials);
    sim.ok(WebLogin { email: p.email.clone(), password: p.password.clone() }).await;
    let nobody = EspaceClientStatus { session: SessionToken::new("sess-forged") };
    assert_eq!(sim.refusal_code(nobody).await, RefusalCode::SessionInvalid);
}

#[tokio::test]
async fn forgotten_password_by_link_and_by_code() {
    // Checks ACC-06 (link valid 2 hours, once) and ACC-07 (6-digit e-mail code), and MGT-03
    // (a change needs the current password; other sessions end).
    let mut sim = Sim::new(3).await;
    let p = marie();
    let old_session = create_account(&sim, &p).await;
    sim.ok(PasswordResetRequest { email: "inconnu@example.fr".into(), method: ResetMethod::Link })
        .await;
    sim.ok(PasswordResetRequest { email: p.email.clone(), method: ResetMethod::Link }).await;
    let mail = sim.last_email(&p.email);
    let token = mail
        .body
        .split("reinitialisation?token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert!(
        mail.body.contains(&format!("https://moncompte.laposte.fr/reinitialisation?token={token}"))
    );
    let weak = PasswordResetComplete {
        email: p.email.clone(),
        secret: token.clone(),
        new_password: "court".into(),
    };
    assert_eq!(sim.refusal_code(weak).await, RefusalCode::PasswordTooWeak);
    let reset = PasswordResetComplete {
        email: p.email.clone(),
        secret: token.clone(),
        new_password: "Nouveau2024".into(),
    };
    sim.ok(reset.clone()).await;
    assert_eq!(sim.refusal_code(reset).await, RefusalCode::ResetLinkInvalid, "a link serves once");
    assert_eq!(
        sim.refusal_code(EspaceClientStatus { session: old_session }).await,
        RefusalCode::SessionInvalid
    );
    sim.ok(WebLogin { email: p.email.clone(), password: "Nouveau2024".into() }).await;

    sim.ok(PasswordResetRequest { email: p.email.clone(), method: ResetMethod::Link }).await;
    let body = sim.last_email(&p.email).body;
    let token = body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    sim.advance(2 * 3600).await;
    let expired = PasswordResetComplete {
        email: p.email.clone(),
        secret: token,
        new_password: "Encore2024".into(),
    };
    assert_eq!(sim.refusal_code(expired).await, RefusalCode::ResetLinkExpired);

    sim.ok(PasswordResetRequest { email: p.email.clone(), method: ResetMethod::Code }).await;
    let mail = sim.last_email(&p.email);
    assert_eq!(mail.subject, "Votre code de vérification");
    assert_eq!(mail.from, "noreply@laposte.fr");
    let code = sim.email_code(&p.email);
    let wrong = PasswordResetComplete {
        email: p.email.clone(),
        secret: if code == "999999" { "000000" } else { "999999" }.into(),
        new_password: "Encore2024".into(),
    };
    assert_eq!(sim.refusal_code(wrong).await, RefusalCode::CodeInvalid);
    sim.ok(PasswordResetComplete {
        email: p.email.clone(),
        secret: code,
        new_password: "Encore2024".into(),
    })
    .await;
    let session =
        sim.ok(WebLogin { email: p.email.clone(), password: "Encore2024".into() }).await.session;

    let wrong = PasswordChange {
        session: session.clone(),
        current_password: "Nouveau2024".into(),
        new_password: "Change2024".into(),
    };
    assert_eq!(sim.refusal_code(wrong).await, RefusalCode::PasswordWrong);
    sim.ok(PasswordChange {
        session: session.clone(),
        current_password: "Encore2024".into(),
        new_password: "Change2024".into(),
    })
    .await;
    sim.ok(WebLogin { email: p.email.clone(), password: "Change2024".into() }).await;
}

#[tokio::test]
async fn enrolment_refusals_follow_the_eligibility_rules() {
    // Checks ELIG-01, ELIG-02, ELIG-06, DOC-01..04 through the contract, and that one
    // account holds one identity at a time.
    let sim = Sim::new(4).await;
    let p = marie();
    let session = create_account(&sim, &p).await;
    let submit =
        |identity: DeclaredIdentity| EnrolmentSubmitIdentity { session: session.clone(), identity };
    assert_eq!(sim.refusal_code(submit(p.identity.clone())).await, RefusalCode::StepOutOfOrder);
    let no = EnrolmentDeclareDocument { session: session.clone(), has_french_document: false };
    assert_eq!(sim.refusal_code(no).await, RefusalCode::NoFrenchDocument);
    sim.ok(EnrolmentDeclareDocument { session: session.clone(), has_french_document: true }).await;
    let confirm_first = EnrolmentConfirmIdentity { session: session.clone() };
    assert_eq!(sim.refusal_code(confirm_first).await, RefusalCode::StepOutOfOrder);

    let mut minor = p.identity.clone();
    minor.birth_date = date(2006, 6, 4); // 18 tomorrow
    assert_eq!(sim.refusal_code(submit(minor.clone())).await, RefusalCode::Underage);
    minor.birth_date = date(2006, 6, 3); // 18 today
    sim.ok(submit(minor)).await;
    let mut permit = p.identity.clone();
    permit.document = DocumentData {
        kind: DocumentKind::ResidencePermit,
        number: "RP1234567".into(),
        issued_on: date(2022, 1, 1),
        // A day short of 5 years: its last day would need to be 2026-12-31.
        expires_on: date(2026, 12, 30),
    };
    assert_eq!(sim.refusal_code(submit(permit)).await, RefusalCode::ResidencePermitTooShort);
    let mut passport = p.identity.clone();
    passport.document = DocumentData {
        kind: DocumentKind::Passport,
        number: "19AB12345".into(),
        issued_on: date(2014, 6, 3),
        // Its last day was yesterday: printed dates are the last day in force.
        expires_on: date(2024, 6, 2),
    };
    assert_eq!(sim.refusal_code(submit(passport)).await, RefusalCode::DocumentExpired);
    // DOC-03: a CNI past its printed date but within its 15 years is accepted.
    let mut old_cni = p.identity.clone();
    old_cni.document = DocumentData {
        kind: DocumentKind::IdentityCard,
        number: "080675123456".into(),
        issued_on: date(2010, 6, 1),
        expires_on: date(2020, 6, 1),
    };
    sim.ok(submit(old_cni)).await;
    let mut garbled = p.identity.clone();
    garbled.given_names = vec![];
    assert_eq!(sim.refusal_code(submit(garbled)).await, RefusalCode::DocumentDataInvalid);

    sim.ok(submit(p.identity.clone())).await;
    sim.ok(EnrolmentConfirmIdentity { session: session.clone() }).await;
    let twice = EnrolmentDeclareDocument { session: session.clone(), has_french_document: true };
    assert_eq!(sim.refusal_code(twice).await, RefusalCode::IdentityAlreadyExists);
}

#[tokio::test]
async fn missed_postman_visit_then_post_office_after_a_failed_check() {
    // Checks VER-02, VER-04, VER-05, VER-06, VER-07, VER-08 and VER-09: address and date
    // checks, the booking, a missed visit, a change of mode that cancels the visit, a failed
    // check at the counter, then a successful one.
    let sim = Sim::new(5).await;
    let p = marie();
    let session = create_account(&sim, &p).await;
    let choose = |mode| VerificationChoose { session: session.clone(), mode };
    assert_eq!(
        sim.refusal_code(choose(VerificationMode::PostOffice)).await,
        RefusalCode::NotAwaitingVerification
    );
    enrol(&sim, &session, &p.identity).await;
    let mut hospital = home();
    hospital.kind = AddressKind::Hospital;
    let tomorrow = sim.today().succ_opt().unwrap();
    assert_eq!(
        sim.refusal_code(choose(VerificationMode::Postman { date: tomorrow, address: hospital }))
            .await,
        RefusalCode::AddressNotEligible
    );
    let mut noumea = home();
    noumea.territory = "Nouvelle-Calédonie".into();
    assert_eq!(
        sim.refusal_code(choose(VerificationMode::Postman { date: tomorrow, address: noumea }))
            .await,
        RefusalCode::AddressNotEligible
    );
    let yesterday = sim.today().pred_opt().unwrap();
    assert_eq!(
        sim.refusal_code(choose(VerificationMode::Postman { date: yesterday, address: home() }))
            .await,
        RefusalCode::DateNotAvailable
    );

    let first = sim
        .ok(choose(VerificationMode::Postman { date: tomorrow, address: home() }))
        .await
        .appointment
        .unwrap();
    let sms = sim.last_sms(&p.phone).text;
    let code = read_code(&sms).unwrap();
    assert_eq!(
        sms,
        format!(
            "L'Identité Numérique La Poste : votre code d'activation est {code}. Présentez-le avec votre pièce d'identité."
        )
    );
    assert!(sim.sent().iter().any(|m| matches!(m, OutboundMessage::PostmanBooking(b) if b.appointment == first && b.date == tomorrow && b.holder_name == "Marie Claire Durand")));
    let v = view(&sim, &session).await;
    assert_eq!(
        v.verification,
        Some(VerificationView::Postman {
            appointment: first.clone(),
            date: tomorrow,
            missed: false
        })
    );

    sim.ok(AppointmentMissed { appointment: first.clone(), reason: MissedReason::PersonAbsent })
        .await;
    let v = view(&sim, &session).await;
    assert_eq!(
        v.verification,
        Some(VerificationView::Postman {
            appointment: first.clone(),
            date: tomorrow,
            missed: true
        })
    );
    assert_eq!(v.messages, vec!["Attention, votre rendez-vous n'a pas eu lieu. La vérification de votre identité Numérique n'a pas abouti.".to_string()]);
    assert_eq!(v.actions, vec!["PRENDRE UN NOUVEAU RENDEZ-VOUS".to_string()]);
    let unknown = AppointmentMissed {
        appointment: AppointmentId::new("apt-nope"),
        reason: MissedReason::PostmanUnavailable,
    };
    assert_eq!(sim.refusal_code(unknown).await, RefusalCode::AppointmentUnknown);

    let second = sim
        .ok(choose(VerificationMode::Postman {
            date: tomorrow.succ_opt().unwrap(),
            address: home(),
        }))
        .await
        .appointment
        .unwrap();
    assert!(
        !sim.sent().iter().any(|m| matches!(m, OutboundMessage::PostmanCancellation(_))),
        "a missed visit needs no cancellation"
    );
    sim.ok(choose(VerificationMode::PostOffice)).await;
    assert!(
        sim.sent().iter().any(
            |m| matches!(m, OutboundMessage::PostmanCancellation(c) if c.appointment == second)
        )
    );
    let at_counter = |office: &str, code: String| AgentCheck {
        place: CheckPlace::PostOffice { office: PostOfficeId::new(office), phone: p.phone.clone() },
        activation_code: code,
        document: shown(&p),
        holder_matches: true,
    };
    let code = sim.sms_code(&p.phone);
    assert_eq!(
        sim.refusal_code(at_counter("po-75015-vaugirard", code.clone())).await,
        RefusalCode::OfficeNotParticipating
    );
    let wrong = if code == "000000" { "111111" } else { "000000" }.to_string();
    let failed = sim.ok(at_counter("po-69002-bellecour", wrong)).await;
    assert_eq!(
        failed,
        CheckRecorded { verified: false, failure: Some(VerificationFailure::CodeMismatch) }
    );
    let v = view(&sim, &session).await;
    assert_eq!(
        (v.messages, v.actions, v.verification),
        (vec!["La vérification de votre identité a échoué.".to_string()], modes(), None)
    );
    assert_eq!(
        sim.refusal_code(at_counter("po-69002-bellecour", code)).await,
        RefusalCode::NotAwaitingVerification
    );

    verify_at_post_office(&sim, &session, &p).await;
    let mail = sim.last_email(&p.email);
    assert_eq!(
        (mail.subject.as_str(), mail.from.as_str()),
        ("Dernière étape : activez votre Identité Numérique", "noreply@laposte.fr")
    );
    assert_eq!(view(&sim, &session).await.state, IdentityState::Verified);
}

#[tokio::test]
async fn postman_checks_record_each_mismatch() {
    // Checks VER-03 and VER-10 at the postman's visit: document, data and holder mismatches
    // are recorded failures, and a visit that is over or unknown cannot be reported on.
    let sim = Sim::new(6).await;
    let p = marie();
    let session = create_account(&sim, &p).await;
    enrol(&sim, &session, &p.identity).await;
    let tomorrow = sim.today().succ_opt().unwrap();
    let mut other_number = shown(&p);
    other_number.number = "ZZZZ99999".into();
    let mut other_birth = shown(&p);
    other_birth.birth_date = date(1991, 5, 4);
    let cases = [
        (other_number, true, VerificationFailure::DocumentMismatch),
        (other_birth, true, VerificationFailure::DataMismatch),
        (shown(&p), false, VerificationFailure::NotHolder),
    ];
    let mut last = None;
    for (document, holder_matches, failure) in cases {
        let choose = VerificationChoose {
            session: session.clone(),
            mode: VerificationMode::Postman { date: tomorrow, address: home() },
        };
        let appointment = sim.ok(choose).await.appointment.unwrap();
        let code = sim.sms_code(&p.phone);
        let check = AgentCheck {
            place: CheckPlace::Postman { appointment: appointment.clone() },
            activation_code: code,
            document,
            holder_matches,
        };
        assert_eq!(sim.ok(check).await, CheckRecorded { verified: false, failure: Some(failure) });
        last = Some(appointment);
    }
    let over = AgentCheck {
        place: CheckPlace::Postman { appointment: last.unwrap() },
        activation_code: "123456".into(),
        document: shown(&p),
        holder_matches: true,
    };
    assert_eq!(sim.refusal_code(over).await, RefusalCode::NotAwaitingVerification);
    let unknown = AgentCheck {
        place: CheckPlace::Postman { appointment: AppointmentId::new("apt-nope") },
        activation_code: "123456".into(),
        document: shown(&p),
        holder_matches: true,
    };
    assert_eq!(sim.refusal_code(unknown).await, RefusalCode::AppointmentUnknown);

    let choose = VerificationChoose {
        session: session.clone(),
        mode: VerificationMode::Postman { date: tomorrow, address: home() },
    };
    let appointment = sim.ok(choose).await.appointment.unwrap();
    let code = sim.sms_code(&p.phone);
    let check = AgentCheck {
        place: CheckPlace::Postman { appointment },
        activation_code: code,
        document: shown(&p),
        holder_matches: true,
    };
    assert_eq!(sim.ok(check).await, CheckRecorded { verified: true, failure: None });
    let choose =
        VerificationChoose { session: session.clone(), mode: VerificationMode::PostOffice };
    assert_eq!(sim.refusal_code(choose).await, RefusalCode::NotAwaitingVerification);
}

#[tokio::test]
async fn online_mode_is_locked_until_the_letter_expires() {
    // Checks AR24-01, AR24-04, ACT-07 and VER-08: the CGU, the lock until 15 days after
    // delivery or an Expired callback, Declined and Rejected as failures, unknown and
    // replaced letters, events after a final one.
    let mut sim = Sim::new(7).await;
    let p = marie();
    let session = create_account(&sim, &p).await;
    enrol(&sim, &session, &p.identity).await;
    let choose = |mode| VerificationChoose { session: session.clone(), mode };
    let online = VerificationMode::Online { ar24_cgu_accepted: true };
    assert_eq!(
        sim.refusal_code(choose(VerificationMode::Online { ar24_cgu_accepted: false })).await,
        RefusalCode::Ar24CguNotAccepted
    );
    let first = sim.ok(choose(online.clone())).await.letter.unwrap();
    assert_eq!(
        sim.refusal_code(choose(VerificationMode::PostOffice)).await,
        RefusalCode::ModeChangeLocked
    );
    let app = AppStart {
        device: p.device.clone(),
        email: p.email.clone(),
        password: p.password.clone(),
        purpose: AppPurpose::Activate,
    };
    assert_eq!(sim.refusal_code(app).await, RefusalCode::IdentityNotVerified);
    sim.ok(Ar24Callback { letter: first.clone(), event: Ar24Event::Delivered }).await;
    sim.advance(15 * 86_400 - 1).await;
    assert_eq!(
        sim.refusal_code(choose(VerificationMode::PostOffice)).await,
        RefusalCode::ModeChangeLocked
    );
    sim.advance(1).await;
    let v = view(&sim, &session).await;
    assert_eq!(v.actions, modes(), "an expired letter offers the three modes");
    sim.ok(choose(VerificationMode::PostOffice)).await;
    sim.ok(Ar24Callback { letter: first, event: Ar24Event::Verified }).await;
    assert_eq!(
        view(&sim, &session).await.state,
        IdentityState::AwaitingVerification,
        "a replaced letter is ignored"
    );

    let second = sim.ok(choose(online.clone())).await.letter.unwrap();
    sim.ok(Ar24Callback { letter: second.clone(), event: Ar24Event::Expired }).await;
    sim.ok(Ar24Callback { letter: second.clone(), event: Ar24Event::Expired }).await;
    assert_eq!(
        sim.refusal_code(Ar24Callback { letter: second, event: Ar24Event::Delivered }).await,
        RefusalCode::StepOutOfOrder
    );
    let third = sim.ok(choose(online.clone())).await.letter.unwrap();
    sim.ok(Ar24Callback { letter: third, event: Ar24Event::Declined }).await;
    let v = view(&sim, &session).await;
    assert_eq!(
        (v.messages, v.actions),
        (vec!["La vérification de votre identité a échoué.".to_string()], modes())
    );
    let fourth = sim.ok(choose(online.clone())).await.letter.unwrap();
    sim.ok(Ar24Callback { letter: fourth.clone(), event: Ar24Event::Delivered }).await;
    sim.ok(Ar24Callback {
        letter: fourth,
        event: Ar24Event::Rejected { reason: "photo floue".into() },
    })
    .await;
    assert_eq!(view(&sim, &session).await.actions, modes());

    // Identified on day 14: past the 15 days the review still locks the mode, and its
    // result still counts.
    let fifth = sim.ok(choose(online)).await.letter.unwrap();
    sim.ok(Ar24Callback { letter: fifth.clone(), event: Ar24Event::Delivered }).await;
    sim.advance(14 * 86_400).await;
    sim.ok(Ar24Callback { letter: fifth.clone(), event: Ar24Event::Identified }).await;
    sim.advance(2 * 86_400).await;
    assert_eq!(
        sim.refusal_code(choose(VerificationMode::PostOffice)).await,
        RefusalCode::ModeChangeLocked,
        "under review, the mode stays locked past the 15 days"
    );
    let v = view(&sim, &session).await;
    assert!(v.actions.is_empty() && v.messages[0].contains("24 à 48 heures"), "{v:?}");
    sim.ok(Ar24Callback { letter: fifth, event: Ar24Event::Verified }).await;
    assert_eq!(view(&sim, &session).await.state, IdentityState::Verified);
    let unknown = Ar24Callback { letter: LetterId::new("lre-nope"), event: Ar24Event::Delivered };
    assert_eq!(sim.refusal_code(unknown).await, RefusalCode::LetterUnknown);
}

#[tokio::test]
async fn counter_enrolment_creates_a_verified_identity() {
    // Checks ENR-01 and VER-05: only a participating office, only a complete account, only
    // the holder; the SMS invites to download the app, which then activates.
    let sim = Sim::new(8).await;
    let p = marie();
    let counter = |office: &str, holder_matches| CounterEnrolment {
        office: PostOfficeId::new(office),
        email: p.email.clone(),
        phone: p.phone.clone(),
        identity: p.identity.clone(),
        holder_matches,
    };
    assert_eq!(sim.refusal_code(counter("po-13001-colbert", true)).await, RefusalCode::NotFound);
    let session = sim.ok(AccountStart { email: p.email.clone() }).await.session;
    let code = sim.email_code(&p.email);
    sim.ok(AccountConfirmEmail { session, code }).await;
    assert_eq!(
        sim.refusal_code(counter("po-13001-colbert", true)).await,
        RefusalCode::AccountIncomplete
    );
    let q = person("paul.martin@example.fr", "698765432", "Y7KQ2M4T8", "phone-paul");
    create_account(&sim, &q).await;
    let for_paul = |office: &str, holder_matches| CounterEnrolment {
        email: q.email.clone(),
        phone: q.phone.clone(),
        identity: q.identity.clone(),
        ..counter(office, holder_matches)
    };
    assert_eq!(
        sim.refusal_code(for_paul("po-33000-merignac", true)).await,
        RefusalCode::OfficeNotParticipating
    );
    assert_eq!(
        sim.refusal_code(for_paul("po-13001-colbert", false)).await,
        RefusalCode::InvalidRequest
    );
    sim.ok(for_paul("po-13001-colbert", true)).await;
    assert_eq!(
        sim.last_sms(&q.phone).text,
        "Votre Identité Numérique a été créée en bureau de poste. Téléchargez l'application L'Identité Numérique pour l'activer."
    );
    assert_eq!(
        sim.refusal_code(for_paul("po-13001-colbert", true)).await,
        RefusalCode::IdentityAlreadyExists
    );
    activate(&sim, &q, &q.device, AppPurpose::Activate).await;
    let code = login(&sim, &q).await;
    sim.ok(token_request(&code)).await;
}

#[tokio::test]
async fn app_activation_new_smartphone_and_secret_code_rules() {
    // Checks ACT-01..03, ELIG-03, MGT-07 and MGT-08: OS versions, the challenge's order, PIN
    // rules, the document suffix on a new smartphone with a new number, and the old
    // smartphone stopping at once.
    let sim = Sim::new(9).await;
    let p = marie();
    let session = create_account(&sim, &p).await;
    enrol(&sim, &session, &p.identity).await;
    let start = |device: &DeviceInfo, purpose| AppStart {
        device: device.clone(),
        email: p.email.clone(),
        password: p.password.clone(),
        purpose,
    };
    assert_eq!(
        sim.refusal_code(start(&p.device, AppPurpose::Activate)).await,
        RefusalCode::IdentityNotVerified
    );
    verify_at_post_office(&sim, &session, &p).await;
    let mut old_android = p.device.clone();
    old_android.os_major = 5;
    assert_eq!(
        sim.refusal_code(start(&old_android, AppPurpose::Activate)).await,
        RefusalCode::OsUnsupported
    );
    let old_iphone = DeviceInfo { os: Os::Ios, os_major: 12, ..p.device.clone() };
    assert_eq!(
        sim.refusal_code(start(&old_iphone, AppPurpose::Activate)).await,
        RefusalCode::OsUnsupported
    );
    let wrong_password =
        AppStart { password: "Mauvais2024".into(), ..start(&p.device, AppPurpose::Activate) };
    assert_eq!(sim.refusal_code(wrong_password).await, RefusalCode::BadCredentials);
    assert_eq!(
        sim.refusal_code(start(&p.device, AppPurpose::ChangePin)).await,
        RefusalCode::IdentityNotActivated
    );

    let challenge = sim.ok(start(&p.device, AppPurpose::Activate)).await.challenge;
    let pin = |pin: &str| AppSetPin { challenge: challenge.clone(), pin: pin.into() };
    assert_eq!(sim.refusal_code(pin("2580")).await, RefusalCode::StepOutOfOrder);
    let code = sim.sms_code(&p.phone);
    assert_eq!(
        sim.last_sms(&p.phone).text,
        format!("L'Identité Numérique La Poste : votre code est {code}.")
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        sim.refusal_code(AppConfirmSms { challenge: challenge.clone(), code: wrong.into() }).await,
        RefusalCode::CodeInvalid
    );
    sim.ok(AppConfirmSms { challenge: challenge.clone(), code }).await;
    let suffix = AppDocumentSuffix { challenge: challenge.clone(), last4: "PFW4".into() };
    assert_eq!(sim.refusal_code(suffix).await, RefusalCode::StepOutOfOrder);
    assert_eq!(sim.refusal_code(pin("258")).await, RefusalCode::PinFormat);
    assert_eq!(sim.refusal_code(pin("4444")).await, RefusalCode::PinTooSimple);
    assert_eq!(sim.refusal_code(pin("3456")).await, RefusalCode::PinTooSimple);
    assert_eq!(sim.refusal_code(pin("6543")).await, RefusalCode::PinTooSimple);
    let no_mail = AppConfirmEmail { challenge: challenge.clone(), code: "123456".into() };
    assert_eq!(sim.refusal_code(no_mail).await, RefusalCode::StepOutOfOrder);
    sim.ok(pin("2580")).await;
    assert_eq!(
        sim.refusal_code(pin("2580")).await,
        RefusalCode::StepOutOfOrder,
        "a challenge completes once"
    );
    let unknown = AppConfirmSms { challenge: ChallengeId::new("chl-nope"), code: "123456".into() };
    assert_eq!(sim.refusal_code(unknown).await, RefusalCode::NotFound);

    let new_phone = phone_device("phone-marie-2");
    assert_eq!(
        sim.refusal_code(start(&new_phone, AppPurpose::ChangePin)).await,
        RefusalCode::DeviceNotActive
    );
    let second = sim.ok(start(&new_phone, AppPurpose::Activate)).await;
    assert!(second.needs_document_suffix);
    let number = PhoneNumber::new("+590", "690123456");
    let russia = AppNewNumber {
        challenge: second.challenge.clone(),
        phone: PhoneNumber::new("+7", "9123456789"),
    };
    assert_eq!(sim.refusal_code(russia).await, RefusalCode::CallingCodeNotEligible);
    sim.ok(AppNewNumber { challenge: second.challenge.clone(), phone: number.clone() }).await;
    let code = sim.sms_code(&number);
    sim.ok(AppConfirmSms { challenge: second.challenge.clone(), code }).await;
    let early = AppSetPin { challenge: second.challenge.clone(), pin: "1357".into() };
    assert_eq!(sim.refusal_code(early).await, RefusalCode::DocumentSuffixRequired);
    let bad = AppDocumentSuffix { challenge: second.challenge.clone(), last4: "0000".into() };
    assert_eq!(sim.refusal_code(bad).await, RefusalCode::DocumentSuffixMismatch);
    sim.ok(AppDocumentSuffix { challenge: second.challenge.clone(), last4: "pfw4".into() }).await;
    // FRAUD-02: "Nouveau numéro" also needs the code e-mailed to the account's address.
    let unconfirmed = AppSetPin { challenge: second.challenge.clone(), pin: "1357".into() };
    assert_eq!(sim.refusal_code(unconfirmed).await, RefusalCode::EmailConfirmationRequired);
    let mail = sim.last_email(&p.email);
    assert_eq!(mail.subject, "Confirmez votre nouveau numéro de mobile");
    assert!(mail.body.contains("se terminant par 3456"), "{}", mail.body);
    let email_code = sim.email_code(&p.email);
    let wrong = if email_code == "000000" { "111111" } else { "000000" };
    let typo = AppConfirmEmail { challenge: second.challenge.clone(), code: wrong.into() };
    assert_eq!(sim.refusal_code(typo).await, RefusalCode::CodeInvalid);
    sim.ok(AppConfirmEmail { challenge: second.challenge.clone(), code: email_code }).await;
    sim.ok(AppSetPin { challenge: second.challenge.clone(), pin: "1357".into() }).await;

    let old = AppPendingRequests { device_id: p.device.device_id.clone() };
    assert_eq!(sim.refusal_code(old).await, RefusalCode::DeviceNotActive);
    assert_eq!(
        sim.refusal_code(authorize(&p.phone)).await,
        RefusalCode::UnknownLoginHint,
        "the number moved to the new phone"
    );
    let pending = sim.ok(authorize(&number)).await;
    let from_old = AppApprove {
        device_id: p.device.device_id.clone(),
        request: pending.request.clone(),
        pin: "2580".into(),
    };
    assert_eq!(sim.refusal_code(from_old).await, RefusalCode::DeviceNotActive);
    sim.ok(AppApprove {
        device_id: new_phone.device_id.clone(),
        request: pending.request,
        pin: "1357".into(),
    })
    .await;
}

#[tokio::test]
async fn login_refusals_pin_lock_and_token_rules() {
    // Checks AUTH-01..08 as OpenID Connect: the client, the acr, the login hint, a not yet
    // activated identity, wrong PINs then the lock and its reset (MGT-04), closed and
    // expired requests, refusal and cancellation, one-use short-lived codes, bad tokens.
    let mut sim = Sim::new(10).await;
    let p = marie();
    let bad_client = Authorize { client_id: "someone-else".into(), ..authorize(&p.phone) };
    assert_eq!(sim.refusal_code(bad_client).await, RefusalCode::InvalidClient);
    let bad_redirect =
        Authorize { redirect_uri: "https://evil.example/cb".into(), ..authorize(&p.phone) };
    assert_eq!(sim.refusal_code(bad_redirect).await, RefusalCode::InvalidClient);
    let no_acr = Authorize { acr_values: vec![], ..authorize(&p.phone) };
    assert_eq!(sim.refusal_code(no_acr).await, RefusalCode::AcrNotSupported);
    let no_openid = Authorize { scope: vec!["email".into()], ..authorize(&p.phone) };
    assert_eq!(sim.refusal_code(no_openid).await, RefusalCode::InvalidRequest);
    assert_eq!(sim.refusal_code(authorize(&p.phone)).await, RefusalCode::UnknownLoginHint);
    let session = create_account(&sim, &p).await;
    enrol(&sim, &session, &p.identity).await;
    verify_at_post_office(&sim, &session, &p).await;
    assert_eq!(
        sim.refusal_code(authorize(&p.phone)).await,
        RefusalCode::UnknownLoginHint,
        "ASVS 6.3.8: not activated reads as unknown at the login page"
    );
    activate(&sim, &p, &p.device, AppPurpose::Activate).await;

    let eidas1 = Authorize { acr_values: vec![Acr::Eidas1], ..authorize(&p.phone) };
    let pending = sim.ok(eidas1).await.request;
    let approve = |pin: &str| AppApprove {
        device_id: p.device.device_id.clone(),
        request: pending.clone(),
        pin: pin.into(),
    };
    for left in (1..=4).rev() {
        let refusal = sim.refused(approve("1397")).await;
        assert_eq!((refusal.code, refusal.attempts_left), (RefusalCode::PinWrong, Some(left)));
    }
    assert_eq!(sim.refusal_code(approve("1397")).await, RefusalCode::PinLocked);
    assert_eq!(
        sim.refusal_code(approve(&p.pin)).await,
        RefusalCode::PinLocked,
        "AUTH-05: even the right PIN"
    );
    let mut renewed = p.clone();
    renewed.pin = "8024".into();
    activate(&sim, &renewed, &p.device, AppPurpose::ChangePin).await;
    sim.ok(approve("8024")).await;
    assert_eq!(sim.refusal_code(approve("8024")).await, RefusalCode::RequestClosed);
    let AuthorizationStatus::Approved { code, .. } =
        sim.ok(AuthorizationPoll { request: pending.clone() }).await
    else {
        panic!("expected an approved login");
    };
    let bad_secret = Token { client_secret: "guess".into(), ..token_request(&code) };
    assert_eq!(sim.refusal_code(bad_secret).await, RefusalCode::InvalidClient);
    let tokens = sim.ok(token_request(&code)).await;
    assert_eq!(decode_claims_unverified(&tokens.id_token).unwrap().acr, Acr::Eidas1);
    assert_eq!(sim.refusal_code(token_request(&code)).await, RefusalCode::InvalidGrant);
    let revoked = UserInfo { access_token: tokens.access_token, method: UserInfoMethod::Get };
    assert_eq!(
        sim.refusal_code(revoked).await,
        RefusalCode::InvalidToken,
        "a reused code revokes its tokens"
    );
    assert_eq!(sim.refusal_code(token_request("not-a-code")).await, RefusalCode::InvalidGrant);

    let code = login(&sim, &renewed).await;
    sim.advance(60).await;
    assert_eq!(
        sim.refusal_code(token_request(&code)).await,
        RefusalCode::InvalidGrant,
        "a code lives 60 s"
    );

    let late = sim.ok(authorize(&p.phone)).await.request;
    sim.advance(300).await;
    assert_eq!(
        sim.ok(AuthorizationPoll { request: late.clone() }).await,
        AuthorizationStatus::Expired
    );
    let approve_late =
        AppApprove { device_id: p.device.device_id.clone(), request: late, pin: "8024".into() };
    assert_eq!(sim.refusal_code(approve_late).await, RefusalCode::RequestExpired);

    let refused = sim.ok(authorize(&p.phone)).await.request;
    sim.ok(AppRefuse { device_id: p.device.device_id.clone(), request: refused.clone() }).await;
    assert_eq!(sim.ok(AuthorizationPoll { request: refused }).await, AuthorizationStatus::Refused);
    let cancelled = sim.ok(authorize(&p.phone)).await.request;
    sim.ok(AuthorizationCancel { request: cancelled.clone() }).await;
    assert_eq!(
        sim.ok(AuthorizationPoll { request: cancelled.clone() }).await,
        AuthorizationStatus::Cancelled
    );
    assert_eq!(
        sim.refusal_code(AuthorizationCancel { request: cancelled }).await,
        RefusalCode::RequestClosed
    );
    let unknown = AuthorizationPoll { request: AuthRequestId::new("req-nope") };
    assert_eq!(sim.refusal_code(unknown).await, RefusalCode::NotFound);
    assert_eq!(
        sim.refusal_code(UserInfo {
            access_token: "at-forged".into(),
            method: UserInfoMethod::Get
        })
        .await,
        RefusalCode::InvalidToken
    );
}

#[tokio::test]
async fn login_requests_are_rate_limited_per_number() {
    // Checks FRAUD-03: at most `auth_requests_per_hour` requests per number in a sliding
    // hour, with how long to wait.
    let policy = ReferencePolicy { auth_requests_per_hour: 3, ..ReferencePolicy::default() };
    let mut sim =
        Sim::with_config(ReferenceConfig { seed: 11, policy, ..ReferenceConfig::default() }).await;
    let p = marie();
    activated_person(&sim, &p).await;
    for _ in 0..3 {
        sim.ok(authorize(&p.phone)).await;
        sim.advance(600).await;
    }
    let limited = sim.refused(authorize(&p.phone)).await;
    assert_eq!((limited.code, limited.retry_after_s), (RefusalCode::RateLimited, Some(1800)));
    sim.advance(1800).await;
    sim.ok(authorize(&p.phone)).await;
}

#[tokio::test]
async fn each_registered_client_has_its_own_redirect_uris_secret_and_codes() {
    // Checks the client registry (`idn-sim serve --client`): a second client logs in with
    // its own redirect URI and secret; a redirect URI registered for another client, or a
    // secret of another client, is `invalid_client`; and a code issued to one client is
    // not redeemed by another, even with that one's right secret (RFC 6749 §4.1.3), and
    // stays usable by its own client.
    let partner = idn_reference::Client::parse("partner:p-secret:http://127.0.0.1:8000/cb")
        .expect("a client");
    let clients = vec![idn_reference::Client::franceconnect_plus(), partner];
    let sim =
        Sim::with_config(ReferenceConfig { seed: 19, clients, ..ReferenceConfig::default() }).await;
    let p = marie();
    activated_person(&sim, &p).await;
    let as_partner = |a: Authorize| Authorize {
        client_id: "partner".into(),
        redirect_uri: "http://127.0.0.1:8000/cb".into(),
        ..a
    };
    let crossed = Authorize { client_id: "partner".into(), ..authorize(&p.phone) };
    assert_eq!(sim.refusal_code(crossed).await, RefusalCode::InvalidClient);
    let pending = sim.ok(as_partner(authorize(&p.phone))).await.request;
    let approve = AppApprove {
        device_id: p.device.device_id.clone(),
        request: pending.clone(),
        pin: p.pin.clone(),
    };
    sim.ok(approve).await;
    let AuthorizationStatus::Approved { code, .. } =
        sim.ok(AuthorizationPoll { request: pending }).await
    else {
        panic!("expected an approved login");
    };
    let partner_token = Token {
        client_id: "partner".into(),
        client_secret: "p-secret".into(),
        redirect_uri: "http://127.0.0.1:8000/cb".into(),
        ..token_request(&code)
    };
    let wrong_secret =
        Token { client_secret: FRANCECONNECT_CLIENT_SECRET.into(), ..partner_token.clone() };
    assert_eq!(sim.refusal_code(wrong_secret).await, RefusalCode::InvalidClient);
    let by_another =
        Token { redirect_uri: "http://127.0.0.1:8000/cb".into(), ..token_request(&code) };
    assert_eq!(sim.refusal_code(by_another).await, RefusalCode::InvalidGrant);
    let tokens = sim.ok(partner_token).await;
    assert_eq!(decode_claims_unverified(&tokens.id_token).unwrap().aud, "partner");
}

#[tokio::test]
async fn the_login_page_tells_nothing_about_a_number() {
    // Checks ASVS 5.0 6.3.8 (no account enumeration): a number with no identity, and one
    // whose identity is not activated, blocked, deleted or expired, get the one same
    // refusal at the login page, `unknown_login_hint` with the same message, while the app
    // still tells the holder why; and FRAUD-03 counts every request before the answer, so
    // that a number with no identity is rate limited like a known one.
    let policy = ReferencePolicy { auth_requests_per_hour: 3, ..ReferencePolicy::default() };
    let mut sim =
        Sim::with_config(ReferenceConfig { seed: 17, policy, ..ReferenceConfig::default() }).await;
    let unknown = PhoneNumber::new("+33", "699999999");
    let never = person("never@example.fr", "611111111", "NVRA00001", "phone-never");
    let session = create_account(&sim, &never).await;
    enrol(&sim, &session, &never.identity).await;
    verify_at_post_office(&sim, &session, &never).await;
    let blocked = person("blocked@example.fr", "622222222", "BLKD00002", "phone-blocked");
    let blocked_session = activated_person(&sim, &blocked).await;
    let web = Channel::Web { session: blocked_session };
    sim.ok(IdentityBlock { via: web, document_suffix: "0002".into() }).await;
    let deleted = person("deleted@example.fr", "633333333", "DELT00003", "phone-deleted");
    activated_person(&sim, &deleted).await;
    let app = Channel::App { device_id: deleted.device.device_id.clone() };
    sim.ok(IdentityDelete { via: app, confirmed: true, document_suffix: "0003".into() }).await;
    let expiring = person("expiring@example.fr", "644444444", "EXPR00004", "phone-expiring");
    activated_person(&sim, &expiring).await;
    sim.ok(authorize(&expiring.phone)).await;

    let first = sim.refused(authorize(&unknown)).await;
    assert_eq!(first.code, RefusalCode::UnknownLoginHint);
    assert_eq!(first.message, "Aucune Identité Numérique utilisable n'est associée à ce numéro.");
    for phone in [&never.phone, &blocked.phone, &deleted.phone] {
        assert_eq!(sim.refused(authorize(phone)).await, first, "{phone}");
    }
    let pending = AppPendingRequests { device_id: blocked.device.device_id.clone() };
    assert_eq!(sim.refusal_code(pending).await, RefusalCode::IdentityBlocked, "the app says why");

    sim.advance(5 * 366 * 86_400).await;
    assert_eq!(sim.refused(authorize(&expiring.phone)).await, first, "expired");

    for _ in 0..3 {
        assert_eq!(sim.refused(authorize(&unknown)).await, first);
    }
    let limited = sim.refused(authorize(&unknown)).await;
    assert_eq!((limited.code, limited.retry_after_s), (RefusalCode::RateLimited, Some(3600)));
    sim.advance(3600).await;
    assert_eq!(sim.refused(authorize(&unknown)).await, first, "the hour has passed");
}

#[tokio::test]
async fn block_unblock_and_fraud_notification() {
    // Checks MGT-05, MGT-07, AUTH-08 and FRAUD-01: refuse an unsolicited request, block with
    // the document suffix (web or app), no login while blocked, change the password,
    // unblock, log in again.
    let sim = Sim::new(12).await;
    let p = marie();
    let session = activated_person(&sim, &p).await;
    let unsolicited = sim.ok(authorize(&p.phone)).await.request;
    sim.ok(AppRefuse { device_id: p.device.device_id.clone(), request: unsolicited }).await;
    let web = Channel::Web { session: session.clone() };
    let block = |via: Channel, suffix: &str| IdentityBlock { via, document_suffix: suffix.into() };
    assert_eq!(
        sim.refusal_code(block(web.clone(), "0000")).await,
        RefusalCode::DocumentSuffixMismatch
    );
    sim.ok(block(web.clone(), "PFW4")).await;
    assert_eq!(sim.refusal_code(block(web.clone(), "PFW4")).await, RefusalCode::AlreadyBlocked);
    assert_eq!(
        sim.refusal_code(authorize(&p.phone)).await,
        RefusalCode::UnknownLoginHint,
        "ASVS 6.3.8: the login page does not say the identity is blocked"
    );
    let v = view(&sim, &session).await;
    assert_eq!((v.state, v.stage), (IdentityState::Blocked, Some(Stage::Activated)));
    assert_eq!(v.actions, vec!["Débloquer mon Identité Numérique".to_string()]);
    sim.ok(PasswordChange {
        session: session.clone(),
        current_password: p.password.clone(),
        new_password: "Nouveau2024".into(),
    })
    .await;
    let unblock =
        |suffix: &str| IdentityUnblock { session: session.clone(), document_suffix: suffix.into() };
    assert_eq!(sim.refusal_code(unblock("PFW5")).await, RefusalCode::DocumentSuffixMismatch);
    sim.ok(unblock("PFW4")).await;
    assert_eq!(sim.refusal_code(unblock("PFW4")).await, RefusalCode::NotBlocked);
    login(&sim, &p).await;

    let app = Channel::App { device_id: p.device.device_id.clone() };
    sim.ok(block(app, "PFW4")).await;
    let pending = AppPendingRequests { device_id: p.device.device_id.clone() };
    assert_eq!(sim.refusal_code(pending).await, RefusalCode::IdentityBlocked);
    let stranger = Channel::App { device_id: DeviceId::new("phone-thief") };
    assert_eq!(sim.refusal_code(block(stranger, "PFW4")).await, RefusalCode::DeviceNotActive);
}

#[tokio::test]
async fn deletion_routes_and_a_new_identity_afterwards() {
    // Checks MGT-06, MGT-07 and MGT-09: an activated identity is deleted from the app (the
    // box ticked, the suffix given), a never-activated one from the web, customer service
    // deletes without the suffix, and a new identity can be created afterwards.
    let sim = Sim::new(13).await;
    let p = marie();
    let session = activated_person(&sim, &p).await;
    let delete =
        |via: Channel, confirmed| IdentityDelete { via, confirmed, document_suffix: "PFW4".into() };
    let web = Channel::Web { session: session.clone() };
    let app = Channel::App { device_id: p.device.device_id.clone() };
    assert_eq!(sim.refusal_code(delete(app.clone(), false)).await, RefusalCode::DeleteNotConfirmed);
    assert_eq!(
        sim.refusal_code(delete(web.clone(), true)).await,
        RefusalCode::DeleteViaAppRequired
    );
    let wrong_suffix =
        IdentityDelete { document_suffix: "AAAA".into(), ..delete(app.clone(), true) };
    assert_eq!(sim.refusal_code(wrong_suffix).await, RefusalCode::DocumentSuffixMismatch);
    sim.ok(delete(app.clone(), true)).await;
    assert_eq!(sim.refusal_code(authorize(&p.phone)).await, RefusalCode::UnknownLoginHint);
    let again = AppStart {
        device: p.device.clone(),
        email: p.email.clone(),
        password: p.password.clone(),
        purpose: AppPurpose::Activate,
    };
    assert_eq!(sim.refusal_code(again).await, RefusalCode::IdentityDeleted);
    assert_eq!(view(&sim, &session).await.state, IdentityState::Deleted);
    assert_eq!(
        sim.refusal_code(IdentityUnblock {
            session: session.clone(),
            document_suffix: "PFW4".into()
        })
        .await,
        RefusalCode::IdentityDeleted
    );

    let mut renewed = p.identity.clone();
    renewed.document.number = "N3WCARD77".into();
    enrol(&sim, &session, &renewed).await;
    assert_eq!(view(&sim, &session).await.state, IdentityState::AwaitingVerification);
    verify_at_post_office(&sim, &session, &Person { identity: renewed.clone(), ..p.clone() }).await;
    let started = AppStart {
        device: p.device.clone(),
        email: p.email.clone(),
        password: p.password.clone(),
        purpose: AppPurpose::Activate,
    };
    sim.ok(started).await;
    let never =
        IdentityDelete { via: app.clone(), confirmed: true, document_suffix: "RD77".into() };
    assert_eq!(sim.refusal_code(never).await, RefusalCode::DeleteViaWebRequired);
    sim.ok(IdentityDelete { via: web, confirmed: true, document_suffix: "rd77".into() }).await;

    enrol(&sim, &session, &renewed).await;
    let support =
        |email: &str, agent: &str| SupportDelete { email: email.into(), agent: agent.into() };
    assert_eq!(sim.refusal_code(support(&p.email, " ")).await, RefusalCode::InvalidRequest);
    assert_eq!(
        sim.refusal_code(support("inconnu@example.fr", "agent-7")).await,
        RefusalCode::NotFound
    );
    sim.ok(support(&p.email, "agent-7")).await;
    assert_eq!(sim.refusal_code(support(&p.email, "agent-7")).await, RefusalCode::IdentityDeleted);
}

#[tokio::test]
async fn phone_change_needs_the_app_and_moves_the_login_hint() {
    // Checks MGT-02 (the app must be activated; the new number gets a 6-digit code and
    // becomes the login hint) and ACT-06 (5 years after the verification, no more login).
    let mut sim = Sim::new(14).await;
    let p = marie();
    let session = create_account(&sim, &p).await;
    let new_number = PhoneNumber::new("+262", "692123456");
    let start = |phone: &PhoneNumber| PhoneChangeStart {
        session: session.clone(),
        new_phone: phone.clone(),
    };
    assert_eq!(sim.refusal_code(start(&new_number)).await, RefusalCode::NotFound);
    enrol(&sim, &session, &p.identity).await;
    verify_at_post_office(&sim, &session, &p).await;
    assert_eq!(sim.refusal_code(start(&new_number)).await, RefusalCode::AppNotActivated);
    activate(&sim, &p, &p.device, AppPurpose::Activate).await;
    let confirm_first = PhoneChangeConfirm { session: session.clone(), code: "123456".into() };
    assert_eq!(sim.refusal_code(confirm_first).await, RefusalCode::StepOutOfOrder);
    assert_eq!(
        sim.refusal_code(start(&PhoneNumber::new("+7", "9123456789"))).await,
        RefusalCode::CallingCodeNotEligible
    );
    sim.ok(start(&new_number)).await;
    let code = sim.sms_code(&new_number);
    assert_eq!(code.len(), 6);
    sim.ok(PhoneChangeConfirm { session: session.clone(), code }).await;
    assert_eq!(sim.refusal_code(authorize(&p.phone)).await, RefusalCode::UnknownLoginHint);
    sim.ok(authorize(&new_number)).await;

    sim.advance(5 * 365 * 86_400).await;
    sim.ok(authorize(&new_number)).await; // 2029-06-02: one leap day short of 5 years
    sim.advance(86_400).await;
    assert_eq!(sim.refusal_code(authorize(&new_number)).await, RefusalCode::UnknownLoginHint);
    assert_eq!(view(&sim, &session).await.state, IdentityState::Expired);
}

#[tokio::test]
async fn same_seed_same_calls_same_codes_and_ids() {
    // Checks determinism: one seed and one sequence of calls give byte-identical replies
    // and messages; another seed gives other codes.
    async fn run(seed: u64) -> (String, Vec<OutboundMessage>) {
        let mut sim = Sim::new(seed).await;
        let p = marie();
        let session = create_account(&sim, &p).await;
        enrol(&sim, &session, &p.identity).await;
        let tomorrow = sim.today().succ_opt().unwrap();
        let started = sim
            .ok(VerificationChoose {
                session: session.clone(),
                mode: VerificationMode::Postman { date: tomorrow, address: home() },
            })
            .await;
        sim.advance(3600).await;
        verify_at_post_office(&sim, &session, &p).await;
        let challenge = activate(&sim, &p, &p.device, AppPurpose::Activate).await;
        let code = login(&sim, &p).await;
        let tokens = sim.ok(token_request(&code)).await;
        let replies = format!("{session:?} {started:?} {challenge:?} {code} {tokens:?}");
        (replies, sim.sent())
    }
    let (a, a_sent) = run(42).await;
    let (b, b_sent) = run(42).await;
    assert_eq!(a, b);
    assert_eq!(a_sent, b_sent);
    let (c, c_sent) = run(43).await;
    assert_ne!(a, c);
    assert_ne!(a_sent, c_sent);
}

#[tokio::test]
async fn clocks_are_isolated_namespaces() {
    // Checks the test clock: each clock is a namespace of its own, an unknown clock is
    // refused, a clock never goes back, and one clock cannot be created twice.
    let sim = Sim::new(15).await;
    let p = marie();
    create_account(&sim, &p).await;
    let mut other = Sim::on(sim.sut.clone(), sim.out.clone(), "c2").await;
    let login = WebLogin { email: p.email.clone(), password: p.password.clone() };
    assert_eq!(other.refusal_code(login.clone()).await, RefusalCode::BadCredentials);
    create_account(&other, &p).await;
    other.ok(login.clone()).await;
    sim.ok(login).await;

    let ghost = Sim { clock: ClockId::new("nowhere"), ..other };
    let refusal = ghost.refusal_code(AccountStart { email: "x@example.fr".into() }).await;
    assert_eq!(refusal, RefusalCode::ClockUnknown);
    let advance = TestClockAdvance { to: t0() };
    assert_eq!(ghost.refusal_code(advance).await, RefusalCode::ClockUnknown);
    other = Sim { clock: ClockId::new("c2"), ..ghost };
    other.advance(10).await;
    assert_eq!(
        other.refusal_code(TestClockAdvance { to: t0() }).await,
        RefusalCode::ClockBackwards
    );
    assert_eq!(
        other.refusal_code(TestClockCreate { now: t0(), outbound_url: None }).await,
        RefusalCode::InvalidRequest
    );
}

#[tokio::test]
async fn reopening_the_file_keeps_the_accounts() {
    // Checks `Reference::open`: an account acknowledged before closing is there after
    // reopening the same file, and the new draws do not collide with the stored ids.
    let path: PathBuf = std::env::temp_dir().join(format!(
        "idn-reference-reopening_the_file_keeps_the_accounts-{}.sqlite",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let config = ReferenceConfig { seed: 16, ..ReferenceConfig::default() };
    let p = marie();
    {
        let out = Arc::new(Recorder::default());
        let sut = Arc::new(Reference::open(&path, config.clone(), out.clone()).unwrap());
        let sim = Sim::on(sut, out, "c1").await;
        create_account(&sim, &p).await;
    }
    let out = Arc::new(Recorder::default());
    let sut = Arc::new(Reference::open(&path, config, out.clone()).unwrap());
    let sim = Sim { sut, out, clock: ClockId::new("c1"), now: t0() };
    let session =
        sim.ok(WebLogin { email: p.email.clone(), password: p.password.clone() }).await.session;
    enrol(&sim, &session, &p.identity).await;
    assert_eq!(view(&sim, &session).await.state, IdentityState::AwaitingVerification);
    create_account(&sim, &person("paul.martin@example.fr", "698765432", "Y7KQ2M4T8", "phone-paul"))
        .await;
    drop(sim);
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn a_message_the_world_refuses_does_not_fail_the_request() {
    // Checks the outbound choice: a message the outside world does not take is recorded
    // and the request still succeeds (delivery is the world's business).
    let sim = Sim::new(17).await;
    *sim.out.refuse.lock().unwrap() = true;
    let session = sim.ok(AccountStart { email: "marie@example.fr".into() }).await.session;
    *sim.out.refuse.lock().unwrap() = false;
    assert_eq!(sim.sent().len(), 1);
    sim.ok(AccountResendEmailCode { session: session.clone() }).await;
    let code = sim.email_code("marie@example.fr");
    sim.ok(AccountConfirmEmail { session, code }).await;
}

#[tokio::test]
async fn the_same_number_given_twice_keeps_the_code_already_sent() {
    // Checks ÉTAPES 8 and 11: giving the same number again during the resend countdown
    // sends no second code (it would race the first), while another number gets one.
    let sim = Sim::new(21).await;
    let p = marie();
    let session = sim.ok(AccountStart { email: p.email.clone() }).await.session;
    let code = sim.email_code(&p.email);
    sim.ok(AccountConfirmEmail { session: session.clone(), code }).await;
    let set =
        |phone: &PhoneNumber| AccountSetMobile { session: session.clone(), phone: phone.clone() };
    sim.ok(set(&p.phone)).await;
    let first = sim.sms_code(&p.phone);
    let again = sim.ok(set(&p.phone)).await;
    assert!(again.resend_after_s <= 60);
    let sms_count =
        |sim: &Sim| sim.sent().iter().filter(|m| matches!(m, OutboundMessage::Sms(_))).count();
    assert_eq!(sms_count(&sim), 1, "no second code for the same number");
    assert_eq!(sim.sms_code(&p.phone), first);
    let other = PhoneNumber::new("+33", "698765432");
    sim.ok(set(&other)).await;
    assert_eq!(sms_count(&sim), 2, "a new number gets its own code");
}

// ---------------------------------------------------------------------------------------
// OpenID Connect: discovery, JWKS, signed id_tokens, PKCE.

/// Verifies an id_token as FranceConnect+ does, with the reference's own documents.
async fn verify(
    sim: &Sim,
    id_token: &str,
    acr_min: Acr,
) -> Result<idn_contract::token::IdTokenClaims, TokenError> {
    let discovery = sim.ok(OidcDiscovery).await;
    let jwks = sim.ok(OidcJwks).await;
    let expected = Expectation {
        issuer: &discovery.issuer,
        audience: FRANCECONNECT_CLIENT_ID,
        nonce: "nonce-1",
        now_unix: sim.now.timestamp(),
        acr_min,
    };
    verify_id_token(id_token, &jwks, &expected)
}

#[tokio::test]
async fn discovery_and_jwks_are_the_oidc_documents() {
    // Checks that the discovery document and the JWKS travel as the OpenID Connect
    // documents themselves, with every endpoint under the configured issuer, and that the
    // key is the seed's: same seed, same key; another seed, another.
    let issuer = "http://127.0.0.1:8080";
    let sim = Sim::with_config(ReferenceConfig {
        seed: 5,
        issuer: Some(issuer.into()),
        ..ReferenceConfig::default()
    })
    .await;
    let discovery = http::reply_body(&Reply::from(sim.ok(OidcDiscovery).await));
    let expected = serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": "http://127.0.0.1:8080/authorize",
        "token_endpoint": "http://127.0.0.1:8080/token",
        "userinfo_endpoint": "http://127.0.0.1:8080/userinfo",
        "jwks_uri": "http://127.0.0.1:8080/jwks",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "acr_values_supported": ["eidas1", "eidas2"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "given_name", "family_name", "birthdate", "gender",
            "birthplace", "birthcountry", "email"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "acr", "given_name",
            "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "authorization_response_iss_parameter_supported": true,
        "service_documentation": "http://127.0.0.1:8080/about",
    });
    assert_eq!(discovery, expected);
    let jwks = sim.ok(OidcJwks).await;
    let body = http::reply_body(&Reply::from(jwks.clone()));
    let key = &body["keys"][0];
    assert_eq!(body["keys"].as_array().map(Vec::len), Some(1));
    let members: Vec<&str> = key.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(members, ["alg", "crv", "kid", "kty", "use", "x", "y"]);
    assert_eq!(
        (&key["kty"], &key["crv"], &key["use"], &key["alg"]),
        (
            &serde_json::json!("EC"),
            &serde_json::json!("P-256"),
            &serde_json::json!("sig"),
            &serde_json::json!("ES256")
        )
    );
    let again = Sim::with_config(ReferenceConfig { seed: 5, ..ReferenceConfig::default() }).await;
    assert_eq!(again.ok(OidcJwks).await, jwks, "the key is the seed's, whatever the issuer");
    assert_ne!(Sim::new(6).await.ok(OidcJwks).await, jwks);
}

#[tokio::test]
async fn id_tokens_are_signed_es256_and_checked_against_the_jwks() {
    // Checks that the id_token is a compact JWS with header {alg ES256, typ JWT, kid of the
    // JWKS}, that it verifies, and that another key (under the same kid or another),
    // another acr or a later clock make FranceConnect+ refuse it.
    let mut sim = Sim::new(31).await;
    let p = marie();
    activated_person(&sim, &p).await;
    let code = login(&sim, &p).await;
    let tokens = sim.ok(token_request(&code)).await;
    let jwks = sim.ok(OidcJwks).await;
    let header = tokens.id_token.split('.').next().unwrap();
    let header: serde_json::Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, header).unwrap(),
    )
    .unwrap();
    assert_eq!(header, serde_json::json!({"alg": "ES256", "typ": "JWT", "kid": jwks.keys[0].kid}));
    let claims = verify(&sim, &tokens.id_token, Acr::Eidas2).await.unwrap();
    assert_eq!(claims.identity.family_name, "Durand");

    let other = Sim::new(32).await.ok(OidcJwks).await;
    let expected = Expectation {
        issuer: &claims.iss,
        audience: FRANCECONNECT_CLIENT_ID,
        nonce: "nonce-1",
        now_unix: sim.now.timestamp(),
        acr_min: Acr::Eidas2,
    };
    let unknown = verify_id_token(&tokens.id_token, &other, &expected);
    assert!(matches!(unknown, Err(TokenError::UnknownKid(_))), "{unknown:?}");
    let mut impostor = other.keys[0].clone();
    impostor.kid = jwks.keys[0].kid.clone();
    let forged = verify_id_token(&tokens.id_token, &Jwks { keys: vec![impostor] }, &expected);
    assert!(matches!(forged, Err(TokenError::Signature(_))), "{forged:?}");
    sim.advance(3600).await;
    let late = verify(&sim, &tokens.id_token, Acr::Eidas2).await;
    assert!(matches!(late, Err(TokenError::Claim { claim: "exp", .. })), "{late:?}");
    assert!(decode_claims_unverified(&tokens.id_token).is_ok());
}

#[tokio::test]
async fn pkce_is_required_at_authorize_and_checked_at_token() {
    // Checks PKCE S256: an empty or malformed challenge is refused invalid_request at the
    // authorization request, a verifier whose challenge is not the request's is refused
    // invalid_grant at the token request without using the code, and the right one works.
    let sim = Sim::new(33).await;
    let p = marie();
    activated_person(&sim, &p).await;
    let good = pkce_challenge(VERIFIER);
    let (short, long, plus) = (&good[1..], format!("{good}A"), format!("+{}", &good[1..]));
    for challenge in ["", "verifier-as-plain-text", short, &long, &plus] {
        let op = Authorize { code_challenge: challenge.to_string(), ..authorize(&p.phone) };
        let refused = sim.refused(op).await;
        assert_eq!(refused.code, RefusalCode::InvalidRequest, "{challenge:?}: {refused:?}");
        assert!(refused.message.contains("code_challenge"), "{}", refused.message);
    }
    let code = login(&sim, &p).await;
    let wrong = Token { code_verifier: format!("{VERIFIER}-x"), ..token_request(&code) };
    assert_eq!(sim.refusal_code(wrong).await, RefusalCode::InvalidGrant);
    let empty = Token { code_verifier: String::new(), ..token_request(&code) };
    assert_eq!(sim.refusal_code(empty).await, RefusalCode::InvalidGrant);
    sim.ok(token_request(&code)).await;
}

// ---------------------------------------------------------------------------------------
// The reference as an HTTP server (`idn_reference::server`), driven with a real client.

mod over_http {
    use super::*;
    use async_trait::async_trait;
    use idn_contract::capabilities::Capabilities;
    use idn_contract::http::{self, CLOCK_HEADER, ErrorBody};
    use idn_contract::oidc::{DiscoveryDocument, Expectation, Jwks, verify_id_token};
    use idn_reference::server;
    use serde_json::{Value, json};

    /// A server on a port the system chose, stopped when dropped.
    struct Server {
        base: String,
        task: tokio::task::JoinHandle<()>,
    }

    impl Server {
        async fn start(reference: Arc<Reference>) -> Server {
            Server::start_with(reference, server::ServerOptions::default()).await
        }

        async fn start_with(reference: Arc<Reference>, options: server::ServerOptions) -> Server {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let task = tokio::spawn(async move {
                let pending = std::future::pending();
                server::serve_with(listener, reference, options, pending).await.unwrap();
            });
            Server { base, task }
        }

        fn url(&self, path: &str) -> String {
            format!("{}{path}", self.base)
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            self.task.abort();
        }
    }

    /// The contract over HTTP as a client sees it, just enough for these tests: the
    /// harness's own client lives in `idn-contract`, which the reference does not use.
    struct HttpSut {
        base: String,
        client: reqwest::Client,
    }

    impl HttpSut {
        fn new(server: &Server) -> Arc<HttpSut> {
            Arc::new(HttpSut { base: server.base.clone(), client: reqwest::Client::new() })
        }

        fn builder(&self, request: &Request) -> reqwest::RequestBuilder {
            let url = |path: &str| format!("{}{path}", self.base);
            match request {
                Request::Authorize(a) => {
                    let hint = format!("{} {}", a.login_hint.calling_code, a.login_hint.national);
                    let acr: Vec<String> = a
                        .acr_values
                        .iter()
                        .map(|acr| json!(acr).as_str().unwrap().into())
                        .collect();
                    let get = self.client.get(url(http::AUTHORIZE_PATH));
                    get.header("accept", "application/json").query(&[
                        ("client_id", a.client_id.as_str()),
                        ("redirect_uri", &a.redirect_uri),
                        ("response_type", "code"),
                        ("scope", &a.scope.join(" ")),
                        ("acr_values", &acr.join(" ")),
                        ("login_hint", &hint),
                        ("state", &a.state),
                        ("nonce", &a.nonce),
                        ("service_name", &a.service_name),
                        ("code_challenge", &a.code_challenge),
                        ("code_challenge_method", "S256"),
                    ])
                }
                Request::Token(t) => self.client.post(url(http::TOKEN_PATH)).form(&[
                    ("grant_type", "authorization_code"),
                    ("code", &t.code),
                    ("redirect_uri", &t.redirect_uri),
                    ("client_id", &t.client_id),
                    ("client_secret", &t.client_secret),
                    ("code_verifier", &t.code_verifier),
                ]),
                Request::UserInfo(u) => {
                    self.client.get(url(http::USERINFO_PATH)).bearer_auth(&u.access_token)
                }
                other => self
                    .client
                    .post(url(&http::op_path(other.name())))
                    .json(&http::request_body(other)),
            }
        }
    }

    #[async_trait]
    impl IdentityProvider for HttpSut {
        async fn handle(&self, clock: &ClockId, request: Request) -> Result<Reply, CallError> {
            let (name, reply) = (request.name(), request.reply_name());
            let fail = |detail: String| CallError::Protocol { request: name.into(), detail };
            let response =
                self.builder(&request).header(CLOCK_HEADER, clock.as_str()).send().await.map_err(
                    |e| CallError::Transport { request: name.into(), detail: e.to_string() },
                )?;
            let status = response.status().as_u16();
            let mut body: Value = response.json().await.map_err(|e| fail(e.to_string()))?;
            match status {
                200 => {
                    if name == "Token" {
                        body["expires_in_s"] = body["expires_in"].clone();
                    }
                    http::reply_from(reply, body).map_err(fail)
                }
                422 => {
                    let error: ErrorBody =
                        serde_json::from_value(body).map_err(|e| fail(e.to_string()))?;
                    Err(CallError::Refused(error.error))
                }
                400 | 401 if matches!(name, "Token" | "UserInfo") => {
                    let code = body["error"].as_str().and_then(RefusalCode::parse);
                    let code = code.ok_or_else(|| fail(format!("OAuth error {body}")))?;
                    let message = body["error_description"].as_str().unwrap_or("").to_string();
                    Err(CallError::Refused(Refusal::new(code, message)))
                }
                _ => Err(fail(format!("status {status}: {body}"))),
            }
        }
    }

    /// A reference on `seed`, its in-process messages recorded, behind a server.
    async fn served(seed: u64) -> (Server, Arc<Recorder>) {
        let out = Arc::new(Recorder::default());
        let config = ReferenceConfig { seed, ..ReferenceConfig::default() };
        let reference = Arc::new(Reference::in_memory(config, out.clone()).unwrap());
        (Server::start(reference).await, out)
    }

    /// POSTs `body` (raw) to `path` with the clock header `c1` unless `clock` is `None`.
    async fn post_raw(
        server: &Server,
        path: &str,
        clock: Option<&str>,
        body: &str,
    ) -> (u16, Value) {
        let mut request = reqwest::Client::new().post(server.url(path)).body(body.to_string());
        if let Some(clock) = clock {
            request = request.header(CLOCK_HEADER, clock);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    #[tokio::test]
    async fn a_whole_login_travels_over_http() {
        // Checks operation round trips over HTTP (account, enrolment, verification,
        // activation) and login through /authorize, /token and /userinfo, whose claims
        // are the identity's; then the same code again is OAuth's invalid_grant.
        let (server, out) = served(31).await;
        let sim = Sim::on(HttpSut::new(&server), out, "c1").await;
        let p = marie();
        activated_person(&sim, &p).await;
        let code = login(&sim, &p).await;
        let tokens = sim.ok(token_request(&code)).await;
        let get = |path: &str| reqwest::Client::new().get(server.url(path)).send();
        let jwks: Jwks = get(http::JWKS_PATH).await.unwrap().json().await.unwrap();
        let discovery: DiscoveryDocument =
            get(http::DISCOVERY_PATH).await.unwrap().json().await.unwrap();
        let expected = Expectation {
            issuer: &discovery.issuer,
            audience: FRANCECONNECT_CLIENT_ID,
            nonce: "nonce-1",
            now_unix: sim.now.timestamp(),
            acr_min: Acr::Eidas2,
        };
        let claims = verify_id_token(&tokens.id_token, &jwks, &expected).unwrap();
        assert_eq!(claims, decode_claims_unverified(&tokens.id_token).unwrap());
        let info = sim
            .ok(UserInfo { access_token: tokens.access_token.clone(), method: UserInfoMethod::Get })
            .await;
        assert_eq!(info, claims.identity);
        assert_eq!(info.family_name, "Durand");
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", FRANCECONNECT_REDIRECT_URI),
            ("client_id", FRANCECONNECT_CLIENT_ID),
            ("client_secret", FRANCECONNECT_CLIENT_SECRET),
            ("code_verifier", VERIFIER),
        ];
        let again = reqwest::Client::new()
            .post(server.url(http::TOKEN_PATH))
            .header(CLOCK_HEADER, "c1")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status().as_u16(), 400);
        assert_eq!(again.headers()["cache-control"], "no-store");
        let body: Value = again.json().await.unwrap();
        assert_eq!(body["error"], "invalid_grant", "{body}");
        assert!(body["error_description"].as_str().is_some_and(|d| !d.is_empty()), "{body}");
        let bad_client = Token { client_secret: "wrong".into(), ..token_request(&code) };
        assert_eq!(sim.refusal_code(bad_client).await, RefusalCode::InvalidClient);
        let bad_token = UserInfo { access_token: "nope".into(), method: UserInfoMethod::Get };
        assert_eq!(sim.refusal_code(bad_token).await, RefusalCode::InvalidToken);
    }

    #[tokio::test]
    async fn errors_have_their_status_and_body() {
        // Checks the error mapping: a refusal is 422 with its ErrorBody; malformed JSON and
        // wrong types are 400 invalid_request naming the problem; an unknown operation and
        // an OpenID Connect one on /v1/ops are 404 not_found; no clock header is 400.
        let (server, _out) = served(32).await;
        let create = r#"{"now": "2024-06-03T09:00:00Z"}"#;
        assert_eq!(post_raw(&server, "/v1/ops/TestClockCreate", Some("c1"), create).await.0, 200);
        let (status, body) =
            post_raw(&server, "/v1/ops/AccountStart", Some("c1"), r#"{"email": "nope"}"#).await;
        assert_eq!(status, 422);
        let refusal: ErrorBody = serde_json::from_value(body).unwrap();
        assert_eq!(refusal.error.code, RefusalCode::EmailInvalid);
        let cases = [
            ("/v1/ops/AccountStart", Some("c1"), "{\"email\": ", 400, "malformed JSON"),
            ("/v1/ops/AccountStart", Some("c1"), r#"{"email": 5}"#, 400, "invalid type: integer"),
            ("/v1/ops/AccountStart", Some("c1"), "{}", 400, "missing field `email`"),
            ("/v1/ops/AccountStart", Some("c1"), "[1]", 400, "expected a JSON object"),
            ("/v1/ops/NoSuchOp", Some("c1"), "{}", 404, "NoSuchOp"),
            ("/v1/ops/Authorize", Some("c1"), "{}", 404, "GET /authorize"),
            ("/v1/ops/Token", Some("c1"), "{}", 404, "POST /token"),
            ("/v1/ops/AccountStart", None, r#"{"email": "a@b.fr"}"#, 400, CLOCK_HEADER),
            ("/no/such/route", Some("c1"), "{}", 404, "no such route"),
        ];
        for (path, clock, body, want_status, want_text) in cases {
            let (status, body) = post_raw(&server, path, clock, body).await;
            let error: ErrorBody = serde_json::from_value(body.clone())
                .unwrap_or_else(|e| panic!("{path}: not an ErrorBody ({e}): {body}"));
            let want_code = if want_status == 404 {
                RefusalCode::NotFound
            } else {
                RefusalCode::InvalidRequest
            };
            assert_eq!((status, error.error.code), (want_status, want_code), "{path}: {body}");
            assert!(error.error.message.contains(want_text), "{path}: {body}");
        }
        let unknown_clock =
            post_raw(&server, "/v1/ops/AccountStart", Some("c9"), r#"{"email": "a@b.fr"}"#).await;
        assert_eq!(unknown_clock.0, 422);
        assert_eq!(unknown_clock.1["error"]["code"], "clock_unknown");
        let client = reqwest::Client::new();
        let authorize = client
            .get(server.url(http::AUTHORIZE_PATH))
            .header(CLOCK_HEADER, "c1")
            .header("accept", "application/json")
            .query(&[("client_id", FRANCECONNECT_CLIENT_ID), ("login_hint", "33612345678")])
            .send()
            .await
            .unwrap();
        assert_eq!(authorize.status().as_u16(), 400);
        let body: Value = authorize.json().await.unwrap();
        assert!(body["error"]["message"].as_str().unwrap().contains("code_challenge_method"));
        let userinfo = client.get(server.url(http::USERINFO_PATH)).header(CLOCK_HEADER, "c1");
        let userinfo = userinfo.send().await.unwrap();
        assert_eq!(userinfo.status().as_u16(), 401);
        assert_eq!(userinfo.json::<Value>().await.unwrap()["error"], "invalid_token");
    }

    #[tokio::test]
    async fn the_capability_and_openid_documents_are_served() {
        // Checks GET /v1/capabilities (everything, concurrent clocks), and that discovery
        // and the JWKS answer without a clock header.
        let (server, _out) = served(33).await;
        let client = reqwest::Client::new();
        let caps = client.get(server.url(http::CAPABILITIES_PATH)).send().await.unwrap();
        assert_eq!(caps.status().as_u16(), 200);
        let caps: Capabilities = caps.json().await.unwrap();
        assert_eq!(caps, server::capabilities());
        assert_eq!(caps.implementation.name, "idn-reference");
        assert!(caps.test_features.test_clock && caps.test_features.concurrent_clocks);
        assert_eq!(caps.verification_modes.len(), 3);
        for path in [http::DISCOVERY_PATH, http::JWKS_PATH, server::OPENAPI_PATH] {
            let response = client.get(server.url(path)).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 200, "{path}");
            assert!(response.json::<Value>().await.unwrap().is_object(), "{path}");
        }
    }

    /// What a loopback receiver got: path, clock header, JSON body.
    type Received = Arc<Mutex<Vec<(String, String, Value)>>>;

    /// A receiver of outbound messages answering `status` to every POST.
    async fn receiver(status: u16) -> (String, Received, tokio::task::JoinHandle<()>) {
        use axum::extract::{OriginalUri, State};
        let received: Received = Arc::default();
        let app = axum::Router::new()
            .fallback(
                move |State(received): State<Received>,
                      OriginalUri(uri): OriginalUri,
                      headers: axum::http::HeaderMap,
                      body: axum::body::Bytes| async move {
                    let clock = headers[CLOCK_HEADER].to_str().unwrap().to_string();
                    let json = serde_json::from_slice(&body).unwrap();
                    received.lock().unwrap().push((uri.path().to_string(), clock, json));
                    axum::http::StatusCode::from_u16(status).unwrap()
                },
            )
            .with_state(received.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/world", listener.local_addr().unwrap());
        let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (url, received, task)
    }

    #[tokio::test]
    async fn outbound_messages_are_posted_to_the_clock_url() {
        // Checks that a clock created with an outbound_url has its messages POSTed there
        // (path, clock header, the message's JSON) and not to the in-process Outbound;
        // that a receiver answering 503 or a closed port does not fail the request; and
        // that a clock without a URL still sends in-process.
        let (server, out) = served(34).await;
        let sut = HttpSut::new(&server);
        let (url, received, task) = receiver(200).await;
        let create = |url: &str| TestClockCreate { now: t0(), outbound_url: Some(url.into()) };
        call(sut.as_ref(), &ClockId::new("c-out"), create(&url)).await.unwrap();
        let start = AccountStart { email: "marie@example.fr".into() };
        call(sut.as_ref(), &ClockId::new("c-out"), start.clone()).await.unwrap();
        {
            let received = received.lock().unwrap();
            assert_eq!(received.len(), 1, "{received:?}");
            let (path, clock, body) = &received[0];
            assert_eq!((path.as_str(), clock.as_str()), ("/world/mail", "c-out"));
            let email: Email = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(email.to, "marie@example.fr");
            assert!(read_code(&email.body).is_some(), "{}", email.body);
        }
        assert!(out.sent.lock().unwrap().is_empty(), "nothing in-process for c-out");
        task.abort();

        let (failing, failing_received, _task) = receiver(503).await;
        call(sut.as_ref(), &ClockId::new("c-503"), create(&failing)).await.unwrap();
        call(sut.as_ref(), &ClockId::new("c-503"), start.clone()).await.unwrap();
        assert_eq!(failing_received.lock().unwrap().len(), 1);

        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let closed_url = format!("http://{}", closed.local_addr().unwrap());
        drop(closed);
        call(sut.as_ref(), &ClockId::new("c-closed"), create(&closed_url)).await.unwrap();
        call(sut.as_ref(), &ClockId::new("c-closed"), start.clone()).await.unwrap();

        let bad = call(sut.as_ref(), &ClockId::new("c-bad"), create("ftp://x")).await;
        assert_eq!(bad.unwrap_err().refusal_code(), Some(RefusalCode::InvalidRequest));

        let sim = Sim::on(sut.clone(), out, "c-local").await;
        sim.ok(start).await;
        assert_eq!(sim.sent().len(), 1, "a clock without a URL sends in-process");
    }

    #[tokio::test]
    async fn a_file_store_keeps_an_account_across_a_server_restart() {
        // Checks `idn-sim serve`'s promise: an account acknowledged over HTTP by a server
        // on a file store is there after that server stops and another starts on the file.
        let path: PathBuf = std::env::temp_dir().join(format!(
            "idn-reference-a_file_store_keeps_an_account_across_a_server_restart-{}.sqlite",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        let config = ReferenceConfig { seed: 35, ..ReferenceConfig::default() };
        let p = marie();
        {
            let out = Arc::new(Recorder::default());
            let reference = Arc::new(Reference::open(&path, config.clone(), out.clone()).unwrap());
            let server = Server::start(reference).await;
            let sim = Sim::on(HttpSut::new(&server), out, "c1").await;
            create_account(&sim, &p).await;
        }
        let out = Arc::new(Recorder::default());
        let reference = Arc::new(Reference::open(&path, config, out.clone()).unwrap());
        let server = Server::start(reference).await;
        let sim = Sim { sut: HttpSut::new(&server), out, clock: ClockId::new("c1"), now: t0() };
        let login = WebLogin { email: p.email.clone(), password: p.password.clone() };
        let session = sim.ok(login).await.session;
        assert_eq!(view(&sim, &session).await.state, IdentityState::None);
        drop(server);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn the_committed_openapi_document_is_the_code_s() {
        // Checks that docs/openapi.json is the document the code generates (OpenAPI 3.1,
        // a path per operation); `UPDATE_OPENAPI=1` rewrites it.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
        let generated = server::openapi::document_json();
        if std::env::var_os("UPDATE_OPENAPI").is_some_and(|v| v == "1") {
            std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs")).unwrap();
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/openapi.json differs from the code: run UPDATE_OPENAPI=1 cargo test -p idn-reference"
        );
        let document: Value = serde_json::from_str(&generated).unwrap();
        assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
        assert!(document["paths"]["/v1/ops/AccountStart"]["post"].is_object());
        assert!(document["paths"]["/v1/ops/Authorize"].is_null());
        assert!(document["paths"][http::TOKEN_PATH]["post"].is_object());
    }

    #[test]
    fn the_openapi_document_describes_each_operation_field_by_field() {
        // Checks that the operations' schemas are the contract types' fields (derived from
        // idn-contract's feature `openapi`), not empty named objects, and that every
        // reference of the document resolves.
        let document: Value = serde_json::from_str(&server::openapi::document_json()).unwrap();
        let schemas = &document["components"]["schemas"];
        let body = |path: &str, at: &str| {
            let operation = &document["paths"][path]["post"];
            let schema = if at == "request" {
                &operation["requestBody"]["content"]["application/json"]["schema"]
            } else {
                &operation["responses"][at]["content"]["application/json"]["schema"]
            };
            let name = schema["$ref"].as_str().unwrap().trim_start_matches("#/components/schemas/");
            (name.to_string(), schemas[name].clone())
        };
        let required = |schema: &Value| -> Vec<String> {
            let names = schema["required"].as_array().cloned().unwrap_or_default();
            names.iter().map(|n| n.as_str().unwrap().to_string()).collect()
        };

        let (name, start) = body("/v1/ops/AccountStart", "request");
        assert_eq!(name, "AccountStart");
        assert_eq!(start["properties"]["email"]["type"], "string");
        assert_eq!(required(&start), ["email"]);
        let (name, started) = body("/v1/ops/AccountStart", "200");
        assert_eq!(name, "AccountStarted");
        assert_eq!(started["properties"]["session"]["$ref"], "#/components/schemas/SessionToken");
        assert_eq!(schemas["SessionToken"]["type"], "string");
        assert_eq!(body("/v1/ops/AccountStart", "422").0, "ErrorBody");
        assert_eq!(
            schemas["Refusal"]["properties"]["code"]["$ref"],
            "#/components/schemas/RefusalCode"
        );
        assert_eq!(required(&schemas["Refusal"]), ["code", "message"]);
        assert!(
            schemas["RefusalCode"]["enum"].as_array().unwrap().contains(&json!("pin_too_simple"))
        );

        let (_, choose) = body("/v1/ops/VerificationChoose", "request");
        assert_eq!(choose["properties"]["mode"]["$ref"], "#/components/schemas/VerificationMode");
        let modes = schemas["VerificationMode"]["oneOf"].as_array().unwrap();
        let tags: Vec<&Value> = modes.iter().map(|m| &m["properties"]["mode"]["enum"][0]).collect();
        assert_eq!(tags, [&json!("postman"), &json!("post_office"), &json!("online")]);
        assert!(modes.iter().all(|m| required(m).contains(&"mode".to_string())));
        assert_eq!(modes[0]["properties"]["date"]["format"], "date");
        assert_eq!(modes[0]["properties"]["address"]["$ref"], "#/components/schemas/Address");
        assert_eq!(modes[2]["properties"]["ar24_cgu_accepted"]["type"], "boolean");

        let (name, view) = body("/v1/ops/EspaceClientStatus", "200");
        assert_eq!(name, "EspaceClientView");
        for field in ["state", "stage", "verification", "document_kind", "messages", "actions"] {
            assert!(view["properties"][field].is_object(), "EspaceClientView.{field}");
        }
        assert_eq!(required(&view), ["state", "messages", "actions"]);
        assert_eq!(view["properties"]["messages"]["items"]["type"], "string");
        let stages = schemas["Stage"]["enum"].as_array().unwrap();
        assert_eq!(stages.first(), Some(&json!("document_scan")));

        let (_, submit) = body("/v1/ops/EnrolmentSubmitIdentity", "request");
        assert_eq!(
            submit["properties"]["identity"]["$ref"],
            "#/components/schemas/DeclaredIdentity"
        );
        let identity = &schemas["DeclaredIdentity"];
        assert_eq!(identity["properties"]["birth_date"]["format"], "date");
        assert!(!required(identity).contains(&"usage_name".to_string()));
        assert_eq!(identity["properties"]["usage_name"]["type"], json!(["string", "null"]));
        assert_eq!(
            schemas["DocumentData"]["properties"]["kind"]["$ref"],
            "#/components/schemas/DocumentKind"
        );
        assert_eq!(schemas["TestClockCreate"]["properties"]["now"]["format"], "date-time");
        let (_, set) = body("/v1/ops/TestClockAdvance", "200");
        assert_eq!(set["properties"]["next_timer_at"]["type"], json!(["string", "null"]));
        assert_eq!(body("/v1/ops/AccountConfirmEmail", "200").1["type"], "object");
        let statuses = schemas["AuthorizationStatus"]["oneOf"].as_array().unwrap();
        assert_eq!(statuses[1]["properties"]["status"]["enum"], json!(["approved"]));
        let callback = schemas["Ar24Callback"]["allOf"].as_array().unwrap();
        assert!(callback.contains(&json!({"$ref": "#/components/schemas/Ar24Event"})));
        assert_eq!(
            schemas["Capabilities"]["properties"]["test_features"]["$ref"],
            "#/components/schemas/TestFeatures"
        );
        assert!(schemas["Sms"]["properties"]["to"].is_object());

        // Every operation on /v1/ops has its request and reply as components that are
        // objects (`Ack`'s with no fields) or compositions of them (flatten, tagged enums),
        // and every reference resolves.
        for (name, reply) in Request::NAMES.iter().zip(Request::REPLY_NAMES) {
            if http::is_oidc(name) || matches!(*name, "OidcDiscovery" | "OidcJwks") {
                continue;
            }
            let path = http::op_path(name);
            assert_eq!(body(&path, "request").0, *name);
            assert_eq!(body(&path, "200").0, *reply);
            for schema in [&schemas[*name], &schemas[*reply]] {
                assert!(
                    schema["type"] == "object"
                        || schema["allOf"].is_array()
                        || schema["oneOf"].is_array(),
                    "{name} / {reply}: {schema}"
                );
            }
        }
        fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(target)) = map.get("$ref") {
                        out.push(target);
                    }
                    map.values().for_each(|v| refs(v, out));
                }
                Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let mut targets = Vec::new();
        refs(&document, &mut targets);
        for target in targets {
            let name = target.strip_prefix("#/components/schemas/").expect(target);
            assert!(schemas[name].is_object(), "{target} does not resolve");
        }
    }

    // ---------------------------------------------------------------------------------
    // The reference as a standard OpenID provider, for a stock client and a browser.

    /// A browser: it follows no redirect (the tests read each `Location`).
    fn browser() -> reqwest::Client {
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    const HTML: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /// What a stock client puts in its authorization request for `phone`: no
    /// `service_name`, which is no OpenID Connect parameter.
    fn front_query(phone: &PhoneNumber) -> Vec<(&'static str, String)> {
        vec![
            ("client_id", FRANCECONNECT_CLIENT_ID.into()),
            ("redirect_uri", FRANCECONNECT_REDIRECT_URI.into()),
            ("response_type", "code".into()),
            ("scope", "openid given_name family_name".into()),
            ("acr_values", "eidas2".into()),
            ("login_hint", format!("{} {}", phone.calling_code, phone.national)),
            ("state", "state-1".into()),
            ("nonce", "nonce-1".into()),
            ("code_challenge", pkce_challenge(VERIFIER)),
            ("code_challenge_method", "S256".into()),
        ]
    }

    /// The query of a URL, decoded.
    fn query_of(url: &str) -> std::collections::BTreeMap<String, String> {
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), http::form_urldecode(v).unwrap()))
            .collect()
    }

    /// Where a waiting page's `<meta http-equiv="refresh">` goes.
    fn refresh_target(html: &str) -> String {
        let start = html.find(";url=").expect("a refresh") + ";url=".len();
        let end = start + html[start..].find('"').unwrap();
        html[start..end].replace("&amp;", "&")
    }

    /// A `302`'s `Location`, and the answer's status otherwise.
    fn location(response: &reqwest::Response) -> String {
        assert_eq!(response.status().as_u16(), 302, "{:?}", response.headers());
        response.headers()["location"].to_str().unwrap().to_string()
    }

    fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
        response.headers().get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
    }

    /// `Authorization: Basic` for the test client, id and secret form-encoded first.
    fn basic(id: &str, secret: &str) -> String {
        use base64::Engine;
        let pair = format!("{}:{}", http::form_urlencode(id), http::form_urlencode(secret));
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
    }

    #[tokio::test]
    async fn a_browser_and_a_stock_client_log_in_without_a_clock_header() {
        // Checks the front channel end to end as a stock client and a browser do it,
        // with no Idn-Test-Clock header anywhere (the server's default clock): GET
        // /authorize answers a waiting page (HTML) that refreshes itself to the wait
        // page, which answers itself again while the app has not answered, then 302 to
        // the redirect URI with code, the state unchanged and iss (RFC 9207); the code
        // is exchanged with client_secret_basic, the id_token verifies against discovery
        // (iss is the URL discovery is served from), and userinfo answers by POST.
        let out = Arc::new(Recorder::default());
        let config = ReferenceConfig { seed: 41, ..ReferenceConfig::default() };
        let reference = Arc::new(Reference::in_memory(config, out.clone()).unwrap());
        let options = server::ServerOptions { default_clock: Some(ClockId::new("c1")) };
        let server = Server::start_with(reference, options).await;
        let sim = Sim::on(HttpSut::new(&server), out, "c1").await;
        let p = marie();
        activated_person(&sim, &p).await;
        let browser = browser();

        let page = browser
            .get(server.url(http::AUTHORIZE_PATH))
            .header("accept", HTML)
            .query(&front_query(&p.phone))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status().as_u16(), 200);
        assert!(header(&page, "content-type").starts_with("text/html"));
        assert_eq!(header(&page, "cache-control"), "no-store");
        let html = page.text().await.unwrap();
        assert!(html.contains("Une action est en attente sur votre application"), "{html}");
        assert!(html.contains("Demande de connexion à FranceConnect+."), "{html}");
        let wait = refresh_target(&html);
        let prefix =
            format!("{}{}?idn_test_clock=c1&request=", server.base, server::AUTHORIZE_WAIT_PATH);
        assert!(wait.starts_with(&prefix), "{wait}");
        let request = AuthRequestId::new(&query_of(&wait)["request"]);
        let still = browser.get(&wait).send().await.unwrap();
        assert_eq!(still.status().as_u16(), 200);
        assert_eq!(refresh_target(&still.text().await.unwrap()), wait, "still waiting");

        let approve =
            AppApprove { device_id: p.device.device_id.clone(), request, pin: p.pin.clone() };
        sim.ok(approve).await;
        let back = browser.get(&wait).send().await.unwrap();
        let to = location(&back);
        assert!(to.starts_with(&format!("{FRANCECONNECT_REDIRECT_URI}?code=")), "{to}");
        let answer = query_of(&to);
        assert_eq!(
            (answer["state"].as_str(), answer["iss"].as_str()),
            ("state-1", server.base.as_str())
        );

        let form = [
            ("grant_type", "authorization_code"),
            ("code", answer["code"].as_str()),
            ("redirect_uri", FRANCECONNECT_REDIRECT_URI),
            ("code_verifier", VERIFIER),
        ];
        let secret = basic(FRANCECONNECT_CLIENT_ID, FRANCECONNECT_CLIENT_SECRET);
        let token = reqwest::Client::new()
            .post(server.url(http::TOKEN_PATH))
            .header("authorization", secret)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(token.status().as_u16(), 200);
        let tokens: Value = token.json().await.unwrap();
        let get = |path: &str| reqwest::Client::new().get(server.url(path)).send();
        let discovery: DiscoveryDocument =
            get(http::DISCOVERY_PATH).await.unwrap().json().await.unwrap();
        assert_eq!(discovery.issuer, server.base);
        let jwks: Jwks = get(http::JWKS_PATH).await.unwrap().json().await.unwrap();
        let expected = Expectation {
            issuer: &discovery.issuer,
            audience: FRANCECONNECT_CLIENT_ID,
            nonce: "nonce-1",
            now_unix: sim.now.timestamp(),
            acr_min: Acr::Eidas2,
        };
        let claims =
            verify_id_token(tokens["id_token"].as_str().unwrap(), &jwks, &expected).unwrap();
        let info = reqwest::Client::new()
            .post(server.url(http::USERINFO_PATH))
            .bearer_auth(tokens["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(info.status().as_u16(), 200);
        assert_eq!(info.json::<Value>().await.unwrap()["sub"], json!(claims.identity.sub));
    }

    #[tokio::test]
    async fn the_front_channel_redirects_errors_only_to_a_registered_uri() {
        // Checks RFC 6749 §4.1.2.1 in the front channel: an unknown client or a redirect
        // URI not registered for it gets an error page and never a redirect; with both
        // valid, every other error goes back to the redirect URI with error,
        // error_description (ASCII), the state and iss: invalid_request (no PKCE),
        // unsupported_response_type, access_denied (a number with no usable identity, a
        // refusal in the app, no answer in time), server_error (no test clock). Also POST
        // /authorize (a form), and the number asked for when the client sent no
        // login_hint (the clock carried by the page's form).
        let (server, out) = served(42).await;
        let mut sim = Sim::on(HttpSut::new(&server), out, "c1").await;
        let p = marie();
        activated_person(&sim, &p).await;
        let browser = browser();
        let front = |changes: &[(&'static str, Option<&str>)]| {
            let mut query = front_query(&p.phone);
            query.push((server::CLOCK_PARAM, "c1".into()));
            for (name, value) in changes {
                query.retain(|(n, _)| n != name);
                if let Some(value) = value {
                    query.push((name, value.to_string()));
                }
            }
            browser.get(server.url(http::AUTHORIZE_PATH)).header("accept", HTML).query(&query)
        };

        for changes in [
            [("redirect_uri", Some("https://evil.example/cb"))],
            [("client_id", Some("someone-else"))],
            [("redirect_uri", None)],
        ] {
            let page = front(&changes).send().await.unwrap();
            assert_eq!(page.status().as_u16(), 400, "{changes:?}");
            assert!(page.headers().get("location").is_none(), "{changes:?}");
            assert!(header(&page, "content-type").starts_with("text/html"));
            assert!(page.text().await.unwrap().contains("redirect"), "{changes:?}");
        }
        let redirected = |changes: Vec<(&'static str, Option<&'static str>)>,
                          error: &'static str| {
            let request = front(&changes);
            async move {
                let to = location(&request.send().await.unwrap());
                assert!(
                    to.starts_with(&format!("{FRANCECONNECT_REDIRECT_URI}?error={error}&")),
                    "{to}"
                );
                let answer = query_of(&to);
                let description = &answer["error_description"];
                assert!(!description.is_empty(), "{to}");
                assert!(
                    description.chars().all(|c| (' '..='~').contains(&c) && c != '"' && c != '\\'),
                    "{description}"
                );
                assert_eq!(answer["state"], "state-1");
                answer
            }
        };
        redirected(vec![("code_challenge", None)], "invalid_request").await;
        redirected(vec![("response_type", Some("token"))], "unsupported_response_type").await;
        let unknown =
            redirected(vec![("login_hint", Some("+33 699999999"))], "access_denied").await;
        assert!(unknown["error_description"].contains("Aucune Identite Numerique"), "{unknown:?}");
        let answer = redirected(vec![(server::CLOCK_PARAM, None)], "server_error").await;
        assert!(answer["error_description"].contains("Idn-Test-Clock"), "{answer:?}");

        let ask = front(&[("login_hint", None)]).send().await.unwrap();
        assert_eq!(ask.status().as_u16(), 200);
        let html = ask.text().await.unwrap();
        assert!(
            html.contains(&format!(r#"<form method="post" action="{}/authorize">"#, server.base)),
            "{html}"
        );
        assert!(
            html.contains(r#"<input type="hidden" name="idn_test_clock" value="c1">"#),
            "{html}"
        );
        assert!(html.contains(r#"name="login_hint""#), "{html}");

        let mut form = front_query(&p.phone);
        form.push((server::CLOCK_PARAM, "c1".into()));
        let posted = browser
            .post(server.url(http::AUTHORIZE_PATH))
            .header("accept", HTML)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status().as_u16(), 200);
        let wait = refresh_target(&posted.text().await.unwrap());
        let request = AuthRequestId::new(&query_of(&wait)["request"]);
        sim.ok(AppRefuse { device_id: p.device.device_id.clone(), request }).await;
        let to = location(&browser.get(&wait).send().await.unwrap());
        assert_eq!(query_of(&to)["error"], "access_denied", "{to}");
        assert_eq!(query_of(&to)["state"], "state-1", "{to}");
        assert_eq!(query_of(&to)["iss"], server.base, "{to}");

        let page = front(&[]).send().await.unwrap();
        let wait = refresh_target(&page.text().await.unwrap());
        sim.advance(300).await;
        let to = location(&browser.get(&wait).send().await.unwrap());
        assert_eq!(query_of(&to)["error"], "access_denied", "expired: {to}");
        let unknown =
            browser.get(format!("{}&request=req-nope", wait.split("&request=").next().unwrap()));
        assert_eq!(unknown.send().await.unwrap().status().as_u16(), 404);
    }

    #[tokio::test]
    async fn the_token_endpoint_takes_basic_and_post_and_challenges_a_bad_client() {
        // Checks RFC 6749 §2.3.1 and §5.2 at /token: client_secret_basic and
        // client_secret_post both work; a wrong secret either way, no credentials, or an
        // unreadable Basic header is 401 invalid_client with `WWW-Authenticate: Basic`;
        // both methods at once is 400 invalid_request; every answer is JSON with
        // `Cache-Control: no-store`. And RFC 6749 §4.1.2, RFC 9700 §4.2.4: a code works
        // once, and a second exchange revokes what the first gave (userinfo with the
        // first access token is then 401 invalid_token).
        let (server, out) = served(43).await;
        let sim = Sim::on(HttpSut::new(&server), out, "c1").await;
        let p = marie();
        activated_person(&sim, &p).await;
        let code = login(&sim, &p).await;
        let client = reqwest::Client::new();
        let exchange = |authorization: Option<String>, fields: Vec<(&'static str, String)>| {
            let mut form = vec![
                ("grant_type", "authorization_code".to_string()),
                ("code", code.clone()),
                ("redirect_uri", FRANCECONNECT_REDIRECT_URI.to_string()),
                ("code_verifier", VERIFIER.to_string()),
            ];
            form.extend(fields);
            let mut request =
                client.post(server.url(http::TOKEN_PATH)).header(CLOCK_HEADER, "c1").form(&form);
            if let Some(value) = authorization {
                request = request.header("authorization", value);
            }
            request.send()
        };
        let post = |secret: &str| {
            vec![
                ("client_id", FRANCECONNECT_CLIENT_ID.to_string()),
                ("client_secret", secret.to_string()),
            ]
        };
        let right = basic(FRANCECONNECT_CLIENT_ID, FRANCECONNECT_CLIENT_SECRET);
        let challenged = [
            (Some(basic(FRANCECONNECT_CLIENT_ID, "wrong")), vec![]),
            (None, post("wrong")),
            (None, vec![]),
            (None, vec![("client_id", FRANCECONNECT_CLIENT_ID.to_string())]),
            (Some("Basic !!!".to_string()), vec![]),
            (Some("Bearer abc".to_string()), vec![]),
        ];
        for (authorization, fields) in challenged {
            let what = format!("{authorization:?} {fields:?}");
            let answer = exchange(authorization, fields).await.unwrap();
            assert_eq!(answer.status().as_u16(), 401, "{what}");
            assert_eq!(header(&answer, "www-authenticate"), r#"Basic realm="idn-reference""#);
            assert_eq!(header(&answer, "cache-control"), "no-store", "{what}");
            let body: Value = answer.json().await.unwrap();
            assert_eq!(body["error"], "invalid_client", "{what}");
            assert!(body["error_description"].as_str().is_some_and(|d| !d.is_empty()));
        }
        let both = exchange(Some(right.clone()), post(FRANCECONNECT_CLIENT_SECRET)).await.unwrap();
        assert_eq!(both.status().as_u16(), 400);
        assert_eq!(both.json::<Value>().await.unwrap()["error"], "invalid_request");

        let first = exchange(Some(right.clone()), vec![]).await.unwrap();
        assert_eq!(first.status().as_u16(), 200);
        assert_eq!(header(&first, "cache-control"), "no-store");
        assert_eq!(header(&first, "pragma"), "no-cache");
        let first: Value = first.json().await.unwrap();
        let access_token = first["access_token"].as_str().unwrap().to_string();
        let userinfo = || {
            client
                .get(server.url(http::USERINFO_PATH))
                .header(CLOCK_HEADER, "c1")
                .bearer_auth(&access_token)
                .send()
        };
        assert_eq!(userinfo().await.unwrap().status().as_u16(), 200);
        let again = exchange(None, post(FRANCECONNECT_CLIENT_SECRET)).await.unwrap();
        assert_eq!(again.status().as_u16(), 400);
        assert_eq!(again.json::<Value>().await.unwrap()["error"], "invalid_grant");
        let revoked = userinfo().await.unwrap();
        assert_eq!(revoked.status().as_u16(), 401, "the first exchange's token is revoked");
        assert_eq!(
            header(&revoked, "www-authenticate"),
            r#"Bearer realm="idn-reference", error="invalid_token""#
        );
    }

    #[tokio::test]
    async fn userinfo_answers_get_and_post_and_challenges_without_a_token() {
        // Checks OpenID Connect Core 1.0 §5.3.1 and RFC 6750 at /userinfo: GET and POST
        // with the bearer token in the header, POST with it in the form; the token sent
        // both ways is 400 invalid_request; no token is 401 with
        // `WWW-Authenticate: Bearer realm=…` and no error code (RFC 6750 §3.1); an unknown
        // token is 401 with `error="invalid_token"`; claims are never cached.
        let (server, out) = served(44).await;
        let sim = Sim::on(HttpSut::new(&server), out, "c1").await;
        let p = marie();
        activated_person(&sim, &p).await;
        let tokens = sim.ok(token_request(&login(&sim, &p).await)).await;
        let token = tokens.access_token.as_str();
        let client = reqwest::Client::new();
        let url = server.url(http::USERINFO_PATH);
        let get = client.get(&url).header(CLOCK_HEADER, "c1");
        let post = client.post(&url).header(CLOCK_HEADER, "c1");
        for (how, request) in [
            ("GET", get.try_clone().unwrap().bearer_auth(token)),
            ("POST", post.try_clone().unwrap().bearer_auth(token)),
            ("POST form", post.try_clone().unwrap().form(&[("access_token", token)])),
        ] {
            let answer = request.send().await.unwrap();
            assert_eq!(answer.status().as_u16(), 200, "{how}");
            assert_eq!(header(&answer, "cache-control"), "no-store", "{how}");
            assert_eq!(answer.json::<Value>().await.unwrap()["family_name"], "Durand", "{how}");
        }
        let twice = post.try_clone().unwrap().bearer_auth(token).form(&[("access_token", token)]);
        let twice = twice.send().await.unwrap();
        assert_eq!(twice.status().as_u16(), 400);
        assert_eq!(twice.json::<Value>().await.unwrap()["error"], "invalid_request");
        for (how, request) in
            [("GET", get.try_clone().unwrap()), ("POST", post.try_clone().unwrap())]
        {
            let answer = request.send().await.unwrap();
            assert_eq!(answer.status().as_u16(), 401, "{how}");
            assert_eq!(header(&answer, "www-authenticate"), r#"Bearer realm="idn-reference""#);
        }
        let bad = get.bearer_auth("at-forged").send().await.unwrap();
        assert_eq!(bad.status().as_u16(), 401);
        assert_eq!(
            header(&bad, "www-authenticate"),
            r#"Bearer realm="idn-reference", error="invalid_token""#
        );
        assert_eq!(bad.json::<Value>().await.unwrap()["error"], "invalid_token");
    }

    #[tokio::test]
    async fn the_issuer_is_the_url_discovery_is_served_from() {
        // Checks the issuer (Discovery 1.0 §3, §4.3): without one configured, discovery
        // served over HTTP names the origin it was reached at (a Host that is not a plain
        // host:port falls back to the in-process default) and every endpoint under it,
        // and in-process the default is a `.test` name, never a production-looking URL;
        // a configured issuer is used as is. service_documentation is a page saying the
        // key is derived from a public seed.
        let (server, _out) = served(45).await;
        let client = reqwest::Client::new();
        let discovery: DiscoveryDocument = client
            .get(server.url(http::DISCOVERY_PATH))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(discovery.issuer, server.base);
        for endpoint in [
            &discovery.authorization_endpoint,
            &discovery.token_endpoint,
            &discovery.userinfo_endpoint,
            &discovery.jwks_uri,
        ] {
            assert!(endpoint.starts_with(&format!("{}/", server.base)), "{endpoint}");
        }
        let about = discovery.service_documentation.clone().unwrap();
        assert_eq!(about, format!("{}/about", server.base));
        let page = client.get(&about).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("derived from the server's seed, which is public"), "{page}");
        let spoofed: DiscoveryDocument = client
            .get(server.url(http::DISCOVERY_PATH))
            .header("host", "evil.example/\"x")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(spoofed.issuer, idn_reference::DEFAULT_ISSUER);
        assert_eq!(idn_reference::DEFAULT_ISSUER, "https://idp.test");
        assert_eq!(Sim::new(45).await.ok(OidcDiscovery).await.issuer, "https://idp.test");

        let config = ReferenceConfig {
            seed: 45,
            issuer: Some("https://idp.example.test/idn".into()),
            ..ReferenceConfig::default()
        };
        let reference =
            Arc::new(Reference::in_memory(config, Arc::new(Recorder::default())).unwrap());
        let fixed = Server::start(reference).await;
        let discovery: DiscoveryDocument =
            client.get(fixed.url(http::DISCOVERY_PATH)).send().await.unwrap().json().await.unwrap();
        assert_eq!(discovery.issuer, "https://idp.example.test/idn");
        assert_eq!(discovery.token_endpoint, "https://idp.example.test/idn/token");
    }
}
