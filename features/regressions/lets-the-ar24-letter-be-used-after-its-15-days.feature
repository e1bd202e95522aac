# language: fr
# Written by the fuzzer (idn-sim fuzz): « choisit le bureau de poste »: the step ChooseVerification(PostOffice) at 2026-03-18 08:10:31: expected accepted, observed refused `mode_change_locked`
# Found against broken: the AR24 letter never expires with the seed 20260302 at case 2, shrunk from 19 to 5 steps.
@VER-08 @AR24-04 @VER-01 @mode-online @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 2)

  # The fuzzer's world had the seed 10613977484196750756; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 5 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille choisit la vérification en ligne
    Alors la demande est acceptée
    Quand pas 4 : Camille attend 16 jours
    Quand pas 5 : Camille choisit le bureau de poste
    Alors la demande est acceptée
