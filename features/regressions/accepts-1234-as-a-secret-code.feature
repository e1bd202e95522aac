# language: fr
# Written by the fuzzer (idn-sim fuzz): « active l'application sur le smartphone A avec le code reçu par SMS, de faux 4 derniers caractères et le code secret « 1234 » »: the step Activate { device: "dev-camille-1", os: Android, os_major: 13, sms: OnTime, suffix_ok: false, pin: "1234" } at 2026-03-02 08:10:32: expected refused `pin_too_simple`, observed accepted (the secret code's rules, ACT-03)
# Found against broken: accepts 1234 as a secret code with the seed 20260302 at case 3, shrunk from 24 to 5 steps.
@ACT-03 @MGT-08 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 3)

  # The fuzzer's world had the seed 4759799971783335245; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 5 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille choisit le bureau de poste
    Alors la demande est acceptée
    Quand pas 4 : Camille se présente au guichet avec son dernier code d'activation
    Alors la demande est acceptée
    Quand pas 5 : Camille active l'application sur le smartphone A avec le code reçu par SMS, de faux 4 derniers caractères et le code secret « 1234 »
    Alors la demande est refusée avec le code « pin_too_simple »
