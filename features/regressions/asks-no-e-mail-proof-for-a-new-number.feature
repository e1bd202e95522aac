# language: fr
# Written by the fuzzer (idn-sim fuzz): « voit un fraudeur qui connaît son e-mail, son mot de passe et les 4 derniers caractères de sa pièce d'identité tenter « Nouveau numéro » avec son propre smartphone »: the step ActivateNewNumber { device: "dev-fraudster-mallory", os: Android, os_major: 14, suffix_ok: true, email: None, pin: "1357" } at 2026-03-02 08:10:17: expected refused `email_confirmation_required`, observed accepted
# Found against asks no e-mail proof for a new number with the seed 20260302 at case 13, shrunk from 10 to 5 steps.
@FRAUD-02 @MGT-08 @MGT-07 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 13)

  # The fuzzer's world had the seed 17795190587472335528; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
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
    Quand pas 5 : Camille voit un fraudeur qui connaît son e-mail, son mot de passe et les 4 derniers caractères de sa pièce d'identité tenter « Nouveau numéro » avec son propre smartphone
    Alors les demandes reçoivent : « email_confirmation_required, code_invalid »
