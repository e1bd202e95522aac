# language: fr
# Written by the fuzzer (idn-sim fuzz): « se connecte à Mon Compte Formation et valide sur le smartphone A avec un mauvais code secret »: the step Login { device: "dev-camille-1", pin_ok: false } at 2026-03-02 08:10:42: expected refused `unknown_login_hint`, observed refused `pin_wrong`
# Found against broken: lets a blocked identity log in with the seed 20260302 at case 4, shrunk from 19 to 7 steps.
@AUTH-08 @SEC-50 @AUTH-05 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 4)

  # The fuzzer's world had the seed 8783527834473467136; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 7 pas
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
    Quand pas 6 : Camille bloque son identité avec les bons 4 derniers caractères
    Alors la demande est acceptée
    Quand pas 7 : Camille se connecte à Mon Compte Formation et valide sur le smartphone A avec un mauvais code secret
    Alors la demande est refusée avec le code « unknown_login_hint »
