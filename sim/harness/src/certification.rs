//! A certification run's report: the suite's outcome on a [`Target`], with the policy
//! profile and the virtual start the run used, made into `idn_report`'s [`Report`].

use crate::target::Target;
use idn_report::{Context, ExpectedFailures, Outcome, Report};

/// The report of a run on `target` with the default policy profile and virtual start, and
/// the implementation's known deviations if a file lists them.
pub fn of_run(
    outcome: &Outcome,
    target: &Target,
    seed: u64,
    expected_failures: Option<&ExpectedFailures>,
) -> Report {
    let policy = idn_contract::policy::Policy::builtin_default();
    let policy = (policy.name.clone(), policy.to_toml());
    let start = idn_world::WorldConfig::new(seed).start.to_rfc3339();
    let mut cx = default_context(target, seed, &policy, &start);
    cx.expected_failures = expected_failures;
    idn_report::build(outcome, &cx)
}

/// The context of a run on `target` with the given policy profile (its name and
/// canonical TOML) and start.
pub fn default_context<'a>(
    target: &'a Target,
    seed: u64,
    policy: &'a (String, String),
    start: &'a str,
) -> Context<'a> {
    Context {
        capabilities: &target.capabilities,
        target: &target.name,
        policy_name: &policy.0,
        policy_toml: &policy.1,
        seed,
        virtual_start: start,
        expected_failures: None,
        // An implementation reached over HTTP may draw its ids and tokens as it likes.
        redact: target.outbound_url.is_some(),
    }
}
