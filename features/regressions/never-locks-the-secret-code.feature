# language: fr
# Written by the fuzzer (idn-sim fuzz): « voit quelqu'un deviner 5 fois son code secret sur le smartphone A »: the step Login { device: "dev-camille-1", pin_ok: false } at 2026-03-02 08:10:56: expected refused `pin_locked`, observed refused `pin_wrong`
# Found against broken: the secret code never locks with the seed 20260302 at case 62, shrunk from 15 to 7 steps.
@AUTH-05 @mode-online @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 62)

  # The fuzzer's world had the seed 14681196636175286843; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 7 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille s'identifie sur le courrier AR24
    Quand pas 4 : Camille choisit le bureau de poste
    Alors la demande est acceptée
    Quand pas 5 : Camille se présente au guichet avec son dernier code d'activation
    Alors la demande est acceptée
    Quand pas 6 : Camille active l'application sur le smartphone A avec le code reçu par SMS, de faux 4 derniers caractères et son code secret
    Alors la demande est acceptée
    Quand pas 7 : Camille voit quelqu'un deviner 5 fois son code secret sur le smartphone A
    Alors les demandes reçoivent : « pin_wrong, pin_wrong, pin_wrong, pin_wrong, pin_locked »
