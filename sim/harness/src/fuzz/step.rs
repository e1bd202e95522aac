//! The fuzzer's vocabulary: one [`Step`] of a generated journey (a person's action, a
//! world event, time passing or an attacker's move), how it reads in French (the
//! regression features), and how steps are drawn, weighted by where the identity is.

use idn_model::oracle::{LifecycleState, Typing};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Just};
use std::fmt;

/// One of the person's two smartphones: "A" holds the SIM, "B" is a second one (Wi-Fi).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phone {
    A,
    B,
}

/// A smartphone of the person: one in hand (A or B), or the n-th lost one (from 1), which
/// whoever found it may still use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Handset {
    Held(Phone),
    Lost(usize),
}

impl fmt::Display for Handset {
    /// As the features name it: « A », « B », « perdu n° 1 ».
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Handset::Held(phone) => f.write_str(phone_french(*phone)),
            Handset::Lost(n) => write!(f, "perdu n° {n}"),
        }
    }
}

impl Handset {
    /// Reads a handset as [`fmt::Display`] writes it.
    pub fn parse(text: &str) -> Option<Handset> {
        match text {
            "A" => Some(Handset::Held(Phone::A)),
            "B" => Some(Handset::Held(Phone::B)),
            other => other.strip_prefix("perdu n° ")?.parse().ok().map(Handset::Lost),
        }
    }
}

/// The secret code typed when choosing one (ACT-03).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinChoice {
    /// The person's own code.
    Own,
    /// Another acceptable code.
    Other,
    /// `1234`: a sequence.
    Sequence,
    /// `7777`: a repeated digit.
    Repeated,
    /// `12a4`: not 4 digits.
    NotDigits,
}

impl PinChoice {
    pub fn pin(self, own: &str) -> String {
        match self {
            PinChoice::Own => own.to_string(),
            PinChoice::Other => if own == "2580" { "1397" } else { "2580" }.to_string(),
            PinChoice::Sequence => "1234".to_string(),
            PinChoice::Repeated => "7777".to_string(),
            PinChoice::NotDigits => "12a4".to_string(),
        }
    }

    fn french(self) -> &'static str {
        match self {
            PinChoice::Own => "son code secret",
            PinChoice::Other => "un autre code secret",
            PinChoice::Sequence => "le code secret « 1234 »",
            PinChoice::Repeated => "le code secret « 7777 »",
            PinChoice::NotDigits => "le code secret « 12a4 »",
        }
    }
}

/// Why a login's notification does not show on the smartphone (PUSH-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushCause {
    /// The app's notifications are not allowed.
    NotificationsOff,
    /// « Ne pas déranger ».
    DoNotDisturb,
    /// Battery saving keeps the app asleep in the background.
    BatterySaver,
}

impl PushCause {
    const ALL: [PushCause; 3] =
        [PushCause::NotificationsOff, PushCause::DoNotDisturb, PushCause::BatterySaver];

    fn french(self) -> &'static str {
        match self {
            PushCause::NotificationsOff => "notifications désactivées",
            PushCause::DoNotDisturb => "mode « Ne pas déranger »",
            PushCause::BatterySaver => "application en veille par l'économie de batterie",
        }
    }
}

/// The document typed at ÉTAPES 14 and 15.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentChoice {
    /// The person's own document, in force.
    Own,
    /// The same document with a printed expiry date in the past (DOC-01).
    Expired,
}

/// The verification mode chosen (VER-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeChoice {
    PostOffice,
    /// The postman, two days later, at the person's home.
    Postman,
    /// Online, AR24's CGU accepted or not (AR24-01).
    Online {
        cgu: bool,
    },
}

/// What the person shows at the counter of a post office (VER-02, VER-03).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterCode {
    /// The latest activation code received by SMS.
    Latest,
    /// Another code: a guess, or an old one.
    Wrong,
}

/// How long time passes: across each deadline of the documents and the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wait {
    /// 2 minutes.
    Minutes2,
    /// 11 minutes: past the SMS code's 10 (ACC-08).
    Minutes11,
    /// 61 minutes: past FRAUD-03's hour.
    Hour1,
    /// 2 days: AR24's review (AR24-07), the postman's date.
    Days2,
    /// 16 days: past the LRE's 15 (AR24-04, VER-08).
    Days16,
    /// 31 days: past the activation code's 30 (VER-02).
    Days31,
    /// 5 years and a day: past the identity's validity (ACT-06).
    Years5,
}

impl Wait {
    pub fn delta(self) -> chrono::TimeDelta {
        use chrono::TimeDelta as D;
        match self {
            Wait::Minutes2 => D::minutes(2),
            Wait::Minutes11 => D::minutes(11),
            Wait::Hour1 => D::minutes(61),
            Wait::Days2 => D::days(2),
            Wait::Days16 => D::days(16),
            Wait::Days31 => D::days(31),
            Wait::Years5 => D::days(5 * 365 + 2),
        }
    }

    fn french(self) -> &'static str {
        match self {
            Wait::Minutes2 => "2 minutes",
            Wait::Minutes11 => "11 minutes",
            Wait::Hour1 => "61 minutes",
            Wait::Days2 => "2 jours",
            Wait::Days16 => "16 jours",
            Wait::Days31 => "31 jours",
            Wait::Years5 => "1827 jours",
        }
    }

    const ALL: [Wait; 7] = [
        Wait::Minutes2,
        Wait::Minutes11,
        Wait::Hour1,
        Wait::Days2,
        Wait::Days16,
        Wait::Days31,
        Wait::Years5,
    ];
}

/// One step of a generated journey, after the fixed prefix (an account with its e-mail and
/// mobile confirmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// ÉTAPES 14 and 15 (ELIG-01, ELIG-02, DOC-01..03).
    Submit(DocumentChoice),
    /// ÉTAPE 16: "VALIDER".
    Confirm,
    /// ÉTAPE 17 or "changer le mode de vérification".
    Choose(ModeChoice),
    /// The person goes to a participating post office with the document and a code.
    Counter(CounterCode),
    /// The person opens AR24's letter and does the visual identification (AR24-05); the
    /// review's result comes 24 to 48 hours later.
    Ar24Identify,
    /// The postman will not come to the booked visit (VER-07).
    PostmanNoShow,
    /// Time passes; the world's actors do what falls due.
    Wait(Wait),
    /// The person loses smartphone `phone` and replaces it with a new one (with the SIM
    /// if the lost one held it: a new card with the same number). The lost one's app
    /// keeps working for whoever finds it until another smartphone is activated (MGT-08)
    /// or the identity is blocked (MGT-05).
    LosePhone {
        phone: Phone,
    },
    /// The app's activation on `phone` (ACT-01..03, MGT-07, MGT-08).
    Activate {
        phone: Phone,
        sms: Typing,
        suffix_ok: bool,
        pin: PinChoice,
    },
    /// "Modifier votre code secret" in the app on `phone` (MGT-04).
    ChangePin {
        phone: Phone,
        pin: PinChoice,
    },
    /// A login to Mon Compte Formation, approved in the app on `phone` with the right
    /// secret code or a guess (AUTH-01, AUTH-05).
    Login {
        phone: Phone,
        pin_ok: bool,
    },
    /// A login to Mon Compte Formation whose notification does not show on `phone`
    /// (PUSH-01): the person opens the app by hand, finds the pending request (AUTH-04,
    /// PUSH-02) and approves it with the secret code.
    LoginUnnotified {
        phone: Phone,
        cause: PushCause,
    },
    /// A login request refused in the app ("Je refuse", AUTH-03).
    RefuseLogin {
        phone: Phone,
    },
    /// A login to Mon Compte Formation started and left waiting (its own nonce and state):
    /// several may be in flight, the holder's and a fraudster's (AUTH-01, FRAUD-03).
    StartLogin,
    /// The app on `handset` answers one of the login requests made so far, `back` from
    /// the latest (0: the latest): approved with the right or a wrong secret code
    /// (`Some(pin_ok)`), or refused (`None`); an approval completes the login at the
    /// service, id_token and userinfo checked (AUTH-01, AUTH-03, AUTH-06, SEC-40, SEC-41).
    AnswerLogin {
        back: u8,
        handset: Handset,
        approve: Option<bool>,
    },
    /// A fraudster who knows the number starts `count` login requests (FRAUD-03).
    Flood {
        count: u8,
    },
    /// Someone holding smartphone A guesses the secret code `count` times in a row
    /// (AUTH-05).
    GuessPin {
        count: u8,
    },
    /// A fraudster replays the approval of the last approved login (AUTH-01).
    ReplayApproval,
    /// A fraudster who knows the e-mail, the password and the document number activates
    /// their own smartphone with « Nouveau numéro » and their own number: they read the
    /// SMS code and type the last 4 characters, but not the code e-mailed to the holder
    /// (FRAUD-02), which they guess.
    NewNumberAttack,
    /// Blocking from the Espace Client (MGT-05) with the right document suffix or not.
    Block {
        suffix_ok: bool,
    },
    Unblock {
        suffix_ok: bool,
    },
    /// Deleting from the app or the Espace Client (MGT-06).
    Delete {
        via_app: bool,
        confirmed: bool,
        suffix_ok: bool,
    },
}

fn phone_french(phone: Phone) -> &'static str {
    match phone {
        Phone::A => "A",
        Phone::B => "B",
    }
}

fn ok_french(ok: bool) -> &'static str {
    if ok { "les bons 4 derniers caractères" } else { "de faux 4 derniers caractères" }
}

impl fmt::Display for Step {
    /// The step as the regression feature says it, after « Camille ».
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Step::Submit(DocumentChoice::Own) => write!(f, "saisit sa pièce d'identité"),
            Step::Submit(DocumentChoice::Expired) => {
                write!(f, "saisit sa pièce d'identité avec une date d'expiration passée")
            }
            Step::Confirm => write!(f, "valide les informations"),
            Step::Choose(ModeChoice::PostOffice) => write!(f, "choisit le bureau de poste"),
            Step::Choose(ModeChoice::Postman) => write!(f, "choisit le facteur"),
            Step::Choose(ModeChoice::Online { cgu: true }) => {
                write!(f, "choisit la vérification en ligne")
            }
            Step::Choose(ModeChoice::Online { cgu: false }) => {
                write!(f, "choisit la vérification en ligne sans accepter les CGU d'AR24")
            }
            Step::Counter(CounterCode::Latest) => {
                write!(f, "se présente au guichet avec son dernier code d'activation")
            }
            Step::Counter(CounterCode::Wrong) => {
                write!(f, "se présente au guichet avec un mauvais code d'activation")
            }
            Step::Ar24Identify => write!(f, "s'identifie sur le courrier AR24"),
            Step::PostmanNoShow => write!(f, "attend un facteur qui ne viendra pas"),
            Step::Wait(wait) => write!(f, "attend {}", wait.french()),
            Step::LosePhone { phone } => write!(
                f,
                "perd son smartphone {} et le remplace par un nouveau",
                phone_french(phone)
            ),
            Step::Activate { phone, sms, suffix_ok, pin } => {
                let sms = match sms {
                    Typing::OnTime => "le code reçu par SMS",
                    Typing::Wrong => "un mauvais code SMS",
                    Typing::Late => "le code reçu par SMS après son expiration",
                    Typing::Reused => "le code SMS déjà utilisé de son activation précédente",
                };
                write!(
                    f,
                    "active l'application sur le smartphone {} avec {sms}, {} et {}",
                    phone_french(phone),
                    ok_french(suffix_ok),
                    pin.french()
                )
            }
            Step::ChangePin { phone, pin } => {
                write!(
                    f,
                    "change de code secret sur le smartphone {} pour {}",
                    phone_french(phone),
                    pin.french()
                )
            }
            Step::Login { phone, pin_ok } => write!(
                f,
                "se connecte à Mon Compte Formation et valide sur le smartphone {} avec {}",
                phone_french(phone),
                if pin_ok { "son code secret" } else { "un mauvais code secret" }
            ),
            Step::LoginUnnotified { phone, cause } => write!(
                f,
                "ne voit pas la notification d'une connexion à Mon Compte Formation ({}), ouvre l'application du smartphone {} et valide avec son code secret",
                cause.french(),
                phone_french(phone)
            ),
            Step::RefuseLogin { phone } => write!(
                f,
                "refuse une demande de connexion sur le smartphone {}",
                phone_french(phone)
            ),
            Step::Flood { count } => {
                write!(f, "subit {count} demandes de connexion d'un fraudeur")
            }
            Step::StartLogin => {
                write!(f, "commence une connexion à Mon Compte Formation et la laisse en attente")
            }
            Step::AnswerLogin { back, handset, approve } => {
                let which = match back {
                    0 => "la dernière demande de connexion".to_string(),
                    1 => "l'avant-dernière demande de connexion".to_string(),
                    n => format!("la demande de connexion n° {} en partant de la fin", n + 1),
                };
                match approve {
                    Some(pin_ok) => write!(
                        f,
                        "valide {which} sur le smartphone {handset} avec {}",
                        if pin_ok { "son code secret" } else { "un mauvais code secret" }
                    ),
                    None => write!(f, "refuse {which} sur le smartphone {handset}"),
                }
            }
            Step::ReplayApproval => {
                write!(f, "voit un fraudeur rejouer sa dernière validation")
            }
            Step::NewNumberAttack => write!(
                f,
                "voit un fraudeur qui connaît son e-mail, son mot de passe et les 4 derniers caractères de sa pièce d'identité tenter « Nouveau numéro » avec son propre smartphone"
            ),
            Step::GuessPin { count } => {
                write!(f, "voit quelqu'un deviner {count} fois son code secret sur le smartphone A")
            }
            Step::Block { suffix_ok } => {
                write!(f, "bloque son identité avec {}", ok_french(suffix_ok))
            }
            Step::Unblock { suffix_ok } => {
                write!(f, "débloque son identité avec {}", ok_french(suffix_ok))
            }
            Step::Delete { via_app, confirmed, suffix_ok } => write!(
                f,
                "supprime son identité depuis {}, {}, avec {}",
                if via_app { "l'application" } else { "l'Espace Client" },
                if confirmed { "case cochée" } else { "case non cochée" },
                ok_french(suffix_ok)
            ),
        }
    }
}

impl Step {
    /// Every step a feature may name, for parsing: the French text is the key.
    pub fn parse(text: &str) -> Option<Step> {
        all_steps().into_iter().find(|step| step.to_string() == text)
    }

    /// The requirements a wrong answer to this step breaks, most specific first.
    pub fn requirements(&self) -> &'static [&'static str] {
        match self {
            Step::Submit(_) => &["DOC-01", "ELIG-02"],
            Step::Confirm => &["DOC-05"],
            Step::Choose(ModeChoice::Online { .. }) => &["VER-08", "AR24-01"],
            Step::Choose(_) => &["VER-08", "VER-01"],
            Step::Counter(_) => &["VER-02", "VER-03"],
            Step::Ar24Identify => &["AR24-04", "VER-08"],
            Step::PostmanNoShow => &["VER-07"],
            Step::Wait(_) => &["AR24-04", "VER-03"],
            Step::LosePhone { .. } => &["MGT-08", "MGT-05"],
            Step::Activate { .. } => &["ACT-03", "MGT-08"],
            Step::ChangePin { .. } => &["MGT-04", "ACT-03"],
            Step::Login { .. } => &["AUTH-08", "AUTH-05"],
            Step::LoginUnnotified { .. } => &["AUTH-04", "PUSH-02", "AUTH-08"],
            Step::RefuseLogin { .. } => &["AUTH-03"],
            Step::Flood { .. } => &["FRAUD-03"],
            Step::StartLogin => &["AUTH-01", "FRAUD-03"],
            Step::AnswerLogin { .. } => &["SEC-40", "SEC-41", "AUTH-06", "AUTH-01"],
            Step::ReplayApproval => &["AUTH-01"],
            Step::NewNumberAttack => &["FRAUD-02", "MGT-08", "MGT-07"],
            Step::GuessPin { .. } => &["AUTH-05"],
            Step::Block { .. } | Step::Unblock { .. } => &["MGT-05"],
            Step::Delete { .. } => &["MGT-06"],
        }
    }
}

/// Every distinct step (the flood with each count the generator draws).
fn all_steps() -> Vec<Step> {
    let mut steps = vec![
        Step::Submit(DocumentChoice::Own),
        Step::Submit(DocumentChoice::Expired),
        Step::Confirm,
        Step::Choose(ModeChoice::PostOffice),
        Step::Choose(ModeChoice::Postman),
        Step::Choose(ModeChoice::Online { cgu: true }),
        Step::Choose(ModeChoice::Online { cgu: false }),
        Step::Counter(CounterCode::Latest),
        Step::Counter(CounterCode::Wrong),
        Step::Ar24Identify,
        Step::PostmanNoShow,
        Step::ReplayApproval,
        Step::NewNumberAttack,
    ];
    steps.extend(Wait::ALL.map(Step::Wait));
    let pins = [
        PinChoice::Own,
        PinChoice::Other,
        PinChoice::Sequence,
        PinChoice::Repeated,
        PinChoice::NotDigits,
    ];
    for phone in [Phone::A, Phone::B] {
        for sms in [Typing::OnTime, Typing::Wrong, Typing::Late, Typing::Reused] {
            for suffix_ok in [true, false] {
                for pin in pins {
                    steps.push(Step::Activate { phone, sms, suffix_ok, pin });
                }
            }
        }
        for pin in pins {
            steps.push(Step::ChangePin { phone, pin });
        }
        for pin_ok in [true, false] {
            steps.push(Step::Login { phone, pin_ok });
        }
        steps.push(Step::RefuseLogin { phone });
        steps.push(Step::LosePhone { phone });
        for cause in PushCause::ALL {
            steps.push(Step::LoginUnnotified { phone, cause });
        }
    }
    for count in 1..=FLOOD_MAX {
        steps.push(Step::Flood { count });
    }
    steps.push(Step::StartLogin);
    for back in 0..=ANSWER_BACK_MAX {
        for handset in ANSWERING {
            for approve in [Some(true), Some(false), None] {
                steps.push(Step::AnswerLogin { back, handset, approve });
            }
        }
    }
    for count in 1..=GUESS_MAX {
        steps.push(Step::GuessPin { count });
    }
    for suffix_ok in [true, false] {
        steps.push(Step::Block { suffix_ok });
        steps.push(Step::Unblock { suffix_ok });
        for via_app in [true, false] {
            for confirmed in [true, false] {
                steps.push(Step::Delete { via_app, confirmed, suffix_ok });
            }
        }
    }
    steps
}

/// The most login requests one flood step makes.
pub const FLOOD_MAX: u8 = 12;
/// The most guesses of one step.
pub const GUESS_MAX: u8 = 6;
/// How far back from the latest login request an answer may go.
pub const ANSWER_BACK_MAX: u8 = 2;
/// The smartphones that answer a login request: those in hand, and the first lost one
/// (whoever found it).
const ANSWERING: [Handset; 3] =
    [Handset::Held(Phone::A), Handset::Held(Phone::B), Handset::Lost(1)];

// ---- Generation -----------------------------------------------------------------------

fn phone() -> BoxedStrategy<Phone> {
    prop_oneof![4 => Just(Phone::A), 1 => Just(Phone::B)].boxed()
}

fn pin() -> BoxedStrategy<PinChoice> {
    prop_oneof![
        6 => Just(PinChoice::Own),
        1 => Just(PinChoice::Other),
        1 => Just(PinChoice::Sequence),
        1 => Just(PinChoice::Repeated),
        1 => Just(PinChoice::NotDigits),
    ]
    .boxed()
}

fn typing() -> BoxedStrategy<Typing> {
    prop_oneof![
        8 => Just(Typing::OnTime),
        1 => Just(Typing::Wrong),
        1 => Just(Typing::Late),
        1 => Just(Typing::Reused),
    ]
    .boxed()
}

fn wait() -> BoxedStrategy<Wait> {
    prop_oneof![
        2 => Just(Wait::Minutes2),
        2 => Just(Wait::Minutes11),
        2 => Just(Wait::Hour1),
        3 => Just(Wait::Days2),
        2 => Just(Wait::Days16),
        1 => Just(Wait::Days31),
        1 => Just(Wait::Years5),
    ]
    .boxed()
}

fn login_unnotified() -> BoxedStrategy<Step> {
    let cause = prop_oneof![
        Just(PushCause::NotificationsOff),
        Just(PushCause::DoNotDisturb),
        Just(PushCause::BatterySaver),
    ];
    (phone(), cause).prop_map(|(phone, cause)| Step::LoginUnnotified { phone, cause }).boxed()
}

fn activate() -> BoxedStrategy<Step> {
    (phone(), typing(), prop::bool::weighted(0.9), pin())
        .prop_map(|(phone, sms, suffix_ok, pin)| Step::Activate { phone, sms, suffix_ok, pin })
        .boxed()
}

/// An answer to one of the last login requests, mostly the latest, mostly on A, mostly
/// approved.
fn answer_login() -> BoxedStrategy<Step> {
    let back = prop_oneof![4 => Just(0u8), 2 => Just(1u8), 1 => Just(ANSWER_BACK_MAX)];
    let handset = prop_oneof![
        6 => Just(ANSWERING[0]),
        1 => Just(ANSWERING[1]),
        1 => Just(ANSWERING[2]),
    ];
    let approve = prop_oneof![6 => Just(Some(true)), 1 => Just(Some(false)), 2 => Just(None)];
    (back, handset, approve)
        .prop_map(|(back, handset, approve)| Step::AnswerLogin { back, handset, approve })
        .boxed()
}

fn login() -> BoxedStrategy<Step> {
    (phone(), prop::bool::weighted(0.7))
        .prop_map(|(phone, pin_ok)| Step::Login { phone, pin_ok })
        .boxed()
}

/// Any step at all, out of order ones included, so that refusals are tested too.
fn any_step() -> BoxedStrategy<Step> {
    prop_oneof![
        Just(Step::Submit(DocumentChoice::Own)),
        Just(Step::Submit(DocumentChoice::Expired)),
        Just(Step::Confirm),
        Just(Step::Choose(ModeChoice::PostOffice)),
        Just(Step::Choose(ModeChoice::Postman)),
        Just(Step::Choose(ModeChoice::Online { cgu: true })),
        Just(Step::Choose(ModeChoice::Online { cgu: false })),
        Just(Step::Counter(CounterCode::Latest)),
        Just(Step::Counter(CounterCode::Wrong)),
        Just(Step::Ar24Identify),
        Just(Step::PostmanNoShow),
        Just(Step::ReplayApproval),
        Just(Step::NewNumberAttack),
        wait().prop_map(Step::Wait),
        activate(),
        (phone(), pin()).prop_map(|(phone, pin)| Step::ChangePin { phone, pin }),
        login(),
        phone().prop_map(|phone| Step::RefuseLogin { phone }),
        phone().prop_map(|phone| Step::LosePhone { phone }),
        login_unnotified(),
        (1..=FLOOD_MAX).prop_map(|count| Step::Flood { count }),
        Just(Step::StartLogin),
        answer_login(),
        (1..=GUESS_MAX).prop_map(|count| Step::GuessPin { count }),
        any::<bool>().prop_map(|suffix_ok| Step::Block { suffix_ok }),
        any::<bool>().prop_map(|suffix_ok| Step::Unblock { suffix_ok }),
        (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(via_app, confirmed, suffix_ok)| { Step::Delete { via_app, confirmed, suffix_ok } }
        ),
    ]
    .boxed()
}

/// The verification modes the implementation claims (its capability document): the only
/// ones the fuzzer draws, so that an implementation with one mode is fuzzed on that mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modes {
    pub postman: bool,
    pub post_office: bool,
    pub online: bool,
}

impl Modes {
    /// Every mode of VER-01.
    pub const ALL: Modes = Modes { postman: true, post_office: true, online: true };

    /// The modes `capabilities` claims.
    pub fn claimed(capabilities: &idn_contract::capabilities::Capabilities) -> Modes {
        use idn_contract::capabilities::ModeKind;
        Modes {
            postman: capabilities.has_mode(ModeKind::Postman),
            post_office: capabilities.has_mode(ModeKind::PostOffice),
            online: capabilities.has_mode(ModeKind::Online),
        }
    }

    /// Whether `step` stays within these modes (most steps need none).
    pub fn allow(self, step: &Step) -> bool {
        match step {
            Step::Choose(ModeChoice::PostOffice) | Step::Counter(_) => self.post_office,
            Step::Choose(ModeChoice::Postman) | Step::PostmanNoShow => self.postman,
            Step::Choose(ModeChoice::Online { .. }) | Step::Ar24Identify => self.online,
            _ => true,
        }
    }
}

/// One weighted choice of a draw: a fixed step, or a strategy whose steps need no mode.
enum Choice {
    Step(u32, Step),
    Any(u32, BoxedStrategy<Step>),
}

/// The weighted union of the `choices` that `modes` allows (`fallback` if none is).
fn union(
    modes: Modes,
    choices: Vec<Choice>,
    fallback: fn() -> BoxedStrategy<Step>,
) -> BoxedStrategy<Step> {
    let allowed: Vec<(u32, BoxedStrategy<Step>)> = choices
        .into_iter()
        .filter_map(|choice| match choice {
            Choice::Step(weight, step) => modes.allow(&step).then(|| (weight, Just(step).boxed())),
            Choice::Any(weight, strategy) => Some((weight, strategy)),
        })
        .collect();
    if allowed.is_empty() {
        return fallback();
    }
    proptest::strategy::Union::new_weighted(allowed).boxed()
}

fn waits() -> BoxedStrategy<Step> {
    wait().prop_map(Step::Wait).boxed()
}

/// The steps that move a journey on from `state`, weighted towards the sensible ones;
/// one draw in five is any step at all. After a lost smartphone (`phone_lost`, until the
/// next activation), blocking and activating the new one come first, as
/// telephone-perdu.feature does. Only the `modes` the implementation claims are drawn.
pub fn transitions(state: &LifecycleState, phone_lost: bool, modes: Modes) -> BoxedStrategy<Step> {
    use Choice::{Any, Step as One};
    let sensible: BoxedStrategy<Step> = match state.unblocked() {
        LifecycleState::NoIdentity | LifecycleState::Deleted => prop_oneof![
            9 => Just(Step::Submit(DocumentChoice::Own)),
            1 => Just(Step::Submit(DocumentChoice::Expired)),
        ]
        .boxed(),
        LifecycleState::Submitted { .. } => Just(Step::Confirm).boxed(),
        LifecycleState::Confirmed { .. } => union(
            modes,
            vec![
                One(4, Step::Choose(ModeChoice::PostOffice)),
                One(2, Step::Choose(ModeChoice::Postman)),
                One(3, Step::Choose(ModeChoice::Online { cgu: true })),
                One(1, Step::Choose(ModeChoice::Online { cgu: false })),
            ],
            waits,
        ),
        LifecycleState::AwaitingVerification(v) => match v.mode {
            idn_model::oracle::Mode::Online { .. } => union(
                modes,
                vec![
                    One(3, Step::Ar24Identify),
                    Any(3, waits()),
                    One(1, Step::Choose(ModeChoice::PostOffice)),
                ],
                waits,
            ),
            idn_model::oracle::Mode::Postman { .. } => union(
                modes,
                vec![
                    One(3, Step::Wait(Wait::Days2)),
                    One(1, Step::PostmanNoShow),
                    One(1, Step::Counter(CounterCode::Latest)),
                    One(1, Step::Choose(ModeChoice::PostOffice)),
                ],
                waits,
            ),
            idn_model::oracle::Mode::PostOffice => union(
                modes,
                vec![
                    One(6, Step::Counter(CounterCode::Latest)),
                    One(1, Step::Counter(CounterCode::Wrong)),
                    Any(1, waits()),
                ],
                waits,
            ),
        },
        LifecycleState::Verified { .. } => prop_oneof![
            6 => activate(),
            1 => any::<bool>().prop_map(|suffix_ok| Step::Block { suffix_ok }),
            1 => Just(Step::NewNumberAttack),
        ]
        .boxed(),
        LifecycleState::Active { .. } => prop_oneof![
            6 => login(),
            3 => Just(Step::StartLogin),
            4 => answer_login(),
            1 => login_unnotified(),
            1 => phone().prop_map(|phone| Step::RefuseLogin { phone }),
            1 => (phone(), pin()).prop_map(|(phone, pin)| Step::ChangePin { phone, pin }),
            2 => activate(),
            2 => any::<bool>().prop_map(|suffix_ok| Step::Block { suffix_ok }),
            1 => (8..=FLOOD_MAX).prop_map(|count| Step::Flood { count }),
            1 => Just(Step::ReplayApproval),
            1 => Just(Step::NewNumberAttack),
            1 => (4..=GUESS_MAX).prop_map(|count| Step::GuessPin { count }),
            2 => waits(),
            1 => Just(Step::Delete { via_app: true, confirmed: true, suffix_ok: true }),
            1 => phone().prop_map(|phone| Step::LosePhone { phone }),
        ]
        .boxed(),
        LifecycleState::Blocked { .. } | LifecycleState::Expired => login(),
    };
    let sensible = match state {
        LifecycleState::Blocked { .. } => prop_oneof![
            3 => any::<bool>().prop_map(|suffix_ok| Step::Unblock { suffix_ok }),
            3 => login(),
            2 => activate(),
            1 => sensible,
        ]
        .boxed(),
        LifecycleState::Expired => prop_oneof![
            1 => (any::<bool>(), any::<bool>()).prop_map(|(via_app, suffix_ok)| {
                Step::Delete { via_app, confirmed: true, suffix_ok }
            }),
            1 => login(),
        ]
        .boxed(),
        _ => sensible,
    };
    let sensible = match (phone_lost, state.unblocked()) {
        (true, LifecycleState::Active { .. }) => prop_oneof![
            3 => Just(Step::Block { suffix_ok: true }),
            3 => activate(),
            2 => sensible,
        ]
        .boxed(),
        _ => sensible,
    };
    // Any step: one of a mode not claimed is dropped by the campaign's preconditions
    // (`Model::strategy`) and drawn again.
    prop_oneof![4 => sensible, 1 => any_step()].boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that every step's French text is unique and parses back to the same step.
    #[test]
    fn french_round_trip() {
        let steps = all_steps();
        for step in &steps {
            assert_eq!(Step::parse(&step.to_string()), Some(*step), "{step}");
        }
        let texts: std::collections::BTreeSet<String> =
            steps.iter().map(ToString::to_string).collect();
        assert_eq!(texts.len(), steps.len());
    }
}
