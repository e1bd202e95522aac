# language: fr
# Written by the fuzzer (idn-sim fuzz): after « active l'application sur le smartphone B avec le code reçu par SMS, les bons 4 derniers caractères et son code secret »: the app on smartphone A works while the active smartphone is Some(B): one active smartphone per identity
# Found against broken: keeps the old smartphone active with the seed 20260302 at case 5, shrunk from 24 to 6 steps.
@MGT-08 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 5)

  Scénario: le parcours réduit de la graine du monde 17765859731490880369
    Soit Camille au départ d'un parcours du fuzzer, graine du monde 17765859731490880369
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
    Quand pas 6 : Camille active l'application sur le smartphone B avec le code reçu par SMS, les bons 4 derniers caractères et son code secret
    Alors la demande est acceptée
    Alors seule l'application du smartphone B fonctionne
