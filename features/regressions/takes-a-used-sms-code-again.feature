# language: fr
# Written by the fuzzer (idn-sim fuzz): « active l'application sur le smartphone A avec le code SMS déjà utilisé de son activation précédente, de faux 4 derniers caractères et son code secret »: the step Activate { device: "dev-camille-1", os: Android, os_major: 13, sms: Reused, suffix_ok: false, pin: "4599" } at 2026-03-02 08:10:38: expected refused `code_invalid`, observed refused `document_suffix_mismatch`
# Found against takes a used SMS code again with the seed 20260302 at case 3, shrunk from 24 to 6 steps.
@ACC-08 @ACT-03 @MGT-08 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 3)

  # The fuzzer's world had the seed 4759799971783335245; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 6 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille choisit le bureau de poste
    Alors la demande est acceptée
    Quand pas 4 : Camille se présente au guichet avec son dernier code d'activation
    Alors la demande est acceptée
    Quand pas 5 : Camille active l'application sur le smartphone A avec le code reçu par SMS, de faux 4 derniers caractères et son code secret
    Alors la demande est acceptée
    Quand pas 6 : Camille active l'application sur le smartphone A avec le code SMS déjà utilisé de son activation précédente, de faux 4 derniers caractères et son code secret
    Alors la demande est refusée avec le code « code_invalid »
