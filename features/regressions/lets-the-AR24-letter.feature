# language: fr
# Written by the fuzzer (idn-sim fuzz): « choisit le bureau de poste »: the step ChooseVerification(PostOffice) at 2026-03-18 08:10:32: expected accepted, observed refused `mode_change_locked`
# Found against broken: the AR24 letter never expires with the seed 20260302 at case 4, shrunk from 19 to 5 steps.
@VER-08 @AR24-04 @VER-01 @mode-online @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 4)

  Scénario: le parcours réduit de la graine du monde 8794299574777114125
    Soit Camille au départ d'un parcours du fuzzer, graine du monde 8794299574777114125
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille choisit la vérification en ligne
    Alors la demande est acceptée
    Quand pas 4 : Camille attend 16 jours
    Quand pas 5 : Camille choisit le bureau de poste
    Alors la demande est acceptée
