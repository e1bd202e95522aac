//! The two whole journeys, asserted on what each actor saw: e-mails, SMS, notifications,
//! the pages' messages and the claims the partner service received.

use crate::embedded_journey;
use chrono::TimeDelta;
use idn_harness::journeys::{guide_route, postman_route};

const SEED: u64 = 20260302;

// Checks the guide's route end to end: every message the person needed arrived where a
// person would look, AR24's review took 24 to 48 hours of virtual time, and Mon Compte
// Formation received the declared identity at FranceConnect+ level.
#[tokio::test]
async fn guide_route_reaches_mon_compte_formation_at_franceconnect_plus_level() {
    let mut j = embedded_journey(SEED).await;
    let route =
        guide_route(&mut j).await.unwrap_or_else(|e| panic!("{e}\n{}", j.render_narrative()));
    let person = j.world.person(route.person).clone();

    assert!(
        route.review >= TimeDelta::hours(24) && route.review <= TimeDelta::hours(48),
        "{:?}",
        route.review
    );

    let subjects: Vec<String> =
        j.world.mailbox(&person.email).all().iter().map(|m| m.subject.clone()).collect();
    for expected in [
        "Votre code de vérification",
        "Vous avez reçu un courrier recommandé électronique",
        "Dernière étape : activez votre Identité Numérique",
    ] {
        assert!(subjects.iter().any(|s| s.contains(expected)), "no \"{expected}\" in {subjects:?}");
    }

    let sms: Vec<String> =
        j.world.received_sms(&person.phone_number).iter().map(|s| s.text.clone()).collect();
    assert!(sms.iter().any(|t| t.contains("votre code de vérification est")), "{sms:?}");
    assert!(sms.iter().any(|t| t.contains("votre code est")), "{sms:?}");

    let shown: Vec<String> =
        j.world.notifications(&person.device).iter().map(|n| n.body.clone()).collect();
    assert_eq!(shown, vec!["Demande de connexion à Mon Compte Formation".to_string()]);

    let claims = &route.claims;
    assert_eq!(claims.acr, idn_contract::login::Acr::Eidas2);
    assert_eq!(claims.identity.given_name, person.identity.given_names.join(" "));
    assert_eq!(claims.identity.family_name, person.identity.birth_name);
    assert_eq!(
        claims.identity.birthdate,
        person.identity.birth_date.format("%Y-%m-%d").to_string()
    );
    assert_eq!(claims.identity.birthplace, person.identity.birth_municipality);
    assert_eq!(claims.identity.email, person.email);

    let narrative = j.render_narrative();
    for step in ["ÉTAPE 5", "ÉTAPE 13", "ÉTAPE 22", "ÉTAPE 23", "ÉTAPE 26"] {
        assert!(narrative.contains(step), "the narrative does not tell {step}:\n{narrative}");
    }
}

// Checks the postman route: the missed visit shows VER-07's message and its action, a
// new appointment brings a new activation code, the successful visit is followed by the
// activation e-mail within the hour (VER-06), and the login then succeeds.
#[tokio::test]
async fn postman_route_recovers_from_a_missed_visit_with_a_new_appointment() {
    let mut j = embedded_journey(SEED).await;
    let route =
        postman_route(&mut j).await.unwrap_or_else(|e| panic!("{e}\n{}", j.render_narrative()));
    let person = j.world.person(route.person).clone();

    let view = &route.after_missed_visit;
    assert!(
        view.messages.iter().any(|m| m == "Attention, votre rendez-vous n'a pas eu lieu. La vérification de votre identité Numérique n'a pas abouti."),
        "{:?}",
        view.messages
    );
    assert!(
        view.actions.iter().any(|a| a == "PRENDRE UN NOUVEAU RENDEZ-VOUS"),
        "{:?}",
        view.actions
    );

    let activation_codes = j
        .world
        .received_sms(&person.phone_number)
        .iter()
        .filter(|s| s.text.contains("code d'activation"))
        .count();
    assert_eq!(activation_codes, 2, "one activation code per appointment");

    assert!(route.next_step_mail_after <= TimeDelta::hours(1), "{:?}", route.next_step_mail_after);
    assert_eq!(route.claims.identity.family_name, person.identity.birth_name);
}

// Checks DESIGN principle 2 on a whole journey: the same seed gives a byte-identical trace
// and narrative, and another seed gives another run.
#[tokio::test]
async fn one_seed_gives_one_trace_and_another_seed_another() {
    async fn run(seed: u64) -> (String, String) {
        let mut j = embedded_journey(seed).await;
        guide_route(&mut j).await.unwrap_or_else(|e| panic!("{e}"));
        (j.world.trace().render(), j.render_narrative())
    }
    let (trace_a, narrative_a) = run(SEED).await;
    let (trace_b, narrative_b) = run(SEED).await;
    assert!(trace_a.lines().count() > 50, "a whole journey leaves a long trace");
    assert!(trace_a == trace_b, "same seed, different traces");
    assert_eq!(narrative_a, narrative_b);
    let (trace_c, _) = run(SEED + 1).await;
    assert_ne!(trace_a, trace_c, "another seed must change the run");
}

// Checks the person's behaviour in a journey: one who mistypes codes is refused
// `code_invalid` by the SUT, reads the code again, retypes it and still completes the
// account; and they read their mail only after their own delay.
#[tokio::test]
async fn a_person_who_mistypes_codes_retypes_them_and_goes_on() {
    use idn_harness::flows::account;
    use idn_world::{Behaviour, PersonSpec};
    let mut j = embedded_journey(SEED).await;
    let behaviour = Behaviour {
        mistypes_codes: true,
        answers_mail_after: TimeDelta::minutes(7),
        ..Behaviour::default()
    };
    let person = j.world.add_person("lucie", PersonSpec::default().behaviour(behaviour));
    let started = j.world.now();
    account::create(&mut j, person)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", j.render_narrative()));
    let trace = j.world.trace().render();
    assert!(
        trace.contains("\"code\":\"code_invalid\""),
        "the SUT never saw a wrong code:\n{trace}"
    );
    assert!(j.render_narrative().contains("mistypes the code"), "{}", j.render_narrative());
    assert!(j.world.now() - started >= TimeDelta::minutes(7), "the mail was read at once");
}
