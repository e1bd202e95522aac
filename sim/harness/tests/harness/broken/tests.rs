//! Each broken implementation is caught by the existing scenarios of the rule it breaks:
//! the same selection passes against the reference and fails against the broken target.

use super::{Broken, all, reference, root, security};
use cucumber::gherkin::tagexpr::TagOperation;
use idn_harness::suite::Suite;
use idn_harness::target::Target;
use idn_report::Outcome;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Where a run writes its reports, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("idn-broken-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temp dir");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What cucumber writes, kept to explain a failed assertion.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The scenarios of `features/` selected by a tag expression and a part of their name.
async fn run(target: Target, tags: &str, scenario: Option<&str>, dir: &str) -> (Outcome, String) {
    run_in(root().join("features"), target, tags, scenario, dir).await
}

/// The scenarios of a folder selected by a tag expression and a part of their name.
async fn run_in(
    features: PathBuf,
    target: Target,
    tags: &str,
    scenario: Option<&str>,
    dir: &str,
) -> (Outcome, String) {
    let dir = TempDir::new(dir);
    let suite = Suite {
        features,
        reports: dir.0.join("reports"),
        root: root(),
        target,
        tags: Some(tags.parse::<TagOperation>().expect("a tag expression")),
        scenario: scenario.map(str::to_string),
        seed: 1,
    };
    let out = Captured::default();
    let outcome = suite.run(out.clone(), false).await.expect("the reports are writable");
    (outcome, out.text())
}

/// `file:line name` of each scenario that failed.
fn failed(outcome: &Outcome) -> Vec<String> {
    outcome
        .scenarios
        .iter()
        .filter(|s| s.failure.is_some())
        .map(|s| {
            let observed = s.failure.as_ref().map(|f| f.observed.as_str()).unwrap_or_default();
            let why = observed.lines().next().unwrap_or_default();
            format!("{}:{} {} => {why}", s.feature, s.line, s.name)
        })
        .collect()
}

/// Checks that the selection passes against the reference and fails against the broken
/// implementation named `name`, with a failure in each scenario named in `caught`
/// (`file:line`).
async fn caught_by(name: &str, tags: &str, scenario: Option<&str>, caught: &[&str]) {
    let everyone = all().into_iter().chain(security());
    let broken: Broken = everyone.into_iter().find(|b| b.name == name).expect("a broken target");
    let slug: String = name.chars().filter(char::is_ascii_alphanumeric).take(24).collect();
    let (good, text) = run(reference(), tags, scenario, &format!("{slug}-ref")).await;
    assert!(!good.scenarios.is_empty(), "{tags} selects no scenario");
    assert!(good.passed, "the reference fails {tags}: {:?}\n{text}", failed(&good));
    let (bad, text) = run(broken.target, tags, scenario, &slug).await;
    assert_eq!(bad.scenarios.len(), good.scenarios.len(), "{text}");
    assert!(!bad.passed, "{name}: no scenario of {tags} caught it\n{text}");
    let failures = failed(&bad);
    for place in caught {
        assert!(
            failures.iter().any(|f| f.starts_with(&format!("{place} "))),
            "{name}: {place} did not catch it; failed: {failures:?}\n{text}"
        );
    }
    println!(
        "{name} ({:?}): {} of {} failed: {failures:#?}",
        broken.requirements,
        failures.len(),
        bad.scenarios.len()
    );
}

// Checks that accepting 1234 is caught by ACT-03's scenarios.
#[tokio::test]
async fn pin_1234_is_caught() {
    caught_by(
        "accepts 1234 as a secret code",
        "@ACT-03",
        None,
        &["features/activation.feature:51", "features/activation.feature:86"],
    )
    .await;
}

// Checks that an old smartphone still working is caught by MGT-08's scenarios.
#[tokio::test]
async fn old_phone_is_caught() {
    caught_by(
        "keeps the old smartphone active after a new activation",
        "@MGT-08 and @MGT-07",
        None,
        &["features/gestion.feature:158", "features/telephone-perdu.feature:19"],
    )
    .await;
}

// Checks that a blocked identity logging in is caught by MGT-05's scenarios.
#[tokio::test]
async fn blocked_login_is_caught() {
    caught_by(
        "lets a blocked identity log in",
        "@MGT-05",
        None,
        &["features/telephone-perdu.feature:19", "features/telephone-perdu.feature:65"],
    )
    .await;
}

// Checks that a letter that never expires is caught by AR24-04's scenarios.
#[tokio::test]
async fn ar24_expiry_is_caught() {
    caught_by(
        "lets the AR24 letter be used after its 15 days",
        "@AR24-04",
        None,
        &["features/verification-en-ligne-ar24.feature:68"],
    )
    .await;
}

// Checks that an SMS code that never expires is caught by ACC-08's scenarios.
#[tokio::test]
async fn sms_no_expiry_is_caught() {
    caught_by("does not expire an SMS code", "@ACC-08 and @ACC-04", None, &[]).await;
}

// Checks that login requests without a rate limit are caught by FRAUD-03's scenarios.
#[tokio::test]
async fn no_rate_limit_is_caught() {
    caught_by(
        "does not rate-limit login requests (policy: a million an hour)",
        "@FRAUD-03",
        None,
        &[],
    )
    .await;
}

// Checks that a secret code that never locks is caught by AUTH-05's scenarios.
#[tokio::test]
async fn pin_never_locks_is_caught() {
    caught_by("never locks the secret code (policy: a million attempts)", "@AUTH-05", None, &[])
        .await;
}

/// The app's challenge SMS code (no scenario of `features/` lets it expire: the step that
/// reads it waits for a new SMS): a person with a verified identity taps « Commencer »,
/// lets 11 minutes pass, then types the code. Returns the SUT's answer.
async fn app_code_after_11_minutes(
    make: fn(u64, Arc<dyn idn_contract::Outbound>) -> Arc<dyn idn_contract::IdentityProvider>,
) -> Result<idn_contract::Ack, idn_contract::CallError> {
    use idn_contract::activation::{AppConfirmSms, AppPurpose, AppStart};
    use idn_harness::flows::{account, enrolment, verification};
    use idn_world::{PersonSpec, World, WorldConfig, phone_actor};
    let seed = 7;
    let world = World::start(WorldConfig::new(seed), move |out| make(seed, out)).await;
    let mut j = idn_harness::Journey::new(world.expect("the world starts"));
    let person = j.world.add_person("camille", PersonSpec::default());
    let session = account::create(&mut j, person).await.expect("an account");
    enrolment::enrol(&mut j, person, &session).await.expect("an identity");
    verification::post_office(&mut j, person, &session, verification::LOUVRE)
        .await
        .expect("verified at the post office");
    let p = j.world.person(person).clone();
    let device = j.world.device_info(&p.device);
    let start = AppStart {
        device,
        email: p.email.clone(),
        password: p.password.clone(),
        purpose: AppPurpose::Activate,
    };
    let me = phone_actor(&p.device);
    let challenge = j.call(&me, start).await.expect("a challenge").challenge;
    j.world.run_for(chrono::TimeDelta::minutes(11)).await.expect("time passes");
    let sms = j.world.received_sms(&p.phone_number);
    let text = sms.last().map(|s| s.text.clone()).unwrap_or_default();
    let code = idn_contract::outbound::reading::read_code(&text).expect("a code in the SMS");
    j.world.call(&me, AppConfirmSms { challenge, code }).await
}

// Checks that the app's challenge SMS code expires in the reference and not in the broken
// implementation.
#[tokio::test]
async fn sms_no_expiry_covers_the_app_challenge() {
    let reference = app_code_after_11_minutes(|seed, out| idn_reference::embedded(seed)(out));
    let code = reference.await.err().and_then(|e| e.refusal_code());
    assert_eq!(code, Some(idn_contract::RefusalCode::CodeExpired));
    let broken = app_code_after_11_minutes(super::sms_no_expiry::make).await;
    assert!(broken.is_ok(), "{broken:?}");
}

// ---- The security profile (SECURITY.md): each defect is caught by the security scenarios --------

// Checks that an authorization request without PKCE taken is caught by SEC-01.
#[tokio::test]
async fn pkce_optional_is_caught() {
    caught_by(
        "takes an authorization request without PKCE",
        "@SEC-01",
        None,
        &["features/securite-flux-code.feature:16"],
    )
    .await;
}

// Checks that a redirect URI compared as a prefix is caught by SEC-05's URIs that begin
// with the registered one (another path, a query, a `..`).
#[tokio::test]
async fn redirect_prefix_is_caught() {
    caught_by(
        "compares the redirect URI as a prefix",
        "@SEC-05",
        None,
        &[
            "features/securite-flux-code.feature:69",
            "features/securite-flux-code.feature:70",
            "features/securite-flux-code.feature:71",
            "features/securite-flux-code.feature:76",
        ],
    )
    .await;
}

// Checks that an id_token dated by another clock than the test clock is caught by SEC-14.
#[tokio::test]
async fn own_clock_is_caught() {
    caught_by(
        "dates its id_tokens by its own clock",
        "@SEC-14",
        None,
        &["features/securite-id-token.feature:60"],
    )
    .await;
}

// Checks that ignoring the PKCE verifier is caught by each of SEC-02's verifiers: a wrong
// one, none, and the challenge itself (plain).
#[tokio::test]
async fn pkce_ignored_is_caught() {
    caught_by(
        "ignores the PKCE verifier",
        "@SEC-02",
        None,
        &[
            "features/securite-flux-code.feature:30",
            "features/securite-flux-code.feature:31",
            "features/securite-flux-code.feature:32",
        ],
    )
    .await;
}

// Checks that accepting any client secret is caught by SEC-03's wrong secret.
#[tokio::test]
async fn any_secret_is_caught() {
    caught_by(
        "accepts any client secret",
        "@SEC-03",
        None,
        &["features/securite-flux-code.feature:45"],
    )
    .await;
}

// Checks that a code exchanged twice is caught by SEC-06's replay.
#[tokio::test]
async fn code_twice_is_caught() {
    caught_by(
        "lets a code be exchanged twice",
        "@SEC-06",
        None,
        &["features/securite-flux-code.feature:83"],
    )
    .await;
}

// Checks that the nonce of the last request is caught by two logins in flight (SEC-10).
#[tokio::test]
async fn nonce_last_is_caught() {
    caught_by(
        "puts the nonce of the last request in the id_token",
        "@SEC-10 or @SEC-40",
        None,
        &["features/securite-id-token.feature:14", "features/securite-authentificateur.feature:24"],
    )
    .await;
}

// Checks that acr eidas2 for an eidas1 login is caught by SEC-11.
#[tokio::test]
async fn acr_raised_is_caught() {
    caught_by(
        "claims acr eidas2 for an eidas1 login",
        "@SEC-11",
        None,
        &["features/securite-id-token.feature:24"],
    )
    .await;
}

// Checks that a new sub after a change of secret code, a new smartphone or a
// re-activation is caught by SEC-12's outline (blocking and unblocking chooses no code).
#[tokio::test]
async fn new_sub_is_caught() {
    caught_by(
        "gives a new sub after a change of secret code",
        "@SEC-12",
        None,
        &[
            "features/securite-id-token.feature:45",
            "features/securite-id-token.feature:46",
            "features/securite-id-token.feature:48",
        ],
    )
    .await;
}

// Checks that an unsigned id_token is caught by SEC-15's scenario (and every login).
#[tokio::test]
async fn unsigned_token_is_caught() {
    caught_by(
        "signs no id_token (alg none)",
        "@SEC-15",
        None,
        &["features/securite-id-token.feature:60"],
    )
    .await;
}

// Checks that userinfo answering with the last token's identity is caught by SEC-22's two
// people, each asking with their own token.
#[tokio::test]
async fn userinfo_last_is_caught() {
    caught_by(
        "answers userinfo with the last token's identity",
        "@SEC-22",
        None,
        &["features/securite-userinfo.feature:28"],
    )
    .await;
}

// Checks that approving the most recent request instead of the one shown is caught by
// SEC-40's fraudster, whose request came second.
#[tokio::test]
async fn approves_latest_is_caught() {
    caught_by(
        "approves the most recent pending request",
        "@SEC-40",
        None,
        &["features/securite-authentificateur.feature:14"],
    )
    .await;
}

// Checks that a refused request approved later is caught by SEC-41.
#[tokio::test]
async fn refused_approvable_is_caught() {
    caught_by(
        "lets a refused request be approved",
        "@SEC-41",
        None,
        &["features/securite-authentificateur.feature:32"],
    )
    .await;
}

// Checks that a discovery document pointing at another host is caught in-process by the
// document's own consistency (SEC-31).
#[tokio::test]
async fn discovery_elsewhere_is_caught() {
    caught_by(
        "publishes a token endpoint on another host",
        "@SEC-31",
        None,
        &["features/securite-decouverte.feature:12"],
    )
    .await;
}

// Checks that a login page telling a blocked identity apart is caught by SEC-50: the
// comparison with an unknown number, and AUTH-08's outline.
#[tokio::test]
async fn leaky_login_page_is_caught() {
    caught_by(
        "tells the login page an identity is blocked",
        "@SEC-50",
        None,
        &["features/securite-enumeration.feature:25", "features/connexion-refusee.feature:79"],
    )
    .await;
}
